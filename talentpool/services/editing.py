"""Optimistic locking of what people edit in forms: openings and employees (register entry and
skills profile).

Every change to such a record, or to its skills, bumps its `version` in the same flush. A form
carries the version it was loaded with; saving it first claims the record with one conditional
UPDATE (`version = version + 1 WHERE version = <the form's>`), so of two people saving edits of
the same record, the second is refused with a message instead of silently overwriting the first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from talentpool.models import Employee, EmployeeSkill, Opening, OpeningSkill
from talentpool.services.errors import EditConflict

VERSIONED = (Employee, Opening)


def claim_for_edit(session: Session, record: Employee | Opening, expected_version: int | None, what: str) -> None:
    """Refuse the edit if `record` changed since its form was loaded at `expected_version`.

    None skips the check (imports and scripts, which read the record in the same transaction).
    """
    if expected_version is None:
        return
    model = type(record)
    claimed = session.execute(
        update(model)
        .where(model.id == record.id, model.version == expected_version)
        .values(version=model.version + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        session.rollback()
        raise EditConflict(
            f"Someone else saved changes to {what} while you were editing it, so your changes were not "
            "saved. Your edits are still in the form: check the current details, then save again to "
            "replace them with yours."
        )


def _owner(record: Any) -> Employee | Opening | None:
    if isinstance(record, EmployeeSkill):
        return record.employee
    if isinstance(record, OpeningSkill):
        return record.opening
    return None


def _bump_versions(session: Session, flush_context: Any, instances: Any) -> None:
    """Before a flush: every changed opening or employee (or one whose skills changed) gets version + 1."""
    owners = {id(r): r for r in session.dirty if isinstance(r, VERSIONED) and session.is_modified(r)}
    skill_rows = [r for r in session.dirty if session.is_modified(r, include_collections=False)]
    for owner in map(_owner, [*skill_rows, *session.new, *session.deleted]):
        if owner is not None:
            owners[id(owner)] = owner
    for owner in owners.values():
        if owner in session.new or owner in session.deleted or owner.id is None:
            continue
        owner.version = type(owner).version + 1


def track_edit_versions(session_class: type[Session]) -> None:
    """Install the version bump on every session of this class (idempotent)."""
    if not event.contains(session_class, "before_flush", _bump_versions):
        event.listen(session_class, "before_flush", _bump_versions)
