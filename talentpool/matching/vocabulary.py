"""The skills vocabulary: synonyms and alternative labels map to one canonical skill.

The vocabulary is derived offline (`python -m talentpool.matching.build`) from O*NET technology
skills (examples grouped by commodity category), ESCO skills with their alternative labels, and the
small curated tables below; at run time it is read from `data/skills-vocabulary-v2.json`. A name
the vocabulary does not know still works: its key is the string-folded `normalize_skill` form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .normalize import normalize_skill

# Whole-word rewrites tried when a name is not in the vocabulary as written: abbreviations and
# everyday variants ("MS Excel" -> "microsoft excel", "client support" -> "customer support").
WORD_ALIASES = {
    "ms": "microsoft",
    "msft": "microsoft",
    "client": "customer",
    "clients": "customer",
    "consumer": "customer",
    "ppt": "powerpoint",
    "mgmt": "management",
    "dev": "development",
    "admin": "administration",
    "aws": "amazon web services aws",
    "gcp": "google cloud platform",
}

# Skills that people name every day but the taxonomies spell differently or lack, as
# canonical name -> (O*NET commodity category or None, aliases). Zendesk and the newer
# customer-service suites are absent from O*NET, so they join the category O*NET files the
# Salesforce products under.
_CRM = "Customer relationship management CRM software"
CURATED_SKILLS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "Customer service": (None, ("customer support", "customer care", "customer services", "support customers",
                                "client service", "customer success", "help desk support")),
    "Written communication": (None, ("writing", "written communications", "business writing")),
    "Data analysis": (None, ("data analytics", "analyse data", "analyze data", "data analyses")),
    "Legal research": (None, ("law research",)),
    "Contract drafting": (None, ("drafting contracts", "contract writing")),
    "Project management": (None, ("managing projects", "project planning")),
    "Zendesk": (_CRM, ("zendesk support", "zendesk suite")),
    "Salesforce Service Cloud": (_CRM, ("service cloud", "salesforce service")),
    "Freshdesk": (_CRM, ()),
    "HubSpot": (_CRM, ("hubspot crm",)),
    "Intercom": (_CRM, ()),
    "Spreadsheet software": ("Spreadsheet software", ("spreadsheet", "spreadsheets")),
    "Structured query language SQL": (None, ("sql", "structured query language")),
    "JavaScript": (None, ("js", "ecmascript")),
    "Kubernetes": (None, ("k8s",)),
    "PostgreSQL": (None, ("postgres",)),
    "Microsoft Excel": (None, ("excel",)),
    "Microsoft Word": (None, ("word",)),
    "Microsoft PowerPoint": (None, ("powerpoint",)),
    "Thomson Reuters Westlaw": (None, ("westlaw",)),
}

# Vendor names dropped from the front of a product name to make another alias
# ("Microsoft Excel" -> "Excel"), when what is left is unambiguous and not an everyday word.
VENDORS = (
    "Microsoft", "Adobe", "Oracle", "IBM", "SAP", "Google", "Apple", "Autodesk", "Atlassian", "Amazon",
    "Apache", "Cisco", "Intuit", "Corel", "Salesforce", "Salesforce.com", "Thomson Reuters", "Thomson",
    "Bentley", "Siemens", "ESRI", "Sage", "Epic", "Cerner", "Dassault Systemes", "Hewlett Packard",
    "HP", "Red Hat", "VMware", "Meta", "Facebook", "Trimble", "SAS", "Infor", "Workday",
)
LOOKUP_CACHE_SIZE = 200_000
GENERIC_SUFFIXES = (" software", " program", " programs", " system", " systems")


@dataclass(frozen=True)
class CanonicalSkill:
    """A skill as the vocabulary knows it: its key, display name and category (None: none)."""

    key: str
    name: str
    category: str | None


class SkillVocabulary:
    """Canonical skills, their categories, and the alias keys that lead to them."""

    def __init__(self, names: list[str], categories: list[str], skill_category: list[int],
                 aliases: dict[str, int]) -> None:
        self.names = names
        self.categories = categories
        self._skill_category = skill_category
        self._aliases = aliases
        self._keys = [normalize_skill(n) for n in names]
        self._cache: dict[str, CanonicalSkill] = {}

    @classmethod
    def load(cls, path: str | Path) -> "SkillVocabulary":
        """Read a vocabulary written by `to_json`."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        skills = data["skills"]
        return cls([s[0] for s in skills], data["categories"], [s[1] for s in skills], data["aliases"])

    def to_json(self, version: int, provenance: dict) -> str:
        """Serialise compactly: skills as [name, category index or -1], aliases as key -> skill index."""
        skills = [[n, c] for n, c in zip(self.names, self._skill_category)]
        payload = {"version": version, "provenance": provenance, "categories": self.categories,
                   "skills": skills, "aliases": dict(sorted(self._aliases.items()))}
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))

    def __len__(self) -> int:
        return len(self.names)

    @property
    def alias_count(self) -> int:
        return len(self._aliases)

    def lookup(self, name: str) -> CanonicalSkill:
        """The canonical skill for a name, or the name itself (string-folded) when unknown."""
        found = self._cache.get(name)
        if found is None:
            found = self._lookup(name)
            if len(self._cache) < LOOKUP_CACHE_SIZE:  # names repeat across people: look each up once
                self._cache[name] = found
        return found

    def _lookup(self, name: str) -> CanonicalSkill:
        key = normalize_skill(name)
        index = self._aliases.get(key)
        if index is None and key:
            rewritten = " ".join(WORD_ALIASES.get(word, word) for word in key.split())
            index = self._aliases.get(normalize_skill(rewritten))
        if index is None:
            return CanonicalSkill(key, name, None)
        category = self._skill_category[index]
        category_name = self.categories[category] if category >= 0 else None
        return CanonicalSkill(self._keys[index], self.names[index], category_name)
