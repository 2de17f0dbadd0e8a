"""Contesting suggestions: an employee in the pool tells HR a role is missing or their skills are read
wrongly; it lands in the case owner's queue; an HR user answers once; the person reads the answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from talentpool.extensions import db
from talentpool.models import AuditEvent, CaseStatus, ContestKind, Role, SuggestionContest
from talentpool.services import contests
from talentpool.services.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from tests import factories
from tests.pages import error_next_to, page_text


def _member(full_name="Robin Member", *, owner=None, status=CaseStatus.OPEN):
    """A pool member who can sign in, and their case (call inside an app context)."""
    person = factories.employee(full_name)
    case = factories.pool_case(person, owner=owner, status=status)
    user = factories.user(Role.EMPLOYEE, employee=person, full_name=full_name)  # last: stays loaded
    return user, case


def _events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


# --- The rules, at the service -------------------------------------------------------------------


class TestOpeningAContest:
    def test_an_employee_contests_the_suggestions_of_their_own_open_case(self, app_ctx):
        user, case = _member()
        contest = contests.open_contest(
            db.session, user, case.id, kind=ContestKind.MISSING_ROLE, message="  The payroll role fits me.  "
        )
        assert (contest.case_id, contest.kind, contest.message) == (case.id, ContestKind.MISSING_ROLE, "The payroll role fits me.")
        assert not contest.is_answered
        [event] = _events("contest.opened")
        assert event.case_id == case.id and event.actor_id == user.id
        assert event.note == "A role fits me that is not suggested: The payroll role fits me."

    def test_not_on_someone_elses_case(self, app_ctx):
        _, other_case = _member("Other Person")
        user, _ = _member()
        with pytest.raises(PermissionDenied):
            contests.open_contest(db.session, user, other_case.id, kind=ContestKind.WRONG_SKILLS, message="Hm")
        assert db.session.scalar(select(SuggestionContest)) is None

    def test_not_by_someone_without_an_employee_record(self, app_ctx):
        _, case = _member()
        hr = factories.user(Role.HR)
        with pytest.raises(PermissionDenied):
            contests.open_contest(db.session, hr, case.id, kind=ContestKind.OTHER, message="On their behalf")

    def test_not_on_a_closed_case(self, app_ctx):
        user, case = _member(status=CaseStatus.CLOSED)
        with pytest.raises(InvalidTransition):
            contests.open_contest(db.session, user, case.id, kind=ContestKind.OTHER, message="Too late")

    def test_a_message_is_required(self, app_ctx):
        user, case = _member()
        with pytest.raises(ValidationError) as refused:
            contests.open_contest(db.session, user, case.id, kind=ContestKind.OTHER, message="   ")
        assert refused.value.field == "message"

    def test_an_unknown_case_is_not_found(self, app_ctx):
        user, _ = _member()
        with pytest.raises(NotFound):
            contests.open_contest(db.session, user, 999999, kind=ContestKind.OTHER, message="Hello")


class TestAnsweringAContest:
    @pytest.fixture
    def contest_id(self, app_ctx):
        user, case = _member()
        return contests.open_contest(db.session, user, case.id, kind=ContestKind.WRONG_SKILLS, message="SQL is missing").id

    def test_hr_answers_and_the_answer_is_recorded_and_audited(self, app_ctx, contest_id):
        hr = factories.user(Role.HR, full_name="Hana HR")
        contest = contests.answer_contest(db.session, hr, contest_id, answer=" I added SQL to your profile. ")
        assert contest.is_answered and contest.answered_at is not None
        assert (contest.answer, contest.answered_by_id) == ("I added SQL to your profile.", hr.id)
        [event] = _events("contest.answered")
        assert event.case_id == contest.case_id and event.note == "I added SQL to your profile."
        assert event.after["answer"] == "I added SQL to your profile." and event.after["answered_by_id"] == hr.id

    def test_an_answer_is_required(self, app_ctx, contest_id):
        hr = factories.user(Role.HR)
        with pytest.raises(ValidationError) as refused:
            contests.answer_contest(db.session, hr, contest_id, answer="  ")
        assert refused.value.field == "answer"
        assert not db.session.get(SuggestionContest, contest_id).is_answered

    def test_a_contest_is_answered_once(self, app_ctx, contest_id):
        first, second = factories.user(Role.HR), factories.user(Role.HR)
        contests.answer_contest(db.session, first, contest_id, answer="First answer")
        with pytest.raises(InvalidTransition):
            contests.answer_contest(db.session, second, contest_id, answer="Second answer")
        contest = db.session.get(SuggestionContest, contest_id)
        assert (contest.answer, contest.answered_by_id) == ("First answer", first.id)
        assert len(_events("contest.answered")) == 1

    @pytest.mark.parametrize("role", [Role.MANAGER, Role.EMPLOYEE])
    def test_only_hr_answers(self, app_ctx, contest_id, role):
        with pytest.raises(PermissionDenied):
            contests.answer_contest(db.session, factories.user(role), contest_id, answer="Not mine to answer")

    def test_an_unknown_contest_is_not_found(self, app_ctx):
        with pytest.raises(NotFound):
            contests.answer_contest(db.session, factories.user(Role.HR), 999999, answer="Hello")


def test_the_queue_lists_open_contests_first_oldest_first_and_filters_by_owner(app_ctx):
    mine, theirs = factories.user(Role.HR), factories.user(Role.HR)
    made = {}
    for name, owner in [("Ada Answered", mine), ("Olga Older", mine), ("Nina Newer", mine), ("Theo Theirs", theirs)]:
        user, case = _member(name, owner=owner)
        made[name] = contests.open_contest(db.session, user, case.id, kind=ContestKind.OTHER, message=name)
    made["Olga Older"].created_at -= timedelta(hours=1)
    db.session.commit()
    contests.answer_contest(db.session, mine, made["Ada Answered"].id, answer="Done")

    def names(owner_id):
        return [c.message for c in db.session.scalars(contests.contest_queue(owner_id))]

    assert names(mine.id) == ["Olga Older", "Nina Newer", "Ada Answered"]
    assert names(None) == ["Olga Older", "Nina Newer", "Theo Theirs", "Ada Answered"]


# --- Through the pages ---------------------------------------------------------------------------


def _member_signed_in(app, auth, **kwargs):
    with app.app_context():
        owner = factories.user(Role.HR, full_name="Hana Owner")
        user, case = _member(owner=owner, **kwargs)
        ids = {"case_id": case.id, "owner": owner, "user": user}
    auth.login(user=user)
    return ids


def test_employee_home_links_to_the_contest_form(app, client, auth):
    _member_signed_in(app, auth)
    page = client.get("/me/").get_data(as_text=True)
    assert "Something wrong with these suggestions?" in page
    assert 'href="/me/contest"' in page


def test_employee_contests_hr_answers_and_the_employee_reads_the_answer(app, client, auth):
    ids = _member_signed_in(app, auth)
    form = client.get("/me/contest")
    assert form.status_code == 200 and 'name="kind"' in form.get_data(as_text=True)
    assert "Hana Owner" in page_text(form)

    response = client.post("/me/contest", data={"kind": "missing_role", "message": "The Payroll Clerk opening fits me."})
    assert response.status_code == 302 and response.headers["Location"] == "/me/"
    home = page_text(client.get("/me/"))
    assert "Sent to Hana Owner at HR" in home
    assert "A role fits me that is not suggested" in home and "The Payroll Clerk opening fits me." in home
    assert "Waiting for an answer from Hana Owner" in home

    auth.logout()
    auth.login(user=ids["owner"])
    queue = client.get("/hr/contests")
    assert "Robin Member" in page_text(queue) and "Waiting for HR" in page_text(queue)
    with app.app_context():
        contest_id = db.session.scalar(select(SuggestionContest.id))
    assert f'href="/hr/contests/{contest_id}"' in queue.get_data(as_text=True)
    case_page = page_text(client.get(f"/hr/pool/{ids['case_id']}"))
    assert "Contested suggestions" in case_page and "The Payroll Clerk opening fits me." in case_page

    response = client.post(f"/hr/contests/{contest_id}", data={"answer": "I asked the payroll manager to look at you."})
    assert response.status_code == 302 and response.headers["Location"] == "/hr/contests"
    answered = page_text(client.get(f"/hr/contests/{contest_id}"))
    assert "I asked the payroll manager to look at you." in answered and 'name="answer"' not in answered
    history = page_text(client.get(f"/hr/pool/{ids['case_id']}"))
    assert "Contest opened" in history and "Contest answered" in history

    auth.logout()
    auth.login(user=ids["user"])
    home = page_text(client.get("/me/"))
    assert "Answer from Hana Owner" in home and "I asked the payroll manager to look at you." in home
    assert "Waiting for an answer" not in home


def test_the_contest_form_needs_a_kind_and_a_message(app, client, auth):
    _member_signed_in(app, auth)
    response = client.post("/me/contest", data={"kind": "", "message": " "})
    assert response.status_code == 200
    assert error_next_to(response, "kind") == "Choose what is wrong with your suggestions."
    assert error_next_to(response, "message").startswith("Tell HR what is wrong")
    with app.app_context():
        assert db.session.scalar(select(SuggestionContest)) is None


def test_someone_not_in_the_pool_is_told_so(app, client, auth):
    auth.login(Role.EMPLOYEE)
    response = client.get("/me/contest", follow_redirects=True)
    assert "no suggestions to contest" in page_text(response)
    assert client.post("/me/contest", data={"kind": "other", "message": "Hi"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(SuggestionContest)) is None


def _contest(app, owner=None, name="Robin Member"):
    with app.app_context():
        user, case = _member(name, owner=owner)
        return contests.open_contest(db.session, user, case.id, kind=ContestKind.WRONG_SKILLS, message=f"{name} writes").id


def test_the_queue_shows_the_signed_in_owners_contests_unless_asked_for_all(app, client, auth):
    hr = auth.login(Role.HR)
    _contest(app, owner=hr, name="Mina Mine")
    _contest(app, name="Otto Others")
    mine = page_text(client.get("/hr/contests"))
    assert "Mina Mine" in mine and "Otto Others" not in mine
    everyone = page_text(client.get("/hr/contests?owner=all"))
    assert "Mina Mine" in everyone and "Otto Others" in everyone
    assert client.get("/hr/contests?owner=bogus").status_code == 200


def test_the_queue_is_in_the_hr_navigation_and_says_when_it_is_empty(client, auth):
    auth.login(Role.HR)
    page = client.get("/hr/contests")
    assert 'href="/hr/contests"' in page.get_data(as_text=True)
    assert "Nobody on your cases has contested their suggestions." in page_text(page)


def test_an_empty_answer_is_refused_next_to_the_field(app, client, auth):
    contest_id = _contest(app)
    auth.login(Role.HR)
    response = client.post(f"/hr/contests/{contest_id}", data={"answer": "  "})
    assert response.status_code == 200
    assert error_next_to(response, "answer") == "Write an answer for the person."
    with app.app_context():
        assert not db.session.get(SuggestionContest, contest_id).is_answered


def test_an_answered_contest_is_not_answered_again(app, client, auth):
    contest_id = _contest(app)
    hr = auth.login(Role.HR)
    client.post(f"/hr/contests/{contest_id}", data={"answer": "First"})
    response = client.post(f"/hr/contests/{contest_id}", data={"answer": "Second"})
    assert "already been answered" in page_text(response)
    with app.app_context():
        contest = db.session.get(SuggestionContest, contest_id)
        assert (contest.answer, contest.answered_by_id) == ("First", hr.id)


def test_an_unknown_contest_is_404(client, auth):
    auth.login(Role.HR)
    assert client.get("/hr/contests/999999").status_code == 404
    assert client.post("/hr/contests/999999", data={"answer": "Hi"}).status_code == 404


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.MANAGER])
def test_only_hr_reaches_the_queue_and_the_answer_page(app, client, auth, role):
    contest_id = _contest(app)
    auth.login(role)
    assert client.get("/hr/contests").status_code == 403
    assert client.get(f"/hr/contests/{contest_id}").status_code == 403
    assert client.post(f"/hr/contests/{contest_id}", data={"answer": "Mine now"}).status_code == 403
    with app.app_context():
        assert not db.session.get(SuggestionContest, contest_id).is_answered


@pytest.mark.parametrize("role", [Role.HR, Role.MANAGER])
def test_only_employees_reach_the_contest_form(client, auth, role):
    auth.login(role)
    assert client.get("/me/contest").status_code == 403
    assert client.post("/me/contest", data={"kind": "other", "message": "Hi"}).status_code == 403


@pytest.mark.parametrize("url", ["/me/contest", "/hr/contests", "/hr/contests/1"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_csrf_protects_the_answer(app, client, auth):
    contest_id = _contest(app)
    auth.login(Role.HR)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/hr/contests/{contest_id}", data={"answer": "Forged"}).status_code == 400
    with app.app_context():
        assert not db.session.get(SuggestionContest, contest_id).is_answered
