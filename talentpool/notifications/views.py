"""The notifications page, marking as read and following a notification's link; and, for every
page, the bell's unread count and the emailing of what a request notified.

Everything here is the signed-in user's own: someone else's notification is a 404.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from talentpool.extensions import db
from talentpool.mail import deliver_notifications
from talentpool.notifications import bp
from talentpool.services import notifications as notification_service
from talentpool.services.errors import NotFound
from talentpool.views_util import safe_next, show_domain_error


@bp.app_context_processor
def inject_unread_count() -> dict[str, Any]:
    """`unread_notifications()` for the bell: one COUNT, run only when a page shows the bell."""

    def unread_notifications() -> int:
        if "unread_notifications" not in g:
            g.unread_notifications = (
                notification_service.unread_count(db.session, current_user.id) if current_user.is_authenticated else 0
            )
        return g.unread_notifications

    return {"unread_notifications": unread_notifications}


@bp.after_app_request
def email_new_notifications(response):
    """Email what this request notified once its work is done (the daily job retries any failure)."""
    new = notification_service.take_new_emails(db.session)
    if new:
        deliver_notifications(only_ids=new)
    return response


def _own_or_404(change, notification_id: int):
    try:
        return change(db.session, current_user, notification_id)
    except NotFound as error:
        show_domain_error(error)  # aborts with 404
        raise


@bp.route("")
def index():
    """The user's notifications, newest first, unread ones marked."""
    query = notification_service.notifications_query(current_user.id)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("notifications/index.html", title="Notifications", page=page)


@bp.route("/<int:notification_id>/read", methods=["POST"])
def mark_read(notification_id: int):
    """Mark one notification as read."""
    _own_or_404(notification_service.mark_read, notification_id)
    return redirect(url_for(".index", page=request.form.get("page", type=int)))


@bp.route("/read-all", methods=["POST"])
def mark_all_read():
    """Mark every notification as read."""
    count = notification_service.mark_all_read(db.session, current_user)
    flash(f"{count} notification{'' if count == 1 else 's'} marked as read." if count else "Nothing was unread.", "success")
    return redirect(url_for(".index"))


@bp.route("/<int:notification_id>/open")
def open_link(notification_id: int):
    """Follow a notification's link, marking it read; only ever to a page of this site."""
    notification = _own_or_404(notification_service.mark_read, notification_id)
    return redirect(safe_next(notification.link) or url_for(".index"))
