"""Database models: people, pool cases, openings, applications, contests and the audit trail.

Models hold data and derived read-only properties; the rules that change them live in
`talentpool.services`, so no model method commits or checks permissions.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from talentpool.extensions import db


def utcnow() -> datetime:
    """Timezone-aware now, evaluated per row (never once at import)."""
    return datetime.now(UTC)


def _enum(enum_class: type[enum.Enum], name: str) -> Enum:
    """Store enums by their lowercase value, as a portable VARCHAR with a CHECK constraint."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Role(enum.StrEnum):
    """What a user may do; one person can hold several."""

    HR = "hr"
    MANAGER = "manager"
    EMPLOYEE = "employee"

    @property
    def label(self) -> str:
        return {"hr": "HR staff", "manager": "Manager", "employee": "Employee"}[self.value]


class CaseStatus(enum.StrEnum):
    """Where a pool case stands. TRIAL: the person works in a new role on trial; the case is not
    closed until HR confirms the trial, and a failed trial sends it back to OPEN."""

    OPEN = "open"
    TRIAL = "trial"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"open": "In the pool", "trial": "On trial", "closed": "Closed"}[self.value]


class TrialStatus(enum.StrEnum):
    RUNNING = "running"
    CONFIRMED = "confirmed"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"running": "Running", "confirmed": "Confirmed", "failed": "Failed"}[self.value]


class WorkingHours(enum.StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"

    @property
    def label(self) -> str:
        return {"full_time": "Full time", "part_time": "Part time"}[self.value]


class StatutoryPriority(enum.StrEnum):
    """Why the law (or a collective agreement) gives a person first claim on suitable openings."""

    FAMILY_LEAVE = "family_leave"
    DISABILITY = "disability"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "family_leave": "Protected during or after family leave",
            "disability": "Disability: suitable alternative role first",
            "other": "Other statutory priority",
        }[self.value]


class OutcomeKind(enum.StrEnum):
    """How a pool case ended."""

    REASSIGNED = "reassigned"
    EXIT_PACKAGE = "exit_package"
    RESIGNED = "resigned"

    @property
    def label(self) -> str:
        return {"reassigned": "Reassigned", "exit_package": "Exit package", "resigned": "Resigned"}[
            self.value
        ]


class OpeningStatus(enum.StrEnum):
    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


class Interest(enum.StrEnum):
    """The employee's answer to a suggested or browsed opening."""

    INTERESTED = "interested"
    DECLINED = "declined"


class DeclineCategory(enum.StrEnum):
    """The common reasons for saying no to an opening, so HR can see patterns across the pool."""

    SKILLS = "skills"
    GRADE_OR_PAY = "grade_or_pay"
    LOCATION = "location"
    HOURS = "hours"
    OTHER_OPENING = "other_opening"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "skills": "The role is too far from my skills",
            "grade_or_pay": "Lower grade or pay",
            "location": "Location or commute",
            "hours": "Working hours",
            "other_opening": "I prefer another opening",
            "other": "Other",
        }[self.value]


class ContestKind(enum.StrEnum):
    """What an employee asks their HR owner: something is wrong with their suggestions, or a talk."""

    MISSING_ROLE = "missing_role"
    WRONG_SKILLS = "wrong_skills"
    OTHER = "other"
    # Not about the suggestions: the person asks their HR owner for a conversation.
    CONVERSATION = "conversation"

    @property
    def label(self) -> str:
        return {
            "missing_role": "A role fits me that is not suggested",
            "wrong_skills": "My skills are wrong",
            "other": "Something else",
            "conversation": "I'd like to talk to my HR contact",
        }[self.value]

    @property
    def is_conversation(self) -> bool:
        return self is ContestKind.CONVERSATION

    @classmethod
    def suggestion_kinds(cls) -> list[ContestKind]:
        """The kinds that contest the suggestions (the contest form offers only these)."""
        return [kind for kind in cls if not kind.is_conversation]


