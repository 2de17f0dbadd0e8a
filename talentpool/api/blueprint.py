"""The blueprint of each REST API resource: token authentication before every view, refused use
cases as problem documents, documented error responses, and pages of results."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import flask_smorest
import marshmallow as ma
from flask import current_app
from sqlalchemy import Select

from talentpool.api.auth import authenticate_request
from talentpool.api.errors import domain_problem
from talentpool.extensions import csrf, db
from talentpool.models import Role
from talentpool.services.errors import DomainError

# Routes take ids in this range, so a huge number is an unknown address rather than a database error.
ID = "int(min=1, max=2147483647)"


class ApiBlueprint(flask_smorest.Blueprint):
    """A resource of the REST API. Requests authenticate with a bearer token only and never read the
    session cookie, so a page elsewhere cannot make a signed-in browser write: no CSRF token needed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.before_request(authenticate_request)
        self.register_error_handler(DomainError, domain_problem)
        csrf.exempt(self)

    def arguments(self, schema: Any, *, location: str = "json", **kwargs: Any) -> Callable:
        """flask-smorest's arguments, refusing unknown query parameters (a typo would otherwise go
        unnoticed); a JSON body may also be malformed (400)."""
        if location != "json":
            return super().arguments(schema, location=location, unknown=ma.RAISE, **kwargs)
        parse = super().arguments(schema, location=location, **kwargs)
        return lambda view: self.problems(400)(parse(view))

    def requires(self, *scopes: Role) -> Callable:
        """The token scopes this view serves; any other token gets a 403, no token a 401."""

        def decorator(view: Callable) -> Callable:
            view = self.problems(401, 403)(view)
            view = self.doc(**{"x-token-scopes": [scope.value for scope in scopes]})(view)
            view.api_scopes = frozenset(scopes)
            return view

        return decorator

    def problems(self, *statuses: int) -> Callable:
        """Document the problem documents this view may answer with."""

        def decorator(view: Callable) -> Callable:
            for status in statuses:
                view = self.alt_response(status, response=HTTPStatus(status).name)(view)
            return view

        return decorator


def page_of(query: Select, args: dict[str, Any]) -> dict[str, Any]:
    """One page of a SELECT with its pagination metadata (PageArgs: page, per_page)."""
    page = db.paginate(
        query, page=args["page"], per_page=args.get("per_page", current_app.config["PAGE_SIZE"]), error_out=False
    )
    return {
        "items": page.items,
        "pagination": {"page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages},
    }
