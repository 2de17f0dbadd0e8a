"""What the REST API reads and writes, as marshmallow schemas; the OpenAPI document is generated
from them. Input schemas check what the web forms check (required fields, lengths, ranges); the
business rules are the services' to apply."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from talentpool.matching import Match
from talentpool.models import (
    Application,
    ApplicationStage,
    CaseStatus,
    Interest,
    OpeningStatus,
    OutcomeKind,
    StatutoryPriority,
    TrialStatus,
    WorkingHours,
    as_utc,
)
from talentpool.services.suitability import (
    MAX_PAY_GRADE,
    MIN_PAY_GRADE,
    PAY_GRADE_MESSAGE,
    DifferenceKind,
    TermDifference,
)

MAX_ID = 2**31 - 1
# Dates far outside working life are typing mistakes (and 9999-12-31 plus a trial overflows).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
MAX_PER_PAGE = 100
MAX_PAGE = 100_000


# --- Fields -----------------------------------------------------------------------------


class Text(fields.String):
    """A string the databases can store: no NUL character (PostgreSQL refuses it), no lone surrogate."""

    default_error_messages = {"nul": "Remove the NUL character.", "unicode": "Not valid Unicode text."}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise self.make_error("nul")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from a JSON escape such as \ud800
            raise self.make_error("unicode") from None
        return text


def required_text(max_length: int, blank_message: str, *, required: bool = True) -> Text:
    """A text that must hold more than spaces, like a form's DataRequired field."""
    return Text(
        required=required,
        validate=[validate.Length(max=max_length), validate.Regexp(r"[\s\S]*\S", error=blank_message)],
    )


def optional_text(max_length: int, **kwargs: Any) -> Text:
    return Text(validate=validate.Length(max=max_length), **kwargs)


def record_id(**kwargs: Any) -> fields.Integer:
    """The id of a record, as a JSON integer."""
    return fields.Integer(strict=True, validate=validate.Range(1, MAX_ID), **kwargs)


def day(**kwargs: Any) -> fields.Date:
    """A calendar date (YYYY-MM-DD) between 1900 and 2199."""
    return fields.Date(
        validate=validate.Range(FIRST_DAY, LAST_DAY, error="Give a date between {min} and {max}."), **kwargs
    )


def grade(**kwargs: Any) -> fields.Integer:
    return fields.Integer(
        strict=True,
        allow_none=True,
        validate=validate.Range(MIN_PAY_GRADE, MAX_PAY_GRADE, error=PAY_GRADE_MESSAGE),
        **kwargs,
    )


def working_hours(**kwargs: Any) -> fields.Enum:
    return fields.Enum(WorkingHours, by_value=True, **kwargs)


class Number(fields.Float):
    """A JSON number; unlike marshmallow's Float, a numeric string is refused."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> float:
        if isinstance(value, str):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Timestamp(fields.DateTime):
    """A moment in ISO 8601 with its UTC offset, whatever the database gave back."""

    def _serialize(self, value: datetime | None, attr: Any, obj: Any, **kwargs: Any) -> str | None:
        return super()._serialize(as_utc(value) if value is not None else None, attr, obj, **kwargs)


def edit_version() -> fields.Integer:
    return fields.Integer(
        strict=True,
        required=True,
        validate=validate.Range(1, MAX_ID),
        metadata={"description": "The version you read; if the record changed since, nothing is saved (409)."},
    )


# --- Shared pieces ----------------------------------------------------------------------


class DepartmentSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()


class UserRefSchema(ma.Schema):
    id = fields.Integer()
    full_name = fields.String()
    email = fields.String()


class EmployeeRefSchema(ma.Schema):
    id = fields.Integer()
    employee_number = fields.String()
    full_name = fields.String()


class OpeningRefSchema(ma.Schema):
    id = fields.Integer()
    reference = fields.String()
    title = fields.String()


class PaginationSchema(ma.Schema):
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer(metadata={"description": "Items on all pages."})
    pages = fields.Integer()


class PageArgsSchema(ma.Schema):
    """Which page of a list: `page` from 1, `per_page` items (default: the PAGE_SIZE setting, 25)."""

    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE))
    per_page = fields.Integer(
        validate=validate.Range(1, MAX_PER_PAGE), metadata={"description": "Default: the PAGE_SIZE setting (25)."}
    )


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The schema of one page of a list: `items` and `pagination`."""
    return ma.Schema.from_dict(
        {"items": fields.List(fields.Nested(item_schema)), "pagination": fields.Nested(PaginationSchema)}, name=name
    )


