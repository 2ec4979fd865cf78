"""The update inbox: updates taken from Telegram and not yet handled, as their JSON.

A row is written before Telegram is told the update was received, and deleted once it was
handled (rows hold what people wrote, so nothing is kept longer). The single ``inbox_offset``
row remembers the last update id taken and when, so the first poll after a restart confirms
everything taken before and Telegram does not hand it over a second time.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import partial

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.transaction import transaction, write_block, write_one

__all__ = ["InboxRepository", "PendingUpdate"]

_REMOVE = "DELETE FROM inbox WHERE update_id = ?"


@dataclass(frozen=True, slots=True)
class PendingUpdate:
    """One update taken but not handled yet."""

    update_id: int
    payload: str
    """The update as Telegram's JSON text."""


def _store(
    conn: sqlite3.Connection, *, rows: list[tuple[int, str, str]], last: int, stamp: str
) -> None:
    """Insert the taken updates and advance the last taken id (database thread, one block)."""
    conn.executemany(
        "INSERT OR IGNORE INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)", rows
    )
    conn.execute(
        """
        INSERT INTO inbox_offset (id, last_update_id, taken_at) VALUES (1, ?, ?)
        ON CONFLICT (id) DO UPDATE
            SET last_update_id = max(last_update_id, excluded.last_update_id),
                taken_at = excluded.taken_at
        """,
        (last, stamp),
    )


class InboxRepository:
    """Typed queries on the ``inbox`` and ``inbox_offset`` tables."""

    def __init__(self, db: Database) -> None:
        """Use the open database ``db``."""
        self._db = db

    async def add(self, updates: Sequence[PendingUpdate], *, now: dt.datetime) -> None:
        """Store ``updates`` and advance the last taken id, in one transaction and one trip.

        An update already stored is kept as it is (a second delivery of the same update).
        """
        if not updates:
            return
        stamp = to_db(now)
        rows = [(update.update_id, update.payload, stamp) for update in updates]
        last = max(update.update_id for update in updates)
        await write_block(self._db, partial(_store, rows=rows, last=last, stamp=stamp))

    async def remove(
        self, update_id: int, *, along: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        """Forget an update that was handled, in one transaction with its ``along`` writes.

        Without ``along`` the removal is one statement, atomic by itself (one trip).
        """
        if along is None:
            await write_one(self._db, _REMOVE, (update_id,))
            return
        async with transaction(self._db) as conn:
            await along()
            await conn.execute(_REMOVE, (update_id,))

    async def pending(self) -> list[PendingUpdate]:
        """Return the updates not handled yet, oldest first."""
        async with self._db.conn.execute(
            "SELECT update_id, payload FROM inbox ORDER BY update_id"
        ) as cursor:
            rows = await cursor.fetchall()
        return [PendingUpdate(row["update_id"], row["payload"]) for row in rows]

    async def last_taken(self) -> tuple[int, dt.datetime] | None:
        """Return the id of the last update ever taken and when (``None``: none yet)."""
        async with self._db.conn.execute(
            "SELECT last_update_id, taken_at FROM inbox_offset WHERE id = 1"
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else (int(row["last_update_id"]), from_db(row["taken_at"]))
