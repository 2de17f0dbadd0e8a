"""The REST API (/api/v1): tokens HR creates and revokes, authentication, the HR journey through the
API with the web app's rules, problem documents, pagination and filters, optimistic locking."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from talentpool import create_app
from talentpool.extensions import db
from talentpool.models import (
    ApiToken,
    AuditEvent,
    CaseStatus,
    Employee,
    Opening,
    OpeningStatus,
    OutcomeKind,
    PoolCase,
    Role,
    User,
)
from tests import factories
from tests.conftest import TEST_CONFIG
from tests.pages import error_next_to, page_text

TODAY = date.today()
PROBLEM_JSON = "application/problem+json"


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def hr_api(app):
    """An HR user's id and the headers of a token acting as them in the HR scope."""
    with app.app_context():
        user = factories.user(Role.HR)
        return user.id, bearer(factories.api_token(user))


@pytest.fixture
def manager_api(app):
    """A manager's id and the headers of a token acting as them in the manager scope."""
    with app.app_context():
        user = factories.user(Role.MANAGER)
        return user.id, bearer(factories.api_token(user, Role.MANAGER))


def assert_problem(response, status: int) -> dict:
    """The response is a problem document (RFC 9457) with this status; returns it."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == PROBLEM_JSON
    body = response.get_json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    return body


def _events(app, **filters) -> list[AuditEvent]:
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        for name, value in filters.items():
            query = query.where(getattr(AuditEvent, name) == value)
        return list(db.session.scalars(query))


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# --- Tokens, created and revoked by HR in the web app ----------------------------------------


class TestTokensInTheHrPages:
    def _create(self, client, user_id: int, **fields):
        data = {"name": "HRIS nightly sync", "scope": "hr", "user_id": user_id} | fields
        return client.post("/hr/api-tokens/new", data=data)

    def test_the_users_page_links_to_the_tokens(self, client, auth):
        auth.login(Role.HR)
        assert 'href="/hr/api-tokens"' in client.get("/hr/users").get_data(as_text=True)
        assert "No API tokens yet" in page_text(client.get("/hr/api-tokens"))

    def test_the_secret_is_shown_once_and_only_its_hash_is_stored(self, app, client, auth):
        hr = auth.login(Role.HR)
        response = self._create(client, hr.id)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
        assert "shown only this once" in page_text(response)
        secret = re.search(r'value="(tp_[A-Za-z0-9_-]{43})"', response.get_data(as_text=True)).group(1)

        with app.app_context():
            token = db.session.scalars(select(ApiToken)).one()
            assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
            assert token.token_prefix == secret[:8]
            stored = [str(getattr(token, column.key)) for column in ApiToken.__table__.columns]
            assert not any(secret in value or secret[8:] in value for value in stored)
            assert (token.scope, token.user_id, token.created_by_id) == (Role.HR, hr.id, hr.id)
        listing = client.get("/hr/api-tokens").get_data(as_text=True)
        assert secret[:8] in listing and secret not in listing
        assert "Active" in listing and "Never" in listing

        assert client.get("/api/v1/employees", headers=bearer(secret)).status_code == 200
        assert "Never" not in client.get("/hr/api-tokens").get_data(as_text=True)  # last used: now
        (created,) = _events(app, action="api_token.created")
        assert created.actor_id == hr.id
        assert created.after["scope"] == "hr" and created.after["token_prefix"] == secret[:8]
        assert secret not in str(created.after)

    def test_revoking_asks_for_confirmation_and_then_the_token_is_refused(self, app, client, auth):
        hr = auth.login(Role.HR)
        secret = re.search(r'value="(tp_[^"]+)"', self._create(client, hr.id).get_data(as_text=True)).group(1)
        with app.app_context():
            token_id = db.session.scalar(select(ApiToken.id))
        confirm = client.get(f"/hr/api-tokens/{token_id}/revoke")
        assert "cannot be undone" in page_text(confirm)
        assert client.get("/api/v1/employees", headers=bearer(secret)).status_code == 200

        response = client.post(f"/hr/api-tokens/{token_id}/revoke")
        assert response.status_code == 302 and response.headers["Location"] == "/hr/api-tokens"
        assert "is revoked" in page_text(client.get("/hr/api-tokens"))
        refused = client.get("/api/v1/employees", headers=bearer(secret))
        assert_problem(refused, 401)
        assert 'error="invalid_token"' in refused.headers["WWW-Authenticate"]
        (revoked,) = _events(app, action="api_token.revoked")
        assert revoked.actor_id == hr.id
        assert revoked.before["revoked_at"] is None and revoked.after["revoked_at"]

        again = client.post(f"/hr/api-tokens/{token_id}/revoke", follow_redirects=True)
        assert "already revoked" in page_text(again)
        assert len(_events(app, action="api_token.revoked")) == 1

    def test_problems_are_shown_next_to_their_fields_and_nothing_is_created(self, app, client, auth):
        auth.login(Role.HR)
        with app.app_context():
            manager = factories.user(Role.MANAGER, full_name="Mona Manager")
        wrong_role = self._create(client, manager.id, scope="hr")
        assert "does not have the HR staff role" in error_next_to(wrong_role, "user_id")
        past = self._create(client, manager.id, scope="manager", expires_on=(TODAY - timedelta(days=1)).isoformat())
        assert "cannot be in the past" in error_next_to(past, "expires_on")
        no_name = self._create(client, manager.id, scope="manager", name=" ")
        assert "Give the token a name" in error_next_to(no_name, "name")
        employee_scope = self._create(client, manager.id, scope="employee")
        assert "Choose HR or Manager" in error_next_to(employee_scope, "scope")
        assert _count(app, ApiToken) == 0

    def test_a_token_with_an_expiry_works_through_that_day(self, app, client, auth):
        auth.login(Role.HR)
        with app.app_context():
            manager = factories.user(Role.MANAGER)
        response = self._create(client, manager.id, scope="manager", expires_on=TODAY.isoformat())
        secret = re.search(r'value="(tp_[^"]+)"', response.get_data(as_text=True)).group(1)
        assert client.get("/api/v1/openings", headers=bearer(secret)).status_code == 200
        with app.app_context():
            assert db.session.scalars(select(ApiToken)).one().valid_through == TODAY
        assert f"through {TODAY.isoformat()}" in page_text(client.get("/hr/api-tokens"))


# --- Authentication ----------------------------------------------------------------------------


class TestAuthentication:
    def test_no_token_is_401_with_a_bearer_challenge(self, client):
        response = client.get("/api/v1/cases")
        assert_problem(response, 401)
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="talentpool"'

    @pytest.mark.parametrize("header", ["Bearer tp_not-a-token", "Basic dXNlcjpwYXNz", "Bearer", "tp_abc"])
    def test_a_wrong_token_or_scheme_is_401(self, client, hr_api, header):
        assert_problem(client.get("/api/v1/cases", headers={"Authorization": header}), 401)

    def test_an_expired_token_is_401(self, app, client):
        with app.app_context():
            secret = factories.api_token(factories.user(Role.HR), expires_at=datetime.now(UTC) - timedelta(seconds=1))
        assert_problem(client.get("/api/v1/cases", headers=bearer(secret)), 401)

    def test_a_token_stops_working_when_its_user_loses_the_role_or_is_deactivated(self, app, client):
        with app.app_context():
            user = factories.user(Role.HR, Role.MANAGER)
            hr_secret, manager_secret = factories.api_token(user), factories.api_token(user, Role.MANAGER)
        assert client.get("/api/v1/cases", headers=bearer(hr_secret)).status_code == 200
        with app.app_context():
            account = db.session.get(User, user.id)
            account.role_rows = [row for row in account.role_rows if row.role != Role.HR]
            db.session.commit()
        assert_problem(client.get("/api/v1/cases", headers=bearer(hr_secret)), 401)
        assert client.get("/api/v1/openings", headers=bearer(manager_secret)).status_code == 200
        with app.app_context():
            db.session.get(User, user.id).active = False
            db.session.commit()
        assert_problem(client.get("/api/v1/openings", headers=bearer(manager_secret)), 401)

    def test_a_scope_without_the_right_is_403(self, client, hr_api, manager_api):
        _, manager = manager_api
        _, hr = hr_api
        body = assert_problem(client.get("/api/v1/employees", headers=manager), 403)
        assert "needs hr" in body["detail"]
        assert_problem(client.post("/api/v1/openings", headers=hr, json={}), 403)

    def test_last_used_is_recorded_at_most_once_a_minute(self, app, client, hr_api):
        user_id, headers = hr_api
        client.get("/api/v1/cases", headers=headers)
        with app.app_context():
            first = db.session.scalar(select(ApiToken.last_used_at))
        client.get("/api/v1/cases", headers=headers)
        with app.app_context():
            assert db.session.scalar(select(ApiToken.last_used_at)) == first
            token = db.session.scalars(select(ApiToken)).one()
            token.last_used_at = datetime.now(UTC) - timedelta(minutes=2)
            db.session.commit()
        client.get("/api/v1/cases", headers=headers)
        with app.app_context():
            assert db.session.scalar(select(ApiToken.last_used_at)) > first

    def test_every_api_route_needs_a_token(self, app, client):
        rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")]
        blueprints = {rule.endpoint.split(".")[0] for rule in rules}
        assert blueprints == {"api_employees", "api_cases", "api_openings", "api-docs"}
        for rule in rules:
            path = re.sub(r"<[^>]+>", "1", rule.rule)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(path, method=method, json={})
                if rule.endpoint == "api-docs.openapi_json":
                    assert response.status_code == 200  # the document itself is public
                else:
                    assert_problem(response, 401)


@pytest.fixture
def csrf_app(app):
    """The same database, with CSRF protection on as in production."""
    protected = create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                          "WTF_CSRF_ENABLED": True})
    yield protected
    with protected.app_context():
        db.engine.dispose()


class TestNoSessionCookies:
    def test_a_signed_in_browser_cannot_write_through_the_api(self, csrf_app):
        with csrf_app.app_context():
            department_id = factories.department().id
            hr = factories.user(Role.HR)
        client = csrf_app.test_client()
        login_page = client.get("/login").get_data(as_text=True)
        csrf_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
        client.post("/login", data={"email": hr.email, "password": factories.PASSWORD, "csrf_token": csrf_token})
        assert client.get("/hr/pool").status_code == 200  # signed in: the session cookie is sent

        new_employee = {"employee_number": "E-1", "full_name": "Ann Lee", "title": "Analyst",
                        "department_id": department_id}
        response = client.post("/api/v1/employees", json=new_employee)
        assert_problem(response, 401)
        assert client.get("/api/v1/employees").status_code == 401
        with csrf_app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Employee)) == 0

    def test_a_token_needs_no_csrf_token_even_with_csrf_protection_on(self, csrf_app):
        with csrf_app.app_context():
            secret = factories.api_token(factories.user(Role.HR))
            department_id = factories.department().id
        response = csrf_app.test_client().post(
            "/api/v1/employees", headers=bearer(secret),
            json={"employee_number": "E-1", "full_name": "Ann Lee", "title": "Analyst", "department_id": department_id},
        )
        assert response.status_code == 201


# --- The HR journey ------------------------------------------------------------------------------


def test_the_whole_hr_journey_through_the_api(app, client, hr_api):
    """Add a person to the register and the pool, fetch their ranked suggestions, reassign them on
    trial to the best one, confirm the trial: every step audited as the token's user."""
    user_id, headers = hr_api
    with app.app_context():
        department_id = factories.department("Customer Success").id
        support = factories.opening("Customer Support Specialist", required={"Customer service": 3, "Zendesk": 2},
                                    location="Berlin", pay_grade=6).id
        factories.opening("Financial Controller", department_name="Finance", required={"IFRS": 4, "SAP": 3})

    employee = client.post("/api/v1/employees", headers=headers, json={
        "employee_number": "E-100", "full_name": "Ann Lee", "title": "Customer Service Representative",
        "department_id": department_id, "email": "ann@example.com", "location": "Berlin", "pay_grade": 7,
        "summary": "I answer customer questions by phone and email.",
        "skills": [{"name": "Customer service", "level": 4}, {"name": "Zendesk", "level": 3}, {"name": "Excel"}],
    })
    assert employee.status_code == 201, employee.get_json()
    employee = employee.get_json()
    assert employee["skills"][2] == {"name": "Excel", "level": 3}

    case = client.post("/api/v1/cases", headers=headers, json={
        "employee_id": employee["id"], "eliminated_title": employee["title"],
        "eliminated_department_id": department_id, "reason": "Phone support moves to a partner.",
        "entered_on": TODAY.isoformat(),
    })
    assert case.status_code == 201, case.get_json()
    case = case.get_json()
    assert case["status"] == "open" and case["hr_owner"]["id"] == user_id
    assert case["deadline"] == (TODAY + timedelta(days=app.config["POOL_PERIOD_DAYS"])).isoformat()

    ranked = client.get(f"/api/v1/cases/{case['id']}/suggestions", headers=headers)
    assert ranked.status_code == 200
    ranked = ranked.get_json()
    assert [s["rank"] for s in ranked] == list(range(1, len(ranked) + 1))
    assert [s["score"] for s in ranked] == sorted((s["score"] for s in ranked), reverse=True)
    best = ranked[0]
    assert best["opening"]["id"] == support
    assert set(best["matched_skills"]) == {"Customer service", "Zendesk"} and best["missing_skills"] == []
    assert best["term_differences"][0]["kind"] == "lower_grade"
    assert "grade 7" in best["term_differences"][0]["description"]

    trial = client.post(f"/api/v1/cases/{case['id']}/outcomes", headers=headers, json={
        "kind": "reassigned", "opening_id": support, "starts_on": TODAY.isoformat(), "notes": "Agreed in the meeting.",
    })
    assert trial.status_code == 201, trial.get_json()
    assert trial.get_json()["status"] == "trial"
    (running,) = trial.get_json()["trials"]
    assert running["status"] == "running" and running["suggestion_rank"] == 1
    assert running["ends_on"] == (TODAY + timedelta(days=app.config["TRIAL_PERIOD_DAYS"])).isoformat()

    confirmed = client.post(f"/api/v1/cases/{case['id']}/trial/confirm", headers=headers, json={"notes": "Went well."})
    assert confirmed.status_code == 200
    closed = client.get(f"/api/v1/cases/{case['id']}", headers=headers).get_json()
    assert (closed["status"], closed["outcome_kind"]) == ("closed", "reassigned")
    assert closed["closed_on"] == TODAY.isoformat()
    (outcome,) = closed["outcomes"]
    assert outcome["opening"]["id"] == support and outcome["recorded_by"]["id"] == user_id

    events = _events(app, case_id=case["id"])
    assert [e.action for e in events] == ["case.opened", "opening.place_filled", "trial.started", "trial.confirmed",
                                          "case.reassigned"]
    assert {e.actor_id for e in events} == {user_id}
    assert _events(app, action="employee.created")[0].actor_id == user_id
    with app.app_context():
        assert db.session.get(Employee, employee["id"]).title == "Customer Support Specialist"


