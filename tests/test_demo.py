"""The demo company: `flask seed-demo` fills an empty database once, with O*NET-derived data worth looking at."""

import gzip
import json
import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

import talentpool
from talentpool import demo_company
from talentpool.demo_data import ATTRIBUTION, ROLES_FILE, load_roles
from talentpool.demo_data.build import build_roles, write_gzip_json
from talentpool.extensions import db
from talentpool.models import (
    Application,
    ApplicationStage,
    AuditEvent,
    CaseStatus,
    Employee,
    EmployeeSkill,
    Interest,
    Opening,
    OpeningSkill,
    OpeningStatus,
    Outcome,
    OutcomeKind,
    PoolCase,
    Role,
    Trial,
    TrialStatus,
    User,
)
from talentpool.services import demo
from talentpool.services.applications import own_open_case, pending_offers
from talentpool.services.openings import list_open_openings
from talentpool.services.suggestions import current_version, suggestions_for_case
from tests import factories

TODAY = date(2026, 3, 2)
POOL_DEPARTMENTS = {"Engineering", "Analytics", "Marketing", "Business Operations", "Legal"}
MAIN_SIGN_INS = ("hr@example.com", "manager@example.com", "employee@example.com")
PACKAGE = Path(talentpool.__file__).resolve().parent
ONET_DIR = Path(os.environ.get("TALENTPOOL_ONET_DIR", PACKAGE.parents[1] / "shared" / "data" / "onet"))


@pytest.fixture
def seeded(app):
    """The app after seeding the demo company as of TODAY."""
    with app.app_context():
        assert demo.seed_demo_company(db.session, today=TODAY) is True
    return app


def _seed_demo(app, runner, *args):
    """Run `flask seed-demo`; the `flask` script pushes an app context for app commands, so do the same."""
    with app.app_context():
        return runner.invoke(args=["seed-demo", *args])


def _counts() -> dict[str, int]:
    models = (User, Employee, EmployeeSkill, PoolCase, Outcome, Opening, Application, AuditEvent)
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in models}


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _cases(status: CaseStatus) -> list[PoolCase]:
    return list(db.session.scalars(select(PoolCase).where(PoolCase.status == status)))


