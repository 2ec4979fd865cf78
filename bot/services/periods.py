"""Reporting periods: local calendar ranges in the deployment's time zone, and their UTC bounds.

A period is ``[start, end)`` in local dates: from local midnight of ``start`` to local midnight
of ``end``. Stored times are UTC text (``bot.storage.clock``), so queries compare them with
:attr:`Period.start_db` and :attr:`Period.end_db`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, model_validator

from bot.services.errors import InvalidInput
from bot.services.numerals import parse_count
from bot.storage.clock import to_db

__all__ = [
    "MAX_PERIOD_DAYS",
    "PERIOD_HELP",
    "OffsetSegment",
    "Period",
    "PeriodTooLong",
    "parse_period",
]

PERIOD_HELP = (
    "今天, 昨天, 本周, 上周, 本月, 上月, 本季度, 上季度, 今年, 去年, 近30天, 2025年, "
    "2025年一季度, 2025年3月, 2025年3月5日 (or today, yesterday, week, last-week, month, "
    "last-month, quarter, last-quarter, year, last-year, YYYY, YYYY-Q1, YYYY-MM, "
    "YYYY-MM-DD), or a range FROM..TO or FROM至TO of those (TO included), "
    "e.g. 2023-01-01..2023-03-31 or 2025年1月至3月; at most 10 years"
)
"""What :func:`parse_period` accepts, for help texts and error messages."""

MAX_PERIOD_DAYS = 3653
"""The longest period, in days: ten years, leap days included."""

_RANGE = re.compile(r"\.\.|至|到|~|～")
_YEAR = re.compile(r"^(\d{4})年?$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_CN_MONTH = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月份?$")
_CN_DAY = re.compile(r"^(?:(?:(\d{4})年)?(\d{1,2})月)?(\d{1,2})[日号]$")
_RECENT = re.compile(
    r"^(?:最)?近(\d{1,6}|[一二两三四五六七八九十]{1,3})(天|日|周|个?星期|个?礼拜|个月)$"
)
_RECENT_DAYS = {"天": 1, "日": 1, "周": 7, "星期": 7, "个星期": 7, "礼拜": 7, "个礼拜": 7}
_RECENT_DAYS["个月"] = 30
"""Days in a unit of 近N…: 近一周 is the last 7 days, 近三个月 the last 90."""
_QUARTER = re.compile(r"^(?:(\d{4})年)?第?([一二三四1-4])季度$|^(\d{4})-?q([1-4])$")
_QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_CN_NUMBER = re.compile(r"([零〇一二两三四五六七八九十]+)([年月日号])")
_CN_DIGITS = dict(zip("零〇一二三四五六七八九", "0012345678" + "9", strict=True))
_MIN_YEAR, _MAX_YEAR = 1970, 9998
_ONE_DAY = dt.timedelta(days=1)


class PeriodTooLong(InvalidInput):
    """The period is longer than :data:`MAX_PERIOD_DAYS` (``field`` is ``"period"``)."""


class OffsetSegment(BaseModel):
    """A stretch of UTC time ``[start_db, end_db)`` over which the zone's offset is constant."""

    model_config = ConfigDict(frozen=True)

    start_db: str
    end_db: str
    offset_seconds: int


class Period(BaseModel):
    """A local ``[start, end)`` range of days in the time zone ``timezone``."""

    model_config = ConfigDict(frozen=True)

    spec: str
    """The normalized text it was parsed from (``2023``, ``2023-03``, ``A..B``, …)."""
    start: dt.date
    """The first local day."""
    end: dt.date
    """The day after the last local day."""
    timezone: str
    """The IANA name of the time zone."""

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start >= self.end:
            raise ValueError(f"empty period {self.start}..{self.end}")
        return self

    @property
    def tz(self) -> ZoneInfo:
        """The time zone the days are in."""
        return ZoneInfo(self.timezone)

    @property
    def last_day(self) -> dt.date:
        """The last local day (inclusive)."""
        return self.end - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        """How many local days it spans."""
        return (self.end - self.start).days

    @property
    def start_utc(self) -> dt.datetime:
        """Local midnight of ``start``, in UTC."""
        return _midnight(self.start, self.tz)

    @property
    def end_utc(self) -> dt.datetime:
        """Local midnight of ``end``, in UTC."""
        return _midnight(self.end, self.tz)

    @property
    def start_db(self) -> str:
        """:attr:`start_utc` as stored text (inclusive bound)."""
        return to_db(self.start_utc)

    @property
    def end_db(self) -> str:
        """:attr:`end_utc` as stored text (exclusive bound)."""
        return to_db(self.end_utc)

    def months(self) -> list[str]:
        """Return every local month it touches, as ``YYYY-MM``, in order."""
        months = []
        year, month = self.start.year, self.start.month
        while dt.date(year, month, 1) < self.end:
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    @cached_property
    def segments(self) -> tuple[OffsetSegment, ...]:
        """The UTC stretches of constant offset covering the period, in order (one, usually)."""
        return _segments(self.start_utc, self.end_utc, self.tz)


