"""Files for staff: the ledger workbook (.xlsx) and the consultation list (.csv).

Both are built in memory and returned as bytes with a suggested file name, ready to be written
to disk by the command line or sent as a document by the bot.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.reports.cells import Value
from bot.reports.cells import bold as _bold
from bot.reports.cells import bold_row as _bold_row
from bot.reports.cells import header as _header
from bot.reports.cells import naive as _naive
from bot.reports.cells import text_cell as _text_cell
from bot.reports.cells import title as _title
from bot.reports.cells import widths as _widths
from bot.reports.collection import collection_paused
from bot.reports.ledger import consultation_ledger_sheet, worklog_sheet, yearly_sheet
from bot.reports.xlsx import Book, Sheet, moment_cell, number_cell
from bot.services.periods import Period
from bot.services.stats import StatsService
from bot.services.stats_models import ConsultationRow, StatsReport
from bot.services.worklog import WorklogEntry, WorklogService
from bot.texts.reports import (
    EXPORT_COLUMNS,
    LEDGER,
    LEGAL_AID_SHEET_HEADER,
    LEGAL_AID_SHEET_ROWS,
    LEGAL_AID_SHEET_TITLE,
    LEGAL_AID_SHEET_UNITS,
    MEDIATION_BY_DISPUTE,
    MEDIATION_BY_DISPUTE_HEADER,
    MEDIATION_BY_SOURCE,
    MEDIATION_BY_SOURCE_HEADER,
    MEDIATION_SHEET_HEADER,
    MEDIATION_SHEET_ROWS,
    MEDIATION_SHEET_TITLE,
    NO,
    PUBLICITY_ROWS,
    PUBLICITY_SECTION,
    SHEETS,
    UNREGISTERED_ADVISER,
    YES,
    date_label,
    moment_label,
    month_label,
    period_label,
    zone_label,
)

__all__ = [
    "CSV_MEDIA_TYPE",
    "XLSX_MEDIA_TYPE",
    "ExportFile",
    "build_csv",
    "build_xlsx",
    "export_filename",
    "export_ledger",
    "row_values",
]

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A built file: its bytes, a suggested file name and its media type."""

    data: bytes
    filename: str
    media_type: str


def export_filename(kind: str, period: Period, extension: str) -> str:
    """Return an ASCII file name such as ``jiaxiang-ledger-2023.xlsx``.

    It names the dates, however the period was typed (``本月``, ``2025年3月``, ``week``):
    whole years as ``2023``, whole months as ``2023-03``, other days as ``2023-03-05``;
    a period of several as ``FIRST_to_LAST``.
    """
    start, last = period.start, period.last_day
    if start == dt.date(start.year, 1, 1) and period.end == dt.date(last.year + 1, 1, 1):
        first, final = f"{start.year:04d}", f"{last.year:04d}"
    elif start.day == 1 and period.end.day == 1:
        first, final = f"{start:%Y-%m}", f"{last:%Y-%m}"
    else:
        first, final = start.isoformat(), last.isoformat()
    slug = first if first == final else f"{first}_to_{final}"
    return f"jiaxiang-{kind}-{slug}.{extension}"


def row_values(row: ConsultationRow) -> list[Value]:
    """Return the export cells of one consultation, in :data:`EXPORT_COLUMNS` order.

    Times are local and naive (spreadsheets have no time zones); yes/no are 是/否.
    """
    if row.adviser is not None:
        adviser: str | None = row.adviser
    elif row.adviser_id is not None:
        adviser = UNREGISTERED_ADVISER.format(id=row.adviser_id)
    else:
        adviser = None
    return [
        row.number,
        _naive(row.created_at),
        _naive(row.claimed_at),
        _naive(row.closed_at),
        row.community,
        row.category,
        adviser,
        row.outcome,
        row.rating,
        None if row.resolved is None else (YES if row.resolved else NO),
        row.minutes_to_claim,
        row.minutes_to_close,
        YES if row.urgent else NO,
        row.contact_name,
        row.contact_phone,
    ]


