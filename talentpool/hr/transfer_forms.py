"""Forms of HR's import page: the upload, and the confirmation of a previewed file."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from talentpool.services.csv_import import ImportKind


class UploadForm(FlaskForm):
    """A CSV file and what it holds; the next page previews it before anything is imported."""

    kind = SelectField(
        "The file holds", choices=[SelectChoice(kind.value, kind.label) for kind in ImportKind]
    )
    file = FileField(
        "CSV file",
        validators=[
            FileRequired("Choose a CSV file."),
            FileAllowed(["csv", "txt"], "Choose a .csv file (in a spreadsheet: Save as, CSV UTF-8)."),
        ],
    )


class ConfirmImportForm(FlaskForm):
    """The button that imports a previewed file; it carries only the CSRF token."""
