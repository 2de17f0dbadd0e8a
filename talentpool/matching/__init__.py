"""Skills similarity between people and openings; numpy, scipy and scikit-learn only, never Flask."""

from .matcher import Match, SkillMatcher
from .normalize import normalize_skill

__all__ = ["Match", "SkillMatcher", "normalize_skill"]
