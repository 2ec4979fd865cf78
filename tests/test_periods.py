from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest

from bot.services import InvalidInput, Period, parse_period
from bot.services.counting import local_day, local_day_sql
from bot.services.periods import PeriodTooLong

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 16:30 UTC on 31 March is 00:30 on Wednesday 1 April in Shanghai.
NOW = dt.datetime(2026, 3, 31, 16, 30, tzinfo=dt.UTC)


def period(text: str, tz: ZoneInfo = SHANGHAI) -> Period:
    return parse_period(text, now=NOW, tz=tz)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("today", "2026-04-01", "2026-04-02"),
        ("yesterday", "2026-03-31", "2026-04-01"),
        ("week", "2026-03-30", "2026-04-06"),
        ("month", "2026-04-01", "2026-05-01"),
        ("year", "2026-01-01", "2027-01-01"),
        ("2023", "2023-01-01", "2024-01-01"),
        ("2023-12", "2023-12-01", "2024-01-01"),
        ("2024-2", "2024-02-01", "2024-03-01"),
        ("2024-02-29", "2024-02-29", "2024-03-01"),
        ("2023-01-01..2023-03-31", "2023-01-01", "2023-04-01"),
        ("2023-01..2023-06", "2023-01-01", "2023-07-01"),
        ("2022..2023", "2022-01-01", "2024-01-01"),
        ("2023-03-31..2023-03-31", "2023-03-31", "2023-04-01"),
        ("  Today ", "2026-04-01", "2026-04-02"),
        ("2023-01-01 .. 2023-01-31", "2023-01-01", "2023-02-01"),
        # Chinese words and dates; the English words for the last week, month and year.
        ("今天", "2026-04-01", "2026-04-02"),
        ("昨天", "2026-03-31", "2026-04-01"),
        ("本周", "2026-03-30", "2026-04-06"),
        ("上周", "2026-03-23", "2026-03-30"),
        ("本月", "2026-04-01", "2026-05-01"),
        ("上月", "2026-03-01", "2026-04-01"),
        ("今年", "2026-01-01", "2027-01-01"),
        ("去年", "2025-01-01", "2026-01-01"),
        ("2025年", "2025-01-01", "2026-01-01"),
        ("2025年3月", "2025-03-01", "2025-04-01"),
        ("2025年3月5日", "2025-03-05", "2025-03-06"),
        ("近30天", "2026-03-03", "2026-04-02"),
        ("近一周", "2026-03-26", "2026-04-02"),
        ("近三个月", "2026-01-02", "2026-04-02"),
        ("近7天", "2026-03-26", "2026-04-02"),
        ("2025年1月至2025年3月", "2025-01-01", "2025-04-01"),
        ("2025年1月至3月", "2025-01-01", "2025-04-01"),
        ("2025年3月5日至20日", "2025-03-05", "2025-03-21"),
        ("2025年11月至2026年2月", "2025-11-01", "2026-03-01"),
        ("上月..本月", "2026-03-01", "2026-05-01"),
        # A month or day in Chinese numerals; a month without its year is the latest one.
        ("三月", "2026-03-01", "2026-04-01"),
        ("十一月", "2025-11-01", "2025-12-01"),
        ("11月", "2025-11-01", "2025-12-01"),
        ("2026年十二月", "2026-12-01", "2027-01-01"),
        ("一月至三月", "2026-01-01", "2026-04-01"),
        ("三月五日", "2026-03-05", "2026-03-06"),
        ("二〇二五年三月", "2025-03-01", "2025-04-01"),
        ("last-week", "2026-03-23", "2026-03-30"),
        ("last-month", "2026-03-01", "2026-04-01"),
        ("last-year", "2025-01-01", "2026-01-01"),
        ("本季度", "2026-04-01", "2026-07-01"),
        ("上季度", "2026-01-01", "2026-04-01"),
        ("2025年一季度", "2025-01-01", "2025-04-01"),
        ("2025年第四季度", "2025-10-01", "2026-01-01"),
        ("2025年3季度", "2025-07-01", "2025-10-01"),
        ("2025Q2", "2025-04-01", "2025-07-01"),
        ("2025-q2..2025-q3", "2025-04-01", "2025-10-01"),
    ],
)
def test_periods_are_local_half_open_ranges(text: str, start: str, end: str) -> None:
    parsed = period(text)
    assert (parsed.start.isoformat(), parsed.end.isoformat()) == (start, end)
    assert parsed.timezone == "Asia/Shanghai"


