"""HR's start page, "Today in the pool": what needs a person's attention now, as five short lists.

Each list is a count and its first few items, read with a fixed number of queries whatever the size
of the pool (one count and one page per list; related rows are loaded with them, never per row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Load, Session, contains_eager, defaultload

from talentpool.models import (
    Application,
    ApplicationStage,
    CaseStatus,
    Employee,
    Interest,
    Opening,
    PoolCase,
    SuggestionContest,
    Trial,
    TrialStatus,
    User,
)
from talentpool.services import applications, contests, openings, pool

# Open cases whose deadline falls within this many days (or has passed) are listed.
DEADLINE_WINDOW_DAYS = 14
# Items shown per list; the rest are a link away.
PANEL_SIZE = 10


@dataclass(frozen=True)
class Panel:
    """One list of the dashboard: how many there are in all, and the first `PANEL_SIZE` of them."""

    count: int
    items: list[Any]

    @property
    def more(self) -> int:
        return self.count - len(self.items)


@dataclass(frozen=True)
class Dashboard:
    deadlines: Panel  # open cases due within the window or overdue, most urgent first (PoolCase)
    offers: Panel  # managers' offers HR has not yet turned into a reassignment (Application)
    unanswered: Panel  # contests and conversation requests waiting for HR, oldest first (SuggestionContest)
    interested: Panel  # people who said yes to an opening whose manager has not acted yet (Application)
    trials: Panel  # running trials ending within the window or past their end, soonest first (Trial)


def deadlines_query(today: date, owner_id: int | None = None) -> Select:
    """Open cases due within the window or already overdue: the pool list with the same filter."""
    query = pool.pool_query(pool.PoolFilters(status="open", max_days_left=DEADLINE_WINDOW_DAYS), today)
    return query.where(PoolCase.hr_owner_id == owner_id) if owner_id is not None else query


def interested_waiting_query(today: date, owner_id: int | None = None) -> Select:
    """Interested answers on open cases for openings still taking candidates, where the manager has not
    shortlisted, turned down or made an offer yet; the longest waiting first."""
    query = (
        select(Application)
        .join(Application.case)
        .join(Application.opening)
        .where(
            Application.interest == Interest.INTERESTED,
            Application.stage == ApplicationStage.NEW,
            PoolCase.status == CaseStatus.OPEN,
            openings.taking_candidates(today),
        )
        .options(contains_eager(Application.case), contains_eager(Application.opening), *_application_options())
        .order_by(Application.updated_at, Application.id)
    )
    return query.where(PoolCase.hr_owner_id == owner_id) if owner_id is not None else query


def trials_ending_query(today: date, owner_id: int | None = None) -> Select:
    """Running trials that end within the window, or ended without a decision; soonest end first."""
    query = (
        select(Trial)
        .join(Trial.case)
        .where(Trial.status == TrialStatus.RUNNING, Trial.ends_on <= today + timedelta(days=DEADLINE_WINDOW_DAYS))
        .options(contains_eager(Trial.case), *_case_options(defaultload(Trial.case)), defaultload(Trial.opening).lazyload(Opening.skills),
                 defaultload(Trial.opening).defaultload(Opening.manager).lazyload(User.role_rows))
        .order_by(Trial.ends_on, Trial.id)
    )
    return query.where(PoolCase.hr_owner_id == owner_id) if owner_id is not None else query


def _panel(session: Session, query: Select, *options: Any) -> Panel:
    count = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return Panel(count=count or 0, items=list(session.scalars(query.options(*options).limit(PANEL_SIZE))))


# The lists show names, titles and dates only: the collections the models load eagerly by default
# (skills, roles) are left unloaded rather than read with a query each.
def _case_options(path: Load | None = None) -> list[Load]:
    def at(attribute: Any) -> Load:
        return path.defaultload(attribute) if path is not None else defaultload(attribute)

    return [
        at(PoolCase.employee).lazyload(Employee.skills),
        at(PoolCase.hr_owner).lazyload(User.role_rows),
    ]


def _application_options() -> list[Load]:
    opening = defaultload(Application.opening)
    return [
        *_case_options(defaultload(Application.case)),
        opening.lazyload(Opening.skills),
        opening.defaultload(Opening.manager).lazyload(User.role_rows),
    ]


def today_in_the_pool(session: Session, today: date, owner_id: int | None = None) -> Dashboard:
    """The five lists, on the cases `owner_id` owns, or on all cases when it is None."""
    return Dashboard(
        deadlines=_panel(session, deadlines_query(today, owner_id), *_case_options()),
        offers=_panel(session, applications.pending_offers_query(owner_id), *_application_options()),
        unanswered=_panel(
            session, contests.unanswered(owner_id), *_case_options(defaultload(SuggestionContest.case))
        ),
        interested=_panel(session, interested_waiting_query(today, owner_id)),
        trials=_panel(session, trials_ending_query(today, owner_id)),
    )
