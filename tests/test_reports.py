"""HR's reports: every figure on hand-built data, the filters, the CSV downloads and the page.

Most tests share one scenario of four weeks (`scenario`), built through the real services, with
dates chosen so that each week's figures can be worked out by hand; they are written out in the
tests. The period ends on the Sunday before this week, so that every date is in the past.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import update

from talentpool.extensions import db
from talentpool.models import (
    Application,
    CaseStatus,
    DeclineCategory,
    Interest,
    Opening,
    OpeningStatus,
    Outcome,
    OutcomeKind,
    PoolCase,
    Role,
    Trial,
    User,
)
from talentpool.services import pool, reports
from talentpool.services.errors import ValidationError
from talentpool.services.reports import ReportFilters
from tests import factories
from tests.pages import error_next_to, page_text

TODAY = date.today()
MONDAY = TODAY - timedelta(days=TODAY.weekday())
START = MONDAY - timedelta(weeks=4)  # a Monday
END = MONDAY - timedelta(days=1)  # the Sunday before this week
PERIOD = ReportFilters(START, END)


def day(offset: int) -> date:
    """A day counted from the period's first day."""
    return START + timedelta(days=offset)


def _case(hr, name, department, entered, deadline=None):
    person = factories.employee(name, department_name=department)
    return factories.pool_case(person, owner=hr, entered_on=day(entered),
                               deadline=day(deadline) if deadline is not None else None)


def _period_args(filters=PERIOD, **more):
    return {"start": filters.start.isoformat(), "end": filters.end.isoformat(), **more}


@pytest.fixture
def scenario(app_ctx):
    """Nine people, weeks W0-W3 ending on day 6, 13, 20 and 27 of the period:

    A  Legal        enters day 1, still looking
    B  Legal        entered before, deadline day 9: past it from W1
    C  Legal        enters day 2, resigns day 10
    D  Engineering  enters day 0, reassigned to Customer Success on a trial from day 15, confirmed
    E  Engineering  enters day 3, on trial in Finance from day 8, failed on day 22: back in the pool
    F  Marketing    enters day 16, on trial in Customer Success from day 23, still running
    I  Marketing    entered day -60, exit package, last day 5
    J  Engineering  entered day -100, deadline day -10, resigns day 12 (past the deadline)
    G  Legal        entered and left before the period (exit package on day -5): not counted
    """
    hr = factories.user(Role.HR)
    customer_success = factories.opening("Support Agent", department_name="Customer Success")
    finance = factories.opening("Accounts Clerk", department_name="Finance")
    second_cs = factories.opening("Onboarding Specialist", department_name="Customer Success", headcount=2)
    factories.opening("Expired", department_name="Customer Success", closing_date=TODAY - timedelta(days=1))
    factories.opening("Closed", department_name="People", status=OpeningStatus.CLOSED)

    cases = SimpleNamespace(
        A=_case(hr, "Ada Legal", "Legal", 1),
        B=_case(hr, "Ben Legal", "Legal", -30, deadline=9),
        C=_case(hr, "Cem Legal", "Legal", 2),
        D=_case(hr, "Dan Engineer", "Engineering", 0),
        E=_case(hr, "Eva Engineer", "Engineering", 3),
        F=_case(hr, "Fay Marketer", "Marketing", 16),
        I=_case(hr, "Ida Marketer", "Marketing", -60, deadline=30),
        J=_case(hr, "Jon Engineer", "Engineering", -100, deadline=-10),
        G=_case(hr, "Gil Legal", "Legal", -100),
    )
    pool.record_resignation(db.session, hr, cases.C.id, resignation_date=day(10))
    factories.reassign(hr, cases.D, customer_success, starts_on=day(15))
    factories.reassign(hr, cases.E, finance, starts_on=day(8), confirm=False)
    pool.fail_trial(db.session, hr, cases.E.id, reason="Not a fit.", decided_on=day(22))
    factories.reassign(hr, cases.F, second_cs, starts_on=day(23), confirm=False)
    pool.record_exit_package(db.session, hr, cases.I.id, weeks_of_pay=12, last_working_day=day(5))
    pool.record_resignation(db.session, hr, cases.J.id, resignation_date=day(12))
    pool.record_exit_package(db.session, hr, cases.G.id, weeks_of_pay=8, last_working_day=day(-5))
    return SimpleNamespace(hr=hr, cases=cases, customer_success=customer_success, finance=finance)


