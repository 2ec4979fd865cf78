"""The 人次 keys (bot.storage.person_times) count what de-duplicating the questions counts."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.services import stats_queries as queries
from bot.services.periods import Period, parse_period
from bot.services.privacy import PrivacyService
from bot.storage import Database, QuestionRepository, ResidentRepository
from bot.storage.migrations import MIGRATIONS
from bot.storage.person_times import backfill_sql, local_day_number
from tests.stats_seed import NOW, QUESTIONS, TZ, seed
from tests.stats_seed import _question as question

PERIODS = ("2026", "2026-03", "2026-04", "2026-05", "2026-04-01", "2026-04-02", "2026-03-31")
KEYS_MIGRATION = next(
    number
    for number, script in enumerate(MIGRATIONS, start=1)
    if "CREATE TABLE question_person_times" in script
)


def as_tuples(rows: list[Any]) -> list[tuple[Any, ...]]:
    """The rows as plain tuples (numbers as floats: the old query's TOTAL gives floats)."""
    return sorted(
        tuple(float(v) if isinstance(v, int) and i >= 3 else v for i, v in enumerate(row))
        for row in rows
    )


async def both(db: Database, period: Period) -> tuple[list[Any] | None, list[Any]]:
    """Return the period's rows from the keys and from the questions."""
    async with queries.readers(db, 1) as (conn,):
        keyed = await queries.keyed_self_service(conn, period)
        counted = await queries.questions_self_service(conn, period)
    return keyed, counted


async def key_rows(db: Database) -> list[tuple[Any, ...]]:
    async with db.conn.execute(
        "SELECT * FROM question_person_times ORDER BY zone, day, matter, channel, user_id"
    ) as cursor:
        return [tuple(row) for row in await cursor.fetchall()]


async def test_the_keys_count_as_the_questions_do_with_a_forgotten_resident(
    database: Database,
) -> None:
    await seed(database)
    for text in PERIODS:
        keyed, counted = await both(database, parse_period(text, now=NOW, tz=TZ))
        assert keyed is not None, text
        assert as_tuples(keyed) == as_tuples(counted), text
    april = parse_period("2026-04", now=NOW, tz=TZ)
    keyed, _ = await both(database, april)
    assert keyed is not None
    assert sum(row["person_times"] for row in keyed) == 6  # as tests/stats_seed.py works out

    # Resident 1 asked q1-q7 over three local days: forgotten, their keys move to the
    # pseudonym with their questions, and every figure stays.
    result = await PrivacyService(database, clock=lambda: NOW).forget(1)
    async with database.conn.execute(
        "SELECT DISTINCT user_id FROM question_person_times ORDER BY user_id"
    ) as cursor:
        assert [row[0] for row in await cursor.fetchall()] == [result.pseudonym, 2, 3]
    for text in PERIODS:
        keyed, counted = await both(database, parse_period(text, now=NOW, tz=TZ))
        assert keyed is not None, text
        assert as_tuples(keyed) == as_tuples(counted), text
    keyed, _ = await both(database, april)
    assert keyed is not None
    assert sum(row["person_times"] for row in keyed) == 6


async def test_a_redelivered_question_adds_no_question_to_its_key(database: Database) -> None:
    await seed(database)  # delivers q5 twice
    async with database.conn.execute(
        "SELECT questions, answered FROM question_person_times WHERE matter = 'divorce' "
        "AND user_id = 1"
    ) as cursor:
        assert [tuple(row) for row in await cursor.fetchall()] == [(1, 1)]


async def test_a_tally_in_another_zone_counts_the_questions(database: Database) -> None:
    # Keyed in Asia/Shanghai (the repository's default zone), counted in Berlin: the keys do
    # not count Berlin's days, so the questions are counted instead, with the same figures.
    await seed(database)
    berlin = parse_period("2026-04", now=NOW, tz=ZoneInfo("Europe/Berlin"))
    keyed, counted = await both(database, berlin)
    assert keyed is None
    async with queries.readers(database, 1) as (conn,):
        assert as_tuples(await queries.self_service(conn, berlin)) == as_tuples(counted)


async def test_keys_follow_daylight_saving_in_their_zone(database: Database) -> None:
    # Europe/Berlin moves from UTC+1 to UTC+2 at 2024-03-31T01:00Z.
    berlin = ZoneInfo("Europe/Berlin")
    await ResidentRepository(database).touch(1, None, NOW)
    repository = QuestionRepository(database, zone=berlin)
    stamps = ["2024-03-30T22:59:00Z", "2024-03-31T21:59:00Z", "2024-03-31T22:30:00Z"]
    for message_id, stamp in enumerate(stamps, start=1):
        await repository.add(
            question(message_id, 1, stamp, "answer", "divorce", "marriage_family", "离婚")
        )
    for text in ("2024-03..2024-04", "2024-03-31", "2024-04-01", "2024-03-30"):
        keyed, counted = await both(database, parse_period(text, now=NOW, tz=berlin))
        assert keyed is not None, text
        assert as_tuples(keyed) == as_tuples(counted), text
    keyed, _ = await both(database, parse_period("2024-03..2024-04", now=NOW, tz=berlin))
    assert keyed is not None
    assert sum(row["person_times"] for row in keyed) == 3  # 30 March, 31 March, 1 April


def test_a_local_day_number_is_the_stored_time_s_local_date() -> None:
    # 15:59:59Z is 23:59:59 in Shanghai; 16:00:00.4Z is stored as 16:00:00Z, the next day.
    late = dt.datetime(2026, 3, 31, 15, 59, 59, 900_000, tzinfo=dt.UTC)
    assert local_day_number(late, TZ) == dt.date(2026, 3, 31).toordinal() - 719163
    assert local_day_number(late + dt.timedelta(seconds=0.5), TZ) == (
        dt.date(2026, 4, 1).toordinal() - 719163
    )


async def test_the_migration_keys_the_questions_it_finds(tmp_path: Path) -> None:
    # The same questions: stored by an older bot (raw rows, then the migration), and logged
    # by this one through the repository. Both give the same keys, row for row.
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    for number, script in enumerate(MIGRATIONS[: KEYS_MIGRATION - 1], start=1):
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    with conn:
        conn.executemany(
            "INSERT INTO residents (user_id, first_seen, last_seen) VALUES (?, ?, ?)",
            [(user, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z") for user in (1, 2, 3)],
        )
        conn.executemany(
            "INSERT INTO questions (user_id, source_chat_id, source_message_id, asked_at, text,"
            " decision, item_id, score, category) VALUES (?, ?, ?, ?, ?, ?, ?, 0.5, ?)",
            [
                (user, user, message, at, text, decision, item, category)
                for message, user, at, decision, item, category, text in QUESTIONS
            ],
        )
    conn.close()
    migrated = Database(old)
    await migrated.open()
    fresh = Database(tmp_path / "new.db")
    await fresh.open()
    try:
        await seed(fresh)
        assert await key_rows(migrated) == await key_rows(fresh)
        assert len(await key_rows(fresh)) == 8
        for text in PERIODS:
            keyed, counted = await both(migrated, parse_period(text, now=NOW, tz=TZ))
            assert keyed is not None, text
            assert as_tuples(keyed) == as_tuples(counted), text
    finally:
        await migrated.close()
        await fresh.close()


async def test_bulk_keys_are_the_migration_s(database: Database) -> None:
    await seed(database)
    before = await key_rows(database)
    async with database.conn.execute("DELETE FROM question_person_times"):
        pass
    async with database.conn.execute(backfill_sql("Asia/Shanghai", 8 * 3600)):
        pass
    assert await key_rows(database) == before


def test_a_bulk_zone_must_be_a_zone_name() -> None:
    with pytest.raises(ValueError, match="not a zone name"):
        backfill_sql("x'; DROP TABLE questions; --", 0)
