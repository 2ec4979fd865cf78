"""A typed reply as the questions' analyzer reads it: dialect and typos replaced, synonyms added.

``handlers.typed_answers.match_meaning`` looks for an option's aliases in this form too, so a
reply in the resident's own words (俺男人打我, 不让我干了, 五险一金) names what the knowledge
base's lexicon says it means (家庭暴力, 辞退, 社会保险).
"""

from __future__ import annotations

from functools import cache

from knowledge.lexicon import load_lexicon
from knowledge.normalize import Analyzer

__all__ = ["plain_words"]


@cache
def _analyzer() -> Analyzer:
    return Analyzer(load_lexicon())


def plain_words(text: str) -> str:
    """Return ``text`` in the analyzer's canonical form, with the lexicon's expansions appended.

    Args:
        text: A short typed reply.
    """
    return _analyzer().normalize(text)
