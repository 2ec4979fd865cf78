"""Chinese-aware text normalization and feature extraction for retrieval."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

import opencc
import rjieba
from pypinyin import Style, lazy_pinyin

from knowledge.lexicon import Lexicon

__all__ = ["FEATURE_WEIGHTS", "Analyzer"]

FEATURE_WEIGHTS: Mapping[str, float] = {"w": 1.0, "b": 0.6, "p": 0.35, "e": 1.0}
"""Weight of each feature kind: jieba word, character bigram, pinyin bigram, latin word."""

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_NOT_KEPT = re.compile(rf"[^{_CJK}a-z0-9]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_USER_WORD_FREQ = 50_000
"""Frequency given to lexicon and item words so the segmenter keeps them whole."""
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def _alternation(keys: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(keys), key=len, reverse=True)
    if not ordered:
        return None
    return re.compile("|".join(re.escape(key) for key in ordered))


@lru_cache(maxsize=16384)
def _pinyin(char: str) -> str:
    return lazy_pinyin(char, style=Style.NORMAL)[0]


class Analyzer:
    """Turns text into a canonical string and weighted retrieval features.

    The same analyzer is applied to items and to queries, so both meet in one vocabulary.
    """

    def __init__(self, lexicon: Lexicon, *, user_words: Iterable[str] = ()) -> None:
        """Build the analyzer.

        Args:
            lexicon: Dialect, typo, synonym, English and stopword tables.
            user_words: Extra words for the segmenter (item keywords and titles).
        """
        self._lexicon = lexicon
        self._converter = opencc.OpenCC("t2s")
        self._replacements = {**lexicon.dialect, **lexicon.typos}
        self._replace_re = _alternation(self._replacements)
        self._synonym_re = _alternation(lexicon.synonyms)
        self._english_re = _alternation_words(lexicon.english)
        self._scope_re = _alternation(lexicon.out_of_scope)
        self._tokenizer = rjieba.Jieba()
        vocabulary = set(user_words) | set(self._replacements.values())
        for expansion in lexicon.synonyms.values():
            vocabulary.update(expansion.split())
        for word in vocabulary:
            if len(word) > 1 and _CJK_RUN.fullmatch(word):
                self._tokenizer.add_word(word, _USER_WORD_FREQ, None)

    def normalize(self, text: str) -> str:
        """Return ``text`` folded to canonical simplified Chinese, with expansions appended."""
        folded = self._converter.convert(unicodedata.normalize("NFKC", text)).lower()
        extra: list[str] = []
        if self._english_re is not None:
            extra.extend(
                self._lexicon.english[m.group(1)] for m in self._english_re.finditer(folded)
            )
        cleaned = _SPACE_BETWEEN_CJK.sub("", _NOT_KEPT.sub(" ", folded)).strip()
        cleaned = _SPACE_BETWEEN_CJK.sub("", cleaned)
        if self._replace_re is not None:
            cleaned = self._replace_re.sub(lambda m: self._replacements[m.group(0)], cleaned)
        if self._synonym_re is not None:
            extra.extend(
                self._lexicon.synonyms[m.group(0)] for m in self._synonym_re.finditer(cleaned)
            )
        return " ".join([cleaned, *extra]).strip()

    def out_of_scope_terms(self, normalized: str) -> list[str]:
        """Return the out-of-scope subject terms found in a normalized text."""
        if self._scope_re is None:
            return []
        return [match.group(0) for match in self._scope_re.finditer(normalized)]

    def features(self, normalized: str) -> dict[str, float]:
        """Return the weighted features of a normalized text (feature -> kind weight)."""
        result: dict[str, float] = {}
        stopwords = self._lexicon.stopwords
        for run in _CJK_RUN.findall(normalized):
            for word in self._tokenizer.cut(run, False):
                if len(word) > 1 and word not in stopwords:
                    result["w:" + word] = FEATURE_WEIGHTS["w"]
            for left, right in itertools.pairwise(run):
                result["b:" + left + right] = FEATURE_WEIGHTS["b"]
            syllables = [_pinyin(char) for char in run]
            for left, right in itertools.pairwise(syllables):
                result["p:" + left + "_" + right] = FEATURE_WEIGHTS["p"]
        for word in _LATIN_WORD.findall(normalized):
            if word not in stopwords and (len(word) > 1 or word.isdigit()):
                result["e:" + word] = FEATURE_WEIGHTS["e"]
        return result


def _alternation_words(keys: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(keys), key=len, reverse=True)
    if not ordered:
        return None
    body = "|".join(re.escape(key) for key in ordered)
    return re.compile(rf"(?<![a-z0-9])({body})(?![a-z0-9])")
