"""Consents to share contact details: when given, under which text, to whom, and withdrawn."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import aiosqlite

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.transaction import transaction

__all__ = ["Consent", "ConsentRepository"]


@dataclass(frozen=True, slots=True)
class Consent:
    """A resident's consent, given when filing a consultation.

    ``scope`` says what may be seen by whom, e.g. ``contact:adviser,duty,staff``;
    ``text_version`` which consent text they agreed to (``bot.texts.CONSENT_TEXT_VERSION``).
    """

    id: int
    resident_id: int
    consultation_id: int
    granted_at: dt.datetime
    text_version: str
    scope: str
    withdrawn_at: dt.datetime | None


def _consent(row: aiosqlite.Row) -> Consent:
    return Consent(
        id=row["id"],
        resident_id=row["resident_id"],
        consultation_id=row["consultation_id"],
        granted_at=from_db(row["granted_at"]),
        text_version=row["text_version"],
        scope=row["scope"],
        withdrawn_at=from_db(row["withdrawn_at"]) if row["withdrawn_at"] else None,
    )


class ConsentRepository:
    """Typed access to ``consents``; writes join the enclosing transaction."""

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def add(
        self,
        resident_id: int,
        consultation_id: int,
        *,
        granted_at: dt.datetime,
        text_version: str,
        scope: str,
    ) -> Consent:
        """Record a consent given for ``consultation_id`` and return it.

        Raises:
            aiosqlite.IntegrityError: The consultation has a consent recorded already.
        """
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                INSERT INTO consents
                    (resident_id, consultation_id, granted_at, text_version, scope)
                VALUES (?, ?, ?, ?, ?)
                """,
                (resident_id, consultation_id, to_db(granted_at), text_version, scope),
            )
            found = await self.for_consultation(consultation_id) if cursor.lastrowid else None
        if found is None:
            raise RuntimeError("consent neither inserted nor found")
        return found

    async def for_consultation(self, consultation_id: int) -> Consent | None:
        """Return the consent given with ``consultation_id``, or ``None``."""
        async with self._db.conn.execute(
            "SELECT * FROM consents WHERE consultation_id = ?", (consultation_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _consent(row) if row is not None else None

    async def for_resident(self, resident_id: int) -> list[Consent]:
        """Return the resident's consents, oldest first (withdrawn ones too)."""
        async with self._db.conn.execute(
            "SELECT * FROM consents WHERE resident_id = ? ORDER BY granted_at, id",
            (resident_id,),
        ) as cursor:
            return [_consent(row) for row in await cursor.fetchall()]
