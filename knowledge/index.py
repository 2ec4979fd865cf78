"""An inverted index weighting each query feature by IDF and adding up what each document holds."""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["InvertedIndex", "QueryScores"]


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


class InvertedIndex:
    """Feature → documents postings with IDF weights.

    A document's evidence for a query is the weight (feature kind weight times IDF) of the query
    features it contains. Features the index has never seen count in the query's total with the
    highest IDF, so text about an unknown subject is mostly unknown weight. The cost of a query is
    the length of the postings of its features, not the number of documents.
    """

    def __init__(self, documents: Iterable[Iterable[str]], *, max_df_ratio: float = 0.05) -> None:
        """Index ``documents``, each given by its features; consumed one at a time.

        Args:
            documents: The features of each document (no repeats), in document order.
            max_df_ratio: Features found in more than this share of documents (on indexes of
                at least 100 documents) carry no signal and are left out of scoring.
        """
        postings: dict[str, array[int]] = {}
        count = 0
        for doc_id, features in enumerate(documents):
            count += 1
            for feature in features:
                ids = postings.get(feature)
                if ids is None:
                    postings[feature] = array("I", (doc_id,))
                else:
                    ids.append(doc_id)
        self.size = count
        self._count = max(count, 1)
        self._unknown_idf = math.log(1.0 + self._count / 0.5)
        limit = max_df_ratio * self._count if self._count >= 100 else math.inf
        self._common = frozenset(f for f, ids in postings.items() if len(ids) > limit)
        for feature in self._common:
            del postings[feature]
        self._postings = postings

    def __contains__(self, feature: str) -> bool:
        return feature in self._postings or feature in self._common

    def idf(self, feature: str) -> float:
        """Return the IDF of ``feature`` (the unknown-feature IDF for one never seen)."""
        ids = self._postings.get(feature)
        return self._unknown_idf if ids is None else math.log(1.0 + self._count / len(ids))

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
            weight = kind_weight * math.log(1.0 + self._count / len(ids))
            total += weight
            known += weight
            for doc_id in ids:
                matched[doc_id] = matched.get(doc_id, 0.0) + weight
        return QueryScores(matched=matched, total=total, known=known)
