"""Skills similarity between people and openings; numpy, scipy and scikit-learn only, never Flask."""

from .matcher import EncodedCandidates, Match, SkillMatcher
from .normalize import normalize_skill
from .space import ARTIFACT_VERSION, default_space
from .vocabulary import CanonicalSkill


def canonical_skill(name: str) -> CanonicalSkill:
    """The vocabulary's canonical skill for a name ("MS Excel" -> "Microsoft Excel")."""
    return default_space().vocabulary.lookup(name)


__all__ = [
    "ARTIFACT_VERSION",
    "CanonicalSkill",
    "EncodedCandidates",
    "Match",
    "SkillMatcher",
    "canonical_skill",
    "default_space",
    "normalize_skill",
]
