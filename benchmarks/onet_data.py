"""Shared pieces of the O*NET benchmarks: profiles, openings, variants, the split and the metrics.

Everything here is deterministic: samples are seeded by a hash of the occupation code.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from talentpool.matching.normalize import normalize_skill  # noqa: E402
from talentpool.matching.sources import OnetData, Occupation, read_onet  # noqa: E402
from talentpool.matching.space import default_space  # noqa: E402
from talentpool.matching.vocabulary import WORD_ALIASES  # noqa: E402

GAINS = {"Primary-Short": 3, "Primary-Long": 2, "Supplemental": 1}
TEST_SHARE = 3  # in 10: about 30% of occupations are held out


def load(data_dir: str | Path) -> OnetData:
    """The four O*NET tables."""
    return read_onet(data_dir)


def stable_hash(*parts: object) -> int:
    """A hash that does not change between runs (unlike hash())."""
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16], 16)


def split_of(code: str) -> str:
    """The fixed split of an occupation: "test" (held out) or "train", by a hash of its code."""
    return "test" if stable_hash("split", code) % 10 < TEST_SHARE else "train"


# --- Records in the matcher's input shape -------------------------------------------------


def profile(occupation: Occupation) -> dict:
    """The eliminated role of the protocol: title + description + technology skills."""
    return {"id": occupation.code, "title": occupation.title, "description": occupation.description,
            "skills": list(occupation.tools)}


def opening(occupation: Occupation) -> dict:
    """An opening of the protocol: title + description + technology skills + tasks."""
    return {"id": occupation.code, "title": occupation.title,
            "description": "\n".join([occupation.description, *occupation.tasks]),
            "skills": list(occupation.tools)}


def profile_text(record: dict) -> str:
    """The text a plain TF-IDF baseline sees of a record: title, description and skills."""
    return "\n".join([record["title"], record["description"], *record["skills"]])


_CLAUSE_END = re.compile(r",|;|:| such as | including | in order to | to ensure | to determine ")


def first_person(task: str, max_words: int = 12) -> str:
    """A task statement as a person writes it on a profile: first clause, first person, short.

    "Direct or coordinate an organization's financial or budget activities to fund operations,
    maximize investments, or increase efficiency." -> "I direct or coordinate an organization's
    financial or budget activities to fund operations"
    """
    clause = _CLAUSE_END.split(task.rstrip("."), maxsplit=1)[0].split()[:max_words]
    if not clause:
        return ""
    return "I " + " ".join([clause[0].lower(), *clause[1:]])


@dataclass(frozen=True)
class AltNames:
    """Other ways people write a tool: the vocabulary's aliases and the curated abbreviations."""

    by_name: dict[str, list[str]]

    @classmethod
    def from_vocabulary(cls) -> "AltNames":
        vocabulary = default_space().vocabulary
        by_index: dict[int, list[str]] = {}
        for key, index in vocabulary._aliases.items():  # the benchmark may read the private table
            if key != normalize_skill(vocabulary.names[index]):
                by_index.setdefault(index, []).append(key)
        return cls({vocabulary.names[i]: sorted(keys) for i, keys in by_index.items()})

    def other_name(self, tool: str) -> str | None:
        """A different spelling of the tool, or None: an abbreviation first, else an alias."""
        words = tool.split()
        reverse = {v: k for k, v in WORD_ALIASES.items() if " " not in v}
        if words and words[0].lower() in reverse:
            return " ".join([reverse[words[0].lower()].upper(), *words[1:]])
        aliases = self.by_name.get(tool)
        return min(aliases, key=lambda a: (len(a), a)) if aliases else None


def peoples_profile(occupation: Occupation, alt_names: AltNames) -> dict:
    """Variant (a): the former title, 3-4 tasks rewritten in the first person, at most 5 tools,
    every other one written by another of its names; no O*NET description."""
    seed = stable_hash("people", occupation.code)
    tasks = [first_person(t) for t in occupation.tasks[: 3 + seed % 2]]
    tools = sorted(occupation.tools, key=lambda t: stable_hash(occupation.code, t))[:5]
    written = []
    for i, tool in enumerate(tools):
        other = alt_names.other_name(tool) if i % 2 == 0 else None
        written.append(other or tool)
    return {"id": occupation.code, "title": occupation.title, "description": ". ".join(t for t in tasks if t),
            "skills": written}