class ApplicationStage(enum.StrEnum):
    """Where the hiring manager has taken a candidate for an opening."""

    NEW = "new"
    SHORTLISTED = "shortlisted"
    TURNED_DOWN = "turned_down"
    OFFERED = "offered"
    # Set by HR's reassignment: the person works in the role on trial, then is hired or fails the trial.
    ON_TRIAL = "on_trial"
    TRIAL_FAILED = "trial_failed"
    HIRED = "hired"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Department(db.Model):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)

    def __repr__(self) -> str:
        return f"<Department {self.name!r}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), primary_key=True)


class User(UserMixin, db.Model):
    """Someone who signs in: HR staff, a manager, an employee, or several at once."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=UserRole.role
    )
    employee: Mapped[Employee | None] = relationship(back_populates="user", uselist=False)

    @property
    def roles(self) -> set[Role]:
        return {row.role for row in self.role_rows}

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in for inactive users
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email!r}>"


class Employee(db.Model):
    """A person on the payroll; may or may not be in the pool, may or may not sign in."""

    __tablename__ = "employees"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_number: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    title: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    location: Mapped[str] = mapped_column(String(120), default="", server_default="")
    # Current terms, compared with an opening's so a lower grade or fewer hours is never a surprise.
    pay_grade: Mapped[int | None] = mapped_column(Integer)
    hours: Mapped[WorkingHours] = mapped_column(
        _enum(WorkingHours, "working_hours"), default=WorkingHours.FULL_TIME, server_default="full_time"
    )
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    # Bumped by every change (services/editing.py), so a form saved on a stale copy is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    department: Mapped[Department] = relationship(lazy="joined")
    user: Mapped[User | None] = relationship(back_populates="employee")
    skills: Mapped[list[EmployeeSkill]] = relationship(
        back_populates="employee",
        cascade="all, delete-orphan",
        order_by="EmployeeSkill.id",
        lazy="selectin",
    )
    cases: Mapped[list[PoolCase]] = relationship(
        back_populates="employee", order_by="PoolCase.entered_on.desc()"
    )

    def __repr__(self) -> str:
        return f"<Employee {self.employee_number} {self.full_name!r}>"


class EmployeeSkill(db.Model):
    __tablename__ = "employee_skills"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
        UniqueConstraint("employee_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[int] = mapped_column(Integer, default=3)

    employee: Mapped[Employee] = relationship(back_populates="skills")


class PoolCase(db.Model):
    """One stay of one employee in the talent pool, from entry to outcome."""

    __tablename__ = "pool_cases"
    __table_args__ = (
        # At most one case in progress (in the pool or on trial) per employee, enforced by the
        # database as well as the service.
        Index(
            "uq_pool_cases_one_open_per_employee",
            "employee_id",
            unique=True,
            sqlite_where=text("status IN ('open', 'trial')"),
            postgresql_where=text("status IN ('open', 'trial')"),
        ),
        # What the pool list filters and sorts by: status with deadline, entry date or outcome.
        Index("ix_pool_cases_status_deadline", "status", "deadline"),
        Index("ix_pool_cases_status_entered_on", "status", "entered_on"),
        Index("ix_pool_cases_status_outcome_kind", "status", "outcome_kind"),
        CheckConstraint("deadline >= entered_on", name="deadline_after_entry"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    eliminated_title: Mapped[str] = mapped_column(String(200))
    eliminated_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    entered_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    hr_owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus, "case_status"), default=CaseStatus.OPEN)
    # The current outcome, denormalised from `outcomes` so the pool list can filter on it.
    outcome_kind: Mapped[OutcomeKind | None] = mapped_column(_enum(OutcomeKind, "outcome_kind"))
    closed_on: Mapped[date | None] = mapped_column(Date)
    hr_notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A statutory priority puts the person first in the candidate lists of openings that suit them.
    priority: Mapped[StatutoryPriority | None] = mapped_column(_enum(StatutoryPriority, "statutory_priority"))
    priority_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    employee: Mapped[Employee] = relationship(back_populates="cases", lazy="joined")
    eliminated_department: Mapped[Department] = relationship(lazy="joined")
    hr_owner: Mapped[User] = relationship(lazy="joined")
    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="case", order_by="Outcome.recorded_at", cascade="all, delete-orphan"
    )
    applications: Mapped[list[Application]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    contests: Mapped[list[SuggestionContest]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="SuggestionContest.created_at.desc()"
    )
    trials: Mapped[list[Trial]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Trial.id.desc()"
    )

    @property
    def is_open(self) -> bool:
        """In the pool, looking: suggestions, offers and outcomes apply."""
        return self.status == CaseStatus.OPEN

    @property
    def on_trial(self) -> bool:
        return self.status == CaseStatus.TRIAL

    @property
    def in_progress(self) -> bool:
        """Not closed: in the pool or on trial (the clock runs, the person is HR's to look after)."""
        return self.status != CaseStatus.CLOSED

    @property
    def running_trial(self) -> Trial | None:
        return next((t for t in self.trials if t.status == TrialStatus.RUNNING), None)

    def days_in_pool(self, today: date) -> int:
        end = self.closed_on if self.closed_on and self.status == CaseStatus.CLOSED else today
        return max((end - self.entered_on).days, 0)

    def days_left(self, today: date) -> int:
        """Days until the deadline; negative once the case is overdue."""
        return (self.deadline - today).days

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.deadline < today

    @property
    def current_outcome(self) -> Outcome | None:
        return next((o for o in reversed(self.outcomes) if o.reversed_at is None), None)

    def __repr__(self) -> str:
        return f"<PoolCase {self.id} {self.status}>"


class Outcome(db.Model):
    """A recorded end of a case. Reopening keeps the row and marks it reversed, so history stays."""

    __tablename__ = "outcomes"
    __table_args__ = (
        CheckConstraint("weeks_of_pay IS NULL OR weeks_of_pay >= 0", name="weeks_of_pay_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("pool_cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[OutcomeKind] = mapped_column(_enum(OutcomeKind, "outcome_kind"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    effective_on: Mapped[date] = mapped_column(Date)
    # reassigned
    opening_id: Mapped[int | None] = mapped_column(ForeignKey("openings.id"), index=True)
    previous_title: Mapped[str | None] = mapped_column(String(200))
    previous_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    # exit package
    weeks_of_pay: Mapped[float | None] = mapped_column(Float)
    last_working_day: Mapped[date | None] = mapped_column(Date)
    # resigned
    resignation_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    reversed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reversal_reason: Mapped[str | None] = mapped_column(Text)
    # A reassignment is confirmed at the end of its trial, which knows the suggestion that led to it.
    trial_id: Mapped[int | None] = mapped_column(ForeignKey("trials.id"))

    case: Mapped[PoolCase] = relationship(back_populates="outcomes")
    opening: Mapped[Opening | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()
    trial: Mapped[Trial | None] = relationship(foreign_keys=[trial_id])


class Opening(db.Model):
    """An internal role a manager wants to fill, possibly with several places."""

    __tablename__ = "openings"
    __table_args__ = (
        CheckConstraint("headcount >= 1", name="headcount_positive"),
        CheckConstraint("places_filled >= 0 AND places_filled <= headcount", name="places_within_headcount"),
        Index("ix_openings_status_closing_date", "status", "closing_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    location: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    places_filled: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closing_date: Mapped[date | None] = mapped_column(Date)
    pay_grade: Mapped[int | None] = mapped_column(Integer)
    hours: Mapped[WorkingHours] = mapped_column(
        _enum(WorkingHours, "working_hours"), default=WorkingHours.FULL_TIME, server_default="full_time"
    )
    # Until this day (inclusive) only people in the pool see the opening: they are at risk, so
    # they get the first look before anyone else may apply.
    pool_only_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[OpeningStatus] = mapped_column(
        _enum(OpeningStatus, "opening_status"), default=OpeningStatus.OPEN
    )
    manager_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    # Bumped by every change (services/editing.py), so a form saved on a stale copy is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    department: Mapped[Department] = relationship(lazy="joined")
    manager: Mapped[User] = relationship(lazy="joined")
    skills: Mapped[list[OpeningSkill]] = relationship(
        back_populates="opening",
        cascade="all, delete-orphan",
        order_by="OpeningSkill.id",
        lazy="selectin",
    )
    applications: Mapped[list[Application]] = relationship(back_populates="opening")

    @property
    def free_places(self) -> int:
        return self.headcount - self.places_filled

    def pool_only(self, today: date) -> bool:
        """Whether the priority window for people in the pool is still running."""
        return self.pool_only_until is not None and today <= self.pool_only_until

    @property
    def required_skills(self) -> list[OpeningSkill]:
        return [s for s in self.skills if s.required]

    @property
    def nice_to_have_skills(self) -> list[OpeningSkill]:
        return [s for s in self.skills if not s.required]

    def __repr__(self) -> str:
        return f"<Opening {self.reference} {self.title!r}>"


class OpeningSkill(db.Model):
    __tablename__ = "opening_skills"
    __table_args__ = (
        CheckConstraint("min_level IS NULL OR min_level BETWEEN 1 AND 5", name="min_level_range"),
        UniqueConstraint("opening_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    min_level: Mapped[int | None] = mapped_column(Integer)

    opening: Mapped[Opening] = relationship(back_populates="skills")


class Application(db.Model):
    """A pool member in the pipeline of one opening: their interest and the manager's stage."""

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("case_id", "opening_id"),
        Index("ix_applications_stage", "stage"),  # HR's list of offers waiting for a reassignment
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("pool_cases.id", ondelete="CASCADE"))
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id"), index=True)
    interest: Mapped[Interest | None] = mapped_column(_enum(Interest, "interest"))
    # Set with a DECLINED answer: one of the common reasons, with free text (required for OTHER).
    decline_category: Mapped[DeclineCategory | None] = mapped_column(_enum(DeclineCategory, "decline_category"))
    decline_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    stage: Mapped[ApplicationStage] = mapped_column(
        _enum(ApplicationStage, "application_stage"), default=ApplicationStage.NEW
    )
    # The match score when the application last changed, so reports can tell what the model saw.
    match_score: Mapped[float | None] = mapped_column(Float)
    # The written offer: the terms the manager offered, recorded when the offer is made.
    offered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    offer_pay_grade: Mapped[int | None] = mapped_column(Integer)
    offer_hours: Mapped[WorkingHours | None] = mapped_column(_enum(WorkingHours, "working_hours"))
    offer_location: Mapped[str | None] = mapped_column(String(120))
    offer_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    case: Mapped[PoolCase] = relationship(back_populates="applications")
    opening: Mapped[Opening] = relationship(back_populates="applications", lazy="joined")


class Trial(db.Model):
    """A reassignment on trial: the person works in the new role for a fixed period, then HR confirms
    it (the case closes as reassigned) or records that it failed (back to the pool, place freed)."""

    __tablename__ = "trials"
    __table_args__ = (
        CheckConstraint("ends_on > starts_on", name="ends_after_start"),
        CheckConstraint(
            "extension_agreement IS NULL OR extension_agreed_on IS NOT NULL", name="agreement_dated"
        ),
        CheckConstraint("status <> 'failed' OR failure_reason IS NOT NULL", name="failure_has_reason"),
        Index("ix_trials_status_ends_on", "status", "ends_on"),  # HR's "trials ending" list
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("pool_cases.id", ondelete="CASCADE"), index=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id"), index=True)
    status: Mapped[TrialStatus] = mapped_column(_enum(TrialStatus, "trial_status"), default=TrialStatus.RUNNING)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # A trial longer than the standard period needs an agreement recorded before it starts.
    extension_agreement: Mapped[str | None] = mapped_column(Text)
    extension_agreed_on: Mapped[date | None] = mapped_column(Date)
    # What the person was before, to give back if the trial fails.
    previous_title: Mapped[str] = mapped_column(String(200))
    previous_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    # Which suggestion led here: the opening's place in the person's ranked suggestions when the
    # trial started (None: it was not among them) and its score.
    suggestion_rank: Mapped[int | None] = mapped_column(Integer)
    match_score: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    started_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    failure_reason: Mapped[str | None] = mapped_column(Text)

    case: Mapped[PoolCase] = relationship(back_populates="trials")
    opening: Mapped[Opening] = relationship(lazy="joined")
    started_by: Mapped[User] = relationship(foreign_keys=[started_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_running(self) -> bool:
        return self.status == TrialStatus.RUNNING

    def days_left(self, today: date) -> int:
        """Days until the trial ends; negative once its end has passed without a decision."""
        return (self.ends_on - today).days

    def __repr__(self) -> str:
        return f"<Trial {self.id} {self.status}>"


class SuggestionContest(db.Model):
    """An employee saying their suggestions are wrong or incomplete, or asking for a conversation;
    their HR owner answers once."""

    __tablename__ = "suggestion_contests"
    __table_args__ = (
        CheckConstraint(
            "answered_at IS NULL OR (answer IS NOT NULL AND answered_by_id IS NOT NULL)", name="answer_complete"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("pool_cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ContestKind] = mapped_column(_enum(ContestKind, "contest_kind"))
    message: Mapped[str] = mapped_column(Text)  # may be empty for a conversation request
    # For a conversation request: when the person would like to talk, in their own words.
    preferred_times: Mapped[str] = mapped_column(String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answer: Mapped[str | None] = mapped_column(Text)

    case: Mapped[PoolCase] = relationship(back_populates="contests", lazy="joined")
    answered_by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def __repr__(self) -> str:
        return f"<SuggestionContest {self.id} {self.kind}>"


class Notification(db.Model):
    """A message to one user, shown under the bell; when it was also emailed, to whom and when.

    `dedupe_key` makes reminders idempotent: the same reminder for the same thing is stored (and
    sent) once per user, however often the daily job runs.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "dedupe_key"),
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300), default="", server_default="")
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    email_to: Mapped[str | None] = mapped_column(String(254))
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    email_error: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class AuditEvent(db.Model):
    """Who did what, when, with the state before and after. Written by services only."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("pool_cases.id", ondelete="SET NULL"), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")

    actor: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id"),)


class DataVersion(db.Model):
    """A counter per kind of derived data; bumped in the transaction that changes its inputs.

    Each worker process keeps a fitted matcher and compares this number to know when to refit.
    """

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class ApiTokenStatus(enum.StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def as_utc(moment: datetime) -> datetime:
    """A stored timestamp as an aware UTC datetime (SQLite gives them back without a zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class ApiToken(db.Model):
    """A secret that lets another system (e.g. the HRIS) use the REST API as one user, within one of
    their roles (the scope). Only the SHA-256 of the secret is stored; its first characters are kept
    so people can tell tokens apart."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        # The API serves HR and managers; an employee token would reach nothing.
        CheckConstraint("scope IN ('hr', 'manager')", name="scope_allowed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[Role] = mapped_column(_enum(Role, "token_scope"))
    # The API acts as this user, who must hold the scope's role whenever the token is used.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    @property
    def valid_through(self) -> date | None:
        """The last day (UTC) a token that expires works: the day HR chose."""
        if self.expires_at is None:
            return None
        return (as_utc(self.expires_at).astimezone(UTC) - timedelta(microseconds=1)).date()

    def status(self, now: datetime) -> ApiTokenStatus:
        if self.revoked_at is not None:
            return ApiTokenStatus.REVOKED
        if self.expires_at is not None and as_utc(self.expires_at) <= now:
            return ApiTokenStatus.EXPIRED
        return ApiTokenStatus.ACTIVE

    def __repr__(self) -> str:
        return f"<ApiToken {self.token_prefix} {self.scope}>"
