"""Roles of the demo company, derived from O*NET: titles, descriptions, tools and tasks.

The data file is built offline by `python -m talentpool.demo_data.build` and shipped with the
package; see README.md beside it for its provenance and the O*NET attribution.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FORMAT_VERSION = 1
ROLES_FILE = Path(__file__).resolve().parent / "onet_roles.json.gz"
ATTRIBUTION = (
    "This file is derived from the O*NET 29.x Database by the U.S. Department of Labor, Employment and "
    "Training Administration (USDOL/ETA), used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA."
)


@dataclass(frozen=True)
class Tool:
    """A technology skill of an occupation, as O*NET flags it."""

    name: str
    hot: bool
    in_demand: bool


@dataclass(frozen=True)
class OnetRole:
    """An O*NET occupation as a job in the demo company: the title people use, its department and
    relative headcount, O*NET's description, tools (best first) and core tasks."""

    code: str
    title: str
    onet_title: str
    department: str
    weight: int
    description: str
    tools: tuple[Tool, ...]
    tasks: tuple[str, ...]

    @property
    def tool_names(self) -> tuple[str, ...]:
        return tuple(tool.name for tool in self.tools)


@lru_cache(maxsize=1)
def load_roles(path: Path = ROLES_FILE) -> dict[str, OnetRole]:
    """The roles file, by O*NET code, in the file's order."""
    content = json.loads(gzip.decompress(path.read_bytes()))
    if content["version"] != FORMAT_VERSION:
        raise ValueError(f"{path.name} has format {content['version']}, expected {FORMAT_VERSION}; rebuild it")
    return {
        r["code"]: OnetRole(
            code=r["code"],
            title=r["title"],
            onet_title=r["onet_title"],
            department=r["department"],
            weight=r["weight"],
            description=r["description"],
            tools=tuple(Tool(*tool) for tool in r["tools"]),
            tasks=tuple(r["tasks"]),
        )
        for r in content["roles"]
    }
