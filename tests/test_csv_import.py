"""Bulk import from CSV: every problem reported by line, all or nothing, idempotent, in the browser and the CLI."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talentpool import create_app
from talentpool.extensions import db
from talentpool.models import (
    AuditEvent,
    CaseStatus,
    Department,
    Employee,
    EmployeeSkill,
    Opening,
    OpeningStatus,
    PoolCase,
    Role,
)
from talentpool.services import csv_import, suggestions
from talentpool.services.csv_import import ImportKind, ImportRejected
from tests import factories
from tests.conftest import TEST_CONFIG

TODAY = date.today()
EMPLOYEE_HEADER = ["employee_number", "full_name", "email", "title", "department", "location", "summary", "skills"]
POOL_HEADER = ["employee_number", "eliminated_title", "department", "reason", "entered_on", "deadline", "hr_owner_email"]
OPENING_HEADER = [
    "reference", "title", "department", "location", "description", "headcount", "closing_date",
    "manager_email", "required_skills", "nice_to_have_skills",
]
GOOD = {
    ImportKind.EMPLOYEES: {
        "employee_number": "E1", "full_name": "Ana Lima", "email": "ana.lima@example.com",
        "title": "Support Specialist", "department": "Customer Success", "location": "Lisbon",
        "summary": "Five years in support.", "skills": "Zendesk:4; Customer service",
    },
    ImportKind.POOL_CASES: {
        "employee_number": "E900", "eliminated_title": "", "department": "", "reason": "Support moved to the hubs",
        "entered_on": "2025-03-01", "deadline": "", "hr_owner_email": "hr@example.com",
    },
    ImportKind.OPENINGS: {
        "reference": "OPN-1", "title": "Support Engineer", "department": "Engineering", "location": "Remote",
        "description": "Take over escalated tickets.", "headcount": "2", "closing_date": "",
        "manager_email": "manager@example.com", "required_skills": "Troubleshooting:4; SQL", "nice_to_have_skills": "Jira",
    },
}
HEADERS = {ImportKind.EMPLOYEES: EMPLOYEE_HEADER, ImportKind.POOL_CASES: POOL_HEADER, ImportKind.OPENINGS: OPENING_HEADER}


def csv_bytes(header, rows, *, bom: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def file_of(kind: ImportKind, *changes: dict) -> bytes:
    """A file of `kind` with one row per dict of changes to the good row."""
    return csv_bytes(HEADERS[kind], [[(GOOD[kind] | change)[c] for c in HEADERS[kind]] for change in changes])


def run_import(kind, data: bytes, actor=None):
    return csv_import.import_csv(
        db.session, actor, kind, data, today=TODAY, pool_period_days=90, source="test.csv"
    )


def problems(kind, data: bytes) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        run_import(kind, data)
    return [str(error) for error in rejected.value.errors]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def world(app_ctx):
    """Two departments, HR and manager accounts, one employee (E900) and one employee in the pool (E901)."""
    factories.department("Customer Success")
    factories.department("Engineering")
    hr = factories.user(Role.HR, email="hr@example.com")
    factories.user(Role.MANAGER, email="manager@example.com")
    inactive = factories.user(Role.HR, Role.MANAGER, email="gone@example.com")
    inactive.active = False
    for number, name in (("E900", "Eva Existing"), ("E901", "Paul Pooled")):
        person = factories.employee(name, title="Support Lead", department_name="Customer Success")
        person.employee_number = number
    db.session.commit()
    pooled = db.session.scalar(select(Employee).where(Employee.employee_number == "E901"))
    factories.pool_case(pooled, owner=hr, entered_on=date(2025, 1, 10))
    return hr


# --- Every kind of problem, with its line ---------------------------------------------------

EMP, POOL, OPN = ImportKind.EMPLOYEES, ImportKind.POOL_CASES, ImportKind.OPENINGS

ROW_PROBLEMS = [
    # kind, rows (changes to the good row), line, expected fragment of the message
    pytest.param(EMP, [{}, {"full_name": ""}], 3, "full_name is required", id="employee: missing value"),
    pytest.param(EMP, [{"department": "Sales"}], 2, 'unknown department "Sales"', id="employee: unknown department"),
    pytest.param(EMP, [{"skills": "Zendesk:7"}], 2, "The level of Zendesk must be between 1 and 5", id="level out of range"),
    pytest.param(EMP, [{"skills": "Zendesk:0"}], 2, "between 1 and 5", id="level zero"),
    pytest.param(EMP, [{"skills": "Zendesk:high"}], 2, "must be a whole number from 1 to 5", id="level not a number"),
    pytest.param(EMP, [{"skills": "Zendesk:3; zendesk:2"}], 2, "listed twice", id="duplicate skill"),
    pytest.param(EMP, [{"email": "ana at example"}], 2, "is not an email address", id="bad email"),
    pytest.param(EMP, [{"title": "x" * 201}], 2, "title is longer than 200 characters", id="too long"),
    pytest.param(
        EMP, [{}, {"full_name": "Other"}, {"employee_number": "e1"}], 4, "employee number e1 is also on line 2",
        id="duplicate employee number in the file",
    ),
    pytest.param(POOL, [{"employee_number": "E404"}], 2, "No employee has the number E404", id="unknown employee"),
    pytest.param(POOL, [{"entered_on": "2025-13-01"}], 2, 'entered_on "2025-13-01" is not a date', id="impossible date"),
    pytest.param(POOL, [{"entered_on": "01/03/2025"}], 2, "written as YYYY-MM-DD", id="malformed date"),
    pytest.param(POOL, [{"entered_on": ""}], 2, "entered_on is required", id="missing date"),
    pytest.param(POOL, [{"deadline": "2025-02-01"}], 2, "deadline cannot be before the date entered", id="deadline before entry"),
    pytest.param(POOL, [{"department": "Sales"}], 2, 'unknown department "Sales"', id="pool: unknown department"),
    pytest.param(POOL, [{"hr_owner_email": "nobody@example.com"}], 2, "no user has the email nobody@example.com", id="unknown hr owner"),
    pytest.param(POOL, [{"hr_owner_email": "manager@example.com"}], 2, "is not an active HR user", id="owner not hr"),
    pytest.param(POOL, [{"hr_owner_email": "gone@example.com"}], 2, "is not an active HR user", id="owner inactive"),
    pytest.param(
        POOL, [{"employee_number": "E901"}], 2, "Paul Pooled already has an open pool case (entered on 2025-01-10)",
        id="second open case, in the database",
    ),
    pytest.param(
        POOL, [{}, {"entered_on": "2025-04-01"}], 3, "a second open case for employee number E900 (the first is on line 2)",
        id="second open case, in the file",
    ),
    pytest.param(POOL, [{}, {}], 3, "with entered_on 2025-03-01 is also on line 2", id="same case twice"),
    pytest.param(OPN, [{"headcount": "0"}], 2, 'headcount "0" must be a whole number from 1 to 999', id="headcount zero"),
    pytest.param(OPN, [{"headcount": "two"}], 2, 'headcount "two" must be a whole number', id="headcount text"),
    pytest.param(OPN, [{"headcount": "-1"}], 2, 'headcount "-1"', id="headcount negative"),
    pytest.param(OPN, [{"manager_email": "hr@example.com"}], 2, "hr@example.com is not an active manager", id="not a manager"),
    pytest.param(OPN, [{"manager_email": "x@example.com"}], 2, "no user has the email x@example.com", id="unknown manager"),
    pytest.param(OPN, [{"manager_email": "gone@example.com"}], 2, "gone@example.com is not an active manager", id="manager inactive"),
    pytest.param(
        OPN, [{"closing_date": (TODAY - timedelta(days=1)).isoformat()}], 2, "closing date cannot be in the past",
        id="closing date in the past",
    ),
    pytest.param(OPN, [{"required_skills": ""}], 2, "required_skills is required", id="no required skill"),
    pytest.param(OPN, [{"nice_to_have_skills": "Jira:2"}], 2, "has a level; these skills take none", id="nice-to-have with level"),
    pytest.param(OPN, [{"nice_to_have_skills": "SQL"}], 2, "SQL is listed twice", id="skill both required and nice"),
    pytest.param(OPN, [{}, {"reference": "opn-1"}], 3, "reference opn-1 is also on line 2", id="duplicate reference"),
]


@pytest.mark.parametrize(("kind", "rows", "line", "fragment"), ROW_PROBLEMS)
def test_each_problem_is_reported_with_its_line_and_nothing_is_imported(world, kind, rows, line, fragment):
    before = (count(Employee), count(PoolCase), count(Opening), count(AuditEvent))
    found = problems(kind, file_of(kind, *rows))
    assert any(p.startswith(f"Line {line}: ") and fragment in p for p in found), found
    assert (count(Employee), count(PoolCase), count(Opening), count(AuditEvent)) == before


FILE_PROBLEMS = [
    pytest.param(b"", "The file is empty.", id="empty"),
    pytest.param(b"\n \n", "The file is empty.", id="blank lines only"),
    pytest.param(b"employee_number,full_name,title,department\n", "has a header but no rows", id="header only"),
    pytest.param(
        b"employee_number,department\nE1,Engineering\n", "Line 1: missing required columns: full_name, title.",
        id="missing columns",
    ),
    pytest.param(
        b"employee_number,full_name,title,department,emial\nE1,A,T,Engineering,a@example.com\n",
        "Line 1: unknown column: emial.", id="unknown column",
    ),
    pytest.param(
        b"employee_number,full_name,title,department,Title\nE1,A,T,Engineering,T\n",
        "Line 1: the column title appears more than once.", id="duplicate column",
    ),
    pytest.param(
        "employee_number,full_name,title,department\nE1,Inês,T,Engineering\n".encode("latin-1"),
        "Line 2: the file is not UTF-8 text", id="not utf-8",
    ),
    pytest.param(
        b"employee_number,full_name,title,department\nE1,Lima, Ana,T,Engineering\n",
        "Line 2: 5 values, but the header has 4 columns", id="unquoted comma",
    ),
    pytest.param(
        b'employee_number,full_name,title,department\nE1,"Ana" Lima,T,Engineering\n',
        "Line 2: this is not valid CSV", id="stray quote",
    ),
]


@pytest.mark.parametrize(("data", "expected"), FILE_PROBLEMS)
def test_a_file_that_cannot_be_read_is_refused_with_the_reason(world, data, expected):
    found = problems(ImportKind.EMPLOYEES, data)
    assert any(expected in p for p in found), found
    assert count(Employee) == 2


def test_line_numbers_are_the_files_lines_even_when_a_cell_spans_lines(world):
    data = csv_bytes(EMPLOYEE_HEADER, [
        [(GOOD[EMP] | {"summary": "First line\nsecond line\nthird line", "department": "HR"})[c] for c in EMPLOYEE_HEADER],
        [(GOOD[EMP] | {"employee_number": "E2", "department": "Sales"})[c] for c in EMPLOYEE_HEADER],
    ])
    assert problems(EMP, data) == ['Line 2: unknown department "HR".', 'Line 5: unknown department "Sales".']


def test_every_bad_row_is_reported_not_just_the_first(world):
    data = file_of(EMP, {"department": "Sales"}, {"employee_number": "E2"}, {"employee_number": "E3", "skills": "Go:9"})
    found = problems(EMP, data)
    assert [p.split(":")[0] for p in found] == ["Line 2", "Line 4"]


# --- All or nothing ----------------------------------------------------------------------


def test_three_good_rows_and_one_bad_import_nothing(world):
    before = (count(Employee), count(EmployeeSkill), count(AuditEvent))
    data = file_of(EMP, {"employee_number": "E1"}, {"employee_number": "E2"}, {"employee_number": "E3"},
                   {"employee_number": "E4", "department": "Nowhere"})
    assert problems(EMP, data) == ['Line 5: unknown department "Nowhere".']
    assert (count(Employee), count(EmployeeSkill), count(AuditEvent)) == before


def test_a_conflict_found_while_writing_rolls_back_everything(world, monkeypatch):
    """If another session writes the same key between the check and the write, nothing stays."""
    parsed = csv_import.read_csv(file_of(EMP, {"employee_number": "E1"}, {"employee_number": "E2"}), EMP)
    plan = csv_import.plan_import(db.session, parsed, today=TODAY, pool_period_days=90)
    db.session.add(Employee(employee_number="E2", full_name="Racer", title="T", department=factories.department("Engineering")))
    db.session.commit()
    with pytest.raises(ImportRejected, match="Nothing was imported"):
        csv_import.apply_import(db.session, None, plan)
    assert db.session.scalar(select(Employee.id).where(Employee.employee_number == "E1")) is None


# --- Importing employees ------------------------------------------------------------------


def test_imports_employees_with_skills_and_audits_each_record(world):
    data = file_of(EMP, {"employee_number": "E1"}, {"employee_number": "E2", "skills": "", "email": ""})
    result = run_import(EMP, data, actor=world)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    ana = db.session.scalar(select(Employee).where(Employee.employee_number == "E1"))
    assert ana.department.name == "Customer Success" and ana.email == "ana.lima@example.com"
    assert [(s.name, s.level) for s in ana.skills] == [("Zendesk", 4), ("Customer service", 3)]
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "employee.created")).all()
    assert {e.entity_id for e in events} == {ana.id, db.session.scalar(select(Employee.id).where(Employee.employee_number == "E2"))}
    assert {e.actor_id for e in events} == {world.id}
    assert {e.note for e in events} == {"CSV import of test.csv, line 2", "CSV import of test.csv, line 3"}
    summary = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import.completed"))
    assert summary.after == {"kind": "employees", "rows": 2, "created": 2, "updated": 0, "unchanged": 0}


def test_importing_the_same_file_twice_changes_nothing_the_second_time(world):
    data = file_of(EMP, {"employee_number": "E1"}, {"employee_number": "E2"}, {"employee_number": "E3"})
    first = run_import(EMP, data)
    counts = (count(Employee), count(EmployeeSkill))
    second = run_import(EMP, data)
    assert (first.created, second.created, second.updated, second.unchanged) == (3, 0, 0, 3)
    assert (count(Employee), count(EmployeeSkill)) == counts
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("employee.created") == 3 and "employee.updated" not in actions
    assert actions.count("import.completed") == 2


def test_a_changed_row_updates_the_employee_by_number_case_insensitively(world):
    run_import(EMP, file_of(EMP, {}))
    result = run_import(EMP, file_of(EMP, {"employee_number": "e1", "title": "Team Lead", "skills": "Zendesk:5; Coaching:2"}))
    assert (result.created, result.updated) == (0, 1)
    ana = db.session.scalar(select(Employee).where(Employee.employee_number == "E1"))
    assert ana.title == "Team Lead"
    assert [(s.name, s.level) for s in ana.skills] == [("Zendesk", 5), ("Coaching", 2)]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "employee.updated"))
    assert event.before["title"] == "Support Specialist" and event.after["title"] == "Team Lead"
    assert event.after["skills"] == [["Zendesk", 5], ["Coaching", 2]]


def test_an_optional_column_left_out_keeps_the_field_and_an_empty_cell_clears_it(world):
    run_import(EMP, file_of(EMP, {}))
    without_skills = csv_bytes(["employee_number", "full_name", "title", "department", "location"],
                               [["E1", "Ana Lima", "Support Specialist", "Customer Success", ""]])
    result = run_import(EMP, without_skills)
    ana = db.session.scalar(select(Employee).where(Employee.employee_number == "E1"))
    assert result.updated == 1 and ana.location == ""
    assert len(ana.skills) == 2 and ana.summary == "Five years in support." and ana.email == "ana.lima@example.com"


def test_the_matching_version_moves_so_rankings_are_refreshed(world):
    before = suggestions.current_version(db.session)
    run_import(EMP, file_of(EMP, {}))
    assert suggestions.current_version(db.session) > before


def test_headers_match_whatever_their_case_and_surrounding_spaces(world):
    header = [" Employee_Number ", "FULL_NAME", "Title ", " department", "Skills"]
    data = csv_bytes(header, [["E1", "Ana Lima", "Analyst", "engineering", "SQL:4"]])
    assert run_import(EMP, data).created == 1
    ana = db.session.scalar(select(Employee).where(Employee.employee_number == "E1"))
    assert ana.department.name == "Engineering" and [(s.name, s.level) for s in ana.skills] == [("SQL", 4)]


def test_spaces_inside_a_column_name_count_as_underscores(world):
    data = csv_bytes(["Employee number", "Full name", "Title", "Department"], [["E1", "Ana", "Analyst", "Engineering"]])
    assert run_import(EMP, data).created == 1


def test_a_byte_order_mark_is_accepted_and_accents_survive(world):
    data = csv_bytes(EMPLOYEE_HEADER, [[(GOOD[EMP] | {"full_name": "Inês Carvalho"})[c] for c in EMPLOYEE_HEADER]], bom=True)
    assert run_import(EMP, data).created == 1
    assert db.session.scalar(select(Employee.full_name).where(Employee.employee_number == "E1")) == "Inês Carvalho"


@pytest.mark.parametrize("value", ["=1+2", "+49 30 1234", "-5 days", "@home", "'=quoted", "'plain", "plain"])
def test_the_formula_guard_is_undone_exactly(value):
    guarded = csv_import.guard_cell(value)
    assert guarded[0] not in "=+-@\t\r"
    assert csv_import.unguard_cell(guarded) == value


def test_the_module_docstring_documents_every_column():
    for kind, columns in csv_import.COLUMNS.items():
        assert kind.value in csv_import.__doc__
        for column in columns:
            assert re.search(rf"^ +{column.name}\*? ", csv_import.__doc__, re.MULTILINE), column.name


# --- Importing pool cases -----------------------------------------------------------------


def test_a_pool_case_gets_the_employees_role_and_the_default_deadline(world):
    result = run_import(POOL, file_of(POOL, {}))
    assert result.created == 1
    case = db.session.scalar(select(PoolCase).join(Employee).where(Employee.employee_number == "E900"))
    assert (case.eliminated_title, case.eliminated_department.name) == ("Support Lead", "Customer Success")
    assert case.deadline == date(2025, 3, 1) + timedelta(days=90) and case.status == CaseStatus.OPEN
    assert case.hr_owner_id == world.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case.opened"))
    assert event.case_id == case.id and event.after["entered_on"] == "2025-03-01"


def test_a_pool_case_row_for_the_same_open_case_updates_it_or_changes_nothing(world):
    run_import(POOL, file_of(POOL, {}))
    assert run_import(POOL, file_of(POOL, {})).unchanged == 1
    result = run_import(POOL, file_of(POOL, {"reason": "Hubs took over", "deadline": "2025-07-01"}))
    assert result.updated == 1 and count(PoolCase) == 2
    case = db.session.scalar(select(PoolCase).join(Employee).where(Employee.employee_number == "E900"))
    assert (case.reason, case.deadline) == ("Hubs took over", date(2025, 7, 1))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case.updated"))
    assert event.case_id == case.id and event.before == {"reason": "Support moved to the hubs", "deadline": "2025-05-30"}


def test_a_row_for_a_closed_case_leaves_it_closed(world):
    case = db.session.scalar(select(PoolCase).join(Employee).where(Employee.employee_number == "E901"))
    case.status, case.closed_on = CaseStatus.CLOSED, date(2025, 2, 1)
    db.session.commit()
    result = run_import(POOL, file_of(POOL, {"employee_number": "E901", "entered_on": "2025-01-10", "reason": "Other"}))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    db.session.refresh(case)
    assert case.status == CaseStatus.CLOSED and case.reason != "Other"


def test_an_owner_who_has_left_blocks_only_rows_that_give_them_a_case(world):
    run_import(POOL, file_of(POOL, {}))
    world.active = False
    db.session.commit()
    assert run_import(POOL, file_of(POOL, {})).unchanged == 1
    assert run_import(POOL, file_of(POOL, {"reason": "Hubs took over"})).updated == 1
    newcomer = factories.employee("Nora New").employee_number
    assert problems(POOL, file_of(POOL, {"employee_number": newcomer})) == [
        "Line 2: hr_owner_email: hr@example.com is not an active HR user."
    ]


# --- Importing openings -------------------------------------------------------------------


def test_openings_are_created_with_their_skills_and_matched_by_reference(world):
    assert run_import(OPN, file_of(OPN, {})).created == 1
    opening = db.session.scalar(select(Opening).where(Opening.reference == "OPN-1"))
    assert opening.manager.email == "manager@example.com" and opening.headcount == 2
    assert [(s.name, s.required, s.min_level) for s in opening.skills] == [
        ("Troubleshooting", True, 4), ("SQL", True, None), ("Jira", False, None)
    ]
    again = run_import(OPN, file_of(OPN, {"reference": "opn-1"}))
    assert (again.created, again.unchanged) == (0, 1)


def test_an_opening_update_keeps_its_filled_places_and_status_rules(world):
    run_import(OPN, file_of(OPN, {}))
    opening = db.session.scalar(select(Opening).where(Opening.reference == "OPN-1"))
    opening.places_filled, opening.status = 2, OpeningStatus.FILLED
    db.session.commit()
    assert problems(OPN, file_of(OPN, {"headcount": "1"})) == [
        "Line 2: Headcount cannot be below the 2 place(s) already filled."
    ]
    assert run_import(OPN, file_of(OPN, {"headcount": "3"})).updated == 1
    db.session.refresh(opening)
    assert (opening.headcount, opening.places_filled, opening.status) == (3, 2, OpeningStatus.OPEN)


def test_a_closed_opening_is_not_edited(world):
    run_import(OPN, file_of(OPN, {}))
    opening = db.session.scalar(select(Opening).where(Opening.reference == "OPN-1"))
    opening.status = OpeningStatus.CLOSED
    db.session.commit()
    assert run_import(OPN, file_of(OPN, {})).unchanged == 1
    assert problems(OPN, file_of(OPN, {"title": "Renamed"})) == [
        "Line 2: OPN-1 is closed; a closed opening cannot be edited."
    ]


def test_a_manager_who_has_left_does_not_block_an_unchanged_opening(world):
    run_import(OPN, file_of(OPN, {}))
    opening = db.session.scalar(select(Opening).where(Opening.reference == "OPN-1"))
    opening.manager.active = False
    db.session.commit()
    assert run_import(OPN, file_of(OPN, {})).unchanged == 1
    assert problems(OPN, file_of(OPN, {"reference": "OPN-2"})) == [
        "Line 2: manager_email: manager@example.com is not an active manager."
    ]


# --- In the browser -----------------------------------------------------------------------


@pytest.fixture
def hr_client(app, client, auth, tmp_path):
    """An HR user signed in, with uploads staged in a temporary instance folder."""
    app.instance_path = str(tmp_path)
    with app.app_context():
        factories.department("Customer Success")
    auth.login(Role.HR)
    return client


def upload(client, kind: str, data: bytes, filename: str = "people.csv"):
    return client.post(
        "/hr/transfer", data={"kind": kind, "file": (io.BytesIO(data), filename)}, content_type="multipart/form-data"
    )


def test_upload_preview_confirm_imports_and_shows_a_summary(app, hr_client, tmp_path):
    rows = [{"employee_number": f"E{n}", "full_name": f"Person {n:02d}"} for n in range(1, 13)]
    response = upload(hr_client, "employees", file_of(EMP, *rows))
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    assert preview_url.startswith("/hr/transfer/preview/")
    with app.app_context():
        assert count(Employee) == 0  # nothing before the confirmation

    page = hr_client.get(preview_url).get_data(as_text=True)
    assert "Person 01" in page and "Person 10" in page and "Person 11" not in page  # the first 10 rows
    assert "employee_number" in page and "12 new" in page and "Import 12 rows" in page

    token = preview_url.rsplit("/", 1)[1]
    done = hr_client.post(f"/hr/transfer/import/{token}", follow_redirects=True).get_data(as_text=True)
    assert "Imported employees from people.csv: 12 created, 0 updated, 0 unchanged." in done
    assert "Last import: people.csv" in done
    with app.app_context():
        assert count(Employee) == 12
    assert not list((tmp_path / "imports").iterdir())  # the staged file is gone
    assert hr_client.post(f"/hr/transfer/import/{token}").status_code == 404  # and cannot be imported twice


def test_the_preview_lists_every_problem_and_offers_no_import(app, hr_client):
    data = file_of(EMP, {}, {"employee_number": "E2", "department": "Sales"}, {"employee_number": "E3", "skills": "Go:9"})
    preview_url = upload(hr_client, "employees", data).headers["Location"]
    page = hr_client.get(preview_url).get_data(as_text=True)
    assert "the file has 2 problems" in page
    assert "Line 3:</strong> unknown department &#34;Sales&#34;." in page
    assert "Line 4:</strong> skills: The level of Go must be between 1 and 5." in page
    assert "Import 3 rows" not in page and "/hr/transfer/import/" not in page


def test_every_problem_can_be_downloaded_when_the_page_shows_only_the_first(hr_client, monkeypatch):
    monkeypatch.setattr("talentpool.hr.transfer.ERRORS_SHOWN", 1)
    data = file_of(EMP, {"department": "Sales"}, {"employee_number": "E2", "department": "=Sales"})
    preview_url = upload(hr_client, "employees", data).headers["Location"]
    page = hr_client.get(preview_url).get_data(as_text=True)
    assert "1 more not shown" in page and "Line 3:" not in page
    with hr_client.get(f"{preview_url}/problems.csv") as response:
        assert response.headers["Content-Disposition"] == 'attachment; filename="problems-people.csv"'
        rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows == [["line", "problem"], ["2", 'unknown department "Sales".'], ["3", 'unknown department "=Sales".']]


def test_the_preview_of_an_unreadable_file_says_why(hr_client):
    preview_url = upload(hr_client, "employees", "full_name\nInês\n".encode("latin-1")).headers["Location"]
    page = hr_client.get(preview_url).get_data(as_text=True)
    assert "Line 2:</strong> the file is not UTF-8 text" in page and "/hr/transfer/import/" not in page


def test_a_file_that_changed_meaning_since_the_preview_imports_nothing(app, hr_client):
    preview_url = upload(hr_client, "employees", file_of(EMP, {})).headers["Location"]
    with app.app_context():
        db.session.delete(db.session.scalar(select(Department).where(Department.name == "Customer Success")))
        db.session.commit()
    token = preview_url.rsplit("/", 1)[1]
    page = hr_client.post(f"/hr/transfer/import/{token}", follow_redirects=True).get_data(as_text=True)
    assert "Nothing was imported" in page and 'unknown department &#34;Customer Success&#34;' in page
    with app.app_context():
        assert count(Employee) == 0


@pytest.mark.parametrize("token", ["A" * 32, "not-a-token", "..%2F..%2Fsecret_key"])
def test_an_unknown_or_forged_token_is_not_found(hr_client, token):
    for response in (hr_client.get(f"/hr/transfer/preview/{token}"), hr_client.post(f"/hr/transfer/import/{token}")):
        assert response.status_code == 404
        if token == "A" * 32:
            assert "Upload the file again" in response.get_data(as_text=True)


def test_another_hr_users_upload_is_not_found(app, hr_client, auth):
    preview_url = upload(hr_client, "employees", file_of(EMP, {})).headers["Location"]
    auth.logout()
    auth.login(Role.HR)
    assert hr_client.get(preview_url).status_code == 404


def test_a_file_over_the_limit_is_refused(app, hr_client):
    app.config["IMPORT_MAX_BYTES"] = 200
    response = upload(hr_client, "employees", file_of(EMP, *({"employee_number": f"E{n}"} for n in range(10))))
    assert response.status_code == 413
    assert "The file is larger than" in response.get_data(as_text=True)


def test_an_upload_needs_a_csv_file(hr_client):
    page = upload(hr_client, "employees", b"x", filename="people.xlsx").get_data(as_text=True)
    assert "Choose a .csv file" in page
    missing = hr_client.post("/hr/transfer", data={"kind": "employees"}).get_data(as_text=True)
    assert "Choose a CSV file." in missing


def test_the_page_documents_the_columns_and_links_the_templates(hr_client):
    page = hr_client.get("/hr/transfer").get_data(as_text=True)
    for kind, columns in csv_import.COLUMNS.items():
        assert f'href="/hr/transfer/template/{kind.value}.csv"' in page
        assert all(f"<code>{c.name}</code>" in page for c in columns)
    assert 'href="/hr/transfer/export/pool.csv"' in page


@pytest.mark.parametrize("kind", list(ImportKind))
def test_templates_download_with_the_columns_and_an_example(hr_client, kind):
    response = hr_client.get(f"/hr/transfer/template/{kind.value}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="talentpool-{kind.value}-template.csv"'
    header, example = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert header == [c.name for c in csv_import.COLUMNS[kind]] and len(example) == len(header)


def test_the_employees_template_imports_as_it_is(app, hr_client):
    data = hr_client.get("/hr/transfer/template/employees.csv").get_data()
    with app.app_context():
        assert run_import(EMP, data).created == 1


def test_an_unknown_template_is_not_found(hr_client):
    assert hr_client.get("/hr/transfer/template/payroll.csv").status_code == 404


TRANSFER_ROUTES = [
    ("GET", "/hr/transfer"),
    ("POST", "/hr/transfer"),
    ("GET", "/hr/transfer/template/employees.csv"),
    ("GET", "/hr/transfer/preview/" + "A" * 32),
    ("POST", "/hr/transfer/import/" + "A" * 32),
    ("GET", "/hr/transfer/export/pool.csv"),
]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.EMPLOYEE])
@pytest.mark.parametrize(("method", "path"), TRANSFER_ROUTES)
def test_only_hr_reaches_import_and_export(client, auth, role, method, path):
    auth.login(role)
    assert client.open(path, method=method).status_code == 403


@pytest.fixture
def csrf_app(app, tmp_path):
    """The same database, with CSRF protection on as in production."""
    protected = create_app(
        TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "WTF_CSRF_ENABLED": True}
    )
    protected.instance_path = str(tmp_path)
    yield protected
    with protected.app_context():
        db.engine.dispose()


def test_the_confirmation_needs_its_csrf_token(csrf_app):
    with csrf_app.app_context():
        factories.department("Customer Success")
        hr = factories.user(Role.HR)
    client = csrf_app.test_client()

    def token_of(page: str) -> str:
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    login_page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"email": hr.email, "password": factories.PASSWORD, "csrf_token": token_of(login_page)})
    csrf = token_of(client.get("/hr/transfer").get_data(as_text=True))
    preview_url = client.post(
        "/hr/transfer",
        data={"kind": "employees", "file": (io.BytesIO(file_of(EMP, {})), "p.csv"), "csrf_token": csrf},
        content_type="multipart/form-data",
    ).headers["Location"]
    upload_token = preview_url.rsplit("/", 1)[1]
    assert client.post(f"/hr/transfer/import/{upload_token}").status_code == 400
    with csrf_app.app_context():
        assert count(Employee) == 0
    confirm = token_of(client.get(preview_url).get_data(as_text=True))
    assert client.post(f"/hr/transfer/import/{upload_token}", data={"csrf_token": confirm}).status_code == 302
    with csrf_app.app_context():
        assert count(Employee) == 1


# --- On the command line ------------------------------------------------------------------


def test_cli_import_prints_the_counts(app, runner, tmp_path):
    with app.app_context():
        factories.department("Customer Success")
    path = tmp_path / "people.csv"
    path.write_bytes(file_of(EMP, {"employee_number": "E1"}, {"employee_number": "E2"}))
    result = runner.invoke(args=["import-csv", "employees", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported: 2 created, 0 updated, 0 unchanged." in result.output
    again = runner.invoke(args=["import-csv", "employees", str(path)])
    assert "Imported: 0 created, 0 updated, 2 unchanged." in again.output
    with app.app_context():
        assert count(Employee) == 2
        assert db.session.scalar(select(AuditEvent.actor_id).where(AuditEvent.action == "employee.created").limit(1)) is None


def test_cli_import_lists_every_problem_and_exits_with_1(app, runner, tmp_path):
    with app.app_context():
        factories.department("Customer Success")
    path = tmp_path / "people.csv"
    path.write_bytes(file_of(EMP, {"employee_number": "E1"}, {"employee_number": "E2", "department": "Sales"},
                             {"employee_number": "E1"}))
    result = runner.invoke(args=["import-csv", "employees", str(path)])
    assert result.exit_code == 1
    assert 'Line 3: unknown department "Sales".' in result.output
    assert "Line 4: employee number E1 is also on line 2." in result.output
    assert "Nothing was imported: the file has 2 problems." in result.output
    with app.app_context():
        assert count(Employee) == 0


def test_cli_import_refuses_an_unknown_kind_and_a_missing_file(runner, tmp_path):
    assert runner.invoke(args=["import-csv", "payroll", str(tmp_path)]).exit_code == 2
    assert runner.invoke(args=["import-csv", "employees", str(tmp_path / "none.csv")]).exit_code == 2
