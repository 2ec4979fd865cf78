"""Build the PTB ``Application``; the only module that imports ``handlers``, to wire them."""

from __future__ import annotations

import asyncio
import logging
import warnings
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    PollAnswerHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest
from telegram.warnings import PTBUserWarning

from bot import texts
from bot.communities import CommunitiesConfig, load_communities
from bot.config import Settings
from bot.context import BotContext, BotData, Services
from bot.inbox import InboxBot, UpdateInbox
from bot.lifecycle import OrderlyApplication
from bot.outbox_receipts import OutboxReceipts, outbox_receipts_dir
from bot.persistence import SqlitePersistence, open_database, purge_expired
from bot.rate_limit import UserRateLimiter
from bot.retrying_request import RetryingRequest
from bot.sent_journal import SentJournal, sent_journal_dir
from bot.services import (
    DeliveryService,
    QuestionService,
    Role,
    build_consultation_services,
    urgency_kinds,
)
from bot.services.broadcasts import BroadcastService
from bot.services.checkins import CheckinService
from bot.services.kb_admin import KbAdminService
from bot.services.kb_files import seed_knowledge_dir
from bot.services.legal_aid import LegalAidService
from bot.services.logbook import LogService
from bot.services.privacy import PrivacyService
from bot.services.publicity_calendar import PublicityCalendar, load_calendar
from bot.services.quizzes import QuizService
from bot.services.retention import RetentionService
from bot.services.stats import StatsService
from bot.services.worklog import WorklogService
from bot.session import UserData
from bot.storage import Database, QuestionRepository, ResidentRepository
from bot.storage.cases import CaseRepository
from bot.storage.clock import Clock, system_clock
from bot.storage.inbox import InboxRepository
from bot.storage.staff_reach import UnreachableReports
from bot.update_processor import PerChatUpdateProcessor, UpdateFinished
from handlers import (
    adviser,
    broadcast,
    common,
    consult,
    drafts,
    intake,
    jobs,
    kb_admin,
    legal_aid,
    logbook,
    mediation,
    menus,
    privacy,
    publicity,
    queue,
    resident,
    routing,
    staff,
    stats,
    worklog,
)
from handlers import callback_data as cb
from handlers.campaign_sender import CampaignSender
from handlers.case_steps import AsksToApply
from handlers.dispatch import OutboxDispatcher
from handlers.staff_reach import StaffReach
from knowledge import DEFAULT_ITEMS_DIR, KnowledgeBase
from knowledge.quizzes import DEFAULT_QUIZZES_DIR, Quiz, inspect_quizzes
from knowledge.statutes import shipped_registry

__all__ = ["BotApplication", "Resources", "build_application"]

log = logging.getLogger(__name__)

BotApplication = Application[Any, BotContext, UserData, dict[Any, Any], BotData, Any]


@dataclass(slots=True)
class Resources:
    """What ``post_init`` opens and ``post_shutdown`` closes."""

    settings: Settings
    communities: CommunitiesConfig
    calendar: PublicityCalendar
    clock: Clock = system_clock
    knowledge: KnowledgeBase | None = None
    database: Database | None = field(default=None, init=False)
    outbox: OutboxDispatcher | None = field(default=None, init=False)
    campaigns: CampaignSender | None = field(default=None, init=False)


