"""Managers: their openings, posting and editing them, and the pool candidates ranked for them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from talentpool.extensions import db
from talentpool.models import (
    Application,
    ApplicationStage,
    AuditEvent,
    Interest,
    Opening,
    OpeningStatus,
    Outcome,
    OutcomeKind,
    Role,
)
from tests import factories
from tests.pages import error_next_to, page_text

SUPPORT_SKILLS = {"Zendesk": 3, "Customer service": 3}


# --- helpers -------------------------------------------------------------------------------------


def _card(response, case_id: int) -> str:
    """The HTML of one candidate's card on an opening page."""
    page = response.get_data(as_text=True)
    match = re.search(rf'<li id="candidate-{case_id}".*?</li>\s*(?=<li id="candidate-|</ol>)', page, re.S)
    assert match, f"no card for case {case_id}"
    return match.group(0)


def _fresh(*records) -> None:
    """Reload records at the end of a setup block, so their columns stay readable after it."""
    for record in records:
        db.session.refresh(record)


def _application(
    case, opening, *, stage=ApplicationStage.NEW, interest=None, decline_reason=""
) -> Application:
    """A pool member already in an opening's pipeline (call inside an app context)."""
    application = Application(
        case_id=case.id, opening_id=opening.id, stage=stage, interest=interest, decline_reason=decline_reason
    )
    db.session.add(application)
    db.session.commit()
    db.session.refresh(application)
    return application


def _stage(app, case_id: int, opening_id: int) -> ApplicationStage | None:
    with app.app_context():
        return db.session.scalar(
            select(Application.stage).where(
                Application.case_id == case_id, Application.opening_id == opening_id
            )
        )


def _opening_row(app, opening_id: int) -> Opening:
    with app.app_context():
        opening = db.session.get(Opening, opening_id)
        _ = opening.skills  # loaded before the context ends
        return opening


def _form(department_id: int, /, **changes) -> dict:
    """A valid 'post an opening' submission, with some fields changed."""
    data = {
        "title": "Customer Support Lead",
        "department_id": str(department_id),
        "location": "Berlin",
        "description": "Lead a small team answering customers by email and chat.",
        "headcount": "2",
        "closing_date": (date.today() + timedelta(days=30)).isoformat(),
        "required_skills-0-skill": "Zendesk",
        "required_skills-0-level": "4",
        "required_skills-1-skill": "Customer service",
        "required_skills-1-level": "3",
        "required_skills-2-skill": "",
        "required_skills-2-level": "3",
        "nice_to_have": "Spreadsheet, Written communication\nTableau",
    }
    data.update(changes)
    return data


# --- who may enter -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "expected"),
    [((Role.MANAGER,), 200), ((Role.HR,), 403), ((Role.EMPLOYEE,), 403)],
)
def test_only_managers_enter_the_manager_pages(client, auth, roles, expected):
    auth.login(*roles)
    # JSON errors, so the check does not depend on the other areas' navigation being finished.
    response = client.get("/manager/openings", headers={"Accept": "application/json"})
    assert response.status_code == expected


@pytest.mark.parametrize("path", ["/manager/openings", "/manager/openings/new", "/manager/openings/1"])
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


OTHER_MANAGERS_PAGES = [
    ("get", "/manager/openings/{opening}"),
    ("get", "/manager/openings/{opening}/edit"),
    ("post", "/manager/openings/{opening}/edit"),
    ("get", "/manager/openings/{opening}/close"),
    ("post", "/manager/openings/{opening}/close"),
    ("post", "/manager/openings/{opening}/candidates/{case}"),
    ("get", "/manager/openings/{opening}/candidates/{case}/offer"),
]


@pytest.mark.parametrize(("method", "path"), OTHER_MANAGERS_PAGES)
def test_another_managers_opening_is_not_found(app, client, auth, department_id, method, path):
    with app.app_context():
        theirs = factories.opening("Their opening", required=SUPPORT_SKILLS).id
        case = factories.pool_case(factories.employee(skills={"Zendesk": 4})).id
    auth.login(Role.MANAGER)
    data = _form(department_id, title="Taken over") | {"stage": "shortlisted", "reason": "mine now"}
    response = getattr(client, method)(path.format(opening=theirs, case=case), data=data)
    assert response.status_code == 404
    after = _opening_row(app, theirs)
    assert (after.title, after.status) == ("Their opening", OpeningStatus.OPEN)
    assert _stage(app, case, theirs) is None


