"""Sheets compressed while the next ones are written (``Book.compress_ahead``)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from bot.reports.xlsx import Book, moment_cell, number_cell


def _fill(book: Book, title: str, rows: int, *, ahead: bool) -> None:
    sheet = book.create_sheet(title)
    sheet.append(["编号", "时间", "社区"])
    for number in range(rows):
        moment = dt.datetime(2025, 1, 1) + dt.timedelta(minutes=number)
        sheet.append_cells(
            f"{number_cell(number)}{moment_cell(moment)}{sheet.text(f'社区{number % 7}')}"
        )
    if ahead:
        book.compress_ahead()


def _values(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    loaded = load_workbook(io.BytesIO(data), read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in loaded.worksheets}


def test_a_book_compressed_ahead_reads_back_as_one_saved_at_once() -> None:
    plain, ahead = Book(), Book()
    for book, early in ((plain, False), (ahead, True)):
        _fill(book, "明细", 3000, ahead=early)
        _fill(book, "台账", 500, ahead=early)
        _fill(book, "日志", 200, ahead=False)  # the last one is compressed by save()
    assert _values(ahead.save()) == _values(plain.save())
    with zipfile.ZipFile(io.BytesIO(ahead.save())) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
    assert sorted(names) == sorted(zipfile.ZipFile(io.BytesIO(plain.save())).namelist())
    assert len(set(names)) == len(names)


def test_a_sheet_compressed_ahead_takes_no_more_rows() -> None:
    book = Book()
    _fill(book, "明细", 10, ahead=True)
    sheet = book.create_sheet("台账")
    with pytest.raises(ValueError, match="明细"):
        book._sheets[0].append([1])
    with pytest.raises(ValueError, match="明细"):
        book._sheets[0].append_cells(number_cell(1))
    sheet.append([1])  # a sheet created after it still does
    assert _values(book.save())["台账"] == [(1,)]


def test_saving_again_gives_the_same_bytes_and_the_book_is_finished() -> None:
    book = Book()
    _fill(book, "明细", 10, ahead=False)
    data = book.save()
    assert book.save() == data
    with pytest.raises(ValueError, match="明细"):
        book._sheets[0].append([1])
    with pytest.raises(ValueError, match="saved"):
        book.create_sheet("又一张")


def test_an_error_while_compressing_ahead_is_raised_by_save() -> None:
    book = Book()
    sheet = book.create_sheet("坏表")
    sheet.append_cells(number_cell(1))
    sheet._rows.append(b"not text")  # type: ignore[arg-type]
    book.compress_ahead()
    with pytest.raises(TypeError):
        book.save()
