"""Chinese-aware text normalization: one canonical form for items and questions alike."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
import opencc

from knowledge.arrays import code_points, collapse_runs, is_latin, text_of
from knowledge.lexicon import Lexicon

__all__ = ["CJK_RANGES", "Analyzer", "PhraseFinder", "literal_alternation"]

_Trie = dict[str, "_Trie"]

CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff"
"""The Chinese characters retrieval keeps (CJK Extension A and Unified Ideographs)."""

_NOT_KEPT = re.compile(rf"[^{CJK_RANGES}a-z0-9\n]+")
_LATIN_CHAR = re.compile("[a-z0-9]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_NEWLINE = ord("\n")
_SPACE = ord(" ")
BULK = 1000
"""Texts of at least this many characters are cleaned by numpy over their code points, shorter
ones (questions) by regexes: both give the same text, and numpy's cost per call outweighs
the regex's per character below about this length."""
_BMP = 0x10000
_BMP_TABLE = _BMP + 1
"""Tables by code point hold one more place, where those above the BMP are looked up."""
_SPACE_BETWEEN_CJK = re.compile(rf" (?<=[{CJK_RANGES}] )(?=[{CJK_RANGES}])")
"""A space between two Chinese characters (the space first, so the engine can skip to it)."""
_PUNCTUATION_BLOCKS = (
    (0x0020, 0x00FF),
    (0x2000, 0x2BFF),
    (0x3000, 0x303F),
    (0xFE30, 0xFE6F),
    (0xFF00, 0xFFEF),
)
"""Where the punctuation and symbols residents type live (ASCII, general, CJK, full-width)."""


def _punctuation() -> list[str]:
    """Return the punctuation, symbols and spaces that normalization would drop anyway.

    Turning them into spaces before NFKC keeps typical text (Chinese with full-width
    punctuation) on ``unicodedata.normalize``'s fast path for already-normalized text.
    """
    kept = re.compile(rf"[{CJK_RANGES}a-z0-9]")
    return [
        char
        for low, high in _PUNCTUATION_BLOCKS
        for char in map(chr, range(low, high + 1))
        if unicodedata.category(char)[0] in "PSZ"
        and not kept.search(unicodedata.normalize("NFKC", char).lower())
    ]


_PUNCTUATION_CHARS = _punctuation()
_PUNCTUATION = re.compile("[" + "".join(map(re.escape, _PUNCTUATION_CHARS)) + "]+")
_PUNCTUATION_TABLE = np.zeros(_BMP_TABLE, dtype=bool)
"""By code point, whether ``_PUNCTUATION`` matches the character (all of them are in the BMP)."""
_PUNCTUATION_TABLE[[ord(char) for char in _PUNCTUATION_CHARS]] = True


def _spaced(text: str) -> str:
    """Return ``text`` with each run of punctuation one space: ``_PUNCTUATION.sub(" ", text)``."""
    if len(text) < BULK:
        return _PUNCTUATION.sub(" ", text)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    marked = _PUNCTUATION_TABLE[np.minimum(codes, _BMP_TABLE - 1)]
    if not marked.any():
        return text
    return text_of(collapse_runs(codes, marked, _SPACE))


