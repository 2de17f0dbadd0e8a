"""Sign-in, sign-out and the landing redirect."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from talentpool.auth import views  # noqa: E402,F401  (registers the routes on bp)
