"""Which of a query's candidate items its characters point to: a naive Bayes model.

Each candidate item is a bag of the characters and character bigrams of its canonical text
(title, sample questions and keywords, normalized), smoothed additively. A query's characters
and bigrams are weighed by their IDF over all items, so words every item uses hardly count,
and the candidates' likelihoods become a posterior over the candidates alone. The model reads
a resident's words the way the items' own sample questions use them, character by character:
it still finds 赡养 in 「都不管」 questions and 抚养费 in 「不给孩子钱」 ones where the index's
words and the fuzzy match are thin. Nothing is trained ahead: the counts are taken from the
candidates' texts when a query comes, so the model costs no memory per item.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from knowledge.arrays import LAST_CJK, code_points, is_cjk
from knowledge.features import VALUE_BITS, Kind
from knowledge.index import InvertedIndex

__all__ = ["CharacterModel", "DocumentFrequencies"]

Codes = npt.NDArray[np.uint64]
Codes32 = npt.NDArray[np.uint32]
Ints = npt.NDArray[np.intp]
Floats = npt.NDArray[np.float64]
SMOOTHING = 0.1
"""Additive smoothing of a candidate's character and bigram counts."""
VOCABULARY = 5000.0
"""The size of vocabulary the smoothing assumes (about the items' distinct characters and
bigrams): it sets how much an unseen character costs against a candidate's length."""
MAX_DF_RATIO = 0.05
"""Characters in more than this share of items (on at least 100 items) carry no signal, as in
the index."""
_BIGRAM_TAG = np.uint64(int(Kind.BIGRAM) << VALUE_BITS)
TABLE_TEXTS = 16
"""Texts whose characters ``DocumentFrequencies.add`` marks in one table (163,840 bytes each)."""
_SEPARATOR = "\x1e"
"""Joins texts counted together (canonical text never holds it, and it is no Chinese character,
so no bigram spans it)."""


class DocumentFrequencies:
    """How many items hold each Chinese character, counted batch by batch while indexing."""

    def __init__(self) -> None:
        """Start with no items."""
        self.counts = np.zeros(LAST_CJK + 1, dtype=np.int64)
        self.documents = 0
        self._table = np.empty(TABLE_TEXTS * len(self.counts), dtype=np.int32)
        """By (text, character): a place where the character was seen in the text (2.6 MB,
        written where the texts' characters are and read only there, so never cleared)."""

    def add(self, texts: Sequence[str]) -> None:
        """Count the distinct characters of each of ``texts`` (one item's canonical text each).

        A few texts at a time: each character's place is written in the table at its (text,
        character) cell, and the places that read back as their own are the one mark each
        character gets per text, however often it comes.
        """
        width = len(self.counts)
        table = self._table
        for first in range(0, len(texts), TABLE_TEXTS):
            codes = code_points(_SEPARATOR.join(texts[first : first + TABLE_TEXTS]))
            cjk = is_cjk(codes)
            owner = np.cumsum(codes == ord(_SEPARATOR), dtype=np.intp)[cjk]
            characters = codes[cjk]
            cells = owner * width + characters
            places = np.arange(len(cells), dtype=np.int32)
            table[cells] = places
            self.counts += np.bincount(characters[table[cells] == places], minlength=width)
        self.documents += len(texts)


