"""Updates survive a kill: each is stored before Telegram is told it arrived, until handled.

PTB confirms the updates of one ``getUpdates`` call with the next call, before they are
handled, so a kill at the wrong moment used to lose the questions in hand. :class:`InboxBot`
writes every update it takes to the inbox table (one transaction per call) before it returns
them; the update processor tells :class:`UpdateInbox` when each one was handled, and the row
is deleted; at start-up the rows still there are handed to the application first, in order,
and the first poll confirms everything taken before (so Telegram does not deliver it again).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Sequence
from typing import Any

import aiosqlite
from telegram import Bot, Update
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter
from telegram.ext import ExtBot
from telegram.request import BaseRequest

from bot.storage.clock import Clock, system_clock
from bot.storage.database import StorageError
from bot.storage.inbox import InboxRepository, PendingUpdate

__all__ = ["STARTUP_BACKOFF", "InboxBot", "UpdateInbox"]

log = logging.getLogger(__name__)

STARTUP_BACKOFF: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0)
"""Seconds between attempts to reach the Bot API at start-up (``getMe``)."""
UNCONFIRMED_KEPT = dt.timedelta(hours=24)
"""How long Telegram keeps an update nobody confirmed."""


class UpdateInbox:
    """The updates taken from Telegram and not handled yet, kept in SQLite."""

    def __init__(self, repository: InboxRepository, clock: Clock = system_clock) -> None:
        """Keep the updates in ``repository``, stamped with ``clock``."""
        self._repository = repository
        self._clock = clock
        self._in_hand: set[int] = set()

    async def take(self, updates: Sequence[Update]) -> bool:
        """Store ``updates`` (one transaction); return whether they are stored.

        When the database cannot be written (locked by another process, disk full) the
        updates are still handled, without a safety copy: answering people now beats holding
        their questions until the database is back.
        """
        try:
            await self._repository.add(
                [PendingUpdate(update.update_id, update.to_json()) for update in updates],
                now=self._clock(),
            )
        except (aiosqlite.Error, StorageError) as exc:
            log.warning("inbox: %d update(s) handled without a stored copy: %s", len(updates), exc)
            return False
        self._in_hand.update(update.update_id for update in updates)
        return True

    async def done(self, update: object) -> None:
        """Forget ``update`` now it was handled (or refused)."""
        if not isinstance(update, Update) or update.update_id not in self._in_hand:
            return
        self._in_hand.discard(update.update_id)
        try:
            await self._repository.remove(update.update_id)
        except (aiosqlite.Error, StorageError) as exc:
            # It stays pending and is handled again at the next start: better than lost.
            log.warning("inbox: update %d handled but not removed: %s", update.update_id, exc)

    async def replay(self, bot: Bot, queue: asyncio.Queue[object]) -> int:
        """Put the updates a stop or a kill left unhandled on ``queue``; return how many."""
        pending = await self._repository.pending()
        for row in pending:
            update = Update.de_json(json.loads(row.payload), bot)
            self._in_hand.add(update.update_id)
            await queue.put(update)
        return len(pending)

    async def resume_offset(self) -> int | None:
        """Return the offset that confirms every update taken before (``None``: no need).

        Telegram keeps an unconfirmed update for 24 hours at most, and after a week without
        updates it numbers the next one afresh (possibly lower): an older mark is not used.
        """
        last = await self._repository.last_taken()
        if last is None or self._clock() - last[1] > UNCONFIRMED_KEPT:
            return None
        return last[0] + 1


class _Feed:
    """Where :class:`InboxBot` stores what it takes (set once the database is open)."""

    def __init__(self) -> None:
        self.inbox: UpdateInbox | None = None
        self.resume_from: int | None = None


class InboxBot(ExtBot[None]):
    """An ``ExtBot`` that stores the updates it takes, and retries its start-up.

    ``get_updates`` returns only after the updates are in the inbox, so PTB's next poll (which
    confirms them to Telegram) can no longer lose them. ``initialize`` (``getMe``) is retried
    with growing pauses on network and server errors; a rejected token fails at once.
    """

    def __init__(
        self, *args: Any, startup_backoff: Sequence[float] = STARTUP_BACKOFF, **kwargs: Any
    ) -> None:
        """Take ``ExtBot``'s arguments, and the pauses between start-up attempts."""
        # Set before ExtBot.__init__, which freezes the object's attributes.
        self._feed = _Feed()
        self._startup_backoff = tuple(startup_backoff)
        super().__init__(*args, **kwargs)

    def attach_inbox(self, inbox: UpdateInbox, resume_from: int | None) -> None:
        """Store every update taken from now on in ``inbox``.

        Args:
            inbox: The open inbox.
            resume_from: The offset of the first poll, confirming the updates taken before.
        """
        self._feed.inbox = inbox
        self._feed.resume_from = resume_from

    async def initialize(self) -> None:
        """Reach the Bot API (``getMe``), retrying passing failures with growing pauses."""
        for pause in (*self._startup_backoff, None):
            try:
                await super().initialize()
                return
            except InvalidToken:
                raise
            except BadRequest:
                raise
            except (NetworkError, RetryAfter) as exc:
                if pause is None:
                    raise
                log.warning("Bot API not reachable at start-up (%s); retrying in %s s", exc, pause)
                await asyncio.sleep(pause)

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: Any = None,  # noqa: ASYNC109 (the Bot API long-poll parameter)
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
        api_kwargs: dict[str, Any] | None = None,
    ) -> tuple[Update, ...]:
        """Fetch updates as ``ExtBot`` does, and store them before returning them."""
        feed = self._feed
        if feed.resume_from is not None and (offset or 0) < feed.resume_from:
            offset = feed.resume_from
        updates = await super().get_updates(
            offset=offset,
            limit=limit,
            timeout=timeout,
            allowed_updates=allowed_updates,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
            api_kwargs=api_kwargs,
        )
        feed.resume_from = None
        if updates and feed.inbox is not None:
            await feed.inbox.take(updates)
        return updates
