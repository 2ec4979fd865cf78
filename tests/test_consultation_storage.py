from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from pathlib import Path

import aiosqlite
import pytest

from bot.storage import (
    AdviserRepository,
    ConsultationRepository,
    ConsultationStatus,
    Database,
    DueStep,
    EventKind,
    EventRepository,
    Invite,
    MessageKey,
    NewConsultation,
    RelayRepository,
    transaction,
)
from bot.storage.migrations import MIGRATIONS

NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


def later(minutes: float) -> dt.datetime:
    return NOW + dt.timedelta(minutes=minutes)


def new(resident_id: int = 7, **changes: object) -> NewConsultation:
    base = NewConsultation(
        resident_id=resident_id,
        community_id="yingfeng",
        category="labor",
        summary="老板拖欠工资三个月",
        question_text="工资不发怎么办",
        consent=True,
        contact_name="张女士",
        contact_phone="138 0000 0000",
        urgent=False,
        urgent_reason=None,
        created_at=NOW,
        remind_due_at=later(120),
        escalate_due_at=later(240),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def consultations(database: Database) -> ConsultationRepository:
    return ConsultationRepository(database)


# --- schema ------------------------------------------------------------------------------


async def test_migration_2_creates_the_tables_and_indexes(database: Database) -> None:
    assert await database.schema_version() == len(MIGRATIONS) >= 2
    async with database.conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index')"
    ) as cursor:
        names = {row["name"] for row in await cursor.fetchall()}
    assert {
        "advisers",
        "invites",
        "consultations",
        "consultation_events",
        "consultation_messages",
        "relay_map",
        "outbox",
    } <= names
    assert {
        "consultations_by_status",
        "consultations_by_community",
        "consultations_by_resident",
        "consultations_by_time",
        "consultations_one_active_per_resident",
        "outbox_pending",
    } <= names


async def test_the_schema_refuses_inconsistent_rows(database: Database) -> None:
    conn = database.conn
    stamp = "2026-03-02T02:00:00Z"
    bad_rows = [
        # contact details without consent
        "INSERT INTO consultations (resident_id, community_id, category, summary, consent, "
        f"contact_phone, created_at) VALUES (1, 'a', 'labor', 's', 0, '123', '{stamp}')",
        # claimed without an adviser
        "INSERT INTO consultations (resident_id, community_id, category, summary, consent, "
        f"status, created_at) VALUES (1, 'a', 'labor', 's', 0, 'claimed', '{stamp}')",
        # a rating out of range
        "INSERT INTO consultations (resident_id, community_id, category, summary, consent, "
        f"status, adviser_id, closed_at, outcome, rating, created_at) "
        f"VALUES (1, 'a', 'labor', 's', 0, 'closed', 5, '{stamp}', 'other', 6, '{stamp}')",
        # a duty adviser with a community
        "INSERT INTO advisers (telegram_id, name, community_id, is_duty, created_at, source) "
        f"VALUES (1, 'n', 'a', 1, '{stamp}', 'config')",
        # an unknown event kind
        "INSERT INTO consultation_events (consultation_id, kind, at) "
        f"VALUES (1, 'exploded', '{stamp}')",
        # a payload that is not JSON
        "INSERT INTO outbox (chat_id, kind, payload, created_at) "
        f"VALUES (1, 'k', 'not json', '{stamp}')",
    ]
    for sql in bad_rows:
        with pytest.raises(aiosqlite.IntegrityError):
            await conn.execute(sql)
    await conn.rollback()


# --- consultations -----------------------------------------------------------------------


async def test_add_and_get(consultations: ConsultationRepository) -> None:
    stored = await consultations.add(new())
    assert stored.id == 1
    assert stored.status is ConsultationStatus.OPEN
    assert stored.contact_phone == "138 0000 0000"
    assert stored.created_at == NOW
    assert stored.remind_due_at == later(120)
    assert stored.channel == "telegram"
    assert await consultations.get(stored.id) == stored
    assert await consultations.get(99) is None


