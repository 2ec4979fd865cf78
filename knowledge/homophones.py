"""Homophone typo correction of questions: 新访 → 信访, 法律故问 → 法律顾问.

Residents often pick the wrong character of the right sound with a pinyin keyboard. The index
still finds such questions through pinyin features, but weakly, and the rapidfuzz and keyword
signals miss them. The corrector fixes a question before it is searched, only where the fix is
near certain:

- the two characters never stand side by side in the knowledge base, and neither belongs to a
  longer word in the question (so 大姐给我 is not touched: 大姐 is a word);
- changing exactly one of them to a character of the same sound gives a word the knowledge
  base uses, and only one such word.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from knowledge.arrays import code_points, is_cjk
from knowledge.features import VALUE_BITS, FeatureExtractor, Kind, feature_key, syllable_numbers
from knowledge.index import InvertedIndex

__all__ = ["HomophoneCorrector"]

_BIGRAM = np.uint64(int(Kind.BIGRAM) << VALUE_BITS)
_CHAR = np.uint64(0xFFFF)


class HomophoneCorrector:
    """Fixes one-character homophone typos in canonical questions (see the module docstring)."""

    def __init__(self, index: InvertedIndex, features: FeatureExtractor) -> None:
        """Gather the character bigrams of ``index`` by their pinyin."""
        self._index = index
        self._features = features
        self._syllables = syllable_numbers()
        low = int(Kind.BIGRAM) << VALUE_BITS
        bigrams = index.known_keys(low, low + (1 << VALUE_BITS))
        first, second = self._sounds(bigrams)
        sounded = (first > 0) & (second > 0)
        sounds = (first[sounded].astype(np.uint32) << 16) | second[sounded]
        order = np.argsort(sounds, kind="stable")
        self._sounds_sorted = sounds[order]
        self._bigrams_by_sound = bigrams[sounded][order]

    def _sounds(self, bigrams: npt.NDArray[np.uint64]) -> tuple[npt.NDArray[np.uint16], ...]:
        """Return the syllable numbers of the first and the second character of ``bigrams``."""
        table = self._syllables
        first = table[((bigrams >> np.uint64(16)) & _CHAR).astype(np.intp)]
        second = table[(bigrams & _CHAR).astype(np.intp)]
        return first, second

    def correct(self, normalized: str) -> str:
        """Return ``normalized`` with its near-certain homophone typos fixed."""
        codes = code_points(normalized)
        if len(codes) < 2:
            return normalized
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
            return normalized
        in_word = self._in_longer_word(normalized)
        proposals: list[tuple[int, list[str]]] = []
        for start, key, low, high in zip(
            starts[near].tolist(), keys[near].tolist(), lows[near], highs[near], strict=True
        ):
            if not (in_word[start] or in_word[start + 1]):
                proposals.append((start, _one_change_words(key, self._bigrams_by_sound[low:high])))
        return self._apply(normalized, proposals)

    def _apply(self, normalized: str, proposals: list[tuple[int, list[str]]]) -> str:
        """Make each proposed fix that has exactly one known word, left to right."""
        words = [word for _, candidates in proposals for word in candidates]
        if not words:
            return normalized
        word_keys = np.array([feature_key(Kind.WORD, word) for word in words], dtype=np.uint64)
        known = dict(zip(words, self._index.knows(word_keys).tolist(), strict=True))
        chars = list(normalized)
        fixed_until = 0
        for start, candidates in proposals:
            fixes = [word for word in candidates if known[word]]
            if start >= fixed_until and len(fixes) == 1:
                chars[start : start + 2] = fixes[0]
                fixed_until = start + 2
        return "".join(chars)

    def _in_longer_word(self, text: str) -> list[bool]:
        """Mark each character of ``text`` that jieba puts in a word of two or more."""
        marks: list[bool] = []
        for word in self._features.segment(text):
            marks.extend([len(word) > 1] * len(word))
        return marks if len(marks) == len(text) else [True] * len(text)  # never fix on doubt


def _one_change_words(bigram: int, candidates: npt.NDArray[np.uint64]) -> list[str]:
    """Return the ``candidates`` that differ from ``bigram`` (all bigram keys) in one character."""
    same_first = ((candidates >> np.uint64(16)) & _CHAR) == (bigram >> 16) & 0xFFFF
    same_second = (candidates & _CHAR) == bigram & 0xFFFF
    return [
        chr((candidate >> 16) & 0xFFFF) + chr(candidate & 0xFFFF)
        for candidate in candidates[same_first != same_second].tolist()
    ]