def parse_period(text: str, *, now: dt.datetime, tz: ZoneInfo) -> Period:
    """Parse a period relative to ``now`` in ``tz``.

    Accepted (case and spaces ignored): the words ``今天`` / ``today``, ``昨天`` /
    ``yesterday``, ``本周`` / ``week`` (the ISO week, Monday to Sunday, containing today),
    ``上周`` / ``last-week``, ``本月`` / ``month``, ``上月`` / ``last-month``, ``本季度`` /
    ``quarter``, ``上季度`` / ``last-quarter``, ``今年`` / ``year``, ``去年`` / ``last-year``;
    ``近N天`` (the last N days, today included); the dates ``2025年``, ``2025年一季度``
    (or ``2025Q1``), ``2025年3月``, ``2025年3月5日``, ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``; and
    ``FROM..TO`` (or ``FROM至TO``) where both ends are any of those and ``TO`` is included
    (``2023-01-01..2023-03-31`` is the first quarter; ``2025年1月至6月`` the first half: an end
    without a year or month takes them from the start). At most :data:`MAX_PERIOD_DAYS` days.
    Years, months and days may be written in Chinese numerals (二〇二五年, 十一月, 五日); a
    month without its year alone is the latest such month (十一月 in March is last year's).

    Args:
        text: What the user typed.
        now: The current time (aware).
        tz: The deployment's time zone; days start at local midnight.

    Returns:
        The period.

    Raises:
        PeriodTooLong: It spans more than ten years.
        InvalidInput: The text is not a period, names an impossible date, or ``TO`` is
            before ``FROM`` (``field`` is ``"period"``).
    """
    spec = _CN_NUMBER.sub(_arabic, "".join(text.split()).lower())
    today = now.astimezone(tz).date()
    parts = _RANGE.split(spec)
    if len(parts) == 2:
        start, _ = _single(parts[0], today, text)
        _, end = _single(parts[1], today, text, context=start)
        if start >= end:
            raise InvalidInput(f"period {text!r} ends before it starts", field="period")
    elif len(parts) == 1:
        start, end = _single(spec, today, text)
    else:
        raise InvalidInput(f"unknown period {text!r}: use {PERIOD_HELP}", field="period")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise PeriodTooLong(
            f"period {text!r} spans {(end - start).days} days: at most 10 years", field="period"
        )
    return Period(spec=spec, start=start, end=end, timezone=tz.key)


def _arabic(match: re.Match[str]) -> str:
    """Write a Chinese year (二〇二五年), month (十一月) or day (五日) in digits."""
    numeral, unit = match[1], match[2]
    if unit == "年":
        digits = "".join(_CN_DIGITS.get(char, "") for char in numeral)
        return f"{digits}年" if len(digits) == len(numeral) else match[0]
    count = parse_count(numeral)
    return match[0] if count is None else f"{count}{unit}"


_WORDS = {
    **dict.fromkeys(("today", "今天", "今日"), "today"),
    **dict.fromkeys(("yesterday", "昨天", "昨日"), "yesterday"),
    **dict.fromkeys(("week", "本周", "这周", "本星期"), "week"),
    **dict.fromkeys(("last-week", "lastweek", "上周", "上星期"), "last-week"),
    **dict.fromkeys(("month", "本月", "这个月"), "month"),
    **dict.fromkeys(("last-month", "lastmonth", "上月", "上个月"), "last-month"),
    **dict.fromkeys(("year", "今年", "本年"), "year"),
    **dict.fromkeys(("last-year", "lastyear", "去年", "上年"), "last-year"),
    **dict.fromkeys(("quarter", "本季度", "这个季度"), "quarter"),
    **dict.fromkeys(("last-quarter", "lastquarter", "上季度", "上个季度"), "last-quarter"),
}
"""Words for periods relative to today, English or Chinese, by what they mean."""


def _relative(word: str, today: dt.date, original: str) -> tuple[dt.date, dt.date] | None:
    """Return the ``[start, end)`` days of a word relative to today, or None."""
    meaning = _WORDS.get(word)
    monday = today - dt.timedelta(days=today.weekday())
    last_month = today.replace(day=1) - _ONE_DAY
    if meaning == "today":
        return today, today + _ONE_DAY
    if meaning == "yesterday":
        return today - _ONE_DAY, today
    if meaning == "week":
        return monday, monday + dt.timedelta(days=7)
    if meaning == "last-week":
        return monday - dt.timedelta(days=7), monday
    if meaning == "month":
        return _month(today.year, today.month, original)
    if meaning == "last-month":
        return _month(last_month.year, last_month.month, original)
    if meaning == "year":
        return _year(today.year, original)
    if meaning == "last-year":
        return _year(today.year - 1, original)
    quarter = (today.month - 1) // 3 + 1
    if meaning == "quarter":
        return _quarter(today.year, quarter, original)
    if meaning == "last-quarter":
        year, quarter = (today.year - 1, 4) if quarter == 1 else (today.year, quarter - 1)
        return _quarter(year, quarter, original)
    return None


