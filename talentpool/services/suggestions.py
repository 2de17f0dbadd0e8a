"""Ranked suggestions: openings for a person, and people for an opening, with their reasons.

This is the only place that turns database rows into the plain inputs of
`talentpool.matching.SkillMatcher`, so every page that ranks ranks the same way.

Fitting the matcher and encoding the pool are the expensive parts, so each worker process
keeps them in `MatcherCache`, keyed by the database engine, the day (openings close by date)
and the `matching` data version. Every transaction that changes what the matcher reads
(openings, profiles, who is in the pool) bumps that version, so all processes refit on their
next request and never serve a stale ranking.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import Engine, inspect, select, update
from sqlalchemy.orm import Session, selectinload

from talentpool.matching import Match, SkillMatcher
from talentpool.models import (
    Application,
    CaseStatus,
    DataVersion,
    Employee,
    EmployeeSkill,
    Opening,
    OpeningSkill,
    Outcome,
    PoolCase,
)
from talentpool.services.openings import open_openings_query

MATCHING = "matching"
# Changes to these records can change a ranking; applications and audit events cannot.
MATCHING_INPUTS = (Opening, OpeningSkill, Employee, EmployeeSkill, PoolCase, Outcome)
# Of an existing record, only these columns feed the matcher or decide who and what is ranked
# (None: any column). An HR note or a new deadline on a case must not throw away every worker's
# fitted matcher and encoded pool.
MATCHED_COLUMNS: dict[type, frozenset[str] | None] = {
    Opening: frozenset({"title", "description", "status", "places_filled", "headcount", "closing_date"}),
    Employee: frozenset({"summary"}),  # the former title is read from the case
    PoolCase: frozenset({"status", "eliminated_title", "employee_id"}),
    OpeningSkill: None,
    EmployeeSkill: None,
    Outcome: None,  # an outcome closes or (reversed) reopens a case
}


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


# --- The data version -------------------------------------------------------------------


def current_version(session: Session, name: str = MATCHING) -> int:
    return session.scalar(select(DataVersion.version).where(DataVersion.name == name)) or 0


def _changes_matching(record: Any) -> bool:
    """Whether a modified record changed something the matcher reads."""
    columns = MATCHED_COLUMNS.get(type(record), frozenset())
    state = inspect(record)
    if columns is None:
        return True
    return any(state.attrs[name].history.has_changes() for name in columns)


def _bump_matching_version(session: Session, flush_context: Any, instances: Any) -> None:
    """Before a flush that touches a matching input, bump the version in the same transaction."""
    added_or_removed = (r for r in chain(session.new, session.deleted) if isinstance(r, MATCHING_INPUTS))
    changed = (r for r in session.dirty if isinstance(r, MATCHING_INPUTS)
               and session.is_modified(r, include_collections=False) and _changes_matching(r))
    if next(chain(added_or_removed, changed), None) is None:
        return
    bump_matching_version(session)


def bump_matching_version(session: Session) -> None:
    """Bump the matching version in this transaction; for Core bulk writes, which the flush hook cannot see."""
    table = DataVersion.__table__
    connection = session.connection()  # Core statements: no autoflush from inside a flush
    bumped = connection.execute(
        update(table).where(table.c.name == MATCHING).values(version=table.c.version + 1)
    )
    if bumped.rowcount == 0:  # the row is created by the migration; recreate it if it was wiped
        connection.execute(table.insert().values(name=MATCHING, version=1))


def track_matching_inputs(session_class: type[Session]) -> None:
    """Install the version bump on every session of this class (idempotent)."""
    from sqlalchemy import event

    if not event.contains(session_class, "before_flush", _bump_matching_version):
        event.listen(session_class, "before_flush", _bump_matching_version)


# --- The per-process cache --------------------------------------------------------------


@dataclass(frozen=True)
class _FittedOpenings:
    key: tuple
    matcher: SkillMatcher
    opening_ids: frozenset[int]


@dataclass(frozen=True)
class _EncodedPool:
    encoded: Any  # EncodedCandidates, or the raw features when the matcher cannot encode
    case_ids: tuple[int, ...]


class MatcherCache:
    """Fitted matchers and encoded pools of this process, for the current data version only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_engine: weakref.WeakKeyDictionary[Engine, dict] = weakref.WeakKeyDictionary()

    def get(self, session: Session, key: tuple, build: Callable[[], Any]) -> Any:
        """The value for `key` at the database's current version, built at most once per version."""
        engine = session.get_bind()
        version = current_version(session)
        with self._lock:
            entries = self._by_engine.setdefault(engine, {})
            if entries.get("version") != version:
                entries.clear()
                entries["version"] = version
            if key not in entries:
                entries[key] = build()
            return entries[key]

    def clear(self) -> None:
        with self._lock:
            self._by_engine.clear()


