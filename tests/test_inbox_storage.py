"""The update inbox table: stored before confirmation, forgotten once handled."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from telegram import Update

from bot.inbox import UpdateInbox
from bot.sent_journal import SentCall, SentJournal
from bot.storage import Database, transaction
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


def _message(update_id: int, chat_id: int = 5) -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": chat_id, "type": "private"},
                "text": "离婚冷静期多久",
            },
        },
        None,
    )


async def test_calls_accepted_before_a_kill_are_answered_from_the_journal_on_replay(
    database: Database, tmp_path: Path
) -> None:
    journal = tmp_path / "bot.db-sent"
    before = UpdateInbox(InboxRepository(database), journal=SentJournal(journal))
    update = _message(7)
    assert await before.take([update, _message(8)])
    sent = {"message_id": 9, "chat": {"id": 5}}
    first = before.call(update, "sendMessage", {"chat_id": 5, "text": "答复一"})
    second = before.call(update, "sendMessage", {"chat_id": 5, "text": "答复二"})
    assert first is not None
    assert first.replayed is None
    assert second is not None
    before.accepted(first, sent)  # the second never came back: the bot was killed
    assert before.call(_message(99), "sendMessage", {"chat_id": 5}) is None  # not in hand

    after = UpdateInbox(InboxRepository(database), journal=SentJournal(journal))
    queue: asyncio.Queue[object] = asyncio.Queue()
    assert await after.replay(None, queue) == 2  # type: ignore[arg-type]
    again = after.call(update, "sendMessage", {"chat_id": 5, "text": "答复一"})
    assert again is not None
    assert again.replayed is not None
    assert again.replayed.result == sent
    resend = after.call(update, "sendMessage", {"chat_id": 5, "text": "答复二"})
    assert resend is not None
    assert resend.replayed is None
    await after.done(update)
    assert sorted(path.name for path in journal.iterdir()) == []


async def test_a_replay_that_takes_another_turn_makes_its_calls(
    database: Database, tmp_path: Path
) -> None:
    journal = SentJournal(tmp_path / "sent")
    before = UpdateInbox(InboxRepository(database), journal=journal)
    update = _message(7)
    await before.take([update])
    call = before.call(update, "sendMessage", {"chat_id": 5})
    assert call is not None
    before.accepted(call, {"message_id": 1})
    after = UpdateInbox(InboxRepository(database), journal=journal)
    await after.replay(None, asyncio.Queue())  # type: ignore[arg-type]
    other = after.call(update, "answerCallbackQuery", {"callback_query_id": "q1"})
    assert other is not None
    assert other.replayed is None


def test_the_journal_keeps_pending_updates_only_and_skips_a_cut_line(tmp_path: Path) -> None:
    directory = tmp_path / "sent"
    journal = SentJournal(directory)
    journal.record(1, SentCall(0, "sendMessage", "5", {"message_id": 3}))
    journal.record(1, SentCall(1, "answerCallbackQuery", "q", True))
    journal.record(2, SentCall(0, "sendMessage", "6", {"message_id": 4}))
    with (directory / "1.jsonl").open("a", encoding="utf-8") as file:
        file.write('{"seq": 2, "meth')  # a kill in the middle of a line
    loaded = journal.load({1, 3})
    assert loaded == {
        1: {
            0: SentCall(0, "sendMessage", "5", {"message_id": 3}),
            1: SentCall(1, "answerCallbackQuery", "q", True),
        }
    }
    assert sorted(path.name for path in directory.iterdir()) == ["1.jsonl"]  # 2 was handled
    assert directory.stat().st_mode & 0o077 == 0
    assert (directory / "1.jsonl").stat().st_mode & 0o077 == 0


async def test_the_inbox_keeps_the_json_telegram_sent(database: Database) -> None:
    inbox = UpdateInbox(InboxRepository(database))
    sent = '{"update_id":31,"message":{"message_id":31,"date":0,"chat":{"id":5,"type":"private"},"text":"离婚冷静期多久"}}'  # noqa: E501
    assert await inbox.take([_message(31), _message(32)], {31: sent})
    stored = {row.update_id: row.payload for row in await InboxRepository(database).pending()}
    assert stored[31] == sent  # as it came, not written back by PTB
    assert Update.de_json(json.loads(stored[32]), None) == _message(32)  # none sent: to_json
    queue: asyncio.Queue[object] = asyncio.Queue()
    assert await UpdateInbox(InboxRepository(database)).replay(None, queue) == 2  # type: ignore[arg-type]
    assert queue.get_nowait() == _message(31)


async def test_a_removal_alone_waits_for_another_tasks_block_and_is_kept(
    database: Database,
) -> None:
    repository = InboxRepository(database)
    await repository.add([PendingUpdate(1, "{}"), PendingUpdate(2, "{}")], now=NOW)
    inside, go_on = asyncio.Event(), asyncio.Event()

    async def failing_block() -> None:
        async with transaction(database) as conn:
            await conn.execute("DELETE FROM inbox WHERE update_id = 2")
            inside.set()
            await go_on.wait()
            raise RuntimeError("a use case failing halfway")

    block = asyncio.create_task(failing_block())
    await inside.wait()
    removal = asyncio.create_task(repository.remove(1))
    await asyncio.sleep(0.05)
    assert not removal.done()  # it waits for the block: it never runs inside it
    go_on.set()
    with pytest.raises(RuntimeError):
        await block
    await removal
    with sqlite3.connect(database.path) as conn:  # what is committed to the file
        assert conn.execute("SELECT update_id FROM inbox").fetchall() == [(2,)]