class TermDifferenceSchema(ma.Schema):
    kind = fields.Enum(DifferenceKind, by_value=True)
    description = fields.String(attribute="about_them")
    warning = fields.Boolean(
        attribute="is_warning", metadata={"description": "Whether it may make the role unsuitable."}
    )


class CloseSkillSchema(ma.Schema):
    wanted = fields.String(metadata={"description": "The opening's skill the person lacks."})
    held = fields.String(metadata={"description": "The person's skill of the same kind, which earned half credit."})


class MatchSchema(ma.Schema):
    """A match's score, the reasons behind it, and where the person stands with the opening."""

    score = fields.Float(metadata={"description": "The fit, from 0 to 1."})
    matched_skills = fields.List(fields.String())
    missing_skills = fields.List(fields.String(), metadata={"description": "Required skills the person lacks."})
    close_skills = fields.List(fields.Nested(CloseSkillSchema))
    term_differences = fields.List(
        fields.Nested(TermDifferenceSchema), metadata={"description": "How grade, hours and location differ."}
    )
    interest = fields.Enum(Interest, by_value=True, allow_none=True, metadata={"description": "The person's answer."})
    stage = fields.Enum(
        ApplicationStage, by_value=True, allow_none=True, metadata={"description": "The manager's step."}
    )


def match_fields(match: Match, application: Application | None, differences: list[TermDifference]) -> dict[str, Any]:
    """What MatchSchema shows of a ranked match."""
    return {
        "score": match.score,
        "matched_skills": list(match.matched_skills),
        "missing_skills": list(match.missing_skills),
        "close_skills": [{"wanted": wanted, "held": held} for wanted, held in match.close_skills],
        "term_differences": differences,
        "interest": application.interest if application else None,
        "stage": application.stage if application else None,
    }


# --- Employees --------------------------------------------------------------------------


class SkillSchema(ma.Schema):
    name = required_text(120, "Name the skill.")
    level = fields.Integer(
        strict=True,
        load_default=3,
        validate=validate.Range(1, 5, error="The level must be between 1 and 5."),
        metadata={"description": "1 (beginner) to 5 (expert)."},
    )


def skill_list(**kwargs: Any) -> fields.List:
    return fields.List(fields.Nested(SkillSchema), validate=validate.Length(max=200), **kwargs)


class EmployeeSchema(ma.Schema):
    id = fields.Integer()
    employee_number = fields.String()
    full_name = fields.String()
    email = fields.String(allow_none=True)
    title = fields.String()
    department = fields.Nested(DepartmentSchema)
    location = fields.String()
    pay_grade = fields.Integer(allow_none=True)
    hours = working_hours()
    summary = fields.String()
    skills = fields.List(fields.Nested(SkillSchema))
    version = fields.Integer(metadata={"description": "Send it back with a change (optimistic locking)."})
    updated_at = Timestamp()


EmployeePageSchema = page_schema(EmployeeSchema, "EmployeePageSchema")


class EmployeeListArgsSchema(PageArgsSchema):
    q = optional_text(100, metadata={"description": "Part of the name, employee number or job title."})
    department_id = fields.Integer(validate=validate.Range(1, MAX_ID))


