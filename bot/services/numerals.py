"""Small counts as residents write them: in digits or in Chinese numerals (十二, 二十, 两)."""

from __future__ import annotations

__all__ = ["parse_count"]

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}


def parse_count(text: str) -> int | None:
    """Return the number ``text`` writes in digits or Chinese (up to 99), or ``None``.

    Args:
        text: 「12」, 「十二」, 「二十」, 「十」 …

    Returns:
        The number, or ``None`` when ``text`` is no number this reads (「十十」, 「一二」).
    """
    if text.isdigit():
        return int(text)
    tens, ten, units = text.partition("十")
    if not ten:
        return _DIGITS.get(text)
    if (tens and tens not in _DIGITS) or (units and units not in _DIGITS):
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)
