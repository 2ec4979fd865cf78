"""Retrieval features of canonical text, as integer keys computed a whole batch at a time.

A feature is a jieba word, a character bigram, a pinyin bigram (so homophone typos still
match) or a latin word. Each is an integer key: its kind in bits 42-43 and its value below.
Bigrams are the two characters' code points and pinyin bigrams the two syllables' numbers, so
both are exact. Words are Python's string hash, cut to 42 bits. The hash is salted per process,
which is harmless for an index that lives in memory. Two distinct words may share a key: among
the ~10,000 words of a real knowledge base the chance that any pair does is about 1 in 90,000
(1 in 9 among a million words), and such a pair only merges two words' postings.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from enum import IntEnum
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt
import rjieba

from knowledge.arrays import (
    LAST_CJK,
    code_points,
    collapse_runs,
    in_sorted,
    is_cjk,
    is_latin,
    text_of,
)
from knowledge.lexicon import Lexicon
from knowledge.normalize import BULK, CJK_RANGES

__all__ = [
    "KEY_BITS",
    "PINYIN_TABLE",
    "VALUE_BITS",
    "FeatureExtractor",
    "Keys",
    "Kind",
    "Positions",
    "feature_key",
    "kind_weights",
    "syllable_numbers",
]

Keys = npt.NDArray[np.uint64]
Positions = npt.NDArray[np.uint32]


class Kind(IntEnum):
    """The kinds of feature, stored in a key's top bits."""

    WORD = 0
    BIGRAM = 1
    PINYIN = 2
    LATIN = 3