# --- the list of openings ------------------------------------------------------------------------


def test_list_shows_the_managers_own_openings_only(app, client, manager):
    with app.app_context():
        reference = factories.opening("Support Lead", manager=manager).reference
        factories.opening("Paralegal of someone else")
    response = client.get("/manager/openings")
    assert response.status_code == 200
    text = page_text(response)
    assert "Support Lead" in text and reference in text
    assert "Paralegal of someone else" not in text


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("", {"Open role", "Filled role"}, {"Closed role"}),
        ("?status=open", {"Open role"}, {"Filled role", "Closed role"}),
        ("?status=filled", {"Filled role"}, {"Open role", "Closed role"}),
        ("?status=closed", {"Closed role"}, {"Open role", "Filled role"}),
        ("?status=all", {"Open role", "Filled role", "Closed role"}, set()),
    ],
)
def test_list_filters_by_status(app, client, manager, query, shown, hidden):
    with app.app_context():
        for title, status in [
            ("Open role", OpeningStatus.OPEN),
            ("Filled role", OpeningStatus.FILLED),
            ("Closed role", OpeningStatus.CLOSED),
        ]:
            factories.opening(title, manager=manager, status=status)
    text = page_text(client.get(f"/manager/openings{query}"))
    assert all(title in text for title in shown)
    assert not any(title in text for title in hidden)


def test_list_shows_places_closing_date_and_candidates_per_stage(app, client, manager):
    closing = date.today() + timedelta(days=12)
    with app.app_context():
        opening = factories.opening("Support Lead", manager=manager, headcount=3, closing_date=closing)
        opening.places_filled = 1
        db.session.commit()
        for stage in [ApplicationStage.SHORTLISTED, ApplicationStage.SHORTLISTED, ApplicationStage.OFFERED]:
            _application(factories.pool_case(), opening, stage=stage)
    text = page_text(client.get("/manager/openings"))
    assert "1 / 3" in text
    assert closing.isoformat() in text
    assert "2 Shortlisted" in text and "1 Offered" in text


def test_list_counts_candidates_in_a_bounded_number_of_queries(app, client, manager):
    def queries_for_list() -> int:
        statements = []
        with app.app_context():
            engine = db.engine

        def listener(connection, cursor, statement, *rest):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/manager/openings").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    def add_openings(count: int) -> None:
        with app.app_context():
            case = factories.pool_case()
            for n in range(count):
                opening = factories.opening(f"Role {n}", manager=manager)
                _application(case, opening, stage=ApplicationStage.SHORTLISTED)

    add_openings(2)
    with_two = queries_for_list()
    add_openings(6)
    assert queries_for_list() == with_two


def test_list_is_paginated(app, client, manager):
    app.config["PAGE_SIZE"] = 2
    with app.app_context():
        for n in range(3):
            factories.opening(f"Role number {n}", manager=manager)
    first, second = page_text(client.get("/manager/openings")), page_text(client.get("/manager/openings?page=2"))
    assert sum(f"Role number {n}" in first for n in range(3)) == 2
    assert sum(f"Role number {n}" in second for n in range(3)) == 1
    assert "3 in all" in first


def test_list_without_openings_invites_to_post_one(client, manager):
    response = client.get("/manager/openings")
    assert "You have no open or filled openings." in page_text(response)
    assert b'href="/manager/openings/new"' in response.data


# --- posting an opening --------------------------------------------------------------------------


def test_new_opening_form_offers_labelled_blank_skill_rows(client, manager):
    page = client.get("/manager/openings/new").get_data(as_text=True)
    for n in range(3):
        assert f'<label class="form-label small mb-0" for="required_skills-{n}-skill">' in page
        assert f'for="required_skills-{n}-level"' in page
    assert 'name="required_skills-3-skill"' not in page
    assert 'name="nice_to_have"' in page and 'for="nice_to_have"' in page


