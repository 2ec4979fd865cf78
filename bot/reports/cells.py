"""Cell helpers shared by the ledger workbook's sheets: headers, titles, text cells, A4 print.

Sheets are :class:`bot.reports.xlsx.Sheet` objects. A text is always stored as text, never as
a formula, whatever it starts with; control characters a workbook cannot hold are dropped
when the text is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from bot.reports.xlsx import Cell, Sheet, Style, Value
from bot.reports.xlsx_sheet import ILLEGAL_CHARACTERS

__all__ = [
    "Cell",
    "Value",
    "bold",
    "bold_row",
    "clean",
    "header",
    "naive",
    "print_on_a4",
    "text_cell",
    "title",
    "widths",
]


def widths(sheet: Sheet, widths: Sequence[int]) -> None:
    """Set the widths of the first columns, in characters."""
    sheet.set_widths(widths)


def header(titles: Sequence[str]) -> list[Cell]:
    """Return a header row: bold on the header fill."""
    return [Cell(text, Style.HEADER) for text in titles]


def bold_row(values: Sequence[Value]) -> list[Cell]:
    """Return a row of bold cells (totals)."""
    return [Cell(value, Style.BOLD) for value in values]


def bold(text: str) -> Cell:
    """Return a bold cell: a section's heading."""
    return Cell(text, Style.BOLD)


def title(text: str) -> Cell:
    """Return a sheet's title cell (bold, larger)."""
    return Cell(text, Style.TITLE)


def text_cell(text: str, *, wrap: bool = True) -> Cell | str:
    """Return ``text`` in a cell of its own, wrapped by default."""
    return Cell(text, Style.WRAP) if wrap else text


def clean(text: str) -> str:
    """Drop the control characters a workbook cannot hold."""
    return ILLEGAL_CHARACTERS.sub("", text)


def naive(moment: dt.datetime | None) -> dt.datetime | None:
    """Return ``moment`` without its zone (spreadsheets have none)."""
    return None if moment is None else moment.replace(tzinfo=None)


def print_on_a4(
    sheet: Sheet,
    *,
    orientation: Literal["portrait", "landscape"],
    title_rows: str | None = None,
) -> None:
    """Print ``sheet`` on A4 in ``orientation``, fitted to the page's width.

    Args:
        sheet: The sheet.
        orientation: ``portrait`` or ``landscape``.
        title_rows: Rows repeated on every printed page (``"1:3"``), if any.
    """
    sheet.print_on_a4(orientation, title_rows)
