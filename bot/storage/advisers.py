"""Legal advisers (per community, or on duty at the judicial office) and their invites."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import aiosqlite

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.transaction import transaction

__all__ = ["Adviser", "AdviserRepository", "AdviserSource", "Invite"]

AdviserSource = Literal["config", "invite"]


@dataclass(frozen=True, slots=True)
class Adviser:
    """An adviser as stored; ``community_id`` is ``None`` for duty advisers."""

    telegram_id: int
    name: str
    community_id: str | None
    is_duty: bool
    active: bool
    created_at: dt.datetime
    source: AdviserSource
    deactivated_at: dt.datetime | None = None
    """When a staff member last deactivated them (kept after a new invite reactivates them)."""
    deactivated_by_staff: bool = False
    void_invites_through: int = 0
    """Invites numbered up to this one were made before their last deactivation: void for them."""


@dataclass(frozen=True, slots=True)
class Invite:
    """A single-use, expiring invitation to register as an adviser.

    Only the SHA-256 of its token is stored: the token itself is shown once, in the link.
    ``number`` is what staff see and type (``/revoke 3``).
    """

    number: int
    community_id: str | None
    is_duty: bool
    created_by: int
    created_at: dt.datetime
    expires_at: dt.datetime
    used_by: int | None = None
    used_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    revoked_by: int | None = None


def _adviser(row: aiosqlite.Row) -> Adviser:
    return Adviser(
        telegram_id=row["telegram_id"],
        name=row["name"],
        community_id=row["community_id"],
        is_duty=bool(row["is_duty"]),
        active=bool(row["active"]),
        created_at=from_db(row["created_at"]),
        source=row["source"],
        deactivated_at=_stamp(row["deactivated_at"]),
        deactivated_by_staff=bool(row["deactivated_by_staff"]),
        void_invites_through=row["void_invites_through"],
    )


def _stamp(text: str | None) -> dt.datetime | None:
    return from_db(text) if text else None


def _invite(row: aiosqlite.Row) -> Invite:
    return Invite(
        number=row["id"],
        community_id=row["community_id"],
        is_duty=bool(row["is_duty"]),
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
        expires_at=from_db(row["expires_at"]),
        used_by=row["used_by"],
        used_at=_stamp(row["used_at"]),
        revoked_at=_stamp(row["revoked_at"]),
        revoked_by=row["revoked_by"],
    )


class AdviserRepository:
    """Typed access to the ``advisers`` and ``invites`` tables.

    Each write opens its own :func:`~bot.storage.transaction.transaction` block, or joins
    the enclosing one.
    """

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def get(self, telegram_id: int) -> Adviser | None:
        """Return the adviser (active or not), or ``None``."""
        row = await self._db.fetch_one(
            "SELECT * FROM advisers WHERE telegram_id = ?", (telegram_id,)
        )
        return _adviser(row) if row is not None else None

    async def list_all(self) -> list[Adviser]:
        """Return every adviser: duty advisers first, then by community and name."""
        async with self._db.conn.execute(
            "SELECT * FROM advisers ORDER BY is_duty DESC, community_id, name, telegram_id"
        ) as cursor:
            return [_adviser(row) for row in await cursor.fetchall()]

    async def active_for_community(self, community_id: str) -> list[Adviser]:
        """Return the active advisers of ``community_id``."""
        async with self._db.conn.execute(
            "SELECT * FROM advisers WHERE community_id = ? AND active = 1 ORDER BY telegram_id",
            (community_id,),
        ) as cursor:
            return [_adviser(row) for row in await cursor.fetchall()]

    async def active_duty(self) -> list[Adviser]:
        """Return the active duty advisers."""
        async with self._db.conn.execute(
            "SELECT * FROM advisers WHERE is_duty = 1 AND active = 1 ORDER BY telegram_id"
        ) as cursor:
            return [_adviser(row) for row in await cursor.fetchall()]

    async def upsert(
        self,
        telegram_id: int,
        name: str,
        community_id: str | None,
        *,
        source: AdviserSource,
        now: dt.datetime,
    ) -> Adviser:
        """Register ``telegram_id`` as an active adviser, or update and reactivate them.

        The deployment file (``source="config"``) does not reactivate an adviser a staff
        member deactivated (:meth:`deactivate_by_staff`); a new invite does.

        Args:
            telegram_id: The adviser's Telegram id.
            name: Display name.
            community_id: Their community, or ``None`` for a duty adviser.
            source: Where the registration comes from.
            now: Creation time for a new adviser.

        Returns:
            The adviser as stored.
        """
        async with transaction(self._db) as conn:
            await conn.execute(
                """
                INSERT INTO advisers
                    (telegram_id, name, community_id, is_duty, active, created_at, source)
                VALUES (?, ?, ?, ?, 1, ?, ?)
                ON CONFLICT (telegram_id) DO UPDATE
                SET name = excluded.name, community_id = excluded.community_id,
                    is_duty = excluded.is_duty, source = excluded.source,
                    active = (excluded.source = 'invite' OR NOT deactivated_by_staff),
                    deactivated_by_staff = (excluded.source = 'config' AND deactivated_by_staff)
                """,
                (telegram_id, name, community_id, int(community_id is None), to_db(now), source),
            )
            adviser = await self.get(telegram_id)
        if adviser is None:
            raise RuntimeError(f"adviser {telegram_id} neither inserted nor found")
        return adviser

    async def set_community(self, telegram_id: int, community_id: str | None) -> bool:
        """Move an adviser to ``community_id`` (``None``: make them a duty adviser)."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                "UPDATE advisers SET community_id = ?, is_duty = ? WHERE telegram_id = ?",
                (community_id, int(community_id is None), telegram_id),
            )
        return cursor.rowcount == 1

    async def set_active(self, telegram_id: int, active: bool) -> bool:
        """Activate or deactivate an adviser; return whether they exist."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                "UPDATE advisers SET active = ? WHERE telegram_id = ?", (int(active), telegram_id)
            )
        return cursor.rowcount == 1

    async def deactivate_by_staff(self, telegram_id: int, now: dt.datetime) -> bool:
        """Deactivate an adviser by a staff decision at ``now``; say if found.

        The file's sync keeps the decision, and the invites made so far are void for this
        person (``void_invites_through``).
        """
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                UPDATE advisers SET active = 0, deactivated_by_staff = 1, deactivated_at = ?,
                    void_invites_through = (SELECT coalesce(max(id), 0) FROM invites)
                WHERE telegram_id = ?
                """,
                (to_db(now), telegram_id),
            )
        return cursor.rowcount == 1

    async def config_ids(self) -> set[int]:
        """Return the ids of the active advisers registered from the deployment file."""
        async with self._db.conn.execute(
            "SELECT telegram_id FROM advisers WHERE source = 'config' AND active = 1"
        ) as cursor:
            return {int(row["telegram_id"]) for row in await cursor.fetchall()}

    async def add_invite(
        self,
        token_hash: str,
        community_id: str | None,
        *,
        created_by: int,
        created_at: dt.datetime,
        expires_at: dt.datetime,
    ) -> Invite:
        """Store a new invite under the hash of its token; return it with its number."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                INSERT INTO invites
                    (token_hash, community_id, is_duty, created_by, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                (
                    token_hash,
                    community_id,
                    int(community_id is None),
                    created_by,
                    to_db(created_at),
                    to_db(expires_at),
                ),
            )
            invite = await self.get_invite(cursor.lastrowid or 0)
        if invite is None:
            raise RuntimeError("invite neither inserted nor found")
        return invite

    async def get_invite(self, number: int) -> Invite | None:
        """Return invite ``number``, or ``None``."""
        async with self._db.conn.execute("SELECT * FROM invites WHERE id = ?", (number,)) as cursor:
            row = await cursor.fetchone()
        return _invite(row) if row is not None else None

    async def invite_by_hash(self, token_hash: str) -> Invite | None:
        """Return the invite whose token hashes to ``token_hash``, or ``None``."""
        async with self._db.conn.execute(
            "SELECT * FROM invites WHERE token_hash = ?", (token_hash,)
        ) as cursor:
            row = await cursor.fetchone()
        return _invite(row) if row is not None else None

    async def open_invites(self, now: dt.datetime) -> list[Invite]:
        """Return the invites still usable at ``now`` (unused, not revoked), oldest first."""
        async with self._db.conn.execute(
            """
            SELECT * FROM invites
            WHERE used_by IS NULL AND revoked_at IS NULL AND expires_at > ? ORDER BY id
            """,
            (to_db(now),),
        ) as cursor:
            return [_invite(row) for row in await cursor.fetchall()]

    async def use_invite(self, number: int, user_id: int, now: dt.datetime) -> bool:
        """Mark invite ``number`` used by ``user_id``; ``False`` if it cannot be used."""
        stamp = to_db(now)
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                UPDATE invites SET used_by = ?, used_at = ?
                WHERE id = ? AND used_by IS NULL AND revoked_at IS NULL AND expires_at > ?
                """,
                (user_id, stamp, number, stamp),
            )
        return cursor.rowcount == 1

    async def revoke_invite(self, number: int, staff_id: int, now: dt.datetime) -> bool:
        """Void unused invite ``number``; ``False`` if unknown, used or revoked already."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                UPDATE invites SET revoked_at = ?, revoked_by = ?
                WHERE id = ? AND used_by IS NULL AND revoked_at IS NULL
                """,
                (to_db(now), staff_id, number),
            )
        return cursor.rowcount == 1
