"""Homophone typos of the category classifier's own terms: 电信炸片 → 电信诈骗, 法律援注 → 法律援助.

Residents type with a pinyin keyboard and pick a character of the right sound but the wrong
meaning. The classifier finds its legal terms only when they are spelt right, so a typo costs
the very words that decide a category (「我被电信炸片了五万块」 was filed as a debt). The
retrieval corrector (``knowledge.homophones``) fixes one character of a pair against the whole
knowledge base and leaves such typos alone; this one knows far fewer words and fixes more:

- a span of two to ``LONGEST_TERM`` characters that sounds like exactly one known term (or
  like several, of which exactly one is a dictionary word: 「方东」 is 房东, not the 房动 a list
  learnt as a typo)
  (zh/z, ch/c, sh/s and -ng/-n merged: the common slips of a pinyin keyboard), differs from
  it, and holds a pair of characters no training text has side by side next to a changed one
  (so 上诉 is never made of a well-spelt 上述), becomes that term; a span of two only when
  the segmenter puts both its characters in words its dictionary lacks (「炸片」, not the
  「新房」 that sounds like 信访 nor the 「是急」 of 「是急性子」 that sounds like 司机);
- longer spans first, left to right, no span over one already fixed, and no change to a
  character of a term spelt right (「电信诈骗」 stays, whatever sounds like it).
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable

import numpy as np
import numpy.typing as npt
import rjieba

from knowledge.arrays import LAST_CJK
from knowledge.homophones import near_sound_numbers

__all__ = ["LONGEST_TERM", "TermTypos", "unknown_pairs"]

LONGEST_TERM = 6
"""The longest term a span is compared with (非法吸收公众存款 is left to the n-grams)."""
_SHORTEST_TERM = 2


class TermTypos:
    """Fixes homophone typos of known terms in simplified text (see the module docstring)."""

    def __init__(self, terms: Iterable[str], known_pairs: Collection[str]) -> None:
        """Index ``terms`` by their sounds.

        Args:
            terms: The words to spell right: Chinese terms of two to ``LONGEST_TERM``
                characters (others are ignored).
            known_pairs: Every pair of characters the training texts hold side by side; a
                span made only of known pairs around its changes is no typo.
        """
        self._sounds: npt.NDArray[np.uint16] = near_sound_numbers()
        self._known_pairs = known_pairs
        by_sound: dict[tuple[int, ...], set[str]] = {}
        self._terms: set[str] = set()
        for term in terms:
            key = self._key(term)
            if key is not None and _SHORTEST_TERM <= len(term) <= LONGEST_TERM:
                by_sound.setdefault(key, set()).add(term)
                self._terms.add(term)
        # A sound shared by two terms names neither for sure, unless only one is a word of
        # the dictionary: the other is a typo the lists learnt (「房动」 beside 「房东」), and
        # what sounds like both is the word.
        self._by_sound = {
            key: words[0]
            for key, ts in by_sound.items()
            if len(words := sorted(ts) if len(ts) == 1 else _dictionary_words(ts)) == 1
        }

    def knowing(self, known_pairs: Collection[str]) -> TermTypos:
        """Return a reader of the same terms that takes ``known_pairs`` as spelt right."""
        reader = copy.copy(self)
        reader._known_pairs = known_pairs
        return reader

    def _key(self, span: str) -> tuple[int, ...] | None:
        """Return the near-sound syllable numbers of ``span`` (``None`` if one has none)."""
        key = tuple(self._sounds_of(span))
        return None if not key or 0 in key else key

    def _sounds_of(self, text: str) -> list[int]:
        """Return the near-sound syllable number of each character of ``text`` (0: none)."""
        return [int(self._sounds[min(ord(char), LAST_CJK + 1)]) for char in text]

    def fix(self, text: str) -> str:
        """Return ``text`` with its homophone typos of known terms fixed."""
        parts: list[str] = []
        done = 0
        for start, end, term in self._spans(text):
            parts += [text[done:start], term]
            done = end
        parts.append(text[done:])
        return "".join(parts)

    def fixes(self, text: str) -> list[tuple[str, str]]:
        """Return each (typed span, term) that :meth:`fix` would replace, left to right."""
        return [(text[start:end], term) for start, end, term in self._spans(text)]

    def _spans(self, text: str) -> list[tuple[int, int, str]]:
        """Return (start, end, term) of each typo, longest spans first, none overlapping."""
        sounds = self._sounds_of(text)
        lengths = range(min(LONGEST_TERM, len(text)), _SHORTEST_TERM - 1, -1)
        spelt = [False] * len(text)  # inside a term spelt right
        candidates: list[tuple[int, int, str]] = []
        for length in lengths:
            for start in range(len(text) - length + 1):
                span = text[start : start + length]
                if span in self._terms:
                    spelt[start : start + length] = [True] * length
                elif (term := self._by_sound.get(tuple(sounds[start : start + length]))) and (
                    self._strange(span, term)
                ):
                    candidates.append((start, start + length, term))
        found: list[tuple[int, int, str]] = []
        taken = [False] * len(text)
        unknown: list[bool] | None = None
        for start, end, term in candidates:  # the longest first
            if any(taken[start:end]) or any(
                spelt[start + n] for n in _changed(text[start:end], term)
            ):
                continue
            if end - start == _SHORTEST_TERM:
                unknown = _in_unknown_words(text) if unknown is None else unknown
                if not all(unknown[start:end]) or self._bound(text, start, end, term):
                    continue
            found.append((start, end, term))
            taken[start:end] = [True] * (end - start)
        return sorted(found)

    def _bound(self, text: str, start: int, end: int, term: str) -> bool:
        """Tell whether a pair unlike ``term`` in both its characters belongs to its neighbours.

        「几亩地包给外村人」: 地包 shares no character with 低保, and 亩地 and 包给 are known pairs:
        the ends of two words, no typo. A pair with one character of the term kept
        (「被家报了」: 家暴) is a typo wherever it stands.
        """
        if len(_changed(text[start:end], term)) < end - start:
            return False
        before, after = text[max(0, start - 1) : start + 1], text[end - 1 : end + 1]
        return before in self._known_pairs and after in self._known_pairs

    def _strange(self, span: str, term: str) -> bool:
        """Tell whether a changed character of ``span`` stands in a pair no training text has."""
        changed = _changed(span, term)
        pairs = {span[max(0, n - 1) : n + 1] for n in changed} | {span[n : n + 2] for n in changed}
        return any(len(pair) == 2 and pair not in self._known_pairs for pair in pairs)


def _dictionary_words(terms: Iterable[str]) -> list[str]:
    """Return those of ``terms`` the segmenter's dictionary holds."""
    return sorted(term for term in terms if rjieba.has_word(term))


def unknown_pairs(texts: Iterable[str]) -> set[str]:
    """Return the pairs of characters that stand, in ``texts``, only in words the segmenter lacks.

    A text written with a typo (「他天天家报我」) holds it in such a made-up word.
    """
    pairs: set[str] = set()
    for text in texts:
        for word in rjieba.cut(text, True):
            if len(word) > 1 and not rjieba.has_word(word):
                pairs.update(word[n : n + 2] for n in range(len(word) - 1))
    return pairs


def _in_unknown_words(text: str) -> list[bool]:
    """Mark each character of ``text`` the segmenter puts in a word its dictionary lacks.

    Those are the words its hidden Markov model makes up from unknown pairs: 「人炸片」.
    """
    marks: list[bool] = []
    for word in rjieba.cut(text, True):
        marks.extend([not rjieba.has_word(word)] * len(word))
    return marks if len(marks) == len(text) else [False] * len(text)  # never fix on doubt


def _changed(typed: str, term: str) -> list[int]:
    """Return the positions where ``typed`` and ``term`` (as long) differ."""
    return [n for n, (one, other) in enumerate(zip(typed, term, strict=True)) if one != other]
