"""Two people acting on the same record at the same moment, on real connections.

Each race runs two service calls in two threads, each with its own app context, session and
database connection. On PostgreSQL the race is forced, not hoped for: whichever transaction is
about to commit first waits until the other is blocked on a row lock behind it, so both really
overlap. SQLite serialises writers with its database lock, so there the two calls still start
together (a barrier) and must give the same single winner.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from talentpool.extensions import db
from talentpool.models import AuditEvent, Opening, OpeningStatus, Outcome, OutcomeKind, Role, Trial, User
from talentpool.services import pool
from talentpool.services.errors import DomainError, InvalidTransition, ValidationError
from tests import factories

TODAY = date.today()
WAIT_SECONDS = 20


def _blocked_backends(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND state = 'active'"
        ))


def race(app, *calls: Callable[[], object]) -> list[object]:
    """Run the calls at once in threads; returns each one's result or the DomainError it raised."""
    results: list[object] = [None] * len(calls)
    start = threading.Barrier(len(calls))
    with app.app_context():
        engine = db.engine
    postgresql = engine.dialect.name == "postgresql"
    first_commit = threading.Lock()
    overlapped = threading.Event()

    def hold_first_commit(session):
        # The first transaction to commit waits here until the other one is queued on its lock.
        if postgresql and first_commit.acquire(blocking=False):
            deadline = time.monotonic() + WAIT_SECONDS
            while time.monotonic() < deadline:
                if _blocked_backends(engine) >= 1:
                    overlapped.set()
                    return
                time.sleep(0.02)

    def run(index: int, call: Callable[[], object]) -> None:
        with app.app_context():
            try:
                start.wait()
                results[index] = call()
            except DomainError as error:
                results[index] = error
            finally:
                db.session.remove()

    event.listen(Session, "before_commit", hold_first_commit)
    try:
        threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=WAIT_SECONDS * 2)
    finally:
        event.remove(Session, "before_commit", hold_first_commit)
    if postgresql:
        assert overlapped.is_set(), "the two transactions never overlapped"
    return results


@pytest.fixture
def last_place(app):
    """One opening with one free place, two people in the pool and two HR staff."""
    with app.app_context():
        opening = factories.opening("Customer Success Associate", headcount=2)
        opening.places_filled = 1
        db.session.commit()
        hr_one, hr_two = factories.user(Role.HR), factories.user(Role.HR)
        cases = [factories.pool_case(factories.employee(), owner=hr) for hr in (hr_one, hr_two)]
        return {"opening": opening.id, "hr": [hr_one.id, hr_two.id], "cases": [c.id for c in cases]}


def test_two_reassignments_to_the_last_free_place_exactly_one_wins(app, last_place):
    def reassign(which):
        def call():
            actor = db.session.get(User, last_place["hr"][which])
            return pool.start_trial(db.session, actor, last_place["cases"][which], opening_id=last_place["opening"],
                                    starts_on=TODAY, trial_period_days=28, today=TODAY)
        return call

    results = race(app, reassign(0), reassign(1))

    winners = [r for r in results if isinstance(r, Trial)]
    losers = [r for r in results if isinstance(r, ValidationError)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert "no free place left" in str(losers[0])
    with app.app_context():
        opening = db.session.get(Opening, last_place["opening"])
        assert (opening.places_filled, opening.headcount, opening.status) == (2, 2, OpeningStatus.FILLED)
        assert db.session.scalar(select(func.count()).select_from(Trial)) == 1
        loser_case = last_place["cases"][results.index(losers[0])]
        assert pool.get_case(db.session, loser_case).is_open  # nothing of the loser's attempt stayed
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "opening.place_filled")) == 1


def test_two_outcomes_recorded_on_one_case_at_once_exactly_one_wins(app):
    with app.app_context():
        hr_one, hr_two = factories.user(Role.HR), factories.user(Role.HR)
        case = factories.pool_case(factories.employee(), owner=hr_one)
        ids = (hr_one.id, hr_two.id, case.id)

    def exit_package():
        actor = db.session.get(User, ids[0])
        return pool.record_exit_package(db.session, actor, ids[2], weeks_of_pay=12, last_working_day=TODAY).kind

    def resignation():
        actor = db.session.get(User, ids[1])
        return pool.record_resignation(db.session, actor, ids[2], resignation_date=TODAY).kind

    results = race(app, exit_package, resignation)

    winners = [r for r in results if isinstance(r, OutcomeKind)]
    losers = [r for r in results if isinstance(r, InvalidTransition)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert "already closed" in str(losers[0])
    with app.app_context():
        closed = pool.get_case(db.session, ids[2])
        assert not closed.is_open and closed.outcome_kind == winners[0]
        assert db.session.scalar(select(func.count()).select_from(Outcome)) == 1
        assert db.session.scalar(select(func.count()).where(AuditEvent.action.like("case.%"),
                                                            AuditEvent.action != "case.opened")) == 1
