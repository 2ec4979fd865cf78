"""Deadlines read from how a description is built, not from a list of its phrases.

A term to challenge a decision runs from the day it is received: a judgment or award received
lately (「判决书上周三收到的」「裁决书是十二天前收到的」) with a wish to challenge it (上诉,
起诉, 复议, 来得及吗) is urgent, unless the text says the term is over (「早过了」). A
decision received on a day named by the calendar or the week (「11月20号收到的」「十月九号」
「上礼拜三给我的」) is counted against its term from today (the text's own 「今天12月1号」 when
it says one): urgent in the term's last 15 days (an appeal's 15, a ruling's 10, a
reconsideration's 60, see ``_term_days``). A day ahead named as a term's end
(「12月3号前不上诉就生效」) or a hearing (「开庭定在12月7号」) is urgent when at most 10 days
away. A term counted in days (「七天里自己拆」「三天内可以要求听证」) is urgent when the text
says which day it is now (「今天已经是第五天了」) and that day is still inside the term. A legal
filing due within a day or two (「明天就得交答辩状」) is urgent too.

Every function here takes the canonical clauses ``bot.services.urgency`` reads (simplified,
dialect replaced, no punctuation), so numbers are still written in Chinese or digits.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.services.numerals import parse_count
from bot.services.urgency_dates import RECEIVED as _RECEIVED
from bot.services.urgency_dates import named_days, named_months
from bot.services.urgency_limitations import limitation_near
from bot.services.urgency_words import LEGAL_MATTER

__all__ = ["deadline_counted", "deadline_near", "deadline_passed"]

_NUMBER = r"[0-9]+|[一二两三四五六七八九十]+"
_DOCUMENT = (
    r"判决书?|裁决书?|裁定书?|决定书|处罚决定|复议决定|补偿决定|判下来|判了|一审|仲裁结果|判的|裁(?=下来)"
    r"|(?:告知|通知|罚款)(?:书|单)|认定书|催告函|律师函|罚单"
    # A decision named by what it decides: 「罚款决定」「征收决定」「不予受理通知」.
    r"|(?:罚款|征收|补偿|处理|行政)决定|不予(?:受理|许可|立案|登记|认定|批准)"
)
_RECENT = (
    r"上(?:个)?(?:周|星期|礼拜)|前天|昨天|大前天|这(?:个)?(?:周|星期|礼拜)|前(?:几|两|三|两三)天|这几天|几天前"
    # Today, just now: 「今儿上午…罚了我」「刚被罚款」「这两天才送到」.
    r"|(?:今天|今早|今儿)(?!(?:已经|都)?(?:是)?(?:[0-9]+|[一二三四五六七八九十]+)月)|刚刚|刚才|(?<!不)刚(?=收到|拿到|送|被|判|下来|出|罚|接到)|这两天"
    # Weeks back, up to the half month of an appeal: 「两个礼拜前」「一周前」「半个月前」.
    r"|(?:一|两|二|1|2)(?:个)?(?:周|星期|礼拜)(?:前|了)|半个月(?:前|了)"
    rf"|(?:{_NUMBER}|十来|十几)(?:天|日)(?:前|了)"
    r"|(?:快|将近|差不多|不到|刚)(?:半个月|一个星期|两个星期|一周|两周|十天)|(?:一|两)个(?:星期|礼拜)了"
)
"""When the decision came: lately, in days (more than a month is not lately)."""
_IMPOSED = re.compile(
    r"(?<![要会将想])(?:被|给|把)?(?:我)?(?:罚(?:了|我)|罚款(?:了|[0-9一二两三四五六七八九十几百千万])"
    r"|没收(?:了)?|吊销(?:了)?|处罚了|被罚)"
)
"""A penalty told as what was done, no document named: 「还罚款两千」「罚了我两百块」「没收了」."""
_LATELY_DAYS = 30
"""A decision received at most 30 days ago that the resident wants to challenge is urgent
whatever its term (the lead's policy): the clerk must see it soon, a false alarm costs little."""
_BACK = 3
"""How many clauses before a decision's clause may say when it came (「11月30日，…开了罚单」)."""
_CHALLENGE = re.compile(
    r"(?<!不想)(?<!不打算)(?<!不准备)(?<!没打算)(?<!不用)(?:上诉|上述|起诉|复议(?!决定)|复核|改判|推翻|重审|不认(?!识|得)|不接受|接受不了|申诉|再审|听证|不服|来得及|来不及|还能(?:告|诉|申请)|期限|不行了|晚了|截止"
    r"|(?:法院|去|想|要)告(?!诉)|打官司"
    # Arguing it out with the office: 「想跟他们说道说道」「上哪儿说理去」「讨个说法」.
    r"|说道说道|说理|讨(?:个)?(?:说法|公道)|理论理论)"
)
_CHALLENGED_ALREADY = re.compile(
    r"(?:上诉|起诉|复议|申诉|复核)(?:申请)?(?:已经|早就|已|都)(?:申请|提交|提|交|递|立案|受理|交上去)(?:了|过)?"
    r"|(?:已经|早就|已)(?:申请|提起|提出|提交|递交|去)?(?:了)?(?:行政)?(?:上诉|起诉|复议|申诉)(?:了|过)"
)
"""The challenge is made already (「复议已经申请了」「我已经上诉了」): no term left to keep."""
_THEIRS = re.compile(
    r"^(?:但|可|可是)?(?:对方|对面|人家|被告|原告|公司|单位|用人单位|老板|厂里|房东|开发商)"
    r"(?:说|也|已经|还|不服)*"
    r"(?:要|想|准备|打算|已经|上诉|上不上诉|提(?:起|出)?上诉)"
)
"""A clause where the other party means to challenge (「我赢了，对方说要上诉」): no term of ours."""
_OVER = re.compile(
    r"(?:早|已经|都|早就|已)(?:就)?过了|(?<![就快要会将])过期了|错过|超过了?(?:期限|时间)|逾期|来不及了(?!吗)"
)
"""Words that say the term already ran out (「上诉期早过了」)."""
_OVER_ASKED = re.compile(r"(?:了)?(?:吧|吗|么|没有?|怎么办|会怎样|会怎么样|怎么处理|的话|会不会)")
"""After a term's end: a question or a supposition, not the term over (「逾期了怎么办」)."""
_OVER_DENIED = re.compile(r"(?:不是|不会|没有?|是不是|会不会)(?:已经|都|早就)?$")
"""Before it: a denial or a question (「我不是已经过期了吧」)."""
_TERM_SUBJECT = re.compile(r"期|时效|判决|裁决|决定|上诉|起诉|复议|仲裁|申请")
"""What 「过期了」 is said of when it is a term (「上诉期过期了」), not goods (「零食过期了」)."""
_DOCUMENT_RECEIVED = re.compile(
    rf"(?:{_DOCUMENT}).{{0,12}}(?:{_RECEIVED})|(?:{_RECEIVED}).{{0,12}}(?:{_DOCUMENT})"
)
_RECENT_RE = re.compile(_RECENT)
_DOCUMENT_RE = re.compile(_DOCUMENT)
_RECEIVED_RE = re.compile(_RECEIVED)
_LEGAL_MATTER = re.compile(LEGAL_MATTER)
_TERM_IN_DAYS = re.compile(
    rf"({_NUMBER})(?:个)?(?:天|日|工作日)(?:内|里|之内|以内)"
    # Or a term named with its length: 「答辩期十五天」.
    rf"|(?:期|期限|时效)(?:是|为|只有|有)?({_NUMBER})(?:个)?(?:天|日|工作日)"
)
_NOT_WISHED = re.compile(r"(?:不想|不打算|不准备|没打算|不用|不会|没有?|(?<!来)不)(?:再|去)?$")
_IF_NOT = re.compile(r"(?:就|的话)")
"""After 「不上诉」: a condition (「不上诉就生效」), not a wish denied."""
"""Words that deny the wish a challenge word names, right before it (「我不打算再起诉了」)."""
_WON = re.compile(r"我(?:们)?(?:打)?赢了|判我赢|胜诉")
"""The resident won: a term to challenge is the other party's, unless the resident's wish says."""
_SUPPOSED = re.compile(r"假如|如果|要是|万一|假设|假使|倘若")
_UNSET = re.compile(r"(?:还|都)?(?:没|未)(?:有)?(?:定|排|确定|通知)")
"""A hearing not yet set (「开庭时间还没定下来」): no day to be near."""
_DATE = rf"({_NUMBER})月({_NUMBER})(?:号|日)"
_TODAY_DATED = re.compile(rf"(?:今天|今儿|现在)(?:已经|都)?(?:是)?{_DATE}")
"""Today's date as the text writes it: 「11月20号收到的，今天12月1号」 counts from 12月1号."""
_NEAR_DAYS = 15
"""A term is about to run out in its last 15 days (all of an appeal's)."""
_DUE_DAYS = 10
"""A term's end or a hearing at most 10 days ahead is close."""
_REVIEW_WISHED = re.compile(
    r"(?<!不想)(?<!不打算)(?<!不准备)(?<!没打算)(?<!没)(?<!没有)(?<!未)(?:申请)?复议(?!期限是多)"
)
_PENALTY = re.compile(r"处罚|罚款|罚了|罚我|行政")
_ENDS_THEN = re.compile(
    r"(?:之前|以前|前)?(?:就|才)?(?:是)?.{0,8}?"
    r"(?:(?P<hearing>开庭|听证|庭审|宣判|到庭|出庭|应诉|上法庭|打官司)|截止|到期|生效|最后|满|过期|(?:提)?交(?!通)|上诉|起诉|申请)"
)
"""After a day ahead: what falls due then (「12月3号前不上诉就生效」「12月8号开庭」); a hearing
is close by itself, a term's end when the resident wants to act (``_CHALLENGE``)."""
_FILING = re.compile(r"答辩|举证|证据|诉状")
"""A filing in the day's clause: its day ahead is a term's end (「12月4日之前不交答辩状」)."""
_HEARING_WORDS = r"开庭|听证|庭审|宣判|仲裁庭|调解庭|到庭|出庭|应诉|上法庭|打官司"
_HEARING_ON = re.compile(
    rf"(?:{_HEARING_WORDS})(?:时间|日期|日子)?(?:是|定在|排在|在|改到|改在|定于|于)$"
)
_TERM_ENDS_ON = re.compile(
    r"(?:期限|期|截止|截至|最后一天|到期)(?:日|日期|时间)?(?:是|为|到|至|在|定在|只到)?$"
)
"""Before a day ahead: a term ending on it (「举证期限到12月4号」)."""
_NOTICE = re.compile(r"催告|律师函|限期")
_BEFORE = re.compile(r"(?:之前|以前|前)")
_SUMMONED = re.compile(
    r"(?:法院|法官|法庭).{0,4}(?:传票|传唤|传我|传我们)|传票(?:上)?(?:写|说|让|要)"
)
"""Before a day ahead: a court's summons for it (「法院传我后天过去」)."""
"""A notice demanding a step by a day (「催告函让我12月6号前办手续」): its day is a term's end."""
"""Before a day ahead: the hearing set for it (「开庭定在12月7号」)."""
_HEARING = re.compile(_HEARING_WORDS)
_DAY_NOW = re.compile(
    rf"(?:今天|今儿|现在|已经|都)(?:已经|都)?(?:是)?第({_NUMBER})天"
    # Or the days since it came: 「我收到起诉状已经十三天了」.
    rf"|(?:收到|拿到|送达|接到)[^ ]{{0,8}}?(?:已经|都|快)(?:有)?({_NUMBER})(?:天|日)"
    # Or the days gone of a term the text counts: 「上诉期15天 我已经过了12天了」.
    rf"|(?:已经|都|已)过(?:去)?了({_NUMBER})(?:个)?(?:天|日)"
)
_PAST_DAYS = re.compile(rf"(?:{_NUMBER})(?:个)?(?:天|日)")
_ELAPSED = re.compile(
    rf"(?:收到|拿到|送达|接到|下来|到手)(?:了)?(?:已经|都|快|有|才)*(?:第)?({_NUMBER})(?:个)?(?:天|日)"
    r"(?!内|里|之内|以内)"
)
"""The days since a decision came (「罚款决定书收到已经五十五天了」「判决书收到第十三天」)."""
_LEFT = re.compile(
    rf"(?:还剩|只剩|就剩|仅剩|还有|只有)(?:最后)?({_NUMBER}|一个|两个|几)(?:个)?(天|日|周|星期|礼拜)"
)
"""The days a term has left (「我算了一下还剩一个星期」)."""
_TERM_ENDS_SOON = re.compile(
    r"(?:诉讼时效|仲裁时效|时效|(?:上诉|起诉|复议|答辩|举证|申诉|仲裁|申请)(?:的)?(?:期限|期))"
    r"(?:就|马上|快|眼看)?(?:要)?(?:下(?:个)?(?:周|星期|礼拜)|这(?:个)?(?:周|星期|礼拜)|本周|明天|后天"
    r"|过(?:几|两)天|这几天|没几天|月底|这个月底)(?:就|也)?(?:要)?(?:到|到期|满|截止|过|结束|没了)"
)
"""A legal term said to end within days, without a date (「诉讼时效下周就到了」)."""
_TERM_WORD = re.compile(r"期限|时效|复议|上诉|起诉|答辩|举证|仲裁|听证|申请期|执行")
_DUE_SOON = re.compile(  # a filing due today, tomorrow or on a weekday of this week or next
    r"(?:今天|明天|明早|后天|马上|(?<!上)(?<!上个)(?:这|本|下)?(?:个)?(?:周|星期|礼拜)[一二三四五六日天]"
    r"|这周|本周)(?:上午|下午|晚上)?(?:就|之前|前)?(?:得|要|必须|该|需要)?(?:去)?"
    r"(?:交|提交|递交|补交|寄|寄出|送)(?:.{0,4})(?:答辩状|上诉状|起诉状|诉状|证据|申请书|答辩|举证)"
    r"|(?:答辩状|上诉状|起诉状|诉状|举证|答辩)(?:.{0,6})(?:今天|明天|明早|后天)(?:上午|下午|早上)?(?:就)?(?:之前|前)?(?:得|要|必须)?(?:交|截止|到期)"
)


def _received_lately(clauses: list[str], today: dt.date) -> bool:
    """Return whether a clause says a decision came lately, whatever its term.

    The time may stand in the decision's clause, up to ``_BACK`` clauses before it or in the
    next one (「上周城管把我摊位的东西没收了 还罚款两千」).
    """
    text = " ".join(clauses)
    today = _today(text, today)
    for at, clause in enumerate(clauses):
        if _DOCUMENT_RECEIVED.search(clause) is None and _IMPOSED.search(clause) is None:
            continue
        # Not a clause that dates today itself (「今天7月10号了」): that is no day of receipt.
        nearby = [
            near
            for near in clauses[max(at - _BACK, 0) : at + 2]
            if near == clause or not _TODAY_DATED.search(near)
        ]
        for near in nearby:
            recent = _RECENT_RE.search(near)
            if recent is not None and _short_enough(recent.group(0), _term_days(text)):
                return True
        if any(_received_in_term(near, text, today) for near in nearby):
            return True
    return False


def _today(text: str, today: dt.date) -> dt.date:
    """Return the date the text gives for today (「今天12月1号」), else ``today``."""
    written = _TODAY_DATED.search(text)
    if written is None:
        return today
    days = named_days(written.group(0), today)
    dated = [named.day for named in days if named.end - named.start > 2]  # not 「今天」 itself
    return dated[0] if dated else today


def _received_in_term(clause: str, text: str, today: dt.date) -> bool:
    """Return whether the clause dates the decision lately or within its term's last 15 days."""
    term = _term_days(text)
    days = named_days(clause, today)
    return any(_lately_or_near(term, (today - named.day).days) for named in days)


def _term_days(text: str) -> int:
    """Return the days of the term the text's decision and wish run (15 for an appeal).

    A term the text counts in days (「三日内可以要求听证」) is that term. A reconsideration is
    asked within 60 days of a penalty (行政复议法); a ruling is appealed
    within 10 days; a penalty taken to court without reconsideration within six months; a
    judgment, an award and a reconsideration decision within 15 days.
    """
    counted = _TERM_IN_DAYS.search(text)
    days = parse_count(counted.group(1) or counted.group(2)) if counted else None
    if days is not None:
        return days
    if _REVIEW_WISHED.search(text) and "复议决定" not in text:
        return 60
    if "裁定" in text:
        return 10
    if _PENALTY.search(text) and "复议决定" not in text:
        return 180
    return 15


def _due_ahead(clauses: list[str], today: dt.date, *, challenged: bool) -> bool:
    """Return whether a clause names a day at most 10 days ahead as a hearing or a term's end.

    A term's end counts only when the resident wants to act (``challenged``) or a filing is
    named with the day.
    """
    text = " ".join(clauses)
    today, legal = _today(text, today), _LEGAL_MATTER.search(text) is not None
    for clause in clauses:
        for named in named_days(clause, today):
            ahead = (named.day - today).days
            # A supposed day is no hearing set (「要是法院后天开庭」), unless a wish makes it the
            # term the resident keeps (「要是12月3号前不上诉就生效了吧 我想上诉」).
            supposed = _SUPPOSED.search(clause, 0, named.start) and not challenged
            if not 0 <= ahead <= _DUE_DAYS or supposed:
                continue
            due = _ENDS_THEN.match(clause, named.end)
            # A demand's day with 前 is its term's end (「律师函要求12月8号之前结清」).
            due = due or (_NOTICE.search(text) and _BEFORE.match(clause, named.end))
            acted = challenged or _FILING.search(clause) is not None
            acted = legal and (acted or _NOTICE.search(text) is not None)
            ends = _TERM_ENDS_ON.search(clause, 0, named.start)
            if ((due or ends) and (acted or (due and due.group("hearing")))) or _HEARING_ON.search(
                clause, 0, named.start
            ):
                return True
            if _SUMMONED.search(clause, 0, named.start):
                return True  # 「法院传我后天过去」
    return False


def _short_enough(recent: str, term: int) -> bool:
    """Return whether a time counted in days (「十二天前」) is lately and inside the term."""
    counted = re.match(rf"({_NUMBER})(?:天|日)", recent)
    if counted is None:
        return True
    days = parse_count(counted.group(1))
    return days is None or _lately_or_near(term, days)


def _day_of_term(text: str) -> tuple[int | None, int | None] | None:
    """Return (days of the term, day it is now) when the text counts both, else ``None``."""
    term, now = _TERM_IN_DAYS.search(text), _DAY_NOW.search(text)
    if term is None or now is None:
        return None
    return parse_count(term.group(1) or term.group(2)), parse_count(
        now.group(1) or now.group(2) or now.group(3)
    )


def _day_inside_term(text: str) -> bool:
    """Return whether the text counts a term in days and says a day still inside it."""
    counted = _day_of_term(text)
    if counted is None:
        return False
    days, today = counted
    return days is None or today is None or today <= days


def _wished(clause: str) -> bool:
    """Return whether a clause names a wish to challenge that no word before it denies."""
    return any(
        not _NOT_WISHED.search(clause, 0, match.start()) or _IF_NOT.match(clause, match.end())
        for match in _CHALLENGE.finditer(clause)
    )


def _elapsed(clauses: list[str]) -> int | None:
    """Return the days since the decision came when a decision's clause counts them."""
    for clause in clauses:
        counted = _ELAPSED.search(clause)
        if counted is not None and _DOCUMENT_RE.search(clause):
            return parse_count(counted.group(1))
    return None


def _lately_or_near(term: int, elapsed: int) -> bool:
    """Return whether a decision ``elapsed`` days old, challenged, is urgent: lately or near."""
    # A day's grace: the day of receipt may be counted, or the text written past midnight.
    return _inside(term, elapsed) or 0 <= elapsed <= min(term + 1, _LATELY_DAYS)


def _inside(term: int, elapsed: int) -> bool:
    """Return whether ``elapsed`` days into a term of ``term`` days is in its last 15."""
    # A day's grace: the day of receipt may be counted, or the text written past midnight.
    return 0 <= elapsed <= term + 1 and term - elapsed <= _NEAR_DAYS


def _received_on(clauses: list[str], today: dt.date) -> list[int]:
    """Return the days since each day named in a clause saying something came (「我前天收到的」)."""
    return [
        (today - named.day).days
        for clause in clauses
        if _RECEIVED_RE.search(clause)
        for named in named_days(clause, today)
        if named.day <= today
    ]


def _counted_from_day(clauses: list[str], today: dt.date, *, legal: bool = True) -> bool | None:
    """Return whether a term in days, counted from the day it came, is near its end.

    「告知书说三天内可以提出听证 昨天送到的」: day 1 of 3. ``None`` when the text counts no
    such term from a named day, or (``legal``) names no legal document or step with it.
    """
    text = " ".join(clauses)
    counted = _TERM_IN_DAYS.search(text)
    named = _DOCUMENT_RE.search(text) or _TERM_WORD.search(text)
    if counted is None or (legal and not named):
        return None
    term = parse_count(counted.group(1) or counted.group(2))
    elapsed = _received_on(clauses, _today(text, today))
    if term is None or not elapsed:
        return None
    return any(_inside(term, days) for days in elapsed)


def _days_left(clauses: list[str]) -> bool:
    """Return whether a clause counts a legal term's last days (「复议期…还剩一个星期」)."""
    for at, clause in enumerate(clauses):
        left = _LEFT.search(clause)
        if left is None or not _TERM_WORD.search(" ".join(clauses[max(at - 2, 0) : at + 1])):
            continue
        count = {"一个": 1, "两个": 2, "几": 3}.get(left.group(1)) or parse_count(left.group(1))
        weeks = left.group(2) in ("周", "星期", "礼拜")
        if count is not None and count * (7 if weeks else 1) <= _NEAR_DAYS:
            return True
    return False


def _said_over(text: str, over: re.Match[str]) -> bool:
    """Return whether a match of ``_OVER`` says the term ran out, not asks or sells goods."""
    clause_start = text.rfind(" ", 0, over.start()) + 1
    before = text[clause_start : over.start()]
    if _OVER_ASKED.match(text, over.end()) or _OVER_DENIED.search(before):
        return False
    if "过期" not in over.group(0):
        return True
    # 「过期了」 of a term (「上诉期过期了」), not of goods (「几包零食过期了」).
    return _TERM_SUBJECT.search(before or text[: over.start()]) is not None


def deadline_passed(clauses: list[str]) -> bool:
    """Return whether canonical clauses say the term already ran out.

    Args:
        clauses: The description's canonical clauses, in order.

    Returns:
        ``True`` when the text says the term is over (「上诉期早过了」) or names a day after the
        term it counts (「三天内…今天已经是第六天了」).
    """
    text = " ".join(clauses)
    for over in _OVER.finditer(text):
        # 「过了12天」 of a term counted in days is the day now (see ``_day_of_term``).
        if not (_PAST_DAYS.match(text, over.end()) and _TERM_IN_DAYS.search(text)) and _said_over(
            text, over
        ):
            return True
    counted = _day_of_term(text)
    if counted is None:
        return False
    days, today = counted
    return days is not None and today is not None and today > days


def deadline_near(clauses: list[str], today: dt.date | None = None) -> bool:
    """Return whether canonical clauses describe a legal term about to run out.

    Args:
        clauses: The description's canonical clauses, in order.
        today: The date the resident writes on (the wall clock's date when not given); the
            days the text names (「11月20号」「上礼拜三」) are counted from it.

    Returns:
        ``True`` for a decision received lately that the resident wants to challenge, a term in
        days whose day is named and not yet over, or a filing due today or tomorrow.
    """
    if deadline_passed(clauses):
        return False
    text = " ".join(clauses)
    if _DUE_SOON.search(text) or _TERM_ENDS_SOON.search(text):
        return True
    if _day_inside_term(text) or _days_left(clauses):
        return True
    today = today or dt.date.today()
    if _counted_from_day(clauses, today) or limitation_near(clauses, today):
        return True
    challenged = any(_wished(clause) and not _THEIRS.match(clause) for clause in clauses)
    challenged = challenged and _CHALLENGED_ALREADY.search(text) is None
    if _due_ahead(clauses, today, challenged=challenged):
        return True
    elapsed = _elapsed(clauses)
    if challenged and elapsed is not None and _lately_or_near(_term_days(text), elapsed):
        return True
    return challenged and _received_lately(clauses, today)


def deadline_counted(clauses: list[str], today: dt.date | None = None) -> bool:
    """Return whether the rules counted the days of the text's term and found it not near.

    A decision dated by a day the text names outside its term's last days (「判决书是10月20号
    收到的」 on 1 December), a hearing dated more than 10 days ahead (「明年1月15号开庭」), or a
    challenge only the other party means (「对方说要上诉」): no other reader may call the term
    urgent. A decision dated inside its term is left open: the words of a wish to challenge
    may be what the rules lacked.

    Args:
        clauses: The description's canonical clauses, in order.
        today: The date the resident writes on (the wall clock's date when not given).

    Returns:
        ``True`` when the days named say the term is not running out now.
    """
    text = " ".join(clauses)
    today = _today(text, today or dt.date.today())
    wished = any(_wished(clause) and not _THEIRS.match(clause) for clause in clauses)
    if _WON.search(text) and not wished:
        return True  # 「一审判决我赢了」: the term to appeal is the other party's
    if _CHALLENGED_ALREADY.search(text) and not _HEARING.search(text):
        return True  # 「复议已经申请了」: the term was kept
    if not wished and any(_CHALLENGE.search(clause) for clause in clauses):
        return True  # 「她说不上诉了」: every wish the text names is denied or another's
    if (
        _SUPPOSED.search(text)
        and not _RECENT_RE.search(text)
        and not any(named_days(clause, today) for clause in clauses)
    ):
        return True  # 「假如我收到判决书不服」: no decision yet
    if _counted_from_day(clauses, today, legal=False) is False:
        return True  # 「三十天内整改 昨天收到的」: weeks left
    elapsed = _elapsed(clauses)
    if elapsed is not None and not 0 <= elapsed <= _term_days(text) + 1:
        return True
    ahead = [named.day for clause in clauses for named in named_days(clause, today)]
    if ahead and not _RECENT_RE.search(text) and min(ahead) > today + dt.timedelta(_DUE_DAYS):
        return True  # 「下个月10号去领判决书」: every day it names is weeks ahead
    for clause in clauses:
        if _THEIRS.match(clause) and _CHALLENGE.search(clause):
            return True
        if _HEARING.search(clause) and _UNSET.search(clause):
            return True
        if _DOCUMENT_RECEIVED.search(clause) and any(
            (today - last).days > _term_days(text) + 1 for last in named_months(clause, today)
        ):
            return True  # 「判决书是八月份收到的」
        days = named_days(clause, today)
        if not days:
            continue
        if _DOCUMENT_RECEIVED.search(clause) and not _received_in_term(clause, text, today):
            return True
        if _HEARING.search(clause) and all(
            not 0 <= (named.day - today).days <= _DUE_DAYS for named in days
        ):
            return True
        # A term's end weeks ahead (「12月27日之前交证据」 on 1 December).
        if all((named.day - today).days > _DUE_DAYS for named in days) and any(
            _ENDS_THEN.match(clause, named.end) for named in days
        ):
            return True
    return False