def _posted(opening_id: int, on: date) -> None:
    db.session.execute(update(Opening).where(Opening.id == opening_id)
                       .values(created_at=datetime.combine(on, time(9), UTC)))
    db.session.commit()


# --- The pool over time ----------------------------------------------------------------------


def test_pool_size_at_the_end_of_each_week_by_status(scenario):
    table = reports.pool_over_time(db.session, PERIOD).size_table

    assert [c.title for c in table.columns] == [
        "Week of", "Before the deadline", "Past the deadline", "On trial", "In all"]
    assert table.rows == [
        (day(0).isoformat(), 5, 1, 0, 6),  # A B C D E looking; J past the deadline (I left on day 5)
        (day(7).isoformat(), 2, 1, 1, 4),  # A D; B past the deadline; E on trial
        (day(14).isoformat(), 2, 1, 1, 4),  # A F; B; E on trial (D reassigned from day 15)
        (day(21).isoformat(), 2, 1, 1, 4),  # A and E, back from the failed trial; B; F on trial
    ]


def test_entries_and_exits_per_week_by_outcome(scenario):
    over_time = reports.pool_over_time(db.session, PERIOD)

    assert over_time.movement_table.rows == [
        # week, entered, left: reassigned, exit package, resigned, in all
        (day(0).isoformat(), 4, 0, 1, 0, 1),
        (day(7).isoformat(), 0, 0, 0, 2, 2),
        (day(14).isoformat(), 1, 1, 0, 0, 1),
        (day(21).isoformat(), 0, 0, 0, 0, 0),
    ]
    chart = over_time.movement_chart
    assert [s.label for s in chart.series] == ["Entered the pool", "Left the pool"]
    assert [s.values for s in chart.series] == [[4, 0, 1, 0], [1, 2, 1, 0]]


def test_weeks_are_monday_to_sunday_cut_to_the_period():
    weeks = reports.weeks_of(ReportFilters(date(2025, 1, 1), date(2025, 1, 15)))  # Wednesday to Wednesday

    assert [(w.starts_on, w.ends_on) for w in weeks] == [
        (date(2025, 1, 1), date(2025, 1, 5)),
        (date(2025, 1, 6), date(2025, 1, 12)),
        (date(2025, 1, 13), date(2025, 1, 15)),
    ]


# --- Outcomes ----------------------------------------------------------------------------------


def test_outcomes_by_former_department_with_failed_trials(scenario):
    table = reports.outcomes(db.session, PERIOD).department_table

    assert [c.title for c in table.columns] == [
        "Former department", "Reassigned", "Exit package", "Resigned", "Closed in all", "Placement rate",
        "Trials failed"]
    assert table.rows == [
        ("Engineering", 1, 0, 1, 2, 0.5, 1),  # D reassigned, J resigned; E's trial failed
        ("Legal", 0, 0, 1, 1, 0.0, 0),  # C resigned (G left before the period)
        ("Marketing", 0, 1, 0, 1, 0.0, 0),  # I's exit package (F is still on trial)
        ("All departments", 1, 1, 2, 4, 0.25, 1),
    ]


def test_where_people_went_by_the_department_of_the_new_role(scenario):
    flows = reports.outcomes(db.session, PERIOD).flow_table

    assert flows.rows == [
        ("Engineering", "Customer Success", 1, 0),
        ("Engineering", "Finance", 0, 1),
    ]


def test_time_in_the_pool_to_each_outcome_in_quartiles_and_cases_past_their_deadline(scenario):
    table = reports.outcomes(db.session, PERIOD).times_table

    assert table.rows == [
        # outcome, cases, first quartile, median, third quartile, closed after the deadline
        ("Reassigned", 1, 15.0, 15.0, 15.0, 0),  # D: day 0 to the trial's first day, 15
        ("Exit package", 1, 65.0, 65.0, 65.0, 0),  # I: day -60 to day 5
        ("Resigned", 2, 34.0, 60.0, 86.0, 1),  # C 8 days, J 112 days (after his deadline)
        ("All closed cases", 4, 13.25, 40.0, 76.75, 1),  # 8, 15, 65, 112
    ]


