"""Small helpers every blueprint's views share: turning domain errors into what a person sees."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash
from flask_wtf import FlaskForm

from talentpool.services.errors import DomainError, NotFound, PermissionDenied


def show_domain_error(
    error: DomainError, form: FlaskForm | None = None, field_aliases: dict[str, str] | None = None
) -> None:
    """Put the message next to the field it concerns, or flash it when it concerns the whole page.

    `field_aliases` maps a service's argument name to the form field that carries it
    (e.g. employee_id -> employee_number). A missing record becomes a 404 and a forbidden
    one a 403, decided here once.
    """
    if isinstance(error, NotFound):
        abort(404)
    if isinstance(error, PermissionDenied):
        abort(403)
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
