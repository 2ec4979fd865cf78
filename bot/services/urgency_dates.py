"""Days a description names, as calendar dates: 「11月20号」「十月九号」「上礼拜三」「前天」.

The deadline rules (``urgency_deadlines``) count a term from the day a decision was received
or up to the day a term ends; this module turns what the resident wrote into that day, given
today's date. It reads the canonical clauses ``bot.services.urgency`` makes (simplified, dialect
replaced, no punctuation), where numbers are still written in digits or Chinese numerals.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.services.numerals import parse_count

__all__ = ["RECEIVED", "NamedDay", "named_days", "named_months"]

_NUMBER = r"[0-9]{1,2}|[一二两三四五六七八九十廿卅]{1,3}"
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
_YEAR = r"(?P<year>今年|去年|明年|(?:19|20)[0-9]{2}年)?"
_CALENDAR = (
    rf"{_YEAR}(?P<month>{_NUMBER})月(?:份)?(?P<day>{_NUMBER})(?:号|日)"
    # 「11/21」, which the canonical form writes 「11 21」 (punctuation is a space there).
    rf"|(?<![0-9])(?P<smonth>1[0-2]|0?[1-9])[/ -](?P<sday>3[01]|[12][0-9]|0?[1-9])(?![0-9/ -])"
)
_PART = r"初|上旬|中旬|中|下旬|底|末"
"""A part of a month (「11月初」「上个月底」), read as its 5th, 15th, 25th or last day."""
_MONTH_DAY = (
    rf"(?P<mshift>上|这|本|下)(?:个)?月(?:(?P<mday>{_NUMBER})(?:号|日)|(?P<spart>{_PART}))"
    rf"|(?P<pyear>今年|去年|明年|(?:19|20)[0-9]{{2}}年)?(?P<pmonth>{_NUMBER})月(?:份)?(?P<part>{_PART})"
)
_WEEKDAY = (
    r"(?P<week>上上|上|这|本|下下|下)?(?:个)?(?:周|星期|礼拜)(?P<weekday>[一二三四五六日天末])"
)
_RELATIVE = r"(?P<relative>大前天|前天|昨天|今天|明天|后天|大后天)"
_DAYS_AGO = rf"(?P<ago>{_NUMBER}|十来|十几)(?:天|日)(?:前|以前|之前)"
_NAMED = re.compile(rf"{_CALENDAR}|{_MONTH_DAY}|{_WEEKDAY}|{_RELATIVE}|{_DAYS_AGO}")
_MONTH_ONLY = re.compile(
    rf"(?P<year>今年|去年|明年|(?:19|20)[0-9]{{2}}年)?(?<![0-9一二两三四五六七八九十个])"
    rf"(?P<month>{_NUMBER})月(?:份)?(?![0-9一二两三四五六七八九十廿卅号日]|{_PART})"
)
"""A month named without its day: 「八月份收到的」「今年七月」."""
RECEIVED = (
    r"收到|拿到|送达|送来|送到|寄到|寄来|发来|(?:寄|送|发)过来|下来|出来|判的|领(?:到|的|了|回)|签收"
    r"|拿(?:的|了|回来)|到(?:的|了|手)"
    r"|(?:交|发|递|送|寄)?给(?:我|我们)(?:的|了)|出了|作出|做出|下了|贴(?:的|了|出)|签(?:了|的)?字"
)
"""How a decision comes to the resident: 「收到」「送达」「签收」「拿的」「给我的」."""
_RECEIVED_AFTER = re.compile(rf".{{0,6}}?(?:{RECEIVED})")
"""A decision received on the day just named: a bare weekday (「礼拜一收到的」) is then the
last one, not one to come."""
_RELATIVE_DAYS = {"大前天": -3, "前天": -2, "昨天": -1, "今天": 0}
_RELATIVE_DAYS |= {"明天": 1, "后天": 2, "大后天": 3}
_WEEK_SHIFT = {"上上": -2, "上": -1, "这": 0, "本": 0, "下": 1, "下下": 2}


@dataclass(frozen=True, slots=True)
class NamedDay:
    """A day named in a clause: its date and where the words stand (``start``, ``end``)."""

    day: dt.date
    start: int
    end: int


def named_days(clause: str, today: dt.date) -> list[NamedDay]:
    """Return the days a canonical clause names, in order, as dates counted from ``today``.

    Args:
        clause: One canonical clause.
        today: The date the resident writes on.

    Returns:
        One ``NamedDay`` per date form that names a real day: 「11月20号」「11/20」 (the year
        nearest today unless one is written), 「上个月28号」, 「上礼拜三」 (the Wednesday of
        last week; a bare 「周三」, which may be either way, is not read, unless a decision was
        received on it: 「礼拜一收到的」 is the last Monday), 「前天」, 「十来天前」.
    """
    found: list[NamedDay] = []
    for match in _NAMED.finditer(clause):
        day = _resolve(match, today)
        if day is not None:
            found.append(NamedDay(day, match.start(), match.end()))
    return found


def _resolve(match: re.Match[str], today: dt.date) -> dt.date | None:
    """Return the date one match of ``_NAMED`` names, or ``None`` when it names none."""
    if match.group("month") or match.group("smonth"):
        return _calendar(match, today)
    if match.group("mshift") or match.group("pmonth"):
        return _in_month(match, today)
    if match.group("weekday"):
        week = match.group("week")
        weekday = _WEEKDAYS[match.group("weekday")]
        if week is None:  # 「周三」 alone: which week is not said, unless it is past
            if not _RECEIVED_AFTER.match(match.string, match.end()):
                return None
            return today - dt.timedelta(days=(today.weekday() - weekday) % 7)
        monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=_WEEK_SHIFT[week])
        return monday + dt.timedelta(days=weekday)
    if match.group("relative"):
        return today + dt.timedelta(days=_RELATIVE_DAYS[match.group("relative")])
    ago = match.group("ago")
    days = 12 if ago in ("十来", "十几") else _count(ago)
    return None if days is None else today - dt.timedelta(days=days)


def _calendar(match: re.Match[str], today: dt.date) -> dt.date | None:
    """Return the calendar date of 「(去年)11月20号」, the year nearest today when unwritten."""
    month = _count(match.group("month") or match.group("smonth"))
    day = _count(match.group("day") or match.group("sday"))
    if month is None or day is None:
        return None
    dates = [_date(year, month, day) for year in _years(match.group("year"), today)]
    real = [date for date in dates if date is not None]
    return min(real, key=lambda date: abs((date - today).days)) if real else None


def _in_month(match: re.Match[str], today: dt.date) -> dt.date | None:
    """Return the date of 「上个月28号」「这个月底」「11月初」: a day of a month near today."""
    if match.group("pmonth"):
        month = _count(match.group("pmonth"))
        if month is None or not 1 <= month <= 12:
            return None
        return _part_of(_nearest_month(month, match.group("pyear"), today), match.group("part"))
    shift = {"上": -1, "这": 0, "本": 0, "下": 1}[match.group("mshift")]
    months = today.year * 12 + today.month - 1 + shift
    if match.group("spart"):
        return _part_of(dt.date(months // 12, months % 12 + 1, 1), match.group("spart"))
    day = _count(match.group("mday"))
    return None if day is None else _date(months // 12, months % 12 + 1, day)


def _part_of(first: dt.date, part: str) -> dt.date:
    """Return the day a part of the month starting ``first`` stands for (「底」: its last)."""
    if part in ("底", "末"):
        following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)
    return first.replace(day={"初": 5, "上旬": 5, "中": 15, "中旬": 15}.get(part, 25))


def named_months(clause: str, today: dt.date) -> list[dt.date]:
    """Return the last day of each month a clause names without its day (「八月份」「今年七月」).

    Args:
        clause: One canonical clause.
        today: The date the resident writes on.

    Returns:
        The month's last day (the latest a thing done in it may be), in the year nearest today
        unless one is written.
    """
    found: list[dt.date] = []
    for match in _MONTH_ONLY.finditer(clause):
        month = _count(match.group("month"))
        if month is None or not 1 <= month <= 12:
            continue
        found.append(_part_of(_nearest_month(month, match.group("year"), today), "底"))
    return found


def _years(year_word: str | None, today: dt.date) -> list[int]:
    """Return the years a written year names (「去年」「2024年」), or the three around today."""
    years = {"今年": [today.year], "去年": [today.year - 1], "明年": [today.year + 1]}
    if year_word in years:
        return years[year_word]
    if year_word:
        return [int(year_word[:4])]
    return [today.year - 1, today.year, today.year + 1]


def _nearest_month(month: int, year_word: str | None, today: dt.date) -> dt.date:
    """Return the first day of ``month`` in the year written, else in the year nearest today."""
    firsts = [dt.date(year, month, 1) for year in _years(year_word, today)]
    return min(firsts, key=lambda first: abs((first - today).days))


def _count(text: str) -> int | None:
    """Return the number ``text`` writes, 廿 and 卅 read as 二十 and 三十 (「十一月廿号」)."""
    return parse_count(text.replace("廿", "二十").replace("卅", "三十").lstrip("0") or "0")


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 「2月30号」
        return None
