"""Rank openings for people (and people for an opening) by skills, text and former title.

Everything a text or skill list becomes lives in a background space shipped with the package
(`space.py`, fitted offline on O*NET occupations), so a company with twelve openings ranks with
the same understanding of words as one with thousands: `fit` reads the openings, it learns nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count, islice
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from .space import SemanticSpace, TextEncoder, default_space
from .vocabulary import SkillVocabulary

# The score is a weighted sum of seven parts; the weights sum to 1 and the sum is clipped to
# [0, 1]. The first six weights were chosen by coordinate ascent on nDCG@10 over the TRAIN split
# of O*NET occupations, on the standard protocol and the "people's profiles" variant together
# (`python benchmarks/onet_transitions.py DATA_DIR --fit-weights`), with the two skill parts
# held at 0.05 (a product choice: a person whose profile is mostly a skills list must still be
# ranked by those skills). The career-moves part, which reads the related-occupations table,
# then got 0.20 by 5-fold cross-validation inside the TRAIN split (`--cross-validate`), and the
# four text and title parts were scaled to share the rest; the README's figures are on the
# held-out TEST split, with career moves known for TRAIN occupations only. Parts:
#   coverage        the opening's skills the person has (levels count; a "close" skill of the
#                   same category gives CLOSE_CREDIT), per weight of the opening's skills
#   skill_semantic  cosine of the two skill lists (names and categories) in the LSA space
#   text_semantic   LSA cosine of the whole texts
#   occupation      overlap of the texts' nearest reference O*NET occupations (a soft
#                   assignment), also pooled by O*NET-SOC group (detailed and broad occupation,
#                   minor and major group), so neighbours in the taxonomy count as near
#   career_moves    how strongly experts list a move from the person's nearest occupations to
#                   the opening's nearest occupation (O*NET related occupations)
#   title_lexical   TF-IDF cosine of the titles (words and word pairs)
#   title_semantic  LSA cosine of the titles
# LSA cosines enter the score as they are (an unrelated text can sit a little below 0, which
# changed no ranking figure); a Match shows each part clipped to [0, 1]. A lexical TF-IDF cosine
# of the whole texts was measured too and got weight 0, so it is left out.
WEIGHTS = {
    "coverage": 0.05,
    "skill_semantic": 0.05,
    "text_semantic": 0.23,
    "occupation": 0.33,
    "career_moves": 0.20,
    "title_lexical": 0.10,
    "title_semantic": 0.04,
}
PARTS = tuple(WEIGHTS)
SKILL_PARTS = ("coverage", "skill_semantic")
TEXT_PARTS = ("text_semantic", "occupation")
TITLE_PARTS = ("title_lexical", "title_semantic")
MIN_SKILL_WEIGHT = 0.05
SHORT_LSA_DIMS = 50
# A skill the person lacks but has one of the same category (Zendesk for Salesforce Service
# Cloud: both customer relationship management software) counts this much of that skill.
CLOSE_CREDIT = 0.5
# When an opening marks some skills required, its other skills still count, at this weight.
OPTIONAL_SKILL_WEIGHT = 0.5
MAX_LEVEL = 5
# Rows of candidates scored at once, and a bound on the cells of one (rows x openings) block, so
# memory stays flat whatever the number of people and openings.
CHUNK_ROWS = 2000
BLOCK_CELLS = 4_000_000
# Dense products run in float64 and scores are rounded to 6 decimals, so a pair's score does not
# depend on which other rows share its block (BLAS picks kernels by shape) and ties are exact.
SCORE_DECIMALS = 6
SCORE_SCALE = 10.0**SCORE_DECIMALS


class Match:
    """One opening's fit for one person, with the parts of the score the UI shows as reasons.

    `close_skills` pairs an opening skill the person lacks with the person's skill of the same
    category that earned it partial credit; a close required skill is still listed as missing.
    Immutable and compared by value like a frozen dataclass; the three skill lists of a ranked
    match are worked out on first access, so ranking 10,000 people pays only for what is shown.
    """

    # _key: (opening_id, score); _numbers: (title, text, coverage, skill similarity, career move); _skills: the
    # three skill lists. A ranked match fills the last two from _source on first access:
    # (matcher, opening explanation, encoded chunk, row, column), then lets _source go.
    __slots__ = ("_key", "_numbers", "_skills", "_source")
    FIELDS = ("opening_id", "score", "matched_skills", "missing_skills", "title_similarity", "text_similarity",
              "skill_coverage", "close_skills", "skill_similarity", "career_move")

    def __init__(self, opening_id: Any, score: float, matched_skills: Sequence[str] = (),
                 missing_skills: Sequence[str] = (), title_similarity: float = 0.0, text_similarity: float = 0.0,
                 skill_coverage: float = 0.0, close_skills: Sequence[tuple[str, str]] = (),
                 skill_similarity: float = 0.0, career_move: float = 0.0) -> None:
        object.__setattr__(self, "_key", (opening_id, score))
        object.__setattr__(self, "_numbers", (title_similarity, text_similarity, skill_coverage, skill_similarity,
                                                 career_move))
        object.__setattr__(self, "_skills", (tuple(matched_skills), tuple(missing_skills), tuple(close_skills)))

    opening_id = property(lambda self: self._key[0], doc="The opening's id.")
    score = property(lambda self: self._key[1], doc="The fit in [0, 1], rounded to 6 decimals.")
    title_similarity = property(lambda self: self._filled("_numbers")[0], doc="Weighted mean of the title parts.")
    text_similarity = property(lambda self: self._filled("_numbers")[1], doc="Weighted mean of the text parts.")
    skill_coverage = property(lambda self: self._filled("_numbers")[2],
                              doc="Share of the opening's skill weight the person covers (close skills count half).")
    skill_similarity = property(lambda self: self._filled("_numbers")[3], doc="LSA cosine of the two skill lists.")
    career_move = property(lambda self: self._filled("_numbers")[4],
                           doc="How strongly experts list a move from roles like the person's to this one.")

    def _filled(self, name: str) -> tuple:
        try:
            return getattr(self, name)
        except AttributeError:  # a ranked match: worked out on first access
            matcher, explanation, chunk, row, column = self._source
            if name == "_numbers":
                value = matcher._shown_numbers(chunk, row, column)
            else:
                value = _explain_skills(explanation, chunk._people[row])
            object.__setattr__(self, name, value)
            if hasattr(self, "_numbers") and hasattr(self, "_skills"):
                object.__delattr__(self, "_source")
            return value

    def _skill_lists(self) -> tuple:
        return self._filled("_skills")

    @property
    def matched_skills(self) -> tuple[str, ...]:
        """The opening's skills the person has, in the opening's spelling and order."""
        return self._skill_lists()[0]

    @property
    def missing_skills(self) -> tuple[str, ...]:
        """The opening's required skills the person does not have."""
        return self._skill_lists()[1]

    @property
    def close_skills(self) -> tuple[tuple[str, str], ...]:
        """(opening skill, the person's skill of the same category) for partly covered skills."""
        return self._skill_lists()[2]

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Match is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Match is immutable: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        return self._values() == other._values() if isinstance(other, Match) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return "Match(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS) + ")"

    def __reduce__(self) -> tuple:
        return (Match, self._values())


