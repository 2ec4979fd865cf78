from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from bot.storage import (
    ConsentRepository,
    ConsultationRepository,
    Database,
    MessageKey,
    NewQuestion,
    QuestionRepository,
    RelayRepository,
    ResidentRepository,
    StorageError,
)
from bot.storage.clock import from_db, to_db
from bot.storage.migrations import MIGRATIONS

NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def question(message_id: int | None, text: str = "工伤", chat_id: int = 1) -> NewQuestion:
    return NewQuestion(
        user_id=chat_id,
        source=MessageKey(chat_id, message_id) if message_id is not None else None,
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
            assert [tuple(row) for row in await cursor.fetchall()] == [("wal",)]
        await db.close()


async def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    db = Database(path)
    await db.open()
    await db.conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    await db.close()
    with pytest.raises(StorageError, match="newer"):
        await Database(path).open()


async def test_a_redelivered_message_is_logged_once(database: Database) -> None:
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


async def test_the_same_message_id_in_another_chat_is_another_question(
    database: Database,
) -> None:
    residents = ResidentRepository(database)
    for user in (1, 2):
        await residents.touch(user, None, NOW)
    repo = QuestionRepository(database)
    first = await repo.add(question(7, chat_id=1))
    other = await repo.add(question(7, "离婚", chat_id=2))
    assert first != other
    assert [(await repo.get(i)).user_id for i in (first, other)] == [1, 2]  # type: ignore[union-attr]


def _identity_version() -> int:
    """The schema version that identifies messages by chat and message id."""
    return next(n for n, script in enumerate(MIGRATIONS, 1) if "questions_by_source" in script)


async def test_identity_migration_keeps_existing_data(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    previous = _identity_version() - 1
    stamp = "2026-01-01T00:00:00Z"
    with sqlite3.connect(path, isolation_level=None) as conn:
        for version, script in enumerate(MIGRATIONS[:previous], 1):
            conn.executescript(f"BEGIN;{script}; PRAGMA user_version = {version}; COMMIT;")
        conn.executescript(
            f"""
            BEGIN;
            INSERT INTO residents (user_id, first_seen, last_seen) VALUES (1, '{stamp}', '{stamp}');
            INSERT INTO questions (user_id, update_id, asked_at, text, decision, score, category)
                VALUES (1, 500, '{stamp}', '工伤', 'answer', 0.9, 'labor');
            INSERT INTO consultations (resident_id, community_id, category, summary, consent,
                                       created_at)
                VALUES (1, 'yingfeng', 'labor', '欠薪', 0, '{stamp}');
            INSERT INTO consultation_messages (consultation_id, sender_id, direction, kind, text,
                                               at, update_id)
                VALUES (1, 1, 'to_adviser', 'text', '你好', '{stamp}', 500);
            COMMIT;
            """
        )
    db = Database(path)
    await db.open()
    try:
        assert await db.schema_version() == len(MIGRATIONS)
        repo = QuestionRepository(db)
        old = await repo.get(1)
        assert old is not None
        assert (old.user_id, old.text) == (1, "工伤")
        # A new message whose update reuses update_id 500 is a question of its own, once.
        new = await repo.add(question(500, "离婚"))
        assert new != 1
        assert await repo.add(question(500, "离婚")) == new
        relay = RelayRepository(db)
        [message] = await relay.messages(1)
        assert (message.text, message.source) == ("你好", None)
        stored = await relay.add_message(
            1, 1, "to_adviser", "text", "又一条", None, now=NOW, source=MessageKey(1, 500)
        )
        assert stored.inserted
        assert [m.source for m in await relay.messages(1)] == [None, MessageKey(1, 500)]
        consultations = ConsultationRepository(db)
        kept = await consultations.get(1)
        assert kept is not None
        assert (kept.resident_id, kept.summary) == (1, "欠薪")
        assert await consultations.from_source(MessageKey(1, 500)) is None
    finally:
        await db.close()


async def test_consents_given_before_are_recorded_as_given(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    previous = next(
        n for n, script in enumerate(MIGRATIONS, 1) if "CREATE TABLE consents" in script
    )
    stamp = "2026-01-01T00:00:00Z"
    with sqlite3.connect(path, isolation_level=None) as conn:
        for version, script in enumerate(MIGRATIONS[: previous - 1], 1):
            conn.executescript(f"BEGIN;{script}; PRAGMA user_version = {version}; COMMIT;")
        conn.executescript(
            f"""
            BEGIN;
            INSERT INTO consultations (resident_id, community_id, category, summary, consent,
                                       contact_phone, created_at, status, closed_at, outcome)
                VALUES (7, 'yingfeng', 'labor', '欠薪', 1, '13800000000', '{stamp}', 'closed',
                        '{stamp}', 'answered');
            INSERT INTO consultations (resident_id, community_id, category, summary, consent,
                                       created_at)
                VALUES (8, 'yingfeng', 'labor', '离婚', 0, '{stamp}');
            COMMIT;
            """
        )
    db = Database(path)
    await db.open()
    try:
        consents = ConsentRepository(db)
        [consent] = await consents.for_resident(7)
        assert (consent.consultation_id, consent.granted_at) == (1, from_db(stamp))
        # They saw a text naming the adviser alone: that is all they consented to.
        assert (consent.text_version, consent.scope) == (
            "consent-before-2026-12",
            "contact:adviser",
        )
        assert await consents.for_resident(8) == []
    finally:
        await db.close()


def test_stored_times_read_back_as_written_and_nothing_else() -> None:
    """from_db reads what to_db writes, as aware UTC, and refuses other forms."""
    moment = dt.datetime(2025, 12, 31, 23, 59, 58, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    back = from_db(to_db(moment))
    assert back == moment
    assert back.tzinfo is dt.UTC
    for text in ("2025-12-31", "2025-12-31 15:59:58Z", "2025-12-31T15:59:58+00:00"):
        with pytest.raises(ValueError, match="not a stored time"):
            from_db(text)
