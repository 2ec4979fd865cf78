"""Understand a typed reply where the bot offered buttons (对, 愿意, 迎凤, 五星, 解决了).

Only replies that plainly are an answer are understood; anything else gives ``None`` and the
caller asks its question again. Pure functions of the text: no Telegram, no state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

__all__ = [
    "asked_matter",
    "asks_for_a_person",
    "asks_to_apply",
    "cancel_requested",
    "consent_choice",
    "declines",
    "followup_choice",
    "match_meaning",
    "match_named",
    "normalize",
    "opinion",
    "quiz_choice",
    "resolved_choice",
    "star_rating",
    "unsure",
    "yes_or_no",
]

_NOISE = re.compile(r"[\s\W_]+")
_PARTICLES = "吧啊呀哈嘛哦呢的"
_CANCEL = frozenset({"取消", "不了", "算了", "退出", "不办了", "不咨询了", "取消预约", "不弄了"})
_DIALECT_YES = frozenset(
    {"是滴", "对滴", "好滴", "中", "中嘞", "行嘞", "要得", "嗯呐", "嗯哪", "对头", "是嘞", "对嘞"}
)
"""是的 / 好的 as typed in dialect or by phone keyboards (是滴, 中, 要得)."""
_YES = frozenset(
    {"对", "是", "好", "确认", "确定", "是的", "对的", "没错", "好的", "可以", "行", "嗯", "提交"}
    | {"没问题", "正确", "ok", "yes", "是这里", "就是这里", "对是这里"}
    | _DIALECT_YES
)
_NO = frozenset(
    {"不对", "不是", "错了", "不正确", "不是这里", "换", "换一个", "更换", "其他", "选择其他类别"}
    | {"no", "更换村社区", "换个社区", "换个村"}
)
_CONSENT_YES = frozenset(
    {"愿意", "同意", "可以", "好", "好的", "行", "是", "是的", "嗯", "留"} | _DIALECT_YES
)
_CONSENT_NO = frozenset({"不愿意", "不同意", "不", "不要", "不用", "不留", "否", "不可以", "不行"})
_CONSENT_NO_STARTS = ("不愿意", "不同意", "不留", "不用", "不要", "不想", "不方便", "没有", "不给")
"""「不用了」「不想留」「没有手机」: a refusal however it goes on."""
_DIGITS = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
_CHINESE = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_STARS = re.compile(r"([1-5一二两三四五])\s*(?:颗|个)?\s*(?:星|分|心)")
"""心 is 星 typed where -in and -ing sound alike (五心); 「三心二意」 has no ending, see below."""
_STARS_ENDING = re.compile(_STARS.pattern + r"(?=$|[\s\W_]|好评|吧|啊|呀|哦|了|的)")
"""Stars that end the phrase: 五星, 4分吧, but not 一分钱."""
_RATING_MAX_CHARS = 20
"""A longer message is a question or a story, not a rating (「老板一分钱都没给」)."""
_OPINION = re.compile(
    r"(?:我)?(?:觉得)?(?:很|挺|非常|特别|比较|还算|还|不太|不怎么|不|很不|太|有点|十分)?"
    r"(?:满意|不错|好|棒|赞|给力|一般般|一般|行|可以|凑合|差|差劲|失望|好评|差评|专业|耐心)"
    r"(?:的)?(?:吧|啊|呀)?"
)
"""A verdict in a few words (好, 行 and 可以 alone are acknowledgements, not verdicts)."""
_OPINION_MAX_CHARS = 10
_ACKNOWLEDGING = frozenset({"好", "行", "可以"})
_FOLLOWUP = (
    ("partly", re.compile(r"部分|一部分|一半|还差|没给完|没还完|没全|只给|只还|只履行|还剩")),
    (
        "not_kept",
        re.compile(
            r"(没|没有|未|不|还没|拒不|拒绝)(履行|兑现|做到|给|还|执行|照做|搬|拆|改|赔|挪)"
            r"|反悔|赖账|不认"
        ),
    ),
    (
        "kept",
        re.compile(
            r"^(履行|兑现|做到)|(已经?|都|全部?|按时)(履行|兑现|做到|给|还|执行|办|弄|搬|拆|改|赔|挪)"
        ),
    ),
)
"""The 回访 answers typed: partly before not kept before kept (「没给完」 is partly)."""
_FOLLOWUP_MAX_CHARS = 16
_MATTER = r"(问题|事情|事儿?|这事儿?)?"
_UNRESOLVED = re.compile(_MATTER + r"(还|还是)?(没|没有|未|不)(能)?(得到)?(彻底|完全)?解决(了)?")
_RESOLVED = re.compile(_MATTER + r"(已经|已|都|算是|算|基本上?|基本都)?解决(了|啦|好了)?")
_ASKED_NO = frozenset({"没", "没有", "还没", "还没有", "没呢", "没有呢", "还没呢", "不算"})
"""No to 解决了吗 on screen (alone they answer nothing)."""
_ASKED_YES = frozenset({"好了", "办好了", "弄好了", "处理好了", "搞定了", "搞定", "算是吧", "算是"})
_THANKS = re.compile(
    r"(?:谢谢|感谢|多谢|谢了|辛苦)(?:你们|您们|你|您|大家|律师|老师|法律顾问|顾问|啦|了|啊|哈)*"
)
"""A courtesy closing a reply (「解决了，谢谢你们」): it answers nothing, nor hides the answer."""


T = TypeVar("T")


def normalize(text: str) -> str:
    """Return ``text`` without spaces, punctuation or a trailing particle, lower case."""
    cleaned = _NOISE.sub("", text).lower()
    while len(cleaned) > 1 and cleaned[-1] in _PARTICLES:
        cleaned = cleaned[:-1]
    return cleaned


_PERSON = r"(?:法律顾问|律师|顾问|人工|真人|工作人员|客服)"
_ASKS_FOR_A_PERSON = re.compile(
    rf"(?:你好|您好)?(?:我|俺)?(?:要|想|想要|需要)?(?:找|联系|转|请)(?:一下|个|一个|下|位)?{_PERSON}"
    r"(?:咨询|问问|问一下|聊聊|谈谈|看看|帮忙)?(?:一下)?"
    r"|(?:你好|您好)?(?:我|俺)?(?:要|想|想要|需要)(?:咨询|预约咨询|人工咨询|预约法律顾问)"
    rf"|转?人工(?:咨询|服务|客服)?|{_PERSON}咨询"
)
"""A short request for a person (我想找个律师问问, 我要咨询, 转人工), not a question about one."""


_MATTER_END = r"(?:的事情?|的问题|方面(?:的(?:事情?|问题)?)?|相关(?:的?(?:事情?|问题))?|的?纠纷)"
_ASKS_ABOUT_A_MATTER = re.compile(
    rf"(?:你好|您好)?(?:我|俺)?(?:要|想|想要|需要)?(?:找|联系|请)(?:一下|个|一个|下|位)?{_PERSON}"
    r"(?:咨询|问问|问一下|问下|聊聊|谈谈|看看|帮忙看看)(?:一下)?"
    rf"(?:关于|有关)?(?P<a>[\u4e00-\u9fff]{{2,10}}?)(?P<end_a>{_MATTER_END})"
    r"|(?:你好|您好)?(?:我|俺)?(?:要|想|想要|需要)(?:咨询|问问|问一下|问下|了解一下)(?:一下)?"
    rf"(?:关于|有关)?(?P<b>[\u4e00-\u9fff]{{2,10}}?)(?P<end_b>{_MATTER_END})"
)
"""A request to consult that names the matter (我要咨询离婚的事, 想找法律顾问问问工伤的事)."""
_QUESTION_WORDS = re.compile(
    r"[?？吗]|什么|怎么|怎样|如何|多久|多长|多少|几|哪|谁|能否|能不能|可不可以|可以|是否|要不要"
    r"|会不会|有没有|算不算"
)
"""Words that make a request a question the knowledge base should answer."""


_WANT = r"(?:你好|您好)?(?:我|俺)?(?:要|想|想要|需要)?"
_APPLIES = {
    "legal_aid": re.compile(rf"{_WANT}(?:申请|办|办理)(?:一下|个)?(?:法律援助|法援)"),
    "mediation": re.compile(
        rf"{_WANT}申请(?:人民)?调解(?:一下)?|(?:我|俺)?(?:要|想|想要|需要)(?:人民)?调解(?:一下)?"
    ),
}
"""A short request to apply (我想申请法律援助, 我要申请调解), not a question about applying."""


def asks_to_apply(text: str) -> str:
    """Return ``"legal_aid"`` or ``"mediation"`` for a typed request to apply, else ``""``."""
    said = normalize(text)
    return next((kind for kind, words in _APPLIES.items() if words.fullmatch(said)), "")


def asks_for_a_person(text: str) -> bool:
    """Return whether the text asks, in the resident's own words, to talk to a person.

    A request that names its matter (我要咨询离婚的事) counts; a question put as a request
    (我想咨询一下离婚冷静期多久) does not.
    """
    return _ASKS_FOR_A_PERSON.fullmatch(normalize(text)) is not None or bool(asked_matter(text))


def asked_matter(text: str) -> str:
    """Return the matter a request to consult names (「离婚」 of 我要咨询离婚的事), else ``""``."""
    if _QUESTION_WORDS.search(text):
        return ""
    match = _ASKS_ABOUT_A_MATTER.fullmatch(normalize(text))
    if match is None:
        return ""
    matter, end = match.group("a", "end_a") if match.group("a") else match.group("b", "end_b")
    return f"{matter}纠纷" if end.endswith("纠纷") else str(matter)


_QUIZ_CHOICE = re.compile(
    r"(?:我)?(?:选|选择|选的是|答案是|答案|应该是|应该选|是)?(?:第)?"
    r"(?P<choice>[a-d1-4一二三四甲乙丙丁])(?:个|项|个选项|选项|号)?"
)
_QUIZ_CHOICES = "abcd1234一二三四甲乙丙丁"


def quiz_choice(text: str) -> int | None:
    """Return the option (0-3) a typed quiz answer picks (B, 选B, 第二个), else ``None``."""
    match = _QUIZ_CHOICE.fullmatch(normalize(text))
    if match is None:
        return None
    return _QUIZ_CHOICES.index(match.group("choice")) % 4


_UNSURE = re.compile(
    r"(?:我|俺)?(?:也|都|真|还|实在)?(?:不知道|不清楚|不记得|记不清|记不得|不确定|不晓得|不知|不懂"
    r"|忘了|忘记了|搞不清|弄不清|说不清|不太清楚|不太确定|不太知道|没弄清)(?:楚)?"
    r"(?:我|俺)?(?:是|在|属于|归)?(?:哪个|哪一个|什么)?(?:村|社区|村社区|村还是社区)?(?:的)?(?:了|呢|啊|耶)?"
)


def unsure(text: str) -> bool:
    """Whether the reply says the resident does not know the answer (不知道, 不清楚是哪个社区)."""
    return _UNSURE.fullmatch(normalize(text)) is not None


def cancel_requested(text: str) -> bool:
    """Return whether the reply means "stop" (取消, 不了, 算了…)."""
    return normalize(text) in _CANCEL


def yes_or_no(text: str) -> bool | None:
    """Return ``True`` for 对/是/好/确认…, ``False`` for 不对/不是/换…, else ``None``."""
    word = normalize(text)
    if word in _NO:
        return False
    if word in _YES:
        return True
    return None


def consent_choice(text: str) -> bool | None:
    """Return whether the reply agrees to share contact details (愿意 / 不愿意), else ``None``."""
    word = normalize(text)
    if word in _CONSENT_NO or word.startswith(_CONSENT_NO_STARTS):
        return False
    if word in _CONSENT_YES or word.startswith(("愿意", "同意")):
        return True
    return None


def star_rating(text: str) -> int | None:
    """Return the 1-5 stars a reply gives (五星, 4分, ⭐⭐⭐, a lone 5), else ``None``."""
    stripped = text.strip()
    stars = stripped.count("⭐") + stripped.count("★")
    if stars and not _NOISE.sub("", stripped.replace("⭐", "").replace("★", "")):
        return stars if stars <= 5 else None
    word = normalize(text)
    if word in _DIGITS:
        return _DIGITS[word]
    if len(word) > _RATING_MAX_CHARS:
        return None
    found = {match.group(1) for match in _STARS.finditer(text)}
    if len(found) != 1 or _STARS_ENDING.search(text) is None:
        return None
    (value,) = found
    return _DIGITS.get(value) or _CHINESE[value]


def _said(text: str) -> list[str]:
    """Return the reply's parts (split at punctuation and spaces), its thanks taken away."""
    parts = (_THANKS.sub("", part) for part in _NOISE.split(text))
    return [word for word in map(normalize, parts) if word]


