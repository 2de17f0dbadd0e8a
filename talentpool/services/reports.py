"""HR's reports: the pool over time, outcomes, time in the pool, openings and the matching model at work.

Figures are for a period (`ReportFilters`; by default the 26 weeks up to today) and optionally one
department: the person's former department for case figures, the opening's department for opening
figures. Each section is read with a fixed number of queries whatever the size of the data: GROUP BY
counts, or one compact row per case where a figure needs the dates themselves (weekly snapshots,
quartiles). Each section gives its figures, the charts' series and the tables behind the charts;
a table is also what its CSV download holds (`TABLES`, `csv_rows`).

`pool_summary` (the pool today and all outcomes so far) is kept for other callers.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from talentpool.models import (
    Application,
    CaseStatus,
    DeclineCategory,
    Department,
    Interest,
    Opening,
    OpeningStatus,
    Outcome,
    OutcomeKind,
    PoolCase,
    Trial,
    TrialStatus,
)
from talentpool.services.errors import ValidationError
from talentpool.services.openings import taking_candidates
from talentpool.services.suggestions import missing_skills_in_pool

DEFAULT_WEEKS = 26
MAX_YEARS = 3
# "Came from a suggestion in the person's top 5": the share the model is judged by.
TOP_SUGGESTIONS = 5
# Missing skills listed on the page (the CSV has them all).
SKILLS_SHOWN = 15


# --- Filters ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilters:
    """The period (both days included) and the department the figures are for (None: all)."""

    start: date
    end: date
    department_id: int | None = None

    @classmethod
    def default(cls, today: date, department_id: int | None = None) -> ReportFilters:
        """The 26 weeks up to today."""
        return cls(_weeks_before(today, DEFAULT_WEEKS), today, department_id)

    def query_args(self) -> dict[str, Any]:
        """The filters as the report page's query string has them."""
        args: dict[str, Any] = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        return args | ({"department": self.department_id} if self.department_id else {})


def _weeks_before(end: date, weeks: int) -> date:
    """The first day of the `weeks` weeks that end on `end`."""
    return end - timedelta(weeks=weeks) + timedelta(days=1)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def report_filters(
    today: date, start: date | None = None, end: date | None = None, department_id: int | None = None
) -> ReportFilters:
    """The filters a person asked for: no end means today, no start the 26 weeks up to the end.
    Raises ValidationError naming the field at fault."""
    end = end or today
    start = start or _weeks_before(end, DEFAULT_WEEKS)
    if end > today:
        raise ValidationError(f"The period cannot end after today ({today.isoformat()}).", field="end")
    if end < start:
        raise ValidationError(f"The end is before the start: choose {start.isoformat()} or later.", field="end")
    earliest = _years_before(end, MAX_YEARS)
    if start < earliest:
        raise ValidationError(
            f"A period can be at most {MAX_YEARS} years long: start on {earliest.isoformat()} or later.",
            field="start",
        )
    return ReportFilters(start, end, department_id)


def _case_department(filters: ReportFilters) -> list[ColumnElement[bool]]:
    if filters.department_id is None:
        return []
    return [PoolCase.eliminated_department_id == filters.department_id]


def _opening_department(filters: ReportFilters) -> list[ColumnElement[bool]]:
    if filters.department_id is None:
        return []
    return [Opening.department_id == filters.department_id]


def _closed_in(filters: ReportFilters) -> list[ColumnElement[bool]]:
    """Cases that left the pool in the period (a confirmed trial's case left on the trial's first day)."""
    return [
        PoolCase.status == CaseStatus.CLOSED,
        PoolCase.closed_on.between(filters.start, filters.end),
        *_case_department(filters),
    ]


def _current_reassignment() -> ColumnElement[bool]:
    """Joins a closed case to its reassignment (reopened cases keep earlier outcomes, reversed)."""
    return and_(
        Outcome.case_id == PoolCase.id,
        Outcome.reversed_at.is_(None),
        Outcome.kind == OutcomeKind.REASSIGNED,
    )