def build_application(
    settings: Settings,
    *,
    knowledge: KnowledgeBase | None = None,
    communities: CommunitiesConfig | None = None,
    clock: Clock = system_clock,
    rate_limiter: bool | None = None,
    request: BaseRequest | None = None,
) -> BotApplication:
    """Build the bot's application against the Bot API server named in ``settings``.

    Args:
        settings: Deployment settings; ``bot_token`` must be set.
        knowledge: An already loaded knowledge base (loaded from ``settings`` when omitted).
        communities: The communities file, loaded (from ``settings`` when omitted; raises
            ``CommunitiesError`` naming file and line when it is invalid). The 普法 calendar
            (``settings.campaign_calendar_file``) is read here too (``CalendarError``).
        clock: Source of the current time (tests pass a fixed one).
        rate_limiter: Use PTB's ``AIORateLimiter``; ``settings.rate_limit`` decides when omitted.
        request: Carries every Bot API call instead of HTTP (tests pass an offline one).

    Returns:
        The application, with handlers registered; resources open in ``post_init``.
    """
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    resources = Resources(
        settings=settings,
        communities=communities or load_communities(settings.communities_file),
        # Read before any network call: a bad file stops the start with file:line.
        calendar=load_calendar(settings.campaign_calendar_file),
        clock=clock,
        knowledge=knowledge,
    )
    # Opened by the persistence's first load (in initialize, before post_init).
    resources.database = Database(settings.db_path, busy_timeout_ms=settings.db_busy_timeout_ms)
    context_types = ContextTypes(context=BotContext, bot_data=BotData, user_data=UserData)
    limited = settings.rate_limit if rate_limiter is None else rate_limiter
    builder = (
        ApplicationBuilder()
        .application_class(OrderlyApplication)
        .bot(_build_bot(settings, rate_limiter=limited, request=request))
        .context_types(context_types)
        .concurrent_updates(
            PerChatUpdateProcessor(
                settings.concurrent_updates, rate_limiter=_rate_limiter(settings)
            )
        )
        .persistence(
            # Only conversation states and per-user drafts survive a restart, in the database,
            # for DRAFT_TTL_HOURS; the services in bot_data are rebuilt by post_init.
            SqlitePersistence(
                resources.database,
                ttl=settings.draft_ttl,
                clock=clock,
                state_file=settings.state_path,
                update_interval=settings.state_flush_seconds,
            )
        )
        .post_init(lambda app: _post_init(app, resources))
        .post_stop(lambda app: _post_stop(app, resources))
        .post_shutdown(lambda app: _post_shutdown(app, resources))
    )
    application: BotApplication = builder.build()
    _register_handlers(application, settings)
    return application


def _rate_limiter(settings: Settings) -> UserRateLimiter | None:
    """Per-user flood control as configured (``USER_RATE_PER_MINUTE=0``: none)."""
    if settings.user_rate_per_minute == 0:
        return None
    return UserRateLimiter(settings.user_rate_per_minute, settings.user_rate_burst)


def _build_bot(
    settings: Settings, *, rate_limiter: bool, request: BaseRequest | None = None
) -> InboxBot:
    """The bot: its requests retry passing server errors; getUpdates keeps PTB's own retries."""
    assert settings.bot_token is not None
    timeout = settings.api_timeout
    if request is not None:
        return InboxBot(
            token=settings.bot_token.get_secret_value(),
            request=request,
            get_updates_request=request,
            rate_limiter=AIORateLimiter(max_retries=3) if rate_limiter else None,
        )
    return InboxBot(
        token=settings.bot_token.get_secret_value(),
        base_url=settings.bot_api_url,
        base_file_url=settings.bot_api_file_url,
        # Without a rate limiter the request waits out a short 429 itself.
        request=RetryingRequest(
            connection_pool_size=256,
            read_timeout=timeout,
            write_timeout=timeout,
            connect_timeout=timeout,
            max_retry_after=0 if rate_limiter else 5,
        ),
        get_updates_request=HTTPXRequest(
            connection_pool_size=1,
            read_timeout=timeout + 30,
            connect_timeout=timeout,
            write_timeout=timeout,
        ),
        rate_limiter=AIORateLimiter(max_retries=3) if rate_limiter else None,
        # Every text the bot writes is HTML (user text in it escaped); plain text says so.
        defaults=Defaults(parse_mode=ParseMode.HTML),
    )