def test_quartiles_of_no_case_one_case_and_two():
    assert reports.spread([]) == reports.Spread(0)
    assert reports.spread([12]) == reports.Spread(1, 12.0, 12.0, 12.0)
    assert reports.spread([10, 20]) == reports.Spread(2, 12.5, 15.0, 17.5)


# --- Openings ----------------------------------------------------------------------------------


def test_openings_open_places_today_and_time_to_fill_from_the_pool(scenario):
    _posted(scenario.customer_success.id, day(-5))  # D took its place on day 15: 20 days later

    report = reports.openings_report(db.session, PERIOD, TODAY)

    assert report.table.rows == [
        # department, open openings, open places, filled from the pool, days to fill: q1, median, q3
        ("Customer Success", 1, 1, 1, 20.0, 20.0, 20.0),  # F on trial holds one of the two places
        ("Finance", 1, 1, 0, None, None, None),  # E's failed trial gave its place back
        ("All departments", 2, 2, 1, 20.0, 20.0, 20.0),
    ]
    assert report.undated_fills == 0


def test_a_fill_before_the_opening_was_recorded_has_no_time_to_fill(scenario):
    report = reports.openings_report(db.session, PERIOD, TODAY)  # the opening was recorded today

    assert (report.filled_from_pool, report.days_to_fill.count, report.undated_fills) == (1, 0, 1)


# --- Pool health ----------------------------------------------------------------------------------


def test_health_headline_flags_a_pool_that_lets_more_people_go_than_it_places(scenario):
    report = reports.full_report(db.session, PERIOD, TODAY)
    health = report.health

    assert (health.reassigned, health.exit_packages, health.resignations, health.exits) == (1, 1, 2, 3)
    assert health.placement_rate == 0.25
    assert health.drifting
    # Now: A, B, E looking (B past the deadline), F on trial.
    assert (health.now.in_pool, health.now.on_trial, health.now.overdue) == (4, 1, 1)
    assert (health.open_openings, health.open_places) == (2, 2)


def test_health_headline_of_a_pool_that_places_people(app_ctx):
    hr = factories.user(Role.HR)
    opening = factories.opening(headcount=2)
    for name in ("One", "Two"):
        factories.reassign(hr, _case(hr, name, "Legal", 0), opening, starts_on=day(3))
    pool.record_resignation(db.session, hr, _case(hr, "Three", "Legal", 0).id, resignation_date=day(4))

    health = reports.full_report(db.session, PERIOD, TODAY).health

    assert (health.reassigned, health.exits, health.placement_rate, health.drifting) == (2, 1, 2 / 3, False)


# --- The matching model at work ------------------------------------------------------------------------


def test_share_of_reassignments_from_a_top_5_suggestion_and_trials_by_rank(app_ctx):
    hr = factories.user(Role.HR)
    opening = factories.opening(headcount=10)
    ranks = {"First": 1, "Fourth": 4, "Seventh": 7, "Unsuggested": None}
    for name, rank in ranks.items():
        outcome = factories.reassign(hr, _case(hr, name, "Legal", 0), opening, starts_on=day(5))
        db.session.execute(update(Trial).where(Trial.id == outcome.trial_id).values(suggestion_rank=rank))
    trial = factories.reassign(hr, _case(hr, "On trial", "Legal", 0), opening, starts_on=day(6), confirm=False)
    trial.suggestion_rank = 2
    # A reassignment recorded before trials (a bulk import): no suggestion recorded.
    legacy = _case(hr, "Legacy", "Legal", 0)
    db.session.execute(update(PoolCase).where(PoolCase.id == legacy.id).values(
        status=CaseStatus.CLOSED, outcome_kind=OutcomeKind.REASSIGNED, closed_on=day(7)))
    db.session.add(Outcome(case_id=legacy.id, kind=OutcomeKind.REASSIGNED, effective_on=day(7), opening_id=opening.id))
    db.session.commit()

    ranked = reports.suggestion_ranks(db.session, PERIOD)

    assert ranked.table.rows == [
        # where the opening stood, reassignments, share of those with a recorded rank, trials started
        ("Suggestion #1", 1, 0.25, 1),
        ("Suggestions #2 to #5", 1, 0.25, 2),  # the running trial is #2
        ("Suggestion #6 or lower", 1, 0.25, 1),
        ("Not among the person's suggestions", 1, 0.25, 1),
        ("Not recorded (reassigned without a trial)", 1, None, 0),
    ]
    assert (ranked.from_top, ranked.reassigned_with_rank, ranked.top_share) == (2, 4, 0.5)