# --- Tables and charts -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a report table; `format` says how its values read: text, date (ISO), count, days
    or percent (a share from 0 to 1, written as a percentage)."""

    title: str
    format: str = "count"


@dataclass(frozen=True)
class Table:
    """The figures behind a chart, as the page shows them and the CSV `<name>.csv` holds them;
    the page shows the first `shown` rows when set. The last `totals` rows sum up the others."""

    name: str
    caption: str
    columns: tuple[Column, ...]
    rows: list[tuple]
    shown: int | None = None
    totals: int = 0

    @property
    def shown_rows(self) -> list[tuple]:
        return self.rows[: self.shown] if self.shown is not None else self.rows


@dataclass(frozen=True)
class Series:
    """One data set of a chart: its values in the order of the chart's labels; series with the same
    `stack` are stacked. A value may be a [low, high] pair (a floating bar)."""

    label: str
    values: list[Any]
    stack: str | None = None


@dataclass(frozen=True)
class Chart:
    labels: list[str]
    series: list[Series]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Spread:
    """How many days, for a number of cases: the quartiles (the median in the middle)."""

    count: int
    q1: float | None = None
    median: float | None = None
    q3: float | None = None


def spread(days: Sequence[int]) -> Spread:
    """The quartiles of `days` (inclusive method: they never go beyond the shortest and longest)."""
    if not days:
        return Spread(0)
    if len(days) == 1:
        return Spread(1, float(days[0]), float(days[0]), float(days[0]))
    q1, median, q3 = statistics.quantiles(days, n=4, method="inclusive")
    return Spread(len(days), q1, median, q3)


def csv_rows(table: Table) -> Iterator[Sequence[Any]]:
    """The table as CSV rows: the header, then every row; shares as percentages with one decimal."""
    yield [f"{c.title} (%)" if c.format == "percent" else c.title for c in table.columns]
    for row in table.rows:
        yield [
            round(value * 100, 1) if column.format == "percent" and value is not None else value
            for column, value in zip(table.columns, row)
        ]


def csv_filename(table: Table, filters: ReportFilters) -> str:
    return f"talentpool-{table.name}-{filters.start.isoformat()}-to-{filters.end.isoformat()}.csv"


# --- The pool over time ------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    """A Monday-to-Sunday week, cut to the period at either end."""

    starts_on: date
    ends_on: date


def weeks_of(filters: ReportFilters) -> list[Week]:
    weeks = []
    first = filters.start
    while first <= filters.end:
        last = min(first + timedelta(days=6 - first.weekday()), filters.end)
        weeks.append(Week(first, last))
        first = last + timedelta(days=1)
    return weeks


@dataclass(frozen=True)
class WeekFigures:
    """The pool on the week's last day (by status), and who entered and left it during the week."""

    week: Week
    in_pool: int  # looking, before their deadline
    overdue: int  # looking, past their deadline
    on_trial: int
    entered: int
    left: dict[OutcomeKind, int]

    @property
    def size(self) -> int:
        return self.in_pool + self.overdue + self.on_trial


@dataclass(frozen=True)
class PoolOverTime:
    weeks: list[WeekFigures]

    @property
    def _labels(self) -> list[str]:
        """Short week labels for a chart's axis ("6 Jan"; with the year when the period spans two)."""
        days = [w.week.starts_on for w in self.weeks]
        with_year = len({d.year for d in days}) > 1
        return [f"{d.day} {d:%b}" + (f" {d:%Y}" if with_year else "") for d in days]

    @property
    def size_chart(self) -> Chart:
        return Chart(self._labels, [
            Series("In the pool, before the deadline", [w.in_pool for w in self.weeks], "pool"),
            Series("In the pool, past the deadline", [w.overdue for w in self.weeks], "pool"),
            Series("On trial in a new role", [w.on_trial for w in self.weeks], "pool"),
        ])

    @property
    def size_table(self) -> Table:
        return Table(
            "pool-size",
            "People in the pool at the end of each week, by status",
            (Column("Week of", "date"), Column("Before the deadline"), Column("Past the deadline"),
             Column("On trial"), Column("In all")),
            [(w.week.starts_on.isoformat(), w.in_pool, w.overdue, w.on_trial, w.size) for w in self.weeks],
        )

    @property
    def movement_chart(self) -> Chart:
        return Chart(self._labels, [
            Series("Entered the pool", [w.entered for w in self.weeks]),
            Series("Left the pool", [sum(w.left.values()) for w in self.weeks]),
        ])

    @property
    def movement_table(self) -> Table:
        return Table(
            "entries-exits",
            "People who entered and left the pool each week, and how they left",
            (Column("Week of", "date"), Column("Entered"), *(Column(f"Left: {k.label.lower()}") for k in OutcomeKind),
             Column("Left in all")),
            [(w.week.starts_on.isoformat(), w.entered, *(w.left[k] for k in OutcomeKind), sum(w.left.values()))
             for w in self.weeks],
        )