def _employee_fields(*, create: bool) -> dict[str, fields.Field]:
    """The register entry's fields: required when creating, each optional in a change."""
    defaults: dict[str, Any] = {"email": None, "location": "", "pay_grade": None, "hours": WorkingHours.FULL_TIME}

    def optional(name: str) -> dict[str, Any]:
        return {"load_default": defaults[name]} if create else {}

    return {
        "employee_number": required_text(40, "Enter the employee number.", required=create),
        "full_name": required_text(200, "Enter the person's name.", required=create),
        "title": required_text(200, "Enter the job title.", required=create),
        "department_id": record_id(required=create),
        "email": fields.Email(allow_none=True, validate=validate.Length(max=254), **optional("email")),
        "location": optional_text(120, **optional("location")),
        "pay_grade": grade(**optional("pay_grade")),
        "hours": working_hours(**optional("hours")),
    }


EmployeeCreateSchema = ma.Schema.from_dict(
    _employee_fields(create=True)
    | {"summary": optional_text(5000, load_default=""), "skills": skill_list(load_default=list)},
    name="EmployeeCreateSchema",
)
EmployeeChangeSchema = ma.Schema.from_dict(
    _employee_fields(create=False) | {"version": edit_version()}, name="EmployeeChangeSchema"
)


class SkillsProfileSchema(ma.Schema):
    employee_id = fields.Integer(attribute="id")
    summary = fields.String()
    skills = fields.List(fields.Nested(SkillSchema))
    version = fields.Integer()


class SkillsProfileChangeSchema(ma.Schema):
    """The whole profile: the skills listed replace the current ones."""

    summary = optional_text(5000, load_default="")
    skills = skill_list(required=True)
    version = edit_version()


# --- Pool cases -------------------------------------------------------------------------

CASE_STATUS_FILTERS = ("all", "open", "trial", "overdue", "closed", *(kind.value for kind in OutcomeKind))


class CaseSchema(ma.Schema):
    id = fields.Integer()
    status = fields.Enum(CaseStatus, by_value=True)
    employee = fields.Nested(EmployeeRefSchema)
    eliminated_title = fields.String()
    eliminated_department = fields.Nested(DepartmentSchema)
    reason = fields.String()
    entered_on = fields.Date()
    deadline = fields.Date()
    hr_owner = fields.Nested(UserRefSchema)
    outcome_kind = fields.Enum(OutcomeKind, by_value=True, allow_none=True)
    closed_on = fields.Date(allow_none=True)
    priority = fields.Enum(StatutoryPriority, by_value=True, allow_none=True)
    priority_note = fields.String()
    hr_notes = fields.String()
    created_at = Timestamp()


CasePageSchema = page_schema(CaseSchema, "CasePageSchema")


class OutcomeSchema(ma.Schema):
    id = fields.Integer()
    kind = fields.Enum(OutcomeKind, by_value=True)
    effective_on = fields.Date()
    recorded_at = Timestamp()
    recorded_by = fields.Nested(UserRefSchema, allow_none=True)
    opening = fields.Nested(OpeningRefSchema, allow_none=True)
    weeks_of_pay = fields.Float(allow_none=True)
    last_working_day = fields.Date(allow_none=True)
    resignation_date = fields.Date(allow_none=True)
    notes = fields.String()
    reversed_at = Timestamp(allow_none=True, metadata={"description": "Set when the case was reopened."})
    reversal_reason = fields.String(allow_none=True)


class TrialSchema(ma.Schema):
    id = fields.Integer()
    status = fields.Enum(TrialStatus, by_value=True)
    opening = fields.Nested(OpeningRefSchema)
    starts_on = fields.Date()
    ends_on = fields.Date()
    extension_agreement = fields.String(allow_none=True)
    extension_agreed_on = fields.Date(allow_none=True)
    suggestion_rank = fields.Integer(
        allow_none=True,
        metadata={"description": "The opening's place in the person's suggestions (null: not suggested)."},
    )
    match_score = fields.Float(allow_none=True)
    notes = fields.String()
    decided_on = fields.Date(allow_none=True)
    failure_reason = fields.String(allow_none=True)


class CaseDetailSchema(CaseSchema):
    outcomes = fields.List(fields.Nested(OutcomeSchema), metadata={"description": "Oldest first."})
    trials = fields.List(fields.Nested(TrialSchema), metadata={"description": "Newest first."})