def test_interest_and_decline_rates_by_reason_in_the_period(app_ctx):
    hr = factories.user(Role.HR)
    opening = factories.opening()
    answers = [
        (Interest.INTERESTED, None, day(1)),
        (Interest.INTERESTED, None, day(27)),
        (Interest.DECLINED, DeclineCategory.LOCATION, day(2)),
        (Interest.DECLINED, None, day(3)),  # answered before reasons were asked for
        (None, None, day(4)),  # in a manager's pipeline, no answer from the person
        (Interest.INTERESTED, None, day(-1)),  # before the period
    ]
    for n, (interest, category, created) in enumerate(answers):
        db.session.add(Application(case_id=_case(hr, f"Person {n}", "Legal", -10).id, opening_id=opening.id,
                                   interest=interest, decline_category=category,
                                   created_at=datetime.combine(created, time(12), UTC)))
    db.session.commit()

    result = reports.answers(db.session, PERIOD)

    assert (result.interested, result.declined_total, result.total) == (2, 2, 4)
    assert (result.interest_rate, result.decline_rate) == (0.5, 0.5)
    rows = dict((label, (count, share)) for label, count, share in result.table.rows)
    assert rows["Interested"] == (2, 0.5)
    assert rows["Declined: Location or commute"] == (1, 0.25)
    assert rows["Declined: no reason from the list"] == (1, 0.25)
    assert rows["Declined: Lower grade or pay"] == (0, 0.0)


def test_most_common_missing_skills_across_the_top_suggestions_of_the_pool(app_ctx):
    hr = factories.user(Role.HR)
    # Two openings: everyone's top 5 suggestions are both of them.
    factories.opening("Analyst", required={"SQL": 3, "Python": 2})
    factories.opening("Support", required={"SQL": None, "Zendesk": 2})
    python = factories.employee("Pia Python", department_name="Analytics", skills={"Python": 4})
    sql = factories.employee("Sam Sql", department_name="Legal", skills={"SQL": 4})
    factories.pool_case(python, owner=hr)
    factories.pool_case(sql, owner=hr)

    everyone = reports.missing_skills(db.session, PERIOD, TODAY)
    legal = reports.missing_skills(db.session, ReportFilters(START, END, sql.department_id), TODAY)

    assert everyone.people_ranked == 2
    # skill, people missing it, suggestions that require it of someone who lacks it
    assert everyone.table.rows == [("Zendesk", 2, 2), ("SQL", 1, 2), ("Python", 1, 1)]
    assert (legal.people_ranked, legal.table.rows) == (1, [("Python", 1, 1), ("Zendesk", 1, 1)])


# --- Filters -------------------------------------------------------------------------------------------


def test_a_department_filters_case_figures_by_former_department_and_opening_figures_by_the_opening(scenario):
    engineering = scenario.cases.D.eliminated_department_id
    customer_success = scenario.customer_success.department_id

    outcomes = reports.outcomes(db.session, ReportFilters(START, END, engineering))
    assert [row[0] for row in outcomes.department_table.rows] == ["Engineering", "All departments"]
    assert reports.pool_over_time(db.session, ReportFilters(START, END, engineering)).size_table.rows[0][1:] == (
        2, 1, 0, 3)  # D and E looking, J past the deadline

    openings = reports.openings_report(db.session, ReportFilters(START, END, customer_success), TODAY)
    assert [row[:4] for row in openings.table.rows] == [("Customer Success", 1, 1, 1), ("All departments", 1, 1, 1)]
    # Customer Success is nobody's former department.
    assert reports.outcomes(db.session, ReportFilters(START, END, customer_success)).by_department == []


