"""Load test: 20 simulated users against gunicorn with 2 workers, 50,000 people, PostgreSQL and SQLite.

For each backend: a fresh database (PostgreSQL: the public schema of its own database, never the
test suite's `test`; SQLite: a temporary file), `flask init-db` and `flask seed-demo --people N`
as subprocesses, exactly as an operator would run them (50,000 people give 1,000 in the pool and
300 openings), then `gunicorn --workers 2` on a free local port. A second process (spawned, standard
library only) runs one thread per simulated user, each signed in through the real /login form with
its own cookies:

- HR staff (hr@, hr2@): the pool list with filters, sorting and pages; case pages; reports; and
  recording: the case edit form posted back with its CSRF token and a changed note;
- managers (manager@, manager2@): their openings and each opening's ranked candidates;
- employees (employee@, shared): their case with suggestions, the openings list, one opening.

Users wait 50-200 ms between requests (seeded). Requests of the first `--warmup` seconds (sign-in,
the per-process matcher cache filling) are left out of the figures and reported apart. A request
fails on a connection error or timeout (10 s), on status >= 400, or when it is not what the page
gives a signed-in user (200, or 302 after a POST): a redirect to /login is a failure.
Target: p95 under 300 ms on every page and no failed request. Run:

    .venv/bin/python benchmarks/load.py                                  # both backends, 60 s each
    .venv/bin/python benchmarks/load.py --backends postgresql --people 5000 --duration 10 --warmup 3
"""

from __future__ import annotations

import argparse
import contextlib
import html
import html.parser
import http.cookiejar
import math
import multiprocessing
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

TARGET_P95_MS = 300
REQUEST_TIMEOUT = 10
SECRET_KEY = "load-benchmark"
PASSWORD = "demo-password"
HR_EMAILS = ("hr@example.com", "hr2@example.com")
MANAGER_EMAILS = ("manager@example.com", "manager2@example.com")
EMPLOYEE_EMAIL = "employee@example.com"
# Share of the simulated users per role: 8 HR, 6 managers and 6 employees out of 20.
ROLE_SHARES = (("hr", 0.4), ("manager", 0.3), ("employee", 0.3))
BACKEND_LABELS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


# --- The simulated users (run in the driver process; standard library only) ------------------


@dataclass(frozen=True)
class Sample:
    """One request as the user saw it; `started` is seconds since the run began."""

    page: str
    path: str
    started: float
    ms: float
    status: int  # 0 for a connection error or timeout
    failed: bool
    error: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the caller, which counts them; cookies are still stored."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class _Form:
    fields: list[tuple[str, str]] = field(default_factory=list)


class _FormParser(html.parser.HTMLParser):
    """Every form on a page with the values a browser would submit (no submit buttons)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[_Form] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(_Form())
        if not self.forms or not attributes.get("name") and tag != "option":
            return
        fields = self.forms[-1].fields
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            fields.append((attributes["name"], attributes.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea, self._text = attributes["name"], []
        elif tag == "select":
            self._select, self._options = attributes["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((attributes.get("value", ""), "selected" in attributes))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.forms[-1].fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected] or [v for v, _ in self._options[:1]]
            self.forms[-1].fields.extend((self._select, value) for value in chosen)
            self._select = None


def form_with(page: str, field_name: str) -> _Form | None:
    """The first form on the page that has a field of this name."""
    parser = _FormParser()
    parser.feed(page)
    return next((f for f in parser.forms if any(name == field_name for name, _ in f.fields)), None)


def ids_linked(page: str, prefix: str) -> list[int]:
    """Ids of the links `prefix<id>` on the page, e.g. prefix "/hr/pool/" gives case ids."""
    return sorted({int(n) for n in re.findall(rf'href="{re.escape(prefix)}(\d+)"', page)})


class _Clock:
    """Seconds since the run began, shared by every user of the driver."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self.started


