"""An inverted index weighting each query feature by IDF and adding up what each document holds.

Postings are kept in compressed sparse rows: the sorted distinct feature keys, where each
key's documents start, and the documents one after another (two bytes each, four above 65,536
documents). Building sorts (key, document) pairs packed into one 64-bit integer, one part of
the keys at a time, so memory holds the pairs of one part at most.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from knowledge.arrays import in_sorted, range_positions

__all__ = ["DOCUMENT_BITS", "IndexPart", "InvertedIndex", "QueryScores"]

DOCUMENT_BITS = 20
"""Documents are numbered below ``2 ** DOCUMENT_BITS``; keys fit in the other 44 bits."""
_DOCUMENT_MASK = np.uint64((1 << DOCUMENT_BITS) - 1)
_SHIFT = np.uint64(DOCUMENT_BITS)
_BLOCK = 1 << 16
"""Elements handled per step when unpacking, so no full-size temporary array is made."""

Keys = npt.NDArray[np.uint64]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class QueryScores:
    """What one query matched in the index."""

    scores: Floats
    """Weight of the query features each document contains, by document number."""
    total: float
    """Weight of all the query's features."""
    known: float
    """Weight of the query's features that the index has seen."""

    @property
    def known_share(self) -> float:
        """Share of the query's weight known to the index (low for off-topic text)."""
        return self.known / self.total if self.total > 0 else 0.0

    def top(self, count: int) -> list[tuple[int, float]]:
        """Return up to ``count`` matched documents and their weight, best first.

        Ties go to the lower document number; documents tied with the last one kept are
        decided the same way, so the result does not depend on the sort algorithm.
        """
        matched = np.flatnonzero(self.scores)
        weights = self.scores[matched]
        if len(matched) > count > 0:
            cutoff = np.partition(weights, len(weights) - count)[len(weights) - count]
            keep = weights >= cutoff
            matched, weights = matched[keep], weights[keep]
        order = np.lexsort((matched, -weights))[:count]
        return [
            (int(doc), float(weight))
            for doc, weight in zip(matched[order], weights[order], strict=True)
        ]


@dataclass(frozen=True, slots=True)
class IndexPart:
    """Some of an index's features: every (feature, document) pair of a range of keys."""

    batches: Iterable[tuple[Keys, npt.NDArray[np.integer]]]
    """Pairs of arrays: feature keys (below ``2 ** 44``) and, for each key, the number of the
    document holding it. All of a document's keys come in one batch; repeats are ignored."""
    pairs_hint: int = 0
    """About how many distinct pairs the part holds at most. Room for that many is reserved
    at once (pages never written cost nothing), so a good hint saves copying as pairs come."""


class InvertedIndex:
    """Feature → documents postings with IDF weights.

    A document's evidence for a query is the weight (the feature's kind weight times its IDF)
    of the query features it contains. Features the index has never seen count in the query's
    total with the highest IDF, so text about an unknown subject is mostly unknown weight. The
    cost of a query is the length of the postings of its features, not the number of documents.
    """

    def __init__(
        self, parts: Iterable[IndexPart], *, size: int, max_df_ratio: float = 0.05
    ) -> None:
        """Index the features of ``size`` documents, given in parts.

        Each part holds every posting of its keys, and its keys are all greater than those of
        the parts before it: parts are indexed one after the other, so only one part's
        (feature, document) pairs are ever held at once.

        Args:
            parts: The parts, in key order.
            size: The number of documents, those without features included.
            max_df_ratio: Features found in more than this share of documents (on indexes of
                at least 100 documents) carry no signal and are left out of scoring.
        """
        if size >= 1 << DOCUMENT_BITS:
            raise ValueError(f"an index holds fewer than {1 << DOCUMENT_BITS} documents")
        self.size = size
        self._count = max(size, 1)
        self._unknown_idf = math.log(1.0 + self._count / 0.5)
        limit = max_df_ratio * self._count if self._count >= 100 else math.inf
        document_type = np.uint16 if size <= 1 << 16 else np.uint32
        keys: Keys = np.zeros(0, dtype=np.uint64)
        starts = np.zeros(1, dtype=np.int64)
        postings: npt.NDArray[np.unsignedinteger] = np.zeros(0, dtype=document_type)
        common: list[Keys] = []
        for part in parts:
            part_keys, part_frequency, part_postings = _grouped(_packed_pairs(part), document_type)
            del part
            if len(keys) and len(part_keys) and part_keys[0] <= keys[-1]:
                raise ValueError("each part's keys must be above those of the parts before it")
            rare = part_frequency <= limit
            if not rare.all():
                part_postings = part_postings[np.repeat(rare, part_frequency)]
            common.append(part_keys[~rare])
            part_starts = starts[-1] + np.cumsum(part_frequency[rare], dtype=np.int64)
            keys = _extended(keys, part_keys[rare])
            starts = _extended(starts, part_starts)
            postings = _extended(postings, part_postings)
        self._keys = keys
        # Half the size where the postings allow it (any index of 10,000s of items does).
        self._starts: npt.NDArray[np.integer] = (
            starts.astype(np.uint32) if starts[-1] < np.iinfo(np.uint32).max else starts
        )
        del starts
        self._postings = postings
        self._common: Keys = np.concatenate(common) if common else keys[:0].copy()

    @property
    def postings_count(self) -> int:
        """How many (feature, document) pairs are indexed."""
        return len(self._postings)

    def __contains__(self, key: int) -> bool:
        return bool(self.knows(np.array([key], dtype=np.uint64))[0])

    def knows(self, keys: Keys) -> npt.NDArray[np.bool_]:
        """Return which ``keys`` some document holds (common features included)."""
        return self._lookup(keys)[0] | in_sorted(keys, self._common)

    def known_keys(self, low: int, high: int) -> Keys:
        """Return the keys from ``low`` up to ``high`` (excluded) that some document holds."""
        bounds = np.array([low, high], dtype=np.uint64)
        held = self._keys[slice(*np.searchsorted(self._keys, bounds).tolist())]
        common = self._common[slice(*np.searchsorted(self._common, bounds).tolist())]
        return np.sort(np.concatenate((held, common))) if len(common) else held.copy()

    def _lookup(self, keys: Keys) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.intp]]:
        """Return which ``keys`` the index holds postings for, and the rows of those held."""
        rows = np.searchsorted(self._keys, keys)
        inside = rows < len(self._keys)
        held = np.zeros(len(keys), dtype=bool)
        held[inside] = self._keys[rows[inside]] == keys[inside]
        return held, rows[held]

    def weigh(self, keys: Keys, kind_weights: Floats) -> tuple[Floats, npt.NDArray[np.bool_]]:
        """Return each key's weight (kind weight times IDF; 0 for a common one) and which are held.

        Args:
            keys: Feature keys, each weighed on its own.
            kind_weights: The weight of each key's kind of feature.
        """
        held, rows = self._lookup(keys)
        return self._weights(keys, kind_weights, held, rows), held

    def _weights(
        self,
        keys: Keys,
        kind_weights: Floats,
        held: npt.NDArray[np.bool_],
        rows: npt.NDArray[np.intp],
    ) -> Floats:
        frequency = self._starts[rows + 1] - self._starts[rows]
        idf = np.full(len(keys), self._unknown_idf)
        idf[held] = np.log1p(self._count / frequency)
        weights: Floats = kind_weights * idf
        if len(self._common):
            weights[in_sorted(keys, self._common)] = 0.0
        return weights

    def score(self, keys: Keys, kind_weights: Floats) -> QueryScores:
        """Add up, per document, the weight of the query features it contains.

        Args:
            keys: The query's distinct feature keys.
            kind_weights: The weight of each key's kind of feature.

        Returns:
            The matched weight by document, the query's total weight and its known weight.
        """
        held, rows = self._lookup(keys)
        weights = self._weights(keys, kind_weights, held, rows)
        starts = self._starts[rows].astype(np.intp)
        lengths = self._starts[rows + 1].astype(np.intp) - starts
        scores: Floats = np.bincount(
            self._postings[range_positions(starts, lengths)],  # the held keys' postings
            weights=np.repeat(weights[held], lengths),
            minlength=self.size,
        ).astype(np.float64, copy=False)
        return QueryScores(
            scores=scores, total=float(weights.sum()), known=float(weights[held].sum())
        )


