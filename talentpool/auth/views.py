from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from talentpool.auth import bp
from talentpool.auth.forms import LoginForm
from talentpool.extensions import db
from talentpool.models import Role
from talentpool.security import start_session
from talentpool.services.people import authenticate
from talentpool.views_util import safe_next


def home_for(user) -> str:
    """Each person lands where their main work is."""
    if user.has_role(Role.HR):
        return url_for("hr.index")
    if user.has_role(Role.MANAGER):
        return url_for("manager.openings")
    return url_for("employee.home")


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("The email or password is not right.")
        else:
            next_url = safe_next(request.args.get("next"))
            start_session()  # a fresh session: nothing set before sign-in carries over
            login_user(user)
            flash(f"Welcome, {user.full_name}.", "success")
            return redirect(next_url or home_for(user))
    return render_template("auth/login.html", form=form, title="Sign in")


@bp.route("/logout", methods=["GET", "POST"])
@login_required
def logout():
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))
