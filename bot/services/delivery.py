"""Delivery of the outbox: what is due, and what became of each attempt to send it.

The use cases queue notices in the outbox (``ConsultationContext.notify``); the sender in
``handlers.dispatch`` renders and sends them and reports back here. How long a failed send
waits before the next attempt is decided here, not by the sender.
"""

from __future__ import annotations

import datetime as dt

from bot.storage.clock import Clock
from bot.storage.outbox import OutboxMessage, OutboxRepository

__all__ = ["MAX_BACKOFF", "DeliveryService"]

MAX_BACKOFF = dt.timedelta(minutes=30)
"""The longest wait between two attempts to send one notice."""


class DeliveryService:
    """The outbox as its sender sees it."""

    def __init__(self, outbox: OutboxRepository, clock: Clock, *, retry_seconds: float = 5.0):
        """Deliver from ``outbox``, timing with ``clock``.

        Args:
            outbox: The outbox repository.
            clock: Source of the current time.
            retry_seconds: The first retry delay; it doubles with every failed attempt.
        """
        self._outbox = outbox
        self._clock = clock
        self._retry_seconds = retry_seconds

    async def due(self, limit: int = 100) -> list[OutboxMessage]:
        """Return the notices due now, oldest first (at most ``limit``)."""
        return await self._outbox.due(self._clock(), limit)

    async def delivered(self, notice: OutboxMessage, message_id: int | None) -> None:
        """Record that Telegram took ``notice`` (as message ``message_id``)."""
        await self._outbox.mark_sent(notice.id, message_id, self._clock())

    async def delivered_before_stop(self, outbox_id: int, message_id: int | None) -> int:
        """Record that Telegram took notice ``outbox_id`` before a stop; return rows marked."""
        return await self._outbox.mark_sent(outbox_id, message_id, self._clock())

    async def give_up(self, notice: OutboxMessage, error: str) -> None:
        """Record that ``notice`` cannot be sent (blocked, no such chat, unrenderable)."""
        await self._outbox.mark_failed(notice.id, error, None)

    async def resume(self, chat_id: int) -> int:
        """Send again what was given up on for ``chat_id`` (who now opened the bot); how many."""
        return await self._outbox.resume_given_up(chat_id, self._clock())

    async def retry_later(
        self, notice: OutboxMessage, error: str, *, after: float | None = None
    ) -> dt.timedelta:
        """Have ``notice`` tried again later; return how long it waits.

        Args:
            notice: The notice whose send failed.
            error: What went wrong (kept on the row).
            after: Seconds Telegram asked to wait (a 429); otherwise the delay doubles with
                every failed attempt. Never more than :data:`MAX_BACKOFF`.
        """
        seconds = self._retry_seconds * 2**notice.attempts if after is None else after
        delay = min(dt.timedelta(seconds=seconds), MAX_BACKOFF)
        await self._outbox.mark_failed(notice.id, error, self._clock() + delay)
        return delay
