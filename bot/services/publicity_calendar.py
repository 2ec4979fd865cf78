"""The 普法 calendar: fixed dates of the year (YAML, ``config/campaign_calendar.yaml``).

Pure: no Telegram, no database. :func:`load_calendar` reads and validates the file;
:meth:`PublicityCalendar.coming` says which dates fall within the reminder window of a day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.config import DEFAULT_CALENDAR_PATH
from knowledge.yaml_source import Problem, read_mapping, validation_problems

__all__ = [
    "DEFAULT_CALENDAR_PATH",
    "CalendarDate",
    "CalendarError",
    "ComingDate",
    "PublicityCalendar",
    "load_calendar",
]

_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")


class CalendarError(ValueError):
    """The calendar file cannot be read or is not valid; ``problems`` lists each one.

    Its message is one line: the first problem as ``file:line: field: message``, and how many
    more there are.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        """Carry ``problems`` (at least one)."""
        self.problems = tuple(problems)
        first, more = str(self.problems[0]), len(self.problems) - 1
        super().__init__(f"{first} (and {more} more)" if more else first)


class CalendarDate(BaseModel):
    """One fixed date: ``MM-DD``, its name and the laws to publicise."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: str
    name: str = Field(min_length=1)
    theme: str = Field(min_length=1)

    @field_validator("date")
    @classmethod
    def _month_day(cls, value: str) -> str:
        match = _MONTH_DAY.fullmatch(value)
        if match is None:
            raise ValueError(f"expected MM-DD, got {value!r}")
        month, day = int(match.group(1)), int(match.group(2))
        try:
            dt.date(2024, month, day)  # a leap year: 02-29 is a date; 02-30 is not
        except ValueError:
            raise ValueError(f"{value!r} is not a day of the year (MM-DD)") from None
        return value

    def on(self, year: int) -> dt.date | None:
        """Return this date in ``year`` (``None`` for 02-29 in a common year)."""
        month, day = (int(part) for part in self.date.split("-"))
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None


class ComingDate(BaseModel):
    """A calendar date within the reminder window: which one, and on what day."""

    model_config = ConfigDict(frozen=True)

    entry: CalendarDate
    day: dt.date

    @property
    def key(self) -> str:
        """What identifies this reminder (the day itself): sent once per key."""
        return self.day.isoformat()


class PublicityCalendar(BaseModel):
    """The calendar file: how many days ahead to remind, and the dates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    remind_days_before: int = Field(default=7, ge=1, le=60)
    dates: tuple[CalendarDate, ...] = ()

    def coming(self, today: dt.date) -> list[ComingDate]:
        """Return the dates after ``today`` and at most ``remind_days_before`` days ahead."""
        found = []
        for year in (today.year, today.year + 1):
            for entry in self.dates:
                day = entry.on(year)
                if day is not None and 0 < (day - today).days <= self.remind_days_before:
                    found.append(ComingDate(entry=entry, day=day))
        return sorted(found, key=lambda coming: coming.day)


def load_calendar(path: Path = DEFAULT_CALENDAR_PATH) -> PublicityCalendar:
    """Read and validate the calendar at ``path``; a missing or empty file is an empty calendar.

    Raises:
        CalendarError: The file is not valid YAML or not a valid calendar.
    """
    if not path.exists() or not path.read_text(encoding="utf-8").strip():
        return PublicityCalendar()
    document = read_mapping(path, expected="(remind_days_before, dates)")
    if isinstance(document, Problem):
        raise CalendarError([document])
    try:
        return PublicityCalendar.model_validate(document.data)
    except ValidationError as exc:
        problems = validation_problems(document, exc, show_input_for={"extra_forbidden"})
        raise CalendarError(problems) from exc
