"""Form pieces shared by the blueprints."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable

from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice


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