async def test_one_active_consultation_per_resident(consultations: ConsultationRepository) -> None:
    first = await consultations.add(new())
    with pytest.raises(aiosqlite.IntegrityError):
        await consultations.add(new())
    assert await consultations.active_for_resident(7) == first
    assert await consultations.close(first.id, "answered", 101, later(5))
    second = await consultations.add(new(created_at=later(10)))
    assert await consultations.active_for_resident(7) == second
    assert [c.id for c in await consultations.for_resident(7)] == [second.id, first.id]
    assert await consultations.for_resident(8) == []


async def test_claim_is_won_once(consultations: ConsultationRepository) -> None:
    stored = await consultations.add(new())
    results = await asyncio.gather(
        consultations.claim(stored.id, 101, later(1)),
        consultations.claim(stored.id, 102, later(1)),
    )
    assert sorted(results) == [False, True]
    claimed = await consultations.get(stored.id)
    assert claimed is not None
    assert claimed.status is ConsultationStatus.CLAIMED
    assert claimed.adviser_id in {101, 102}
    assert claimed.claimed_at == later(1)
    assert await consultations.claimed_by(claimed.adviser_id or 0) == [claimed]


async def test_reopen_reassign_close_rate(consultations: ConsultationRepository) -> None:
    stored = await consultations.add(new())
    await consultations.claim(stored.id, 101, later(1))
    assert await consultations.mark_step(stored.id, DueStep.REMIND, later(500)) is False
    assert await consultations.reopen(stored.id, "village-1", later(300), later(400))
    reopened = await consultations.get(stored.id)
    assert reopened is not None
    assert (reopened.status, reopened.community_id, reopened.adviser_id) == (
        ConsultationStatus.OPEN,
        "village-1",
        None,
    )
    assert (reopened.remind_due_at, reopened.reminded_at) == (later(300), None)
    assert await consultations.reassign(stored.id, "village-1", 900, later(2))
    assert await consultations.rate(stored.id, 5, True) is False  # not closed yet
    assert await consultations.close(stored.id, "mediation", 900, later(3))
    assert await consultations.close(stored.id, "other", 900, later(4)) is False
    assert await consultations.reopen(stored.id, "yingfeng", later(5), later(6)) is False
    assert await consultations.rate(stored.id, 4, False)
    assert await consultations.rate(stored.id, 5, True) is False
    closed = await consultations.get(stored.id)
    assert closed is not None
    assert (closed.outcome, closed.rating, closed.resolved, closed.closed_at) == (
        "mediation",
        4,
        False,
        later(3),
    )


async def test_closing_an_unclaimed_one_credits_the_closer(
    consultations: ConsultationRepository,
) -> None:
    stored = await consultations.add(new())
    await consultations.close(stored.id, "answered", 101, later(1))
    closed = await consultations.get(stored.id)
    assert closed is not None
    assert closed.adviser_id == 101


async def test_due_steps_and_marking_them(consultations: ConsultationRepository) -> None:
    first = await consultations.add(new(7))
    second = await consultations.add(new(8, remind_due_at=later(60), escalate_due_at=later(90)))
    assert await consultations.due_steps(later(59)) == []
    assert await consultations.due_steps(later(60)) == [(second.id, DueStep.REMIND)]
    assert await consultations.due_steps(later(240)) == [
        (first.id, DueStep.REMIND),
        (first.id, DueStep.ESCALATE),
        (second.id, DueStep.REMIND),
        (second.id, DueStep.ESCALATE),
    ]
    assert await consultations.mark_step(first.id, DueStep.ESCALATE, later(100)) is False
    assert await consultations.mark_step(second.id, DueStep.REMIND, later(60))
    assert await consultations.mark_step(second.id, DueStep.REMIND, later(61)) is False
    await consultations.claim(first.id, 101, later(70))
    assert await consultations.due_steps(later(240)) == [(second.id, DueStep.ESCALATE)]
    marked = await consultations.get(second.id)
    assert marked is not None
    assert marked.reminded_at == later(60)


