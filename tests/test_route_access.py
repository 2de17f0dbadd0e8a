"""Who may reach each route: every rule of the URL map against every role, no role and anonymous.

The expected access is a table kept here, by endpoint prefix. A route whose endpoint no prefix
covers fails the suite, so a new route must be placed in the table, i.e. someone decides who may
use it. URL parameters are filled with the ids of a small real dataset, so a protection that only
answered for unknown ids would not pass.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from talentpool import create_app
from talentpool.extensions import db
from talentpool.models import ApiToken, ContestKind, Role, User
from talentpool.services import contests, notifications
from talentpool.services.notifications import NotificationKind
from tests import factories


class Access(enum.Enum):
    """Who a route is for."""

    PUBLIC = "anyone"
    SIGNED_IN = "any signed-in user"
    HR = "HR staff"
    MANAGER = "managers"
    EMPLOYEE = "employees"
    TOKEN = "API tokens only"


# Endpoint prefix -> who may use it. The longest matching prefix decides.
EXPECTED_ACCESS = {
    "auth.": Access.PUBLIC,
    "auth.logout": Access.SIGNED_IN,
    "hr.": Access.HR,
    "manager.": Access.MANAGER,
    "employee.": Access.EMPLOYEE,
    "notifications.": Access.SIGNED_IN,
    "api_cases.": Access.TOKEN,
    "api_employees.": Access.TOKEN,
    "api_openings.": Access.TOKEN,
    # The OpenAPI document describes the API and holds no data; integrators read it before they
    # hold a token.
    "api-docs.openapi_json": Access.PUBLIC,
}

ROLE_ACCESS = {Role.HR: Access.HR, Role.MANAGER: Access.MANAGER, Role.EMPLOYEE: Access.EMPLOYEE}
# The people who try every route: each role alone, a user with no role, and nobody signed in.
IDENTITIES = ["anonymous", "no role", *Role]

# Values for URL arguments that are not ids, by endpoint then by argument name.
WORDS = {
    "hr.record_outcome": {"kind": "resigned"},
    "hr.report_csv": {"name": "pool-size"},
}
DEFAULT_WORDS = {"kind": "employees", "token": "0" * 32}


def expected_access(endpoint: str) -> Access:
    matches = [prefix for prefix in EXPECTED_ACCESS if endpoint.startswith(prefix)]
    if not matches:
        pytest.fail(
            f"the route {endpoint!r} is not in EXPECTED_ACCESS (tests/test_route_access.py): "
            "add it with who may use it, and protect it accordingly"
        )
    return EXPECTED_ACCESS[max(matches, key=len)]


def _rules():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    params = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if rule.endpoint == "static":
            continue
        methods = rule.methods - {"HEAD", "OPTIONS"}
        method = "GET" if "GET" in methods else sorted(methods)[0]
        params.append(pytest.param(rule.endpoint, rule.rule, method, id=f"{method} {rule.rule}"))
    return params


RULES = _rules()


@dataclass
class Dataset:
    """One of everything a URL can name, and a user for each identity."""

    users: dict
    ids: dict[str, int]


@pytest.fixture
def dataset(app) -> Dataset:
    with app.app_context():
        hr = factories.user(Role.HR)
        manager = factories.user(Role.MANAGER)
        person = factories.employee()
        employee_user = factories.user(Role.EMPLOYEE, employee=person)
        nobody = factories.user(Role.EMPLOYEE)
        nobody.role_rows.clear()  # an account whose roles were all taken away
        db.session.commit()
        case = factories.pool_case(person, owner=hr)
        opening = factories.opening(manager=manager)
        contest = contests.open_contest(
            db.session, db.session.get(User, employee_user.id), case.id,
            kind=ContestKind.MISSING_ROLE, message="A role is missing",
        )
        notice = notifications.notify(
            db.session, db.session.get(User, employee_user.id), kind=list(NotificationKind)[0],
            message="Hello", link="/me/", email=False,
        )
        db.session.commit()
        factories.api_token(hr)
        ids = {
            "case_id": case.id,
            "employee_id": person.id,
            "opening_id": opening.id,
            "contest_id": contest.id,
            "notification_id": notice.id,
            "user_id": employee_user.id,
            "token_id": db.session.scalar(select(ApiToken.id)),
        }
        # Only the email is needed to sign in (auth.login), and it outlives the session.
        accounts = {Role.HR: hr, Role.MANAGER: manager, Role.EMPLOYEE: employee_user, "no role": nobody}
        users = {identity: SimpleNamespace(email=account.email) for identity, account in accounts.items()}
        return Dataset(users=users, ids=ids)


def build_path(app, endpoint: str, dataset: Dataset) -> str:
    (rule,) = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    words = DEFAULT_WORDS | WORDS.get(endpoint, {})
    values = {}
    for argument in rule.arguments:
        if argument in dataset.ids:
            values[argument] = dataset.ids[argument]
        elif argument in words:
            values[argument] = words[argument]
        else:
            pytest.fail(f"no value for <{argument}> of {endpoint}: add one to the dataset or WORDS")
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **values)


def check(access: Access, identity, response) -> str | None:
    """What is wrong with this answer to this identity, or None when it is what access demands."""
    status = response.status_code
    location = response.headers.get("Location", "")
    # flask-login's refusal: to the sign-in page, to come back here (signing out also ends at /login).
    to_login = status == 302 and location.startswith("/login?next=")
    if status >= 500:
        return f"server error {status}"
    if access is Access.PUBLIC:
        return f"refused ({status})" if status in (401, 403) else None
    if access is Access.TOKEN:
        # No token: refused, whoever's session cookie comes along.
        return None if status == 401 and response.is_json else f"expected 401 without a token, got {status}"
    if identity == "anonymous":
        return None if to_login else f"expected a redirect to the sign-in page, got {status} {location}"
    allowed = access is Access.SIGNED_IN or (identity in ROLE_ACCESS and ROLE_ACCESS[identity] is access)
    if allowed:
        return f"refused ({status} {location})" if status in (401, 403) or to_login else None
    return None if status == 403 else f"expected 403 for the wrong role, got {status} {location}"


def test_every_route_is_in_the_table():
    missing = [p.values[0] for p in RULES if not any(p.values[0].startswith(prefix) for prefix in EXPECTED_ACCESS)]
    assert not missing, f"routes missing from EXPECTED_ACCESS: {missing}"


def test_every_audience_is_covered():
    """The enumeration really reaches every blueprint, including notifications and the API."""
    endpoints = {p.values[0] for p in RULES}
    for prefix in EXPECTED_ACCESS:
        assert any(endpoint.startswith(prefix) for endpoint in endpoints), f"no route for {prefix}"


@pytest.mark.parametrize(("endpoint", "rule", "method"), RULES)
def test_route_answers_only_those_it_is_for(app, client, auth, dataset, endpoint, rule, method):
    access = expected_access(endpoint)
    path = build_path(app, endpoint, dataset)
    problems = []
    for identity in IDENTITIES:
        client.delete_cookie("session")
        if identity != "anonymous":
            auth.login(user=dataset.users[identity])
        response = client.open(path, method=method)
        response.close()  # downloads are streamed
        problem = check(access, identity, response)
        if problem:
            problems.append(f"{identity}: {problem}")
    assert not problems, f"{method} {path} is for {access.value}, but:\n" + "\n".join(problems)


def test_an_unlisted_route_fails_with_a_clear_message():
    with pytest.raises(pytest.fail.Exception, match="not in EXPECTED_ACCESS"):
        expected_access("reports_v2.secret_export")


@pytest.mark.parametrize("identity", [Role.HR, Role.MANAGER, Role.EMPLOYEE])
def test_a_wrong_role_check_is_caught(identity):
    """The checker itself: a 200 for the wrong role, or for anyone without a token, is reported."""

    class Answer:
        status_code = 200
        headers: dict = {}
        is_json = True

    other = next(access for role, access in ROLE_ACCESS.items() if role != identity)
    assert check(other, identity, Answer()) is not None
    assert check(Access.TOKEN, identity, Answer()) is not None
    assert check(Access.HR, "anonymous", Answer()) is not None
