"""HR views: the pool list, cases and their outcomes, contested suggestions, employees, users,
departments, reports.

Views only translate between HTTP and the services: read a form, call one use case,
flash what happened and redirect. The rules live in `talentpool.services`.
"""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wtforms.fields.choices import SelectChoice

from talentpool.extensions import db
from talentpool.hr import bp
from talentpool.hr.forms import (
    CaseDetailsForm,
    ConfirmTrialForm,
    ContestAnswerForm,
    ContestFilterForm,
    DepartmentForm,
    EditUserForm,
    EditEmployeeForm,
    ExitPackageForm,
    FailTrialForm,
    NewCaseForm,
    NewEmployeeForm,
    NewUserForm,
    PoolFilterForm,
    ReassignmentForm,
    ReopenForm,
    ReportFilterForm,
    ResignationForm,
    parse_skill_lines,
)
from talentpool.models import (
    Application,
    AuditEvent,
    CaseStatus,
    Employee,
    OutcomeKind,
    PoolCase,
    SuggestionContest,
    User,
)
from talentpool.services import (
    applications,
    contests,
    csv_export,
    dashboard,
    openings,
    people,
    pool,
    reports,
    suggestions,
)
from talentpool.services.errors import DomainError
from talentpool.views_util import csv_response, show_domain_error

EMPLOYEE_NUMBER_FIELD = {"employee_id": "employee_number"}


def _department_choices(blank: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice(d.id, d.name) for d in people.departments(db.session)]
    return ([SelectChoice("", blank)] if blank is not None else []) + choices


def _hr_owner_choices() -> list[SelectChoice]:
    return [SelectChoice(u.id, u.full_name) for u in people.hr_users(db.session)]


def _get_case_or_404(case_id: int) -> PoolCase:
    return db.get_or_404(PoolCase, case_id)


def _case_crumbs(pool_case: PoolCase, last: str) -> list[tuple[str, str | None]]:
    return [
        ("Pool", url_for("hr.pool")),
        (pool_case.employee.full_name, url_for("hr.case", case_id=pool_case.id)),
        (last, None),
    ]


EMPLOYEE_TERMS_HELP = {
    "pay_grade": "From 1 to 30; leave empty if not known. Openings at another grade show the difference.",
    "hours": "Openings with other hours show the difference.",
}

USER_FORM_HELP = {
    "roles": "One person may hold several roles, e.g. an HR employee who also manages a team.",
    "employee_number": "Link the account of an employee to their record so they see their own case.",
}


def _owner_filter() -> str:
    """Whose cases a list shows, from the query string: "mine" (the default) or "all"."""
    return "all" if request.args.get("owner") == "all" else "mine"


@bp.route("/")
def index():
    """Today in the pool: deadlines, offers, unanswered questions and people waiting for a manager."""
    today = date.today()
    owner = _owner_filter()
    return render_template(
        "hr/dashboard.html",
        title="Today in the pool",
        owner=owner,
        today=today,
        board=dashboard.today_in_the_pool(db.session, today, current_user.id if owner == "mine" else None),
        window_days=dashboard.DEADLINE_WINDOW_DAYS,
    )


@bp.route("/interested")
def interested():
    """Everyone who said yes to an opening whose manager has not acted yet, the longest waiting first."""
    today = date.today()
    owner = _owner_filter()
    page = db.paginate(
        dashboard.interested_waiting_query(today, current_user.id if owner == "mine" else None),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "hr/interested.html",
        title="Interested, waiting for a manager",
        owner=owner,
        page=page,
        crumbs=[("Today", url_for("hr.index", owner=owner)), ("Interested, waiting for a manager", None)],
    )


# --- The pool ---------------------------------------------------------------------------