def test_the_period_includes_both_of_its_days(scenario):
    # J resigned on day 12 and C on day 10: a period of days 10 to 12 holds both, 11 to 12 only J.
    both = reports.outcomes(db.session, ReportFilters(day(10), day(12))).totals
    one = reports.outcomes(db.session, ReportFilters(day(11), day(12))).totals
    assert (both.counts[OutcomeKind.RESIGNED], one.counts[OutcomeKind.RESIGNED]) == (2, 1)


def test_filters_default_to_the_26_weeks_up_to_today():
    filters = reports.report_filters(TODAY)
    assert (filters.start, filters.end, filters.department_id) == (TODAY - timedelta(days=181), TODAY, None)
    assert reports.report_filters(TODAY, end=date(2025, 6, 30)).start == date(2024, 12, 31)
    assert reports.report_filters(TODAY, date(2025, 1, 1), date(2025, 1, 1), 7) == ReportFilters(
        date(2025, 1, 1), date(2025, 1, 1), 7)


@pytest.mark.parametrize(("start", "end", "field", "message"), [
    (date(2025, 5, 1), date(2025, 4, 30), "end", "The end is before the start: choose 2025-05-01 or later."),
    (date(2022, 4, 29), date(2025, 4, 30), "start",
     "A period can be at most 3 years long: start on 2022-04-30 or later."),
    (None, TODAY + timedelta(days=1), "end", f"The period cannot end after today ({TODAY.isoformat()})."),
])
def test_a_period_must_be_in_order_at_most_3_years_and_not_in_the_future(start, end, field, message):
    with pytest.raises(ValidationError) as refused:
        reports.report_filters(TODAY, start, end)
    assert (refused.value.field, refused.value.message) == (field, message)


def test_exactly_3_years_is_allowed():
    assert reports.report_filters(TODAY, date(2022, 4, 30), date(2025, 4, 30)).start == date(2022, 4, 30)


# --- The page and its CSV downloads ------------------------------------------------------------------


@pytest.fixture
def hr(auth):
    return auth.login(Role.HR)


def _page_scenario(app, hr_id: int) -> SimpleNamespace:
    """For the tests through the client: Dan (Engineering) reassigned, two people from Legal gone
    (an exit package and a resignation), Lea (Legal) still looking, with one answer to an opening."""
    with app.app_context():
        hr = db.session.get(User, hr_id)
        factories.reassign(hr, _case(hr, "Dan Engineer", "Engineering", 0),
                           factories.opening("Support Agent", department_name="Customer Success"), starts_on=day(15))
        pool.record_resignation(db.session, hr, _case(hr, "Cem Legal", "Legal", 2).id, resignation_date=day(10))
        pool.record_exit_package(db.session, hr, _case(hr, "Ida Legal", "Legal", -60).id, weeks_of_pay=4,
                                 last_working_day=day(5))
        looking = _case(hr, "Lea Legal", "Legal", 20)
        analyst = factories.opening("Analyst", department_name="Finance", required={"SQL": 3})
        db.session.add(Application(case_id=looking.id, opening_id=analyst.id, interest=Interest.INTERESTED,
                                   created_at=datetime.combine(day(21), time(12), UTC)))
        db.session.commit()
        return SimpleNamespace(engineering=factories.department("Engineering").id)


def test_the_page_shows_the_headline_and_every_section_with_a_chart_a_table_and_a_csv(app, client, hr):
    _page_scenario(app, hr.id)

    response = client.get("/hr/reports", query_string=_period_args())
    page = response.get_data(as_text=True)
    text = page_text(response)

    assert response.status_code == 200
    assert f"Figures from {START.isoformat()} to {END.isoformat()} for all departments" in text
    assert "33% placement rate 1 of 3 cases closed in the period were reassigned" in text
    assert "2 left the company 1 with an exit package, 1 resigned" in text
    assert "Warning: more people left the company (2) than were reassigned (1) in this period." in text
    for name in reports.TABLES:
        assert f'<canvas id="chart-{name}" role="img"' in page, name
        assert f'<script type="application/json" id="chart-{name}-data">' in page, name
        assert f'<table class="table table-sm table-responsive-stack report-table" id="table-{name}">' in page, name
        assert f"/hr/reports/{name}.csv?start={START.isoformat()}&amp;end={END.isoformat()}" in page, name
    assert "<script>" not in page and " style=" not in page  # nothing a Content-Security-Policy would block
    assert '<script src="/static/vendor/chartjs/chart.min.js"></script>' in page