def test_a_failed_trial_sends_the_person_back_to_the_pool(app, client, hr_api):
    user_id, headers = hr_api
    with app.app_context():
        case = factories.pool_case()
        case_id = case.id
        factories.reassign(db.session.get(User, user_id), case, factories.opening(), confirm=False)
    fail = f"/api/v1/cases/{case_id}/trial/fail"
    assert list(assert_problem(client.post(fail, headers=headers, json={"reason": " "}), 422)["errors"]) == ["reason"]
    response = client.post(fail, headers=headers, json={"reason": "Not a fit."})
    assert response.status_code == 200
    assert response.get_json()["status"] == "open"
    assert response.get_json()["trials"][0]["failure_reason"] == "Not a fit."
    assert_problem(client.post(f"/api/v1/cases/{case_id}/trial/confirm", headers=headers, json={}), 409)


class TestOutcomes:
    @pytest.fixture
    def case_id(self, app):
        with app.app_context():
            return factories.pool_case(entered_on=TODAY - timedelta(days=10)).id

    def _post(self, client, headers, case_id, **outcome):
        return client.post(f"/api/v1/cases/{case_id}/outcomes", headers=headers, json=outcome)

    def test_an_exit_package_is_validated_like_the_form(self, app, client, hr_api, case_id):
        _, headers = hr_api
        for weeks in (-1, 261, "12"):
            body = assert_problem(
                self._post(client, headers, case_id, kind="exit_package", weeks_of_pay=weeks,
                           last_working_day=TODAY.isoformat()),
                422,
            )
            assert list(body["errors"]) == ["weeks_of_pay"]
        missing = assert_problem(self._post(client, headers, case_id, kind="exit_package"), 422)
        assert set(missing["errors"]) == {"weeks_of_pay", "last_working_day"}
        unknown = assert_problem(self._post(client, headers, case_id, kind="promoted"), 422)
        assert "exit_package" in unknown["errors"]["kind"][0]

    def test_a_refused_outcome_changes_nothing(self, app, client, hr_api, case_id):
        _, headers = hr_api
        events_before = len(_events(app))
        body = assert_problem(
            self._post(client, headers, case_id, kind="exit_package", weeks_of_pay=12,
                       last_working_day=(TODAY - timedelta(days=30)).isoformat()),
            422,
        )
        assert body["errors"] == {
            "last_working_day": ["The last working day cannot be before the person entered the pool."]
        }
        assert body["type"] == "urn:talentpool:problem:validation-error"
        with app.app_context():
            case = db.session.get(PoolCase, case_id)
            assert case.status == CaseStatus.OPEN and case.outcomes == []
        assert len(_events(app)) == events_before

    def test_an_exit_package_closes_the_case_and_is_audited(self, app, client, hr_api, case_id):
        user_id, headers = hr_api
        response = self._post(client, headers, case_id, kind="exit_package", weeks_of_pay=12.5,
                              last_working_day=TODAY.isoformat(), notes="Signed.")
        assert response.status_code == 201
        case = response.get_json()
        assert (case["status"], case["outcome_kind"]) == ("closed", "exit_package")
        assert case["outcomes"][0]["weeks_of_pay"] == 12.5
        (event,) = _events(app, action="case.exit_package")
        assert event.actor_id == user_id and event.case_id == case_id and event.note == "Signed."

        again = self._post(client, headers, case_id, kind="resigned", resignation_date=TODAY.isoformat())
        assert "already closed" in assert_problem(again, 409)["detail"]

    def test_a_resignation_closes_the_case(self, app, client, hr_api, case_id):
        _, headers = hr_api
        response = self._post(client, headers, case_id, kind="resigned", resignation_date=TODAY.isoformat())
        assert response.status_code == 201
        assert response.get_json()["outcome_kind"] == OutcomeKind.RESIGNED.value

    def test_a_reassignment_reports_problems_under_the_api_field_names(self, app, client, hr_api, case_id):
        _, headers = hr_api
        with app.app_context():
            opening_id = factories.opening().id
            full_id = factories.opening(status=OpeningStatus.FILLED).id
        early = self._post(client, headers, case_id, kind="reassigned", opening_id=opening_id,
                           starts_on=(TODAY - timedelta(days=30)).isoformat())
        assert list(assert_problem(early, 422)["errors"]) == ["starts_on"]
        longer = self._post(client, headers, case_id, kind="reassigned", opening_id=opening_id,
                            starts_on=TODAY.isoformat(), trial_ends_on=(TODAY + timedelta(days=60)).isoformat())
        assert list(assert_problem(longer, 422)["errors"]) == ["extension_agreement"]
        filled = self._post(client, headers, case_id, kind="reassigned", opening_id=full_id,
                            starts_on=TODAY.isoformat())
        assert list(assert_problem(filled, 422)["errors"]) == ["opening_id"]
        assert len(_events(app, case_id=case_id)) == 0

    def test_an_outcome_for_a_missing_case_is_404(self, client, hr_api):
        _, headers = hr_api
        response = self._post(client, headers, 999999, kind="resigned", resignation_date=TODAY.isoformat())
        assert assert_problem(response, 404)["type"] == "urn:talentpool:problem:not-found"


