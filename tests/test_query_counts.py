"""No N+1 queries: each main page issues the same, small number of SQL statements whatever the data size.

Each page is requested once to warm the per-process matcher cache, then counted on a second
request; the count with a few records must equal the count with many, and stay under a ceiling.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import event

from talentpool.extensions import db
from talentpool.models import Application, ApplicationStage, ContestKind, Interest, Role, SuggestionContest
from tests import factories

# Statements a page may issue at most: the signed-in user and roles, the bell's unread count, the
# matcher's data version, then the page's own queries, each related collection loaded once for all
# rows (selectin), never per row.
CEILING = 21
SMALL, LARGE = 2, 25
SKILLS = {"Customer service": 3, "Zendesk": 2, "Microsoft Excel": 4}


@contextmanager
def counted(app):
    """Count the SQL statements run while the block runs."""
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _fill(app, size: int, hr_id: int, manager_id: int, member_employee_id: int) -> dict:
    """`size` people in the pool with skills and cases, `size` openings with skills, applications."""
    with app.app_context():
        hr = db.session.get(factories.User, hr_id)
        manager = db.session.get(factories.User, manager_id)
        cases, openings = [], []
        for n in range(size):
            person = factories.employee(skills=SKILLS, department_name=f"Department {n % 4}")
            cases.append(factories.pool_case(person, owner=hr, entered_on=date.today() - timedelta(days=n)))
            openings.append(factories.opening(f"Support role {n}", manager=manager,
                                              required={"Customer service": 2, "Zendesk": None},
                                              nice_to_have=["Microsoft Excel"]))
        member_case = factories.pool_case(db.session.get(factories.Employee, member_employee_id), owner=hr)
        # Every list of HR's dashboard has rows: people waiting for a manager (NEW), offers, contests, and
        # cases due soon.
        stages = [ApplicationStage.NEW, ApplicationStage.OFFERED, ApplicationStage.SHORTLISTED]
        for case in cases + [member_case]:
            for opening, stage in zip(openings[:3], stages):
                db.session.add(Application(case_id=case.id, opening_id=opening.id, interest=Interest.INTERESTED,
                                           stage=stage))
            db.session.add(SuggestionContest(case_id=case.id, kind=ContestKind.OTHER, message="Missing a role"))
            case.deadline = date.today() + timedelta(days=7)
        db.session.commit()
        return {"case": cases[0].id, "opening": openings[0].id, "department": cases[0].eliminated_department_id}


def _page_counts(app, client, ids) -> dict[str, int]:
    pages = {
        "pool list": "/hr/pool",
        "case": f"/hr/pool/{ids['case']}",
        "opening candidates": f"/manager/openings/{ids['opening']}",
        "reports": "/hr/reports",
        "reports, one department": f"/hr/reports?department={ids['department']}",
        "/me": "/me/",
        "dashboard": "/hr/?owner=all",
        "interested": "/hr/interested?owner=all",
        "contests": "/hr/contests?owner=all",
    }
    counts = {}
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url  # warms the matcher cache
        with counted(app) as statements:
            assert client.get(url).status_code == 200, url
        counts[name] = len(statements)
    return counts


def test_main_pages_issue_a_bounded_number_of_queries_whatever_the_data_size(app, client):
    counts = []
    for size in (SMALL, LARGE):
        with app.app_context():
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(table.delete())
            db.session.commit()
            member = factories.employee("Pat Member", skills=SKILLS)
            # One account with every role, so one session reaches every page.
            everyone = factories.user(Role.HR, Role.MANAGER, Role.EMPLOYEE, employee=member)
            ids = _fill(app, size, everyone.id, everyone.id, member.id)
            email = everyone.email
        client.post("/logout")
        assert client.post("/login", data={"email": email, "password": factories.PASSWORD}).status_code == 302
        counts.append(_page_counts(app, client, ids))
    small, large = counts
    assert large == small, f"query counts grow with the data: {small} -> {large}"
    assert max(large.values()) <= CEILING, large
