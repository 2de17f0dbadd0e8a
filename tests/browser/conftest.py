"""Browser fixtures: the real app served on a free local port, driven by Playwright in Debian's Chromium.

Each test module gets its own server on a fresh SQLite database, migrated and filled with the demo
company, so journeys run against the pages people see. Without Chromium (or Playwright) these tests
are skipped with the reason in pytest's summary; set TALENTPOOL_REQUIRE_BROWSER=1 (as `.ci/run` does)
to make a missing browser an error instead of a skip.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from talentpool import create_app

try:
    from playwright.sync_api import expect  # noqa: F401  (re-exported for the test modules)
except ImportError:  # the browser tests are then skipped, with the reason (see below)
    expect = None
from talentpool.extensions import db
from talentpool.services import demo

CHROMIUM = os.environ.get("TALENTPOOL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = demo.DEMO_PASSWORD
# Page-level waits: generous for a loaded 2-core CI machine, still a clear failure when a page hangs.
TIMEOUT_MS = 15_000


def _browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (install the test extras: pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium not found at {CHROMIUM} (install Debian's package: apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config, items):
    browser_dir = Path(__file__).resolve().parent
    ours = [item for item in items if browser_dir in Path(item.fspath).resolve().parents]
    reason = _browser_missing() if ours else None
    if reason is None:
        return
    if os.environ.get("TALENTPOOL_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"browser tests required (TALENTPOOL_REQUIRE_BROWSER) but {reason}")
    for item in ours:
        item.add_marker(pytest.mark.skip(reason=f"browser test skipped: {reason}"))


class LiveServer:
    """The app served by werkzeug in a background thread; `url` is its base address."""

    def __init__(self, app) -> None:
        self.app = app
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log line per request
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "LiveServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """A fresh, migrated SQLite database with the demo company, served on a free port."""
    database = tmp_path_factory.mktemp("browser-db") / "talentpool.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "browser-tests"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        demo.seed_demo_company(db.session, pool_period_days=app.config["POOL_PERIOD_DAYS"])
        db.session.remove()
    with LiveServer(app) as server:
        yield server
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def watch_content_security_policy(context) -> list[str]:
    """Collect the Content-Security-Policy violations Chromium reports on the console ("Refused to ...")."""
    violations: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", on_console)
    return violations


def assert_no_csp_violations(violations: list[str]) -> None:
    """Every page must work under the policy: no inline script, no inline style, nothing from elsewhere."""
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    violations = watch_content_security_policy(context)
    yield context
    context.close()
    assert_no_csp_violations(violations)


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def phone(browser, live_server):
    """A page the size of a phone screen (touch, 390 x 844)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    violations = watch_content_security_policy(context)
    yield context.new_page()
    context.close()
    assert_no_csp_violations(violations)


def login(page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a person does."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"sign-in as {email} failed"


def logout(page) -> None:
    page.get_by_role("button", name=re.compile("sign out", re.I)).click()
    page.wait_for_url(re.compile(r"/login"))


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/ (git-ignored) for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def accessibility_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of the given impacts on the current page, one readable line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools rather than added as an inline <script>, which the page's
        # Content-Security-Policy (rightly) refuses.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in results["violations"]:
        if violation["impact"] in impacts:
            targets = [json.dumps(node["target"]) for node in violation["nodes"][:5]]
            found.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) at {', '.join(targets)}")
    return found


def assert_accessible(page) -> None:
    violations = accessibility_violations(page)
    assert not violations, f"accessibility violations on {page.url}:\n" + "\n".join(violations)
