"""The demo company behind `flask seed-demo`, created through the same services people use.

Going through the services (rather than inserting rows) means the demo obeys the pool rules and
leaves the audit trail, pipeline and reports exactly as real use would. The data itself lives in
`talentpool.demo_company`; dates are counted back from `today`, so the demo never looks stale.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentpool import demo_company as data
from talentpool.models import ApplicationStage, Employee, Opening, OutcomeKind, PoolCase, User
from talentpool.services import applications, openings, people, pool
from talentpool.services.openings import SkillRequirement
from talentpool.services.suggestions import match_for

DEMO_PASSWORD = "demo-password"
DEMO_LOGINS = [(user.email, user.description) for user in data.USERS]
# The pool period the demo's deadlines are set with (the app's default, TALENTPOOL_POOL_PERIOD_DAYS).
POOL_PERIOD_DAYS = 90

# Letters that Unicode decomposition does not reduce to ASCII.
_ASCII_LETTERS = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss"})


def work_email(full_name: str) -> str:
    """first.last@example.com in plain ASCII, as a mail server would spell it."""
    plain = unicodedata.normalize("NFKD", full_name.translate(_ASCII_LETTERS)).encode("ascii", "ignore")
    words = re.sub(r"[^a-z ]", "", plain.decode().lower()).split()
    return f"{words[0]}.{words[-1]}@example.com"


def demo_present(session: Session) -> bool:
    """Whether the database already holds the demo or other people's data, which seeding must not touch."""
    demo_emails = [user.email for user in data.USERS]
    return any(
        session.scalar(query.limit(1)) is not None
        for query in (
            select(User.id).where(User.email.in_(demo_emails)),
            select(Employee.id),
            select(Opening.id),
        )
    )


def seed_demo_company(
    session: Session, today: date | None = None, *, pool_period_days: int = POOL_PERIOD_DAYS
) -> bool:
    """Fill an empty database with the demo company; False, changing nothing, if data is already there."""
    if demo_present(session):
        return False
    seeder = _Seeder(session, today or date.today(), pool_period_days)
    seeder.create_users(linked=False)
    seeder.create_departments()
    for person in data.STAFF:
        seeder.add_employee(person)
    seeder.create_history()
    for entry in data.POOL:
        seeder.enter_pool(seeder.add_employee(entry.person), entry.person, entry.entered_days_ago)
    seeder.create_users(linked=True)
    for demo_opening in data.OPENINGS:
        seeder.post_opening(demo_opening)
    seeder.create_pipeline()
    return True