def build_csv(rows: Iterable[ConsultationRow], period: Period) -> ExportFile:
    """Return the consultations as CSV that Excel opens with Chinese intact.

    UTF-8 with a byte-order mark, CRLF line ends, a header row of Chinese column names;
    text that a spreadsheet would run as a formula is prefixed with ``'``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for _, header in EXPORT_COLUMNS])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row_values(row)])
    return ExportFile(
        data=buffer.getvalue().encode("utf-8-sig"),
        filename=export_filename("consultations", period, "csv"),
        media_type=CSV_MEDIA_TYPE,
    )


def build_xlsx(
    report: StatsReport,
    rows: Sequence[ConsultationRow],
    worklog: Sequence[WorklogEntry] = (),
) -> ExportFile:
    """Return the ledger workbook of ``report`` with one row per consultation in ``rows``.

    Sheets: 台账汇总 (the yearly-ledger layout: totals, referrals, by category, by community),
    咨询明细 (the consultations), 按月统计, 未能解答的问题, when the report has them
    法律援助 and 人民调解 (counting rules 11 and 12), then the office's own
    (``bot.reports.ledger``): 法律咨询台账, 法律顾问工作日志 (from ``worklog``, the entries of
    :meth:`~bot.services.worklog.WorklogService.entries`) and 年度工作汇总.
    """
    book = Book()
    _first_sheets(book, report, rows)
    return _last_sheets(book, report, rows, worklog)


def _first_sheets(book: Book, report: StatsReport, rows: Sequence[ConsultationRow]) -> None:
    """Write the sheets of :func:`build_xlsx` that need no work log: all up to 法律咨询台账."""
    _summary_sheet(book.create_sheet(SHEETS["summary"]), report)
    _details_sheet(book.create_sheet(SHEETS["details"]), rows)
    # The written sheets are compressed on the other core while the next ones are written.
    book.compress_ahead()
    _monthly_sheet(book.create_sheet(SHEETS["monthly"]), report)
    _unanswered_sheet(book.create_sheet(SHEETS["unanswered"]), report)
    if report.cases is not None:
        _legal_aid_sheet(book.create_sheet(SHEETS["legal_aid"]), report)
        _mediation_sheet(book.create_sheet(SHEETS["mediation"]), report)
    consultation_ledger_sheet(book.create_sheet(SHEETS["consultation_ledger"]), report, rows)
    book.compress_ahead()


def _last_sheets(
    book: Book,
    report: StatsReport,
    rows: Sequence[ConsultationRow],
    worklog: Sequence[WorklogEntry],
) -> ExportFile:
    """Write the work log's sheets after :func:`_first_sheets`; return the workbook."""
    worklog_sheet(book.create_sheet(SHEETS["worklog"]), report, worklog)
    yearly_sheet(book.create_sheet(SHEETS["yearly"]), report, rows, worklog)
    return ExportFile(
        data=book.save(),
        filename=export_filename("ledger", report.period, "xlsx"),
        media_type=XLSX_MEDIA_TYPE,
    )


async def export_ledger(
    stats: StatsService, worklog: WorklogService, period: Period
) -> tuple[ExportFile, list[ConsultationRow]]:
    """Read ``period``'s summary, consultations and work log side by side; build the workbook.

    The three reads use connections of their own, so their queries overlap; the workbook is
    built off the event loop, its sheets of the summary and the consultations while the work
    log (the longest read) is still being read.

    Returns:
        The workbook, and the consultation rows (for :func:`build_csv`).
    """
    with collection_paused():  # a year is a million objects and no cycles (see collection)
        consultations = asyncio.create_task(stats.consultation_rows(period))
        summary = asyncio.create_task(stats.summary(period, rows=consultations))
        entries = asyncio.create_task(worklog.entries(period))
        try:
            report, rows = await summary, await consultations
            book = Book()
            await asyncio.to_thread(_first_sheets, book, report, rows)
            built = await asyncio.to_thread(_last_sheets, book, report, rows, await entries)
        except BaseException:
            # The other reads run to the end before the error goes on, closing connections.
            reads = [summary, consultations, entries]
            await asyncio.wait(reads)
            for read in reads:
                if not read.cancelled():
                    read.exception()  # retrieved: the first error is the one raised
            raise
    return built, rows


