"""Managers post openings and review ranked pool candidates for their own openings."""

from flask import Blueprint

from talentpool.access import require_role
from talentpool.models import Role

bp = Blueprint("manager", __name__)
require_role(bp, Role.MANAGER)

from talentpool.manager import views  # noqa: E402,F401  (registers the routes on bp)
