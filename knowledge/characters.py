"""Which of a query's candidate items its characters point to: a naive Bayes model.

Each candidate item is a bag of the characters and character bigrams of its canonical text
(title, sample questions and keywords, normalized), smoothed additively. A query's characters
and bigrams are weighed by their IDF over all items, so words every item uses hardly count,
and the candidates' likelihoods become a posterior over the candidates alone. The model reads
a resident's words the way the items' own sample questions use them, character by character:
it still finds 赡养 in 「都不管」 questions and 抚养费 in 「不给孩子钱」 ones where the index's
words and the fuzzy match are thin. Nothing is trained ahead: the counts are taken from the
candidates' texts when a query comes, so the model costs no memory per item beyond the counts of
the ``GRAM_TABLES`` candidates met last, kept for the next query.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from knowledge.arrays import LAST_CJK, code_points, is_cjk
from knowledge.features import VALUE_BITS, Kind
from knowledge.index import InvertedIndex

__all__ = ["Candidates", "CharacterModel", "DocumentFrequencies"]

Codes = npt.NDArray[np.uint64]
Grams = npt.NDArray[np.uint32]
"""A candidate's distinct characters or bigrams (two code points of 16 bits side by side)."""
GramCounts = npt.NDArray[np.int32]
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
_SEPARATOR_CODE = 0x1E
"""Joins texts counted together (canonical text never holds it; it is no Chinese character)."""
_SEPARATOR = chr(_SEPARATOR_CODE)


class DocumentFrequencies:
    """How many items hold each Chinese character, counted batch by batch while indexing."""

    def __init__(self) -> None:
        """Start with no items."""
        self.counts = np.zeros(LAST_CJK + 1, dtype=np.int64)
        self.documents = 0

    def add(self, texts: Sequence[str]) -> None:
        """Count the distinct characters of each of ``texts`` (one item's canonical text each)."""
        codes = code_points(_SEPARATOR.join(texts))
        owner = np.cumsum(codes == _SEPARATOR_CODE, dtype=np.intp)
        cjk = is_cjk(codes)
        # Which text holds which character, all texts at once: a table, no sort per text.
        held = np.zeros((len(texts), len(self.counts)), dtype=bool)
        held[owner[cjk], codes[cjk]] = True
        self.counts += held.sum(axis=0)
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

    def posteriors(self, normalized: str, texts: Sequence[str] | Candidates) -> list[float]:
        """Return how likely each candidate is, given the query, summing to 1 (none: ``[]``).

        Args:
            normalized: The query's canonical text.
            texts: The canonical texts of the candidates, or them counted already
                (``Candidates``: several queries against the same candidates count them once).
        """
        candidates = texts if isinstance(texts, Candidates) else Candidates(texts)
        if not candidates.count:
            return []
        characters, bigrams = _grams(normalized)
        chars, char_counts = np.unique(characters, return_counts=True)
        char_weights = self._character_idf[chars] * char_counts
        pairs, pair_counts = np.unique(bigrams, return_counts=True)
        weights, held = self._index.weigh(pairs | _BIGRAM_TAG, np.ones(len(pairs)))
        pair_weights: Floats = np.where(held, weights, 0.0) * pair_counts
        if not char_weights.any() and not pair_weights.any():
            return [1.0 / candidates.count] * candidates.count
        likelihoods = candidates.log_likelihoods(chars, char_weights, pairs, pair_weights)
        likelihoods -= likelihoods.max()
        shares = np.exp(likelihoods)
        result: list[float] = (shares / shares.sum()).tolist()
        return result


def _grams(text: str) -> tuple[Codes, Codes]:
    """Return the Chinese characters of ``text`` and its bigrams of adjacent ones, as codes.

    A character's code is its code point; a bigram's, the two code points side by side.
    """
    codes = code_points(text)
    cjk = is_cjk(codes)
    pairs = cjk[:-1] & cjk[1:]
    first = codes[:-1][pairs].astype(np.uint64)
    second = codes[1:][pairs].astype(np.uint64)
    return codes[cjk].astype(np.uint64), (first << np.uint64(16)) | second