def opinion(text: str) -> bool:
    """Whether a reply is a verdict on a service without stars (挺满意, 还行, 挺好的，谢谢)."""
    words = [word.removesuffix("了") for word in _said(text)]
    return bool(words) and all(
        word not in _ACKNOWLEDGING
        and len(word) <= _OPINION_MAX_CHARS
        and _OPINION.fullmatch(word) is not None
        for word in words
    )


def followup_choice(text: str) -> str | None:
    """Return the 回访 answer a reply gives (``kept``, ``partly``, ``not_kept``), else ``None``.

    「履行了」「钱都给了」 are kept; 「只给了一半」「部分履行」 partly; 「还没给」 not kept.
    """
    word = normalize(text).removesuffix("了")
    if len(word) > _FOLLOWUP_MAX_CHARS:
        return None
    for answer, pattern in _FOLLOWUP:
        if pattern.search(word):
            return answer
    return None


def resolved_choice(text: str, *, asked: bool = False) -> bool | None:
    """Return ``True`` for 解决了, ``False`` for 没解决 / 没有解决, else ``None``.

    Thanks around it (「解决了，谢谢你们」) and a verdict beside it (「很满意，问题解决了」) do not
    hide it; two answers that disagree give ``None``.

    Args:
        text: The typed reply.
        asked: Whether 解决了吗 is the question on screen: then a plain 是 / 没有 / 还没 answers.
    """
    found = set()
    for word in _said(text):
        if _UNRESOLVED.fullmatch(word) or (asked and word in _ASKED_NO):
            found.add(False)
        elif _RESOLVED.fullmatch(word) or (
            asked and (word in _ASKED_YES or yes_or_no(word) is True)
        ):
            found.add(True)
        elif not opinion(word):
            return None
    return found.pop() if len(found) == 1 else None


