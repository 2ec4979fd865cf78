"""Build the PTB ``Application``; the only module that imports ``handlers``, to wire them."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot import texts
from bot.communities import CommunitiesConfig, load_communities
from bot.config import Settings
from bot.context import BotContext, BotData, Services
from bot.services import QuestionService, build_consultation_services
from bot.services.stats import StatsService
from bot.storage import Database, QuestionRepository, ResidentRepository
from bot.storage.clock import Clock, system_clock
from bot.update_processor import PerChatUpdateProcessor
from handlers import adviser, common, consult, intake, jobs, menus, routing, staff, stats
from handlers.dispatch import OutboxDispatcher
from knowledge import KnowledgeBase

__all__ = ["BotApplication", "Resources", "build_application"]

log = logging.getLogger(__name__)

BotApplication = Application[Any, BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]


@dataclass(slots=True)
class Resources:
    """What ``post_init`` opens and ``post_shutdown`` closes."""

    settings: Settings
    communities: CommunitiesConfig
    clock: Clock = system_clock
    knowledge: KnowledgeBase | None = None
    database: Database | None = field(default=None, init=False)


def build_application(
    settings: Settings,
    *,
    knowledge: KnowledgeBase | None = None,
    communities: CommunitiesConfig | None = None,
    clock: Clock = system_clock,
    rate_limiter: bool | None = None,
) -> BotApplication:
    """Build the bot's application against the Bot API server named in ``settings``.

    Args:
        settings: Deployment settings; ``bot_token`` must be set.
        knowledge: An already loaded knowledge base (loaded from ``settings`` when omitted).
        communities: The communities file, loaded (from ``settings`` when omitted; raises
            ``CommunitiesError`` naming file and line when it is invalid).
        clock: Source of the current time (tests pass a fixed one).
        rate_limiter: Use PTB's ``AIORateLimiter``; ``settings.rate_limit`` decides when omitted.

    Returns:
        The application, with handlers registered; resources open in ``post_init``.
    """
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    resources = Resources(
        settings=settings,
        communities=communities or load_communities(settings.communities_file),
        clock=clock,
        knowledge=knowledge,
    )
    context_types = ContextTypes(context=BotContext, bot_data=BotData)
    builder = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.bot_api_url)
        .base_file_url(settings.bot_api_file_url)
        .context_types(context_types)
        .concurrent_updates(PerChatUpdateProcessor(settings.concurrent_updates))
        .persistence(
            # Only conversation states and per-user drafts survive a restart; the services in
            # bot_data are rebuilt by post_init.
            PicklePersistence(
                settings.state_path,
                store_data=PersistenceInput(bot_data=False, chat_data=False, callback_data=False),
                update_interval=settings.state_flush_seconds,
            )
        )
        .read_timeout(settings.api_timeout)
        .write_timeout(settings.api_timeout)
        .connect_timeout(settings.api_timeout)
        .get_updates_read_timeout(settings.api_timeout + 30)
        .post_init(lambda app: _post_init(app, resources))
        .post_shutdown(lambda app: _post_shutdown(app, resources))
    )
    if settings.rate_limit if rate_limiter is None else rate_limiter:
        # PTB types the builder by rate-limiter data; the chain above fixed it to None.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))  # type: ignore[arg-type]
    application: BotApplication = builder.build()
    _register_handlers(application)
    return application


async def _post_init(application: BotApplication, resources: Resources) -> None:
    settings = resources.settings
    knowledge = resources.knowledge or KnowledgeBase.load(settings.knowledge_dir)
    database = Database(settings.db_path, busy_timeout_ms=settings.db_busy_timeout_ms)
    await database.open()
    resources.database = database
    questions = QuestionService(
        knowledge,
        ResidentRepository(database),
        QuestionRepository(database),
        clock=resources.clock,
    )
    desk = build_consultation_services(
        database, resources.communities, settings.staff_ids, clock=resources.clock
    )
    await desk.advisers.sync_config_advisers()
    application.bot_data.services = Services(
        settings=settings,
        questions=questions,
        communities=resources.communities,
        desk=desk,
        stats=StatsService(database, resources.communities, settings.tz, resources.clock),
        outbox=OutboxDispatcher(
            desk.outbox,
            resources.clock,
            settings.tz,
            retry_seconds=settings.outbox_interval_seconds,
        ),
    )
    await menus.set_default_menu(application.bot)
    await menus.set_staff_menus(application.bot, settings.staff_ids)
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("the JobQueue is missing: install python-telegram-bot[job-queue]")
    job_queue.run_repeating(
        jobs.send_outbox, interval=settings.outbox_interval_seconds, first=1, name="outbox"
    )
    job_queue.run_repeating(
        jobs.escalate, interval=settings.escalation_interval_seconds, first=1, name="escalation"
    )
    if settings.staff_ids:
        job_queue.run_daily(
            stats.send_digest, time=settings.digest_time.replace(tzinfo=settings.tz), name="digest"
        )
    log.info("bot ready: %d knowledge items, database %s", len(knowledge.items), settings.db_path)


async def _post_shutdown(application: BotApplication, resources: Resources) -> None:
    if resources.database is not None:
        await resources.database.close()
        resources.database = None


def _register_handlers(application: BotApplication) -> None:
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    menu = {
        texts.MENU_ASK: common.on_ask_prompt,
        texts.MENU_GUIDE: common.on_guide,
        texts.MENU_HELP: common.on_help,
    }
    with warnings.catch_warnings():
        # The intake mixes buttons and typed answers and is tracked per chat on purpose.
        warnings.filterwarnings("ignore", message=".*per_message.*", category=PTBUserWarning)
        consultation_intake = intake.build_intake_handler(
            [
                CommandHandler("adviser", intake.start, filters=private),
                MessageHandler(private & filters.Text([texts.MENU_ADVISER]), intake.start),
                CallbackQueryHandler(intake.start, pattern=r"^1\|adv\|"),
            ]
        )
    commands = {
        "start": common.on_start,
        "help": common.on_help,
        "guide": common.on_guide,
        "my": consult.on_my,
        "queue": adviser.on_queue,
        "reply": adviser.on_reply_command,
        "close": adviser.on_close_command,
        "invite": staff.on_invite,
        "advisers": staff.on_advisers,
        "reassign": staff.on_reassign,
        "deactivate": staff.on_deactivate,
        "stats": stats.on_stats,
        "chart": stats.on_chart,
        "export": stats.on_export,
    }
    handlers: list[Any] = [
        consultation_intake,
        *(CommandHandler(name, callback, filters=private) for name, callback in commands.items()),
        *(
            MessageHandler(private & filters.Text([label]), callback)
            for label, callback in menu.items()
        ),
        MessageHandler(private & filters.COMMAND, common.on_unknown_command),
        MessageHandler(private, routing.on_private_message),
        CallbackQueryHandler(routing.on_button),
    ]
    # Group -1 runs first for every update: a fresh scope for the error handler's question.
    application.add_handler(TypeHandler(Update, common.on_update_start), group=-1)
    application.add_handlers(handlers)
    application.add_error_handler(common.on_error)


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
"""Update kinds the bot asks for; edited messages and channel posts are never delivered."""
