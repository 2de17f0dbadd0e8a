"""Every signed-in user's notifications: the bell in the navigation bar and the page it opens."""

from flask import Blueprint

from talentpool.access import require_login

bp = Blueprint("notifications", __name__)
require_login(bp)

from talentpool.notifications import views  # noqa: E402,F401  (registers the routes and hooks on bp)
