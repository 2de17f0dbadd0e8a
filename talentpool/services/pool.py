"""The pool lifecycle: entering the pool, recording an outcome, reopening a closed case.

Each public function is one use case and one transaction: it validates, changes the
records, writes the audit event and commits, or raises a DomainError and changes nothing.
Guards that other sessions could race (a free place, an open case) are conditional
UPDATEs, so two people acting at the same moment cannot both succeed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from talentpool.models import (
    ApplicationStage,
    Application,
    CaseStatus,
    Department,
    Employee,
    Opening,
    OpeningStatus,
    Outcome,
    OutcomeKind,
    PoolCase,
    Role,
    StatutoryPriority,
    Trial,
    TrialStatus,
    User,
    utcnow,
)
from talentpool.services.audit import record_event, snapshot
from talentpool.services.errors import InvalidTransition, NotFound, ValidationError
from talentpool.services.suggestions import suggestion_rank

CASE_FIELDS = (
    "status",
    "outcome_kind",
    "closed_on",
    "eliminated_title",
    "eliminated_department_id",
    "reason",
    "entered_on",
    "deadline",
    "hr_owner_id",
)


def days_after(day: date, days: int, field: str) -> date:
    """`day` plus `days`, or a ValidationError on `field` when that falls past the calendar's end
    (a date typed as 9999-12-31 must be an error message, not a crash)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise ValidationError("This date is too far in the future.", field=field) from None


def default_deadline(entered_on: date, pool_period_days: int) -> date:
    """The deadline HR gets unless it sets another: entry date plus the configured pool period."""
    return days_after(entered_on, pool_period_days, "entered_on")


def get_case(session: Session, case_id: int) -> PoolCase:
    case = session.get(PoolCase, case_id)
    if case is None:
        raise NotFound("This pool case does not exist.")
    return case


def open_case_for(session: Session, employee_id: int) -> PoolCase | None:
    """The employee's case in progress (in the pool or on trial), if any: there is at most one."""
    return session.scalar(
        select(PoolCase).where(PoolCase.employee_id == employee_id, PoolCase.status != CaseStatus.CLOSED)
    )


def add_to_pool(
    session: Session,
    actor: User,
    *,
    employee_id: int,
    eliminated_title: str,
    eliminated_department_id: int,
    reason: str,
    entered_on: date,
    deadline: date | None,
    hr_owner_id: int,
    pool_period_days: int,
) -> PoolCase:
    """Open a pool case for an employee whose role was eliminated."""
    employee = session.get(Employee, employee_id)
    if employee is None:
        raise ValidationError("Choose an existing employee.", field="employee_id")
    if session.get(Department, eliminated_department_id) is None:
        raise ValidationError("Choose an existing department.", field="eliminated_department_id")
    owner = session.get(User, hr_owner_id)
    if owner is None or not owner.has_role(Role.HR) or not owner.active:
        raise ValidationError("The case owner must be an active HR user.", field="hr_owner_id")
    if open_case_for(session, employee_id) is not None:
        raise ValidationError(
            f"{employee.full_name} already has an open pool case; close it before opening another.",
            field="employee_id",
        )
    deadline = deadline or default_deadline(entered_on, pool_period_days)
    if deadline < entered_on:
        raise ValidationError("The deadline cannot be before the date entered.", field="deadline")

    case = PoolCase(
        employee=employee,
        eliminated_title=eliminated_title.strip(),
        eliminated_department_id=eliminated_department_id,
        reason=reason.strip(),
        entered_on=entered_on,
        deadline=deadline,
        hr_owner_id=hr_owner_id,
        status=CaseStatus.OPEN,
    )
    session.add(case)
    try:
        session.flush()
    except IntegrityError:  # another HR user opened a case for the same person at the same moment
        session.rollback()
        raise ValidationError(
            f"{employee.full_name} already has an open pool case.", field="employee_id"
        ) from None
    record_event(
        session, actor, "case.opened", case, after=snapshot(case, CASE_FIELDS), case_id=case.id
    )
    session.commit()
    return case