GRAM_TABLES = 256
"""How many candidates' gram counts are kept between queries: every item of the real knowledge
base, and about 3 MB at most (some 1,500 distinct grams an item, 8 bytes each)."""


@lru_cache(maxsize=GRAM_TABLES)
def _gram_table(text: str) -> tuple[Grams, GramCounts, Grams, GramCounts, int]:
    """Return one candidate's distinct characters and bigrams (sorted), their counts, its length.

    The length is how many characters and bigrams it holds; a pure function of the canonical
    text, so it is kept for the next query that meets the same candidate.
    """
    codes = code_points(text)
    cjk = is_cjk(codes)
    adjacent = cjk[:-1] & cjk[1:]
    chars, char_counts = np.unique(codes[cjk], return_counts=True)
    first, second = codes[:-1][adjacent], codes[1:][adjacent]
    pairs, pair_counts = np.unique((first << np.uint32(16)) | second, return_counts=True)
    return (
        chars,
        char_counts.astype(np.int32),
        pairs,
        pair_counts.astype(np.int32),
        len(first) + int(cjk.sum()),
    )


class Candidates:
    """The candidates' canonical texts as the model counts them, made once for many queries.

    A search weighs the same candidates against its whole text, its main question and each
    sentence of a story: their gram counts are gathered once here, as one sorted table keyed
    by (candidate, gram), so a query's counts under every candidate are one binary search.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        """Gather the gram counts of ``texts``, one candidate's canonical text each."""
        self.count = len(texts)
        tables = [_gram_table(text) for text in texts]
        self._denominators = (
            np.array([table[4] for table in tables], dtype=np.int64) + SMOOTHING * VOCABULARY
        )[:, None]
        self._chars = _keyed([table[0] for table in tables], [table[1] for table in tables])
        self._pairs = _keyed([table[2] for table in tables], [table[3] for table in tables])

    def log_likelihoods(
        self, chars: Codes, char_weights: Floats, pairs: Codes, pair_weights: Floats
    ) -> Floats:
        """Return the weighted log-likelihood of the query's grams under each candidate.

        Args:
            chars: The query's distinct characters, sorted, and their weights (IDF times count).
            char_weights: See ``chars``.
            pairs: The query's distinct bigrams, sorted, and their weights.
            pair_weights: See ``pairs``.
        """
        denominators = self._denominators
        counts = self._counts(self._chars, chars)
        result: Floats = np.log((counts + SMOOTHING) / denominators) @ char_weights
        if len(pairs):
            pair_counts = self._counts(self._pairs, pairs)
            result += np.log((pair_counts + SMOOTHING) / denominators) @ pair_weights
        return result

    def _counts(self, table: tuple[Codes, GramCounts], grams: Codes) -> GramCounts:
        """Return how often each candidate (rows) holds each of ``grams`` (columns)."""
        keys, counts = table
        wanted = (np.arange(self.count, dtype=np.uint64)[:, None] << _CANDIDATE_SHIFT) | grams
        if not len(keys):
            return np.zeros(wanted.shape, dtype=np.int32)
        rows = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        found: GramCounts = np.where(keys[rows] == wanted, counts[rows], 0)
        return found


_CANDIDATE_SHIFT = np.uint64(32)
"""A gram's code takes 32 bits at most; the candidate's number goes above them."""


def _keyed(grams: list[Grams], counts: list[GramCounts]) -> tuple[Codes, GramCounts]:
    """Return the candidates' sorted grams tagged with their candidate's number, and counts."""
    if not grams:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int32)
    owners = np.repeat(np.arange(len(grams), dtype=np.uint64), [len(g) for g in grams])
    keys = (owners << _CANDIDATE_SHIFT) | np.concatenate(grams).astype(np.uint64)
    return keys, np.concatenate(counts)
