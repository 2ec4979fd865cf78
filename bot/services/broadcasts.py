"""普法 subscriptions and campaigns: subscribe, offer once, schedule, queue, record, report.

No Telegram here: the sender (``handlers.broadcast``) asks for the pending recipients,
sends, and tells this service what the Bot API said for each.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.services.errors import AccessDenied, InvalidInput, NotFound
from bot.services.publicity_calendar import ComingDate, PublicityCalendar
from bot.storage.broadcasts import (
    Campaign,
    CampaignRepository,
    CampaignStatus,
    QuizTally,
    SendStatus,
    SendTally,
    SubscriptionRepository,
)
from bot.storage.clock import Clock, system_clock
from bot.storage.database import Database

__all__ = [
    "MAX_ATTEMPTS",
    "MAX_CAMPAIGN_CHARS",
    "BroadcastService",
    "CampaignReport",
    "parse_send_at",
]

MAX_CAMPAIGN_CHARS = 1024
"""A campaign is one message; with a picture it is the caption, which Telegram caps at 1024."""
MAX_ATTEMPTS = 3
"""Sends of one copy that failed for a passing reason before it counts as failed."""
_WHEN = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})")


def parse_send_at(text: str, tz: ZoneInfo) -> dt.datetime | None:
    """Return the aware time ``YYYY-MM-DD HH:MM`` (local, ``tz``) names, or ``None``."""
    match = _WHEN.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute = (int(part) for part in match.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, tzinfo=tz)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class CampaignReport:
    """What staff are told once a campaign is sent."""

    campaign: Campaign
    tally: SendTally
    quiz: QuizTally = field(default_factory=QuizTally)
    """Who took the campaign's quiz so far (nobody when it carries none)."""


