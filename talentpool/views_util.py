"""Small helpers every blueprint's views share: turning domain errors into what a person sees."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Response, abort, flash
from flask_wtf import FlaskForm

from talentpool.extensions import db
from talentpool.services.errors import DomainError, EditConflict, NotFound, PermissionDenied


def show_domain_error(
    error: DomainError,
    form: FlaskForm | None = None,
    field_aliases: dict[str, str] | None = None,
    current: Any = None,
) -> None:
    """Put the message next to the field it concerns, or flash it when it concerns the whole page.

    `field_aliases` maps a service's argument name to the form field that carries it
    (e.g. employee_id -> employee_number). A missing record becomes a 404 and a forbidden
    one a 403, decided here once. On an edit conflict the person's input stays in the form and
    the form takes the `current` record's version, so saving again is a deliberate overwrite.
    """
    if isinstance(error, NotFound):
        abort(404)
    if isinstance(error, PermissionDenied):
        abort(403)
    if isinstance(error, EditConflict) and current is not None and hasattr(form, "version"):
        db.session.refresh(current)
        form.version.data = current.version
    name = (field_aliases or {}).get(error.field, error.field) if error.field else None
    field = getattr(form, name, None) if (form is not None and name) else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")


def safe_next(target: str | None) -> str | None:
    """Only follow `next` to a path on this site, never to another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def csv_response(body: str | Iterable[str], filename: str) -> Response:
    """A CSV download (streamed when `body` is an iterable of chunks)."""
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
