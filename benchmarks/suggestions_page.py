"""How fast the ranking pages answer with a large pool, with and without the per-process matcher cache.

Builds the demo company in a temporary SQLite database, grows the pool to N people (copies of
the demo's pool members with their skills), then times, through the app's test client:

- GET /me/ for the demo employee (their ranked suggestions);
- GET /manager/openings/<id> for the demo manager (the whole pool ranked for one opening).

"cached" is the app as it runs (a fitted matcher and the encoded pool kept per process until the
matching data version changes); "uncached" clears that cache before every request, which is what
each request would cost without it (the baseline). Run:

    .venv/bin/python benchmarks/suggestions_page.py --people 10000
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from talentpool import create_app
from talentpool.extensions import db
from talentpool.models import CaseStatus, Employee, EmployeeSkill, Opening, PoolCase, User
from talentpool.services import demo, suggestions


def grow_pool(people: int) -> None:
    """Add pool members until the pool has `people` open cases, cloned from the demo's."""
    templates = list(
        db.session.scalars(select(PoolCase).where(PoolCase.status == CaseStatus.OPEN).order_by(PoolCase.id))
    )
    owner_id = db.session.scalar(select(User.id).where(User.email == "hr@example.com"))
    missing = people - len(templates)
    today = date.today()
    employees, skills, cases = [], [], []
    first_id = (db.session.scalar(select(Employee.id).order_by(Employee.id.desc()).limit(1)) or 0) + 1
    for n in range(missing):
        template = templates[n % len(templates)]
        person = template.employee
        employee_id = first_id + n
        employees.append(dict(
            id=employee_id, employee_number=f"BENCH{n:06d}", full_name=f"{person.full_name} {n}",
            title=person.title, department_id=person.department_id, location=person.location,
            summary=person.summary,
        ))
        skills += [dict(employee_id=employee_id, name=s.name, level=s.level) for s in person.skills]
        cases.append(dict(
            employee_id=employee_id, eliminated_title=template.eliminated_title,
            eliminated_department_id=template.eliminated_department_id, reason=template.reason,
            entered_on=today - timedelta(days=n % 90), deadline=today + timedelta(days=90 - n % 90),
            hr_owner_id=owner_id, status=CaseStatus.OPEN, hr_notes="",
        ))
    db.session.execute(insert(Employee), employees)
    db.session.execute(insert(EmployeeSkill), skills)
    db.session.execute(insert(PoolCase), cases)
    db.session.commit()


def timed(client, path: str, repeats: int, before_each=None) -> list[float]:
    durations = []
    for _ in range(repeats):
        if before_each:
            before_each()
        started = time.perf_counter()
        response = client.get(path)
        durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return durations


def login(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000, help="people in the pool")
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.sqlite'}",
            "SECRET_KEY": "benchmark", "WTF_CSRF_ENABLED": False,
        })
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            started = time.perf_counter()
            demo.seed_demo_company(db.session)
            grow_pool(args.people)
            opening_id = db.session.scalar(select(Opening.id).where(Opening.title == "Customer Service Representative"))
            pool_size = db.session.scalar(select(db.func.count()).where(PoolCase.status == CaseStatus.OPEN))
            print(f"pool: {pool_size} open cases, set up in {time.perf_counter() - started:.1f} s")

        pages = {
            "employee /me/": (login(app, "employee@example.com"), "/me/"),
            "manager opening candidates": (login(app, "manager@example.com"), f"/manager/openings/{opening_id}"),
        }
        print(f"\n{'page':<28} {'first (ms)':>11} {'cached p50':>11} {'cached max':>11} {'uncached p50':>13}")
        for name, (client, path) in pages.items():
            suggestions.matcher_cache.clear()
            (first,) = timed(client, path, 1)
            cached = timed(client, path, args.repeats)
            uncached = timed(client, path, max(3, args.repeats // 3), before_each=suggestions.matcher_cache.clear)
            print(
                f"{name:<28} {first:>11.0f} {statistics.median(cached):>11.0f} {max(cached):>11.0f} "
                f"{statistics.median(uncached):>13.0f}"
            )
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
