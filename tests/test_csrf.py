"""Every form carries a CSRF token; a POST without one changes nothing."""

import pytest
from sqlalchemy import func, select

from talentpool.extensions import db
from talentpool.models import Department, Role, User
from tests import factories
from tests.conftest import TEST_CONFIG

from talentpool import create_app


@pytest.fixture
def csrf_app(app):
    """The same database, with CSRF protection on as in production."""
    protected = create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "WTF_CSRF_ENABLED": True})
    yield protected
    with protected.app_context():
        db.engine.dispose()


def test_login_without_a_token_is_refused(csrf_app):
    with csrf_app.app_context():
        user = factories.user(Role.HR)
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 400
    assert "Form expired" in response.get_data(as_text=True)


def _token(client, path):
    import re

    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_a_form_posted_with_its_token_works_and_without_it_is_refused(csrf_app):
    with csrf_app.app_context():
        user = factories.user(Role.HR)
    client = csrf_app.test_client()
    client.post("/login", data={"email": user.email, "password": factories.PASSWORD, "csrf_token": _token(client, "/login")})
    assert client.get("/hr/pool").status_code == 200

    refused = client.post("/hr/departments", data={"name": "Forged"})
    assert refused.status_code == 400
    accepted = client.post("/hr/departments", data={"name": "Real", "csrf_token": _token(client, "/hr/departments")})
    assert accepted.status_code == 302
    with csrf_app.app_context():
        assert db.session.scalars(select(Department.name)).all() == ["Real"]


def test_logout_by_post_needs_the_token(csrf_app):
    with csrf_app.app_context():
        user = factories.user(Role.HR)
    client = csrf_app.test_client()
    client.post("/login", data={"email": user.email, "password": factories.PASSWORD, "csrf_token": _token(client, "/login")})
    assert client.post("/logout").status_code == 400
    assert client.get("/hr/pool").status_code == 200
