"""The app-relative paths notifications link to, in one place.

Services run without a request (the daily reminders run from cron), so they cannot call `url_for`;
they store these paths instead. `tests/test_notifications.py` checks that each one resolves to the
page it means, so a renamed route fails there rather than in someone's inbox.
"""

from __future__ import annotations


def case_page(case_id: int) -> str:
    """HR's page of one pool case (deadline, trial, outcome)."""
    return f"/hr/pool/{case_id}"


def opening_candidates(opening_id: int) -> str:
    """The manager's page of one of their openings, with its ranked candidates."""
    return f"/manager/openings/{opening_id}"


def my_opening(opening_id: int) -> str:
    """One opening as the employee sees it, with their match and answer."""
    return f"/me/openings/{opening_id}"