def test_posting_an_opening_saves_required_and_nice_to_have_skills(app, client, manager, department_id):
    response = client.post("/manager/openings/new", data=_form(department_id))
    assert response.status_code == 302
    opening_id = int(response.headers["Location"].rsplit("/", 1)[1])

    opening = _opening_row(app, opening_id)
    assert (opening.title, opening.manager_id, opening.headcount) == ("Customer Support Lead", manager.id, 2)
    assert {(s.name, s.required, s.min_level) for s in opening.skills} == {
        ("Zendesk", True, 4),
        ("Customer service", True, 3),
        ("Spreadsheet", False, None),
        ("Written communication", False, None),
        ("Tableau", False, None),
    }

    page = client.get(response.headers["Location"])
    text = page_text(page)
    assert "Customer Support Lead is posted as" in text
    assert "Zendesk · level 4+" in text and "Customer service · level 3+" in text
    assert "Nice to have Spreadsheet Written communication Tableau" in text


def test_a_failed_post_keeps_the_rows_and_adds_blank_ones(client, manager, department_id):
    page = client.post("/manager/openings/new", data=_form(department_id, title="")).get_data(as_text=True)
    assert 'value="Zendesk"' in page and 'value="Customer service"' in page
    assert 'name="required_skills-4-skill"' in page  # two filled rows, three empty ones
    assert 'name="required_skills-5-skill"' not in page


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"title": ""}, "title", "Give the opening a title."),
        ({"headcount": "0"}, "headcount", "Headcount must be at least 1"),
        ({"department_id": "0"}, "department_id", "Choose a department."),
        (
            {"closing_date": (date.today() - timedelta(days=1)).isoformat()},
            "closing_date",
            "The closing date cannot be in the past.",
        ),
        ({"required_skills-1-skill": "zendesk"}, "skills", "zendesk is listed twice (as Zendesk)."),
        ({"nice_to_have": "Zendesk"}, "skills", "Zendesk is listed twice (as Zendesk)."),
        (
            {"required_skills-0-skill": "", "required_skills-1-skill": ""},
            "skills",
            "List at least one required skill, so candidates can be ranked.",
        ),
    ],
)
def test_posting_an_invalid_opening_shows_the_problem_next_to_the_field(
    app, client, manager, department_id, changes, field_id, message
):
    response = client.post("/manager/openings/new", data=_form(department_id, **changes))
    assert response.status_code == 200
    assert message in error_next_to(response, field_id)
    assert "Please correct the problem marked below." in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(Opening.id)) is None


# --- candidates for an opening -------------------------------------------------------------------


def test_candidates_are_ranked_with_matched_and_missing_skills(app, client, manager):
    with app.app_context():
        opening = factories.opening(
            "Customer Support Specialist",
            manager=manager,
            required={"Zendesk": 3, "Customer service": 3},
            nice_to_have=["Written communication"],
            description="Answer customer questions by email and chat, resolve tickets in Zendesk.",
        )
        legal = factories.pool_case(
            factories.employee(
                "Lena Legal",
                title="Paralegal",
                skills={"Legal research": 5, "Contract drafting": 4},
                summary="Drafted contracts and researched case law.",
            )
        )
        support = factories.pool_case(
            factories.employee(
                "Sam Support",
                title="Marketing Specialist",
                skills={"Zendesk": 4, "Customer service": 4},
                summary="Two years answering customer questions and resolving complaints.",
            )
        )
        _fresh(opening, legal, support)
    response = client.get(f"/manager/openings/{opening.id}")
    assert response.status_code == 200
    text = page_text(response)
    assert text.index("Sam Support") < text.index("Lena Legal")

    support_card, legal_card = _card(response, support.id), _card(response, legal.id)
    assert "✓ Zendesk" in support_card and "✓ Customer service" in support_card
    assert "✗ Zendesk" in legal_card and "✗ Customer service" in legal_card
    assert "Former role: Marketing Specialist" in support_card
    assert "Two years answering customer questions" in support_card
    assert "Legal research" in legal_card
    assert 'role="progressbar"' in support_card


