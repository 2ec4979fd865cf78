"""The worksheets of the ledger workbook, turned into SpreadsheetML as rows are appended.

Each appended row becomes text at once: strings go to one shared-string table (each distinct
text cleaned and escaped once), numbers and times are written as they are, and a cell's style
is one of a few fixed ones (:class:`Style`). Each sheet keeps its column widths, frozen rows,
auto filter and A4 print setup (orientation, fit to width, rows repeated on every page).
:mod:`bot.reports.xlsx` packs the sheets into the .xlsx file.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape

__all__ = [
    "ILLEGAL_CHARACTERS",
    "MAIN_NS",
    "REL_NS",
    "Cell",
    "SharedStrings",
    "Sheet",
    "Style",
    "Value",
    "moment_cell",
    "number_cell",
]

Value = str | int | float | dt.datetime | None

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
"""The SpreadsheetML namespace."""
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
"""The namespace of the relationships between an .xlsx file's parts."""
_EPOCH = dt.datetime(1899, 12, 30)
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
"""The control characters a workbook cannot hold: openpyxl's ``ILLEGAL_CHARACTERS_RE``, written
out so that the bot does not import openpyxl at start-up."""
_DAY_SECONDS = 86_400


class Style(enum.IntEnum):
    """The cell styles of the workbook, by their index in ``styles.xml``."""

    PLAIN = 0
    TITLE = 1
    """Bold, 14 points: a sheet's title."""
    HEADER = 2
    """Bold on a light blue fill: a table's header row."""
    BOLD = 3
    """Headings of sections and total rows."""
    WRAP = 4
    """Wrapped text aligned to the top: long text such as questions."""
    DATETIME = 5
    """``yyyy-mm-dd h:mm:ss``: given to every :class:`datetime.datetime` value."""


@dataclass(frozen=True, slots=True)
class Cell:
    """A value with a style other than the plain one."""

    value: Value
    style: Style