_DECLINE = re.compile(
    r"(?:不(?:想|愿|方便|便|告诉|提供|知道|清楚|用|必|说|留|给)|没有|无|保密|匿名)"
)
_DECLINE_MAX_CHARS = 8


def declines(text: str) -> bool:
    """Whether a reply where something optional is asked (a name) plainly withholds it.

    「不想说」「不方便提供」「不知道」「保密」 are no name; anything else may be one.
    """
    word = normalize(text)
    return len(word) <= _DECLINE_MAX_CHARS and _DECLINE.match(word) is not None


def match_named(
    text: str,
    options: Sequence[T],
    name: Callable[[T], str],
    *,
    suffixes: Iterable[str] = (),
    sound: Callable[[str], str] | None = None,
) -> T | None:
    """Return the one option whose name the reply gives (in full or in part), else ``None``.

    A plain yes or no (确认, 不是) names an option only in full.

    Args:
        text: The typed reply, e.g. 迎凤 or 我在迎凤社区.
        options: What the buttons offered.
        name: The name of an option, as its button shows it.
        suffixes: Generic endings that alone name nothing (社区, 村): 迎凤 names 迎凤社区,
            社区 names nothing.
        sound: How a text sounds (its pinyin, say): when no name is written in the reply,
            one that sounds the same is taken, so 迎风 typed for 迎凤 names 迎凤社区.
    """
    word = normalize(text)
    ends = tuple(suffixes)
    if len(word) < 2 or word in ends:
        return None
    # 确认 or 不是 answers a yes-or-no step; as a part of a longer name it names nothing.
    only_whole = yes_or_no(text) is not None
    names = [normalize(name(option)) for option in options]
    found = _named(word, names, ends, only_whole=only_whole)
    if not found and sound is not None and not only_whole:
        sounded = [sound(full) for full in names]
        found = _named(sound(word), sounded, tuple(map(sound, ends)), only_whole=False)
    return options[found[0]] if len(found) == 1 else None


