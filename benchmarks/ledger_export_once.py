"""One year's ledger export (``export_ledger``) on a kept benchmark database, timed.

Run from the repository root, after ``python benchmarks/stats_speed.py --keep /tmp/stats.db``:
``python benchmarks/ledger_export_once.py /tmp/stats.db`` (``--runs N``). Prints each run's
wall-clock time and CPU time, the process's and its children's apart (the export's large
reads run in child processes). Run it alternately from two checkouts on the same file to
compare old and new code under the same load.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.stats_speed import NOW, TZ, communities
from bot.reports.export import export_ledger
from bot.services.stats import StatsService
from bot.services.worklog import WorklogService
from bot.storage import Database


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


async def measure(path: Path, runs: int) -> None:
    """Export 2025 ``runs`` times from the database at ``path``."""
    db = Database(path)
    await db.open()
    try:
        stats = StatsService(db, communities(), TZ, clock=lambda: NOW)
        worklog = WorklogService(db, stats)
        year = stats.period("2025")
        for _ in range(runs):
            began, (own, children) = time.perf_counter(), _cpu()
            built, _ = await export_ledger(stats, worklog, year)
            wall, (own_after, children_after) = time.perf_counter() - began, _cpu()
            print(
                f"export 2025: wall {wall:.2f} s, CPU {own_after - own:.2f} s"
                f" + children {children_after - children:.2f} s, {len(built.data) / 1e6:.1f} MB",
                flush=True,
            )
    finally:
        await db.close()


def main() -> None:
    """Parse the arguments and measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(measure(args.database, args.runs))


if __name__ == "__main__":
    main()