def test_last_month_and_quarter_in_january_are_last_year() -> None:
    january = dt.datetime(2026, 1, 10, 4, tzinfo=dt.UTC)
    parsed = parse_period("上月", now=january, tz=SHANGHAI)
    assert (parsed.start, parsed.end) == (dt.date(2025, 12, 1), dt.date(2026, 1, 1))
    parsed = parse_period("上季度", now=january, tz=SHANGHAI)
    assert (parsed.start, parsed.end) == (dt.date(2025, 10, 1), dt.date(2026, 1, 1))


def test_periods_are_capped_at_ten_years_and_refused_at_once() -> None:
    assert period("2016..2025").days == 3653
    started = time.perf_counter()
    for text in ("1970..9998", "2015..2025", "近4000天"):
        with pytest.raises(PeriodTooLong) as caught:
            period(text)
        assert caught.value.field == "period"
        assert repr(text) in str(caught.value)
    assert time.perf_counter() - started < 0.5


def test_bounds_are_utc_text_of_local_midnight() -> None:
    april = period("2026-04")
    assert (april.start_db, april.end_db) == ("2026-03-31T16:00:00Z", "2026-04-30T16:00:00Z")
    assert april.last_day == dt.date(2026, 4, 30)
    assert april.days == 30
    assert april.months() == ["2026-04"]
    assert period("2023-11..2024-02").months() == ["2023-11", "2023-12", "2024-01", "2024-02"]


def test_week_is_the_iso_week_containing_today() -> None:
    sunday = dt.datetime(2026, 4, 5, 15, 59, tzinfo=dt.UTC)  # 23:59 on Sunday 5 April
    week = parse_period("week", now=sunday, tz=SHANGHAI)
    assert (week.start, week.end) == (dt.date(2026, 3, 30), dt.date(2026, 4, 6))
    assert week.start.isoweekday() == 1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "last fortnight",
        "2023-13",
        "2023-02-30",
        "2023-00",
        "23",
        "0999",
        "2024-05-01..2024-04-01",
        "2024..",
        "..2024",
        "2024-01-01..2024-01-01..2024-02-01",
        "2023/01/01",
        "2025年13月",
        "2025年2月30日",
        "近0天",
        "近几天",
        "2025年五季度",
        "2025q0",
    ],
)
def test_bad_periods_raise_invalid_input(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        period(text)
    assert caught.value.field == "period"
    assert repr(text) in str(caught.value)


def test_offset_segments_split_at_daylight_saving_changes() -> None:
    assert len(period("2024").segments) == 1
    berlin = period("2024", ZoneInfo("Europe/Berlin"))
    assert [(s.start_db, s.end_db, s.offset_seconds) for s in berlin.segments] == [
        ("2023-12-31T23:00:00Z", "2024-03-31T01:00:00Z", 3600),
        ("2024-03-31T01:00:00Z", "2024-10-27T01:00:00Z", 7200),
        ("2024-10-27T01:00:00Z", "2024-12-31T23:00:00Z", 3600),
    ]
    expression = local_day_sql("asked_at", berlin)
    assert expression.startswith("CASE WHEN asked_at < '2024-03-31T01:00:00Z'")
    with pytest.raises(ValueError, match="column"):
        local_day_sql("asked_at; DROP TABLE questions", berlin)


def test_local_day_numbers() -> None:
    assert local_day(0) == dt.date(1970, 1, 1)
    # 2026-03-31T16:30Z plus 8 hours falls on 1 April.
    stamp = int(NOW.timestamp()) + 8 * 3600
    assert local_day(stamp // 86400) == dt.date(2026, 4, 1)