@dataclass
class _Seeder:
    """What the seeding steps share: the session, the day, and the records made so far, by name."""

    session: Session
    today: date
    pool_period_days: int
    users: dict[str, User] = field(default_factory=dict)
    department_ids: dict[str, int] = field(default_factory=dict)
    employees: dict[str, Employee] = field(default_factory=dict)
    cases: dict[str, PoolCase] = field(default_factory=dict)
    openings: dict[str, Opening] = field(default_factory=dict)
    numbers: Iterator[int] = field(default_factory=lambda: itertools.count(10001))

    @property
    def hr(self) -> User:
        """The HR user who acts for HR throughout the demo."""
        return self.users[data.HR]

    def create_users(self, *, linked: bool) -> None:
        """The demo sign-ins; those linked to an employee wait until the register exists."""
        for demo_user in data.USERS:
            if (demo_user.employee is not None) != linked:
                continue
            employee = self.employees[demo_user.employee] if demo_user.employee else None
            self.users[demo_user.email] = people.create_user(
                self.session,
                self.users.get(data.HR),  # None only for the first HR account, which nobody created
                email=demo_user.email,
                full_name=demo_user.full_name,
                password=DEMO_PASSWORD,
                roles=demo_user.roles,
                employee_id=employee.id if employee else None,
            )

    def create_departments(self) -> None:
        """The company's departments, reusing any HR has already set up."""
        existing = {d.name.lower(): d for d in people.departments(self.session)}
        for name in data.DEPARTMENTS:
            department = existing.get(name.lower()) or people.create_department(self.session, self.hr, name)
            self.department_ids[name] = department.id

    def add_employee(self, person: data.Person) -> Employee:
        login = next((u.email for u in data.USERS if u.employee == person.name), None)
        employee = people.create_employee(
            self.session,
            self.hr,
            employee_number=f"E{next(self.numbers)}",
            full_name=person.name,
            title=person.title,
            department_id=self.department_ids[person.department],
            email=login or work_email(person.name),
            location=person.location,
            summary=person.summary,
            skills=list(person.skills.items()),
        )
        self.employees[person.name] = employee
        return employee

    def enter_pool(self, employee: Employee, person: data.Person, entered_days_ago: int) -> PoolCase:
        case = pool.add_to_pool(
            self.session,
            self.hr,
            employee_id=employee.id,
            eliminated_title=person.title,
            eliminated_department_id=self.department_ids[person.department],
            reason=data.REASONS[person.department],
            entered_on=self.today - timedelta(days=entered_days_ago),
            deadline=None,
            hr_owner_id=self.users[data.CASE_OWNERS[person.department]].id,
            pool_period_days=self.pool_period_days,
        )
        self.cases[person.name] = case
        return case

    def post_opening(self, demo_opening: data.DemoOpening) -> Opening:
        closing_date = (
            self.today + timedelta(days=demo_opening.closes_in_days)
            if demo_opening.closes_in_days is not None
            else None
        )
        opening = openings.create_opening(
            self.session,
            self.users[demo_opening.manager],
            title=demo_opening.title,
            department_id=self.department_ids[demo_opening.department],
            location=demo_opening.location,
            description=demo_opening.description,
            headcount=demo_opening.headcount,
            closing_date=closing_date,
            skills=[SkillRequirement(name, True, level) for name, level in demo_opening.required.items()]
            + [SkillRequirement(name, False) for name in demo_opening.nice_to_have],
            today=self.today,
        )
        self.openings[demo_opening.title] = opening
        return opening

    def create_history(self) -> None:
        """Earlier rounds: people who entered months ago, the openings they went to, how each case ended."""
        for entry in data.CLOSED:
            self.enter_pool(self.add_employee(entry.person), entry.person, entry.entered_days_ago)
        for history in data.HISTORY_OPENINGS:
            self.post_opening(history.opening)
        for entry in data.CLOSED:
            self.record_outcome(entry)
        for history in data.HISTORY_OPENINGS:
            if history.close_reason:
                opening = self.openings[history.opening.title]
                openings.close_opening(self.session, opening.manager, opening.id, reason=history.close_reason)

    def record_outcome(self, entry: data.ClosedEntry) -> None:
        case = self.cases[entry.person.name]
        effective_on = case.entered_on + timedelta(days=entry.after_days)
        if entry.outcome == OutcomeKind.REASSIGNED:
            # As in real use: the manager offers the place, then HR records the move.
            opening = self.openings[entry.opening]
            self.move(opening, case, ApplicationStage.OFFERED)
            pool.record_reassignment(
                self.session, self.hr, case.id, opening_id=opening.id, effective_on=effective_on, notes=entry.notes
            )
        elif entry.outcome == OutcomeKind.EXIT_PACKAGE:
            pool.record_exit_package(
                self.session,
                self.hr,
                case.id,
                weeks_of_pay=entry.weeks_of_pay,
                last_working_day=effective_on,
                notes=entry.notes,
            )
        else:
            pool.record_resignation(
                self.session, self.hr, case.id, resignation_date=effective_on, notes=entry.notes
            )

    def score(self, case: PoolCase, opening: Opening) -> float | None:
        """The match score the pages would show, stored with each pipeline step as the views do."""
        match = match_for(self.session, case, opening, self.today)
        return match.score if match is not None else None

    def move(self, opening: Opening, case: PoolCase, stage: ApplicationStage) -> None:
        applications.move_candidate(
            self.session,
            opening.manager,
            opening.id,
            case.id,
            stage=stage,
            match_score=self.score(case, opening),
            today=self.today,
        )

    def create_pipeline(self) -> None:
        """The demo employee's answers, then the managers' shortlists and offers."""
        employee_user = self.users[data.EMPLOYEE]
        case = self.cases[employee_user.employee.full_name]
        for answer in data.EMPLOYEE_ANSWERS:
            opening = self.openings[answer.opening]
            applications.answer_opening(
                self.session,
                employee_user,
                opening.id,
                interest=answer.interest,
                reason=answer.reason,
                match_score=self.score(case, opening),
                today=self.today,
            )
        for step in data.MANAGER_STEPS:
            for stage in step.stages:
                self.move(self.openings[step.opening], self.cases[step.person], stage)
