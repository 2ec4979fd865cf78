"""The persistent outbox: notifications waiting to be sent, sent, or retried.

Use cases only enqueue; a dispatcher sends what is due and marks each row sent (with the
Telegram message id) or failed (with when to retry). A row survives a restart until sent.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.receipts import note_handover
from bot.storage.transaction import transaction

__all__ = ["OutboxMessage", "OutboxRepository"]


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """One notification in the outbox.

    ``next_attempt_at`` is ``None`` once the dispatcher gave up on it; ``payload`` is the
    decoded JSON object.
    """

    id: int
    chat_id: int
    kind: str
    payload: dict[str, Any] = field(hash=False)
    consultation_id: int | None
    created_at: dt.datetime
    attempts: int
    next_attempt_at: dt.datetime | None
    sent_at: dt.datetime | None
    message_id: int | None
    last_error: str | None


def _message(row: aiosqlite.Row) -> OutboxMessage:
    def stamp(name: str) -> dt.datetime | None:
        value = row[name]
        return from_db(value) if value else None

    return OutboxMessage(
        id=row["id"],
        chat_id=row["chat_id"],
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        consultation_id=row["consultation_id"],
        created_at=from_db(row["created_at"]),
        attempts=row["attempts"],
        next_attempt_at=stamp("next_attempt_at"),
        sent_at=stamp("sent_at"),
        message_id=row["message_id"],
        last_error=row["last_error"],
    )


class OutboxRepository:
    """Typed access to the ``outbox`` table.

    Each write opens its own :func:`~bot.storage.transaction.transaction` block, or joins
    the enclosing one (so a use case's state change and
    its notifications are stored together or not at all).
    """

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def enqueue(
        self,
        chat_id: int,
        kind: str,
        payload: Mapping[str, Any],
        *,
        now: dt.datetime,
        consultation_id: int | None = None,
    ) -> int:
        """Queue a notification for ``chat_id``, due at once; return its id.

        Args:
            chat_id: Recipient chat (a user's id for a private chat).
            kind: What the notification is; tells the dispatcher how to render it.
            payload: JSON-serializable data for the renderer.
            now: Creation time; the first attempt is due then.
            consultation_id: The consultation it belongs to, if any.
        """
        text = json.dumps(dict(payload), ensure_ascii=False, sort_keys=True)
        stamp = to_db(now)
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                INSERT INTO outbox (chat_id, kind, payload, consultation_id, created_at,
                                    next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                (chat_id, kind, text, consultation_id, stamp, stamp),
            )
            note_handover()
        if cursor.lastrowid is None:
            raise RuntimeError("outbox row not inserted")
        return cursor.lastrowid

    async def get(self, outbox_id: int) -> OutboxMessage | None:
        """Return one outbox row, or ``None``."""
        async with self._db.conn.execute(
            "SELECT * FROM outbox WHERE id = ?", (outbox_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _message(row) if row is not None else None

    async def due(self, now: dt.datetime, limit: int = 50) -> list[OutboxMessage]:
        """Return up to ``limit`` unsent rows whose next attempt is due, oldest first."""
        async with self._db.conn.execute(
            """
            SELECT * FROM outbox
            WHERE sent_at IS NULL AND next_attempt_at <= ?
            ORDER BY next_attempt_at, id
            LIMIT ?
            """,
            (to_db(now), limit),
        ) as cursor:
            return [_message(row) for row in await cursor.fetchall()]

    async def for_consultation(self, consultation_id: int) -> list[OutboxMessage]:
        """Return every row of one consultation, in order."""
        async with self._db.conn.execute(
            "SELECT * FROM outbox WHERE consultation_id = ? ORDER BY id", (consultation_id,)
        ) as cursor:
            return [_message(row) for row in await cursor.fetchall()]

    async def pending_count(self) -> int:
        """Return how many rows are unsent and still to be tried."""
        async with self._db.conn.execute(
            "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL"
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def mark_sent(self, outbox_id: int, message_id: int | None, now: dt.datetime) -> bool:
        """Record that the row was delivered as Telegram message ``message_id``.

        When the row belongs to a consultation and ``message_id`` is known, the message is
        also entered in ``relay_map``, so a reply to it is routed to that consultation.

        Returns:
            ``False`` if the row is unknown or was already marked sent (nothing changes).
        """
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                UPDATE outbox SET sent_at = ?, message_id = ?, attempts = attempts + 1,
                                  last_error = NULL
                WHERE id = ? AND sent_at IS NULL
                """,
                (to_db(now), message_id, outbox_id),
            )
            if cursor.rowcount != 1:
                return False
            if message_id is not None:
                await conn.execute(
                    """
                    INSERT INTO relay_map (chat_id, message_id, consultation_id)
                    SELECT chat_id, message_id, consultation_id FROM outbox
                    WHERE id = ? AND consultation_id IS NOT NULL
                    ON CONFLICT (chat_id, message_id) DO NOTHING
                    """,
                    (outbox_id,),
                )
        return True

    async def resume_given_up(self, chat_id: int, now: dt.datetime) -> int:
        """Make due again what was given up on for ``chat_id`` (it had no chat); return how many.

        A notice that could not be rendered stays given up: it would fail the same way.
        """
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                UPDATE outbox SET next_attempt_at = ?
                WHERE chat_id = ? AND sent_at IS NULL AND next_attempt_at IS NULL
                  AND coalesce(last_error, '') NOT LIKE 'unrenderable%'
                """,
                (to_db(now), chat_id),
            )
        return cursor.rowcount

    async def mark_failed(self, outbox_id: int, error: str, retry_at: dt.datetime | None) -> bool:
        """Record a failed attempt and when to try again.

        Args:
            outbox_id: The row.
            error: What went wrong (kept, truncated to 500 characters).
            retry_at: When the row is due again; ``None`` gives up on it for good
                (e.g. the user blocked the bot).

        Returns:
            ``False`` if the row is unknown or already sent (nothing changes).
        """
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                WHERE id = ? AND sent_at IS NULL
                """,
                (error[:500], to_db(retry_at) if retry_at else None, outbox_id),
            )
        return cursor.rowcount == 1