# --- Openings and candidates ---------------------------------------------------------------------


class TestOpenings:
    def test_a_manager_token_posts_an_opening_as_its_manager(self, app, client, manager_api, department_id):
        manager_id, headers = manager_api
        response = client.post("/api/v1/openings", headers=headers, json={
            "title": "Customer Support Specialist", "department_id": department_id, "location": "Berlin",
            "description": "Help our customers.", "headcount": 2,
            "required_skills": [{"name": "Customer service", "min_level": 3}], "nice_to_have": ["Zendesk"],
        })
        assert response.status_code == 201, response.get_json()
        opening = response.get_json()
        assert opening["manager"]["id"] == manager_id and opening["free_places"] == 2
        assert opening["required_skills"] == [{"name": "Customer service", "min_level": 3}]
        assert opening["nice_to_have"] == ["Zendesk"]
        assert opening["pool_only_until"] is not None
        assert _events(app, action="opening.created")[0].actor_id == manager_id

        no_required = client.post("/api/v1/openings", headers=headers, json={
            "title": "X", "department_id": department_id, "location": "Berlin", "description": "Y",
            "required_skills": [{"name": "  "}],
        })
        assert list(assert_problem(no_required, 422)["errors"]) == ["required_skills.0.name"]

    def test_candidates_are_ranked_with_reasons_for_the_opening_manager_only(self, app, client, manager_api, hr_api):
        manager_id, headers = manager_api
        with app.app_context():
            manager = db.session.get(User, manager_id)
            own = factories.opening(manager=manager, required={"Customer service": 3}).id
            other = factories.opening(required={"Customer service": 3}).id
            fits = factories.pool_case(factories.employee("Ann Lee", title="Customer Service Representative",
                                                          skills={"Customer service": 4})).id
            factories.pool_case(factories.employee("Bo Chen", title="Accountant", skills={"IFRS": 4}))
        response = client.get(f"/api/v1/openings/{own}/candidates", headers=headers)
        assert response.status_code == 200
        candidates = response.get_json()
        assert candidates[0]["case"]["id"] == fits and candidates[0]["rank"] == 1
        assert candidates[0]["matched_skills"] == ["Customer service"]
        assert_problem(client.get(f"/api/v1/openings/{other}/candidates", headers=headers), 404)
        assert_problem(client.get(f"/api/v1/openings/{other}", headers=headers), 404)
        listed = client.get("/api/v1/openings", headers=headers).get_json()
        assert [o["id"] for o in listed["items"]] == [own]

        _, hr_headers = hr_api
        assert client.get(f"/api/v1/openings/{other}/candidates", headers=hr_headers).status_code == 200
        assert {o["id"] for o in client.get("/api/v1/openings", headers=hr_headers).get_json()["items"]} == {own, other}

    def test_openings_filter_by_status_department_and_taking_candidates(self, app, client, hr_api):
        _, headers = hr_api
        with app.app_context():
            taking = factories.opening(department_name="Sales").id
            past = factories.opening(closing_date=TODAY - timedelta(days=1)).id
            filled = factories.opening(status=OpeningStatus.FILLED).id
            sales = db.session.scalar(select(Opening.department_id).where(Opening.id == taking))

        def ids(**query):
            response = client.get("/api/v1/openings", headers=headers, query_string=query)
            return {o["id"] for o in response.get_json()["items"]}

        assert ids() == {taking, past, filled}
        assert ids(taking_candidates="true") == {taking}
        assert ids(taking_candidates="false") == {past, filled}
        assert ids(status=OpeningStatus.FILLED) == {filled}
        assert ids(department_id=sales) == {taking}
        assert_problem(client.get("/api/v1/openings?status=gone", headers=headers), 422)


