"""Form pieces shared by the blueprints."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable

from wtforms import HiddenField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from talentpool.models import WorkingHours
from talentpool.services.suitability import MAX_PAY_GRADE, MIN_PAY_GRADE, PAY_GRADE_MESSAGE


class EditVersionMixin:
    """The version of the record the form was loaded with, sent back on save, so the service can
    refuse a save on a stale copy (services/editing.py) instead of overwriting someone's changes."""

    version = HiddenField()

    def expected_version(self) -> int | None:
        """The loaded version, or None when the form carried none (then no check is made)."""
        try:
            return int(self.version.data)  # int() ignores surrounding spaces
        except (TypeError, ValueError):  # None, "" or not a number
            return None


def enum_choices(
    enum_class: type[enum.Enum], placeholder: str, members: Iterable[enum.Enum] | None = None
) -> list[SelectChoice]:
    """A select's choices: a blank placeholder (so the person must pick), then the label of each member
    (of `members` when given, else of every member of `enum_class`)."""
    members = enum_class if members is None else members
    return [SelectChoice("", placeholder), *(SelectChoice(member.value, member.label) for member in members)]


def coerce_enum(enum_class: type[enum.Enum]) -> Callable[[object], enum.Enum | None]:
    """Read a submitted value as a member of `enum_class`; anything else becomes None."""

    def coerce(value: object) -> enum.Enum | None:
        if isinstance(value, enum_class):
            return value
        try:
            return enum_class(value)
        except ValueError:
            return None

    return coerce


def _on_the_grade_scale(form, field) -> None:
    # A value that is not a whole number already has the message (invalid_value_message); say it once.
    if field.data is not None and not MIN_PAY_GRADE <= field.data <= MAX_PAY_GRADE:
        raise ValidationError(PAY_GRADE_MESSAGE)


def pay_grade_field(label: str = "Pay grade") -> IntegerField:
    """An optional pay grade on the company's scale, with one plain message for anything else."""
    return IntegerField(
        label,
        validators=[Optional(), _on_the_grade_scale],
        invalid_value_message=PAY_GRADE_MESSAGE,
        render_kw={"min": MIN_PAY_GRADE, "max": MAX_PAY_GRADE},
    )


def hours_field(label: str = "Working hours") -> SelectField:
    """Full or part time, full time unless chosen otherwise."""
    return SelectField(
        label,
        choices=[SelectChoice(hours.value, hours.label) for hours in WorkingHours],
        coerce=coerce_enum(WorkingHours),
        default=WorkingHours.FULL_TIME,
    )
