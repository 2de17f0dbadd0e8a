"""Canonical keys for skill names, so "Customer-Service" and "customer services" are one skill."""

import re
import unicodedata
from functools import lru_cache

# Everything except letters, digits, "+" and "#" separates words: "C++" and "C#" must stay distinct from "C".
_SEPARATORS = re.compile(r"[^\w+#]+|_+")
_APOSTROPHES = re.compile(r"['\u2019]")

# Singulars that would come out wrong from the suffix rules below.
_IRREGULAR_PLURALS = {
    "apis": "api",
    "caches": "cache",
    "cookies": "cookie",
    "movies": "movie",
    "niches": "niche",
}
# Words ending in "s" that are not plurals, or whose plural form is the name people use.
_NOT_PLURALS = frozenset({"devops", "jenkins", "kubernetes", "news", "pandas", "sales", "series", "species", "windows"})
# "business", "status", "analysis", "macos", "analytics": an "s" here is part of the singular.
_SINGULAR_ENDINGS = ("ss", "us", "is", "os", "ics")


def normalize_skill(name: str) -> str:
    """Return the canonical key of a skill name; "" when nothing is left of it."""
    text = unicodedata.normalize("NFKC", name).casefold()
    words = _SEPARATORS.sub(" ", _APOSTROPHES.sub("", text)).split()
    if words:
        words[-1] = singular(words[-1])
    return " ".join(words)


@lru_cache(maxsize=200_000)
def singular(word: str) -> str:
    """Fold a regular English plural of one word ("analyses" -> "analysis"); skill names fold
    their last word only ("data analyses" -> "data analysis"), texts every word.

    Rules, in order: irregulars; short, non-alphabetic or listed words untouched; -ies -> -y;
    -sses -> -ss; -yses/-eses -> -ysis/-esis; -xes/-ches/-shes -> drop "es"; singular endings
    (-ss -us -is -os -ics) untouched; otherwise drop a final "s".
    """
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if len(word) <= 3 or not word.isalpha() or word in _NOT_PLURALS or not word.endswith("s"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith(("yses", "eses")):
        return word[:-2] + "is"
    if word.endswith(("xes", "ches", "shes")):
        return word[:-2]
    if word.endswith(_SINGULAR_ENDINGS):
        return word
    return word[:-1]
