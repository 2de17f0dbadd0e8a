"""Managers' journeys in a real browser: posting an opening, ranking the pool for it, making an offer.

Each test signs in as a demo manager and works through the pages as a person does: links, buttons and
labelled fields. The server (and its demo company) is shared by the tests of this module, so each test
posts its own opening, with a title no other test uses, and asserts only what its own actions decide.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.browser.conftest import assert_accessible, expect, login, logout, screenshot


MANAGER = "manager@example.com"
MANAGER_NAME = "Marco Silva"
MANAGER2 = "manager2@example.com"
HR = "hr@example.com"


# --- How a manager moves around -----------------------------------------------------------


def go_to_my_openings(page, status: str | None = None) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My openings").click()
    expect(page.get_by_role("heading", level=1, name="My openings")).to_be_visible()
    if status:
        page.get_by_role("navigation", name="Filter by status").get_by_role("link", name=status, exact=True).click()
        page.wait_for_load_state()


def fill_opening_form(page, *, title: str, department: str = "Customer Success", location: str = "Lisbon",
                      description: str = "Help customers get started and keep them happy.",
                      headcount: str = "1", closing_date: date | None = None,
                      required: tuple[tuple[str, str], ...] = (), nice_to_have: str = "") -> None:
    """Fill in the opening form; `required` holds (skill, minimum level label) per skill row."""
    page.get_by_label("Title").fill(title)
    page.get_by_label("Department").select_option(label=department)
    page.get_by_label("Location").fill(location)
    page.get_by_label("Description").fill(description)
    page.get_by_label("Places (headcount)").fill(headcount)
    page.get_by_label("Closing date").fill(closing_date.isoformat() if closing_date else "")
    for number, (skill, level) in enumerate(required, start=1):
        page.get_by_label(f"Required skill {number}", exact=True).fill(skill)
        page.get_by_label(f"Minimum level of required skill {number}", exact=True).select_option(label=level)
    page.get_by_label("Nice-to-have skills").fill(nice_to_have)


def post_opening(page, title: str, **fields) -> str:
    """Post an opening through the form; returns its reference (OPN-…) from the confirmation."""
    go_to_my_openings(page)
    page.get_by_role("link", name="Post an opening").first.click()
    fill_opening_form(page, title=title, **fields)
    page.get_by_role("button", name="Post opening").click()
    confirmation = page.get_by_role("status").filter(has_text=f"{title} is posted as")
    expect(confirmation).to_be_visible()
    return re.search(r"OPN-\d+", confirmation.inner_text()).group(0)


def opening_rows(page) -> dict[str, dict[str, str]]:
    """The openings table as the page shows it: {title: {column header: cell text}}."""
    table = page.get_by_role("table")
    if not table.count():
        return {}
    headers = table.get_by_role("columnheader").all_inner_texts()
    rows = {}
    for row in table.get_by_role("row").filter(has=page.get_by_role("cell")).all():
        cells = dict(zip(headers, (text.strip() for text in row.get_by_role("cell").all_inner_texts())))
        rows[cells["Title"].splitlines()[0].strip()] = cells  # a badge may follow the title
    return rows


def candidate_cards(page):
    return page.get_by_role("region", name="Candidates from the talent pool").get_by_role("listitem").filter(
        has=page.get_by_role("progressbar", name="Match score")
    )


def candidate_name(card) -> str:
    """The person's name from the card heading ("1. Full Name")."""
    return re.sub(r"^(\d+\.|In pipeline ·)\s*", "", card.get_by_role("heading", level=3).inner_text().strip())


def scores(page) -> list[int]:
    bars = page.get_by_role("progressbar", name="Match score").all()
    return [int(bar.get_attribute("aria-valuenow")) for bar in bars]


# --- Posting an opening -----------------------------------------------------------------------


