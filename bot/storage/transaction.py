"""Atomic groups of writes on the shared connection, serialized between asyncio tasks.

The bot shares one connection between concurrent handlers and jobs. Python's ``sqlite3``
opens a transaction implicitly at the first write and ends it at ``commit()``; without care,
one task's commit could publish half of another task's work. :func:`transaction` takes a
per-database lock, so the reads, checks and writes inside one block see and leave a
consistent state, then commits (or rolls back on an exception). Blocks nest: an inner block
in the task that holds the lock joins the outer one, and only the outermost commits.

The older repositories (questions, residents) commit on their own without this lock; a
commit of theirs in the middle of a block only makes part of it durable early, it never
loses it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from weakref import WeakKeyDictionary

import aiosqlite

from bot.storage.database import Database
from bot.storage.receipts import note_commit, note_rollback

__all__ = ["transaction"]


class _State:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.owner: asyncio.Task[Any] | None = None


_STATES: WeakKeyDictionary[Database, _State] = WeakKeyDictionary()


@asynccontextmanager
async def transaction(db: Database) -> AsyncIterator[aiosqlite.Connection]:
    """Run the block atomically and alone among the blocks on ``db``.

    Args:
        db: The open database.

    Yields:
        The connection to use inside the block.
    """
    state = _STATES.get(db)
    if state is None:
        state = _STATES[db] = _State()
    task = asyncio.current_task()
    if task is not None and state.owner is task:
        yield db.conn
        return
    async with state.lock:
        state.owner = task
        conn = db.conn
        try:
            yield conn
        except BaseException:
            await conn.rollback()
            note_rollback()
            raise
        else:
            await conn.commit()
            note_commit()
        finally:
            state.owner = None