async def _post_init(application: BotApplication, resources: Resources) -> None:
    settings = resources.settings
    seeded = await asyncio.to_thread(seed_knowledge_dir, settings.knowledge_dir)
    if seeded:
        log.info("knowledge folder seeded with the %d packaged items", seeded)
    knowledge = resources.knowledge or KnowledgeBase.load(settings.knowledge_dir)
    database = resources.database
    assert database is not None
    await open_database(database)
    questions = QuestionService(
        knowledge,
        ResidentRepository(database),
        QuestionRepository(database, zone=settings.tz),
        clock=resources.clock,
    )
    consultation_services = build_consultation_services(
        database,
        resources.communities,
        settings.staff_ids,
        clock=resources.clock,
        legal_aid_ids=settings.legal_aid_ids,
        mediation_followup_days=settings.mediation_followup_days,
    )
    await consultation_services.advisers.sync_config_advisers()
    if isinstance(application.update_processor, PerChatUpdateProcessor):
        roster = consultation_services.advisers

        async def exempt(user_id: int) -> bool:
            return await roster.resolve_role(user_id) is not Role.RESIDENT

        application.update_processor.exempt_when(exempt)
    await _open_inbox(application, database, resources.clock)
    delivery = DeliveryService(
        consultation_services.outbox,
        resources.clock,
        retry_seconds=settings.outbox_interval_seconds,
    )

    async def duty_ids() -> list[int]:
        duty = await consultation_services.advisers.duty_advisers()
        return [adviser.telegram_id for adviser in duty]

    reach = StaffReach(
        settings.staff_ids,
        duty_ids,
        reports=UnreachableReports(database, resources.clock),
    )
    outbox = OutboxDispatcher(
        delivery,
        settings.tz,
        receipts=OutboxReceipts(outbox_receipts_dir(database)),
        unreachable=reach.card_failed,
    )
    resources.outbox = outbox
    stats_service = StatsService(database, resources.communities, settings.tz, resources.clock)
    broadcasts = BroadcastService(
        database,
        is_staff=consultation_services.advisers.is_staff,
        clock=resources.clock,
        calendar=resources.calendar,
        tz=settings.tz,
    )
    quiz_bank = _load_quizzes(knowledge, resources.clock)
    campaigns = resources.campaigns = CampaignSender(
        broadcasts, settings.staff_ids, settings.tz, rate_per_second=settings.broadcast_rate
    )
    application.bot_data.services = Services(
        settings=settings,
        clock=resources.clock,
        questions=questions,
        communities=resources.communities,
        advisers=consultation_services.advisers,
        consultations=consultation_services.consultations,
        relay=consultation_services.relay,
        escalation=consultation_services.escalation,
        stats=stats_service,
        outbox=outbox,
        privacy=PrivacyService(database, clock=resources.clock),
        retention=RetentionService(
            database,
            days=settings.retention_days,
            question_days=settings.question_retention_days,
            clock=resources.clock,
        ),
        kb_admin=KbAdminService(
            settings.knowledge_dir,
            db=database,
            questions=questions,
            stats=stats_service,
            is_staff=consultation_services.advisers.is_staff,
            # As strict as the start-up load (KnowledgeBase.load) is with the same folder.
            require_topics=settings.knowledge_dir == DEFAULT_ITEMS_DIR,
            clock=resources.clock,
        ),
        mediation=consultation_services.mediation,
        legal_aid=LegalAidService(
            database,
            consultation_services.consultations,
            CaseRepository(database),
            income_standard=settings.legal_aid_income_standard,
        ),
        quizzes=QuizService(
            database,
            quiz_bank,
            clock=resources.clock,
            tz=settings.tz,
            topics=_quiz_topics(knowledge, quiz_bank),
        ),
        checkins=CheckinService(database, knowledge.items, clock=resources.clock, tz=settings.tz),
        broadcasts=broadcasts,
        campaigns=campaigns,
        logbook=LogService(
            database,
            consultation_services.advisers,
            clock=resources.clock,
            communities=resources.communities,
        ),
        worklog=WorklogService(database, stats_service, consultation_services.advisers),
    )
    await menus.set_default_menu(application.bot)
    await menus.set_staff_menus(application.bot, settings.staff_ids)
    await reach.check(application.bot)  # staff who never sent /start are named to the others
    # Read one description now: the urgency model and its lexicons load on first use, and the
    # first resident after a start would otherwise wait for them (seconds on a busy machine).
    urgency_kinds("老板拖欠工资", today=resources.clock().astimezone(settings.tz).date())
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("the JobQueue is missing: install python-telegram-bot[job-queue]")
    job_queue.run_repeating(
        jobs.send_outbox, interval=settings.outbox_interval_seconds, first=1, name="outbox"
    )
    job_queue.run_repeating(
        jobs.escalate, interval=settings.escalation_interval_seconds, first=1, name="escalation"
    )
    job_queue.run_repeating(
        jobs.send_campaigns,
        interval=settings.campaign_interval_seconds,
        first=1,
        name="campaigns",
    )
    job_queue.run_repeating(
        purge_expired, interval=_purge_interval(settings), first=60, name="drafts"
    )
    job_queue.run_repeating(
        jobs.follow_up_mediations,
        interval=settings.followup_interval_seconds,
        first=min(90.0, settings.followup_interval_seconds),
        name="mediation_followup",
    )
    job_queue.run_repeating(
        jobs.apply_retention,
        interval=settings.retention_interval_hours * 3600,
        first=120,
        name="retention",
    )
    if settings.staff_ids:
        # By the application's clock, with the digest: a test's clock keeps both out of it.
        now = resources.clock()
        for callback, name in (
            (broadcast.remind_calendar, "campaign_calendar"),
            (stats.send_digest, "digest"),
        ):
            jobs.run_daily_by_clock(
                job_queue, callback, settings.digest_time, now=now, tz=settings.tz, name=name
            )
    reminders = await publicity.schedule_reminders(job_queue, application.bot_data.services)
    if reminders:
        log.info("check-in reminders scheduled: %d", reminders)
    outbox.start(application.bot)
    outbox.wake()  # whatever was due while the bot was down
    log.info("bot ready: %d knowledge items, database %s", len(knowledge.items), settings.db_path)


