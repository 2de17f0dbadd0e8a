"""/api/v1/openings: openings and their ranked candidates. HR sees every opening; a manager's token
sees only the manager's own, as in the web app, and posts openings as that manager."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from flask.views import MethodView
from sqlalchemy import not_, select

from talentpool.api.auth import api_token, api_user
from talentpool.api.blueprint import ID, ApiBlueprint, page_of
from talentpool.api.errors import api_field_names
from talentpool.api.schemas import (
    CandidateArgsSchema,
    CandidateSchema,
    OpeningCreateSchema,
    OpeningListArgsSchema,
    OpeningPageSchema,
    OpeningSchema,
    match_fields,
)
from talentpool.extensions import db
from talentpool.models import Opening, Role
from talentpool.services import openings
from talentpool.services.openings import SkillRequirement
from talentpool.services.suggestions import candidates_for_opening
from talentpool.services.suitability import term_differences

blp = ApiBlueprint(
    "api_openings",
    __name__,
    url_prefix="/api/v1/openings",
    description="Openings, and the people in the pool ranked for each.",
)


def _visible_opening(opening_id: int) -> Opening:
    """Any opening for HR; for a manager's token only the manager's own (another's is not found)."""
    if api_token().scope == Role.HR:
        return openings.get_opening(db.session, opening_id)
    return openings.get_managed_opening(db.session, api_user(), opening_id)


@blp.route("")
class Openings(MethodView):
    @blp.requires(Role.HR, Role.MANAGER)
    @blp.arguments(OpeningListArgsSchema, location="query")
    @blp.response(200, OpeningPageSchema)
    def get(self, args: dict[str, Any]):
        """List openings, the newest first (a manager's token: the manager's own)."""
        query = select(Opening).order_by(Opening.created_at.desc(), Opening.id.desc())
        if api_token().scope != Role.HR:
            query = query.where(Opening.manager_id == api_user().id)
        if args.get("status") is not None:
            query = query.where(Opening.status == args["status"])
        if args.get("department_id") is not None:
            query = query.where(Opening.department_id == args["department_id"])
        if args.get("taking_candidates") is not None:
            condition = openings.taking_candidates(date.today())
            query = query.where(condition if args["taking_candidates"] else not_(condition))
        return page_of(query, args)

    @blp.requires(Role.MANAGER)
    @blp.arguments(OpeningCreateSchema)
    @blp.response(201, OpeningSchema)
    @blp.problems(422)
    def post(self, fields: dict[str, Any]):
        """Post an opening as the token's user, a manager.

        For its first PRIORITY_WINDOW_DAYS days only people in the pool see it."""
        skills = [SkillRequirement(skill["name"], True, skill["min_level"]) for skill in fields.pop("required_skills")]
        skills += [SkillRequirement(name, required=False) for name in fields.pop("nice_to_have")]
        with api_field_names(skills="required_skills"):
            return openings.create_opening(
                db.session,
                api_user(),
                **fields,
                skills=skills,
                today=date.today(),
                priority_window_days=current_app.config["PRIORITY_WINDOW_DAYS"],
            )


@blp.route(f"/<{ID}:opening_id>")
class OpeningResource(MethodView):
    @blp.requires(Role.HR, Role.MANAGER)
    @blp.response(200, OpeningSchema)
    @blp.problems(404)
    def get(self, opening_id: int):
        """One opening (a manager's token: only the manager's own)."""
        return _visible_opening(opening_id)


@blp.route(f"/<{ID}:opening_id>/candidates")
class Candidates(MethodView):
    @blp.requires(Role.HR, Role.MANAGER)
    @blp.arguments(CandidateArgsSchema, location="query")
    @blp.response(200, CandidateSchema(many=True))
    @blp.problems(404)
    def get(self, args: dict[str, Any], opening_id: int):
        """People in the pool ranked for the opening, best first, with the reasons.

        People with a statutory priority who suit the opening come first; anyone in the opening's
        pipeline is listed below the top."""
        opening = _visible_opening(opening_id)
        candidates = candidates_for_opening(
            db.session, opening, date.today(), top_k=args["limit"],
            priority_score=current_app.config["PRIORITY_SUITABLE_SCORE"],
        )
        return [
            {"rank": c.rank, "prioritised": c.prioritised, "case": c.case}
            | match_fields(c.match, c.application, term_differences(c.case.employee, opening))
            for c in candidates
        ]
