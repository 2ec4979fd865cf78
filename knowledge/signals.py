"""The signals a candidate item's score is made of, and how they combine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "KEYWORD_QUERY_CHARS",
    "MAX_SCORE",
    "Signals",
    "coverage",
    "is_keyword",
    "prevalence",
    "term_rank",
    "word_counts",
]


@dataclass(frozen=True, slots=True)
class _Weights:
    """How the combined score mixes its signals (the first three add up to 1)."""

    evidence: float = 0.70
    fuzzy: float = 0.15
    keyword: float = 0.15
    prevalence: float = 0.10
    """A bonus beyond 1, for one-word queries only: see ``prevalence``."""
    coverage: float = 0.30
    """A bonus beyond 1: see ``coverage``."""
    terms: float = 0.30
    """A penalty below the candidate with the best term-frequency rank: see ``term_rank``."""
    model: float = 0.16
    """A bonus beyond 1: the candidate's share of the character model's posterior (see
    ``knowledge.characters``). The posterior is all but certain of one candidate, so this
    is how much the model alone can widen a lead: at 0.20 it made answers of questions the
    other signals left a near tie (ret9: 0.16 turns about as many wrong answers into
    suggestions as right ones, those with the right item first)."""
    asked: float = 0.30
    """A penalty below the candidate the main question points to most: see ``Signals.asked``."""
    focused: float = 0.60
    """The same penalty where the main question names itself the main one (我主要想问…,
    ``knowledge.sentences.is_focused``): the resident has said which matter is asked about."""


_WEIGHTS = _Weights()
MAX_SCORE = (
    _WEIGHTS.evidence
    + _WEIGHTS.fuzzy
    + _WEIGHTS.keyword
    + _WEIGHTS.prevalence
    + _WEIGHTS.coverage
    + _WEIGHTS.model
)
"""The highest combined score: 1 plus the bonuses."""


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
    coverage: float = 0.0
    """How often the item's sample questions use the query's words (see ``coverage``)."""
    terms: float = 1.0
    """The item's BM25 over the query's words, against the best candidate's (see ``term_rank``)."""
    model: float = 0.0
    """The item's share of the character model's posterior over the candidates."""
    asked: float = 1.0
    """How much the main question of a story (``knowledge.sentences.main_question``) points to
    the item, against the candidate it points to most (1 for a text with none apart)."""
    focused: bool = False
    """Whether that main question names itself the main one (我主要想问…): it weighs more."""

    @property
    def score(self) -> float:
        """The combined score."""
        weights = _WEIGHTS
        asked = weights.focused if self.focused else weights.asked
        return self.base + weights.model * self.model - asked * (1.0 - self.asked)

    @property
    def base(self) -> float:
        """The combined score without the character model's share.

        It is the evidence of the index, the sample questions and the keywords alone.
        """
        weights = _WEIGHTS
        return (
            weights.evidence * self.evidence
            + weights.fuzzy * self.fuzzy
            + weights.keyword * min(1.0, len(self.keyword) / 4)
            + weights.prevalence * self.prevalence
            + weights.coverage * self.coverage
            - weights.terms * (1.0 - self.terms)
        )


KEYWORD_QUERY_CHARS = 4
"""A query of one word this long at most is a keyword: it names a subject, not a question."""


def is_keyword(normalized: str) -> bool:
    """Return whether a canonical query is one bare keyword (工资, 补偿), not a question."""
    return " " not in normalized and 2 <= len(normalized) <= KEYWORD_QUERY_CHARS


def prevalence(normalized: str, questions: Sequence[str]) -> float:
    """Return the share of an item's sample questions holding a one-word query (else 0).

    A bare keyword such as 工资 is in many items; the item whose questions are mostly about it
    (拖欠工资) is the one a resident most likely means.
    """
    if not is_keyword(normalized) or not questions:
        return 0.0
    return sum(normalized in question for question in questions) / len(questions)


SATURATION = 1.2
"""How fast repeated use of a word in an item's questions stops adding (BM25's k1)."""


def coverage(
    words: Sequence[tuple[str, float]], text: str, frequencies: Sequence[int] | None = None
) -> float:
    """Return how much of the query's word weight an item's canonical text uses, 0-1.

    Each query word counts by its weight times a saturating function of how often the item's
    sample questions and keywords use it, as BM25 counts term frequency: an item asked about
    in these words again and again beats one that mentions them once.

    Args:
        words: The query's distinct words with their index weights.
        text: The item's canonical text (sample questions and keywords, one per line).
        frequencies: How often ``text`` holds each word, if already counted.
    """
    total = sum(weight for _, weight in words)
    if total <= 0 or not text:
        return 0.0
    k1 = SATURATION
    gained = 0.0
    for (_, weight), frequency in zip(words, frequencies or word_counts(words, text), strict=True):
        if weight > 0:
            gained += weight * frequency / (frequency + k1)
    return gained / total


LENGTH_NORM = 0.75
"""How much a long item's term counts are discounted for its length (BM25's b)."""


def word_counts(words: Sequence[tuple[str, float]], text: str) -> list[int]:
    """Return how often ``text`` holds each of the weighted words (0 for a weightless one)."""
    return [text.count(word) if weight > 0 else 0 for word, weight in words]


def term_rank(
    words: Sequence[tuple[str, float]],
    text: str,
    average_length: float,
    frequencies: Sequence[int] | None = None,
) -> float:
    """Return an item's Okapi BM25 score over the query's words (not yet relative).

    Args:
        words: The query's distinct words with their index weights (IDF times kind weight).
        text: The item's canonical text.
        average_length: The mean length of the items' canonical texts.
        frequencies: How often ``text`` holds each word, if already counted.
    """
    if not text or average_length <= 0:
        return 0.0
    k1, b = SATURATION, LENGTH_NORM
    norm = k1 * (1 - b + b * len(text) / average_length)
    total = 0.0
    for (_, weight), frequency in zip(words, frequencies or word_counts(words, text), strict=True):
        if weight > 0:
            total += weight * frequency * (k1 + 1) / (frequency + norm)
    return total
