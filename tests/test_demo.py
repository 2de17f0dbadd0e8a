"""The demo company: `flask seed-demo` fills an empty database once, with data worth looking at."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talentpool.extensions import db
from talentpool.models import (
    Application,
    ApplicationStage,
    AuditEvent,
    CaseStatus,
    Employee,
    Interest,
    Opening,
    OpeningStatus,
    Outcome,
    OutcomeKind,
    PoolCase,
    Role,
    User,
)
from talentpool.services import demo
from talentpool.services.applications import own_open_case, pending_offers
from talentpool.services.openings import list_open_openings
from talentpool.services.suggestions import suggestions_for_case
from tests import factories

TODAY = date(2026, 3, 2)
POOL_DEPARTMENTS = {"Engineering", "Analytics", "Marketing", "Business Operations", "Legal"}
MAIN_SIGN_INS = ("hr@example.com", "manager@example.com", "employee@example.com")


@pytest.fixture
def seeded(app):
    """The app after seeding the demo company as of TODAY."""
    with app.app_context():
        assert demo.seed_demo_company(db.session, today=TODAY) is True
    return app


def _seed_demo(app, runner):
    """Run `flask seed-demo`; the `flask` script pushes an app context for app commands, so do the same."""
    with app.app_context():
        return runner.invoke(args=["seed-demo"])


def _counts() -> dict[str, int]:
    models = (User, Employee, PoolCase, Outcome, Opening, Application, AuditEvent)
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in models}


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _cases(status: CaseStatus) -> list[PoolCase]:
    return list(db.session.scalars(select(PoolCase).where(PoolCase.status == status)))


def test_seed_demo_command_creates_the_company_and_prints_the_sign_ins(app, runner):
    result = _seed_demo(app, runner)
    assert result.exit_code == 0, result.output
    assert "Demo company created." in result.output
    assert "demo-password" in result.output
    for email in MAIN_SIGN_INS:
        assert email in result.output
    with app.app_context():
        assert _counts()["Employee"] > 0


def test_seed_demo_twice_changes_nothing_and_says_so(app, runner):
    assert _seed_demo(app, runner).exit_code == 0
    with app.app_context():
        before = _counts()
    second = _seed_demo(app, runner)
    assert second.exit_code == 0, second.output
    assert "already present; nothing changed" in second.output
    with app.app_context():
        assert _counts() == before
    assert before["Employee"] and before["PoolCase"] and before["Opening"] and before["AuditEvent"]


def test_seed_leaves_a_database_with_real_people_alone(app):
    with app.app_context():
        factories.employee("Someone Real")
        before = _counts()
        assert demo.seed_demo_company(db.session, today=TODAY) is False
        assert _counts() == before
        assert _user("hr@example.com") is None


def test_demo_users_sign_in_with_the_demo_password(seeded, client):
    assert demo.DEMO_PASSWORD == "demo-password"
    emails = [email for email, _ in demo.DEMO_LOGINS]
    assert set(MAIN_SIGN_INS) <= set(emails)
    for email in emails:
        response = client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.post("/logout")
    with seeded.app_context():
        assert _user("hr@example.com").roles == {Role.HR}
        assert _user("manager@example.com").roles == {Role.MANAGER}
        assert _user("employee@example.com").roles == {Role.EMPLOYEE}
        assert any(len(_user(email).roles) > 1 for email in emails), "one person should hold several roles"


def test_the_pool_holds_about_thirty_people_from_the_eliminated_departments(seeded):
    with seeded.app_context():
        cases = _cases(CaseStatus.OPEN)
        assert 25 <= len(cases) <= 35
        assert {c.eliminated_department.name for c in cases} == POOL_DEPARTMENTS
        assert sum(c.is_overdue(TODAY) for c in cases) >= 3
        assert len({c.hr_owner_id for c in cases}) >= 2
        for case in cases:
            assert TODAY - timedelta(days=120) <= case.entered_on <= TODAY
            assert case.deadline == case.entered_on + timedelta(days=90)
            assert case.reason
            assert case.employee.summary
            assert len(case.employee.skills) >= 3
            assert all(1 <= s.level <= 5 for s in case.employee.skills)


def test_open_openings_are_mostly_in_customer_success(seeded):
    with seeded.app_context():
        openings = list_open_openings(db.session, TODAY)
        assert 10 <= len(openings) <= 14
        in_customer_success = [o for o in openings if o.department.name == "Customer Success"]
        assert len(in_customer_success) > len(openings) / 2
        assert len(in_customer_success) < len(openings)
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
        filled = db.session.scalar(
            select(func.count()).select_from(Opening).where(Opening.status == OpeningStatus.FILLED)
        )
        assert filled >= 2


def test_demo_employee_is_in_the_pool_with_answers_and_good_suggestions(seeded):
    with seeded.app_context():
        user = _user("employee@example.com")
        assert user.employee is not None
        case = own_open_case(db.session, user)
        assert case is not None
        assert 55 <= case.days_left(TODAY) <= 65
        answers = {a.interest: a for a in case.applications}
        assert set(answers) == {Interest.INTERESTED, Interest.DECLINED}
        assert answers[Interest.DECLINED].decline_reason
        suggestions = suggestions_for_case(db.session, case, TODAY, top_k=5)
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


def test_demo_goes_through_the_services_and_leaves_an_audit_trail(seeded):
    with seeded.app_context():
        open_ids = {c.id for c in _cases(CaseStatus.OPEN)}
        opened = set(db.session.scalars(select(AuditEvent.case_id).where(AuditEvent.action == "case.opened")))
        assert open_ids <= opened
        created = db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "employee.created")
        )
        assert created == _counts()["Employee"]
