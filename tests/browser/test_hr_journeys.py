"""HR staff journeys in a real browser: the pool list, adding someone, outcomes, reopening, reports.

Every test signs in as HR and works through the pages as a person does: links, buttons and labelled
fields. The server (and its demo company) is shared by the tests of this module, so each test picks
demo people no other test here touches and asserts only what its own actions decide.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from talentpool.extensions import db
from talentpool.models import CaseStatus, Employee, OutcomeKind, PoolCase
from tests.browser.conftest import assert_accessible, expect, login, screenshot


HR = "hr@example.com"
HR_NAME = "Hannah Richter"
PAGE_SIZE = 25


# --- How an HR person moves around --------------------------------------------------------


def follow(page, control) -> None:
    """Click a link or submit button and wait for the page it leads to, before reading or filling it."""
    with page.expect_navigation():
        control.click()


def go_to_pool(page) -> None:
    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Pool", exact=True))
    expect(page.get_by_role("heading", level=1, name="Talent pool")).to_be_visible()


def filter_pool(page, *, q: str = "", status: str | None = None, department: str | None = None,
                days_left: str = "", sort: str | None = None) -> None:
    """Fill the pool list's filter form and apply it."""
    page.get_by_label("Name or employee number").fill(q)
    if status:
        page.get_by_label("Status").select_option(label=status)
    if department:
        page.get_by_label("Department").select_option(label=department)
    page.get_by_label("At most days left").fill(days_left)
    if sort:
        page.get_by_label("Sort by").select_option(label=sort)
    follow(page, page.get_by_role("button", name="Apply"))


def pool_rows(page) -> list[dict[str, str]]:
    """The pool table as the page shows it: one {column header: cell text} per case."""
    table = page.get_by_role("table", name="Pool cases")
    if not table.count():
        return []
    headers = table.get_by_role("columnheader").all_inner_texts()
    rows = table.get_by_role("row").filter(has=page.get_by_role("cell"))
    found = []
    for index in range(rows.count()):
        cells = [text.strip() for text in rows.nth(index).get_by_role("cell").all_inner_texts()]
        row = dict(zip(headers, cells, strict=True))
        row["Name"], _, rest = row["Name"].partition("\n")
        row["Number"] = rest.split()[0] if rest else ""  # a priority badge may follow the number
        found.append(row)
    return found


def days_left_value(text: str) -> int:
    """'12 days' -> 12, 'Due today' -> 0, '3 days overdue' -> -3."""
    if text == "Due today":
        return 0
    number = int(re.match(r"(\d+) days?", text).group(1))
    return -number if "overdue" in text else number


def open_case(page, name: str) -> None:
    """From the pool list, find the person's case (open or closed) by name and open it."""
    go_to_pool(page)
    filter_pool(page, q=name, status="All cases")
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def employee_number_of(page, name: str) -> str:
    """Look the person's employee number up on the Employees page, as HR does before adding them."""
    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Employees"))
    page.get_by_label("Search by name, number or title").fill(name)
    follow(page, page.get_by_role("button", name="Search"))
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name="Add to pool")).to_be_visible()  # not in the pool yet
    return row.get_by_role("cell").nth(1).inner_text().strip()


def case_card(page):
    return page.get_by_role("region", name="Case", exact=True)


def expect_detail(card, term: str, value: str) -> None:
    """The card lists `term` with `value` beside it (a <dt> and its <dd>)."""
    expect(card).to_contain_text(f"{term} {value}", use_inner_text=True)


def history(page):
    return page.get_by_role("region", name="History")


def stored_case(live_server, name: str) -> PoolCase | None:
    """The person's latest pool case as stored, to double-check what the page said."""
    with live_server.app.app_context():
        case = db.session.scalar(
            select(PoolCase).join(PoolCase.employee).where(Employee.full_name == name).order_by(PoolCase.id.desc())
        )
        db.session.expunge_all()
        return case


