"""Configuration read from the environment, with secrets kept in the instance folder."""

from __future__ import annotations

import os
import secrets
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
    # How many suggestions an employee or HR sees for a case, and candidates per opening.
    SUGGESTIONS_SHOWN = 10
    PAGE_SIZE = 25
    WTF_CSRF_ENABLED = True
    # CSV uploads are capped before the body is parsed (CSRF reads the form first).
    IMPORT_MAX_BYTES = 20 * 1024 * 1024
    MAX_CONTENT_LENGTH = IMPORT_MAX_BYTES + 64 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"

    @classmethod
    def from_environment(cls) -> dict:
        """Collect the settings of this class, with DATABASE_URL applied when present."""
        settings = {name: getattr(cls, name) for name in dir(cls) if name.isupper()}
        if os.environ.get("DATABASE_URL"):
            settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
        return settings