# The slots' own setters: they bypass Match.__setattr__, which refuses every assignment.
_SET_KEY = Match._key.__set__
_SET_SOURCE = Match._source.__set__


def _explain_skills(explanation: tuple, person: "_Candidate") -> tuple:
    """Matched, missing and close skills of an opening (its cached explanation) for a person."""
    _, keys, skills, required, categorised = explanation
    held, by_category = person.levels, person.by_category
    matched = () if keys.isdisjoint(held) else tuple([d for k, d in skills if k in held])
    missing = tuple([d for k, d in required if k not in held])
    close = tuple([(d, by_category[c]) for k, d, c in categorised if c in by_category and k not in held]) \
        if by_category else ()
    return matched, missing, close


@dataclass(frozen=True)
class _OpeningSkill:
    key: str
    display: str
    weight: float
    min_level: int | None
    required: bool
    category: str | None


@dataclass(frozen=True)
class _Opening:
    id: Any
    title: str
    text: str
    skills: tuple[_OpeningSkill, ...]


@dataclass(frozen=True)
class _Candidate:
    id: Any
    title: str
    text: str
    levels: dict[str, int | None]  # canonical skill key -> the person's level, None when not given
    by_category: dict[str, str]  # category -> the person's first skill in it (their spelling)


def _field(record: Any, name: str, default: Any) -> Any:
    """Read a field from a mapping or an object alike; missing or None gives the default."""
    value = record.get(name) if isinstance(record, Mapping) else getattr(record, name, None)
    return default if value is None else value


