"""Per-user session state kept across restarts: PTB's ``user_data`` and conversation states.

Values are stored as JSON. Every row names the user it belongs to and when it last changed;
a user whose rows all stopped changing before a cut-off has expired, and
:meth:`SessionStateRepository.purge` deletes all of them together (an unfinished intake is
a draft in ``user_data`` plus a conversation state: they go together).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.storage.clock import to_db
from bot.storage.database import Database
from bot.storage.transaction import transaction

__all__ = ["ConversationKey", "PurgedSessions", "SessionStateRepository", "dumps"]

ConversationKey = tuple[int | str, ...]
"""PTB's key of one conversation: chat id and/or user id (and message id), in that order."""


def dumps(value: object) -> str:
    """Return ``value`` as compact JSON (``TypeError`` for what JSON cannot hold)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@dataclass(frozen=True, slots=True)
class PurgedSessions:
    """What :meth:`SessionStateRepository.purge` deleted."""

    user_ids: frozenset[int] = frozenset()
    conversations: Mapping[str, tuple[ConversationKey, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.user_ids)


class SessionStateRepository:
    """Typed access to ``persisted_user_data`` and ``persisted_conversations``."""

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def user_data(self) -> dict[int, dict[str, Any]]:
        """Return every user's stored data."""
        async with self._db.conn.execute("SELECT user_id, data FROM persisted_user_data") as cursor:
            rows = await cursor.fetchall()
        return {int(row["user_id"]): json.loads(row["data"]) for row in rows}

    async def conversations(self, name: str) -> dict[ConversationKey, object]:
        """Return the stored states of the conversations of handler ``name``."""
        async with self._db.conn.execute(
            "SELECT conv_key, state FROM persisted_conversations WHERE name = ?", (name,)
        ) as cursor:
            rows = await cursor.fetchall()
        return {tuple(json.loads(row["conv_key"])): json.loads(row["state"]) for row in rows}

    async def put_user_data(self, user_id: int, data: Mapping[str, Any], at: dt.datetime) -> None:
        """Store ``data`` as the user's data; an empty mapping deletes the row."""
        async with transaction(self._db) as conn:
            if not data:
                await conn.execute("DELETE FROM persisted_user_data WHERE user_id = ?", (user_id,))
                return
            await conn.execute(
                "INSERT INTO persisted_user_data (user_id, data, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET data = excluded.data, "
                "updated_at = excluded.updated_at",
                (user_id, dumps(dict(data)), to_db(at)),
            )

    async def put_conversation(
        self, name: str, key: ConversationKey, state: object | None, at: dt.datetime
    ) -> None:
        """Store the state of one conversation; ``None`` (it ended) deletes the row.

        The conversation belongs to the user id that ends its key (per-user conversations,
        like the intake, end their key with it; in a private chat the chat id is the same).
        """
        conv_key = dumps(list(key))
        async with transaction(self._db) as conn:
            if state is None:
                await conn.execute(
                    "DELETE FROM persisted_conversations WHERE name = ? AND conv_key = ?",
                    (name, conv_key),
                )
                return
            await conn.execute(
                "INSERT INTO persisted_conversations (name, conv_key, user_id, state, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name, conv_key) DO UPDATE SET "
                "state = excluded.state, updated_at = excluded.updated_at",
                (name, conv_key, int(key[-1]), dumps(state), to_db(at)),
            )

    async def delete_user(self, user_id: int) -> None:
        """Delete the user's stored data (their conversation states stay)."""
        async with transaction(self._db) as conn:
            await conn.execute("DELETE FROM persisted_user_data WHERE user_id = ?", (user_id,))

    async def purge(self, cutoff: dt.datetime) -> PurgedSessions:
        """Delete everything of the users none of whose rows changed since ``cutoff``.

        Args:
            cutoff: An aware datetime; rows last changed before it are old.

        Returns:
            The users whose rows were deleted, and the conversations that ended with them.
        """
        async with transaction(self._db) as conn:
            async with conn.execute(
                "SELECT user_id FROM (SELECT user_id, updated_at FROM persisted_user_data "
                "UNION ALL SELECT user_id, updated_at FROM persisted_conversations) "
                "GROUP BY user_id HAVING MAX(updated_at) < ?",
                (to_db(cutoff),),
            ) as cursor:
                user_ids = frozenset(int(row["user_id"]) for row in await cursor.fetchall())
            if not user_ids:
                return PurgedSessions()
            marks = ", ".join("?" * len(user_ids))
            async with conn.execute(
                f"SELECT name, conv_key FROM persisted_conversations WHERE user_id IN ({marks})",
                tuple(user_ids),
            ) as cursor:
                rows = await cursor.fetchall()
            conversations: dict[str, list[ConversationKey]] = {}
            for row in rows:
                conversations.setdefault(row["name"], []).append(tuple(json.loads(row["conv_key"])))
            for table in ("persisted_user_data", "persisted_conversations"):
                await conn.execute(
                    f"DELETE FROM {table} WHERE user_id IN ({marks})", tuple(user_ids)
                )
        return PurgedSessions(
            user_ids=user_ids,
            conversations={name: tuple(keys) for name, keys in conversations.items()},
        )