def _single(
    spec: str, today: dt.date, original: str, *, context: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """Return the ``[start, end)`` days of one period word or date.

    A Chinese date without its year (``3月``) or month (``20日``) takes them from ``context``
    (the start of a range), or from today.
    """
    if (days := _relative(spec, today, original)) is not None:
        return days
    base = context or today
    if match := _YEAR.match(spec):
        return _year(int(match[1]), original)
    if match := _MONTH.match(spec):
        return _month(int(match[1]), int(match[2]), original)
    if match := _DAY.match(spec):
        day = _date(int(match[1]), int(match[2]), int(match[3]), original)
        return day, day + _ONE_DAY
    if match := _CN_MONTH.match(spec):
        month = int(match[2])
        if match[1] is None and context is None and month > today.month:
            return _month(today.year - 1, month, original)  # 十一月 in March: the latest one
        return _month(int(match[1] or base.year), month, original)
    if match := _CN_DAY.match(spec):
        year, month = int(match[1] or base.year), int(match[2] or base.month)
        day = _date(year, month, int(match[3]), original)
        return day, day + _ONE_DAY
    if match := _QUARTER.match(spec):
        year = int(match[1] or match[3] or base.year)
        return _quarter(year, _QUARTER_NUMBERS[match[2] or match[4]], original)
    if match := _RECENT.match(spec):
        count = (parse_count(match[1]) or 0) * _RECENT_DAYS[match[2]]
        if count > MAX_PERIOD_DAYS:
            raise PeriodTooLong(f"period {original!r}: at most 10 years", field="period")
        if count < 1:
            raise InvalidInput(f"period {original!r} has no days", field="period")
        return today - dt.timedelta(days=count - 1), today + _ONE_DAY
    raise InvalidInput(f"unknown period {original!r}: use {PERIOD_HELP}", field="period")


def _year(year: int, original: str) -> tuple[dt.date, dt.date]:
    return _date(year, 1, 1, original), _date(year + 1, 1, 1, original)


def _quarter(year: int, quarter: int, original: str) -> tuple[dt.date, dt.date]:
    first = 3 * (quarter - 1) + 1
    return _month(year, first, original)[0], _month(year, first + 2, original)[1]


def _month(year: int, month: int, original: str) -> tuple[dt.date, dt.date]:
    start = _date(year, month, 1, original)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return start, _date(*following, 1, original)


def _date(year: int, month: int, day: int, original: str) -> dt.date:
    if not _MIN_YEAR <= year <= _MAX_YEAR + 1:
        raise InvalidInput(
            f"year {year} of period {original!r} is out of range ({_MIN_YEAR}-{_MAX_YEAR})",
            field="period",
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise InvalidInput(
            f"no such date {year:04d}-{month:02d}-{day:02d} in period {original!r}",
            field="period",
        ) from None


def _midnight(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """Return the UTC instant at which ``day`` starts in ``tz``."""
    return dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC)


def _offset(moment: dt.datetime, tz: ZoneInfo) -> int:
    delta = moment.astimezone(tz).utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def _segments(start: dt.datetime, end: dt.datetime, tz: ZoneInfo) -> tuple[OffsetSegment, ...]:
    """Split ``[start, end)`` (UTC) where the offset of ``tz`` changes.

    Walks a day at a time and bisects to the second within a day whose offset changed, so a
    century costs some 36,500 offset look-ups.
    """
    segments: list[OffsetSegment] = []
    seg_start, offset = start, _offset(start, tz)
    cursor = start
    while cursor < end:
        step = min(cursor + dt.timedelta(days=1), end)
        if _offset(step, tz) != offset:
            step = _first_change(cursor, step, offset, tz)
            if step < end:
                segments.append(_segment(seg_start, step, offset))
                seg_start, offset = step, _offset(step, tz)
        cursor = step
    segments.append(_segment(seg_start, end, offset))
    return tuple(segments)


def _first_change(low: dt.datetime, high: dt.datetime, offset: int, tz: ZoneInfo) -> dt.datetime:
    """Return the first second in ``(low, high]`` whose offset is not ``offset``."""
    lo, hi = int(low.timestamp()), int(high.timestamp())
    while hi - lo > 1:
        middle = (lo + hi) // 2
        if _offset(dt.datetime.fromtimestamp(middle, dt.UTC), tz) == offset:
            lo = middle
        else:
            hi = middle
    return dt.datetime.fromtimestamp(hi, dt.UTC)


def _segment(start: dt.datetime, end: dt.datetime, offset: int) -> OffsetSegment:
    return OffsetSegment(start_db=to_db(start), end_db=to_db(end), offset_seconds=offset)
