"""Configuration read from the environment, with secrets kept in the instance folder."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def load_or_create_secret_key(instance_path: str) -> str:
    """Return SECRET_KEY from the environment, or one generated once into instance/.

    Generating it once (rather than per start) keeps sessions valid across restarts
    without asking a first-time user to configure anything.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


def normalise_database_url(url: str) -> str:
    """Make `postgres://` and `postgresql://` URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """Production-like defaults; every value can be overridden by the environment."""

    SQLALCHEMY_DATABASE_URI: str | None = None  # default set in create_app (needs instance path)
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Days an employee stays in the pool before the deadline, unless HR sets another date.
    POOL_PERIOD_DAYS = int(os.environ.get("TALENTPOOL_POOL_PERIOD_DAYS", "90"))
    # A reassignment starts as a trial of this many calendar days (4 weeks); a longer trial needs an
    # agreement recorded before it starts.
    TRIAL_PERIOD_DAYS = int(os.environ.get("TALENTPOOL_TRIAL_PERIOD_DAYS", "28"))
    # Days after posting during which only people in the pool see an opening.
    PRIORITY_WINDOW_DAYS = int(os.environ.get("TALENTPOOL_PRIORITY_WINDOW_DAYS", "14"))
    # The match score from which an opening counts as suitable for someone with a statutory priority,
    # who is then listed first among its candidates. On the demo company the best candidate of an
    # opening scores 0.21-0.81 and the median candidate about 0.10; from 0.25 a person typically has
    # at least half of the required skills (0-5 people per opening).
    PRIORITY_SUITABLE_SCORE = float(os.environ.get("TALENTPOOL_PRIORITY_SUITABLE_SCORE", "0.25"))
    # How many suggestions an employee or HR sees for a case, and candidates per opening.
    SUGGESTIONS_SHOWN = 10
    PAGE_SIZE = 25
    WTF_CSRF_ENABLED = True
    # CSV uploads are capped before the body is parsed (CSRF reads the form first).
    IMPORT_MAX_BYTES = 20 * 1024 * 1024
    MAX_CONTENT_LENGTH = IMPORT_MAX_BYTES + 64 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Off by default so that a local http://127.0.0.1 works; on in production (served over HTTPS).
    SESSION_COOKIE_SECURE = os.environ.get("TALENTPOOL_SECURE_COOKIES", "").lower() in {"1", "true", "yes"}
    # A sign-in lasts at most this long, and ends sooner after this many minutes without a request.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=float(os.environ.get("TALENTPOOL_SESSION_HOURS", "8")))
    IDLE_TIMEOUT_MINUTES = float(os.environ.get("TALENTPOOL_IDLE_TIMEOUT_MINUTES", "30"))
    # Strict-Transport-Security max-age in seconds (0: no header); set it once HTTPS is in place.
    HSTS_SECONDS = int(os.environ.get("TALENTPOOL_HSTS_SECONDS", "0"))
    # Email (Flask-Mailman): "smtp" in production; by default each email is written to a file under
    # instance/mail (MAIL_FILE_PATH, set in create_app) so a developer can read what was sent.
    MAIL_BACKEND = os.environ.get("TALENTPOOL_MAIL_BACKEND", "file")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "").lower() in {"1", "true", "yes"}
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "talentpool <talentpool@localhost>")
    MAIL_TIMEOUT = 10  # seconds; a slow mail server must not hold a request for long
    # Links in emails start with this address (the one people open talentpool at).
    BASE_URL = os.environ.get("TALENTPOOL_BASE_URL", "http://127.0.0.1:5000")
    # Reminders (`flask send-reminders`): HR hears of a pool deadline this many days ahead, of a
    # trial's end this many days ahead; an employee hears of a new opening scoring at least this. On
    # the demo company a person's best suggestion scores 0.11-0.81 (median 0.32), their 3rd at most
    # 0.26, and 0.30 is about the top 5% of all scores: about half the pool hears of one or two openings.
    REMINDER_DEADLINE_DAYS = int(os.environ.get("TALENTPOOL_REMINDER_DEADLINE_DAYS", "14"))
    REMINDER_TRIAL_DAYS = int(os.environ.get("TALENTPOOL_REMINDER_TRIAL_DAYS", "7"))
    NOTIFY_SUGGESTION_SCORE = float(os.environ.get("TALENTPOOL_NOTIFY_SUGGESTION_SCORE", "0.3"))
    # The REST API (flask-smorest): its OpenAPI document is served at /api/v1/openapi.json.
    API_TITLE = "talentpool"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"

    @classmethod
    def from_environment(cls) -> dict:
        """Collect the settings of this class, with DATABASE_URL applied when present."""
        settings = {name: getattr(cls, name) for name in dir(cls) if name.isupper()}
        if os.environ.get("DATABASE_URL"):
            settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
        return settings
