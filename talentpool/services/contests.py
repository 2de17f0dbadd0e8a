"""Contesting suggestions: an employee says their suggestions miss a role or misread their skills,
and an HR user answers once. Both steps are audited on the case, so they show in its history.

A request for a conversation with one's HR owner takes the same path (kind CONVERSATION): it lands in
the same queue and is answered once, in the same way.
"""

from __future__ import annotations

from sqlalchemy import Select, case, select, update
from sqlalchemy.orm import Session, contains_eager

from talentpool.models import ContestKind, PoolCase, Role, SuggestionContest, User, utcnow
from talentpool.services.audit import record_event, snapshot
from talentpool.services.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError

CONTEST_FIELDS = ("kind", "message", "preferred_times", "answer", "answered_at", "answered_by_id")
MESSAGE_MAX = 2000
PREFERRED_TIMES_MAX = 200


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


def _own_open_case(session: Session, actor: User, case_id: int, *, refused: str, closed: str) -> PoolCase:
    """The actor's own open pool case; `refused` and `closed` say why not otherwise."""
    pool_case = session.get(PoolCase, case_id)
    if pool_case is None:
        raise NotFound("This pool case does not exist.")
    if actor.employee is None or pool_case.employee_id != actor.employee.id:
        raise PermissionDenied(refused)
    if not pool_case.is_open:
        raise InvalidTransition(closed)
    return pool_case


def _add(session: Session, actor: User, contest: SuggestionContest, note: str) -> SuggestionContest:
    session.add(contest)
    record_event(
        session,
        actor,
        "contest.opened",
        contest,
        after=snapshot(contest, CONTEST_FIELDS),
        case_id=contest.case.id,
        note=note,
    )
    session.commit()
    return contest


def open_contest(
    session: Session, actor: User, case_id: int, *, kind: ContestKind, message: str
) -> SuggestionContest:
    """The employee in an open pool case says their suggestions are wrong; it goes to the case's HR owner."""
    if kind.is_conversation:
        raise ValidationError("Choose what is wrong with your suggestions.", field="kind")
    pool_case = _own_open_case(
        session,
        actor,
        case_id,
        refused="You can only contest the suggestions made for you.",
        closed="Your time in the pool has ended, so there are no suggestions to contest.",
    )
    contest = SuggestionContest(case=pool_case, kind=kind, message=_text(message, "message", "what is wrong"))
    return _add(session, actor, contest, f"{kind.label}: {contest.message}")


def request_conversation(
    session: Session, actor: User, case_id: int, *, message: str = "", preferred_times: str = ""
) -> SuggestionContest:
    """The employee in an open pool case asks their HR owner for a conversation; both texts are optional."""
    pool_case = _own_open_case(
        session,
        actor,
        case_id,
        refused="You can only ask for a conversation about your own case.",
        closed="Your time in the pool has ended; please write to your HR contact directly.",
    )
    message, preferred_times = message.strip(), preferred_times.strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError(f"Keep it under {MESSAGE_MAX} characters.", field="message")
    if len(preferred_times) > PREFERRED_TIMES_MAX:
        raise ValidationError(f"Keep it under {PREFERRED_TIMES_MAX} characters.", field="preferred_times")
    contest = SuggestionContest(
        case=pool_case, kind=ContestKind.CONVERSATION, message=message, preferred_times=preferred_times
    )
    parts = [message, f"Preferred times: {preferred_times}" if preferred_times else ""]
    note = " · ".join(part for part in parts if part)
    return _add(session, actor, contest, f"{ContestKind.CONVERSATION.label}{': ' + note if note else ''}")


def answer_contest(session: Session, actor: User, contest_id: int, *, answer: str) -> SuggestionContest:
    """An HR user answers a contest, once; the employee reads the answer on their own page."""
    if not actor.has_role(Role.HR):
        raise PermissionDenied("Only HR staff answer contested suggestions and conversation requests.")
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


def unanswered(owner_id: int | None = None) -> Select:
    """Contests and conversation requests still waiting for HR, oldest first."""
    return contest_queue(owner_id).where(SuggestionContest.answered_at.is_(None))


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
