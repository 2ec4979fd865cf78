"""Typed models of knowledge items and search results."""

from __future__ import annotations

import datetime as dt
import re
import weakref
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "ANSWER_MAX_CHARS",
    "LOCAL_PLACEHOLDERS",
    "Category",
    "Decision",
    "Item",
    "LegalBasis",
    "ScoredItem",
    "SearchResult",
]

ANSWER_MAX_CHARS = 650
"""Upper bound on the visible characters of an answer (tags excluded): readable on a phone."""

LOCAL_PLACEHOLDERS = frozenset({"centre_address", "centre_hours", "centre_phone"})
"""Local facts an answer may mention as ``{name}``; a deployment fills them from configuration."""

_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Category(BaseModel):
    """A consultation category, as listed in ``categories.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label: str


class LegalBasis(BaseModel):
    """One statute article an answer rests on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    law: str = Field(min_length=2)
    article: str = Field(min_length=2)

    def __str__(self) -> str:
        return f"《{self.law}》{self.article}"


_LEGAL_BASES: weakref.WeakValueDictionary[tuple[str, str], LegalBasis] = (
    weakref.WeakValueDictionary()
)
"""One instance of each article items cite, while some item cites it."""


def _shared(basis: LegalBasis) -> LegalBasis:
    """Return the one instance of ``basis`` items share (it is frozen: sharing is invisible).

    Many items cite the same articles; at 10,000 items some 110,000 citations name a few
    hundred articles, and one model instance each cost 65 MiB (``benchmarks/retrieval_speed.py``).
    """
    return _LEGAL_BASES.setdefault((basis.law, basis.article), basis)


class Item(BaseModel):
    """One publicized rule-of-law item: the answer to a family of resident questions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_ID_PATTERN)
    title: str = Field(min_length=2)
    category: str
    questions: tuple[str, ...] = Field(min_length=5)
    keywords: tuple[str, ...] = ()
    answer: str
    legal_basis: tuple[LegalBasis, ...] = Field(min_length=1)
    source: str = Field(min_length=2)
    updated: dt.date
    reviewed: dt.date | None = None
    """When the answer was last checked against the statutes, if later than ``updated``."""
    related: tuple[str, ...] = ()
    channel: bool = False
    """Whether the item is a way to pursue a matter (arbitration, mediation, legal aid, a
    complaint or a suit), not a matter itself: a story's question naming it (我去仲裁能拿回钱吗)
    does not take the answer from the matter the story tells (``KnowledgeBase``)."""

    @property
    def review_date(self) -> dt.date:
        """The day the item was last checked against the law: ``reviewed`` or else ``updated``."""
        return max(self.updated, self.reviewed) if self.reviewed else self.updated

    @field_validator("answer")
    @classmethod
    def _answer_not_empty(cls, value: str) -> str:
        if not visible_text(value).strip():
            raise ValueError("answer is empty")
        return value.strip()

    @field_validator("legal_basis")
    @classmethod
    def _share_legal_basis(cls, value: tuple[LegalBasis, ...]) -> tuple[LegalBasis, ...]:
        return tuple(map(_shared, value))

    @field_validator("questions", "keywords")
    @classmethod
    def _no_blank_entries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not entry.strip() for entry in value):
            raise ValueError("blank entry")
        return tuple(entry.strip() for entry in value)


class Decision(StrEnum):
    """What the bot should do with a query."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    UNKNOWN = "unknown"


class ScoredItem(BaseModel):
    """An item with its relevance score in [0, 1]."""

    model_config = ConfigDict(frozen=True)

    item: Item
    score: float


class SearchResult(BaseModel):
    """The outcome of one search: a decision, ranked candidates and a likely category."""

    model_config = ConfigDict(frozen=True)

    query: str
    decision: Decision
    candidates: tuple[ScoredItem, ...]
    category: str
    also: tuple[ScoredItem, ...] = ()
    """With an answer: other matters the question raises, to offer as buttons beside it."""

    @property
    def top(self) -> ScoredItem | None:
        """The best candidate, or ``None`` when nothing matched at all."""
        return self.candidates[0] if self.candidates else None


_TAG = re.compile(r"<[^>]+>")


def visible_text(html: str) -> str:
    """Return ``html`` without tags, as a reader would see it (entities left as is)."""
    return _TAG.sub("", html)
