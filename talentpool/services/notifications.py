"""Notifications: messages to one user under the bell, emailed through an outbox, and the daily reminders.

`notify` adds a message inside the caller's transaction. `deliver_pending` emails the ones waiting
through any `send(to, subject, body)` callable (the Flask layer passes one built on Flask-Mailman),
so nothing here imports Flask. `send_reminders` is the daily job: each reminder has a dedupe key,
and a user gets a message with a given key once, so running the job twice sends nothing twice.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from talentpool.models import Application, CaseStatus, Employee, Notification, PoolCase, Trial, TrialStatus, User, utcnow
from talentpool.services import links
from talentpool.services.errors import NotFound
from talentpool.services.suggestions import suggestions_for_case

# send(to, subject, body): raises when the message could not be handed to the mail server.
Send = Callable[[str, str, str], None]

# Where `notify` lists the notifications of this session that wait for an email, so the web layer
# can send them once the request is done (and the daily job sends anything left over).
NEW_EMAILS = "talentpool.notifications.new_emails"

# An employee hears of a new suitable opening only if it is among the suggestions their page shows,
# and of at most this many per run (the best first), so a burst of new openings is not a burst of mail.
SUGGESTIONS_RANKED = 10
SUGGESTIONS_PER_RUN = 3
# Dedupe keys are looked up this many at a time (databases cap the parameters of one statement).
KEY_BATCH = 500


class NotificationKind(enum.StrEnum):
    """What a notification is about; stored in `Notification.kind`."""

    INTEREST = "interest"  # manager: a person in the pool is interested in their opening
    SUGGESTION = "suggestion"  # employee: a new opening suits them
    DEADLINE = "deadline"  # HR: a case's pool deadline is near
    OVERDUE = "overdue"  # HR: a case is past its deadline
    TRIAL_ENDING = "trial_ending"  # HR: a trial ends soon
    TRIAL_ENDED = "trial_ended"  # HR: a trial ended without a decision


# --- Storing and reading --------------------------------------------------------------------


def notify(
    session: Session,
    user: User,
    *,
    kind: NotificationKind,
    message: str,
    link: str,
    dedupe_key: str | None = None,
    email: bool = True,
) -> Notification | None:
    """Add a message for `user` to the caller's transaction (no commit), also to be emailed when
    `email` and the account is active. None when the user already has one with this `dedupe_key`."""
    if dedupe_key is not None and session.scalar(
        select(Notification.id).where(Notification.user_id == user.id, Notification.dedupe_key == dedupe_key)
    ):
        return None
    notification = Notification(
        user_id=user.id,
        kind=kind.value,
        message=message,
        link=link,
        dedupe_key=dedupe_key,
        email_to=user.email if email and user.active else None,
    )
    try:
        # Two runs racing past the check above meet the unique (user_id, dedupe_key): the loser's
        # savepoint rolls back alone and the caller's transaction goes on.
        with session.begin_nested():
            session.add(notification)
    except IntegrityError:
        return None
    if notification.email_to:
        session.info.setdefault(NEW_EMAILS, []).append(notification.id)
    return notification


def take_new_emails(session: Session) -> list[int]:
    """The ids `notify` queued for email in this session since the last call."""
    return session.info.pop(NEW_EMAILS, [])


def notifications_query(user_id: int):
    """A user's notifications, newest first."""
    return (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def unread_count(session: Session, user_id: int) -> int:
    """How many of the user's notifications are unread (the number on the bell)."""
    return session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )


def _own(session: Session, user: User, notification_id: int) -> Notification:
    notification = session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound("There is no such notification.")
    return notification


def mark_read(session: Session, user: User, notification_id: int) -> Notification:
    """Mark one of the user's own notifications as read; anyone else's is NotFound."""
    notification = _own(session, user, notification_id)
    if notification.read_at is None:
        notification.read_at = utcnow()
        session.commit()
    return notification


def mark_all_read(session: Session, user: User) -> int:
    """Mark every unread notification of the user as read; returns how many there were."""
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    session.commit()
    return result.rowcount


# --- Email: the outbox ----------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """What one delivery run did."""

    sent: int = 0
    failed: int = 0


def _subject(notification: Notification) -> str:
    first_line = notification.message.splitlines()[0] if notification.message else ""
    return f"talentpool: {first_line[:120]}"


