"""Forms of the employee's own pages: the skills profile and declining an opening."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Field, FieldList, Form, FormField, SearchField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from talentpool.forms_common import EditVersionMixin
from talentpool.models import Employee

LEVELS = [
    SelectChoice(1, "1 · Beginner"),
    SelectChoice(2, "2 · Working knowledge"),
    SelectChoice(3, "3 · Competent"),
    SelectChoice(4, "4 · Advanced"),
    SelectChoice(5, "5 · Expert"),
]
# Blank rows offered below the person's skills, so adding one needs no JavaScript.
BLANK_ROWS = 3


def _level(value: object) -> int | None:
    """Read a submitted level; anything that is not a whole number becomes None (refused below)."""
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


class SkillRowForm(Form):
    """One skill and its level; a row whose name is left blank is ignored (that is how a skill is removed)."""

    name = StringField("Skill", validators=[Length(max=120, message="Keep a skill name under 120 characters.")])
    # The choice list is checked by validate_level, so the message can say what is allowed.
    level = SelectField("Level", choices=LEVELS, coerce=_level, default=3, validate_choice=False)

    def validate_level(self, field: SelectField) -> None:
        if (self.name.data or "").strip() and field.data not in {choice.value for choice in LEVELS}:
            raise ValidationError("Choose a level from 1 (beginner) to 5 (expert).")


class SkillsProfileForm(EditVersionMixin, FlaskForm):
    """The person's own skills with levels, and a free-text summary of what they have done."""

    summary = TextAreaField(
        "What you have done",
        validators=[Optional(), Length(max=5000, message="Keep the summary under 5000 characters.")],
    )
    # Holds no input: the service's problems with the list as a whole (duplicates) are shown here.
    skills = Field("Skills")
    rows = FieldList(FormField(SkillRowForm), min_entries=BLANK_ROWS)
    submit = SubmitField("Save skills profile")

    @classmethod
    def prefilled(cls, employee: Employee) -> SkillsProfileForm:
        """The form showing what is saved, followed by blank rows for new skills."""
        rows = [{"name": s.name, "level": s.level} for s in employee.skills]
        rows += [{"name": "", "level": 3}] * BLANK_ROWS
        return cls(data={"summary": employee.summary, "rows": rows, "version": employee.version})

    def skill_pairs(self) -> list[tuple[str, int | None]]:
        """The submitted rows as (name, level) pairs, for the service (which drops blank names)."""
        return [(row.form.name.data or "", row.form.level.data) for row in self.rows]


class DeclineForm(FlaskForm):
    """Saying no to an opening, optionally with a reason HR can read."""

    reason = TextAreaField(
        "Why it is not for you (optional)",
        validators=[Optional(), Length(max=1000, message="Keep the reason under 1000 characters.")],
    )
    submit = SubmitField("Decline this opening")


class OpeningSearchForm(Form):
    """The search box of the openings list, read from the query string (GET, so no CSRF)."""

    q = SearchField("Search openings", validators=[Optional(), Length(max=100)])
