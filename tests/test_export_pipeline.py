"""export_ledger builds the sheets while the work log is read: the same workbook, errors kept."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Sequence
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.reports.export import build_xlsx, export_ledger
from bot.services.periods import Period
from bot.services.stats import StatsService
from bot.services.stats_models import ConsultationRow, StatsReport
from bot.services.worklog import WorklogEntry, WorklogService
from bot.storage import Database
from tests.stats_seed import NOW, TZ, communities, seed


def cells(data: bytes) -> dict[tuple[str, str], Any]:
    book = load_workbook(io.BytesIO(data))
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


class BrokenStats(StatsService):
    """A summary that fails at once; records the reads that ran to their end."""

    finished: list[str]

    async def summary(
        self, period: Period | str, *, rows: Awaitable[Sequence[ConsultationRow]] | None = None
    ) -> StatsReport:
        raise RuntimeError("disk gone")

    async def consultation_rows(self, period: Period | str) -> list[ConsultationRow]:
        rows = await super().consultation_rows(period)
        self.finished.append("rows")
        return rows


class RecordedWorklog(WorklogService):
    """Records that its read ran to its end."""

    async def entries(self, period: Period, adviser_id: int | None = None) -> list[WorklogEntry]:
        entries = await super().entries(period, adviser_id)
        assert isinstance(self._stats, BrokenStats)
        self._stats.finished.append("worklog")
        return entries


async def test_the_pipelined_workbook_is_build_xlsx_s(database: Database) -> None:
    await seed(database)
    stats = StatsService(database, communities(), TZ, clock=lambda: NOW)
    worklog = WorklogService(database, stats)
    period = stats.period("2026")
    built, rows = await export_ledger(stats, worklog, period)
    expected = build_xlsx(await stats.summary(period), rows, await worklog.entries(period))
    assert built.filename == expected.filename == "jiaxiang-ledger-2026.xlsx"
    got = cells(built.data)
    assert got == cells(expected.data)
    assert len(rows) == 8
    assert any(key[0] == "法律顾问工作日志" for key in got)


async def test_a_failed_read_is_raised_after_the_others_end(database: Database) -> None:
    await seed(database)
    stats = BrokenStats(database, communities(), TZ, clock=lambda: NOW)
    stats.finished = []
    with pytest.raises(RuntimeError, match="disk gone"):
        await export_ledger(stats, RecordedWorklog(database, stats), stats.period("2026"))
    assert sorted(stats.finished) == ["rows", "worklog"]


@pytest.mark.parametrize("text", ["2026", "2026-04", "2026-03", "2026-04-01", "2026-05"])
async def test_the_summary_counted_from_the_rows_is_the_summary(
    database: Database, text: str
) -> None:
    await seed(database)
    stats = StatsService(database, communities(), TZ, clock=lambda: NOW)
    period = stats.period(text)
    rows = await stats.consultation_rows(period)

    async def given() -> list[ConsultationRow]:
        return rows

    from_rows = await stats.summary(period, rows=given())
    assert from_rows == await stats.summary(period)