# --- Lists, records, versions --------------------------------------------------------------------


class TestEmployees:
    def test_lists_are_paginated_and_filtered(self, app, client, hr_api):
        _, headers = hr_api
        with app.app_context():
            for name in ("Ann Lee", "Bo Chen", "Cy Diaz"):
                factories.employee(name, department_name="Sales")
            analytics = factories.employee("Di Ek", department_name="Analytics").department_id

        first = client.get("/api/v1/employees?per_page=3", headers=headers).get_json()
        assert [e["full_name"] for e in first["items"]] == ["Ann Lee", "Bo Chen", "Cy Diaz"]
        assert first["pagination"] == {"page": 1, "per_page": 3, "total": 4, "pages": 2}
        second = client.get("/api/v1/employees?per_page=3&page=2", headers=headers).get_json()
        assert [e["full_name"] for e in second["items"]] == ["Di Ek"]
        beyond = client.get("/api/v1/employees?per_page=3&page=9", headers=headers).get_json()
        assert beyond["items"] == [] and beyond["pagination"]["total"] == 4
        found = client.get("/api/v1/employees?q=chen", headers=headers).get_json()["items"]
        assert [e["full_name"] for e in found] == ["Bo Chen"]
        in_analytics = client.get(f"/api/v1/employees?department_id={analytics}", headers=headers).get_json()
        assert [e["full_name"] for e in in_analytics["items"]] == ["Di Ek"]
        too_many = assert_problem(client.get("/api/v1/employees?per_page=101", headers=headers), 422)
        assert list(too_many["errors"]) == ["per_page"]

    def test_a_missing_record_or_address_is_a_404_problem(self, client, hr_api):
        _, headers = hr_api
        assert assert_problem(client.get("/api/v1/employees/999999", headers=headers), 404)["detail"] == (
            "This employee does not exist."
        )
        assert_problem(client.get("/api/v1/employees/999999/skills", headers=headers), 404)
        assert_problem(client.get("/api/v1/no-such-thing", headers=headers), 404)
        assert_problem(client.get("/api/v1/employees/99999999999", headers=headers), 404)
        not_allowed = client.delete("/api/v1/employees", headers=headers)
        assert_problem(not_allowed, 405)
        assert "GET" in not_allowed.headers["Allow"]

    def test_a_change_on_a_stale_version_is_refused_with_409(self, app, client, hr_api):
        user_id, headers = hr_api
        with app.app_context():
            employee_id = factories.employee("Ann Lee", title="Analyst").id
        read = client.get(f"/api/v1/employees/{employee_id}", headers=headers).get_json()
        changed = client.patch(f"/api/v1/employees/{employee_id}", headers=headers,
                               json={"title": "Senior Analyst", "version": read["version"]})
        assert changed.status_code == 200
        assert changed.get_json()["title"] == "Senior Analyst" and changed.get_json()["full_name"] == "Ann Lee"
        assert changed.get_json()["version"] > read["version"]

        stale = client.patch(f"/api/v1/employees/{employee_id}", headers=headers,
                             json={"title": "Lead Analyst", "version": read["version"]})
        assert assert_problem(stale, 409)["type"] == "urn:talentpool:problem:edit-conflict"
        assert client.get(f"/api/v1/employees/{employee_id}", headers=headers).get_json()["title"] == "Senior Analyst"
        assert_problem(client.patch(f"/api/v1/employees/{employee_id}", headers=headers, json={"title": "X"}), 422)
        updated = _events(app, action="employee.updated")
        assert len(updated) == 1 and updated[0].actor_id == user_id

    def test_skills_are_read_and_replaced_with_the_version(self, app, client, hr_api):
        _, headers = hr_api
        with app.app_context():
            employee_id = factories.employee(skills={"Excel": 2}).id
        profile = client.get(f"/api/v1/employees/{employee_id}/skills", headers=headers).get_json()
        assert profile["skills"] == [{"name": "Excel", "level": 2}]
        replaced = client.put(f"/api/v1/employees/{employee_id}/skills", headers=headers, json={
            "summary": "Reports and dashboards.",
            "skills": [{"name": "Excel", "level": 4}, {"name": "SQL", "level": 3}],
            "version": profile["version"],
        })
        assert replaced.status_code == 200
        assert [s["name"] for s in replaced.get_json()["skills"]] == ["Excel", "SQL"]
        stale = client.put(f"/api/v1/employees/{employee_id}/skills", headers=headers,
                           json={"skills": [], "version": profile["version"]})
        assert_problem(stale, 409)
        twice = client.put(f"/api/v1/employees/{employee_id}/skills", headers=headers, json={
            "skills": [{"name": "Excel"}, {"name": "excel"}], "version": replaced.get_json()["version"],
        })
        assert "listed twice" in assert_problem(twice, 422)["errors"]["skills"][0]
        bad_level = client.put(f"/api/v1/employees/{employee_id}/skills", headers=headers, json={
            "skills": [{"name": "Excel", "level": 9}], "version": replaced.get_json()["version"],
        })
        assert list(assert_problem(bad_level, 422)["errors"]) == ["skills.0.level"]

    def test_text_the_databases_cannot_store_and_unknown_parameters_are_refused(self, client, hr_api, department_id):
        _, headers = hr_api
        fields = {"employee_number": "E-1", "title": "Analyst", "department_id": department_id}
        nul = client.post("/api/v1/employees", headers=headers, json=fields | {"full_name": "Ann\x00Lee"})
        assert list(assert_problem(nul, 422)["errors"]) == ["full_name"]
        surrogate = client.post(
            "/api/v1/employees", headers=headers, content_type="application/json",
            data='{"employee_number": "E-1", "title": "Analyst", "department_id": %d, "full_name": "Ann \\ud800"}'
            % department_id,
        )
        assert list(assert_problem(surrogate, 422)["errors"]) == ["full_name"]
        assert list(assert_problem(client.get("/api/v1/employees?pgae=2", headers=headers), 422)["errors"]) == ["pgae"]
        assert_problem(client.post("/api/v1/employees", headers=headers, json=fields | {"full_name": "A", "x": 1}), 422)

    def test_a_duplicate_employee_number_is_a_422_on_that_field(self, app, client, hr_api, department_id):
        _, headers = hr_api
        with app.app_context():
            number = factories.employee().employee_number
        response = client.post("/api/v1/employees", headers=headers, json={
            "employee_number": number, "full_name": "Ann Lee", "title": "Analyst", "department_id": department_id,
        })
        assert list(assert_problem(response, 422)["errors"]) == ["employee_number"]


