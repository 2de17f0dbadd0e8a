"""Managers' pages: their openings, posting and editing them, and the ranked pool candidates."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from talentpool.extensions import db
from talentpool.manager import bp
from talentpool.manager.forms import CloseOpeningForm, MoveCandidateForm, OfferForm, OpeningForm
from talentpool.models import Application, ApplicationStage, Opening, OpeningStatus, PoolCase
from talentpool.services import applications as application_service
from talentpool.services import openings as opening_service
from talentpool.services.errors import DomainError, InvalidTransition, NotFound
from talentpool.services.people import departments
from talentpool.services.suggestions import Candidate, candidates_for_opening, match_for
from talentpool.services.suitability import Terms, compare_terms
from talentpool.views_util import show_domain_error

# The best-ranked people listed for an opening (anyone already in its pipeline is listed as well).
CANDIDATES_SHOWN = 25

DEFAULT_FILTER = "current"
STATUS_FILTERS: dict[str, tuple[str, tuple[OpeningStatus, ...]]] = {
    "current": ("Open and filled", (OpeningStatus.OPEN, OpeningStatus.FILLED)),
    "open": ("Open", (OpeningStatus.OPEN,)),
    "filled": ("Filled", (OpeningStatus.FILLED,)),
    "closed": ("Closed", (OpeningStatus.CLOSED,)),
    "all": ("All", tuple(OpeningStatus)),
}

# The buttons a candidate card offers, in this order, when the service's transitions allow them.
MOVE_LABELS = {
    ApplicationStage.SHORTLISTED: "Shortlist",
    ApplicationStage.OFFERED: "Make an offer…",
    ApplicationStage.TURNED_DOWN: "Turn down",
}
MOVED_MESSAGES = {
    ApplicationStage.SHORTLISTED: "{name} is on the shortlist for {opening}.",
    ApplicationStage.TURNED_DOWN: "{name} is turned down for {opening}.",
    ApplicationStage.OFFERED: "You offered {opening} to {name}. HR will now record the reassignment.",
}


def _managed_opening(opening_id: int) -> Opening:
    """One of the signed-in manager's openings; anyone else's is a 404."""
    try:
        return opening_service.get_managed_opening(db.session, current_user, opening_id)
    except NotFound as error:
        show_domain_error(error)  # aborts with 404
        raise


def _stage_counts(opening_ids: list[int]) -> dict[int, list[tuple[ApplicationStage, int]]]:
    """For each opening, how many candidates are at each stage, counted in one grouped query."""
    found: dict[int, dict[ApplicationStage, int]] = {opening_id: {} for opening_id in opening_ids}
    if opening_ids:
        rows = db.session.execute(
            select(Application.opening_id, Application.stage, func.count())
            .where(Application.opening_id.in_(opening_ids))
            .group_by(Application.opening_id, Application.stage)
        )
        for opening_id, stage, count in rows:
            found[opening_id][stage] = count
    return {
        opening_id: [(stage, counts[stage]) for stage in ApplicationStage if stage in counts]
        for opening_id, counts in found.items()
    }


def _opening_form(**kwargs) -> OpeningForm:
    """The opening form with the departments to choose from."""
    form = OpeningForm(**kwargs)
    form.department_id.choices = [SelectChoice(0, "Choose a department…")] + [
        SelectChoice(department.id, department.name) for department in departments(db.session)
    ]
    return form


def _render_opening_form(form: OpeningForm, opening: Opening | None = None):
    """The form page for posting (no opening yet) or editing an opening."""
    form.add_blank_skill_rows()
    title = f"Edit {opening.title}" if opening else "Post an opening"
    return render_template("manager/opening_form.html", form=form, opening=opening, title=title)


def _moves(candidate: Candidate) -> list[tuple[ApplicationStage, str]]:
    """The steps the manager may take with this candidate from where they stand now."""
    stage = candidate.application.stage if candidate.application else ApplicationStage.NEW
    allowed = application_service.MANAGER_TRANSITIONS[stage]
    return [(next_stage, label) for next_stage, label in MOVE_LABELS.items() if next_stage in allowed]


def _match_score(opening: Opening, case_id: int, today: date) -> float | None:
    """The score the ranking gives this person now, kept with the application for reports."""
    case = db.session.get(PoolCase, case_id)
    if case is None:
        return None  # the service reports the missing candidate
    match = match_for(db.session, case, opening, today)
    return match.score if match else None


@bp.route("/openings")
def openings():
    """The manager's own openings, newest first, with how many candidates are at each stage."""
    status = request.args.get("status", DEFAULT_FILTER)
    if status not in STATUS_FILTERS:
        status = DEFAULT_FILTER
    query = (
        select(Opening)
        .where(Opening.manager_id == current_user.id, Opening.status.in_(STATUS_FILTERS[status][1]))
        .order_by(Opening.created_at.desc(), Opening.id.desc())
    )
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"])
    return render_template(
        "manager/openings.html",
        title="My openings",
        page=page,
        stage_counts=_stage_counts([opening.id for opening in page.items]),
        filters=STATUS_FILTERS,
        status=status,
        default_filter=DEFAULT_FILTER,
    )


@bp.route("/openings/new", methods=["GET", "POST"])
def new_opening():
    """Post an opening; the manager then sees the pool ranked for it."""
    form = _opening_form()
    if form.validate_on_submit():
        try:
            opening = opening_service.create_opening(
                db.session, current_user, **form.opening_fields(), today=date.today(),
                priority_window_days=current_app.config["PRIORITY_WINDOW_DAYS"],
            )
        except DomainError as error:
            show_domain_error(error, form)
        else:
            flash(
                f"{opening.title} is posted as {opening.reference}. The best matches in the pool are below.",
                "success",
            )
            return redirect(url_for(".opening", opening_id=opening.id))
    return _render_opening_form(form)


