"""HR's API tokens: the list, a new token (its secret shown once), and revoking one.

A token lets another system (e.g. the HRIS) use the REST API as one user within one role; the rules
live in `talentpool.services.api_tokens`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from talentpool.extensions import db
from talentpool.hr import bp
from talentpool.hr.api_token_forms import ApiTokenForm, RevokeApiTokenForm
from talentpool.models import ApiToken
from talentpool.services import api_tokens
from talentpool.services.errors import DomainError
from talentpool.views_util import show_domain_error


def _crumbs(last: str) -> list[tuple[str, str | None]]:
    return [("Users", url_for("hr.users")), ("API tokens", url_for("hr.api_tokens_list")), (last, None)]


@bp.route("/api-tokens")
def api_tokens_list():
    """Every token with its scope, user and status; revoked ones last."""
    page = db.paginate(api_tokens.tokens_query(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("hr/api_tokens.html", title="API tokens", page=page, now=datetime.now(UTC))


@bp.route("/api-tokens/new", methods=["GET", "POST"])
def api_token_new():
    """Create a token; the next page shows its secret, once."""
    form = ApiTokenForm()
    form.user_id.choices = [SelectChoice("", "Choose a user…")] + [
        SelectChoice(u.id, f"{u.full_name} ({u.email}) · {', '.join(r.label for r in sorted(u.roles))}")
        for u in api_tokens.token_users(db.session)
    ]
    if form.validate_on_submit():
        try:
            created = api_tokens.create_token(
                db.session,
                current_user,
                name=form.name.data,
                user_id=form.user_id.data,
                scope=form.scope.data,
                expires_on=form.expires_on.data,
                today=date.today(),
            )
        except DomainError as error:
            show_domain_error(error, form)
        else:
            response = current_app.make_response(
                render_template(
                    "hr/api_token_created.html",
                    title="API token created",
                    token=created.token,
                    secret=created.secret,
                    crumbs=_crumbs("New token"),
                )
            )
            response.headers["Cache-Control"] = "no-store"  # the secret must not stay in any cache
            return response
    return render_template(
        "form_page.html",
        title="New API token",
        form=form,
        crumbs=_crumbs("New token"),
        intro="A token lets another system, such as the HRIS, use the REST API. It acts as the user you "
        "choose, within one of their roles, and every change it makes is recorded as theirs.",
        help={
            "scope": "HR: employees, skills, pool cases, suggestions and outcomes. Manager: post openings and see "
            "the candidates of the user's own openings.",
            "user_id": "The user must hold the scope's role; consider an account for the integration itself.",
            "expires_on": "The token works through this day (UTC). Leave empty for a token that works until revoked.",
        },
        submit_label="Create token",
        cancel_url=url_for("hr.api_tokens_list"),
    )


@bp.route("/api-tokens/<int:token_id>/revoke", methods=["GET", "POST"])
def api_token_revoke(token_id: int):
    """Revoke a token after a confirmation: every request with it is refused from then on."""
    token = db.get_or_404(ApiToken, token_id)
    form = RevokeApiTokenForm()
    if form.validate_on_submit():
        try:
            api_tokens.revoke_token(db.session, current_user, token.id)
        except DomainError as error:
            show_domain_error(error)
        else:
            flash(
                f"The token {token.name} ({token.token_prefix}…) is revoked; requests with it are refused.", "success"
            )
        return redirect(url_for("hr.api_tokens_list"))
    return render_template(
        "hr/api_token_revoke.html",
        title=f"Revoke the token {token.name}",
        token=token,
        form=form,
        crumbs=_crumbs("Revoke"),
    )
