"""Error pages: HTML for people, JSON for API clients (chosen by the Accept header); under /api/,
problem documents (talentpool.api.errors)."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from talentpool.api.errors import http_problem, is_api_request
from talentpool.extensions import db

HELP = {
    400: "The request could not be understood. Go back and try again.",
    403: "Your account does not have access to this page. If you think it should, ask HR.",
    404: "There is nothing at this address. The record may have been removed, or the link is mistyped.",
    405: "This page cannot be used that way.",
    500: "Something went wrong on our side. Nothing you entered was lost; please try again in a moment.",
}


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _render(status: int, title: str, message: str):
    if _wants_json():
        return jsonify({"status": status, "title": title, "detail": message}), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(
            400,
            "Form expired",
            "This form was open too long or was sent from elsewhere. Reload the page and submit it again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if is_api_request():
            return http_problem(error)
        status = error.code or 500
        return _render(status, error.name, HELP.get(status, error.description or ""))

    @app.errorhandler(InternalServerError)
    def unexpected_error(error: InternalServerError):
        # Reached for unhandled exceptions outside debug/testing; Flask has already logged them.
        db.session.rollback()
        if is_api_request():
            return http_problem(error)
        return _render(500, "Server error", HELP[500])
