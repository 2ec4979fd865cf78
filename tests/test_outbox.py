from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.storage import Database, OutboxRepository, RelayRepository, transaction
from bot.storage.consultations import ConsultationRepository, NewConsultation

NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


def later(minutes: float) -> dt.datetime:
    return NOW + dt.timedelta(minutes=minutes)


async def a_consultation(db: Database) -> int:
    consultation = await ConsultationRepository(db).add(
        NewConsultation(
            resident_id=7,
            community_id="yingfeng",
            category="labor",
            summary="老板拖欠工资",
            question_text=None,
            consent=False,
            contact_name=None,
            contact_phone=None,
            urgent=False,
            urgent_reason=None,
            created_at=NOW,
            remind_due_at=later(120),
            escalate_due_at=later(240),
        )
    )
    return consultation.id


async def test_enqueued_rows_are_due_at_once_in_order(database: Database) -> None:
    outbox = OutboxRepository(database)
    first = await outbox.enqueue(10, "claimed", {"consultation_id": 1}, now=NOW)
    second = await outbox.enqueue(11, "claimed", {"consultation_id": 2}, now=NOW)
    third = await outbox.enqueue(12, "claimed", {"consultation_id": 3}, now=later(5))
    assert [row.id for row in await outbox.due(NOW)] == [first, second]
    assert [row.id for row in await outbox.due(later(5))] == [first, second, third]
    assert [row.id for row in await outbox.due(later(5), limit=1)] == [first]
    assert await outbox.pending_count() == 3


async def test_payload_round_trips_as_json(database: Database) -> None:
    outbox = OutboxRepository(database)
    payload = {"summary": "邻居噪音扰民", "urgent": False, "contact_phone": None, "n": 3}
    row_id = await outbox.enqueue(10, "new_consultation", payload, now=NOW)
    row = await outbox.get(row_id)
    assert row is not None
    assert row.payload == payload
    assert row.kind == "new_consultation"
    assert row.attempts == 0
    assert row.sent_at is None
    async with database.conn.execute("SELECT payload FROM outbox") as cursor:
        (stored,) = await cursor.fetchall()
    stored = stored[0]
    assert "邻居噪音扰民" in stored  # readable in the database, not \\u-escaped


async def test_mark_sent_once_and_maps_the_message(database: Database) -> None:
    outbox = OutboxRepository(database)
    consultation_id = await a_consultation(database)
    row_id = await outbox.enqueue(
        10, "new_consultation", {}, now=NOW, consultation_id=consultation_id
    )
    assert await outbox.mark_sent(row_id, 555, later(1)) is True
    assert await outbox.mark_sent(row_id, 556, later(2)) is False
    row = await outbox.get(row_id)
    assert row is not None
    assert (row.sent_at, row.message_id, row.attempts) == (later(1), 555, 1)
    assert await outbox.due(later(10)) == []
    assert await outbox.pending_count() == 0
    assert await RelayRepository(database).consultation_for(10, 555) == consultation_id
    assert await RelayRepository(database).consultation_for(10, 556) is None


async def test_a_row_without_consultation_is_not_mapped(database: Database) -> None:
    outbox = OutboxRepository(database)
    row_id = await outbox.enqueue(10, "other", {}, now=NOW)
    assert await outbox.mark_sent(row_id, 42, later(1))
    assert await RelayRepository(database).consultation_for(10, 42) is None


async def test_mark_failed_retries_later_then_gives_up(database: Database) -> None:
    outbox = OutboxRepository(database)
    row_id = await outbox.enqueue(10, "claimed", {}, now=NOW)
    assert await outbox.mark_failed(row_id, "Timed out", later(1))
    assert await outbox.due(NOW) == []
    [row] = await outbox.due(later(1))
    assert (row.attempts, row.last_error, row.next_attempt_at) == (1, "Timed out", later(1))
    assert await outbox.mark_failed(row_id, "Forbidden: bot was blocked by the user", None)
    assert await outbox.due(later(10_000)) == []
    assert await outbox.pending_count() == 0
    gave_up = await outbox.get(row_id)
    assert gave_up is not None
    assert gave_up.attempts == 2
    assert gave_up.next_attempt_at is None
    assert gave_up.sent_at is None


async def test_marking_unknown_or_sent_rows_changes_nothing(database: Database) -> None:
    outbox = OutboxRepository(database)
    assert await outbox.mark_sent(999, 1, NOW) is False
    assert await outbox.mark_failed(999, "x", NOW) is False
    row_id = await outbox.enqueue(10, "claimed", {}, now=NOW)
    await outbox.mark_sent(row_id, 1, NOW)
    assert await outbox.mark_failed(row_id, "late failure", later(1)) is False
    row = await outbox.get(row_id)
    assert row is not None
    assert row.last_error is None


async def test_long_errors_are_truncated(database: Database) -> None:
    outbox = OutboxRepository(database)
    row_id = await outbox.enqueue(10, "claimed", {}, now=NOW)
    await outbox.mark_failed(row_id, "x" * 5000, later(1))
    row = await outbox.get(row_id)
    assert row is not None
    assert len(row.last_error or "") == 500


async def test_rows_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    db = Database(path)
    await db.open()
    row_id = await OutboxRepository(db).enqueue(10, "claimed", {"a": 1}, now=NOW)
    await db.close()
    reopened = Database(path)
    await reopened.open()
    try:
        [row] = await OutboxRepository(reopened).due(NOW)
        assert (row.id, row.payload) == (row_id, {"a": 1})
    finally:
        await reopened.close()


async def test_an_enqueue_in_a_failed_transaction_is_not_kept(database: Database) -> None:
    outbox = OutboxRepository(database)

    async def crash_after_enqueue() -> None:
        async with transaction(database):
            await outbox.enqueue(10, "claimed", {}, now=NOW)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await crash_after_enqueue()
    assert await outbox.due(later(1)) == []
    kept = await outbox.enqueue(11, "claimed", {}, now=NOW)
    assert [row.id for row in await outbox.due(later(1))] == [kept]


async def test_the_pending_query_uses_its_index(database: Database) -> None:
    async with database.conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ? "
        "ORDER BY next_attempt_at, id LIMIT 50",
        ("2026-01-01T00:00:00Z",),
    ) as cursor:
        plan = " ".join(str(row[3]) for row in await cursor.fetchall())
    assert "outbox_pending" in plan