class SimulatedUser:
    """One person with their own cookies, signing in once and then browsing as their role does."""

    def __init__(self, base_url: str, role: str, email: str, rng: random.Random, clock: _Clock) -> None:
        self.base_url = base_url
        self.role = role
        self.email = email
        self.rng = rng
        self.clock = clock
        self.samples: list[Sample] = []
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )
        self.case_ids: list[int] = []
        self.open_case_ids: list[int] = []  # only open cases may be edited
        self.opening_ids: list[int] = []
        self.pool_pages = 1
        self.departments: list[str] = []
        self.names: list[str] = []
        self.notes_written = 0

    # Requests --------------------------------------------------------------------------------

    def request(self, page: str, path: str, data: list[tuple[str, str]] | None = None) -> tuple[int, str]:
        """Send one request, record it, and return (status, body); status 0 when it failed."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base_url + path, data=body)
        started = self.clock.now()
        status, text, error = 0, "", ""
        try:
            with self.opener.open(req, timeout=REQUEST_TIMEOUT) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as answer:  # 3xx (not followed), 4xx and 5xx
            status = answer.code
            with contextlib.suppress(OSError):
                text = answer.read().decode("utf-8", "replace")
            if status in (301, 302, 303):
                error = f"redirect to {answer.headers.get('Location', '?')}"
        except (OSError, urllib.error.URLError) as problem:
            error = f"{type(problem).__name__}: {problem}"
        ms = (self.clock.now() - started) * 1000
        expected = 302 if data is not None else 200
        failed = status != expected
        if failed and not error:
            error = f"status {status}"
            if status == 200:  # a form shown again: say why
                alert = re.search(r'class="(?:alert|invalid-feedback)[^"]*"[^>]*>(.*?)</div>', text, re.S)
                reason = html.unescape(re.sub(r"<[^>]+>|\s+", " ", alert.group(1))).strip() if alert else "?"
                error = f"form shown again: {reason}"
        self.samples.append(Sample(page, path, started, ms, status, failed, error if failed else ""))
        return (status, text) if not failed else (0, text)

    def sign_in(self) -> bool:
        """GET the form, then POST it with the CSRF token it carries, as a browser does."""
        status, page = self.request("sign in form", "/login")
        form = form_with(page, "email") if status else None
        if form is None:
            return False
        values = dict(form.fields) | {"email": self.email, "password": PASSWORD}
        status, _ = self.request("sign in", "/login", list(values.items()))
        return status == 302

    def run(self, end: float) -> None:
        """Sign in, then act as the role until `end` (seconds since the run began)."""
        while not self.sign_in():
            if self.clock.now() + 1 >= end:
                return
            time.sleep(1)
        act = {"hr": self.hr_step, "manager": self.manager_step, "employee": self.employee_step}[self.role]
        while self.clock.now() < end:
            time.sleep(self.rng.uniform(0.05, 0.2))
            if self.clock.now() < end:
                try:
                    act()
                except Exception:  # a bug here must not silently take a user out of the load
                    traceback.print_exc()
                    time.sleep(1)

    # HR --------------------------------------------------------------------------------------

    def pool_list(self) -> None:
        """The pool, mostly as it opens (open cases by days left), sometimes filtered or sorted."""
        rng = self.rng
        query: dict[str, str] = {}
        if rng.random() < 0.5:
            query["status"] = rng.choices(["open", "overdue", "all", "closed"], [4, 2, 2, 1])[0]
            query["sort"] = rng.choice(["days_left", "name", "entered"])
        if self.departments and rng.random() < 0.2:
            query["department"] = rng.choice(self.departments)
        if self.names and rng.random() < 0.15:
            query["q"] = rng.choice(self.names)
        if not query or rng.random() < 0.3:
            query["page"] = str(rng.randint(1, self.pool_pages))
        path = "/hr/pool" + ("?" + urllib.parse.urlencode(query) if query else "")
        status, page = self.request("hr pool list", path)
        if not status:
            return
        linked = ids_linked(page, "/hr/pool/")
        self.case_ids = sorted(set(self.case_ids) | set(linked))
        if query.get("status", "open") in ("open", "overdue"):
            self.open_case_ids = sorted(set(self.open_case_ids) | set(linked))
        if not query.keys() - {"page"}:  # the unfiltered list tells how many pages the open pool has
            self.pool_pages = max([self.pool_pages, *map(int, re.findall(r"[?&;]page=(\d+)", page))])
        if not self.departments:
            self.departments = self._options(page, "department")
        names = re.findall(r'href="/hr/pool/\d+">([^<]+)</a>', page)
        self.names = (self.names + [html.unescape(n).split()[-1] for n in names if n.split()])[-50:]

    @staticmethod
    def _options(page: str, select_name: str) -> list[str]:
        """The non-empty values a <select> offers (the form parser keeps only the chosen one)."""
        match = re.search(rf'<select[^>]*name="{select_name}".*?</select>', page, re.S)
        return [v for v in re.findall(r'<option[^>]*value="([^"]*)"', match.group(0)) if v] if match else []

    def record_case_note(self) -> None:
        """Open a case's edit form and post it back with a new note, as HR records a conversation."""
        case_id = self.rng.choice(self.open_case_ids)
        status, page = self.request("hr case edit form", f"/hr/pool/{case_id}/edit")
        form = form_with(page, "hr_notes") if status else None
        if form is None:
            return
        self.notes_written += 1
        note = f"Load test: spoke with the employee ({self.email}, note {self.notes_written})."
        values = [(name, note if name == "hr_notes" else value) for name, value in form.fields]
        self.request("hr record (POST edit)", f"/hr/pool/{case_id}/edit", values)

    def hr_step(self) -> None:
        action = self.rng.choices(["pool", "case", "reports", "record"], [40, 35, 10, 15])[0]
        if action == "pool" or not self.open_case_ids:
            self.pool_list()
        elif action == "case":
            self.request("hr case", f"/hr/pool/{self.rng.choice(self.case_ids)}")
        elif action == "reports":
            self.request("hr reports", "/hr/reports")
        else:
            self.record_case_note()

    # Managers --------------------------------------------------------------------------------

    def manager_step(self) -> None:
        if not self.opening_ids or self.rng.random() < 0.3:
            status_filter = self.rng.choices(["", "open", "all"], [6, 2, 2])[0]
            path = "/manager/openings" + (f"?status={status_filter}" if status_filter else "")
            status, page = self.request("manager openings", path)
            if status:
                self.opening_ids = sorted(set(self.opening_ids) | set(ids_linked(page, "/manager/openings/")))
            return
        self.request("manager candidates", f"/manager/openings/{self.rng.choice(self.opening_ids)}")

    # Employees -------------------------------------------------------------------------------

    def employee_step(self) -> None:
        action = self.rng.choices(["home", "openings", "opening"], [50, 30, 20])[0]
        if action == "home" or (action == "opening" and not self.opening_ids):
            status, page = self.request("employee home (suggestions)", "/me/")
            if status:
                self.opening_ids = sorted(set(self.opening_ids) | set(ids_linked(page, "/me/openings/")))
        elif action == "openings":
            path = f"/me/openings?page={self.rng.randint(1, 4)}" if self.rng.random() < 0.3 else "/me/openings"
            status, page = self.request("employee openings", path)
            if status:
                self.opening_ids = sorted(set(self.opening_ids) | set(ids_linked(page, "/me/openings/")))
        else:
            self.request("employee opening", f"/me/openings/{self.rng.choice(self.opening_ids)}")