class CharacterModel:
    """A naive Bayes posterior over candidate items from characters and character bigrams."""

    def __init__(self, frequencies: DocumentFrequencies, index: InvertedIndex) -> None:
        """Keep the character IDF; bigram IDF comes from ``index``'s bigram postings.

        Args:
            frequencies: The items' character document frequencies.
            index: The items' inverted index (it holds their character bigrams).
        """
        count = max(frequencies.documents, 1)
        df = frequencies.counts
        idf = np.zeros(len(df))
        seen = df > 0
        idf[seen] = np.log1p(count / df[seen])
        if count >= 100:
            idf[df > MAX_DF_RATIO * count] = 0.0
        self._character_idf = idf
        self._index = index

    def posteriors(self, normalized: str, texts: Sequence[str]) -> list[float]:
        """Return how likely each candidate is, given the query, summing to 1 (none: ``[]``).

        Args:
            normalized: The query's canonical text.
            texts: The canonical texts of the candidates.
        """
        return self.posteriors_many([normalized], texts)[0]

    def posteriors_many(self, queries: Sequence[str], texts: Sequence[str]) -> list[list[float]]:
        """Return ``posteriors(query, texts)`` for each of ``queries``, read in one pass.

        A story's sentences are each read against the same candidates: the candidates'
        characters are counted once for all of them, and the index looked up once.
        """
        if not texts or not queries:
            return [[] for _ in queries]
        chars, pairs = _counted_grams(queries)
        all_chars, all_pairs = _union(chars), _union(pairs)
        weights, held = self._index.weigh(all_pairs | _BIGRAM_TAG, np.ones(len(all_pairs)))
        pair_idf: Floats = np.where(held, weights, 0.0)
        counted = _CandidateCounts(texts, all_chars, all_pairs)
        result = []
        for (query_chars, char_counts), (query_pairs, pair_counts) in zip(
            chars, pairs, strict=True
        ):
            char_weights = self._character_idf[query_chars] * char_counts
            if len(queries) > 1:
                pair_weights = pair_idf[np.searchsorted(all_pairs, query_pairs)] * pair_counts
            else:
                pair_weights = pair_idf * pair_counts
            if not char_weights.any() and not pair_weights.any():
                result.append([1.0 / len(texts)] * len(texts))
                continue
            likelihoods = counted.log_likelihoods(
                query_chars, char_weights, query_pairs, pair_weights
            )
            likelihoods -= likelihoods.max()
            shares = np.exp(likelihoods)
            result.append((shares / shares.sum()).tolist())
        return result


def _counted_grams(
    queries: Sequence[str],
) -> tuple[list[tuple[Codes, Ints]], list[tuple[Codes, Ints]]]:
    """Return each query's distinct characters and bigrams (sorted), each with its count.

    A character's code is its code point; a bigram's (two adjacent Chinese characters), the
    two code points side by side. All queries are counted at once: each gram is tagged with
    its query's number above its own bits.
    """
    if len(queries) == 1:
        codes = code_points(queries[0])
        cjk = is_cjk(codes)
        pairs = cjk[:-1] & cjk[1:]
        bigrams = (codes[:-1][pairs].astype(np.uint64) << np.uint64(16)) | codes[1:][pairs]
        return (
            [np.unique(codes[cjk].astype(np.uint64), return_counts=True)],
            [np.unique(bigrams, return_counts=True)],
        )
    codes = code_points(_SEPARATOR.join(queries))
    owner = np.cumsum(codes == ord(_SEPARATOR), dtype=np.uint64)
    cjk = is_cjk(codes)
    pairs = cjk[:-1] & cjk[1:]
    bigrams = (codes[:-1][pairs].astype(np.uint64) << np.uint64(16)) | codes[1:][pairs]
    return (
        _split_counts(codes[cjk].astype(np.uint64), owner[cjk], len(queries)),
        _split_counts(bigrams, owner[:-1][pairs], len(queries)),
    )


def _union(grams: list[tuple[Codes, Ints]]) -> Codes:
    """Return the distinct grams of all the queries, sorted."""
    if len(grams) == 1:
        return grams[0][0]
    return np.unique(np.concatenate([distinct for distinct, _ in grams]))


_OWNER_SHIFT = np.uint64(40)
"""Where a gram's query number goes in its tagged key (a bigram's code takes 32 bits)."""


def _split_counts(grams: Codes, owners: Codes, queries: int) -> list[tuple[Codes, Ints]]:
    """Return, per query number, the distinct ``grams`` it owns (sorted) and their counts."""
    keys, counts = np.unique((owners << _OWNER_SHIFT) | grams, return_counts=True)
    bounds = np.searchsorted(keys >> _OWNER_SHIFT, np.arange(queries + 1, dtype=np.uint64))
    codes = keys & ((np.uint64(1) << _OWNER_SHIFT) - np.uint64(1))
    return [
        (codes[start:end], counts[start:end])
        for start, end in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)
    ]