KIND_WEIGHTS = np.array([1.0, 0.6, 0.35, 1.0])
"""Weight of each kind of feature, indexed by ``Kind``: words count most, pinyin least."""
VALUE_BITS = 42
KEY_BITS = VALUE_BITS + 2
"""Every key is below ``2 ** KEY_BITS``."""
_VALUE_MASK = (1 << VALUE_BITS) - 1
_SEPARATOR = "\x1e"
"""Joins the documents of a batch; canonical text never contains it."""
_SEPARATOR_CODE = ord(_SEPARATOR)
_NEWLINE_CODE = ord("\n")
_NOT_CJK = re.compile(rf"[^{CJK_RANGES}{_SEPARATOR}\n]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_CJK = is_cjk(np.arange(LAST_CJK + 2, dtype=np.uint32))
"""By code point, whether ``is_cjk`` holds, up to one past the last Chinese character."""
_BUCKETS = 1 << 16
_USER_WORD_FREQ = 50_000
"""Frequency given to lexicon and item words so the segmenter keeps them whole."""

PINYIN_TABLE = Path(__file__).resolve().parent / "data" / "pinyin.txt"


@cache
def _pinyin_lines(path: Path = PINYIN_TABLE) -> dict[str, str]:
    """Return each toneless syllable of ``knowledge/data/pinyin.txt`` with its characters.

    The file is made by ``tools/make_pinyin_table.py``; a syllable's number is its line's,
    counted from 1.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.partition(" ")[::2] for line in lines)


def pinyin_syllables() -> dict[str, str]:
    """Return each toneless syllable of the packaged pinyin table with its characters."""
    return _pinyin_lines()


@cache
def syllable_numbers() -> npt.NDArray[np.uint16]:
    """Return, by code point, the number of the character's toneless pinyin syllable (0: none).

    The table ends one past the last CJK character, with 0 there for anything beyond.
    """
    table = np.zeros(LAST_CJK + 2, dtype=np.uint16)
    for number, chars in enumerate(_pinyin_lines().values(), start=1):
        codes = np.fromiter(map(ord, chars), dtype=np.int64, count=len(chars))
        table[codes[codes <= LAST_CJK]] = number
    return table


def _tagged(kind: Kind, values: npt.NDArray[np.uint64]) -> Keys:
    return values | np.uint64(int(kind) << VALUE_BITS)


def feature_key(kind: Kind, value: str) -> int:
    """Return the key of one feature: a word, a two-character bigram or ``zhong_cai``."""
    if kind is Kind.BIGRAM:
        if len(value) != 2:
            raise ValueError(f"a bigram is two characters, not {value!r}")
        return (kind << VALUE_BITS) | (ord(value[0]) << 16) | ord(value[1])
    if kind is Kind.PINYIN:
        number = {syllable: n for n, syllable in enumerate(_pinyin_lines(), start=1)}
        first, second = value.split("_")
        return (kind << VALUE_BITS) | (number[first] << 16) | number[second]
    return (kind << VALUE_BITS) | (hash(value) & _VALUE_MASK)


def kind_weights(keys: Keys) -> npt.NDArray[np.float64]:
    """Return the weight of each key's kind of feature."""
    result: npt.NDArray[np.float64] = KIND_WEIGHTS[(keys >> np.uint64(VALUE_BITS)).astype(np.intp)]
    return result


_CJK_WORD = re.compile(rf"[{CJK_RANGES}]{{2,}}")


def taught_words(lexicon: Lexicon) -> set[str]:
    """Return the words of the lexicon the segmenter is taught to keep whole.

    Every replacement's result (dialect, typos) and every synonym's expansion: a text
    holding one is cut with it as one word, and that word is a word feature unless it is a
    stopword (``tests/test_features.py`` checks that none is made of stopwords alone).
    """
    words = set(lexicon.dialect.values()) | set(lexicon.typos.values())
    for expansion in lexicon.synonyms.values():
        words.update(expansion.split())
    return words


class FeatureExtractor:
    """Computes the feature keys of canonical text (see ``Analyzer``)."""

    def __init__(self, lexicon: Lexicon, *, user_words: Iterable[str] = ()) -> None:
        """Teach the segmenter the lexicon's and the items' words.

        The segmenter is rjieba's process-wide one: importing rjieba already loads its
        dictionary (25 MiB), and each ``rjieba.Jieba()`` would load one more. The words added
        here are therefore known to any later extractor in the process too; all they do is
        keep those words whole.

        Args:
            lexicon: Its stopwords are not word features; its replacement and synonym words
                are kept whole by the segmenter.
            user_words: Extra words for the segmenter (item keywords and titles).
        """
        stopword_list = sorted(lexicon.stopwords)
        self._stopword_hashes = np.sort(np.fromiter(map(hash, stopword_list), np.int64))
        # Most tokens are no stopword: a table on the hash's low bits rules them out cheaply.
        self._stopword_buckets = np.zeros(_BUCKETS, dtype=bool)
        self._stopword_buckets[self._stopword_hashes & (_BUCKETS - 1)] = True
        self._syllables = syllable_numbers()
        for word in {*user_words, *taught_words(lexicon)}:
            if _CJK_WORD.fullmatch(word):
                rjieba.add_word(word, _USER_WORD_FREQ, None)

    def segment(self, text: str) -> list[str]:
        """Return the jieba words of ``text``, in order (they add up to ``text``)."""
        return rjieba.cut(text, False)

    def keys(self, normalized: str) -> Keys:
        """Return the distinct feature keys of one canonical text, sorted."""
        keys, _ = self.document_keys([normalized])
        keys.sort()
        distinct: Keys = keys[np.concatenate((keys[:1] == keys[:1], keys[1:] != keys[:-1]))]
        return distinct

    def document_keys(
        self,
        documents: Sequence[str],
        kinds: Iterable[Kind] = tuple(Kind),
        *,
        within: tuple[int, int] | None = None,
    ) -> tuple[Keys, Positions]:
        """Return the feature keys of each canonical text and, for each key, its text's position.

        Args:
            documents: Canonical texts. Features never span a line break, so a document may
                be several canonical texts, one per line.
            kinds: The kinds of feature wanted (all by default).
            within: Only the keys from its first number up to its second (excluded), in the
                order they come: what filtering the whole result would give, but bigrams and
                pinyin bigrams are filtered on their 32-bit values before any key is made.

        Returns:
            The keys, which may repeat within a document, and the position of each one's
            document in ``documents``.
        """
        batch = _Batch(_SEPARATOR.join(documents))
        extract = {
            Kind.WORD: self._words,
            Kind.BIGRAM: _bigrams,
            Kind.PINYIN: self._pinyin,
            Kind.LATIN: self._latin_words,
        }
        parts = []
        for kind in kinds:
            if within is None:
                parts.append(extract[kind](batch))
                continue
            low, high = within
            if kind in (Kind.BIGRAM, Kind.PINYIN):
                # The kind's keys are its tag plus a 32-bit value: clip the range to them.
                tag = int(kind) << VALUE_BITS
                low_value = min(max(low - tag, 0), 1 << 32)
                high_value = min(max(high - tag, 0), 1 << 32)
                if kind is Kind.BIGRAM:
                    parts.append(_bigrams(batch, low_value, high_value))
                else:
                    parts.append(self._pinyin(batch, low_value, high_value))
                continue
            keys, positions = extract[kind](batch)
            wanted = (keys >= np.uint64(low)) & (keys < np.uint64(high))
            parts.append((keys[wanted], positions[wanted]))
        keys = np.concatenate([part[0] for part in parts])
        positions = np.concatenate([part[1] for part in parts])
        return keys, positions

    def _pinyin(self, batch: _Batch, low: int = 0, high: int = 1 << 32) -> tuple[Keys, Positions]:
        """Return the pinyin bigrams of ``batch`` whose values are from ``low`` up to ``high``."""
        table = self._syllables
        syllables = table[np.minimum(batch.codes, len(table) - 1)].astype(np.uint32)
        pairs = (syllables[:-1] > 0) & (syllables[1:] > 0)
        values = (syllables[:-1] << np.uint32(16)) | syllables[1:]
        return _in_range(Kind.PINYIN, values, pairs, batch, low, high)

    def _stopwords(self, hashes: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """Return which of the word ``hashes`` are the hashes of stopwords."""
        result: npt.NDArray[np.bool_] = self._stopword_buckets[hashes & (_BUCKETS - 1)]
        result[result] = in_sorted(hashes[result], self._stopword_hashes)
        return result

    def _words(self, batch: _Batch) -> tuple[Keys, Positions]:
        """Return the word features of ``batch``: its jieba words of two characters or more."""
        # Only Chinese runs are segmented; the separators come back as tokens of their own.
        runs = batch.chinese_runs()
        tokens = rjieba.cut(runs, False)
        lengths = np.fromiter(map(len, tokens), dtype=np.intp, count=len(tokens))
        words = lengths > 1  # a separator is one character: never a word
        count = int(np.count_nonzero(words))
        # Only the words are hashed; each one's document is found by where it starts.
        chosen = itertools.compress(tokens, words.tolist())
        hashes = np.fromiter(map(hash, chosen), dtype=np.int64, count=count)
        starts = (np.cumsum(lengths) - lengths)[words]
        kept = ~self._stopwords(hashes)
        values = hashes[kept].view(np.uint64) & np.uint64(_VALUE_MASK)
        # The runs keep the batch's separators, so they place each start as the batch does.
        return _tagged(Kind.WORD, values), _Batch(runs).document_at(starts[kept])

    def _latin_words(self, batch: _Batch) -> tuple[Keys, Positions]:
        codes = batch.codes
        latin = is_latin(codes)
        starts = np.flatnonzero(latin & ~np.concatenate(([False], latin[:-1])))
        if len(codes) < BULK:
            words = _LATIN_WORD.findall(batch.text)  # the same runs, in the same order
        else:  # sliced out: faster than the regex scanning every Chinese character
            ends = np.flatnonzero(latin & ~np.concatenate((latin[1:], [False]))) + 1
            words = list(map(batch.text.__getitem__, map(slice, starts.tolist(), ends.tolist())))
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        hashes = np.fromiter(map(hash, words), dtype=np.int64, count=len(words))
        single_digit = (lengths == 1) & (codes[starts] <= ord("9"))
        kept = ((lengths > 1) | single_digit) & ~self._stopwords(hashes)
        values = hashes[kept].view(np.uint64) & np.uint64(_VALUE_MASK)
        return _tagged(Kind.LATIN, values), batch.document_at(starts[kept])


class _Batch:
    """Documents joined by the separator, with their code points computed once, on demand."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def codes(self) -> npt.NDArray[np.uint32]:
        """The code point of each character."""
        return code_points(self.text)

    @cached_property
    def separators(self) -> npt.NDArray[np.intp]:
        """Where the separators stand."""
        return np.flatnonzero(self.codes == _SEPARATOR_CODE)

    def chinese_runs(self) -> str:
        """Return the text with each run of other characters but separators one line break.

        What ``_NOT_CJK``'s substitution of a line break gives: on a long text (a batch of
        documents), made from the code points at once.
        """
        if len(self.text) < BULK:
            return _NOT_CJK.sub("\n", self.text)
        codes = self.codes
        other = ~(_CJK[np.minimum(codes, len(_CJK) - 1)] | (codes == _SEPARATOR_CODE))
        other &= codes != _NEWLINE_CODE
        if not other.any():
            return self.text
        return text_of(collapse_runs(codes, other, _NEWLINE_CODE))

    def document_at(self, offsets: npt.NDArray[np.intp]) -> Positions:
        """Return the document position of each character at ``offsets`` (none a separator).

        That is how many separators come before it.
        """
        return np.searchsorted(self.separators, offsets).astype(np.uint32)


def _bigrams(batch: _Batch, low: int = 0, high: int = 1 << 32) -> tuple[Keys, Positions]:
    """Return the character bigrams of ``batch`` whose values are from ``low`` up to ``high``."""
    codes = batch.codes
    cjk = _CJK[np.minimum(codes, len(_CJK) - 1)]  # is_cjk, by one look-up
    pairs = cjk[:-1] & cjk[1:]
    # Chinese characters are below 2 ** 16, so a pair's value fits in 32 bits (other pairs'
    # values overflow harmlessly: they are not kept).
    values = (codes[:-1] << np.uint32(16)) | codes[1:]
    return _in_range(Kind.BIGRAM, values, pairs, batch, low, high)


def _in_range(
    kind: Kind,
    values: npt.NDArray[np.uint32],
    pairs: npt.NDArray[np.bool_],
    batch: _Batch,
    low: int,
    high: int,
) -> tuple[Keys, Positions]:
    """Return the keys of the marked ``pairs`` whose 32-bit ``values`` are in [low, high)."""
    if high <= low:
        pairs[:] = False
    else:
        if low > 0:
            pairs &= values >= np.uint32(low)
        if high < 1 << 32:
            pairs &= values < np.uint32(high)
    at = np.flatnonzero(pairs)
    return _tagged(kind, values[at].astype(np.uint64)), batch.document_at(at)
