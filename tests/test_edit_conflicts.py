"""Two people editing the same opening or profile: the second save is refused, never silently lost.

Each edit form carries the version of the record it was loaded with; every change bumps it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from talentpool.extensions import db
from talentpool.models import Employee, Opening, Role, User, WorkingHours
from talentpool.services import openings, people, pool
from talentpool.services.errors import EditConflict
from tests import factories
from tests.test_concurrency import race

CONFLICT = "Someone else saved changes to"


def _version_in(page: str) -> str:
    match = re.search(r'name="version" type="hidden" value="(\d+)"', page) or re.search(
        r'type="hidden" name="version" value="(\d+)"', page)
    assert match, "the edit form carries no version"
    return match.group(1)


def _opening_form(department_id: int, version: str, title: str) -> dict:
    return {
        "title": title,
        "department_id": str(department_id),
        "location": "Berlin",
        "description": "Answer customers by email and chat.",
        "headcount": "2",
        "closing_date": (date.today() + timedelta(days=30)).isoformat(),
        "required_skills-0-skill": "Zendesk",
        "required_skills-0-level": "3",
        "nice_to_have": "",
        "version": version,
    }


def _login(app, user_id):
    client = app.test_client()
    with app.app_context():
        email = db.session.get(User, user_id).email
    assert client.post("/login", data={"email": email, "password": factories.PASSWORD}).status_code == 302
    return client


@pytest.fixture
def shared_opening(app):
    """An opening managed by someone who is both HR and manager, and edited in two browser tabs."""
    with app.app_context():
        manager = factories.user(Role.MANAGER, Role.HR)
        opening = factories.opening("Support Agent", manager=manager)
        return {"manager": manager.id, "opening": opening.id, "department": opening.department_id}


def test_a_save_on_a_stale_opening_form_is_refused_and_keeps_the_typed_input(app, shared_opening):
    first_tab, second_tab = _login(app, shared_opening["manager"]), _login(app, shared_opening["manager"])
    url = f"/manager/openings/{shared_opening['opening']}/edit"
    first_version = _version_in(first_tab.get(url).get_data(as_text=True))
    second_version = _version_in(second_tab.get(url).get_data(as_text=True))

    saved = second_tab.post(url, data=_opening_form(shared_opening["department"], second_version, "Support Lead"))
    assert saved.status_code == 302
    refused = first_tab.post(url, data=_opening_form(shared_opening["department"], first_version, "Support Captain"))

    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and CONFLICT in page
    assert 'value="Support Captain"' in page  # the person's own input is still there
    with app.app_context():
        assert db.session.get(Opening, shared_opening["opening"]).title == "Support Lead"
    # Saving again after seeing the message is a deliberate overwrite, and goes through.
    again = first_tab.post(url, data=_opening_form(shared_opening["department"], _version_in(page), "Support Captain"))
    assert again.status_code == 302
    with app.app_context():
        assert db.session.get(Opening, shared_opening["opening"]).title == "Support Captain"


def test_a_stale_skills_profile_is_refused(app):
    with app.app_context():
        person = factories.employee(skills={"Excel": 2})
        user = factories.user(Role.EMPLOYEE, employee=person)
        ids = (user.id, person.id)
    first_tab, second_tab = _login(app, ids[0]), _login(app, ids[0])
    stale = _version_in(first_tab.get("/me/skills").get_data(as_text=True))
    current = _version_in(second_tab.get("/me/skills").get_data(as_text=True))
    form = {"summary": "", "rows-0-name": "Excel", "rows-0-level": "4"}
    assert second_tab.post("/me/skills", data=form | {"version": current}).status_code == 302

    refused = first_tab.post("/me/skills", data={"summary": "", "rows-0-name": "SQL", "rows-0-level": "3",
                                                 "version": stale})
    assert CONFLICT in refused.get_data(as_text=True)
    with app.app_context():
        assert [(s.name, s.level) for s in db.session.get(Employee, ids[1]).skills] == [("Excel", 4)]


def test_a_reassignment_makes_an_open_employee_edit_form_stale(app):
    with app.app_context():
        hr = factories.user(Role.HR)
        case = factories.pool_case(factories.employee("Kim Stale", title="Analyst"), owner=hr)
        opening = factories.opening("Support Agent")
        ids = {"hr": hr.id, "case": case.id, "opening": opening.id, "employee": case.employee_id,
               "department": case.employee.department_id}
    client = _login(app, ids["hr"])
    url = f"/hr/employees/{ids['employee']}/edit"
    loaded = _version_in(client.get(url).get_data(as_text=True))
    with app.app_context():
        actor = db.session.get(User, ids["hr"])
        pool.start_trial(db.session, actor, ids["case"], opening_id=ids["opening"], starts_on=date.today(),
                        trial_period_days=28, today=date.today())

    refused = client.post(url, data={"employee_number": "E-STALE", "full_name": "Kim Stale", "title": "Analyst",
                                     "department_id": str(ids["department"]), "email": "", "location": "",
                                     "version": loaded})
    assert CONFLICT in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Employee, ids["employee"]).title == "Support Agent"  # the reassignment stands


def test_every_change_bumps_the_version(app_ctx):
    manager = factories.user(Role.MANAGER)
    opening = factories.opening("Support Agent", manager=manager)
    person = factories.employee(skills={"Excel": 2})
    start = (opening.version, person.version)
    people.update_skills_profile(db.session, factories.user(Role.HR), person.id, summary="",
                                 skills=[("Excel", 5)])  # only a skill's level changes
    openings.close_opening(db.session, manager, opening.id, reason="Budget frozen")
    db.session.expire_all()
    assert db.session.get(Employee, person.id).version > start[1]
    assert db.session.get(Opening, opening.id).version > start[0]


def test_two_saves_of_one_loaded_opening_at_once_exactly_one_wins(app, shared_opening):
    with app.app_context():
        loaded = db.session.get(Opening, shared_opening["opening"]).version

    def save(title):
        def call():
            actor = db.session.get(User, shared_opening["manager"])
            openings.update_opening(
                db.session, actor, shared_opening["opening"], title=title,
                department_id=shared_opening["department"], location="Berlin", description="Help customers.",
                headcount=1, closing_date=None, skills=[openings.SkillRequirement("Zendesk", True, None)], today=date.today(),
                pay_grade=None, hours=WorkingHours.FULL_TIME, expected_version=loaded)
            return title
        return call

    results = race(app, save("Support Lead"), save("Support Captain"))

    winners = [r for r in results if isinstance(r, str)]
    assert len(winners) == 1 and sum(isinstance(r, EditConflict) for r in results) == 1, results
    with app.app_context():
        assert db.session.get(Opening, shared_opening["opening"]).title == winners[0]