async def test_open_queue_lists_urgent_first(consultations: ConsultationRepository) -> None:
    calm = await consultations.add(new(7))
    urgent = await consultations.add(
        new(8, urgent=True, urgent_reason="detention", created_at=later(1))
    )
    elsewhere = await consultations.add(new(9, community_id="village-1"))
    assert [c.id for c in await consultations.open_queue("yingfeng")] == [urgent.id, calm.id]
    assert [c.id for c in await consultations.open_queue(None)] == [
        urgent.id,
        calm.id,
        elsewhere.id,
    ]


async def test_claims_of_inactive_advisers_are_found(database: Database) -> None:
    consultations = ConsultationRepository(database)
    advisers = AdviserRepository(database)
    await advisers.upsert(101, "顾问甲", "yingfeng", source="config", now=NOW)
    stored = await consultations.add(new())
    await consultations.claim(stored.id, 101, later(1))
    assert await consultations.claimed_without_adviser() == []
    await advisers.set_active(101, False)
    assert [c.id for c in await consultations.claimed_without_adviser()] == [stored.id]


# --- events and relayed messages -----------------------------------------------------------


async def test_events_in_order(database: Database) -> None:
    stored = await ConsultationRepository(database).add(new())
    events = EventRepository(database)
    await events.add(stored.id, EventKind.CREATED, 7, NOW, '{"a": 1}')
    await events.add(stored.id, EventKind.REMINDED, None, later(1))
    found = await events.for_consultation(stored.id)
    assert [(e.kind, e.actor_id, e.detail) for e in found] == [
        (EventKind.CREATED, 7, '{"a": 1}'),
        (EventKind.REMINDED, None, None),
    ]
    assert await events.count(stored.id, EventKind.REMINDED) == 1


async def test_a_redelivered_message_is_stored_once(database: Database) -> None:
    stored = await ConsultationRepository(database).add(new())
    relay = RelayRepository(database)
    first = await relay.add_message(
        stored.id, 7, "to_adviser", "text", "你好", None, now=NOW, source=MessageKey(7, 5)
    )
    again = await relay.add_message(
        stored.id, 7, "to_adviser", "text", "你好", None, now=NOW, source=MessageKey(7, 5)
    )
    photo = await relay.add_message(
        stored.id, 101, "to_resident", "photo", None, "AgAD", now=later(1)
    )
    assert (first.inserted, again.inserted, again.id) == (True, False, first.id)
    assert photo.inserted
    messages = await relay.messages(stored.id)
    assert [(m.direction, m.kind, m.text, m.file_id) for m in messages] == [
        ("to_adviser", "text", "你好", None),
        ("to_resident", "photo", None, "AgAD"),
    ]


async def test_relay_map(database: Database) -> None:
    first = await ConsultationRepository(database).add(new(7))
    second = await ConsultationRepository(database).add(new(8))
    relay = RelayRepository(database)
    await relay.map_message(101, 10, first.id)
    assert await relay.consultation_for(101, 10) == first.id
    assert await relay.consultation_for(102, 10) is None
    await relay.map_message(101, 10, second.id)
    assert await relay.consultation_for(101, 10) == second.id


# --- advisers and invites ----------------------------------------------------------------