matcher_cache = MatcherCache()


def _open_openings(session: Session, today: date) -> list[Opening]:
    return list(session.scalars(open_openings_query(today).order_by(Opening.id)))


def _fitted_openings(session: Session, today: date, extra: Opening | None = None) -> _FittedOpenings:
    """A matcher fitted on today's open openings, plus `extra` if it is not one of them
    (a filled or closed opening still shows who would have fit)."""

    def fit(openings: list[Opening], key: tuple) -> _FittedOpenings:
        matcher = SkillMatcher().fit([opening_features(o) for o in openings])
        return _FittedOpenings(key, matcher, frozenset(o.id for o in openings))

    base_key = ("openings", today)
    fitted = matcher_cache.get(session, base_key, lambda: fit(_open_openings(session, today), base_key))
    if extra is None or extra.id in fitted.opening_ids:
        return fitted
    extra_key = ("openings", today, extra.id)
    return matcher_cache.get(
        session, extra_key, lambda: fit([*_open_openings(session, today), extra], extra_key)
    )


def _encoded_pool(session: Session, fitted: _FittedOpenings) -> _EncodedPool:
    """Everyone in the pool, encoded once per data version for ranking against any opening."""

    def build() -> _EncodedPool:
        cases = list(
            session.scalars(
                select(PoolCase)
                .where(PoolCase.status == CaseStatus.OPEN)
                .options(selectinload(PoolCase.employee).selectinload(Employee.skills))
                .order_by(PoolCase.id)
            )
        )
        features = [candidate_features(c) for c in cases]
        encode = getattr(fitted.matcher, "encode", None)
        return _EncodedPool(encode(features) if encode else features, tuple(c.id for c in cases))

    return matcher_cache.get(session, ("pool", *fitted.key), build)


# --- What the pages show ----------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """An opening suggested for a case, why, and where the person stands with it."""

    opening: Opening
    match: Match
    application: Application | None


@dataclass(frozen=True)
class Candidate:
    """A pool case ranked for an opening, why, and where the manager has taken them.

    `rank` is the place in the ranking (1 = best), or None for someone outside the top who is
    listed because they are already in the opening's pipeline or have a statutory priority.
    `prioritised`: the person has a statutory priority and suits the opening, so is listed first.
    """

    case: PoolCase
    match: Match
    application: Application | None
    rank: int | None
    prioritised: bool = False


def _by_id(session: Session, model: type, ids: Iterable[int], *options: Any) -> dict[int, Any]:
    ids = list(ids)
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(model).where(model.id.in_(ids)).options(*options))}


def _applications(session: Session, *, case_id: int | None = None, opening_id: int | None = None) -> list[Application]:
    query = select(Application)
    if case_id is not None:
        query = query.where(Application.case_id == case_id)
    if opening_id is not None:
        query = query.where(Application.opening_id == opening_id)
    return list(session.scalars(query))


def _rank_case(session: Session, case: PoolCase, today: date, top_k: int | None) -> list[Match]:
    fitted = _fitted_openings(session, today)
    if not fitted.opening_ids:
        return []
    return fitted.matcher.rank([candidate_features(case)], top_k=top_k)[0]


def suggestions_for_case(session: Session, case: PoolCase, today: date, top_k: int | None = 10) -> list[Suggestion]:
    """Open openings ranked for this person, best first."""
    ranked = _rank_case(session, case, today, top_k)
    openings = _by_id(session, Opening, (m.opening_id for m in ranked))
    applications = {a.opening_id: a for a in _applications(session, case_id=case.id)}
    return [
        Suggestion(openings[m.opening_id], m, applications.get(m.opening_id))
        for m in ranked
        if m.opening_id in openings
    ]


