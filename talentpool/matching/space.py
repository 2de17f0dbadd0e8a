"""The background semantic space shipped with the package: TF-IDF weights, an LSA projection and
reference occupations, all fitted offline on O*NET occupation texts (see `build.py`), and the
expert-reviewed career moves between those occupations (O*NET related occupations).

Text is analysed once into TF-IDF rows (words and word pairs, English stop words dropped,
sublinear term frequency, the corpus's IDF). Those rows serve both the lexical cosine and the
LSA projection (word-pair rows of the projection are zero), and the LSA vector gives a
"reference occupation" profile: a sparse soft assignment to the nearest O*NET occupations.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.preprocessing import normalize

from .normalize import singular
from .vocabulary import SkillVocabulary

ARTIFACT_VERSION = 2
DATA_DIR = Path(__file__).resolve().parent / "data"
SPACE_NPZ = f"semantic-space-v{ARTIFACT_VERSION}.npz"
SPACE_JSON = f"semantic-space-v{ARTIFACT_VERSION}.json"
VOCABULARY_JSON = f"skills-vocabulary-v{ARTIFACT_VERSION}.json"

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
FOLDED_WORDS_KEPT = 500_000


class _Folded(dict):
    """Word -> its form in the space: "" for a stop word, else the singular; filled on demand."""

    def __missing__(self, word: str) -> str:
        folded = "" if word in ENGLISH_STOP_WORDS else singular(word)
        if len(self) < FOLDED_WORDS_KEPT:
            self[word] = folded
        return folded


_FOLDED = _Folded()


def tokenize(text: str) -> list[str]:
    """Words of a lower-cased text, English stop words dropped, regular plurals folded
    ("paralegals" -> "paralegal"), so a title matches the occupation it names."""
    folded = map(_FOLDED.__getitem__, _TOKEN.findall(text))
    return [word for word in folded if word]


# Stop words are dropped inside `tokenize` (scikit-learn would warn about a stop list next to
# a custom tokenizer); word pairs are formed from what is left, as scikit-learn does.
ANALYZER_OPTIONS = {"ngram_range": (1, 2), "tokenizer": tokenize, "token_pattern": None, "lowercase": True}
ANALYZER_DESCRIPTION = "words of 2+ characters, lower-cased, English stop words dropped, plurals folded; 1-2 grams"
# Reference-occupation profile: the `REFERENCE_TOP` nearest occupations, weighted exp((cos - 1) / T).
REFERENCE_TOP = 10
# Occupation families from the O*NET-SOC code "11-1011.03": (prefix length, weight) for the
# occupation itself, the detailed occupation "11-1011", broad occupation "11-101", minor group
# "11-10" and major group "11". Chosen on the TRAIN split with the score weights.
FAMILY_LEVELS = ((10, 4.0), (7, 1.0), (6, 0.5), (5, 0.3), (2, 0.1))
COARSE_PREFIX = 5
# Columns that words unknown to the space are hashed into (collisions are rare and harmless).
HASHED_TERMS = 1 << 18
CAREER_MOVE_GAINS = {"Primary-Short": 3, "Primary-Long": 2, "Supplemental": 1}
REFERENCE_TEMPERATURE = 0.1
# Career moves: a person is placed among the CAREER_MOVE_TOP nearest occupations that have known
# moves, weighted exp((cos - 1) / CAREER_MOVE_TEMPERATURE); an opening is its nearest occupation.
# Chosen by 5-fold cross-validation inside the TRAIN split (benchmarks/onet_transitions.py).
CAREER_MOVE_TOP = 20
CAREER_MOVE_TEMPERATURE = 0.2


@dataclass(frozen=True)
class SemanticSpace:
    """Terms with IDF, the LSA projection (terms x dims) and unit LSA vectors of reference occupations."""

    terms: tuple[str, ...]
    idf: np.ndarray  # float32, one per term
    projection: np.ndarray  # float32, (terms x dims); zero rows for word pairs
    references: np.ndarray  # float64, (occupations x dims), unit rows: occupations as job ads
    person_references: np.ndarray  # the same occupations as people describe them (with or without tasks)
    reference_titles: tuple[str, ...]
    reference_codes: tuple[str, ...]  # O*NET-SOC codes, e.g. "43-4051.00"
    vocabulary: SkillVocabulary
    metadata: dict
    term_index: dict[str, int]
    # (occupations x occupations): gain 3/2/1 of an expert-reviewed move from row to column.
    career_moves: sp.csr_matrix
    # Canonical skill key -> its unit LSA vector, filled as skills are met (see SkillMatcher).
    skill_vectors: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    @property
    def version(self) -> int:
        return int(self.metadata["version"])

    @property
    def dims(self) -> int:
        return self.projection.shape[1]

    def analyzer(self) -> "TextEncoder":
        """An encoder of texts into this space's TF-IDF rows."""
        return TextEncoder(self)

    def lsa(self, rows: sp.csr_matrix) -> np.ndarray:
        """Unit LSA vectors of TF-IDF rows (zero rows stay zero); extra terms project to nothing."""
        if rows.shape[0] == 0:
            return np.zeros((0, self.dims))
        if rows.shape[1] > len(self.terms):
            rows = rows[:, : len(self.terms)]
        # float64 from here on: a row's result must not depend on which other rows share its
        # block (BLAS picks different kernels and summation orders for different shapes).
        return normalize(np.asarray(rows @ self.projection, dtype=np.float64), copy=False)

    @cached_property
    def _family_membership(self) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        return family_membership(self.reference_codes, False), family_membership(self.reference_codes, True)

    def family_profile(self, reference_profile: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray]:
        """A text's reference occupations, and the same pooled by SOC group (detailed and broad
        occupation, minor and major group), so that neighbours in the O*NET-SOC taxonomy count
        as near even when the text is not near them itself. One unit vector, returned in two
        blocks: the fine levels sparse, the coarse ones (few groups, shared by many) dense."""
        fine_groups, coarse_groups = self._family_membership
        fine = reference_profile @ fine_groups
        coarse = (reference_profile @ coarse_groups).toarray()
        norms = np.sqrt(np.asarray(fine.multiply(fine).sum(axis=1)).ravel() + (coarse * coarse).sum(axis=1))
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        return sp.csr_matrix(sp.diags(scale.astype(np.float32)) @ fine), coarse * scale[:, None]

    def reference_profile(self, lsa: np.ndarray, person: bool = False) -> sp.csr_matrix:
        """Sparse unit rows: each text's soft assignment to its nearest reference occupations
        (described as job ads, or as people describe them when `person`)."""
        references = self.person_references if person else self.references
        n, m = lsa.shape[0], min(REFERENCE_TOP, references.shape[0])
        if n == 0 or m == 0:
            return sp.csr_matrix((n, references.shape[0]), dtype=np.float32)
        cosines = lsa @ references.T
        top = np.argpartition(-cosines, m - 1, axis=1)[:, :m]
        weights = np.exp((np.take_along_axis(cosines, top, axis=1) - 1.0) / REFERENCE_TEMPERATURE)
        weights[~lsa.any(axis=1)] = 0.0  # an empty text is near nothing
        profile = sp.csr_matrix(
            (weights.ravel().astype(np.float32), top.ravel(), np.arange(0, n * m + 1, m)),
            shape=(n, references.shape[0]),
        )
        profile.eliminate_zeros()
        return normalize(profile, copy=False)


    def with_career_moves(self, career_moves: sp.csr_matrix) -> "SemanticSpace":
        """The same space with another table of career moves (the benchmark's train-only one)."""
        return replace(self, career_moves=sp.csr_matrix(career_moves, dtype=np.float32), skill_vectors={})

    @cached_property
    def _occupations_with_moves(self) -> np.ndarray:
        return np.diff(self.career_moves.indptr) > 0

    def career_move_profile(self, lsa: np.ndarray) -> sp.csr_matrix:
        """Sparse unit rows: where people from a text's occupations have moved. The text is
        softly placed among its nearest occupations that have known moves (as people describe
        them), and their moves are summed by gain."""
        n = lsa.shape[0]
        known = np.flatnonzero(self._occupations_with_moves)
        m = min(CAREER_MOVE_TOP, len(known))
        if n == 0 or m == 0:
            return sp.csr_matrix((n, len(self.reference_codes)), dtype=np.float32)
        cosines = lsa @ self.person_references[known].T
        top = np.argpartition(-cosines, m - 1, axis=1)[:, :m]
        weights = np.exp((np.take_along_axis(cosines, top, axis=1) - 1.0) / CAREER_MOVE_TEMPERATURE)
        weights[~lsa.any(axis=1)] = 0.0
        placed = sp.csr_matrix((weights.ravel(), known[top].ravel(), np.arange(0, n * m + 1, m)),
                               shape=(n, len(self.reference_codes)))
        moves = placed @ self.career_moves
        moves.eliminate_zeros()
        return normalize(moves.astype(np.float32), copy=False)

    def nearest_occupation(self, lsa: np.ndarray) -> sp.csr_matrix:
        """One-hot rows: each text's nearest occupation described as a job ad (none for an empty text)."""
        n = lsa.shape[0]
        if n == 0 or self.references.shape[0] == 0:
            return sp.csr_matrix((n, self.references.shape[0]), dtype=np.float32)
        nearest = np.argmax(lsa @ self.references.T, axis=1)
        found = lsa.any(axis=1).astype(np.float32)
        one_hot = sp.csr_matrix((found, nearest, np.arange(n + 1)), shape=(n, self.references.shape[0]))
        one_hot.eliminate_zeros()
        return one_hot