_Scalar = TypeVar("_Scalar", bound=np.generic)


def _extended(array: npt.NDArray[_Scalar], tail: npt.NDArray[_Scalar]) -> npt.NDArray[_Scalar]:
    """Return ``array`` with ``tail`` appended, grown in place where the allocator can.

    Growing a large array is a ``realloc``, which moves pages rather than copying bytes: the
    index grows part by part without holding two copies of itself. ``array`` must own its
    data and have no views.
    """
    length = len(array)
    array.resize(length + len(tail), refcheck=False)
    array[length:] = tail
    return array


def _first_of_each(ordered: Keys) -> npt.NDArray[np.bool_]:
    """Mark the first of each run of equal values in a sorted array."""
    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return first


def _packed_pairs(part: IndexPart) -> Keys:
    """Return the distinct (key, document) pairs of ``part``, packed and sorted.

    The pairs of each batch are sorted and appended to one buffer, reserved at the part's
    hint: its untouched pages cost no memory, and no batch is held after it is appended.
    """
    pairs = np.empty(max(part.pairs_hint, 1024), dtype=np.uint64)
    filled = 0
    for keys, documents in part.batches:
        packed = (keys << _SHIFT) | documents.astype(np.uint64)
        packed.sort()
        packed = packed[_first_of_each(packed)]
        if filled + len(packed) > len(pairs):  # a hint too low: grow, as a list would
            grown = np.empty(max(2 * len(pairs), filled + len(packed)), dtype=np.uint64)
            grown[:filled] = pairs[:filled]
            pairs = grown
        pairs[filled : filled + len(packed)] = packed
        filled += len(packed)
    merged = pairs[:filled]
    # The batches' sorted runs are merged: a stable sort (timsort) finds the runs, which the
    # default introsort does not (measured 0.09 against 0.17 s a bigram part at 10,000 items).
    # Equal numbers are the same in either order.
    merged.sort(kind="stable")
    return merged


def _grouped(
    packed: Keys, document_type: type[np.unsignedinteger]
) -> tuple[Keys, npt.NDArray[np.uint32], npt.NDArray[np.unsignedinteger]]:
    """Unpack sorted pairs into distinct keys, each key's document count, and the documents.

    Consumes ``packed``, which is shifted in place.
    """
    documents = np.empty(len(packed), dtype=document_type)
    for start in range(0, len(packed), _BLOCK):
        documents[start : start + _BLOCK] = packed[start : start + _BLOCK] & _DOCUMENT_MASK
    packed >>= _SHIFT
    firsts = np.flatnonzero(_first_of_each(packed))
    keys = packed[firsts]
    frequency = np.empty(len(firsts), dtype=np.uint32)
    np.subtract(firsts[1:], firsts[:-1], out=frequency[:-1], casting="unsafe")
    frequency[-1:] = len(packed) - firsts[-1:]
    return keys, frequency, documents
