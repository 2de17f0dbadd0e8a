"""Fixtures: an app per test on a migrated database (SQLite, and PostgreSQL when configured).

Set TALENTPOOL_TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run every
database test on PostgreSQL as well as SQLite. The schema is built once per backend by the real
migrations; each test then starts from empty tables.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from talentpool import create_app
from talentpool.config import normalise_database_url
from talentpool.extensions import db
from talentpool.models import Role

from tests import factories

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TALENTPOOL_TEST_DATABASE_URL") else [])


def _reset_postgresql(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):
    """A database migrated to head, once per backend per test run."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    else:
        url = normalise_database_url(os.environ["TALENTPOOL_TEST_DATABASE_URL"])
        _reset_postgresql(url)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return url


# Email goes to an in-memory outbox: app.extensions["mailman"].outbox.
TEST_CONFIG = {"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "MAIL_BACKEND": "locmem"}


@pytest.fixture
def app(database_url):
    """The app on empty tables. No app context is pushed: each request gets its own, as in production."""
    app = create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": database_url})
    yield app
    with app.app_context():
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def app_ctx(app):
    """An app context for tests that call services and factories directly, without requests."""
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """Sign in through the real login form, as a new user with given roles or as a given user."""

    def __init__(self, app, client):
        self._app = app
        self._client = client

    def login(self, *roles: Role, user=None):
        if user is None:
            with self._app.app_context():
                employee = factories.employee() if Role.EMPLOYEE in roles else None
                user = factories.user(*roles, employee=employee)
        response = self._client.post(
            "/login", data={"email": user.email, "password": factories.PASSWORD}, follow_redirects=False
        )
        assert response.status_code == 302, "login failed"
        return user

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(app, client):
    return AuthActions(app, client)


@pytest.fixture
def manager(auth):
    """A signed-in manager."""
    return auth.login(Role.MANAGER)


@pytest.fixture
def department_id(app):
    """A department openings and people can belong to."""
    with app.app_context():
        return factories.department("Customer Success").id