@bp.route("/pool", endpoint="pool")
def pool_list():
    """The pool, filtered and sorted (by days left unless asked otherwise), one page at a time."""
    today = date.today()
    form = PoolFilterForm(request.args)
    form.department.choices = _department_choices(blank="All departments")
    filters = pool.PoolFilters()
    if form.validate():
        filters = pool.PoolFilters(
            status=form.status.data or "open",
            department_id=form.department.data,
            max_days_left=form.days_left.data,
            search=form.q.data or "",
            sort=form.sort.data or "days_left",
        )
    page = db.paginate(
        pool.pool_query(filters, today), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    return render_template(
        "hr/pool.html",
        title="Talent pool",
        form=form,
        page=page,
        today=today,
        offers=applications.pending_offers(db.session),
    )


@bp.route("/pool/new", methods=["GET", "POST"])
def new_case():
    today = date.today()
    form = NewCaseForm()
    form.eliminated_department_id.choices = _department_choices()
    form.hr_owner_id.choices = _hr_owner_choices()
    if request.method == "GET":
        form.entered_on.data = today
        form.hr_owner_id.data = current_user.id
        prefill = db.session.get(Employee, request.args.get("employee_id", type=int) or 0)
        if prefill is not None:
            form.employee_number.data = prefill.employee_number
            form.eliminated_title.data = prefill.title
            form.eliminated_department_id.data = prefill.department_id
    if form.validate_on_submit():
        try:
            employee = people.employee_by_number(db.session, form.employee_number.data)
            case = pool.add_to_pool(
                db.session,
                current_user,
                employee_id=employee.id,
                eliminated_title=form.eliminated_title.data,
                eliminated_department_id=form.eliminated_department_id.data,
                reason=form.reason.data,
                entered_on=form.entered_on.data,
                deadline=form.deadline.data,
                hr_owner_id=form.hr_owner_id.data,
                pool_period_days=current_app.config["POOL_PERIOD_DAYS"],
            )
        except DomainError as error:
            show_domain_error(error, form, EMPLOYEE_NUMBER_FIELD)
        else:
            flash(f"{case.employee.full_name} is in the pool until {case.deadline.isoformat()}.", "success")
            return redirect(url_for("hr.case", case_id=case.id))
    return render_template(
        "form_page.html",
        title="Add someone to the pool",
        form=form,
        crumbs=[("Pool", url_for("hr.pool")), ("Add to the pool", None)],
        intro="Open a pool case for an employee whose role was eliminated. They keep their pay while "
        "the search for a new internal role runs until the deadline.",
        help={
            "employee_number": "Find it on the Employees page; the person must be in the register.",
            "deadline": f"Leave empty for {current_app.config['POOL_PERIOD_DAYS']} days after the date entered.",
        },
        submit_label="Add to the pool",
        cancel_url=url_for("hr.pool"),
    )


@bp.route("/pool/<int:case_id>")
def case(case_id: int):
    today = date.today()
    pool_case = _get_case_or_404(case_id)
    ranked = (
        suggestions.suggestions_for_case(db.session, pool_case, today, top_k=current_app.config["SUGGESTIONS_SHOWN"])
        if pool_case.is_open
        else []
    )
    pipeline = list(
        db.session.scalars(
            select(Application)
            .where(Application.case_id == pool_case.id)
            .order_by(Application.updated_at.desc())
        )
    )
    history = list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.case_id == pool_case.id).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        )
    )
    other_cases = [c for c in pool_case.employee.cases if c.id != pool_case.id]
    return render_template(
        "hr/case.html",
        title=f"{pool_case.employee.full_name} · pool case",
        case=pool_case,
        suggestions=ranked,
        pipeline=pipeline,
        contests=pool_case.contests,
        history=history,
        other_cases=other_cases,
        today=today,
        reopen_form=ReopenForm(),
    )