def _quiz_topics(knowledge: KnowledgeBase, quizzes: tuple[Quiz, ...]) -> dict[str, str]:
    """Each quiz's topic: the category of the item it is taken from."""
    categories = {item.id: item.category for item in knowledge.items}
    return {quiz.id: categories[quiz.item] for quiz in quizzes if quiz.item in categories}


def _load_quizzes(knowledge: KnowledgeBase, clock: Clock) -> tuple[Quiz, ...]:
    """The shipped quiz bank, each question checked against the loaded items and the registry.

    A question that fails the check (its item was removed from the folder, say) is left out,
    not fatal: ``kb check`` names it.
    """
    report = inspect_quizzes(
        DEFAULT_QUIZZES_DIR,
        item_ids={item.id for item in knowledge.items},
        registry=shipped_registry(),
        today=clock().date(),
    )
    if report.errors:
        log.warning("quiz bank: %d problem(s) left questions out; see kb check", len(report.errors))
    return report.quizzes


async def _open_inbox(application: BotApplication, database: Database, clock: Clock) -> None:
    """Store what the bot takes from now on; queue what a stop or kill left unhandled."""
    inbox = UpdateInbox(InboxRepository(database), clock, SentJournal(sent_journal_dir(database)))
    if isinstance(application.bot, InboxBot):
        application.bot.attach_inbox(inbox, await inbox.resume_offset())
    if isinstance(application.update_processor, PerChatUpdateProcessor):
        application.update_processor.on_finished(_kept_then_forgotten(application, inbox))
    replayed = await inbox.replay(application.bot, application.update_queue)
    if replayed:
        log.info("inbox: %d update(s) left unhandled at the last stop are handled first", replayed)


