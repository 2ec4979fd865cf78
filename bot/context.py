"""Typed PTB context: handlers reach the services through ``context.services``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from telegram import Bot
from telegram.ext import Application, CallbackContext, ExtBot

from bot.communities import CommunitiesConfig
from bot.config import Settings
from bot.services import (
    AdviserService,
    Clock,
    ConsultationService,
    EscalationService,
    LegalAidService,
    MediationService,
    QuestionService,
    RelayService,
)
from bot.services.broadcasts import BroadcastService
from bot.services.checkins import CheckinService
from bot.services.kb_admin import KbAdminService
from bot.services.logbook import LogService
from bot.services.privacy import PrivacyService
from bot.services.quizzes import QuizService
from bot.services.retention import RetentionService
from bot.services.stats import StatsService
from bot.services.worklog import WorklogService
from bot.session import UserData

__all__ = ["BotContext", "BotData", "CampaignSending", "OutboxSender", "Services"]


class OutboxSender(Protocol):
    """Sends what the use cases queued (``handlers.dispatch.OutboxDispatcher``)."""

    async def flush(self, bot: Bot, *, limit: int = 100) -> int:
        """Send every due notice; return how many were sent."""

    async def settled(self) -> None:
        """Wait until a send in progress has recorded its messages."""

    async def resume(self, chat_id: int) -> int:
        """Send again what was given up on for ``chat_id``; return how many notices."""

    def wake(self) -> None:
        """Have the background drain send what is due, without waiting for it."""


class CampaignSending(Protocol):
    """Sends the campaigns' queues (``handlers.campaign_sender.CampaignSender``)."""

    def wake(self, bot: Bot) -> None:
        """Start sending what is due in the background, unless a send is running."""

    async def drain(self, bot: Bot) -> int:
        """Queue due campaigns, send every pending copy, report; return how many were sent."""

    async def stop(self) -> None:
        """Cancel a send in progress (what was not answered stays pending)."""


@dataclass(slots=True)
class Services:
    """The long-lived use cases and settings, built in ``post_init``."""

    settings: Settings
    clock: Clock
    """The application's clock: handlers take the time from it, never from the wall."""
    questions: QuestionService
    communities: CommunitiesConfig
    advisers: AdviserService
    consultations: ConsultationService
    relay: RelayService
    escalation: EscalationService
    outbox: OutboxSender
    stats: StatsService
    privacy: PrivacyService
    retention: RetentionService
    kb_admin: KbAdminService
    legal_aid: LegalAidService
    mediation: MediationService
    quizzes: QuizService
    """普法 quizzes and the weekly leaderboard."""
    checkins: CheckinService
    """The daily 普法 check-in and its reminders."""
    broadcasts: BroadcastService
    """普法 subscriptions and campaigns."""
    campaigns: CampaignSending
    logbook: LogService
    """Consultations by visit, phone or letter (``/log``)."""
    worklog: WorklogService
    """The advisers' work logs (``/worklog``, the ledger's sheet)."""


class BotData:
    """``application.bot_data``: holds the services once the application is initialized."""

    def __init__(self) -> None:
        self.services: Services | None = None
        self.locked_attempts: dict[int, int] = {}
        """By update id: how often an update met a locked database (``handlers.locked``)."""


class BotContext(CallbackContext[ExtBot[None], UserData, dict[Any, Any], BotData]):
    """Callback context exposing the services with their types."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    async def flush_outbox(self) -> None:
        """Have the notices the last use case queued sent soon; returns without waiting.

        The outbox's drain task sends them (in order, within the flood limits), so a handler
        is never held up by a slow or rate-limited send to somebody else.
        """
        self.services.outbox.wake()

    @property
    def session(self) -> UserData:
        """The user's session state (``user_data``); only for updates from a user."""
        user_data = self.user_data
        if user_data is None:
            raise LookupError("no user_data: the update or job has no user")
        return user_data

    def now(self) -> dt.datetime:
        """Return the current time by the application's clock (aware, UTC)."""
        return self.services.clock()

    def today(self) -> dt.date:
        """Return today's date in the office's time zone, by the application's clock."""
        return self.now().astimezone(self.services.settings.tz).date()

    @property
    def services(self) -> Services:
        """The application's services (available after ``post_init``)."""
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are used before post_init built them")
        return services