@bp.route("/pool/<int:case_id>/edit", methods=["GET", "POST"])
def edit_case(case_id: int):
    pool_case = _get_case_or_404(case_id)
    form = CaseDetailsForm(obj=pool_case)
    form.hr_owner_id.choices = _hr_owner_choices()
    if form.validate_on_submit():
        try:
            pool.update_case_details(
                db.session,
                current_user,
                pool_case.id,
                deadline=form.deadline.data,
                hr_owner_id=form.hr_owner_id.data,
                hr_notes=form.hr_notes.data or "",
                priority=form.priority.data,
                priority_note=form.priority_note.data or "",
            )
        except DomainError as error:
            show_domain_error(error, form)
        else:
            flash("Case details saved.", "success")
            return redirect(url_for("hr.case", case_id=pool_case.id))
    return render_template(
        "form_page.html",
        title=f"Edit the case of {pool_case.employee.full_name}",
        form=form,
        crumbs=_case_crumbs(pool_case, "Edit"),
        help={
            "priority": "A person with a statutory priority, e.g. protected during or after family leave, is "
            "listed first among the candidates of every opening that suits them. Managers see the priority.",
            "priority_note": "The reason and its dates, kept in the case history. HR only.",
        },
        cancel_url=url_for("hr.case", case_id=pool_case.id),
    )


OUTCOME_INTROS = {
    OutcomeKind.REASSIGNED: "Move the person into an opening with a free place, on trial. Their title and "
    "department become the opening's from the start date. At the end of the trial you confirm the "
    "reassignment (the case closes) or record that it failed (the person comes back to the pool). "
    "You will confirm on the next page.",
    OutcomeKind.EXIT_PACKAGE: "Record the agreed exit terms. These are visible to HR only. "
    "You will confirm on the next page.",
    OutcomeKind.RESIGNED: "Record that the person resigned. You will confirm on the next page.",
}

OUTCOME_FORMS = {
    OutcomeKind.REASSIGNED: ReassignmentForm,
    OutcomeKind.EXIT_PACKAGE: ExitPackageForm,
    OutcomeKind.RESIGNED: ResignationForm,
}


def _record(kind: OutcomeKind, case_id: int, form) -> None:
    """Call the use case that records this kind of outcome with the form's values."""
    if kind == OutcomeKind.REASSIGNED:
        pool.start_trial(
            db.session, current_user, case_id,
            opening_id=form.opening_id.data, starts_on=form.effective_on.data,
            ends_on=form.trial_ends_on.data, extension_agreement=form.extension_agreement.data or "",
            extension_agreed_on=form.extension_agreed_on.data, notes=form.notes.data or "",
            trial_period_days=current_app.config["TRIAL_PERIOD_DAYS"], today=date.today(),
        )
    elif kind == OutcomeKind.EXIT_PACKAGE:
        pool.record_exit_package(
            db.session, current_user, case_id,
            weeks_of_pay=float(form.weeks_of_pay.data), last_working_day=form.last_working_day.data,
            notes=form.notes.data or "",
        )
    else:
        pool.record_resignation(
            db.session, current_user, case_id, resignation_date=form.resignation_date.data, notes=form.notes.data or ""
        )