def board(code: str, codes: list[str], related: dict[str, str], size: int) -> list[str]:
    """Variant (b): a company's openings for one eliminated role: up to a quarter of them its
    related occupations (closest first), the rest other occupations drawn at random (seeded)."""
    others = [c for c in codes if c != code and c not in related]
    chosen = [c for c in related if c != code][: size // 4]
    rng = np.random.default_rng(stable_hash("board", code, size) % 2**32)
    chosen += [others[i] for i in rng.choice(len(others), size - len(chosen), replace=False)]
    return sorted(chosen)


# --- Metrics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    """Recall@10 (Primary-Short), MRR (first Primary hit), nDCG@10 (gains 3/2/1)."""

    recall: float
    mrr: float
    ndcg: float


def ranking(scores: np.ndarray, ids: list[str]) -> np.ndarray:
    """Column order best first, ties by id (ids sorted ascending means ties by column)."""
    return np.lexsort((np.arange(len(ids)), -scores))


def query_metrics(order: list[str], related: dict[str, str]) -> tuple[float, float, float]:
    """The three metrics of one ranked list against the related occupations that can appear in it."""
    top = order[:10]
    short = [c for c, tier in related.items() if tier == "Primary-Short"]
    recall = sum(c in top for c in short) / len(short) if short else 0.0
    mrr = next((1.0 / (i + 1) for i, c in enumerate(order) if related.get(c) in ("Primary-Short", "Primary-Long")),
               0.0)
    dcg = sum(GAINS.get(related.get(c), 0) / np.log2(i + 2) for i, c in enumerate(top))
    ideal = sorted((GAINS[t] for t in related.values()), reverse=True)[:10]
    idcg = sum(g / np.log2(i + 2) for i, g in enumerate(ideal))
    return recall, mrr, dcg / idcg if idcg else 0.0


def evaluate(score_rows: dict[str, np.ndarray], columns: list[str], related: dict[str, dict[str, str]],
             queries: list[str]) -> Scores:
    """Mean metrics over `queries`; each query's own column is left out of its ranking."""
    position = {c: i for i, c in enumerate(columns)}
    results = []
    for code in queries:
        scores = np.array(score_rows[code], dtype=np.float64)
        if code in position:
            scores[position[code]] = -np.inf
        order = [columns[i] for i in ranking(scores, columns) if columns[i] != code]
        visible = {c: t for c, t in related[code].items() if c in position and c != code}
        results.append(query_metrics(order, visible))
    recall, mrr, ndcg = np.mean(results, axis=0) if results else (0.0, 0.0, 0.0)
    return Scores(float(recall), float(mrr), float(ndcg))


# --- The plain TF-IDF baseline ------------------------------------------------------------


class TfidfBaseline:
    """TF-IDF of words and word pairs, cosine; fitted on the openings it ranks (as a company would).

    Term counts are taken once for every text; fitting on a subset of openings (a board) then
    only recomputes the IDF, which is what TfidfVectorizer(ngram_range=(1, 2)).fit(board) does.
    """

    def __init__(self, opening_texts: list[str], query_texts: list[str], sublinear: bool = False) -> None:
        counter = CountVectorizer(ngram_range=(1, 2), dtype=np.float64)
        self.openings = counter.fit_transform(opening_texts).tocsc()
        self.queries = counter.transform(query_texts).tocsc()
        self.sublinear = sublinear

    def _weigh(self, counts, idf):
        counts = counts.tocsr(copy=True)
        if self.sublinear:
            np.log(counts.data, out=counts.data)
            counts.data += 1.0
        counts = counts.multiply(idf).tocsr()
        norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return counts.multiply(1.0 / norms[:, None]).tocsr()

    def scores(self, opening_rows: np.ndarray | None = None, query_rows: np.ndarray | None = None) -> np.ndarray:
        """Cosines (queries x openings), the baseline fitted on the openings at `opening_rows`."""
        openings = self.openings if opening_rows is None else self.openings[opening_rows]
        queries = self.queries if query_rows is None else self.queries[query_rows]
        df = np.asarray((openings > 0).sum(axis=0)).ravel()
        terms = np.flatnonzero(df)
        n = openings.shape[0]
        idf = np.log((1 + n) / (1 + df[terms])) + 1.0
        o = self._weigh(openings[:, terms], idf)
        q = self._weigh(queries[:, terms], idf)
        return (q @ o.T).toarray()


# --- Company-scale synthetic data for the speed benchmark ----------------------------------

SENIORITY = ("", "", "Senior ", "Junior ", "Lead ", "Assistant ")


def synthetic_openings(data: OnetData, n: int, seed: int = 0) -> list[dict]:
    """Openings drawn from occupations with replacement, perturbed: a seniority word, 3-6 of the
    tasks, up to 12 tools of which the first 5 required, levels on two of them."""
    rng = np.random.default_rng(seed)
    occupations = list(data.occupations.values())
    records = []
    for i in range(n):
        o = occupations[rng.integers(len(occupations))]
        tasks = [o.tasks[j] for j in rng.permutation(len(o.tasks))[: rng.integers(3, 7)]]
        tools = [o.tools[j] for j in rng.permutation(len(o.tools))[:12]]
        records.append({
            "id": i,
            "title": SENIORITY[rng.integers(len(SENIORITY))] + o.title,
            "description": " ".join([o.description, *tasks]),
            "skills": tools,
            "required_skills": tools[:5],
            "skill_levels": {t: int(rng.integers(1, 6)) for t in tools[:2]},
        })
    return records


def synthetic_people(data: OnetData, n: int, seed: int = 1, alt_names: AltNames | None = None) -> list[dict]:
    """People drawn from occupations with replacement: the former title, 2-4 first-person tasks,
    up to 8 tools (some by another name) with levels."""
    rng = np.random.default_rng(seed)
    occupations = list(data.occupations.values())
    records = []
    for i in range(n):
        o = occupations[rng.integers(len(occupations))]
        tasks = [first_person(o.tasks[j]) for j in rng.permutation(len(o.tasks))[: rng.integers(2, 5)]]
        tools = [o.tools[j] for j in rng.permutation(len(o.tools))[:8]]
        if alt_names is not None:
            tools = [(alt_names.other_name(t) or t) if j % 3 == 0 else t for j, t in enumerate(tools)]
        records.append({
            "id": i,
            "title": SENIORITY[rng.integers(len(SENIORITY))] + o.title,
            "description": ". ".join(tasks),
            "skills": tools,
            "skill_levels": {t: int(rng.integers(1, 6)) for t in tools},
        })
    return records
