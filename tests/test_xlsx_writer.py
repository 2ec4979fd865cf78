"""The streaming .xlsx writer (bot/reports/xlsx.py), read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.reports.xlsx import Book, Cell, Style


def read(book: Book) -> Any:
    """Save ``book`` and load it back with openpyxl."""
    return load_workbook(io.BytesIO(book.save()))


def test_values_come_back_as_written() -> None:
    book = Book()
    sheet = book.create_sheet("明细")
    moment = dt.datetime(2026, 4, 5, 10, 30, 15)
    sheet.append(["编号", "时间", "金额", "备注"])
    sheet.append([1, moment, 12.5, "=1+1"])
    sheet.append([])
    sheet.append([None, None, 0, "a\x01b <&> '引号'"])
    sheet.append(["  前后空格  ", dt.datetime(2026, 4, 5, 10, 30, tzinfo=dt.UTC)])
    loaded = read(book)["明细"]
    rows = [list(row) for row in loaded.iter_rows(values_only=True)]
    assert rows[0] == ["编号", "时间", "金额", "备注"]
    assert rows[1] == [1, moment, 12.5, "=1+1"]
    assert rows[2] == [None] * 4
    assert rows[3] == [None, None, 0, "ab <&> '引号'"]  # control characters dropped
    assert rows[4][:2] == ["  前后空格  ", dt.datetime(2026, 4, 5, 10, 30)]
    formula = loaded["D2"]
    assert (formula.value, formula.data_type) == ("=1+1", "s")  # text, never a formula
    assert loaded["B2"].number_format == "yyyy-mm-dd h:mm:ss"


def test_each_distinct_text_is_stored_once() -> None:
    book = Book()
    sheet = book.create_sheet("表")
    for _ in range(100):
        sheet.append(["迎凤社区", "劳动社保"])
    with zipfile.ZipFile(io.BytesIO(book.save())) as archive:
        strings = archive.read("xl/sharedStrings.xml").decode()
    assert strings.count("<si>") == 2
    assert read(book)["表"]["A100"].value == "迎凤社区"


def test_styles_widths_and_frozen_rows() -> None:
    book = Book()
    sheet = book.create_sheet("汇总")
    sheet.set_widths([36, 12.5])
    sheet.freeze_rows(2)
    sheet.append([Cell("标题", Style.TITLE)])
    sheet.append([Cell("项目", Style.HEADER), Cell("数量", Style.HEADER)])
    sheet.append([Cell("合计", Style.BOLD), Cell(3, Style.BOLD)])
    sheet.append([Cell("很长的一段文字", Style.WRAP), Cell(None, Style.BOLD)])
    loaded = read(book)["汇总"]
    assert loaded["A1"].font.b
    assert loaded["A1"].font.sz == 14
    assert loaded["A2"].font.b
    assert loaded["A2"].fill.fgColor.rgb == "00DDEBF7"
    assert loaded["B3"].font.b
    assert loaded["B3"].value == 3
    assert loaded["A4"].alignment.wrap_text
    assert loaded["A4"].alignment.vertical == "top"
    assert loaded["A3"].fill.fgColor.rgb != "00DDEBF7"
    assert loaded.column_dimensions["A"].width == 36
    assert loaded.column_dimensions["B"].width == 12.5
    assert loaded.freeze_panes == "A3"


def test_a4_print_setup_filter_and_sheet_order() -> None:
    book = Book()
    first = book.create_sheet("台账")
    first.print_on_a4("landscape", "1:2")
    first.auto_filter(3, 10)
    second = book.create_sheet("O'Brien 表")
    second.print_on_a4("portrait")
    plain = book.create_sheet("plain")
    for sheet in (first, second, plain):
        sheet.append(["x"])
    loaded = read(book)
    assert loaded.sheetnames == ["台账", "O'Brien 表", "plain"]
    ledger = loaded["台账"]
    assert ledger.page_setup.orientation == "landscape"
    assert ledger.page_setup.paperSize == 9  # A4
    assert ledger.page_setup.fitToWidth == 1
    assert ledger.page_setup.fitToHeight == 0
    assert ledger.sheet_properties.pageSetUpPr.fitToPage is True
    assert ledger.print_options.horizontalCentered is True
    assert ledger.print_title_rows == "$1:$2"
    assert ledger.auto_filter.ref == "A1:C10"
    portrait = loaded["O'Brien 表"]
    assert portrait.page_setup.orientation == "portrait"
    assert portrait.print_title_rows is None
    assert loaded["plain"].sheet_properties.pageSetUpPr is None or not (
        loaded["plain"].sheet_properties.pageSetUpPr.fitToPage
    )


def test_bad_titles_and_values_are_refused() -> None:
    book = Book()
    book.create_sheet("表")
    with pytest.raises(ValueError, match="表"):
        book.create_sheet("表")
    with pytest.raises(ValueError, match="x"):
        book.create_sheet("x" * 32)
    sheet = book.create_sheet("值")
    with pytest.raises(TypeError, match="not a cell value"):
        sheet.append([object()])  # type: ignore[list-item]
