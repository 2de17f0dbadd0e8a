"""The flask commands HR and operators run: init-db and create-user (seed-demo: test_demo.py)."""

from sqlalchemy import select

from talentpool.extensions import db
from talentpool.models import Role, User


def test_init_db_is_safe_to_run_on_a_migrated_database(runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    assert "Database is at the latest schema." in result.output


def test_create_user_with_several_roles(app, runner):
    result = runner.invoke(args=[
        "create-user", "--email", "Lea@Example.com", "--name", "Lea Lang",
        "--role", "hr", "--role", "manager", "--password", "a-long-password",
    ])
    assert result.exit_code == 0, result.output
    assert "Created lea@example.com with roles: hr, manager." in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "lea@example.com"))
        assert user.roles == {Role.HR, Role.MANAGER}
        assert user.check_password("a-long-password") and "a-long-password" not in user.password_hash


def test_create_user_refuses_a_short_password_and_a_duplicate(app, runner):
    short = runner.invoke(args=["create-user", "--email", "x@example.com", "--name", "X", "--role", "hr", "--password", "short"])
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    args = ["create-user", "--email", "y@example.com", "--name", "Y", "--role", "hr", "--password", "long-enough-pw"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code != 0 and "already exists" in again.output


def test_create_user_asks_for_roles_when_none_given(app, runner):
    result = runner.invoke(
        args=["create-user", "--email", "z@example.com", "--name", "Z", "--password", "long-enough-pw"],
        input="employee\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "z@example.com")).roles == {Role.EMPLOYEE}
