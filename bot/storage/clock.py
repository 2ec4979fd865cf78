"""Time as stored: aware UTC datetimes written as fixed-width ISO text, which sorts correctly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

__all__ = ["Clock", "from_db", "system_clock", "to_db"]

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """Return the current time in UTC."""
    return dt.datetime.now(dt.UTC)


def to_db(moment: dt.datetime) -> str:
    """Return ``moment`` as the stored text (UTC, seconds precision)."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: pass an aware one")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_db(text: str) -> dt.datetime:
    """Parse the stored text back into an aware UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
