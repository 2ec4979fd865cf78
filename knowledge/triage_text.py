"""What a description says that is not its matter, removed before its category is guessed.

Words about asking for help (「请法律顾问帮忙看看」「想咨询一下」「怎么办」), court procedure
(判决书, 上诉, 开庭) and claims any money carries (利息) are stripped from training texts and
descriptions alike; denied attacks and places of refuge are dropped from descriptions.
"""

from __future__ import annotations

import re
from functools import cache

import opencc

__all__ = [
    "HELP_SEEKING",
    "PROCEDURE",
    "after_settled",
    "detention_only",
    "simplified",
    "strip_help_seeking",
    "undenied",
]

HELP_SEEKING: tuple[str, ...] = (
    # Who the resident wants to talk to.
    r"(?:社区|村里|村|街道|本村|本社区|我们社区|我们村)?(?:的)?(?:法律)?顾问",
    r"(?:社区|村里|村|真人|专业|值班)(?:的)?律师",
    r"(?:请|找|约|联系|转给|转|问问|问一下|咨询)(?:一下|个|一个|下)?律师(?=帮|给|看|问|$|[，。！？,.!?])",
    r"律师(?:你好|您好)|请问律师|(?:这种|这个|这样的)(?:情况|事情?)",
    # A lawyer is who is asked, not the matter; not a lawyer who costs nothing or too much
    # (「免费的律师」「请不起律师」): that is the matter of legal aid.
    r"(?<!免费)(?<!免费的)(?<!要钱的)(?<!花钱的)(?<!请不起)(?<!没钱请)(?<!援助)(?<!派个)(?<!派一个)"
    r"律师(?!费|函|事务所)",
    r"转人工|人工(?:服务|客服)|(?<!给)人工(?!作|资|费|智能|成本)|真人|客服|机器人",
    # Asking for help and time.
    # Not the 帮 of 帮教, 帮信 (the crime), 帮扶, 帮工, 帮派; not 了解除, 申请问.
    r"(?:请|麻烦)?(?:您|你)?帮(?!教|信|扶|工|派|凶|助信息)(?:帮)?(?:我|忙)?(?:们)?"
    r"(?:看看|看一下|分析一下|分析|出出主意|想想办法|联系一下|联系)?",
    r"帮帮忙|帮个忙|麻烦(?:您|你)?|谢谢|感谢|(?<!申)请问|您好|你好|请教|求助|求帮助|(?:有|问)(?:一)?个事",
    # Not the 下 that starts the next word (「问问下班路上…」「咨询下个月…」).
    r"(?:想|要|我想|我要)?(?:当面)?(?:咨询|问问|了解(?!除)|打听)(?:一下|下(?![班午周个次岗面]))?",
    r"当面(?:谈谈|聊聊|谈|聊|说说|说)?|(?:约|定)(?:个|一个)?时间|预约",
    r"(?:该|应该|要)?(?:怎么办|咋办|咋整|怎么处理|如何处理|怎么维权|如何维权|怎么解决|如何解决)",
    r"(?:能不能|可不可以|可以)?(?:帮我)?联系(?:一下|上)?",
    # How the question is framed, which any matter shares.
    r"(?:需要|要|得)(?:办|准备|带)?(?:什么|哪些|啥)(?:手续|材料|证据|条件)?",
    r"合法吗|合不合法|违法吗|能不能|可不可以|可以吗|行不行|有没有用|有用吗|该找谁|找谁|找哪个部门",
    r"(?:还)?有没有(?:别的|其他|什么)?(?:办法|途径|补救)|(?:别的|其他)(?:办法|途径)",
)
"""Phrases about asking for help, matched on simplified text and removed before classifying."""

PROCEDURE: tuple[str, ...] = (
    # The steps of any lawsuit and their terms: 「判决书我不服，想上诉」 names no matter.
    r"(?:一审|二审|终审|法院)?(?:的)?判决(?:书|结果)?(?!离婚)|裁定书|(?:一审|二审)",
    r"上诉(?:状|期|费|期限)?|上述状?|申诉|不服|(?:多少|几)天(?:内|之内)?|来得及(?:吗)?|来不及",
    r"(?:上诉|起诉|申请)?期限|(?:最后)?期限|截止|(?:判决)?生效(?:判决)?",
    r"开庭(?:通知|时间|日期)?|(?:法院)?传票|庭审|答辩状|起诉状|(?:被)?上诉人|原告|被告|延期开庭",
    # Interest is claimed on any money: the wages, the loan or the price it runs on decide.
    r"利息",
)
"""Words of court procedure, removed with ``HELP_SEEKING``: the matter decides the category, and
a description naming procedure only (「这个判决我不服，多少天内要上诉？」) is ``other``; so are
claims any money may carry (「拖了半年的工资能不能要利息」 is the wages' matter)."""


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _help_re() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in (*HELP_SEEKING, *PROCEDURE)))


