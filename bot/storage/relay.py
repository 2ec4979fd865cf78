"""Messages relayed between a resident and an adviser, and which chat message is whose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import aiosqlite

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.keys import MessageKey
from bot.storage.transaction import transaction

__all__ = ["ConsultationMessage", "Direction", "MessageKind", "RelayRepository", "StoredMessage"]

Direction = Literal["to_adviser", "to_resident"]
MessageKind = Literal["text", "photo", "document"]


@dataclass(frozen=True, slots=True)
class ConsultationMessage:
    """One relayed message as stored; a photo or document is kept as its Telegram ``file_id``.

    ``source`` is the Telegram message it came in (``None`` for older rows and for messages
    not from Telegram).
    """

    id: int
    consultation_id: int
    sender_id: int
    direction: Direction
    kind: MessageKind
    text: str | None
    file_id: str | None
    at: dt.datetime
    source: MessageKey | None


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """The outcome of storing a message: its id, and whether it was new.

    ``inserted`` is ``False`` when the same message was stored before (a re-delivery).
    """

    id: int
    inserted: bool


class RelayRepository:
    """Typed access to ``consultation_messages`` and ``relay_map``.

    Each write opens its own :func:`~bot.storage.transaction.transaction` block, or joins
    the enclosing one.
    """

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def add_message(
        self,
        consultation_id: int,
        sender_id: int,
        direction: Direction,
        kind: MessageKind,
        text: str | None,
        file_id: str | None,
        *,
        now: dt.datetime,
        source: MessageKey | None = None,
    ) -> StoredMessage:
        """Store a relayed message once per ``source`` message.

        Args:
            consultation_id: The consultation it belongs to.
            sender_id: Who sent it.
            direction: ``to_adviser`` (from the resident) or ``to_resident``.
            kind: ``text``, ``photo`` or ``document``.
            text: The text or caption.
            file_id: Telegram's id of the photo or document.
            now: When it was received.
            source: The Telegram message it came in, so a re-delivery is stored once.

        Returns:
            The message id, and whether it was stored just now.
        """
        chat_id, message_id = (source.chat_id, source.message_id) if source else (None, None)
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                INSERT INTO consultation_messages
                    (consultation_id, sender_id, direction, kind, text, file_id, at,
                     source_chat_id, source_message_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source_chat_id, source_message_id) DO NOTHING
                """,
                (
                    consultation_id,
                    sender_id,
                    direction,
                    kind,
                    text,
                    file_id,
                    to_db(now),
                    chat_id,
                    message_id,
                ),
            )
            if cursor.rowcount == 1 and cursor.lastrowid is not None:
                return StoredMessage(cursor.lastrowid, inserted=True)
            async with conn.execute(
                """
                SELECT id FROM consultation_messages
                WHERE source_chat_id = ? AND source_message_id = ?
                """,
                (chat_id, message_id),
            ) as existing:
                row = await existing.fetchone()
        if row is None:
            raise RuntimeError("message neither inserted nor found")
        return StoredMessage(int(row["id"]), inserted=False)

    async def messages(self, consultation_id: int) -> list[ConsultationMessage]:
        """Return the consultation's relayed messages, oldest first."""
        async with self._db.conn.execute(
            "SELECT * FROM consultation_messages WHERE consultation_id = ? ORDER BY id",
            (consultation_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            ConsultationMessage(
                id=row["id"],
                consultation_id=row["consultation_id"],
                sender_id=row["sender_id"],
                direction=row["direction"],
                kind=row["kind"],
                text=row["text"],
                file_id=row["file_id"],
                at=from_db(row["at"]),
                source=_source(row),
            )
            for row in rows
        ]

    async def map_message(self, chat_id: int, message_id: int, consultation_id: int) -> None:
        """Remember that message ``message_id`` in ``chat_id`` belongs to the consultation."""
        async with transaction(self._db) as conn:
            await conn.execute(
                """
                INSERT INTO relay_map (chat_id, message_id, consultation_id) VALUES (?, ?, ?)
                ON CONFLICT (chat_id, message_id) DO UPDATE
                SET consultation_id = excluded.consultation_id
                """,
                (chat_id, message_id, consultation_id),
            )

    async def consultation_for(self, chat_id: int, message_id: int) -> int | None:
        """Return the consultation that message ``message_id`` in ``chat_id`` belongs to."""
        async with self._db.conn.execute(
            "SELECT consultation_id FROM relay_map WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        ) as cursor:
            row = await cursor.fetchone()
        return int(row["consultation_id"]) if row is not None else None


def _source(row: aiosqlite.Row) -> MessageKey | None:
    chat_id, message_id = row["source_chat_id"], row["source_message_id"]
    if chat_id is None or message_id is None:
        return None
    return MessageKey(int(chat_id), int(message_id))