@pytest.fixture(scope="module")
def hr_session(browser, live_server) -> list[dict]:
    """Sign in as HR once through the login form; the session cookie then serves every test here."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    login(page, HR)
    cookies = context.cookies()
    context.close()
    return cookies


@pytest.fixture
def hr(page, hr_session):
    """A page signed in as HR staff, starting on their home page (Today in the pool)."""
    page.context.add_cookies(hr_session)
    page.goto("/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


# --- Adding someone to the pool -----------------------------------------------------------


def test_hr_adds_an_employee_to_the_pool_and_sees_suggested_openings_with_reasons(hr, live_server):
    page = hr
    number = employee_number_of(page, "Andrei Munteanu")

    go_to_pool(page)
    page.get_by_role("link", name="Add someone to the pool").first.click()
    expect(page.get_by_role("heading", level=1, name="Add someone to the pool")).to_be_visible()
    expect(page.get_by_label("Date entered the pool")).to_have_value(date.today().isoformat())
    expect(page.get_by_label("HR owner of the case")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Employee number", exact=True).fill(number)
    page.get_by_label("Eliminated role (title)").fill("Technical Support Specialist")
    page.get_by_label("Department of the eliminated role").select_option(label="Customer Success")
    page.get_by_label("Reason").fill("Tier-1 support moves to the new self-service portal.")
    screenshot(page, "hr-add-to-pool")
    page.get_by_role("button", name="Add to the pool").click()

    deadline = date.today() + timedelta(days=live_server.app.config["POOL_PERIOD_DAYS"])
    expect(page.get_by_role("status")).to_have_text(f"Andrei Munteanu is in the pool until {deadline.isoformat()}.")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Andrei Munteanu\s+In pool"))
    expect_detail(case_card(page), "Deadline", deadline.isoformat())
    expect(case_card(page)).to_contain_text("Tier-1 support moves to the new self-service portal.")
    expect(history(page)).to_contain_text(f"Case opened by {HR_NAME}")

    suggestions = page.get_by_role("region", name="Suggested openings")
    ranked = suggestions.get_by_role("listitem")
    expect(ranked.first).to_be_visible()
    scores = [int(s) for s in suggestions.get_by_role("progressbar", name="Match score").evaluate_all(
        "bars => bars.map(bar => bar.getAttribute('aria-valuenow'))")]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0, scores
    expect(ranked.first).to_contain_text(f"{scores[0]}%")
    expect(suggestions.get_by_title("Matches").first).to_be_visible()
    expect(suggestions.get_by_title("Missing").first).to_be_visible()
    expect(ranked.first.get_by_role("link", name="Reassign to this opening")).to_be_visible()
    screenshot(page, "hr-case")

    stored = stored_case(live_server, "Andrei Munteanu")
    assert stored.status == CaseStatus.OPEN and stored.eliminated_title == "Technical Support Specialist"


def test_adding_someone_who_is_already_in_the_pool_shows_the_error_next_to_the_employee_number(hr):
    page = hr
    go_to_pool(page)
    filter_pool(page, q="Mei Chen")
    number = pool_rows(page)[0]["Number"]
    page.get_by_role("link", name="Add someone to the pool").first.click()
    page.get_by_label("Employee number", exact=True).fill(number)
    page.get_by_label("Eliminated role (title)").fill("Marketing Specialist")
    page.get_by_label("Department of the eliminated role").select_option(label="Marketing")
    page.get_by_label("Reason").fill("Entered twice by mistake.")
    page.get_by_role("button", name="Add to the pool").click()

    expect(page.get_by_role("alert")).to_contain_text("Please correct the problem marked below.")
    employee_number = page.get_by_label("Employee number", exact=True)
    expect(employee_number).to_have_attribute("aria-invalid", "true")
    expect(employee_number).to_have_accessible_description(
        "Find it on the Employees page; the person must be in the register. "
        "Mei Chen already has an open pool case; close it before opening another."
    )


# --- Recording outcomes -------------------------------------------------------------------


def test_hr_reassigns_a_person_on_trial_then_confirms_the_trial(hr, live_server):
    page = hr
    open_case(page, "Daniel Okafor")
    first = page.get_by_role("region", name="Suggested openings").get_by_role("listitem").first
    suggested = " ".join(first.inner_text().split())
    first.get_by_role("link", name="Reassign to this opening").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reassigned: Daniel Okafor")
    chosen = page.get_by_label("Opening").evaluate("select => select.selectedOptions[0].text")
    title, department, reference = re.match(r"(.+) · (.+) · (OPN-\d+) \(", chosen).groups()
    assert suggested.startswith(f"{title} · {department}") and reference in suggested  # the suggested opening
    expect(page.get_by_label("Start date in the new role")).to_have_value(date.today().isoformat())
    page.get_by_label("Notes").fill("Agreed with the hiring manager.")
    page.get_by_role("button", name="Review and confirm").click()

    trial_end = (date.today() + timedelta(days=28)).isoformat()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm: reassigned for Daniel Okafor")
    expect(page.get_by_text(f"Daniel Okafor moves to {title} in {department} ({reference}), on trial from "
                            f"{date.today().isoformat()} to {trial_end}")).to_be_visible()
    expect(page.get_by_text("This starts a trial in the new role.")).to_be_visible()
    assert stored_case(live_server, "Daniel Okafor").status == CaseStatus.OPEN  # nothing happens before confirming
    screenshot(page, "hr-outcome-confirm")
    page.get_by_role("button", name="Confirm and start the trial").click()

    expect(page.get_by_role("status")).to_have_text(
        f"Daniel Okafor starts in {title} on trial until {trial_end}. "
        "Confirm the reassignment or record that the trial failed by then.")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Daniel Okafor\s+On trial"))
    card = case_card(page)
    expect(card.get_by_role("heading", name=f"On trial in {title}")).to_be_visible()
    expect(card).to_contain_text(re.compile(r"Led to by\s*Suggestion #1 for the person \(match \d+%\)"))
    expect(history(page)).to_contain_text(f"Trial started by {HR_NAME}")
    expect(history(page)).to_contain_text(f"Opening place filled by {HR_NAME}")
    expect(page.get_by_role("link", name="Exit package", exact=True)).to_have_count(0)  # decide the trial first
    assert stored_case(live_server, "Daniel Okafor").status == CaseStatus.TRIAL

    # At the end of the trial, HR confirms it: the case closes as reassigned.
    page.get_by_role("link", name="Confirm the reassignment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm the trial of Daniel Okafor")
    expect(page.get_by_text("The case closes as reassigned, from")).to_be_visible()
    page.get_by_label("Notes (how the trial went)").fill("Settled in well; the team wants to keep him.")
    screenshot(page, "hr-trial-confirm")
    page.get_by_role("button", name="Confirm the reassignment").click()

    expect(page.get_by_role("status")).to_have_text(
        f"Reassignment confirmed: Daniel Okafor stays in {title}. The case is closed.")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Daniel Okafor\s+Reassigned"))
    card = case_card(page)
    expect(card.get_by_role("heading", name="Outcome: Reassigned")).to_be_visible()
    expect_detail(card, "New role", f"{title} ({reference})")
    expect_detail(card, "Starts", date.today().isoformat())
    expect(history(page)).to_contain_text(f"Case reassigned by {HR_NAME}")
    expect(history(page)).to_contain_text("Settled in well; the team wants to keep him.")
    expect(history(page)).to_contain_text("Agreed with the hiring manager.")
    expect(page.get_by_role("link", name="Reopen case")).to_be_visible()
    expect(page.get_by_role("link", name="Reassign", exact=True)).to_have_count(0)
    expect(page.get_by_role("region", name="Suggested openings")).to_have_count(0)
    assert stored_case(live_server, "Daniel Okafor").outcome_kind == OutcomeKind.REASSIGNED


def test_hr_follows_a_trial_ending_from_today_and_records_that_it_failed(hr, live_server):
    page = hr
    page.get_by_role("navigation", name="Whose cases").get_by_role("link", name="All cases").click()
    trials = page.get_by_role("region", name=re.compile(r"^Trials ending in the next 14 days"))
    entry = trials.get_by_role("listitem").filter(has_text="Elif Yılmaz")
    expect(entry).to_contain_text("on trial in Technical Support Specialist")
    expect(entry).to_contain_text("ends in 4 days")
    deadline_before = stored_case(live_server, "Elif Yılmaz").deadline
    entry.get_by_role("link", name="Elif Yılmaz").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Elif Yılmaz\s+On trial"))
    page.get_by_role("link", name="Trial failed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record that the trial of Elif Yılmaz failed")
    expect(page.get_by_text("The place in Technical Support Specialist is freed for someone else.")).to_be_visible()
    page.get_by_role("button", name="Record that the trial failed").click()
    expect(page.get_by_label("Why did the trial fail?")).to_have_accessible_description(
        re.compile("Write why the trial failed."))
    assert stored_case(live_server, "Elif Yılmaz").status == CaseStatus.TRIAL  # nothing changed

    page.get_by_label("Why did the trial fail?").fill("The evening shifts clash with her childcare.")
    screenshot(page, "hr-trial-fail")
    page.get_by_role("button", name="Record that the trial failed").click()

    case = stored_case(live_server, "Elif Yılmaz")
    assert case.status == CaseStatus.OPEN
    assert case.deadline == deadline_before + timedelta(days=24)  # 24 days on trial, not counted
    expect(page.get_by_role("status")).to_have_text(
        f"The trial is recorded as failed. Elif Yılmaz is back in the pool until {case.deadline.isoformat()}.")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Elif Yılmaz\s+In pool"))
    failed = page.get_by_role("region", name="Failed trials")
    expect(failed).to_contain_text("Technical Support Specialist")
    expect(failed).to_contain_text("“The evening shifts clash with her childcare.”")
    expect(history(page)).to_contain_text(f"Trial failed by {HR_NAME}")
    expect(history(page)).to_contain_text(f"Opening place freed by {HR_NAME}")
    expect(page.get_by_role("region", name="Suggested openings")).to_be_visible()  # looking again
    expect(page.get_by_role("link", name="Reassign", exact=True)).to_be_visible()


def test_hr_records_an_exit_package_and_a_missing_amount_is_shown_next_to_its_field(hr, live_server):
    page = hr
    open_case(page, "Hiroshi Tanaka")
    page.get_by_role("link", name="Exit package", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exit package: Hiroshi Tanaka")

    page.get_by_role("button", name="Review and confirm").click()
    weeks = page.get_by_label("Weeks of pay")
    expect(weeks).to_have_attribute("aria-invalid", "true")
    expect(weeks).to_have_accessible_description("Enter the weeks of pay agreed.")

    last_day = date.today() + timedelta(days=30)
    weeks.fill("12.5")
    page.get_by_label("Last working day").fill(last_day.isoformat())
    page.get_by_role("button", name="Review and confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm: exit package for Hiroshi Tanaka")
    expect(page.get_by_text("Exit package of 12.5 weeks of pay.")).to_be_visible()
    expect(page.get_by_text(f"Last working day: {last_day.isoformat()}.")).to_be_visible()
    page.get_by_role("button", name="Confirm and close the case").click()

    expect(page.get_by_role("status")).to_have_text("Outcome recorded: exit package. The case is closed.")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Hiroshi Tanaka\s+Exit package"))
    card = case_card(page)
    expect(card.get_by_role("heading", name="Outcome: Exit package")).to_be_visible()
    expect_detail(card, "Weeks of pay", "12.5")
    expect_detail(card, "Last working day", last_day.isoformat())
    expect_detail(card, "Recorded by", HR_NAME)
    expect(history(page)).to_contain_text(f"Case exit package by {HR_NAME}")
    assert stored_case(live_server, "Hiroshi Tanaka").outcome_kind == OutcomeKind.EXIT_PACKAGE


def test_hr_records_a_resignation_and_the_closed_case_shows_it(hr):
    page = hr
    open_case(page, "Kwame Mensah")
    page.get_by_role("link", name="Resigned", exact=True).click()
    expect(page.get_by_label("Resignation date")).to_have_value(date.today().isoformat())
    page.get_by_label("Notes").fill("Accepted an offer elsewhere.")
    page.get_by_role("button", name="Review and confirm").click()
    expect(page.get_by_text(f"Resignation dated {date.today().isoformat()}.")).to_be_visible()
    expect(page.get_by_text("Notes: Accepted an offer elsewhere.")).to_be_visible()
    page.get_by_role("button", name="Confirm and close the case").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Kwame Mensah\s+Resigned"))
    card = case_card(page)
    expect_detail(card, "Resignation date", date.today().isoformat())
    expect_detail(card, "Notes", "Accepted an offer elsewhere.")
    expect_detail(card, "Days left", f"Closed {date.today().isoformat()}")
    expect(history(page)).to_contain_text(f"Case resigned by {HR_NAME}")

    go_to_pool(page)
    filter_pool(page, q="Kwame Mensah", status="Resigned")
    assert [(row["Name"], row["Status"]) for row in pool_rows(page)] == [("Kwame Mensah", "Resigned")]


def test_cancelling_at_the_confirmation_step_leaves_the_case_open(hr, live_server):
    page = hr
    open_case(page, "Lars Eriksson")
    page.get_by_role("link", name="Resigned", exact=True).click()
    page.get_by_role("button", name="Review and confirm").click()
    expect(page.get_by_role("button", name="Confirm and close the case")).to_be_visible()
    page.get_by_role("link", name="Cancel").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Lars Eriksson\s+In pool"))
    expect(page.get_by_role("link", name="Resigned", exact=True)).to_be_visible()
    expect(case_card(page).get_by_role("heading", name=re.compile("Outcome"))).to_have_count(0)
    assert stored_case(live_server, "Lars Eriksson").status == CaseStatus.OPEN


# --- Reopening ----------------------------------------------------------------------------


def test_hr_reopens_a_closed_case_and_the_reason_is_kept_in_the_history(hr):
    page = hr
    open_case(page, "Charlotte Evans")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Charlotte Evans\s+Exit package"))
    page.get_by_role("link", name="Reopen case").click()
    page.get_by_label("Why is the case reopened?").fill("The exit agreement was withdrawn before signing.")
    page.get_by_role("button", name="Reopen the case").click()

    expect(page.get_by_role("status")).to_have_text("The case is open again.")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Charlotte Evans\s+(In pool|Overdue)"))
    latest = history(page).get_by_role("listitem").first
    expect(latest).to_contain_text(f"Case reopened by {HR_NAME}")
    expect(latest).to_contain_text("“The exit agreement was withdrawn before signing.”")
    expect(page.get_by_role("link", name="Exit package", exact=True)).to_be_visible()  # outcomes can be recorded again


def test_reopening_a_reassignment_frees_the_place_in_the_opening(hr):
    page = hr
    open_case(page, "Zoë Hendriks")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Zoë Hendriks\s+Reassigned"))
    page.get_by_role("link", name="Reopen case").click()
    page.get_by_label("Why is the case reopened?").fill("The new team was dissolved in its first month.")
    page.get_by_role("button", name="Reopen the case").click()

    expect(page.get_by_role("status")).to_have_text("The case is open again.")
    expect(history(page)).to_contain_text(f"Opening place freed by {HR_NAME}")
    expect(history(page)).to_contain_text("The new team was dissolved in its first month.")


def test_reopening_without_a_reason_shows_the_error_next_to_the_field_and_keeps_the_case_closed(hr, live_server):
    page = hr
    open_case(page, "Nora Lindqvist")
    page.get_by_role("link", name="Reopen case").click()
    page.get_by_role("button", name="Reopen the case").click()

    expect(page.get_by_role("alert")).to_contain_text("Please correct the problem marked below.")
    reason = page.get_by_label("Why is the case reopened?")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_accessible_description("Write why the case is reopened.")
    screenshot(page, "hr-reopen-error")
    assert stored_case(live_server, "Nora Lindqvist").status == CaseStatus.CLOSED


# --- Today in the pool ---------------------------------------------------------------------


def test_hr_starts_on_today_and_follows_a_deadline_to_the_case(hr):
    page = hr
    expect(page.get_by_role("heading", level=1, name="Today in the pool")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Today")).to_have_attribute("aria-current", "page")
    page.get_by_role("navigation", name="Whose cases").get_by_role("link", name="All cases").click()
    deadlines = page.get_by_role("region", name=re.compile(r"^Deadlines in the next 14 days"))
    expect(deadlines).to_contain_text("overdue")  # the demo pool has people past their deadline
    for name in ("Trials ending in the next 14 days", "Offers waiting for a reassignment",
                 "Waiting for an answer from HR", "Interested, waiting for a manager"):
        expect(page.get_by_role("region", name=re.compile(f"^{name}"))).to_be_visible()
    screenshot(page, "hr-today")
    first = deadlines.get_by_role("listitem").first.get_by_role("link").first
    name = first.inner_text().strip()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


# --- The pool list ------------------------------------------------------------------------


def test_pool_list_shows_open_cases_with_the_soonest_deadline_first(hr):
    page = hr
    go_to_pool(page)
    expect(page.get_by_label("Status")).to_have_value("open")
    rows = pool_rows(page)
    assert len(rows) == PAGE_SIZE  # more than a page of people is in the demo pool
    assert all(row["Status"] in ("In pool", "Overdue") for row in rows)
    days = [days_left_value(row["Days left"]) for row in rows]
    assert days == sorted(days) and days[0] < 0, days  # overdue people come first
    screenshot(page, "hr-pool-list")


@pytest.mark.parametrize(
    ("status", "badges"),
    [
        ("Overdue", {"Overdue"}),
        ("Exit package", {"Exit package"}),
        ("Closed (any outcome)", {"Reassigned", "Exit package", "Resigned"}),
    ],
    ids=["overdue", "exit-package", "closed"],
)
def test_pool_list_filters_by_status(hr, status, badges):
    page = hr
    go_to_pool(page)
    filter_pool(page, status=status)
    rows = pool_rows(page)
    assert rows and {row["Status"] for row in rows} <= badges, rows
    if status == "Overdue":
        assert all("overdue" in row["Days left"] for row in rows), rows
    assert page.get_by_label("Status").evaluate("s => s.selectedOptions[0].text") == status


def test_pool_list_filters_by_department(hr):
    page = hr
    go_to_pool(page)
    filter_pool(page, department="Legal", status="All cases")
    rows = pool_rows(page)
    assert len(rows) >= 4 and {row["Department"] for row in rows} == {"Legal"}, rows


def test_pool_list_finds_a_person_by_name_or_employee_number(hr):
    page = hr
    go_to_pool(page)
    filter_pool(page, q="kowalczyk")
    rows = pool_rows(page)
    assert [row["Name"] for row in rows] == ["Anna Kowalczyk"]

    filter_pool(page, q=rows[0]["Number"])
    assert [row["Name"] for row in pool_rows(page)] == ["Anna Kowalczyk"]

    filter_pool(page, q="nobody-by-this-name")
    expect(page.get_by_text("No case matches these filters.")).to_be_visible()
    page.get_by_role("link", name="Clear filters").click()
    expect(page.get_by_label("Name or employee number")).to_have_value("")
    assert len(pool_rows(page)) == PAGE_SIZE


def test_pool_list_filters_by_days_left(hr):
    page = hr
    go_to_pool(page)
    filter_pool(page, days_left="10")
    rows = pool_rows(page)
    days = [days_left_value(row["Days left"]) for row in rows]
    assert rows and max(days) <= 10, days
    assert len(rows) < PAGE_SIZE
    expect(page.get_by_label("At most days left")).to_have_value("10")


def test_pool_list_sorts_by_name_and_by_most_recently_entered(hr):
    page = hr
    go_to_pool(page)
    filter_pool(page, sort="Name")
    names = [row["Name"] for row in pool_rows(page)]
    assert names == sorted(names) and len(names) == PAGE_SIZE

    filter_pool(page, sort="Most recently entered")
    entered = [row["Entered"] for row in pool_rows(page)]
    assert entered == sorted(entered, reverse=True), entered


def test_pool_list_paginates_and_keeps_the_filters_on_the_next_page(hr):
    page = hr
    go_to_pool(page)
    filter_pool(page, status="All cases", sort="Name")
    first_page = [row["Name"] for row in pool_rows(page)]
    expect(page.get_by_text(re.compile(r"\d+ in all · page 1 of 2"))).to_be_visible()
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages.get_by_role("link", name="1", exact=True)).to_have_attribute("aria-current", "page")
    pages.get_by_role("link", name="Next").click()

    expect(page.get_by_text(re.compile(r"\d+ in all · page 2 of 2"))).to_be_visible()
    second_page = [row["Name"] for row in pool_rows(page)]
    total = int(re.match(r"(\d+) in all", page.get_by_text(re.compile(r"in all · page")).inner_text()).group(1))
    assert len(first_page) == PAGE_SIZE and len(first_page) + len(second_page) == total
    assert second_page == sorted(second_page) and first_page[-1] <= second_page[0]
    assert page.get_by_label("Status").evaluate("s => s.selectedOptions[0].text") == "All cases"
    assert page.get_by_label("Sort by").evaluate("s => s.selectedOptions[0].text") == "Name"

    follow(page, pages.get_by_role("link", name="Previous"))
    assert [row["Name"] for row in pool_rows(page)] == first_page


# --- Reports ------------------------------------------------------------------------------


def test_reports_page_shows_the_pool_health_and_the_outcomes(hr):
    page = hr
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1, name="Reports")).to_be_visible()
    expect(page.get_by_role("region", name="Pool health")).to_contain_text("in the pool now")
    outcomes = page.get_by_role("table", name="How cases ended, by the person's former department")
    total = outcomes.get_by_role("row").filter(has=page.get_by_role("rowheader", name="All departments", exact=True))
    reassigned, exit_package, resigned, closed = (int(c) for c in total.get_by_role("cell").all_inner_texts()[:4])
    assert closed == reassigned + exit_package + resigned > 0
    expect(outcomes).to_contain_text("Engineering")


# --- Accessibility ------------------------------------------------------------------------


def _pool_list(page):
    go_to_pool(page)


def _case_page(page):
    open_case(page, "Priyanka Nair")


def _add_to_pool_form(page):
    go_to_pool(page)
    page.get_by_role("link", name="Add someone to the pool").first.click()
    expect(page.get_by_role("heading", level=1, name="Add someone to the pool")).to_be_visible()


def _outcome_form(page):
    open_case(page, "Chiara Romano")
    page.get_by_role("link", name="Exit package", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exit package: Chiara Romano")


def _outcome_form_with_an_error(page):
    _outcome_form(page)
    page.get_by_role("button", name="Review and confirm").click()
    expect(page.get_by_label("Weeks of pay")).to_have_attribute("aria-invalid", "true")


def _reports(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1, name="Reports")).to_be_visible()


@pytest.mark.parametrize(
    "go_to",
    [_pool_list, _case_page, _add_to_pool_form, _outcome_form, _outcome_form_with_an_error, _reports],
    ids=["pool-list", "case", "add-to-pool-form", "outcome-form", "outcome-form-with-error", "reports"],
)
def test_hr_page_has_no_serious_accessibility_violations(hr, go_to):
    go_to(hr)
    assert_accessible(hr)
