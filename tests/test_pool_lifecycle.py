"""The pool lifecycle rules, at the service layer: entering, outcomes, reopening, audit."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talentpool.extensions import db
from talentpool.models import (
    ApplicationStage,
    AuditEvent,
    CaseStatus,
    Employee,
    Opening,
    OpeningStatus,
    OutcomeKind,
    PoolCase,
    Role,
)
from talentpool.services import applications, pool
from talentpool.services.errors import InvalidTransition, ValidationError
from tests import factories

TODAY = date.today()


def _add(actor, person, **overrides):
    arguments = dict(
        employee_id=person.id,
        eliminated_title=person.title,
        eliminated_department_id=person.department_id,
        reason="Analytics team consolidated",
        entered_on=TODAY,
        deadline=None,
        hr_owner_id=actor.id,
        pool_period_days=90,
    ) | overrides
    return pool.add_to_pool(db.session, actor, **arguments)


def _events(case_id, action):
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.case_id == case_id, AuditEvent.action == action)
    ).all()


class TestEnteringThePool:
    def test_deadline_defaults_to_entry_plus_the_configured_period(self, app_ctx):
        hr = factories.user(Role.HR)
        case = _add(hr, factories.employee(), entered_on=date(2026, 1, 10), pool_period_days=90)
        assert case.deadline == date(2026, 4, 10)
        assert case.status == CaseStatus.OPEN

    def test_an_entry_date_at_the_end_of_the_calendar_is_refused_with_a_message(self, app_ctx):
        with pytest.raises(ValidationError, match="too far in the future") as error:
            _add(factories.user(Role.HR), factories.employee(), entered_on=date(9999, 12, 31))
        assert error.value.field == "entered_on"

    def test_an_explicit_deadline_is_kept(self, app_ctx):
        hr = factories.user(Role.HR)
        case = _add(hr, factories.employee(), deadline=TODAY + timedelta(days=30))
        assert case.deadline == TODAY + timedelta(days=30)

    def test_deadline_before_entry_is_refused(self, app_ctx):
        hr = factories.user(Role.HR)
        with pytest.raises(ValidationError, match="deadline cannot be before") as error:
            _add(hr, factories.employee(), deadline=TODAY - timedelta(days=1))
        assert error.value.field == "deadline"

    def test_at_most_one_open_case_per_employee(self, app_ctx):
        hr = factories.user(Role.HR)
        person = factories.employee(full_name="Ada Byron")
        _add(hr, person)
        with pytest.raises(ValidationError, match="already has an open pool case"):
            _add(hr, person)
        assert db.session.scalar(select(func.count()).select_from(PoolCase)) == 1

    def test_the_database_refuses_a_second_open_case_too(self, app_ctx):
        """The partial unique index backs the service rule against concurrent requests."""
        from sqlalchemy.exc import IntegrityError

        person = factories.employee()
        factories.pool_case(person)
        with pytest.raises(IntegrityError):
            factories.pool_case(person)
        db.session.rollback()

    def test_a_person_can_have_several_cases_over_the_years(self, app_ctx):
        hr = factories.user(Role.HR)
        person = factories.employee()
        first = _add(hr, person, entered_on=TODAY - timedelta(days=400))
        pool.record_resignation(db.session, hr, first.id, resignation_date=TODAY - timedelta(days=350))
        second = _add(hr, person)
        assert {c.id for c in db.session.get(Employee, person.id).cases} == {first.id, second.id}

    def test_the_owner_must_be_an_hr_user(self, app_ctx):
        hr = factories.user(Role.HR)
        manager = factories.user(Role.MANAGER)
        with pytest.raises(ValidationError, match="active HR user"):
            _add(hr, factories.employee(), hr_owner_id=manager.id)

    def test_entering_writes_an_audit_event(self, app_ctx):
        hr = factories.user(Role.HR)
        case = _add(hr, factories.employee())
        (event,) = _events(case.id, "case.opened")
        assert event.actor_id == hr.id
        assert event.before is None
        assert event.after["status"] == "open"
        assert event.after["deadline"] == case.deadline.isoformat()


class TestReassignment:
    def test_fills_a_place_and_gives_the_person_the_openings_title_and_department(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case(factories.employee(title="SEO Specialist", department_name="Marketing"))
        opening = factories.opening("Customer Success Manager", department_name="Customer Success", headcount=2)

        outcome = factories.reassign(hr, case, opening)

        db.session.expire_all()
        case = db.session.get(PoolCase, case.id)
        opening = db.session.get(Opening, opening.id)
        assert outcome.kind == OutcomeKind.REASSIGNED
        assert case.status == CaseStatus.CLOSED and case.outcome_kind == OutcomeKind.REASSIGNED
        assert opening.places_filled == 1 and opening.status == OpeningStatus.OPEN
        assert case.employee.title == "Customer Success Manager"
        assert case.employee.department.name == "Customer Success"

    def test_the_last_place_marks_the_opening_filled(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        opening = factories.opening(headcount=1)
        factories.reassign(hr, case, opening)
        db.session.expire_all()
        assert db.session.get(Opening, opening.id).status == OpeningStatus.FILLED

    def test_no_reassignment_to_a_full_opening(self, app_ctx):
        hr = factories.user(Role.HR)
        opening = factories.opening(headcount=1)
        factories.reassign(hr, factories.pool_case(), opening)
        second = factories.pool_case()
        with pytest.raises(ValidationError, match="filled|no free place"):
            factories.reassign(hr, second, opening)
        db.session.expire_all()
        assert db.session.get(PoolCase, second.id).status == CaseStatus.OPEN
        assert db.session.get(Opening, opening.id).places_filled == 1

    def test_no_reassignment_to_a_closed_opening(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        opening = factories.opening(status=OpeningStatus.CLOSED)
        with pytest.raises(ValidationError, match="is closed") as error:
            factories.reassign(hr, case, opening)
        assert error.value.field == "opening_id"
        db.session.expire_all()
        assert db.session.get(PoolCase, case.id).is_open

    def test_marks_the_application_hired(self, app_ctx):
        hr = factories.user(Role.HR)
        manager = factories.user(Role.MANAGER)
        case = factories.pool_case()
        opening = factories.opening(manager=manager)
        applications.move_candidate(
            db.session, manager, opening.id, case.id, stage=ApplicationStage.OFFERED, today=TODAY
        )
        factories.reassign(hr, case, opening)
        application = applications.find_application(db.session, case.id, opening.id)
        assert application.stage == ApplicationStage.HIRED

    def test_writes_audit_events_for_the_case_and_the_opening(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        opening = factories.opening()
        factories.reassign(hr, case, opening)
        (case_event,) = _events(case.id, "case.reassigned")
        (opening_event,) = _events(case.id, "opening.place_filled")
        assert case_event.before["status"] == "trial" and case_event.after["status"] == "closed"
        assert case_event.after["outcome"]["opening_id"] == opening.id
        assert opening_event.before["places_filled"] == 0 and opening_event.after["places_filled"] == 1


class TestOtherOutcomes:
    def test_exit_package_records_the_terms(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        last_day = TODAY + timedelta(days=30)
        outcome = pool.record_exit_package(db.session, hr, case.id, weeks_of_pay=12.5, last_working_day=last_day)
        assert (outcome.weeks_of_pay, outcome.last_working_day) == (12.5, last_day)
        assert db.session.get(PoolCase, case.id).outcome_kind == OutcomeKind.EXIT_PACKAGE
        (event,) = _events(case.id, "case.exit_package")
        assert event.after["outcome"]["weeks_of_pay"] == 12.5

    def test_negative_weeks_of_pay_are_refused(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        with pytest.raises(ValidationError, match="negative"):
            pool.record_exit_package(db.session, hr, case.id, weeks_of_pay=-1, last_working_day=TODAY)

    def test_resignation_records_the_date(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        outcome = pool.record_resignation(db.session, hr, case.id, resignation_date=TODAY)
        assert outcome.resignation_date == TODAY
        assert db.session.get(PoolCase, case.id).closed_on == TODAY

    def test_dates_before_entering_the_pool_are_refused(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case(entered_on=TODAY)
        with pytest.raises(ValidationError, match="before the person entered"):
            pool.record_resignation(db.session, hr, case.id, resignation_date=TODAY - timedelta(days=1))


class TestClosedCases:
    @pytest.mark.parametrize("second", ["reassign", "exit", "resign"])
    def test_a_closed_case_takes_no_other_outcome(self, app_ctx, second):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        pool.record_resignation(db.session, hr, case.id, resignation_date=TODAY)
        opening = factories.opening()
        attempts = {
            "reassign": lambda: factories.reassign(hr, case, opening, confirm=False),
            "exit": lambda: pool.record_exit_package(db.session, hr, case.id, weeks_of_pay=4, last_working_day=TODAY),
            "resign": lambda: pool.record_resignation(db.session, hr, case.id, resignation_date=TODAY),
        }
        with pytest.raises(InvalidTransition, match="already closed"):
            attempts[second]()
        assert db.session.get(Opening, opening.id).places_filled == 0

    def test_a_closed_case_cannot_be_edited(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        pool.record_resignation(db.session, hr, case.id, resignation_date=TODAY)
        with pytest.raises(InvalidTransition, match="reopen it first"):
            pool.update_case_details(db.session, hr, case.id, deadline=TODAY, hr_owner_id=hr.id, hr_notes="x",
                                     priority=None, priority_note="")

    def test_reopening_needs_a_written_reason(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        pool.record_resignation(db.session, hr, case.id, resignation_date=TODAY)
        with pytest.raises(ValidationError, match="Write why"):
            pool.reopen_case(db.session, hr, case.id, reason="   ", today=TODAY)
        assert not db.session.get(PoolCase, case.id).is_open

    def test_reopening_keeps_the_earlier_outcome_in_the_history(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        pool.record_resignation(db.session, hr, case.id, resignation_date=TODAY)
        pool.reopen_case(db.session, hr, case.id, reason="Resignation withdrawn in writing", today=TODAY)
        db.session.expire_all()
        case = db.session.get(PoolCase, case.id)
        assert case.is_open and case.outcome_kind is None and case.current_outcome is None
        (outcome,) = case.outcomes
        assert outcome.reversed_at is not None
        assert outcome.reversal_reason == "Resignation withdrawn in writing"
        (event,) = _events(case.id, "case.reopened")
        assert event.note == "Resignation withdrawn in writing"
        assert (event.before["status"], event.after["status"]) == ("closed", "open")

    def test_reopening_a_reassignment_frees_the_place_and_restores_the_former_role(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case(factories.employee(title="Paralegal", department_name="Legal"))
        opening = factories.opening("Onboarding Specialist", headcount=1)
        factories.reassign(hr, case, opening)
        pool.reopen_case(db.session, hr, case.id, reason="Trial in the new role did not work out", today=TODAY)
        db.session.expire_all()
        opening = db.session.get(Opening, opening.id)
        case = db.session.get(PoolCase, case.id)
        assert (opening.places_filled, opening.status) == (0, OpeningStatus.OPEN)
        assert case.employee.title == "Paralegal" and case.employee.department.name == "Legal"

    def test_an_open_case_cannot_be_reopened(self, app_ctx):
        hr = factories.user(Role.HR)
        case = factories.pool_case()
        with pytest.raises(InvalidTransition, match="already open"):
            pool.reopen_case(db.session, hr, case.id, reason="why not", today=TODAY)

    def test_reopening_is_refused_while_the_person_has_another_open_case(self, app_ctx):
        hr = factories.user(Role.HR)
        person = factories.employee()
        old = factories.pool_case(person, entered_on=TODAY - timedelta(days=300))
        pool.record_resignation(db.session, hr, old.id, resignation_date=TODAY - timedelta(days=250))
        factories.pool_case(person)
        with pytest.raises(InvalidTransition, match="another open case"):
            pool.reopen_case(db.session, hr, old.id, reason="Mistake", today=TODAY)


class TestPoolList:
    def _names(self, filters):
        return [c.employee.full_name for c in db.session.scalars(pool.pool_query(filters, TODAY))]

    def test_sorted_by_days_left_by_default(self, app_ctx):
        factories.pool_case(factories.employee("Later"), deadline=TODAY + timedelta(days=40))
        factories.pool_case(factories.employee("Overdue"), deadline=TODAY - timedelta(days=2))
        factories.pool_case(factories.employee("Soon"), deadline=TODAY + timedelta(days=3))
        assert self._names(pool.PoolFilters()) == ["Overdue", "Soon", "Later"]

    def test_filters_by_status_department_days_left_and_name(self, app_ctx):
        hr = factories.user(Role.HR)
        overdue = factories.pool_case(factories.employee("Olga Overdue", department_name="Legal"),
                                      entered_on=TODAY - timedelta(days=100), deadline=TODAY - timedelta(days=1))
        factories.pool_case(factories.employee("Fred Far", department_name="Marketing"), deadline=TODAY + timedelta(days=80))
        closed = factories.pool_case(factories.employee("Rita Resigned", department_name="Legal"))
        pool.record_resignation(db.session, hr, closed.id, resignation_date=TODAY)

        assert self._names(pool.PoolFilters(status="overdue")) == ["Olga Overdue"]
        assert self._names(pool.PoolFilters(status="resigned")) == ["Rita Resigned"]
        assert self._names(pool.PoolFilters(status="exit_package")) == []
        assert sorted(self._names(pool.PoolFilters(status="all"))) == ["Fred Far", "Olga Overdue", "Rita Resigned"]
        legal = overdue.eliminated_department_id
        assert self._names(pool.PoolFilters(status="all", department_id=legal, sort="name")) == ["Olga Overdue", "Rita Resigned"]
        assert self._names(pool.PoolFilters(max_days_left=30)) == ["Olga Overdue"]
        assert self._names(pool.PoolFilters(search="far")) == ["Fred Far"]
