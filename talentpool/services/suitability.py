"""Suitability beyond skills: how an opening's (or an offer's) terms differ from a person's current ones.

A lower grade, fewer or more hours, or a move to another city can make a role that fits the
skills unsuitable, so every list that shows a skills match shows these differences beside it.
Pure functions of the records' columns: no database, no Flask.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from talentpool.models import WorkingHours
from talentpool.services.errors import ValidationError

# Pay grades run from 1 to 30; an unknown grade is None.
MIN_PAY_GRADE, MAX_PAY_GRADE = 1, 30
PAY_GRADE_MESSAGE = f"The pay grade must be a whole number from {MIN_PAY_GRADE} to {MAX_PAY_GRADE}, or left empty."
# An opening at this location asks nobody to move.
REMOTE = "remote"
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


class DifferenceKind(enum.StrEnum):
    LOWER_GRADE = "lower_grade"
    HIGHER_GRADE = "higher_grade"
    FEWER_HOURS = "fewer_hours"
    MORE_HOURS = "more_hours"
    RELOCATION = "relocation"


@dataclass(frozen=True)
class Terms:
    """Pay grade (None: not known), working hours and location of a job, held or offered."""

    pay_grade: int | None
    hours: WorkingHours
    location: str

    @classmethod
    def of(cls, record: Any) -> Terms:
        """The terms of an employee or an opening (both have pay_grade, hours and location)."""
        return cls(record.pay_grade, record.hours or WorkingHours.FULL_TIME, record.location or "")


@dataclass(frozen=True)
class TermDifference:
    """One way a role's terms differ from the person's: `label` speaks to the person ("your grade 8"),
    `about_them` to HR and managers ("their grade 8")."""

    kind: DifferenceKind
    label: str
    about_them: str

    @property
    def is_warning(self) -> bool:
        """Whether the difference may make the role unsuitable (a higher grade does not)."""
        return self.kind != DifferenceKind.HIGHER_GRADE


def check_pay_grade(pay_grade: int | None, field: str = "pay_grade") -> int | None:
    """The grade if it is empty or within the scale; otherwise a ValidationError on `field`."""
    if pay_grade is not None and not MIN_PAY_GRADE <= pay_grade <= MAX_PAY_GRADE:
        raise ValidationError(PAY_GRADE_MESSAGE, field=field)
    return pay_grade


def _count(number: int, noun: str) -> str:
    word = _NUMBER_WORDS[number] if number < len(_NUMBER_WORDS) else str(number)
    return f"{word} {noun}{'' if number == 1 else 's'}"


def _same_place(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _difference(kind: DifferenceKind, say: Callable[[str, str], str]) -> TermDifference:
    """Both wordings from `say(your, you)`: to the person, then about them."""
    return TermDifference(kind, say("your", "you"), say("their", "they"))


def compare_terms(current: Terms, offered: Terms) -> list[TermDifference]:
    """How `offered` differs from `current`: grade, then hours, then location.

    An unknown grade on either side gives no grade difference; locations are compared ignoring
    case and spacing, and a blank one or a remote role asks no move.
    """
    differences = []
    if current.pay_grade is not None and offered.pay_grade is not None and current.pay_grade != offered.pay_grade:
        gap = offered.pay_grade - current.pay_grade
        kind, direction = (
            (DifferenceKind.LOWER_GRADE, "below") if gap < 0 else (DifferenceKind.HIGHER_GRADE, "above")
        )
        grades = _count(abs(gap), "grade")
        differences.append(_difference(
            kind, lambda your, _: f"Grade {offered.pay_grade}, {grades} {direction} {your} grade {current.pay_grade}"
        ))
    if current.hours != offered.hours:
        kind = DifferenceKind.FEWER_HOURS if offered.hours == WorkingHours.PART_TIME else DifferenceKind.MORE_HOURS
        differences.append(_difference(
            kind, lambda _, you: f"{offered.hours.label} ({you} work {current.hours.label.lower()})"
        ))
    here, there = current.location.strip(), offered.location.strip()
    if here and there and not _same_place(here, there) and not _same_place(there, REMOTE):
        differences.append(_difference(DifferenceKind.RELOCATION, lambda *_: f"Relocation: {here} → {there}"))
    return differences


def term_differences(employee: Any, opening: Any) -> list[TermDifference]:
    """How an opening's grade, hours and location differ from the person's current ones."""
    return compare_terms(Terms.of(employee), Terms.of(opening))


def offer_terms(application: Any) -> Terms | None:
    """The terms of a written offer, or None when no offer has been made."""
    if application is None or application.offered_at is None:
        return None
    return Terms(application.offer_pay_grade, application.offer_hours or WorkingHours.FULL_TIME,
                 application.offer_location or "")


def offer_differences(employee: Any, application: Any) -> list[TermDifference]:
    """How the terms of a written offer differ from the person's current ones (none without an offer)."""
    offered = offer_terms(application)
    return compare_terms(Terms.of(employee), offered) if offered is not None else []
