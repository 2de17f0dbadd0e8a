"""The `import-csv` and `export-csv` commands: the browser's bulk import and export, for scripts."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from talentpool.extensions import db
from talentpool.services import csv_export, csv_import
from talentpool.services.csv_export import ExportKind
from talentpool.services.csv_import import ImportKind, ImportRejected


def register(app: Flask) -> None:
    app.cli.add_command(import_csv_command)
    app.cli.add_command(export_csv_command)


@click.command("import-csv")
@with_appcontext
@click.argument("kind", type=click.Choice([kind.value for kind in ImportKind]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_csv_command(kind: str, file: Path) -> None:
    """Import employees, pool_cases or openings from FILE: every row, or nothing and every problem.

    The columns of each kind are on the Import and export page and in
    talentpool/services/csv_import.py. Exits with status 1 when the file has problems.
    """
    today = date.today()
    try:
        parsed = csv_import.read_csv(file.read_bytes(), kind)
        with click.progressbar(length=len(parsed.rows), label="Checking rows", file=sys.stderr) as bar:
            plan = csv_import.plan_import(
                db.session,
                parsed,
                today=today,
                pool_period_days=current_app.config["POOL_PERIOD_DAYS"],
                progress=bar.update,
            )
        if plan.errors:
            raise ImportRejected(plan.errors)
        with click.progressbar(length=len(plan.changes), label="Importing", file=sys.stderr) as bar:
            result = csv_import.apply_import(db.session, None, plan, source=file.name, progress=bar.update)
    except ImportRejected as rejected:
        for error in rejected.errors:
            click.echo(str(error), err=True)
        click.echo(rejected.message, err=True)
        sys.exit(1)
    click.echo(f"Imported: {result.summary}.")


@click.command("export-csv")
@with_appcontext
@click.argument("kind", type=click.Choice([kind.value for kind in ExportKind]))
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default="-")
def export_csv_command(kind: str, file: Path) -> None:
    """Export employees, openings, the pool or the case outcomes to FILE (default: standard output)."""
    export_kind = ExportKind(kind)
    today = date.today()
    if str(file) == "-":
        for chunk in csv_export.stream_csv(db.session, export_kind, today, bom=False):
            click.echo(chunk, nl=False)
        return
    with file.open("w", encoding="utf-8", newline="") as output:
        for chunk in csv_export.stream_csv(db.session, export_kind, today):
            output.write(chunk)
    click.echo(f"Exported {export_kind.label.lower()} to {file}.", err=True)