async def test_advisers(database: Database) -> None:
    advisers = AdviserRepository(database)
    added = await advisers.upsert(101, "顾问甲", "yingfeng", source="config", now=NOW)
    assert (added.is_duty, added.active, added.source) == (False, True, "config")
    await advisers.upsert(900, "值班", None, source="invite", now=NOW)
    await advisers.upsert(102, "顾问乙", "yingfeng", source="invite", now=NOW)
    assert [a.telegram_id for a in await advisers.active_for_community("yingfeng")] == [101, 102]
    assert [a.telegram_id for a in await advisers.active_duty()] == [900]
    assert await advisers.set_active(102, False)
    assert [a.telegram_id for a in await advisers.active_for_community("yingfeng")] == [101]
    assert await advisers.config_ids() == {101}
    assert await advisers.set_community(101, None)
    moved = await advisers.get(101)
    assert moved is not None
    assert (moved.is_duty, moved.community_id) == (True, None)
    assert await advisers.set_active(5, False) is False
    renamed = await advisers.upsert(102, "顾问乙2", "village-1", source="config", now=later(9))
    assert (renamed.active, renamed.community_id, renamed.created_at) == (True, "village-1", NOW)
    # duty advisers first (by name: 值 < 顾), then by community
    assert [a.telegram_id for a in await advisers.list_all()] == [900, 101, 102]


async def test_invites_are_single_use_and_expire(database: Database) -> None:
    advisers = AdviserRepository(database)
    invite = await advisers.add_invite(
        "hash-1", "yingfeng", created_by=1, created_at=NOW, expires_at=later(60)
    )
    assert invite == Invite(invite.number, "yingfeng", False, 1, NOW, later(60))
    assert await advisers.get_invite(invite.number) == invite
    assert await advisers.invite_by_hash("hash-1") == invite
    assert await advisers.invite_by_hash("tok") is None
    assert await advisers.use_invite(invite.number + 100, 5, NOW) is False
    assert await advisers.use_invite(invite.number, 5, later(1))
    assert await advisers.use_invite(invite.number, 6, later(2)) is False
    assert await advisers.revoke_invite(invite.number, 1, later(3)) is False
    used = await advisers.get_invite(invite.number)
    assert used is not None
    assert (used.used_by, used.used_at, used.revoked_at) == (5, later(1), None)
    old = await advisers.add_invite(
        "hash-2", None, created_by=1, created_at=NOW, expires_at=later(60)
    )
    assert old.is_duty
    assert await advisers.use_invite(old.number, 5, later(60)) is False
    revocable = await advisers.add_invite(
        "hash-3", None, created_by=1, created_at=NOW, expires_at=later(60)
    )
    assert await advisers.open_invites(later(59)) == [old, revocable]
    assert await advisers.revoke_invite(revocable.number, 2, later(4))
    assert await advisers.use_invite(revocable.number, 5, later(5)) is False
    assert await advisers.open_invites(later(5)) == [old]


# --- transactions ------------------------------------------------------------------------


async def test_a_failed_block_leaves_nothing(database: Database) -> None:
    consultations = ConsultationRepository(database)

    async def crash_between_writes() -> None:
        async with transaction(database):
            stored = await consultations.add(new())
            await EventRepository(database).add(stored.id, EventKind.CREATED, 7, NOW)
            raise RuntimeError("crash between writes")

    with pytest.raises(RuntimeError, match="crash between writes"):
        await crash_between_writes()
    assert await consultations.get(1) is None
    assert await consultations.active_for_resident(7) is None


async def test_blocks_of_two_tasks_do_not_interleave(database: Database) -> None:
    consultations = ConsultationRepository(database)
    order: list[str] = []

    async def block(name: str, resident_id: int) -> None:
        async with transaction(database):
            order.append(f"{name} start")
            await consultations.add(new(resident_id))
            await asyncio.sleep(0)
            order.append(f"{name} end")

    await asyncio.gather(block("a", 7), block("b", 8))
    assert order == ["a start", "a end", "b start", "b end"]


async def test_committed_rows_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    db = Database(path)
    await db.open()
    stored = await ConsultationRepository(db).add(new())
    await db.close()
    again = Database(path)
    await again.open()
    try:
        assert await ConsultationRepository(again).get(stored.id) == stored
    finally:
        await again.close()
