"""Small counts as residents write them: digits or Chinese numerals up to 99."""

from __future__ import annotations

import pytest

from bot.services.numerals import parse_count
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
