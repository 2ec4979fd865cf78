"""Masking personal details in residents' texts before staff see them in tallies.

Residents write names, phone numbers, ID numbers, plates and addresses into their questions
(「我叫李小红手机13912345678住迎凤小区5栋」). Tallies only need what was asked, so every text
shown in a staff view passes :func:`mask_personal` first. It favours masking too much over too
little: a long run of digits is masked whatever it is.
"""

from __future__ import annotations

import re

__all__ = ["MASK", "mask_personal"]

MASK = "＊＊"
"""What replaces each masked detail."""

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Email addresses.
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), MASK),
    # ID card numbers (18 digits, the last may be X; or the old 15 digits).
    (re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)|(?<!\d)\d{15}(?!\d)"), MASK),
    # Mobile numbers, with or without +86 and separators.
    (re.compile(r"(?:\+?86[- ]?)?(?<!\d)1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)"), MASK),
    # Landlines: area code and number.
    (re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)"), MASK),
    # Bank cards and any other run of 7 or more digits.
    (re.compile(r"\d(?:[- ]?\d){6,}"), MASK),
    # Plate numbers: province, letter, five or six letters and digits.
    (re.compile(rf"[{_PROVINCES}][A-Za-z][·•]?[A-Za-z0-9]{{5,6}}"), MASK),
    # Building, unit, room and house numbers of an address.
    (re.compile(r"\d+\s*(?=栋|幢|号楼|单元|室|号院|号|楼|组)"), MASK),
    # A name the resident gives: 我叫李小红, 姓名：张三.
    (re.compile(r"(我叫|名叫|姓名)[:：是为\s]*[\u4e00-\u9fff]{2,3}"), rf"\1{MASK}"),
    # Wechat and QQ ids.
    (re.compile(r"(?i)(微信|wechat|qq)[号:：\s]*[A-Za-z0-9_-]{5,}"), rf"\1{MASK}"),
)


def mask_personal(text: str) -> str:
    """Return ``text`` with phones, ID and card numbers, plates, addresses and names masked.

    Args:
        text: A resident's text as typed.

    Returns:
        The text with each detail replaced by :data:`MASK`.
    """
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
