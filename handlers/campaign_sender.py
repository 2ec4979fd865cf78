"""Sends due campaigns to their queue at Telegram's limits, then reports to staff.

PTB's ``AIORateLimiter`` keeps every call under 30 a second overall and retries a 429; a bulk
send needs more: its own steady pace below that (``rate_per_second``), so the answers to
residents asking at the same time still get through, and a pause of the whole drain when
Telegram says ``retry_after`` (a 429 that got past the limiter's retries leaves its row
pending for the next round, never lost, never counted as an attempt). Each row is marked
the moment the API answered; a restart resumes with the pending rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot import texts
from bot.services.broadcasts import BroadcastService
from bot.storage.broadcasts import Campaign
from handlers import callback_data as cb
from handlers.broadcast import report_text
from handlers.staff_messages import tell_staff

__all__ = ["DEFAULT_CATCH_UP_SECONDS", "DEFAULT_RATE_PER_SECOND", "CampaignSender", "Pacer"]

log = logging.getLogger(__name__)

DEFAULT_RATE_PER_SECOND = 29.5
"""Copies a second: just under Telegram's 30 a second per bot (PTB's limiter queues answers)."""
DEFAULT_CATCH_UP_SECONDS = 0.5
"""Missed time a late drain may make up at once (a stall of the loop on a loaded machine, a
slow send): the average holds at the rate, and the burst (0.5 s of slots, 15 at 29.5 a
second) stays inside the bucket of 30 Telegram allows, with room for copies that arrive
up to half a second late."""
_BATCH = 500
"""Pending rows read at a time (the sends of one batch finish before the next is read)."""


class Pacer:
    """Lets calls through at a steady ``rate_per_second``; :meth:`pause` holds them all.

    A token bucket of ``catch_up`` seconds of slots: calls that come late (the loop was busy)
    may make up that much missed time at once, never more, so the drain keeps its average
    rate without a burst outrunning the limit.
    """

    def __init__(
        self,
        rate_per_second: float,
        *,
        catch_up: float = DEFAULT_CATCH_UP_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        """Pace at ``rate_per_second`` (positive), making up at most ``catch_up`` seconds.

        Args:
            rate_per_second: Calls a second.
            catch_up: Seconds of missed slots late calls may make up at once (0: none).
            clock: Monotonic seconds (tests pass a manual one).
            sleep: Waits that many seconds.
        """
        if rate_per_second <= 0:
            raise ValueError(f"rate_per_second must be positive, got {rate_per_second!r}")
        if catch_up < 0:
            raise ValueError(f"catch_up must not be negative, got {catch_up!r}")
        self._interval = 1.0 / rate_per_second
        self._catch_up = catch_up
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        """Return when the next call may go."""
        async with self._lock:
            now = self._clock()
            if self._next > now:
                await self._sleep(self._next - now)
                now = self._clock()
            self._next = max(now - self._catch_up, self._next) + self._interval

    def pause(self, seconds: float) -> None:
        """Let no call through for ``seconds`` from now."""
        self._next = max(self._next, self._clock() + seconds)


class CampaignSender:
    """Drains the campaigns' queues in a background task the repeating job wakes."""

    def __init__(
        self,
        broadcasts: BroadcastService,
        staff_ids: Iterable[int],
        tz: ZoneInfo,
        *,
        rate_per_second: float = DEFAULT_RATE_PER_SECOND,
        concurrency: int = 64,
    ) -> None:
        """Send for ``broadcasts``; report to ``staff_ids`` with times in ``tz``."""
        self._broadcasts = broadcasts
        self._staff_ids = tuple(sorted(staff_ids))
        self._tz = tz
        self._pacer = Pacer(rate_per_second)
        self._slots = asyncio.Semaphore(concurrency)
        self._task: asyncio.Task[int] | None = None
        self.escaped_429 = 0
        """429 answers that got past the rate limiter's retries (their rows were kept)."""

    def wake(self, bot: Bot) -> None:
        """Start a drain in the background unless one is running."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self.drain(bot), name="campaigns")

    async def stop(self) -> None:
        """Cancel a drain in progress (its rows not yet answered stay pending)."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def drain(self, bot: Bot) -> int:
        """Queue due campaigns, send every pending copy, report finished ones; return sends."""
        broadcasts = self._broadcasts
        await broadcasts.start_due()
        sent = 0
        for campaign in await broadcasts.sending():
            sent += await self._send_all(bot, campaign)
            if await broadcasts.finish(campaign.id):
                log.info(
                    "campaign %d sent; 429 answers past the rate limiter so far: %d",
                    campaign.id,
                    self.escaped_429,
                )
        await self._report(bot)
        return sent

    async def _send_all(self, bot: Bot, campaign: Campaign) -> int:
        sent = 0
        while batch := await self._broadcasts.pending(campaign.id, limit=_BATCH):
            results = await asyncio.gather(
                *(self._send_one(bot, campaign, chat_id, attempts) for chat_id, attempts in batch)
            )
            sent += sum(results)
        return sent

    async def _send_one(self, bot: Bot, campaign: Campaign, chat_id: int, attempts: int) -> bool:
        broadcasts = self._broadcasts
        async with self._slots:
            await self._pacer.wait()
            try:
                message = await self._deliver(bot, campaign, chat_id)
            except RetryAfter as exc:
                self.escaped_429 += 1
                delay = exc.retry_after
                seconds = delay.total_seconds() if isinstance(delay, dt.timedelta) else delay
                log.warning(
                    "campaign %d: a 429 got past the rate limiter (retry after %s s); "
                    "the copy stays pending",
                    campaign.id,
                    seconds,
                )
                self._pacer.pause(float(seconds))
                return False
            except Forbidden:
                await broadcasts.blocked(campaign.id, chat_id)
                return False
            except BadRequest as exc:
                log.warning("campaign %d: a copy was refused: %s", campaign.id, exc.message)
                await broadcasts.failed(campaign.id, chat_id, attempts=attempts, final=True)
                return False
            except NetworkError as exc:  # includes TimedOut: retried, at least once
                log.warning("campaign %d: a copy failed, will retry: %s", campaign.id, exc)
                await broadcasts.failed(campaign.id, chat_id, attempts=attempts, final=False)
                return False
            except TelegramError as exc:
                log.warning("campaign %d: a copy failed: %s", campaign.id, exc)
                await broadcasts.failed(campaign.id, chat_id, attempts=attempts, final=True)
                return False
            await broadcasts.sent(campaign.id, chat_id, message.message_id)
            return True

    @staticmethod
    async def _deliver(bot: Bot, campaign: Campaign, chat_id: int) -> Message:
        """Send one copy: the text, or the picture with the text as its caption (plain text).

        A campaign with a quiz has its 参加竞猜 button under the copy.
        """
        markup = None
        if campaign.quiz_topic is not None:
            button = cb.CampaignQuizButton(campaign.id).pack()
            markup = InlineKeyboardMarkup(
                [[InlineKeyboardButton(texts.BUTTON_CAMPAIGN_QUIZ, callback_data=button)]]
            )
        if campaign.photo_file_id is not None:
            return await bot.send_photo(
                chat_id,
                campaign.photo_file_id,
                caption=campaign.text,
                parse_mode=None,
                reply_markup=markup,
            )
        return await bot.send_message(chat_id, campaign.text, parse_mode=None, reply_markup=markup)

    async def _report(self, bot: Bot) -> None:
        for report in await self._broadcasts.unreported():
            campaign = report.campaign
            text = report_text(report, self._tz, texts.CAMPAIGN_REPORT)
            await tell_staff(bot, self._staff_ids, [text], what="campaign report")
            await self._broadcasts.reported(campaign.id)
