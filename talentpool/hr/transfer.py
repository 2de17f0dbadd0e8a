"""HR's bulk import and export: upload a CSV, preview it with every problem, confirm; download CSVs.

The upload is kept in the instance folder under a random token (`csv_import.StagedUploads`)
between the preview and the confirmation, so the browser never sends the file or a path twice.
The rules of the import and the formats live in `talentpool.services.csv_import/csv_export`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from talentpool.extensions import db
from talentpool.hr import bp
from talentpool.hr.transfer_forms import ConfirmImportForm, UploadForm
from talentpool.services import csv_export, csv_import
from talentpool.services.csv_export import ExportKind
from talentpool.services.csv_import import COLUMNS, IGNORED_COLUMNS, ImportKind, ImportRejected, StagedUpload
from talentpool.views_util import csv_response

PREVIEW_ROWS = 10
ERRORS_SHOWN = 500
# Room for the other form fields and the multipart boundaries around the file.
FORM_OVERHEAD_BYTES = 64 * 1024
LAST_IMPORT = "csv_last_import"  # key in the signed session cookie: the summary shown after an import


def _staged_uploads() -> csv_import.StagedUploads:
    return csv_import.StagedUploads(Path(current_app.instance_path) / "imports")


def _upload_limit() -> int:
    return current_app.config.get("IMPORT_MAX_BYTES", csv_import.MAX_IMPORT_BYTES)


def _staged_or_404(token: str) -> StagedUpload:
    staged = _staged_uploads().load(token, owner_id=current_user.id)
    if staged is None:
        abort(
            Response(
                render_template(
                    "errors/error.html",
                    status=404,
                    title="Upload not found",
                    message="This upload is no longer here: it was imported already, it expired, or the "
                    "link is wrong. Upload the file again.",
                ),
                status=404,
            )
        )
    return staged


@bp.route("/transfer", methods=["GET", "POST"])
def transfer():
    """Import and export: the formats, the upload form, the downloads."""
    form = UploadForm()
    status = 200
    if request.method == "POST":
        limit = _upload_limit()
        request.max_content_length = limit + FORM_OVERHEAD_BYTES
        too_large = (request.content_length or 0) > request.max_content_length
        try:
            valid = not too_large and form.validate_on_submit()
        except RequestEntityTooLarge:
            valid, too_large = False, True
        data = form.file.data.read(limit + 1) if valid else b""
        if too_large or len(data) > limit:
            form.file.errors = [
                f"The file is larger than {limit / 1024 / 1024:g} MB. Split it into smaller files and import each."
            ]
            status = 413
        elif valid:
            kind = ImportKind(form.kind.data)
            token = _staged_uploads().save(
                data, kind=kind, filename=Path(form.file.data.filename or "upload.csv").name, owner_id=current_user.id
            )
            return redirect(url_for("hr.transfer_preview", token=token))
    return render_template(
        "hr/transfer.html",
        title="Import and export",
        form=form,
        kinds=list(ImportKind),
        columns=COLUMNS,
        ignored_columns=IGNORED_COLUMNS,
        exports=list(ExportKind),
        upload_limit_mb=_upload_limit() / 1024 / 1024,
        pool_period_days=current_app.config["POOL_PERIOD_DAYS"],
        last_import=session.pop(LAST_IMPORT, None),
    ), status


def _check(staged: StagedUpload):
    """The parsed file and its plan, or (None, None, errors) when it cannot be read at all."""
    try:
        parsed = csv_import.read_csv(staged.data, staged.kind)
    except ImportRejected as rejected:
        return None, None, rejected.errors
    plan = csv_import.plan_import(
        db.session, parsed, today=date.today(), pool_period_days=current_app.config["POOL_PERIOD_DAYS"]
    )
    return parsed, plan, plan.errors


@bp.route("/transfer/preview/<token>")
def transfer_preview(token: str):
    """The first rows of an uploaded file, every problem in it, and what importing it would do."""
    staged = _staged_or_404(token)
    parsed, plan, errors = _check(staged)
    return render_template(
        "hr/transfer_preview.html",
        title=f"Preview: {staged.filename}",
        staged=staged,
        parsed=parsed,
        plan=plan,
        errors=errors[:ERRORS_SHOWN],
        error_count=len(errors),
        error_lines={error.line for error in errors},
        preview_rows=parsed.rows[:PREVIEW_ROWS] if parsed else [],
        shown_columns=[c for c in parsed.columns if c not in IGNORED_COLUMNS[staged.kind]] if parsed else [],
        required={c.name for c in COLUMNS[staged.kind] if c.required},
        form=ConfirmImportForm(),
    )


@bp.route("/transfer/preview/<token>/problems.csv")
def transfer_problems(token: str):
    """Every problem of an uploaded file, for a file too bad to list on one page."""
    staged = _staged_or_404(token)
    _, _, errors = _check(staged)
    rows = [("line", "problem"), *((error.line or "", error.message) for error in errors)]
    name = f"problems-{Path(staged.filename).stem}.csv"
    return csv_response(csv_export.csv_chunks(rows), name)


@bp.route("/transfer/import/<token>", methods=["POST"])
def transfer_import(token: str):
    """Import a previewed file: all its rows in one transaction, or nothing."""
    staged = _staged_or_404(token)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        return redirect(url_for("hr.transfer_preview", token=token))
    try:
        result = csv_import.import_csv(
            db.session,
            current_user,
            staged.kind,
            staged.data,
            today=date.today(),
            pool_period_days=current_app.config["POOL_PERIOD_DAYS"],
            source=staged.filename,
        )
    except ImportRejected:
        flash(
            "Nothing was imported: the data changed since the preview and some rows no longer fit. "
            "The problems are listed below.",
            "error",
        )
        return redirect(url_for("hr.transfer_preview", token=token))
    _staged_uploads().discard(token)
    flash(f"Imported {staged.kind.label.lower()} from {staged.filename}: {result.summary}.", "success")
    session[LAST_IMPORT] = {
        "kind": staged.kind.value,
        "filename": staged.filename,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
    return redirect(url_for("hr.transfer"))


@bp.route("/transfer/template/<kind>.csv")
def transfer_template(kind: str):
    """A CSV to fill in: the columns of one kind of import and an example row."""
    try:
        import_kind = ImportKind(kind)
    except ValueError:
        abort(404)
    return csv_response(csv_import.template_csv(import_kind), f"talentpool-{import_kind.value}-template.csv")


@bp.route("/transfer/export/<kind>.csv")
def transfer_export(kind: str):
    """Download an export, streamed while the rows are read from the database."""
    try:
        export_kind = ExportKind(kind)
    except ValueError:
        abort(404)
    today = date.today()
    rows = csv_export.stream_csv(db.session, export_kind, today)
    return csv_response(stream_with_context(rows), csv_export.export_filename(export_kind, today))