def test_manager_posts_an_opening_with_required_skills_and_levels(page):
    login(page, MANAGER)
    go_to_my_openings(page)
    assert_accessible(page)

    page.get_by_role("link", name="Post an opening").first.click()
    expect(page.get_by_role("heading", level=1, name="Post an opening")).to_be_visible()
    assert_accessible(page)
    closes = date.today() + timedelta(days=30)
    fill_opening_form(
        page,
        title="Customer Onboarding Lead",
        location="Berlin",
        headcount="2",
        closing_date=closes,
        required=(("Salesforce", "4 · advanced"), ("Zendesk", "2 · some experience")),
        nice_to_have="Slack, Zoom",
    )
    page.get_by_role("button", name="Post opening").click()

    # The manager lands on the new opening, with what was entered and the pool ranked for it.
    expect(page.get_by_role("heading", level=1, name="Customer Onboarding Lead")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Customer Onboarding Lead is posted as OPN-")).to_be_visible()
    details = page.get_by_role("region", name="Details")
    expect(details).to_contain_text("Places filled 0 / 2", use_inner_text=True)
    expect(details).to_contain_text(f"Closes {closes.isoformat()}", use_inner_text=True)
    required = details.get_by_role("list").filter(has_text="Salesforce").get_by_role("listitem")
    expect(required).to_have_text(["Salesforce · level 4+", "Zendesk · level 2+"])
    expect(details.get_by_role("list").filter(has_text="Slack").get_by_role("listitem")).to_have_text(["Slack", "Zoom"])
    expect(candidate_cards(page).first).to_be_visible()

    # It is listed among the manager's openings, open, with nobody in its pipeline yet.
    go_to_my_openings(page)
    row = opening_rows(page)["Customer Onboarding Lead"]
    assert row["Department"] == "Customer Success"
    assert row["Status"] == "Open"
    assert row["Places filled"] == "0 / 2"
    assert row["Closes"] == closes.isoformat()
    assert row["Candidates"] == "None yet"

    # Editing shows the saved skills and levels again.
    page.get_by_role("link", name="Customer Onboarding Lead").click()
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("Required skill 1", exact=True)).to_have_value("Salesforce")
    expect(page.get_by_label("Minimum level of required skill 1", exact=True)).to_have_value("4")
    expect(page.get_by_label("Required skill 2", exact=True)).to_have_value("Zendesk")
    expect(page.get_by_label("Minimum level of required skill 2", exact=True)).to_have_value("2")


def test_invalid_opening_shows_each_message_next_to_its_field_and_saves_nothing(page):
    login(page, MANAGER)
    go_to_my_openings(page, status="All")
    total_before = page.get_by_text(re.compile(r"^\d+ in all")).inner_text()

    page.get_by_role("link", name="Post an opening").first.click()
    fill_opening_form(page, title="", location="Warsaw", headcount="0", required=(("Excel", "3 · competent"),))
    page.get_by_role("button", name="Post opening").click()

    expect(page.get_by_role("alert")).to_have_text("Please correct the problems marked below.")
    title = page.get_by_label("Title")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description("Give the opening a title.")
    headcount = page.get_by_label("Places (headcount)")
    expect(headcount).to_have_attribute("aria-invalid", "true")
    expect(headcount).to_have_accessible_description(
        "How many people you can take. Headcount must be at least 1 (and at most 999)."
    )
    # Fields that were right are not marked, and keep what was typed.
    expect(page.get_by_label("Location")).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Location")).to_have_value("Warsaw")
    expect(page.get_by_label("Required skill 1", exact=True)).to_have_value("Excel")

    # Correcting the title alone still leaves the headcount refused, and only that one marked.
    page.get_by_label("Title").fill("Spreadsheet Wrangler")
    page.get_by_role("button", name="Post opening").click()
    expect(page.get_by_role("alert")).to_have_text("Please correct the problem marked below.")
    expect(page.get_by_label("Title")).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Places (headcount)")).to_have_accessible_description(
        re.compile("Headcount must be at least 1")
    )

    # Nothing was saved by either attempt.
    page.get_by_role("link", name="Cancel").click()
    go_to_my_openings(page, status="All")
    expect(page.get_by_text(re.compile(r"^\d+ in all"))).to_have_text(total_before)
    assert "Spreadsheet Wrangler" not in opening_rows(page)


