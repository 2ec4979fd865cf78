from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.storage import Database, NewQuestion, QuestionRepository, ResidentRepository, StorageError
from bot.storage.migrations import MIGRATIONS

NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def question(update_id: int | None, text: str = "工伤") -> NewQuestion:
    return NewQuestion(
        user_id=1,
        update_id=update_id,
        asked_at=NOW,
        text=text,
        decision="answer",
        item_id="work-injury",
        score=0.9,
        category="labor",
    )


async def test_migrations_are_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    for _ in range(2):
        db = Database(path)
        await db.open()
        assert await db.schema_version() == len(MIGRATIONS)
        async with db.conn.execute("PRAGMA journal_mode") as cursor:
            assert (await cursor.fetchone())[0] == "wal"
        await db.close()


async def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    db = Database(path)
    await db.open()
    await db.conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    await db.close()
    with pytest.raises(StorageError, match="newer"):
        await Database(path).open()


async def test_redelivered_update_is_logged_once(database: Database) -> None:
    await ResidentRepository(database).touch(1, "zh-hans", NOW)
    repo = QuestionRepository(database)
    first = await repo.add(question(500))
    again = await repo.add(question(500, text="changed"))
    other = await repo.add(question(None))
    assert first == again
    assert other != first
    stored = await repo.get(first)
    assert stored is not None
    assert stored.text == "工伤"
    assert stored.asked_at == NOW


async def test_resident_touch_keeps_first_seen(database: Database) -> None:
    residents = ResidentRepository(database)
    await residents.touch(9, None, NOW)
    await residents.touch(9, "zh", NOW + dt.timedelta(days=1))
    resident = await residents.get(9)
    assert resident is not None
    assert resident.first_seen == NOW
    assert resident.last_seen == NOW + dt.timedelta(days=1)
    assert resident.language == "zh"
    await residents.set_community(9, "yingfeng")
    assert (await residents.get(9)).community_id == "yingfeng"  # type: ignore[union-attr]
