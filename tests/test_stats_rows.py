"""The export rows: their local times (``bot.services.stats_rows``), read in two parts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.services import StatsService
from bot.services import stats_queries as queries
from bot.services.periods import Period
from bot.services.stats_rows import LocalTimes
from bot.storage import Database
from bot.storage.clock import to_db
from tests.stats_seed import NOW, TZ, communities, seed

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


def _quarter() -> Period:
    return Period(
        spec="2026-03-01..2026-05-31",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 6, 1),
        timezone=TZ.key,
    )


def test_a_long_period_is_read_in_two_parts_that_join() -> None:
    quarter = _quarter()
    first, second = queries.period_parts(quarter)
    assert (first[0], first[1], second[0], second[1]) == (
        quarter.start_db,
        "2026-04-15T16:00:00Z",  # 2026-04-16 00:00 in Shanghai
        "2026-04-15T16:00:00Z",
        quarter.end_db,
    )
    month = Period(
        spec="2026-04", start=dt.date(2026, 4, 1), end=dt.date(2026, 5, 1), timezone=TZ.key
    )
    assert queries.period_parts(month) == [(month.start_db, month.end_db)]


async def test_rows_read_in_two_parts_are_the_rows_read_at_once(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed(database)
    stats = StatsService(database, communities(), TZ, clock=lambda: NOW)
    in_parts = await stats.consultation_rows(_quarter())
    monkeypatch.setattr(queries, "PART_DAYS", 1000)
    at_once = await stats.consultation_rows(_quarter())
    assert in_parts == at_once
    assert [row.number for row in in_parts] == [7, 2, 1, 8, 3, 4, 5, 6]  # both parts have rows
