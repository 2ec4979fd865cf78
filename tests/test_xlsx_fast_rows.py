"""The large sheets' rows written straight to XML read back as the general path writes them."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

from openpyxl import load_workbook

from bot.reports import build_xlsx
from bot.reports.export import row_values
from bot.reports.xlsx import Book, Cell, Style, moment_cell, number_cell
from bot.services import StatsService
from bot.storage import Database
from bot.texts.reports import SHEETS
from tests.stats_seed import NOW, TZ, communities, seed

_EPOCH = dt.datetime(1899, 12, 30)


def _old_serial(value: dt.datetime) -> str:
    """The serial day number as the writer wrote it before: a naive copy and a timedelta."""
    naive = value.replace(tzinfo=None)
    return repr((naive - _EPOCH).total_seconds() / 86_400)


def test_a_time_cell_holds_the_same_float_as_the_timedelta_sum() -> None:
    rng = random.Random(14)
    moments = [
        dt.datetime(1899, 12, 30),
        dt.datetime(2025, 12, 31, 23, 59, 59, 999_999),
        dt.datetime(2026, 4, 5, 10, 30, tzinfo=TZ),
    ]
    moments += [
        _EPOCH + dt.timedelta(seconds=rng.randrange(5 * 10**9), microseconds=rng.randrange(10**6))
        for _ in range(5000)
    ]
    for moment in moments:
        assert moment_cell(moment) == f'<c s="{Style.DATETIME:d}"><v>{_old_serial(moment)}</v></c>'
    assert moment_cell(None) == number_cell(None) == "<c/>"


def test_a_time_in_whole_seconds_holds_the_same_float_too() -> None:
    rng = random.Random(15)
    moments = [_EPOCH + dt.timedelta(seconds=rng.randrange(5 * 10**9)) for _ in range(5000)]
    moments += [dt.datetime(2025, 1, 1), dt.datetime(2025, 12, 31, 23, 59, 59)]
    for moment in moments:
        assert moment_cell(moment) == f'<c s="{Style.DATETIME:d}"><v>{_old_serial(moment)}</v></c>'


def test_appended_cells_read_back_like_appended_values() -> None:
    book = Book()
    fast, general = book.create_sheet("快"), book.create_sheet("慢")
    moment = dt.datetime(2026, 4, 5, 10, 30, 15, tzinfo=TZ)
    values: list[Any] = [7, moment, None, "迎凤社区", "a\x01b <&>", None, 0]
    general.append(values)
    general.append([Cell("合计", Style.BOLD)])
    text, odd = fast.text, "a\x01b <&>"
    fast.append_cells(
        f"{number_cell(7)}{moment_cell(moment)}{moment_cell(None)}{text('迎凤社区')}"
        f"{text(odd)}{text(None)}{number_cell(0)}"
    )
    fast.append([Cell("合计", Style.BOLD)])
    assert fast.rows == general.rows == 2
    loaded = load_workbook(io.BytesIO(book.save()))
    read = {
        title: [list(row) for row in loaded[title].iter_rows(values_only=True)]
        for title in ("快", "慢")
    }
    assert read["快"] == read["慢"]
    assert read["快"][0] == [7, moment.replace(tzinfo=None), None, "迎凤社区", "ab <&>", None, 0]
    assert loaded["快"]["B1"].number_format == "yyyy-mm-dd h:mm:ss"
    assert loaded["快"]["A2"].font.b


async def test_the_details_sheet_is_row_values_of_each_row(database: Database) -> None:
    await seed(database)
    stats = StatsService(database, communities(), TZ, clock=lambda: NOW)
    period = stats.period("2026")
    rows = await stats.consultation_rows(period)
    assert any(row.adviser is None and row.adviser_id is not None for row in rows)
    assert any(row.resolved is None for row in rows)
    assert any(row.resolved for row in rows)
    built = build_xlsx(await stats.summary(period), rows)
    sheet = load_workbook(io.BytesIO(built.data))[SHEETS["details"]]
    read = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert read == [row_values(row) for row in rows]
