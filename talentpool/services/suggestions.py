"""Ranked suggestions: openings for a person, and people for an opening, with their reasons.

This is the only place that turns database rows into the plain inputs of
`talentpool.matching.SkillMatcher`, so every page that ranks ranks the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from talentpool.matching import Match, SkillMatcher
from talentpool.models import Application, CaseStatus, Opening, PoolCase
from talentpool.services.openings import open_openings_query


def opening_features(opening: Opening) -> dict:
    """What the matcher reads of an opening."""
    return {
        "id": opening.id,
        "title": opening.title,
        "description": opening.description,
        "skills": [s.name for s in opening.skills],
        "required_skills": [s.name for s in opening.skills if s.required],
        "skill_levels": {s.name: s.min_level for s in opening.skills if s.required and s.min_level},
    }


def candidate_features(case: PoolCase) -> dict:
    """What the matcher reads of a person: their former role, summary and skills."""
    employee = case.employee
    return {
        "id": case.id,
        "title": case.eliminated_title,
        "description": employee.summary,
        "skills": [s.name for s in employee.skills],
        "skill_levels": {s.name: s.level for s in employee.skills},
    }


@dataclass(frozen=True)
class Suggestion:
    """An opening suggested for a case, why, and where the person stands with it."""

    opening: Opening
    match: Match
    application: Application | None


@dataclass(frozen=True)
class Candidate:
    """A pool case ranked for an opening, why, and where the manager has taken them."""

    case: PoolCase
    match: Match
    application: Application | None


def _applications(session: Session, *, case_id: int | None = None, opening_id: int | None = None) -> list[Application]:
    query = select(Application)
    if case_id is not None:
        query = query.where(Application.case_id == case_id)
    if opening_id is not None:
        query = query.where(Application.opening_id == opening_id)
    return list(session.scalars(query))


def suggestions_for_case(session: Session, case: PoolCase, today: date, top_k: int | None = 10) -> list[Suggestion]:
    """Open openings ranked for this person, best first."""
    openings = list(session.scalars(open_openings_query(today).order_by(Opening.id)))
    if not openings:
        return []
    matcher = SkillMatcher().fit([opening_features(o) for o in openings])
    ranked = matcher.rank([candidate_features(case)], top_k=top_k)[0]
    by_id = {o.id: o for o in openings}
    applications = {a.opening_id: a for a in _applications(session, case_id=case.id)}
    return [Suggestion(by_id[m.opening_id], m, applications.get(m.opening_id)) for m in ranked]


def match_for(session: Session, case: PoolCase, opening: Opening, today: date) -> Match | None:
    """The match of one person with one opening (for its detail page), scored like the lists."""
    for suggestion in suggestions_for_case(session, case, today, top_k=None):
        if suggestion.opening.id == opening.id:
            return suggestion.match
    return None


def candidates_for_opening(
    session: Session, opening: Opening, today: date, top_k: int | None = None
) -> list[Candidate]:
    """Open pool cases ranked for this opening, best first."""
    cases = list(
        session.scalars(
            select(PoolCase)
            .where(PoolCase.status == CaseStatus.OPEN)
            .options(selectinload(PoolCase.employee))
            .order_by(PoolCase.id)
        )
    )
    if not cases:
        return []
    openings = list(session.scalars(open_openings_query(today).order_by(Opening.id)))
    if opening not in openings:
        openings.append(opening)  # a filled or closed opening still shows who would have fit
    matcher = SkillMatcher().fit([opening_features(o) for o in openings])
    ranked = matcher.rank_candidates(opening.id, [candidate_features(c) for c in cases], top_k=top_k)
    by_id = {c.id: c for c in cases}
    applications = {a.case_id: a for a in _applications(session, opening_id=opening.id)}
    return [Candidate(by_id[case_id], m, applications.get(case_id)) for case_id, m in ranked]
