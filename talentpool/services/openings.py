"""Openings posted by managers: create, edit, close; and what is visible to whom."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session, defaultload, joinedload

from talentpool.matching import normalize_skill
from talentpool.models import Employee, Opening, OpeningSkill, OpeningStatus, PoolCase, Role, Trial, User, WorkingHours
from talentpool.services.audit import record_event, snapshot
from talentpool.services.editing import claim_for_edit
from talentpool.services.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from talentpool.services.people import get_department
from talentpool.services.suitability import check_pay_grade

OPENING_FIELDS = (
    "reference",
    "title",
    "department_id",
    "location",
    "pay_grade",
    "hours",
    "headcount",
    "places_filled",
    "closing_date",
    "pool_only_until",
    "status",
    "manager_id",
)


@dataclass(frozen=True)
class SkillRequirement:
    """One skill an opening asks for: required with a minimum level, or nice to have."""

    name: str
    required: bool = True
    min_level: int | None = None


def clean_requirements(requirements: Sequence[SkillRequirement]) -> list[SkillRequirement]:
    """Trim names, drop blank rows, refuse duplicates and bad levels; at least one skill must be required."""
    cleaned: list[SkillRequirement] = []
    seen: dict[str, str] = {}
    for req in requirements:
        name = " ".join((req.name or "").split())
        if not name:
            continue
        if req.min_level is not None and not 1 <= req.min_level <= 5:
            raise ValidationError(f"The minimum level of {name} must be between 1 and 5.", field="skills")
        key = normalize_skill(name)
        if key in seen:
            raise ValidationError(f"{name} is listed twice (as {seen[key]}).", field="skills")
        seen[key] = name
        cleaned.append(SkillRequirement(name, req.required, req.min_level if req.required else None))
    if not any(req.required for req in cleaned):
        raise ValidationError("List at least one required skill, so candidates can be ranked.", field="skills")
    return cleaned


def _skills_snapshot(opening: Opening) -> list:
    return [[s.name, s.required, s.min_level] for s in opening.skills]


def next_reference(session: Session) -> str:
    """A readable, unique reference such as OPN-00042 (HRIS imports may bring their own)."""
    highest = session.scalar(select(func.max(Opening.id))) or 0
    candidate = highest + 1
    while session.scalar(select(Opening.id).where(Opening.reference == f"OPN-{candidate:05d}")):
        candidate += 1
    return f"OPN-{candidate:05d}"


def _check_dates(closing_date: date | None, today: date) -> None:
    if closing_date is not None and closing_date < today:
        raise ValidationError("The closing date cannot be in the past.", field="closing_date")


def pool_only_until(today: date, priority_window_days: int) -> date | None:
    """The last day of a new opening's priority window for people in the pool (None: no window)."""
    return today + timedelta(days=priority_window_days - 1) if priority_window_days > 0 else None


def create_opening(
    session: Session,
    actor: User,
    *,
    title: str,
    department_id: int,
    location: str,
    description: str,
    headcount: int,
    closing_date: date | None,
    skills: Sequence[SkillRequirement],
    today: date,
    priority_window_days: int,
    pay_grade: int | None = None,
    hours: WorkingHours = WorkingHours.FULL_TIME,
    reference: str | None = None,
) -> Opening:
    """A manager posts an opening; it is theirs to edit, close and fill. For its first
    `priority_window_days` days (the PRIORITY_WINDOW_DAYS setting; 0: none) only people in the
    pool see it."""
    if not actor.has_role(Role.MANAGER):
        raise PermissionDenied("Only managers post openings.")
    get_department(session, department_id)
    if headcount < 1:
        raise ValidationError("Headcount must be at least 1.", field="headcount")
    _check_dates(closing_date, today)
    opening = Opening(
        reference=reference or next_reference(session),
        title=title.strip(),
        department_id=department_id,
        location=location.strip(),
        description=description.strip(),
        headcount=headcount,
        closing_date=closing_date,
        pay_grade=check_pay_grade(pay_grade),
        hours=WorkingHours(hours),
        pool_only_until=pool_only_until(today, priority_window_days),
        status=OpeningStatus.OPEN,
        manager_id=actor.id,
        skills=[
            OpeningSkill(name=r.name, required=r.required, min_level=r.min_level)
            for r in clean_requirements(skills)
        ],
    )
    session.add(opening)
    record_event(
        session,
        actor,
        "opening.created",
        opening,
        after=snapshot(opening, OPENING_FIELDS) | {"skills": _skills_snapshot(opening)},
    )
    session.commit()
    return opening


def get_opening(session: Session, opening_id: int) -> Opening:
    opening = session.get(Opening, opening_id)
    if opening is None:
        raise NotFound("This opening does not exist.")
    return opening


def get_managed_opening(session: Session, actor: User, opening_id: int) -> Opening:
    """An opening of this manager's; another manager's opening is reported as not found."""
    opening = get_opening(session, opening_id)
    if opening.manager_id != actor.id:
        raise NotFound("This opening does not exist.")
    return opening