def test_candidates_page_never_shows_hr_only_information(app, client, manager):
    deadline = date.today() + timedelta(days=77)
    with app.app_context():
        opening = factories.opening(manager=manager, required={"Zendesk": 3})
        person = factories.employee("Pat Private", skills={"Zendesk": 4})
        case = factories.pool_case(person, deadline=deadline)
        case.hr_notes = "HRNOTE-7731 is negotiating"
        case.reason = "REASON-5521 budget cut"
        # An exit package recorded, then reversed when the case was reopened: history HR keeps.
        case.outcomes.append(
            Outcome(
                kind=OutcomeKind.EXIT_PACKAGE,
                effective_on=date.today(),
                weeks_of_pay=26.5,
                notes="EXITTERMS-9912",
                reversed_at=datetime.now(UTC),
                reversal_reason="REVERSAL-3318",
            )
        )
        db.session.commit()
        _application(case, opening, interest=Interest.DECLINED, decline_reason="DECLINE-4410 too far")
        _fresh(opening, case)
    response = client.get(f"/manager/openings/{opening.id}")
    text = page_text(response)
    assert "Pat Private" in text
    assert "Declined" in _card(response, case.id)
    secrets = ["HRNOTE-7731", "REASON-5521", "EXITTERMS-9912", "26.5", "REVERSAL-3318", "DECLINE-4410"]
    for secret in [*secrets, deadline.isoformat()]:
        assert secret not in text


def test_candidates_page_with_an_empty_pool_says_so(app, client, manager):
    with app.app_context():
        opening = factories.opening(manager=manager)
    assert "Nobody is in the talent pool right now." in page_text(client.get(f"/manager/openings/{opening.id}"))


def test_candidates_already_in_the_pipeline_are_listed_beyond_the_top(app, client, manager, monkeypatch):
    monkeypatch.setattr("talentpool.manager.views.CANDIDATES_SHOWN", 2)
    with app.app_context():
        opening = factories.opening(manager=manager, required={"Zendesk": 3})
        for n in range(3):
            factories.pool_case(factories.employee(f"Strong {n}", skills={"Zendesk": 5}))
        weak = factories.pool_case(factories.employee("Weak Shortlisted", skills={"Knitting": 2}))
        factories.pool_case(factories.employee("Weak Unknown", skills={"Knitting": 2}))
        _application(weak, opening, stage=ApplicationStage.SHORTLISTED)
        _fresh(opening, weak)
    text = page_text(client.get(f"/manager/openings/{opening.id}"))
    assert sum(f"Strong {n}" in text for n in range(3)) == 2
    assert "Weak Shortlisted" in text and "Weak Unknown" not in text


@pytest.mark.parametrize(
    ("stage", "buttons", "absent"),
    [
        (None, {'value="shortlisted"', 'value="turned_down"', "/offer"}, set()),
        (ApplicationStage.SHORTLISTED, {'value="turned_down"', "/offer"}, {'value="shortlisted"'}),
        (ApplicationStage.TURNED_DOWN, {'value="shortlisted"'}, {'value="turned_down"', "/offer"}),
        (ApplicationStage.OFFERED, {'value="turned_down"'}, {'value="shortlisted"', "/offer"}),
    ],
)
def test_candidate_cards_offer_only_the_allowed_steps(app, client, manager, stage, buttons, absent):
    with app.app_context():
        opening = factories.opening(manager=manager)
        case = factories.pool_case()
        if stage is not None:
            _application(case, opening, stage=stage)
        _fresh(opening, case)
    card = _card(client.get(f"/manager/openings/{opening.id}"), case.id)
    assert all(button in card for button in buttons)
    assert not any(button in card for button in absent)


# --- moving candidates ---------------------------------------------------------------------------