def _summary_sheet(sheet: Sheet, report: StatsReport) -> None:
    _widths(sheet, (36, 18, 20))
    period = report.period
    generated = moment_label(report.generated_at.astimezone(period.tz))
    title = LEDGER.title.format(period=period_label(period))
    span = LEDGER.span.format(
        start=date_label(period.start),
        end=date_label(period.last_day),
        tz=zone_label(period.timezone),
        generated=generated,
    )
    sheet.append([_title(title)])
    sheet.append([span])
    sheet.append([])
    sheet.append(_header(LEDGER.header))
    referrals = {count.key: count.count for count in report.referrals.by_outcome}
    figures = {
        "total": report.legal_consultation_person_times,
        "self_service": report.self_service.person_times,
        "consultations": report.consultations.total,
        **referrals,
        "legal_aid_category": report.consultations.legal_aid_category,
        "closed": report.consultations.closed,
        "questions": report.self_service.questions,
        "unknown": report.self_service.unknown,
    }
    for key, label, unit in LEDGER.rows:
        sheet.append([label, figures[key], unit])
    for note in LEDGER.notes:
        sheet.append([note])

    self_by_category = {c.key: c.count for c in report.self_service.by_category}
    sheet.append([])
    sheet.append([_bold(LEDGER.by_category)])
    sheet.append(_header(LEDGER.by_category_header))
    for count in report.consultations.by_category:
        sheet.append([count.label, count.count, self_by_category.get(count.key, 0)])
    sheet.append(
        _bold_row(
            [LEDGER.total_row, report.consultations.total, report.self_service.person_times],
        )
    )

    sheet.append([])
    sheet.append([_bold(LEDGER.by_community)])
    sheet.append(_header(LEDGER.by_community_header))
    for count in report.consultations.by_community:
        sheet.append([count.label, count.count])
    sheet.append(_bold_row([LEDGER.total_row, report.consultations.total]))
    _publicity_rows(sheet, report)


def _publicity_rows(sheet: Sheet, report: StatsReport) -> None:
    """The 普法 section of the summary sheet: quizzes, check-ins and campaigns."""
    figures = report.publicity
    values: dict[str, Value] = {
        "quiz_participants": figures.quiz_participants,
        "quiz_series": figures.quiz_series,
        "average_score": round(figures.average_score, 1)
        if figures.average_score is not None
        else None,
        "checkins": figures.checkins,
        "campaign_quiz_takers": figures.campaign_quiz_takers,
        "campaign_quiz_average": round(figures.campaign_quiz_average, 1)
        if figures.campaign_quiz_average is not None
        else None,
    }
    sheet.append([])
    sheet.append([_bold(PUBLICITY_SECTION)])
    for key, label, unit in PUBLICITY_ROWS:
        sheet.append([label, values[key], unit])
    campaigns = report.publicity.model_dump()
    for key, label, unit in LEDGER.publicity_campaigns:
        sheet.append([label, campaigns[key], unit])


def _details_sheet(sheet: Sheet, rows: Sequence[ConsultationRow]) -> None:
    _widths(sheet, (8, 18, 18, 18, 16, 30, 16, 16, 6, 12, 10, 10, 6, 14, 16))
    sheet.freeze_rows(1)
    sheet.auto_filter(len(EXPORT_COLUMNS), len(rows) + 1)
    sheet.append(_header([header for _, header in EXPORT_COLUMNS]))
    # The cells of row_values(row), written straight to XML (a year is 1.5 million cells).
    text = sheet.text
    yes, no, empty = text(YES), text(NO), text(None)
    unregistered: dict[int, str] = {}
    for row in rows:
        adviser = row.adviser
        if adviser is None and row.adviser_id is not None:
            adviser = unregistered.get(row.adviser_id)
            if adviser is None:
                adviser = unregistered[row.adviser_id] = UNREGISTERED_ADVISER.format(
                    id=row.adviser_id
                )
        resolved = row.resolved
        sheet.append_cells(
            f"<c><v>{row.number:d}</v></c>{moment_cell(row.created_at)}"
            f"{moment_cell(row.claimed_at)}{moment_cell(row.closed_at)}"
            f"{text(row.community)}{text(row.category)}{text(adviser)}{text(row.outcome)}"
            f"{number_cell(row.rating)}{empty if resolved is None else yes if resolved else no}"
            f"{number_cell(row.minutes_to_claim)}{number_cell(row.minutes_to_close)}"
            f"{yes if row.urgent else no}{text(row.contact_name)}{text(row.contact_phone)}"
        )


