"""The update inbox table: stored before confirmation, forgotten once handled."""

from __future__ import annotations

import datetime as dt

from bot.inbox import UpdateInbox
from bot.storage import Database
from bot.storage.inbox import InboxRepository, PendingUpdate

NOW = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(minutes=1)


async def test_updates_are_pending_in_order_until_removed(database: Database) -> None:
    inbox = InboxRepository(database)
    assert await inbox.last_taken() is None
    await inbox.add([PendingUpdate(12, '{"update_id": 12}'), PendingUpdate(11, "{}")], now=NOW)
    assert [row.update_id for row in await inbox.pending()] == [11, 12]
    assert await inbox.last_taken() == (12, NOW)
    await inbox.remove(11)
    assert await inbox.pending() == [PendingUpdate(12, '{"update_id": 12}')]


async def test_a_second_delivery_keeps_the_first_copy_and_the_mark_never_goes_back(
    database: Database,
) -> None:
    inbox = InboxRepository(database)
    await inbox.add([PendingUpdate(20, '{"v": 1}')], now=NOW)
    await inbox.add([PendingUpdate(20, '{"v": 2}'), PendingUpdate(5, "{}")], now=LATER)
    assert [(row.update_id, row.payload) for row in await inbox.pending()] == [
        (5, "{}"),
        (20, '{"v": 1}'),
    ]
    await inbox.remove(20)
    await inbox.remove(5)
    assert await inbox.pending() == []
    assert await inbox.last_taken() == (20, LATER)  # the mark stays: nothing personal in it


async def test_the_first_poll_resumes_past_the_mark_only_while_telegram_keeps_updates(
    database: Database,
) -> None:
    now = [NOW]
    inbox = UpdateInbox(InboxRepository(database), clock=lambda: now[0])
    assert await inbox.resume_offset() is None
    await InboxRepository(database).add([PendingUpdate(41, "{}")], now=NOW)
    now[0] = NOW + dt.timedelta(hours=23)
    assert await inbox.resume_offset() == 42
    now[0] = NOW + dt.timedelta(hours=25)  # Telegram dropped whatever was unconfirmed
    assert await inbox.resume_offset() is None