@bp.route("/pool/<int:case_id>/outcome/<kind>", methods=["GET", "POST"])
def record_outcome(case_id: int, kind: str):
    """Record an outcome in two steps: fill in the terms, then confirm what will happen."""
    try:
        outcome_kind = OutcomeKind(kind)
    except ValueError:
        abort(404)
    pool_case = _get_case_or_404(case_id)
    if pool_case.on_trial:
        flash("This person is on trial: confirm the trial or record that it failed first.", "error")
        return redirect(url_for("hr.case", case_id=pool_case.id))
    if not pool_case.is_open:
        flash("This case is already closed; reopen it to record another outcome.", "error")
        return redirect(url_for("hr.case", case_id=pool_case.id))
    form = OUTCOME_FORMS[outcome_kind]()
    opening = None
    if outcome_kind == OutcomeKind.REASSIGNED:
        choices = openings.reassignable_openings(db.session)
        form.opening_id.choices = [
            SelectChoice(o.id, f"{o.title} · {o.department.name} · {o.reference} ({o.free_places} free of {o.headcount})")
            for o in choices
        ]
        if request.method == "GET":
            form.opening_id.data = request.args.get("opening_id", type=int)
        opening = next((o for o in choices if o.id == form.opening_id.data), None)
    if request.method == "GET":
        for date_field in ("effective_on", "last_working_day", "resignation_date"):
            if hasattr(form, date_field):
                getattr(form, date_field).data = date.today()
    if form.validate_on_submit():
        if form.is_confirmed:
            try:
                _record(outcome_kind, pool_case.id, form)
            except DomainError as error:
                form.confirmed.data = ""
                show_domain_error(error, form)
            else:
                flash(_recorded_message(outcome_kind, pool_case), "success")
                return redirect(url_for("hr.case", case_id=case_id))
        elif _terms_valid(outcome_kind, form):
            form.confirmed.data = "yes"
            return render_template(
                "hr/outcome_confirm.html",
                title="Confirm outcome",
                case=pool_case,
                kind=outcome_kind,
                form=form,
                opening=opening,
                trial_ends_on=form.trial_ends_on.data or _standard_trial_end(form)
                if outcome_kind == OutcomeKind.REASSIGNED else None,
            )
    return render_template(
        "hr/outcome_form.html",
        title=f"{outcome_kind.label}: {pool_case.employee.full_name}",
        case=pool_case,
        kind=outcome_kind,
        form=form,
        crumbs=_case_crumbs(pool_case, outcome_kind.label),
        intro=OUTCOME_INTROS[outcome_kind],
        help=_trial_help() if outcome_kind == OutcomeKind.REASSIGNED else None,
        submit_label="Review and confirm",
        cancel_url=url_for("hr.case", case_id=pool_case.id),
    )


def _trial_help() -> dict[str, str]:
    days = current_app.config["TRIAL_PERIOD_DAYS"]
    standard = f"{days // 7} weeks" if days % 7 == 0 else f"{days} days"
    return {
        "trial_ends_on": f"Leave empty for the standard trial of {standard} from the start date. A later date "
        "needs the agreement below.",
        "extension_agreement": "Only for a longer trial: who agreed to it, how (e.g. signed letter) and why "
        "(e.g. training needed). It must be agreed before the trial starts.",
    }


def _terms_valid(kind: OutcomeKind, form) -> bool:
    """Check a trial's length before the confirmation page, so a mistake shows next to its field."""
    if kind != OutcomeKind.REASSIGNED:
        return True
    try:
        pool.check_trial_terms(form.effective_on.data, form.trial_ends_on.data, form.extension_agreement.data or "",
                               form.extension_agreed_on.data, current_app.config["TRIAL_PERIOD_DAYS"])
    except DomainError as error:
        show_domain_error(error, form)
        return False
    return True


def _standard_trial_end(form: ReassignmentForm) -> date | None:
    starts_on = form.effective_on.data
    return pool.standard_trial_end(starts_on, current_app.config["TRIAL_PERIOD_DAYS"]) if starts_on else None


def _recorded_message(kind: OutcomeKind, pool_case: PoolCase) -> str:
    if kind == OutcomeKind.REASSIGNED:
        trial = pool_case.running_trial
        return (
            f"{pool_case.employee.full_name} starts in {trial.opening.title} on trial until "
            f"{trial.ends_on.isoformat()}. Confirm the reassignment or record that the trial failed by then."
        )
    return f"Outcome recorded: {kind.label.lower()}. The case is closed."