def test_shortlist_turn_down_shortlist_and_offer(app, client, manager):
    with app.app_context():
        opening = factories.opening(manager=manager, required={"Zendesk": 3})
        case = factories.pool_case(factories.employee("Alex Able", skills={"Zendesk": 4}))
        _fresh(opening, case)
    move_url = f"/manager/openings/{opening.id}/candidates/{case.id}"
    steps = [
        ("shortlisted", ApplicationStage.SHORTLISTED, "Alex Able is on the shortlist for"),
        ("turned_down", ApplicationStage.TURNED_DOWN, "Alex Able is turned down for"),
        ("shortlisted", ApplicationStage.SHORTLISTED, "Alex Able is on the shortlist for"),
        ("offered", ApplicationStage.OFFERED, "HR will now record the reassignment."),
    ]
    for value, expected_stage, message in steps:
        response = client.post(move_url, data={"stage": value})
        assert response.status_code == 302
        assert response.headers["Location"] == f"/manager/openings/{opening.id}#candidate-{case.id}"
        assert _stage(app, case.id, opening.id) == expected_stage
        assert message in page_text(client.get(f"/manager/openings/{opening.id}"))
    with app.app_context():
        score = db.session.scalar(select(Application.match_score).where(Application.case_id == case.id))
    assert score is not None and 0 < score <= 1


def test_a_step_the_stage_does_not_allow_is_refused_with_a_message(app, client, manager):
    with app.app_context():
        opening = factories.opening(manager=manager)
        case = factories.pool_case(factories.employee("Bo Busy"))
        _application(case, opening, stage=ApplicationStage.OFFERED)
        _fresh(opening, case)
    response = client.post(
        f"/manager/openings/{opening.id}/candidates/{case.id}",
        data={"stage": "shortlisted"},
        follow_redirects=True,
    )
    assert "Bo Busy is offered; they cannot be moved to shortlisted." in page_text(response)
    assert _stage(app, case.id, opening.id) == ApplicationStage.OFFERED


def test_no_offer_to_someone_who_declined_the_opening(app, client, manager):
    with app.app_context():
        opening = factories.opening(manager=manager)
        case = factories.pool_case(factories.employee("Dana Declined"))
        _application(case, opening, interest=Interest.DECLINED, decline_reason="Too far away")
        _fresh(opening, case)
    response = client.post(
        f"/manager/openings/{opening.id}/candidates/{case.id}",
        data={"stage": "offered"},
        follow_redirects=True,
    )
    assert "Dana Declined has declined this opening." in page_text(response)
    assert _stage(app, case.id, opening.id) == ApplicationStage.NEW


@pytest.mark.parametrize("value", ["hired", "new", "promoted", ""])
def test_an_unknown_stage_is_a_bad_request(app, client, manager, value):
    with app.app_context():
        opening = factories.opening(manager=manager)
        case = factories.pool_case()
        _fresh(opening, case)
    response = client.post(f"/manager/openings/{opening.id}/candidates/{case.id}", data={"stage": value})
    assert response.status_code == 400
    assert _stage(app, case.id, opening.id) is None


def test_an_offer_is_confirmed_first(app, client, manager):
    with app.app_context():
        opening = factories.opening("Support Lead", manager=manager)
        case = factories.pool_case(factories.employee("Cleo Candidate"))
        _fresh(opening, case)
    response = client.get(f"/manager/openings/{opening.id}/candidates/{case.id}/offer")
    assert response.status_code == 200
    assert "Offer Support Lead to Cleo Candidate? HR will then record the reassignment." in page_text(response)
    page = response.get_data(as_text=True)
    assert '<form method="post" novalidate>' in page  # posted back to this page, with the offer's terms
    assert re.search(r'<input[^>]*name="location"[^>]*value="Berlin"', page)
    assert _stage(app, case.id, opening.id) is None  # nothing happens before the POST


def test_moving_with_csrf_protection_on(app, client, manager):
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        opening = factories.opening(manager=manager)
        case = factories.pool_case()
        _fresh(opening, case)
    move_url = f"/manager/openings/{opening.id}/candidates/{case.id}"
    assert client.post(move_url, data={"stage": "shortlisted"}).status_code == 400
    assert _stage(app, case.id, opening.id) is None

    card = _card(client.get(f"/manager/openings/{opening.id}"), case.id)
    token = re.search(r'name="csrf_token" value="([^"]+)"', card).group(1)
    response = client.post(move_url, data={"stage": "shortlisted", "csrf_token": token})
    assert response.status_code == 302
    assert _stage(app, case.id, opening.id) == ApplicationStage.SHORTLISTED


