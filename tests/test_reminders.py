"""The daily reminders (`flask send-reminders`): deadlines and trial ends for HR, new suitable openings
for people in the pool; each stored and emailed once, however often the job runs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talentpool.extensions import db
from talentpool.models import (
    Application,
    CaseStatus,
    Interest,
    Notification,
    PoolCase,
    Role,
    Trial,
    TrialStatus,
)
from talentpool.services import links
from talentpool.services.notifications import (
    SUGGESTIONS_PER_RUN,
    NotificationKind,
    deliver_pending,
    send_reminders,
)
from talentpool.services.suggestions import suggestions_for_case
from tests import factories

TODAY = date.today()
BASE_URL = "http://talentpool.example"


class Outbox(list):
    """A `send` that keeps what it was given: (to, subject, body)."""

    def __call__(self, to: str, subject: str, body: str) -> None:
        self.append((to, subject, body))


def _run(send=None, today=TODAY, *, threshold=1.0, **options):
    """One run of the daily job (suggestions off unless a threshold is given)."""
    return send_reminders(
        db.session, today, send=send if send is not None else Outbox(), base_url=BASE_URL,
        suggestion_threshold=threshold, deadline_days=14, trial_days=7, **options,
    )


def _notifications(user_id=None):
    query = select(Notification).order_by(Notification.id)
    if user_id is not None:
        query = query.where(Notification.user_id == user_id)
    return db.session.scalars(query).all()


def _owner():
    return factories.user(Role.HR, email="owner@example.com", full_name="Olga Owner")


def _case_due(days: int, owner=None, name="Kim Lee", **kwargs) -> PoolCase:
    return factories.pool_case(
        factories.employee(name), owner=owner or _owner(), entered_on=TODAY - timedelta(days=60),
        deadline=TODAY + timedelta(days=days), **kwargs,
    )


# --- Deadlines -------------------------------------------------------------------------------------


class TestDeadlines:
    def test_a_deadline_within_14_days_reminds_the_hr_owner_once(self, app_ctx):
        case = _case_due(5)
        outbox = Outbox()

        first, second = _run(outbox), _run(outbox)

        [notification] = _notifications()
        deadline = (TODAY + timedelta(days=5)).isoformat()
        assert notification.user_id == case.hr_owner_id and notification.kind == NotificationKind.DEADLINE
        assert notification.message == f"The pool deadline of Kim Lee is {deadline} (in 5 days)."
        assert notification.link == links.case_page(case.id)
        assert (len(first.reminders), first.delivery.sent) == (1, 1)
        assert (len(second.reminders), second.delivery.sent) == (0, 0)
        [(to, subject, body)] = outbox
        assert to == "owner@example.com" and subject == f"talentpool: {notification.message}"
        assert f"{BASE_URL}/hr/pool/{case.id}" in body

    @pytest.mark.parametrize(("days", "reminded"), [(0, True), (14, True), (15, False)])
    def test_the_window_is_14_days(self, app_ctx, days, reminded):
        _case_due(days)
        assert len(_run().reminders) == (1 if reminded else 0)

    @pytest.mark.parametrize("status", [CaseStatus.TRIAL, CaseStatus.CLOSED])
    def test_cases_no_longer_in_the_pool_have_no_deadline_reminder(self, app_ctx, status):
        _case_due(3, status=status)
        assert _run().reminders == []

    def test_a_moved_deadline_reminds_again(self, app_ctx):
        case = _case_due(5)
        _run()
        db.session.get(PoolCase, case.id).deadline = TODAY + timedelta(days=12)
        db.session.commit()

        again = _run()

        assert [r.message for r in again.reminders] == [
            f"The pool deadline of Kim Lee is {(TODAY + timedelta(days=12)).isoformat()} (in 12 days)."
        ]
        assert len(_notifications()) == 2

    def test_past_the_deadline_the_owner_hears_once_that_the_case_is_overdue(self, app_ctx):
        case = _case_due(1)
        _run()  # the day before: the usual reminder

        after = [_run(today=TODAY + timedelta(days=2)) for _ in range(2)]

        assert [len(run.reminders) for run in after] == [1, 0]
        overdue = _notifications()[-1]
        assert overdue.kind == NotificationKind.OVERDUE and overdue.link == links.case_page(case.id)
        assert overdue.message == (
            f"Kim Lee is past the pool deadline of {case.deadline.isoformat()}: record an outcome or move the deadline."
        )


# --- Trials ----------------------------------------------------------------------------------------


def _trial(ends_in: int, status=TrialStatus.RUNNING, owner=None) -> Trial:
    """A trial ending `ends_in` days from today, on a case on trial (stored directly)."""
    owner = owner or _owner()
    case = factories.pool_case(factories.employee("Sam Trial"), owner=owner, status=CaseStatus.TRIAL)
    opening = factories.opening("Accounting Clerk", department_name="Finance")
    ends_on = TODAY + timedelta(days=ends_in)
    trial = Trial(
        case_id=case.id, opening_id=opening.id, status=status, starts_on=ends_on - timedelta(days=28), ends_on=ends_on,
        previous_title=case.eliminated_title, previous_department_id=case.eliminated_department_id,
        started_by_id=owner.id, failure_reason="Not a fit" if status == TrialStatus.FAILED else None,
    )
    db.session.add(trial)
    db.session.commit()
    return trial


class TestTrials:
    def test_a_trial_ending_within_7_days_reminds_the_hr_owner_once(self, app_ctx):
        trial = _trial(3)

        runs = [_run(), _run()]

        [notification] = _notifications()
        assert notification.kind == NotificationKind.TRIAL_ENDING
        assert notification.message == (
            f"The trial of Sam Trial in Accounting Clerk ends on {trial.ends_on.isoformat()}: "
            "confirm it or record that it failed."
        )
        assert notification.link == links.case_page(trial.case_id)
        assert [len(run.reminders) for run in runs] == [1, 0]

    @pytest.mark.parametrize(
        ("ends_in", "status"), [(8, TrialStatus.RUNNING), (2, TrialStatus.CONFIRMED), (-3, TrialStatus.FAILED)]
    )
    def test_no_reminder_for_a_trial_further_off_or_decided(self, app_ctx, ends_in, status):
        _trial(ends_in, status)
        assert _run().reminders == []

    def test_an_end_passed_without_a_decision_reminds_once_more(self, app_ctx):
        trial = _trial(1)
        _run()

        after = [_run(today=TODAY + timedelta(days=2)) for _ in range(2)]

        assert [len(run.reminders) for run in after] == [1, 0]
        ended = _notifications()[-1]
        assert ended.kind == NotificationKind.TRIAL_ENDED
        assert ended.message == (
            f"The trial of Sam Trial in Accounting Clerk ended on {trial.ends_on.isoformat()} without a decision: "
            "confirm it or record that it failed."
        )


# --- New suitable openings for people in the pool ---------------------------------------------------

SUPPORT_SKILLS = {"Zendesk": 4, "Customer service": 4, "Ticketing systems": 3}


def _member(with_user=True) -> PoolCase:
    person = factories.employee("Robin Member", title="Support Agent", skills=SUPPORT_SKILLS, with_user=with_user)
    return factories.pool_case(person)


def _scores(case_id) -> dict[str, float]:
    case = db.session.get(PoolCase, case_id)
    return {s.opening.title: s.match.score for s in suggestions_for_case(db.session, case, TODAY)}


class TestSuggestions:
    def test_only_openings_scoring_at_least_the_threshold_are_announced(self, app_ctx):
        case = _member()
        strong = factories.opening("Customer Support Specialist", required={"Zendesk": 3, "Customer service": 3})
        factories.opening("Paralegal", department_name="Legal", required={"Westlaw": 3, "Legal research": 3})
        scores = _scores(case.id)
        assert scores["Customer Support Specialist"] > scores["Paralegal"]
        threshold = (scores["Customer Support Specialist"] + scores["Paralegal"]) / 2

        run = _run(threshold=threshold)

        [notification] = _notifications()
        person = case.employee
        assert notification.user_id == person.user_id and notification.kind == NotificationKind.SUGGESTION
        percent = round(scores["Customer Support Specialist"] * 100)
        assert notification.message == (
            f"A new opening suits you: Customer Support Specialist (Customer Success), a {percent}% match."
        )
        assert notification.link == links.my_opening(strong.id)
        assert len(run.reminders) == 1 and _run(threshold=threshold).reminders == []

    def test_nobody_to_tell_without_a_sign_in(self, app_ctx):
        _member(with_user=False)
        factories.opening("Customer Support Specialist", required={"Zendesk": 3})
        assert _run(threshold=0.0).reminders == []

    def test_an_answered_opening_is_not_announced(self, app_ctx):
        case = _member()
        declined = factories.opening("Customer Support Specialist", required={"Zendesk": 3})
        db.session.add(Application(case_id=case.id, opening_id=declined.id, interest=Interest.DECLINED))
        db.session.commit()
        assert _run(threshold=0.0).reminders == []

    def test_at_most_three_a_run_best_first_the_rest_on_the_next_run(self, app_ctx):
        case = _member()
        for n in range(SUGGESTIONS_PER_RUN + 1):
            factories.opening(f"Support role {n}", required={"Zendesk": 3, "Customer service": n + 1})
        ranked = [title for title, _ in sorted(_scores(case.id).items(), key=lambda item: -item[1])]

        runs = [_run(threshold=0.0) for _ in range(3)]

        assert [len(run.reminders) for run in runs] == [3, 1, 0]
        announced = [n.message.split(": ", 1)[1].split(" (")[0] for n in _notifications()]
        assert announced[:3] == ranked[:3] and sorted(announced) == sorted(ranked)


# --- Email: once each, failures kept and retried ---------------------------------------------------


class TestDelivery:
    def test_a_failed_email_keeps_its_error_and_a_later_run_sends_it(self, app_ctx):
        _case_due(5)

        def broken(to, subject, body):
            raise ConnectionRefusedError(111, "Connection refused")

        failed = _run(broken)
        [notification] = _notifications()
        assert (failed.delivery.sent, failed.delivery.failed) == (0, 1)
        assert notification.emailed_at is None and "ConnectionRefusedError" in notification.email_error

        outbox = Outbox()
        retried = _run(outbox)
        db.session.refresh(notification)
        assert (len(retried.reminders), retried.delivery.sent) == (0, 1)
        assert notification.emailed_at is not None and notification.email_error is None
        assert len(outbox) == 1
        assert _run(outbox).delivery.sent == 0 and len(outbox) == 1

    def test_a_delivery_running_at_the_same_time_never_sends_one_twice(self, app_ctx):
        _case_due(5)
        outbox, overlapping = Outbox(), []

        def send_while_another_delivery_runs(to, subject, body):
            overlapping.append(deliver_pending(db.session, outbox, base_url=BASE_URL))
            outbox(to, subject, body)

        _run(send_while_another_delivery_runs)

        assert overlapping[0].sent == 0 and len(outbox) == 1


# --- The command -----------------------------------------------------------------------------------


def _outbox(app):
    return getattr(app.extensions["mailman"], "outbox", [])


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_running_the_command_twice_a_day_stores_and_sends_nothing_twice(app, runner):
    with app.app_context():
        owner = _owner()
        _case_due(5, owner=owner)
        _trial(2, owner=owner)

    first = runner.invoke(args=["send-reminders"])
    second = runner.invoke(args=["send-reminders"])

    assert first.exit_code == 0, first.output
    assert "owner@example.com: The pool deadline of Kim Lee is" in first.output
    assert "owner@example.com: The trial of Sam Trial in Accounting Clerk ends on" in first.output
    assert "2 notifications, 2 emails sent, 0 failed." in first.output
    assert second.output.strip() == "0 notifications, 0 emails sent, 0 failed."
    assert [email.to for email in _outbox(app)] == [["owner@example.com"]] * 2
    with app.app_context():
        assert _count(Notification) == 2


def test_the_command_runs_as_on_a_given_date(app, runner):
    with app.app_context():
        _case_due(5)
    later = (TODAY + timedelta(days=6)).isoformat()

    result = runner.invoke(args=["send-reminders", "--date", later])

    assert "is past the pool deadline" in result.output and "1 notification, 1 email sent, 0 failed." in result.output


def test_a_dry_run_lists_what_is_due_and_changes_nothing(app, runner):
    with app.app_context():
        _case_due(5)

    result = runner.invoke(args=["send-reminders", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "owner@example.com: The pool deadline of Kim Lee is" in result.output
    assert "Dry run: 1 notification would be created; nothing was stored or sent." in result.output
    assert _outbox(app) == []
    with app.app_context():
        assert _count(Notification) == 0