def career_move_table(codes: tuple[str, ...] | list[str], related: Mapping[str, Mapping[str, str]]) -> sp.csr_matrix:
    """(occupations x occupations) gains of the moves in `related` (code -> {code: tier})."""
    index = {code: i for i, code in enumerate(codes)}
    rows, cols, gains = [], [], []
    for source, targets in related.items():
        for target, tier in targets.items():
            if source in index and target in index and target != source:
                rows.append(index[source])
                cols.append(index[target])
                gains.append(CAREER_MOVE_GAINS[tier])
    return sp.csr_matrix((gains, (rows, cols)), shape=(len(codes), len(codes)), dtype=np.float32)


def family_membership(codes: tuple[str, ...], coarse: bool) -> sp.csr_matrix:
    """(occupations x groups): each occupation's SOC groups, weighted by FAMILY_LEVELS; the
    coarse levels (minor and major group: about 120 groups) or the fine ones."""
    columns: dict[tuple[int, str], int] = {}
    rows, cols, values = [], [], []
    for row, code in enumerate(codes):
        for length, weight in FAMILY_LEVELS:
            if (length <= COARSE_PREFIX) == coarse:
                rows.append(row)
                cols.append(columns.setdefault((length, code[:length]), len(columns)))
                values.append(np.sqrt(weight))
    return sp.csr_matrix((values, (rows, cols)), shape=(len(codes), len(columns)), dtype=np.float32)


