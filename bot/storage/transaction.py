"""The one way to write: atomic blocks on the shared connection, serialized between tasks.

The bot shares one connection between concurrent handlers and jobs. It is opened in
autocommit mode (``isolation_level=None``), so Python's ``sqlite3`` never opens a
transaction by itself: :func:`transaction` takes a per-database lock, issues
``BEGIN IMMEDIATE``, runs the block, then ``COMMIT`` (or ``ROLLBACK`` when the block
raises). While one task's block runs, no other task writes on the connection, so a failing
block rolls back its own writes and nothing else, and no block publishes half of another.

Every write goes through here; a repository method never commits on its own. A repository
called outside a block opens one for itself; inside a block it joins it: blocks nest, an
inner block in the task that holds the lock joins the outer one and only the outermost
commits (an inner block that raises is rolled back with the whole outer block unless the
outer block catches the error, in which case the inner writes stay: there are no
savepoints). Plain reads need no block; outside one they may see a block in progress.

A write of one statement alone can use :func:`write_one`: SQLite makes a single statement
atomic by itself in autocommit mode, so it takes the same lock (it never lands inside
another task's block) and runs without ``BEGIN`` and ``COMMIT``: one trip to the database
thread instead of three.

A block whose statements need nothing from the event loop between them can use
:func:`write_block`: the same lock, ``BEGIN IMMEDIATE``, the statements and ``COMMIT`` (or
``ROLLBACK``) run as one function on the database thread, one trip instead of one per
statement and two more for ``BEGIN`` and ``COMMIT``. Each trip is a hand-over to aiosqlite's
thread and back, which costs about 100 µs of processor time, far more than a small statement.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from functools import partial
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

import aiosqlite

from bot.storage.database import Database
from bot.storage.receipts import note_commit, note_rollback

__all__ = ["transaction", "write_block", "write_one"]

log = logging.getLogger(__name__)

T = TypeVar("T")


class _State:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.owner: asyncio.Task[Any] | None = None


_STATES: WeakKeyDictionary[Database, _State] = WeakKeyDictionary()


def _state(db: Database) -> _State:
    state = _STATES.get(db)
    if state is None:
        state = _STATES[db] = _State()
    return state


@asynccontextmanager
async def transaction(db: Database) -> AsyncIterator[aiosqlite.Connection]:
    """Run the block atomically (``BEGIN IMMEDIATE … COMMIT``) and alone among the blocks on ``db``.

    Args:
        db: The open database.

    Yields:
        The connection to use inside the block.
    """
    state = _state(db)
    task = asyncio.current_task()
    if task is not None and state.owner is task:
        yield db.conn
        return
    async with state.lock:
        state.owner = task
        conn = db.conn
        try:
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                await conn.execute("COMMIT")
            except BaseException:
                await _rollback(conn)
                note_rollback()
                raise
            note_commit()
        finally:
            state.owner = None


async def write_one(db: Database, sql: str, parameters: Iterable[Any] = ()) -> None:
    """Run the one write ``sql`` atomically, alone among the blocks on ``db``.

    Inside a block of the current task it joins that block, as a repository call would.

    Args:
        db: The open database.
        sql: A single statement.
        parameters: Its parameters.
    """
    state = _state(db)
    task = asyncio.current_task()
    if task is not None and state.owner is task:
        await db.conn.execute(sql, parameters)
        return
    async with state.lock:
        await db.conn.execute(sql, parameters)  # autocommit: committed on return
    note_commit()


async def write_block(db: Database, work: Callable[[sqlite3.Connection], T]) -> T:
    """Run ``work`` atomically and alone among the blocks on ``db``, in one trip; return its result.

    The same guarantees as :func:`transaction` (``BEGIN IMMEDIATE … COMMIT``, ``ROLLBACK``
    when ``work`` raises, the same lock), but ``work`` is a plain function given the
    ``sqlite3`` connection on the database thread (see :meth:`Database.on_thread`). Inside a block
    of the current task it joins that block (one trip, no ``BEGIN`` or ``COMMIT`` of its own).

    Args:
        db: The open database.
        work: The block's statements; it must not touch the event loop.
    """
    state = _state(db)
    task = asyncio.current_task()
    if task is not None and state.owner is task:
        return await db.on_thread(work)
    async with state.lock:
        state.owner = task
        try:
            result = await db.on_thread(partial(_atomically, work))
        except BaseException:
            note_rollback()
            raise
        finally:
            state.owner = None
    note_commit()
    return result


def _atomically(work: Callable[[sqlite3.Connection], T], conn: sqlite3.Connection) -> T:
    """``BEGIN IMMEDIATE``, ``work``, ``COMMIT``; ``ROLLBACK`` if anything raises (thread)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.OperationalError as exc:
                log.warning("rollback found no transaction: %s", exc)
        raise
    return result


async def _rollback(conn: aiosqlite.Connection) -> None:
    """Roll back the open transaction, if any (a failed ``COMMIT`` may have ended it)."""
    if not conn.in_transaction:
        return
    try:
        await asyncio.shield(conn.execute("ROLLBACK"))
    except aiosqlite.OperationalError as exc:  # e.g. a commit queued before us ended it
        log.warning("rollback found no transaction: %s", exc)
