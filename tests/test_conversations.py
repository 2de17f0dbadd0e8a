"""The employee page explains plainly how suggestions are made and who decides, names the HR owner,
and lets the person ask for a conversation, which lands in the HR owner's queue and is answered once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from talentpool.extensions import db
from talentpool.models import AuditEvent, CaseStatus, ContestKind, Role, SuggestionContest
from talentpool.services import contests
from talentpool.services.errors import InvalidTransition, PermissionDenied, ValidationError
from tests import factories
from tests.pages import error_next_to, page_text


def _member(full_name="Robin Member", *, owner=None, status=CaseStatus.OPEN):
    """A pool member who can sign in, and their case (call inside an app context)."""
    person = factories.employee(full_name)
    case = factories.pool_case(person, owner=owner, status=status)
    user = factories.user(Role.EMPLOYEE, employee=person, full_name=full_name)  # last: stays loaded
    return user, case


# --- The rules, at the service -------------------------------------------------------------------


class TestRequestingAConversation:
    def test_recorded_on_the_own_open_case_and_audited(self, app_ctx):
        user, case = _member()
        request = contests.request_conversation(
            db.session, user, case.id, message="  About my deadline ", preferred_times=" Tuesday mornings "
        )
        assert (request.case_id, request.kind) == (case.id, ContestKind.CONVERSATION)
        assert (request.message, request.preferred_times) == ("About my deadline", "Tuesday mornings")
        assert not request.is_answered
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "contest.opened"))
        assert event.case_id == case.id and event.actor_id == user.id
        assert event.note == "I'd like to talk to my HR contact: About my deadline · Preferred times: Tuesday mornings"

    def test_both_texts_are_optional(self, app_ctx):
        user, case = _member()
        request = contests.request_conversation(db.session, user, case.id)
        assert (request.message, request.preferred_times) == ("", "")

    def test_not_on_someone_elses_case(self, app_ctx):
        _, other_case = _member("Other Person")
        user, _ = _member()
        with pytest.raises(PermissionDenied):
            contests.request_conversation(db.session, user, other_case.id)
        assert db.session.scalar(select(SuggestionContest)) is None

    def test_not_on_a_closed_case(self, app_ctx):
        user, case = _member(status=CaseStatus.CLOSED)
        with pytest.raises(InvalidTransition):
            contests.request_conversation(db.session, user, case.id)

    def test_preferred_times_are_kept_short(self, app_ctx):
        user, case = _member()
        with pytest.raises(ValidationError) as refused:
            contests.request_conversation(db.session, user, case.id, preferred_times="x" * 201)
        assert refused.value.field == "preferred_times"

    def test_a_contest_cannot_pose_as_a_conversation_request(self, app_ctx):
        user, case = _member()
        with pytest.raises(ValidationError) as refused:
            contests.open_contest(db.session, user, case.id, kind=ContestKind.CONVERSATION, message="Hi")
        assert refused.value.field == "kind"

    def test_hr_answers_it_once_like_a_contest(self, app_ctx):
        user, case = _member()
        request = contests.request_conversation(db.session, user, case.id)
        hr = factories.user(Role.HR)
        contests.answer_contest(db.session, hr, request.id, answer="Thursday 10:00, room 4.12?")
        with pytest.raises(InvalidTransition):
            contests.answer_contest(db.session, hr, request.id, answer="Again")
        assert db.session.get(SuggestionContest, request.id).answer == "Thursday 10:00, room 4.12?"


# --- Through the pages ---------------------------------------------------------------------------


def _signed_in(app, auth, **kwargs):
    with app.app_context():
        owner = factories.user(Role.HR, full_name="Hana Owner", email="hana.owner@example.com")
        user, case = _member(owner=owner, **kwargs)
        ids = {"case_id": case.id, "owner": owner, "user": user}
    auth.login(user=user)
    return ids


def test_the_page_explains_how_suggestions_are_made_who_decides_and_whom_to_ask(app, client, auth):
    _signed_in(app, auth)
    response = client.get("/me/")
    text = page_text(response)
    assert "How this works" in text
    assert "compares your skills, your summary and your former role" in text
    assert "which moves between roles are common" in text and "It only suggests" in text
    assert "A person at HR decides every outcome of your case" in text
    assert "The manager of an opening decides whether to make you an offer" in text
    assert "Hana Owner at HR looks after your case" in text
    html = response.get_data(as_text=True)
    assert 'href="mailto:hana.owner@example.com"' in html
    assert 'href="/me/conversation">Ask for a conversation</a>' in html


def test_a_request_lands_in_the_owners_queue_and_the_answer_comes_back(app, client, auth):
    ids = _signed_in(app, auth)
    form = client.get("/me/conversation")
    assert form.status_code == 200
    assert 'name="message"' in form.get_data(as_text=True) and 'name="preferred_times"' in form.get_data(as_text=True)
    assert "Hana Owner" in page_text(form)
    response = client.post("/me/conversation", data={"message": "What happens at my deadline?",
                                                     "preferred_times": "Any afternoon"})
    assert response.status_code == 302 and response.headers["Location"] == "/me/"
    home = page_text(client.get("/me/"))
    assert "Sent to Hana Owner at HR" in home and "Your requests for a conversation" in home
    assert "What happens at my deadline?" in home and "When suits you: Any afternoon" in home
    assert "Waiting for an answer from Hana Owner" in home

    auth.logout()
    auth.login(user=ids["owner"])
    queue = client.get("/hr/contests")
    assert "Robin Member" in page_text(queue) and "Conversation request" in page_text(queue)
    with app.app_context():
        request_id = db.session.scalar(select(SuggestionContest.id))
    assert "Conversation request" in page_text(client.get("/hr/"))
    detail = page_text(client.get(f"/hr/contests/{request_id}"))
    assert "Conversation request from Robin Member" in detail and "Any afternoon" in detail
    response = client.post(f"/hr/contests/{request_id}", data={"answer": "Thursday at 14:00 in room 4.12."})
    assert response.status_code == 302
    assert "Conversation request" not in page_text(client.get("/hr/"))  # answered: off the dashboard

    auth.logout()
    auth.login(user=ids["user"])
    home = page_text(client.get("/me/"))
    assert "Answer from Hana Owner" in home and "Thursday at 14:00 in room 4.12." in home


def test_an_empty_request_is_fine(app, client, auth):
    _signed_in(app, auth)
    assert client.post("/me/conversation", data={}).status_code == 302
    with app.app_context():
        request = db.session.scalar(select(SuggestionContest))
        assert (request.kind, request.message) == (ContestKind.CONVERSATION, "")


def test_too_long_times_are_refused_next_to_the_field(app, client, auth):
    _signed_in(app, auth)
    response = client.post("/me/conversation", data={"preferred_times": "x" * 201})
    assert response.status_code == 200
    assert error_next_to(response, "preferred_times") == "Keep this under 200 characters."


def test_it_does_not_land_in_another_hr_users_own_queue(app, client, auth):
    _signed_in(app, auth)
    client.post("/me/conversation", data={"message": "Private matter"})
    auth.logout()
    auth.login(Role.HR)
    assert "Private matter" not in page_text(client.get("/hr/contests"))
    assert "Private matter" in page_text(client.get("/hr/contests?owner=all"))


def test_another_employee_cannot_see_or_answer_it(app, client, auth):
    _signed_in(app, auth)
    client.post("/me/conversation", data={"message": "Private matter", "preferred_times": "Mondays"})
    with app.app_context():
        request_id = db.session.scalar(select(SuggestionContest.id))
    auth.logout()
    with app.app_context():
        other, _ = _member("Someone Else")
    auth.login(user=other)
    home = page_text(client.get("/me/"))
    assert "Private matter" not in home and "Your requests for a conversation" not in home
    assert client.get(f"/hr/contests/{request_id}").status_code == 403
    assert client.post(f"/hr/contests/{request_id}", data={"answer": "Mine now"}).status_code == 403


def test_the_contest_form_does_not_offer_a_conversation(app, client, auth):
    _signed_in(app, auth)
    assert 'value="conversation"' not in client.get("/me/contest").get_data(as_text=True)
    response = client.post("/me/contest", data={"kind": "conversation", "message": "Let's talk"})
    assert response.status_code == 200
    assert error_next_to(response, "kind") == "Choose one of the options listed."
    with app.app_context():
        assert db.session.scalar(select(SuggestionContest)) is None


def test_someone_not_in_the_pool_is_told_to_write_directly(app, client, auth):
    auth.login(Role.EMPLOYEE)
    response = client.get("/me/conversation", follow_redirects=True)
    assert "write to HR directly" in page_text(response)
    assert client.post("/me/conversation", data={"message": "Hi"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(SuggestionContest)) is None


@pytest.mark.parametrize("role", [Role.HR, Role.MANAGER])
def test_only_employees_reach_the_form(client, auth, role):
    auth.login(role)
    assert client.get("/me/conversation").status_code == 403
