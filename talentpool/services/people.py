"""Departments, employees and their skills profiles, user accounts and roles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from talentpool.matching import normalize_skill
from talentpool.models import Department, Employee, EmployeeSkill, Role, User, UserRole, WorkingHours
from talentpool.services.audit import record_event, snapshot
from talentpool.services.editing import claim_for_edit
from talentpool.services.errors import NotFound, PermissionDenied, ValidationError
from talentpool.services.suitability import check_pay_grade

MIN_PASSWORD_LENGTH = 10
EMPLOYEE_FIELDS = (
    "employee_number", "full_name", "email", "title", "department_id", "location", "pay_grade", "hours"
)


def clean_skills(skills: Iterable[tuple[str, int]], field: str = "skills") -> list[tuple[str, int]]:
    """Trim names, drop blank rows, and refuse duplicates (after normalisation) and bad levels."""
    cleaned: list[tuple[str, int]] = []
    seen: dict[str, str] = {}
    for raw_name, level in skills:
        name = " ".join((raw_name or "").split())
        if not name:
            continue
        if level is None or not 1 <= int(level) <= 5:
            raise ValidationError(f"The level of {name} must be between 1 and 5.", field=field)
        key = normalize_skill(name)
        if key in seen:
            raise ValidationError(f"{name} is listed twice (as {seen[key]}).", field=field)
        seen[key] = name
        cleaned.append((name, int(level)))
    return cleaned


def get_department(session: Session, department_id: int) -> Department:
    department = session.get(Department, department_id)
    if department is None:
        raise ValidationError("Choose an existing department.", field="department_id")
    return department


def create_department(session: Session, actor: User, name: str) -> Department:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Give the department a name.", field="name")
    if session.scalar(select(Department).where(func.lower(Department.name) == name.lower())):
        raise ValidationError(f"There is already a department called {name}.", field="name")
    department = Department(name=name)
    session.add(department)
    record_event(session, actor, "department.created", department, after={"name": name})
    session.commit()
    return department


def departments(session: Session) -> list[Department]:
    return list(session.scalars(select(Department).order_by(Department.name)))


def _check_employee_number(session: Session, number: str, exclude_id: int | None = None) -> None:
    query = select(Employee.id).where(func.lower(Employee.employee_number) == number.lower())
    if exclude_id is not None:
        query = query.where(Employee.id != exclude_id)
    if session.scalar(query) is not None:
        raise ValidationError(f"Employee number {number} is already in use.", field="employee_number")


def create_employee(
    session: Session,
    actor: User,
    *,
    employee_number: str,
    full_name: str,
    title: str,
    department_id: int,
    email: str | None = None,
    location: str = "",
    pay_grade: int | None = None,
    hours: WorkingHours = WorkingHours.FULL_TIME,
    summary: str = "",
    skills: Sequence[tuple[str, int]] = (),
) -> Employee:
    """Add a person to the employee register (not yet to the pool), with their current terms."""
    employee_number = employee_number.strip()
    _check_employee_number(session, employee_number)
    get_department(session, department_id)
    employee = Employee(
        employee_number=employee_number,
        full_name=" ".join(full_name.split()),
        email=(email or "").strip().lower() or None,
        title=title.strip(),
        department_id=department_id,
        location=location.strip(),
        pay_grade=check_pay_grade(pay_grade),
        hours=WorkingHours(hours),
        summary=summary.strip(),
        skills=[EmployeeSkill(name=n, level=lv) for n, lv in clean_skills(skills)],
    )
    session.add(employee)
    record_event(session, actor, "employee.created", employee, after=snapshot(employee, EMPLOYEE_FIELDS))
    session.commit()
    return employee


def employees_query(search: str = "", department_id: int | None = None) -> Select:
    """A SELECT of the register by name, narrowed to a department and to a search of the name,
    employee number or job title; the caller paginates it."""
    query = select(Employee).order_by(Employee.full_name, Employee.id)
    if search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Employee.full_name).like(pattern),
                func.lower(Employee.employee_number).like(pattern),
                func.lower(Employee.title).like(pattern),
            )
        )
    if department_id is not None:
        query = query.where(Employee.department_id == department_id)
    return query


def get_employee(session: Session, employee_id: int) -> Employee:
    employee = session.get(Employee, employee_id)
    if employee is None:
        raise NotFound("This employee does not exist.")
    return employee


def employee_by_number(session: Session, employee_number: str, field: str = "employee_number") -> Employee:
    """Look a person up by the number HR knows them by (case-insensitive)."""
    number = (employee_number or "").strip()
    employee = session.scalar(select(Employee).where(func.lower(Employee.employee_number) == number.lower()))
    if employee is None:
        raise ValidationError(f"No employee has the number {number}.", field=field)
    return employee


def update_employee(
    session: Session,
    actor: User,
    employee_id: int,
    *,
    employee_number: str,
    full_name: str,
    title: str,
    department_id: int,
    email: str | None,
    location: str,
    pay_grade: int | None,
    hours: WorkingHours,
    expected_version: int | None = None,
) -> Employee:
    """HR corrects an employee's register entry, current terms included (`expected_version`: see
    services/editing.py)."""
    employee = get_employee(session, employee_id)
    claim_for_edit(session, employee, expected_version, f"{employee.full_name}'s details")
    employee_number = employee_number.strip()
    _check_employee_number(session, employee_number, exclude_id=employee.id)
    get_department(session, department_id)
    check_pay_grade(pay_grade)
    before = snapshot(employee, EMPLOYEE_FIELDS)
    employee.employee_number = employee_number
    employee.full_name = " ".join(full_name.split())
    employee.email = (email or "").strip().lower() or None
    employee.title = title.strip()
    employee.department_id = department_id
    employee.location = location.strip()
    employee.pay_grade, employee.hours = pay_grade, WorkingHours(hours)
    record_event(
        session, actor, "employee.updated", employee, before=before, after=snapshot(employee, EMPLOYEE_FIELDS)
    )
    session.commit()
    return employee


def _skills_snapshot(employee: Employee) -> dict:
    return {"summary": employee.summary, "skills": [[s.name, s.level] for s in employee.skills]}


def update_skills_profile(
    session: Session,
    actor: User,
    employee_id: int,
    *,
    summary: str,
    skills: Sequence[tuple[str, int]],
    expected_version: int | None = None,
) -> Employee:
    """Replace a person's skills and summary; employees may edit only their own, HR anyone's.
    `expected_version`: see services/editing.py."""
    employee = get_employee(session, employee_id)
    if not actor.has_role(Role.HR) and employee.user_id != actor.id:
        raise PermissionDenied("You can only edit your own skills profile.")
    cleaned = clean_skills(skills)  # a bad list is reported before any conflict check
    claim_for_edit(session, employee, expected_version, "this skills profile")
    before = _skills_snapshot(employee)
    by_key = {normalize_skill(s.name): s for s in employee.skills}
    kept: list[EmployeeSkill] = []
    for name, level in cleaned:
        row = by_key.pop(normalize_skill(name), None) or EmployeeSkill(name=name)
        row.name, row.level = name, level
        kept.append(row)
    employee.skills = kept
    employee.summary = summary.strip()
    session.flush()
    record_event(
        session, actor, "employee.skills_updated", employee, before=before, after=_skills_snapshot(employee)
    )
    session.commit()
    return employee


def _clean_roles(roles: Iterable[Role | str]) -> set[Role]:
    chosen = {Role(r) for r in roles}
    if not chosen:
        raise ValidationError("Give the user at least one role.", field="roles")
    return chosen


def _link_employee(session: Session, user: User, employee_id: int | None) -> None:
    if employee_id is None:
        if user.employee is not None:
            user.employee.user_id = None
        return
    employee = get_employee(session, employee_id)
    if employee.user_id not in (None, user.id):
        raise ValidationError(f"{employee.full_name} is already linked to another user.", field="employee_id")
    if user.employee is not None and user.employee.id != employee.id:
        user.employee.user_id = None
    session.flush()
    employee.user = user


def user_snapshot(user: User) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "active": user.active,
        "roles": sorted(r.value for r in user.roles),
        "employee_id": user.employee.id if user.employee else None,
    }


def create_user(
    session: Session,
    actor: User | None,
    *,
    email: str,
    full_name: str,
    password: str,
    roles: Iterable[Role | str],
    employee_id: int | None = None,
) -> User:
    """Create a sign-in account; the password is stored only as a salted hash."""
    email = email.strip().lower()
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise ValidationError(f"A user with the email {email} already exists.", field="email")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.", field="password"
        )
    user = User(email=email, full_name=" ".join(full_name.split()))
    user.set_password(password)
    user.role_rows = [UserRole(role=role) for role in sorted(_clean_roles(roles))]
    session.add(user)
    _link_employee(session, user, employee_id)
    record_event(session, actor, "user.created", user, after=user_snapshot(user))
    session.commit()
    return user


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("This user does not exist.")
    return user


def update_user(
    session: Session,
    actor: User,
    user_id: int,
    *,
    full_name: str,
    roles: Iterable[Role | str],
    active: bool,
    employee_id: int | None,
    new_password: str = "",
) -> User:
    """HR changes a user's name, roles, link to an employee record, or deactivates the account."""
    user = get_user(session, user_id)
    chosen = _clean_roles(roles)
    if user.id == actor.id and (Role.HR not in chosen or not active):
        raise ValidationError("You cannot remove your own HR role or deactivate yourself.", field="roles")
    if new_password and len(new_password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.", field="new_password"
        )
    before = user_snapshot(user)
    user.full_name = " ".join(full_name.split())
    user.active = active
    current = {row.role: row for row in user.role_rows}
    user.role_rows = [current.get(role) or UserRole(role=role) for role in sorted(chosen)]
    _link_employee(session, user, employee_id)
    if new_password:
        user.set_password(new_password)
    after = user_snapshot(user) | ({"password": "changed"} if new_password else {})
    record_event(session, actor, "user.updated", user, before=before, after=after)
    session.commit()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same answer for unknown email and bad password)."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        # Hash anyway so an unknown email takes as long as a wrong password.
        User(email="", full_name="", password_hash="").set_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def hr_users(session: Session) -> list[User]:
    """Active HR users, who can own pool cases."""
    return list(
        session.scalars(
            select(User).join(UserRole).where(UserRole.role == Role.HR, User.active.is_(True)).order_by(User.full_name)
        )
    )
