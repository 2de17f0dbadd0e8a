"""Rank openings for people (and people for an opening) by skills, text and former title."""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer

from .normalize import normalize_skill

# Listed skills are the clearest evidence of fit, free text the next; a former title helps but
# many people move roles, so it weighs least. The weights sum to 1 so the score stays in [0, 1].
COVERAGE_WEIGHT = 0.55
TEXT_WEIGHT = 0.30
TITLE_WEIGHT = 0.15
# When an opening marks some skills required, its other skills still count, at this weight.
OPTIONAL_SKILL_WEIGHT = 0.5
MAX_LEVEL = 5
# Rows of candidates scored at once: bounds the dense (rows x openings) score blocks in memory.
CHUNK_ROWS = 2000


@dataclass(frozen=True)
class Match:
    """One opening's fit for one person, with the parts of the score the UI shows as reasons."""

    opening_id: Any
    score: float
    matched_skills: tuple[str, ...]
    missing_skills: tuple[str, ...]
    title_similarity: float
    text_similarity: float
    skill_coverage: float


@dataclass(frozen=True)
class _OpeningSkill:
    key: str
    display: str
    weight: float
    min_level: int | None
    required: bool


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
    levels: dict[str, int | None]  # skill key -> the person's level, None when not given


def _field(record: Any, name: str, default: Any) -> Any:
    """Read a field from a mapping or an object alike; missing or None gives the default."""
    value = record.get(name) if isinstance(record, Mapping) else getattr(record, name, None)
    return default if value is None else value


def _level(value: Any) -> int:
    return min(MAX_LEVEL, max(1, round(float(value))))


def _text(title: str, description: str, skills: Sequence[str]) -> str:
    return "\n".join([title, description, *skills])


def _read_opening(record: Any) -> _Opening:
    title = str(_field(record, "title", ""))
    names = [str(s) for s in _field(record, "skills", [])]
    required_names = [str(s) for s in _field(record, "required_skills", [])]
    required_keys = {normalize_skill(s) for s in required_names}
    min_levels = {normalize_skill(str(k)): _level(v) for k, v in _field(record, "skill_levels", {}).items()}
    skills: dict[str, _OpeningSkill] = {}
    for display in names + required_names:
        key = normalize_skill(display)
        if key and key not in skills:
            # An opening that marks nothing required needs every skill it lists.
            required = not required_keys or key in required_keys
            weight = 1.0 if required else OPTIONAL_SKILL_WEIGHT
            skills[key] = _OpeningSkill(key, display, weight, min_levels.get(key), required)
    text = _text(title, str(_field(record, "description", "")), [s.display for s in skills.values()])
    return _Opening(_field(record, "id", None), title, text, tuple(skills.values()))


def _read_candidate(record: Any) -> _Candidate:
    title = str(_field(record, "title", ""))
    names = [str(s) for s in _field(record, "skills", [])]
    levels: dict[str, int | None] = {normalize_skill(s): None for s in names}
    for name, value in _field(record, "skill_levels", {}).items():
        levels[normalize_skill(str(name))] = _level(value)
    levels.pop("", None)
    text = _text(title, str(_field(record, "description", "")), names)
    return _Candidate(_field(record, "id", None), title, text, levels)


# Level-aware coverage as one sparse product: an opening skill with minimum level m gives
# weight/m to each feature (skill, t) for t = 1..m, and a person at level l has features
# t = 1..l, so their product sums to weight * min(l, m) / m. No minimum means m = 1; a person
# without a stated level is taken at face value (all levels).
def _opening_skill_features(opening: _Opening) -> dict[str, float]:
    features = {}
    for skill in opening.skills:
        needed = skill.min_level or 1
        for t in range(1, needed + 1):
            features[f"{skill.key}@{t}"] = skill.weight / needed
    return features


def _candidate_skill_features(candidate: _Candidate) -> dict[str, float]:
    return {
        f"{key}@{t}": 1.0 for key, level in candidate.levels.items() for t in range(1, (level or MAX_LEVEL) + 1)
    }


class _TfidfSpace:
    """Cosine similarity in a word TF-IDF space fitted on the openings.

    The semantic upgrade replaces this class with one offering the same fit/similarity pair.
    """

    def __init__(self) -> None:
        self._vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
        self._terms_by_opening = None

    def fit(self, texts: list[str]) -> "_TfidfSpace":
        try:
            self._terms_by_opening = self._vectorizer.fit_transform(texts).T.tocsr()
        except ValueError:  # only stop words in every opening: nothing to compare on
            self._terms_by_opening = None
        return self

    def similarity(self, texts: list[str], columns: np.ndarray) -> np.ndarray:
        """Cosine of each text against the openings at `columns`; rows are L2-normalised."""
        if self._terms_by_opening is None:
            return np.zeros((len(texts), len(columns)))
        return (self._vectorizer.transform(texts) @ self._terms_by_opening[:, columns]).toarray()