def _level(value: Any) -> int:
    return min(MAX_LEVEL, max(1, round(float(value))))


def _text(title: str, description: str, skills: Sequence[str]) -> str:
    return "\n".join([title, description, *skills])


def _read_opening(record: Any, vocabulary: SkillVocabulary) -> _Opening:
    title = str(_field(record, "title", ""))
    names = [str(s) for s in _field(record, "skills", [])]
    required_names = [str(s) for s in _field(record, "required_skills", [])]
    required_keys = {vocabulary.lookup(s).key for s in required_names}
    min_levels = {vocabulary.lookup(str(k)).key: _level(v) for k, v in _field(record, "skill_levels", {}).items()}
    skills: dict[str, _OpeningSkill] = {}
    for display in names + required_names:
        canonical = vocabulary.lookup(display)
        if canonical.key and canonical.key not in skills:
            # An opening that marks nothing required needs every skill it lists.
            required = not required_keys or canonical.key in required_keys
            weight = 1.0 if required else OPTIONAL_SKILL_WEIGHT
            skills[canonical.key] = _OpeningSkill(
                canonical.key, display, weight, min_levels.get(canonical.key), required, canonical.category
            )
    listed = [s.display for s in skills.values()]
    text = _text(title, str(_field(record, "description", "")), listed)
    return _Opening(_field(record, "id", None), title, text, tuple(skills.values()))


def _read_candidate(record: Any, vocabulary: SkillVocabulary) -> _Candidate:
    title = str(_field(record, "title", ""))
    names = [str(s) for s in _field(record, "skills", [])]
    levels: dict[str, int | None] = {}
    by_category: dict[str, str] = {}
    stated = {str(name): _level(value) for name, value in _field(record, "skill_levels", {}).items()}
    for name in [*names, *stated]:
        canonical = vocabulary.lookup(name)
        if canonical.key:
            if canonical.key not in levels or name in stated:
                levels[canonical.key] = stated.get(name)
            if canonical.category:
                by_category.setdefault(canonical.category, name)
    text = _text(title, str(_field(record, "description", "")), names)
    return _Candidate(_field(record, "id", None), title, text, levels, by_category)


class EncodedCandidates:
    """People encoded once by a fitted matcher (vectors plus what explanations need), for ranking
    them again and again without re-reading their text. Only the matcher that made it can use it."""

    def __init__(self, owner: int, people: list[_Candidate], parts: dict[str, Any]) -> None:
        self._owner = owner
        self._people = people
        self._parts = parts

    def __len__(self) -> int:
        return len(self._people)

    @property
    def ids(self) -> list[Any]:
        return [p.id for p in self._people]

    def _rows(self, start: int, stop: int) -> "EncodedCandidates":
        parts = {name: value[start:stop] for name, value in self._parts.items()}
        return EncodedCandidates(self._owner, self._people[start:stop], parts)