def _count_events(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


# --- The command --------------------------------------------------------------------------


def test_seed_demo_command_creates_the_company_and_prints_the_sign_ins(app, runner):
    result = _seed_demo(app, runner)
    assert result.exit_code == 0, result.output
    assert "Demo company created." in result.output
    assert f"Seeding {demo_company.BASE_PEOPLE} people" in result.output
    assert "demo-password" in result.output
    for email in MAIN_SIGN_INS:
        assert email in result.output
    with app.app_context():
        assert _counts()["Employee"] == demo_company.BASE_PEOPLE


def test_seed_demo_twice_changes_nothing_and_says_so(app, runner):
    assert _seed_demo(app, runner).exit_code == 0
    with app.app_context():
        before = _counts() | {"matching version": current_version(db.session)}
    second = _seed_demo(app, runner, "--people", "5000")
    assert second.exit_code == 0, second.output
    assert "already present; nothing changed" in second.output
    assert "Seeding" not in second.output
    with app.app_context():
        assert _counts() | {"matching version": current_version(db.session)} == before
    assert before["Employee"] and before["PoolCase"] and before["Opening"] and before["AuditEvent"]


def test_seed_leaves_a_database_with_real_people_alone(app):
    with app.app_context():
        factories.employee("Someone Real")
        before = _counts()
        assert demo.seed_demo_company(db.session, today=TODAY) is False
        assert _counts() == before
        assert _user("hr@example.com") is None


def test_fewer_people_than_the_base_company_seeds_the_base_company(app, runner):
    result = _seed_demo(app, runner, "--people", "10")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _counts()["Employee"] == demo_company.BASE_PEOPLE


def test_seed_demo_refuses_a_people_count_below_one(app, runner):
    result = _seed_demo(app, runner, "--people", "0")
    assert result.exit_code != 0
    with app.app_context():
        assert _counts()["Employee"] == 0


# --- The base company -----------------------------------------------------------------------


def test_demo_users_sign_in_with_the_demo_password(seeded, client):
    assert demo.DEMO_PASSWORD == "demo-password"
    emails = [email for email, _ in demo.DEMO_LOGINS]
    assert set(MAIN_SIGN_INS) | {"hr2@example.com", "manager2@example.com"} == set(emails)
    for email in emails:
        response = client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.post("/logout")
    with seeded.app_context():
        assert _user("hr@example.com").roles == {Role.HR}
        assert _user("hr2@example.com").roles == {Role.HR, Role.MANAGER}
        assert _user("manager@example.com").roles == {Role.MANAGER}
        assert _user("manager2@example.com").roles == {Role.MANAGER}
        assert _user("employee@example.com").roles == {Role.EMPLOYEE}


def test_titles_skills_and_texts_come_from_the_shipped_onet_roles(seeded):
    roles = load_roles().values()
    titles = {r.title for r in roles}
    tools = {t.name for r in roles for t in r.tools}
    by_title = {r.title: r for r in roles}
    with seeded.app_context():
        employees = list(db.session.scalars(select(Employee)))
        assert {e.title for e in employees} <= titles
        assert len({e.title for e in employees}) >= 30, "a real company has many different jobs"
        assert set(db.session.scalars(select(EmployeeSkill.name))) <= tools
        assert set(db.session.scalars(select(OpeningSkill.name))) <= tools
        for opening in db.session.scalars(select(Opening)):
            role = by_title[opening.title]
            assert opening.description.startswith(role.description)
            assert opening.department.name == role.department
            assert [s.name for s in opening.required_skills] == list(role.tool_names[:3])
        for case in _cases(CaseStatus.OPEN):
            role = by_title[case.eliminated_title]
            # Each own skill is one of the job's tools, or one of an earlier job's.
            assert sum(s.name in role.tool_names for s in case.employee.skills) >= 6
            tasks_told = [t for t in role.tasks if demo_company.first_person(t) in case.employee.summary]
            assert 2 <= len(tasks_told) <= 3, case.employee.summary


def test_the_pool_holds_about_thirty_people_from_the_eliminated_departments(seeded):
    with seeded.app_context():
        cases = _cases(CaseStatus.OPEN)
        assert 25 <= len(cases) <= 35
        assert {c.eliminated_department.name for c in cases} == POOL_DEPARTMENTS
        assert sum(c.is_overdue(TODAY) for c in cases) >= 3
        assert len({c.hr_owner_id for c in cases}) >= 2
        for case in cases:
            assert TODAY - timedelta(days=120) <= case.entered_on <= TODAY
            days_on_failed_trials = sum((t.decided_on - t.starts_on).days for t in case.trials)  # not counted
            assert case.deadline == case.entered_on + timedelta(days=90 + days_on_failed_trials)
            assert case.reason
            assert case.employee.summary.strip()
            assert case.employee.summary.startswith(("My job as", "As "))
            assert len(case.employee.skills) >= 3
            assert all(1 <= s.level <= 5 for s in case.employee.skills)


def test_the_demo_has_trials_running_ending_and_failed(seeded):
    with seeded.app_context():
        trials = list(db.session.scalars(select(Trial).order_by(Trial.id)))
        running = [t for t in trials if t.status == TrialStatus.RUNNING]
        failed = [t for t in trials if t.status == TrialStatus.FAILED]
        assert all(t.case.status == CaseStatus.TRIAL for t in running)
        assert any(0 <= t.days_left(TODAY) <= 7 for t in running)  # on HR's "trials ending" list
        assert failed and all(t.case.status == CaseStatus.OPEN and t.failure_reason for t in failed)
        confirmed = [t for t in trials if t.status == TrialStatus.CONFIRMED]
        assert {t.case.outcome_kind for t in confirmed} == {OutcomeKind.REASSIGNED}


def test_open_openings_are_mostly_in_customer_success(seeded):
    with seeded.app_context():
        openings = list_open_openings(db.session, TODAY)
        assert 10 <= len(openings) <= 14
        in_customer_success = [o for o in openings if o.department.name == "Customer Success"]
        assert len(in_customer_success) > len(openings) / 2
        assert len(in_customer_success) < len(openings)
        assert {"Customer Service Representative", "Technical Support Specialist",
                "Training and Development Specialist"} <= {o.title for o in in_customer_success}
        assert {o.manager.email for o in openings} >= {"manager@example.com", "manager2@example.com"}
        for opening in openings:
            assert opening.closing_date > TODAY
            assert 1 <= opening.headcount <= 3
            assert opening.required_skills and opening.description


def test_closed_cases_include_every_outcome_dated_within_the_pool_period(seeded):
    with seeded.app_context():
        closed = _cases(CaseStatus.CLOSED)
        assert {c.outcome_kind for c in closed} == set(OutcomeKind)
        for case in closed:
            outcome = case.current_outcome
            assert TODAY - timedelta(days=200) <= case.entered_on <= TODAY - timedelta(days=120)
            assert case.entered_on <= outcome.effective_on <= min(case.deadline, TODAY)
            if outcome.kind == OutcomeKind.EXIT_PACKAGE:
                assert 8 <= outcome.weeks_of_pay <= 26
            if outcome.kind == OutcomeKind.REASSIGNED:
                assert outcome.opening.places_filled >= 1
                assert case.employee.title == outcome.opening.title
                assert outcome.previous_title == case.eliminated_title
        filled = db.session.scalar(
            select(func.count()).select_from(Opening).where(Opening.status == OpeningStatus.FILLED)
        )
        assert filled >= 2


def test_demo_employee_is_in_the_pool_with_answers_and_good_suggestions(seeded):
    with seeded.app_context():
        user = _user("employee@example.com")
        assert user.employee is not None
        assert user.employee.title == "Marketing Specialist"
        case = own_open_case(db.session, user)
        assert case is not None
        assert 55 <= case.days_left(TODAY) <= 65
        answers = {a.interest: a for a in case.applications}
        assert set(answers) == {Interest.INTERESTED, Interest.DECLINED}
        assert answers[Interest.DECLINED].decline_reason
        suggestions = suggestions_for_case(db.session, case, TODAY, top_k=5)
        assert suggestions[0].opening.department.name == "Customer Success"
        assert suggestions[0].match.matched_skills
        assert sum(bool(s.match.matched_skills) for s in suggestions) >= 3


def test_the_manager_has_an_offer_for_hr_to_act_on(seeded):
    with seeded.app_context():
        offers = [a for a in pending_offers(db.session) if a.opening.manager.email == "manager@example.com"]
        assert offers
        assert _user("employee@example.com").employee.id not in {a.case.employee_id for a in offers}
        opening = offers[0].opening
        in_pipeline = [
            a for a in opening.applications if a.stage in (ApplicationStage.SHORTLISTED, ApplicationStage.OFFERED)
        ]
        assert 2 <= len(in_pipeline) <= 4


def test_demo_leaves_an_audit_trail_for_every_person_and_case(seeded):
    with seeded.app_context():
        case_ids = set(db.session.scalars(select(PoolCase.id)))
        opened = set(db.session.scalars(select(AuditEvent.case_id).where(AuditEvent.action == "case.opened")))
        assert case_ids == opened
        assert _count_events("employee.created") == _counts()["Employee"]
        assert _count_events("opening.created") == _counts()["Opening"]


def test_seeding_is_deterministic(app):
    def snapshot():
        return db.session.execute(
            select(Employee.employee_number, Employee.full_name, Employee.email, Employee.title, Employee.summary)
            .order_by(Employee.employee_number)
        ).all()

    with app.app_context():
        demo.seed_demo_company(db.session, today=TODAY)
        first = snapshot()
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        demo.seed_demo_company(db.session, today=TODAY)
        assert snapshot() == first


# --- At scale -------------------------------------------------------------------------------


def test_seed_demo_with_people_scales_the_company_and_shows_progress(app, runner):
    result = _seed_demo(app, runner, "--people", "2000")
    assert result.exit_code == 0, result.output
    assert "Seeding 2,000 people" in result.output
    assert "Demo company created." in result.output
    with app.app_context():
        counts = _counts()
        assert counts["Employee"] == 2000
        open_cases = _cases(CaseStatus.OPEN)
        assert 0.015 * 2000 <= len(open_cases) <= 0.025 * 2000
        assert {c.eliminated_department.name for c in open_cases} == POOL_DEPARTMENTS
        assert all(c.employee.summary.strip() and len(c.employee.skills) >= 3 for c in open_cases)
        assert sum(c.is_overdue(date.today()) for c in open_cases) >= 5
        assert {c.outcome_kind for c in _cases(CaseStatus.CLOSED)} == set(OutcomeKind)
        assert len(_cases(CaseStatus.CLOSED)) >= 0.01 * 2000
        # The bulk part writes what the services would: an event per person, per case and per outcome.
        assert _count_events("employee.created") == counts["Employee"]
        assert _count_events("case.opened") == counts["PoolCase"]
        assert sum(_count_events(f"case.{kind.value}") for kind in OutcomeKind) == counts["Outcome"]
        emails = list(db.session.scalars(select(Employee.email)))
        assert len(set(emails)) == len(emails)
        titles = {r.title for r in load_roles().values()}
        assert set(db.session.scalars(select(Employee.title))) <= titles
        for case in _cases(CaseStatus.CLOSED):
            outcome = case.current_outcome
            if outcome.kind == OutcomeKind.REASSIGNED:
                assert case.employee.title == outcome.opening.title
                assert outcome.opening.places_filled <= outcome.opening.headcount
        assert current_version(db.session) > 0
    again = _seed_demo(app, runner, "--people", "2000")
    assert "already present; nothing changed" in again.output


def test_openings_grow_with_the_company(app):
    with app.app_context():
        demo.seed_demo_company(db.session, today=TODAY, people=4000)
        openings = list_open_openings(db.session, TODAY)
        assert len(openings) == round(4000 * demo_company.OPENINGS_PER_PERSON)
        in_customer_success = [o for o in openings if o.department.name == "Customer Success"]
        assert len(in_customer_success) > len(openings) / 2
        for opening in openings:
            assert opening.required_skills and opening.description and opening.closing_date > TODAY


def test_progress_adds_up_to_the_company_size(app):
    steps = []
    with app.app_context():
        demo.seed_demo_company(db.session, today=TODAY, people=3000, progress=steps.append)
    assert sum(steps) == 3000
    assert len(steps) >= 2


# --- The shipped data --------------------------------------------------------------------------


def test_the_roles_file_is_compact_and_carries_its_attribution():
    assert ROLES_FILE.stat().st_size < 300_000
    content = json.loads(gzip.decompress(ROLES_FILE.read_bytes()))
    assert content["attribution"] == ATTRIBUTION
    readme = (ROLES_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert " ".join(ATTRIBUTION.split()) in " ".join(readme.split())
    assert "O*NET 29" in ATTRIBUTION and "CC BY 4.0" in ATTRIBUTION and "USDOL/ETA" in ATTRIBUTION


def test_every_demo_job_is_in_the_roles_file():
    titles = {r.title for r in load_roles().values()}
    named = [e.person for e in demo_company.POOL] + [e.person for e in demo_company.CLOSED]
    assert {p.title for p in named} | {t for p in named for t in p.earlier} <= titles
    assert {o.title for o in demo_company.OPENINGS} <= titles
    assert {h.opening.title for h in demo_company.HISTORY_OPENINGS} <= titles
    assert {r.department for r in load_roles().values()} == set(demo_company.DEPARTMENTS)


def test_the_app_never_reads_the_shared_source_data():
    sources = [p for p in PACKAGE.rglob("*") if p.suffix in {".py", ".html"}]
    assert sources
    for path in sources:
        text = path.read_text(encoding="utf-8", errors="replace")
        # A relative or absolute path to the shared folder, or "shared" as a path part.
        assert not re.search(r"\.\./shared|/work/shared|[\"']shared[\"'/]", text), path


@pytest.mark.skipif(not (ONET_DIR / "occupation_data.csv").exists(), reason="O*NET source tables not available")
def test_the_roles_file_is_what_the_build_makes_from_onet(tmp_path):
    out = tmp_path / "roles.json.gz"
    write_gzip_json(build_roles(ONET_DIR), out)
    assert out.read_bytes() == ROLES_FILE.read_bytes()
