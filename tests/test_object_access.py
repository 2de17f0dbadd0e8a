"""Object-level access: signed in with the right role, a person still reaches only their own records.

An employee never reads or changes another person's case, profile, answers or notifications, whatever
ids they put in a URL or a form; a manager sees only the candidates of their own openings, and never
what is kept for HR (HR notes, the free text of a decline).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from talentpool.extensions import db
from talentpool.models import (
    Application, DeclineCategory, Employee, Interest, Notification, PoolCase, Role, SuggestionContest, User,
)
from talentpool.services import applications, notifications
from talentpool.services.notifications import NotificationKind
from tests import factories

SKILLS = {"Zendesk": 4, "Customer service": 4}
SECRET_SUMMARY = "Other person's private summary"
SECRET_DECLINE = "Private reason: caring for a parent"
SECRET_HR_NOTE = "HR only: performance review pending"


@pytest.fixture
def world(app) -> SimpleNamespace:
    """Two people in the pool (mine and theirs), two managers each with an opening that suits both."""
    with app.app_context():
        hr = factories.user(Role.HR)
        manager, other_manager = factories.user(Role.MANAGER), factories.user(Role.MANAGER)
        people = {}
        for who in ("me", "them"):
            summary = SECRET_SUMMARY if who == "them" else ""
            person = factories.employee(f"Person {who}", skills=SKILLS, summary=summary)
            account = factories.user(Role.EMPLOYEE, employee=person)
            case = factories.pool_case(person, owner=hr)
            people[who] = SimpleNamespace(email=account.email, user_id=account.id, employee_id=person.id, case_id=case.id)
        mine = factories.opening("Support Specialist", manager=manager, required={"Zendesk": 3})
        theirs = factories.opening("Service Lead", manager=other_manager, required={"Zendesk": 3})
        # Their answers and what HR keeps about them.
        them = db.session.get(User, people["them"].user_id)
        applications.answer_opening(
            db.session, them, mine.id, interest=Interest.DECLINED, category=DeclineCategory.OTHER,
            reason=SECRET_DECLINE, today=date.today(),
        )
        db.session.get(PoolCase, people["them"].case_id).hr_notes = SECRET_HR_NOTE
        notice = notifications.notify(db.session, them, kind=list(NotificationKind)[0], message="Yours only",
                                      link="/me/", email=False)
        db.session.commit()
        return SimpleNamespace(
            hr_email=hr.email, manager_email=manager.email, other_manager_email=other_manager.email,
            me=people["me"], them=people["them"], my_opening=mine.id, their_opening=theirs.id,
            their_notification=notice.id,
        )


def sign_in(auth, email: str) -> None:
    auth.login(user=SimpleNamespace(email=email))


def _state(app, world) -> tuple:
    """Everything of theirs that an employee's request could change."""
    with app.app_context():
        person = db.session.get(Employee, world.them.employee_id)
        answers = db.session.execute(
            select(Application.opening_id, Application.interest, Application.decline_reason, Application.stage)
            .where(Application.case_id == world.them.case_id).order_by(Application.id)
        ).all()
        unread = db.session.scalar(select(Notification.read_at).where(Notification.id == world.their_notification))
        contests = db.session.scalar(select(func.count()).where(SuggestionContest.case_id == world.them.case_id))
        skills = sorted((s.name, s.level) for s in person.skills)
        return (person.summary, skills, person.version, answers, unread, contests)


