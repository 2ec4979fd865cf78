"""The triage as it was before the h3b-triage branch, frozen here as the benchmark's baseline.

Urgency: the term list of ``bot/services/urgency.py`` at that time (plain substrings after
traditional → simplified conversion, no dialect, no negation). Category: the top item's
category of ``KnowledgeBase.search`` (``other`` when the search answered nothing).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import opencc

from knowledge import KnowledgeBase


def _each(*terms: str) -> tuple[tuple[str, ...], ...]:
    return tuple((term,) for term in terms)


_WAGE_TERMS = ("工资", "讨薪", "欠薪", "工钱", "血汗钱", "劳务费")
_HOLIDAY_TERMS = ("春节", "过年", "年底", "年前", "年关", "节前")

LEGACY_RULES: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    # Someone may be hurt: violence, threats, self-harm.
    (
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
    (
        "detention",
        _each("被拘留", "拘留", "被抓", "抓走", "刑拘", "羁押", "逮捕", "看守所"),
    ),
    # A deadline is close: hearings, limitation periods, appeal terms.
    (
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
    (
        "wages_before_holiday",
        tuple((wage, holiday) for wage in _WAGE_TERMS for holiday in _HOLIDAY_TERMS),
    ),
    # A home is about to be demolished or residents evicted.
    ("eviction", _each("强拆", "强制拆除", "赶出来", "强制搬离")),
)
_SPACE = re.compile(r"\s+")


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def legacy_urgency(text: str) -> str | None:
    """Return the first legacy urgency reason of ``text``, or ``None``."""
    normalized = unicodedata.normalize("NFKC", text)
    normalized = _SPACE.sub("", str(_to_simplified().convert(normalized)))
    for reason, groups in LEGACY_RULES:
        if any(all(term in normalized for term in group) for group in groups):
            return reason
    return None


def legacy_category(kb: KnowledgeBase, text: str) -> str:
    """Return the category the intake proposed: the search result's."""
    return kb.search(text).category
