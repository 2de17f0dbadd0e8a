"""CSV exports: streamed downloads for HR, guarded against formulas, and importable back unchanged."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from talentpool.extensions import db
from talentpool.models import OpeningStatus, Role
from talentpool.services import csv_export, csv_import, pool
from talentpool.services.csv_export import EXPORT_COLUMNS, ExportKind
from tests import factories

TODAY = date.today()


@pytest.fixture
def hr(auth):
    return auth.login(Role.HR)


def download(client, kind: str) -> list[list[str]]:
    """The rows of an export (header first), checking that it is a streamed UTF-8 attachment with a BOM."""
    with client.get(f"/hr/transfer/export/{kind}.csv") as response:
        assert response.status_code == 200
        assert response.is_streamed
        assert response.content_type == "text/csv; charset=utf-8"
        body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def import_back(app, kind: str, rows: list[list[str]]):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    with app.app_context():
        return csv_import.import_csv(
            db.session, None, kind, buffer.getvalue().encode(), today=TODAY, pool_period_days=90
        )


@pytest.mark.parametrize("kind", list(ExportKind))
def test_each_export_is_a_streamed_csv_attachment(client, hr, kind):
    with client.get(f"/hr/transfer/export/{kind.value}.csv") as response:
        assert response.is_streamed
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="talentpool-{kind.value}-{TODAY.isoformat()}.csv"'
        )
        assert response.get_data().decode("utf-8-sig").splitlines() == [",".join(EXPORT_COLUMNS[kind])]


def test_an_unknown_export_is_not_found(client, hr):
    assert client.get("/hr/transfer/export/salaries.csv").status_code == 404


def test_cells_that_a_spreadsheet_would_run_are_prefixed_with_a_quote(app, client, hr):
    with app.app_context():
        factories.employee(
            '=HYPERLINK("http://evil.example","click")', title="+SUM(A1)", summary="-5 days notice",
            skills={"@mention": 3},
        )
        person = factories.employee("Tab Person", title="\tIndented")
        factories.pool_case(person, entered_on=TODAY - timedelta(days=95), deadline=TODAY - timedelta(days=5))
    employees = {row["full_name"]: row for row in as_dicts(download(client, "employees"))}
    formula = employees["'=HYPERLINK(\"http://evil.example\",\"click\")"]
    assert (formula["title"], formula["summary"], formula["skills"]) == ("'+SUM(A1)", "'-5 days notice", "'@mention:3")
    assert employees["Tab Person"]["title"] == "'\tIndented"
    (case,) = as_dicts(download(client, "pool"))
    assert case["days_left"] == "-5"  # a number we wrote, not text: left as it is


def test_accents_survive_the_round_trip_through_utf8_with_bom(app, client, hr):
    with app.app_context():
        factories.employee("Inês Carvalho", department_name="Atención al cliente", skills={"Français": 4})
    (row,) = as_dicts(download(client, "employees"))
    assert (row["full_name"], row["department"], row["skills"]) == ("Inês Carvalho", "Atención al cliente", "Français:4")


def test_the_employees_export_imports_back_with_no_changes(app, client, hr):
    with app.app_context():
        factories.employee("Ana Lima", skills={"Zendesk": 4, "Customer service": 5}, summary="Line one\nLine two")
        factories.employee("=Formula Fan", title="-Minus", summary="'quoted already", skills={})
        factories.employee("Ben Adeyemi", department_name="Engineering", skills={"SQL": 2})
    rows = download(client, "employees")
    assert rows[0] == [c.name for c in csv_import.COLUMNS[csv_import.ImportKind.EMPLOYEES]]
    result = import_back(app, "employees", rows)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)


def test_the_openings_export_imports_back_with_no_changes(app, client, hr):
    with app.app_context():
        factories.opening("Support Engineer", required={"Troubleshooting": 4, "SQL": None}, nice_to_have=["Jira"])
        factories.opening("Closed role", status=OpeningStatus.CLOSED, closing_date=TODAY - timedelta(days=30))
        filled = factories.opening("Filled role", headcount=1)
        filled.places_filled, filled.status = 1, OpeningStatus.FILLED
        db.session.commit()
    rows = download(client, "openings")
    by_title = {row["title"]: row for row in as_dicts(rows)}
    assert by_title["Support Engineer"]["required_skills"] == "Troubleshooting:4; SQL"
    assert by_title["Support Engineer"]["nice_to_have_skills"] == "Jira"
    assert (by_title["Filled role"]["status"], by_title["Filled role"]["places_filled"]) == ("filled", "1")
    result = import_back(app, "openings", rows)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)


def test_the_pool_export_shows_status_days_left_and_outcome_and_imports_back(app, client, hr):
    with app.app_context():
        owner = factories.user(Role.HR, email="owner@example.com")
        open_case = factories.pool_case(
            factories.employee("Olga Open"), owner=owner, entered_on=TODAY - timedelta(days=10),
            deadline=TODAY + timedelta(days=5),
        )
        closed = factories.pool_case(factories.employee("Carl Closed"), owner=owner)
        pool.record_resignation(db.session, owner, closed.id, resignation_date=TODAY)
        number = open_case.employee.employee_number
    rows = download(client, "pool")
    cases = {row["full_name"]: row for row in as_dicts(rows)}
    assert cases["Olga Open"] | {"reason": ""} == {
        "employee_number": number, "full_name": "Olga Open", "eliminated_title": "Data Analyst",
        "department": "Analytics", "reason": "", "entered_on": (TODAY - timedelta(days=10)).isoformat(),
        "deadline": (TODAY + timedelta(days=5)).isoformat(), "hr_owner_email": "owner@example.com",
        "status": "open", "days_left": "5", "outcome": "", "closed_on": "",
    }
    assert (cases["Carl Closed"]["status"], cases["Carl Closed"]["outcome"]) == ("closed", "resigned")
    assert (cases["Carl Closed"]["days_left"], cases["Carl Closed"]["closed_on"]) == ("", TODAY.isoformat())
    result = import_back(app, "pool_cases", rows)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_the_outcomes_export_lists_each_outcome_with_its_terms(app, client, hr):
    with app.app_context():
        owner = factories.user(Role.HR, email="owner@example.com")
        case = factories.pool_case(factories.employee("Erik Exit"), owner=owner, entered_on=TODAY - timedelta(days=30))
        pool.record_exit_package(db.session, owner, case.id, weeks_of_pay=12.5, last_working_day=TODAY, notes="=agreed")
    (row,) = as_dicts(download(client, "outcomes"))
    assert row["full_name"] == "Erik Exit" and row["outcome"] == "exit_package"
    assert (row["days_in_pool"], row["weeks_of_pay"], row["last_working_day"]) == ("30", "12.5", TODAY.isoformat())
    assert (row["notes"], row["recorded_by_email"], row["reversed_at"]) == ("'=agreed", "owner@example.com", "")


def test_rows_are_read_in_batches_and_sent_in_chunks(app, client, hr, monkeypatch):
    monkeypatch.setattr(csv_export, "YIELD_PER", 2)
    monkeypatch.setattr(csv_export, "ROWS_PER_CHUNK", 1)
    with app.app_context():
        for n in range(5):
            factories.employee(f"Person {n}", skills={f"Skill {n}": 1 + n % 5})
    with client.get("/hr/transfer/export/employees.csv") as response:
        chunks = list(response.iter_encoded())
    assert len(chunks) == 6  # the header and each row leave as soon as they are written
    rows = as_dicts(list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig")))))
    assert [(r["full_name"], r["skills"]) for r in rows] == [(f"Person {n}", f"Skill {n}:{1 + n % 5}") for n in range(5)]


def test_cli_export_to_a_file_and_to_standard_output(app, runner, tmp_path):
    with app.app_context():
        factories.pool_case(factories.employee("Nina Pool"))
    path = tmp_path / "pool.csv"
    result = runner.invoke(args=["export-csv", "pool", str(path)])
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeffemployee_number,full_name,") and "Nina Pool" in text
    to_stdout = runner.invoke(args=["export-csv", "employees"])
    assert to_stdout.exit_code == 0 and to_stdout.stdout.startswith("employee_number,full_name,")
    assert "Nina Pool" in to_stdout.stdout
    assert runner.invoke(args=["export-csv", "salaries"]).exit_code == 2
