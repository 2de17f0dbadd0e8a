"""Small helpers every blueprint's views share: turning domain errors into what a person sees."""

from __future__ import annotations

from flask import abort, flash
from flask_wtf import FlaskForm

from talentpool.services.errors import DomainError, NotFound, PermissionDenied


def show_domain_error(error: DomainError, form: FlaskForm | None = None) -> None:
    """Put the message next to the field it concerns, or flash it when it concerns the whole page.

    A missing record becomes a 404 and a forbidden one a 403, decided here once.
    """
    if isinstance(error, NotFound):
        abort(404)
    if isinstance(error, PermissionDenied):
        abort(403)
    field = getattr(form, error.field, None) if (form is not None and error.field) else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
