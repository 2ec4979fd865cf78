"""Reads in a child process (bot/storage/process_reads.py) return what the bot's own reads do."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path

import pytest

from bot.services import stats_queries as queries
from bot.storage import Database
from bot.storage.process_reads import ProcessReadError, Statement, fetch_in_process


@pytest.fixture
async def filled(tmp_path: Path) -> Database:
    db = Database(tmp_path / "bot.db")
    await db.open()
    await db.conn.execute("CREATE TABLE t (n INTEGER, x REAL, s TEXT, b BLOB)")
    await db.conn.executemany(
        "INSERT INTO t VALUES (?, ?, ?, ?)",
        [(1, 0.5, "迎凤社区", None), (2, None, "a\x00b", b"\x01"), (3, -1e300, "", b"")],
    )
    await db.conn.commit()
    return db


async def test_rows_come_back_as_the_connection_reads_them(filled: Database) -> None:
    statements: list[Statement] = [
        ("SELECT * FROM t WHERE n >= :low ORDER BY n", {"low": 2}),
        ("SELECT COUNT(*), TOTAL(x) FROM t WHERE s != ?", ("",)),
        ("SELECT n FROM t WHERE n > 9", ()),
    ]
    got = await fetch_in_process(filled.path, statements, busy_timeout_ms=1000)
    conn = sqlite3.connect(filled.path)
    expected = [conn.execute(sql, params).fetchall() for sql, params in statements]
    conn.close()
    assert got == expected
    assert got[0] == [(2, None, "a\x00b", b"\x01"), (3, -1e300, "", b"")]
    assert got[2] == []
    await filled.close()


async def test_a_failed_read_says_why_and_writes_nothing(filled: Database, tmp_path: Path) -> None:
    with pytest.raises(ProcessReadError, match="no such table: missing"):
        await fetch_in_process(filled.path, [("SELECT * FROM missing", ())], busy_timeout_ms=100)
    with pytest.raises(ProcessReadError, match="attempt to write a readonly database"):
        await fetch_in_process(filled.path, [("DELETE FROM t", ())], busy_timeout_ms=100)
    assert await fetch_in_process(
        filled.path, [("SELECT COUNT(*) FROM t", ())], busy_timeout_ms=100
    ) == [[(3,)]]
    gone = tmp_path / "no" / "such.db"
    with pytest.raises(ProcessReadError, match="unable to open database file"):
        await fetch_in_process(gone, [("SELECT 1", ())], busy_timeout_ms=100)
    assert not gone.exists()
    await filled.close()


async def test_an_in_memory_database_is_read_on_its_own_connection() -> None:
    db = Database(Path(":memory:"))
    await db.open()
    rows = await queries.fetch_apart(db, [("SELECT 1 + ?", (1,))])
    assert [tuple(row) for row in rows[0]] == [(2,)]
    await db.close()


def _reading_children() -> list[int]:
    """The ids of this process's children that run the reading program."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"process_reads.py" in command:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
async def test_a_cancelled_read_ends_its_child(filled: Database) -> None:
    endless = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT MAX(i) FROM n",
        (),
    )
    read = asyncio.create_task(fetch_in_process(filled.path, [endless], busy_timeout_ms=100))
    for _ in range(100):
        await asyncio.sleep(0.05)
        if _reading_children():
            break
    assert _reading_children(), "the child never started"
    read.cancel()
    with pytest.raises(asyncio.CancelledError):
        await read
    assert _reading_children() == []
    await filled.close()
