"""Send the outbox: every notice the use cases queued, retried until Telegram takes it."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError, TimedOut

from bot.services import DeliveryService, OutboxMessage, parse_notice
from handlers.notices import Rendered, render_notice
from handlers.render import split_html

__all__ = ["OutboxDispatcher"]

log = logging.getLogger(__name__)


class OutboxDispatcher:
    """Drains the outbox in order; one drain at a time.

    Handlers do not send what their use case queued: they :meth:`wake` a long-lived drain
    task (:meth:`start`) and return, so a slow or flood-limited send never holds up the
    handler or its chat. The repeating job flushes too, as a safety net.

    Delivery is at least once: a row is marked sent only after Telegram accepted it, so a
    crash or a timed-out request between the two may send it again, but nothing is dropped.
    A failed row is retried with growing delays; a chat that blocked the bot (403) or does
    not exist is given up on, and logged.
    """

    def __init__(self, delivery: DeliveryService, tz: ZoneInfo) -> None:
        """Send what ``delivery`` says is due, showing times in ``tz``.

        Args:
            delivery: The outbox use cases: what is due, and what became of a send.
            tz: The deployment's time zone.
        """
        self._delivery = delivery
        self._tz = tz
        self._lock = asyncio.Lock()
        self._wanted = asyncio.Event()
        self._drain: asyncio.Task[None] | None = None

    def start(self, bot: Bot) -> None:
        """Start the drain task that sends through ``bot`` whenever it is woken."""
        if self._drain is None:
            self._drain = asyncio.create_task(self._run(bot), name="outbox-drain")

    def wake(self) -> None:
        """Have the drain task send what is due, soon; return at once."""
        self._wanted.set()

    async def stop(self) -> None:
        """Let a send in progress finish and record its messages, then end the drain task."""
        drain, self._drain = self._drain, None
        if drain is None:
            return
        async with self._lock:
            drain.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await drain

    async def _run(self, bot: Bot) -> None:
        while True:
            await self._wanted.wait()
            self._wanted.clear()
            try:
                await self.flush(bot)
            except Exception:
                # The row stays due; the next wake-up or the repeating job tries again.
                log.exception("outbox drain failed")

    async def flush(self, bot: Bot, *, limit: int = 100) -> int:
        """Send every due row (up to ``limit``); return how many were sent."""
        sent = 0
        async with self._lock:
            for row in await self._delivery.due(limit):
                if await self._deliver(bot, row):
                    sent += 1
        return sent

    async def settled(self) -> None:
        """Wait until a drain in progress (if any) has recorded what it sent."""
        async with self._lock:
            pass

    async def _deliver(self, bot: Bot, row: OutboxMessage) -> bool:
        try:
            rendered = render_notice(row.kind, parse_notice(row.kind, row.payload), self._tz)
        except (ValueError, ValidationError) as exc:
            log.error("outbox %d: cannot render %s: %s", row.id, row.kind, exc)
            await self._delivery.give_up(row, f"unrenderable: {exc}")
            return False
        try:
            message = await _send(bot, row.chat_id, rendered)
        except RetryAfter as exc:
            await self._retry(row, str(exc), after=_seconds(exc.retry_after))
            return False
        except (Forbidden, BadRequest) as exc:
            log.warning("outbox %d to %s given up: %s", row.id, row.chat_id, exc)
            await self._delivery.give_up(row, str(exc))
            return False
        except TimedOut as exc:
            # Possibly delivered; retrying may duplicate it, which beats losing it.
            await self._retry(row, f"timed out: {exc}")
            return False
        except TelegramError as exc:
            await self._retry(row, str(exc))
            return False
        await self._delivery.delivered(row, message.message_id)
        return True

    async def _retry(self, row: OutboxMessage, error: str, *, after: float | None = None) -> None:
        delay = await self._delivery.retry_later(row, error, after=after)
        log.warning("outbox %d to %s failed (%s); retry in %s", row.id, row.chat_id, error, delay)


async def _send(bot: Bot, chat_id: int, rendered: Rendered) -> Message:
    common: dict[str, Any] = {"parse_mode": ParseMode.HTML, "reply_markup": rendered.markup}
    if rendered.photo is not None:
        return await bot.send_photo(chat_id, rendered.photo, caption=rendered.text, **common)
    if rendered.document is not None:
        return await bot.send_document(chat_id, rendered.document, caption=rendered.text, **common)
    parts = split_html(rendered.text)
    for part in parts[:-1]:
        await bot.send_message(chat_id, part, parse_mode=ParseMode.HTML)
    return await bot.send_message(chat_id, parts[-1], **common)


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