def missing_skills_in_pool(session: Session, today: date, top_k: int) -> dict[int, tuple[tuple[str, ...], ...]]:
    """For each open case (by id), the required skills the person lacks for each of their top `top_k`
    openings, best first.

    Ranking and explaining the whole pool takes about 0.1 s for 1,000 people and 300 openings, too
    slow for every view of the reports, so the result is kept with the fitted matcher for the
    current data version (any change to what the matcher reads makes it be worked out again).
    """
    fitted = _fitted_openings(session, today)
    if not fitted.opening_ids:
        return {}
    pool = _encoded_pool(session, fitted)

    def explain() -> dict[int, tuple[tuple[str, ...], ...]]:
        if not pool.case_ids:
            return {}
        ranked = fitted.matcher.rank(pool.encoded, top_k=top_k)
        return {case_id: tuple(m.missing_skills for m in matches) for case_id, matches in zip(pool.case_ids, ranked)}

    return matcher_cache.get(session, ("missing skills", *fitted.key, top_k), explain)


def suggestion_rank(session: Session, case: PoolCase, opening_id: int, today: date) -> tuple[int | None, float | None]:
    """Where an opening stands in the person's ranked suggestions (1 = first) and its score, or
    (None, None) when it is not suggested (e.g. past its closing date)."""
    ranked = _rank_case(session, case, today, None)
    return next(((rank, m.score) for rank, m in enumerate(ranked, start=1) if m.opening_id == opening_id), (None, None))


def match_for(session: Session, case: PoolCase, opening: Opening, today: date) -> Match | None:
    """The match of one person with one open opening (for its detail page), scored like the lists."""
    return next((m for m in _rank_case(session, case, today, None) if m.opening_id == opening.id), None)


def _prioritised_case_ids(session: Session) -> set[int]:
    """Open cases with a statutory priority (a few at most, so one small query)."""
    return set(
        session.scalars(
            select(PoolCase.id).where(PoolCase.status == CaseStatus.OPEN, PoolCase.priority.is_not(None))
        )
    )


def candidates_for_opening(
    session: Session,
    opening: Opening,
    today: date,
    top_k: int | None = None,
    priority_score: float | None = None,
) -> list[Candidate]:
    """Open pool cases ranked for this opening, best first: the top `top_k`, then anyone further
    down who is already in the opening's pipeline (so a shortlisted person never disappears).

    With `priority_score` (the PRIORITY_SUITABLE_SCORE setting), people with a statutory priority
    whose match reaches it come first, best first, wherever the model ranked them; everyone else
    keeps their order. Only the people returned are loaded and explained; the rest of the pool is
    only scored.
    """
    fitted = _fitted_openings(session, today, extra=opening)
    pool = _encoded_pool(session, fitted)
    if not pool.case_ids:
        return []
    top = fitted.matcher.rank_candidates(opening.id, pool.encoded, top_k=top_k)
    applications = {a.case_id: a for a in _applications(session, opening_id=opening.id)}
    flagged = _prioritised_case_ids(session) if priority_score is not None else set()
    shown = {case_id for case_id, _ in top}
    in_pool = set(pool.case_ids)
    others = [
        case_id
        for case_id in dict.fromkeys([*applications, *sorted(flagged)])
        if case_id not in shown and case_id in in_pool
    ]
    load = selectinload(PoolCase.employee).selectinload(Employee.skills)
    cases = _by_id(session, PoolCase, [*shown, *others], load)
    below = (
        fitted.matcher.rank_candidates(opening.id, [candidate_features(cases[c]) for c in others if c in cases])
        if others
        else []
    )

    def suits(case_id: int, match: Match) -> bool:
        return case_id in flagged and match.score >= priority_score

    ranked = [(rank, case_id, m) for rank, (case_id, m) in enumerate(top, start=1)]
    # Below the top, only people in the pipeline, and flagged people who suit the opening.
    ranked += [(None, case_id, m) for case_id, m in below if case_id in applications or suits(case_id, m)]
    candidates = [
        Candidate(cases[case_id], m, applications.get(case_id), rank, suits(case_id, m))
        for rank, case_id, m in ranked
        if case_id in cases and cases[case_id].is_open
    ]
    first = sorted((c for c in candidates if c.prioritised), key=lambda c: (-c.match.score, c.case.id))
    return first + [c for c in candidates if not c.prioritised]
