"""Homophone typo correction of questions: 新访 → 信访, 法律故问 → 法律顾问.

Residents often pick the wrong character of the right sound with a pinyin keyboard. The index
still finds such questions through pinyin features, but weakly, and the rapidfuzz and keyword
signals miss them. The corrector fixes a question before it is searched, only where the fix is
near certain:

- the two characters never stand side by side in the knowledge base;
- changing exactly one of them to a character of the same or a near sound (zh/z, ch/c, sh/s,
  -ng/-n: the common slips of a pinyin keyboard) gives a word the knowledge base uses, and
  only one such word. The word is the pair itself, when neither character belongs to a
  longer word in the question (so 大姐给我 is not touched: 大姐 is a word), or a known word of
  three to five characters the fixed pair completes with its neighbours (法律圆助 → 法律援助,
  行政附议 → 行政复议, though 援助 alone is not a word of the index and 附议 is a word);
- a function character (的, 在, 就, 不…: the lexicon's one-character stopwords) is replaced
  only where the fix completes such a longer word (交通是故 → 交通事故): it joins any
  neighbour, so 一喝多就 or 要在 standing in no item says nothing of a typo (多久, 要债).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt

from knowledge.arrays import LAST_CJK, code_points, is_cjk, range_positions
from knowledge.features import (
    VALUE_BITS,
    FeatureExtractor,
    Kind,
    pinyin_syllables,
)
from knowledge.index import InvertedIndex

__all__ = ["HomophoneCorrector"]

LONGEST_WORD = 5
"""The longest known word a fix may complete (法治带头人)."""
_BIGRAM = np.uint64(int(Kind.BIGRAM) << VALUE_BITS)
_WORD = np.uint64(int(Kind.WORD) << VALUE_BITS)
_VALUE = np.uint64((1 << VALUE_BITS) - 1)
_CHAR = np.uint64(0xFFFF)
_PAIR = np.uint64(0xFFFF_FFFF)
"""A bigram key's value: its two characters' code points."""
_BLOCK = 1 << 16
"""Bigrams handled per step while the corrector is built."""


class HomophoneCorrector:
    """Fixes one-character homophone typos in canonical questions (see the module docstring)."""

    def __init__(
        self,
        index: InvertedIndex,
        features: FeatureExtractor,
        *,
        function_characters: frozenset[str] = frozenset(),
    ) -> None:
        """Gather the character bigrams of ``index`` by their pinyin.

        Args:
            index: The items' inverted index (its bigrams and words are what a fix may make).
            features: The feature extractor (its segmenter finds the question's words).
            function_characters: Characters (的, 在, 就, 不…) that join any neighbour: one
                typed is replaced only where the fix completes a longer known word
                (交通是故 → 交通事故), never to make a bare pair (一喝多就动手 is no 多久).
        """
        self._index = index
        self._features = features
        self._function_characters = function_characters
        self._syllables = near_sound_numbers()
        low = int(Kind.BIGRAM) << VALUE_BITS
        bigrams = index.known_keys(low, low + (1 << VALUE_BITS))
        # Each bigram's sound and characters packed in one number, made block by block so that
        # a large index's temporaries stay small. Sorting the packed numbers orders the bigrams
        # by sound and, within a sound, by key, as the keys came.
        packed = np.empty(len(bigrams), dtype=np.uint64)
        filled = 0
        for start in range(0, len(bigrams), _BLOCK):
            block = bigrams[start : start + _BLOCK]
            first, second = self._sounds(block)
            sounded = (first > 0) & (second > 0)
            sounds = (first[sounded].astype(np.uint64) << np.uint64(48)) | (
                second[sounded].astype(np.uint64) << np.uint64(32)
            )
            count = len(sounds)
            packed[filled : filled + count] = sounds | (block[sounded] & _PAIR)
            filled += count
        del bigrams
        packed = packed[:filled]
        packed.sort()
        self._sounds_sorted = np.empty(filled, dtype=np.uint32)
        self._pairs_by_sound = np.empty(filled, dtype=np.uint32)
        for start in range(0, filled, _BLOCK):
            block = packed[start : start + _BLOCK]
            self._sounds_sorted[start : start + _BLOCK] = block >> np.uint64(32)
            self._pairs_by_sound[start : start + _BLOCK] = block & _PAIR
        """The known bigrams' two characters (16 bits each), in the order of their sounds."""

    def _sounds(self, bigrams: npt.NDArray[np.uint64]) -> tuple[npt.NDArray[np.uint16], ...]:
        """Return the syllable numbers of the first and the second character of ``bigrams``."""
        table = self._syllables
        first = table[((bigrams >> np.uint64(16)) & _CHAR).astype(np.intp)]
        second = table[(bigrams & _CHAR).astype(np.intp)]
        return first, second

    def correct(self, normalized: str) -> str:
        """Return ``normalized`` with its near-certain homophone typos fixed."""
        chars = list(normalized)
        for start, fix in self._fixes(normalized):
            chars[start : start + 2] = fix
        return "".join(chars)

    def fixes(self, normalized: str) -> list[tuple[str, str]]:
        """Return the near-certain homophone fixes of ``normalized``: (typed pair, fixed pair)."""
        return [(normalized[start : start + 2], fix) for start, fix in self._fixes(normalized)]

    def _fixes(self, normalized: str) -> list[tuple[int, str]]:
        """Return each fix of ``normalized`` as the start of its pair and the fixed pair."""
        codes = code_points(normalized)
        if len(codes) < 2:
            return []
        cjk = is_cjk(codes)
        starts = np.flatnonzero(cjk[:-1] & cjk[1:])
        keys = _BIGRAM | (codes[starts].astype(np.uint64) << np.uint64(16)) | codes[starts + 1]
        unknown = ~self._index.knows(keys)
        starts, keys = starts[unknown], keys[unknown]
        first, second = self._sounds(keys)
        sounded = (first > 0) & (second > 0)
        starts, keys = starts[sounded], keys[sounded]
        sounds = (first[sounded].astype(np.uint32) << 16) | second[sounded]
        lows = np.searchsorted(self._sounds_sorted, sounds, side="left")
        highs = np.searchsorted(self._sounds_sorted, sounds, side="right")
        near = highs > lows  # some known bigram sounds the same
        if not near.any():
            return []
        in_word = self._in_longer_word(normalized)
        starts, keys, lows, highs = starts[near], keys[near], lows[near], highs[near]
        proposals: list[tuple[int, list[list[str]]]] = []
        for start, fixes in zip(
            starts.tolist(), _one_change_words(keys, self._pairs_by_sound, lows, highs), strict=True
        ):
            alone = not (in_word[start] or in_word[start + 1])
            typed = normalized[start : start + 2]
            proposals.append(
                (
                    start,
                    [
                        _words_made(normalized, start, fix, alone and not self._joins(typed, fix))
                        for fix in fixes
                    ],
                )
            )
        return self._apply(proposals)

    def _joins(self, typed: str, fix: str) -> bool:
        """Return whether ``fix`` replaces a function character of the ``typed`` pair."""
        return any(
            was != now and was in self._function_characters
            for was, now in zip(typed, fix, strict=True)
        )

    def _apply(self, proposals: list[tuple[int, list[list[str]]]]) -> list[tuple[int, str]]:
        """Pick each proposed fix that makes a known word, where only one fix does, left to right.

        Args:
            proposals: For each unknown pair's start, per candidate fix the words it would make
                (the fixed pair first).
        """
        words = {word for _, made in proposals for words in made for word in words}
        if not words:
            return []
        ordered = list(words)
        # The keys ``feature_key(Kind.WORD, word)`` gives, all at once.
        hashes = np.fromiter(map(hash, ordered), dtype=np.int64, count=len(ordered))
        word_keys = (hashes.view(np.uint64) & _VALUE) | _WORD
        held = self._index.knows(word_keys).tolist()
        known = {word for word, is_held in zip(ordered, held, strict=True) if is_held}
        chosen: list[tuple[int, str]] = []
        fixed_until = 0
        for start, made in proposals:
            if start < fixed_until:  # the pair overlaps a fix already chosen
                continue
            fixes = [words[0] for words in made if not known.isdisjoint(words[1:])]
            if len(fixes) == 1:
                chosen.append((start, fixes[0]))
                fixed_until = start + 2
        return chosen

    def _in_longer_word(self, text: str) -> list[bool]:
        """Mark each character of ``text`` that jieba puts in a word of two or more."""
        marks: list[bool] = []
        for word in self._features.segment(text):
            marks.extend([len(word) > 1] * len(word))
        return marks if len(marks) == len(text) else [True] * len(text)  # never fix on doubt


def _words_made(text: str, start: int, fix: str, alone: bool) -> list[str]:
    """Return ``fix`` for ``text[start:start + 2]``, then the words it would make there.

    The words are the pair itself when it stands ``alone`` (in no longer word of the
    question), and every span of three to ``LONGEST_WORD`` characters around the fixed pair.
    """
    # Only the characters a word of ``LONGEST_WORD`` around the pair may hold are read.
    low = max(0, start + 2 - LONGEST_WORD)
    fixed = text[low:start] + fix + text[start + 2 : start + LONGEST_WORD]
    spans = [fixed[first:end] for first, end in _span_bounds(start - low, len(fixed))]
    return [fix, fix, *spans] if alone else [fix, *spans]


@cache
def _span_bounds(at: int, length: int) -> tuple[tuple[int, int], ...]:
    """Return the (first, end) of each span of 3 to ``LONGEST_WORD`` characters holding a pair.

    The pair is at ``at`` in a text of ``length`` characters (a few dozen cases, kept).
    """
    return tuple(
        (first, end)
        for first in range(at + 1)
        for end in range(max(at + 2, first + 3), min(length, first + LONGEST_WORD) + 1)
    )


@cache
def near_sound_numbers() -> npt.NDArray[np.uint16]:
    """Return, by code point, a number per toneless syllable with near sounds merged (0: none).

    zh, ch, sh sound as z, c, s and a final -ng as -n, the usual slips of a pinyin keyboard
    (投述 for 投诉).
    """
    numbers: dict[str, int] = {}
    table = np.zeros(LAST_CJK + 2, dtype=np.uint16)
    for syllable, chars in pinyin_syllables().items():
        number = numbers.setdefault(_near(syllable), len(numbers) + 1)
        codes = np.fromiter(map(ord, chars), dtype=np.int64, count=len(chars))
        table[codes[codes <= LAST_CJK]] = number
    return table


def _near(syllable: str) -> str:
    """Return ``syllable`` with zh/ch/sh as z/c/s and a final -ng as -n."""
    if syllable[:2] in ("zh", "ch", "sh"):
        syllable = syllable[0] + syllable[2:]
    if syllable.endswith("ng") and len(syllable) > 2:
        syllable = syllable[:-1]
    return syllable


def _one_change_words(
    bigrams: npt.NDArray[np.uint64],
    pairs: npt.NDArray[np.uint32],
    lows: npt.NDArray[np.intp],
    highs: npt.NDArray[np.intp],
) -> list[list[str]]:
    """Return, for each of ``bigrams``, its candidates that differ from it in one character.

    A bigram's candidates are ``pairs[low:high]`` (two characters of 16 bits each), kept in
    their order. All the bigrams' candidates are compared at once, each against its own bigram.
    """
    counts = highs - lows
    total = int(counts.sum())
    if not total:
        return [[] for _ in range(len(bigrams))]
    owner = np.repeat(np.arange(len(bigrams)), counts)
    candidates = pairs[range_positions(lows, counts)]
    typed = (bigrams & _PAIR).astype(np.uint32)[owner]
    same_first = (candidates >> np.uint32(16)) == (typed >> np.uint32(16))
    same_second = (candidates & np.uint32(0xFFFF)) == (typed & np.uint32(0xFFFF))
    kept = same_first != same_second
    result: list[list[str]] = [[] for _ in range(len(bigrams))]
    for number, candidate in zip(owner[kept].tolist(), candidates[kept].tolist(), strict=True):
        result[number].append(chr(candidate >> 16) + chr(candidate & 0xFFFF))
    return result
