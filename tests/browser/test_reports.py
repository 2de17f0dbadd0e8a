"""HR's reports in a real browser, on the demo company: every section's chart is drawn and its table
has rows, the department filter changes the figures, each table downloads as CSV, the page passes
axe, works under a strict Content-Security-Policy and honours reduced motion.

These tests only read, so they can rely on the demo company as seeded.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.browser.conftest import assert_accessible, expect, login, screenshot

HR = "hr@example.com"
# Each chart's table, by its caption.
TABLES = [
    "People in the pool at the end of each week, by status",
    "People who entered and left the pool each week, and how they left",
    "How cases ended, by the person's former department",
    "Where people went: former department to the department of the new role",
    "Days in the pool before each outcome, and cases that closed after their deadline",
    "Openings by department: open places today, places filled from the pool and days to fill them",
    "Which suggestion led to each reassignment and trial",
    "Answers to openings: interested, or declined and why",
    "Required skills people in the pool lack for their top 5 suggestions",
]
# Scripts, styles and everything else only from the app itself (the icon is a data: URL).
STRICT_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"


def open_reports(page) -> None:
    login(page, HR)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1, name="Reports")).to_be_visible()


def stat(page, label: str) -> str:
    """The big figure of one card of the health headline."""
    card = page.locator(".card").filter(has_text=label)
    return card.locator(".stat").inner_text()


def test_every_section_has_a_drawn_chart_and_a_table_with_rows(page):
    open_reports(page)

    charts = page.locator("canvas[data-chart]")
    expect(charts).to_have_count(len(TABLES))
    for index in range(charts.count()):
        chart = charts.nth(index)
        expect(chart).to_be_visible()
        assert chart.get_attribute("role") == "img"
        assert chart.get_attribute("aria-label").endswith("; the table below has the figures")
        assert chart.bounding_box()["height"] > 100
        assert chart.evaluate("canvas => Chart.getChart(canvas) !== undefined"), "the chart was not drawn"
    for caption in TABLES:
        table = page.get_by_role("table", name=caption)
        assert table.locator("tbody tr").count() > 0, caption
        expect(table.get_by_role("columnheader").first).to_be_visible()
    screenshot(page, "hr-reports")


def test_the_headline_shows_the_placement_rate_and_a_plain_verdict(page):
    open_reports(page)
    health = page.get_by_role("region", name="Pool health")

    # The demo company: 10 cases closed in the last 26 weeks, 5 reassigned, 3 exit packages, 2 resigned.
    expect(health).to_contain_text("50% placement rate")
    expect(health).to_contain_text("5 of 10 cases closed in the period were reassigned")
    expect(health).to_contain_text("3 with an exit package, 2 resigned")
    expect(page.locator("#health-verdict")).to_contain_text("As many people left the company as were reassigned")


def test_the_department_filter_changes_the_figures(page):
    open_reports(page)
    everyone = stat(page, "in the pool now")

    page.get_by_label("Department", exact=True).select_option(label="Engineering")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()

    expect(page.locator("#report-scope")).to_contain_text("for Engineering")
    assert "department=" in page.url
    assert int(stat(page, "in the pool now")) < int(everyone)
    rows = page.get_by_role("table", name=TABLES[2]).get_by_role("rowheader").all_inner_texts()
    assert [r.strip() for r in rows] == ["Engineering", "All departments"]


def test_each_table_downloads_as_a_csv_of_the_same_figures(page):
    open_reports(page)
    link = page.get_by_role("link", name=f"Download CSV: {TABLES[2]}")

    with page.expect_download() as started:
        link.click()
    download = started.value

    assert re.fullmatch(r"talentpool-outcomes-by-department-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv",
                        download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows[0][:4] == ["Former department", "Reassigned", "Exit package", "Resigned"]
    table = page.get_by_role("table", name=TABLES[2])
    assert [row[0] for row in rows[1:]] == [r.strip() for r in table.get_by_role("rowheader").all_inner_texts()]


def test_reports_page_has_no_serious_accessibility_violations(page):
    open_reports(page)
    assert_accessible(page)


def test_charts_are_drawn_under_a_strict_content_security_policy(page):
    """No inline script or style on the page: with a CSP allowing only the app's own files, the charts
    are still drawn and the browser reports no violation."""
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})

    page.route(re.compile(r".*/hr/reports(\?.*)?$"), with_csp)
    open_reports(page)

    assert page.locator("canvas[data-chart]").first.evaluate("canvas => Chart.getChart(canvas) !== undefined")
    assert refused == []


@pytest.mark.parametrize(("motion", "animated"), [("reduce", False), ("no-preference", True)])
def test_charts_do_not_move_for_people_who_ask_for_reduced_motion(page, motion, animated):
    page.emulate_media(reduced_motion=motion)
    open_reports(page)

    assert page.evaluate("() => Chart.defaults.animation !== false") is animated


def test_a_csv_link_keeps_the_chosen_filters(page):
    open_reports(page)
    page.get_by_label("Department", exact=True).select_option(label="Legal")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()

    href = page.get_by_role("link", name=f"Download CSV: {TABLES[0]}").get_attribute("href")
    department = re.search(r"department=(\d+)", page.url).group(1)
    assert f"department={department}" in href and "start=" in href and "end=" in href
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text().lstrip("\ufeff"))))
    assert rows[0] == ["Week of", "Before the deadline", "Past the deadline", "On trial", "In all"]