def pool_over_time(session: Session, filters: ReportFilters) -> PoolOverTime:
    """Week by week: the pool's size by status on the week's last day, and the entries and exits.

    Two compact queries (the cases and trials that overlap the period); the weeks are counted here.
    Whether someone was past their deadline is judged by the deadline as it stands today.
    """
    cases = session.execute(
        select(PoolCase.id, PoolCase.entered_on, PoolCase.deadline, PoolCase.status, PoolCase.outcome_kind,
               PoolCase.closed_on)
        .where(
            PoolCase.entered_on <= filters.end,
            or_(PoolCase.closed_on.is_(None), PoolCase.closed_on >= filters.start),
            *_case_department(filters),
        )
    ).all()
    # A running or failed trial kept its person in the pool, on trial; a confirmed one closed the case.
    trial_spans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for case_id, starts_on, decided_on in session.execute(
        select(Trial.case_id, Trial.starts_on, Trial.decided_on)
        .join(PoolCase, Trial.case_id == PoolCase.id)
        .where(
            Trial.status.in_([TrialStatus.RUNNING, TrialStatus.FAILED]),
            Trial.starts_on <= filters.end,
            or_(Trial.decided_on.is_(None), Trial.decided_on > filters.start),
            *_case_department(filters),
        )
    ):
        trial_spans[case_id].append((starts_on, decided_on))

    weeks = weeks_of(filters)
    ends = [w.ends_on for w in weeks]
    in_pool, overdue, on_trial, entered = ([0] * len(weeks) for _ in range(4))
    left: list[Counter[OutcomeKind]] = [Counter() for _ in weeks]
    for case_id, entered_on, deadline, status, kind, closed_on in cases:
        if entered_on >= filters.start:
            entered[bisect_left(ends, entered_on)] += 1
        closed = status == CaseStatus.CLOSED and closed_on is not None
        if closed and closed_on <= filters.end:
            left[bisect_left(ends, closed_on)][kind] += 1
        # In the pool on day d: entered_on <= d < closed_on.
        last = bisect_left(ends, closed_on) if closed else len(weeks)
        for index in range(bisect_left(ends, entered_on), last):
            day = ends[index]
            if any(start <= day and (stop is None or day < stop) for start, stop in trial_spans[case_id]):
                on_trial[index] += 1
            elif day > deadline:
                overdue[index] += 1
            else:
                in_pool[index] += 1
    return PoolOverTime([
        WeekFigures(week, in_pool[i], overdue[i], on_trial[i], entered[i], {k: left[i][k] for k in OutcomeKind})
        for i, week in enumerate(weeks)
    ])


# --- Outcomes and time in the pool ------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentOutcomes:
    """How the cases of one former department ended in the period, and the trials that failed."""

    department: str
    counts: dict[OutcomeKind, int]
    trials_failed: int

    @property
    def closed(self) -> int:
        return sum(self.counts.values())

    @property
    def placement_rate(self) -> float | None:
        return _share(self.counts[OutcomeKind.REASSIGNED], self.closed)


@dataclass(frozen=True)
class Flow:
    """People of one former department reassigned into (or failing a trial in) another department."""

    from_department: str
    to_department: str
    reassigned: int
    trials_failed: int

    @property
    def label(self) -> str:
        return f"{self.from_department} → {self.to_department}"


@dataclass(frozen=True)
class OutcomeTimes:
    """Days in the pool before one kind of outcome, and how many of those cases closed after their deadline."""

    label: str
    days: Spread
    past_deadline: int


