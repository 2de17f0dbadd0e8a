"""Contesting suggestions: an employee says their suggestions miss a role or misread their skills,
and an HR user answers once. Both steps are audited on the case, so they show in its history.
"""

from __future__ import annotations

from sqlalchemy import Select, case, select, update
from sqlalchemy.orm import Session, contains_eager

from talentpool.models import ContestKind, PoolCase, Role, SuggestionContest, User, utcnow
from talentpool.services.audit import record_event, snapshot
from talentpool.services.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError

CONTEST_FIELDS = ("kind", "message", "answer", "answered_at", "answered_by_id")
MESSAGE_MAX = 2000


def _text(value: str, field: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(f"Write {what}.", field=field)
    if len(value) > MESSAGE_MAX:
        raise ValidationError(f"Keep it under {MESSAGE_MAX} characters.", field=field)
    return value


def get_contest(session: Session, contest_id: int) -> SuggestionContest:
    contest = session.get(SuggestionContest, contest_id)
    if contest is None:
        raise NotFound("This contest does not exist.")
    return contest


def open_contest(
    session: Session, actor: User, case_id: int, *, kind: ContestKind, message: str
) -> SuggestionContest:
    """The employee in an open pool case says their suggestions are wrong; it goes to the case's HR owner."""
    pool_case = session.get(PoolCase, case_id)
    if pool_case is None:
        raise NotFound("This pool case does not exist.")
    if actor.employee is None or pool_case.employee_id != actor.employee.id:
        raise PermissionDenied("You can only contest the suggestions made for you.")
    if not pool_case.is_open:
        raise InvalidTransition("Your time in the pool has ended, so there are no suggestions to contest.")
    contest = SuggestionContest(case=pool_case, kind=kind, message=_text(message, "message", "what is wrong"))
    session.add(contest)
    record_event(
        session,
        actor,
        "contest.opened",
        contest,
        after=snapshot(contest, CONTEST_FIELDS),
        case_id=pool_case.id,
        note=f"{kind.label}: {contest.message}",
    )
    session.commit()
    return contest


def answer_contest(session: Session, actor: User, contest_id: int, *, answer: str) -> SuggestionContest:
    """An HR user answers a contest, once; the employee reads the answer on their own page."""
    if not actor.has_role(Role.HR):
        raise PermissionDenied("Only HR staff answer contested suggestions.")
    contest = get_contest(session, contest_id)
    if contest.is_answered:
        raise InvalidTransition("This contest has already been answered.")
    answer = _text(answer, "answer", "an answer for the person")
    # Conditional, so two HR users answering at the same moment cannot both succeed.
    result = session.execute(
        update(SuggestionContest)
        .where(SuggestionContest.id == contest.id, SuggestionContest.answered_at.is_(None))
        .values(answer=answer, answered_at=utcnow(), answered_by_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        raise InvalidTransition("Someone else answered this contest a moment ago.")
    session.refresh(contest)
    record_event(
        session,
        actor,
        "contest.answered",
        contest,
        after=snapshot(contest, CONTEST_FIELDS),  # before is the contest as opened, unanswered
        case_id=contest.case_id,
        note=answer,
    )
    session.commit()
    return contest


def contest_queue(owner_id: int | None = None) -> Select:
    """HR's queue: open contests first (oldest first), then answered ones (latest first).

    With `owner_id`, only contests on cases that HR user owns.
    """
    query = select(SuggestionContest).join(SuggestionContest.case).options(contains_eager(SuggestionContest.case))
    if owner_id is not None:
        query = query.where(PoolCase.hr_owner_id == owner_id)
    answered_last = case((SuggestionContest.answered_at.is_(None), 0), else_=1)
    return query.order_by(
        answered_last,
        SuggestionContest.answered_at.desc(),
        SuggestionContest.created_at,
        SuggestionContest.id,
    )
