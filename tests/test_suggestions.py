"""Suggestions use a per-process fitted matcher that is refitted exactly when its inputs change."""

from datetime import date

import pytest

from talentpool import create_app
from talentpool.extensions import db
from talentpool.matching import SkillMatcher
from talentpool.models import ApplicationStage, PoolCase, Role, StatutoryPriority, WorkingHours
from talentpool.services import applications, openings, people, pool, suggestions
from talentpool.services.openings import SkillRequirement
from tests import factories
from tests.conftest import TEST_CONFIG

TODAY = date.today()


@pytest.fixture
def fits(monkeypatch):
    """Count how often a matcher is fitted (the real fit still runs)."""
    calls = []
    real_fit = SkillMatcher.fit

    def counting_fit(self, items):
        calls.append(len(items))
        return real_fit(self, items)

    monkeypatch.setattr(SkillMatcher, "fit", counting_fit)
    return calls


def _support_person():
    return factories.pool_case(factories.employee(skills={"Zendesk": 4, "Customer service": 4}))


def test_the_matcher_is_fitted_once_while_nothing_changes(app_ctx, fits):
    case = _support_person()
    factories.opening("Customer Support Specialist", required={"Zendesk": 3})
    first = suggestions.suggestions_for_case(db.session, case, TODAY)
    second = suggestions.suggestions_for_case(db.session, case, TODAY)
    assert [s.opening.id for s in first] == [s.opening.id for s in second]
    assert len(fits) == 1


def test_a_new_opening_shows_up_at_once(app_ctx, fits):
    case = _support_person()
    factories.opening("Paralegal", department_name="Legal", required={"Westlaw": 3})
    assert [s.opening.title for s in suggestions.suggestions_for_case(db.session, case, TODAY)] == ["Paralegal"]
    manager = factories.user(Role.MANAGER)
    openings.create_opening(
        db.session, manager, title="Customer Support Specialist", department_id=factories.department("CS").id,
        location="Berlin", description="Help customers", headcount=1, closing_date=None,
        skills=[SkillRequirement("Zendesk", True, 3)], today=TODAY, priority_window_days=14,
    )
    titles = {s.opening.title for s in suggestions.suggestions_for_case(db.session, case, TODAY)}
    assert titles == {"Customer Support Specialist", "Paralegal"}
    assert len(fits) == 2


def test_a_changed_skills_profile_changes_the_version(app_ctx):
    person = factories.employee(with_user=True)
    before = suggestions.current_version(db.session)
    people.update_skills_profile(db.session, person.user, person.id, summary="", skills=[("Zendesk", 4)])
    assert suggestions.current_version(db.session) > before


def test_an_outcome_changes_the_version_but_a_manager_step_does_not(app_ctx):
    hr, manager = factories.user(Role.HR), factories.user(Role.MANAGER)
    case = factories.pool_case()
    opening = factories.opening(manager=manager)
    version = suggestions.current_version(db.session)
    applications.move_candidate(db.session, manager, opening.id, case.id, stage=ApplicationStage.SHORTLISTED, today=TODAY)
    assert suggestions.current_version(db.session) == version
    pool.record_resignation(db.session, hr, case.id, resignation_date=TODAY)
    assert suggestions.current_version(db.session) > version


def test_hr_notes_deadline_or_owner_of_a_case_keep_the_version(app_ctx):
    """They feed no ranking, so they must not make every worker refit and re-encode the pool."""
    hr, other_hr = factories.user(Role.HR), factories.user(Role.HR)
    case = factories.pool_case(owner=hr)
    version = suggestions.current_version(db.session)
    pool.update_case_details(db.session, hr, case.id, deadline=case.deadline.replace(year=case.deadline.year + 1),
                             hr_owner_id=other_hr.id, hr_notes="Called about the support role.",
                             priority=StatutoryPriority.FAMILY_LEAVE, priority_note="Back from parental leave.")
    assert suggestions.current_version(db.session) == version
    person = case.employee
    people.update_employee(db.session, hr, person.id, employee_number=person.employee_number,
                           full_name="Renamed Person", title=person.title, department_id=person.department_id,
                           email=None, location="Lisbon", pay_grade=7, hours=WorkingHours.PART_TIME)
    assert suggestions.current_version(db.session) == version
    people.update_skills_profile(db.session, hr, person.id, summary="Ten years of customer support.", skills=[])
    assert suggestions.current_version(db.session) > version


def test_a_change_made_by_another_process_is_seen(app, fits):
    """Two apps on one database stand for two worker processes: the version tells the first to refit."""
    other = create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    with app.app_context():
        case_id = _support_person().id
        factories.opening("Paralegal", department_name="Legal", required={"Westlaw": 3})
        case = db.session.get(PoolCase, case_id)
        assert len(suggestions.suggestions_for_case(db.session, case, TODAY)) == 1
    with other.app_context():
        factories.opening("Customer Support Specialist", required={"Zendesk": 3})
    with other.app_context():  # after the first context has returned its connection
        db.engine.dispose()
    with app.app_context():
        case = db.session.get(PoolCase, case_id)
        ranked = suggestions.suggestions_for_case(db.session, case, TODAY)
        assert {s.opening.title for s in ranked} == {"Customer Support Specialist", "Paralegal"}


def test_people_are_ranked_for_a_filled_opening_too(app_ctx):
    case = _support_person()
    opening = factories.opening(required={"Zendesk": 3}, headcount=1)
    opening.places_filled = 1
    db.session.commit()
    (candidate,) = suggestions.candidates_for_opening(db.session, opening, TODAY)
    assert candidate.case.id == case.id
    assert "Zendesk" in candidate.match.matched_skills


def test_closed_cases_drop_out_of_the_candidates(app_ctx):
    hr = factories.user(Role.HR)
    staying, leaving = _support_person(), _support_person()
    opening = factories.opening(required={"Zendesk": 3})
    assert {c.case.id for c in suggestions.candidates_for_opening(db.session, opening, TODAY)} == {staying.id, leaving.id}
    pool.record_resignation(db.session, hr, leaving.id, resignation_date=TODAY)
    assert [c.case.id for c in suggestions.candidates_for_opening(db.session, opening, TODAY)] == [staying.id]