def test_the_department_filter_changes_the_figures_and_is_named(app, client, hr):
    ids = _page_scenario(app, hr.id)

    text = page_text(client.get("/hr/reports", query_string=_period_args(department=ids.engineering)))

    assert f"Figures from {START.isoformat()} to {END.isoformat()} for Engineering" in text
    assert "100% placement rate 1 of 1 cases closed in the period were reassigned" in text
    assert "The pool placed more people (1) than left the company (0) in this period." in text


def test_filter_problems_are_shown_next_to_their_fields_and_the_default_period_is_shown(client, hr):
    backwards = client.get("/hr/reports?start=2025-05-01&end=2025-04-30")
    too_long = client.get("/hr/reports?start=2020-01-01&end=2025-04-30")

    assert error_next_to(backwards, "end") == "The end is before the start: choose 2025-05-01 or later."
    assert error_next_to(too_long, "start") == "A period can be at most 3 years long: start on 2022-04-30 or later."
    default = reports.ReportFilters.default(TODAY)
    assert f"Figures from {default.start.isoformat()} to {TODAY.isoformat()}" in page_text(backwards)
    assert error_next_to(client.get("/hr/reports?start=not-a-date"), "start") == "Not a valid date value."


def test_a_csv_has_the_table_of_the_chosen_period_and_department(app, client, hr):
    ids = _page_scenario(app, hr.id)

    response = client.get("/hr/reports/outcomes-by-department.csv", query_string=_period_args())
    one_department = client.get("/hr/reports/outcomes-by-department.csv",
                                query_string=_period_args(department=ids.engineering))

    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="talentpool-outcomes-by-department-{START.isoformat()}-to-{END.isoformat()}.csv"')
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows == [
        ["Former department", "Reassigned", "Exit package", "Resigned", "Closed in all", "Placement rate (%)",
         "Trials failed"],
        ["Engineering", "1", "0", "0", "1", "100", "0"],
        ["Legal", "0", "1", "1", "2", "0", "0"],
        ["All departments", "1", "1", "1", "3", "33.3", "0"],
    ]
    assert [row[0] for row in csv.reader(io.StringIO(one_department.get_data(as_text=True)))][1:] == [
        "Engineering", "All departments"]


def test_csv_cells_that_a_spreadsheet_would_run_as_a_formula_are_quoted(app, client, hr):
    with app.app_context():
        hr_user = db.session.scalar(db.select(User).where(User.id == hr.id))
        for n, name in enumerate(("=HYPERLINK(1)", "+1", "-1", "@SUM(1)", "\tTab", "\rReturn")):
            pool.record_resignation(db.session, hr_user, _case(hr_user, f"P{n}", name, 0).id, resignation_date=day(1))

    body = client.get("/hr/reports/outcomes-by-department.csv", query_string=_period_args()).get_data(as_text=True)

    names = [row[0] for row in csv.reader(io.StringIO(body.lstrip("\ufeff")))][1:-1]
    assert sorted(names) == sorted(["'=HYPERLINK(1)", "'+1", "'-1", "'@SUM(1)", "'\tTab", "'\rReturn"])


def test_an_unknown_table_is_not_found_and_a_bad_period_is_refused(client, hr):
    assert client.get("/hr/reports/salaries.csv").status_code == 404
    assert client.get("/hr/reports/pool-size.csv?start=2025-05-01&end=2025-04-30").status_code == 400
    assert client.get("/hr/reports/pool-size.csv").status_code == 200  # the default period


@pytest.mark.parametrize("role", [Role.MANAGER, Role.EMPLOYEE])
def test_only_hr_sees_the_reports(client, auth, role):
    auth.login(role)
    assert client.get("/hr/reports").status_code == 403
    assert client.get("/hr/reports/pool-size.csv").status_code == 403