@dataclass(frozen=True)
class Outcomes:
    by_department: list[DepartmentOutcomes]
    flows: list[Flow]
    times: list[OutcomeTimes]  # one per kind of outcome, then all closed cases

    @property
    def totals(self) -> DepartmentOutcomes:
        return DepartmentOutcomes(
            "All departments",
            {k: sum(d.counts[k] for d in self.by_department) for k in OutcomeKind},
            sum(d.trials_failed for d in self.by_department),
        )

    @property
    def department_chart(self) -> Chart:
        rows = self.by_department
        return Chart([d.department for d in rows], [
            *(Series(k.label, [d.counts[k] for d in rows], "closed") for k in OutcomeKind),
            Series("Trials failed", [d.trials_failed for d in rows], "trials"),
        ])

    @property
    def department_table(self) -> Table:
        return Table(
            "outcomes-by-department",
            "How cases ended, by the person's former department",
            (Column("Former department", "text"), *(Column(k.label) for k in OutcomeKind), Column("Closed in all"),
             Column("Placement rate", "percent"), Column("Trials failed")),
            [(d.department, *(d.counts[k] for k in OutcomeKind), d.closed, d.placement_rate, d.trials_failed)
             for d in [*self.by_department, self.totals]],
            totals=1,
        )

    @property
    def flow_chart(self) -> Chart:
        return Chart([f.label for f in self.flows], [
            Series("Reassigned", [f.reassigned for f in self.flows]),
            Series("Trials failed", [f.trials_failed for f in self.flows]),
        ])

    @property
    def flow_table(self) -> Table:
        return Table(
            "outcome-flows",
            "Where people went: former department to the department of the new role",
            (Column("From", "text"), Column("To", "text"), Column("Reassigned"), Column("Trials failed")),
            [(f.from_department, f.to_department, f.reassigned, f.trials_failed) for f in self.flows],
        )

    @property
    def times_chart(self) -> Chart:
        return Chart([t.label for t in self.times], [
            Series("First to third quartile", [[t.days.q1, t.days.q3] if t.days.count else None for t in self.times]),
            Series("Median", [t.days.median for t in self.times]),
        ])

    @property
    def times_table(self) -> Table:
        return Table(
            "time-to-outcome",
            "Days in the pool before each outcome, and cases that closed after their deadline",
            (Column("Outcome", "text"), Column("Cases"), Column("First quartile", "days"),
             Column("Median", "days"), Column("Third quartile", "days"), Column("Closed after the deadline")),
            [(t.label, t.days.count, t.days.q1, t.days.median, t.days.q3, t.past_deadline) for t in self.times],
            totals=1,
        )


def outcomes(session: Session, filters: ReportFilters) -> Outcomes:
    """The cases that closed in the period, by former department and by where people went, with the
    time they spent in the pool; and the trials that failed in the period. Three queries."""
    closed = session.execute(
        select(Department.name, PoolCase.outcome_kind, PoolCase.entered_on, PoolCase.closed_on, PoolCase.deadline)
        .join(Department, PoolCase.eliminated_department_id == Department.id)
        .where(*_closed_in(filters))
    ).all()
    former, target = aliased(Department), aliased(Department)
    reassigned = session.execute(
        select(former.name, target.name, func.count())
        .select_from(PoolCase)
        .join(Outcome, _current_reassignment())
        .join(Opening, Outcome.opening_id == Opening.id)
        .join(former, PoolCase.eliminated_department_id == former.id)
        .join(target, Opening.department_id == target.id)
        .where(*_closed_in(filters), PoolCase.outcome_kind == OutcomeKind.REASSIGNED)
        .group_by(former.name, target.name)
    ).all()
    failed = session.execute(
        select(former.name, target.name, func.count())
        .select_from(Trial)
        .join(PoolCase, Trial.case_id == PoolCase.id)
        .join(Opening, Trial.opening_id == Opening.id)
        .join(former, PoolCase.eliminated_department_id == former.id)
        .join(target, Opening.department_id == target.id)
        .where(
            Trial.status == TrialStatus.FAILED,
            Trial.decided_on.between(filters.start, filters.end),
            *_case_department(filters),
        )
        .group_by(former.name, target.name)
    ).all()

    counts: dict[str, Counter[OutcomeKind]] = defaultdict(Counter)
    days: dict[OutcomeKind, list[int]] = defaultdict(list)
    late: Counter[OutcomeKind] = Counter()
    for department, kind, entered_on, closed_on, deadline in closed:
        counts[department][kind] += 1
        days[kind].append((closed_on - entered_on).days)
        if closed_on > deadline:
            late[kind] += 1
    failed_from: Counter[str] = Counter()
    flows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for from_name, to_name, count in reassigned:
        flows[from_name, to_name][0] += count
    for from_name, to_name, count in failed:
        flows[from_name, to_name][1] += count
        failed_from[from_name] += count

    by_department = [
        DepartmentOutcomes(name, {k: counts[name][k] for k in OutcomeKind}, failed_from[name])
        for name in sorted(counts.keys() | failed_from.keys())
    ]
    times = [OutcomeTimes(k.label, spread(days[k]), late[k]) for k in OutcomeKind]
    every_case = [d for k in OutcomeKind for d in days[k]]
    times.append(OutcomeTimes("All closed cases", spread(every_case), sum(late.values())))
    return Outcomes(
        by_department,
        [Flow(f, t, r, x) for (f, t), (r, x) in sorted(flows.items(), key=lambda item: (-sum(item[1]), item[0]))],
        times,
    )


