"""A small streaming .xlsx writer for the ledger workbook.

openpyxl builds an object per cell and serialises it through lxml (20-30 µs a cell on the
shared machine); a year's ledger is millions of cells. This writer turns each appended row
into SpreadsheetML text at once: strings go to one shared-string table (each distinct text
cleaned and escaped once), numbers and times are written as they are, and a cell's style is
one of a few fixed ones (:class:`Style`). Each sheet keeps its column widths, frozen rows,
auto filter and A4 print setup (orientation, fit to width, rows repeated on every page).

The parts are modelled on what openpyxl itself writes (cells leave out their optional
references); the tests read every feature back with openpyxl. Excel and WPS were not at hand
to open it here.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import threading
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

__all__ = ["Book", "Cell", "Sheet", "Style", "Value", "moment_cell", "number_cell"]

Value = str | int | float | dt.datetime | None

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_EPOCH = dt.datetime(1899, 12, 30)
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


class _Strings:
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
            clean = ILLEGAL_CHARACTERS_RE.sub("", text)
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

    def __init__(self, title: str, strings: _Strings) -> None:
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
        parts = [f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">']
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


_STYLES = (
    f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
    '<fonts count="3">'
    '<font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
    '<scheme val="minor"/></font>'
    '<font><b val="1"/><sz val="14"/></font>'
    '<font><b val="1"/></font>'
    "</fonts>"
    '<fills count="3"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="00DDEBF7"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
"""The cell formats, in :class:`Style` order."""


class Book:
    """A workbook of :class:`Sheet` objects, saved as .xlsx bytes."""

    def __init__(self) -> None:
        """Start an empty workbook."""
        self._strings = _Strings()
        self._sheets: list[Sheet] = []
        self._buffer = io.BytesIO()
        self._archive = zipfile.ZipFile(self._buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._compressed = 0
        """How many of the first sheets are being (or were) compressed already."""
        self._ahead: threading.Thread | None = None
        self._ahead_error: BaseException | None = None
        self._saved: bytes | None = None

    def create_sheet(self, title: str) -> Sheet:
        """Add a sheet named ``title`` (at most 31 characters, unique) after the others."""
        if self._saved is not None:
            raise ValueError("the workbook is saved: no more sheets")
        if len(title) > 31 or any(sheet.title == title for sheet in self._sheets):
            raise ValueError(f"not a new sheet title: {title!r}")
        sheet = Sheet(title, self._strings)
        self._sheets.append(sheet)
        return sheet

    def compress_ahead(self) -> None:
        """Compress the sheets created so far in a worker thread; they take no more rows.

        zlib leaves Python's lock while it compresses, so the sheets still to come are
        built meanwhile on the same core's turn and the compression uses the other; the
        sheets' parts come first in the archive, the workbook's own after them
        (:meth:`save`).
        """
        sheets = self._sheets[self._compressed :]
        first = self._compressed + 1
        self._compressed = len(self._sheets)
        for sheet in sheets:
            sheet.seal()
        before = self._ahead

        def compress() -> None:
            if before is not None:
                before.join()
            if self._ahead_error is not None:
                return
            try:
                for number, sheet in enumerate(sheets, start=first):
                    self._write_sheet(number, sheet)
            except BaseException as error:  # raised again by save()
                self._ahead_error = error
                self._abandon()

        self._ahead = threading.Thread(target=compress, name="xlsx-compress", daemon=True)
        self._ahead.start()

    def _abandon(self) -> None:
        """Close the archive after a failed write (not later, in a collector's arbitrary order)."""
        try:
            self._archive.close()
        except (ValueError, OSError, zipfile.BadZipFile):  # the failed part left it unusable
            self._archive.fp = None

    def _write_sheet(self, number: int, sheet: Sheet) -> None:
        with self._archive.open(f"xl/worksheets/sheet{number}.xml", "w") as part:
            for chunk in sheet.chunks():
                part.write(chunk.encode())

    def save(self) -> bytes:
        """Return the workbook as the bytes of an .xlsx file.

        The book is finished then: its sheets take no more rows, and saving again returns
        the same bytes.
        """
        if self._saved is not None:
            return self._saved
        if self._ahead is not None:
            self._ahead.join()
        if self._ahead_error is not None:
            raise self._ahead_error
        try:
            self._save()
        except BaseException:
            self._abandon()
            raise
        self._saved = self._buffer.getvalue()
        return self._saved

    def _save(self) -> None:
        """Write the sheets not compressed yet and the workbook's own parts; close."""
        for number, sheet in enumerate(self._sheets, start=1):
            sheet.seal()
            if number > self._compressed:
                self._write_sheet(number, sheet)
        with self._archive as archive:
            archive.writestr("[Content_Types].xml", self._content_types())
            archive.writestr(
                "_rels/.rels",
                f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/'
                'officeDocument" Target="xl/workbook.xml"/></Relationships>',
            )
            archive.writestr("xl/workbook.xml", self._workbook())
            archive.writestr("xl/_rels/workbook.xml.rels", self._workbook_rels())
            archive.writestr("xl/styles.xml", _STYLES)
            strings = self._strings.xml
            archive.writestr(
                "xl/sharedStrings.xml",
                f'<sst xmlns="{_MAIN}" uniqueCount="{len(strings)}">{"".join(strings)}</sst>',
            )

    def _content_types(self) -> str:
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{kind}.worksheet+xml"/>'
            for n in range(1, len(self._sheets) + 1)
        )
        return (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{kind}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}.sharedStrings+xml"/>'
            f"{sheets}</Types>"
        )

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name={quoteattr(sheet.title)} sheetId="{n}" r:id="rId{n}"/>'
            for n, sheet in enumerate(self._sheets, start=1)
        )
        names = []
        for index, sheet in enumerate(self._sheets):
            quoted = "'" + sheet.title.replace("'", "''") + "'"
            if sheet.filtered is not None:
                last, rows = sheet.filtered
                names.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}"'
                    f' hidden="1">{escape(quoted)}!$A$1:${last}${rows}</definedName>'
                )
            if sheet.print_title_rows is not None:
                first, last = sheet.print_title_rows.split(":")
                names.append(
                    f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                    f"{escape(quoted)}!${first}:${last}</definedName>"
                )
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>{defined}"
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        )

    def _workbook_rels(self) -> str:
        count = len(self._sheets)
        sheets = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        return (
            f'<Relationships xmlns="{_PKG_REL}">{sheets}'
            f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{count + 2}" Type="{_REL}/sharedStrings"'
            ' Target="sharedStrings.xml"/></Relationships>'
        )
