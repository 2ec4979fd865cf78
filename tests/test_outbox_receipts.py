"""Outbox receipts: a row Telegram took is marked sent after a kill, never sent again."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from telegram import Bot

from bot.outbox_receipts import NOT_RECORDED, OutboxReceipts, outbox_receipts_dir
from bot.services import DeliveryService
from bot.storage import Database
from bot.storage.outbox import OutboxRepository
from handlers.dispatch import OutboxDispatcher
from sandbox import SandboxServer

NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)


def test_a_receipt_round_trips_and_is_forgotten(tmp_path: Path) -> None:
    receipts = OutboxReceipts(tmp_path / "r")
    assert receipts.get(7) == NOT_RECORDED
    receipts.sending(7)
    assert (receipts.get(7), receipts.being_sent(7)) == (NOT_RECORDED, True)
    receipts.record(7, 42)
    receipts.record(9, None)
    assert not receipts.being_sent(7)
    assert (receipts.get(7), receipts.get(9), receipts.rows()) == (42, None, [7, 9])
    receipts.forget(7)
    assert (receipts.get(7), receipts.rows()) == (NOT_RECORDED, [9])
    assert (tmp_path / "r").stat().st_mode & 0o777 == 0o700


def test_in_memory_keeps_no_receipts() -> None:
    receipts = OutboxReceipts(outbox_receipts_dir(Database(Path(":memory:"))))
    receipts.record(1, 2)
    assert (receipts.get(1), receipts.rows()) == (NOT_RECORDED, [])


async def test_receipts_left_by_a_kill_mark_their_rows_sent(database: Database) -> None:
    outbox = OutboxRepository(database)
    taken = await outbox.enqueue(5001, "claimed", {"x": 1}, now=NOW)
    waiting = await outbox.enqueue(5001, "claimed", {"x": 2}, now=NOW)
    receipts = OutboxReceipts(outbox_receipts_dir(database))
    receipts.record(taken, 314)
    receipts.record(99, 1)  # a row erased since: nothing to mark
    dispatcher = OutboxDispatcher(
        DeliveryService(outbox, lambda: NOW), ZoneInfo("UTC"), receipts=receipts
    )
    assert await dispatcher.settle_receipts() == 1
    row = await outbox.get(taken)
    assert row is not None
    assert (row.sent_at, row.message_id) == (NOW, 314)
    assert [r.id for r in await outbox.due(NOW)] == [waiting]
    assert receipts.rows() == []


async def test_a_row_in_flight_at_a_kill_stays_due_and_is_logged(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = OutboxRepository(database)
    row = await outbox.enqueue(5001, "claimed", {"x": 1}, now=NOW)
    receipts = OutboxReceipts(outbox_receipts_dir(database))
    receipts.sending(row)  # then the kill: Telegram may or may not have taken it
    dispatcher = OutboxDispatcher(
        DeliveryService(outbox, lambda: NOW), ZoneInfo("UTC"), receipts=receipts
    )
    with caplog.at_level(logging.WARNING):
        assert await dispatcher.settle_receipts() == 0
    assert [r.id for r in await outbox.due(NOW)] == [row]  # sent again: never lost
    assert receipts.rows() == []
    assert f"outbox {row} was in flight at the last stop" in caplog.text


def long_message(resident: int) -> dict[str, object]:
    """A relayed message to the adviser too long for one Telegram message (two parts)."""
    lines = [f"第{n}条：我有考勤记录、工资条和聊天记录，可以证明公司拖欠工资。" for n in range(160)]
    return {
        "consultation_id": 1,
        "community_name": "迎凤社区",
        "sender_label": f"居民 #{resident}",
        "sender_role": "resident",
        "kind": "text",
        "text": "\n".join(lines),
        "file_id": None,
        "recipient_role": "community",
    }


async def test_a_split_notice_cut_short_resumes_at_its_first_unsent_part(
    database: Database,
) -> None:
    """Part 1 taken, part 2 refused (flood limit), then a restart: each part arrives once."""
    outbox = OutboxRepository(database)
    row = await outbox.enqueue(6001, "message_to_adviser", long_message(5001), now=NOW)
    clock = [NOW]
    delivery = DeliveryService(outbox, lambda: clock[0])
    # One message a chat every two seconds: part 2, sent right after part 1, gets a 429.
    async with SandboxServer(rate_limit_per_chat_per_second=0.5) as server:
        adviser = server.user(6001, "李律师")
        await adviser.send_command("/start")  # a bot may only write to who started it
        async with Bot(server.token, base_url=server.base_url) as bot:
            first = OutboxDispatcher(
                delivery, ZoneInfo("UTC"), receipts=OutboxReceipts(outbox_receipts_dir(database))
            )
            assert await first.flush(bot) == 0
            assert len(adviser.transcript()) == 1
            # The process stops; the next one settles the receipts and sends what is due.
            second = OutboxDispatcher(
                delivery, ZoneInfo("UTC"), receipts=OutboxReceipts(outbox_receipts_dir(database))
            )
            await second.settle_receipts()
            await asyncio.sleep(2.1)  # the flood limit lets one more message through
            clock[0] = NOW + dt.timedelta(minutes=5)
            assert await second.flush(bot) == 1
        parts = [m.text for m in adviser.transcript()]
    assert len(parts) == 2
    assert parts[0].count("第0条") == 1
    assert "第159条" in parts[1]
    assert "第0条" not in parts[1]
    stored = await outbox.get(row)
    assert stored is not None
    assert stored.sent_at is not None
    assert OutboxReceipts(outbox_receipts_dir(database)).rows() == []
