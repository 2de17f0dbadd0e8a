"""Form pieces shared by the blueprints."""

from __future__ import annotations

from wtforms import HiddenField


class EditVersionMixin:
    """The version of the record the form was loaded with, sent back on save, so the service can
    refuse a save on a stale copy (services/editing.py) instead of overwriting someone's changes."""

    version = HiddenField()

    def expected_version(self) -> int | None:
        """The loaded version, or None when the form carried none (then no check is made)."""
        value = (self.version.data or "").strip() if isinstance(self.version.data, str) else self.version.data
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None
