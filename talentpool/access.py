"""Who may enter which blueprint: decided once here, applied in each blueprint's before_request."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from talentpool.extensions import login_manager
from talentpool.models import Role


def require_role(bp: Blueprint, role: Role | None) -> None:
    """Every view of `bp` needs a signed-in user with `role` (None: any role): anonymous -> login,
    others -> 403."""

    @bp.before_request
    def check_role():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if role is not None and not current_user.has_role(role):
            abort(403)
        return None


def require_login(bp: Blueprint) -> None:
    """Every view of `bp` needs a signed-in user, whatever their roles: anonymous -> login."""
    require_role(bp, None)
