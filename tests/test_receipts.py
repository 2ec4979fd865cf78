"""The update scope says whether the update's work committed (the error handler asks it)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.storage import Database, transaction
from bot.storage.receipts import begin_scope, work_committed


async def _write(db: Database, *, fail: bool = False) -> None:
    async with transaction(db) as conn:
        await conn.execute("INSERT INTO t (x) VALUES (1)")
        if fail:
            raise RuntimeError("rolled back")


async def _open(path: Path) -> Database:
    db = Database(path)
    await db.open()
    await db.conn.execute("CREATE TABLE t (x INTEGER)")
    await db.conn.commit()
    return db


async def test_a_commit_is_noted_in_the_scope_and_a_rollback_is_not(tmp_path: Path) -> None:
    db = await _open(tmp_path / "bot.db")
    try:
        begin_scope()
        with pytest.raises(RuntimeError):
            await _write(db, fail=True)
        assert not work_committed()
        await _write(db)
        assert work_committed()
        begin_scope()  # the next update handled in the same task
        assert not work_committed()
    finally:
        await db.close()


async def test_scopes_of_concurrent_updates_are_apart(tmp_path: Path) -> None:
    db = await _open(tmp_path / "bot.db")
    committed = asyncio.Event()

    async def writer() -> bool:
        begin_scope()
        await _write(db)
        committed.set()
        return work_committed()

    async def reader() -> bool:
        begin_scope()
        await committed.wait()
        return work_committed()

    try:
        assert await asyncio.gather(writer(), reader()) == [True, False]
        assert not work_committed()  # outside any update's scope
    finally:
        await db.close()
