"""Priority and ring-fencing: a new opening is the pool's alone for a window, and people with a statutory
priority come first among the candidates of openings that suit them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talentpool.extensions import db
from talentpool.models import AuditEvent, Employee, Opening, PoolCase, Role, StatutoryPriority, WorkingHours
from talentpool.services import demo, openings, pool
from talentpool.services.errors import ValidationError
from talentpool.services.suggestions import candidates_for_opening, suggestions_for_case
from talentpool.services.suitability import term_differences
from tests import factories
from tests.pages import error_next_to, page_text

TODAY = date.today()
FAMILY_LEAVE = StatutoryPriority.FAMILY_LEAVE


# --- the priority window --------------------------------------------------------------------------


@pytest.mark.parametrize(("window", "last_day"), [(14, TODAY + timedelta(days=13)), (1, TODAY), (0, None)])
def test_a_new_opening_is_the_pools_for_the_configured_window(app_ctx, window, last_day):
    opening = openings.create_opening(
        db.session, factories.user(Role.MANAGER), title="Support", department_id=factories.department("CS").id,
        location="Berlin", description="Help", headcount=1, closing_date=None,
        skills=[openings.SkillRequirement("Zendesk")], today=TODAY, priority_window_days=window,
    )
    assert opening.pool_only_until == last_day
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "opening.created"))
    assert event.after["pool_only_until"] == (last_day.isoformat() if last_day else None)


def test_posting_through_the_form_uses_the_configured_window(app, client, manager, department_id):
    app.config["PRIORITY_WINDOW_DAYS"] = 5
    data = {"title": "Support Lead", "department_id": str(department_id), "location": "Berlin", "hours": "full_time",
            "description": "Lead.", "headcount": "1", "required_skills-0-skill": "Zendesk",
            "required_skills-0-level": "3"}
    assert "For the first 5 days only people in the talent pool see a new opening" in page_text(
        client.get("/manager/openings/new"))
    assert client.post("/manager/openings/new", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Opening.pool_only_until)) == TODAY + timedelta(days=4)


@pytest.mark.parametrize(
    ("in_pool", "day", "visible"),
    [
        (False, TODAY, False),  # the last day of the window
        (False, TODAY + timedelta(days=1), True),  # the day after
        (True, TODAY, True),
        (True, TODAY - timedelta(days=3), True),
    ],
)
def test_visibility_rule_in_sql_and_in_python_agree(app_ctx, in_pool, day, visible):
    opening = factories.opening(pool_only_until=TODAY)
    found = db.session.scalar(select(Opening.id).where(openings.visible_to(in_pool, day)))
    assert (found == opening.id) is visible
    assert openings.is_visible_to(opening, in_pool, day) is visible


def _employee(app, auth, *, in_pool: bool):
    """A signed-in employee, in the pool or not."""
    with app.app_context():
        person = factories.employee("Eve Employee", skills={"Customer service": 4})
        factories.user(Role.EMPLOYEE, employee=person)
        if in_pool:
            factories.pool_case(person)
        db.session.refresh(person)
        user = person.user
    return auth.login(user=user)


def _windowed_opening(app, last_day: date) -> int:
    with app.app_context():
        return factories.opening("Ring-fenced Role", pool_only_until=last_day).id


def test_someone_outside_the_pool_does_not_see_an_opening_inside_its_window(app, client, auth):
    _employee(app, auth, in_pool=False)
    opening_id = _windowed_opening(app, TODAY)  # today is the window's last day
    with app.app_context():
        factories.opening("Open To All")
    listing = page_text(client.get("/me/openings"))
    assert "Open To All" in listing and "Ring-fenced Role" not in listing
    assert client.get(f"/me/openings/{opening_id}").status_code == 404
    assert client.get(f"/me/openings/{opening_id}/decline").status_code == 404


def test_someone_outside_the_pool_sees_the_opening_the_day_after_its_window(app, client, auth):
    _employee(app, auth, in_pool=False)
    opening_id = _windowed_opening(app, TODAY - timedelta(days=1))
    assert "Ring-fenced Role" in page_text(client.get("/me/openings"))
    response = client.get(f"/me/openings/{opening_id}")
    assert response.status_code == 200 and "Pool priority" not in page_text(response)


def test_people_in_the_pool_see_it_at_once_with_the_badge(app, client, auth):
    _employee(app, auth, in_pool=True)
    opening_id = _windowed_opening(app, TODAY + timedelta(days=6))
    badge = f"Pool priority until {(TODAY + timedelta(days=6)).isoformat()}"
    listing = page_text(client.get("/me/openings"))
    assert f"Ring-fenced Role {badge}" in listing
    detail = page_text(client.get(f"/me/openings/{opening_id}"))
    assert badge in detail and "only people in the talent pool see this opening" in detail
    assert badge in page_text(client.get("/me/"))  # among the suggestions


def test_the_manager_sees_the_window_on_the_opening(app, client, manager):
    last_day = TODAY + timedelta(days=3)
    with app.app_context():
        opening_id = factories.opening("Ring-fenced Role", manager=manager, pool_only_until=last_day).id
        ended_id = factories.opening("Old Role", manager=manager, pool_only_until=TODAY - timedelta(days=1)).id
    text = page_text(client.get(f"/manager/openings/{opening_id}"))
    assert f"Pool priority until {last_day.isoformat()}" in text
    assert f"Until {last_day.isoformat()} only people in the talent pool can see this opening and apply" in text
    assert "Pool priority" not in page_text(client.get(f"/manager/openings/{ended_id}"))
    assert f"Ring-fenced Role Pool priority until {last_day.isoformat()}" in page_text(client.get("/manager/openings"))


# --- the statutory priority flag ------------------------------------------------------------------


def _flag(case_id: int, priority=FAMILY_LEAVE, note="Back from parental leave in May.") -> PoolCase:
    case = db.session.get(PoolCase, case_id)
    return pool.update_case_details(
        db.session, case.hr_owner, case.id, deadline=case.deadline, hr_owner_id=case.hr_owner_id,
        hr_notes=case.hr_notes, priority=priority, priority_note=note,
    )


def test_a_flag_needs_a_note(app_ctx):
    case = factories.pool_case()
    with pytest.raises(ValidationError, match="Say why the statutory priority applies") as error:
        _flag(case.id, note="   ")
    assert error.value.field == "priority_note"
    db.session.rollback()
    assert db.session.get(PoolCase, case.id).priority is None


def test_setting_and_clearing_the_flag_is_audited(app_ctx):
    case = factories.pool_case()
    _flag(case.id)
    cleared = _flag(case.id, priority=None, note="kept by mistake")
    assert (cleared.priority, cleared.priority_note) == (None, "")
    set_event, clear_event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "case.updated").order_by(AuditEvent.id)
    ).all()
    assert (set_event.before["priority"], set_event.after["priority"]) == (None, "family_leave")
    assert set_event.after["priority_note"] == "Back from parental leave in May." and set_event.case_id == case.id
    assert (clear_event.before["priority"], clear_event.after["priority"]) == ("family_leave", None)


def test_hr_sets_the_flag_on_the_case_form_and_sees_it(app, client, auth):
    hr = auth.login(Role.HR)
    with app.app_context():
        case = factories.pool_case(factories.employee("Fay Flagged"), owner=hr)
        case_id, deadline = case.id, case.deadline.isoformat()
    form = {"deadline": deadline, "hr_owner_id": str(hr.id), "hr_notes": "", "priority": "family_leave",
            "priority_note": ""}
    refused = client.post(f"/hr/pool/{case_id}/edit", data=form)
    assert error_next_to(refused, "priority_note") == (
        "Say why the statutory priority applies, e.g. the leave and its dates.")
    saved = client.post(f"/hr/pool/{case_id}/edit", data=form | {"priority_note": "Parental leave until March."})
    assert saved.status_code == 302
    text = page_text(client.get(f"/hr/pool/{case_id}"))
    assert "Statutory priority: Protected during or after family leave Parental leave until March." in text
    assert "Fay Flagged" in (pool_list := page_text(client.get("/hr/pool")))
    assert re.search(r"Fay Flagged E\d+ Statutory priority", pool_list)
    assert re.search(r'<option selected value="family_leave">', client.get(f"/hr/pool/{case_id}/edit").get_data(as_text=True))


SUPPORT = {"Customer service": 3, "Zendesk": 3}


@pytest.fixture
def ranked(app_ctx):
    """An opening and three people it ranks best, second and third, by their support skills."""
    opening = factories.opening("Support Agent", required=SUPPORT)
    cases = [
        factories.pool_case(factories.employee(name, skills=skills, summary=summary))
        for name, skills, summary in [
            ("Ada Best", {"Customer service": 5, "Zendesk": 5, "Salesforce": 4}, "Support agent, ten years."),
            ("Ben Second", {"Customer service": 4, "Zendesk": 3}, "Answered customers."),
            ("Cy Third", {"Customer service": 2}, "Some customer contact."),
        ]
    ]
    order = [c.case.id for c in candidates_for_opening(db.session, opening, TODAY)]
    assert order == [c.id for c in cases], "the setup should rank Ada, Ben, Cy"
    return opening, cases


def _names(candidates) -> list[str]:
    return [c.case.employee.full_name for c in candidates]


def test_a_flagged_person_whom_the_opening_suits_comes_first(ranked):
    opening, (_, _, third) = ranked
    score = next(c.match.score for c in candidates_for_opening(db.session, opening, TODAY) if c.case.id == third.id)
    _flag(third.id)
    candidates = candidates_for_opening(db.session, opening, TODAY, priority_score=score)
    assert _names(candidates) == ["Cy Third", "Ada Best", "Ben Second"]
    assert [c.prioritised for c in candidates] == [True, False, False]
    assert candidates[0].rank == 3  # the model's own place is kept for reference


def test_a_flagged_person_below_the_suitable_score_keeps_their_place(ranked):
    opening, (_, _, third) = ranked
    score = next(c.match.score for c in candidates_for_opening(db.session, opening, TODAY) if c.case.id == third.id)
    _flag(third.id)
    candidates = candidates_for_opening(db.session, opening, TODAY, priority_score=score + 0.001)
    assert _names(candidates) == ["Ada Best", "Ben Second", "Cy Third"]
    assert not any(c.prioritised for c in candidates)


def test_a_suitable_flagged_person_outside_the_top_is_listed_first(ranked):
    opening, (_, _, third) = ranked
    _flag(third.id)
    candidates = candidates_for_opening(db.session, opening, TODAY, top_k=1, priority_score=0.0)
    assert _names(candidates) == ["Cy Third", "Ada Best"]
    assert candidates[0].rank is None and candidates[0].prioritised


def test_an_unsuitable_flagged_person_outside_the_top_is_not_listed(ranked):
    opening, (_, _, third) = ranked
    _flag(third.id)
    assert _names(candidates_for_opening(db.session, opening, TODAY, top_k=1, priority_score=1.0)) == ["Ada Best"]


def test_several_flagged_people_come_first_best_first(ranked):
    opening, (_, second, third) = ranked
    _flag(third.id)
    _flag(second.id)
    candidates = candidates_for_opening(db.session, opening, TODAY, priority_score=0.0)
    assert _names(candidates) == ["Ben Second", "Cy Third", "Ada Best"]


def test_without_a_priority_score_the_ranking_is_the_models(ranked):
    opening, (_, _, third) = ranked
    _flag(third.id)
    assert _names(candidates_for_opening(db.session, opening, TODAY)) == ["Ada Best", "Ben Second", "Cy Third"]


def _card_order(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li id="candidate-(\d+)"', page)]


@pytest.mark.parametrize(("suitable_score", "first"), [(0.0, True), (1.0, False)])
def test_the_manager_sees_flagged_suitable_candidates_first_with_the_badge(app, client, manager, suitable_score, first):
    app.config["PRIORITY_SUITABLE_SCORE"] = suitable_score
    with app.app_context():
        opening = factories.opening("Support Agent", manager=manager, required=SUPPORT)
        best = factories.pool_case(factories.employee("Ada Best", skills={"Customer service": 5, "Zendesk": 5}))
        flagged = factories.pool_case(
            factories.employee("Cy Third", skills={"Customer service": 2}),
            priority=FAMILY_LEAVE, priority_note="HR-only detail of the leave",
        )
        opening_id, best_id, flagged_id = opening.id, best.id, flagged.id
    response = client.get(f"/manager/openings/{opening_id}")
    page = response.get_data(as_text=True)
    assert _card_order(page) == ([flagged_id, best_id] if first else [best_id, flagged_id])
    badge = "Statutory priority: Protected during or after family leave"
    assert (badge in page_text(response)) is first
    assert "HR-only detail of the leave" not in page  # the note is for HR


# --- the demo company -----------------------------------------------------------------------------


def test_the_demo_has_a_flagged_person_a_ring_fenced_opening_and_terms_that_differ(app):
    with app.app_context():
        assert demo.seed_demo_company(db.session, today=TODAY)
        cases = {c.employee.full_name: c for c in db.session.scalars(select(PoolCase))}
        flagged = [name for name, c in cases.items() if c.priority is not None]
        assert flagged == ["Mei Chen"] and cases["Mei Chen"].priority == FAMILY_LEAVE
        assert cases["Mei Chen"].priority_note
        open_now = openings.list_open_openings(db.session, TODAY)
        assert [o.title for o in open_now if o.pool_only(TODAY)] == ["Customer Service Supervisor"]

        sofia = cases["Sofia Marques"]
        kinds = {
            d.kind
            for s in suggestions_for_case(db.session, sofia, TODAY, top_k=None)
            for d in term_differences(sofia.employee, s.opening)
        }
        assert {"lower_grade", "higher_grade", "fewer_hours", "relocation"} <= kinds

        account_manager = next(o for o in open_now if o.title == "Account Manager")
        first = candidates_for_opening(db.session, account_manager, TODAY, top_k=25,
                                       priority_score=app.config["PRIORITY_SUITABLE_SCORE"])[0]
        assert (first.case.employee.full_name, first.prioritised) == ("Mei Chen", True)
        # The bulk colleagues have grades and hours too.
        assert db.session.scalar(select(func.count()).where(Employee.pay_grade.is_(None))) == 0
        assert db.session.scalar(select(func.count()).where(Employee.hours == WorkingHours.PART_TIME)) > 1
