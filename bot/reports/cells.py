"""Cell helpers shared by the ledger workbook's sheets: widths, headers, text cells, A4 print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "BOLD",
    "HEADER_FILL",
    "TITLE",
    "WRAP",
    "Value",
    "bold_row",
    "clean",
    "header",
    "naive",
    "print_on_a4",
    "styled",
    "text_cell",
    "untyped",
    "widths",
    "xlsx_cell",
]

Value = str | int | float | dt.datetime | None

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def widths(sheet: WriteOnlyWorksheet, widths: Sequence[int]) -> None:
    """Set the widths of the first columns, in characters."""
    for index, width in enumerate(widths, start=1):
        untyped(sheet).column_dimensions[get_column_letter(index)].width = width


def untyped(sheet: WriteOnlyWorksheet) -> Any:
    """Return ``sheet`` for the attributes its type stubs omit (set up like a worksheet's)."""
    return sheet


def header(sheet: WriteOnlyWorksheet, titles: Sequence[str]) -> list[Cell]:
    """Return a header row: bold on the header fill."""
    return [styled(sheet, title, font=BOLD, fill=HEADER_FILL) for title in titles]


def bold_row(sheet: WriteOnlyWorksheet, values: Sequence[Value]) -> list[Cell]:
    """Return a row of bold cells (totals)."""
    return [styled(sheet, value, font=BOLD) for value in values]


def styled(
    sheet: WriteOnlyWorksheet,
    value: Value,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
) -> Cell:
    """Return a cell of ``value`` (text cleaned) with ``font`` and ``fill``."""
    cell = WriteOnlyCell(sheet, value=clean(value) if isinstance(value, str) else value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def xlsx_cell(sheet: WriteOnlyWorksheet, value: Value) -> Value | Cell:
    """Return ``value``, or a text cell for text openpyxl would otherwise store as a formula."""
    if not isinstance(value, str):
        return value
    text = clean(value)
    if text.startswith("="):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def clean(text: str) -> str:
    """Drop the control characters a workbook cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def naive(moment: dt.datetime | None) -> dt.datetime | None:
    """Return ``moment`` without its zone (spreadsheets have none)."""
    return None if moment is None else moment.replace(tzinfo=None)


def text_cell(sheet: WriteOnlyWorksheet, text: str, *, wrap: bool = True) -> Cell:
    """Return a cell holding ``text`` as text (never a formula), wrapped by default."""
    cell = WriteOnlyCell(sheet, value=clean(text))
    cell.data_type = "s"
    if wrap:
        cell.alignment = WRAP
    return cell


def print_on_a4(
    sheet: WriteOnlyWorksheet,
    *,
    orientation: Literal["portrait", "landscape"],
    title_rows: str | None = None,
) -> None:
    """Print ``sheet`` on A4 in ``orientation``, fitted to the page's width.

    Args:
        sheet: The sheet, before its first row is written.
        orientation: ``portrait`` or ``landscape``.
        title_rows: Rows repeated on every printed page (``"1:3"``), if any.
    """
    page = untyped(sheet)
    page.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    page.page_setup.orientation = orientation
    page.page_setup.fitToWidth = 1
    page.page_setup.fitToHeight = 0
    page.sheet_properties.pageSetUpPr.fitToPage = True
    page.print_options.horizontalCentered = True
    if title_rows is not None:
        page.print_title_rows = title_rows
