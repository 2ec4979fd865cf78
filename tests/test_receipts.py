"""The update scope says whether the update handed work over (the error handler asks it)."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from bot.storage import Database, OutboxRepository, transaction
from bot.storage.receipts import begin_scope, work_committed

NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


async def _notify(db: Database, *, fail: bool = False) -> None:
    async with transaction(db):
        await OutboxRepository(db).enqueue(1001, "message", {"text": "x"}, now=NOW)
        if fail:
            raise RuntimeError("rolled back")


async def _write_only(db: Database) -> None:
    async with transaction(db) as conn:
        await conn.execute("INSERT INTO residents VALUES (1, 'a', 'a', NULL, NULL)")


async def test_a_committed_notice_is_noted_and_a_rolled_back_one_is_not(tmp_path: Path) -> None:
    db = Database(tmp_path / "bot.db")
    await db.open()
    try:
        begin_scope()
        await _write_only(db)
        assert not work_committed()  # a write for the user alone hands nothing over
        with pytest.raises(RuntimeError):
            await _notify(db, fail=True)
        assert not work_committed()
        await _notify(db)
        assert work_committed()
        begin_scope()  # the next update handled in the same task
        assert not work_committed()
    finally:
        await db.close()


async def test_scopes_of_concurrent_updates_are_apart(tmp_path: Path) -> None:
    db = Database(tmp_path / "bot.db")
    await db.open()
    committed = asyncio.Event()

    async def notifier() -> bool:
        begin_scope()
        await _notify(db)
        committed.set()
        return work_committed()

    async def bystander() -> bool:
        begin_scope()
        await committed.wait()
        return work_committed()

    try:
        assert list(await asyncio.gather(notifier(), bystander())) == [True, False]
        assert not work_committed()  # outside any update's scope
    finally:
        await db.close()