def _decide_trial(case_id: int, *, confirming: bool):
    """The end of a trial, one page for either decision: what will happen, then the form. A case not
    on trial goes back to its page with a message."""
    pool_case = _get_case_or_404(case_id)
    trial = pool_case.running_trial if pool_case.on_trial else None
    if trial is None:
        flash(f"{pool_case.employee.full_name} is not on trial.", "error")
        return redirect(url_for("hr.case", case_id=pool_case.id))
    form = ConfirmTrialForm() if confirming else FailTrialForm()
    if request.method == "GET":
        form.decided_on.data = date.today() if confirming else min(date.today(), trial.ends_on)
    if form.validate_on_submit():
        try:
            if confirming:
                pool.confirm_trial(db.session, current_user, pool_case.id, decided_on=form.decided_on.data,
                                   notes=form.notes.data or "")
                message = (f"Reassignment confirmed: {pool_case.employee.full_name} stays in "
                           f"{trial.opening.title}. The case is closed.")
            else:
                pool.fail_trial(db.session, current_user, pool_case.id, reason=form.reason.data,
                                decided_on=form.decided_on.data)
                message = (f"The trial is recorded as failed. {pool_case.employee.full_name} is back in the "
                           f"pool until {pool_case.deadline.isoformat()}.")
        except DomainError as error:
            show_domain_error(error, form)
        else:
            flash(message, "success")
            return redirect(url_for("hr.case", case_id=pool_case.id))
    name = pool_case.employee.full_name
    return render_template(
        "hr/trial_decision.html",
        title=f"Confirm the trial of {name}" if confirming else f"Record that the trial of {name} failed",
        case=pool_case,
        trial=trial,
        form=form,
        confirming=confirming,
        crumbs=_case_crumbs(pool_case, "Confirm trial" if confirming else "Trial failed"),
    )


@bp.route("/pool/<int:case_id>/trial/confirm", methods=["GET", "POST"])
def confirm_trial(case_id: int):
    """The end of a good trial: HR confirms, and the case closes as reassigned."""
    return _decide_trial(case_id, confirming=True)


@bp.route("/pool/<int:case_id>/trial/fail", methods=["GET", "POST"])
def fail_trial(case_id: int):
    """A trial that did not work: the person goes back to the pool and the place is freed."""
    return _decide_trial(case_id, confirming=False)


@bp.route("/pool/<int:case_id>/reopen", methods=["GET", "POST"])
def reopen_case(case_id: int):
    pool_case = _get_case_or_404(case_id)
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            pool.reopen_case(db.session, current_user, pool_case.id, reason=form.reason.data, today=date.today())
        except DomainError as error:
            show_domain_error(error, form)
        else:
            flash("The case is open again.", "success")
            return redirect(url_for("hr.case", case_id=pool_case.id))
    return render_template(
        "form_page.html",
        title=f"Reopen the case of {pool_case.employee.full_name}",
        form=form,
        crumbs=_case_crumbs(pool_case, "Reopen"),
        intro="Reopening puts the person back in the pool. A reassignment is undone: the place in the "
        "opening is freed and their former title and department come back. The reason is kept in the history.",
        submit_label="Reopen the case",
        cancel_url=url_for("hr.case", case_id=pool_case.id),
    )


# --- Contested suggestions ------------------------------------------------------------


