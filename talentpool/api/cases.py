"""/api/v1/cases: pool cases, their suggestions and outcomes, and the end of a trial (HR)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from flask.views import MethodView

from talentpool.api.auth import api_user
from talentpool.api.blueprint import ID, ApiBlueprint, page_of
from talentpool.api.errors import api_field_names
from talentpool.api.schemas import (
    CaseCreateSchema,
    CaseDetailSchema,
    CaseListArgsSchema,
    CasePageSchema,
    ConfirmTrialSchema,
    FailTrialSchema,
    OutcomeRequestSchema,
    SuggestionArgsSchema,
    SuggestionSchema,
    match_fields,
)
from talentpool.extensions import db
from talentpool.models import OutcomeKind, PoolCase, Role
from talentpool.services import pool, suggestions
from talentpool.services.suitability import term_differences

blp = ApiBlueprint(
    "api_cases",
    __name__,
    url_prefix="/api/v1/cases",
    description="Pool cases: who is in the pool, their suggestions, outcomes and trials.",
)


@blp.route("")
class Cases(MethodView):
    @blp.requires(Role.HR)
    @blp.arguments(CaseListArgsSchema, location="query")
    @blp.response(200, CasePageSchema)
    def get(self, args: dict[str, Any]):
        """List pool cases, the nearest deadline first."""
        filters = pool.PoolFilters(
            status=args["status"], department_id=args.get("department_id"), search=args.get("q", "")
        )
        query = pool.pool_query(filters, date.today())
        if args.get("owner_id") is not None:
            query = query.where(PoolCase.hr_owner_id == args["owner_id"])
        return page_of(query, args)

    @blp.requires(Role.HR)
    @blp.arguments(CaseCreateSchema)
    @blp.response(201, CaseDetailSchema)
    @blp.problems(422)
    def post(self, fields: dict[str, Any]):
        """Add an employee whose role was eliminated to the pool."""
        user = api_user()
        fields["hr_owner_id"] = fields["hr_owner_id"] or user.id
        return pool.add_to_pool(db.session, user, **fields, pool_period_days=current_app.config["POOL_PERIOD_DAYS"])


@blp.route(f"/<{ID}:case_id>")
class Case(MethodView):
    @blp.requires(Role.HR)
    @blp.response(200, CaseDetailSchema)
    @blp.problems(404)
    def get(self, case_id: int):
        """One case with its outcomes and trials."""
        return pool.get_case(db.session, case_id)


@blp.route(f"/<{ID}:case_id>/suggestions")
class Suggestions(MethodView):
    @blp.requires(Role.HR)
    @blp.arguments(SuggestionArgsSchema, location="query")
    @blp.response(200, SuggestionSchema(many=True))
    @blp.problems(404)
    def get(self, args: dict[str, Any], case_id: int):
        """Openings ranked for the person, best first, with the reasons.

        Each says which skills match, which required ones are missing and which the person has
        something close to, and how grade, hours and location differ. Empty unless the case is in
        the pool (status open)."""
        case = pool.get_case(db.session, case_id)
        if not case.is_open:
            return []
        ranked = suggestions.suggestions_for_case(
            db.session, case, date.today(), top_k=args.get("limit", current_app.config["SUGGESTIONS_SHOWN"])
        )
        return [
            {"rank": rank, "opening": s.opening}
            | match_fields(s.match, s.application, term_differences(case.employee, s.opening))
            for rank, s in enumerate(ranked, start=1)
        ]


def _record_outcome(case_id: int, outcome: dict[str, Any]) -> None:
    """Call the use case that records this kind of outcome, as the HR form does."""
    user, kind = api_user(), OutcomeKind(outcome.pop("kind"))
    if kind == OutcomeKind.REASSIGNED:
        with api_field_names(effective_on="starts_on"):
            pool.start_trial(
                db.session, user, case_id,
                opening_id=outcome["opening_id"], starts_on=outcome["starts_on"], ends_on=outcome["trial_ends_on"],
                extension_agreement=outcome["extension_agreement"], extension_agreed_on=outcome["extension_agreed_on"],
                notes=outcome["notes"], trial_period_days=current_app.config["TRIAL_PERIOD_DAYS"], today=date.today(),
            )
    elif kind == OutcomeKind.EXIT_PACKAGE:
        pool.record_exit_package(db.session, user, case_id, **outcome)
    else:
        pool.record_resignation(db.session, user, case_id, **outcome)


@blp.route(f"/<{ID}:case_id>/outcomes")
class Outcomes(MethodView):
    @blp.requires(Role.HR)
    @blp.arguments(OutcomeRequestSchema)
    @blp.response(201, CaseDetailSchema)
    @blp.problems(404, 409, 422)
    def post(self, outcome: dict[str, Any], case_id: int):
        """Record an outcome of the case.

        An exit package or a resignation closes the case. A reassignment starts a trial in the opening:
        the case is `trial` until the trial is confirmed or fails. Returns the case."""
        _record_outcome(case_id, outcome)
        return pool.get_case(db.session, case_id)


@blp.route(f"/<{ID}:case_id>/trial/confirm")
class ConfirmTrial(MethodView):
    @blp.requires(Role.HR)
    @blp.arguments(ConfirmTrialSchema)
    @blp.response(200, CaseDetailSchema)
    @blp.problems(404, 409, 422)
    def post(self, decision: dict[str, Any], case_id: int):
        """Confirm the trial: the case closes as reassigned from the trial's first day."""
        pool.confirm_trial(
            db.session, api_user(), case_id, decided_on=decision["decided_on"] or date.today(), notes=decision["notes"]
        )
        return pool.get_case(db.session, case_id)


@blp.route(f"/<{ID}:case_id>/trial/fail")
class FailTrial(MethodView):
    @blp.requires(Role.HR)
    @blp.arguments(FailTrialSchema)
    @blp.response(200, CaseDetailSchema)
    @blp.problems(404, 409, 422)
    def post(self, decision: dict[str, Any], case_id: int):
        """Record that the trial failed.

        The person is back in the pool, the days on trial are added to their deadline, and the place
        in the opening is freed."""
        pool.fail_trial(
            db.session, api_user(), case_id,
            reason=decision["reason"], decided_on=decision["decided_on"] or date.today(),
        )
        return pool.get_case(db.session, case_id)
