"""How a word sounds, so a name typed with a phone's homophone (迎风 for 迎凤) still matches."""

from __future__ import annotations

from knowledge.features import syllable_numbers

__all__ = ["sound_key"]

_SYLLABLE_BASE = 0xF0000
"""Syllables are written as code points of a private-use plane, which no text holds."""


def sound_key(text: str) -> str:
    """Return ``text`` with each Chinese character replaced by its toneless syllable.

    Characters with the same pinyin (凤, 风, 峰) give the same key; anything without a
    syllable (digits, Latin letters, punctuation) is kept as it is.
    """
    table = syllable_numbers()
    last = len(table) - 1
    return "".join(
        chr(_SYLLABLE_BASE + int(table[code])) if code < last and table[code] else char
        for char, code in ((char, ord(char)) for char in text)
    )
