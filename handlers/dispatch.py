"""Send the outbox: every notice the use cases queued, retried until Telegram takes it."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError, TimedOut

from bot.outbox_receipts import NOT_RECORDED, OutboxReceipts
from bot.services import DeliveryService, OutboxMessage, database_locked, parse_notice
from handlers.notices import Rendered, render_notice
from handlers.render import split_html

__all__ = ["OutboxDispatcher"]

log = logging.getLogger(__name__)

SEND_TIMEOUT = 30.0
"""Seconds the drain waits for Telegram's answer to a send (longer than a handler waits).

Nobody waits on the drain, and a send Telegram takes but answers late is the one whose
outcome is unknown: sent again, it reaches the person twice. Waiting longer turns most such
sends into known ones."""


class OutboxDispatcher:
    """Drains the outbox in order; one drain at a time.

    Handlers do not send what their use case queued: they :meth:`wake` a long-lived drain
    task (:meth:`start`) and return, so a slow or flood-limited send never holds up the
    handler or its chat. The repeating job flushes too, as a safety net.

    Delivery is at least once, and in practice once: a row Telegram accepted gets a receipt
    (:class:`~bot.outbox_receipts.OutboxReceipts`) at once, before its mark is committed, so
    a kill or a locked database in between does not send it again; a send is given
    ``send_timeout`` to be answered. Only a send whose outcome stays unknown (in flight at a
    kill, or unanswered for ``send_timeout``) is sent again: a duplicate, never a loss.
    A failed row is retried with growing delays; a chat that blocked the bot (403) or does
    not exist is given up on, and logged.
    """

    def __init__(
        self,
        delivery: DeliveryService,
        tz: ZoneInfo,
        *,
        receipts: OutboxReceipts | None = None,
        send_timeout: float = SEND_TIMEOUT,
        unreachable: Callable[[Bot, OutboxMessage, TelegramError], Awaitable[None]] | None = None,
    ) -> None:
        """Send what ``delivery`` says is due, showing times in ``tz``.

        Args:
            delivery: The outbox use cases: what is due, and what became of a send.
            tz: The deployment's time zone.
            receipts: Where accepted sends are noted before their mark (``None``: nowhere).
            send_timeout: Seconds to wait for Telegram's answer to each send.
            unreachable: Told of each row given up on (403, 400) with the error
                (``handlers.staff_reach``: a staff member who never opened the bot).
        """
        self._delivery = delivery
        self._receipts = receipts or OutboxReceipts(None)
        self._send_timeout = send_timeout
        self._unreachable = unreachable
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
        try:
            await self.settle_receipts()
        except Exception:
            log.exception("outbox receipts not settled; the drain settles them row by row")
        while True:
            await self._wanted.wait()
            self._wanted.clear()
            try:
                await self.flush(bot)
            except Exception as exc:
                # The row stays due; the next wake-up or the repeating job tries again.
                if database_locked(exc):
                    log.warning("outbox drain: the database is locked; tried again later")
                else:
                    log.exception("outbox drain failed")

    async def flush(self, bot: Bot, *, limit: int = 100) -> int:
        """Send every due row (up to ``limit``); return how many were sent."""
        sent = 0
        async with self._lock:
            for row in await self._delivery.due(limit):
                if await self._deliver(bot, row):
                    sent += 1
        return sent

    async def settle_receipts(self) -> int:
        """Mark sent every row a receipt says Telegram took (left by a kill); return how many."""
        settled = 0
        async with self._lock:
            for outbox_id in self._receipts.rows():
                message_id = self._receipts.get(outbox_id)
                if message_id != NOT_RECORDED:
                    settled += await self._delivery.delivered_before_stop(outbox_id, message_id)
                elif self._receipts.being_sent(outbox_id):
                    # In flight at the stop: Telegram may have taken it. Sent again (a
                    # possible duplicate), as losing it would be worse.
                    log.warning("outbox %d was in flight at the last stop; sent again", outbox_id)
                    if self._receipts.parts_taken(outbox_id):
                        continue  # kept: the send resumes after the parts Telegram took
                self._receipts.forget(outbox_id)
        if settled:
            log.info("outbox: %d row(s) sent before a stop marked sent, not sent again", settled)
        return settled

    async def resume(self, chat_id: int) -> int:
        """Send again, soon, what was given up on for ``chat_id``; return how many rows."""
        resumed = await self._delivery.resume(chat_id)
        if resumed:
            self.wake()
        return resumed

    async def settled(self) -> None:
        """Wait until a drain in progress (if any) has recorded what it sent."""
        async with self._lock:
            pass

    async def _deliver(self, bot: Bot, row: OutboxMessage) -> bool:
        taken = self._receipts.get(row.id)
        if taken != NOT_RECORDED:
            # Telegram took it; only the mark was missing (a locked database, a kill).
            await self._delivery.delivered(row, taken)
            self._receipts.forget(row.id)
            return True
        try:
            rendered = render_notice(row.kind, parse_notice(row.kind, row.payload), self._tz)
        except (ValueError, ValidationError) as exc:
            log.error("outbox %d: cannot render %s: %s", row.id, row.kind, exc)
            await self._delivery.give_up(row, f"unrenderable: {exc}")
            return False
        try:
            message = await self._send_once(bot, row, rendered)
        except RetryAfter as exc:
            await self._retry(row, str(exc), after=_seconds(exc.retry_after))
            return False
        except (Forbidden, BadRequest) as exc:
            log.warning("outbox %d to %s given up: %s", row.id, row.chat_id, exc)
            await self._delivery.give_up(row, str(exc))
            self._receipts.forget(row.id)  # parts taken of a split text, if any
            if self._unreachable is not None:
                await self._unreachable(bot, row, exc)
            return False
        except TimedOut as exc:
            # Possibly delivered; retrying may duplicate it, which beats losing it.
            await self._retry(row, f"timed out: {exc}")
            return False
        except TelegramError as exc:
            await self._retry(row, str(exc))
            return False
        self._receipts.record(row.id, message.message_id)  # no await since Telegram's answer
        await self._delivery.delivered(row, message.message_id)
        self._receipts.forget(row.id)
        return True

    async def _send_once(self, bot: Bot, row: OutboxMessage, rendered: Rendered) -> Message:
        """Send ``row``, noted as being sent until Telegram answered (or surely did not take it).

        A split text resumes at its first part Telegram has not taken; each part taken is
        noted before the next is sent.
        """
        taken = self._receipts.parts_taken(row.id)
        self._receipts.sending(row.id, parts_taken=taken)

        def took(parts: int) -> None:
            self._receipts.sending(row.id, parts_taken=parts)  # no await since the answer

        try:
            return await _send(
                bot, row.chat_id, rendered, self._send_timeout, first=taken, took=took
            )
        except BaseException:
            if not self._receipts.parts_taken(row.id):
                self._receipts.forget(row.id)  # the row stays due and is tried again
            raise

    async def _retry(self, row: OutboxMessage, error: str, *, after: float | None = None) -> None:
        delay = await self._delivery.retry_later(row, error, after=after)
        log.warning("outbox %d to %s failed (%s); retry in %s", row.id, row.chat_id, error, delay)


async def _send(
    bot: Bot,
    chat_id: int,
    rendered: Rendered,
    read_timeout: float,
    *,
    first: int = 0,
    took: Callable[[int], None] = lambda parts: None,
) -> Message:
    """Send ``rendered``; of a split text, the parts from ``first`` on, calling ``took``."""
    common: dict[str, Any] = {
        "parse_mode": ParseMode.HTML,
        "reply_markup": rendered.markup,
        "read_timeout": read_timeout,
    }
    if rendered.photo is not None:
        return await bot.send_photo(chat_id, rendered.photo, caption=rendered.text, **common)
    if rendered.document is not None:
        return await bot.send_document(chat_id, rendered.document, caption=rendered.text, **common)
    parts = split_html(rendered.text)
    for number in range(min(first, len(parts) - 1), len(parts) - 1):
        await bot.send_message(
            chat_id, parts[number], parse_mode=ParseMode.HTML, read_timeout=read_timeout
        )
        took(number + 1)
    return await bot.send_message(chat_id, parts[-1], **common)


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