class SkillMatcher:
    """Score people against openings: skill coverage, skill, text and title similarity."""

    def __init__(self, chunk_rows: int = CHUNK_ROWS, space: SemanticSpace | None = None) -> None:
        self.chunk_rows = chunk_rows
        self._space = space
        self._openings: list[_Opening] | None = None
        self._fit_token = 0

    @property
    def space(self) -> SemanticSpace:
        """The background semantic space (the shipped artifact unless one was given)."""
        if self._space is None:
            self._space = default_space()
        return self._space

    def fit(self, openings: Iterable[Any]) -> "SkillMatcher":
        """Read the openings (their skills, texts and titles); returns the matcher."""
        space = self.space
        parsed = [_read_opening(o, space.vocabulary) for o in openings]
        # Kept in id order, so "lower column" means "lower id" whenever scores tie.
        parsed.sort(key=lambda o: o.id)
        ids = [o.id for o in parsed]
        if len(set(ids)) != len(ids):
            raise ValueError("opening ids must be unique")
        self._openings = parsed
        self._column_of = {opening_id: column for column, opening_id in enumerate(ids)}
        self._fit_token = next(_FIT_TOKENS)
        self._encoder: TextEncoder = space.analyzer()
        self._fit_skill_weights(parsed)
        blocks = self._encode_texts([o.text for o in parsed], [o.title for o in parsed],
                                    [[s.key for s in o.skills] for o in parsed], person=False)
        blocks["skills"], blocks["categories"] = self._coverage_skills.T.tocsr(), self._coverage_categories.T
        # Where each part's blocks sit in the stacked dense and sparse vectors, and the stacked
        # opening side: as is (for the parts shown) and times each part's weight (for the score).
        self._slices = {kind: _block_slices(layout, blocks) for kind, layout in _LAYOUT.items()}
        self._openings_dense, self._openings_sparse = _stack(blocks)
        weights_dense = _column_weights(self._slices["dense"], self._openings_dense.shape[1])
        weights_sparse = _column_weights(self._slices["sparse"], self._openings_sparse.shape[1])
        self._weighted_dense = np.ascontiguousarray((self._openings_dense * weights_dense).T)
        self._weighted_sparse = (self._openings_sparse @ sp.diags(weights_sparse)).T.tocsr()
        self._explain_cache: dict[int, tuple] = {}
        return self

    # --- encoding ---------------------------------------------------------------------------

    def encode(self, candidates: Iterable[Any]) -> EncodedCandidates:
        """Encode people once, for `rank`/`rank_candidates` against these openings many times."""
        self._fitted_openings()
        with _gc_paused():
            people = [_read_candidate(c, self.space.vocabulary) for c in candidates]
            return self._encode_people(people)

    def _encode_people(self, people: list[_Candidate]) -> EncodedCandidates:
        blocks = self._encode_texts([p.text for p in people], [p.title for p in people],
                                    [list(p.levels) for p in people], person=True)
        skills, categories = self._skill_features(people)
        blocks["skills"], blocks["categories"] = skills, categories.toarray()
        dense, sparse = _stack(blocks)
        return EncodedCandidates(self._fit_token, people, {"dense": dense, "sparse": sparse})

    def _encode_texts(
        self, texts: list[str], titles: list[str], skills: list[list[str]], person: bool
    ) -> dict[str, Any]:
        """The vectors behind the parts: LSA of text, title and skills, occupation profile, career
        moves, title TF-IDF."""
        space, encoder = self.space, self._encoder
        text_lsa = space.lsa(encoder.tfidf(texts, pairs=False))
        title = encoder.tfidf(titles)
        occupation, occupation_groups = space.family_profile(space.reference_profile(text_lsa, person=person))
        # A person carries where people like them have moved; an opening, the occupation it is.
        career_moves = space.career_move_profile(text_lsa) if person else space.nearest_occupation(text_lsa)
        return {
            "career_moves": career_moves,
            "text_lsa": text_lsa,
            "title_lsa": _leading(space.lsa(title)),
            "skills_lsa": _leading(self._skill_list_vectors(skills)),
            "occupation_groups": occupation_groups,
            "occupation": occupation,
            "title": title,
        }

    def _skill_list_vectors(self, skill_lists: list[list[str]]) -> np.ndarray:
        """Unit vectors of skill lists: the normalised sum of each skill's LSA vector (its name
        and category), each skill embedded once per process however many people list it."""
        vocabulary, cache = self.space.vocabulary, self.space.skill_vectors
        if not skill_lists:
            return np.zeros((0, self.space.dims))
        unseen = sorted({k for keys in skill_lists for k in keys if k not in cache})
        if unseen:
            known = [vocabulary.lookup(k) for k in unseen]
            texts = [f"{c.name}\n{c.category or ''}" for c in known]
            for key, vector in zip(unseen, self.space.lsa(self._encoder.tfidf(texts, pairs=False))):
                cache[key] = vector
        columns: dict[str, int] = {}
        indices = [columns.setdefault(k, len(columns)) for keys in skill_lists for k in keys]
        indptr = np.cumsum([0, *(len(keys) for keys in skill_lists)])
        members = sp.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(skill_lists), len(columns)))
        vectors = np.array([cache[k] for k in columns]) if columns else np.zeros((0, self.space.dims))
        return normalize(np.asarray(members @ vectors), copy=False)

    # Level-aware coverage as one sparse product. An opening skill with minimum level m gives
    # weight/m to each feature (skill, t) for t = 1..m, and a person at level l has features
    # t = 1..l, so their product sums to weight * min(l, m) / m (no minimum: m = 1; a person
    # without a stated level is taken at face value). A skill with a category also gives
    # CLOSE_CREDIT * weight to the feature "has a skill of this category" and takes the same back
    # from (skill, 1): having the skill itself implies having its category, so the two cancel and
    # only a person with a different skill of that category keeps the close credit.
    def _fit_skill_weights(self, openings: list[_Opening]) -> None:
        features: dict[Any, int] = {}
        categories: dict[str, int] = {}
        close: list[tuple[int, int, float]] = []
        rows, cols, values = [], [], []
        self._max_level: dict[str, int] = {}
        for column, opening in enumerate(openings):
            for skill in opening.skills:
                needed = skill.min_level or 1
                self._max_level[skill.key] = max(self._max_level.get(skill.key, 1), needed)
                cells = [((skill.key, t), skill.weight / needed) for t in range(1, needed + 1)]
                if skill.category:
                    cells.append(((skill.key, 1), -CLOSE_CREDIT * skill.weight))
                    category = categories.setdefault(skill.category, len(categories))
                    close.append((category, column, CLOSE_CREDIT * skill.weight))
                for feature, value in cells:
                    rows.append(features.setdefault(feature, len(features)))
                    cols.append(column)
                    values.append(value)
        self._skill_feature_index, self._category_index = features, categories
        totals = np.array([sum(s.weight for s in o.skills) for o in openings], dtype=np.float64)
        # An opening that lists no skills gives no coverage rather than 0/0.
        scale = np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0)
        weights = sp.csr_matrix((values, (rows, cols)), shape=(len(features), len(openings)), dtype=np.float64)
        weights.sum_duplicates()
        # Categories are few and shared by many, so their side is dense; (features x openings).
        by_category = np.zeros((len(categories), len(openings)))
        for category, column, value in close:
            by_category[category, column] += value
        self._coverage_skills = (weights @ sp.diags(scale)).tocsr()
        self._coverage_categories = by_category * scale

    def _skill_features(self, people: list[_Candidate]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """The people's (skill, level) features and categories, for the coverage product."""
        index, max_level, categories = self._skill_feature_index, self._max_level, self._category_index
        indptr, indices, category_indptr, category_indices = [0], [], [0], []
        for person in people:
            found = [index[(key, t)] for key, level in person.levels.items()
                     for t in range(1, min(level or MAX_LEVEL, max_level.get(key, 0)) + 1)]
            indices.extend(sorted(found))
            indptr.append(len(indices))
            category_indices.extend(sorted(categories[c] for c in person.by_category if c in categories))
            category_indptr.append(len(category_indices))
        skills = sp.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(people), len(index)))
        held = sp.csr_matrix((np.ones(len(category_indices)), category_indices, category_indptr),
                             shape=(len(people), len(categories)))
        return skills, held

    # --- ranking ----------------------------------------------------------------------------

    def rank(self, candidates: Iterable[Any] | EncodedCandidates, top_k: int | None = None) -> list[list[Match]]:
        """For each person, their top_k openings (all when None), best first, ties by opening id."""
        openings = self._fitted_openings()
        with _gc_paused():
            return self._rank(candidates, len(openings) if top_k is None else min(top_k, len(openings)))

    def _rank(self, candidates: Iterable[Any] | EncodedCandidates, k: int) -> list[list[Match]]:
        ranked: list[list[Match]] = []
        for chunk in self._chunks(candidates, len(self._openings)):
            if k <= 0:
                ranked.extend([] for _ in range(len(chunk)))
                continue
            score = self._score_block(chunk, self._weighted_columns(None))
            # k-th best score per row; every column reaching it is a contender, so ties at the
            # cut are settled by id below rather than by argpartition's arbitrary order.
            last = score.shape[1] - k
            kth = np.take_along_axis(score, np.argpartition(score, last, axis=1)[:, last : last + 1], axis=1)
            rows, cols = np.nonzero(score >= kth)
            # Best first within each row, ties by column (= opening id), then the first k per row.
            order = np.lexsort((cols, -score[rows, cols], rows))
            rows, cols = rows[order], cols[order]
            starts = np.searchsorted(rows, np.arange(len(chunk)))
            keep = np.arange(len(rows)) - starts[rows] < k
            rows, cols = rows[keep], cols[keep]
            matches = self._matches(chunk, rows, cols, score[rows, cols] / SCORE_SCALE)
            bounds = np.searchsorted(rows, np.arange(len(chunk) + 1)).tolist()
            ranked.extend(matches[bounds[i] : bounds[i + 1]] for i in range(len(chunk)))
        return ranked

    def rank_candidates(
        self, opening_id: Any, candidates: Iterable[Any] | EncodedCandidates, top_k: int | None = None
    ) -> list[tuple[Any, Match]]:
        """People for one opening as (candidate id, Match), best first, ties by candidate id."""
        self._fitted_openings()
        column = self._column_of[opening_id]
        with _gc_paused():
            return self._rank_candidates(column, candidates, top_k)

    def _rank_candidates(self, column: int, candidates: Iterable[Any] | EncodedCandidates,
                         top_k: int | None) -> list[tuple[Any, Match]]:
        kept: list[tuple[float, Any, Match]] = []
        weighted = self._weighted_columns(np.array([column]))
        for chunk in self._chunks(candidates, 1):
            score = self._score_block(chunk, weighted)[:, 0]
            rows = np.arange(len(chunk))
            if top_k is not None and len(rows) > top_k:
                # Everyone reaching the top_k-th score of this chunk; ties at the cut are settled by id below.
                cut = -np.partition(-score, top_k - 1)[top_k - 1] if top_k > 0 else np.inf
                rows = np.flatnonzero(score >= cut)
            matches = self._matches(chunk, rows, np.full(len(rows), column), score[rows] / SCORE_SCALE)
            kept.extend((m.score, chunk._people[r].id, m) for r, m in zip(rows.tolist(), matches))
        kept.sort(key=lambda item: (-item[0], item[1]))
        return [(pid, m) for _, pid, m in (kept if top_k is None else kept[:top_k])]

    def components(self, candidates: Iterable[Any] | EncodedCandidates) -> dict[str, np.ndarray]:
        """Every part of the score, (people x openings in id order), for tuning and benchmarks.
        `combine(components(people))` gives the scores `rank` ranks by (up to float rounding)."""
        self._fitted_openings()
        chunks = list(self._chunks(candidates, len(self._openings)))
        return {name: np.vstack([self._part(chunk, name) for chunk in chunks]) for name in PARTS} if chunks else {}

    @property
    def opening_ids(self) -> list[Any]:
        """The fitted openings' ids, in the column order of `components`."""
        return [o.id for o in self._fitted_openings()]

    def _fitted_openings(self) -> list[_Opening]:
        if self._openings is None:
            raise RuntimeError("SkillMatcher.fit(openings) must be called before ranking")
        return self._openings

    def _chunks(self, candidates: Iterable[Any] | EncodedCandidates, columns: int) -> Iterator[EncodedCandidates]:
        rows = max(1, min(self.chunk_rows, BLOCK_CELLS // max(columns, 1)))
        if isinstance(candidates, EncodedCandidates):
            if candidates._owner != self._fit_token:
                raise ValueError("these candidates were encoded by another matcher or before the last fit")
            for start in range(0, len(candidates), rows):
                yield candidates._rows(start, start + rows)
            return
        records = iter(candidates)
        vocabulary = self.space.vocabulary
        while chunk := [_read_candidate(c, vocabulary) for c in islice(records, rows)]:
            yield self._encode_people(chunk)

    def _weighted_columns(self, columns: np.ndarray | None) -> tuple[np.ndarray, sp.csr_matrix]:
        if columns is None:
            return self._weighted_dense, self._weighted_sparse
        return self._weighted_dense[:, columns], self._weighted_sparse[:, columns]

    def _score_block(self, chunk: EncodedCandidates, weighted: tuple[np.ndarray, sp.csr_matrix]) -> np.ndarray:
        """Scores in millionths (whole numbers, so ties are exact), (people x the openings of
        `weighted`): every part at once, one dense and one sparse product."""
        dense, sparse = weighted
        score = chunk._parts["dense"] @ dense
        score += (chunk._parts["sparse"] @ sparse).toarray()
        np.clip(score, 0.0, 1.0, out=score)
        np.multiply(score, SCORE_SCALE, out=score)
        return np.rint(score, out=score)

    def _part(self, chunk: EncodedCandidates, name: str) -> np.ndarray:
        """One part of the score, unweighted, (people in chunk x all openings)."""
        part = np.zeros((len(chunk), len(self._openings)))
        for block in self._slices["dense"][name]:
            part += chunk._parts["dense"][:, block] @ self._openings_dense[:, block].T
        for block in self._slices["sparse"][name]:
            part += (chunk._parts["sparse"][:, block] @ self._openings_sparse[:, block].T).toarray()
        return part

    def _shown_numbers(self, chunk: EncodedCandidates, row: int, column: int) -> tuple[float, ...]:
        """(title, text, coverage, skill similarity, career move) of one pair, each part clipped to [0, 1]."""
        mine, theirs = chunk._parts["sparse"], self._openings_sparse
        mine_at, theirs_at = slice(mine.indptr[row], mine.indptr[row + 1]), slice(
            theirs.indptr[column], theirs.indptr[column + 1]
        )
        common, i, j = np.intersect1d(mine.indices[mine_at], theirs.indices[theirs_at], assume_unique=True,
                                      return_indices=True)
        products = mine.data[mine_at][i] * theirs.data[theirs_at][j]
        parts = {}
        for name in PARTS:
            value = sum(float(chunk._parts["dense"][row, b] @ self._openings_dense[column, b])
                        for b in self._slices["dense"][name])
            value += sum(float(products[(common >= b.start) & (common < b.stop)].sum())
                         for b in self._slices["sparse"][name])
            parts[name] = min(1.0, max(0.0, value))
        return (
            _weighted(parts, TITLE_PARTS),
            _weighted(parts, TEXT_PARTS),
            round(parts["coverage"], SCORE_DECIMALS),
            round(parts["skill_semantic"], SCORE_DECIMALS),
            round(parts["career_moves"], SCORE_DECIMALS),
        )

    # --- explanations -----------------------------------------------------------------------

    def _explanation(self, column: int) -> tuple:
        """Per opening, once: its id, skill keys, (key, display) of all and of the required skills,
        and (key, display, category) of the skills that have a category."""
        cached = self._explain_cache.get(column)
        if cached is None:
            skills = self._openings[column].skills
            cached = (
                self._openings[column].id,
                frozenset(s.key for s in skills),
                tuple((s.key, s.display) for s in skills),
                tuple((s.key, s.display) for s in skills if s.required),
                tuple((s.key, s.display, s.category) for s in skills if s.category),
            )
            self._explain_cache[column] = cached
        return cached

    def _matches(self, chunk: EncodedCandidates, rows: np.ndarray, cols: np.ndarray, scores: np.ndarray) -> list[Match]:
        """The kept pairs as Match objects: their score now, the rest worked out when read."""
        explanations = [self._explanation(c) for c in cols.tolist()]
        new = Match.__new__
        matches = []
        append = matches.append
        for explanation, score, row, column in zip(explanations, scores.tolist(), rows.tolist(), cols.tolist()):
            match = new(Match)
            _SET_KEY(match, (explanation[0], score))
            _SET_SOURCE(match, (self, explanation, chunk, row, column))
            append(match)
        return matches


# Which blocks of the encoded vectors make up each part: (part, block) in stacking order. The
# dense blocks are LSA vectors, the coarse SOC groups and the skill categories; the sparse ones
# the (skill, level) features, the title TF-IDF and the fine SOC groups.
_LAYOUT = {
    "dense": (("text_semantic", "text_lsa"), ("title_semantic", "title_lsa"), ("skill_semantic", "skills_lsa"),
              ("occupation", "occupation_groups"), ("coverage", "categories")),
    "sparse": (("coverage", "skills"), ("title_lexical", "title"), ("occupation", "occupation"),
               ("career_moves", "career_moves")),
}


def _leading(vectors: np.ndarray) -> np.ndarray:
    """Unit vectors in the first SHORT_LSA_DIMS LSA dimensions (the strongest ones): enough for
    titles and skill lists, and a third of the work of the full space."""
    return normalize(vectors[:, :SHORT_LSA_DIMS]) if len(vectors) else vectors[:, :SHORT_LSA_DIMS]


def _block_slices(layout: tuple, blocks: dict[str, Any]) -> dict[str, list[slice]]:
    """Part -> the column ranges of its blocks in the stacked vectors."""
    slices: dict[str, list[slice]] = {name: [] for name in PARTS}
    start = 0
    for part, block in layout:
        width = blocks[block].shape[1]
        slices[part].append(slice(start, start + width))
        start += width
    return slices


def _stack(blocks: dict[str, Any]) -> tuple[np.ndarray, sp.csr_matrix]:
    """The blocks side by side: one dense float64 array and one sparse float64 matrix."""
    dense = np.hstack([np.asarray(blocks[b], dtype=np.float64) for _, b in _LAYOUT["dense"]])
    sparse = sp.hstack([sp.csr_matrix(blocks[b], dtype=np.float64) for _, b in _LAYOUT["sparse"]], format="csr")
    return dense, sparse


def _column_weights(slices: dict[str, list[slice]], width: int) -> np.ndarray:
    weights = np.zeros(width)
    for name, blocks in slices.items():
        for block in blocks:
            weights[block] = WEIGHTS[name]
    return weights


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during an allocation-heavy step that makes no cycles
    (100,000 matches and their tuples): its passes over every live object would otherwise cost
    about a fifth of a ranking. The previous state is restored; collection resumes after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Each fit gets its own token, so encoded people are never ranked by another fit's openings.
_FIT_TOKENS = count(1)


def combine(parts: Mapping[str, np.ndarray], weights: Mapping[str, float] = WEIGHTS) -> np.ndarray:
    """The score from its parts: their weighted sum, clipped to [0, 1] and rounded."""
    score = np.zeros(np.shape(parts["coverage"]), dtype=np.float64)
    for name, weight in weights.items():
        if weight:
            score += parts[name] * weight
    np.clip(score, 0.0, 1.0, out=score)
    return np.round(score, SCORE_DECIMALS, out=score)


def _weighted(parts: Mapping[str, np.ndarray], names: tuple[str, ...]) -> np.ndarray:
    """The weighted mean of a group of parts: one similarity the UI can show for the group."""
    total = sum(WEIGHTS[n] for n in names)
    if not total:
        return np.zeros_like(parts[names[0]])
    return np.round(sum(WEIGHTS[n] * parts[n] for n in names) / total, SCORE_DECIMALS)
