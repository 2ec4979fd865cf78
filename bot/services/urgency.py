"""Which consultations are urgent: reviewable rules (``urgency_rules``) and deadlines.

The rules live in ``urgency_rules``, deadlines read from how a text is built in
``urgency_deadlines``; this module applies them in the scopes of each clause.

Descriptions are first brought to the canonical form questions are searched in
(``knowledge.normalize.Analyzer``: traditional → simplified, dialect → Mandarin, known typos
fixed; 「俺男人打俺」 reads 「我男人打我」), one clause at a time, so that a pattern never spans
two clauses. A match raises a consultation's priority (its advisers see it flagged, the duty
advisers get a copy at once, and the resident sees the emergency numbers), so the list favours
recall, with one exception: a danger named only to be denied is not urgent. A match right after
a negation in the same clause (「没有家暴」, 「从来没打过我」, 「没被拘留」, 「房东没赶我走」)
does not count; any other mention still does (「没有家暴，但他威胁要砍我」 is urgent).

Beside the rules, a learned model (``urgency_model``, logistic regression over character
n-grams of the same canonical clauses) reads every description: ``urgency_kinds`` adds the
kinds it is confident of (``FUSION``) where no rule judged otherwise (``fused_kinds``).
``rule_kinds`` is the rules alone. Leave-one-set-out cross-validation chose the threshold
(``benchmarks/triage_accuracy.py --cross-validate``, docs/consultations.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from bot.services.urgency_deadlines import deadline_counted, deadline_near, deadline_passed
from bot.services.urgency_model import Fusion, UrgencyModel, load_model
from bot.services.urgency_rules import URGENCY_RULES, UrgencyRule
from bot.services.urgency_typos import fix_blows, fix_typos
from knowledge.lexicon import load_lexicon
from knowledge.normalize import Analyzer

__all__ = [
    "FUSION",
    "URGENCY_RULES",
    "UrgencyRule",
    "canonical_clauses",
    "detect_urgency",
    "fused_kinds",
    "rule_kinds",
    "urgency_kinds",
    "urgency_why",
]

FUSION = Fusion(affirm=0.4)
"""How the model joins the rules (chosen by leave-one-set-out cross-validation)."""


_REASONS = tuple(dict.fromkeys(rule.reason for rule in URGENCY_RULES))

_SENTENCE_BREAK = re.compile(r"(?:[。．！!？?；;\n]|(?<![0-9０-９])\.|\.(?![0-9０-９]))+")
"""Where a sentence ends: not at the dot of a date or a number (「11.25收到的」「1.5万」)."""
_CLAUSE_BREAK = re.compile(r"[，,、：:\s…～~]+")
_PAST = re.compile(
    r"(?:\d{4}年|去年|前年|前(?:几|些|[两二三四五])年|早(?:几|些|两)年|那几年|小时候|小的时候|年轻时|年轻的时候"
    r"|[一二三四五六七八九十两几多\d]+年前|当时|当年|那时|那年|早年|曾经|那次|那回"
    r"|(?:结婚|恋爱|同居|在一起)(?:的)?时候|(?<![离])(?:结)?婚前|离婚前"
    r"|(?:^|(?<=[ 我他她们]))之前|(?<![0-9一二三四五六七八九十周天号日月底点时])以前"
    r"|很久以前|好久以前)(?!开始|以来|起(?!来))"
)
"""Words that date what follows them in a sentence to the past (「下周三之前」 does not, nor a
time something began: 「去年开始」「上个月以来」)."""
_PRESENT = re.compile(
    r"现在|目前|如今|今天|今晚|昨天|昨晚|前天|刚才|刚刚|最近|这几天|这两天|又|还在"
    r"|明天|明早|明晚|后天|马上|这周|本周|下周|这个?月"
)
"""Words that bring a sentence back to the present (or the time soon) after a past date."""
_NO_TERM_RUNNING = re.compile(
    r"去年|前年|(?:[一二三四五六七八九十两几多\d]+|好几)年前|早几年|那几年"
    r"|(?:[一二两三四五六七八九十几\d]+|半)个?月(?:以)?前|(?:[二三四五六七八九]十几?|[2-9]\d)天(?:以)?前"
    r"|(?:不想|不打算|不准备|没打算|不用|不会)(?:再)?(?:上诉|起诉|复议|申诉)"
    r"|(?:今天|今儿|现在)(?:已经|都)?(?:是)?(?:[0-9]+|[一二三四五六七八九十]+)月"
    # The resident's own plan for a day ahead (「下个礼拜想去法院立案」), a decision dated to a
    # year gone by (「判决书那年就收到了」), the term asked about in general (「收到以后多少天内」).
    r"|(?:下(?:个)?(?:周|星期|礼拜)|过(?:几|两)天|明年|年后)(?:想|打算|准备)"
    r"|(?:那年|当年)(?:就)?(?:收到|拿到|判)|(?:收到|送达|拿到)(?:以|之)?后(?:多少|几)天"
)
"""What says no term to challenge a decision runs now, or lets the rules count the days
themselves (the model cannot): a decision a year, a month or twenty days back, no wish to
challenge it, today's date written out (「今天7月10号了」), a plan of the resident's own or a
question about terms in general."""
_SUIT_THREAT = re.compile(r"(?:就|要|去|会)(?:去)?(?:法院)?(?:起诉|告)(?!诉)")
"""A threat to go to law (「不还钱就起诉我」「他说要告我」): the model, which learned threats,
adds no danger to it; the rules still read any other threat in the text."""
_CUT_A_TREE = re.compile(
    r"(?:砍|锯|伐)(?:掉|断|倒|光|了)*(?:我家|他家|她家|[^我他她人孩]){0,8}?(?:树|竹|柴|枝|林|木)"
)
"""A tree cut (「邻居要砍掉我家门口那棵树」): the model, which learned 要砍 of people, adds no
danger to it; the rules still read any blow aimed at a person."""
_OWN_LOCK = re.compile(
    r"^我(?:自己)?(?:把|给)[^，。]{0,6}(?:锁|反锁|换了?锁)|^我(?:自己)?(?:锁|反锁)了"
)
"""The resident's own lock on their place (「我把店门锁了」): the model, which learned locks
changed by a landlord, adds no eviction to it."""
_HABIT = re.compile(r"一直|经常|天天|每天|总是|老是")
"""Words of a habit: in a later clause they bring the sentence back to the present, in the
clause of the past date they are part of that past (「年轻时他经常动手」)."""
_NOW = re.compile(r"现在|目前|如今|今天|今晚|昨天|昨晚|前天|刚才|刚刚|这几天|这两天|还在")
"""Words that bring a supposition back to what is happening (「万一以后他又打我」 stays one)."""
_RESOLVED = re.compile(
    r"(?:已经|已|后来|早就|都)[^要没不还说]{0,6}?(?:处理|调解|解决|和解|和好|结案|了结|批评|处分)(?!不)"
    r"|(?:现在|目前)(?:已经|都|还|也)?(?:没事|住得好好的|好好的)"
    # Never again since: 「结婚十年再没动过手」「后来再也没来过」.
    r"|(?:再|后来|之后|以后)(?:也)?(?:没|没有|没再)(?:再)?(?:动过手|动手|打过|来过|找过|闹过)"
    # 「这一个月也没再动手」: not again since, said with 也…再.
    r"|也(?:没|没有)再(?:动过手|动手|打过|打我|来过|找过|闹过)"
    r"|(?:已经|已|早就|早已|早|现在)(?:协议)?(?:离婚|离了|分居|分开)"
    # Moved out since: 「现在我已经搬出来住了」.
    r"|(?:现在|目前)(?:我|我们)?(?:已经|早就)(?:搬出来|搬走|搬出去)"
)
"""A clause saying the matter was handled or is calm now: 「后来派出所调解了」,
「现在还住得好好的」."""
_ONCE = re.compile(r"(?:的)?那(?:次|回)")
"""What follows a match naming it a single occasion of the past: 「被老公打的那次…」."""
_PAST_AFTER = re.compile(
    r"^.{0,4}?(?:是|都是)?(?:以前|很久以前|好久以前|去年|前年|早年|过去|几年前|小时候"
    r"|(?:半|[一二两三四五六七八九十几\d]+)(?:个)?(?:年|月)(?:以)?前)的事"
    r"|^(?:早就|早已|已经)过去(?:了)?(?:很久|好久|好几年|几年|多年"
    r"|(?:半|[一二两三四五六七八九十几\d]+)(?:多)?(?:个)?(?:年|月))?(?:了)?$"
    # 「被行政拘留的事已经过去半年了」.
    r"|^.{0,2}?的事(?:情)?(?:已经|早就|早已|都)?过去(?:了)?(?:很久|好久|好几年|几年|半年|多年"
    r"|(?:半|[一二两三四五六七八九十几\d]+)(?:多)?(?:个)?(?:年|月))"
)
"""A clause dating what was said before it to the past: 「被打了，以前的事」「受伤是半年前的事」."""
_HEARD_OF = re.compile(
    r"^(?:我|我们)?(?:也|就|只|只是)*(?:是)?听(?:人|别人|人家|邻居|朋友)(?:说|讲)的"
    r"|^(?:我|我们)(?:自己|本人|家)(?:倒|也|都)?(?:没事|没什么事|没有事|好好的)"
    r"|^(?:我|我们|孩子|人)?(?:倒|也|都|并)?(?:没|没有)(?:受伤|伤着|大碍)"
)
"""A later clause saying what came before was heard of, not lived, or left no one hurt:
「我自己没事」「我没受伤」."""
_HYPOTHETICAL = re.compile(r"(?:如果|假如|假设|万一|(?<![主只还就不])要是|倘若)(?!.{0,6}敢)")
"""Words that make what follows them in a sentence a supposition (「如果对方威胁我，能报警吗」);
not the condition of a threat (「他说我要是敢离婚，就…」, see ``_REPORTED``)."""
_DENIED_CLAUSE = re.compile(r"^[^不，]{0,6}?(?<![要若])(?:并)?不是")
"""A clause opening with 不是 that a later clause of the sentence contrasts (see ``_CONTRAST``)."""
_CONTRAST = re.compile(r"^(?:而|就|只)?是|^(?:我|他|她|我们|他们|这|那)(?:就|只)?是")
"""A clause saying what is so instead: 「不是我家里人被抓了，是我看新闻看到的」."""
_UNPUNCTUATED_CONTRAST = re.compile(
    r"^([^，]{0,6}?(?<![是要若])(?:并)?不是[^是]{1,12}?)((?:而)?是.+)$"
)
"""A contrast written without a comma (「不是他打我是我自己摔的」): split where the 是 of what
is so instead begins (not 「不是…就是…」, which says one or the other)."""
_ELSEWHERE = re.compile(
    r"(?:电视|新闻|报纸|视频|电影|电视剧|小说|网上|朋友圈|抖音|快手)(?:上|里|中|说|报道|看)"
    r"|看到(?:有人|别人|邻居|同事|路人)|听说(?:了)?(?:别的|别人|有人|外地|外村|隔壁|邻居村|邻村|附近|那边|有个)|(?:别的|别人)(?:村|小区|家)"
    # Hearsay of a third party a few words on: 「听说村东头老李家小子」「听说隔壁县有个工地」.
    r"|听说(?:了)?[^我]{0,6}?(?:隔壁|邻居|邻村|外村|外地|别的|别人|有人|有个|附近|小区|县|老.家)"
    # Or heard from someone: 「听同事说他们老家有人被强拆了」.
    r"|听(?:人|别人|人家|同事|朋友|邻居|亲戚|同学)(?:说|讲)(?:了)?[^我]{0,6}?"
    r"(?:有人|有个|他们|她们|别人|隔壁|外地|外村|老家)"
)
"""What happened to others, told of (a screen, hearsay): it scopes the whole sentence after it."""
_REPORTED = re.compile(r"(?<!不是)说|扬言|威胁|放话|撂下话|骂")
"""Words that report someone's speech: a condition after them is a threat's, no supposition."""
_NEGATION = (
    r"(?:(?<!有)没有|(?<!有)没|未|(?<!是)不是|并非|并没有|从未|从没有?|从来没有?|无"
    # Not the A-not-A question (「在不在」), but 「他现在不打我了」.
    r"|(?<![是会能要])(?<!(?<!现)在)不"
    r"|谈不上|算不上|不至于)"
    # 「没人来强拆」「也没来强拆」: the negation reaches over a coming no one made.
    # 「并没有被房东赶走」: or over the passive's agent.
    r"(?:再|被(?:[^，]{1,4}?)?|人(?:来|去)?|(?:过)?来|谁|过|曾|曾经|会)?(?:对|跟|朝)?(?:我|她|他|孩子)?(?:动手|动过手|下手|出手|敢)?"
    # What is denied is an intent: 「房东不是要赶我走」.
    r"|(?:不是|并不是|并非)(?:要|想|说要|在)"
    # Or a wish or a word: 「我没想自杀」「房东没说要赶我走」.
    r"|(?:(?<!有)没有|(?<!有)没|并没有|从来没有?)(?:想|想过|打算|说|讲|说过|讲过|说要|提|提过)(?:要)?"
    r"(?:他|她|我|他们|对方)?"
    # A wish denied with 不: 「我并不想自杀」「不打算告他打人」.
    r"|(?<![是会能要在])(?:并)?不(?:想|打算|愿意)(?:要)?(?:告|起诉)?(?:他|她|对方)?"
)
"""A negation, maybe with a word between it and what it denies (「没人打我」「没被拘留」); not
the second half of an A-not-A question (「是不是」「有没有」 ask, they do not deny)."""


_E_FORMS = ("我男人", "我老汉", "我婆姨", "我娃", "我妈", "我爸", "我家", "把我", "打我", "骂我")
"""Forms of 我 that Shaanxi and Gansu write with 额."""

_DIALECT = {
    "遭": "被",
    "畀": "被",
    "俾": "被",
    "拎住": "拿着",
    "拎着": "拿着",
    "仲": "还",
    "仲裁": "仲裁",
    "开廷": "开庭",
    "判绝书": "判决书",  # homophone typos of the judgment and of 来得及
    "来的及": "来得及",  # the homophone typo of the hearing
    "上述期": "上诉期",  # the homophone typo, where 上述 cannot be "the above"
    "上述状": "上诉状",  # not the Cantonese 仲 (还): the longer form wins
    "弄起走": "带走",
    "斩": "砍",  # Cantonese
    "巨留": "拘留",  # homophone typos of 拘留 (居留, a residence permit, is a word of its own)
    "句留": "拘留",
    "局留": "拘留",
    "夯": "打",  # Henan, Shandong: 「拿锤子夯俺」
    "公按": "公安",  # homophone typos of the police
    "派处所": "派出所",
    "警查": "警察",
    # Traditional 著 after a verb, which simplification keeps (「拿著刀」 is 「拿着刀」).
    **{f"{verb}著": f"{verb}着" for verb in "拿拎举抄抡追跟关锁扣看盯揪扯拽按堵守"},
    # Shaanxi and Gansu 额 for 我, only where it cannot be 额头 or 金额.
    **{form.replace("我", "额"): form for form in _E_FORMS},
}
"""Dialect forms read for urgency only (retrieval keeps them: 「遭遇」 is no passive there)."""


@cache
def _analyzer() -> Analyzer:
    """The questions' analyzer without synonym expansions (they would shed negations)."""
    lexicon = load_lexicon()
    dialect = {**_DIALECT, **lexicon.dialect}
    return Analyzer(lexicon.model_copy(update={"synonyms": {}, "english": {}, "dialect": dialect}))


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A rule as regular expressions: ``cancelled`` matches the end of what precedes a match."""

    reason: str
    any_of: re.Pattern[str]
    also: re.Pattern[str] | None
    cancelled: re.Pattern[str]
    past_cancels: bool
    not_before: re.Pattern[str] | None
    victims: re.Pattern[str] | None
    not_in_clause: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    used_on: re.Pattern[str] | None


def _optional(pattern: str) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


@cache
def _compiled() -> tuple[_Compiled, ...]:
    return tuple(
        _Compiled(
            rule.reason,
            re.compile("|".join(f"(?:{p})" for p in rule.any_of)),
            re.compile("|".join(f"(?:{p})" for p in rule.also)) if rule.also else None,
            re.compile("(?:" + "|".join(filter(None, (_NEGATION, rule.not_after))) + ")$"),
            rule.past_cancels,
            _optional(rule.not_before),
            _optional(rule.victims),
            _optional(rule.not_in_clause),
            _optional(rule.unless),
            _optional(rule.used_on),
        )
        for rule in URGENCY_RULES
    )


def _clauses(texts: tuple[str | None, ...]) -> list[tuple[int, str]]:
    """Return the canonical form of each clause of ``texts``, with the number of its sentence."""
    raw = [
        (number, clause)
        for number, sentence in enumerate(
            sentence for text in texts if text for sentence in _SENTENCE_BREAK.split(text)
        )
        for clause in _CLAUSE_BREAK.split(sentence)
        if clause
    ]
    if not raw:
        return []
    canonical = _analyzer().normalize_many([clause for _, clause in raw])
    return [
        (number, part)
        for (number, _), clause in zip(raw, canonical, strict=True)
        if clause
        for part in _contrast_parts(fix_blows(fix_typos(clause)))
    ]


def _contrast_parts(clause: str) -> tuple[str, ...]:
    """Return the clause, or its two halves when it is a contrast without a comma."""
    split = _UNPUNCTUATED_CONTRAST.match(clause)
    return split.groups() if split else (clause,)


def _in_the_past(before: str) -> bool:
    """Return whether the sentence so far (``before``) dates what comes next to the past."""
    last = max((date.end() for date in _PAST.finditer(before)), default=-1)
    if last >= 0 and _PRESENT.search(before, last) is None:
        later_clause = before.find(" ", last)
        if later_clause < 0 or _HABIT.search(before, later_clause) is None:
            return True
    supposed = [
        match.end()
        for match in _HYPOTHETICAL.finditer(before)
        if not _REPORTED.search(before, 0, match.start())
    ]
    return bool(supposed) and _NOW.search(before, max(supposed)) is None


def _denied(clauses: list[tuple[int, str]]) -> set[int]:
    """Return the clauses a contrast denies whole: 「我不是被打的那个，是我把人推倒了」."""
    denied: set[int] = set()
    for at, (number, clause) in enumerate(clauses):
        if not _DENIED_CLAUSE.search(clause):
            continue
        later = [text for sentence, text in clauses[at + 1 :] if sentence == number]
        if any(_CONTRAST.search(text) for text in later):
            denied.add(at)
    return denied


def _qualified(rule: _Compiled, clause: str, match: re.Match[str]) -> bool:
    """Return whether the clause makes the match hypothetical, general or over."""
    # Up to the match's first character: 「狗被人打死了」 has 被 open the match.
    if rule.not_in_clause is not None and rule.not_in_clause.search(clause, 0, match.start() + 1):
        return True
    if rule.used_on is not None and rule.used_on.match(clause, match.end()):
        return True  # a tool on a thing: 「拿锤子砸核桃」
    if rule.not_before is None or not rule.not_before.match(clause, match.end()):
        return False
    return rule.victims is None or not rule.victims.search(clause)


def _affirmed(rule: _Compiled, clauses: list[tuple[int, str]]) -> bool:
    """Return whether the rule matches a clause, other than after a negation or in the past."""
    earlier, sentence = "", -1
    denied = _denied(clauses)
    for at, (number, clause) in enumerate(clauses):
        if number != sentence:
            earlier, sentence = "", number
        for match in rule.any_of.finditer(clause):
            before = clause[: match.start()]
            if at in denied or _ELSEWHERE.search(earlier + before):
                continue
            if rule.cancelled.search(before) or _qualified(rule, clause, match):
                continue
            if not rule.past_cancels:
                return True
            rest = clause[match.end() :]
            if _ONCE.match(rest) or _RESOLVED.search(rest) or _PAST_AFTER.search(rest):
                continue
            if not (_in_the_past(earlier + before) or _dated_after(clauses, at)):
                return True
        earlier += clause + " "
    return False


def _dated_after(clauses: list[tuple[int, str]], at: int) -> bool:
    """Return whether a later clause of the sentence or the next one dates it or settles it.

    Or says it was only heard of, the resident unharmed (「我就是听人说的，我自己没事」).
    """
    sentence = clauses[at][0]
    return any(
        _PAST_AFTER.search(clause) or _RESOLVED.search(clause) or _HEARD_OF.search(clause)
        for number, clause in clauses[at + 1 :]
        if number in (sentence, sentence + 1)
    )


def canonical_clauses(*texts: str | None) -> list[str]:
    """Return the canonical clauses the rules and the model read, in order.

    Args:
        *texts: The consultation's summary, the question it came from, ... (``None`` skipped).

    Returns:
        Each clause simplified, dialect and typos repaired (「俺男人打俺」 → 「我男人打我」).
    """
    return [clause for _, clause in _clauses(texts)]


def rule_kinds(*texts: str | None, today: dt.date | None = None) -> list[str]:
    """Return every reason the rules alone find the texts urgent (``URGENCY_RULES`` order).

    Args:
        *texts: The consultation's summary, the question it came from, ... (``None`` skipped).
        today: The date the texts are written on (see ``urgency_kinds``).

    Returns:
        Reason codes as ``urgency_kinds`` returns them, without the model.
    """
    return _rule_kinds(_clauses(texts), today)


def _rule_kinds(clauses: list[tuple[int, str]], today: dt.date | None) -> list[str]:
    if not clauses:
        return []
    kinds = [
        rule.reason
        for rule in _compiled()
        if _affirmed(rule, clauses)
        and (rule.also is None or any(rule.also.search(clause) for _, clause in clauses))
        and (rule.unless is None or not any(rule.unless.search(clause) for _, clause in clauses))
    ]
    canonical = [clause for _, clause in clauses]  # how the text is built, see there
    if deadline_near(canonical, today):
        kinds.append("deadline")
    found = set(kinds)  # a reason may have more than one rule
    if deadline_passed(canonical):
        found.discard("deadline")
    return [reason for reason in _REASONS if reason in found]


def urgency_kinds(*texts: str | None, today: dt.date | None = None) -> list[str]:
    """Return every reason the texts are urgent (``URGENCY_RULES`` order), maybe none.

    The rules' reasons, with those the learned model adds (``fused_kinds``).

    Args:
        *texts: The consultation's summary, the question it came from, ... (``None`` skipped).
        today: The date the texts are written on, for the days they name (「11月20号收到的」);
            the wall clock's date when not given.

    Returns:
        Reason codes among ``personal_safety``, ``detention``, ``deadline``,
        ``wages_before_holiday`` and ``eviction``; empty when nothing is urgent.
    """
    return fused_kinds(*texts, model=load_model(), today=today)


def fused_kinds(*texts: str | None, model: UrgencyModel, today: dt.date | None = None) -> list[str]:
    """Return the reasons the rules and ``model`` find, joined by ``FUSION``.

    The model fills the gaps of the rules' words, never overrules their judgment: it adds no
    kind that a rule read words of and judged not urgent (denied, supposed, over, someone
    else's: 「万一被拘留了」「我同学的丈夫被刑拘了」), and no deadline where the text says the
    term is over, not wished or long past (it cannot count days).

    Args:
        *texts: The consultation's summary, the question it came from, ... (``None`` skipped).
        model: The learned model (the shipped one in ``urgency_kinds``).
        today: The date the texts are written on (see ``urgency_kinds``).

    Returns:
        Reason codes in ``URGENCY_RULES`` order.
    """
    clauses = _clauses(texts)
    if not clauses:
        return []
    probabilities = model.probabilities([clause for _, clause in clauses])
    return _fused(clauses, _rule_kinds(clauses, today), probabilities, today)


def _fused(
    clauses: list[tuple[int, str]],
    rules: list[str],
    probabilities: dict[str, float],
    today: dt.date | None,
) -> list[str]:
    """Join the rules' kinds and the model's ``probabilities`` of the same clauses."""
    kept = dict(probabilities)
    if any(p >= FUSION.affirm and kind not in rules for kind, p in kept.items()):
        # The rules' judgment is only read when the model would add a kind.
        for kind in _judged_calm(clauses, rules, today):
            kept[kind] = 0.0
    found = FUSION.join(rules, kept)
    return [reason for reason in _REASONS if reason in found]


def _judged_calm(
    clauses: list[tuple[int, str]], rules: Sequence[str], today: dt.date | None
) -> set[str]:
    """Return the kinds the rules judged not urgent: words read, then a scope cancelled them.

    A rule whose words matched only where a scope cancels them (negation, past, supposition,
    someone else's) or whose ``unless`` holds has judged; one that merely lacks its ``also``
    words has not (the model may fill that gap).
    """
    canonical = [clause for _, clause in clauses]
    read = {
        rule.reason
        for rule in _compiled()
        if (rule.unless is not None and any(rule.unless.search(c) for c in canonical))
        or (any(rule.any_of.search(c) for c in canonical) and not _affirmed(rule, clauses))
    }
    if (
        deadline_passed(canonical)
        or deadline_counted(canonical, today)
        or any(_NO_TERM_RUNNING.search(c) for c in canonical)
    ):
        read.add("deadline")
    if any(_SUIT_THREAT.search(clause) or _CUT_A_TREE.search(clause) for clause in canonical):
        read.add("personal_safety")
    if any(_OWN_LOCK.search(clause) for clause in canonical):
        read.add("eviction")
    return read - set(rules)


def urgency_why(*texts: str | None, today: dt.date | None = None) -> dict[str, list[str]]:
    """Return, for each reason ``urgency_kinds`` gives, what found it.

    Args:
        *texts: The consultation's summary, the question it came from, ... (``None`` skipped).
        today: The date the texts are written on (see ``urgency_kinds``).

    Returns:
        Reason → ``["rules"]`` and/or ``"model 0.87: 拿刀 打我 …"`` (the model's probability
        and the n-grams of two or three characters that weighed most).
    """
    model = load_model()
    clauses = _clauses(texts)
    canonical = [clause for _, clause in clauses]
    rules = _rule_kinds(clauses, today)
    probabilities = model.probabilities(canonical) if clauses else {}
    why: dict[str, list[str]] = {}
    for kind in _fused(clauses, rules, probabilities, today) if clauses else []:
        sources = ["rules"] if kind in rules else []
        if probabilities[kind] >= FUSION.affirm:
            grams = " ".join(gram for gram, _ in model.why(canonical, kind))
            sources.append(f"model {probabilities[kind]:.2f}: {grams}")
        why[kind] = sources
    return why


def detect_urgency(*texts: str | None, today: dt.date | None = None) -> str | None:
    """Return why the texts are urgent (the first ``URGENCY_RULES`` reason), or ``None``.

    Args:
        *texts: The consultation's summary, the question it came from, ... (``None`` skipped).
        today: The date the texts are written on (see ``urgency_kinds``).

    Returns:
        One of ``personal_safety``, ``detention``, ``deadline``, ``wages_before_holiday``,
        ``eviction``, or ``None``.
    """
    kinds = urgency_kinds(*texts, today=today)
    return kinds[0] if kinds else None
