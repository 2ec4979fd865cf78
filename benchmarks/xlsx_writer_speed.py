"""CPU cost per cell: openpyxl's write-only workbook with plain values vs ``bot.reports.xlsx``.

Run from the repository root: ``python benchmarks/xlsx_writer_speed.py`` (``--rows N``). Both
write the same rows of a consultation's kind of values (numbers, a time, short texts, an
empty cell) to one sheet and save it; the median CPU time of three runs is printed, so the
figure holds on a machine shared with others.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook

from benchmarks._common import median
from bot.reports.xlsx import Book, Value

ROW: list[Value] = [
    123, dt.datetime(2025, 3, 4, 10, 30), "迎凤社区", "劳动社保", "咨询摘要内容", None, 5,
    "已解答", "是", 42,
]  # fmt: skip


def with_openpyxl(rows: int) -> int:
    """Write ``rows`` rows with openpyxl (write-only, plain values); return the file's size."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    for _ in range(rows):
        sheet.append(ROW)
    buffer = io.BytesIO()
    book.save(buffer)
    return len(buffer.getvalue())


def with_own_writer(rows: int) -> int:
    """Write ``rows`` rows with ``bot.reports.xlsx``; return the file's size."""
    book = Book()
    sheet = book.create_sheet("x")
    for _ in range(rows):
        sheet.append(ROW)
    return len(book.save())


def main() -> None:
    """Time both writers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    cells = args.rows * len(ROW)
    writers: list[tuple[str, Callable[[int], int]]] = [
        ("openpyxl write-only, plain values", with_openpyxl),
        ("bot.reports.xlsx", with_own_writer),
    ]
    for name, write in writers:
        cpu, size = [], 0
        for _ in range(3):
            began = time.process_time()
            size = write(args.rows)
            cpu.append(time.process_time() - began)
        seconds = median(cpu)
        print(
            f"{name:<34} {cells:,} cells: CPU {seconds:.2f} s, "
            f"{seconds / cells * 1e6:.2f} µs a cell, {size / 1e6:.2f} MB"
        )


if __name__ == "__main__":
    main()