def update_opening(
    session: Session,
    actor: User,
    opening_id: int,
    *,
    title: str,
    department_id: int,
    location: str,
    description: str,
    headcount: int,
    closing_date: date | None,
    skills: Sequence[SkillRequirement],
    today: date,
    pay_grade: int | None,
    hours: WorkingHours,
    expected_version: int | None = None,
) -> Opening:
    """The manager edits an open opening; headcount can't drop below the places already filled.
    `expected_version` is the version the form was loaded with (see services/editing.py)."""
    opening = get_managed_opening(session, actor, opening_id)
    if opening.status == OpeningStatus.CLOSED:
        raise InvalidTransition("A closed opening cannot be edited.")
    claim_for_edit(session, opening, expected_version, "this opening")
    get_department(session, department_id)
    if headcount < max(1, opening.places_filled):
        raise ValidationError(
            f"Headcount cannot be below the {opening.places_filled} place(s) already filled.",
            field="headcount",
        )
    if closing_date != opening.closing_date:
        _check_dates(closing_date, today)
    check_pay_grade(pay_grade)
    requirements = clean_requirements(skills)
    before = snapshot(opening, OPENING_FIELDS) | {"skills": _skills_snapshot(opening)}
    opening.title = title.strip()
    opening.department_id = department_id
    opening.location = location.strip()
    opening.description = description.strip()
    opening.headcount = headcount
    opening.closing_date = closing_date
    opening.pay_grade, opening.hours = pay_grade, WorkingHours(hours)
    opening.status = OpeningStatus.FILLED if opening.places_filled >= headcount else OpeningStatus.OPEN
    by_key = {normalize_skill(s.name): s for s in opening.skills}
    rows = []
    for req in requirements:
        row = by_key.pop(normalize_skill(req.name), None) or OpeningSkill(name=req.name)
        row.name, row.required, row.min_level = req.name, req.required, req.min_level
        rows.append(row)
    opening.skills = rows
    session.flush()
    record_event(
        session,
        actor,
        "opening.updated",
        opening,
        before=before,
        after=snapshot(opening, OPENING_FIELDS) | {"skills": _skills_snapshot(opening)},
    )
    session.commit()
    return opening


def close_opening(session: Session, actor: User, opening_id: int, *, reason: str = "") -> Opening:
    """The manager stops the search; places already filled stay filled."""
    opening = get_managed_opening(session, actor, opening_id)
    if opening.status == OpeningStatus.CLOSED:
        raise InvalidTransition("This opening is already closed.")
    before = snapshot(opening, ("status",))
    opening.status = OpeningStatus.CLOSED
    record_event(
        session, actor, "opening.closed", opening, before=before, after=snapshot(opening, ("status",)),
        note=reason.strip(),
    )
    session.commit()
    return opening


def trials_in(session: Session, opening_id: int) -> list[Trial]:
    """Everyone HR reassigned into the opening, on trial or decided, the latest first."""
    return list(
        session.scalars(
            select(Trial)
            .where(Trial.opening_id == opening_id)
            .options(
                joinedload(Trial.case).defaultload(PoolCase.employee).lazyload(Employee.skills),
                defaultload(Trial.case).defaultload(PoolCase.hr_owner).lazyload(User.role_rows),
            )
            .order_by(Trial.starts_on.desc(), Trial.id.desc())
        )
    )


def taking_candidates(today: date) -> ColumnElement[bool]:
    """The condition of openings people can still move into: open, with a free place, not past their
    closing date (accepts_candidates in SQL)."""
    return and_(
        Opening.status == OpeningStatus.OPEN,
        Opening.places_filled < Opening.headcount,
        or_(Opening.closing_date.is_(None), Opening.closing_date >= today),
    )


def open_openings_query(today: date):
    """Openings people can still move into: open, with a free place, not past their closing date."""
    return select(Opening).where(taking_candidates(today))


def visible_to(in_pool: bool, today: date) -> ColumnElement[bool]:
    """The condition of openings someone may see: people in the pool see all; anyone else only those
    whose priority window for the pool has ended (is_visible_to in SQL)."""
    if in_pool:
        return true()
    return or_(Opening.pool_only_until.is_(None), Opening.pool_only_until < today)


def is_visible_to(opening: Opening, in_pool: bool, today: date) -> bool:
    """Whether someone (in the pool or not) may see this opening now (same rule as visible_to)."""
    return in_pool or not opening.pool_only(today)


def list_open_openings(session: Session, today: date) -> list[Opening]:
    return list(session.scalars(open_openings_query(today).order_by(Opening.title, Opening.reference)))


def reassignable_openings(session: Session) -> list[Opening]:
    """Openings HR can reassign someone to: open with a free place (an offer may outlive the closing date)."""
    return list(
        session.scalars(
            select(Opening)
            .where(Opening.status == OpeningStatus.OPEN, Opening.places_filled < Opening.headcount)
            .order_by(Opening.title, Opening.reference)
        )
    )


def accepts_candidates(opening: Opening, today: date) -> bool:
    """Whether people can still be put forward for this opening (same rule as open_openings_query)."""
    return (
        opening.status == OpeningStatus.OPEN
        and opening.free_places > 0
        and (opening.closing_date is None or opening.closing_date >= today)
    )
