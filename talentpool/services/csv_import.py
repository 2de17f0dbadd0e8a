"""Bulk import from CSV of employees, pool cases and openings: every row checked, then all or nothing.

HR uploads a file in the browser (`talentpool.hr.transfer`) or runs
`flask --app talentpool import-csv KIND FILE`; both call `read_csv`, then `plan_import`
(which checks every row against the database and collects every problem), then
`apply_import` (which writes the whole file in one transaction, with one audit event per
created or updated record and one `import.completed` event with the counts).

The file
--------
- UTF-8 text, comma-separated, the first line naming the columns; a byte-order mark (Excel's
  "CSV UTF-8") is fine. Cells may be quoted, and quoted cells may span lines. Error messages
  give the line of the file where the row starts (the header is line 1).
- Column names are matched case-insensitively, ignoring surrounding spaces (spaces or hyphens
  inside a name count as underscores: "Employee number" is `employee_number`). Cells are trimmed.
- Required columns must be in the header and filled in on every row. An optional column may be
  left out: existing records then keep that field. Unknown columns are refused (a misspelt column
  would otherwise be ignored without a word), except the read-only columns the exports add
  (`status`, `places_filled`, `days_left`, ...), which are ignored.
- Skills are written `Name:level; Other name:level` (level 1-5). A skill name cannot contain
  `;`, and what follows its last `:` is read as the level.
- A leading `'` before `=`, `+`, `-`, `@`, a tab, a carriage return or another `'` is removed:
  it is the guard the exports add against formula injection, so an export imports back unchanged.

Columns (* = required)
----------------------
employees (key: employee_number)
    employee_number*   the number HR knows the person by; matched case-insensitively
    full_name*         the person's name
    email              work email; empty clears it
    title*             current job title
    department*        an existing department's name (case-insensitive)
    location           e.g. Berlin; empty clears it
    pay_grade          current pay grade, a whole number from 1 to 30; empty clears it
    hours              full_time or part_time (or "Full time", "Part time"); empty: full time (new) or unchanged
    summary            summary of experience; empty clears it
    skills             `Zendesk:4; Customer service:3`; level optional (default 3); empty clears them

pool_cases (key: employee_number + entered_on)
    employee_number*   an employee already in the register
    eliminated_title   title of the eliminated role; empty: the employee's title (new case) or unchanged
    department         department of the eliminated role; empty: the employee's (new case) or unchanged
    reason*            why the role was eliminated
    entered_on*        date entered the pool, YYYY-MM-DD
    deadline           YYYY-MM-DD, not before entered_on; empty: entered_on + POOL_PERIOD_DAYS
                       (new case) or unchanged
    hr_owner_email*    email of an active HR user, who owns the case
    (ignored: full_name, status, days_left, outcome, closed_on, as in the pool export)

openings (key: reference)
    reference*         the opening's reference, e.g. OPN-00042; matched case-insensitively
    title*             title of the role
    department*        an existing department's name
    location*          where the work is
    pay_grade          the role's pay grade, 1 to 30; empty clears it
    hours              full_time or part_time; empty: full time (new) or unchanged
    description*       what the role is
    headcount          number of places, a whole number of at least 1; empty: 1 (new) or unchanged
    closing_date       YYYY-MM-DD, not in the past for a new opening; empty: no closing date
    manager_email*     email of an active manager, who owns the opening
    required_skills*   `Zendesk:3; Customer service`; minimum level optional
    nice_to_have_skills  `Salesforce; Jira`, no levels; empty clears them
    (ignored: status, places_filled, as in the openings export)

Importing again (idempotence)
-----------------------------
Employees are matched by employee_number and openings by reference: a matching record is
updated, or counted as unchanged (and not written) when the row says what it already holds.
Pool cases are matched by employee and entered_on: an open case with that date is updated
(title, department, reason, deadline, owner), a closed case with that date is left as it is
(reopen it in the app to change it), and otherwise a new open case is created - refused when the
employee already has an open case from another date. So importing the same file twice changes
nothing the second time, and an export of employees or openings imports back with no changes.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import re
import secrets
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from talentpool.matching import normalize_skill
from talentpool.models import (
    AuditEvent,
    CaseStatus,
    Department,
    Employee,
    EmployeeSkill,
    Opening,
    OpeningSkill,
    OpeningStatus,
    PoolCase,
    Role,
    User,
    WorkingHours,
    utcnow,
)
from talentpool.services.audit import record_event
from talentpool.services.errors import DomainError
from talentpool.services.openings import OPENING_FIELDS, SkillRequirement, clean_requirements
from talentpool.services.people import EMPLOYEE_FIELDS, clean_skills
from talentpool.services.pool import CASE_FIELDS, default_deadline
from talentpool.services.suggestions import bump_matching_version
from talentpool.services.suitability import MAX_PAY_GRADE, MIN_PAY_GRADE

# Default upper size of an uploaded file (the app's IMPORT_MAX_BYTES setting overrides it).
MAX_IMPORT_BYTES = 20 * 1024 * 1024
# Rows per INSERT/UPDATE statement and per IN (...) lookup; below SQLite's old 999-variable limit.
BATCH_SIZE = 900
DEFAULT_SKILL_LEVEL = 3
# What a spreadsheet may read as the start of a formula; see `guard_cell`.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_GUARDED = (*FORMULA_TRIGGERS, "'")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PAY_GRADES = f"a whole number from {MIN_PAY_GRADE} to {MAX_PAY_GRADE}"
HOURS = " or ".join(hours.value for hours in WorkingHours)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class ImportKind(enum.StrEnum):
    """What a file holds."""

    EMPLOYEES = "employees"
    POOL_CASES = "pool_cases"
    OPENINGS = "openings"

    @property
    def label(self) -> str:
        return {"employees": "Employees", "pool_cases": "Pool cases", "openings": "Openings"}[self.value]


@dataclass(frozen=True)
class Column:
    """One column of an import file: whether it must be filled in, an example, what it means."""

    name: str
    required: bool
    example: str
    meaning: str


COLUMNS: dict[ImportKind, tuple[Column, ...]] = {
    ImportKind.EMPLOYEES: (
        Column("employee_number", True, "E10042", "The number HR knows the person by (the key; case-insensitive)."),
        Column("full_name", True, "Maria Schneider", "The person's name."),
        Column("email", False, "maria.schneider@example.com", "Work email. Empty clears it."),
        Column("title", True, "Support Team Lead", "Current job title."),
        Column("department", True, "Customer Success", "The name of an existing department."),
        Column("location", False, "Berlin", "Where the person works. Empty clears it."),
        Column("pay_grade", False, "8", f"Current pay grade, {PAY_GRADES}. Empty clears it."),
        Column("hours", False, "full_time", f"Working hours: {HOURS}. Empty: full time (new) or unchanged."),
        Column("summary", False, "Eight years in B2B support.", "Summary of experience. Empty clears it."),
        Column(
            "skills",
            False,
            "Zendesk:4; Customer service:5; Coaching",
            "Skills as name:level (1-5), separated by ';'. The level is optional (3). Empty clears them.",
        ),
    ),
    ImportKind.POOL_CASES: (
        Column("employee_number", True, "E10042", "An employee already in the register."),
        Column(
            "eliminated_title",
            False,
            "Support Team Lead",
            "Title of the eliminated role. Empty: the employee's title (new case) or unchanged.",
        ),
        Column(
            "department",
            False,
            "Customer Success",
            "Department of the eliminated role. Empty: the employee's (new case) or unchanged.",
        ),
        Column("reason", True, "Support moved to the regional hubs", "Why the role was eliminated."),
        Column("entered_on", True, "2025-03-01", "Date entered the pool, YYYY-MM-DD (with the employee: the key)."),
        Column(
            "deadline",
            False,
            "2025-05-30",
            "Pool deadline, YYYY-MM-DD, not before entered_on. Empty: entered_on plus the pool period "
            "(new case) or unchanged.",
        ),
        Column("hr_owner_email", True, "hr@example.com", "Email of the active HR user who owns the case."),
    ),
    ImportKind.OPENINGS: (
        Column("reference", True, "OPN-00042", "The opening's reference (the key; case-insensitive)."),
        Column("title", True, "Customer Support Specialist", "Title of the role."),
        Column("department", True, "Customer Success", "The name of an existing department."),
        Column("location", True, "Berlin", "Where the work is."),
        Column("pay_grade", False, "7", f"The role's pay grade, {PAY_GRADES}. Empty clears it."),
        Column("hours", False, "part_time", f"Working hours: {HOURS}. Empty: full time (new) or unchanged."),
        Column("description", True, "Help customers succeed with our product.", "What the role is."),
        Column("headcount", False, "2", "Number of places, at least 1. Empty: 1 (new opening) or unchanged."),
        Column("closing_date", False, "2025-06-30", "YYYY-MM-DD, not in the past for a new opening. Empty: none."),
        Column("manager_email", True, "manager@example.com", "Email of the active manager who owns the opening."),
        Column(
            "required_skills",
            True,
            "Zendesk:3; Customer service",
            "Required skills as name:minimum level (1-5), separated by ';'. The level is optional.",
        ),
        Column(
            "nice_to_have_skills",
            False,
            "Salesforce; Jira",
            "Nice-to-have skills, separated by ';', without levels. Empty clears them.",
        ),
    ),
}

# Read-only columns of the exports: accepted in an import file and ignored.
IGNORED_COLUMNS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.EMPLOYEES: (),
    ImportKind.POOL_CASES: ("full_name", "status", "days_left", "outcome", "closed_on"),
    ImportKind.OPENINGS: ("status", "places_filled"),
}


# --- Results and errors -----------------------------------------------------------------


@dataclass(frozen=True, order=True)
class RowError:
    """A problem with the file: the line it starts on (None for the file as a whole) and why."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line is not None else self.message


