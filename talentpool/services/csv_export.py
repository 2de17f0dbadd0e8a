"""CSV exports of employees, openings, the pool and case outcomes, streamed row by row.

The rows come from the database `YIELD_PER` at a time (`yield_per`) and leave as text at once,
so an export of 50,000 rows neither holds them all in memory nor waits for the last one before
sending the first. Skills are read per batch of rows, with one IN (...) query.

- The files are UTF-8 with a byte-order mark, so spreadsheets show accents correctly.
- Formula injection: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
  (or with `'`) gets a `'` in front, so a spreadsheet shows it as text instead of running it.
  The import removes that `'` again (`csv_import.unguard_cell`).
- The employees and openings exports have the import's columns and import back with no
  changes; the openings export adds `status` and `places_filled`, and the pool export adds
  `full_name`, `status`, `days_left`, `outcome` and `closed_on`, which the import ignores.
"""

from __future__ import annotations

import csv
import enum
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from talentpool.models import (
    CaseStatus,
    Department,
    Employee,
    EmployeeSkill,
    Opening,
    OpeningSkill,
    Outcome,
    PoolCase,
    User,
)
from talentpool.services.csv_import import COLUMNS, ImportKind, format_skills, guard_cell

YIELD_PER = 1000
ROWS_PER_CHUNK = 200  # rows of text sent at once: fewer, larger writes than one per row


class ExportKind(enum.StrEnum):
    """What can be exported."""

    EMPLOYEES = "employees"
    OPENINGS = "openings"
    POOL = "pool"
    OUTCOMES = "outcomes"

    @property
    def label(self) -> str:
        return {
            "employees": "Employees",
            "openings": "Openings",
            "pool": "Pool cases",
            "outcomes": "Case outcomes",
        }[self.value]

    @property
    def description(self) -> str:
        return {
            "employees": "The employee register with skills; imports back as employees.",
            "openings": "Every opening with its skills, status and places filled; imports back as openings.",
            "pool": "Every pool case: employee, status, days left (negative when overdue) and outcome.",
            "outcomes": "Every recorded outcome, including reversed ones, with its terms.",
        }[self.value]


EXPORT_COLUMNS: dict[ExportKind, tuple[str, ...]] = {
    ExportKind.EMPLOYEES: tuple(c.name for c in COLUMNS[ImportKind.EMPLOYEES]),
    ExportKind.OPENINGS: (*(c.name for c in COLUMNS[ImportKind.OPENINGS]), "status", "places_filled"),
    ExportKind.POOL: (
        "employee_number",
        "full_name",
        "eliminated_title",
        "department",
        "reason",
        "entered_on",
        "deadline",
        "hr_owner_email",
        "status",
        "days_left",
        "outcome",
        "closed_on",
    ),
    ExportKind.OUTCOMES: (
        "employee_number",
        "full_name",
        "eliminated_title",
        "department",
        "entered_on",
        "outcome",
        "effective_on",
        "days_in_pool",
        "opening_reference",
        "new_title",
        "weeks_of_pay",
        "last_working_day",
        "resignation_date",
        "notes",
        "recorded_at",
        "recorded_by_email",
        "reversed_at",
        "reversal_reason",
    ),
}


def export_filename(kind: ExportKind, today: date) -> str:
    return f"talentpool-{kind.value}-{today.isoformat()}.csv"


def cell(value: Any) -> Any:
    """A value as written to the file: text guarded against formulas, dates as ISO, None empty."""
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return guard_cell(value)
    return value


def csv_chunks(rows: Iterable[Sequence[Any]], *, bom: bool = True) -> Iterator[str]:
    """CSV text for rows (the header first), a few hundred rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        buffer.write("\ufeff")
    for count, row in enumerate(rows, start=1):
        writer.writerow([cell(value) for value in row])
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate(0)
    if buffer.tell():
        yield buffer.getvalue()


def stream_csv(session: Session, kind: ExportKind, today: date, *, bom: bool = True) -> Iterator[str]:
    """The export of `kind` as CSV text, produced while the rows are read."""
    return csv_chunks(export_rows(session, kind, today), bom=bom)


def export_rows(session: Session, kind: ExportKind, today: date) -> Iterator[Sequence[Any]]:
    """The header, then one row per record, read from the database in batches."""
    yield EXPORT_COLUMNS[kind]
    yield from _ROWS[kind](session, today)


def _partitions(session: Session, query: Select) -> Iterator[Sequence[Any]]:
    """The query's rows, YIELD_PER at a time, without loading them all."""
    result = session.execute(query.execution_options(yield_per=YIELD_PER))
    try:
        yield from result.partitions()
    finally:
        result.close()