def _kept_then_forgotten(application: BotApplication, inbox: UpdateInbox) -> UpdateFinished:
    """Write what a handled update changed in conversations and drafts, then forget it.

    PTB writes conversation states and ``user_data`` every ``STATE_FLUSH_SECONDS``: a kill
    before that lost the intake step a resident had just been shown, while the inbox had
    already forgotten the update. Now they are written in the transaction that removes the
    update from the inbox: after a kill the update is either done with its state kept, or
    still pending and replayed from the state it found.
    """

    async def finished(update: object) -> None:
        persistence = application.persistence
        if isinstance(persistence, SqlitePersistence):
            held = await persistence.held(application.update_persistence)
            # Nothing held (most updates: a question changes no draft): the removal alone.
            if await inbox.done(update, along=held if held else None):
                held.kept()
        else:
            await application.update_persistence()
            await inbox.done(update)

    return finished


async def _post_stop(application: BotApplication, resources: Resources) -> None:
    # The drain sends through the bot, which application.shutdown() closes next.
    if resources.outbox is not None:
        await resources.outbox.stop()
    if resources.campaigns is not None:
        await resources.campaigns.stop()


async def _post_shutdown(application: BotApplication, resources: Resources) -> None:
    if resources.outbox is not None:
        await resources.outbox.stop()
        resources.outbox = None
    if resources.database is not None:
        await resources.database.close()
        resources.database = None


def _purge_interval(settings: Settings) -> float:
    """Seconds between runs of the drafts job: every 10 minutes, more often for short TTLs."""
    return min(600.0, max(1.0, settings.draft_ttl.total_seconds() / 10))


_ITEM_FILES = (
    filters.Document.FileExtension("yaml")
    | filters.Document.FileExtension("yml")
    | filters.Document.FileExtension("zip")
)
"""Documents that may be knowledge item files (``/kb``)."""


