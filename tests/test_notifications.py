"""In-app notifications: the bell with the unread count, the notifications page, marking as read,
following a notification's link, and the manager told when someone is interested in an opening."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from talentpool.extensions import db
from talentpool.models import AuditEvent, Notification, Role
from talentpool.services import links
from talentpool.services.notifications import NotificationKind, notify
from tests import factories
from tests.pages import page_text
from tests.test_query_counts import counted


def _notify(user, message="Something needs you.", *, link="/notifications", read=False, **columns):
    """A notification for `user`, stored directly (call inside an app context); returns its id."""
    notification = Notification(user_id=user.id, kind="test", message=message, link=link, **columns)
    if read:
        notification.read_at = datetime.now(UTC)
    db.session.add(notification)
    db.session.commit()
    return notification.id


def _notifications(user_id):
    return db.session.scalars(select(Notification).where(Notification.user_id == user_id)).all()


def _outbox(app):
    return app.extensions["mailman"].outbox if hasattr(app.extensions["mailman"], "outbox") else []


# --- Links stored by services lead to the pages they mean ------------------------------------------


@pytest.mark.parametrize(
    ("path", "endpoint", "arguments"),
    [
        (links.case_page(7), "hr.case", {"case_id": 7}),
        (links.opening_candidates(3), "manager.opening", {"opening_id": 3}),
        (links.my_opening(5), "employee.opening", {"opening_id": 5}),
    ],
)
def test_every_stored_link_resolves_to_its_page(app, path, endpoint, arguments):
    assert app.url_map.bind("").match(path) == (endpoint, arguments)


# --- The bell --------------------------------------------------------------------------------------


def test_the_bell_shows_how_many_notifications_are_unread(app, client, auth):
    user = auth.login(Role.HR)
    with app.app_context():
        for n in range(3):
            _notify(user, f"Unread {n}")
        _notify(user, "Already read", read=True)
        _notify(factories.user(Role.HR), "Someone else's")

    page = client.get("/hr/pool").get_data(as_text=True)

    assert '<span class="visually-hidden">Notifications, 3 unread</span>' in page
    assert 'aria-hidden="true">3</span>' in page


def test_with_nothing_unread_the_bell_shows_no_count(app, client, auth):
    user = auth.login(Role.MANAGER)
    with app.app_context():
        _notify(user, read=True)

    response = client.get("/manager/openings")

    assert '<span class="visually-hidden">Notifications</span>' in response.get_data(as_text=True)
    assert "unread" not in page_text(response)


def test_the_bell_costs_one_count_query_whatever_the_number_of_notifications(app, client, auth):
    user = auth.login(Role.HR)
    client.get("/hr/pool")  # warms what the first request loads once per process

    def statements_with(unread: int) -> list[str]:
        with app.app_context():
            for _ in range(unread):
                _notify(user)
        with counted(app) as statements:
            client.get("/hr/pool")
        return [s for s in statements if "notifications" in s]

    assert len(statements_with(0)) == len(statements_with(30)) == 1


def test_signed_out_pages_have_no_bell(client):
    assert "Notifications" not in client.get("/login").get_data(as_text=True)


# --- The page --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_their_own_notifications(app, client, auth, role):
    user = auth.login(role)
    with app.app_context():
        _notify(user, "Mine")
        _notify(factories.user(role), "Not mine")

    text = page_text(client.get("/notifications"))

    assert "Mine" in text and "Not mine" not in text


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/notifications"), ("POST", "/notifications/1/read"), ("POST", "/notifications/read-all"),
     ("GET", "/notifications/1/open")],
)
def test_anonymous_is_sent_to_login(client, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_newest_first_unread_marked_with_where_each_was_emailed(app, client, auth):
    user = auth.login(Role.HR)
    now = datetime.now(UTC)
    with app.app_context():
        _notify(user, "Oldest, emailed", read=True, created_at=now - timedelta(days=2), email_to="hr@example.com",
                emailed_at=datetime(2030, 1, 2, 8, 0, tzinfo=UTC))
        _notify(user, "Middle, email failed", created_at=now - timedelta(days=1), email_to="hr@example.com",
                email_error="ConnectionRefusedError: [Errno 111] Connection refused")
        _notify(user, "Newest, in-app only", created_at=now)

    text = page_text(client.get("/notifications"))

    assert text.index("Newest, in-app only") < text.index("Middle, email failed") < text.index("Oldest, emailed")
    assert text.count("Unread") == 2
    assert "Emailed to hr@example.com on 2030-01-02" in text
    assert "The email to hr@example.com could not be sent yet (ConnectionRefusedError" in text
    assert "it will be tried again" in text
    assert "Mark all as read" in text


def test_the_page_is_paginated(app, client, auth):
    user = auth.login(Role.EMPLOYEE)
    with app.app_context():
        for n in range(app.config["PAGE_SIZE"] + 2):
            _notify(user, f"Message {n:02d}", created_at=datetime.now(UTC) + timedelta(seconds=n))

    first, second = page_text(client.get("/notifications")), page_text(client.get("/notifications?page=2"))

    assert "Message 26" in first and "Message 01" not in first
    assert "Message 01" in second and "page 2 of 2" in second


def test_empty_state(client, auth):
    auth.login(Role.EMPLOYEE)
    text = page_text(client.get("/notifications"))
    assert "You have no notifications." in text
    assert "Mark all as read" not in text


# --- Marking as read and opening -------------------------------------------------------------------


def test_mark_one_as_read(app, client, auth):
    user = auth.login(Role.MANAGER)
    with app.app_context():
        read_me, other = _notify(user, "Read me"), _notify(user, "Leave me")

    response = client.post(f"/notifications/{read_me}/read", data={"page": "1"})

    assert response.status_code == 302 and response.headers["Location"] == "/notifications?page=1"
    with app.app_context():
        assert db.session.get(Notification, read_me).is_read
        assert not db.session.get(Notification, other).is_read
    assert "Notifications, 1 unread" in client.get("/notifications").get_data(as_text=True)


def test_mark_all_as_read(app, client, auth):
    user = auth.login(Role.HR)
    with app.app_context():
        for n in range(3):
            _notify(user, f"Unread {n}")
        theirs = _notify(factories.user(Role.HR), "Someone else's")

    response = client.post("/notifications/read-all", follow_redirects=True)

    assert "3 notifications marked as read." in page_text(response)
    with app.app_context():
        assert all(n.is_read for n in _notifications(user.id))
        assert not db.session.get(Notification, theirs).is_read


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(app, client, auth):
    user = auth.login(Role.HR)
    with app.app_context():
        notification_id = _notify(user, link=links.case_page(42))

    page = client.get("/notifications").get_data(as_text=True)
    response = client.get(f"/notifications/{notification_id}/open")

    assert f'href="/notifications/{notification_id}/open"' in page
    assert response.status_code == 302 and response.headers["Location"] == "/hr/pool/42"
    with app.app_context():
        assert db.session.get(Notification, notification_id).is_read


@pytest.mark.parametrize("link", ["https://elsewhere.example/phish", "//elsewhere.example/x", ""])
def test_opening_never_leaves_the_site(app, client, auth, link):
    user = auth.login(Role.HR)
    with app.app_context():
        notification_id = _notify(user, link=link)

    response = client.get(f"/notifications/{notification_id}/open")

    assert response.headers["Location"] == "/notifications"


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/notifications/{id}/read"), ("GET", "/notifications/{id}/open")]
)
def test_someone_elses_notification_is_not_found(app, client, auth, method, path):
    auth.login(Role.HR)
    with app.app_context():
        theirs = _notify(factories.user(Role.HR), "Not yours")

    response = client.open(path.format(id=theirs), method=method)

    assert response.status_code == 404
    with app.app_context():
        assert not db.session.get(Notification, theirs).is_read


# --- notify: once per key, emailed to active accounts ----------------------------------------------


def test_notify_stores_a_keyed_message_once_per_user(app_ctx):
    user, other = factories.user(Role.HR), factories.user(Role.HR)
    first = notify(db.session, user, kind=NotificationKind.DEADLINE, message="Soon", link="/", dedupe_key="k")
    again = notify(db.session, user, kind=NotificationKind.DEADLINE, message="Soon", link="/", dedupe_key="k")
    theirs = notify(db.session, other, kind=NotificationKind.DEADLINE, message="Soon", link="/", dedupe_key="k")
    db.session.commit()

    assert first is not None and again is None and theirs is not None
    assert first.email_to == user.email and first.kind == "deadline"


def test_notify_survives_a_race_lost_at_the_unique_key(app_ctx, monkeypatch):
    """Another run stored the same key between the check and the insert: the savepoint absorbs it."""
    user = factories.user(Role.HR)
    _notify(user, dedupe_key="raced")
    real_scalar = db.session.scalar
    monkeypatch.setattr(db.session, "scalar", lambda *a, **k: None)  # the check misses the other row

    lost = notify(db.session, user, kind=NotificationKind.OVERDUE, message="Late", link="/", dedupe_key="raced")
    monkeypatch.setattr(db.session, "scalar", real_scalar)
    kept = notify(db.session, user, kind=NotificationKind.OVERDUE, message="Other", link="/", dedupe_key="other")
    db.session.commit()

    assert lost is None and kept is not None
    assert sorted(n.dedupe_key for n in _notifications(user.id)) == ["other", "raced"]


def test_inactive_accounts_are_not_emailed(app_ctx):
    user = factories.user(Role.MANAGER)
    user.active = False
    in_app = notify(db.session, user, kind=NotificationKind.INTEREST, message="Hi", link="/")
    assert in_app is not None and in_app.email_to is None


# --- A person's interest reaches the opening's manager ---------------------------------------------


def _member_and_opening(app):
    with app.app_context():
        manager = factories.user(Role.MANAGER, email="manager@example.com")
        opening = factories.opening("Payroll Specialist", manager=manager)
        person = factories.employee("Robin Member")
        factories.pool_case(person)
        member = factories.user(Role.EMPLOYEE, employee=person, full_name="Robin Member")
        return member, manager.id, opening.id, opening.reference


def test_interest_notifies_the_manager_once_and_emails_them(app, client, auth):
    member, manager_id, opening_id, reference = _member_and_opening(app)
    auth.login(user=member)

    for answer, data in [("interest", {}), ("decline", {"category": "hours"}), ("interest", {})]:
        assert client.post(f"/me/openings/{opening_id}/{answer}", data=data).status_code == 302
    # Yes, no, yes again: the manager hears of it once.
    with app.app_context():
        answers = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert answers == ["application.interested", "application.declined", "application.interested"]
        [notification] = _notifications(manager_id)
        assert notification.message == f"Robin Member is interested in Payroll Specialist ({reference})."
        assert notification.link == links.opening_candidates(opening_id)
        assert notification.kind == NotificationKind.INTEREST
        assert notification.emailed_at is not None and notification.email_error is None
    [email] = _outbox(app)
    assert email.to == ["manager@example.com"]
    assert email.subject == f"talentpool: Robin Member is interested in Payroll Specialist ({reference})."
    assert f"http://127.0.0.1:5000/manager/openings/{opening_id}" in email.body


def test_declining_notifies_nobody(app, client, auth):
    member, manager_id, opening_id, _ = _member_and_opening(app)
    auth.login(user=member)

    client.post(f"/me/openings/{opening_id}/decline", data={"category": "hours"})

    with app.app_context():
        assert _notifications(manager_id) == []
    assert _outbox(app) == []
