"""Declining an opening names one of the common reasons, with own words required only for "Other";
HR sees both on the case, the hiring manager sees only the chosen reason."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from talentpool.extensions import db
from talentpool.models import Application, AuditEvent, DeclineCategory, Interest, Role
from talentpool.services import applications
from talentpool.services.errors import ValidationError
from tests import factories
from tests.pages import error_next_to, page_text

TODAY = date.today()


def _member():
    """A pool member who signs in, and an opening they can answer (call inside an app context)."""
    opening = factories.opening("Night Shift Support")
    person = factories.employee("Dana Decliner")
    case = factories.pool_case(person)
    user = factories.user(Role.EMPLOYEE, employee=person, full_name=person.full_name)  # last: stays loaded
    return user, case, opening


def _application(app, case_id, opening_id) -> Application | None:
    with app.app_context():
        return db.session.scalar(
            select(Application).where(Application.case_id == case_id, Application.opening_id == opening_id)
        )


# --- The rule, at the service ------------------------------------------------------------------


class TestDeclineService:
    def test_a_common_reason_alone_is_enough(self, app_ctx):
        user, case, opening = _member()
        application = applications.answer_opening(
            db.session, user, opening.id, interest=Interest.DECLINED, category=DeclineCategory.LOCATION, today=TODAY
        )
        assert application.decline_category == DeclineCategory.LOCATION
        assert application.decline_reason == ""

    def test_a_no_without_a_reason_is_refused(self, app_ctx):
        user, case, opening = _member()
        with pytest.raises(ValidationError) as refused:
            applications.answer_opening(db.session, user, opening.id, interest=Interest.DECLINED, today=TODAY)
        assert refused.value.field == "category"
        assert db.session.scalar(select(Application)) is None

    def test_other_needs_the_persons_own_words(self, app_ctx):
        user, case, opening = _member()
        with pytest.raises(ValidationError) as refused:
            applications.answer_opening(
                db.session, user, opening.id, interest=Interest.DECLINED, category=DeclineCategory.OTHER,
                reason="   ", today=TODAY,
            )
        assert refused.value.field == "reason"
        application = applications.answer_opening(
            db.session, user, opening.id, interest=Interest.DECLINED, category=DeclineCategory.OTHER,
            reason=" Caring for a parent ", today=TODAY,
        )
        assert (application.decline_category, application.decline_reason) == (DeclineCategory.OTHER, "Caring for a parent")

    def test_the_reason_is_in_the_audit_event(self, app_ctx):
        user, case, opening = _member()
        applications.answer_opening(
            db.session, user, opening.id, interest=Interest.DECLINED, category=DeclineCategory.HOURS,
            reason="Nights only", today=TODAY,
        )
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "application.declined"))
        assert event.case_id == case.id
        assert event.note == "Working hours: Nights only"
        assert event.after["decline_category"] == "hours"

    def test_saying_yes_later_clears_the_reason(self, app_ctx):
        user, case, opening = _member()
        applications.answer_opening(
            db.session, user, opening.id, interest=Interest.DECLINED, category=DeclineCategory.GRADE_OR_PAY,
            reason="Two grades lower", today=TODAY,
        )
        application = applications.answer_opening(
            db.session, user, opening.id, interest=Interest.INTERESTED, today=TODAY
        )
        assert application.decline_category is None and application.decline_reason == ""


# --- The employee's form -------------------------------------------------------------------------


class TestDeclineForm:
    @pytest.fixture
    def member(self, app, auth):
        with app.app_context():
            user, case, opening = _member()
            ids = {"case_id": case.id, "opening_id": opening.id}
        auth.login(user=user)
        return ids

    def test_the_form_offers_the_common_reasons(self, client, member):
        page = page_text(client.get(f"/me/openings/{member['opening_id']}/decline"))
        for category in DeclineCategory:
            assert category.label in page
        assert "Main reason" in page and "optional unless you choose Other" in page

    def test_no_reason_chosen_is_refused_next_to_the_list(self, app, client, member):
        response = client.post(f"/me/openings/{member['opening_id']}/decline", data={"reason": "No thanks"})
        assert response.status_code == 200
        assert error_next_to(response, "category") == "Choose why this opening is not for you."
        assert _application(app, member["case_id"], member["opening_id"]) is None

    def test_an_unknown_reason_is_refused(self, app, client, member):
        response = client.post(f"/me/openings/{member['opening_id']}/decline", data={"category": "bogus"})
        assert error_next_to(response, "category") == "Choose one of the reasons listed."
        assert _application(app, member["case_id"], member["opening_id"]) is None

    def test_other_without_words_is_refused_next_to_the_text(self, app, client, member):
        response = client.post(
            f"/me/openings/{member['opening_id']}/decline", data={"category": "other", "reason": "  "}
        )
        assert response.status_code == 200
        assert error_next_to(response, "reason") == "You chose “Other”: tell HR in a few words why."
        assert '<option selected value="other">' in response.get_data(as_text=True)  # the choice is kept
        assert _application(app, member["case_id"], member["opening_id"]) is None

    def test_other_with_words_is_stored(self, app, client, member):
        response = client.post(
            f"/me/openings/{member['opening_id']}/decline",
            data={"category": "other", "reason": "I am studying in the evenings."},
        )
        assert response.status_code == 302
        application = _application(app, member["case_id"], member["opening_id"])
        assert application.decline_category == DeclineCategory.OTHER
        assert application.decline_reason == "I am studying in the evenings."

    def test_the_opening_page_declines_with_a_reason_too(self, client, member):
        page = client.get(f"/me/openings/{member['opening_id']}").get_data(as_text=True)
        assert 'name="category"' in page and 'name="reason"' in page


# --- Who sees it ---------------------------------------------------------------------------------


def _declined(app, category, reason):
    """A pool member who declined an opening with this reason; returns the case and opening ids."""
    with app.app_context():
        user, case, opening = _member()
        applications.answer_opening(
            db.session, user, opening.id, interest=Interest.DECLINED, category=category, reason=reason, today=TODAY
        )
        return case.id, opening.id, opening.manager


def test_hr_sees_the_reason_and_the_words_on_the_case(app, client, auth):
    case_id, _, _ = _declined(app, DeclineCategory.OTHER_OPENING, "The analyst role suits me better")
    auth.login(Role.HR)
    page = page_text(client.get(f"/hr/pool/{case_id}"))
    applications_section = page[page.index("Applications"):page.index("Contested suggestions")]
    assert "Declined: I prefer another opening: “The analyst role suits me better”" in applications_section
    suggestions_section = page[page.index("Suggested openings"):page.index("Applications")]
    assert "declined — I prefer another opening: “The analyst role suits me better”" in suggestions_section


def test_the_manager_sees_the_chosen_reason_but_not_the_persons_words(app, client, auth):
    _, opening_id, manager = _declined(app, DeclineCategory.LOCATION, "PRIVATE-7781 family reasons")
    auth.login(user=manager)
    page = page_text(client.get(f"/manager/openings/{opening_id}"))
    assert "Declined Location or commute" in page
    assert "PRIVATE-7781" not in page


def test_answers_from_before_the_reasons_existed_still_show(app, client, auth):
    """Older declines have words but no category; the pages show what there is."""
    with app.app_context():
        user, case, opening = _member()
        db.session.add(
            Application(case_id=case.id, opening_id=opening.id, interest=Interest.DECLINED, decline_reason="Too far")
        )
        db.session.commit()
        case_id = case.id
    auth.login(Role.HR)
    assert "Declined: “Too far”" in page_text(client.get(f"/hr/pool/{case_id}"))
