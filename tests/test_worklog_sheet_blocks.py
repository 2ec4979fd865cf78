"""The work log's sheet: its blocks break at each adviser and month, its rows are contiguous."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace
from typing import Any, cast

import pytest
from openpyxl import load_workbook

from bot.reports.ledger import worklog_sheet
from bot.reports.xlsx import Book
from bot.services import StatsService
from bot.services.stats_models import StatsReport
from bot.services.worklog import WorklogEntry
from bot.storage import Database
from tests.stats_seed import NOW, TZ, communities


def _entry(adviser_id: int, day: dt.date, number: int, method: str = "线上") -> WorklogEntry:
    return WorklogEntry(
        adviser_id, "张律师" if adviser_id == 1 else None, day, number, "迎凤社区",
        "劳动社保（工资）", f"事项{number}", method, "已解答",
    )  # fmt: skip


async def test_blocks_break_at_each_adviser_and_month(database: Database) -> None:
    stats = StatsService(database, communities(), TZ, clock=lambda: NOW)
    report = cast(StatsReport, SimpleNamespace(period=stats.period("2025")))
    entries = [
        _entry(1, dt.date(2025, 1, 30), 1),
        _entry(1, dt.date(2025, 1, 31), 2),
        _entry(1, dt.date(2025, 1, 31), 3, "电话"),
        _entry(1, dt.date(2025, 2, 1), 1),  # the same matter in the next month: a new block
        _entry(2, dt.date(2025, 2, 1), 4),  # another adviser the same day: a new block
        _entry(2, dt.date(2025, 2, 3), 5),
        _entry(1, dt.date(2026, 2, 1), 6),  # the same month of another year
    ]
    book = Book()
    worklog_sheet(book.create_sheet("日志"), report, entries)
    sheet = load_workbook(io.BytesIO(book.save()))["日志"]
    rows: list[list[Any]] = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.max_row == len(rows)  # every row numbered in turn, none missing
    titles = [row[0] for row in rows if isinstance(row[0], str) and row[0].startswith("法律顾问")]
    assert titles == [
        "法律顾问：张律师　　2025年1月　　共 3 条",
        "法律顾问：张律师　　2025年2月　　共 1 条",
        "法律顾问：工作人员（ID 2）　　2025年2月　　共 2 条",
        "法律顾问：张律师　　2026年2月　　共 1 条",
    ]
    lines = [row for row in rows if isinstance(row[0], int)]
    assert [(row[0], row[1], row[3], row[4]) for row in lines] == [
        (1, "2025年1月30日", "劳动社保：事项1", "线上"),
        (2, "2025年1月31日", "劳动社保：事项2", "线上"),
        (3, "2025年1月31日", "劳动社保：事项3", "电话"),
        (1, "2025年2月1日", "劳动社保：事项1", "线上"),
        (1, "2025年2月1日", "劳动社保：事项4", "线上"),
        (2, "2025年2月3日", "劳动社保：事项5", "线上"),
        (1, "2026年2月1日", "劳动社保：事项6", "线上"),
    ]


def test_rows_extended_at_once_are_kept_in_turn_until_the_sheet_is_sealed() -> None:
    book = Book()
    sheet = book.create_sheet("表")
    sheet.append(["甲"])
    first = sheet.rows
    sheet.extend_rows(f'<row r="{first + n}"><c><v>{n}</v></c></row>' for n in (1, 2))
    assert sheet.rows == 3
    sheet.seal()
    with pytest.raises(ValueError, match="being compressed"):
        sheet.extend_rows([])
