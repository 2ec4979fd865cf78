"""Residents: who has used the bot, since when, and their chosen community."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from functools import partial

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.transaction import transaction, write_block

__all__ = ["Resident", "ResidentRepository", "touch_row"]


@dataclass(frozen=True, slots=True)
class Resident:
    """A resident as stored."""

    user_id: int
    first_seen: dt.datetime
    last_seen: dt.datetime
    language: str | None
    community_id: str | None


_TOUCH = """
INSERT INTO residents (user_id, first_seen, last_seen, language)
VALUES (?, ?, ?, ?)
ON CONFLICT (user_id) DO UPDATE
SET last_seen = excluded.last_seen,
    language = COALESCE(excluded.language, residents.language)
"""


def touch_row(
    conn: sqlite3.Connection, *, user_id: int, language: str | None, now: dt.datetime
) -> None:
    """Record that ``user_id`` was seen at ``now`` (database thread, in the caller's block)."""
    stamp = to_db(now)
    conn.execute(_TOUCH, (user_id, stamp, stamp, language))


class ResidentRepository:
    """Typed access to the ``residents`` table."""

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def touch(self, user_id: int, language: str | None, now: dt.datetime) -> None:
        """Record that ``user_id`` was seen at ``now`` (creating the resident if new)."""
        await write_block(self._db, partial(touch_row, user_id=user_id, language=language, now=now))

    async def get(self, user_id: int) -> Resident | None:
        """Return the resident ``user_id``, or ``None`` if never seen."""
        row = await self._db.fetch_one("SELECT * FROM residents WHERE user_id = ?", (user_id,))
        if row is None:
            return None
        return Resident(
            user_id=row["user_id"],
            first_seen=from_db(row["first_seen"]),
            last_seen=from_db(row["last_seen"]),
            language=row["language"],
            community_id=row["community_id"],
        )

    async def set_community(self, user_id: int, community_id: str | None) -> None:
        """Remember the community the resident chose."""
        async with transaction(self._db) as conn:
            await conn.execute(
                "UPDATE residents SET community_id = ? WHERE user_id = ?", (community_id, user_id)
            )
