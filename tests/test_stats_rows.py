"""The export rows' local times (``bot.services.stats_rows.LocalTimes``)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.services.stats_rows import LocalTimes
from bot.storage.clock import to_db

# No change, whole-hour DST both ways, half-hour DST, half-hour and 45-minute offsets.
ZONES = (
    "Asia/Shanghai",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Pacific/Chatham",
)


def _stored_times(step_seconds: int) -> list[str]:
    """Stored times through 2025, ``step_seconds`` apart (every minute and second is met)."""
    moment = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    times = []
    while moment < end:
        times.append(to_db(moment))
        moment += dt.timedelta(seconds=step_seconds)
    return times


@pytest.mark.parametrize("zone", ZONES)
def test_local_times_are_what_astimezone_gives(zone: str) -> None:
    tz = ZoneInfo(zone)
    local = LocalTimes(tz)
    for stored in _stored_times(997):
        expected = dt.datetime.fromisoformat(stored).astimezone(tz)
        got = local(stored)
        assert got == expected, stored
        assert got is not None
        assert (got.replace(tzinfo=None), got.fold) == (
            expected.replace(tzinfo=None),
            expected.fold,
        ), stored
        assert got.tzinfo is tz


def test_the_hour_of_a_transition_and_its_folded_hour_take_the_slow_way() -> None:
    tz = ZoneInfo("Europe/Berlin")
    local = LocalTimes(tz)
    # 2025-10-26 01:00 UTC: 03:00 CEST becomes 02:00 CET; 02:xx local comes twice.
    for stored, hour, fold in (
        ("2025-10-26T00:30:00Z", 2, 0),  # 02:30 CEST, the first of the two
        ("2025-10-26T01:30:00Z", 2, 1),  # 02:30 CET, the second
        ("2025-10-26T02:30:00Z", 3, 0),
    ):
        got = local(stored)
        assert got is not None
        assert (got.hour, got.minute, got.fold) == (hour, 30, fold)
        assert got == dt.datetime.fromisoformat(stored).astimezone(tz)


@pytest.mark.parametrize(
    "stored",
    [
        "2025-03-05T08:12:34.500000Z",
        "2025-03-05T08:12:34+00:00",
        "2025-03-05T08:12:34+02:00",
        "2025-03-05 08:12:34Z",
    ],
)
def test_other_forms_are_read_as_fromisoformat_reads_them(stored: str) -> None:
    tz = ZoneInfo("Asia/Shanghai")
    local = LocalTimes(tz)
    local("2025-03-05T08:00:00Z")  # the hour is known already
    assert local(stored) == dt.datetime.fromisoformat(stored).astimezone(tz)


def test_no_time_is_none_and_a_bad_one_is_an_error() -> None:
    local = LocalTimes(ZoneInfo("Asia/Shanghai"))
    assert local(None) is None
    assert local("") is None
    with pytest.raises(ValueError, match="Invalid isoformat"):
        local("2025-03-05T08:1x:34Z")
    with pytest.raises(ValueError, match="Invalid isoformat"):
        local("yesterday")