# --- editing and closing -------------------------------------------------------------------------


def test_edit_form_is_filled_in_with_the_opening(app, client, manager):
    with app.app_context():
        opening = factories.opening(
            "Support Lead", manager=manager, required={"Zendesk": 4}, nice_to_have=["Tableau"]
        )
    page = client.get(f"/manager/openings/{opening.id}/edit").get_data(as_text=True)
    assert 'value="Support Lead"' in page
    assert 'name="required_skills-0-skill" type="text" value="Zendesk"' in page
    assert re.search(r'<option selected value="4">', page)
    assert re.search(r'<textarea[^>]*name="nice_to_have"[^>]*>\s*Tableau</textarea>', page)
    assert 'name="required_skills-3-skill"' in page and 'name="required_skills-4-skill"' not in page


def test_editing_an_opening_updates_it(app, client, manager, department_id):
    with app.app_context():
        opening = factories.opening("Support Lead", manager=manager, required={"Zendesk": 4})
    data = _form(
        department_id,
        title="Senior Support Lead",
        headcount="3",
        **{"required_skills-0-skill": "Salesforce", "required_skills-0-level": "2", "nice_to_have": ""},
    )
    response = client.post(f"/manager/openings/{opening.id}/edit", data=data)
    assert response.headers["Location"] == f"/manager/openings/{opening.id}"
    after = _opening_row(app, opening.id)
    assert (after.title, after.headcount, after.department_id) == ("Senior Support Lead", 3, department_id)
    assert {(s.name, s.required, s.min_level) for s in after.skills} == {
        ("Salesforce", True, 2),
        ("Customer service", True, 3),
    }
    assert "Senior Support Lead is updated." in page_text(client.get(response.headers["Location"]))


def test_closing_asks_first_then_closes(app, client, manager):
    with app.app_context():
        opening = factories.opening("Support Lead", manager=manager)
    confirmation = client.get(f"/manager/openings/{opening.id}/close")
    text = page_text(confirmation)
    assert "Close Support Lead?" in text
    assert "Candidates will no longer be put forward; filled places stay filled." in text
    assert 'for="reason"' in confirmation.get_data(as_text=True)
    assert _opening_row(app, opening.id).status == OpeningStatus.OPEN

    response = client.post(f"/manager/openings/{opening.id}/close", data={"reason": "Budget moved"})
    assert response.headers["Location"] == f"/manager/openings/{opening.id}"
    assert _opening_row(app, opening.id).status == OpeningStatus.CLOSED
    with app.app_context():
        note = db.session.scalar(select(AuditEvent.note).where(AuditEvent.action == "opening.closed"))
    assert note == "Budget moved"
    page = client.get(response.headers["Location"])
    assert "Support Lead is closed." in page_text(page)
    assert f"/manager/openings/{opening.id}/edit".encode() not in page.data


def test_a_closed_opening_cannot_be_edited(app, client, manager, department_id):
    with app.app_context():
        opening = factories.opening("Old role", manager=manager, status=OpeningStatus.CLOSED)
    response = client.post(
        f"/manager/openings/{opening.id}/edit",
        data=_form(department_id, title="New life"),
        follow_redirects=True,
    )
    assert "A closed opening cannot be edited." in page_text(response)
    assert _opening_row(app, opening.id).title == "Old role"


@pytest.mark.parametrize(
    ("path", "crumb"),
    [
        ("/manager/openings/{id}", None),
        ("/manager/openings/{id}/edit", "Edit"),
        ("/manager/openings/{id}/close", "Close"),
        ("/manager/openings/new", "Post an opening"),
    ],
)
def test_detail_pages_have_a_title_heading_and_breadcrumbs(app, client, manager, path, crumb):
    with app.app_context():
        opening = factories.opening("Support Lead", manager=manager)
    page = client.get(path.format(id=opening.id)).get_data(as_text=True)
    assert re.search(r"<title>[^<]*\S[^<]*· talentpool</title>", page)
    assert "<h1" in page
    assert '<nav aria-label="Breadcrumb">' in page and 'href="/manager/openings"' in page
    if crumb:
        assert f'aria-current="page">{crumb}</li>' in page