def _named(
    word: str, names: Sequence[str], ends: tuple[str, ...], *, only_whole: bool
) -> list[int]:
    """Return where the names ``word`` gives are, in full (or in part, unless ``only_whole``).

    A name given in full is the one meant: 受理 names 受理, not 不予受理 that holds it.
    """
    whole = [position for position, full in enumerate(names) if word == full]
    if whole:
        return whole
    found = []
    for position, full in enumerate(names):
        core = next(
            (
                full.removesuffix(end)
                for end in ends
                if full.endswith(end) and len(full) > len(end) + 1
            ),
            full,
        )
        if word == full or (not only_whole and (word in full or core in word)):
            found.append(position)
    return found


_MEANING_MAX_CHARS = 15
"""A longer message is a story: it may name several options, so it names none."""
_QUESTION = re.compile(r"[?？]|[吗呢么]$")
"""A question (能申请法律援助吗？) is no answer, whatever words it holds."""


def match_meaning(
    text: str,
    options: Sequence[T],
    name: Callable[[T], str],
    aliases: Mapping[str, Iterable[str]],
    *,
    key: Callable[[T], str] | None = None,
    fallback: T | None = None,
    plain: str = "",
    max_chars: int = _MEANING_MAX_CHARS,
) -> T | None:
    """Return the one option the reply names or plainly means (欠薪 → 支付劳动报酬), else ``None``.

    An option's button name is tried first (:func:`match_named`); then its aliases, words the
    reply contains. A plain yes or no (确认, 不是) means no option; ``fallback`` (其他) is taken
    only when its aliases alone are found.

    Args:
        text: The typed reply.
        options: What the buttons offered.
        name: The name of an option, as its button shows it.
        aliases: Words that plainly mean an option, by its key.
        key: The key of an option in ``aliases`` (its name when omitted).
        fallback: The catch-all option, if there is one.
        plain: The reply as the knowledge base's lexicon reads it (俺男人打我 → … 家庭暴力,
            ``QuestionService.plain_words``): the aliases are looked for in it too.
        max_chars: A longer reply names no option (a story may name several); a step whose
            caller names back what it took may allow a short story.
    """
    named = match_named(text, options, name)
    word = normalize(text)
    if named is not None or yes_or_no(text) is not None or not word:
        return named
    if len(word) > max_chars or _QUESTION.search(text.strip()):
        return None
    # The reply as typed, and as the lexicon reads it (俺男人打我 → … 家庭暴力).
    said = f"{word}|{normalize(plain)}"
    key_of = key or name
    meant = [
        option
        for option in options
        if any(normalize(alias) in said for alias in aliases.get(key_of(option), ()))
    ]
    specific = [option for option in meant if option != fallback]
    if len(specific) == 1:
        return specific[0]
    return fallback if not specific and fallback in meant else None
