"""The judicial office's own sheets of the ledger workbook.

法律咨询台账 (one row per consultation, every channel), 法律顾问工作日志 (per adviser per month,
一次一记、一事一记) and 年度工作汇总 (the figures in the order of the subdistrict's yearly report),
each set up to print on A4 fitted to the page's width.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from itertools import groupby
from operator import attrgetter, itemgetter

from bot.reports.cells import (
    Value,
    bold,
    bold_row,
    header,
    print_on_a4,
    text_cell,
    title,
    widths,
)
from bot.reports.xlsx import Sheet
from bot.services.case_stats import MEDIATION_SOURCES
from bot.services.counting import LEDGER_CHANNELS
from bot.services.stats_models import ConsultationRow, StatsReport
from bot.services.worklog import WorklogEntry
from bot.texts.reports import (
    OFFICE_LEDGER,
    UNREGISTERED_ADVISER,
    channel_label,
    date_label,
    period_label,
)
from knowledge.categories import LEGAL_CLASSES

__all__ = ["consultation_ledger_sheet", "worklog_sheet", "yearly_sheet"]

_STATUSES = dict(OFFICE_LEDGER.statuses)
_METHODS = ("线上", "电话", "面谈", "书面")


def _adviser(adviser: str | None, adviser_id: int | None) -> str | None:
    if adviser is not None:
        return adviser
    return UNREGISTERED_ADVISER.format(id=adviser_id) if adviser_id is not None else None


def consultation_ledger_sheet(
    sheet: Sheet, report: StatsReport, rows: Sequence[ConsultationRow]
) -> None:
    """Write 法律咨询台账: one row per consultation of the period, every channel.

    Landscape A4; the title and header rows repeat on every page.
    """
    widths(sheet, (6, 8, 12, 14, 8, 8, 16, 40, 14, 8, 12))
    print_on_a4(sheet, orientation="landscape", title_rows="1:2")
    sheet.freeze_rows(2)
    heading = OFFICE_LEDGER.ledger_title.format(period=period_label(report.period))
    sheet.append([title(heading)])
    sheet.append(header(OFFICE_LEDGER.ledger_header))
    # A year's ledger repeats its days, channels, categories and statuses: each label's cell
    # is made once, and each row written straight to XML (a year is 1.2 million cells).
    text = sheet.text
    days: dict[dt.date, str] = {}
    channels: dict[str, str] = {}
    categories: dict[str, str] = {}
    statuses: dict[str, str] = {}
    advisers: dict[int, str] = {}
    for index, row in enumerate(rows, start=1):
        day = row.created_at.date()
        day_cell = days.get(day)
        if day_cell is None:
            day_cell = days[day] = text(date_label(day))
        channel = channels.get(row.channel)
        if channel is None:
            channel = channels[row.channel] = text(channel_label(row.channel))
        category = categories.get(row.category)
        if category is None:
            category = categories[row.category] = text(row.category.split("（", 1)[0])
        status = statuses.get(row.status)
        if status is None:
            status = statuses[row.status] = text(_STATUSES.get(row.status, row.status))
        if row.adviser is not None:
            adviser = text(row.adviser)
        elif row.adviser_id is None:
            adviser = text(None)
        else:
            adviser = advisers.get(row.adviser_id) or advisers.setdefault(
                row.adviser_id, text(_adviser(None, row.adviser_id))
            )
        sheet.append_cells(
            f"<c><v>{index:d}</v></c><c><v>{row.number:d}</v></c>{day_cell}"
            f"{text(row.community)}{channel}{text(row.legal_class)}{category}"
            f"{text(row.summary)}{text(row.outcome)}{status}{adviser}"
        )


def worklog_sheet(sheet: Sheet, report: StatsReport, entries: Sequence[WorklogEntry]) -> None:
    """Write 法律顾问工作日志: a block per adviser and month, a line per contact.

    Portrait A4; the title rows repeat on every page.
    """
    widths(sheet, (6, 14, 14, 44, 8, 18))
    print_on_a4(sheet, orientation="portrait", title_rows="1:2")
    heading = OFFICE_LEDGER.worklog_title.format(period=period_label(report.period))
    sheet.append([title(heading)])
    sheet.append([OFFICE_LEDGER.worklog_note])
    if not entries:
        sheet.append([OFFICE_LEDGER.worklog_empty])
        return
    block_header = header(OFFICE_LEDGER.worklog_header)
    # Each label's and each matter's cell is made once; lines are written straight to XML,
    # a block's lines at once. A matter's community and text, and a method and result, are
    # kept as one run of cells (made in the order they always were, so each text keeps its
    # place in the string table); a line's fields are unpacked, not read by name.
    text = sheet.text
    days: dict[dt.date, str] = {}
    categories: dict[str, str] = {}
    matters: dict[tuple[str, str], str] = {}
    places: dict[tuple[str, str, str], str] = {}
    results: dict[tuple[str, str], str] = {}
    # Lines grouped by adviser and day in C (itemgetter), those days then by month.
    days_of = groupby(entries, key=itemgetter(0, 2))  # adviser_id, day
    blocks = groupby(days_of, key=lambda run: (run[0][0], run[0][1].year, run[0][1].month))
    for (adviser_id, year, month), block in blocks:
        lines = [line for _, run in block for line in run]
        name = _adviser(lines[0].adviser, adviser_id)
        sheet.append([])
        block_title = OFFICE_LEDGER.worklog_block.format(
            adviser=name, month=f"{year}年{month}月", count=len(lines)
        )
        sheet.append([bold(block_title)])
        sheet.append(block_header)
        cells = []
        first = sheet.rows  # the row before this block's first line
        for index, (_, _, entry_day, _, community, category, summary, method, outcome) in enumerate(
            lines, start=1
        ):
            day = days.get(entry_day)
            if day is None:
                day = days[entry_day] = text(date_label(entry_day))
            place = places.get((community, category, summary))
            if place is None:
                matter = matters.get((category, summary))
                if matter is None:
                    label = categories.get(category)
                    if label is None:
                        label = categories[category] = category.split("（", 1)[0]
                    matter = matters[category, summary] = text(f"{label}：{summary}")
                place = places[community, category, summary] = text(community) + matter
            result = results.get((method, outcome))
            if result is None:
                result = results[method, outcome] = text(method) + text(outcome)
            cells.append(
                f'<row r="{first + index:d}"><c><v>{index:d}</v></c>{day}{place}{result}</row>'
            )
        sheet.extend_rows(cells)


def yearly_sheet(
    sheet: Sheet,
    report: StatsReport,
    rows: Sequence[ConsultationRow],
    entries: Sequence[WorklogEntry],
) -> None:
    """Write 年度工作汇总, portrait A4, in the yearly report's order.

    法律咨询 (人次, by channel and by the ledger's classes), 法律援助 (pre-applications 件 and
    applicants 人) and 人民调解 (cases 件 by source, 调解成功) from their own tables (counting
    rules 11 and 12), the advisers' work logs.
    """
    person_times, matters, lines, people = OFFICE_LEDGER.units
    widths(sheet, (40, 12, 8))
    print_on_a4(sheet, orientation="portrait", title_rows="1:1")
    heading = OFFICE_LEDGER.yearly_title.format(period=period_label(report.period))
    sheet.append([title(heading)])
    sheet.append(header(OFFICE_LEDGER.yearly_header))
    aid = report.cases.legal_aid if report.cases is not None else None
    mediation = report.cases.mediation if report.cases is not None else None
    channels = {count.key: count.count for count in report.by_channel}
    # Counted by C's loops (attrgetter), not a generator's: a year is 350,000 lines and rows.
    classes = Counter(map(attrgetter("legal_class"), rows))
    methods = Counter(map(attrgetter("method"), entries))
    table: list[tuple[str, int | None, str] | str] = [
        OFFICE_LEDGER.consultations,
        (OFFICE_LEDGER.consultations_total, report.legal_consultation_person_times, person_times),
        *(
            (
                OFFICE_LEDGER.by_channel.format(channel=channel_label(key)),
                channels.get(key, 0),
                person_times,
            )
            for key in LEDGER_CHANNELS
        ),
        *(
            (OFFICE_LEDGER.by_class.format(legal_class=name), classes[name], matters)
            for name in LEGAL_CLASSES
        ),
        OFFICE_LEDGER.legal_aid,
        (OFFICE_LEDGER.legal_aid_applications, aid.applications if aid else 0, matters),
        (OFFICE_LEDGER.legal_aid_applicants, aid.applicants if aid else 0, people),
        OFFICE_LEDGER.mediation,
        (OFFICE_LEDGER.mediation_cases, mediation.cases if mediation else 0, matters),
        *(
            (
                OFFICE_LEDGER.by_source.format(source=source),
                mediation.by_source.get(source, 0) if mediation else 0,
                matters,
            )
            for source in MEDIATION_SOURCES
        ),
        (OFFICE_LEDGER.mediation_success, mediation.success if mediation else 0, matters),
        OFFICE_LEDGER.advisers,
        (OFFICE_LEDGER.worklog_entries, len(entries), lines),
        *(
            (OFFICE_LEDGER.by_method.format(method=method), methods[method], lines)
            for method in _METHODS
        ),
        (OFFICE_LEDGER.worklog_advisers, len(set(map(attrgetter("adviser_id"), entries))), people),
    ]
    for line in table:
        if isinstance(line, str):
            sheet.append(bold_row([line]))
        else:
            values: list[Value] = list(line)
            sheet.append(values)
    sheet.append([])
    for note in OFFICE_LEDGER.notes:
        sheet.append([text_cell(note, wrap=False)])
