"""HR staff run the pool: cases, outcomes, employees, users and reports."""

from flask import Blueprint

from talentpool.access import require_role
from talentpool.models import Role

bp = Blueprint("hr", __name__)
require_role(bp, Role.HR)

from talentpool.hr import views  # noqa: E402,F401  (registers the routes on bp)
from talentpool.hr import transfer  # noqa: E402,F401  (import and export routes)
from talentpool.hr import api_tokens  # noqa: E402,F401  (API tokens for integrations)