def cast(users: int) -> list[tuple[str, str]]:
    """(role, email) of each simulated user: 40% HR, 30% managers, 30% employees (8/6/6 of 20)."""
    exact = {role: users * share for role, share in ROLE_SHARES}
    counts = {role: math.floor(n) for role, n in exact.items()}
    by_remainder = sorted(exact, key=lambda role: counts[role] - exact[role])  # largest remainder first
    for role in by_remainder[: users - sum(counts.values())]:
        counts[role] += 1
    emails = {"hr": HR_EMAILS, "manager": MANAGER_EMAILS, "employee": (EMPLOYEE_EMAIL,)}
    return [(role, emails[role][n % len(emails[role])]) for role, _ in ROLE_SHARES for n in range(counts[role])]


def drive(base_url: str, users: int, seconds: float, seed: int) -> tuple[list[Sample], float]:
    """Run the simulated users for `seconds` (warm-up included), each in its own thread; all samples,
    and the CPU seconds this process used (the load driver shares the machine with the server)."""
    cpu_started = time.process_time()
    clock = _Clock()
    people = [
        SimulatedUser(base_url, role, email, random.Random(f"{seed} user {n}"), clock)
        for n, (role, email) in enumerate(cast(users))
    ]
    threads = [threading.Thread(target=person.run, args=(seconds,), daemon=True) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT * 3)
    samples = sorted((s for person in people for s in person.samples), key=lambda s: s.started)
    return samples, time.process_time() - cpu_started


