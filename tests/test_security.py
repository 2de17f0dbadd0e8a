"""Browser-side protections: security headers on every response, and how long a sign-in lasts."""

from __future__ import annotations

import importlib
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest

from talentpool import PROJECT_ROOT, config, create_app
from talentpool.extensions import db
from talentpool.models import Role
from talentpool.security import LAST_SEEN
from tests import factories
from tests.conftest import TEST_CONFIG

EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in (p.strip() for p in policy.split(";")) if part}


def assert_security_headers(response) -> None:
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, name
    directives = csp_directives(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions


class TestHeaders:
    def test_an_html_page_has_them(self, client):
        assert_security_headers(client.get("/login"))

    def test_a_static_file_has_them(self, client):
        response = client.get("/static/css/app.css")
        response.close()  # the file is streamed; close it rather than read it
        assert response.status_code == 200
        assert_security_headers(response)

    def test_an_api_answer_has_them(self, client):
        response = client.get("/api/v1/cases")
        assert response.status_code == 401
        assert_security_headers(response)

    def test_error_pages_have_them(self, client, auth):
        assert_security_headers(client.get("/no-such-page"))
        auth.login(Role.EMPLOYEE)
        forbidden = client.get("/hr/pool")
        assert forbidden.status_code == 403
        assert_security_headers(forbidden)

    def test_a_signed_in_page_has_them(self, client, auth):
        auth.login(Role.HR)
        response = client.get("/hr/reports")
        assert response.status_code == 200
        assert_security_headers(response)

    def test_no_hsts_by_default_so_a_local_http_run_is_not_pinned_to_https(self, client):
        assert "Strict-Transport-Security" not in client.get("/login").headers

    def test_hsts_when_configured_for_production(self, app):
        secured = create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                            "HSTS_SECONDS": 31536000})
        response = secured.test_client().get("/login")
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        with secured.app_context():
            db.engine.dispose()


TEMPLATES = sorted((PROJECT_ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(PROJECT_ROOT / "templates")))
def test_templates_hold_no_inline_script_handler_or_style(template: Path):
    """What the policy would refuse in a browser, found in the source: scripts come from static/js."""
    text = template.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, f"inline script: {tag}"
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler (onclick=...)"
    assert not re.search(r"\sstyle\s*=", text), "inline style attribute"
    assert "<style" not in text, "inline <style> element"
    assert "javascript:" not in text


class TestSessionCookie:
    def _session_cookie(self, response) -> str:
        return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))

    def test_is_http_only_same_site_lax_and_ends_after_the_session_lifetime(self, app, client):
        with app.app_context():
            user = factories.user(Role.HR)
        response = client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
        cookie = self._session_cookie(response)
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        assert "Secure" not in cookie  # local http by default
        assert "Expires=" in cookie  # permanent: capped by PERMANENT_SESSION_LIFETIME, not the browser
        assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=8)

    def test_is_secure_when_configured(self, app):
        secured = create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                            "SESSION_COOKIE_SECURE": True})
        with secured.app_context():
            user = factories.user(Role.HR)
        response = secured.test_client().post("/login", data={"email": user.email, "password": factories.PASSWORD})
        assert "Secure" in self._session_cookie(response)
        with secured.app_context():
            db.engine.dispose()

    def test_settings_come_from_the_environment(self, monkeypatch):
        monkeypatch.setenv("TALENTPOOL_SECURE_COOKIES", "1")
        monkeypatch.setenv("TALENTPOOL_SESSION_HOURS", "4")
        monkeypatch.setenv("TALENTPOOL_IDLE_TIMEOUT_MINUTES", "15")
        monkeypatch.setenv("TALENTPOOL_HSTS_SECONDS", "600")
        try:
            settings = importlib.reload(config).Config.from_environment()
        finally:
            monkeypatch.undo()
            importlib.reload(config)
        assert settings["SESSION_COOKIE_SECURE"] is True
        assert settings["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=4)
        assert settings["IDLE_TIMEOUT_MINUTES"] == 15
        assert settings["HSTS_SECONDS"] == 600
        defaults = config.Config.from_environment()
        assert (defaults["SESSION_COOKIE_SECURE"], defaults["IDLE_TIMEOUT_MINUTES"]) == (False, 30)


class TestSignIn:
    def test_nothing_from_before_sign_in_survives_it(self, app, client):
        with app.app_context():
            user = factories.user(Role.HR)
        client.get("/login")
        with client.session_transaction() as session:
            session["planted"] = "by someone else"
        client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
        with client.session_transaction() as session:
            assert "planted" not in session
            assert session["_user_id"] == str(user.id)

    def test_signing_out_empties_the_session(self, client, auth):
        auth.login(Role.HR)
        auth.logout()
        with client.session_transaction() as session:
            assert "_user_id" not in session
            assert LAST_SEEN not in session
        assert client.get("/hr/").status_code == 302


class TestIdleTimeout:
    def _idle_for(self, client, minutes: float) -> None:
        with client.session_transaction() as session:
            session[LAST_SEEN] = time.time() - minutes * 60

    def test_a_request_within_the_timeout_keeps_the_session_and_restarts_the_clock(self, client, auth):
        auth.login(Role.HR)
        self._idle_for(client, 29)
        assert client.get("/hr/").status_code == 200
        with client.session_transaction() as session:
            assert time.time() - session[LAST_SEEN] < 60

    def test_after_the_timeout_the_person_is_signed_out_and_sent_to_sign_in(self, client, auth):
        auth.login(Role.HR)
        self._idle_for(client, 31)
        response = client.get("/hr/pool")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
        with client.session_transaction() as session:
            assert "_user_id" not in session
        login_page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "signed out after a time without activity" in login_page
        assert client.get("/hr/pool").status_code == 302  # still signed out

    def test_a_timed_out_sign_in_returns_to_the_page_asked_for(self, client, auth):
        auth.login(Role.HR)
        self._idle_for(client, 31)
        response = client.get("/hr/pool")
        assert response.headers["Location"] == "/login?next=/hr/pool"

    def test_the_timeout_is_a_setting(self, app, client, auth):
        app.config["IDLE_TIMEOUT_MINUTES"] = 5
        auth.login(Role.HR)
        self._idle_for(client, 6)
        assert client.get("/hr/").status_code == 302


def test_every_csv_the_app_writes_goes_through_the_formula_guard():
    """One writer for downloads (`csv_export.csv_chunks`, which guards every text cell); the import
    templates hold only fixed examples, none of which a spreadsheet would run."""
    from talentpool.services.csv_import import COLUMNS, FORMULA_TRIGGERS

    writers = {
        str(path.relative_to(PROJECT_ROOT)): path.read_text(encoding="utf-8").count("csv.writer(")
        for path in (PROJECT_ROOT / "talentpool").rglob("*.py")
    }
    assert {path: count for path, count in writers.items() if count} == {
        "talentpool/services/csv_export.py": 1,
        "talentpool/services/csv_import.py": 1,
    }
    examples = [column.example for columns in COLUMNS.values() for column in columns]
    assert not [example for example in examples if str(example).startswith(FORMULA_TRIGGERS)]
