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
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from bot.services.urgency_rules import URGENCY_RULES
from bot.services.urgency_words import URGENCY_TERMS
from knowledge.base import DEFAULT_ITEMS_DIR
from knowledge.lexicon import load_lexicon
from knowledge.term_typos import LONGEST_TERM, TermTypos

__all__ = ["fix_typos", "rule_vocabulary"]

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