def _monthly_sheet(sheet: Sheet, report: StatsReport) -> None:
    _widths(sheet, (10, 20, 12, 18, 12))
    sheet.freeze_rows(1)
    sheet.append(_header(LEDGER.monthly_header))
    for row in report.monthly:
        sheet.append(
            [
                month_label(row.month),
                row.self_service_person_times,
                row.questions,
                row.consultations,
                row.referrals,
            ]
        )


def _unanswered_sheet(sheet: Sheet, report: StatsReport) -> None:
    _widths(sheet, (6, 60, 10, 12))
    sheet.append(_header(LEDGER.unanswered_header))
    for rank, question in enumerate(report.top_unanswered, start=1):
        # Residents' text: stored as text (never a formula), wrapped.
        sheet.append([rank, _text_cell(question.text), question.count, question.residents])
    if report.unanswered_single:
        sheet.append([])
        sheet.append(_header(LEDGER.unanswered_single_header))
        for count in report.unanswered_single:
            sheet.append([count.label, count.count])


def _case_sheet_head(sheet: Sheet, report: StatsReport, title: str, header: Sequence[str]) -> None:
    """Widths, the title with the period, and the header row of a case sheet."""
    _widths(sheet, (36, 16, 16))
    sheet.append([_title(title.format(period=period_label(report.period)))])
    sheet.append(_header(header))


def _legal_aid_sheet(sheet: Sheet, report: StatsReport) -> None:
    assert report.cases is not None
    aid = report.cases.legal_aid
    _case_sheet_head(sheet, report, LEGAL_AID_SHEET_TITLE, LEGAL_AID_SHEET_HEADER)
    figures = {
        "applications": aid.applications,
        "applicants": aid.applicants,
        "special_groups": aid.special_groups,
        **aid.by_class,
        **aid.by_outcome,
    }
    for key, label in LEGAL_AID_SHEET_ROWS:
        sheet.append([label, figures[key], LEGAL_AID_SHEET_UNITS.get(key, "件")])


def _mediation_sheet(sheet: Sheet, report: StatsReport) -> None:
    assert report.cases is not None
    mediation = report.cases.mediation
    _case_sheet_head(sheet, report, MEDIATION_SHEET_TITLE, MEDIATION_SHEET_HEADER)
    rate = mediation.success_rate
    figures: dict[str, Value] = {
        "cases": mediation.cases,
        "closed": mediation.closed,
        "success": mediation.success,
        "success_rate": round(rate * 100, 1) if rate is not None else None,
        "agreement_amount": mediation.agreement_amount,
        "followups_answered": mediation.followups_answered,
        "followups_kept": mediation.followups_kept,
    }
    for key, label, unit in MEDIATION_SHEET_ROWS:
        sheet.append([label, figures[key], unit])
    sheet.append([])
    sheet.append([_bold(MEDIATION_BY_DISPUTE)])
    sheet.append(_header(MEDIATION_BY_DISPUTE_HEADER))
    for dispute, cases, success in mediation.by_dispute:
        sheet.append([dispute, cases, success])
    sheet.append([])
    sheet.append([_bold(MEDIATION_BY_SOURCE)])
    sheet.append(_header(MEDIATION_BY_SOURCE_HEADER))
    for source, cases in mediation.by_source.items():
        sheet.append([source, cases])


def _csv_cell(value: Value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