def literal_alternation(keys: Iterable[str]) -> re.Pattern[str] | None:
    """Return a regex matching any of ``keys``, the longest first where several match.

    The alternatives are nested as a trie (``劳动(?:仲裁|合同)``), so the regex engine rejects a
    position after one character instead of trying every key in turn.
    """
    trie: _Trie = {}
    for key in set(keys):
        if key:
            node = trie
            for char in key:
                node = node.setdefault(char, {})
            node[""] = {}
    if not trie:
        return None

    def pattern(node: _Trie) -> str:
        branches = [
            re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(pattern(trie))


class Analyzer:
    """Turns text into a canonical string: the form items and questions are compared in.

    Canonical text is simplified Chinese (with the variant characters OpenCC leaves folded
    too), lower-case latin letters and digits, single spaces between latin words, dialect
    forms and typos replaced, and the expansions of synonyms and English terms appended
    after a space.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        """Build the analyzer from the variant, dialect, typo, synonym, English and scope tables."""
        self.lexicon = lexicon
        self._converter = opencc.OpenCC("t2s")
        # A character class finds the few variant characters faster than ``str.translate``,
        # which looks every character up in its table.
        self._variant_re = (
            re.compile("[" + "".join(map(re.escape, lexicon.variants)) + "]")
            if lexicon.variants
            else None
        )
        self._replacements = {**lexicon.dialect, **lexicon.typos}
        self._replace_re = literal_alternation(self._replacements)
        self._replace_starts = _PairTable.of(self._replacements)
        self._synonyms = PhraseFinder(lexicon.synonyms)
        # English phrases are matched after punctuation became spaces: "e-bike" as "e bike".
        self._english = {_PUNCTUATION.sub(" ", k): v for k, v in lexicon.english.items()}
        self._english_finder = PhraseFinder(self._english, whole_words=True)
        self._scope_re = literal_alternation(lexicon.out_of_scope)
        self._bot_re = literal_alternation(lexicon.about_the_bot)

    def normalize(self, text: str) -> str:
        """Return ``text`` in canonical form, with expansions appended."""
        return self.normalize_many([text])[0]

    def normalize_many(self, texts: Sequence[str]) -> list[str]:
        """Return the canonical form of each of ``texts``, as ``normalize`` would one by one.

        The texts are joined by line breaks and each step runs once over the whole batch, which
        is what makes indexing half a million sample questions fast.
        """
        if not texts:
            return []
        joined = "\n".join(texts)
        if joined.count("\n") != len(texts) - 1:  # a text holds a line break of its own
            joined = "\n".join(text.replace("\n", " ") for text in texts)
        joined = unicodedata.normalize("NFKC", _spaced(joined))
        try:
            folded = self._converter.convert(joined).lower()
        except UnicodeEncodeError:  # lone surrogates are no text: drop them
            folded = self._converter.convert(_SURROGATES.sub(" ", joined)).lower()
        if self._variant_re is not None:
            variants = self.lexicon.variants
            folded = self._variant_re.sub(lambda match: variants[match.group(0)], folded)
        extras: dict[int, list[str]] = {}
        codes = code_points(folded) if len(folded) >= BULK else None
        if _LATIN_CHAR.search(folded):
            codes = code_points(folded) if codes is None else codes
            english = self._english
            found = [
                (at, english[phrase]) for at, phrase in self._english_finder.find(folded, codes)
            ]
            _append_by_line(extras, found, np.flatnonzero(codes == _NEWLINE))
        cleaned = self._replaced(_cleaned(folded, codes))
        codes = code_points(cleaned)
        synonyms = self.lexicon.synonyms
        found = [(start, synonyms[phrase]) for start, phrase in self._synonyms.find(cleaned, codes)]
        _append_by_line(extras, found, np.flatnonzero(codes == _NEWLINE))
        lines = cleaned.split("\n")
        for line, added in extras.items():
            lines[line] = " ".join([lines[line], *added]).strip(" ")
        return lines

    def _replaced(self, text: str) -> str:
        """Return ``text`` with its dialect forms and typos replaced, leftmost and longest first.

        What ``self._replace_re.sub`` gives, but the regex is tried only where a key may start
        (``_PairTable``), not at every character.
        """
        pattern, replacements = self._replace_re, self._replacements
        if pattern is None:
            return text
        if self._replace_starts is None or len(text) < BULK:
            return pattern.sub(lambda match: replacements[match.group(0)], text)
        pieces: list[str] = []
        done = 0
        for start in self._replace_starts.starts(code_points(text)).tolist():
            if start < done:
                continue
            match = pattern.match(text, start)
            if match is not None:
                pieces += (text[done:start], replacements[match.group(0)])
                done = match.end()
        if not pieces:
            return text
        pieces.append(text[done:])
        return "".join(pieces)

    def out_of_scope_terms(self, normalized: str) -> list[str]:
        """Return the out-of-scope subject terms found in a normalized text."""
        if self._scope_re is None:
            return []
        return [match.group(0) for match in self._scope_re.finditer(normalized)]

    def about_the_bot_terms(self, normalized: str) -> list[str]:
        """Return the lexicon's ``about_the_bot`` phrases found in a normalized text."""
        if self._bot_re is None:
            return []
        return [match.group(0) for match in self._bot_re.finditer(normalized)]


_KEPT = np.zeros(_BMP_TABLE, dtype=bool)
"""By code point (those above the BMP at its end), whether canonical text keeps the character."""
_KEPT[0x3400:0x4DC0] = _KEPT[0x4E00:0xA000] = True
_KEPT[ord("a") : ord("z") + 1] = _KEPT[ord("0") : ord("9") + 1] = _KEPT[_NEWLINE] = True
_CJK_TABLE = _KEPT.copy()
_CJK_TABLE[ord("a") : ord("z") + 1] = _CJK_TABLE[ord("0") : ord("9") + 1] = False
_CJK_TABLE[_NEWLINE] = False


def _cleaned(text: str, codes: npt.NDArray[np.uint32] | None) -> str:
    """Return ``text`` with what canonical text does not keep dropped.

    ``_NOT_KEPT`` makes each run of other characters one space, ``_SPACE_BETWEEN_CJK`` drops
    a space between Chinese characters, and the spaces beside line breaks and at either end
    go too. With the text's code points ``codes``, the same is made from them at once.
    """
    if codes is None:
        cleaned = _SPACE_BETWEEN_CJK.sub("", _NOT_KEPT.sub(" ", text))
        return cleaned.replace(" \n", "\n").replace("\n ", "\n").strip(" ")
    collapsed = collapse_runs(codes, ~_KEPT[np.minimum(codes, _BMP_TABLE - 1)], _SPACE)
    spaces = np.flatnonzero(collapsed == _SPACE)
    if len(spaces):
        # Each space stands alone now: its neighbours decide whether it stays.
        padded = np.concatenate(([_NEWLINE], collapsed, [_NEWLINE])).astype(np.uint32)
        before, after = padded[spaces], padded[spaces + 2]
        cjk = _CJK_TABLE[np.minimum(before, _BMP_TABLE - 1)]
        cjk &= _CJK_TABLE[np.minimum(after, _BMP_TABLE - 1)]
        dropped = cjk | (before == _NEWLINE) | (after == _NEWLINE)
        keep = np.ones(len(collapsed), dtype=bool)
        keep[spaces[dropped]] = False
        collapsed = collapsed[keep]
    return text_of(collapsed)


def _append_by_line(
    extras: dict[int, list[str]], found: list[tuple[int, str]], newlines: npt.NDArray[np.intp]
) -> None:
    """Add each found (offset, expansion) to the expansions of the line holding the offset."""
    if not found:
        return
    offsets = np.array([offset for offset, _ in found], dtype=np.intp)
    for line, (_, expansion) in zip(
        np.searchsorted(newlines, offsets).tolist(), found, strict=True
    ):
        extras.setdefault(line, []).append(expansion)


class PhraseFinder:
    """Finds lexicon phrases in text, leftmost and longest first, as a regex alternation would.

    numpy picks the few positions where a phrase's first two characters stand, so Python
    only looks at those: several times faster than the regex engine on long batches.
    """

    def __init__(self, phrases: Iterable[str], *, whole_words: bool = False) -> None:
        """Index ``phrases`` (each at least two characters long) by how they start.

        With ``whole_words``, phrases are latin words separated by single spaces, and one is
        found only where no latin letter or digit touches it.
        """
        groups: dict[str, list[str]] = {}
        for phrase in sorted(set(phrases), key=len, reverse=True):
            if len(phrase) < 2:
                raise ValueError(f"lexicon phrase {phrase!r} is shorter than two characters")
            groups.setdefault(phrase.split(" ")[0] if whole_words else phrase[:2], []).append(
                phrase
            )
        self._groups = groups
        self._whole_words = whole_words
        starts = {phrase[:2] for phrase in itertools.chain.from_iterable(groups.values())}
        self._first_chars = np.zeros(_BMP, dtype=bool)
        self._first_chars[[ord(start[0]) for start in starts if ord(start[0]) < _BMP]] = True
        self._starts = np.array(sorted(_pair_code(start) for start in starts), dtype=np.uint64)
        self._table = _PairTable.of(starts)

    def find(self, text: str, codes: npt.NDArray[np.uint32] | None = None) -> list[tuple[int, str]]:
        """Return the (offset, phrase) of each phrase in ``text``; none overlap.

        ``codes`` are the code points of ``text``, if the caller has them already.
        """
        if codes is None:
            codes = code_points(text)
        if len(codes) < 2 or not len(self._starts):
            return []
        if self._table is not None:
            heads = self._table.starts(codes)
        else:  # a phrase starts outside the BMP
            heads = np.flatnonzero(self._first_chars[np.minimum(codes[:-1], _BMP - 1)])
            pairs = (codes[heads].astype(np.uint64) << np.uint64(32)) | codes[heads + 1]
            rows = np.minimum(np.searchsorted(self._starts, pairs), len(self._starts) - 1)
            heads = heads[self._starts[rows] == pairs]
        if self._whole_words:
            latin = is_latin(codes)
            heads = heads[(heads == 0) | ~latin[np.maximum(heads - 1, 0)]]
            word_ends = np.flatnonzero(latin & ~np.append(latin[1:], False)) + 1
            return self._find_words(text, heads.tolist(), word_ends, latin)
        found: list[tuple[int, str]] = []
        free = 0
        for offset in heads.tolist():
            if offset < free:
                continue
            for phrase in self._groups[text[offset : offset + 2]]:
                if text.startswith(phrase, offset):
                    found.append((offset, phrase))
                    free = offset + len(phrase)
                    break
        return found

    def _find_words(
        self,
        text: str,
        heads: list[int],
        word_ends: npt.NDArray[np.intp],
        latin: npt.NDArray[np.bool_],
    ) -> list[tuple[int, str]]:
        """Find whole-word phrases at ``heads``, the starts of latin words."""
        found: list[tuple[int, str]] = []
        free = 0
        ends = word_ends[np.searchsorted(word_ends, heads, side="right")].tolist() if heads else []
        words = list(map(text.__getitem__, map(slice, heads, ends)))
        # Most words begin no phrase: they are passed over without a step of Python each.
        begins = list(map(self._groups.__contains__, words))
        for offset, word in itertools.compress(zip(heads, words, strict=True), begins):
            if offset < free:
                continue
            for phrase in self._groups[word]:
                end = offset + len(phrase)
                if text.startswith(phrase, offset) and (end == len(text) or not latin[end]):
                    found.append((offset, phrase))
                    free = end
                    break
        return found


class _PairTable:
    """Where a text may start one of some keys, found by the keys' first two characters.

    Two tables number the characters that begin keys and those that come second in them (0:
    none); a matrix over the two numbers marks the pairs that begin a key, and every pair of
    a first character that is a key alone: a look-up per character and one per possible
    start, no search (a regex tries its alternation at every character).
    """

    def __init__(self, keys: Iterable[str]) -> None:
        """Mark the starts of ``keys`` (non-empty, their first two characters in the BMP)."""
        keys = sorted(set(keys))
        firsts = sorted({key[0] for key in keys})
        seconds = sorted({key[1] for key in keys if len(key) > 1})
        # One past the BMP: code points above it are clipped to a place that is always 0.
        self._first = np.zeros(_BMP + 1, dtype=np.uint16)
        self._first[[ord(char) for char in firsts]] = np.arange(1, len(firsts) + 1)
        self._second = np.zeros(_BMP + 1, dtype=np.uint16)
        self._second[[ord(char) for char in seconds]] = np.arange(1, len(seconds) + 1)
        self._columns = len(seconds) + 1
        pairs = np.zeros((len(firsts) + 1, self._columns), dtype=bool)
        for key in keys:
            row = self._first[ord(key[0])]
            if len(key) == 1:
                pairs[row, :] = True  # the key alone, whatever follows
            else:
                pairs[row, self._second[ord(key[1])]] = True
        self._pairs = pairs.ravel()

    @classmethod
    def of(cls, keys: Iterable[str]) -> _PairTable | None:
        """Return the table of ``keys``, or ``None`` where a key cannot be in one."""
        keys = list(keys)
        if not keys or any(not key or max(map(ord, key[:2])) >= _BMP for key in keys):
            return None
        return cls(keys)

    def starts(self, codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.intp]:
        """Return, in order, each offset of ``codes`` where one of the keys may start."""
        clipped = np.minimum(codes, _BMP)
        first = self._first[clipped]
        heads = np.flatnonzero(first)
        # The last character is followed by nothing: 0, which comes second in no key.
        second = self._second[clipped[np.minimum(heads + 1, len(codes) - 1)]]
        second[heads == len(codes) - 1] = 0
        cells = first[heads].astype(np.intp) * self._columns + second
        found: npt.NDArray[np.intp] = heads[self._pairs[cells]]
        return found


def _pair_code(pair: str) -> int:
    return (ord(pair[0]) << 32) | ord(pair[1])
