"""talentpool: an internal talent pool where HR, managers and employees find people new roles."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

# templates/ and static/ live at the repository's top level, beside this package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, then extensions, blueprints, error pages and CLI commands."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("TALENTPOOL_INSTANCE_PATH", str(PROJECT_ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    _configure(app, config)
    _register_extensions(app)
    _register_blueprints(app)
    _register_template_helpers(app)

    from talentpool.errors import register_error_handlers
    from talentpool.cli import register_commands
    from talentpool.security import register_security

    register_error_handlers(app)
    register_security(app)
    register_commands(app)
    return app


def _configure(app: Flask, config: dict[str, Any] | None) -> None:
    from talentpool.config import Config, load_or_create_secret_key

    app.config.from_mapping(Config.from_environment())
    if config:
        app.config.from_mapping(config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'talentpool.sqlite'}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret_key(app.instance_path)
    app.config.setdefault("MAIL_FILE_PATH", str(Path(app.instance_path) / "mail"))


def _register_extensions(app: Flask) -> None:
    from sqlalchemy.orm import Session

    from talentpool import models
    from talentpool.extensions import csrf, db, login_manager, mail, migrate

    db.init_app(app)
    from talentpool.services.editing import track_edit_versions
    from talentpool.services.suggestions import track_matching_inputs

    track_matching_inputs(Session)
    track_edit_versions(Session)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    mail.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str) -> models.User | None:
        return db.session.get(models.User, int(user_id))


def _register_blueprints(app: Flask) -> None:
    from talentpool.api import register_api
    from talentpool.auth import bp as auth_bp
    from talentpool.employee import bp as employee_bp
    from talentpool.hr import bp as hr_bp
    from talentpool.manager import bp as manager_bp
    from talentpool.notifications import bp as notifications_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(hr_bp, url_prefix="/hr")
    app.register_blueprint(manager_bp, url_prefix="/manager")
    app.register_blueprint(employee_bp, url_prefix="/me")
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    register_api(app)


def _register_template_helpers(app: Flask) -> None:
    from datetime import date

    from flask import request, url_for

    from talentpool.models import Role
    from talentpool.services.suitability import offer_differences, term_differences

    def url_with(**changes: Any) -> str:
        """This page's URL with some query arguments changed (pagination, filters)."""
        args = request.args.to_dict() | {k: v for k, v in changes.items() if v is not None}
        return url_for(request.endpoint, **(request.view_args or {}), **args)

    # Globals (unlike context variables) are visible inside imported macros too.
    # term_differences and offer_differences read only loaded columns: no query from a template.
    app.jinja_env.globals.update(
        Role=Role, url_with=url_with, term_differences=term_differences, offer_differences=offer_differences
    )

    @app.context_processor
    def inject_today() -> dict[str, Any]:
        return {"today": date.today()}
