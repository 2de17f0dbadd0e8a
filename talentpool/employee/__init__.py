"""An employee's own page: their case, skills profile and suggested openings."""

from flask import Blueprint

from talentpool.access import require_role
from talentpool.models import Role

bp = Blueprint("employee", __name__)
require_role(bp, Role.EMPLOYEE)

from talentpool.employee import views  # noqa: E402,F401  (registers the routes on bp)
