"""Forms of the employee's own pages: the skills profile, declining an opening, contesting suggestions,
asking for a conversation."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Field, FieldList, Form, FormField, SearchField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from talentpool.forms_common import EditVersionMixin, coerce_enum, enum_choices
from talentpool.models import ContestKind, DeclineCategory, Employee

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
    """Saying no to an opening: one of the common reasons, and in one's own words if it is "Other"."""

    category = SelectField(
        "Main reason",
        choices=enum_choices(DeclineCategory, "Choose a reason"),
        coerce=coerce_enum(DeclineCategory),
        validators=[InputRequired("Choose why this opening is not for you.")],
        validate_choice=False,  # checked by validate_category, with a message that says what to do
    )
    reason = TextAreaField(
        "In your own words (optional unless you choose Other)",
        validators=[Length(max=1000, message="Keep the reason under 1000 characters.")],
    )
    submit = SubmitField("Decline this opening")

    def validate_category(self, field: SelectField) -> None:
        if field.data is None:
            raise ValidationError("Choose one of the reasons listed.")

    def validate_reason(self, field: TextAreaField) -> None:
        if self.category.data == DeclineCategory.OTHER and not (field.data or "").strip():
            raise ValidationError("You chose “Other”: tell HR in a few words why.")


class ContestForm(FlaskForm):
    """Telling HR that one's suggestions miss a role or misread one's skills."""

    kind = SelectField(
        "What is wrong",
        choices=enum_choices(ContestKind, "Choose what is wrong", ContestKind.suggestion_kinds()),
        coerce=coerce_enum(ContestKind),
        validators=[InputRequired("Choose what is wrong with your suggestions.")],
        validate_choice=False,  # checked by validate_kind
    )
    message = TextAreaField(
        "Your message",
        validators=[
            DataRequired("Tell HR what is wrong, e.g. the role that fits you or the skill that is missing."),
            Length(max=2000, message="Keep the message under 2000 characters."),
        ],
    )
    submit = SubmitField("Send to HR")

    def validate_kind(self, field: SelectField) -> None:
        if field.data is None or field.data.is_conversation:
            raise ValidationError("Choose one of the options listed.")


class ConversationForm(FlaskForm):
    """Asking one's HR owner for a conversation; both fields are optional."""

    message = TextAreaField(
        "What you would like to talk about (optional)",
        validators=[Optional(), Length(max=2000, message="Keep the message under 2000 characters.")],
    )
    preferred_times = StringField(
        "When suits you (optional)",
        validators=[Optional(), Length(max=200, message="Keep this under 200 characters.")],
    )
    submit = SubmitField("Ask for a conversation")


class OpeningSearchForm(Form):
    """The search box of the openings list, read from the query string (GET, so no CSRF)."""

    q = SearchField("Search openings", validators=[Optional(), Length(max=100)])
