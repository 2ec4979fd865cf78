"""The one SQLite connection of the bot: opening, pragmas, migrations, closing."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.storage.migrations import MIGRATIONS

__all__ = ["Database", "StorageError"]

log = logging.getLogger(__name__)

T = TypeVar("T")


class StorageError(Exception):
    """The database could not be used (locked, unwritable, newer schema, ...)."""


class Database:
    """Owns the single aiosqlite connection; repositories borrow it.

    SQLite allows one writer at a time; the bot keeps one connection (aiosqlite serializes
    its calls on one thread), uses WAL so readers never block it, and waits up to
    ``busy_timeout_ms`` for a lock held by another process before giving up. The connection
    is in autocommit mode (``isolation_level=None``): Python never opens a transaction on
    its own, every write goes through :func:`bot.storage.transaction.transaction`.
    """

    def __init__(self, path: Path, *, busy_timeout_ms: int = 5000) -> None:
        """Prepare a database at ``path`` (nothing is opened yet)."""
        self.path = path
        self._busy_timeout_ms = busy_timeout_ms
        self._conn: aiosqlite.Connection | None = None

    @property
    def conn(self) -> aiosqlite.Connection:
        """The open connection (raises when :meth:`open` was not awaited)."""
        if self._conn is None:
            raise StorageError("database is not open")
        return self._conn

    async def fetch_all(self, sql: str, parameters: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        """Run the query ``sql`` and return all its rows, in one trip to the database thread.

        ``async with conn.execute(...) as cursor`` takes three trips (execute, fetch, close),
        each a hand-over to aiosqlite's thread and back: on a message's path that adds up.
        """
        return list(await self.conn.execute_fetchall(sql, parameters))

    async def fetch_one(self, sql: str, parameters: Iterable[Any] = ()) -> aiosqlite.Row | None:
        """Return the first row of ``sql`` (meant for queries of one row at most), or ``None``."""
        rows = await self.fetch_all(sql, parameters)
        return rows[0] if rows else None

    async def on_thread(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` with the plain ``sqlite3`` connection on the database thread: one trip.

        For a block of statements that would otherwise be a trip each (see
        :func:`bot.storage.transaction.write_block`); ``work`` runs in aiosqlite's thread, in
        turn with every other call on the connection, and must not touch the event loop.
        """
        conn = self.conn
        # aiosqlite's own hand-over (the one every execute uses), with a whole function.
        result: T = await conn._execute(lambda: work(conn._conn))  # type: ignore[no-untyped-call]
        return result

    async def open(self) -> None:
        """Open the file, set pragmas and apply pending migrations."""
        if self.path != Path(":memory:"):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = await aiosqlite.connect(self.path, isolation_level=None)
            conn.row_factory = aiosqlite.Row
            await conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA synchronous = NORMAL")
        except aiosqlite.Error as exc:
            raise StorageError(f"cannot open database {self.path}: {exc}") from exc
        self._conn = conn
        try:
            await self._migrate()
        except BaseException:
            await self.close()
            raise

    async def truncate_log(self) -> bool:
        """Copy the write-ahead log into the file and empty it (old page images go with it).

        Returns:
            Whether the log was emptied (not when a reader still needs an older snapshot).
        """
        async with self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
            row = await cursor.fetchone()
        return row is not None and row[0] == 0

    async def close(self) -> None:
        """Close the connection (idempotent)."""
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def schema_version(self) -> int:
        """Return the applied schema version."""
        async with self.conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        current = await self.schema_version()
        if current > len(MIGRATIONS):
            raise StorageError(
                f"database {self.path} has schema {current}, "
                f"newer than this bot's {len(MIGRATIONS)}"
            )
        for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
            log.info("applying migration %d to %s", version, self.path)
            try:
                await self.conn.executescript(
                    f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;"
                )
            except aiosqlite.Error as exc:
                if self.conn.in_transaction:
                    await self.conn.execute("ROLLBACK")
                raise StorageError(f"migration {version} of {self.path} failed: {exc}") from exc
