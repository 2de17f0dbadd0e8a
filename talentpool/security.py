"""Response headers and session lifetime: the browser-side protections of every response.

A small after_request hook rather than Flask-Talisman: Talisman has no Cross-Origin-Opener-Policy,
would set SESSION_COOKIE_SECURE itself, and redirects to HTTPS, which the proxy in front of
production does. Here each header is one line, and HSTS is a setting.
"""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

# No inline script or style attribute anywhere: scripts and styles come from static/ only. The
# favicon is an inline SVG (img-src data:), so it costs no request.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

# Key in the signed session cookie: when this browser last made a request (Unix seconds).
LAST_SEEN = "last_seen"


def register_security(app: Flask) -> None:
    """Security headers on every response, and the idle timeout of a signed-in session."""
    app.after_request(add_security_headers)
    app.before_request(expire_idle_session)


def add_security_headers(response: Response) -> Response:
    """Set the headers (static files, JSON and error pages included), and HSTS when configured."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    hsts_seconds = current_app.config.get("HSTS_SECONDS", 0)
    if hsts_seconds:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts_seconds}; includeSubDomains")
    return response


def expire_idle_session():
    """Sign out a session idle for longer than IDLE_TIMEOUT_MINUTES; otherwise note this request."""
    if request.endpoint == "static" or request.path.startswith("/api/"):
        return None  # static files and the token-only API neither read nor refresh the session
    if not current_user.is_authenticated:
        return None
    now = time.time()
    idle_limit = current_app.config["IDLE_TIMEOUT_MINUTES"] * 60
    last_seen = session.get(LAST_SEEN)  # none: a session not started by start_session, so not trusted
    if last_seen is None or now - last_seen > idle_limit:
        logout_user()
        session.clear()
        flash("You were signed out after a time without activity. Please sign in again.", "info")
        return redirect(url_for("auth.login", next=request.path if request.method == "GET" else None))
    session[LAST_SEEN] = now
    return None


def start_session() -> None:
    """At sign-in: drop whatever the session held before (no pre-login data survives) and start the clock."""
    session.clear()
    session.permanent = True  # PERMANENT_SESSION_LIFETIME caps the session's total length
    session[LAST_SEEN] = time.time()