# --- From ranked candidates to a reassignment ---------------------------------------------


def test_manager_ranks_shortlists_and_offers_then_hr_completes_the_reassignment(page):
    title = "Client Success Associate"
    login(page, MANAGER)
    reference = post_opening(
        page,
        title,
        required=(("Salesforce", "3 · competent"), ("CRM", "2 · some experience"), ("Zendesk", "2 · some experience")),
    )

    # The pool is ranked for the opening, best first, and each candidate comes with the reasons.
    cards = candidate_cards(page)
    expect(cards.first).to_be_visible()
    shown = scores(page)
    assert len(shown) == cards.count() > 1
    # People with a statutory priority whom the opening suits come first, marked; then the ranking.
    flagged = [i for i in range(cards.count()) if "Statutory priority" in cards.nth(i).inner_text()]
    assert flagged == list(range(len(flagged)))
    ranked = shown[len(flagged):]
    assert ranked == sorted(ranked, reverse=True), "candidates are not ranked best first"
    assert all(0 <= score <= 100 for score in shown)
    # Matched, missing and close skills are chips, each also named for screen readers.
    candidates = page.get_by_role("region", name="Candidates from the talent pool")
    for kind in ("Skills that match:", "Required skills missing:", "Close skills (a near match):"):
        expect(candidates.get_by_text(kind).first).to_be_attached()
    expect(candidates.get_by_title("Matches").first).to_contain_text(re.compile(r"✓ (Salesforce|CRM|Zendesk)"))
    expect(candidates.get_by_title("Missing").first).to_contain_text(re.compile(r"✗ (Salesforce|CRM|Zendesk)"))
    expect(candidates.get_by_title(re.compile(r"^Close: .+ is near ")).first).to_contain_text("(has ")
    top = cards.first
    person = candidate_name(top)
    expect(top.get_by_title("Matches").first).to_be_visible()
    expect(top).to_contain_text("Former role:")
    expect(top).to_contain_text("Stage: New")
    assert_accessible(page)
    screenshot(page, "manager-opening-candidates")

    # Shortlist the best-ranked person.
    top.get_by_role("button", name=f"Shortlist {person}").click()
    expect(page.get_by_role("status").filter(has_text=f"{person} is on the shortlist for {title}.")).to_be_visible()
    card = cards.filter(has=page.get_by_role("heading", name=person))
    expect(card).to_contain_text("Stage: Shortlisted")
    expect(card.get_by_role("button", name=f"Shortlist {person}")).to_have_count(0)

    # An offer asks first; cancelling changes nothing.
    card.get_by_role("link", name=f"Make an offer… {person}").click()
    expect(page.get_by_role("heading", level=1, name=f"Offer {title} to {person}?")).to_be_visible()
    expect(page.get_by_text("HR will then record the reassignment.")).to_be_visible()
    page.get_by_role("link", name="Cancel").click()
    expect(card).to_contain_text("Stage: Shortlisted")

    card.get_by_role("link", name=f"Make an offer… {person}").click()
    page.get_by_role("button", name="Make the offer").click()
    expect(page.get_by_role("status").filter(has_text=f"You offered {title} to {person}.")).to_be_visible()
    expect(card).to_contain_text("Stage: Offered")
    go_to_my_openings(page)
    assert opening_rows(page)[title]["Candidates"] == "1 Offered"

    # HR sees the offer waiting on the pool page, opens the case and records the reassignment.
    logout(page)
    login(page, HR)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Pool", exact=True).click()
    offers = page.get_by_role("region", name="Offers waiting for HR to record the reassignment")
    offer = offers.get_by_role("listitem").filter(has_text=reference)
    expect(offer).to_contain_text(f"{person} — offered {title} ({reference}) by {MANAGER_NAME}")
    offer.get_by_role("link", name=person).click()

    expect(page.get_by_role("heading", level=1, name=re.compile(person))).to_be_visible()
    application = page.get_by_role("region", name="Applications").get_by_role("row").filter(has_text=reference)
    expect(application).to_contain_text("Offered")
    application.get_by_role("link", name="Record reassignment").click()
    expect(page.get_by_label("Opening")).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_label("Opening").locator("option:checked")).to_contain_text(reference)
    page.get_by_role("button", name="Review and confirm").click()

    expect(page.get_by_role("heading", level=1, name=f"Confirm: reassigned for {person}")).to_be_visible()
    expect(page.get_by_text(f"{person} moves to {title} in Customer Success ({reference})")).to_be_visible()
    expect(page.get_by_text("and the opening is then filled")).to_be_visible()
    page.get_by_role("button", name="Confirm and start the trial").click()

    expect(page.get_by_role("status")).to_contain_text(f"{person} starts in {title} on trial until")
    case = page.get_by_role("region", name="Case", exact=True)
    expect(case.get_by_role("heading", name=f"On trial in {title}")).to_be_visible()
    expect(case).to_contain_text(f"Opening {title} ({reference})", use_inner_text=True)
    expect(page.get_by_role("heading", level=1, name=person)).to_contain_text("On trial")

    # The offer no longer waits for HR.
    page.get_by_role("link", name="Pool", exact=True).first.click()
    expect(page.get_by_text(reference)).to_have_count(0)

    # The manager sees the place filled and the opening no longer taking candidates.
    logout(page)
    login(page, MANAGER)
    go_to_my_openings(page)
    row = opening_rows(page)[title]
    assert row["Status"] == "Filled"
    assert row["Places filled"] == "1 / 1"
    assert row["Candidates"] == "1 On trial"
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("region", name="Details")).to_contain_text("Places filled 1 / 1", use_inner_text=True)
    reassigned = page.get_by_role("region", name="Reassigned to this opening")
    expect(reassigned).to_contain_text(person)
    expect(reassigned).to_contain_text("On trial until")
    expect(page.get_by_text("This opening is not taking new candidates")).to_be_visible()