# --- Figures ----------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of the values (nan when there are none)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class PageFigures:
    page: str
    requests: int
    per_second: float
    p50: float
    p95: float
    p99: float
    failed: int


@dataclass
class RunFigures:
    """What one backend's run measured, after the warm-up."""

    backend: str
    seeding_seconds: float
    duration: float
    pages: dict[str, PageFigures]
    total: PageFigures
    warmup_slowest: dict[str, Sample]
    warmup_failed: int
    failures: list[Sample]
    workers: int = 2
    server_cpu_ms: float | None = None  # gunicorn's CPU per measured request
    driver_cpu_seconds: float = 0.0
    load_averages: tuple[float, float] = (0.0, 0.0)

    def slow_pages(self) -> list[str]:
        return [p.page for p in self.pages.values() if not p.p95 < TARGET_P95_MS]

    def verdict(self) -> str:
        problems = [f"{page} (p95 {self.pages[page].p95:.0f} ms)" for page in self.slow_pages()]
        if self.total.failed:
            problems.append(f"{self.total.failed} failed request{'s' if self.total.failed > 1 else ''}")
        return "target met" if not problems else "TARGET MISSED: " + ", ".join(problems)


def figures(backend: str, samples: list[Sample], warmup: float, duration: float, seeding: float) -> RunFigures:
    """Per-page figures of the measured window; the slowest warm-up request of each page apart."""
    measured = [s for s in samples if s.started >= warmup]
    by_page: dict[str, list[Sample]] = defaultdict(list)
    for sample in measured:
        by_page[sample.page].append(sample)

    def summary(page: str, group: list[Sample]) -> PageFigures:
        ms = [s.ms for s in group]
        return PageFigures(
            page, len(group), len(group) / duration, percentile(ms, 50), percentile(ms, 95), percentile(ms, 99),
            sum(s.failed for s in group),
        )

    slowest: dict[str, Sample] = {}
    for sample in samples:
        if sample.started < warmup and (sample.page not in slowest or sample.ms > slowest[sample.page].ms):
            slowest[sample.page] = sample
    return RunFigures(
        backend=backend,
        seeding_seconds=seeding,
        duration=duration,
        pages={page: summary(page, group) for page, group in sorted(by_page.items())},
        total=summary("all pages", measured),
        warmup_slowest=slowest,
        warmup_failed=sum(s.failed for s in samples if s.started < warmup),
        failures=[s for s in measured if s.failed],
    )