def _body(notification: Notification, base_url: str) -> str:
    """The message, with the full address of its page, and a word on where else it is listed."""
    parts = [notification.message]
    if notification.link:
        parts.append(f"Open it in talentpool: {base_url.rstrip('/')}{notification.link}")
    parts.append("You find this message under the bell in talentpool as well.")
    return "\n\n".join(parts) + "\n"


def _claim(session: Session, notification_id: int) -> bool:
    """Stamp the notification as emailed, unless another delivery got to it first."""
    claimed = session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.emailed_at.is_(None))
        .values(emailed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return claimed.rowcount == 1


def deliver_pending(session: Session, send: Send, *, base_url: str, only_ids: Collection[int] | None = None) -> Delivery:
    """Email each notification that waits for it (only `only_ids`, when given) through `send`.

    Each is claimed and committed before it is sent, so two deliveries running at once never send
    one twice (a crash between the two loses that email rather than sending it twice). When sending
    fails the claim is undone and the error kept, for the next run to retry.
    """
    query = select(Notification).where(Notification.email_to.is_not(None), Notification.emailed_at.is_(None))
    if only_ids is not None:
        query = query.where(Notification.id.in_(list(only_ids)))
    waiting = [
        (n.id, n.email_to, _subject(n), _body(n, base_url))
        for n in session.scalars(query.order_by(Notification.id))
    ]
    sent = failed = 0
    for notification_id, to, subject, body in waiting:
        if not _claim(session, notification_id):
            continue
        notification = session.get(Notification, notification_id)
        try:
            send(to, subject, body)
        except Exception as error:  # noqa: BLE001  the mail server fails in many ways; the rest still go
            notification.emailed_at = None
            notification.email_error = f"{type(error).__name__}: {error}"[:1000]
            failed += 1
        else:
            notification.email_error = None
            sent += 1
        session.commit()
    return Delivery(sent=sent, failed=failed)


# --- What triggers a notification -------------------------------------------------------------


def notify_interest(session: Session, application: Application) -> Notification | None:
    """Tell the opening's manager that a person in the pool is interested (once per application)."""
    opening = application.opening
    return notify(
        session,
        opening.manager,
        kind=NotificationKind.INTEREST,
        message=f"{application.case.employee.full_name} is interested in {opening.title} ({opening.reference}).",
        link=links.opening_candidates(opening.id),
        dedupe_key=f"interest:{application.id}",
    )


@dataclass(frozen=True)
class Reminder:
    """A notification the daily job sends once: to whom, what, and the key that makes it once only."""

    user: User
    kind: NotificationKind
    message: str
    link: str
    dedupe_key: str


@dataclass(frozen=True)
class ReminderRun:
    """What one run of the daily job did (or, in a dry run, would do)."""

    reminders: list[Reminder]
    delivery: Delivery = field(default_factory=Delivery)
    dry_run: bool = False


def _when(days: int) -> str:
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def _deadline_reminders(session: Session, today: date, deadline_days: int) -> Iterator[Reminder]:
    """HR owners of cases in the pool: a deadline within `deadline_days`, or one that has passed.
    The key holds the deadline, so a moved deadline is reminded of again."""
    cases = session.scalars(
        select(PoolCase)
        .where(PoolCase.status == CaseStatus.OPEN, PoolCase.deadline <= today + timedelta(days=deadline_days))
        .order_by(PoolCase.deadline, PoolCase.id)
    ).all()
    for case in cases:
        name, deadline = case.employee.full_name, case.deadline.isoformat()
        if case.is_overdue(today):
            kind, message = NotificationKind.OVERDUE, (
                f"{name} is past the pool deadline of {deadline}: record an outcome or move the deadline."
            )
        else:
            kind, message = NotificationKind.DEADLINE, (
                f"The pool deadline of {name} is {deadline} ({_when(case.days_left(today))})."
            )
        yield Reminder(case.hr_owner, kind, message, links.case_page(case.id), f"{kind}:{case.id}:{deadline}")


def _trial_reminders(session: Session, today: date, trial_days: int) -> Iterator[Reminder]:
    """HR owners of running trials: one that ends within `trial_days`, and one that has ended
    without a decision."""
    trials = session.scalars(
        select(Trial)
        .where(Trial.status == TrialStatus.RUNNING, Trial.ends_on <= today + timedelta(days=trial_days))
        .options(selectinload(Trial.case))
        .order_by(Trial.ends_on, Trial.id)
    ).all()
    for trial in trials:
        case, ends_on = trial.case, trial.ends_on.isoformat()
        about = f"The trial of {case.employee.full_name} in {trial.opening.title}"
        if trial.days_left(today) < 0:
            kind, message = NotificationKind.TRIAL_ENDED, f"{about} ended on {ends_on} without a decision"
        else:
            kind, message = NotificationKind.TRIAL_ENDING, f"{about} ends on {ends_on}"
        yield Reminder(
            case.hr_owner,
            kind,
            f"{message}: confirm it or record that it failed.",
            links.case_page(case.id),
            f"{kind}:{trial.id}:{ends_on}",
        )


def _suggestion_reminders(session: Session, today: date, threshold: float) -> Iterator[Reminder]:
    """People in the pool who sign in: each suggested opening scoring at least `threshold` that they
    have not answered, best first. Once per case and opening, ever."""
    cases = session.scalars(
        select(PoolCase)
        .join(PoolCase.employee)
        .where(PoolCase.status == CaseStatus.OPEN, Employee.user_id.is_not(None))
        .options(joinedload(PoolCase.employee).joinedload(Employee.user))
        .order_by(PoolCase.id)
    ).all()
    for case in cases:
        for suggestion in suggestions_for_case(session, case, today, top_k=SUGGESTIONS_RANKED):
            answered = suggestion.application is not None and suggestion.application.interest is not None
            if suggestion.match.score < threshold or answered:
                continue
            opening = suggestion.opening
            yield Reminder(
                case.employee.user,
                NotificationKind.SUGGESTION,
                f"A new opening suits you: {opening.title} ({opening.department.name}), "
                f"a {round(suggestion.match.score * 100)}% match.",
                links.my_opening(opening.id),
                f"{NotificationKind.SUGGESTION}:{case.id}:{opening.id}",
            )


def _new_only(session: Session, reminders: list[Reminder]) -> list[Reminder]:
    """The reminders their user has not had yet (no notification with the same key)."""
    keys = sorted({r.dedupe_key for r in reminders})
    had: set[tuple[int, str]] = set()
    for start in range(0, len(keys), KEY_BATCH):
        rows = session.execute(
            select(Notification.user_id, Notification.dedupe_key).where(
                Notification.dedupe_key.in_(keys[start : start + KEY_BATCH])
            )
        )
        had.update((user_id, key) for user_id, key in rows)
    return [r for r in reminders if (r.user.id, r.dedupe_key) not in had]


def due_reminders(
    session: Session, today: date, *, suggestion_threshold: float, deadline_days: int, trial_days: int
) -> list[Reminder]:
    """Every reminder due `today` that its user has not had yet; new suggestions at most
    SUGGESTIONS_PER_RUN per person."""
    reminders = _new_only(
        session, [*_deadline_reminders(session, today, deadline_days), *_trial_reminders(session, today, trial_days)]
    )
    per_person: dict[int, int] = {}
    for reminder in _new_only(session, list(_suggestion_reminders(session, today, suggestion_threshold))):
        per_person[reminder.user.id] = per_person.get(reminder.user.id, 0) + 1
        if per_person[reminder.user.id] <= SUGGESTIONS_PER_RUN:
            reminders.append(reminder)
    return reminders


def send_reminders(
    session: Session,
    today: date,
    *,
    send: Send,
    base_url: str,
    suggestion_threshold: float,
    deadline_days: int = 14,
    trial_days: int = 7,
    dry_run: bool = False,
) -> ReminderRun:
    """The daily job: store each reminder due today that was not sent before, then email every
    notification still waiting (earlier failures included). A dry run stores and sends nothing."""
    reminders = due_reminders(
        session, today, suggestion_threshold=suggestion_threshold, deadline_days=deadline_days, trial_days=trial_days
    )
    if dry_run:
        return ReminderRun(reminders, dry_run=True)
    created = [
        r
        for r in reminders
        if notify(session, r.user, kind=r.kind, message=r.message, link=r.link, dedupe_key=r.dedupe_key) is not None
    ]
    session.commit()
    take_new_emails(session)  # delivered just below, with anything left from earlier runs
    return ReminderRun(created, deliver_pending(session, send, base_url=base_url))
