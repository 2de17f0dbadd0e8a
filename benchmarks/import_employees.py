"""How long the CSV import takes for a large employee register, first time and again.

Generates N employees with 3-8 skills each (deterministic: a fixed random seed) into a temporary
CSV, migrates a fresh SQLite database in a temporary instance folder, then times:

- the first import (every row created);
- importing the same file again (every row unchanged: nothing is written);
- importing a changed file (every row updated: a new title and one more skill each);
- streaming the employees export of the result.

Each import runs the whole use case: read and decode, check every row, write in one transaction
with one audit event per record. Target: the first import of 50,000 employees under 30 s. Run:

    .venv/bin/python benchmarks/import_employees.py --employees 50000
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

TARGET_SECONDS = 30.0
DEPARTMENTS = ["Customer Success", "Engineering", "Analytics", "Marketing", "Finance", "Legal", "People", "Operations"]
TITLES = ["Support Specialist", "Backend Developer", "Data Analyst", "Marketing Coordinator", "Accountant",
          "Paralegal", "Recruiter", "Operations Analyst", "Team Lead", "Product Manager"]
SKILLS = ["Customer service", "Zendesk", "Salesforce", "Python", "SQL", "Excel", "Tableau", "Power BI", "Jira",
          "Negotiation", "Team leadership", "Written communication", "REST APIs", "Linux", "Docker", "Kubernetes",
          "Accounting", "Budgeting", "Contract law", "GDPR", "Recruiting", "Onboarding", "Copywriting", "SEO",
          "Google Analytics", "Project management", "Scrum", "Stakeholder management", "Troubleshooting", "Java",
          "TypeScript", "React", "Figma", "User research", "Forecasting", "Payroll", "Coaching", "Public speaking"]
FIRST = ["Julia", "Pedro", "Hana", "Inês", "Ben", "Zoë", "Lukas", "Amira", "Sven", "Chloé", "Mateo", "Aiko"]
LAST = ["Wagner", "Santos", "Kim", "Carvalho", "Adeyemi", "Hendriks", "Schneider", "Haddad", "Berg", "Dubois"]


def write_employees(path: Path, count: int, *, variant: int = 0) -> None:
    """A deterministic register; `variant` 1 changes every title and adds a skill to everyone."""
    rng = random.Random(42)
    with path.open("w", encoding="utf-8", newline="") as output:
        writer = csv.writer(output)
        writer.writerow(
            ["employee_number", "full_name", "email", "title", "department", "location", "summary", "skills"]
        )
        for n in range(count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            skills = rng.sample(SKILLS, rng.randint(3, 8))
            if variant:
                skills.append(next(s for s in SKILLS if s not in skills))
            writer.writerow([
                f"E{n:06d}",
                f"{first} {last}",
                f"{first.lower()}.{last.lower()}.{n}@example.com",
                rng.choice(TITLES) + (" II" if variant else ""),
                rng.choice(DEPARTMENTS),
                rng.choice(["Berlin", "Lisbon", "Remote", "Amsterdam"]),
                f"{rng.randint(1, 20)} years of experience.",
                "; ".join(f"{skill}:{rng.randint(1, 5)}" for skill in skills),
            ])


def timed_import(path: Path) -> tuple[float, str]:
    from talentpool.extensions import db
    from talentpool.services import csv_import

    started = time.perf_counter()
    result = csv_import.import_csv(
        db.session, None, "employees", path.read_bytes(), today=date.today(), pool_period_days=90, source=path.name
    )
    return time.perf_counter() - started, result.summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        os.environ["TALENTPOOL_INSTANCE_PATH"] = str(folder / "instance")
        from flask_migrate import upgrade

        from talentpool import create_app
        from talentpool.extensions import db
        from talentpool.models import AuditEvent, Department, EmployeeSkill
        from talentpool.services import csv_export

        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}", "SECRET_KEY": "bench"})
        first, changed = folder / "employees.csv", folder / "employees-changed.csv"
        write_employees(first, args.employees)
        write_employees(changed, args.employees, variant=1)
        size_mb = first.stat().st_size / 1024 / 1024
        with app.app_context():
            upgrade()
            db.session.add_all(Department(name=name) for name in DEPARTMENTS)
            db.session.commit()

            print(f"{args.employees:,} employees, {size_mb:.1f} MB of CSV, SQLite")
            seconds, summary = timed_import(first)
            verdict = "OK" if seconds < TARGET_SECONDS else "SLOWER THAN TARGET"
            print(f"  first import      {seconds:6.1f} s   ({summary}; target < {TARGET_SECONDS:.0f} s: {verdict})")
            skills = db.session.scalar(select(func.count()).select_from(EmployeeSkill))
            events = db.session.scalar(select(func.count()).select_from(AuditEvent))
            print(f"                    {skills:,} skills, {events:,} audit events written")
            seconds, summary = timed_import(first)
            print(f"  same file again   {seconds:6.1f} s   ({summary})")
            seconds, summary = timed_import(changed)
            print(f"  every row changed {seconds:6.1f} s   ({summary})")
            started = time.perf_counter()
            chunks = csv_export.stream_csv(db.session, csv_export.ExportKind.EMPLOYEES, date.today())
            size = sum(len(chunk) for chunk in chunks)
            print(f"  export (streamed) {time.perf_counter() - started:6.1f} s   ({size / 1024 / 1024:.1f} MB of text)")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