def _register_handlers(application: BotApplication, settings: Settings) -> None:
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    menu = {
        texts.MENU_ASK: common.on_ask_prompt,
        texts.MENU_GUIDE: common.on_guide,
        texts.MENU_HELP: common.on_help,
    }
    with warnings.catch_warnings():
        # The intake mixes buttons and typed answers and is tracked per chat on purpose.
        warnings.filterwarnings("ignore", message=".*per_message.*", category=PTBUserWarning)
        legal_aid_precheck = legal_aid.build_legal_aid_handler(
            [
                MessageHandler(private & filters.Text([texts.MENU_LEGAL_AID]), legal_aid.start),
                MessageHandler(private & AsksToApply("legal_aid"), legal_aid.start),
                CallbackQueryHandler(
                    legal_aid.start, pattern=cb.LegalAidButton.pattern(step="start")
                ),
            ],
            timeout=settings.draft_ttl,
        )
        mediation_request = mediation.build_mediation_handler(
            [
                MessageHandler(private & filters.Text([texts.MENU_MEDIATE]), mediation.start),
                MessageHandler(private & AsksToApply("mediation"), mediation.start),
            ],
            timeout=settings.draft_ttl,
        )
        consultation_intake = intake.build_intake_handler(
            [
                CommandHandler("adviser", intake.start, filters=private),
                MessageHandler(private & filters.Text([texts.MENU_ADVISER]), intake.start),
                MessageHandler(private & intake.ASKS_FOR_A_PERSON, intake.start),
                CallbackQueryHandler(intake.start, pattern=cb.AdviserButton.pattern()),
            ],
            timeout=settings.draft_ttl,
        )
    commands = {
        "start": common.on_start,
        "help": common.on_help,
        "guide": common.on_guide,
        "my": consult.on_my,
        "ask": resident.on_ask,
        "queue": queue.on_queue,
        "claim": queue.on_claim_command,
        "reply": adviser.on_reply_command,
        "close": adviser.on_close_command,
        "transfer": adviser.on_transfer_command,
        "amount": adviser.on_amount_command,
        "invite": staff.on_invite,
        "invites": staff.on_invites,
        "revoke": staff.on_revoke,
        "advisers": staff.on_advisers,
        "reassign": staff.on_reassign,
        "deactivate": staff.on_deactivate,
        "stats": stats.on_stats,
        "chart": stats.on_chart,
        "export": stats.on_export,
        "privacy": privacy.on_privacy,
        "forget": privacy.on_forget,  # what other bots call deleting one's data
        "kb": kb_admin.on_kb,
        "quiz": publicity.on_quiz,
        "checkin": publicity.on_checkin,
        "board": publicity.on_board,
        "nickname": publicity.on_nickname,
        "subscribe": broadcast.on_subscribe,
        "unsubscribe": broadcast.on_unsubscribe,
        "campaign": broadcast.on_campaign,
        "log": logbook.on_log,
        "worklog": worklog.on_worklog,
        "cancel": common.on_cancel_idle,  # the conversations above take it while one is open
    }
    handlers: list[Any] = [
        legal_aid_precheck,
        mediation_request,
        consultation_intake,
        *(CommandHandler(name, callback, filters=private) for name, callback in commands.items()),
        *(
            MessageHandler(private & filters.Text([label]), callback)
            for label, callback in menu.items()
        ),
        CallbackQueryHandler(privacy.on_button, pattern=cb.PrivacyButton.pattern()),
        CallbackQueryHandler(mediation.on_followup, pattern=cb.FollowupButton.pattern()),
        CallbackQueryHandler(publicity.on_button, pattern=cb.PublicityButton.kind_pattern()),
        CallbackQueryHandler(
            publicity.on_campaign_quiz, pattern=cb.CampaignQuizButton.kind_pattern()
        ),
        PollAnswerHandler(publicity.on_poll_answer),
        CallbackQueryHandler(broadcast.on_subscribe_button, pattern=cb.SubscribeButton.pattern()),
        # A picture from staff with /campaign as its caption (commands in captions are not
        # commands to PTB); the use case checks the role again.
        MessageHandler(
            private & filters.PHOTO & filters.CaptionRegex(r"^/campaign(?:@\w+)?\s"),
            broadcast.on_campaign,
        ),
        CallbackQueryHandler(logbook.on_log_button, pattern=cb.LogButton.kind_pattern()),
        CallbackQueryHandler(kb_admin.on_button, pattern=cb.GapButton.kind_pattern()),
        CallbackQueryHandler(kb_admin.on_button, pattern=cb.GapAttachButton.kind_pattern()),
        # Item files from staff (the use case checks the role again); anyone else's
        # documents go on to the relay or the Q&A below.
        MessageHandler(
            private & filters.User(user_id=settings.staff_ids) & _ITEM_FILES,
            kb_admin.on_document,
        ),
        MessageHandler(private & filters.COMMAND, common.on_unknown_command),
        MessageHandler(private, routing.on_private_message),
        CallbackQueryHandler(routing.on_button),
    ]
    # Group -2 runs first for every update: a fresh scope for the error handler's question.
    application.add_handler(TypeHandler(Update, common.on_update_start), group=-2)
    # Group -1, first: an edited message reaches nothing else (its message id was handled).
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE, common.on_edited
        ),
        group=-1,
    )
    # Group -1: an update that starts a case conversation (or a quiz) ends the open one.
    application.add_handler(
        drafts.ConversationSwitch(
            [
                drafts.CaseConversation(
                    legal_aid_precheck, texts.LEGAL_AID_ENDED, legal_aid.drop_draft
                ),
                drafts.CaseConversation(
                    mediation_request, texts.MEDIATE_ENDED, mediation.drop_draft
                ),
                drafts.CaseConversation(consultation_intake, texts.INTAKE_ENDED, intake.drop_draft),
            ],
            starters=[
                CommandHandler("quiz", publicity.on_quiz, filters=private),
                CallbackQueryHandler(
                    publicity.on_button,
                    pattern=cb.PublicityButton.pattern(action=cb.PublicityAction.QUIZ),
                ),
            ],
        ),
        group=-1,
    )
    # Also group -1: a typed /privacy choice (删除, 确认) goes to privacy, not to an open draft.
    application.add_handler(
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, privacy.on_typed_before_drafts),
        group=-1,
    )
    application.add_handlers(handlers)
    application.add_error_handler(common.on_error)


ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.POLL_ANSWER,
]
"""Update kinds the bot asks for (quiz answers are ``poll_answer``; an edited message is only
told that edits are not read); channel posts are never delivered."""