# --- Openings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentOpenings:
    department: str
    open_openings: int  # taking candidates today
    open_places: int
    filled_from_pool: int  # in the period
    days_to_fill: Spread


@dataclass(frozen=True)
class OpeningsReport:
    by_department: list[DepartmentOpenings]
    days_to_fill: Spread  # all departments
    undated_fills: int  # places taken before the opening was recorded (e.g. imported later): no time to fill

    @property
    def filled_from_pool(self) -> int:
        return sum(d.filled_from_pool for d in self.by_department)

    @property
    def open_openings(self) -> int:
        return sum(d.open_openings for d in self.by_department)

    @property
    def open_places(self) -> int:
        return sum(d.open_places for d in self.by_department)

    @property
    def chart(self) -> Chart:
        rows = self.by_department
        return Chart([d.department for d in rows], [
            Series("Open places today", [d.open_places for d in rows]),
            Series("Places filled from the pool in the period", [d.filled_from_pool for d in rows]),
        ])

    @property
    def table(self) -> Table:
        rows = [*self.by_department, DepartmentOpenings(
            "All departments", self.open_openings, self.open_places, self.filled_from_pool, self.days_to_fill)]
        return Table(
            "openings",
            "Openings by department: open places today, places filled from the pool and days to fill them",
            (Column("Department", "text"), Column("Open openings"), Column("Open places"),
             Column("Filled from the pool"), Column("Days to fill: first quartile", "days"),
             Column("Days to fill: median", "days"), Column("Days to fill: third quartile", "days")),
            [(d.department, d.open_openings, d.open_places, d.filled_from_pool,
              d.days_to_fill.q1, d.days_to_fill.median, d.days_to_fill.q3) for d in rows],
            totals=1,
        )


