"""A small streaming .xlsx writer for the ledger workbook: the package of its sheets.

openpyxl builds an object per cell and serialises it through lxml (20-30 µs a cell on the
shared machine); a year's ledger is millions of cells. Here the sheets
(:mod:`bot.reports.xlsx_sheet`) turn each appended row into SpreadsheetML text at once, and
:class:`Book` zips them, compressing the first sheets in a worker thread while the others are
built, with the workbook's own parts (styles, shared strings, defined names).

The parts are modelled on what openpyxl itself writes (cells leave out their optional
references); the tests read every feature back with openpyxl. Excel and WPS were not at hand
to open it here.
"""

from __future__ import annotations

import io
import threading
import zipfile
from xml.sax.saxutils import escape, quoteattr

from bot.reports.xlsx_sheet import (
    MAIN_NS,
    REL_NS,
    Cell,
    SharedStrings,
    Sheet,
    Style,
    Value,
    moment_cell,
    number_cell,
)

__all__ = ["Book", "Cell", "Sheet", "Style", "Value", "moment_cell", "number_cell"]

_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


_STYLES = (
    f'<styleSheet xmlns="{MAIN_NS}">'
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
        self._strings = SharedStrings()
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
                f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{REL_NS}/'
                'officeDocument" Target="xl/workbook.xml"/></Relationships>',
            )
            archive.writestr("xl/workbook.xml", self._workbook())
            archive.writestr("xl/_rels/workbook.xml.rels", self._workbook_rels())
            archive.writestr("xl/styles.xml", _STYLES)
            strings = self._strings.xml
            archive.writestr(
                "xl/sharedStrings.xml",
                f'<sst xmlns="{MAIN_NS}" uniqueCount="{len(strings)}">{"".join(strings)}</sst>',
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
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>{defined}"
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        )

    def _workbook_rels(self) -> str:
        count = len(self._sheets)
        sheets = "".join(
            f'<Relationship Id="rId{n}" Type="{REL_NS}/worksheet"'
            f' Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        return (
            f'<Relationships xmlns="{_PKG_REL}">{sheets}'
            f'<Relationship Id="rId{count + 1}" Type="{REL_NS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{count + 2}" Type="{REL_NS}/sharedStrings"'
            ' Target="sharedStrings.xml"/></Relationships>'
        )
