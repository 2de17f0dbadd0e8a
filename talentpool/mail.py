"""Email through Flask-Mailman: the `send` the notification outbox delivers through.

The backend is chosen by MAIL_BACKEND: "smtp" in production (MAIL_SERVER, MAIL_PORT, ...), "file"
(one file per run under MAIL_FILE_PATH) or "console" in development, "locmem" in tests.
"""

from __future__ import annotations

from collections.abc import Collection

from flask import current_app
from flask_mailman import EmailMessage

from talentpool.extensions import db, mail
from talentpool.services.notifications import Delivery, Send, deliver_pending


def email_sender() -> Send:
    """A `send(to, subject, body)` for plain-text emails through the configured backend."""
    connection = None

    def send(to: str, subject: str, body: str) -> None:
        nonlocal connection
        # Made on first use, so a misconfigured backend is an error recorded on the notification.
        connection = connection or mail.get_connection()
        EmailMessage(subject=subject, body=body, to=[to], connection=connection).send()

    return send


def deliver_notifications(only_ids: Collection[int] | None = None) -> Delivery:
    """Email the notifications waiting for it (only `only_ids`, when given)."""
    return deliver_pending(db.session, email_sender(), base_url=current_app.config["BASE_URL"], only_ids=only_ids)
