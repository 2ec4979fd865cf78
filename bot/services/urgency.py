"""Which consultations are urgent: a short, reviewable list of patterns, kept in one place.

Descriptions are first brought to the canonical form questions are searched in
(``knowledge.normalize.Analyzer``: traditional → simplified, dialect → Mandarin, known typos
fixed; 「俺男人打俺」 reads 「我男人打我」), one clause at a time, so that a pattern never spans
two clauses. A match raises a consultation's priority (its advisers see it flagged, the duty
advisers get a copy at once, and the resident sees the emergency numbers), so the list favours
recall, with one exception: a danger named only to be denied is not urgent. A match right after
a negation in the same clause (「没有家暴」, 「从来没打过我」, 「没被拘留」, 「房东没赶我走」)
does not count; any other mention still does (「没有家暴，但他威胁要砍我」 is urgent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from knowledge.lexicon import load_lexicon
from knowledge.normalize import Analyzer

__all__ = ["URGENCY_RULES", "UrgencyRule", "detect_urgency", "urgency_kinds"]


@dataclass(frozen=True, slots=True)
class UrgencyRule:
    """Text is urgent for ``reason`` when one of ``any_of`` matches, not negated.

    ``any_of`` and ``also`` are regular expressions over canonical text (simplified Chinese,
    dialect replaced, no punctuation). With ``also``, one of those must match somewhere in
    the text too (the two may stand in different clauses).
    """

    reason: str
    any_of: tuple[str, ...]
    also: tuple[str, ...] = ()


_PEOPLE = "我|她|他|我们|孩子|女儿|儿子|妻子|丈夫|配偶|老人|我妈|我爸|人"
_HIT = "打|揍|抽|踢|踹|掐|砍|捅|扇|砸|勒|烫"
_WEAPONS = "刀|菜刀|剪刀|斧头|棍子|棍|棒子|铁锹|砖头|皮带|锤子|硫酸|汽油"

URGENCY_RULES: tuple[UrgencyRule, ...] = (
    # Someone may be hurt: violence, weapons, threats, confinement, self-harm.
    UrgencyRule(
        "personal_safety",
        (
            "家暴|家庭暴力|保护令|殴打|挨打|被打(?!扰|听|折|工|官司|电话)|毒打|打伤|打骨折|打晕",
            rf"(?:{_HIT})(?:了|过|着)?(?:{_PEOPLE})(?!电话|手机|的电话|微信|招呼|官司|工)",
            r"打得.{0,4}(?:住院|骨折|流血|出血|伤|青|肿|晕|不能动)",
            rf"把(?:{_PEOPLE})(?:给)?(?:{_HIT})",
            r"动(?:了|过)?手(?!术|续|机)|动刀|推倒|推搡|推了?(?:我|她|他)(?:一把|一下|倒)|掐脖子"
            r"|往死里|遍体鳞伤|身上都是伤",
            rf"拿(?:着|起|了)?(?:{_WEAPONS})|持刀|泼硫酸",
            r"弄死|打死|砍死|杀了|杀我|要杀|杀人|灭口|打断.{0,2}(?:腿|手)|要砍|要我的命",
            # Threats; not an employer's or a debtor's ("威胁我不签就不发工资").
            r"威胁(?!.{0,8}(?:辞退|开除|不发|扣|起诉|告我|曝光|罚|离职))|恐吓|扬言|报复|下手|泼油漆",
            r"锁在.{0,3}(?:屋|家|房|里)|关在(?:屋|家|房)|不让.{0,2}(?:出门|出去|回家)"
            r"|限制人身自由|囚禁|绑架|拐卖|跟踪|堵我",
            r"强奸|性侵|猥亵|虐待",
            r"自杀|轻生|不想活|活不下去|活着没意思|想死|寻死|跳楼|跳河|跳井|喝农药|上吊|割腕"
            r"|安眠药|一了百了|(?:吃|喝|吞)了?(?:一整?瓶|整瓶|一大把|很多|大量)(?:的)?(?:药|农药)",
        ),
    ),
    # Someone is held: detention and arrest have short legal deadlines.
    UrgencyRule(
        "detention",
        (
            r"拘留|刑拘|羁押|逮捕|看守所|关押",
            r"(?:被|叫|让)(?:抓|逮|带走|扣押|关起来|关进)|带到(?:了)?(?:派出所|公安局|警局)",
            r"抓走|逮走|被抓",
            r"(?:警察|公安|派出所|民警|刑警|检察院|便衣).{0,6}(?:带走|抓|逮|扣|关)",
        ),
    ),
    # A deadline is close: hearings, limitation periods, appeal terms.
    UrgencyRule(
        "deadline",
        (
            r"(?:今天|明天|明早|后天|马上|这两天|下周.?|这周.?|本周.?|周[一二三四五六日]|星期.)"
            r".{0,8}(?:开庭|截止|到期|过期)",
            r"(?:时效|期限|上诉期|起诉期|申请期|复议期).{0,3}(?:快|就要|马上|只剩|还剩)",
            r"最后一天|截止日期|截止时间",
        ),
    ),
    # Unpaid wages before the New Year holidays: migrant workers need them paid now.
    UrgencyRule(
        "wages_before_holiday",
        (
            r"春节|过年|(?<![去前])年底|(?<![一二三四五六七八九十两几多0-9去前今明])年前|年关|节前|腊月|年根",
        ),
        also=(
            r"工资|工钱|欠薪|讨薪|薪水|血汗钱|劳务费|结账|包工头|工人|工友|民工",
            r"(?:工作|工地|干了|做工).{0,12}(?:不给|没给|不发|没发|一分钱|没见)",
        ),
    ),
    # A home is about to be demolished or residents evicted.
    UrgencyRule(
        "eviction",
        (
            r"强拆|强制拆|强行拆|强制搬|赶(?:我|我们)?(?:出来|出去|走)|逼(?:我|我们)?搬",
            r"断水|断电|断了?.{0,4}水电|停水停电|换了?(?:门)?锁|锁换了|扔(?:了)?出来|不让.{0,2}进门"
            r"|没地方住|无家可归",
            r"铲车|挖掘机|推土机|(?:今天|明天|马上).{0,4}(?:拆|搬走)|天内.{0,2}搬",
        ),
    ),
)
"""Reasons in priority order; ``detect_urgency`` returns the first that matches."""

_CLAUSE_BREAK = re.compile(r"[，,。．.！!？?；;、：:\s…～~]+")
_NEGATED = re.compile(
    r"(?:没有|没|未|不是|并非|并没有|从未|从没有?|从来没有?|无|不|别)(?:再|被|人|过|曾|曾经)?$"
)


@cache
def _analyzer() -> Analyzer:
    """The questions' analyzer without synonym expansions (they would shed negations)."""
    lexicon = load_lexicon()
    return Analyzer(lexicon.model_copy(update={"synonyms": {}, "english": {}}))