def _grouped(session: Session, query: Select) -> dict[int, list[Any]]:
    """Rows of (parent id, *values) grouped by parent id, in the query's order."""
    groups: dict[int, list[Any]] = defaultdict(list)
    for parent_id, *values in session.execute(query):
        groups[parent_id].append(values)
    return groups


def _employee_rows(session: Session, today: date) -> Iterator[Sequence[Any]]:
    query = (
        select(
            Employee.id,
            Employee.employee_number,
            Employee.full_name,
            Employee.email,
            Employee.title,
            Department.name,
            Employee.location,
            Employee.pay_grade,
            Employee.hours,
            Employee.summary,
        )
        .join(Department, Employee.department_id == Department.id)
        .order_by(Employee.employee_number)
    )
    for batch in _partitions(session, query):
        skills = _grouped(
            session,
            select(EmployeeSkill.employee_id, EmployeeSkill.name, EmployeeSkill.level)
            .where(EmployeeSkill.employee_id.in_([row[0] for row in batch]))
            .order_by(EmployeeSkill.employee_id, EmployeeSkill.id),
        )
        for employee_id, *values in batch:
            yield (*values, format_skills(skills[employee_id]))


def _opening_rows(session: Session, today: date) -> Iterator[Sequence[Any]]:
    query = (
        select(
            Opening.id,
            Opening.reference,
            Opening.title,
            Department.name,
            Opening.location,
            Opening.pay_grade,
            Opening.hours,
            Opening.description,
            Opening.headcount,
            Opening.closing_date,
            User.email,
            Opening.status,
            Opening.places_filled,
        )
        .join(Department, Opening.department_id == Department.id)
        .join(User, Opening.manager_id == User.id)
        .order_by(Opening.reference)
    )
    for batch in _partitions(session, query):
        skills = _grouped(
            session,
            select(OpeningSkill.opening_id, OpeningSkill.name, OpeningSkill.required, OpeningSkill.min_level)
            .where(OpeningSkill.opening_id.in_([row[0] for row in batch]))
            .order_by(OpeningSkill.opening_id, OpeningSkill.id),
        )
        for opening_id, *values, status, places_filled in batch:
            required = [(name, level) for name, is_required, level in skills[opening_id] if is_required]
            nice = [(name, None) for name, is_required, _ in skills[opening_id] if not is_required]
            yield (*values, format_skills(required), format_skills(nice), status, places_filled)


def _pool_rows(session: Session, today: date) -> Iterator[Sequence[Any]]:
    query = (
        select(
            Employee.employee_number,
            Employee.full_name,
            PoolCase.eliminated_title,
            Department.name,
            PoolCase.reason,
            PoolCase.entered_on,
            PoolCase.deadline,
            User.email,
            PoolCase.status,
            PoolCase.outcome_kind,
            PoolCase.closed_on,
        )
        .join(Employee, PoolCase.employee_id == Employee.id)
        .join(Department, PoolCase.eliminated_department_id == Department.id)
        .join(User, PoolCase.hr_owner_id == User.id)
        .order_by(PoolCase.entered_on, Employee.employee_number, PoolCase.id)
    )
    for batch in _partitions(session, query):
        for *values, deadline, owner, status, outcome, closed_on in batch:
            days_left = (deadline - today).days if status == CaseStatus.OPEN else None
            yield (*values, deadline, owner, status, days_left, outcome, closed_on)


def _outcome_rows(session: Session, today: date) -> Iterator[Sequence[Any]]:
    recorder = aliased(User)
    query = (
        select(
            Employee.employee_number,
            Employee.full_name,
            PoolCase.eliminated_title,
            Department.name,
            PoolCase.entered_on,
            Outcome.kind,
            Outcome.effective_on,
            Opening.reference,
            Opening.title,
            Outcome.weeks_of_pay,
            Outcome.last_working_day,
            Outcome.resignation_date,
            Outcome.notes,
            Outcome.recorded_at,
            recorder.email,
            Outcome.reversed_at,
            Outcome.reversal_reason,
        )
        .join(PoolCase, Outcome.case_id == PoolCase.id)
        .join(Employee, PoolCase.employee_id == Employee.id)
        .join(Department, PoolCase.eliminated_department_id == Department.id)
        .outerjoin(Opening, Outcome.opening_id == Opening.id)
        .outerjoin(recorder, Outcome.recorded_by_id == recorder.id)
        .order_by(Outcome.recorded_at, Outcome.id)
    )
    for batch in _partitions(session, query):
        for row in batch:
            entered_on, effective_on = row[4], row[6]
            yield (*row[:7], (effective_on - entered_on).days, *row[7:])


_ROWS = {
    ExportKind.EMPLOYEES: _employee_rows,
    ExportKind.OPENINGS: _opening_rows,
    ExportKind.POOL: _pool_rows,
    ExportKind.OUTCOMES: _outcome_rows,
}