class CaseListArgsSchema(PageArgsSchema):
    status = fields.String(load_default="all", validate=validate.OneOf(CASE_STATUS_FILTERS))
    department_id = fields.Integer(
        validate=validate.Range(1, MAX_ID), metadata={"description": "The department of the eliminated role."}
    )
    owner_id = fields.Integer(validate=validate.Range(1, MAX_ID), metadata={"description": "The HR owner."})
    q = optional_text(100, metadata={"description": "Part of the person's name or employee number."})


class CaseCreateSchema(ma.Schema):
    """Add an employee whose role was eliminated to the pool."""

    employee_id = record_id(required=True)
    eliminated_title = required_text(200, "Enter the title of the eliminated role.")
    eliminated_department_id = record_id(required=True)
    reason = required_text(2000, "Say why the role was eliminated.")
    entered_on = day(required=True)
    deadline = day(
        allow_none=True, load_default=None,
        metadata={"description": "Default: the date entered plus the pool period (POOL_PERIOD_DAYS)."},
    )
    hr_owner_id = record_id(allow_none=True, load_default=None, metadata={"description": "Default: the token's user."})


class SuggestionSchema(MatchSchema):
    """An open opening ranked for the person, best first, with why."""

    rank = fields.Integer()
    opening = fields.Nested(OpeningRefSchema)


class SuggestionArgsSchema(ma.Schema):
    limit = fields.Integer(
        validate=validate.Range(1, 50),
        metadata={"description": "How many. Default: the SUGGESTIONS_SHOWN setting (10)."},
    )


def _kind(outcome: OutcomeKind) -> fields.String:
    return fields.String(required=True, validate=validate.OneOf([outcome.value]))


class ExitPackageSchema(ma.Schema):
    """Close the case with an exit package."""

    kind = _kind(OutcomeKind.EXIT_PACKAGE)
    weeks_of_pay = Number(
        required=True, validate=validate.Range(0, 260, error="Weeks of pay must be between 0 and 260.")
    )
    last_working_day = day(required=True)
    notes = optional_text(2000, load_default="")


class ResignationSchema(ma.Schema):
    """Close the case because the person resigned."""

    kind = _kind(OutcomeKind.RESIGNED)
    resignation_date = day(required=True)
    notes = optional_text(2000, load_default="")


class ReassignmentSchema(ma.Schema):
    """Reassign the person to an opening with a free place, on trial; confirm or fail the trial later."""

    kind = _kind(OutcomeKind.REASSIGNED)
    opening_id = record_id(required=True)
    starts_on = day(required=True, metadata={"description": "The first day in the new role (and of the trial)."})
    trial_ends_on = day(
        allow_none=True, load_default=None,
        metadata={"description": "Default: the standard trial (TRIAL_PERIOD_DAYS); later only with an agreement."},
    )
    extension_agreement = optional_text(
        2000, load_default="", metadata={"description": "For a longer trial: who agreed, how and why."}
    )
    extension_agreed_on = day(allow_none=True, load_default=None)
    notes = optional_text(2000, load_default="")


class OutcomeRequestSchema(ma.Schema):
    """An outcome of a case, one of three kinds chosen by `kind` (documented as oneOf)."""

    discriminator = "kind"
    one_of: dict[str, type[ma.Schema]] = {
        OutcomeKind.EXIT_PACKAGE.value: ExitPackageSchema,
        OutcomeKind.RESIGNED.value: ResignationSchema,
        OutcomeKind.REASSIGNED.value: ReassignmentSchema,
    }

    def load(self, data: Any, **kwargs: Any) -> dict[str, Any]:
        """Load with the schema of the kind named in `data`."""
        kind = data.get(self.discriminator) if isinstance(data, dict) else None
        if not isinstance(kind, str) or kind not in self.one_of:
            raise ma.ValidationError(
                {self.discriminator: [f"Must be one of: {', '.join(self.one_of)}."]} if isinstance(data, dict)
                else {"_schema": ["Send a JSON object."]}
            )
        return self.one_of[kind]().load(data, **kwargs)


