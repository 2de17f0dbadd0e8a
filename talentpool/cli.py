"""Commands under `flask --app talentpool`: database setup, demo data, accounts, daily reminders."""

from __future__ import annotations

from datetime import date

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from talentpool.extensions import db
from talentpool.mail import email_sender
from talentpool.models import Role
from talentpool.services import demo
from talentpool.services.errors import DomainError
from talentpool.services.notifications import send_reminders
from talentpool.services.people import create_user


def register_commands(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user_command)
    app.cli.add_command(send_reminders_command)
    from talentpool.csv_commands import register as register_csv_commands

    register_csv_commands(app)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema to the latest migration."""
    upgrade()
    click.echo("Database is at the latest schema.")


@click.command("seed-demo")
@with_appcontext
@click.option(
    "--people",
    type=click.IntRange(min=1),
    default=None,
    help="Grow the company to this many employees (e.g. 50000 for load tests); "
    "fewer than the base company seeds just the base company.",
)
def seed_demo(people: int | None) -> None:
    """Fill an empty database with a demo company (does nothing if it is already there)."""
    created = False
    if not demo.demo_present(db.session):
        size = demo.company_size(people)
        # No ETA: the named people go through the services and are far slower than the bulk rest.
        with click.progressbar(length=size, label=f"Seeding {size:,} people", show_eta=False) as bar:
            created = demo.seed_demo_company(
                db.session,
                pool_period_days=current_app.config["POOL_PERIOD_DAYS"],
                people=people,
                progress=bar.update,
            )
    click.echo("Demo company created." if created else "Demo company already present; nothing changed.")
    click.echo("Demo sign-ins (password for each: %s):" % demo.DEMO_PASSWORD)
    for email, what in demo.DEMO_LOGINS:
        click.echo(f"  {email:<24} {what}")


@click.command("create-user")
@with_appcontext
@click.option("--email", prompt=True)
@click.option("--name", "full_name", prompt="Full name")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice([r.value for r in Role]),
    help="Repeat for several roles, e.g. --role hr --role manager.",
)
@click.password_option(help="At least 10 characters; prompted (hidden) when omitted.")
def create_user_command(email: str, full_name: str, roles: tuple[str, ...], password: str) -> None:
    """Create a sign-in account with one or more roles."""
    if not roles:
        roles = tuple(click.prompt("Roles (comma separated: hr, manager, employee)").replace(" ", "").split(","))
    try:
        user = create_user(db.session, None, email=email, full_name=full_name, password=password, roles=roles)
    except (DomainError, ValueError) as error:
        raise click.ClickException(getattr(error, "message", str(error))) from error
    click.echo(f"Created {user.email} with roles: {', '.join(sorted(r.value for r in user.roles))}.")


@click.command("send-reminders")
@with_appcontext
@click.option(
    "--date",
    "today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as on this day (YYYY-MM-DD); default today.",
)
@click.option("--dry-run", is_flag=True, help="List the reminders due without storing or sending anything.")
def send_reminders_command(today, dry_run: bool) -> None:
    """Store the reminders due today and email every notification waiting; safe to run daily (cron),
    as often as you like: a reminder is stored and sent once."""
    config = current_app.config
    run = send_reminders(
        db.session,
        today.date() if today else date.today(),
        send=email_sender(),
        base_url=config["BASE_URL"],
        suggestion_threshold=config["NOTIFY_SUGGESTION_SCORE"],
        deadline_days=config["REMINDER_DEADLINE_DAYS"],
        trial_days=config["REMINDER_TRIAL_DAYS"],
        dry_run=dry_run,
    )
    for reminder in run.reminders:
        click.echo(f"  {reminder.user.email}: {reminder.message}")
    notifications = _count(len(run.reminders), "notification")
    if dry_run:
        click.echo(f"Dry run: {notifications} would be created; nothing was stored or sent.")
    else:
        click.echo(f"{notifications}, {_count(run.delivery.sent, 'email')} sent, {run.delivery.failed} failed.")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
