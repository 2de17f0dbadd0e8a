"""Forms of the manager pages: an opening with its skills and terms, closing it, moving a candidate,
making a written offer."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from talentpool.forms_common import EditVersionMixin, hours_field, pay_grade_field
from talentpool.models import ApplicationStage, Opening
from talentpool.services.applications import MAX_OFFER_NOTE, OfferTerms
from talentpool.services.openings import SkillRequirement

# Empty skill rows kept below the filled ones, so a manager can add skills without any script.
BLANK_SKILL_ROWS = 3
MAX_SKILL_ROWS = 40
LEVEL_CHOICES = [
    SelectChoice(1, "1 · beginner"),
    SelectChoice(2, "2 · some experience"),
    SelectChoice(3, "3 · competent"),
    SelectChoice(4, "4 · advanced"),
    SelectChoice(5, "5 · expert"),
]
DEFAULT_LEVEL = 3


class ErrorSlot(Field):
    """A place for messages about a group of inputs (the skills); it takes no input itself."""

    def process_formdata(self, valuelist):
        self.data = None


class SkillRowForm(Form):
    """One required skill and the minimum level a candidate should have in it."""

    skill = StringField("Skill", validators=[Optional(), Length(max=120)])
    level = SelectField("Minimum level", choices=LEVEL_CHOICES, coerce=int, default=DEFAULT_LEVEL)


class OpeningForm(EditVersionMixin, FlaskForm):
    """What a manager posts: the role, its places, and the skills candidates are ranked on."""

    title = StringField("Title", validators=[DataRequired("Give the opening a title."), Length(max=200)])
    department_id = SelectField("Department", coerce=int, validators=[DataRequired("Choose a department.")])
    location = StringField("Location", validators=[DataRequired("Say where the work is."), Length(max=120)])
    pay_grade = pay_grade_field()
    hours = hours_field()
    description = TextAreaField(
        "Description",
        validators=[DataRequired("Describe the role."), Length(max=10_000)],
        render_kw={"rows": 6},
    )
    headcount = IntegerField(
        "Places (headcount)",
        default=1,
        validators=[
            InputRequired("Give the number of places."),
            NumberRange(min=1, max=999, message="Headcount must be at least 1 (and at most 999)."),
        ],
    )
    closing_date = DateField("Closing date", validators=[Optional()])
    required_skills = FieldList(
        FormField(SkillRowForm), min_entries=BLANK_SKILL_ROWS, max_entries=MAX_SKILL_ROWS
    )
    nice_to_have = TextAreaField("Nice-to-have skills", validators=[Length(max=2_000)], render_kw={"rows": 3})
    # Service errors about the skills as a whole (duplicates, none required) are shown here.
    skills = ErrorSlot("Skills")

    @classmethod
    def data_from(cls, opening: Opening) -> dict:
        """The form's initial data for editing an existing opening."""
        return {
            "title": opening.title,
            "department_id": opening.department_id,
            "location": opening.location,
            "pay_grade": opening.pay_grade,
            "hours": opening.hours,
            "description": opening.description,
            "headcount": opening.headcount,
            "closing_date": opening.closing_date,
            # No minimum level means any level, which is what level 1 asks for too.
            "required_skills": [
                {"skill": s.name, "level": s.min_level or 1} for s in opening.required_skills
            ],
            "nice_to_have": "\n".join(s.name for s in opening.nice_to_have_skills),
            "version": opening.version,
        }

    def nice_to_have_names(self) -> list[str]:
        """The nice-to-have skills, written one per line or separated by commas."""
        return [part.strip() for part in re.split(r"[,\n]", self.nice_to_have.data or "") if part.strip()]

    def skill_requirements(self) -> list[SkillRequirement]:
        """Required rows with their levels, then the nice-to-haves; the service drops blank rows."""
        required = [
            SkillRequirement(row.form.skill.data or "", required=True, min_level=row.form.level.data)
            for row in self.required_skills
        ]
        return required + [SkillRequirement(name, required=False) for name in self.nice_to_have_names()]

    def opening_fields(self) -> dict:
        """The keyword arguments create_opening and update_opening take from this form."""
        return {
            "title": self.title.data,
            "department_id": self.department_id.data,
            "location": self.location.data,
            "pay_grade": self.pay_grade.data,
            "hours": self.hours.data,
            "description": self.description.data,
            "headcount": self.headcount.data,
            "closing_date": self.closing_date.data,
            "skills": self.skill_requirements(),
        }

    def add_blank_skill_rows(self) -> None:
        """Top the skill rows up so that BLANK_SKILL_ROWS of them are empty."""
        rows = self.required_skills
        blanks = sum(1 for row in rows if not (row.form.skill.data or "").strip())
        while blanks < BLANK_SKILL_ROWS and len(rows) < MAX_SKILL_ROWS:
            rows.append_entry()
            blanks += 1


class CloseOpeningForm(FlaskForm):
    """Confirm closing an opening, with an optional reason kept in the audit trail."""

    reason = TextAreaField("Reason (optional)", validators=[Length(max=1_000)], render_kw={"rows": 3})


class MoveCandidateForm(FlaskForm):
    """The stage a manager moves a candidate to; the allowed steps are the service's to decide."""

    stage = SelectField(
        "Stage",
        choices=[
            SelectChoice(stage.value, stage.label)
            for stage in (
                ApplicationStage.SHORTLISTED,
                ApplicationStage.TURNED_DOWN,
                ApplicationStage.OFFERED,
            )
        ],
        validators=[InputRequired()],
    )


class OfferForm(FlaskForm):
    """The terms of a written offer, prefilled from the opening; the manager may change them."""

    pay_grade = pay_grade_field("Pay grade offered")
    hours = hours_field("Working hours offered")
    location = StringField("Location", validators=[DataRequired("Say where the work is."), Length(max=120)])
    note = TextAreaField(
        "Note to the person and HR (optional)",
        validators=[Length(max=MAX_OFFER_NOTE, message=f"Keep the note under {MAX_OFFER_NOTE} characters.")],
        render_kw={"rows": 3},
    )

    @classmethod
    def prefilled(cls, opening: Opening) -> OfferForm:
        """The form showing the opening's own terms."""
        return cls(data={"pay_grade": opening.pay_grade, "hours": opening.hours, "location": opening.location})

    def terms(self) -> OfferTerms:
        return OfferTerms(self.pay_grade.data, self.hours.data, self.location.data or "", self.note.data or "")
