"""Small counts as residents write them: digits or Chinese numerals up to 99."""

from __future__ import annotations

import pytest

from bot.services.numerals import parse_amount, parse_count
from bot.services.urgency import urgency_kinds


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12), ("十", 10), ("十二", 12), ("二十", 20), ("两", 2), ("九十九", 99), ("一十", 10)],
)
def test_counts_in_digits_or_chinese(text: str, value: int) -> None:
    assert parse_count(text) == value


@pytest.mark.parametrize("text", ["", "十十", "二十十", "一二", "百", "十二三"])
def test_what_is_no_count_reads_as_none(text: str) -> None:
    assert parse_count(text) is None


def test_a_garbled_day_count_does_not_break_the_urgency_check() -> None:
    # 「第十十天」 raised KeyError inside the deadline rules: triage and the intake failed.
    # A day that cannot be read is taken as still inside the term, as the rules intend.
    assert urgency_kinds("上诉期十五天内，今天已经是第十十天了") == ["deadline"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2800", (2800, 2800)),
        ("2,800元", (2800, 2800)),
        ("两千五", (2500, 2500)),
        ("三千五百", (3500, 3500)),
        ("一千零五", (1005, 1005)),
        ("一万二", (12000, 12000)),
        ("1.2万", (12000, 12000)),
        ("十万", (100000, 100000)),
        ("十五万", (150000, 150000)),
        ("大概3千块", (3000, 3000)),
        ("每月两千", (2000, 2000)),
        ("没有收入", (0, 0)),
        ("三千多", (3000, 3999)),
        ("2000多", (2000, 2999)),
        ("两千五百多", (2500, 2599)),
        ("一万多", (10000, 19999)),
    ],
)
def test_sums_exact_or_rough(text: str, value: tuple[int, int]) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["", "不清楚", "看情况", "-5", "2.5", "一二", "三千三千"])
def test_what_is_no_sum_reads_as_none(text: str) -> None:
    assert parse_amount(text) is None
