"""Builders for test data: short calls that say only what a test cares about.

They write rows directly (not through services) so a test of a service starts from a known state.
Call them inside an app context; what they return is refreshed, so its columns stay readable
after that context ends (use ids to refer to records in later requests).
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from werkzeug.security import generate_password_hash

from talentpool.extensions import db
from talentpool.models import (
    ApiToken,
    CaseStatus,
    Department,
    Employee,
    EmployeeSkill,
    Opening,
    OpeningSkill,
    OpeningStatus,
    PoolCase,
    Role,
    StatutoryPriority,
    User,
    UserRole,
    WorkingHours,
)

PASSWORD = "correct-horse-battery"
# Hashing is deliberately slow; hash the shared test password once.
_PASSWORD_HASH = generate_password_hash(PASSWORD)
_sequence = itertools.count(1)


def _save(record):
    db.session.add(record)
    db.session.commit()
    db.session.refresh(record)
    return record


def department(name: str | None = None) -> Department:
    dept = db.session.scalar(db.select(Department).where(Department.name == name)) if name else None
    if dept is None:
        dept = _save(Department(name=name or f"Department {next(_sequence)}"))
    return dept


def user(*roles: Role, email: str | None = None, full_name: str | None = None, employee: Employee | None = None) -> User:
    n = next(_sequence)
    account = User(
        email=email or f"user{n}@example.com",
        full_name=full_name or f"User {n}",
        password_hash=_PASSWORD_HASH,
        role_rows=[UserRole(role=role) for role in (roles or (Role.EMPLOYEE,))],
    )
    if employee is not None:
        employee.user = account
    return _save(account)


def employee(
    full_name: str | None = None,
    *,
    title: str = "Data Analyst",
    department_name: str = "Analytics",
    skills: dict[str, int] | None = None,
    summary: str = "",
    with_user: bool = False,
    location: str = "Berlin",
    pay_grade: int | None = None,
    hours: WorkingHours = WorkingHours.FULL_TIME,
) -> Employee:
    n = next(_sequence)
    person = Employee(
        employee_number=f"E{n:05d}",
        full_name=full_name or f"Employee {n}",
        title=title,
        department=department(department_name),
        location=location,
        pay_grade=pay_grade,
        hours=hours,
        summary=summary,
        skills=[EmployeeSkill(name=name, level=level) for name, level in (skills or {}).items()],
    )
    _save(person)
    if with_user:
        user(Role.EMPLOYEE, full_name=person.full_name, employee=person)
    return person


def pool_case(
    person: Employee | None = None,
    *,
    owner: User | None = None,
    entered_on: date | None = None,
    deadline: date | None = None,
    status: CaseStatus = CaseStatus.OPEN,
    priority: StatutoryPriority | None = None,
    priority_note: str = "",
) -> PoolCase:
    person = person or employee()
    entered_on = entered_on or date.today() - timedelta(days=10)
    case = PoolCase(
        employee=person,
        eliminated_title=person.title,
        eliminated_department=person.department,
        reason="Role eliminated in the reorganisation",
        entered_on=entered_on,
        deadline=deadline or entered_on + timedelta(days=90),
        hr_owner=owner or user(Role.HR),
        status=status,
        priority=priority,
        priority_note=priority_note,
    )
    return _save(case)


def opening(
    title: str = "Customer Support Specialist",
    *,
    manager: User | None = None,
    department_name: str = "Customer Success",
    required: dict[str, int | None] | None = None,
    nice_to_have: list[str] = (),
    headcount: int = 1,
    description: str = "Help customers succeed with our product.",
    status: OpeningStatus = OpeningStatus.OPEN,
    closing_date: date | None = None,
    location: str = "Berlin",
    pay_grade: int | None = None,
    hours: WorkingHours = WorkingHours.FULL_TIME,
    pool_only_until: date | None = None,
) -> Opening:
    n = next(_sequence)
    required = {"Customer service": 3} if required is None else required
    post = Opening(
        reference=f"T-{n:05d}",
        title=title,
        department=department(department_name),
        location=location,
        description=description,
        headcount=headcount,
        closing_date=closing_date,
        pay_grade=pay_grade,
        hours=hours,
        pool_only_until=pool_only_until,
        status=status,
        manager=manager or user(Role.MANAGER),
        skills=[OpeningSkill(name=name, required=True, min_level=level) for name, level in required.items()]
        + [OpeningSkill(name=name, required=False) for name in nice_to_have],
    )
    return _save(post)


def reassign(actor: User, case: PoolCase, post: Opening, *, starts_on: date | None = None, confirm: bool = True):
    """Reassign through the service, as HR does: a trial of the standard 4 weeks, confirmed at once
    unless `confirm` is False. Returns the Outcome, or the running Trial."""
    from talentpool.services import pool

    starts_on = starts_on or date.today()
    trial = pool.start_trial(db.session, actor, case.id, opening_id=post.id, starts_on=starts_on,
                             trial_period_days=28, today=date.today())
    if not confirm:
        return trial
    return pool.confirm_trial(db.session, actor, case.id, decided_on=starts_on)


def api_token(acting_as: User, scope: Role = Role.HR, *, expires_at=None, name: str = "HRIS") -> str:
    """A working API token acting as `acting_as` within `scope`; returns its secret (only the hash is stored)."""
    from talentpool.services.api_tokens import hash_secret

    secret = f"tp_test-{next(_sequence)}-secret"
    _save(ApiToken(name=name, token_prefix=secret[:8], token_hash=hash_secret(secret), scope=scope,
                   user_id=acting_as.id, created_by_id=acting_as.id, expires_at=expires_at))
    return secret