class SkillMatcher:
    """Score people against openings: skill coverage, text similarity and title similarity."""

    def __init__(self, chunk_rows: int = CHUNK_ROWS) -> None:
        self.chunk_rows = chunk_rows
        self._openings: list[_Opening] | None = None

    def fit(self, openings: Iterable[Any]) -> "SkillMatcher":
        """Learn the openings' vocabulary and skills; returns the matcher."""
        parsed = [_read_opening(o) for o in openings]
        # Kept in id order, so "lower column" means "lower id" whenever scores tie.
        parsed.sort(key=lambda o: o.id)
        ids = [o.id for o in parsed]
        if len(set(ids)) != len(ids):
            raise ValueError("opening ids must be unique")
        self._openings = parsed
        self._column_of = {opening_id: column for column, opening_id in enumerate(ids)}
        if parsed:
            self._text_space = _TfidfSpace().fit([o.text for o in parsed])
            self._title_space = _TfidfSpace().fit([o.title for o in parsed])
            self._skill_vectorizer = DictVectorizer()
            weights = self._skill_vectorizer.fit_transform([_opening_skill_features(o) for o in parsed])
            self._skill_weights = weights.T.tocsr()
            self._skill_totals = np.array([sum(s.weight for s in o.skills) for o in parsed])
        return self

    def rank(self, candidates: Iterable[Any], top_k: int | None = None) -> list[list[Match]]:
        """For each person, their top_k openings (all when None), best first, ties by opening id."""
        openings = self._fitted_openings()
        k = len(openings) if top_k is None else min(top_k, len(openings))
        all_columns = np.arange(len(openings))
        ranked = []
        for chunk in self._chunks(candidates):
            if k <= 0:
                ranked.extend([] for _ in chunk)
                continue
            parts = self._score_block(chunk, all_columns)
            scores = parts[0]
            # k-th best score per row; every column reaching it is a contender, so ties at the
            # cut are settled by id below rather than by argpartition's arbitrary order.
            kth = np.take_along_axis(scores, np.argpartition(-scores, k - 1, axis=1)[:, k - 1 : k], axis=1)
            for row, candidate in enumerate(chunk):
                contenders = np.flatnonzero(scores[row] >= kth[row])
                best = contenders[np.lexsort((contenders, -scores[row, contenders]))[:k]]
                ranked.append([_match(candidate, openings[col], [p[row, col] for p in parts]) for col in best])
        return ranked

    def rank_candidates(
        self, opening_id: Any, candidates: Iterable[Any], top_k: int | None = None
    ) -> list[tuple[Any, Match]]:
        """People for one opening as (candidate id, Match), best first, ties by candidate id."""
        opening = self._fitted_openings()[self._column_of[opening_id]]
        column = np.array([self._column_of[opening_id]])
        scored = []
        for chunk in self._chunks(candidates):
            parts = self._score_block(chunk, column)
            scored.extend((c.id, _match(c, opening, [p[row, 0] for p in parts])) for row, c in enumerate(chunk))
        scored.sort(key=lambda pair: (-pair[1].score, pair[0]))
        return scored if top_k is None else scored[:top_k]

    def _fitted_openings(self) -> list[_Opening]:
        if self._openings is None:
            raise RuntimeError("SkillMatcher.fit(openings) must be called before ranking")
        return self._openings

    def _chunks(self, candidates: Iterable[Any]) -> Iterator[list[_Candidate]]:
        records = iter(candidates)
        while chunk := [_read_candidate(c) for c in islice(records, self.chunk_rows)]:
            yield chunk

    def _score_block(self, chunk: list[_Candidate], columns: np.ndarray) -> tuple[np.ndarray, ...]:
        """Score, skill coverage, text and title similarity, each (people x openings at `columns`)."""
        covered = self._skill_vectorizer.transform([_candidate_skill_features(c) for c in chunk])
        covered = (covered @ self._skill_weights[:, columns]).toarray()
        totals = self._skill_totals[columns]
        # An opening that lists no skills gives no coverage rather than 0/0.
        coverage = np.divide(covered, totals, out=np.zeros_like(covered), where=totals > 0)
        text = self._text_space.similarity([c.text for c in chunk], columns)
        title = self._title_space.similarity([c.title for c in chunk], columns)
        for part in (coverage, text, title):  # rounding can leave a cosine a hair above 1
            np.clip(part, 0.0, 1.0, out=part)
        score = COVERAGE_WEIGHT * coverage + TEXT_WEIGHT * text + TITLE_WEIGHT * title
        return np.clip(score, 0.0, 1.0, out=score), coverage, text, title


def _match(candidate: _Candidate, opening: _Opening, parts: Sequence[float]) -> Match:
    """Explain one kept pair; `parts` is its (score, coverage, text, title) from a score block."""
    score, coverage, text, title = (float(p) for p in parts)
    return Match(
        opening_id=opening.id,
        score=score,
        matched_skills=tuple(s.display for s in opening.skills if s.key in candidate.levels),
        missing_skills=tuple(s.display for s in opening.skills if s.required and s.key not in candidate.levels),
        title_similarity=title,
        text_similarity=text,
        skill_coverage=coverage,
    )
