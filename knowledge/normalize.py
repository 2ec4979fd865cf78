"""Chinese-aware text normalization and feature extraction for retrieval."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import opencc
import rjieba

from knowledge.lexicon import Lexicon

__all__ = ["FEATURE_WEIGHTS", "Analyzer"]

FEATURE_WEIGHTS: Mapping[str, float] = {"w": 1.0, "b": 0.6, "p": 0.35, "e": 1.0}
"""Weight of each feature kind: jieba word, character bigram, pinyin bigram, latin word."""

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_NOT_KEPT = re.compile(rf"[^{_CJK}a-z0-9]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_ASCII_LETTER = re.compile(r"[a-z0-9]")
_USER_WORD_FREQ = 50_000
"""Frequency given to lexicon and item words so the segmenter keeps them whole."""
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def _alternation(keys: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(keys), key=len, reverse=True)
    if not ordered:
        return None
    return re.compile("|".join(re.escape(key) for key in ordered))


PINYIN_TABLE = Path(__file__).resolve().parent / "data" / "pinyin.txt"


@cache
def pinyin_table(path: Path = PINYIN_TABLE) -> dict[int, str]:
    """Return a ``str.translate`` table: each CJK character to its toneless pinyin and a space.

    Built from ``knowledge/data/pinyin.txt`` (see ``tools/make_pinyin_table.py``).
    """
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        syllable, _, chars = line.partition(" ")
        table.update(dict.fromkeys(map(ord, chars), syllable + " "))
    return table


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
        self._pinyin = pinyin_table()
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
        if self._english_re is not None and _ASCII_LETTER.search(folded):
            extra.extend(
                self._lexicon.english[m.group(1)] for m in self._english_re.finditer(folded)
            )
        cleaned = _SPACE_BETWEEN_CJK.sub("", _NOT_KEPT.sub(" ", folded)).strip()
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

    def features(self, normalized: str) -> set[str]:
        """Return the features of a normalized text; ``FEATURE_WEIGHTS`` gives each kind's weight.

        A feature is its kind's letter, a colon and the value: ``w:仲裁`` (jieba word),
        ``b:仲裁`` (character bigram), ``p:zhong_cai`` (pinyin bigram), ``e:lawyer`` (latin word).
        """
        result: set[str] = set()
        stopwords = self._lexicon.stopwords
        for run in _CJK_RUN.findall(normalized):
            result.update(
                "w:" + word
                for word in self._tokenizer.cut(run, False)
                if len(word) > 1 and word not in stopwords
            )
            result.update("b:" + run[i : i + 2] for i in range(len(run) - 1))
            syllables = run.translate(self._pinyin).split()
            result.update(
                "p:" + syllables[i] + "_" + syllables[i + 1] for i in range(len(syllables) - 1)
            )
        result.update(
            "e:" + word
            for word in _LATIN_WORD.findall(normalized)
            if word not in stopwords and (len(word) > 1 or word.isdigit())
        )
        return result

    @staticmethod
    def weighted(features: Iterable[str]) -> dict[str, float]:
        """Return ``features`` mapped to the weight of their kind."""
        return {feature: FEATURE_WEIGHTS[feature[0]] for feature in features}


def _alternation_words(keys: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(keys), key=len, reverse=True)
    if not ordered:
        return None
    body = "|".join(re.escape(key) for key in ordered)
    return re.compile(rf"(?<![a-z0-9])({body})(?![a-z0-9])")
