"""The signals a candidate item's score is made of, and how they combine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["KEYWORD_QUERY_CHARS", "Signals", "prevalence"]


@dataclass(frozen=True, slots=True)
class _Weights:
    """How the combined score mixes its signals (the first three add up to 1)."""

    evidence: float = 0.70
    fuzzy: float = 0.15
    keyword: float = 0.15
    prevalence: float = 0.10
    """A bonus beyond 1, for one-word queries only: see ``prevalence``."""


_WEIGHTS = _Weights()


@dataclass(frozen=True, slots=True)
class Signals:
    """What one candidate item's score is made of (see ``KnowledgeBase.explain``)."""

    evidence: float
    """Index evidence: weight of the query features the item holds, against a typical question."""
    fuzzy: float
    """Fuzzy similarity (0-1) to the item's closest sample question..."""
    question: str
    """...which is this one (canonical form)."""
    keyword: str
    """The longest item keyword found in the query ("" for none)."""
    prevalence: float
    """For a one-word query: the share of the item's sample questions holding it."""

    @property
    def score(self) -> float:
        """The combined score."""
        weights = _WEIGHTS
        return (
            weights.evidence * self.evidence
            + weights.fuzzy * self.fuzzy
            + weights.keyword * min(1.0, len(self.keyword) / 4)
            + weights.prevalence * self.prevalence
        )


KEYWORD_QUERY_CHARS = 4
"""A query of one word this long at most is a keyword: it names a subject, not a question."""


def prevalence(normalized: str, questions: Sequence[str]) -> float:
    """Return the share of an item's sample questions holding a one-word query (else 0).

    A bare keyword such as 工资 is in many items; the item whose questions are mostly about it
    (拖欠工资) is the one a resident most likely means.
    """
    if " " in normalized or not 2 <= len(normalized) <= KEYWORD_QUERY_CHARS or not questions:
        return 0.0
    return sum(normalized in question for question in questions) / len(questions)
