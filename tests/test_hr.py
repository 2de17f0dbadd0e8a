"""HR in the browser (through the test client): the pool list, cases, outcomes, people and reports."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talentpool.extensions import db
from talentpool.models import (
    ApplicationStage,
    CaseStatus,
    Employee,
    Opening,
    OpeningStatus,
    OutcomeKind,
    PoolCase,
    Role,
    User,
)
from talentpool.services import applications
from tests import factories
from tests.pages import page_text

TODAY = date.today()


@pytest.fixture
def hr(auth):
    return auth.login(Role.HR)


def _case(app, **kwargs):
    with app.app_context():
        return factories.pool_case(**kwargs).id


class TestPoolList:
    def test_empty_pool_says_what_to_do_next(self, client, hr):
        page = client.get("/hr/pool").get_data(as_text=True)
        assert "Nobody is in the pool" in page
        assert 'href="/hr/pool/new"' in page

    def test_lists_open_cases_with_overdue_ones_first_and_marked(self, app, client, hr):
        with app.app_context():
            factories.pool_case(factories.employee("Nadia Later"), deadline=TODAY + timedelta(days=50))
            factories.pool_case(
                factories.employee("Omar Overdue"),
                entered_on=TODAY - timedelta(days=95),
                deadline=TODAY - timedelta(days=5),
            )
        page = client.get("/hr/pool").get_data(as_text=True)
        assert page.index("Omar Overdue") < page.index("Nadia Later")
        assert 'class="overdue"' in page
        assert "5 days overdue" in page

    def test_filters_and_search_come_from_the_query_string(self, app, client, hr):
        with app.app_context():
            factories.pool_case(factories.employee("Lena Legal", department_name="Legal"))
            factories.pool_case(factories.employee("Max Marketing", department_name="Marketing"))
            legal_id = db.session.scalar(select(Employee.department_id).where(Employee.full_name == "Lena Legal"))
        by_department = client.get(f"/hr/pool?department={legal_id}").get_data(as_text=True)
        assert "Lena Legal" in by_department and "Max Marketing" not in by_department
        by_name = client.get("/hr/pool?q=max").get_data(as_text=True)
        assert "Max Marketing" in by_name and "Lena Legal" not in by_name
        nothing = client.get("/hr/pool?q=zzz").get_data(as_text=True)
        assert "No case matches these filters" in nothing

    def test_paginates(self, app, client, hr):
        app.config["PAGE_SIZE"] = 2
        with app.app_context():
            for n in range(5):
                factories.pool_case(factories.employee(f"Person {n}"), deadline=TODAY + timedelta(days=10 + n))
        first = client.get("/hr/pool").get_data(as_text=True)
        third = client.get("/hr/pool?page=3").get_data(as_text=True)
        assert "Person 0" in first and "Person 2" not in first
        assert "Person 4" in third and "5 in all" in third

    def test_bad_filter_values_are_ignored_not_an_error(self, client, hr):
        assert client.get("/hr/pool?status=bogus&days_left=abc&page=x").status_code == 200


class TestAddingToThePool:
    def test_adds_with_the_default_deadline_and_lands_on_the_case(self, app, client, hr):
        with app.app_context():
            person = factories.employee("Ines Analyst", title="Data Analyst", department_name="Analytics")
            number, department_id = person.employee_number, person.department_id
        form = client.get(f"/hr/pool/new?employee_id={person.id}").get_data(as_text=True)
        assert f'value="{number}"' in form and 'value="Data Analyst"' in form

        response = client.post(
            "/hr/pool/new",
            data={
                "employee_number": number,
                "eliminated_title": "Data Analyst",
                "eliminated_department_id": department_id,
                "reason": "Reporting moved to the central BI team",
                "entered_on": TODAY.isoformat(),
                "deadline": "",
                "hr_owner_id": hr.id,
            },
            follow_redirects=True,
        )
        page = response.get_data(as_text=True)
        assert "Ines Analyst is in the pool until" in page
        with app.app_context():
            case = db.session.scalar(select(PoolCase))
            assert case.deadline == TODAY + timedelta(days=90)
            assert case.hr_owner_id == hr.id

    def test_the_pool_period_comes_from_the_config(self, app, client, hr):
        app.config["POOL_PERIOD_DAYS"] = 60
        with app.app_context():
            person = factories.employee()
            number, department_id = person.employee_number, person.department_id
        client.post("/hr/pool/new", data={
            "employee_number": number, "eliminated_title": "Analyst", "eliminated_department_id": department_id,
            "reason": "r", "entered_on": TODAY.isoformat(), "hr_owner_id": hr.id,
        })
        with app.app_context():
            assert db.session.scalar(select(PoolCase.deadline)) == TODAY + timedelta(days=60)

    def test_errors_show_next_to_their_fields(self, app, client, hr):
        with app.app_context():
            department_id = factories.department("Legal").id
        page = client.post("/hr/pool/new", data={
            "employee_number": "NOPE-1", "eliminated_title": "", "eliminated_department_id": department_id,
            "reason": "", "entered_on": "31/02/2026", "hr_owner_id": hr.id,
        }).get_data(as_text=True)
        assert 'id="eliminated_title-error"' in page and "Enter the title of the eliminated role." in page
        assert "Say why the role was eliminated." in page
        assert 'id="entered_on-error"' in page and "Not a valid date value." in page
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(PoolCase)) == 0

    def test_an_unknown_employee_number_is_reported_on_that_field(self, app, client, hr):
        with app.app_context():
            department_id = factories.department("Legal").id
        page = client.post("/hr/pool/new", data={
            "employee_number": "NOPE-1", "eliminated_title": "Paralegal", "eliminated_department_id": department_id,
            "reason": "r", "entered_on": TODAY.isoformat(), "hr_owner_id": hr.id,
        }).get_data(as_text=True)
        assert 'id="employee_number-error"' in page and "No employee has the number NOPE-1." in page

    def test_a_second_open_case_is_refused_on_the_employee_field(self, app, client, hr):
        with app.app_context():
            case = factories.pool_case(factories.employee("Paula Twice"))
            number, department_id = case.employee.employee_number, case.eliminated_department_id
        page = client.post("/hr/pool/new", data={
            "employee_number": number, "eliminated_title": "x", "eliminated_department_id": department_id,
            "reason": "r", "entered_on": TODAY.isoformat(), "hr_owner_id": hr.id,
        }).get_data(as_text=True)
        assert 'id="employee_number-error"' in page and "Paula Twice already has an open pool case" in page


class TestCasePage:
    def test_shows_profile_suggestions_with_reasons_pipeline_and_history(self, app, client, hr):
        with app.app_context():
            person = factories.employee(
                "Sam Support", title="Marketing Specialist", skills={"Zendesk": 4, "Customer service": 4},
                summary="Answered customer questions in our community forum.",
            )
            case = factories.pool_case(person, owner=db.session.get(User, hr.id))
            support = factories.opening("Customer Support Specialist", required={"Zendesk": 3, "Customer service": 3, "Salesforce": 2})
            factories.opening("Paralegal", department_name="Legal", required={"Legal research": 3, "Westlaw": 3})
            manager = db.session.get(User, support.manager_id)
            applications.move_candidate(db.session, manager, support.id, case.id, stage=ApplicationStage.SHORTLISTED, today=TODAY)
            case_id = case.id
        page = client.get(f"/hr/pool/{case_id}").get_data(as_text=True)
        assert "Sam Support" in page and "Answered customer questions" in page
        assert page.index("Customer Support Specialist") < page.index("Paralegal")
        assert "✓ Zendesk" in page
        assert "≈ Salesforce" in page and "(has Zendesk)" in page and "✗ Salesforce" not in page  # close, not missing
        assert "Shortlisted" in page
        assert "Application shortlisted" in page  # the history lists the manager's step

    def test_unknown_case_is_404(self, client, hr):
        response = client.get("/hr/pool/999999")
        assert response.status_code == 404
        assert "There is nothing at this address" in response.get_data(as_text=True)

    def test_editing_deadline_and_notes(self, app, client, hr):
        case_id = _case(app)
        new_deadline = TODAY + timedelta(days=120)
        client.post(f"/hr/pool/{case_id}/edit", data={
            "deadline": new_deadline.isoformat(), "hr_owner_id": hr.id, "hr_notes": "Prefers remote roles",
        })
        with app.app_context():
            case = db.session.get(PoolCase, case_id)
            assert (case.deadline, case.hr_notes) == (new_deadline, "Prefers remote roles")
        assert "Prefers remote roles" in client.get(f"/hr/pool/{case_id}").get_data(as_text=True)


class TestRecordingOutcomes:
    def test_reassignment_asks_for_confirmation_before_starting_the_trial(self, app, client, hr):
        with app.app_context():
            case_id = factories.pool_case(factories.employee("Rui Reassigned")).id
            opening_id = factories.opening("Onboarding Specialist", headcount=1).id
        data = {"opening_id": opening_id, "effective_on": TODAY.isoformat(), "notes": "Agreed in 1:1"}
        review = client.post(f"/hr/pool/{case_id}/outcome/reassigned", data=data).get_data(as_text=True)
        assert "Confirm: reassigned for Rui Reassigned" in review
        assert "the opening is then filled" in review
        with app.app_context():
            assert db.session.get(PoolCase, case_id).is_open  # nothing happened yet

        done = client.post(f"/hr/pool/{case_id}/outcome/reassigned", data=data | {"confirmed": "yes"}, follow_redirects=True)
        assert "Rui Reassigned starts in Onboarding Specialist on trial until" in done.get_data(as_text=True)
        with app.app_context():
            case = db.session.get(PoolCase, case_id)
            assert case.status == CaseStatus.TRIAL and case.outcome_kind is None
            assert db.session.get(Opening, opening_id).status == OpeningStatus.FILLED

    def test_the_opening_offered_by_a_manager_is_preselected(self, app, client, hr):
        with app.app_context():
            case_id = _case(app)
            opening_id = factories.opening("Renewals Specialist").id
        page = client.get(f"/hr/pool/{case_id}/outcome/reassigned?opening_id={opening_id}").get_data(as_text=True)
        assert f'<option selected value="{opening_id}">' in page or f'value="{opening_id}" selected' in page

    def test_a_full_opening_is_not_offered_and_a_forged_choice_is_refused(self, app, client, hr):
        with app.app_context():
            case_id = factories.pool_case().id
            full = factories.opening("Full Role", headcount=1)
            full.places_filled = 1
            full.status = OpeningStatus.FILLED
            db.session.commit()
            full_id = full.id
        form = client.get(f"/hr/pool/{case_id}/outcome/reassigned").get_data(as_text=True)
        assert "Full Role" not in form
        assert "No opening has a free place right now" in form
        page = client.post(f"/hr/pool/{case_id}/outcome/reassigned", data={
            "opening_id": full_id, "effective_on": TODAY.isoformat(), "confirmed": "yes",
        }).get_data(as_text=True)
        assert "Not a valid choice" in page
        with app.app_context():
            assert db.session.get(PoolCase, case_id).is_open

    def test_exit_package_terms_and_validation(self, app, client, hr):
        case_id = _case(app)
        bad = client.post(f"/hr/pool/{case_id}/outcome/exit_package", data={
            "weeks_of_pay": "-3", "last_working_day": "", "confirmed": "yes",
        }).get_data(as_text=True)
        assert "Weeks of pay must be between 0 and 260." in bad
        assert 'id="last_working_day-error"' in bad
        last_day = TODAY + timedelta(days=14)
        client.post(f"/hr/pool/{case_id}/outcome/exit_package", data={
            "weeks_of_pay": "16", "last_working_day": last_day.isoformat(), "confirmed": "yes",
        })
        page = client.get(f"/hr/pool/{case_id}").get_data(as_text=True)
        assert "Outcome: Exit package" in page and "16" in page and last_day.isoformat() in page

    def test_resignation_and_the_case_then_shows_in_the_resigned_filter(self, app, client, hr):
        with app.app_context():
            case_id = factories.pool_case(factories.employee("Rosa Resigns")).id
        client.post(f"/hr/pool/{case_id}/outcome/resigned", data={
            "resignation_date": TODAY.isoformat(), "confirmed": "yes",
        })
        assert "Rosa Resigns" not in client.get("/hr/pool").get_data(as_text=True)
        assert "Rosa Resigns" in client.get("/hr/pool?status=resigned").get_data(as_text=True)

    def test_an_outcome_on_a_closed_case_is_refused_with_a_message(self, app, client, hr):
        case_id = _case(app)
        client.post(f"/hr/pool/{case_id}/outcome/resigned", data={"resignation_date": TODAY.isoformat(), "confirmed": "yes"})
        response = client.post(f"/hr/pool/{case_id}/outcome/exit_package", data={
            "weeks_of_pay": "4", "last_working_day": TODAY.isoformat(), "confirmed": "yes",
        }, follow_redirects=True)
        assert "already closed" in response.get_data(as_text=True)
        with app.app_context():
            assert db.session.get(PoolCase, case_id).outcome_kind == OutcomeKind.RESIGNED

    def test_unknown_outcome_kind_is_404(self, app, client, hr):
        assert client.get(f"/hr/pool/{_case(app)}/outcome/fired").status_code == 404

    def test_reopen_with_a_reason(self, app, client, hr):
        case_id = _case(app)
        client.post(f"/hr/pool/{case_id}/outcome/resigned", data={"resignation_date": TODAY.isoformat(), "confirmed": "yes"})
        empty = client.post(f"/hr/pool/{case_id}/reopen", data={"reason": ""}).get_data(as_text=True)
        assert "Write why the case is reopened." in empty
        client.post(f"/hr/pool/{case_id}/reopen", data={"reason": "Resignation withdrawn"})
        page = client.get(f"/hr/pool/{case_id}").get_data(as_text=True)
        assert "Case reopened" in page and "Resignation withdrawn" in page
        with app.app_context():
            assert db.session.get(PoolCase, case_id).status == CaseStatus.OPEN


class TestPeople:
    def test_add_an_employee_with_skills(self, app, client, hr):
        with app.app_context():
            department_id = factories.department("Marketing").id
        response = client.post("/hr/employees/new", data={
            "employee_number": "M-100", "full_name": "Mia Marketing", "email": "mia@example.com",
            "title": "SEO Specialist", "department_id": department_id, "location": "Lisbon",
            "summary": "Ran search campaigns.", "skills": "Google Analytics: 4\nCopywriting",
        }, follow_redirects=True)
        assert "Mia Marketing is added" in response.get_data(as_text=True)
        with app.app_context():
            person = db.session.scalar(select(Employee).where(Employee.employee_number == "M-100"))
            assert [(s.name, s.level) for s in person.skills] == [("Google Analytics", 4), ("Copywriting", 3)]

    def test_bad_skill_level_and_duplicate_number_are_reported(self, app, client, hr):
        with app.app_context():
            existing = factories.employee()
            number, department_id = existing.employee_number, existing.department_id
        page = client.post("/hr/employees/new", data={
            "employee_number": number, "full_name": "X", "title": "Y", "department_id": department_id,
            "skills": "Excel: 9",
        }).get_data(as_text=True)
        assert "Line 1: the level after &#39;:&#39; must be a whole number from 1 to 5." in page
        page = client.post("/hr/employees/new", data={
            "employee_number": number, "full_name": "X", "title": "Y", "department_id": department_id,
        }).get_data(as_text=True)
        assert f"Employee number {number} is already in use." in page

    def test_create_a_user_with_several_roles_linked_to_an_employee(self, app, client, hr):
        with app.app_context():
            number = factories.employee("Hugo Both").employee_number
        client.post("/hr/users/new", data={
            "email": "Hugo@Example.com", "full_name": "Hugo Both", "password": "long-enough-secret",
            "roles": ["hr", "manager"], "employee_number": number,
        })
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == "hugo@example.com"))
            assert user.roles == {Role.HR, Role.MANAGER}
            assert user.employee.employee_number == number
            assert user.password_hash != "long-enough-secret" and user.check_password("long-enough-secret")

    def test_user_form_errors(self, client, hr):
        page = client.post("/hr/users/new", data={
            "email": "not-an-email", "full_name": "", "password": "short", "roles": [],
        }).get_data(as_text=True)
        assert "Enter a valid email address." in page
        assert "The password must be at least 10 characters long." in page
        assert "Give the user at least one role." in page

    def test_hr_cannot_remove_their_own_hr_role(self, app, client, hr):
        page = client.post(f"/hr/users/{hr.id}/edit", data={
            "full_name": "Me", "roles": ["manager"], "active": "y",
        }).get_data(as_text=True)
        assert "You cannot remove your own HR role" in page
        with app.app_context():
            assert db.session.get(User, hr.id).has_role(Role.HR)

    def test_add_a_department_and_refuse_a_duplicate(self, app, client, hr):
        client.post("/hr/departments", data={"name": "Customer Success"})
        page = client.post("/hr/departments", data={"name": "customer success"}).get_data(as_text=True)
        assert "There is already a department called customer success." in page


class TestReports:
    def test_outcomes_show_up_in_the_report(self, app, client, hr):
        with app.app_context():
            hr_user = db.session.get(User, hr.id)
            factories.pool_case(factories.employee(department_name="Legal"))
            resigned = factories.pool_case(factories.employee(department_name="Legal"))
            reassigned = factories.pool_case(factories.employee(department_name="Marketing"))
            opening = factories.opening()
            from talentpool.services import pool

            pool.record_resignation(db.session, hr_user, resigned.id, resignation_date=TODAY)
            factories.reassign(hr_user, reassigned, opening)
        page = page_text(client.get("/hr/reports"))
        assert "1 person in the pool now" in page
        assert "50% placement rate 1 of 2 cases closed in the period were reassigned" in page
        # Former department: reassigned, exit package, resigned, closed in all, placement rate, trials failed.
        assert "Legal 0 0 1 1 0% 0" in page
        assert "Marketing 1 0 0 1 100% 0" in page