def simplified(text: str) -> str:
    """Return ``text`` in simplified characters."""
    return str(_to_simplified().convert(text))


def strip_help_seeking(text: str) -> str:
    """Return ``text`` in simplified characters without its phrases about asking for help."""
    return _help_re().sub(" ", simplified(text))


_DENIED_HARM = re.compile(
    r"(?:没有|没|未|从来没有?|从没有?|并没有?|不是)(?:人|有人|被|再|过)?"
    r"(?:打|揍|踢|踹|动手|动过手|家暴|威胁|恐吓|伤害|砍|骂)[^，。！？,.!?；;、\s]*"
)
"""A denied attack, to its clause's end: 「没人打我」 says nothing of the matter, and its words
would otherwise bring in the synonyms of violence (家庭暴力, 殴打) before negation is seen."""


_REFUGE = re.compile(
    r"(?:躲|跑|逃|藏)(?:到|在|进)(?:了)?(?:楼下|楼上|对门|隔壁|村里)?(?:的)?"
    r"(?:邻居|隔壁|朋友|亲戚|同学|娘家)(?:家)?(?:里)?"
)
"""Where the resident fled to (「我妈躲到了邻居家」): the scene of the refuge, not the matter."""


_NOT_RECEIVED = re.compile("没收到")
"""Not received, which holds 没收 (confiscated) of an administrative sanction."""


_DETAINED = re.compile("拘留|被拘|拘了")
"""A detention by the police: days in a cell, no prison term."""

_RELEASED = re.compile("放(?:出来|回来)")
"""Let out: after a prison term the released's matter (刑满释放), after a detention none."""

_SPECIAL_GROUPS_OWN = re.compile(
    "矫正|纠正|缓刑|假释|监外|刑满|释放|出狱|监狱|坐牢|坐过牢|服刑|劳改|判了|判刑|蹲了|里头"
    "|帮教|戒毒|吸毒|复吸|尿检|美沙酮|禁毒"
)
"""What the special groups are: under correction, out of prison, off drugs."""


def detention_only(text: str) -> bool:
    """Tell whether simplified ``text`` tells of a detention and nothing of the special groups.

    「拘留了半个月，以后找工作有影响吗」 asks about the detention's record, a criminal matter;
    「拘留过，后来又判了三年，刚出狱」 is a release from prison.
    """
    return _DETAINED.search(text) is not None and _SPECIAL_GROUPS_OWN.search(text) is None


_SENTENCED = re.compile(
    r"判了刑|判了(?:有期徒刑|[一二两三四五六七八九十几半\d]+(?:个月|年))"
    r"|(?<=[人方他她的])(?:早|早就|已经)?(?:被)?判了(?=[，。！？,.!?；;]|$)"
)
"""A sentence passed on someone (「那人早判了」「判了三年」), said as the term 判刑."""


def undenied(text: str) -> str:
    """Return ``text`` without its denied attacks, places of refuge and releases from detention.

    「没人打我，就是邻居家的狗天天叫」 keeps the dog; 「他拿刀追我妈，我妈躲到了邻居家」 keeps the
    attack, not the neighbours; 「被拘留了十天，早放出来了」 keeps the detention, whose record is
    the matter, not a release from prison.
    """
    kept = _SENTENCED.sub("判刑", _NOT_RECEIVED.sub("未收到", simplified(text)))
    kept = _REFUGE.sub(" ", _DENIED_HARM.sub(" ", kept))
    detained = _DETAINED.search(kept)
    if detained is None:
        return kept
    return kept[: detained.end()] + _RELEASED.sub(" ", kept[detained.end() :])


_SETTLED = re.compile(
    r"(?:早就|早|已经|都)(?:已经)?(?:了结|结了|过去|处理完|处理好|解决|私了|调解好|和解)了?"
    r"(?:的事)?[，。！；,;!]+"
)
"""A story the resident calls settled, to the end of its sentence: 「这事早就了结了。」"""


def after_settled(text: str) -> str | None:
    """Return what ``text`` says after the last story it calls settled (``None``: no such story).

    「……他被拘留了五天，这事早就了结了。现在公司要扣我的奖金」: the bonus is the matter.
    """
    plain = simplified(text)
    ends = [match.end() for match in _SETTLED.finditer(plain)]
    rest = plain[ends[-1] :].strip() if ends else ""
    return rest or None
