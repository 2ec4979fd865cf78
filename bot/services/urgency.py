"""Which consultations are urgent: a short, reviewable list of terms, kept in one place.

A match only raises a consultation's priority (its advisers see it flagged and the duty
advisers get a copy at once), so the list favours recall: "没有家暴" is flagged too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import opencc

__all__ = ["URGENCY_RULES", "UrgencyRule", "detect_urgency"]


@dataclass(frozen=True, slots=True)
class UrgencyRule:
    """Text is urgent for ``reason`` when it contains every term of one of ``all_of`` groups."""

    reason: str
    all_of: tuple[tuple[str, ...], ...]


def _each(*terms: str) -> tuple[tuple[str, ...], ...]:
    return tuple((term,) for term in terms)


_WAGE_TERMS = ("工资", "讨薪", "欠薪", "工钱", "血汗钱", "劳务费")
_HOLIDAY_TERMS = ("春节", "过年", "年底", "年前", "年关", "节前")

URGENCY_RULES: tuple[UrgencyRule, ...] = (
    # Someone may be hurt: violence, threats, self-harm.
    UrgencyRule(
        "personal_safety",
        _each(
            "家暴",
            "家庭暴力",
            "打我",
            "打人",
            "殴打",
            "动手",
            "威胁",
            "恐吓",
            "要杀",
            "自杀",
            "轻生",
            "不想活",
            "跳楼",
            "人身安全",
            "保护令",
        ),
    ),
    # Someone is held: detention and arrest have short legal deadlines.
    UrgencyRule(
        "detention",
        _each("被拘留", "拘留", "被抓", "抓走", "刑拘", "羁押", "逮捕", "看守所"),
    ),
    # A deadline is close: hearings, limitation periods, appeal terms.
    UrgencyRule(
        "deadline",
        _each(
            "明天开庭",
            "后天开庭",
            "马上开庭",
            "下周开庭",
            "仲裁时效",
            "诉讼时效",
            "快过期",
            "快到期",
            "截止日期",
            "截止时间",
            "今天截止",
            "明天截止",
            "最后一天",
            "上诉期",
            "期限快到",
        ),
    ),
    # Unpaid wages before the New Year holidays: migrant workers need them paid now.
    UrgencyRule(
        "wages_before_holiday",
        tuple((wage, holiday) for wage in _WAGE_TERMS for holiday in _HOLIDAY_TERMS),
    ),
    # A home is about to be demolished or residents evicted.
    UrgencyRule("eviction", _each("强拆", "强制拆除", "赶出来", "强制搬离")),
)
"""Reasons in priority order; ``detect_urgency`` returns the first that matches."""

_SPACE = re.compile(r"\s+")


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def detect_urgency(*texts: str | None) -> str | None:
    """Return why the texts are urgent (``URGENCY_RULES`` reason code), or ``None``.

    Args:
        *texts: The consultation's summary, the question it came from, ... (``None`` skipped).

    Returns:
        One of ``personal_safety``, ``detention``, ``deadline``, ``wages_before_holiday``,
        ``eviction``, or ``None``.
    """
    joined = "\n".join(text for text in texts if text)
    if not joined:
        return None
    normalized = unicodedata.normalize("NFKC", joined)
    normalized = _SPACE.sub("", str(_to_simplified().convert(normalized)))
    for rule in URGENCY_RULES:
        if any(all(term in normalized for term in group) for group in rule.all_of):
            return rule.reason
    return None
