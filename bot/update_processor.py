"""Process updates of different chats concurrently and those of one chat strictly in order."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import BaseUpdateProcessor

from bot import texts

__all__ = ["MAX_WAITING_PER_CHAT", "PerChatUpdateProcessor", "UpdateFinished", "handling"]

log = logging.getLogger(__name__)

MAX_WAITING_PER_CHAT = 30
"""Updates of one chat that may wait behind the one in hand; more are refused with a notice."""

UpdateFinished = Callable[[object], Awaitable[None]]
"""Called with each update once it was handled (or refused): the inbox forgets it."""

_HANDLING: ContextVar[object | None] = ContextVar("handling", default=None)


def handling() -> object | None:
    """Return the update the running code is handling (``None``: none, e.g. in a job).

    Set while the update's handlers run, so the bot can tell which update a Bot API call
    belongs to (tasks they start inherit it).
    """
    return _HANDLING.get()


@dataclass(slots=True)
class _Turn:
    """One chat's place in line: its lock and how many of its updates are in hand or waiting."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    queued: int = 0
    told: bool = False


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs up to ``max_concurrent_updates`` updates at once, one at a time per chat.

    PTB's default handles one update at a time, so one slow reply (or one slow Bot API call)
    holds up every resident. Running everything concurrently instead could answer one
    resident's two quick messages out of order, or race a conversation's state. This keeps
    the order within a chat (a FIFO lock per chat) and overlaps different chats.

    An update first waits for its chat's turn and only then for one of the shared slots, so
    a chat with many updates waiting holds one slot, never all of them. At most
    ``max_waiting_per_chat`` updates of one chat wait; a further one is not handled, and the
    person is told once per burst (a chat message, or the answer of a pressed button).
    """

    def __init__(
        self,
        max_concurrent_updates: int = 8,
        *,
        max_waiting_per_chat: int = MAX_WAITING_PER_CHAT,
    ) -> None:
        """Allow ``max_concurrent_updates`` updates in flight across all chats.

        Args:
            max_concurrent_updates: Updates handled at once (of different chats).
            max_waiting_per_chat: Updates of one chat that may wait behind its current one.
        """
        super().__init__(max_concurrent_updates)
        if max_waiting_per_chat < 0:
            raise ValueError(f"max_waiting_per_chat must be >= 0, got {max_waiting_per_chat!r}")
        self._max_waiting = max_waiting_per_chat
        self._turns: dict[int, _Turn] = {}
        self._finished: UpdateFinished | None = None

    def on_finished(self, callback: UpdateFinished | None) -> None:
        """Call ``callback`` with every update after it was handled or refused."""
        self._finished = callback

    def waiting(self, chat_id: int) -> int:
        """Return how many updates of ``chat_id`` are in hand or waiting."""
        turn = self._turns.get(chat_id)
        return turn.queued if turn is not None else 0

    # PTB marks process_update final; the chat's turn must come before the shared slot, which
    # process_update takes before it calls do_process_update, so this replaces it.
    async def process_update(  # type: ignore[misc]
        self, update: object, coroutine: Awaitable[Any]
    ) -> None:
        """Wait for the update's chat turn, then for a shared slot, then await ``coroutine``."""
        key = _chat_key(update)
        if key is None:
            async with self._semaphore:
                await self._handle(update, coroutine)
        else:
            turn = self._turns.setdefault(key, _Turn())
            if turn.queued > self._max_waiting:
                _discard(coroutine)
                await self._refuse(update, turn)
            else:
                turn.queued += 1
                try:
                    async with turn.lock, self._semaphore:
                        await self._handle(update, coroutine)
                finally:
                    turn.queued -= 1
                    if turn.queued == 0:
                        del self._turns[key]
        if self._finished is not None:
            await self._finished(update)

    async def _handle(self, update: object, coroutine: Awaitable[Any]) -> None:
        token = _HANDLING.set(update)
        try:
            await self.do_process_update(update, coroutine)
        finally:
            _HANDLING.reset(token)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await ``coroutine`` (the chat's turn and the slot are already taken)."""
        await coroutine

    async def _refuse(self, update: object, turn: _Turn) -> None:
        assert isinstance(update, Update)  # only updates have a chat key
        log.warning("more than %d updates of one chat waiting; one refused", self._max_waiting)
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(texts.TOO_FAST_PLAIN, show_alert=False)
            elif not turn.told and update.effective_chat is not None:
                turn.told = True
                await update.get_bot().send_message(update.effective_chat.id, texts.TOO_FAST)
        except TelegramError as exc:
            log.warning("could not tell a chat it sends too fast: %s", exc)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _discard(coroutine: Awaitable[Any]) -> None:
    if isinstance(coroutine, Coroutine):
        coroutine.close()


def _chat_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None