class ConfirmTrialSchema(ma.Schema):
    decided_on = day(load_default=None, metadata={"description": "Default: today."})
    notes = optional_text(2000, load_default="")


class FailTrialSchema(ma.Schema):
    decided_on = day(load_default=None, metadata={"description": "The last day of the trial. Default: today."})
    reason = required_text(2000, "Write why the trial failed.")


# --- Openings ---------------------------------------------------------------------------


class RequiredSkillSchema(ma.Schema):
    name = required_text(120, "Name the skill.")
    min_level = fields.Integer(
        strict=True, allow_none=True, load_default=None,
        validate=validate.Range(1, 5, error="The minimum level must be between 1 and 5."),
    )


class OpeningSchema(ma.Schema):
    id = fields.Integer()
    reference = fields.String()
    title = fields.String()
    department = fields.Nested(DepartmentSchema)
    location = fields.String()
    description = fields.String()
    headcount = fields.Integer()
    places_filled = fields.Integer()
    free_places = fields.Integer()
    closing_date = fields.Date(allow_none=True)
    pay_grade = fields.Integer(allow_none=True)
    hours = working_hours()
    pool_only_until = fields.Date(
        allow_none=True, metadata={"description": "Until this day only people in the pool see the opening."}
    )
    status = fields.Enum(OpeningStatus, by_value=True)
    manager = fields.Nested(UserRefSchema)
    required_skills = fields.List(fields.Nested(RequiredSkillSchema))
    nice_to_have = fields.Function(
        lambda opening: [skill.name for skill in opening.nice_to_have_skills],
        metadata={"type": "array", "items": {"type": "string"}},
    )
    version = fields.Integer()
    created_at = Timestamp()


OpeningPageSchema = page_schema(OpeningSchema, "OpeningPageSchema")


class OpeningListArgsSchema(PageArgsSchema):
    status = fields.Enum(OpeningStatus, by_value=True)
    department_id = fields.Integer(validate=validate.Range(1, MAX_ID))
    taking_candidates = fields.Boolean(
        metadata={"description": "true: only openings people can still move into (open, a free place, not past "
                  "their closing date)."}
    )


class OpeningCreateSchema(ma.Schema):
    """A manager posts an opening, as the token's user."""

    title = required_text(200, "Give the opening a title.")
    department_id = record_id(required=True)
    location = required_text(120, "Say where the work is.")
    description = required_text(10_000, "Describe the role.")
    headcount = fields.Integer(
        strict=True, load_default=1, validate=validate.Range(1, 999, error="Headcount must be between 1 and 999.")
    )
    closing_date = day(allow_none=True, load_default=None)
    pay_grade = grade(load_default=None)
    hours = working_hours(load_default=WorkingHours.FULL_TIME)
    required_skills = fields.List(
        fields.Nested(RequiredSkillSchema), required=True, validate=validate.Length(1, 40)
    )
    nice_to_have = fields.List(
        required_text(120, "Name the skill."), load_default=list, validate=validate.Length(max=40)
    )


class CandidateCaseSchema(ma.Schema):
    id = fields.Integer()
    employee = fields.Nested(EmployeeRefSchema)
    eliminated_title = fields.String()
    priority = fields.Enum(StatutoryPriority, by_value=True, allow_none=True)


class CandidateSchema(MatchSchema):
    """A person in the pool ranked for the opening, best first, with why."""

    rank = fields.Integer(
        allow_none=True, metadata={"description": "Place in the ranking; null for someone listed below it because "
                                   "they are in the opening's pipeline or have a statutory priority."}
    )
    prioritised = fields.Boolean(metadata={"description": "Listed first: a statutory priority and a suitable match."})
    case = fields.Nested(CandidateCaseSchema)


class CandidateArgsSchema(ma.Schema):
    limit = fields.Integer(
        load_default=25, validate=validate.Range(1, 100), metadata={"description": "How many of the best-ranked."}
    )