class BroadcastService:
    """Subscriptions of residents and campaigns of staff, over one database."""

    def __init__(
        self,
        db: Database,
        *,
        is_staff: Callable[[int], bool],
        clock: Clock = system_clock,
        calendar: PublicityCalendar | None = None,
        tz: ZoneInfo | None = None,
    ) -> None:
        """Use ``db``; ``is_staff`` says who may schedule campaigns.

        Args:
            db: The open database.
            is_staff: Whether a user is staff.
            clock: Source of the current time.
            calendar: The 普法 calendar staff are reminded of (none when omitted).
            tz: The local time zone of the calendar's days (UTC when omitted).
        """
        self._calendar = calendar or PublicityCalendar()
        self._tz = tz or ZoneInfo("UTC")
        self._subscriptions = SubscriptionRepository(db)
        self._campaigns = CampaignRepository(db)
        self._is_staff = is_staff
        self._clock = clock

    async def subscribe(self, user_id: int) -> bool:
        """Subscribe ``user_id``; return ``False`` when they were already."""
        await self._subscriptions.mark_offered(user_id, now=self._clock())
        return await self._subscriptions.subscribe(user_id, now=self._clock())

    async def unsubscribe(self, user_id: int) -> bool:
        """Unsubscribe ``user_id``; return ``False`` when they were not subscribed."""
        return await self._subscriptions.unsubscribe(user_id, now=self._clock(), reason="resident")

    async def is_subscribed(self, user_id: int) -> bool:
        """Return whether ``user_id`` receives campaigns."""
        return await self._subscriptions.is_subscribed(user_id)

    async def offer_once(self, user_id: int) -> bool:
        """Return whether to offer ``user_id`` a subscription now: once ever, never to staff.

        The offer is recorded as made when this returns ``True``.
        """
        if self._is_staff(user_id) or await self._subscriptions.is_subscribed(user_id):
            return False
        return await self._subscriptions.mark_offered(user_id, now=self._clock())

    async def subscribers(self) -> int:
        """Return how many residents are subscribed."""
        return await self._subscriptions.active_count()

    async def schedule(
        self,
        staff_id: int,
        send_at: dt.datetime,
        text: str,
        *,
        photo_file_id: str | None = None,
        quiz_topic: str | None = None,
    ) -> Campaign:
        """Schedule a campaign for every subscriber at ``send_at``.

        ``quiz_topic`` (a topic the quiz service named, or its ``ALL_TOPICS``) makes each copy
        offer that quiz; ``None``: no quiz.

        Raises:
            AccessDenied: ``staff_id`` is not staff.
            InvalidInput: The text is empty or too long, or the time has passed.
        """
        if not self._is_staff(staff_id):
            raise AccessDenied("only staff schedule campaigns")
        body = text.strip()
        if not body:
            raise InvalidInput("empty campaign text", field="text")
        if len(body) > MAX_CAMPAIGN_CHARS:
            raise InvalidInput("campaign text too long", field="text")
        now = self._clock()
        if send_at < now - dt.timedelta(minutes=1):
            raise InvalidInput("the campaign's time has passed", field="send_at")
        return await self._campaigns.add(
            created_by=staff_id,
            now=now,
            send_at=send_at,
            text=body,
            photo_file_id=photo_file_id,
            quiz_topic=quiz_topic,
        )

    async def scheduled(self, staff_id: int) -> list[Campaign]:
        """Return the campaigns waiting for their time (staff only)."""
        if not self._is_staff(staff_id):
            raise AccessDenied("only staff see campaigns")
        return await self._campaigns.with_status(CampaignStatus.SCHEDULED)

    async def start_due(self) -> list[int]:
        """Queue a copy for every subscriber of each campaign whose time has come."""
        return await self._campaigns.start_due(self._clock())

    async def sending(self) -> list[Campaign]:
        """Return the campaigns being sent (queued, copies pending), oldest first."""
        return await self._campaigns.with_status(CampaignStatus.SENDING)

    async def pending(self, campaign_id: int, *, limit: int = 500) -> list[tuple[int, int]]:
        """Return up to ``limit`` recipients still to send to, as (chat id, attempts)."""
        return await self._campaigns.pending(campaign_id, limit=limit)

    async def sent(self, campaign_id: int, chat_id: int, message_id: int) -> None:
        """Record that the Bot API accepted ``chat_id``'s copy."""
        await self._campaigns.mark(
            campaign_id, chat_id, SendStatus.SENT, now=self._clock(), message_id=message_id
        )

    async def blocked(self, campaign_id: int, chat_id: int) -> None:
        """Record that ``chat_id`` blocked the bot, and unsubscribe them."""
        now = self._clock()
        await self._campaigns.mark(campaign_id, chat_id, SendStatus.BLOCKED, now=now)
        await self._subscriptions.unsubscribe(chat_id, now=now, reason="blocked")

    async def failed(self, campaign_id: int, chat_id: int, *, attempts: int, final: bool) -> None:
        """Record a failed send: final, or to be retried until :data:`MAX_ATTEMPTS`."""
        if final or attempts + 1 >= MAX_ATTEMPTS:
            await self._campaigns.mark(campaign_id, chat_id, SendStatus.FAILED, now=self._clock())
        else:
            await self._campaigns.retry_later(campaign_id, chat_id)

    async def finish(self, campaign_id: int) -> bool:
        """Mark the campaign done if nothing is pending; ``False`` otherwise."""
        return await self._campaigns.finish(campaign_id, now=self._clock())

    async def quiz_of(self, campaign_id: int, user_id: int) -> str:
        """Return the quiz topic of the campaign ``user_id`` was sent and wants to take.

        Raises:
            NotFound: No such campaign, or it carries no quiz.
            AccessDenied: ``user_id`` was not sent the campaign (a forged button).
        """
        campaign = await self._campaigns.get(campaign_id)
        if campaign is None or campaign.quiz_topic is None:
            raise NotFound(f"campaign {campaign_id} with a quiz")
        if not await self._campaigns.was_sent(campaign_id, user_id):
            raise AccessDenied("the campaign was not sent to this user")
        return campaign.quiz_topic

    async def unreported(self) -> list[CampaignReport]:
        """Return the reports of finished campaigns staff have not been sent yet."""
        return [await self._report(campaign) for campaign in await self._campaigns.unreported()]

    async def reported(self, campaign_id: int) -> None:
        """Record that staff were sent the campaign's report."""
        await self._campaigns.mark_reported(campaign_id, now=self._clock())

    async def report(self, staff_id: int, campaign_id: int) -> CampaignReport:
        """Return the campaign with its tally so far, quiz takers included (staff only).

        Raises:
            AccessDenied: ``staff_id`` is not staff.
            NotFound: No such campaign.
        """
        if not self._is_staff(staff_id):
            raise AccessDenied("only staff see campaigns")
        campaign = await self._campaigns.get(campaign_id)
        if campaign is None:
            raise NotFound(f"campaign {campaign_id}")
        return await self._report(campaign)

    async def _report(self, campaign: Campaign) -> CampaignReport:
        tally = await self._campaigns.tally(campaign.id)
        if campaign.quiz_topic is None:
            return CampaignReport(campaign, tally)
        return CampaignReport(campaign, tally, await self._campaigns.quiz_tally(campaign.id))

    async def due_reminders(self) -> list[ComingDate]:
        """Return the calendar dates within the reminder window staff were not reminded of."""
        today = self._clock().astimezone(self._tz).date()
        coming = self._calendar.coming(today)
        done = await self._campaigns.reminded_days([c.key for c in coming])
        return [c for c in coming if c.key not in done]

    async def reminded(self, coming: ComingDate) -> None:
        """Record that staff were reminded of ``coming``."""
        await self._campaigns.mark_reminded(coming.key, now=self._clock())