@cache
def _compiled() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...]:
    return tuple(
        (
            rule.reason,
            re.compile("|".join(f"(?:{p})" for p in rule.any_of)),
            re.compile("|".join(f"(?:{p})" for p in rule.also)) if rule.also else None,
        )
        for rule in URGENCY_RULES
    )


def _clauses(texts: tuple[str | None, ...]) -> list[str]:
    """Return the canonical form of each clause of ``texts``."""
    raw = [part for text in texts if text for part in _CLAUSE_BREAK.split(text) if part]
    return [clause for clause in _analyzer().normalize_many(raw) if clause] if raw else []


def _affirmed(pattern: re.Pattern[str], clauses: list[str]) -> bool:
    """Return whether ``pattern`` matches one of ``clauses`` other than right after a negation."""
    return any(
        not _NEGATED.search(clause[: match.start()])
        for clause in clauses
        for match in pattern.finditer(clause)
    )


def urgency_kinds(*texts: str | None) -> list[str]:
    """Return every reason the texts are urgent (``URGENCY_RULES`` order), maybe none.

    Args:
        *texts: The consultation's summary, the question it came from, ... (``None`` skipped).

    Returns:
        Reason codes among ``personal_safety``, ``detention``, ``deadline``,
        ``wages_before_holiday`` and ``eviction``; empty when nothing is urgent.
    """
    clauses = _clauses(texts)
    if not clauses:
        return []
    return [
        reason
        for reason, any_of, also in _compiled()
        if _affirmed(any_of, clauses) and (also is None or any(also.search(c) for c in clauses))
    ]


def detect_urgency(*texts: str | None) -> str | None:
    """Return why the texts are urgent (the first ``URGENCY_RULES`` reason), or ``None``.

    Args:
        *texts: The consultation's summary, the question it came from, ... (``None`` skipped).

    Returns:
        One of ``personal_safety``, ``detention``, ``deadline``, ``wages_before_holiday``,
        ``eviction``, or ``None``.
    """
    kinds = urgency_kinds(*texts)
    return kinds[0] if kinds else None
