"""The log of changes staff make to the knowledge base from Telegram (``/kb log``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.transaction import transaction

__all__ = ["KbChange", "KbChangeKind", "KbChangeLog", "NewKbChange"]


class KbChangeKind(StrEnum):
    """What a change did to an item."""

    ADDED = "added"
    """A new item file was uploaded."""
    UPDATED = "updated"
    """An item file was replaced by an uploaded version."""
    SAMPLE = "sample"
    """A resident's (masked) question was attached to the item as a sample phrasing."""


@dataclass(frozen=True, slots=True)
class NewKbChange:
    """A change to record."""

    staff_id: int
    item_id: str
    kind: KbChangeKind
    detail: str = ""


@dataclass(frozen=True, slots=True)
class KbChange:
    """A change as stored."""

    id: int
    changed_at: dt.datetime
    staff_id: int
    item_id: str
    kind: KbChangeKind
    detail: str


class KbChangeLog:
    """Typed access to ``kb_changes``; writes open a transaction block or join the caller's."""

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def add(self, changes: Sequence[NewKbChange], now: dt.datetime) -> None:
        """Record ``changes``, all made at ``now``."""
        async with transaction(self._db) as conn:
            await conn.executemany(
                "INSERT INTO kb_changes (changed_at, staff_id, item_id, kind, detail)"
                " VALUES (?, ?, ?, ?, ?)",
                [(to_db(now), c.staff_id, c.item_id, c.kind.value, c.detail) for c in changes],
            )

    async def latest(self, limit: int = 20) -> list[KbChange]:
        """Return the ``limit`` most recent changes, newest first."""
        async with self._db.conn.execute(
            "SELECT * FROM kb_changes ORDER BY id DESC LIMIT ?", (limit,)
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            KbChange(
                id=row["id"],
                changed_at=from_db(row["changed_at"]),
                staff_id=row["staff_id"],
                item_id=row["item_id"],
                kind=KbChangeKind(row["kind"]),
                detail=row["detail"],
            )
            for row in rows
        ]