@bp.route("/contests")
def contest_queue():
    """Employees' contests of their suggestions and requests for a conversation: open ones first, on
    one's own cases unless asked for all."""
    form = ContestFilterForm(request.args)
    owner = form.owner.data if form.validate() else "mine"
    page = db.paginate(
        contests.contest_queue(current_user.id if owner == "mine" else None),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("hr/contests.html", title="Contested suggestions", form=form, owner=owner, page=page)


@bp.route("/contests/<int:contest_id>", methods=["GET", "POST"])
def contest(contest_id: int):
    """One contest (or conversation request) with the person's case a click away; answered once, then
    shown as it was."""
    item = db.get_or_404(SuggestionContest, contest_id)
    form = ContestAnswerForm()
    if not item.is_answered and form.validate_on_submit():
        try:
            contests.answer_contest(db.session, current_user, item.id, answer=form.answer.data)
        except DomainError as error:
            show_domain_error(error, form)
        else:
            flash(f"Your answer is sent; {item.case.employee.full_name} sees it on their page.", "success")
            return redirect(url_for("hr.contest_queue"))
    elif item.is_answered and request.method == "POST":
        flash("This contest has already been answered.", "error")
    return render_template(
        "hr/contest.html",
        title=f"{'Conversation request' if item.kind.is_conversation else 'Contest'} from {item.case.employee.full_name}",
        contest=item,
        form=form,
        crumbs=[("Contested suggestions", url_for("hr.contest_queue")), (item.case.employee.full_name, None)],
    )


# --- Employees --------------------------------------------------------------------------


@bp.route("/employees")
def employees():
    search = (request.args.get("q") or "").strip()
    page = db.paginate(people.employees_query(search), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    open_case_ids = dict(
        db.session.execute(
            select(PoolCase.employee_id, PoolCase.id).where(
                PoolCase.employee_id.in_([e.id for e in page.items]), PoolCase.status == CaseStatus.OPEN
            )
        ).all()
    )
    return render_template(
        "hr/employees.html", title="Employees", page=page, search=search, open_case_ids=open_case_ids
    )


@bp.route("/employees/new", methods=["GET", "POST"])
def new_employee():
    form = NewEmployeeForm()
    form.department_id.choices = _department_choices()
    if form.validate_on_submit():
        try:
            employee = people.create_employee(
                db.session,
                current_user,
                employee_number=form.employee_number.data,
                full_name=form.full_name.data,
                title=form.title.data,
                department_id=form.department_id.data,
                email=form.email.data,
                location=form.location.data or "",
                pay_grade=form.pay_grade.data,
                hours=form.hours.data,
                summary=form.summary.data or "",
                skills=parse_skill_lines(form.skills.data),
            )
        except DomainError as error:
            show_domain_error(error, form)
        else:
            flash(f"{employee.full_name} is added to the employee register.", "success")
            return redirect(url_for("hr.employee", employee_id=employee.id))
    return render_template(
        "form_page.html",
        title="Add an employee",
        form=form,
        crumbs=[("Employees", url_for("hr.employees")), ("Add", None)],
        help=EMPLOYEE_TERMS_HELP | {"skills": "For example “Microsoft Excel: 4”. Without a level, 3 is assumed."},
        submit_label="Add employee",
        cancel_url=url_for("hr.employees"),
    )


@bp.route("/employees/<int:employee_id>")
def employee(employee_id: int):
    person = db.get_or_404(Employee, employee_id)
    return render_template("hr/employee.html", title=person.full_name, employee=person, today=date.today())


@bp.route("/employees/<int:employee_id>/edit", methods=["GET", "POST"])
def edit_employee(employee_id: int):
    person = db.get_or_404(Employee, employee_id)
    form = EditEmployeeForm(obj=person)
    form.department_id.choices = _department_choices()
    if form.validate_on_submit():
        try:
            people.update_employee(
                db.session,
                current_user,
                person.id,
                employee_number=form.employee_number.data,
                full_name=form.full_name.data,
                title=form.title.data,
                department_id=form.department_id.data,
                email=form.email.data,
                location=form.location.data or "",
                pay_grade=form.pay_grade.data,
                hours=form.hours.data,
                expected_version=form.expected_version(),
            )
        except DomainError as error:
            show_domain_error(error, form, current=person)
        else:
            flash("Employee details saved.", "success")
            return redirect(url_for("hr.employee", employee_id=person.id))
    return render_template(
        "form_page.html",
        title=f"Edit {person.full_name}",
        form=form,
        crumbs=[("Employees", url_for("hr.employees")), (person.full_name, url_for("hr.employee", employee_id=person.id)), ("Edit", None)],
        help=EMPLOYEE_TERMS_HELP,
        cancel_url=url_for("hr.employee", employee_id=person.id),
    )


# --- Users and departments --------------------------------------------------------------


@bp.route("/users")
def users():
    page = db.paginate(
        select(User).options(selectinload(User.role_rows)).order_by(User.full_name, User.id),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("hr/users.html", title="Users and roles", page=page)


def _linked_employee_id(form) -> int | None:
    if not form.employee_number.data:
        return None
    return people.employee_by_number(db.session, form.employee_number.data).id


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = people.create_user(
                db.session,
                current_user,
                email=form.email.data,
                full_name=form.full_name.data,
                password=form.password.data,
                roles=form.roles.data,
                employee_id=_linked_employee_id(form),
            )
        except DomainError as error:
            show_domain_error(error, form, EMPLOYEE_NUMBER_FIELD)
        else:
            flash(f"Account created for {user.email}.", "success")
            return redirect(url_for("hr.users"))
    return render_template(
        "form_page.html",
        title="New user",
        form=form,
        crumbs=[("Users", url_for("hr.users")), ("New", None)],
        help=USER_FORM_HELP,
        submit_label="Create user",
        cancel_url=url_for("hr.users"),
    )


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = EditUserForm(obj=user)
    if request.method == "GET":
        form.roles.data = sorted(r.value for r in user.roles)
        form.employee_number.data = user.employee.employee_number if user.employee else ""
    if form.validate_on_submit():
        try:
            people.update_user(
                db.session,
                current_user,
                user.id,
                full_name=form.full_name.data,
                roles=form.roles.data,
                active=form.active.data,
                employee_id=_linked_employee_id(form),
                new_password=form.new_password.data or "",
            )
        except DomainError as error:
            show_domain_error(error, form, EMPLOYEE_NUMBER_FIELD)
        else:
            flash(f"{user.email} saved.", "success")
            return redirect(url_for("hr.users"))
    return render_template(
        "form_page.html",
        title=f"Edit {user.email}",
        form=form,
        crumbs=[("Users", url_for("hr.users")), (user.email, None)],
        help=USER_FORM_HELP,
        cancel_url=url_for("hr.users"),
    )


@bp.route("/departments", methods=["GET", "POST"])
def departments():
    form = DepartmentForm()
    if form.validate_on_submit():
        try:
            department = people.create_department(db.session, current_user, form.name.data)
        except DomainError as error:
            show_domain_error(error, form)
        else:
            flash(f"Department {department.name} added.", "success")
            return redirect(url_for("hr.departments"))
    return render_template(
        "hr/departments.html", title="Departments", form=form, departments=people.departments(db.session)
    )


# --- Reports ----------------------------------------------------------------------------


def _report_filters(form: ReportFilterForm, today: date) -> reports.ReportFilters | None:
    """The period and department the form asks for, or None with the problems shown on the form."""
    form.department.choices = _department_choices(blank="All departments")
    if not form.validate():
        return None
    try:
        return reports.report_filters(today, form.start.data, form.end.data, form.department.data)
    except DomainError as error:
        show_domain_error(error, form)
        return None


@bp.route("/reports", endpoint="reports")
def reports_page():
    """The pool's health, the pool over time, outcomes, openings and the matching model: charts, the
    tables behind them and a CSV of each, for a period and a department."""
    today = date.today()
    form = ReportFilterForm(request.args)
    filters = _report_filters(form, today)
    if filters is None:  # the form says what is wrong; meanwhile the figures are the default period's
        filters = reports.ReportFilters.default(today)
    else:
        form.start.data, form.end.data = filters.start, filters.end
    department = next((c.label for c in form.department.choices if c.value == filters.department_id), None)
    return render_template(
        "hr/reports.html",
        title="Reports",
        form=form,
        report=reports.full_report(db.session, filters, today),
        department=department,
        top_suggestions=reports.TOP_SUGGESTIONS,
    )


@bp.route("/reports/<name>.csv", endpoint="report_csv")
def report_csv(name: str):
    """One table of the reports as CSV, for the period and department in the query string."""
    if name not in reports.TABLES:
        abort(404)
    today = date.today()
    filters = _report_filters(ReportFilterForm(request.args), today)
    if filters is None:
        abort(400)
    table = reports.TABLES[name](db.session, filters, today)
    return csv_response(csv_export.csv_chunks(reports.csv_rows(table)), reports.csv_filename(table, filters))
