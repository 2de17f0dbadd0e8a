"""Employees' journeys in a real browser: their own case, their skills, and answering suggested openings.

Each test signs in as the demo employee (Sofia Marques, in the pool) and works through the pages as a
person does: links, buttons and labelled fields. The server (and its demo company) is shared by the tests
of this module, and they all use the one employee sign-in, so each test picks what it changes (a new
skill, an opening not yet answered) from what the pages show at that moment, and asserts only what its
own actions decide.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.browser.conftest import assert_accessible, expect, login, logout, screenshot


EMPLOYEE = "employee@example.com"
EMPLOYEE_NAME = "Sofia Marques"
HR = "hr@example.com"
REASON_LIMIT = 1000


# --- How an employee moves around -------------------------------------------------------------


def go_to(page, link: str, heading: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=heading, exact=True)).to_be_visible()


def case_facts(page) -> dict[str, str]:
    """The "Where you stand" card as {term: description}."""
    facts = page.get_by_role("region", name="Where you stand")
    terms = facts.get_by_role("term").all_inner_texts()
    details = facts.get_by_role("definition").all_inner_texts()
    return {term.strip(): detail.strip() for term, detail in zip(terms, details)}


def skill_rows(page):
    """The rows of the skills form, each a group named "Skill N"."""
    return page.get_by_role("group", name=re.compile(r"^Skill \d+$"))


def saved_skills(page) -> dict[str, str]:
    """The skills the form shows, as {name: selected level label}."""
    found = {}
    for row in skill_rows(page).all():
        name = row.get_by_label("Skill", exact=True).input_value()
        if name:
            found[name] = row.get_by_label("Level").locator("option:checked").inner_text()
    return found


def first_blank_skill_row(page):
    for row in skill_rows(page).all():
        if not row.get_by_label("Skill", exact=True).input_value():
            return row
    raise AssertionError("the skills form offers no blank row")


def suggestion_cards(page):
    return page.get_by_role("region", name="Openings suggested for you").get_by_role("listitem").filter(
        has=page.get_by_role("progressbar", name="Match score")
    )


def unanswered_suggestions(page) -> list[str]:
    """Titles of the suggested openings the person has not answered yet, best match first."""
    titles = []
    for card in suggestion_cards(page).all():
        if not card.get_by_text(re.compile("^You (are interested|declined)$")).count():
            titles.append(card.get_by_role("heading", level=3).inner_text().strip())
    return titles


def suggestion(page, title: str):
    return suggestion_cards(page).filter(has=page.get_by_role("heading", level=3, name=title, exact=True))


# --- The case ------------------------------------------------------------------------------------


def test_employee_sees_own_status_deadline_and_hr_contact(page, live_server):
    pool_period_days = live_server.app.config["POOL_PERIOD_DAYS"]  # what the demo's deadlines were set with
    login(page, EMPLOYEE)

    expect(page.get_by_role("heading", level=1, name="My case")).to_be_visible()
    facts = case_facts(page)
    assert facts["Status"] == "In pool"
    assert facts["Former role"] == "Marketing Specialist"
    entered = date.fromisoformat(facts["In the pool since"].split()[0])
    deadline = date.fromisoformat(facts["Deadline"])
    days_in_pool = (date.today() - entered).days
    assert f"({days_in_pool} days in the pool)" in facts["In the pool since"]
    assert deadline == entered + timedelta(days=pool_period_days)
    assert facts["Time left"] == f"{(deadline - date.today()).days} days"

    contact = page.get_by_role("region", name="Your HR contact")
    expect(contact.get_by_role("link", name=re.compile(r"@example\.com$"))).to_have_attribute(
        "href", re.compile(r"^mailto:")
    )
    assert_accessible(page)
    screenshot(page, "employee-home")


def test_employee_reads_how_suggestions_are_made_and_asks_for_a_conversation(page):
    login(page, EMPLOYEE)
    guidance = page.get_by_role("region", name="How this works")
    expect(guidance).to_contain_text("compares your skills, your summary and your former role")
    expect(guidance).to_contain_text("A person at HR decides every outcome of your case")
    contact = page.get_by_role("region", name="Your HR contact")
    owner = contact.locator("p.fw-semibold").inner_text().strip()
    expect(guidance).to_contain_text(f"{owner} at HR looks after your case")

    contact.get_by_role("link", name="Ask for a conversation").click()
    expect(page.get_by_role("heading", level=1, name="Ask for a conversation")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What you would like to talk about (optional)").fill("What happens after my deadline?")
    page.get_by_label("When suits you (optional)").fill("Tuesday mornings")
    page.get_by_role("button", name="Ask for a conversation").click()

    expect(page.get_by_role("status")).to_contain_text(f"Sent to {owner} at HR")
    requests = page.get_by_role("region", name="Your requests for a conversation")
    expect(requests).to_contain_text("What happens after my deadline?")
    expect(requests).to_contain_text("When suits you: Tuesday mornings")
    expect(requests).to_contain_text(f"Waiting for an answer from {owner}")
    assert_accessible(page)
    screenshot(page, "employee-home-conversation")


# --- The skills profile --------------------------------------------------------------------------


def test_employee_adds_a_skill_with_a_level_and_it_is_kept(page):
    login(page, EMPLOYEE)
    go_to(page, "My skills", "My skills")
    assert_accessible(page)
    before = saved_skills(page)
    assert before, "the demo employee starts with skills"
    assert "Zendesk" not in before

    row = first_blank_skill_row(page)
    row.get_by_label("Skill", exact=True).fill("Zendesk")
    row.get_by_label("Level").select_option(label="4 · Advanced")
    page.get_by_role("button", name="Save skills profile").click()

    expect(page.get_by_role("status")).to_have_text("Your skills profile is saved.")
    after = saved_skills(page)
    assert after["Zendesk"] == "4 · Advanced"
    assert {name: level for name, level in after.items() if name != "Zendesk"} == before
    # Blank rows are offered again for the next skill.
    first_blank_skill_row(page)

    # It is kept: a fresh visit shows it too.
    go_to(page, "My case", "My case")
    go_to(page, "My skills", "My skills")
    assert saved_skills(page)["Zendesk"] == "4 · Advanced"
    screenshot(page, "employee-skills")


def test_a_skill_listed_twice_is_refused_next_to_the_skills_and_nothing_is_saved(page):
    login(page, EMPLOYEE)
    go_to(page, "My skills", "My skills")
    before = saved_skills(page)
    existing = next(iter(before))

    row = first_blank_skill_row(page)
    row.get_by_label("Skill", exact=True).fill(f"  {existing.upper()} ")
    page.get_by_role("button", name="Save skills profile").click()

    expect(page.get_by_role("alert").first).to_have_text("Please correct the problem marked below.")
    skills = page.get_by_role("group", name="Skills", exact=True)
    message = f"{existing.upper()} is listed twice (as {existing})."
    expect(skills.get_by_role("alert")).to_have_text(message)
    expect(skills).to_have_accessible_description(message)

    go_to(page, "My skills", "My skills")
    assert saved_skills(page) == before


# --- Suggestions and answers ---------------------------------------------------------------------


def test_employee_sees_suggestions_with_reasons(page):
    login(page, EMPLOYEE)

    cards = suggestion_cards(page)
    expect(cards.first).to_be_visible()
    scores = [int(bar.get_attribute("aria-valuenow")) for bar in cards.get_by_role("progressbar").all()]
    assert len(scores) == cards.count() > 1
    assert scores == sorted(scores, reverse=True), "suggestions are not ranked best first"
    for card in cards.all():
        expect(card.get_by_role("heading", level=3).get_by_role("link")).to_be_visible()
        expect(card).to_contain_text(re.compile(r"Why:\s+skills cover \d+% of what the role needs"))
    suggestions = page.get_by_role("region", name="Openings suggested for you")
    expect(suggestions.get_by_text("Skills that match:").first).to_be_attached()
    expect(suggestions.get_by_text("Required skills missing:").first).to_be_attached()
    expect(suggestions.get_by_title("Matches").first).to_contain_text("✓ ")
    expect(suggestions.get_by_title("Missing").first).to_contain_text("✗ ")
    expect(suggestions).to_contain_text("a person at HR decides every outcome")
    screenshot(page, "employee-suggestions")


def test_employee_marks_interest_in_one_suggestion_and_declines_another_with_a_reason(page):
    login(page, EMPLOYEE)
    choices = unanswered_suggestions(page)
    assert len(choices) >= 2, "the demo employee has suggestions left to answer"
    wanted, unwanted = choices[0], choices[1]

    # Yes to one: the answer shows on the card, and there is nothing left to say yes to.
    suggestion(page, wanted).get_by_role("button", name="I'm interested").click()
    expect(page.get_by_role("status")).to_have_text(
        "You are marked as interested. HR and the hiring manager can see it."
    )
    expect(page).to_have_url(re.compile(r"/me/$"))
    card = suggestion(page, wanted)
    expect(card.get_by_text("You are interested")).to_be_visible()
    expect(card.get_by_role("button", name="I'm interested")).to_have_count(0)

    # No to another, with a reason, on the page that asks for one.
    suggestion(page, unwanted).get_by_role("link", name=f"Decline {unwanted}").click()
    expect(page.get_by_role("heading", level=1, name=f"Decline {unwanted}")).to_be_visible()
    category = page.get_by_label("Main reason")
    reason = page.get_by_label("In your own words (optional unless you choose Other)")
    expect(reason).to_have_accessible_description(re.compile(f"Up to {REASON_LIMIT} characters"))
    assert_accessible(page)
    # "Other" needs the person's own words: the message stands next to the field, nothing is saved.
    category.select_option(label="Other")
    page.get_by_role("button", name="Decline this opening").click()
    expect(reason).to_have_accessible_description(re.compile("You chose “Other”: tell HR in a few words why."))
    assert_accessible(page)
    # The field takes no more than the limit its help text states.
    reason.fill("x" * (REASON_LIMIT + 50))
    assert len(reason.input_value()) == REASON_LIMIT
    category.select_option(label="The role is too far from my skills")
    reason.fill("I would rather stay close to marketing work.")
    page.get_by_role("button", name="Decline this opening").click()

    expect(page.get_by_role("status")).to_have_text(f"You declined {unwanted}.")
    expect(page).to_have_url(re.compile(r"/me/$"))
    card = suggestion(page, unwanted)
    expect(card.get_by_text("You declined")).to_be_visible()
    expect(card.get_by_role("button", name="I'm interested after all")).to_be_visible()
    expect(suggestion(page, wanted).get_by_text("You are interested")).to_be_visible()

    # The opening's own page shows the answer and the reason given.
    card.get_by_role("link", name=unwanted, exact=True).click()
    answer = page.get_by_role("region", name="You and this opening")
    expect(answer).to_contain_text("Your answer: You declined")
    expect(answer).to_contain_text(
        "Your reason: The role is too far from my skills: “I would rather stay close to marketing work.”"
    )

    # So does the list of openings.
    go_to(page, "Openings", "Openings")
    rows = page.get_by_role("row")
    expect(rows.filter(has=page.get_by_role("link", name=unwanted, exact=True)).first).to_contain_text("You declined")
    expect(rows.filter(has=page.get_by_role("link", name=wanted, exact=True)).first).to_contain_text(
        "You are interested"
    )


def test_employee_browses_and_searches_openings(page):
    login(page, EMPLOYEE)
    go_to(page, "Openings", "Openings")
    assert_accessible(page)
    table = page.get_by_role("table")
    all_rows = table.get_by_role("row").filter(has=page.get_by_role("cell"))
    expect(all_rows.first).to_be_visible()
    total = all_rows.count()

    page.get_by_label("Search openings").fill("lisbon")
    page.get_by_role("button", name="Search").click()

    rows = page.get_by_role("table").get_by_role("row").filter(has=page.get_by_role("cell"))
    expect(rows.first).to_be_visible()
    assert 0 < rows.count() < total
    for row in rows.all():
        expect(row).to_contain_text(re.compile("lisbon", re.I))
    page.get_by_role("link", name="Clear").click()
    expect(page.get_by_role("table").get_by_role("row").filter(has=page.get_by_role("cell"))).to_have_count(total)


# --- Only one's own case -------------------------------------------------------------------------


def pool_names_as_hr_sees_them(page) -> list[str]:
    login(page, HR)
    page.goto("/hr/pool")
    names = page.get_by_role("table", name="Pool cases").get_by_role("row").get_by_role("link").all_inner_texts()
    logout(page)
    return [name.strip() for name in names]


HR_AND_MANAGER_PAGES = ("/hr/pool", "/hr/pool/1", "/hr/pool/2", "/hr/employees", "/hr/reports", "/manager/openings")


def test_employee_gets_the_forbidden_page_for_hr_and_manager_pages(page):
    login(page, EMPLOYEE)

    for path in HR_AND_MANAGER_PAGES:
        response = page.goto(path)
        assert response.status == 403, path
        expect(page.get_by_role("heading", level=1, name="Forbidden")).to_be_visible()
        expect(page.get_by_text("Your account does not have access to this page.")).to_be_visible()


def test_employee_pages_show_only_their_own_case(page):
    others = [name for name in pool_names_as_hr_sees_them(page) if name != EMPLOYEE_NAME]
    assert len(others) > 5

    login(page, EMPLOYEE)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link")).to_have_text(["talentpool", "Notifications", "My case", "My skills", "Openings"])
    expect(nav).to_contain_text(EMPLOYEE_NAME)
    go_to(page, "My case", "My case")
    home = page.locator("main").inner_text()
    go_to(page, "Openings", "Openings")
    openings = page.locator("main").inner_text()
    page.get_by_role("table").get_by_role("link").first.click()
    opening = page.locator("main").inner_text()
    for text in (home, openings, opening):
        seen = [name for name in others if name in text]
        assert not seen, f"another person's name is shown to the employee: {seen}"