CASE_DETAIL_FIELDS = ("deadline", "hr_owner_id", "hr_notes", "priority", "priority_note")


def update_case_details(
    session: Session,
    actor: User,
    case_id: int,
    *,
    deadline: date,
    hr_owner_id: int,
    hr_notes: str,
    priority: StatutoryPriority | None,
    priority_note: str,
) -> PoolCase:
    """Change what HR may change on an open case: deadline, owner, private notes, and the statutory
    priority (None clears it) with the note that says why it applies, required with a flag."""
    case = get_case(session, case_id)
    if not case.is_open:
        raise InvalidTransition("A closed case cannot be edited; reopen it first.")
    if deadline < case.entered_on:
        raise ValidationError("The deadline cannot be before the date entered.", field="deadline")
    owner = session.get(User, hr_owner_id)
    if owner is None or not owner.has_role(Role.HR) or not owner.active:
        raise ValidationError("The case owner must be an active HR user.", field="hr_owner_id")
    priority_note = priority_note.strip() if priority is not None else ""
    if priority is not None and not priority_note:
        raise ValidationError(
            "Say why the statutory priority applies, e.g. the leave and its dates.", field="priority_note"
        )
    before = snapshot(case, CASE_DETAIL_FIELDS)
    case.deadline, case.hr_owner_id, case.hr_notes = deadline, hr_owner_id, hr_notes.strip()
    case.priority, case.priority_note = priority, priority_note
    record_event(
        session,
        actor,
        "case.updated",
        case,
        before=before,
        after=snapshot(case, CASE_DETAIL_FIELDS),
        case_id=case.id,
    )
    session.commit()
    return case