@bp.route("/openings/<int:opening_id>")
def opening(opening_id: int):
    """The opening and the pool's people ranked for it, with what the manager may do next."""
    opening = _managed_opening(opening_id)
    today = date.today()
    candidates = candidates_for_opening(
        db.session, opening, today, top_k=CANDIDATES_SHOWN,
        priority_score=current_app.config["PRIORITY_SUITABLE_SCORE"],
    )
    return render_template(
        "manager/opening.html",
        title=opening.title,
        opening=opening,
        candidates=candidates,
        moves={candidate.case.id: _moves(candidate) for candidate in candidates},
        accepting=opening_service.accepts_candidates(opening, today),
        trials=opening_service.trials_in(db.session, opening.id),
    )


@bp.route("/openings/<int:opening_id>/edit", methods=["GET", "POST"])
def edit_opening(opening_id: int):
    """Change an opening; a closed one is refused by the service and sent back to its page."""
    opening = _managed_opening(opening_id)
    form = _opening_form(data=OpeningForm.data_from(opening))
    if form.validate_on_submit():
        try:
            opening_service.update_opening(
                db.session, current_user, opening.id, **form.opening_fields(), today=date.today(),
                expected_version=form.expected_version(),
            )
        except InvalidTransition as error:
            show_domain_error(error)
            return redirect(url_for(".opening", opening_id=opening.id))
        except DomainError as error:
            show_domain_error(error, form, current=opening)
        else:
            flash(f"{opening.title} is updated.", "success")
            return redirect(url_for(".opening", opening_id=opening.id))
    return _render_opening_form(form, opening)


@bp.route("/openings/<int:opening_id>/close", methods=["GET", "POST"])
def close_opening(opening_id: int):
    """Ask for confirmation (and an optional reason), then stop the search."""
    opening = _managed_opening(opening_id)
    form = CloseOpeningForm()
    if form.validate_on_submit():
        try:
            opening_service.close_opening(db.session, current_user, opening.id, reason=form.reason.data or "")
        except DomainError as error:
            show_domain_error(error)
        else:
            flash(f"{opening.title} is closed.", "success")
        return redirect(url_for(".opening", opening_id=opening.id))
    return render_template(
        "form_page.html",
        form=form,
        title=f"Close {opening.title}?",
        crumbs=[
            ("My openings", url_for(".openings")),
            (opening.title, url_for(".opening", opening_id=opening.id)),
            ("Close", None),
        ],
        intro="Candidates will no longer be put forward; filled places stay filled.",
        help={"reason": "Kept with the opening's history."},
        submit_label="Close opening",
        submit_class="btn-danger",
        cancel_url=url_for(".opening", opening_id=opening.id),
    )


@bp.post("/openings/<int:opening_id>/candidates/<int:case_id>")
def move_candidate(opening_id: int, case_id: int):
    """Shortlist, turn down or make an offer; the service decides which steps are allowed."""
    opening = _managed_opening(opening_id)
    form = MoveCandidateForm()
    if not form.validate_on_submit():
        abort(400)
    stage = ApplicationStage(form.stage.data)
    today = date.today()
    try:
        application = application_service.move_candidate(
            db.session,
            current_user,
            opening.id,
            case_id,
            stage=stage,
            match_score=_match_score(opening, case_id, today),
            today=today,
        )
    except DomainError as error:
        show_domain_error(error)
    else:
        name = application.case.employee.full_name
        flash(MOVED_MESSAGES[stage].format(name=name, opening=opening.title), "success")
    return redirect(url_for(".opening", opening_id=opening.id, _anchor=f"candidate-{case_id}"))


@bp.route("/openings/<int:opening_id>/candidates/<int:case_id>/offer", methods=["GET", "POST"])
def confirm_offer(opening_id: int, case_id: int):
    """The written offer: its terms, prefilled from the opening and compared with the person's current
    ones, then the offer, which sends the person to HR for reassignment."""
    opening = _managed_opening(opening_id)
    case = db.get_or_404(PoolCase, case_id)
    if not case.is_open:
        abort(404)
    form = OfferForm() if request.method == "POST" else OfferForm.prefilled(opening)
    if form.validate_on_submit():
        today = date.today()
        try:
            application_service.move_candidate(
                db.session,
                current_user,
                opening.id,
                case.id,
                stage=ApplicationStage.OFFERED,
                match_score=_match_score(opening, case.id, today),
                today=today,
                offer=form.terms(),
            )
        except DomainError as error:
            show_domain_error(error, form)
            if not error.field:  # refused as a whole (flashed): back to the candidate
                return redirect(url_for(".opening", opening_id=opening.id, _anchor=f"candidate-{case.id}"))
        else:
            name = case.employee.full_name
            flash(MOVED_MESSAGES[ApplicationStage.OFFERED].format(name=name, opening=opening.title), "success")
            return redirect(url_for(".opening", opening_id=opening.id, _anchor=f"candidate-{case.id}"))
    return render_template(
        "manager/confirm_offer.html",
        title=f"Offer {opening.title} to {case.employee.full_name}?",
        opening=opening,
        case=case,
        form=form,
        differences=compare_terms(Terms.of(case.employee), _offered_terms(form, opening)),
    )


def _offered_terms(form: OfferForm, opening: Opening) -> Terms:
    """The terms the offer form holds (the opening's where a value is missing or refused), to compare."""
    return Terms(
        None if form.pay_grade.errors else form.pay_grade.data,
        form.hours.data or opening.hours,
        form.location.data or opening.location,
    )
