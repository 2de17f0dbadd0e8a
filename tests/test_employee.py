"""The employee's own pages: their case, suggestions and answers, skills profile, and openings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talentpool.extensions import db
from talentpool.models import (
    Application,
    CaseStatus,
    DeclineCategory,
    Employee,
    Interest,
    Opening,
    OpeningStatus,
    OutcomeKind,
    PoolCase,
    Role,
)
from tests import factories

SUPPORT_SKILLS = {"Customer service": 4, "Zendesk": 3}
SUPPORT_SUMMARY = "Answered customer questions by email and chat and resolved tickets in Zendesk."


def _member(app, auth, *, full_name="Robin Member", skills=None, summary="", hr_name="Hana Contact",
            title="Data Analyst", **case_args):
    """Sign in as an employee in the pool; returns the ids and names the test needs."""
    with app.app_context():
        owner = factories.user(Role.HR, full_name=hr_name, email=f"{hr_name.split()[0].lower()}@example.com")
        person = factories.employee(full_name, title=title, skills=skills, summary=summary)
        case = factories.pool_case(person, owner=owner, **case_args)
        user = factories.user(Role.EMPLOYEE, employee=person, full_name=full_name)  # last: stays loaded
        ids = {"employee_id": person.id, "case_id": case.id, "hr_email": owner.email}
    auth.login(user=user)
    return ids


def _application(app, case_id, opening_id):
    with app.app_context():
        return db.session.scalar(
            select(Application).where(Application.case_id == case_id, Application.opening_id == opening_id)
        )


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _text(response) -> str:
    return response.get_data(as_text=True)


# --- My case --------------------------------------------------------------------------------------


def test_home_shows_own_status_days_in_pool_deadline_and_hr_contact(app, client, auth):
    entered = date.today() - timedelta(days=12)
    deadline = date.today() + timedelta(days=30)
    ids = _member(app, auth, entered_on=entered, deadline=deadline)
    page = _text(client.get("/me/"))
    assert "<h1" in page and "<title>My case" in page
    assert "In pool" in page
    assert "12 days in the pool" in page
    assert deadline.isoformat() in page
    assert "30 days" in page
    assert "Hana Contact" in page
    assert f'href="mailto:{ids["hr_email"]}"' in page
    assert "a person at HR decides every outcome" in page


def test_overdue_case_stands_out(app, client, auth):
    entered = date.today() - timedelta(days=100)
    _member(app, auth, entered_on=entered, deadline=date.today() - timedelta(days=3))
    page = _text(client.get("/me/"))
    assert "Overdue" in page
    assert "3 days overdue" in page
    assert "has passed" in page


def test_home_never_shows_another_pool_member(app, client, auth):
    with app.app_context():
        other = factories.employee("Quentin Otherperson", skills=SUPPORT_SKILLS, summary="Secret other summary")
        factories.pool_case(other)
        factories.opening(required={"Customer service": 3})
    _member(app, auth, skills=SUPPORT_SKILLS)
    for url in ("/me/", "/me/openings", "/me/skills"):
        page = _text(client.get(url))
        assert "Quentin Otherperson" not in page
        assert "Secret other summary" not in page


def test_hr_notes_and_internal_reason_never_appear(app, client, auth):
    ids = _member(app, auth)
    with app.app_context():
        case = db.session.get(PoolCase, ids["case_id"])
        case.hr_notes = "HR-ONLY-NOTE-7f3a"
        case.reason = "INTERNAL-REASON-91c2"
        db.session.commit()
    page = _text(client.get("/me/"))
    assert "HR-ONLY-NOTE-7f3a" not in page
    assert "INTERNAL-REASON-91c2" not in page


def test_suggestions_are_best_first_with_matched_and_missing_skills_and_reasons(app, client, auth):
    with app.app_context():
        legal = factories.opening(
            "Paralegal",
            department_name="Legal",
            required={"Legal research": 3, "Contract drafting": 2},
            description="Support the legal team with research and contract drafting.",
        )
        support = factories.opening(
            "Customer Support Specialist",
            required={"Customer service": 3, "Zendesk": None, "Written communication": None},
            description="Answer customer questions by email and chat, resolve tickets in Zendesk.",
        )
        legal_id, support_id = legal.id, support.id
    _member(app, auth, skills=SUPPORT_SKILLS, summary=SUPPORT_SUMMARY)
    page = _text(client.get("/me/"))
    assert f"/me/openings/{support_id}" in page and f"/me/openings/{legal_id}" in page
    assert page.index("Customer Support Specialist") < page.index("Paralegal")
    assert "✓ Customer service" in page and "✓ Zendesk" in page
    assert "✗ Written communication" in page
    assert "skills cover" in page and "similar experience" in page
    assert 'aria-label="Match score"' in page


def test_a_known_career_path_is_given_as_a_reason_only_where_experts_list_one(app, client, auth):
    with app.app_context():
        support = factories.opening("Customer Service Representative",
                                    description="Answer customer questions by phone, email and chat.")
        nursing = factories.opening("Registered Nurse", description="Assess patients and administer medication.")
        support_id, nursing_id = support.id, nursing.id
    _member(app, auth, title="Telemarketer", summary="Called customers to sell products and take orders.")
    support_page = _text(client.get(f"/me/openings/{support_id}"))
    nursing_page = _text(client.get(f"/me/openings/{nursing_id}"))
    assert "a known career path from roles like yours" in support_page
    assert "similar experience" in nursing_page and "known career path" not in nursing_page


def test_home_without_open_openings_has_an_empty_state(app, client, auth):
    _member(app, auth)
    page = _text(client.get("/me/"))
    assert "no open openings to suggest" in page


# --- Answering openings ---------------------------------------------------------------------------


def test_marking_interest_is_stored_with_the_match_score_and_shown(app, client, auth):
    with app.app_context():
        opening_id = factories.opening(required={"Customer service": 3}).id
    ids = _member(app, auth, skills=SUPPORT_SKILLS)
    response = client.post(f"/me/openings/{opening_id}/interest?next=/me/")
    assert response.status_code == 302 and response.headers["Location"] == "/me/"
    application = _application(app, ids["case_id"], opening_id)
    assert application.interest == Interest.INTERESTED
    assert application.match_score is not None and application.match_score > 0
    page = _text(client.get("/me/"))
    assert "You are marked as interested" in page
    assert "You are interested" in page


def test_declining_with_a_reason_is_stored_and_shown_and_can_be_changed(app, client, auth):
    with app.app_context():
        opening_id = factories.opening("Night Shift Support").id
    ids = _member(app, auth, skills=SUPPORT_SKILLS)
    form_page = client.get(f"/me/openings/{opening_id}/decline")
    assert form_page.status_code == 200
    assert 'name="category"' in _text(form_page) and 'name="reason"' in _text(form_page)
    assert "<label" in _text(form_page)

    response = client.post(
        f"/me/openings/{opening_id}/decline", data={"category": "hours", "reason": "I cannot work nights."}
    )
    assert response.headers["Location"] == f"/me/openings/{opening_id}"
    application = _application(app, ids["case_id"], opening_id)
    assert application.interest == Interest.DECLINED
    assert application.decline_category == DeclineCategory.HOURS
    assert application.decline_reason == "I cannot work nights."
    page = _text(client.get(f"/me/openings/{opening_id}"))
    assert "You declined" in page and "Working hours" in page and "I cannot work nights." in page
    assert "interested after all" in page

    client.post(f"/me/openings/{opening_id}/interest")
    application = _application(app, ids["case_id"], opening_id)
    assert application.interest == Interest.INTERESTED
    assert application.decline_category is None
    assert application.decline_reason == ""


def test_decline_reason_longer_than_1000_characters_is_refused(app, client, auth):
    with app.app_context():
        opening_id = factories.opening().id
    ids = _member(app, auth)
    response = client.post(f"/me/openings/{opening_id}/decline", data={"category": "location", "reason": "x" * 1001})
    assert response.status_code == 200
    assert "under 1000 characters" in _text(response)
    assert _application(app, ids["case_id"], opening_id) is None


def test_answer_redirects_only_to_a_local_next(app, client, auth):
    with app.app_context():
        opening_id = factories.opening().id
    _member(app, auth)
    response = client.post(f"/me/openings/{opening_id}/interest?next=https://evil.example/x")
    assert response.headers["Location"] == f"/me/openings/{opening_id}"
    response = client.post(
        f"/me/openings/{opening_id}/decline?next=//evil.example/x", data={"category": "location", "reason": ""}
    )
    assert response.headers["Location"] == f"/me/openings/{opening_id}"


def test_employee_not_in_pool_is_told_so_and_cannot_mark_interest(app, client, auth):
    with app.app_context():
        opening_id = factories.opening().id
    auth.login(Role.EMPLOYEE)
    page = _text(client.get("/me/"))
    assert "You are not in the talent pool" in page
    assert "/me/openings" in page and "/me/skills" in page
    detail = _text(client.get(f"/me/openings/{opening_id}"))
    assert "nothing to answer" in detail
    assert f'action="/me/openings/{opening_id}/interest"' not in detail
    decline_page = _text(client.get(f"/me/openings/{opening_id}/decline"))
    assert "nothing to answer" in decline_page and 'name="reason"' not in decline_page
    response = client.post(f"/me/openings/{opening_id}/interest", follow_redirects=True)
    assert "You are not in the talent pool" in _text(response)
    assert _count(app, Application) == 0


def test_closed_case_shows_its_outcome_and_date(app, client, auth):
    closed_on = date.today() - timedelta(days=5)
    ids = _member(app, auth, status=CaseStatus.CLOSED)
    with app.app_context():
        case = db.session.get(PoolCase, ids["case_id"])
        case.outcome_kind, case.closed_on = OutcomeKind.REASSIGNED, closed_on
        db.session.commit()
    page = _text(client.get("/me/"))
    assert "Reassigned" in page and closed_on.isoformat() in page
    assert "Browse openings" in page


def test_answering_an_unknown_opening_is_404(app, client, auth):
    _member(app, auth)
    assert client.post("/me/openings/999999/interest").status_code == 404
    assert client.get("/me/openings/999999/decline").status_code == 404


def test_csrf_protects_the_interest_button(app, client, auth):
    with app.app_context():
        opening_id = factories.opening().id
    ids = _member(app, auth)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(f"/me/openings/{opening_id}/interest")
    assert response.status_code == 400
    assert _application(app, ids["case_id"], opening_id) is None


# --- Skills profile -------------------------------------------------------------------------------


def _skills_of(app, employee_id):
    with app.app_context():
        person = db.session.get(Employee, employee_id)
        return {s.name: s.level for s in person.skills}, person.summary


def _rows(*pairs):
    data = {}
    for index, (name, level) in enumerate(pairs):
        data[f"rows-{index}-name"] = name
        data[f"rows-{index}-level"] = str(level)
    return data


def test_skills_form_is_prefilled_with_three_blank_rows(app, client, auth):
    _member(app, auth, skills={"Zendesk": 4, "Excel": 2}, summary="Ran the help desk.")
    page = _text(client.get("/me/skills"))
    assert 'value="Zendesk"' in page and 'value="Excel"' in page
    assert "Ran the help desk." in page
    assert 'name="rows-4-name"' in page and 'name="rows-5-name"' not in page
    assert '<option selected value="4">' in page


def test_skills_form_saves_skills_levels_and_summary(app, client, auth):
    ids = _member(app, auth, skills={"Zendesk": 2})
    data = _rows(("Zendesk", 4), ("SQL", 3), ("", 3)) | {"summary": "  Built reports.  "}
    response = client.post("/me/skills", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/me/skills"
    assert _skills_of(app, ids["employee_id"]) == ({"Zendesk": 4, "SQL": 3}, "Built reports.")
    assert "Your skills profile is saved." in _text(client.get("/me/skills"))


def test_clearing_a_skill_name_removes_the_skill(app, client, auth):
    ids = _member(app, auth, skills={"Zendesk": 2, "Excel": 3})
    client.post("/me/skills", data=_rows(("", 2), ("Excel", 3)) | {"summary": ""})
    assert _skills_of(app, ids["employee_id"])[0] == {"Excel": 3}


def test_duplicate_skill_names_show_an_error_and_change_nothing(app, client, auth):
    ids = _member(app, auth, skills={"Zendesk": 2}, summary="Before.")
    data = _rows(("Customer service", 3), ("customer services", 4)) | {"summary": "After."}
    response = client.post("/me/skills", data=data)
    assert response.status_code == 200
    assert "listed twice" in _text(response)
    assert 'id="skills-error"' in _text(response)
    assert _skills_of(app, ids["employee_id"]) == ({"Zendesk": 2}, "Before.")


@pytest.mark.parametrize("level", ["0", "6", "expert"])
def test_skill_level_outside_1_to_5_is_refused(app, client, auth, level):
    ids = _member(app, auth, skills={"Zendesk": 2})
    data = {"rows-0-name": "Zendesk", "rows-0-level": level, "summary": ""}
    response = client.post("/me/skills", data=data)
    assert response.status_code == 200
    assert "Choose a level from 1 (beginner) to 5 (expert)." in _text(response)
    assert 'id="rows-0-level-error"' in _text(response)
    assert _skills_of(app, ids["employee_id"])[0] == {"Zendesk": 2}


# --- Browsing openings ----------------------------------------------------------------------------


def test_browse_lists_open_openings_only(app, client, auth):
    with app.app_context():
        factories.opening("Open Role Alpha", required={"Negotiation": 3})
        factories.opening("Closed Role Beta", status=OpeningStatus.CLOSED)
        factories.opening("Filled Role Gamma", status=OpeningStatus.FILLED)
        factories.opening("Expired Role Delta", closing_date=date.today() - timedelta(days=1))
    auth.login(Role.EMPLOYEE)
    page = _text(client.get("/me/openings"))
    assert "Open Role Alpha" in page and "Negotiation" in page
    assert 'class="table table-responsive-stack' in page and 'data-label="Free places"' in page
    for absent in ("Closed Role Beta", "Filled Role Gamma", "Expired Role Delta"):
        assert absent not in page


def test_browse_orders_by_closing_date_and_paginates(app, client, auth):
    app.config["PAGE_SIZE"] = 2
    with app.app_context():
        factories.opening("Role Later", closing_date=date.today() + timedelta(days=20))
        factories.opening("Role Soon", closing_date=date.today() + timedelta(days=2))
        factories.opening("Role Undated")
    auth.login(Role.EMPLOYEE)
    first = _text(client.get("/me/openings"))
    assert first.index("Role Soon") < first.index("Role Later")
    assert "Role Undated" not in first
    assert "page 1 of 2" in first
    second = _text(client.get("/me/openings?page=2"))
    assert "Role Undated" in second and "Role Soon" not in second


def test_browse_searches_title_department_and_location_case_insensitively(app, client, auth):
    with app.app_context():
        factories.opening("Payroll Clerk", department_name="Finance")
        factories.opening("Warehouse Lead", department_name="Logistics")
    auth.login(Role.EMPLOYEE)
    by_title = _text(client.get("/me/openings?q=payroll"))
    assert "Payroll Clerk" in by_title and "Warehouse Lead" not in by_title
    by_department = _text(client.get("/me/openings?q=LOGISTICS"))
    assert "Warehouse Lead" in by_department and "Payroll Clerk" not in by_department
    by_location = _text(client.get("/me/openings?q=berl"))
    assert "Warehouse Lead" in by_location and "Payroll Clerk" in by_location
    nothing = _text(client.get("/me/openings?q=astronaut"))
    assert "No open opening matches" in nothing


def test_browse_shows_the_persons_answer(app, client, auth):
    with app.app_context():
        opening_id = factories.opening("Answered Role").id
    _member(app, auth)
    client.post(f"/me/openings/{opening_id}/decline", data={"category": "grade_or_pay"})
    page = _text(client.get("/me/openings"))
    assert "You declined" in page


def test_browse_without_openings_has_an_empty_state(client, auth):
    auth.login(Role.EMPLOYEE)
    assert "There are no open openings right now." in _text(client.get("/me/openings"))


# --- Opening detail -------------------------------------------------------------------------------


def test_opening_detail_shows_the_role_and_the_persons_match(app, client, auth):
    with app.app_context():
        manager = factories.user(Role.MANAGER, full_name="Mona Manager")
        opening = factories.opening(
            "Customer Support Specialist",
            manager=manager,
            required={"Customer service": 3, "Written communication": None},
            nice_to_have=["Zendesk"],
            description="Answer customer questions by chat.",
            closing_date=date.today() + timedelta(days=9),
        )
        opening_id = opening.id
    _member(app, auth, skills=SUPPORT_SKILLS)
    page = _text(client.get(f"/me/openings/{opening_id}"))
    assert "Answer customer questions by chat." in page
    assert "at least level 3 of 5" in page
    assert "Mona Manager" in page and "Customer Success" in page
    assert (date.today() + timedelta(days=9)).isoformat() in page
    assert 'aria-label="Breadcrumb"' in page
    assert "✓ Customer service" in page and "✗ Written communication" in page
    assert f'action="/me/openings/{opening_id}/interest"' in page
    assert f'action="/me/openings/{opening_id}/decline"' in page


def test_opening_detail_404_for_unknown_id(client, auth):
    auth.login(Role.EMPLOYEE)
    assert client.get("/me/openings/999999").status_code == 404


def test_closed_opening_is_404_unless_the_person_answered_it(app, client, auth):
    with app.app_context():
        answered = factories.opening("Answered Then Closed")
        unanswered = factories.opening("Never Answered", status=OpeningStatus.CLOSED)
        answered_id, unanswered_id = answered.id, unanswered.id
    _member(app, auth)
    client.post(f"/me/openings/{answered_id}/interest")
    with app.app_context():
        db.session.get(Opening, answered_id).status = OpeningStatus.CLOSED
        db.session.commit()
    assert client.get(f"/me/openings/{unanswered_id}").status_code == 404
    response = client.get(f"/me/openings/{answered_id}")
    assert response.status_code == 200
    page = _text(response)
    assert "no longer taking candidates" in page and "You are interested" in page
    assert f'action="/me/openings/{answered_id}/decline"' not in page


# --- Accounts and access --------------------------------------------------------------------------


def test_user_without_employee_record_gets_a_friendly_page(app, client, auth):
    with app.app_context():
        user = factories.user(Role.EMPLOYEE)
    auth.login(user=user)
    for url in ("/me/", "/me/skills"):
        response = client.get(url)
        assert response.status_code == 200
        assert "not linked to an employee record" in _text(response)
    assert client.get("/me/openings").status_code == 200


def test_me_without_trailing_slash_works(client, auth):
    auth.login(Role.EMPLOYEE)
    response = client.get("/me")
    assert response.status_code == 200 or (
        response.status_code in (301, 308) and response.headers["Location"].endswith("/me/")
    )
    assert client.get("/me", follow_redirects=True).status_code == 200


EMPLOYEE_URLS = ["/me/", "/me/skills", "/me/openings", "/me/openings/1", "/me/openings/1/decline"]


@pytest.mark.parametrize("url", EMPLOYEE_URLS)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", [Role.HR, Role.MANAGER])
@pytest.mark.parametrize("url", EMPLOYEE_URLS)
def test_other_roles_are_forbidden(client, auth, role, url):
    auth.login(role)
    assert client.get(url).status_code == 403


def test_other_roles_cannot_post_answers(app, client, auth):
    with app.app_context():
        opening_id = factories.opening().id
    auth.login(Role.HR)
    assert client.post(f"/me/openings/{opening_id}/interest").status_code == 403
    assert _count(app, Application) == 0