def _close_case(session: Session, case: PoolCase, kind: OutcomeKind, closed_on: date) -> None:
    """Flip the case from open to closed, or refuse if someone else closed it first."""
    result = session.execute(
        update(PoolCase)
        .where(PoolCase.id == case.id, PoolCase.status == CaseStatus.OPEN)
        .values(status=CaseStatus.CLOSED, outcome_kind=kind, closed_on=closed_on)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        raise InvalidTransition("This case is already closed; reopen it to record another outcome.")
    session.refresh(case)


def _check_open(case: PoolCase) -> None:
    if case.on_trial:
        raise InvalidTransition(
            f"{case.employee.full_name} is on trial: confirm the trial or record that it failed first."
        )
    if not case.is_open:
        raise InvalidTransition("This case is already closed; reopen it to record another outcome.")


def _finish_outcome(session: Session, actor: User, case: PoolCase, outcome: Outcome, before: dict) -> Outcome:
    session.add(outcome)
    record_event(
        session,
        actor,
        f"case.{outcome.kind.value}",
        case,
        before=before,
        after=snapshot(case, CASE_FIELDS) | {"outcome": snapshot(outcome, OUTCOME_FIELDS)},
        case_id=case.id,
        note=outcome.notes,
    )
    session.commit()
    return outcome


OUTCOME_FIELDS = (
    "kind",
    "effective_on",
    "opening_id",
    "previous_title",
    "previous_department_id",
    "weeks_of_pay",
    "last_working_day",
    "resignation_date",
)


TRIAL_FIELDS = (
    "status",
    "opening_id",
    "starts_on",
    "ends_on",
    "extension_agreement",
    "extension_agreed_on",
    "suggestion_rank",
    "match_score",
    "decided_on",
    "failure_reason",
)


def standard_trial_end(starts_on: date, trial_period_days: int) -> date:
    """The end of a trial of the company's standard length (the last day is the end date)."""
    return days_after(starts_on, trial_period_days, "effective_on")


def check_trial_terms(
    starts_on: date,
    ends_on: date | None,
    agreement: str,
    agreed_on: date | None,
    trial_period_days: int,
) -> date:
    """A trial runs the standard period, or longer by an agreement made before it starts; returns its end.
    Raises ValidationError naming the field at fault."""
    standard_end = standard_trial_end(starts_on, trial_period_days)
    ends_on = ends_on or standard_end
    agreement = agreement.strip()
    if ends_on < standard_end:
        raise ValidationError(
            f"A trial runs the standard period at least: until {standard_end.isoformat()} or later.",
            field="trial_ends_on",
        )
    if ends_on == standard_end:
        return ends_on
    if not agreement:
        raise ValidationError(
            "A longer trial needs the agreement with the employee: describe it (who agreed, how, why).",
            field="extension_agreement",
        )
    if agreed_on is None:
        raise ValidationError("Give the date the longer trial was agreed.", field="extension_agreed_on")
    if agreed_on > starts_on:
        raise ValidationError(
            "A trial can only be made longer by an agreement made before it starts.", field="extension_agreed_on"
        )
    return ends_on


def start_trial(
    session: Session,
    actor: User,
    case_id: int,
    *,
    opening_id: int,
    starts_on: date,
    trial_period_days: int,
    today: date,
    ends_on: date | None = None,
    extension_agreement: str = "",
    extension_agreed_on: date | None = None,
    notes: str = "",
) -> Trial:
    """Reassign a person on trial: they take a place in the opening and its title now; the case
    stays in progress until HR confirms the trial or records that it failed."""
    case = get_case(session, case_id)
    _check_open(case)
    opening = session.get(Opening, opening_id)
    if opening is None:
        raise ValidationError("Choose an existing opening.", field="opening_id")
    if opening.status != OpeningStatus.OPEN:
        raise ValidationError(
            f"{opening.title} ({opening.reference}) is {opening.status.value}; choose an open opening.",
            field="opening_id",
        )
    if starts_on < case.entered_on:
        raise ValidationError("The start date cannot be before the person entered the pool.", field="effective_on")
    agreement = extension_agreement.strip()
    ends_on = check_trial_terms(starts_on, ends_on, agreement, extension_agreed_on, trial_period_days)
    extended = ends_on > standard_trial_end(starts_on, trial_period_days)
    rank, score = suggestion_rank(session, case, opening.id, today)
    before = snapshot(case, CASE_FIELDS)
    opening_before = snapshot(opening, ("places_filled", "status"))

    # Take a place only if one is still free at this instant (the guard and the write are one statement).
    taken = session.execute(
        update(Opening)
        .where(
            Opening.id == opening.id,
            Opening.status == OpeningStatus.OPEN,
            Opening.places_filled < Opening.headcount,
        )
        .values(places_filled=Opening.places_filled + 1, version=Opening.version + 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        session.rollback()
        raise ValidationError(
            f"{opening.title} ({opening.reference}) has no free place left.", field="opening_id"
        )
    _move_case(session, case, CaseStatus.OPEN, CaseStatus.TRIAL)
    session.refresh(opening)
    if opening.places_filled >= opening.headcount:
        opening.status = OpeningStatus.FILLED

    employee = case.employee
    trial = Trial(
        case=case,
        opening_id=opening.id,
        status=TrialStatus.RUNNING,
        starts_on=starts_on,
        ends_on=ends_on,
        extension_agreement=agreement if extended else None,
        extension_agreed_on=extension_agreed_on if extended else None,
        previous_title=employee.title,
        previous_department_id=employee.department_id,
        suggestion_rank=rank,
        match_score=score,
        notes=notes.strip(),
        started_by_id=actor.id,
    )
    session.add(trial)
    employee.title = opening.title
    employee.department_id = opening.department_id
    _set_stage(session, case, opening, ApplicationStage.ON_TRIAL)
    session.flush()
    record_event(
        session, actor, "opening.place_filled", opening, before=opening_before,
        after=snapshot(opening, ("places_filled", "status")), case_id=case.id,
    )
    record_event(
        session, actor, "trial.started", trial, before=before,
        after=snapshot(case, CASE_FIELDS) | {"trial": snapshot(trial, TRIAL_FIELDS)},
        case_id=case.id, note=_history_note(_suggestion_note(rank, score), notes),
    )
    session.commit()
    return trial


def _suggestion_note(rank: int | None, score: float | None) -> str:
    """The history's line on which suggestion led to a reassignment."""
    if rank is None:
        return "The opening was not among the person's suggestions."
    return f"Suggestion #{rank} for the person (match {score:.0%})."


def _history_note(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part.strip())


def _set_stage(session: Session, case: PoolCase, opening: Opening, stage: ApplicationStage) -> Application:
    """Put the person's application for the opening at `stage`, creating it if HR reassigned directly."""
    application = session.scalar(
        select(Application).where(Application.case_id == case.id, Application.opening_id == opening.id)
    )
    if application is None:
        application = Application(case=case, opening_id=opening.id)
        session.add(application)
    application.stage = stage
    return application


def _move_case(session: Session, case: PoolCase, from_status: CaseStatus, to_status: CaseStatus, **values) -> None:
    """Move the case between statuses, or refuse if someone else moved it first."""
    result = session.execute(
        update(PoolCase)
        .where(PoolCase.id == case.id, PoolCase.status == from_status)
        .values(status=to_status, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        raise InvalidTransition("Someone else changed this case a moment ago; reload it to see where it stands.")
    session.refresh(case)


def running_trial(session: Session, case_id: int) -> Trial:
    case = get_case(session, case_id)
    trial = case.running_trial if case.on_trial else None
    if trial is None:
        raise InvalidTransition(f"{case.employee.full_name} is not on trial.")
    return trial


def confirm_trial(session: Session, actor: User, case_id: int, *, decided_on: date, notes: str = "") -> Outcome:
    """The trial went well: the case closes as reassigned, from the day the trial started."""
    trial = running_trial(session, case_id)
    case = trial.case
    if decided_on < trial.starts_on:
        raise ValidationError("The trial cannot be confirmed before it started.", field="decided_on")
    before = snapshot(case, CASE_FIELDS)
    trial_before = snapshot(trial, TRIAL_FIELDS)
    _move_case(session, case, CaseStatus.TRIAL, CaseStatus.CLOSED,
               outcome_kind=OutcomeKind.REASSIGNED, closed_on=trial.starts_on)
    trial.status, trial.decided_on, trial.decided_by_id = TrialStatus.CONFIRMED, decided_on, actor.id
    _set_stage(session, case, trial.opening, ApplicationStage.HIRED)
    outcome = Outcome(
        case=case,
        kind=OutcomeKind.REASSIGNED,
        recorded_by_id=actor.id,
        effective_on=trial.starts_on,
        opening_id=trial.opening_id,
        previous_title=trial.previous_title,
        previous_department_id=trial.previous_department_id,
        trial=trial,
        notes=notes.strip(),
    )
    session.add(outcome)
    record_event(
        session, actor, "trial.confirmed", trial, before=trial_before, after=snapshot(trial, TRIAL_FIELDS),
        case_id=case.id, note=notes.strip(),
    )
    outcome_note = _history_note(_suggestion_note(trial.suggestion_rank, trial.match_score), notes)
    record_event(
        session, actor, "case.reassigned", case, before=before,
        after=snapshot(case, CASE_FIELDS) | {"outcome": snapshot(outcome, OUTCOME_FIELDS)},
        case_id=case.id, note=outcome_note,
    )
    session.commit()
    return outcome


def fail_trial(session: Session, actor: User, case_id: int, *, reason: str, decided_on: date) -> PoolCase:
    """The trial did not work out: the person goes back to the pool with their history, and the days
    on trial do not count against their deadline; the place in the opening is freed."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Write why the trial failed; the person and the case history keep it.", field="reason")
    trial = running_trial(session, case_id)
    case = trial.case
    if decided_on < trial.starts_on:
        raise ValidationError("The trial cannot end before it started.", field="decided_on")
    before = snapshot(case, CASE_FIELDS)
    trial_before = snapshot(trial, TRIAL_FIELDS)
    paused_days = (decided_on - trial.starts_on).days
    _move_case(session, case, CaseStatus.TRIAL, CaseStatus.OPEN, deadline=days_after(case.deadline, paused_days, "decided_on"))
    trial.status, trial.decided_on, trial.decided_by_id = TrialStatus.FAILED, decided_on, actor.id
    trial.failure_reason = reason
    _free_place(session, actor, case, trial.opening)
    _restore_role(case.employee, trial.previous_title, trial.previous_department_id)
    _set_stage(session, case, trial.opening, ApplicationStage.TRIAL_FAILED)
    record_event(
        session, actor, "trial.failed", trial, before=trial_before | {"case": before},
        after=snapshot(trial, TRIAL_FIELDS) | {"case": snapshot(case, CASE_FIELDS)},
        case_id=case.id, note=reason,
    )
    session.commit()
    return case


def record_exit_package(
    session: Session,
    actor: User,
    case_id: int,
    *,
    weeks_of_pay: float,
    last_working_day: date,
    notes: str = "",
) -> Outcome:
    """Close a case with an exit package: the agreed weeks of pay and the last working day."""
    case = get_case(session, case_id)
    _check_open(case)
    if weeks_of_pay < 0:
        raise ValidationError("Weeks of pay cannot be negative.", field="weeks_of_pay")
    if last_working_day < case.entered_on:
        raise ValidationError(
            "The last working day cannot be before the person entered the pool.", field="last_working_day"
        )
    before = snapshot(case, CASE_FIELDS)
    _close_case(session, case, OutcomeKind.EXIT_PACKAGE, last_working_day)
    outcome = Outcome(
        case=case,
        kind=OutcomeKind.EXIT_PACKAGE,
        recorded_by_id=actor.id,
        effective_on=last_working_day,
        weeks_of_pay=weeks_of_pay,
        last_working_day=last_working_day,
        notes=notes.strip(),
    )
    return _finish_outcome(session, actor, case, outcome, before)


def record_resignation(
    session: Session, actor: User, case_id: int, *, resignation_date: date, notes: str = ""
) -> Outcome:
    """Close a case because the person resigned."""
    case = get_case(session, case_id)
    _check_open(case)
    if resignation_date < case.entered_on:
        raise ValidationError(
            "The resignation date cannot be before the person entered the pool.", field="resignation_date"
        )
    before = snapshot(case, CASE_FIELDS)
    _close_case(session, case, OutcomeKind.RESIGNED, resignation_date)
    outcome = Outcome(
        case=case,
        kind=OutcomeKind.RESIGNED,
        recorded_by_id=actor.id,
        effective_on=resignation_date,
        resignation_date=resignation_date,
        notes=notes.strip(),
    )
    return _finish_outcome(session, actor, case, outcome, before)


def reopen_case(session: Session, actor: User, case_id: int, *, reason: str, today: date) -> PoolCase:
    """Reopen a closed case, with a written reason; a reassignment is undone and its place freed."""
    case = get_case(session, case_id)
    if case.in_progress:
        raise InvalidTransition("This case is already open." if case.is_open else "This case is on trial, not closed.")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Write why the case is reopened.", field="reason")
    if open_case_for(session, case.employee_id) is not None:
        raise InvalidTransition(
            f"{case.employee.full_name} has another open case; only one can be open at a time."
        )
    before = snapshot(case, CASE_FIELDS)
    outcome = case.current_outcome
    reopened = session.execute(
        update(PoolCase)
        .where(PoolCase.id == case.id, PoolCase.status == CaseStatus.CLOSED)
        .values(status=CaseStatus.OPEN, outcome_kind=None, closed_on=None)
        .execution_options(synchronize_session=False)
    )
    if reopened.rowcount != 1:
        session.rollback()
        raise InvalidTransition("This case was reopened by someone else a moment ago.")
    session.refresh(case)
    if outcome is not None:
        outcome.reversed_at = utcnow()
        outcome.reversal_reason = reason
        if outcome.kind == OutcomeKind.REASSIGNED and outcome.opening is not None:
            _undo_reassignment(session, actor, case, outcome)
    record_event(
        session, actor, "case.reopened", case, before=before, after=snapshot(case, CASE_FIELDS),
        case_id=case.id, note=reason,
    )
    session.commit()
    return case


def _free_place(session: Session, actor: User, case: PoolCase, opening: Opening) -> None:
    """Give a place back to the opening (it reopens if it was filled), audited."""
    opening_before = snapshot(opening, ("places_filled", "status"))
    session.execute(
        update(Opening)
        .where(Opening.id == opening.id, Opening.places_filled > 0)
        .values(places_filled=Opening.places_filled - 1, version=Opening.version + 1)
        .execution_options(synchronize_session=False)
    )
    session.refresh(opening)
    if opening.status == OpeningStatus.FILLED:
        opening.status = OpeningStatus.OPEN
    record_event(
        session,
        actor,
        "opening.place_freed",
        opening,
        before=opening_before,
        after=snapshot(opening, ("places_filled", "status")),
        case_id=case.id,
    )


def _restore_role(employee: Employee, title: str | None, department_id: int | None) -> None:
    if title:
        employee.title = title
    if department_id:
        employee.department_id = department_id


def _undo_reassignment(session: Session, actor: User, case: PoolCase, outcome: Outcome) -> None:
    """Give the place back to the opening and the person their former title and department."""
    opening = outcome.opening
    _free_place(session, actor, case, opening)
    _restore_role(case.employee, outcome.previous_title, outcome.previous_department_id)
    application = session.scalar(
        select(Application).where(Application.case_id == case.id, Application.opening_id == opening.id)
    )
    if application is not None and application.stage == ApplicationStage.HIRED:
        application.stage = ApplicationStage.OFFERED


@dataclass(frozen=True)
class PoolFilters:
    """What the HR pool list is narrowed and ordered by."""

    status: str = "open"  # open | trial | overdue | closed | all | reassigned | exit_package | resigned
    department_id: int | None = None
    max_days_left: int | None = None
    search: str = ""
    sort: str = "days_left"  # days_left | name | entered


def pool_query(filters: PoolFilters, today: date):
    """A SELECT of pool cases for the HR list; the caller paginates it."""
    query = select(PoolCase).join(PoolCase.employee)
    if filters.status == "open":
        query = query.where(PoolCase.status == CaseStatus.OPEN)
    elif filters.status == "trial":
        query = query.where(PoolCase.status == CaseStatus.TRIAL)
    elif filters.status == "overdue":
        query = query.where(PoolCase.status == CaseStatus.OPEN, PoolCase.deadline < today)
    elif filters.status == "closed":
        query = query.where(PoolCase.status == CaseStatus.CLOSED)
    elif filters.status in {kind.value for kind in OutcomeKind}:
        query = query.where(
            PoolCase.status == CaseStatus.CLOSED, PoolCase.outcome_kind == OutcomeKind(filters.status)
        )
    if filters.department_id:
        query = query.where(PoolCase.eliminated_department_id == filters.department_id)
    if filters.max_days_left is not None:
        query = query.where(PoolCase.deadline <= today + timedelta(days=filters.max_days_left))
    if filters.search.strip():
        pattern = f"%{filters.search.strip().lower()}%"
        query = query.where(
            or_(func.lower(Employee.full_name).like(pattern), func.lower(Employee.employee_number).like(pattern))
        )
    order = {
        "name": (Employee.full_name, PoolCase.id),
        "entered": (PoolCase.entered_on.desc(), PoolCase.id),
    }.get(filters.sort, (PoolCase.deadline, Employee.full_name, PoolCase.id))
    return query.order_by(*order)