def _created_on(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def openings_report(session: Session, filters: ReportFilters, today: date) -> OpeningsReport:
    """Open places today by department, and the places people from the pool took in the period with the
    days from the opening's posting to the first day in the role. Two queries."""
    open_now = session.execute(
        select(Department.name, func.count(), func.sum(Opening.headcount - Opening.places_filled))
        .join(Department, Opening.department_id == Department.id)
        .where(taking_candidates(today), *_opening_department(filters))
        .group_by(Department.name)
    ).all()
    fills = session.execute(
        select(Department.name, PoolCase.closed_on, Opening.created_at)
        .select_from(PoolCase)
        .join(Outcome, _current_reassignment())
        .join(Opening, Outcome.opening_id == Opening.id)
        .join(Department, Opening.department_id == Department.id)
        .where(
            PoolCase.status == CaseStatus.CLOSED,
            PoolCase.outcome_kind == OutcomeKind.REASSIGNED,
            PoolCase.closed_on.between(filters.start, filters.end),
            *_opening_department(filters),
        )
    ).all()
    openings_by = {name: (count, int(places or 0)) for name, count, places in open_now}
    filled: Counter[str] = Counter()
    days: dict[str, list[int]] = defaultdict(list)
    undated = 0
    for name, filled_on, created_at in fills:
        filled[name] += 1
        waited = (filled_on - _created_on(created_at)).days
        if waited < 0:
            undated += 1
        else:
            days[name].append(waited)
    rows = [
        DepartmentOpenings(name, *openings_by.get(name, (0, 0)), filled[name], spread(days[name]))
        for name in sorted(openings_by.keys() | filled.keys())
    ]
    return OpeningsReport(rows, spread([d for name in days for d in days[name]]), undated)


# --- The matching model at work -------------------------------------------------------------------

NOT_RECORDED = "Not recorded (reassigned without a trial)"
NOT_SUGGESTED = "Not among the person's suggestions"
RANK_LABELS = ("Suggestion #1", f"Suggestions #2 to #{TOP_SUGGESTIONS}",
               f"Suggestion #{TOP_SUGGESTIONS + 1} or lower", NOT_SUGGESTED, NOT_RECORDED)


def _rank_label(rank: int | None) -> str:
    if rank is None:
        return NOT_SUGGESTED
    if rank == 1:
        return RANK_LABELS[0]
    return RANK_LABELS[1] if rank <= TOP_SUGGESTIONS else RANK_LABELS[2]


@dataclass(frozen=True)
class SuggestionRanks:
    """Where the opening stood in the person's suggestions when the trial started, for the
    reassignments and for every trial started in the period."""

    reassigned: dict[str, int]  # by RANK_LABELS
    trials_started: dict[str, int]

    @property
    def reassigned_with_rank(self) -> int:
        """Reassignments whose trial recorded the suggestion (the share below is of these)."""
        return sum(v for k, v in self.reassigned.items() if k != NOT_RECORDED)

    @property
    def from_top(self) -> int:
        """Reassignments into one of the person's top `TOP_SUGGESTIONS` suggestions."""
        return self.reassigned[RANK_LABELS[0]] + self.reassigned[RANK_LABELS[1]]

    @property
    def not_recorded(self) -> int:
        return self.reassigned[NOT_RECORDED]

    @property
    def top_share(self) -> float | None:
        return _share(self.from_top, self.reassigned_with_rank)

    @property
    def any(self) -> bool:
        return any(self.reassigned.values()) or any(self.trials_started.values())

    @property
    def chart(self) -> Chart:
        return Chart(list(RANK_LABELS), [
            Series("Reassignments", [self.reassigned[k] for k in RANK_LABELS]),
            Series("Trials started", [self.trials_started[k] for k in RANK_LABELS]),
        ])

    @property
    def table(self) -> Table:
        with_rank = self.reassigned_with_rank
        return Table(
            "suggestion-ranks",
            "Which suggestion led to each reassignment and trial",
            (Column("Where the opening stood", "text"), Column("Reassignments"),
             Column("Share of reassignments", "percent"), Column("Trials started")),
            [(k, self.reassigned[k], _share(self.reassigned[k], with_rank) if k != NOT_RECORDED else None,
              self.trials_started[k]) for k in RANK_LABELS],
        )


def suggestion_ranks(session: Session, filters: ReportFilters) -> SuggestionRanks:
    """Reassignments in the period by the suggestion rank their trial recorded; trials started in the
    period likewise. Two GROUP BY queries."""
    recorded = Outcome.trial_id.is_not(None)
    reassigned: Counter[str] = Counter()
    for has_trial, rank, count in session.execute(
        select(recorded, Trial.suggestion_rank, func.count())
        .select_from(PoolCase)
        .join(Outcome, _current_reassignment())
        .outerjoin(Trial, Outcome.trial_id == Trial.id)
        .where(*_closed_in(filters), PoolCase.outcome_kind == OutcomeKind.REASSIGNED)
        .group_by(recorded, Trial.suggestion_rank)
    ):
        reassigned[_rank_label(rank) if has_trial else NOT_RECORDED] += count
    started: Counter[str] = Counter()
    for rank, count in session.execute(
        select(Trial.suggestion_rank, func.count())
        .join(PoolCase, Trial.case_id == PoolCase.id)
        .where(Trial.starts_on.between(filters.start, filters.end), *_case_department(filters))
        .group_by(Trial.suggestion_rank)
    ):
        started[_rank_label(rank)] += count
    return SuggestionRanks({k: reassigned[k] for k in RANK_LABELS}, {k: started[k] for k in RANK_LABELS})


NO_REASON = "no reason from the list"


@dataclass(frozen=True)
class Answers:
    """People's answers to openings (suggested or found themselves) in the period."""

    interested: int
    declined: dict[str, int]  # by the reason's label, NO_REASON for answers given before the list

    @property
    def total(self) -> int:
        return self.interested + self.declined_total

    @property
    def declined_total(self) -> int:
        return sum(self.declined.values())

    @property
    def interest_rate(self) -> float | None:
        return _share(self.interested, self.total)

    @property
    def decline_rate(self) -> float | None:
        return _share(self.declined_total, self.total)

    def _rows(self) -> list[tuple[str, int]]:
        return [("Interested", self.interested), *((f"Declined: {k}", v) for k, v in self.declined.items())]

    @property
    def chart(self) -> Chart:
        rows = self._rows()
        return Chart([label for label, _ in rows], [Series("Answers", [count for _, count in rows])])

    @property
    def table(self) -> Table:
        return Table(
            "answers",
            "Answers to openings: interested, or declined and why",
            (Column("Answer", "text"), Column("Answers"), Column("Share of answers", "percent")),
            [(label, count, _share(count, self.total)) for label, count in self._rows()],
        )


def answers(session: Session, filters: ReportFilters) -> Answers:
    """Interested and declined answers on applications created in the period, declines by reason. One query."""
    start = datetime.combine(filters.start, time.min, UTC)
    end = datetime.combine(filters.end + timedelta(days=1), time.min, UTC)
    counts = dict(
        ((interest, category), count)
        for interest, category, count in session.execute(
            select(Application.interest, Application.decline_category, func.count())
            .join(PoolCase, Application.case_id == PoolCase.id)
            .where(
                Application.interest.is_not(None),
                Application.created_at >= start,
                Application.created_at < end,
                *_case_department(filters),
            )
            .group_by(Application.interest, Application.decline_category)
        )
    )
    declined = {c.label: counts.get((Interest.DECLINED, c), 0) for c in DeclineCategory}
    declined[NO_REASON] = counts.get((Interest.DECLINED, None), 0)
    return Answers(sum(v for (interest, _), v in counts.items() if interest == Interest.INTERESTED), declined)


@dataclass(frozen=True)
class SkillGap:
    skill: str
    people: int  # people in the pool lacking it for at least one of their top suggestions
    suggestions: int  # top suggestions that require it of someone who lacks it


@dataclass(frozen=True)
class MissingSkills:
    """Required skills people in the pool lack for their top suggestions: where training would help."""

    people_ranked: int
    gaps: list[SkillGap]  # the most common first

    @property
    def chart(self) -> Chart:
        shown = self.gaps[:SKILLS_SHOWN]
        return Chart([g.skill for g in shown], [Series("People missing it", [g.people for g in shown])])

    @property
    def table(self) -> Table:
        return Table(
            "missing-skills",
            f"Required skills people in the pool lack for their top {TOP_SUGGESTIONS} suggestions",
            (Column("Skill", "text"), Column("People missing it"), Column("Suggestions that require it")),
            [(g.skill, g.people, g.suggestions) for g in self.gaps],
            shown=SKILLS_SHOWN,
        )


def missing_skills(session: Session, filters: ReportFilters, today: date) -> MissingSkills:
    """Today's pool (not the period): every open case's top suggestions from the matcher, and the
    required skills each person lacks for them, counted by person and by suggestion."""
    by_case = missing_skills_in_pool(session, today, TOP_SUGGESTIONS)
    if filters.department_id is not None and by_case:
        wanted = set(session.scalars(
            select(PoolCase.id).where(PoolCase.status == CaseStatus.OPEN, *_case_department(filters))
        ))
        by_case = {case_id: gaps for case_id, gaps in by_case.items() if case_id in wanted}
    people: Counter[str] = Counter()
    suggestions: Counter[str] = Counter()
    for gaps in by_case.values():
        people.update({skill for skills in gaps for skill in skills})
        suggestions.update(skill for skills in gaps for skill in skills)
    ordered = sorted(people, key=lambda skill: (-people[skill], -suggestions[skill], skill.lower()))
    return MissingSkills(len(by_case), [SkillGap(s, people[s], suggestions[s]) for s in ordered])


# --- Pool health ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolNow:
    """The pool today, whatever the period."""

    in_pool: int  # looking or on trial
    on_trial: int
    overdue: int  # looking, past their deadline


def pool_now(session: Session, filters: ReportFilters, today: date) -> PoolNow:
    """One query."""
    on_trial = case((PoolCase.status == CaseStatus.TRIAL, 1), else_=0)
    overdue = case((and_(PoolCase.status == CaseStatus.OPEN, PoolCase.deadline < today), 1), else_=0)
    total, trials, late = session.execute(
        select(func.count(PoolCase.id), func.coalesce(func.sum(on_trial), 0), func.coalesce(func.sum(overdue), 0))
        .where(PoolCase.status != CaseStatus.CLOSED, *_case_department(filters))
    ).one()
    return PoolNow(total, int(trials), int(late))


@dataclass(frozen=True)
class PoolHealth:
    """The headline: is the pool placing people, or drifting into a quiet layoff?"""

    outcomes: DepartmentOutcomes  # all departments chosen, in the period
    now: PoolNow
    open_openings: int
    open_places: int

    @property
    def reassigned(self) -> int:
        return self.outcomes.counts[OutcomeKind.REASSIGNED]

    @property
    def exit_packages(self) -> int:
        return self.outcomes.counts[OutcomeKind.EXIT_PACKAGE]

    @property
    def resignations(self) -> int:
        return self.outcomes.counts[OutcomeKind.RESIGNED]

    @property
    def exits(self) -> int:
        """People who left the company from the pool: exit packages and resignations."""
        return self.exit_packages + self.resignations

    @property
    def placement_rate(self) -> float | None:
        """Reassigned, of the cases closed in the period."""
        return self.outcomes.placement_rate

    @property
    def drifting(self) -> bool:
        """More people left the company than were placed: the pool is working as a quiet layoff."""
        return self.exits > self.reassigned


# --- The whole page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    filters: ReportFilters
    health: PoolHealth
    over_time: PoolOverTime
    outcomes: Outcomes
    openings: OpeningsReport
    ranks: SuggestionRanks
    answers: Answers
    missing_skills: MissingSkills


def full_report(session: Session, filters: ReportFilters, today: date) -> Report:
    """Every section of the reports page: about fifteen queries, whatever the size of the data."""
    closed = outcomes(session, filters)
    openings = openings_report(session, filters, today)
    return Report(
        filters=filters,
        health=PoolHealth(closed.totals, pool_now(session, filters, today), openings.open_openings,
                          openings.open_places),
        over_time=pool_over_time(session, filters),
        outcomes=closed,
        openings=openings,
        ranks=suggestion_ranks(session, filters),
        answers=answers(session, filters),
        missing_skills=missing_skills(session, filters, today),
    )


# The report's tables by name, each read on its own for its CSV download.
TABLES: dict[str, Callable[[Session, ReportFilters, date], Table]] = {
    "pool-size": lambda session, filters, today: pool_over_time(session, filters).size_table,
    "entries-exits": lambda session, filters, today: pool_over_time(session, filters).movement_table,
    "outcomes-by-department": lambda session, filters, today: outcomes(session, filters).department_table,
    "outcome-flows": lambda session, filters, today: outcomes(session, filters).flow_table,
    "time-to-outcome": lambda session, filters, today: outcomes(session, filters).times_table,
    "openings": lambda session, filters, today: openings_report(session, filters, today).table,
    "suggestion-ranks": lambda session, filters, today: suggestion_ranks(session, filters).table,
    "answers": lambda session, filters, today: answers(session, filters).table,
    "missing-skills": lambda session, filters, today: missing_skills(session, filters, today).table,
}


# --- The pool today and all outcomes so far (kept for other callers) ---------------------------------


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
