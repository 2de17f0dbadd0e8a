"""The REST API's errors as problem documents (RFC 9457): `application/problem+json` with type,
title, status and detail, and for invalid input `errors`, the messages of each field."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http import HTTPStatus
from typing import Any

import marshmallow as ma
from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

from talentpool.extensions import db
from talentpool.services.errors import (
    DomainError,
    EditConflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)

API_PREFIX = "/api/"
PROBLEM_JSON = "application/problem+json"

# Each refusal of a use case: its status, the last part of its type URI and its title.
DOMAIN_PROBLEMS: dict[type[DomainError], tuple[int, str, str]] = {
    ValidationError: (422, "validation-error", "Invalid input"),
    NotFound: (404, "not-found", "Not found"),
    PermissionDenied: (403, "permission-denied", "Not allowed"),
    InvalidTransition: (409, "invalid-transition", "Not possible in the record's current state"),
    EditConflict: (409, "edit-conflict", "Edited by someone else"),
}


class ProblemSchema(ma.Schema):
    """A problem document (RFC 9457)."""

    type = ma.fields.String(
        required=True,
        metadata={"description": "What kind of problem this is: a URN of talentpool's, or about:blank when "
                  "the HTTP status says it all."},
    )
    title = ma.fields.String(required=True, metadata={"description": "A short summary of the kind of problem."})
    status = ma.fields.Integer(required=True, metadata={"description": "The HTTP status code."})
    detail = ma.fields.String(required=True, metadata={"description": "What went wrong here, for a person to read."})
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "For invalid input: the messages of each field, by field name (nested fields "
                  "joined with dots, e.g. skills.0.level)."},
    )


def problem_type(name: str) -> str:
    return f"urn:talentpool:problem:{name}"


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    type_: str = "about:blank",
    errors: Mapping[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem document response."""
    body: dict[str, Any] = {
        "type": type_,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = dict(errors)
    response = jsonify(body)
    response.status_code = status
    response.content_type = PROBLEM_JSON
    response.headers.update(headers or {})
    return response


def domain_problem(error: DomainError) -> Response:
    """A use case's refusal, as the web app would show it, in a problem document."""
    kind = next(cls for cls in type(error).__mro__ if cls in DOMAIN_PROBLEMS or cls is DomainError)
    status, name, title = DOMAIN_PROBLEMS.get(kind, (422, "refused", "Refused"))
    errors = {error.field: [error.message]} if error.field and status == 422 else None
    return problem(status, error.message, title=title, type_=problem_type(name), errors=errors)


def _field_messages(messages: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(field, message) pairs of marshmallow's nested error messages; nested names joined by dots."""
    if isinstance(messages, Mapping):
        for key, inner in messages.items():
            yield from _field_messages(inner, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(messages, list) and all(isinstance(message, str) for message in messages):
        yield from ((prefix or "_schema", message) for message in messages)
    elif isinstance(messages, list):
        for index, inner in enumerate(messages):
            yield from _field_messages(inner, f"{prefix}.{index}")
    else:
        yield prefix or "_schema", str(messages)


def field_errors(messages_by_location: Mapping[str, Any]) -> dict[str, list[str]]:
    """webargs' messages ({location: {field: [messages]}}) as {field: [messages]}."""
    errors: dict[str, list[str]] = {}
    for messages in messages_by_location.values():
        for field, message in _field_messages(messages):
            errors.setdefault(field, []).append(message)
    return errors


def http_problem(error: HTTPException) -> Response:
    """Any HTTP error of an API request (invalid input, unknown address, server error) as a problem."""
    status = error.code or 500
    if status >= 500:
        db.session.rollback()
    data = getattr(error, "data", None) or {}
    # Keep what the exception says about itself, e.g. Allow on a 405.
    headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
    headers |= data.get("headers") or {}
    errors = field_errors(data["messages"]) if data.get("messages") else {}
    if status == 422:
        return problem(
            422,
            " ".join(f"{field}: {messages[0]}" for field, messages in errors.items()) or "Some input is invalid.",
            title="Invalid input",
            type_=problem_type("validation-error"),
            errors=errors,
            headers=headers,
        )
    if status >= 500:
        detail = "Something went wrong on our side; nothing was changed. Try again in a moment."
    else:
        detail = "; ".join(messages[0] for messages in errors.values()) or error.description or ""
    return problem(status, detail, headers=headers)


@contextmanager
def api_field_names(**aliases: str) -> Iterator[None]:
    """Report a use case's refusal under the API's name of the field (`service_name=api_name`)."""
    try:
        yield
    except DomainError as error:
        error.field = aliases.get(error.field or "", error.field)
        raise
