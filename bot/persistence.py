"""PTB persistence in the bot's SQLite database: per-user data and conversation states.

Only what a resident's unfinished conversation needs survives a restart: ``user_data`` (the
intake draft, with name, phone and summary) and the states of persistent conversation
handlers. Both live in the bot's own database (``bot.storage.persisted``), written through
the one transaction helper, with the time each user's rows last changed. A user whose rows
did not change for ``ttl`` has expired: their rows are dropped when the bot starts, and the
repeating job :func:`purge_expired` deletes them while it runs, from memory too.

At the first load an old ``STATE_PATH`` pickle (``PicklePersistence``) is imported once and
renamed aside (see ``bot.state_file``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from telegram.ext import Application, BasePersistence, CallbackContext, PersistenceInput

from bot.context import BotData
from bot.session import UserData
from bot.state_file import LegacyState, read_state_file, set_aside
from bot.storage import Database, StorageError
from bot.storage.clock import Clock, system_clock
from bot.storage.persisted import (
    ConversationKey,
    PurgedSessions,
    SessionStateRepository,
    dumps,
)

__all__ = [
    "ExpiringConversations",
    "HeldWrites",
    "SqlitePersistence",
    "open_database",
    "purge_expired",
]

log = logging.getLogger(__name__)

ChatData = dict[Any, Any]
Write = Callable[[], Awaitable[None]]
"""A write of the persistence, held to be made later in someone's transaction."""
Noted = Callable[[], None]
"""What the persistence notes about a write once it is committed (what it last stored)."""


class HeldWrites:
    """The writes one flush handed over, to be made in the caller's transaction.

    Awaiting the object makes them; :meth:`kept` then notes, once that transaction is
    committed, what they stored. A transaction that rolled back notes nothing, so the same
    data handed over again is written again rather than taken for stored.
    """

    def __init__(self) -> None:
        """Start with no writes."""
        self._writes: list[tuple[Write, Noted]] = []

    def add(self, write: Write, noted: Noted) -> None:
        """Hold ``write``; ``noted`` is called by :meth:`kept` once it is committed."""
        self._writes.append((write, noted))

    def __len__(self) -> int:
        """Return how many writes are held (none: the update changed no draft or state)."""
        return len(self._writes)

    async def __call__(self) -> None:
        """Make the writes, in order (inside the caller's transaction, if any)."""
        for write, _ in self._writes:
            await write()

    def kept(self) -> None:
        """Note that the writes were committed."""
        for _, noted in self._writes:
            noted()


_HELD: ContextVar[HeldWrites | None] = ContextVar("held_writes", default=None)
"""Where the writes PTB hands over go instead of the database (tasks PTB starts inherit it)."""


@runtime_checkable
class ExpiringConversations(Protocol):
    """A conversation handler whose conversations can be ended from outside."""

    @property
    def name(self) -> str | None:
        """The handler's persistence name."""

    def end_conversations(self, keys: Iterable[ConversationKey]) -> None:
        """End the conversations with ``keys`` (their states are forgotten)."""


async def open_database(database: Database) -> None:
    """Open ``database`` unless it is open already (the persistence opens it first)."""
    try:
        database.conn  # noqa: B018 - raises StorageError while closed
    except StorageError:
        await database.open()


