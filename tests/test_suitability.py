"""Suitability beyond skills: grade, hours and location of people, openings and written offers, and the
differences shown beside every skills match."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from talentpool.extensions import db
from talentpool.models import (
    Application,
    ApplicationStage,
    AuditEvent,
    Employee,
    Interest,
    Opening,
    Role,
    WorkingHours,
)
from talentpool.services import applications, csv_import, openings
from talentpool.services.applications import OfferTerms
from talentpool.services.errors import ValidationError
from talentpool.services.suitability import DifferenceKind, offer_differences, term_differences
from tests import factories
from tests.pages import error_next_to, page_text

TODAY = date.today()
FULL, PART = WorkingHours.FULL_TIME, WorkingHours.PART_TIME


def _terms(pay_grade=8, hours=FULL, location="Berlin") -> SimpleNamespace:
    return SimpleNamespace(pay_grade=pay_grade, hours=hours, location=location)


# --- the differences ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "role", "expected"),
    [
        pytest.param(_terms(), _terms(), [], id="same terms"),
        pytest.param(
            _terms(pay_grade=8), _terms(pay_grade=6),
            [("lower_grade", "Grade 6, two grades below your grade 8", "Grade 6, two grades below their grade 8")],
            id="two grades lower",
        ),
        pytest.param(
            _terms(pay_grade=8), _terms(pay_grade=7),
            [("lower_grade", "Grade 7, one grade below your grade 8", "Grade 7, one grade below their grade 8")],
            id="one grade lower",
        ),
        pytest.param(
            _terms(pay_grade=3), _terms(pay_grade=15),
            [("higher_grade", "Grade 15, 12 grades above your grade 3", "Grade 15, 12 grades above their grade 3")],
            id="many grades higher",
        ),
        pytest.param(_terms(pay_grade=None), _terms(pay_grade=6), [], id="person's grade unknown"),
        pytest.param(_terms(pay_grade=8), _terms(pay_grade=None), [], id="role's grade unknown"),
        pytest.param(
            _terms(hours=FULL), _terms(hours=PART),
            [("fewer_hours", "Part time (you work full time)", "Part time (they work full time)")],
            id="part time for a full-timer",
        ),
        pytest.param(
            _terms(hours=PART), _terms(hours=FULL),
            [("more_hours", "Full time (you work part time)", "Full time (they work part time)")],
            id="full time for a part-timer",
        ),
        pytest.param(
            _terms(location="Berlin"), _terms(location="Lisbon"),
            [("relocation", "Relocation: Berlin → Lisbon", "Relocation: Berlin → Lisbon")],
            id="another city",
        ),
        pytest.param(_terms(location=" berlin "), _terms(location="BERLIN"), [], id="case and spaces ignored"),
        pytest.param(_terms(location="New  York"), _terms(location="new york"), [], id="inner spaces ignored"),
        pytest.param(_terms(location="Berlin"), _terms(location="Remote"), [], id="a remote role asks no move"),
        pytest.param(_terms(location=""), _terms(location="Lisbon"), [], id="person's location unknown"),
        pytest.param(
            _terms(pay_grade=8, hours=FULL, location="Berlin"), _terms(pay_grade=6, hours=PART, location="Lisbon"),
            [
                ("lower_grade", "Grade 6, two grades below your grade 8", "Grade 6, two grades below their grade 8"),
                ("fewer_hours", "Part time (you work full time)", "Part time (they work full time)"),
                ("relocation", "Relocation: Berlin → Lisbon", "Relocation: Berlin → Lisbon"),
            ],
            id="all three, grade first",
        ),
    ],
)
def test_term_differences(person, role, expected):
    differences = term_differences(person, role)
    assert [(d.kind, d.label, d.about_them) for d in differences] == expected


@pytest.mark.parametrize(
    ("kind", "is_warning"),
    [("lower_grade", True), ("fewer_hours", True), ("more_hours", True), ("relocation", True), ("higher_grade", False)],
)
def test_only_a_higher_grade_is_not_a_warning(kind, is_warning):
    person = _terms(pay_grade=8, hours=FULL if kind != "more_hours" else PART)
    role = {
        "lower_grade": _terms(pay_grade=6),
        "higher_grade": _terms(pay_grade=9),
        "fewer_hours": _terms(hours=PART),
        "more_hours": _terms(hours=FULL),
        "relocation": _terms(location="Lisbon"),
    }[kind]
    (difference,) = term_differences(person, role)
    assert difference.kind == DifferenceKind(kind) and difference.is_warning is is_warning


def test_a_location_with_braces_is_shown_as_written():
    (difference,) = term_differences(_terms(location="{Berlin}"), _terms(location="Lisbon {HQ}"))
    assert difference.label == "Relocation: {Berlin} → Lisbon {HQ}"


def test_offer_differences_read_the_offer_not_the_opening():
    person = _terms(pay_grade=8, hours=FULL, location="Berlin")
    no_offer = SimpleNamespace(offered_at=None, offer_pay_grade=None, offer_hours=None, offer_location=None)
    assert offer_differences(person, no_offer) == [] and offer_differences(person, None) == []
    offer = SimpleNamespace(offered_at=TODAY, offer_pay_grade=7, offer_hours=PART, offer_location="Berlin")
    assert [d.kind for d in offer_differences(person, offer)] == ["lower_grade", "fewer_hours"]


# --- terms on the forms and in the services -------------------------------------------------------


def _opening_form(department_id: int, **changes) -> dict:
    data = {
        "title": "Support Lead",
        "department_id": str(department_id),
        "location": "Lisbon",
        "pay_grade": "7",
        "hours": "part_time",
        "description": "Lead the support team.",
        "headcount": "1",
        "required_skills-0-skill": "Zendesk",
        "required_skills-0-level": "3",
    }
    return data | changes


def test_a_posted_opening_keeps_its_grade_and_hours_and_audits_them(app, client, manager, department_id):
    response = client.post("/manager/openings/new", data=_opening_form(department_id))
    assert response.status_code == 302
    with app.app_context():
        opening = db.session.scalar(select(Opening).where(Opening.title == "Support Lead"))
        assert (opening.pay_grade, opening.hours, opening.location) == (7, PART, "Lisbon")
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "opening.created"))
        assert (event.after["pay_grade"], event.after["hours"]) == (7, "part_time")


def test_an_opening_may_leave_its_grade_empty(app, client, manager, department_id):
    assert client.post("/manager/openings/new", data=_opening_form(department_id, pay_grade="")).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Opening.pay_grade)) is None


@pytest.mark.parametrize("grade", ["0", "31", "seven", "7.5"])
def test_the_opening_form_refuses_a_grade_off_the_scale(app, client, manager, department_id, grade):
    response = client.post("/manager/openings/new", data=_opening_form(department_id, pay_grade=grade))
    assert response.status_code == 200
    assert error_next_to(response, "pay_grade") == "The pay grade must be a whole number from 1 to 30, or left empty."
    with app.app_context():
        assert db.session.scalar(select(Opening.id)) is None


def test_editing_an_opening_changes_its_terms(app, client, manager, department_id):
    with app.app_context():
        opening_id = factories.opening(manager=manager, pay_grade=9).id
    page = client.get(f"/manager/openings/{opening_id}/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="pay_grade"[^>]*value="9"', page)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    data = _opening_form(department_id, pay_grade="8", hours="full_time", version=version)
    assert client.post(f"/manager/openings/{opening_id}/edit", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Opening, opening_id).pay_grade == 8
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "opening.updated"))
        assert (event.before["pay_grade"], event.after["pay_grade"]) == (9, 8)


def test_the_services_refuse_a_grade_off_the_scale(app_ctx):
    manager = factories.user(Role.MANAGER)
    with pytest.raises(ValidationError, match="from 1 to 30") as error:
        openings.create_opening(
            db.session, manager, title="Support", department_id=factories.department("CS").id, location="Berlin",
            description="Help", headcount=1, closing_date=None, skills=[openings.SkillRequirement("Zendesk")],
            today=TODAY, priority_window_days=0, pay_grade=31,
        )
    assert error.value.field == "pay_grade"


def _employee_form(department_id: int, **changes) -> dict:
    data = {
        "employee_number": "E-77", "full_name": "Tess Terms", "email": "", "title": "Analyst",
        "department_id": str(department_id), "location": "Berlin", "pay_grade": "8", "hours": "part_time",
    }
    return data | changes


def test_hr_records_a_persons_current_grade_and_hours(app, client, auth, department_id):
    auth.login(Role.HR)
    assert client.post("/hr/employees/new", data=_employee_form(department_id)).status_code == 302
    with app.app_context():
        person = db.session.scalar(select(Employee).where(Employee.employee_number == "E-77"))
        assert (person.pay_grade, person.hours) == (8, PART)
        person_id, version = person.id, person.version
    edit = _employee_form(department_id, pay_grade="9", hours="full_time", version=str(version))
    assert client.post(f"/hr/employees/{person_id}/edit", data=edit).status_code == 302
    with app.app_context():
        assert (db.session.get(Employee, person_id).pay_grade, db.session.get(Employee, person_id).hours) == (9, FULL)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "employee.updated"))
        assert (event.before["pay_grade"], event.before["hours"]) == (8, "part_time")
        assert (event.after["pay_grade"], event.after["hours"]) == (9, "full_time")


def test_the_employee_form_refuses_a_grade_off_the_scale(app, client, auth, department_id):
    auth.login(Role.HR)
    response = client.post("/hr/employees/new", data=_employee_form(department_id, pay_grade="40"))
    assert error_next_to(response, "pay_grade") == "The pay grade must be a whole number from 1 to 30, or left empty."
    with app.app_context():
        assert db.session.scalar(select(Employee.id)) is None


# --- the written offer ----------------------------------------------------------------------------


def _offer_setup(app, manager, **opening_terms):
    with app.app_context():
        opening = factories.opening("Support Lead", manager=manager, pay_grade=6, hours=PART, location="Lisbon",
                                    **opening_terms)
        case = factories.pool_case(factories.employee("Olga Offer", pay_grade=8, location="Berlin"))
        return opening.id, case.id


def test_the_offer_page_prefills_the_openings_terms_and_shows_the_differences(app, client, manager):
    opening_id, case_id = _offer_setup(app, manager)
    response = client.get(f"/manager/openings/{opening_id}/candidates/{case_id}/offer")
    page = response.get_data(as_text=True)
    assert re.search(r'<input[^>]*name="pay_grade"[^>]*value="6"', page)
    assert re.search(r'<option selected value="part_time">', page)
    assert re.search(r'<input[^>]*name="location"[^>]*value="Lisbon"', page)
    text = page_text(response)
    assert "Olga Offer now Grade 8 · Full time · Berlin" in text
    for difference in ("Grade 6, two grades below their grade 8", "Part time (they work full time)",
                       "Relocation: Berlin → Lisbon"):
        assert difference in text


def test_an_offer_records_the_terms_the_manager_sets_and_audits_them(app, client, manager):
    opening_id, case_id = _offer_setup(app, manager)
    data = {"pay_grade": "7", "hours": "full_time", "location": "Lisbon", "note": "Relocation allowance agreed."}
    response = client.post(f"/manager/openings/{opening_id}/candidates/{case_id}/offer", data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/manager/openings/{opening_id}#candidate-{case_id}"
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.case_id == case_id))
        assert application.stage == ApplicationStage.OFFERED and application.offered_at is not None
        assert (application.offer_pay_grade, application.offer_hours, application.offer_location,
                application.offer_note) == (7, FULL, "Lisbon", "Relocation allowance agreed.")
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "application.offered"))
        assert event.before["offer_pay_grade"] is None and event.case_id == case_id
        assert {k: event.after[k] for k in ("stage", "offer_pay_grade", "offer_hours", "offer_location", "offer_note")} == {
            "stage": "offered", "offer_pay_grade": 7, "offer_hours": "full_time", "offer_location": "Lisbon",
            "offer_note": "Relocation allowance agreed.",
        }
        assert event.after["offered_at"] is not None and event.note == "Relocation allowance agreed."


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"pay_grade": "31"}, "pay_grade", "The pay grade must be a whole number from 1 to 30, or left empty."),
        ({"location": ""}, "location", "Say where the work is."),
        ({"note": "x" * 2001}, "note", "Keep the note under 2000 characters."),
    ],
)
def test_an_offer_with_bad_terms_is_refused_next_to_the_field(app, client, manager, changes, field, message):
    opening_id, case_id = _offer_setup(app, manager)
    data = {"pay_grade": "6", "hours": "part_time", "location": "Lisbon", "note": ""} | changes
    response = client.post(f"/manager/openings/{opening_id}/candidates/{case_id}/offer", data=data)
    assert response.status_code == 200 and error_next_to(response, field) == message
    with app.app_context():
        assert db.session.scalar(select(Application.stage).where(Application.case_id == case_id)) is None


def test_an_offer_refused_as_a_whole_goes_back_to_the_candidate_with_the_reason(app, client, manager):
    opening_id, case_id = _offer_setup(app, manager)
    with app.app_context():
        db.session.add(Application(case_id=case_id, opening_id=opening_id, interest=Interest.DECLINED))
        db.session.commit()
    data = {"pay_grade": "6", "hours": "part_time", "location": "Lisbon"}
    response = client.post(f"/manager/openings/{opening_id}/candidates/{case_id}/offer", data=data,
                           follow_redirects=True)
    assert "Olga Offer has declined this opening." in page_text(response)
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.case_id == case_id))
        assert application.stage == ApplicationStage.NEW and application.offered_at is None


def test_the_service_validates_the_offer_terms(app_ctx):
    manager = factories.user(Role.MANAGER)
    opening, case = factories.opening(manager=manager), factories.pool_case()
    with pytest.raises(ValidationError, match="Say where the work is") as error:
        applications.move_candidate(db.session, manager, opening.id, case.id, stage=ApplicationStage.OFFERED,
                                    today=TODAY, offer=OfferTerms(6, PART, "  "))
    assert error.value.field == "location"
    assert db.session.scalar(select(Application.id)) is None


def test_an_offer_without_terms_given_offers_the_openings_own(app_ctx):
    manager = factories.user(Role.MANAGER)
    opening = factories.opening(manager=manager, pay_grade=9, hours=PART, location="Dublin")
    case = factories.pool_case()
    application = applications.move_candidate(
        db.session, manager, opening.id, case.id, stage=ApplicationStage.OFFERED, today=TODAY
    )
    assert (application.offer_pay_grade, application.offer_hours, application.offer_location) == (9, PART, "Dublin")


def test_turning_down_after_an_offer_withdraws_its_terms_and_audits_them(app_ctx):
    manager = factories.user(Role.MANAGER)
    opening, case = factories.opening(manager=manager, pay_grade=6), factories.pool_case()
    applications.move_candidate(db.session, manager, opening.id, case.id, stage=ApplicationStage.OFFERED, today=TODAY)
    application = applications.move_candidate(
        db.session, manager, opening.id, case.id, stage=ApplicationStage.TURNED_DOWN, today=TODAY
    )
    assert application.offered_at is None and application.offer_pay_grade is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "application.turned_down"))
    assert (event.before["offer_pay_grade"], event.after["offer_pay_grade"]) == (6, None)


def test_a_shortlist_leaves_the_offer_columns_out_of_the_audit(app_ctx):
    manager = factories.user(Role.MANAGER)
    opening, case = factories.opening(manager=manager), factories.pool_case()
    applications.move_candidate(db.session, manager, opening.id, case.id, stage=ApplicationStage.SHORTLISTED,
                                today=TODAY)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "application.shortlisted"))
    assert "offer_pay_grade" not in event.after


# --- differences shown beside the skills match ----------------------------------------------------


def _pool_member(app, auth, **terms):
    """A signed-in employee in the pool, with a support profile and the given current terms."""
    with app.app_context():
        person = factories.employee("Pia Pool", skills={"Customer service": 4, "Zendesk": 3}, **terms)
        factories.user(Role.EMPLOYEE, employee=person)
        case = factories.pool_case(person)
        db.session.refresh(person)
        user = person.user
    auth.login(user=user)
    return case.id


def test_me_shows_the_differences_beside_each_suggestion(app, client, auth):
    _pool_member(app, auth, pay_grade=8, location="Berlin")
    with app.app_context():
        factories.opening("Support Agent", pay_grade=6, hours=PART, location="Lisbon",
                          required={"Customer service": 3, "Zendesk": 2})
    text = page_text(client.get("/me/"))
    assert "Support Agent" in text
    assert ("Terms that differ from the current ones: ⚠ Grade 6, two grades below your grade 8 "
            "⚠ Part time (you work full time) ⚠ Relocation: Berlin → Lisbon") in text


def test_the_employee_opening_page_shows_its_terms_differences_and_the_written_offer(app, client, auth):
    case_id = _pool_member(app, auth, pay_grade=8, location="Berlin")
    with app.app_context():
        opening = factories.opening("Support Agent", pay_grade=9, location="Berlin")
        manager = opening.manager
        opening_id = opening.id
        applications.move_candidate(db.session, manager, opening.id, case_id, stage=ApplicationStage.OFFERED,
                                    today=TODAY, offer=OfferTerms(7, PART, "Lisbon", "Start on the 1st."))
    text = page_text(client.get(f"/me/openings/{opening_id}"))
    assert "Pay grade 9 Working hours Full time" in text
    assert "Grade 9, one grade above your grade 8" in text
    assert "You have a written offer" in text and "Grade 7 · Part time · Lisbon" in text
    assert "Grade 7, one grade below your grade 8" in text and "Relocation: Berlin → Lisbon" in text
    assert "Start on the 1st." in text


def test_the_case_page_shows_current_terms_suggestion_differences_and_offered_terms(app, client, auth):
    with app.app_context():
        person = factories.employee("Hugo Here", skills={"Customer service": 4}, pay_grade=8, hours=PART,
                                    location="Berlin")
        case = factories.pool_case(person)
        opening = factories.opening("Support Agent", pay_grade=6, location="Berlin",
                                    required={"Customer service": 3})
        applications.move_candidate(db.session, opening.manager, opening.id, case.id,
                                    stage=ApplicationStage.OFFERED, today=TODAY,
                                    offer=OfferTerms(7, PART, "Dublin", "Relocation paid."))
        other = factories.opening("Support Lead", pay_grade=10, location="Berlin", required={"Customer service": 3})
        case_id = case.id
        assert other.id
    auth.login(Role.HR)
    text = page_text(client.get(f"/hr/pool/{case_id}"))
    assert "Current terms Pay grade 8 Working hours Part time Location Berlin" in text
    # The suggestions, third person: HR reads about the person.
    assert "Grade 10, two grades above their grade 8" in text and "Full time (they work part time)" in text
    # The pipeline row: the offer's terms and how they differ.
    assert re.search(r"Offered Offer of \d{4}-\d\d-\d\d: Grade 7 · Part time · Dublin", text)
    assert "Grade 7, one grade below their grade 8 ⚠ Relocation: Berlin → Dublin" in text
    assert "“Relocation paid.”" in text


def test_the_candidates_page_shows_each_persons_differences(app, client, manager):
    with app.app_context():
        opening = factories.opening("Support Agent", manager=manager, pay_grade=6, location="Lisbon",
                                    required={"Customer service": 3})
        case = factories.pool_case(factories.employee("Cora Cand", skills={"Customer service": 4}, pay_grade=8))
        same = factories.pool_case(factories.employee("Sam Same", skills={"Customer service": 3}, pay_grade=6,
                                                      location="Lisbon"))
        opening_id, case_id, same_id = opening.id, case.id, same.id
    response = client.get(f"/manager/openings/{opening_id}")
    text = page_text(response)
    assert "Pay grade 6 Working hours Full time" in text
    card = re.search(rf'<li id="candidate-{case_id}".*?</li>\s*(?=<li id="candidate-|</ol>)',
                     response.get_data(as_text=True), re.S).group(0)
    assert "Against their current terms" in card
    assert "Grade 6, two grades below their grade 8" in card and "Relocation: Berlin → Lisbon" in card
    same_card = re.search(rf'<li id="candidate-{same_id}".*?</li>\s*(?=<li id="candidate-|</ol>)',
                          response.get_data(as_text=True), re.S).group(0)
    assert "Against their current terms" not in same_card


# --- CSV ------------------------------------------------------------------------------------------


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    return ("\n".join(",".join(row) for row in [header, *rows]) + "\n").encode()


def test_employees_import_their_grade_and_hours_and_report_bad_ones(app_ctx):
    factories.department("Analytics")
    header = ["employee_number", "full_name", "title", "department", "pay_grade", "hours"]
    bad = _csv(header, [["E1", "Ana", "Analyst", "Analytics", "31", "full_time"],
                        ["E2", "Bo", "Analyst", "Analytics", "8", "weekends"]])
    with pytest.raises(csv_import.ImportRejected) as rejected:
        csv_import.import_csv(db.session, None, "employees", bad, today=TODAY, pool_period_days=90)
    assert [str(e) for e in rejected.value.errors] == [
        'Line 2: pay_grade "31" must be a whole number from 1 to 30.',
        'Line 3: hours "weekends" must be full_time or part_time.',
    ]
    good = _csv(header, [["E1", "Ana", "Analyst", "Analytics", "8", "Part time"],
                         ["E2", "Bo", "Analyst", "Analytics", "", ""]])
    assert csv_import.import_csv(db.session, None, "employees", good, today=TODAY, pool_period_days=90).created == 2
    terms = dict(db.session.execute(select(Employee.employee_number, Employee.pay_grade)).all())
    assert terms == {"E1": 8, "E2": None}
    assert db.session.scalar(select(Employee.hours).where(Employee.employee_number == "E1")) == PART
    # Empty hours leave them as they are; an empty grade clears it.
    again = _csv(header, [["E1", "Ana", "Analyst", "Analytics", "", ""]])
    assert csv_import.import_csv(db.session, None, "employees", again, today=TODAY, pool_period_days=90).updated == 1
    ana = db.session.scalar(select(Employee).where(Employee.employee_number == "E1"))
    assert (ana.pay_grade, ana.hours) == (None, PART)


def test_openings_import_their_grade_and_hours(app_ctx):
    factories.department("Customer Success")
    manager = factories.user(Role.MANAGER, email="boss@example.com")
    assert manager.id
    header = ["reference", "title", "department", "location", "description", "manager_email", "required_skills",
              "pay_grade", "hours"]
    data = _csv(header, [["OPN-9", "Agent", "Customer Success", "Berlin", "Help", "boss@example.com", "Zendesk",
                          "6", "part_time"]])
    csv_import.import_csv(db.session, None, "openings", data, today=TODAY, pool_period_days=90)
    opening = db.session.scalar(select(Opening))
    assert (opening.pay_grade, opening.hours, opening.pool_only_until) == (6, PART, None)
