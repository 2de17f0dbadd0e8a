"""HR's start page, "Today in the pool": deadlines due soon, offers waiting for a reassignment,
questions waiting for HR and people waiting for a manager; on one's own cases unless asked for all."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from talentpool.extensions import db
from talentpool.models import (
    Application,
    ApplicationStage,
    CaseStatus,
    ContestKind,
    Interest,
    OpeningStatus,
    Role,
)
from talentpool.services import contests, dashboard
from tests import factories
from tests.pages import page_text

TODAY = date.today()


def _case(name, owner, *, days_left=60, status=CaseStatus.OPEN):
    """An open case of `name` owned by `owner` whose deadline is `days_left` days from today."""
    deadline = TODAY + timedelta(days=days_left)
    return factories.pool_case(
        factories.employee(name), owner=owner, entered_on=min(TODAY, deadline) - timedelta(days=30),
        deadline=deadline, status=status,
    )


def _application(case, opening, *, interest=Interest.INTERESTED, stage=ApplicationStage.NEW, age_hours=0):
    application = Application(case_id=case.id, opening_id=opening.id, interest=interest, stage=stage)
    db.session.add(application)
    db.session.commit()
    if age_hours:
        application.updated_at -= timedelta(hours=age_hours)  # onupdate only fires on other changes
        db.session.commit()
    return application


def _names(panel):
    return [item.employee.full_name if hasattr(item, "employee") else item.case.employee.full_name for item in panel.items]


@pytest.fixture
def hr(app_ctx):
    return factories.user(Role.HR, full_name="Hana Mine")


@pytest.fixture
def other_hr(app_ctx):
    return factories.user(Role.HR, full_name="Otto Other")


# --- What lands in each list, at the service -----------------------------------------------------


class TestDeadlines:
    def test_open_cases_due_within_14_days_or_overdue_most_urgent_first(self, hr):
        _case("Fourteen Days", hr, days_left=14)
        _case("Fifteen Days", hr, days_left=15)
        _case("Due Today", hr, days_left=0)
        _case("Overdue Three", hr, days_left=-3)
        _case("Closed Soon", hr, days_left=2, status=CaseStatus.CLOSED)
        board = dashboard.today_in_the_pool(db.session, TODAY, hr.id)
        assert _names(board.deadlines) == ["Overdue Three", "Due Today", "Fourteen Days"]
        assert board.deadlines.count == 3 and board.deadlines.more == 0

    def test_mine_or_all(self, hr, other_hr):
        _case("Mine Soon", hr, days_left=5)
        _case("Theirs Sooner", other_hr, days_left=1)
        assert _names(dashboard.today_in_the_pool(db.session, TODAY, hr.id).deadlines) == ["Mine Soon"]
        assert _names(dashboard.today_in_the_pool(db.session, TODAY, other_hr.id).deadlines) == ["Theirs Sooner"]
        assert _names(dashboard.today_in_the_pool(db.session, TODAY).deadlines) == ["Theirs Sooner", "Mine Soon"]

    def test_a_long_list_shows_the_first_ten_and_counts_them_all(self, hr):
        for n in range(dashboard.PANEL_SIZE + 2):
            _case(f"Person {n:02d}", hr, days_left=n)
        panel = dashboard.today_in_the_pool(db.session, TODAY, hr.id).deadlines
        assert panel.count == dashboard.PANEL_SIZE + 2 and panel.more == 2
        assert _names(panel) == [f"Person {n:02d}" for n in range(dashboard.PANEL_SIZE)]


def test_offers_waiting_for_a_reassignment_oldest_first(hr, other_hr):
    opening = factories.opening()
    _application(_case("Newer Offer", hr), opening, stage=ApplicationStage.OFFERED)
    _application(_case("Older Offer", hr), opening, stage=ApplicationStage.OFFERED, age_hours=5)
    _application(_case("Only Shortlisted", hr), opening, stage=ApplicationStage.SHORTLISTED)
    _application(_case("Offer Closed Case", hr, status=CaseStatus.CLOSED), opening, stage=ApplicationStage.OFFERED)
    _application(_case("Their Offer", other_hr), opening, stage=ApplicationStage.OFFERED)
    board = dashboard.today_in_the_pool(db.session, TODAY, hr.id)
    assert _names(board.offers) == ["Older Offer", "Newer Offer"]
    assert dashboard.today_in_the_pool(db.session, TODAY).offers.count == 3


def test_contests_and_conversation_requests_waiting_for_hr_oldest_first(hr, other_hr):
    made = {}
    for name, owner in [("Ann Answered", hr), ("Cora Contest", hr), ("Tom Talk", hr), ("Theo Theirs", other_hr)]:
        case = _case(name, owner)
        user = factories.user(Role.EMPLOYEE, employee=db.session.get(factories.Employee, case.employee_id))
        if name == "Tom Talk":
            made[name] = contests.request_conversation(db.session, user, case.id, preferred_times="Mornings")
        else:
            made[name] = contests.open_contest(db.session, user, case.id, kind=ContestKind.OTHER, message=name)
    made["Tom Talk"].created_at -= timedelta(hours=1)
    db.session.commit()
    contests.answer_contest(db.session, hr, made["Ann Answered"].id, answer="Done")
    board = dashboard.today_in_the_pool(db.session, TODAY, hr.id)
    assert _names(board.unanswered) == ["Tom Talk", "Cora Contest"]
    assert board.unanswered.items[0].kind == ContestKind.CONVERSATION
    assert dashboard.today_in_the_pool(db.session, TODAY).unanswered.count == 3


def test_people_interested_in_an_opening_whose_manager_has_not_acted(hr, other_hr):
    opening = factories.opening()
    filled = factories.opening("Filled Role", status=OpeningStatus.FILLED)
    past = factories.opening("Closed Yesterday", closing_date=TODAY - timedelta(days=1))
    _application(_case("Waiting Newer", hr), opening)
    _application(_case("Waiting Longer", hr), opening, age_hours=24)
    _application(_case("Shortlisted Already", hr), opening, stage=ApplicationStage.SHORTLISTED)
    _application(_case("Said No", hr), opening, interest=Interest.DECLINED)
    _application(_case("Opening Filled", hr), filled)
    _application(_case("Opening Closed", hr), past)
    _application(_case("Case Closed", hr, status=CaseStatus.CLOSED), opening)
    _application(_case("Their Person", other_hr), opening)
    board = dashboard.today_in_the_pool(db.session, TODAY, hr.id)
    assert _names(board.interested) == ["Waiting Longer", "Waiting Newer"]
    assert board.interested.items[0].opening.title == opening.title
    assert _names(dashboard.today_in_the_pool(db.session, TODAY).interested) == [
        "Waiting Longer", "Waiting Newer", "Their Person"
    ]


def test_an_empty_pool_gives_empty_lists(hr):
    board = dashboard.today_in_the_pool(db.session, TODAY, hr.id)
    assert all(panel.count == 0 and panel.items == [] for panel in
               (board.deadlines, board.offers, board.unanswered, board.interested))


# --- Through the page ----------------------------------------------------------------------------


def _fill(app, hr_id):
    """One item of each list on the signed-in HR user's cases, and one deadline on someone else's."""
    with app.app_context():
        hr = db.session.get(factories.User, hr_id)
        opening = factories.opening("Payroll Clerk")
        _case("Dana Deadline", hr, days_left=3)
        _case("Olga Others", factories.user(Role.HR, full_name="Otto Other"), days_left=2)
        _application(_case("Oscar Offer", hr), opening, stage=ApplicationStage.OFFERED)
        _application(_case("Ines Interested", hr), opening)
        case = _case("Tara Talk", hr)
        user = factories.user(Role.EMPLOYEE, employee=db.session.get(factories.Employee, case.employee_id))
        contests.request_conversation(db.session, user, case.id, message="About my deadline")


def test_hr_lands_on_today_and_sees_each_list_on_their_own_cases(app, client, auth):
    hr = auth.login(Role.HR)
    _fill(app, hr.id)
    response = client.get("/hr/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Today in the pool" in text and "on the cases you own" in text
    for heading in ("Deadlines in the next 14 days", "Offers waiting for a reassignment",
                    "Waiting for an answer from HR", "Interested, waiting for a manager"):
        assert heading in text
    for name in ("Dana Deadline", "Oscar Offer", "Ines Interested", "Tara Talk"):
        assert name in text
    assert "Olga Others" not in text
    assert "3 days" in text and "Conversation request" in text and "Payroll Clerk" in text
    html = response.get_data(as_text=True)
    assert 'href="/hr/pool?status=open&amp;days_left=14&amp;sort=days_left"' in html
    assert 'href="/hr/contests?owner=mine"' in html and 'href="/hr/interested?owner=mine"' in html
    assert '<a class="nav-link active" aria-current="page" href="/hr/">Today</a>' in html

    everyone = page_text(client.get("/hr/?owner=all"))
    assert "Olga Others" in everyone and "Otto Other" in everyone and "on all cases" in everyone


def test_empty_lists_say_what_to_do(client, auth):
    auth.login(Role.HR)
    text = page_text(client.get("/hr/"))
    assert "None of your cases is due in the next 14 days or overdue." in text
    assert "No offer is waiting." in text and "Nobody is waiting for an answer." in text
    assert "Nobody is waiting for a manager." in text
    assert 'href="/hr/?owner=all"' in client.get("/hr/").get_data(as_text=True)


def test_the_full_list_of_people_waiting_for_a_manager(app, client, auth):
    hr = auth.login(Role.HR)
    _fill(app, hr.id)
    mine = page_text(client.get("/hr/interested"))
    assert "Ines Interested" in mine and "Payroll Clerk" in mine and "Oscar Offer" not in mine
    assert "Ines Interested" in page_text(client.get("/hr/interested?owner=bogus"))  # an unknown value means mine
    assert "Nobody in the pool is waiting" not in page_text(client.get("/hr/interested?owner=all"))


@pytest.mark.parametrize("role", [Role.MANAGER, Role.EMPLOYEE])
@pytest.mark.parametrize("url", ["/hr/", "/hr/interested"])
def test_only_hr_sees_it(client, auth, role, url):
    auth.login(role)
    assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/hr/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