class SharedStrings:
    """The shared-string table: each distinct text once, cleaned and escaped once."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.xml: list[str] = []
        self.cells: dict[str, str] = {}
        """A plain cell of each text, written once: ``<c t="s"><v>N</v></c>``."""

    def add(self, text: str) -> int:
        """Return the number of ``text`` in the table, adding it if it is new."""
        number = self.index.get(text)
        if number is None:
            number = self.index[text] = len(self.xml)
            clean = ILLEGAL_CHARACTERS.sub("", text)
            self.xml.append(f'<si><t xml:space="preserve">{escape(clean)}</t></si>')
        return number

    def cell(self, text: str) -> str:
        """Return the plain cell of ``text``, adding the text to the table if it is new."""
        cell = self.cells.get(text)
        if cell is None:
            cell = self.cells[text] = f'<c t="s"><v>{self.add(text)}</v></c>'
        return cell


class Sheet:
    """One worksheet; rows are turned into XML as they are appended."""

    def __init__(self, title: str, strings: SharedStrings) -> None:
        """Name the sheet ``title``; its texts go to ``strings``."""
        self.title = title
        self._strings = strings
        self._shared = strings.cells
        self._rows: list[str] = []
        self._widths: list[float] = []
        self._frozen_rows = 0
        self._filter: tuple[str, int] | None = None
        self._page: tuple[str, str | None] | None = None
        self._sealed = False

    @property
    def rows(self) -> int:
        """The number of rows appended so far."""
        return len(self._rows)

    @property
    def filtered(self) -> tuple[str, int] | None:
        """The last column's letter and the last row of the auto filter, if any."""
        return self._filter

    @property
    def print_title_rows(self) -> str | None:
        """The rows printed on every page (``"1:2"``), if any."""
        return self._page[1] if self._page is not None else None

    def set_widths(self, widths: Sequence[float]) -> None:
        """Set the widths of the first columns, in characters."""
        self._widths = list(widths)

    def freeze_rows(self, count: int) -> None:
        """Keep the first ``count`` rows in view when scrolling."""
        self._frozen_rows = count

    def auto_filter(self, columns: int, rows: int) -> None:
        """Put filter buttons on the first row over ``columns`` columns and ``rows`` rows."""
        from openpyxl.utils import get_column_letter  # only when a workbook is written

        self._filter = (get_column_letter(columns), rows)

    def print_on_a4(
        self, orientation: Literal["portrait", "landscape"], title_rows: str | None = None
    ) -> None:
        """Print on A4 in ``orientation``, fitted to the page's width, ``title_rows`` repeated."""
        self._page = (orientation, title_rows)

    def append(self, values: Iterable[Value | Cell]) -> None:
        """Write the next row: ``None`` leaves a cell empty.

        Cells carry no reference of their own: each follows the one before (``None`` is an
        empty cell), which the format allows and saves a third of the time.
        """
        if self._sealed:
            raise ValueError(f"sheet {self.title!r} is being compressed: nothing more to add")
        cells: list[str] = []
        add = cells.append
        shared = self._strings.cells
        for value in values:
            kind = type(value)
            if kind is str:
                cell = shared.get(value)  # type: ignore[arg-type]
                add(cell if cell is not None else self._strings.cell(value))  # type: ignore[arg-type]
            elif kind is int:
                add(f"<c><v>{value}</v></c>")
            elif value is None:
                add("<c/>")
            elif kind is dt.datetime:
                add(_moment(value))  # type: ignore[arg-type]
            elif kind is Cell:
                add(self._cell(value.value, value.style))  # type: ignore[union-attr]
            else:
                add(self._cell(value, Style.PLAIN))  # type: ignore[arg-type]
        self._rows.append(f'<row r="{len(self._rows) + 1}">{"".join(cells)}</row>')

    def append_cells(self, cells: str) -> None:
        """Write the next row from its cells already written as XML, in column order.

        The fast path of the large sheets: a row is one f-string of cells from
        :meth:`text`, :func:`number_cell` and :func:`moment_cell` (or a text's cell kept
        from an earlier row), with no list of values to walk.
        """
        if self._sealed:
            raise ValueError(f"sheet {self.title!r} is being compressed: nothing more to add")
        self._rows.append(f'<row r="{len(self._rows) + 1}">{cells}</row>')

    def extend_rows(self, rows: Iterable[str]) -> None:
        """Write the next rows already written as whole ``<row>`` elements.

        The fastest path, for a sheet's longest runs of rows: each row is numbered by its
        writer, from :attr:`rows` + 1 on, and holds cells as for :meth:`append_cells`.
        """
        if self._sealed:
            raise ValueError(f"sheet {self.title!r} is being compressed: nothing more to add")
        self._rows.extend(rows)

    def seal(self) -> None:
        """Take no more rows: the sheet is written (:meth:`Book.compress_ahead`)."""
        self._sealed = True

    def text(self, value: str | None) -> str:
        """Return the plain cell of the text ``value`` for :meth:`append_cells`.

        ``None`` is an empty cell. Each distinct text is stored once, cleaned and escaped
        once, as :meth:`append` stores it.
        """
        if value is None:
            return _EMPTY
        cell = self._shared.get(value)
        return cell if cell is not None else self._strings.cell(value)

    def _cell(self, value: Value, style: Style) -> str:
        """Return a cell of any value in ``style`` (times take :attr:`Style.DATETIME`)."""
        attribute = f' s="{style:d}"' if style else ""
        if value is None:
            return f"<c{attribute}/>"
        if isinstance(value, str):
            return f'<c{attribute} t="s"><v>{self._strings.add(value)}</v></c>'
        if isinstance(value, dt.datetime):
            return _moment(value)
        if isinstance(value, bool):
            return f'<c{attribute} t="b"><v>{value:d}</v></c>'
        if isinstance(value, int):
            return f"<c{attribute}><v>{int(value)}</v></c>"
        if isinstance(value, float):
            return f"<c{attribute}><v>{float(value)!r}</v></c>"
        raise TypeError(f"not a cell value: {value!r}")

    def xml(self) -> str:
        """Return the sheet's ``sheetN.xml``."""
        return "".join(self.chunks())

    def chunks(self, rows: int = 2000) -> Iterator[str]:
        """Yield the sheet's ``sheetN.xml`` in pieces of at most ``rows`` rows (less memory)."""
        parts = [f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">']
        fit = '<pageSetUpPr fitToPage="1"/>' if self._page is not None else ""
        parts.append(f"<sheetPr>{fit}</sheetPr>")
        if self._frozen_rows:
            top = f"A{self._frozen_rows + 1}"
            parts.append(
                '<sheetViews><sheetView workbookViewId="0">'
                f'<pane ySplit="{self._frozen_rows}" topLeftCell="{top}" activePane="bottomLeft"'
                ' state="frozen"/><selection pane="bottomLeft" activeCell="A1" sqref="A1"/>'
                "</sheetView></sheetViews>"
            )
        else:
            parts.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
        parts.append('<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>')
        if self._widths:
            parts.append("<cols>")
            parts.extend(
                f'<col min="{n}" max="{n}" width="{width:g}" customWidth="1"/>'
                for n, width in enumerate(self._widths, start=1)
            )
            parts.append("</cols>")
        parts.append("<sheetData>")
        yield "".join(parts)
        for start in range(0, len(self._rows), rows):
            yield "".join(self._rows[start : start + rows])
        parts = ["</sheetData>"]
        if self._filter is not None:
            last, rows = self._filter
            parts.append(f'<autoFilter ref="A1:{last}{rows}"/>')
        if self._page is not None:
            parts.append('<printOptions horizontalCentered="1"/>')
        parts.append(
            '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        )
        if self._page is not None:
            parts.append(
                f'<pageSetup orientation="{self._page[0]}" paperSize="9" fitToHeight="0"'
                ' fitToWidth="1"/>'
            )
        parts.append("</worksheet>")
        yield "".join(parts)


_EMPTY = "<c/>"
_MOMENT_START = f'<c s="{Style.DATETIME:d}"><v>'
_EPOCH_ORDINAL = _EPOCH.toordinal()


def _moment(value: dt.datetime) -> str:
    """Return the cell of a time: its serial day number, in :attr:`Style.DATETIME`.

    The time as shown on the clock, its zone left out. The sum is the one
    ``(naive - _EPOCH).total_seconds() / _DAY_SECONDS`` makes (the same float, tested),
    without a naive copy and a timedelta per cell.
    """
    seconds = (value.toordinal() - _EPOCH_ORDINAL) * _DAY_SECONDS
    seconds += value.hour * 3600 + value.minute * 60 + value.second
    micro = value.microsecond
    # Whole seconds (every stored time): (seconds * 10**6) / 10**6 is ``seconds`` exactly.
    serial = (
        (seconds * 1_000_000 + micro) / 1_000_000 / _DAY_SECONDS
        if micro
        else seconds / _DAY_SECONDS
    )
    return f"{_MOMENT_START}{serial!r}</v></c>"


def moment_cell(value: dt.datetime | None) -> str:
    """Return the cell of a time for :meth:`Sheet.append_cells`; ``None`` is an empty cell."""
    return _EMPTY if value is None else _moment(value)


def number_cell(value: int | None) -> str:
    """Return the cell of a whole number for :meth:`Sheet.append_cells`; ``None``: empty."""
    return _EMPTY if value is None else f"<c><v>{value:d}</v></c>"
