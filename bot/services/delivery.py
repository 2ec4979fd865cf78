"""Delivery bookkeeping of the outbox, for the dispatcher that sends it (no Telegram here)."""

from __future__ import annotations

import datetime as dt

from bot.storage.outbox import OutboxMessage, OutboxRepository

__all__ = ["NoticeDelivery"]


class NoticeDelivery:
    """What the outbox's sender may do: read what is due, record each attempt's result.

    The dispatcher in ``handlers`` sends the notices; it records through this use case, not
    through the repository, so handlers never drive storage themselves.
    """

    def __init__(self, outbox: OutboxRepository) -> None:
        """Keep the books in ``outbox``."""
        self._outbox = outbox

    async def due(self, now: dt.datetime, limit: int = 50) -> list[OutboxMessage]:
        """Return up to ``limit`` unsent notices due at ``now``, oldest first."""
        return await self._outbox.due(now, limit)

    async def sent(self, outbox_id: int, message_id: int | None, now: dt.datetime) -> bool:
        """Record that notice ``outbox_id`` was delivered as Telegram message ``message_id``."""
        return await self._outbox.mark_sent(outbox_id, message_id, now)

    async def failed(self, outbox_id: int, error: str, retry_at: dt.datetime | None) -> bool:
        """Record a failed attempt; retry at ``retry_at`` (``None``: give the notice up)."""
        return await self._outbox.mark_failed(outbox_id, error, retry_at)
