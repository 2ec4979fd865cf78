"""``python -m bot stats``: the tallies at a terminal, for staff without Telegram."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TextIO

from bot.communities import CommunitiesConfig, CommunitiesError, load_communities
from bot.config import Settings
from bot.reports.export import build_csv, export_filename, export_ledger
from bot.reports.text import format_report_text
from bot.services.errors import InvalidInput
from bot.services.stats import StatsService
from bot.services.worklog import WorklogService
from bot.storage.database import Database, StorageError

__all__ = ["FORMATS", "run_stats"]

FORMATS = ("table", "json", "xlsx", "csv", "png")
"""``table``: the text summary; ``json``: the whole report; ``xlsx``: the ledger workbook;
``csv``: the consultation list; ``png``: the chart."""


def run_stats(
    settings: Settings,
    *,
    period: str,
    fmt: str = "table",
    output: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print or write the tallies of ``period`` and return the exit code.

    Args:
        settings: The deployment settings (``DB_PATH``, ``TIMEZONE``, ``COMMUNITIES_FILE``).
        period: A period as :func:`bot.services.periods.parse_period` reads it.
        fmt: One of :data:`FORMATS`.
        output: Where to write; ``table`` and ``json`` print when omitted, files go to the
            current folder under their suggested names.
        out: Where to print (standard output by default).
        err: Where to report problems (standard error by default).

    Returns:
        0 on success, 2 for a bad period or a missing or unusable database.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    if fmt not in FORMATS:
        print(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}", file=err)
        return 2
    if not settings.db_path.is_file():
        print(f"no database at {settings.db_path} (set DB_PATH)", file=err)
        return 2
    communities = _communities(settings.communities_file, err)
    try:
        content, name = asyncio.run(_build(settings, communities, period, fmt))
    except (InvalidInput, StorageError) as exc:
        print(exc, file=err)
        return 2
    if isinstance(content, str) and output is None:
        print(content, file=out)
        return 0
    target = output or Path.cwd() / name
    if isinstance(content, str):
        target.write_text(content + "\n", encoding="utf-8")
    else:
        target.write_bytes(content)
    print(f"wrote {target}", file=out)
    return 0


async def _build(
    settings: Settings, communities: CommunitiesConfig | None, period_text: str, fmt: str
) -> tuple[str | bytes, str]:
    """Return the text or file content of ``fmt``, and a file name for it."""
    db = Database(settings.db_path, busy_timeout_ms=settings.db_busy_timeout_ms)
    await db.open()
    try:
        stats = StatsService(db, communities, settings.tz)
        period = stats.period(period_text)
        if fmt == "table":
            return format_report_text(await stats.summary(period)), "stats.txt"
        if fmt == "json":
            return (await stats.summary(period)).model_dump_json(indent=2), "stats.json"
        if fmt == "png":
            from bot.reports.chart import render_chart  # loads matplotlib: only when asked

            chart = render_chart(await stats.summary(period))
            return chart, export_filename("chart", period, "png")
        if fmt == "xlsx":
            built, _ = await export_ledger(stats, WorklogService(db, stats), period)
        else:
            built = build_csv(await stats.consultation_rows(period), period)
        return built.data, built.filename
    finally:
        await db.close()


def _communities(path: Path, err: TextIO) -> CommunitiesConfig | None:
    try:
        return load_communities(path)
    except CommunitiesError as exc:
        print(f"{exc}\n(showing communities by id)", file=err)
        return None
