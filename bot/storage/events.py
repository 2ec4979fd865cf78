"""The history of each consultation: who did what, when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.transaction import transaction

__all__ = ["ConsultationEvent", "EventKind", "EventRepository"]


class EventKind(StrEnum):
    """What happened to a consultation."""

    CREATED = "created"
    CLAIMED = "claimed"
    TRANSFERRED = "transferred"
    REMINDED = "reminded"
    ESCALATED = "escalated"
    CLOSED = "closed"
    RATED = "rated"
    MESSAGE = "message"


@dataclass(frozen=True, slots=True)
class ConsultationEvent:
    """One entry of a consultation's history; ``detail`` is a JSON object or ``None``.

    ``actor_id`` is ``None`` for what the bot did on its own (reminders, escalations).
    """

    id: int
    consultation_id: int
    kind: EventKind
    actor_id: int | None
    detail: str | None
    at: dt.datetime


class EventRepository:
    """Typed access to ``consultation_events``.

    Each write opens its own :func:`~bot.storage.transaction.transaction` block, or joins
    the enclosing one.
    """

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def add(
        self,
        consultation_id: int,
        kind: EventKind,
        actor_id: int | None,
        now: dt.datetime,
        detail: str | None = None,
    ) -> int:
        """Append an event to the consultation's history and return its id."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                INSERT INTO consultation_events (consultation_id, kind, actor_id, detail, at)
                VALUES (?, ?, ?, ?, ?)
                """,
                (consultation_id, kind.value, actor_id, detail, to_db(now)),
            )
        if cursor.lastrowid is None:
            raise RuntimeError("event not inserted")
        return cursor.lastrowid

    async def for_consultation(self, consultation_id: int) -> list[ConsultationEvent]:
        """Return the consultation's history, oldest first."""
        async with self._db.conn.execute(
            "SELECT * FROM consultation_events WHERE consultation_id = ? ORDER BY id",
            (consultation_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            ConsultationEvent(
                id=row["id"],
                consultation_id=row["consultation_id"],
                kind=EventKind(row["kind"]),
                actor_id=row["actor_id"],
                detail=row["detail"],
                at=from_db(row["at"]),
            )
            for row in rows
        ]

    async def count(self, consultation_id: int, kind: EventKind) -> int:
        """Return how many events of ``kind`` the consultation has."""
        async with self._db.conn.execute(
            "SELECT count(*) FROM consultation_events WHERE consultation_id = ? AND kind = ?",
            (consultation_id, kind.value),
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0
