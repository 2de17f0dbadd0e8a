"""The interface as a whole: accessible pages for every role, helpful errors, keyboard use and phones.

Every main page is checked with axe-core (no serious or critical violation). Pages whose address holds
a record id are reached by following links from the list pages, as a person would, so the test does not
depend on the ids the demo data happens to get.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.browser.conftest import assert_accessible, login, screenshot

HR = "hr@example.com"
MANAGER = "manager@example.com"
EMPLOYEE = "employee@example.com"
HR_AND_MANAGER = "hr2@example.com"
MANAGER2 = "manager2@example.com"


def _follow(start: str, *selectors: str) -> Callable:
    """Open `start`, then follow the first link matching each selector in turn."""

    def go(page) -> None:
        page.goto(start)
        for selector in selectors:
            link = page.locator(selector).first
            href = link.get_attribute("href")
            assert href, f"no link {selector!r} on {page.url}"
            page.goto(href)

    return go


def _then(start: Callable, suffix: str) -> Callable:
    """Reach a page through `start`, then open the address below it ending in `suffix`."""

    def go(page) -> None:
        start(page)
        page.goto(page.url.rstrip("/") + suffix)

    return go


def _submit(start: Callable, button: str) -> Callable:
    """Reach a form through `start`, then submit it as it is (for pages that only a POST shows)."""

    def go(page) -> None:
        start(page)
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()

    return go


def _upload_preview(page) -> None:
    """Upload an employees file with a problem on one line: the preview lists it and imports nothing."""
    page.goto("/hr/transfer")
    page.locator("select[name='kind']").select_option("employees")
    csv = ("employee_number,full_name,email,title,department\n"
           "E99001,Dana Example,dana@example.com,Analyst,Customer Success\n"
           "E99002,Sam Example,not-an-email,Analyst,No Such Department\n")
    page.locator("input[type='file']").set_input_files(
        {"name": "employees.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_url(re.compile(r"/hr/transfer/preview/"))


@dataclass(frozen=True)
class Page:
    """A page to check: who looks at it and how to get there (an address or a way to navigate)."""

    name: str
    user: str | None
    path: str | Callable
    heading: str | re.Pattern | None = None
    crumbs: bool = False  # a detail or form page: breadcrumbs lead back to its list

    def open(self, page) -> None:
        if self.user:
            login(page, self.user)
        if callable(self.path):
            self.path(page)
        else:
            page.goto(self.path)
        page.wait_for_load_state()


POOL_CASE = "table a[href*='/hr/pool/']"
CLOSED_CASE = _follow("/hr/pool?status=closed", POOL_CASE)
OPEN_CASE = _follow("/hr/pool?status=open", POOL_CASE)
TRIAL_CASE = _follow("/hr/pool?status=trial", POOL_CASE)
MANAGER_OPENING = "table a[href*='/manager/openings/']"
EMPLOYEE_OPENING = "table a[href*='/me/openings/']"

PAGES = [
    Page("login", None, "/login", "Sign in to talentpool"),
    # HR
    Page("hr-today", HR, "/hr/", "Today in the pool"),
    Page("hr-today-all", HR, "/hr/?owner=all", "Today in the pool"),
    Page("hr-interested", HR, "/hr/interested?owner=all", "Interested, waiting for a manager", crumbs=True),
    Page("hr-pool", HR, "/hr/pool", "Talent pool"),
    Page("hr-pool-filtered", HR, "/hr/pool?q=a&status=all&department=&days_left=30&sort=name", "Talent pool"),
    Page("hr-pool-overdue", HR, "/hr/pool?status=overdue", "Talent pool"),
    Page("hr-pool-no-match", HR, "/hr/pool?q=nobody-has-this-name", "Talent pool"),
    Page("hr-case", HR, OPEN_CASE, crumbs=True),
    Page("hr-case-closed", HR, CLOSED_CASE, crumbs=True),
    Page("hr-case-edit", HR, _follow("/hr/pool", POOL_CASE, "a[href$='/edit']"), crumbs=True),
    Page("hr-add-to-pool", HR, "/hr/pool/new", "Add someone to the pool", crumbs=True),
    Page("hr-outcome-form", HR, _follow("/hr/pool", POOL_CASE, "a[href$='/outcome/exit_package']"), crumbs=True),
    Page("hr-outcome-reassign-form", HR, _follow("/hr/pool", POOL_CASE, "a[href$='/outcome/reassigned']"),
         crumbs=True),
    Page("hr-outcome-confirm", HR,
         _submit(_follow("/hr/pool", POOL_CASE, "a[href$='/outcome/resigned']"), "Review and confirm"),
         re.compile("^Confirm"), crumbs=True),
    Page("hr-pool-trial", HR, "/hr/pool?status=trial", "Talent pool"),
    Page("hr-case-trial", HR, TRIAL_CASE, re.compile("On trial"), crumbs=True),
    Page("hr-trial-confirm", HR, _follow("/hr/pool?status=trial", POOL_CASE, "a[href$='/trial/confirm']"),
         re.compile("^Confirm the trial"), crumbs=True),
    Page("hr-trial-fail", HR, _follow("/hr/pool?status=trial", POOL_CASE, "a[href$='/trial/fail']"),
         re.compile("^Record that the trial"), crumbs=True),
    Page("hr-reopen-form", HR, _follow("/hr/pool?status=closed", POOL_CASE, "a[href$='/reopen']"),
         re.compile("^Reopen"), crumbs=True),
    Page("hr-contests", HR, "/hr/contests?owner=all", "Contested suggestions"),
    Page("hr-contests-mine-empty", HR, "/hr/contests", "Contested suggestions"),
    Page("hr-contest", HR, _follow("/hr/contests?owner=all", "table a[href*='/hr/contests/']"),
         re.compile("^Contest from"), crumbs=True),
    Page("hr-employees", HR, "/hr/employees", "Employees"),
    Page("hr-employees-search", HR, "/hr/employees?q=zzz-no-such-person", "Employees"),
    Page("hr-employee", HR, _follow("/hr/employees", "table a[href*='/hr/employees/']"), crumbs=True),
    Page("hr-employee-new", HR, "/hr/employees/new", "Add an employee", crumbs=True),
    Page("hr-users", HR, "/hr/users", "Users and roles"),
    Page("hr-user-new", HR, "/hr/users/new", "New user", crumbs=True),
    Page("hr-user-edit", HR, _follow("/hr/users", "table a[href$='/edit']"), crumbs=True),
    Page("hr-departments", HR, "/hr/departments", "Departments", crumbs=True),
    Page("hr-reports", HR, "/hr/reports", "Reports"),
    Page("hr-transfer", HR, "/hr/transfer", "Import and export"),
    Page("hr-transfer-preview", HR, _upload_preview, re.compile("^Preview"), crumbs=True),
    # Managers
    Page("manager-openings", MANAGER, "/manager/openings", "My openings"),
    Page("manager-openings-all", MANAGER2, "/manager/openings?status=all", "My openings"),
    Page("manager-opening-new", MANAGER, "/manager/openings/new", "Post an opening", crumbs=True),
    Page("manager-opening", MANAGER, _follow("/manager/openings", MANAGER_OPENING), crumbs=True),
    Page("manager-opening-edit", MANAGER, _follow("/manager/openings", MANAGER_OPENING, "a[href$='/edit']"),
         crumbs=True),
    Page("manager-offer-confirm", MANAGER, _follow("/manager/openings", MANAGER_OPENING, "a[href$='/offer']"),
         re.compile("offer", re.I), crumbs=True),
    Page("hr-and-manager-openings", HR_AND_MANAGER, "/manager/openings", "My openings"),
    # Employees
    Page("employee-home", EMPLOYEE, "/me/", "My case"),
    Page("employee-skills", EMPLOYEE, "/me/skills", "My skills"),
    Page("employee-openings", EMPLOYEE, "/me/openings", "Openings"),
    Page("employee-opening", EMPLOYEE, _follow("/me/openings", EMPLOYEE_OPENING), crumbs=True),
    Page("employee-decline", EMPLOYEE, _then(_follow("/me/openings", EMPLOYEE_OPENING), "/decline"),
         re.compile("^Decline"), crumbs=True),
    Page("employee-contest", EMPLOYEE, "/me/contest", "Something wrong with these suggestions?", crumbs=True),
    Page("employee-conversation", EMPLOYEE, "/me/conversation", "Ask for a conversation", crumbs=True),
    # Error pages
    Page("error-403", EMPLOYEE, "/hr/pool", "Forbidden"),
    Page("error-404", HR, "/hr/pool/999999", "Not Found"),
    Page("error-404-signed-out", None, "/no-such-page", "Not Found"),
]


@pytest.mark.parametrize("target", PAGES, ids=[p.name for p in PAGES])
def test_page_is_accessible(page, target):
    """No serious or critical axe-core violation; a page title, one h1, and the landmarks."""
    target.open(page)
    assert_accessible(page)
    h1 = page.locator("h1")
    assert h1.count() == 1, f"{page.url} has {h1.count()} h1 headings"
    if isinstance(target.heading, re.Pattern):
        assert target.heading.search(h1.inner_text()), h1.inner_text()
    elif target.heading:
        assert h1.inner_text().strip() == target.heading
    title = page.title()
    assert title.endswith("· talentpool") and len(title) > len("· talentpool") + 2, title
    assert page.locator("html").get_attribute("lang") == "en"
    for landmark in ("banner", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() == 1, f"{page.url}: no single {landmark} landmark"
    if target.crumbs:
        crumbs = page.get_by_role("navigation", name="Breadcrumb")
        assert crumbs.get_by_role("link").count() >= 1, f"{page.url}: no breadcrumb back to a list"
        assert crumbs.locator("[aria-current='page']").count() == 1


def test_every_field_has_a_label(page):
    """Filters and searches are labelled too, not only the forms that save things."""
    login(page, HR)
    for path in ("/hr/pool", "/hr/employees", "/hr/pool/new", "/hr/users/new"):
        page.goto(path)
        unlabeled = page.evaluate(
            """() => [...document.querySelectorAll('main input, main select, main textarea')]
                 .filter(el => el.type !== 'hidden' && !el.labels.length && !el.getAttribute('aria-label'))
                 .map(el => el.name)"""
        )
        assert unlabeled == [], f"{path}: fields without a label: {unlabeled}"
    page.goto("/hr/pool")
    page.get_by_label("Status").select_option("all")
    page.get_by_label("Name or employee number").fill("a")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    assert "status=all" in page.url and page.get_by_label("Status").input_value() == "all"


def test_forbidden_page_says_what_happened_and_links_home(page):
    login(page, EMPLOYEE)
    response = page.goto("/hr/pool")
    assert response.status == 403
    main = page.get_by_role("main")
    assert "does not have access" in main.inner_text()
    page.get_by_role("link", name="Go to your start page").click()
    page.wait_for_url(re.compile(r"/me/$"))
    page.goto("/hr/pool")
    screenshot(page, "interface-403")


def test_not_found_page_says_what_happened_and_links_home(page):
    response = page.goto("/no-such-page")
    assert response.status == 404
    assert "nothing at this address" in page.get_by_role("main").inner_text()
    screenshot(page, "interface-404-signed-out")
    login(page, HR)
    response = page.goto("/hr/pool/999999")
    assert response.status == 404
    assert "nothing at this address" in page.get_by_role("main").inner_text()
    screenshot(page, "interface-404")
    page.get_by_role("link", name="Go to your start page").click()
    page.wait_for_url(re.compile(r"/hr/"))


def test_login_error_is_shown_next_to_the_field(page):
    page.goto("/login")
    screenshot(page, "interface-login")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_load_state()
    email = page.get_by_label("Email")
    assert email.get_attribute("aria-invalid") == "true"
    error_id = email.get_attribute("aria-describedby")
    assert error_id, "the email field does not point to its error message"
    message = page.locator(f"#{error_id.split()[-1]}")
    assert message.is_visible() and message.inner_text().strip()
    # The message sits right after the field it is about, not only in a summary at the top.
    assert page.evaluate(
        "([field, message]) => !!(document.getElementById(field).compareDocumentPosition("
        "document.getElementById(message)) & Node.DOCUMENT_POSITION_FOLLOWING)",
        [email.get_attribute("id"), error_id.split()[-1]],
    )
    assert page.get_by_role("alert").first.is_visible()
    assert_accessible(page)
    screenshot(page, "interface-login-error")


def test_add_to_pool_errors_are_shown_next_to_each_field(page):
    login(page, HR)
    page.goto("/hr/pool/new")
    page.get_by_role("button", name=re.compile("add|save", re.I)).last.click()
    page.wait_for_load_state()
    number = page.get_by_label("Employee number")
    assert number.get_attribute("aria-invalid") == "true"
    described = number.get_attribute("aria-describedby").split()
    assert "Enter the employee number." in page.locator(f"#{described[-1]}").inner_text()
    assert_accessible(page)
    screenshot(page, "interface-add-to-pool-errors")


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page):
    login(page, HR)
    page.goto("/hr/pool")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => ({text: document.activeElement.textContent.trim(),"
                            " href: document.activeElement.getAttribute('href')})")
    assert focused == {"text": "Skip to main content", "href": "#main"}
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.is_visible(), "the skip link must show when it has focus"
    screenshot(page, "interface-skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab goes into the page content, not back into the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")


def test_focus_is_visible_for_keyboard_users(page):
    """Links, fields and buttons reached with Tab all show a solid outline (Bootstrap's buttons show none)."""
    login(page, HR)
    page.goto("/hr/pool/new")
    seen = {}
    for _ in range(20):
        page.keyboard.press("Tab")
        kind, style, width = page.evaluate(
            "() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return [e.tagName + (e.type ? ':' + e.type : ''), s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        if kind != "BODY":
            seen[kind] = (style, width)
    assert {"A", "BUTTON:submit", "INPUT:text", "SELECT:select-one"} <= seen.keys(), seen
    for kind, (style, width) in seen.items():
        assert style == "solid" and width >= 2, f"a focused {kind} has outline {style} {width}px"


PHONE_PAGES = [
    ("phone-today", HR, "/hr/?owner=all"),
    ("phone-pool", HR, "/hr/pool"),
    ("phone-me", EMPLOYEE, "/me/"),
    ("phone-me-openings", EMPLOYEE, "/me/openings"),
    ("phone-manager-openings", MANAGER, "/manager/openings"),
    ("phone-employees", HR, "/hr/employees"),
    ("phone-users", HR, "/hr/users"),
    ("phone-reports", HR, "/hr/reports"),
    ("phone-transfer", HR, "/hr/transfer"),
]


@pytest.mark.parametrize(("name", "user", "path"), PHONE_PAGES, ids=[p[0] for p in PHONE_PAGES])
def test_phone_has_no_sideways_scrolling(phone, name, user, path):
    """At 390 px the page itself never scrolls sideways; wide tables stack or scroll in a labelled region."""
    login(phone, user)
    phone.goto(path)
    # A mobile browser widens its layout viewport to fit a too-wide page, so innerWidth is checked as well.
    scroll_width, inner_width = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width == phone.viewport_size["width"], (
        f"{path} is {scroll_width} px wide on a {phone.viewport_size['width']} px phone (layout {inner_width} px)"
    )
    assert phone.get_by_role("button", name="Toggle navigation").is_visible()
    screenshot(phone, name)
    assert_accessible(phone)


def test_phone_navigation_opens(phone):
    login(phone, HR)
    phone.goto("/hr/pool")
    phone.get_by_role("button", name="Toggle navigation").click()
    phone.get_by_role("link", name="Employees").click()
    phone.wait_for_url(re.compile(r"/hr/employees"))


def test_favicon_needs_no_request(page):
    """The icon is inlined in every page, so the browser asks for no /favicon.ico (and gets no 404)."""
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.goto("/login")
    page.wait_for_load_state("networkidle")
    assert page.locator("link[rel='icon']").get_attribute("href").startswith("data:image/svg+xml,")
    assert failed == []
