"""Signing in and out, and who may enter which part of the app."""

import pytest

from talentpool.models import Role
from tests import factories


def test_login_page_shows_the_form(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b'name="email"' in response.data and b'name="password"' in response.data


def test_valid_credentials_sign_in_and_land_on_the_role_home(app, client):
    with app.app_context():
        user = factories.user(Role.HR)
    response = client.post("/login", data={"email": user.email.upper(), "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/hr/"


def test_wrong_password_and_unknown_email_get_the_same_answer(app, client):
    with app.app_context():
        user = factories.user(Role.HR)
    wrong = client.post("/login", data={"email": user.email, "password": "not-the-password"})
    unknown = client.post("/login", data={"email": "nobody@example.com", "password": "not-the-password"})
    assert wrong.status_code == unknown.status_code == 200
    assert b"The email or password is not right." in wrong.data
    assert b"The email or password is not right." in unknown.data


def test_login_form_reports_missing_fields_next_to_them(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert b"Enter your email address." in response.data
    assert b"Enter your password." in response.data


def test_deactivated_user_cannot_sign_in(app, client):
    with app.app_context():
        user = factories.user(Role.HR)
        user.active = False
        factories.db.session.commit()
        email = user.email
    response = client.post("/login", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 200
    assert b"The email or password is not right." in response.data


def test_login_follows_next_only_within_the_site(app, client):
    with app.app_context():
        user = factories.user(Role.HR)
    data = {"email": user.email, "password": factories.PASSWORD}
    assert client.post("/login?next=/hr/reports", data=data).headers["Location"] == "/hr/reports"
    client.post("/logout")
    assert client.post("/login?next=https://evil.example/x", data=data).headers["Location"] == "/hr/"


def test_logout_ends_the_session(client, auth):
    auth.login(Role.HR)
    assert client.get("/hr/pool").status_code == 200
    auth.logout()
    response = client.get("/hr/pool")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    ("roles", "expected"),
    [((Role.HR,), "/hr/"), ((Role.MANAGER,), "/manager/openings"), ((Role.EMPLOYEE,), "/me/")],
)
def test_root_sends_each_role_to_its_start_page(client, auth, roles, expected):
    auth.login(*roles)
    assert client.get("/").headers["Location"] == expected
