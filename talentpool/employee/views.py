"""The employee's own pages: their case, skills profile, the openings they can answer, contesting
their suggestions and asking their HR contact for a conversation.

Everything here derives from `current_user`; no route takes a case or employee id, so nobody can
reach another person's case, profile or answers.
"""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_

from talentpool.employee import bp
from talentpool.employee.forms import ContestForm, ConversationForm, DeclineForm, OpeningSearchForm, SkillsProfileForm
from talentpool.extensions import db
from talentpool.models import Application, DeclineCategory, Department, Interest, Opening, PoolCase
from talentpool.services.applications import answer_opening, find_application, own_open_case
from talentpool.services.contests import open_contest, request_conversation
from talentpool.services.errors import DomainError
from talentpool.services.openings import accepts_candidates, is_visible_to, open_openings_query, visible_to
from talentpool.services.people import update_skills_profile
from talentpool.services.suggestions import match_for, suggestions_for_case
from talentpool.views_util import safe_next, show_domain_error


def _not_linked():
    """The page for a signed-in employee whose account has no employee record yet."""
    return render_template("employee/not_linked.html", title="Account not linked")


def _answers(case: PoolCase | None) -> dict[int, Application]:
    """The person's answers so far, by opening id (none when they are not in the pool)."""
    return {a.opening_id: a for a in case.applications} if case is not None else {}


def _visible_opening(opening_id: int, case: PoolCase | None, today: date) -> tuple[Opening, Application | None]:
    """An opening the person may look at: one taking candidates that is visible to them (during its
    priority window only to people in the pool), or one they have already answered."""
    opening = db.get_or_404(Opening, opening_id)
    application = find_application(db.session, case.id, opening.id) if case is not None else None
    visible = accepts_candidates(opening, today) and is_visible_to(opening, case is not None, today)
    if application is None and not visible:
        abort(404)
    return opening, application


def _back_to(opening_id: int):
    return redirect(safe_next(request.args.get("next")) or url_for("employee.opening", opening_id=opening_id))


def _answer(
    opening_id: int,
    interest: Interest,
    category: DeclineCategory | None = None,
    reason: str = "",
    form: DeclineForm | None = None,
) -> bool:
    """Record the person's answer with the match score they saw; a refusal goes next to its field or is flashed."""
    today = date.today()
    case = own_open_case(db.session, current_user)
    opening = db.session.get(Opening, opening_id)
    match = match_for(db.session, case, opening, today) if case is not None and opening is not None else None
    try:
        answer_opening(
            db.session,
            current_user,
            opening_id,
            interest=interest,
            category=category,
            reason=reason,
            match_score=match.score if match is not None else None,
            today=today,
        )
    except DomainError as error:
        show_domain_error(error, form)
        return False
    return True


@bp.route("/")
def home():
    """Their own case: where they stand, whom to ask, and the openings suggested for them."""
    employee = current_user.employee
    if employee is None:
        return _not_linked()
    today = date.today()
    case = own_open_case(db.session, current_user)
    suggestions = (
        suggestions_for_case(db.session, case, today, top_k=current_app.config["SUGGESTIONS_SHOWN"])
        if case is not None
        else []
    )
    on_trial = next((c for c in employee.cases if c.on_trial), None) if case is None else None
    last_closed = next((c for c in employee.cases if not c.in_progress), None) if case is None else None
    requests = case.contests if case is not None else []
    return render_template(
        "employee/home.html",
        title="My case",
        employee=employee,
        case=case,
        suggestions=suggestions,
        contests=[c for c in requests if not c.kind.is_conversation],
        conversations=[c for c in requests if c.kind.is_conversation],
        last_closed=last_closed,
        trial=on_trial.running_trial if on_trial is not None else None,
    )


def _message_to_hr_owner(case, form, send, *, title: str, crumb: str, intro: str, help: dict, submit_label: str):
    """A message to one's HR owner (a conversation request or a contest): send it once the form is
    valid, or show the form; the answer appears on /me/."""
    if form.validate_on_submit():
        try:
            send()
        except DomainError as error:
            show_domain_error(error, form)
        else:
            flash(f"Sent to {case.hr_owner.full_name} at HR. Their answer will appear on this page.", "success")
            return redirect(url_for("employee.home"))
    return render_template(
        "form_page.html",
        title=title,
        form=form,
        crumbs=[("My case", url_for("employee.home")), (crumb, None)],
        intro=intro,
        help=help,
        submit_label=submit_label,
        cancel_url=url_for("employee.home"),
    )


