"""Figures for HR's first report: the pool today and the outcomes so far."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentpool.models import CaseStatus, Department, Opening, OpeningStatus, OutcomeKind, PoolCase


@dataclass(frozen=True)
class DepartmentRow:
    department: str
    open_cases: int
    reassigned: int
    exit_package: int
    resigned: int


@dataclass(frozen=True)
class PoolSummary:
    open_cases: int  # in the pool, including people on trial (their case is not decided yet)
    on_trial: int
    overdue_cases: int
    closed_cases: int
    outcomes: dict[OutcomeKind, int]
    average_days_to_outcome: float | None
    open_openings: int
    free_places: int
    by_department: list[DepartmentRow]

    @property
    def placement_rate(self) -> float | None:
        """Share of closed cases that ended in a reassignment: the pool's purpose."""
        if not self.closed_cases:
            return None
        return self.outcomes[OutcomeKind.REASSIGNED] / self.closed_cases


def pool_summary(session: Session, today: date) -> PoolSummary:
    """Counts over all cases; a handful of aggregate queries whatever the pool's size."""
    in_progress = dict(
        session.execute(
            select(PoolCase.status, func.count()).where(PoolCase.status != CaseStatus.CLOSED).group_by(PoolCase.status)
        ).all()
    )
    overdue = session.scalar(
        select(func.count()).where(PoolCase.status == CaseStatus.OPEN, PoolCase.deadline < today)
    ) or 0
    outcome_counts = dict(
        session.execute(
            select(PoolCase.outcome_kind, func.count())
            .where(PoolCase.status == CaseStatus.CLOSED)
            .group_by(PoolCase.outcome_kind)
        ).all()
    )
    outcomes = {kind: outcome_counts.get(kind, 0) for kind in OutcomeKind}
    closed_durations = session.execute(
        select(PoolCase.entered_on, PoolCase.closed_on).where(PoolCase.status == CaseStatus.CLOSED)
    ).all()
    days = [(closed - entered).days for entered, closed in closed_durations if closed is not None]
    open_openings, free_places = session.execute(
        select(func.count(), func.coalesce(func.sum(Opening.headcount - Opening.places_filled), 0)).where(
            Opening.status == OpeningStatus.OPEN
        )
    ).one()

    rows = session.execute(
        select(Department.name, PoolCase.status, PoolCase.outcome_kind, func.count())
        .join(PoolCase, PoolCase.eliminated_department_id == Department.id)
        .group_by(Department.name, PoolCase.status, PoolCase.outcome_kind)
        .order_by(Department.name)
    ).all()
    per_department: dict[str, dict] = {}
    for name, status, kind, count in rows:
        counts = per_department.setdefault(name, {"open": 0} | {k: 0 for k in OutcomeKind})
        counts["open" if status != CaseStatus.CLOSED else kind] += count
    by_department = [
        DepartmentRow(
            name,
            c["open"],
            c[OutcomeKind.REASSIGNED],
            c[OutcomeKind.EXIT_PACKAGE],
            c[OutcomeKind.RESIGNED],
        )
        for name, c in per_department.items()
    ]
    return PoolSummary(
        open_cases=sum(in_progress.values()),
        on_trial=in_progress.get(CaseStatus.TRIAL, 0),
        overdue_cases=overdue,
        closed_cases=sum(outcomes.values()),
        outcomes=outcomes,
        average_days_to_outcome=(sum(days) / len(days)) if days else None,
        open_openings=open_openings,
        free_places=int(free_places),
        by_department=by_department,
    )
