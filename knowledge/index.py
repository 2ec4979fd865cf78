"""An inverted index scoring items by the IDF-weighted share of query features they cover."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["InvertedIndex", "QueryScores"]


class InvertedIndex:
    """Feature → documents postings with IDF weights.

    A document's evidence for a query is the weight (feature kind weight times IDF) of the query
    features it contains. Features the index has never seen count in the query's total with the
    highest IDF, so text about an unknown subject is mostly unknown weight. The cost of a query is
    the length of the postings of its features, not the number of documents.
    """

    def __init__(self, documents: Sequence[Mapping[str, float]], *, max_df_ratio: float = 0.3):
        """Index ``documents``, each a mapping of feature to kind weight.

        Args:
            documents: Features of each document, in document order.
            max_df_ratio: Features found in more than this share of documents (on indexes of
                at least 100 documents) carry no signal and are left out of scoring.
        """
        postings: dict[str, list[int]] = {}
        for doc_id, features in enumerate(documents):
            for feature in features:
                postings.setdefault(feature, []).append(doc_id)
        count = max(len(documents), 1)
        self.size = len(documents)
        self._unknown_idf = math.log(1.0 + count / 0.5)
        limit = max_df_ratio * count if count >= 100 else math.inf
        self._postings = {f: tuple(ids) for f, ids in postings.items() if len(ids) <= limit}
        self._idf = {f: math.log(1.0 + count / len(ids)) for f, ids in self._postings.items()}
        self._common = frozenset(f for f, ids in postings.items() if len(ids) > limit)

    def __contains__(self, feature: str) -> bool:
        return feature in self._postings or feature in self._common

    def idf(self, feature: str) -> float:
        """Return the IDF of ``feature`` (the unknown-feature IDF for one never seen)."""
        return self._idf.get(feature, self._unknown_idf)

    def query_weight(self, query: Mapping[str, float]) -> float:
        """Return the weight of ``query``: kind weight times IDF, unknown features included."""
        return sum(
            kind_weight * self.idf(feature)
            for feature, kind_weight in query.items()
            if feature not in self._common
        )

    def score(self, query: Mapping[str, float]) -> QueryScores:
        """Add up, per document, the weight of the query features it contains.

        Args:
            query: Query features mapped to their kind weight.

        Returns:
            The matched weight by document id, the query's total weight and its known weight.
        """
        total = 0.0
        known = 0.0
        matched: dict[int, float] = {}
        for feature, kind_weight in query.items():
            if feature in self._common:
                continue
            ids = self._postings.get(feature)
            if ids is None:
                total += kind_weight * self._unknown_idf
                continue
            weight = kind_weight * self._idf[feature]
            total += weight
            known += weight
            for doc_id in ids:
                matched[doc_id] = matched.get(doc_id, 0.0) + weight
        return QueryScores(matched=matched, total=total, known=known)


@dataclass(frozen=True, slots=True)
class QueryScores:
    """What one query matched in the index."""

    matched: dict[int, float]
    """Weight of the query features each document contains, by document id."""
    total: float
    """Weight of all the query's features."""
    known: float
    """Weight of the query's features that the index has seen."""

    @property
    def known_share(self) -> float:
        """Share of the query's weight known to the index (low for off-topic text)."""
        return self.known / self.total if self.total > 0 else 0.0