CANDIDATE_SETS = 8
"""How many candidate sets' code points are kept: one search reads the same candidates with
the whole text, its main question and each sentence of a story."""


@lru_cache(maxsize=CANDIDATE_SETS)
def _candidates(texts: tuple[str, ...]) -> tuple[Codes32, Ints, Ints]:
    """Return the code points of the candidates' texts joined, each one's owner, and lengths.

    A candidate's length counts its Chinese characters and bigrams. The arrays are shared
    between calls: read-only.
    """
    codes = code_points(_SEPARATOR.join(texts))
    owner = np.cumsum(codes == ord(_SEPARATOR), dtype=np.intp)
    cjk = is_cjk(codes)
    lengths = np.bincount(owner[cjk], minlength=len(texts))
    lengths += np.bincount(owner[:-1][cjk[:-1] & cjk[1:]], minlength=len(texts))
    for array in (codes, owner, lengths):
        array.setflags(write=False)
    return codes, owner, lengths


class _CandidateCounts:
    """How often each candidate holds some characters and bigrams (those of a few queries)."""

    def __init__(self, texts: Sequence[str], chars: Codes, pairs: Codes) -> None:
        """Count ``chars`` and ``pairs`` (distinct, sorted) in each of ``texts``, at once.

        A table by code point marks the characters, so a candidate's character is looked up
        in one step, and only its bigrams of two such characters are searched among
        ``pairs``.
        """
        codes, owner, lengths = _candidates(tuple(texts))
        self._chars, self._pairs = chars, pairs
        slot = np.zeros(LAST_CJK + 2, dtype=np.intp)
        slot[chars.astype(np.intp)] = np.arange(1, len(chars) + 1)
        slots = slot[np.minimum(codes, LAST_CJK + 1)]
        found = slots > 0
        self._char_counts = np.bincount(
            owner[found] * len(chars) + slots[found] - 1, minlength=len(texts) * len(chars)
        ).reshape(len(texts), len(chars))
        self._denominators = (lengths + SMOOTHING * VOCABULARY)[:, None]
        self._pair_counts = np.zeros((len(texts), 0), dtype=np.intp)
        if len(pairs):
            both = np.flatnonzero(found[:-1] & found[1:])
            own = (codes[both].astype(np.uint64) << np.uint64(16)) | codes[both + 1]
            rows = np.minimum(np.searchsorted(pairs, own), len(pairs) - 1)
            hit = pairs[rows] == own
            self._pair_counts = np.bincount(
                owner[both][hit] * len(pairs) + rows[hit], minlength=len(texts) * len(pairs)
            ).reshape(len(texts), len(pairs))

    def log_likelihoods(
        self, chars: Codes, char_weights: Floats, pairs: Codes, pair_weights: Floats
    ) -> Floats:
        """Return the weighted log-likelihood of one query's grams under each candidate.

        Args:
            chars: The query's distinct characters, sorted (among those counted).
            char_weights: Their weights (IDF times count).
            pairs: The query's distinct bigrams, sorted (among those counted).
            pair_weights: Their weights.
        """
        counts = _columns(self._char_counts, self._chars, chars)
        result: Floats = np.log((counts + SMOOTHING) / self._denominators) @ char_weights
        if len(pairs):
            pair_counts = _columns(self._pair_counts, self._pairs, pairs)
            result += np.log((pair_counts + SMOOTHING) / self._denominators) @ pair_weights
        return result


def _columns(counts: Ints, counted: Codes, wanted: Codes) -> Ints:
    """Return the columns of ``counts`` (one per code of ``counted``) for the codes ``wanted``."""
    if len(wanted) == len(counted):  # one query: all of them, in order
        return counts
    return np.ascontiguousarray(counts[:, np.searchsorted(counted, wanted)])
