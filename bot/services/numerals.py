"""Counts and sums as residents write them: digits or Chinese numerals (十二, 两千五, 三千多)."""

from __future__ import annotations

import re

__all__ = ["parse_amount", "parse_count"]

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


_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
_ROUGH_ENDINGS = ("多", "出头", "来", "几")
"""「三千多」「两千出头」: the figure is a floor, not the amount."""
_FILLERS = re.compile(
    r"大概|大约|差不多|估计|可能|约|左右|上下|每个?月|一个月|月收入|收入|全家|一共|总共|是|有"
)
_NOTHING = frozenset({"0", "没有", "没收入", "没有收入", "无", "无收入", "零"})
_AMOUNT = re.compile(r"(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万])+")


def parse_amount(text: str) -> tuple[int, int] | None:
    """Return the sum of money ``text`` writes as ``(low, high)`` yuan, or ``None``.

    An exact figure gives ``low == high``; a rough one (「三千多」, 「2000多」) gives the range
    it covers.

    Args:
        text: 「2800」, 「2,800元」, 「两千五」, 「三千多」, 「1.2万」, 「一万二」, 「大概3千块」 …

    Returns:
        ``(low, high)``, or ``None`` when ``text`` holds no single amount this reads.
    """
    cleaned = re.sub(r"[\s,，。]", "", text)
    if cleaned in _NOTHING:
        return 0, 0
    cleaned = _FILLERS.sub("", cleaned)
    cleaned = re.sub(r"(块钱|块|元钱|元|rmb)$", "", cleaned.lower())
    rough = cleaned.endswith(_ROUGH_ENDINGS)
    for ending in _ROUGH_ENDINGS:
        cleaned = cleaned.removesuffix(ending)
    cleaned = re.sub(r"(块钱|块|元钱|元)$", "", cleaned)
    if not cleaned or _AMOUNT.fullmatch(cleaned) is None:
        return None
    read = _read_amount(cleaned)
    if read is None:
        return None
    amount, step = read
    return (amount, amount + step - 1) if rough else (amount, amount)


def _read_amount(text: str) -> tuple[int, int] | None:
    """Return the amount and the size of its last place (3000 → 1000, 两千五 → 100)."""
    total: float = 0
    section: float = 0
    number: float | None = None
    last_unit, smallest = 1, 10**8
    for token in re.findall(r"\d+(?:\.\d+)?|.", text):
        if token in _UNITS:
            unit = _UNITS[token]
            value = number if number is not None else (0 if section else 1)
            if unit == 10_000:
                total, section, smallest = (total + section + value) * unit, 0, unit
            elif unit >= smallest:
                return None  # places out of order: 「三千三千」, 「五十百」
            else:
                section, smallest = section + value * unit, unit
            number, last_unit = None, unit
        elif number is not None:
            return None  # two numbers in a row: 「3 5」, 「一二」
        elif token == "零":  # 「一千零五」: what follows is the units
            last_unit = 10
        else:
            digit = _DIGITS.get(token)
            if not token[0].isdigit() and digit is None:
                return None
            number = float(token) if token[0].isdigit() else digit
    if number is not None:
        if last_unit > 1:  # 「两千五」: the bare digit is the next lower place
            last_unit //= 10
        total += section + number * last_unit
    else:
        total += section
    if total != int(total):
        return None
    amount = int(total)
    if last_unit == 1 and number is not None:  # 「2000多」: the place of the last non-zero digit
        digits = str(amount)
        last_unit = 10 ** (len(digits) - len(digits.rstrip("0"))) if amount else 1
    return amount, last_unit