class TextEncoder:
    """TF-IDF rows over the space's terms; a term the space does not know is hashed into one of
    HASHED_TERMS extra columns with the space's largest IDF, so rare words still match each
    other and a row never depends on which other texts were encoded with it."""

    def __init__(self, space: SemanticSpace) -> None:
        self._index = space.term_index
        self._base = len(space.terms)
        self._idf = np.concatenate([space.idf, np.full(HASHED_TERMS, space.idf.max(), dtype=np.float32)])

    @property
    def width(self) -> int:
        return len(self._idf)

    def counts(self, texts: list[str], pairs: bool = True) -> sp.csr_matrix:
        """Term counts, one row per text: words, and word pairs too when `pairs` (the LSA needs
        words only; the lexical title match uses both)."""
        get, base = self._index.get, self._base
        indices: list[int] = []
        values: list[int] = []
        indptr = [0]
        for text in texts:
            terms = tokenize(text.lower())
            if pairs and len(terms) > 1:
                terms += [f"{a} {b}" for a, b in zip(terms, terms[1:])]
            found: dict[int, int] = {}
            for term in terms:
                column = get(term)
                if column is None:
                    column = base + zlib.crc32(term.encode()) % HASHED_TERMS
                found[column] = found.get(column, 0) + 1
            indices.extend(found)
            values.extend(found.values())
            indptr.append(len(indices))
        matrix = sp.csr_matrix((np.array(values, dtype=np.float32), np.array(indices, dtype=np.int32), indptr),
                               shape=(len(texts), self.width))
        matrix.sort_indices()
        return matrix

    def tfidf(self, texts: list[str], pairs: bool = True) -> sp.csr_matrix:
        """Unit TF-IDF rows with sublinear term frequency, as the space was fitted."""
        counts = self.counts(texts, pairs)
        if counts.shape[0] == 0:
            return counts
        np.log(counts.data, out=counts.data)
        counts.data += 1.0
        counts.data *= self._idf[counts.indices]
        return normalize(counts, copy=False)


def load_space(data_dir: str | Path = DATA_DIR) -> SemanticSpace:
    """Read the semantic space and skills vocabulary (no pickle: .npz arrays and JSON)."""
    data_dir = Path(data_dir)
    meta = json.loads((data_dir / SPACE_JSON).read_text(encoding="utf-8"))
    with np.load(data_dir / SPACE_NPZ, allow_pickle=False) as arrays:
        idf = arrays["idf"].astype(np.float32)
        rows = arrays["lsa_rows"]
        components = arrays["lsa_components"].astype(np.float32) * arrays["lsa_scale"]
        references = normalize(arrays["references"].astype(np.float64))
        person_references = normalize(arrays["person_references"].astype(np.float64))
        n = references.shape[0]
        career_moves = sp.csr_matrix((arrays["move_gains"].astype(np.float32),
                                      (arrays["move_sources"], arrays["move_targets"])), shape=(n, n))
    projection = np.zeros((len(meta["terms"]), components.shape[1]), dtype=np.float32)
    projection[rows] = components
    vocabulary = SkillVocabulary.load(data_dir / VOCABULARY_JSON)
    metadata = {k: v for k, v in meta.items() if k not in ("terms", "reference_titles", "reference_codes")}
    terms = tuple(meta["terms"])
    return SemanticSpace(terms, idf, projection, references, person_references, tuple(meta["reference_titles"]),
                         tuple(meta["reference_codes"]), vocabulary, metadata,
                         {term: i for i, term in enumerate(terms)}, career_moves)


@lru_cache(maxsize=1)
def default_space() -> SemanticSpace:
    """The shipped space, loaded once per process."""
    return load_space(DATA_DIR)
