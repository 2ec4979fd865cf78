"""What waits for a staff member who never opened the bot, and which errors mean that."""

from __future__ import annotations

import datetime as dt

from telegram.error import BadRequest, Forbidden, TimedOut

from bot.storage import Database, OutboxRepository
from handlers.staff_reach import cannot_message

NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


async def test_what_was_given_up_for_a_chat_is_due_again_once_resumed(database: Database) -> None:
    outbox = OutboxRepository(database)
    card = await outbox.enqueue(9002, "new_consultation", {"consultation_id": 1}, now=NOW)
    broken = await outbox.enqueue(9002, "new_consultation", {"consultation_id": 2}, now=NOW)
    sent = await outbox.enqueue(9002, "claimed", {"consultation_id": 3}, now=NOW)
    other = await outbox.enqueue(9003, "new_consultation", {"consultation_id": 4}, now=NOW)
    await outbox.mark_failed(card, "Forbidden: bot can't initiate conversation", None)
    await outbox.mark_failed(broken, "unrenderable: bad payload", None)
    await outbox.mark_sent(sent, 5, NOW)
    await outbox.mark_failed(other, "Bad Request: chat not found", None)
    assert await outbox.due(NOW) == []
    later = NOW + dt.timedelta(hours=1)
    assert await outbox.resume_given_up(9002, later) == 1
    assert [row.id for row in await outbox.due(later)] == [card]  # not the others


def test_which_errors_mean_the_chat_cannot_be_messaged() -> None:
    assert cannot_message(Forbidden("Forbidden: bot can't initiate conversation with a user"))
    assert cannot_message(BadRequest("Bad Request: chat not found"))
    assert not cannot_message(BadRequest("Bad Request: message is too long"))
    assert not cannot_message(TimedOut())
