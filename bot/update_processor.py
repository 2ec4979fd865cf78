"""Process updates of different chats concurrently and those of one chat strictly in order."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import BaseUpdateProcessor

from bot import texts
from bot.rate_limit import Take, UserRateLimiter

__all__ = [
    "MAX_WAITING_PER_CHAT",
    "Exempt",
    "PerChatUpdateProcessor",
    "UpdateFinished",
    "handling",
]

log = logging.getLogger(__name__)

MAX_WAITING_PER_CHAT = 30
"""Updates of one chat that may wait behind the one in hand; more are refused with a notice."""

UpdateFinished = Callable[[object], Awaitable[None]]
"""Called with each update once it was handled (or refused), still in its chat's turn and its
slot: the conversation state it left is written and the inbox forgets it."""
Exempt = Callable[[int], Awaitable[bool]]
"""Whether a user is exempt from the per-user rate limit (staff and advisers)."""

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

    With a ``rate_limiter``, each user's updates are also counted as they arrive (a token
    bucket per user). One over the limit is not handled: when its turn comes it is dropped
    without taking a shared slot, unless the user is exempt (staff, advisers: see
    :meth:`exempt_when`), and the user is told once per burst that what they sent just now
    was not handled and when to send again (a button press gets a short toast).
    """

    def __init__(
        self,
        max_concurrent_updates: int = 8,
        *,
        max_waiting_per_chat: int = MAX_WAITING_PER_CHAT,
        rate_limiter: UserRateLimiter | None = None,
    ) -> None:
        """Allow ``max_concurrent_updates`` updates in flight across all chats.

        Args:
            max_concurrent_updates: Updates handled at once (of different chats).
            max_waiting_per_chat: Updates of one chat that may wait behind its current one.
            rate_limiter: Per-user flood control (``None``: none).
        """
        super().__init__(max_concurrent_updates)
        if max_waiting_per_chat < 0:
            raise ValueError(f"max_waiting_per_chat must be >= 0, got {max_waiting_per_chat!r}")
        self._max_waiting = max_waiting_per_chat
        self._turns: dict[int, _Turn] = {}
        self._finished: UpdateFinished | None = None
        self._limiter = rate_limiter
        self._exempt: Exempt | None = None

    def on_finished(self, callback: UpdateFinished | None) -> None:
        """Call ``callback`` with every update after it was handled or refused."""
        self._finished = callback

    def exempt_when(self, check: Exempt | None) -> None:
        """Let the updates of users for whom ``check`` holds pass the rate limit."""
        self._exempt = check

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
                await self._finish(update)
        else:
            taken = self._take(update)
            turn = self._turns.setdefault(key, _Turn())
            if turn.queued > self._max_waiting:
                _discard(coroutine)
                await self._refuse(update, turn)
                await self._finish(update)
            else:
                turn.queued += 1
                try:
                    # Inside the chat's turn (and the slot): the chat's next update starts,
                    # and the update counts as in process, until this one's effects are kept
                    # (the conversation state it left, for one).
                    async with turn.lock:
                        if taken.allowed or await self._is_exempt(update):
                            async with self._semaphore:
                                await self._handle(update, coroutine)
                                await self._finish(update)
                        else:
                            _discard(coroutine)
                            await self._throttle(update, taken)
                            await self._finish(update)
                finally:
                    turn.queued -= 1
                    if turn.queued == 0:
                        del self._turns[key]

    async def _finish(self, update: object) -> None:
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

    def _take(self, update: object) -> Take:
        """Count the update against its user's bucket, as it arrives."""
        if self._limiter is None or not isinstance(update, Update):
            return Take(allowed=True)
        user = update.effective_user
        return Take(allowed=True) if user is None else self._limiter.take(user.id)

    async def _is_exempt(self, update: object) -> bool:
        # Asked only for an update over the limit, inside its chat's turn (order is kept).
        assert isinstance(update, Update)
        user = update.effective_user
        return self._exempt is not None and user is not None and await self._exempt(user.id)

    async def _throttle(self, update: object, taken: Take) -> None:
        assert isinstance(update, Update)
        assert self._limiter is not None
        log.info("a user over %s updates a minute: one not handled", self._limiter.rate_per_minute)
        seconds = max(1, math.ceil(taken.retry_after))
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(texts.RATE_LIMITED_TOAST, show_alert=False)
            elif taken.tell and update.effective_chat is not None:
                text = texts.RATE_LIMITED.format(
                    rate=f"{self._limiter.rate_per_minute:g}", seconds=seconds
                )
                await update.get_bot().send_message(update.effective_chat.id, text)
        except TelegramError as exc:
            log.warning("could not tell a user they send too often: %s", exc)

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