@bp.route("/conversation", methods=["GET", "POST"])
def conversation():
    """Ask one's HR owner for a conversation; it lands in their queue and the answer appears on /me/."""
    case = own_open_case(db.session, current_user)
    if case is None:
        flash("You are not in the talent pool; write to HR directly if you would like to talk.", "info")
        return redirect(url_for("employee.home"))
    form = ConversationForm()
    return _message_to_hr_owner(
        case,
        form,
        lambda: request_conversation(db.session, current_user, case.id, message=form.message.data or "",
                                     preferred_times=form.preferred_times.data or ""),
        title="Ask for a conversation",
        crumb="Ask for a conversation",
        intro=f"{case.hr_owner.full_name} looks after your case at HR. Ask for a conversation about anything: "
        f"your suggestions, an opening, your deadline or what happens next. They answer on your page, "
        f"usually with a time to talk.",
        help={
            "message": "A few words help them prepare. Up to 2000 characters.",
            "preferred_times": "For example “Tuesday or Thursday mornings” or “any afternoon, by phone”.",
        },
        submit_label="Ask for a conversation",
    )


@bp.route("/contest", methods=["GET", "POST"])
def contest():
    """Tell HR the suggestions miss a role or misread one's skills; the answer appears on /me/."""
    case = own_open_case(db.session, current_user)
    if case is None:
        flash("You are not in the talent pool, so there are no suggestions to contest.", "info")
        return redirect(url_for("employee.home"))
    form = ContestForm()
    return _message_to_hr_owner(
        case,
        form,
        lambda: open_contest(db.session, current_user, case.id, kind=form.kind.data, message=form.message.data),
        title="Something wrong with these suggestions?",
        crumb="Contest suggestions",
        intro=f"If a role fits you that is not suggested, or the suggestions read your skills wrongly, tell HR. "
        f"{case.hr_owner.full_name}, who looks after your case, reads every message and answers it on your page.",
        help={
            "message": "For example the opening that fits you and why, or the skill that is missing or wrong. "
            "Up to 2000 characters."
        },
        submit_label="Send to HR",
    )


@bp.route("/skills", methods=["GET", "POST"])
def skills():
    """Keep one's skills, levels and summary current; they are what the suggestions read."""
    employee = current_user.employee
    if employee is None:
        return _not_linked()
    form = SkillsProfileForm() if request.method == "POST" else SkillsProfileForm.prefilled(employee)
    if form.validate_on_submit():
        try:
            update_skills_profile(
                db.session, current_user, employee.id, summary=form.summary.data or "", skills=form.skill_pairs(),
                expected_version=form.expected_version(),
            )
        except DomainError as error:
            show_domain_error(error, form, current=employee)
        else:
            flash("Your skills profile is saved.", "success")
            return redirect(url_for("employee.skills"))
    return render_template("employee/skills.html", title="My skills", form=form)


@bp.route("/openings")
def openings():
    """Every opening still taking candidates and visible to the person, soonest closing first, with a
    search box."""
    today = date.today()
    search = OpeningSearchForm(request.args)
    case = own_open_case(db.session, current_user)
    query = open_openings_query(today).where(visible_to(case is not None, today))
    term = (search.q.data or "").strip().lower() if search.validate() else ""
    if term:
        query = query.join(Opening.department).where(
            or_(
                func.lower(Opening.title).contains(term, autoescape=True),
                func.lower(Department.name).contains(term, autoescape=True),
                func.lower(Opening.location).contains(term, autoescape=True),
            )
        )
    query = query.order_by(Opening.closing_date.asc().nulls_last(), Opening.title, Opening.id)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template(
        "employee/openings.html",
        title="Openings",
        page=page,
        search=search,
        term=term,
        case=case,
        answers=_answers(case),
    )


@bp.route("/openings/<int:opening_id>")
def opening(opening_id: int):
    """One opening in full, with the person's match and answer when they are in the pool."""
    today = date.today()
    case = own_open_case(db.session, current_user)
    opening, application = _visible_opening(opening_id, case, today)
    is_open = accepts_candidates(opening, today)
    match = match_for(db.session, case, opening, today) if case is not None and is_open else None
    return render_template(
        "employee/opening.html",
        title=opening.title,
        opening=opening,
        employee=current_user.employee,
        case=case,
        application=application,
        match=match,
        is_open=is_open,
        decline_form=DeclineForm(),
    )


@bp.route("/openings/<int:opening_id>/interest", methods=["POST"])
def mark_interest(opening_id: int):
    """Say yes to an opening: HR and its manager see the person is interested."""
    if _answer(opening_id, Interest.INTERESTED):
        flash("You are marked as interested. HR and the hiring manager can see it.", "success")
    return _back_to(opening_id)


@bp.route("/openings/<int:opening_id>/decline", methods=["GET", "POST"])
def decline(opening_id: int):
    """Say no to an opening, with one of the common reasons (and own words) kept for HR."""
    today = date.today()
    case = own_open_case(db.session, current_user)
    opening, application = _visible_opening(opening_id, case, today)
    form = DeclineForm()
    if form.validate_on_submit():
        if _answer(opening_id, Interest.DECLINED, form.category.data, form.reason.data or "", form):
            flash(f"You declined {opening.title}.", "success")
            return _back_to(opening_id)
        if not form.errors:  # refused for the page as a whole (flashed): back where the person came from
            return _back_to(opening_id)
    return render_template(
        "employee/decline.html",
        title=f"Decline {opening.title}",
        opening=opening,
        case=case,
        application=application,
        form=form,
        next=safe_next(request.args.get("next")),
    )
