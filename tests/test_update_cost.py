"""What one resident's question costs the bot beyond retrieval: trips to the database thread.

aiosqlite runs every call on its own thread; each call is a hand-over there and back (a
queue, a wake-up, the GIL changing hands), the largest part of the bot's own CPU per
question under load. These tests count the trips one question takes, through the real
application and a real SQLite file, so that a change adding trips to the path shows.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.inbox import UpdateInbox
from bot.persistence import SqlitePersistence
from bot.storage import Database
from bot.storage.inbox import InboxRepository
from knowledge import KnowledgeBase
from tests.offline import OfflineBot, offline_bot

RESIDENT = 5001


@pytest.fixture
async def bot(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[OfflineBot]:
    """The offline bot, with a resident who has asked once already."""
    async with offline_bot(tmp_path, kb) as world:
        await world.say(RESIDENT, "工伤认定怎么申请")
        yield world


class Trips:
    """Counts the calls made on aiosqlite's thread (every execute, fetch, close, commit)."""

    def __init__(self, database: Database) -> None:
        """Count the trips of ``database``'s one connection from now on."""
        self.count = 0
        connection = database.conn
        original: Callable[..., Awaitable[Any]] = connection._execute

        async def counted(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await original(fn, *args, **kwargs)

        connection._execute = counted  # type: ignore[method-assign]


async def test_a_question_takes_few_trips_to_the_database(bot: OfflineBot) -> None:
    persistence = bot.application.persistence
    assert isinstance(persistence, SqlitePersistence)
    trips = Trips(persistence._database)
    await bot.application.process_update(bot.text_update(RESIDENT, "老板拖欠工资怎么办"))
    (answer,) = bot.sent_to(RESIDENT)[-1:]
    assert "工资" in answer.text
    # Three reads of one trip each (open consultation, open quiz, role; the last consultation
    # is read only for text that could rate it); the asker's row, the question and its 人次
    # key in one block of one trip (write_block).
    assert trips.count <= 4, trips.count


async def test_an_update_that_changed_no_draft_leaves_the_inbox_in_one_trip(
    database: Database,
) -> None:
    inbox = UpdateInbox(InboxRepository(database))
    update = Update.de_json(
        {
            "update_id": 3,
            "message": {"message_id": 3, "date": 0, "chat": {"id": 5, "type": "private"}},
        },
        None,
    )
    assert await inbox.take([update])
    trips = Trips(database)
    assert await inbox.done(update)
    assert trips.count == 1  # one DELETE, atomic alone: no BEGIN, no COMMIT
    assert await InboxRepository(database).pending() == []


async def test_the_updates_of_one_poll_are_stored_in_one_trip(database: Database) -> None:
    inbox = UpdateInbox(InboxRepository(database))
    updates = [
        Update.de_json(
            {
                "update_id": update_id,
                "message": {
                    "message_id": update_id,
                    "date": 0,
                    "chat": {"id": 5, "type": "private"},
                },
            },
            None,
        )
        for update_id in (3, 4, 5)
    ]
    trips = Trips(database)
    assert await inbox.take(updates)
    assert trips.count == 1  # BEGIN, the rows, the last taken id and COMMIT: one function
    assert [row.update_id for row in await InboxRepository(database).pending()] == [3, 4, 5]