def print_run(run: RunFigures, warmup: float) -> None:
    label = BACKEND_LABELS[run.backend]
    print(f"\n### {label}: {run.duration:.0f} s measured after {warmup:.0f} s of warm-up\n")
    print("| page | requests | req/s | p50 ms | p95 ms | p99 ms | failed |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for p in [*run.pages.values(), run.total]:
        name = f"**{p.page}**" if p is run.total else p.page
        print(f"| {name} | {p.requests} | {p.per_second:.1f} | {p.p50:.0f} | {p.p95:.0f} | {p.p99:.0f} | {p.failed} |")
    print(f"\n{label}: {run.total.per_second:.1f} req/s in total, {run.total.failed} failed; {run.verdict()}")
    if run.server_cpu_ms is not None and run.server_cpu_ms > 0:
        capacity = min(run.workers, os.cpu_count() or 1) * 1000 / run.server_cpu_ms
        print(
            f"Server CPU: about {run.server_cpu_ms:.0f} ms per request (gunicorn and its workers, measured window), "
            f"so at most about {capacity:.0f} req/s with {run.workers} workers on this machine."
        )
    print(
        f"Load driver CPU: {run.driver_cpu_seconds:.1f} s in {run.duration + warmup:.0f} s; "
        f"load average {run.load_averages[0]:.1f} before, {run.load_averages[1]:.1f} after "
        f"({os.cpu_count()} CPUs; other work on the machine inflates every figure)."
    )
    print(
        f"\nWarm-up (first {warmup:.0f} s, not in the figures above; {run.warmup_failed} failed): "
        "slowest request per page\n"
    )
    print("| page | slowest ms | status | path |")
    print("| --- | ---: | ---: | --- |")
    for page, sample in sorted(run.warmup_slowest.items()):
        print(f"| {page} | {sample.ms:.0f} | {sample.status} | `{sample.path}` |")
    if run.failures:
        print(f"\nFirst failures ({len(run.failures)} in all):")
        for sample in run.failures[:10]:
            print(f"  {sample.started:7.2f} s  {sample.page}: {sample.path} -> {sample.error}")


def print_comparison(runs: list[RunFigures]) -> None:
    pages = sorted({page for run in runs for page in run.pages})
    labels = [BACKEND_LABELS[run.backend] for run in runs]
    print(f"\n### Comparison: p95 ms per page (target under {TARGET_P95_MS} ms, no failed request)\n")
    print("| page | " + " | ".join(f"{label} p95" for label in labels) + " |")
    print("| --- |" + " ---: |" * len(runs))
    for page in pages:
        cells = [f"{run.pages[page].p95:.0f}" if page in run.pages else "-" for run in runs]
        print(f"| {page} | " + " | ".join(cells) + " |")
    print("| **req/s** | " + " | ".join(f"{run.total.per_second:.1f}" for run in runs) + " |")
    print("| **failed** | " + " | ".join(str(run.total.failed) for run in runs) + " |")
    print("| **seeding s** | " + " | ".join(f"{run.seeding_seconds:.1f}" for run in runs) + " |")
    print()
    for label, run in zip(labels, runs):
        print(f"{label}: {run.verdict()}")


# --- Database and server ------------------------------------------------------------------------


def reset_postgresql(url: str) -> None:
    """Create the benchmark's database if missing and give it an empty public schema."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from talentpool.config import normalise_database_url

    target = make_url(normalise_database_url(url))
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    engine = create_engine(target, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def counts(url: str) -> str:
    """What the seeded database holds, in one line."""
    from sqlalchemy import create_engine, text

    from talentpool.config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    with engine.connect() as connection:
        employees = connection.scalar(text("SELECT count(*) FROM employees"))
        pool = connection.scalar(text("SELECT count(*) FROM pool_cases WHERE status = 'open'"))
        opened = connection.scalar(text("SELECT count(*) FROM openings WHERE status = 'open'"))
    engine.dispose()
    return f"{employees:,} employees, {pool:,} in the pool, {opened:,} open openings"


def flask(env: dict[str, str], *args: str) -> None:
    """Run `flask --app talentpool ARGS`, showing its output if it fails."""
    command = [sys.executable, "-m", "flask", "--app", "talentpool", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"`flask {' '.join(args)}` failed with exit code {done.returncode}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, log_path: Path) -> Iterator[tuple[str, int]]:
    """Serve the app with gunicorn on a free port until the block ends; yields the base URL and its pid."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
        "--timeout", "60", "talentpool:create_app()",
    ]
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None or time.monotonic() > deadline:
                print(log_path.read_text(errors="replace")[-5000:], file=sys.stderr)
                raise SystemExit(f"gunicorn did not start (exit code {server.poll()}); its log is above")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(base_url + "/login", timeout=2) as response:
                    if response.status == 200:
                        break
            time.sleep(0.2)
        yield base_url, server.pid
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def process_tree_cpu(pid: int) -> float | None:
    """CPU seconds used so far by a process and its live descendants (Linux /proc); None elsewhere."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    own = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    below = [process_tree_cpu(int(child)) for child in children]
    return None if None in below else own + sum(below)


def server_errors(log_path: Path) -> str:
    """The tracebacks and error lines gunicorn logged, if any."""
    lines = log_path.read_text(errors="replace").splitlines()
    return "\n".join(line for line in lines if "[ERROR]" in line or "Traceback" in line or "Error" in line)[-3000:]


def run_backend(backend: str, args: argparse.Namespace, folder: Path) -> RunFigures:
    """Prepare the database, seed it, serve it and drive the users; the figures of the run."""
    label = BACKEND_LABELS[backend]
    if backend == "postgresql":
        url = args.postgresql_url
        reset_postgresql(url)
    else:
        url = f"sqlite:///{folder / 'load.sqlite'}"
    env = os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "TALENTPOOL_INSTANCE_PATH": str(folder / "instance"),
    }
    print(f"\n## {label}: {url}")
    flask(env, "init-db")
    started = time.perf_counter()
    flask(env, "seed-demo", "--people", str(args.people))
    seeding = time.perf_counter() - started
    print(f"seed-demo --people {args.people:,}: {seeding:.1f} s ({counts(url)})")

    log_path = folder / f"gunicorn-{backend}.log"
    load_before = os.getloadavg()[0]
    with gunicorn(env, args.workers, log_path) as (base_url, pid):
        seconds = args.warmup + args.duration
        print(f"gunicorn --workers {args.workers} at {base_url}; {args.users} users, {seconds:.0f} s ...", flush=True)
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as driver:
            future = driver.submit(drive, base_url, args.users, seconds, args.seed)
            wait([future], timeout=args.warmup)  # the measured window starts (about) now
            cpu_started = process_tree_cpu(pid)
            samples, driver_cpu = future.result()
            cpu_used = process_tree_cpu(pid)
    run = figures(backend, samples, args.warmup, args.duration, seeding)
    run.workers, run.driver_cpu_seconds = args.workers, driver_cpu
    run.load_averages = (load_before, os.getloadavg()[0])
    if cpu_started is not None and cpu_used is not None and run.total.requests:
        run.server_cpu_ms = (cpu_used - cpu_started) * 1000 / run.total.requests
    print_run(run, args.warmup)
    errors = server_errors(log_path)
    if errors:
        print(f"\ngunicorn logged errors:\n{errors}")
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", nargs="+", choices=list(BACKEND_LABELS), default=list(BACKEND_LABELS))
    parser.add_argument("--people", type=int, default=50_000, help="employees in the demo company")
    parser.add_argument("--users", type=int, default=20, help="simulated users at once")
    parser.add_argument("--duration", type=float, default=60, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=10, help="seconds before the measurement")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--seed", type=int, default=1, help="seed of the users' choices and think times")
    parser.add_argument(
        "--postgresql-url", default="postgresql://postgres@127.0.0.1:5432/talentpool_load",
        help="a database of its own: its public schema is dropped at the start",
    )
    args = parser.parse_args()
    cast_counts = defaultdict(int)
    for role, _ in cast(args.users):
        cast_counts[role] += 1
    print(
        f"Load test: {args.people:,} people, {args.users} users ({cast_counts['hr']} HR, "
        f"{cast_counts['manager']} managers, {cast_counts['employee']} employees), gunicorn --workers {args.workers}, "
        f"{args.warmup:.0f} s warm-up + {args.duration:.0f} s measured; target p95 < {TARGET_P95_MS} ms, no failures"
    )
    runs = []
    for backend in args.backends:
        with tempfile.TemporaryDirectory(prefix=f"talentpool-load-{backend}-") as folder:
            runs.append(run_backend(backend, args, Path(folder)))
    if len(runs) > 1:
        print_comparison(runs)


if __name__ == "__main__":
    main()
