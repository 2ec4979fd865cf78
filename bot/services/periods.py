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
from bot.storage.clock import to_db

__all__ = ["PERIOD_HELP", "OffsetSegment", "Period", "parse_period"]

PERIOD_HELP = (
    "today, yesterday, week, month, year, YYYY, YYYY-MM, YYYY-MM-DD, "
    "or a range FROM..TO of those (TO included), e.g. 2023-01-01..2023-03-31"
)
"""What :func:`parse_period` accepts, for help texts and error messages."""

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MIN_YEAR, _MAX_YEAR = 1970, 9998


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

    Accepted (case and spaces ignored): ``today``, ``yesterday``, ``week`` (the ISO week,
    Monday to Sunday, containing today), ``month``, ``year``, ``YYYY``, ``YYYY-MM``,
    ``YYYY-MM-DD``, and ``FROM..TO`` where both ends are any of those and ``TO`` is included
    (``2023-01-01..2023-03-31`` is the first quarter; ``2023-01..2023-06`` the first half).

    Args:
        text: What the user typed.
        now: The current time (aware).
        tz: The deployment's time zone; days start at local midnight.

    Returns:
        The period.

    Raises:
        InvalidInput: The text is not a period, names an impossible date, or ``TO`` is
            before ``FROM`` (``field`` is ``"period"``).
    """
    spec = "".join(text.split()).lower()
    today = now.astimezone(tz).date()
    if ".." in spec:
        first, _, last = spec.partition("..")
        start, _ = _single(first, today, text)
        _, end = _single(last, today, text)
        if start >= end:
            raise InvalidInput(f"period {text!r} ends before it starts", field="period")
    else:
        start, end = _single(spec, today, text)
    return Period(spec=spec, start=start, end=end, timezone=tz.key)


def _single(spec: str, today: dt.date, original: str) -> tuple[dt.date, dt.date]:
    """Return the ``[start, end)`` days of one period word or date."""
    one_day = dt.timedelta(days=1)
    if spec == "today":
        return today, today + one_day
    if spec == "yesterday":
        return today - one_day, today
    if spec == "week":
        monday = today - dt.timedelta(days=today.weekday())
        return monday, monday + dt.timedelta(days=7)
    if spec == "month":
        return _month(today.year, today.month, original)
    if spec == "year":
        return _year(today.year, original)
    if match := _YEAR.match(spec):
        return _year(int(match[1]), original)
    if match := _MONTH.match(spec):
        return _month(int(match[1]), int(match[2]), original)
    if match := _DAY.match(spec):
        day = _date(int(match[1]), int(match[2]), int(match[3]), original)
        return day, day + one_day
    raise InvalidInput(f"unknown period {original!r}: use {PERIOD_HELP}", field="period")


def _year(year: int, original: str) -> tuple[dt.date, dt.date]:
    return _date(year, 1, 1, original), _date(year + 1, 1, 1, original)


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