class ImportRejected(DomainError):
    """The file has problems; nothing was imported. `errors` lists every one of them."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = sorted(errors, key=lambda e: (e.line or 0, e.message))
        count = len(self.errors)
        super().__init__(f"Nothing was imported: the file has {count} problem{'' if count == 1 else 's'}.")


@dataclass(frozen=True)
class CsvRow:
    """One data row: the line it starts on and its cells by canonical column name (trimmed)."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class ParsedFile:
    """A decoded file whose header fits its kind; rows whose shape is wrong are in `errors`."""

    kind: ImportKind
    columns: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    errors: tuple[RowError, ...] = ()

    @property
    def ignored_columns(self) -> tuple[str, ...]:
        return tuple(name for name in self.columns if name in IGNORED_COLUMNS[self.kind])


@dataclass
class _Change:
    """A record to create (`record_id` None) or update, with what its audit event says."""

    line: int
    record_id: int | None
    values: dict[str, Any]
    # Skill rows to write instead of the current ones; None leaves them as they are.
    children: list[dict[str, Any]] | None
    before: dict[str, Any] | None
    after: dict[str, Any]


@dataclass
class ImportPlan:
    """What importing a file would do, or why it cannot be imported."""

    kind: ImportKind
    rows: int
    changes: list[_Change] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def to_create(self) -> int:
        return sum(1 for c in self.changes if c.record_id is None)

    @property
    def to_update(self) -> int:
        return sum(1 for c in self.changes if c.record_id is not None)


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    kind: ImportKind
    created: int
    updated: int
    unchanged: int

    @property
    def summary(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass(frozen=True)
class CsvImport:
    """The audit trail's entity for an import as a whole (it has no table of its own)."""

    id: int = 0


Progress = Callable[[int], None]


class _Ticker:
    """Reports progress every `step` rows, so a progress bar costs nothing per row."""

    def __init__(self, progress: Progress | None, step: int = 500):
        self._progress, self._step, self._pending = progress, step, 0

    def tick(self, count: int = 1) -> None:
        self._pending += count
        if self._progress is not None and self._pending >= self._step:
            self._progress(self._pending)
            self._pending = 0

    def done(self) -> None:
        if self._progress is not None and self._pending:
            self._progress(self._pending)
        self._pending = 0


# --- Cells ------------------------------------------------------------------------------


def guard_cell(value: str) -> str:
    """Prefix `'` to text a spreadsheet could run as a formula (and to text starting with `'`,
    so that `unguard_cell` restores every value exactly)."""
    return "'" + value if value.startswith(_GUARDED) else value


def unguard_cell(value: str) -> str:
    """Undo `guard_cell`: drop a leading `'` that stands before a guarded character."""
    return value[1:] if value.startswith("'") and value[1:2] and value[1:].startswith(_GUARDED) else value


def canonical_column(name: str) -> str:
    """`  Employee Number ` -> `employee_number`: how header names are matched."""
    return "_".join(name.strip().lower().replace("-", " ").split())


def format_skills(skills: Iterable[tuple[str, int | None]]) -> str:
    """[("Zendesk", 4), ("Jira", None)] -> `Zendesk:4; Jira`, as the skills columns are written."""
    return "; ".join(name if level is None else f"{name}:{level}" for name, level in skills)


def template_csv(kind: ImportKind) -> str:
    """A file HR can fill in: the header and one example row, with a BOM for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.name for c in COLUMNS[kind]])
    writer.writerow([c.example for c in COLUMNS[kind]])
    return "\ufeff" + buffer.getvalue()


# --- Reading the file -------------------------------------------------------------------


def read_csv(data: bytes, kind: ImportKind | str) -> ParsedFile:
    """Decode the file and match its header to the kind's columns.

    Raises ImportRejected when the file cannot be read at all (empty, not UTF-8, not CSV, a
    wrong header); a row with more cells than the header has is reported with the rows.
    """
    kind = ImportKind(kind)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRejected([RowError(
            line,
            "the file is not UTF-8 text. In a spreadsheet, save it as “CSV UTF-8 (comma delimited)” "
            "and upload it again.",
        )]) from None
    if not text.strip():
        raise ImportRejected([RowError(None, "The file is empty.")])

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[CsvRow] = []
    errors: list[RowError] = []
    try:
        header: list[str] = []
        while not any(cell.strip() for cell in header):
            header = next(reader, None)
            if header is None:
                raise ImportRejected([RowError(None, "The file is empty.")])
        columns = _check_header(kind, header, reader.line_num)
        width = len(columns)
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                errors.append(RowError(
                    line,
                    f"{len(cells)} values, but the header has {width} columns "
                    "(a value with a comma in it needs double quotes around it).",
                ))
                continue
            cells += [""] * (width - len(cells))  # a short row: its last cells are empty
            values = {
                name: unguard_cell(cell.strip())
                for name, cell in zip(columns, cells)
                if name not in IGNORED_COLUMNS[kind]
            }
            rows.append(CsvRow(line, values))
    except csv.Error as error:
        raise ImportRejected([RowError(reader.line_num, f"this is not valid CSV ({error}).")]) from None
    if not rows and not errors:
        raise ImportRejected([RowError(None, "The file has a header but no rows to import.")])
    return ParsedFile(kind, columns, tuple(rows), tuple(errors))


def _check_header(kind: ImportKind, header: list[str], line: int) -> tuple[str, ...]:
    known = {c.name for c in COLUMNS[kind]} | set(IGNORED_COLUMNS[kind])
    columns = tuple(canonical_column(name) for name in header)
    problems = []
    if unnamed := [str(n) for n, name in enumerate(columns, start=1) if not name]:
        problems.append(f"column {', '.join(unnamed)} of the header has no name.")
    if duplicated := sorted({name for name in columns if name and columns.count(name) > 1}):
        problems.append(f"the column{'s' if len(duplicated) > 1 else ''} {', '.join(duplicated)} "
                        f"appear{'' if len(duplicated) > 1 else 's'} more than once.")
    if unknown := [name for name in columns if name and name not in known]:
        problems.append(
            f"unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            f"The columns of {kind.value} are: {', '.join(c.name for c in COLUMNS[kind])}."
        )
    if missing := [c.name for c in COLUMNS[kind] if c.required and c.name not in columns]:
        problems.append(f"missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}.")
    if problems:
        raise ImportRejected([RowError(line, problem) for problem in problems])
    return columns


class _Cells:
    """The cells of one row, read and checked; each problem is kept to be reported with the line."""

    def __init__(self, row: CsvRow):
        self.row = row
        self.problems: list[str] = []

    @property
    def line(self) -> int:
        return self.row.line

    def has(self, name: str) -> bool:
        """Whether the file has this column (an empty cell is still there)."""
        return name in self.row.values

    def text(self, name: str, max_length: int, *, required: bool = False) -> str:
        value = self.row.values.get(name, "")
        if required and not value:
            self.problems.append(f"{name} is required.")
        elif len(value) > max_length:
            self.problems.append(f"{name} is longer than {max_length} characters.")
        return value

    def name(self, name: str, max_length: int, *, required: bool = False) -> str:
        return " ".join(self.text(name, max_length, required=required).split())

    def iso_date(self, name: str, *, required: bool = False) -> date | None:
        value = self.row.values.get(name, "")
        if required and not value:
            self.problems.append(f"{name} is required.")
        if not value:
            return None
        if _DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problems.append(f'{name} "{value[:40]}" is not a date written as YYYY-MM-DD.')
        return None

    def pay_grade(self, name: str) -> int | None:
        """A grade on the scale; None when empty (or refused)."""
        value = self.row.values.get(name, "")
        on_scale = value.isdigit() and MIN_PAY_GRADE <= int(value) <= MAX_PAY_GRADE
        if value and not on_scale:
            self.problems.append(f'{name} "{value[:40]}" must be {PAY_GRADES}.')
        return int(value) if on_scale else None

    def hours(self, name: str) -> WorkingHours | None:
        """`full_time`, `Full time` or `full-time` -> WorkingHours.FULL_TIME; None when empty (or refused)."""
        value = self.row.values.get(name, "")
        hours = {h.value: h for h in WorkingHours}.get(canonical_column(value))
        if value and hours is None:
            self.problems.append(f'{name} "{value[:40]}" must be {HOURS}.')
        return hours

    def email(self, name: str, *, required: bool = False) -> str:
        value = self.text(name, 254, required=required).lower()
        if value and not _EMAIL.fullmatch(value):
            self.problems.append(f'{name} "{value}" is not an email address.')
        return value

    def skills(
        self, name: str, *, levels: bool, default_level: int | None, required: bool = False
    ) -> list[tuple[str, int | None]]:
        """`Zendesk:4; Jira` -> [("Zendesk", 4), ("Jira", default_level)]; without levels, a level is refused."""
        skills: list[tuple[str, int | None]] = []
        for part in self.text(name, 10_000, required=required).split(";"):
            part = part.strip()
            if not part:
                continue
            skill, colon, level = part.rpartition(":")
            if not colon:
                skill, level = part, ""
            skill, level = " ".join(skill.split()), level.strip()
            if level and not levels:
                self.problems.append(f'{name}: "{part}" has a level; these skills take none.')
            elif level and not level.isdigit():
                self.problems.append(f'{name}: the level in "{part}" must be a whole number from 1 to 5.')
            elif len(skill) > 120:
                self.problems.append(f"{name}: a skill name is longer than 120 characters.")
            else:
                skills.append((skill, int(level) if level else default_level))
        return skills


# --- Checking rows against the database -------------------------------------------------


def _batches(items: Sequence, size: int = BATCH_SIZE) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _json(value: Any) -> Any:
    """Values as the audit trail's JSON keeps them (dates as ISO text, enums by value)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Importer:
    """Checks the rows of one kind of file and says what to write; subclasses know the records."""

    model: type
    child_model: type | None = None
    child_key: str = ""
    # The audit actions, named as the services that create and edit these records name them.
    created_event: str = ""
    updated_event: str = ""
    # Whether events carry the record as their case_id, so they show in that case's history.
    in_case_history: bool = False

    def __init__(self, session: Session, rows: Sequence[CsvRow], *, today: date, pool_period_days: int):
        self.session = session
        self.today = today
        self.pool_period_days = pool_period_days
        self.departments = {
            name.lower(): id_ for id_, name in session.execute(select(Department.id, Department.name))
        }

    def check(self, cells: _Cells) -> _Change | None:
        """The change a row asks for, None when it changes nothing; problems go to `cells.problems`."""
        raise NotImplementedError

    def department_id(self, cells: _Cells, name: str, *, required: bool) -> int | None:
        value = cells.name(name, 120, required=required)
        if not value:
            return None
        department_id = self.departments.get(value.lower())
        if department_id is None:
            cells.problems.append(f'unknown department "{value}".')
        return department_id

    def users_by_email(self, rows: Sequence[CsvRow], column: str) -> dict[str, User]:
        emails = sorted({row.values.get(column, "").lower() for row in rows} - {""})
        users: dict[str, User] = {}
        for batch in _batches(emails):
            for user in self.session.scalars(select(User).where(func.lower(User.email).in_(batch))):
                users[user.email.lower()] = user
        return users

    @staticmethod
    def known_user(cells: _Cells, column: str, users: dict[str, User]) -> User | None:
        email = cells.email(column, required=True)
        if not _EMAIL.fullmatch(email):
            return None  # already reported as missing or malformed
        user = users.get(email)
        if user is None:
            cells.problems.append(f"{column}: no user has the email {email}.")
        return user

    @staticmethod
    def may_take(cells: _Cells, column: str, user: User, role: Role, what: str) -> bool:
        """Whether `user` can be given this duty now. Checked only when a row gives it, so a row
        naming a since-deactivated owner of a record it does not change still imports."""
        if user.active and user.has_role(role):
            return True
        cells.problems.append(f"{column}: {user.email} is not an active {what}.")
        return False

    @staticmethod
    def read_terms(cells: _Cells, wanted: dict[str, Any]) -> None:
        """The optional pay_grade and hours columns into `wanted`: an empty grade clears it, empty
        hours leave them as they are."""
        if cells.has("pay_grade"):
            wanted["pay_grade"] = cells.pay_grade("pay_grade")
        if hours := cells.hours("hours"):
            wanted["hours"] = hours

    @staticmethod
    def diff(current: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
        return {name: value for name, value in wanted.items() if current[name] != value}


# The terms of a new record whose file leaves them out.
NO_TERMS = {"pay_grade": None, "hours": WorkingHours.FULL_TIME}


class _EmployeeImporter(_Importer):
    model = Employee
    child_model = EmployeeSkill
    child_key = "employee_id"
    created_event, updated_event = "employee.created", "employee.updated"
    FIELDS = (*EMPLOYEE_FIELDS, "summary")

    def __init__(self, session: Session, rows: Sequence[CsvRow], **kwargs: Any):
        super().__init__(session, rows, **kwargs)
        wanted = {row.values.get("employee_number", "").lower() for row in rows}
        numbers = employee_numbers(session)
        ids = sorted(numbers[n] for n in wanted if n in numbers)
        self.existing: dict[str, dict[str, Any]] = {}
        self.skills: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for batch in _batches(ids):
            for row in session.execute(
                select(Employee.id, *(getattr(Employee, name) for name in self.FIELDS)).where(Employee.id.in_(batch))
            ):
                self.existing[row.employee_number.lower()] = row._asdict()
            for employee_id, name, level in session.execute(
                select(EmployeeSkill.employee_id, EmployeeSkill.name, EmployeeSkill.level)
                .where(EmployeeSkill.employee_id.in_(batch))
                .order_by(EmployeeSkill.employee_id, EmployeeSkill.id)
            ):
                self.skills[employee_id].append((name, level))
        self.lines: dict[str, int] = {}

    def check(self, cells: _Cells) -> _Change | None:
        number = cells.text("employee_number", 40, required=True)
        key = number.lower()
        if number and key in self.lines:
            cells.problems.append(f"employee number {number} is also on line {self.lines[key]}.")
        elif number:
            self.lines[key] = cells.line
        wanted = {
            "full_name": cells.name("full_name", 200, required=True),
            "title": cells.text("title", 200, required=True),
            "department_id": self.department_id(cells, "department", required=True),
        }
        if cells.has("email"):
            wanted["email"] = cells.email("email") or None
        if cells.has("location"):
            wanted["location"] = cells.text("location", 120)
        self.read_terms(cells, wanted)
        if cells.has("summary"):
            wanted["summary"] = cells.text("summary", 5000)
        skills: list[tuple[str, int]] | None = None
        if cells.has("skills"):
            parsed = cells.skills("skills", levels=True, default_level=DEFAULT_SKILL_LEVEL)
            try:
                skills = clean_skills(parsed)
            except DomainError as error:
                cells.problems.append(f"skills: {error.message}")
        if cells.problems:
            return None

        children = [{"name": n, "level": lv} for n, lv in skills] if skills is not None else None
        current = self.existing.get(key)
        if current is None:
            values = {"employee_number": number, "email": None, "location": "", "summary": ""} | NO_TERMS | wanted
            after = {name: values[name] for name in self.FIELDS} | {"skills": skills or []}
            return _Change(cells.line, None, values, children or [], None, after)
        changed = self.diff(current, wanted)
        current_skills = self.skills.get(current["id"], [])
        if skills == current_skills:
            children = None
        if not changed and children is None:
            return None
        before = {name: current[name] for name in changed}
        after = dict(changed)
        if children is not None:
            before["skills"], after["skills"] = current_skills, skills
        return _Change(cells.line, current["id"], changed, children, before, after)


def employee_numbers(session: Session) -> dict[str, int]:
    """Every employee's id by lowercased employee number: one query, however many rows a file has."""
    return {
        number.lower(): id_ for id_, number in session.execute(select(Employee.id, Employee.employee_number))
    }


class _PoolCaseImporter(_Importer):
    model = PoolCase
    created_event, updated_event = "case.opened", "case.updated"
    in_case_history = True
    UPDATABLE = ("eliminated_title", "eliminated_department_id", "reason", "deadline", "hr_owner_id")

    def __init__(self, session: Session, rows: Sequence[CsvRow], **kwargs: Any):
        super().__init__(session, rows, **kwargs)
        wanted = {row.values.get("employee_number", "").lower() for row in rows}
        numbers = employee_numbers(session)
        ids = sorted(numbers[n] for n in wanted if n in numbers)
        self.employees: dict[str, Any] = {}
        self.cases: dict[int, list[PoolCase]] = defaultdict(list)
        for batch in _batches(ids):
            for row in session.execute(
                select(
                    Employee.id, Employee.employee_number, Employee.full_name, Employee.title, Employee.department_id
                ).where(Employee.id.in_(batch))
            ):
                self.employees[row.employee_number.lower()] = row
            for case in session.scalars(
                select(PoolCase).where(PoolCase.employee_id.in_(batch))
            ):
                self.cases[case.employee_id].append(case)
        self.owners = self.users_by_email(rows, "hr_owner_email")
        self.keys: dict[tuple[int, date], int] = {}
        self.opening_lines: dict[int, int] = {}

    def check(self, cells: _Cells) -> _Change | None:
        number = cells.text("employee_number", 40, required=True)
        employee = self.employees.get(number.lower())
        if number and employee is None:
            cells.problems.append(f"No employee has the number {number}.")
        title = cells.text("eliminated_title", 200)
        department_id = self.department_id(cells, "department", required=False)
        reason = cells.text("reason", 2000, required=True)
        entered_on = cells.iso_date("entered_on", required=True)
        deadline = cells.iso_date("deadline")
        owner = self.known_user(cells, "hr_owner_email", self.owners)
        if entered_on and deadline and deadline < entered_on:
            cells.problems.append("The deadline cannot be before the date entered.")
        if cells.problems:
            return None

        key = (employee.id, entered_on)
        if key in self.keys:
            cells.problems.append(
                f"employee number {number} with entered_on {entered_on.isoformat()} is also on line {self.keys[key]}."
            )
            return None
        self.keys[key] = cells.line
        same = next((c for c in self.cases[employee.id] if c.entered_on == entered_on), None)
        if same is not None and not same.is_open:
            return None  # a closed case is history (and a trial is decided in the app), as is reopening
        if same is None:
            open_case = next((c for c in self.cases[employee.id] if c.in_progress), None)
            if open_case is not None:
                cells.problems.append(
                    f"{employee.full_name} already has {'a case on trial' if open_case.on_trial else 'an open pool case'} (entered on "
                    f"{open_case.entered_on.isoformat()}); close it before opening another."
                )
                return None
        if (same is None or same.hr_owner_id != owner.id) and not self.may_take(
            cells, "hr_owner_email", owner, Role.HR, "HR user"
        ):
            return None
        if employee.id in self.opening_lines:
            cells.problems.append(
                f"a second open case for employee number {number} (the first is on line "
                f"{self.opening_lines[employee.id]})."
            )
            return None
        self.opening_lines[employee.id] = cells.line

        if same is None:
            values = {
                "employee_id": employee.id,
                "eliminated_title": title or employee.title,
                "eliminated_department_id": department_id or employee.department_id,
                "reason": reason,
                "entered_on": entered_on,
                "deadline": deadline or default_deadline(entered_on, self.pool_period_days),
                "hr_owner_id": owner.id,
                "status": CaseStatus.OPEN,
                "outcome_kind": None,
                "closed_on": None,
                "hr_notes": "",
            }
            return _Change(cells.line, None, values, None, None, {name: values[name] for name in CASE_FIELDS})
        wanted = {"reason": reason, "hr_owner_id": owner.id}
        wanted |= {"eliminated_title": title} if title else {}
        wanted |= {"eliminated_department_id": department_id} if department_id else {}
        wanted |= {"deadline": deadline} if deadline else {}
        current = {name: getattr(same, name) for name in self.UPDATABLE}
        changed = self.diff(current, wanted)
        if not changed:
            return None
        return _Change(cells.line, same.id, changed, None, {n: current[n] for n in changed}, dict(changed))


class _OpeningImporter(_Importer):
    model = Opening
    child_model = OpeningSkill
    child_key = "opening_id"
    created_event, updated_event = "opening.created", "opening.updated"
    UPDATABLE = (
        "title", "department_id", "location", "pay_grade", "hours", "description", "headcount", "closing_date",
        "manager_id",
    )

    def __init__(self, session: Session, rows: Sequence[CsvRow], **kwargs: Any):
        super().__init__(session, rows, **kwargs)
        references = sorted({row.values.get("reference", "").lower() for row in rows} - {""})
        self.existing: dict[str, Opening] = {}
        for batch in _batches(references):
            for opening in session.scalars(select(Opening).where(func.lower(Opening.reference).in_(batch))):
                self.existing[opening.reference.lower()] = opening
        self.managers = self.users_by_email(rows, "manager_email")
        self.lines: dict[str, int] = {}

    def check(self, cells: _Cells) -> _Change | None:
        reference = cells.text("reference", 40, required=True)
        key = reference.lower()
        if reference and key in self.lines:
            cells.problems.append(f"reference {reference} is also on line {self.lines[key]}.")
        elif reference:
            self.lines[key] = cells.line
        wanted: dict[str, Any] = {
            "title": cells.text("title", 200, required=True),
            "department_id": self.department_id(cells, "department", required=True),
            "location": cells.text("location", 120, required=True),
            "description": cells.text("description", 10_000, required=True),
        }
        self.read_terms(cells, wanted)
        manager = self.known_user(cells, "manager_email", self.managers)
        headcount = cells.text("headcount", 10)
        if headcount:
            if headcount.isdigit() and 1 <= int(headcount) <= 999:
                wanted["headcount"] = int(headcount)
            else:
                cells.problems.append(f'headcount "{headcount}" must be a whole number from 1 to 999.')
        if cells.has("closing_date"):
            wanted["closing_date"] = cells.iso_date("closing_date")
        required = cells.skills("required_skills", levels=True, default_level=None, required=True)
        nice = cells.skills("nice_to_have_skills", levels=False, default_level=None)
        current = self.existing.get(key)
        if current is not None and not cells.has("nice_to_have_skills"):
            nice = [(s.name, None) for s in current.nice_to_have_skills]
        requirements: list[SkillRequirement] = []
        if required:
            try:
                requirements = clean_requirements(
                    [SkillRequirement(n, True, lv) for n, lv in required]
                    + [SkillRequirement(n, False, None) for n, _ in nice]
                )
            except DomainError as error:
                cells.problems.append(f"skills: {error.message}")
        closing_date = wanted.get("closing_date")
        if closing_date and closing_date < self.today and (current is None or closing_date != current.closing_date):
            cells.problems.append("The closing date cannot be in the past.")
        if cells.problems:
            return None

        wanted["manager_id"] = manager.id
        if (current is None or current.manager_id != manager.id) and not self.may_take(
            cells, "manager_email", manager, Role.MANAGER, "manager"
        ):
            return None
        children = [{"name": r.name, "required": r.required, "min_level": r.min_level} for r in requirements]
        skills = [[r.name, r.required, r.min_level] for r in requirements]
        if current is None:
            # An imported opening comes from the HRIS, so it has no priority window of its own.
            values = {"reference": reference, "headcount": 1, "closing_date": None, "pool_only_until": None}
            values |= NO_TERMS | wanted
            values |= {"places_filled": 0, "status": OpeningStatus.OPEN}
            after = {name: values[name] for name in OPENING_FIELDS} | {"skills": skills}
            return _Change(cells.line, None, values, children, None, after)

        if "headcount" in wanted and wanted["headcount"] < max(1, current.places_filled):
            cells.problems.append(
                f"Headcount cannot be below the {current.places_filled} place(s) already filled."
            )
            return None
        changed = self.diff({name: getattr(current, name) for name in self.UPDATABLE}, wanted)
        current_skills = [[s.name, s.required, s.min_level] for s in current.skills]
        same_skills = _skill_groups(current_skills) == _skill_groups(skills)
        if not changed and same_skills:
            return None
        if current.status == OpeningStatus.CLOSED:
            cells.problems.append(f"{current.reference} is closed; a closed opening cannot be edited.")
            return None
        headcount = changed.get("headcount", current.headcount)
        status = OpeningStatus.FILLED if current.places_filled >= headcount else OpeningStatus.OPEN
        if status != current.status:
            changed["status"] = status
        before = {name: getattr(current, name) for name in changed}
        after = dict(changed)
        if not same_skills:
            before["skills"], after["skills"] = current_skills, skills
        return _Change(cells.line, current.id, changed, None if same_skills else children, before, after)


def _skill_groups(skills: list[list]) -> tuple[list, list]:
    """Required and nice-to-have skills, each in its order (how they interleave does not matter)."""
    return [s for s in skills if s[1]], [s for s in skills if not s[1]]


_IMPORTERS: dict[ImportKind, type[_Importer]] = {
    ImportKind.EMPLOYEES: _EmployeeImporter,
    ImportKind.POOL_CASES: _PoolCaseImporter,
    ImportKind.OPENINGS: _OpeningImporter,
}


def plan_import(
    session: Session,
    parsed: ParsedFile,
    *,
    today: date,
    pool_period_days: int,
    progress: Progress | None = None,
) -> ImportPlan:
    """Check every row against the rules and the database, and say what importing would do.

    Writes nothing. `progress` is called with the number of rows checked since its last call.
    """
    importer = _IMPORTERS[parsed.kind](session, parsed.rows, today=today, pool_period_days=pool_period_days)
    plan = ImportPlan(parsed.kind, rows=len(parsed.rows) + len(parsed.errors), errors=list(parsed.errors))
    ticker = _Ticker(progress)
    for row in parsed.rows:
        cells = _Cells(row)
        change = importer.check(cells)
        if cells.problems:
            plan.errors += [RowError(row.line, problem) for problem in cells.problems]
        elif change is None:
            plan.unchanged += 1
        else:
            plan.changes.append(change)
        ticker.tick()
    ticker.done()
    plan.errors.sort(key=lambda e: (e.line or 0, e.message))
    return plan


# --- Writing ----------------------------------------------------------------------------


def apply_import(
    session: Session,
    actor: User | None,
    plan: ImportPlan,
    *,
    source: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """Write a plan without errors in one transaction, with its audit events, and commit.

    Rows go in batches of BATCH_SIZE (Core bulk statements, not one flush per record). If
    someone else wrote a conflicting record since the plan was made, everything is rolled back.
    """
    if plan.errors:
        raise ImportRejected(plan.errors)
    importer = _IMPORTERS[plan.kind]
    ticker = _Ticker(progress, step=1)
    note = f"CSV import{f' of {source}' if source else ''}"
    try:
        creates = [c for c in plan.changes if c.record_id is None]
        updates = [c for c in plan.changes if c.record_id is not None]
        for batch in _batches(creates):
            ids = session.scalars(
                insert(importer.model).returning(importer.model.id, sort_by_parameter_order=True),
                [c.values for c in batch],
            ).all()
            for change, record_id in zip(batch, ids, strict=True):
                change.record_id = record_id
            ticker.tick(len(batch))
        for batch in _batches(updates):
            params = [{"id": c.record_id, **c.values} for c in batch if c.values]  # empty: skills only
            if params:
                session.execute(update(importer.model), params)
            ticker.tick(len(batch))
        if importer.child_model is not None:
            _replace_children(session, importer, creates, updates)
        _write_events(session, actor, importer, creates, updates, note)
        if plan.changes:
            bump_matching_version(session)
        result = ImportResult(plan.kind, len(creates), len(updates), plan.unchanged)
        record_event(
            session,
            actor,
            "import.completed",
            CsvImport(),
            after={"kind": plan.kind.value, "rows": plan.rows, "created": result.created,
                   "updated": result.updated, "unchanged": result.unchanged},
            note=note,
        )
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ImportRejected([RowError(
            None,
            "Someone changed the same records while the file was being imported, so nothing was "
            "imported. Check the file again and repeat the import.",
        )]) from None
    except BaseException:
        session.rollback()
        raise
    ticker.done()
    return result


def _replace_children(
    session: Session, importer: type[_Importer], creates: list[_Change], updates: list[_Change]
) -> None:
    child, key = importer.child_model, importer.child_key
    replaced = [c.record_id for c in updates if c.children is not None]
    for batch in _batches(replaced):
        session.execute(
            delete(child).where(getattr(child, key).in_(batch)).execution_options(synchronize_session=False)
        )
    rows = [
        {key: c.record_id, **values}
        for c in (*creates, *updates)
        if c.children
        for values in c.children
    ]
    for batch in _batches(rows, BATCH_SIZE * 4):
        session.execute(insert(child), batch)


def _write_events(
    session: Session,
    actor: User | None,
    importer: type[_Importer],
    creates: list[_Change],
    updates: list[_Change],
    note: str,
) -> None:
    """One audit event per created or updated record, written in bulk."""
    actor_id = actor.id if actor is not None else None
    now = utcnow()
    entity_type = importer.model.__name__
    rows = [
        {
            "occurred_at": now,
            "actor_id": actor_id,
            "action": importer.created_event if created else importer.updated_event,
            "entity_type": entity_type,
            "entity_id": change.record_id,
            "case_id": change.record_id if importer.in_case_history else None,
            "before": {k: _json(v) for k, v in change.before.items()} if change.before is not None else None,
            "after": {k: _json(v) for k, v in change.after.items()},
            "note": f"{note}, line {change.line}",
        }
        for created, group in ((True, creates), (False, updates))
        for change in group
    ]
    for batch in _batches(rows, BATCH_SIZE * 2):
        session.execute(insert(AuditEvent), batch)


def import_csv(
    session: Session,
    actor: User | None,
    kind: ImportKind | str,
    data: bytes,
    *,
    today: date,
    pool_period_days: int,
    source: str = "",
) -> ImportResult:
    """Read, check and import a file: everything, or nothing and an ImportRejected with every problem."""
    parsed = read_csv(data, kind)
    plan = plan_import(session, parsed, today=today, pool_period_days=pool_period_days)
    return apply_import(session, actor, plan, source=source)


# --- Files waiting for confirmation -----------------------------------------------------


@dataclass(frozen=True)
class StagedUpload:
    """An uploaded file HR has previewed but not yet confirmed."""

    token: str
    kind: ImportKind
    filename: str
    data: bytes


class StagedUploads:
    """Uploaded files waiting for HR's confirmation, each under a random token in one folder.

    The browser only ever holds the token. Paths are built here from a token that must look like
    one we made, so no client-sent name or path reaches the file system; a token belongs to the
    user who uploaded the file. Files older than `max_age_seconds` are deleted when another
    file is staged, and a file is deleted once imported.
    """

    TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")

    def __init__(self, folder: Path, max_age_seconds: int = 2 * 60 * 60):
        self.folder = folder
        self.max_age_seconds = max_age_seconds

    def _paths(self, token: str) -> tuple[Path, Path] | None:
        if not self.TOKEN.fullmatch(token or ""):
            return None
        return self.folder / f"{token}.csv", self.folder / f"{token}.json"

    def save(self, data: bytes, *, kind: ImportKind, filename: str, owner_id: int) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.purge_expired()
        token = secrets.token_urlsafe(24)
        data_path, meta_path = self._paths(token)
        data_path.write_bytes(data)
        data_path.chmod(0o600)
        meta = {"kind": kind.value, "filename": filename, "owner_id": owner_id, "saved_at": time.time()}
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
        return token

    def load(self, token: str, owner_id: int) -> StagedUpload | None:
        """The staged file, or None if the token is malformed, unknown, expired or someone else's."""
        paths = self._paths(token)
        if paths is None or not paths[1].is_file() or not paths[0].is_file():
            return None
        meta = json.loads(paths[1].read_text(encoding="utf-8"))
        if time.time() - meta["saved_at"] > self.max_age_seconds:
            self.discard(token)
            return None
        if meta["owner_id"] != owner_id:
            return None
        return StagedUpload(token, ImportKind(meta["kind"]), meta["filename"], paths[0].read_bytes())

    def discard(self, token: str) -> None:
        for path in self._paths(token) or ():
            path.unlink(missing_ok=True)

    def purge_expired(self) -> None:
        cutoff = time.time() - self.max_age_seconds
        for path in self.folder.glob("*.json"):
            try:
                expired = json.loads(path.read_text(encoding="utf-8"))["saved_at"] < cutoff
            except (OSError, ValueError, KeyError):
                expired = True
            if expired:
                self.discard(path.stem)
