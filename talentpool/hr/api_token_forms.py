"""Forms of HR's API tokens page: a new token, and the confirmation that revokes one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from talentpool.forms_common import coerce_enum
from talentpool.models import Role
from talentpool.services.api_tokens import API_SCOPES


class ApiTokenForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired("Give the token a name, e.g. the system that uses it."), Length(max=100)]
    )
    scope = SelectField(
        "Scope",
        choices=[SelectChoice("", "Choose a scope…"), *(SelectChoice(role.value, role.label) for role in API_SCOPES)],
        coerce=coerce_enum(Role),
        validators=[InputRequired("Choose what the token may do.")],
        validate_choice=False,  # the service refuses anything but a listed scope
    )
    user_id = SelectField(
        "Acts as",
        coerce=lambda value: int(value) if value not in (None, "") else None,
        validators=[InputRequired("Choose the user the token acts as.")],
        validate_choice=False,  # the service checks the user exists, is active and holds the scope's role
    )
    expires_on = DateField("Last day it works", validators=[Optional()])


class RevokeApiTokenForm(FlaskForm):
    """The button that revokes a token; it carries only the CSRF token."""
