"""Homophone typos of the urgency rules' own words: 快过念了 → 快过年了, 方东 → 房东.

A resident typing on a pinyin keyboard in a hurry picks the right sound and the wrong
character, often in the very word a rule needs (「工姿」 for 工资, 「仍出来」 for 扔出来). The
lexicon fixes the typos someone has listed; this fixes the ones nobody has seen, with the
category classifier's corrector (``knowledge.term_typos``) run over the rules' vocabulary:
every run of two to six Chinese characters the rules spell out literally, and a few words
the rules build from parts (``URGENCY_TERMS``). A span is fixed only when it sounds like
exactly one of those words and a changed character stands beside one that no knowledge item
(nor a word the lexicon stands for) ever puts next to it, so well-formed text is left
alone.

A blow or a weapon of one character (打, 砍, 杀, 刀) is no term a span can be compared with, so
``fix_blows`` reads those apart: a character of the same sound that goes with the one before
it in no knowledge item, forms a dictionary word with neither neighbour, and, read as the
blow, lets a personal-safety rule match over it (「又达我」「要坎死我」「拿着到说」).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

import rjieba

from bot.services.urgency_rules import URGENCY_RULES
from bot.services.urgency_words import BLOW_WORDS, URGENCY_TERMS
from knowledge.arrays import LAST_CJK
from knowledge.base import DEFAULT_ITEMS_DIR
from knowledge.homophones import near_sound_numbers
from knowledge.lexicon import load_lexicon
from knowledge.term_typos import LONGEST_TERM, TermTypos

__all__ = ["fix_blows", "fix_typos", "rule_vocabulary"]

_RUN = re.compile(r"[\u4e00-\u9fff]+")


def rule_vocabulary() -> set[str]:
    """Return the words the urgency rules spell out, plus ``URGENCY_TERMS``.

    Returns:
        Runs of two to ``LONGEST_TERM`` Chinese characters found literally in the rules'
        patterns (「过年」「工资」「房东」 …), and the compound words of ``URGENCY_TERMS``.
    """
    patterns = [
        pattern
        for rule in URGENCY_RULES
        for pattern in (*rule.any_of, *rule.also, rule.not_after, rule.not_before, rule.unless)
    ]
    runs = {run for pattern in patterns for run in _RUN.findall(pattern)}
    return {run for run in runs | set(URGENCY_TERMS) if 2 <= len(run) <= LONGEST_TERM}


def _known_pairs(texts: Iterable[str]) -> Iterator[str]:
    """Yield every pair of Chinese characters side by side in ``texts`` (the items' text)."""
    for text in texts:
        for run in _RUN.findall(text):
            yield from (run[n : n + 2] for n in range(len(run) - 1))


@cache
def _corrector() -> tuple[TermTypos, frozenset[str]]:
    lexicon = load_lexicon()
    texts = [path.read_text(encoding="utf-8") for path in sorted(DEFAULT_ITEMS_DIR.glob("*.yaml"))]
    # The words the lexicon's typos and dialect stand for are good text too (代刀 → 带刀).
    texts += [*lexicon.typos.values(), *lexicon.dialect.values()]
    pairs = frozenset(_known_pairs(texts))
    return TermTypos(rule_vocabulary(), pairs), pairs


def fix_typos(text: str) -> str:
    """Return canonical ``text`` with homophone typos of the rules' words fixed.

    A fix that would break a pair good text has across the span's edge, for one no good text
    has, is left out: 「换了所有」 is 所有, not a lock (「换了锁有」).

    Args:
        text: A clause in canonical form (simplified, dialect read).

    Returns:
        The clause, each near-certain typo of a rule word replaced by the word.
    """
    corrector, pairs = _corrector()
    parts: list[str] = []
    done = 0
    for typed, term in corrector.fixes(text):
        start = text.index(typed, done)
        end = start + len(typed)
        edges = (
            (text[start - 1 : start + 1], text[start - 1] + term[0]) if start else None,
            (text[end - 1 : end + 1], term[-1] + text[end]) if end < len(text) else None,
        )
        if any(edge and edge[0] in pairs and edge[1] not in pairs for edge in edges):
            continue
        parts += [text[done:start], term]
        done = end
    parts.append(text[done:])
    return "".join(parts)


@cache
def _blows() -> tuple[dict[int, str], re.Pattern[str]]:
    """Return the blow words by their sound (those no other shares) and the danger rules."""
    sounds = near_sound_numbers()
    by_sound: dict[int, set[str]] = {}
    for word in BLOW_WORDS:
        by_sound.setdefault(int(sounds[ord(word)]), set()).add(word)
    danger = "|".join(
        f"(?:{pattern})"
        for rule in URGENCY_RULES
        if rule.reason == "personal_safety"
        for pattern in rule.any_of
    )
    words = {sound: next(iter(w)) for sound, w in by_sound.items() if len(w) == 1 and sound}
    return words, re.compile(danger)


_AGE = re.compile(r".{1,4}岁")
"""An age after it: 「他又大我三岁」 compares, it hits no one."""


def _object_fits(chars: list[str], at: int, word: str) -> bool:
    """Return whether the character at ``at`` makes a word with its object past 了, 着 or 过.

    「占用搭了棚子」: 搭棚 is a word and 打棚 none, so 搭 is meant, not the blow.
    """
    if at + 2 >= len(chars) or chars[at + 1] not in "了着过":
        return False
    written, read = chars[at] + chars[at + 2], word + chars[at + 2]
    return rjieba.has_word(written) and not rjieba.has_word(read)


def _covered(danger: re.Pattern[str], text: str, at: int) -> bool:
    return any(match.start() <= at < match.end() for match in danger.finditer(text))


def fix_blows(text: str) -> str:
    """Return canonical ``text`` with one-character homophones of a blow read as the blow.

    「又达我」 is 又打我 and 「拿着到说要坎死我」 拿着刀说要砍死我, but 「去看他」 (去看 is good
    text), 「拿到」 and 「大儿子」 (dictionary words) stay.

    Args:
        text: A clause in canonical form, its term typos fixed (``fix_typos``).

    Returns:
        The clause, each such character replaced by the blow it sounds like.
    """
    words, danger = _blows()
    sounds = near_sound_numbers()
    pairs = _corrector()[1]
    chars = list(text)
    for at in range(1, len(chars)):
        word = words.get(int(sounds[min(ord(chars[at]), LAST_CJK + 1)]))
        left, right = chars[at - 1] + chars[at], "".join(chars[at : at + 2])
        if (
            word is None
            or word == chars[at]
            or not _RUN.fullmatch(left)
            or left in pairs
            or rjieba.has_word(left)
            or (len(right) == 2 and rjieba.has_word(right))
            or _AGE.match(text, at + 1)
            or _object_fits(chars, at, word)
        ):
            continue
        read = [*chars[:at], word, *chars[at + 1 :]]
        if _covered(danger, "".join(read), at) and not _covered(danger, "".join(chars), at):
            chars = read
    return "".join(chars)