class TestAnEmployee:
    EMPLOYEE_PAGES = ["/me/", "/me/skills", "/me/openings", "/me/contest", "/me/conversation", "/notifications"]

    def test_sees_nothing_of_another_person_on_any_page(self, client, auth, world):
        sign_in(auth, world.me.email)
        pages = self.EMPLOYEE_PAGES + [f"/me/openings/{world.my_opening}", f"/me/openings/{world.my_opening}/decline"]
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, path
            body = response.get_data(as_text=True)
            for secret in ("Person them", SECRET_SUMMARY, SECRET_DECLINE, SECRET_HR_NOTE, "Yours only"):
                assert secret not in body, f"{secret!r} shown on {path}"

    @pytest.mark.parametrize("path", [
        "/hr/pool/{case}", "/hr/employees/{employee}", "/hr/employees/{employee}/edit", "/hr/pool/{case}/edit",
        "/api/v1/cases/{case}", "/api/v1/employees/{employee}/skills",
    ])
    def test_cannot_open_their_case_or_profile_by_guessing_ids(self, client, auth, world, path):
        sign_in(auth, world.me.email)
        response = client.get(path.format(case=world.them.case_id, employee=world.them.employee_id))
        assert response.status_code in (401, 403)
        assert SECRET_SUMMARY not in response.get_data(as_text=True)

    def test_cannot_read_or_mark_their_notification(self, app, client, auth, world):
        sign_in(auth, world.me.email)
        before = _state(app, world)
        assert client.get(f"/notifications/{world.their_notification}/open").status_code == 404
        assert client.post(f"/notifications/{world.their_notification}/read").status_code == 404
        client.post("/notifications/read-all")
        assert _state(app, world) == before

    def test_a_replayed_form_with_their_ids_changes_only_my_own_records(self, app, client, auth, world):
        """Ids slipped into the forms are ignored: every employee form acts on the signed-in person."""
        sign_in(auth, world.me.email)
        before = _state(app, world)
        theirs = {"employee_id": world.them.employee_id, "case_id": world.them.case_id,
                  "user_id": world.them.user_id, "id": world.them.employee_id}
        client.post("/me/skills", data=theirs | {"summary": "Rewritten", "rows-0-name": "Cobol", "rows-0-level": "5"})
        client.post(f"/me/openings/{world.my_opening}/interest", data=theirs)
        client.post(f"/me/openings/{world.their_opening}/decline",
                    data=theirs | {"category": DeclineCategory.OTHER.value, "reason": "Not for me"})
        client.post("/me/contest", data=theirs | {"kind": "missing_role", "message": "Something is wrong"})
        client.post("/me/conversation", data=theirs | {"message": "Can we talk?"})
        assert _state(app, world) == before
        with app.app_context():
            mine = db.session.get(Employee, world.me.employee_id)
            assert mine.summary == "Rewritten"  # the form did work, on my own profile
            my_answers = db.session.scalars(select(Application).where(Application.case_id == world.me.case_id)).all()
            assert {a.opening_id for a in my_answers} == {world.my_opening, world.their_opening}


class TestAManager:
    def test_reaches_only_their_own_openings_and_candidates(self, app, client, auth, world):
        sign_in(auth, world.manager_email)
        their_opening = world.their_opening
        case = world.them.case_id
        assert client.get(f"/manager/openings/{their_opening}").status_code in (403, 404)
        assert client.get(f"/manager/openings/{their_opening}/edit").status_code in (403, 404)
        assert client.get(f"/manager/openings/{their_opening}/close").status_code in (403, 404)
        assert client.get(f"/manager/openings/{their_opening}/candidates/{case}/offer").status_code in (403, 404)
        before = _state(app, world)
        response = client.post(f"/manager/openings/{their_opening}/candidates/{case}", data={"stage": "shortlisted"})
        assert response.status_code in (403, 404)
        assert _state(app, world) == before
        listing = client.get("/manager/openings").get_data(as_text=True)
        assert "Service Lead" not in listing

    def test_never_sees_what_is_kept_for_hr(self, client, auth, world):
        sign_in(auth, world.manager_email)
        pages = ["/manager/openings", f"/manager/openings/{world.my_opening}",
                 f"/manager/openings/{world.my_opening}/candidates/{world.them.case_id}/offer",
                 f"/manager/openings/{world.my_opening}/candidates/{world.me.case_id}/offer", "/notifications"]
        candidates = client.get(f"/manager/openings/{world.my_opening}").get_data(as_text=True)
        assert "Person me" in candidates  # the page does list the pool's candidates
        for path in pages:
            body = client.get(path).get_data(as_text=True)
            for secret in (SECRET_HR_NOTE, SECRET_DECLINE):
                assert secret not in body, f"{secret!r} shown to a manager on {path}"
