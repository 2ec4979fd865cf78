"""The knowledge base: loaded items, their index, and search with a decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from knowledge.index import InvertedIndex
from knowledge.lexicon import Lexicon, load_lexicon
from knowledge.loader import load_items
from knowledge.models import Decision, Item, ScoredItem, SearchResult
from knowledge.normalize import Analyzer

__all__ = ["DEFAULT_ITEMS_DIR", "KnowledgeBase", "Thresholds"]

DEFAULT_ITEMS_DIR = Path(__file__).resolve().parent / "items"
FALLBACK_CATEGORY = "other"
SCALE_SAMPLE = 2000
"""How many sample questions the typical question weight is measured on."""
EVIDENCE_SCALE = 1.5
"""Evidence is measured against this many times the weight of a median sample question."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision thresholds on the combined score; chosen from benchmark figures (README)."""

    answer: float = 0.30
    """Top score at or above which the bot may answer with one item..."""
    lead: float = 1.2
    """...provided it is at least this many times the runner-up's score."""
    sure: float = 0.75
    """Top score at which the bot answers whatever the runner-up."""
    suggest: float = 0.20
    """Top score at or above which the bot offers candidates instead of saying it does not know."""
    known_share: float = 0.20
    """Below this share of query weight known to the index, the query is out of scope."""
    rerank_depth: int = 8
    """How many index candidates are rescored."""


@dataclass(frozen=True, slots=True)
class _Weights:
    """How the combined score mixes its signals (they add up to 1)."""

    evidence: float = 0.70
    fuzzy: float = 0.15
    keyword: float = 0.15


@dataclass(frozen=True, slots=True)
class _Entry:
    """What the ranker keeps per item besides the index."""

    questions: tuple[str, ...]
    keywords: tuple[str, ...]


_WEIGHTS = _Weights()


class KnowledgeBase:
    """Items plus an index over their titles, keywords and sample questions."""

    def __init__(
        self,
        items: Sequence[Item],
        *,
        lexicon: Lexicon | None = None,
        thresholds: Thresholds | None = None,
    ) -> None:
        """Index ``items``.

        Args:
            items: The knowledge items (already validated).
            lexicon: Retrieval lexicon; the packaged one by default.
            thresholds: Decision thresholds; the measured defaults by default.
        """
        self.items = tuple(items)
        self.thresholds = thresholds or Thresholds()
        self._by_id = {item.id: item for item in self.items}
        user_words = [w for item in self.items for w in (item.title, *item.keywords)]
        self.analyzer = Analyzer(lexicon or load_lexicon(), user_words=user_words)
        self._entries = [self._entry(item) for item in self.items]
        self.index = InvertedIndex(self._item_features(entry) for entry in self._entries)
        sample = [text for entry in self._entries for text in entry.questions][:SCALE_SAMPLE]
        question_weights = sorted(
            self.index.query_weight(self.analyzer.weighted(self.analyzer.features(text)))
            for text in sample
        )
        median_weight = question_weights[len(question_weights) // 2] if question_weights else 1.0
        self._evidence_scale = EVIDENCE_SCALE * median_weight

    def _entry(self, item: Item) -> _Entry:
        questions = tuple(self.analyzer.normalize(text) for text in (item.title, *item.questions))
        keywords = {self.analyzer.normalize(text) for text in item.keywords} | {questions[0]}
        return _Entry(questions=questions, keywords=tuple(k for k in keywords if len(k) >= 2))

    def _item_features(self, entry: _Entry) -> set[str]:
        # One pass over all the item's texts: features never span a line break.
        return self.analyzer.features("\n".join((*entry.questions, *entry.keywords)))

    @classmethod
    def load(cls, directory: Path = DEFAULT_ITEMS_DIR, **kwargs: object) -> KnowledgeBase:
        """Load, check and index the items in ``directory`` (raises ``KnowledgeError``)."""
        items = load_items(directory, require_topics=directory == DEFAULT_ITEMS_DIR)
        return cls(items, **kwargs)  # type: ignore[arg-type]

    def get(self, item_id: str) -> Item | None:
        """Return the item with ``item_id``, or ``None``."""
        return self._by_id.get(item_id)

    def search(self, text: str, limit: int = 3) -> SearchResult:
        """Find the items answering ``text`` and decide what to do.

        Args:
            text: The resident's question, as typed.
            limit: The most candidates to return.

        Returns:
            The decision, up to ``limit`` ranked candidates and the likely category.
        """
        limits = self.thresholds
        normalized = self.analyzer.normalize(text)
        features = self.analyzer.weighted(self.analyzer.features(normalized))
        found = self.index.score(features)
        # Long messages carry many words unrelated to the question: evidence is measured against
        # the weight of a typical full question, not against everything the resident wrote.
        scale = min(found.total, self._evidence_scale) or 1.0
        ranked = sorted(found.matched.items(), key=lambda pair: pair[1], reverse=True)
        scored = [
            ScoredItem(
                item=self.items[doc_id],
                score=round(self._rescore(doc_id, matched / scale, normalized), 4),
            )
            for doc_id, matched in ranked[: limits.rerank_depth]
        ]
        scored.sort(key=lambda candidate: candidate.score, reverse=True)
        out_of_scope = self.analyzer.out_of_scope_terms(normalized)
        decision = self._decide(scored, found.known_share, out_of_scope)
        candidates = tuple(scored[:limit])
        category = FALLBACK_CATEGORY
        if candidates and (
            decision is not Decision.UNKNOWN
            or (not out_of_scope and candidates[0].score >= limits.suggest)
        ):
            category = candidates[0].item.category
        return SearchResult(query=text, decision=decision, candidates=candidates, category=category)

    def _rescore(self, doc_id: int, evidence: float, normalized: str) -> float:
        """Combine index evidence, the fuzzy match to a sample question and keyword hits."""
        entry = self._entries[doc_id]
        fuzzy = process.extractOne(
            normalized, entry.questions, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=0
        )
        padded = f" {normalized} "
        longest = max(
            (len(k) for k in entry.keywords if (f" {k} " if k.isascii() else k) in padded),
            default=0,
        )
        weights = _WEIGHTS
        return (
            weights.evidence * min(1.0, evidence)
            + weights.fuzzy * (fuzzy[1] / 100.0 if fuzzy is not None else 0.0)
            + weights.keyword * min(1.0, longest / 4)
        )

    def _decide(
        self, scored: Sequence[ScoredItem], known_share: float, out_of_scope: Sequence[str]
    ) -> Decision:
        limits = self.thresholds
        if not scored or known_share < limits.known_share:
            return Decision.UNKNOWN
        top = scored[0].score
        runner_up = scored[1].score if len(scored) > 1 else 0.0
        if out_of_scope and top < limits.sure:
            return Decision.UNKNOWN
        if top >= limits.sure or (top >= limits.answer and top >= limits.lead * runner_up):
            return Decision.ANSWER
        if top >= limits.suggest:
            return Decision.SUGGEST
        return Decision.UNKNOWN
