"""Who calls the REST API: a bearer token that HR issued, never the session cookie.

Every API view declares the token scopes it serves (`ApiBlueprint.requires`); the check runs in
the blueprint's before_request, so a view without a declaration is refused rather than open.
Views act as the token's user (`api_user()`), never as flask-login's current_user.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app, g, request
from flask.typing import ResponseReturnValue

from talentpool.api.errors import problem, problem_type
from talentpool.extensions import db
from talentpool.models import ApiToken, Role, User
from talentpool.services import api_tokens

REALM = 'Bearer realm="talentpool"'


def _bearer_secret() -> str | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return (secret.strip() or None) if scheme.lower() == "bearer" else None


def _unauthorized(detail: str, error: str | None) -> ResponseReturnValue:
    challenge = f'{REALM}, error="{error}"' if error else REALM
    return problem(
        401, detail, type_=problem_type("unauthorized"), headers={"WWW-Authenticate": challenge}
    )


def declared_scopes() -> frozenset[Role]:
    """The token scopes the view of this request serves (none declared: none)."""
    if request.method == "OPTIONS":  # Flask answers with the allowed methods; no view runs
        return frozenset(api_tokens.API_SCOPES)
    view = current_app.view_functions.get(request.endpoint or "")
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        method = "get" if request.method == "HEAD" else request.method.lower()
        view = getattr(view_class, method, None)
    return getattr(view, "api_scopes", frozenset())


def authenticate_request() -> ResponseReturnValue | None:
    """before_request of every API blueprint: a valid token whose scope this view serves, or a problem."""
    secret = _bearer_secret()
    if secret is None:
        return _unauthorized("Send an API token in the header Authorization: Bearer <token>.", None)
    token = api_tokens.authenticate(db.session, secret, datetime.now(UTC))
    if token is None:
        return _unauthorized(
            "This token is unknown, revoked or expired, or its user can no longer act in its scope.", "invalid_token"
        )
    allowed = declared_scopes()
    if token.scope not in allowed:
        needed = " or ".join(sorted(scope.value for scope in allowed)) or "a scope no token has"
        return problem(
            403,
            f"A token with the scope {token.scope.value} cannot do this; it needs {needed}.",
            type_=problem_type("insufficient-scope"),
            headers={"WWW-Authenticate": f'{REALM}, error="insufficient_scope"'},
        )
    g.api_token = token
    return None


def api_token() -> ApiToken:
    return g.api_token


def api_user() -> User:
    """The user the request's token acts as: the actor of every use case the API calls."""
    return g.api_token.user