# --- What a manager may not see -------------------------------------------------------------


HR_PAGES = ("/hr/pool", "/hr/pool/1", "/hr/employees", "/hr/reports", "/hr/users", "/hr/transfer")


def test_manager_gets_the_forbidden_page_for_hr_pages(page):
    login(page, MANAGER)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Pool", exact=True)).to_have_count(0)

    for path in HR_PAGES:
        response = page.goto(path)
        assert response.status == 403, path
        expect(page.get_by_role("heading", level=1, name="Forbidden")).to_be_visible()
        expect(page.get_by_text("Your account does not have access to this page.")).to_be_visible()
        expect(page.locator("main")).not_to_contain_text("Talent pool")


def test_manager_cannot_open_another_managers_opening(page):
    # Priya Raman (Finance and Operations) has an opening; note its address as she sees it.
    login(page, MANAGER2)
    go_to_my_openings(page)
    theirs = "Accounting Clerk"
    page.get_by_role("link", name=theirs).click()
    expect(page.get_by_role("heading", level=1, name=theirs)).to_be_visible()
    opening_url = page.url
    edit_url = page.get_by_role("link", name="Edit").get_attribute("href")
    offer_url = page.get_by_role("link", name=re.compile("Make an offer")).first.get_attribute("href")
    logout(page)

    # Marco Silva does not see it among his openings, and its pages are not there for him.
    login(page, MANAGER)
    go_to_my_openings(page, status="All")
    assert theirs not in opening_rows(page)
    for url in (opening_url, edit_url, offer_url):
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.get_by_role("heading", level=1, name="Not Found")).to_be_visible()
        expect(page.locator("main")).not_to_contain_text(theirs)