class TestCases:
    def test_cases_filter_by_status_department_owner_and_search(self, app, client, hr_api):
        user_id, headers = hr_api
        with app.app_context():
            owner = db.session.get(User, user_id)
            mine = factories.pool_case(factories.employee("Ann Lee", department_name="Sales"), owner=owner).id
            other = factories.pool_case(factories.employee("Bo Chen")).id
            overdue = factories.pool_case(entered_on=TODAY - timedelta(days=100), deadline=TODAY - timedelta(days=1)).id
            closed = factories.pool_case(status=CaseStatus.CLOSED).id
            sales = db.session.get(PoolCase, mine).eliminated_department_id

        def ids(**query):
            response = client.get("/api/v1/cases", headers=headers, query_string=query)
            assert response.status_code == 200, response.get_json()
            return {c["id"] for c in response.get_json()["items"]}

        assert ids() == {mine, other, overdue, closed}
        assert ids(status="open") == {mine, other, overdue}
        assert ids(status="overdue") == {overdue}
        assert ids(status="closed") == {closed}
        assert ids(owner_id=user_id) == {mine}
        assert ids(department_id=sales) == {mine}
        assert ids(q="chen") == {other}
        assert_problem(client.get("/api/v1/cases?status=lost", headers=headers), 422)

    def test_adding_someone_twice_is_refused_on_the_employee(self, app, client, hr_api):
        _, headers = hr_api
        with app.app_context():
            case = factories.pool_case()
        response = client.post("/api/v1/cases", headers=headers, json={
            "employee_id": case.employee_id, "eliminated_title": "Analyst",
            "eliminated_department_id": case.eliminated_department_id, "reason": "Again",
            "entered_on": TODAY.isoformat(),
        })
        assert "already has an open pool case" in assert_problem(response, 422)["errors"]["employee_id"][0]

    def test_suggestions_of_a_closed_case_are_empty(self, app, client, hr_api):
        _, headers = hr_api
        with app.app_context():
            case_id = factories.pool_case(status=CaseStatus.CLOSED).id
            factories.opening()
        assert client.get(f"/api/v1/cases/{case_id}/suggestions", headers=headers).get_json() == []


# --- The OpenAPI document ----------------------------------------------------------------------


def test_the_openapi_document_describes_every_api_route(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": "An API token (tp_...) that HR created."
    }
    routed = {
        re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api_")
    }
    assert routed == set(spec["paths"])
    outcome = spec["components"]["schemas"]["OutcomeRequest"]
    assert outcome["discriminator"]["propertyName"] == "kind"
    assert set(outcome["discriminator"]["mapping"]) == {kind.value for kind in OutcomeKind}
    problem = spec["components"]["responses"]["NOT_FOUND"]["content"]
    assert list(problem) == [PROBLEM_JSON]
