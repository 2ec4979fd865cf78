"""Messages relayed between a resident and an adviser, and which chat message is whose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.transaction import transaction

__all__ = ["ConsultationMessage", "Direction", "MessageKind", "RelayRepository", "StoredMessage"]

Direction = Literal["to_adviser", "to_resident"]
MessageKind = Literal["text", "photo", "document"]


@dataclass(frozen=True, slots=True)
class ConsultationMessage:
    """One relayed message as stored; a photo or document is kept as its Telegram ``file_id``."""

    id: int
    consultation_id: int
    sender_id: int
    direction: Direction
    kind: MessageKind
    text: str | None
    file_id: str | None
    at: dt.datetime
    update_id: int | None


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """The outcome of storing a message: its id, and whether it was new.

    ``inserted`` is ``False`` when the same update was stored before (a re-delivery).
    """

    id: int
    inserted: bool


class RelayRepository:
    """Typed access to ``consultation_messages`` and ``relay_map``.

    Each write commits on its own, or joins the enclosing
    :func:`~bot.storage.transaction.transaction` block.
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
        update_id: int | None = None,
    ) -> StoredMessage:
        """Store a relayed message once per ``update_id``.

        Args:
            consultation_id: The consultation it belongs to.
            sender_id: Who sent it.
            direction: ``to_adviser`` (from the resident) or ``to_resident``.
            kind: ``text``, ``photo`` or ``document``.
            text: The text or caption.
            file_id: Telegram's id of the photo or document.
            now: When it was received.
            update_id: The Telegram update, so a re-delivered update is stored once.

        Returns:
            The message id, and whether it was stored just now.
        """
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                INSERT INTO consultation_messages
                    (consultation_id, sender_id, direction, kind, text, file_id, at, update_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (update_id) DO NOTHING
                """,
                (consultation_id, sender_id, direction, kind, text, file_id, to_db(now), update_id),
            )
            if cursor.rowcount == 1 and cursor.lastrowid is not None:
                return StoredMessage(cursor.lastrowid, inserted=True)
            async with conn.execute(
                "SELECT id FROM consultation_messages WHERE update_id = ?", (update_id,)
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
                update_id=row["update_id"],
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
