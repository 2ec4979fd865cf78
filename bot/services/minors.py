"""Whether a resident says of themselves that they are under 14 (PIPL Art. 31).

Deliberately conservative: only the resident's own plain statement counts (我今年12岁, 我才13,
我是初一学生, 我不满14岁), never a child's age told by a parent (我儿子12岁), a past age
(我12岁那年), a grade taught (我是小学老师) or numbers of something else (我才13天).
"""

from __future__ import annotations

import re
import unicodedata

from bot.services.numerals import parse_count

__all__ = ["MINOR_AGE", "says_under_14"]

MINOR_AGE = 14
"""Below this age a guardian must consent to their personal information being handled."""

_SELF = r"(?:我|本人)"
_AGE = re.compile(
    _SELF
    + r"(?P<when>今年|现在|目前)?(?P<only>才|只有|刚|刚满|才刚满)?"
    + r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})(?P<unit>周岁|岁)?"
)
_NOT_YET = re.compile(_SELF + r"还?(?:未满|不满|没满|没有满|不到)(?:14|十四)周?岁")
_GRADE = re.compile(
    _SELF
    + r"(?:现在|今年|目前)?还?(?:是|在读|读|上|念)(?:一名|一个|个)?"
    + r"(?:初一|小学|[一二三四五六1-6]年级)"
)
_AFTER_AGE = ("的", "那", "时", "以前", "之前", "前", "起", "开始", "就出来", "就开始")
"""What makes 我12岁… about another person or the past: 我12岁的儿子, 我12岁那年, 12岁时."""
_AFTER_GRADE = ("的", "家长", "老师", "教师", "班主任", "时", "那", "毕业", "文化", "水平")
"""What makes 我是小学… about something else: 小学老师, 初一学生的家长, 小学毕业, 上小学时."""
_CLAUSE_END = re.compile(r"$|[\s，,。.！!？?；;、：:…~）)]")


def _states_age(text: str) -> bool:
    for match in _AGE.finditer(text):
        age = parse_count(match.group("n"))
        if age is None or not 0 < age < MINOR_AGE:
            continue
        tail = text[match.end() :]
        if match.group("unit"):
            if not tail.startswith(_AFTER_AGE):
                return True
        elif (match.group("when") or match.group("only")) and _CLAUSE_END.match(tail):
            return True  # 我才13，… / 我今年12。 without 岁, but not 我才13天
    return False


def _states_grade(text: str) -> bool:
    for match in _GRADE.finditer(text):
        tail = text[match.end() :]
        for lead in ("的学生", "学生", "生"):
            if tail.startswith(lead):
                tail = tail.removeprefix(lead)
                break
        if not tail.startswith(_AFTER_GRADE):
            return True
    return False


def says_under_14(*texts: str | None) -> bool:
    """Return whether any of ``texts`` has the resident saying they are under 14.

    Args:
        texts: What the resident wrote (the description, the question it came from).
    """
    for text in texts:
        if not text:
            continue
        plain = unicodedata.normalize("NFKC", text)
        if _NOT_YET.search(plain) or _states_age(plain) or _states_grade(plain):
            return True
    return False