class SqlitePersistence(BasePersistence[UserData, ChatData, BotData]):
    """Keeps ``user_data`` and conversation states in the bot's database, and expires them."""

    def __init__(
        self,
        database: Database,
        *,
        ttl: dt.timedelta,
        clock: Clock = system_clock,
        state_file: Path | None = None,
        update_interval: float = 10.0,
    ) -> None:
        """Prepare the persistence (nothing is read until PTB asks).

        Args:
            database: The bot's database, opened at the first load if still closed.
            ttl: How long a user's data and conversation states live after their last change.
            clock: Source of the current time.
            state_file: An old ``PicklePersistence`` file to import once, if it exists.
            update_interval: Seconds between PTB's writes of changed data.
        """
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, callback_data=False),
            update_interval=update_interval,
        )
        self._database = database
        self._repository = SessionStateRepository(database)
        self.ttl = ttl
        self._clock = clock
        self._state_file = state_file
        self._ready = False
        self._ready_lock = asyncio.Lock()
        self._written: dict[int, str] = {}
        """The JSON last stored per user: PTB hands over every user's data after each update,
        and only a change counts as activity."""

    async def _loaded(self) -> SessionStateRepository:
        async with self._ready_lock:
            if not self._ready:
                await open_database(self._database)
                if self._state_file is not None:
                    await self._import(self._state_file)
                purged = await self.purge()
                if purged:
                    log.info(
                        "dropped the expired conversations of %d user(s)", len(purged.user_ids)
                    )
                self._ready = True
        return self._repository

    async def purge(self) -> PurgedSessions:
        """Delete the stored rows of every user whose rows did not change for ``ttl``."""
        purged = await self._repository.purge(self._clock() - self.ttl)
        for user_id in purged.user_ids:
            self._written.pop(user_id, None)
        return purged

    async def get_user_data(self) -> dict[int, UserData]:
        """Return every user's stored data (expired users already dropped)."""
        repository = await self._loaded()
        data = await repository.user_data()
        self._written = {user_id: dumps(values) for user_id, values in data.items()}
        # Rows of any age read as they were written: UserData is the same dict, typed.
        return {user_id: UserData(values) for user_id, values in data.items()}

    async def get_conversations(self, name: str) -> dict[ConversationKey, object]:
        """Return the stored states of the conversations of handler ``name``."""
        repository = await self._loaded()
        return await repository.conversations(name)

    async def held(self, flush: Callable[[], Awaitable[None]]) -> HeldWrites:
        """Run ``flush`` (PTB's ``update_persistence``) holding its writes; return them.

        Awaiting the result makes them in order, in the caller's transaction when it runs
        inside one: with the removal of the update they belong to, for example. Call its
        ``kept()`` once that transaction is committed.
        """
        writes = HeldWrites()
        token = _HELD.set(writes)
        try:
            await flush()
        finally:
            _HELD.reset(token)
        return writes

    async def update_user_data(self, user_id: int, data: UserData) -> None:
        """Store the user's data if it changed."""
        text = dumps(data)
        if self._written.get(user_id, "{}") == text:
            return

        async def write() -> None:
            await self._repository.put_user_data(user_id, data, self._clock())

        def noted() -> None:
            if text != "{}":
                self._written[user_id] = text
            else:
                self._written.pop(user_id, None)

        await self._write(write, noted)

    async def drop_user_data(self, user_id: int) -> None:
        """Delete the user's stored data."""

        async def write() -> None:
            await self._repository.delete_user(user_id)

        def noted() -> None:
            self._written.pop(user_id, None)

        await self._write(write, noted)

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Store (or, when it ended, delete) the state of one conversation."""

        async def write() -> None:
            await self._repository.put_conversation(name, key, new_state, self._clock())

        await self._write(write, lambda: None)

    async def _write(self, write: Write, noted: Noted) -> None:
        held = _HELD.get()
        if held is None:
            await write()  # committed on return
            noted()
        else:
            held.add(write, noted)

    async def refresh_user_data(self, user_id: int, user_data: UserData) -> None:
        """Nothing to refresh: this process is the only writer."""

    async def flush(self) -> None:
        """Nothing to flush: every write is committed when PTB hands it over."""

    # Chat data, bot data and callback data are not stored (``store_data`` says so, and
    # PTB never calls these for them); the services in bot_data are rebuilt by post_init.

    async def get_chat_data(self) -> dict[int, ChatData]:
        """Return no chat data (not stored)."""
        return {}

    async def get_bot_data(self) -> BotData:
        """Return fresh bot data (not stored)."""
        return BotData()

    async def get_callback_data(self) -> None:
        """Return no callback data (not stored)."""
        return None

    async def update_chat_data(self, chat_id: int, data: ChatData) -> None:
        """Ignore chat data (not stored)."""

    async def update_bot_data(self, data: BotData) -> None:
        """Ignore bot data (not stored)."""

    async def update_callback_data(self, data: Any) -> None:
        """Ignore callback data (not stored)."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Ignore chat data (not stored)."""

    async def refresh_chat_data(self, chat_id: int, chat_data: ChatData) -> None:
        """Ignore chat data (not stored)."""

    async def refresh_bot_data(self, bot_data: BotData) -> None:
        """Ignore bot data (not stored)."""

    async def _import(self, path: Path) -> None:
        state = read_state_file(path, now=self._clock())
        if state is None:
            return
        skipped = await self._store_legacy(state)
        log.warning(
            "imported the unfinished conversations of %d user(s) from the old state file %s "
            "(%d entr%s could not be kept)",
            len(state.user_data),
            path,
            skipped,
            "y" if skipped == 1 else "ies",
        )
        aside = set_aside(path, "imported")
        if aside is not None:
            log.warning("the old state file was renamed %s; delete it once the bot runs", aside)

    async def _store_legacy(self, state: LegacyState) -> int:
        """Store what an old state file held, as last changed when it was saved."""
        skipped = 0
        for user_id, values in state.user_data.items():
            try:
                await self._repository.put_user_data(user_id, values, state.saved_at)
            except (TypeError, ValueError):  # not JSON: a value only a pickle could hold
                skipped += 1
        for name, states in state.conversations.items():
            for key, conversation_state in states.items():
                try:
                    await self._repository.put_conversation(
                        name, key, conversation_state, state.saved_at
                    )
                except (TypeError, ValueError):
                    skipped += 1
        return skipped


async def purge_expired(context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Job: forget expired drafts and conversation states, stored and in memory."""
    application: Application[Any, Any, Any, Any, Any, Any] = context.application
    persistence = application.persistence
    if not isinstance(persistence, SqlitePersistence):
        return
    # Store what changed since the last write first, so that only stale rows look expired.
    await application.update_persistence()
    purged = await persistence.purge()
    if not purged:
        return
    for user_id in purged.user_ids:
        application.drop_user_data(user_id)
    for handlers in application.handlers.values():
        for handler in handlers:
            if isinstance(handler, ExpiringConversations) and handler.name:
                handler.end_conversations(purged.conversations.get(handler.name, ()))
    log.info("expired the unfinished conversations of %d user(s)", len(purged.user_ids))
