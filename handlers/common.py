"""Commands every user has, messages the bot cannot read, and the error handler."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import cast

from telegram import Update
from telegram.error import BadRequest, Forbidden, TelegramError, TimedOut
from telegram.ext import ApplicationHandlerStop, JobQueue

from bot import texts
from bot.context import BotContext
from bot.services import Role, ServiceError, database_locked
from bot.services.receipts import begin_scope, work_committed
from bot.texts import publicity as pt
from handlers import keyboards, staff
from handlers.errors import failure_text
from handlers.locked import handle_again_later
from handlers.render import privacy_notice, with_facts
from handlers.updates import sender

__all__ = [
    "on_ask_prompt",
    "on_error",
    "on_guide",
    "on_help",
    "on_non_text",
    "on_start",
    "on_unknown_command",
    "on_update_start",
]

log = logging.getLogger(__name__)

_NOT_MODIFIED = "message is not modified"


async def on_start(update: Update, context: BotContext) -> None:
    """Greet the user, say what the bot does and what it keeps, and show the main menu."""
    message, user = sender(update)
    args = context.args or []
    if args and args[0].startswith(staff.INVITE_PREFIX):
        await staff.accept_invite(update, context, args[0].removeprefix(staff.INVITE_PREFIX))
        return
    await context.services.questions.register(user.id, user.language_code)
    name = f"，{html.escape(user.first_name, quote=False)}" if user.first_name else ""
    text = f"{texts.WELCOME.format(name=name)}\n\n{privacy_notice(context.services.settings)}"
    unfinished = context.session.unfinished_case()
    if unfinished is not None:  # /start midway: the step still waits, and 确认 would file it
        text += texts.START_UNFINISHED.format(what=texts.UNFINISHED_CASES[unfinished])
    await message.reply_text(text, reply_markup=keyboards.main_menu())
    if context.services.advisers.is_staff(user.id):  # the cards that waited for their first /start
        await context.services.outbox.resume(user.id)


async def on_help(update: Update, context: BotContext) -> None:
    """Explain how to use the bot, with the commands of the user's role."""
    message, user = sender(update)
    role = await context.services.advisers.resolve_role(user.id)
    extra = {Role.ADVISER: texts.HELP_ADVISER, Role.STAFF: texts.HELP_ADVISER + texts.HELP_STAFF}
    await message.reply_text(texts.HELP + extra.get(role, ""), reply_markup=keyboards.main_menu())


async def on_ask_prompt(update: Update, context: BotContext) -> None:
    """Invite the user to type a question (the 我要提问 menu button)."""
    message, _ = sender(update)
    await message.reply_text(texts.ASK_PROMPT)


async def on_guide(update: Update, context: BotContext) -> None:
    """Show the legal service guide with the configured local facts."""
    message, _ = sender(update)
    facts = context.services.settings.local_facts()
    await message.reply_text(with_facts(texts.GUIDE, facts))


async def on_non_text(update: Update, context: BotContext) -> None:
    """Tell the user politely that the bot reads text only."""
    message, _ = sender(update)
    await message.reply_text(texts.NON_TEXT)


async def on_cancel_idle(update: Update, context: BotContext) -> None:
    """/cancel with no intake, pre-check or request being filled in: nothing to stop.

    With a quiz question waiting, the resident is told how the quiz ends (it needs no cancel).
    """
    message, user = sender(update)
    quiz = await context.services.quizzes.open_question(user.id)
    await message.reply_text(texts.NOTHING_TO_CANCEL if quiz is None else pt.QUIZ_WORDS_HINT)


async def on_unknown_command(update: Update, context: BotContext) -> None:
    """Answer a command the bot does not know."""
    message, _ = sender(update)
    await message.reply_text(texts.UNKNOWN_COMMAND)


async def on_edited(update: Update, context: BotContext) -> None:
    """Tell a user who edited a sent message that the bot keeps what was first sent.

    The message was handled (answered, relayed or taken as a step's answer) as first sent;
    the correction must come as a new message. Nothing else sees the edit.
    """
    message = update.edited_message
    if message is not None:
        await message.reply_text(texts.EDIT_NOT_READ)
    raise ApplicationHandlerStop


async def on_update_start(update: object, context: BotContext) -> None:
    """Open the update's scope, so the error handler can tell whether its work committed."""
    begin_scope()


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure with its traceback and tell the user what became of their message.

    A use case's refusal (``ServiceError``: not allowed, not found, already claimed...) is
    no failure: handlers let it rise to here, and the user is told its message, as a reply
    or as the answer to the button they pressed. A Bot API error after the use case
    committed means only the reply failed: the user is told it was done (never asked to send
    again, which would duplicate it), and the notices the use case queued are sent at once.
    A database locked by another process before anything committed is no failure either:
    the update is handled again later (:mod:`handlers.locked`).
    """
    error, committed = context.error, work_committed()
    if update is None and database_locked(error):
        # A repeating job (escalation, outbox, retention...): its next turn does the work.
        log.warning("a job met a locked database; it runs again at its next turn")
        return
    if (
        isinstance(update, Update)
        and not committed
        and database_locked(error)
        and await handle_again_later(update, context)
    ):
        return
    text = failure_text(error, committed=committed)
    if isinstance(error, ServiceError):
        log.info("a use case refused: %s", type(error).__name__)
    elif isinstance(error, TimedOut):
        log.warning("Bot API timed out while handling an update: %s", error)
    elif text is None:
        log.debug("nothing went wrong for the user: %s", error)
    else:
        log.error("error while handling an update", exc_info=error)
    if committed:
        await _flush_outbox(context)
    if text is None or not isinstance(update, Update):
        return
    chat = update.effective_chat
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(text[:CALLBACK_ANSWER_CHARS])
            return
        except BadRequest:
            log.info("the failed callback query was answered already; telling the chat")
        except TelegramError:
            log.warning("could not answer the failed callback query")
            if not committed:
                return
    if chat is not None:
        await _tell(context, chat.id, text, attempt=0)


CALLBACK_ANSWER_CHARS = 190
NOTICE_ATTEMPTS = 4
"""How often the error handler's own notice is tried before it is given up."""


async def _flush_outbox(context: BotContext) -> None:
    try:
        await context.flush_outbox()
    except Exception:  # the outbox job retries; the error notice must still go out
        log.exception("could not flush the outbox after a failed reply")


async def _tell(context: BotContext, chat_id: int, text: str, *, attempt: int) -> None:
    """Send the error notice; on a transient failure, try again later from the job queue."""
    try:
        await context.bot.send_message(chat_id, text)
    except (TimedOut, Forbidden, BadRequest):
        log.warning("could not tell chat %s about the error", chat_id)
    except TelegramError:
        # PTB types a context's job queue by the base context class; ours is BotContext.
        jobs = cast("JobQueue[BotContext] | None", context.job_queue)
        if attempt + 1 >= NOTICE_ATTEMPTS or jobs is None:
            log.warning("gave up telling chat %s about the error", chat_id)
            return
        delay = context.services.settings.outbox_interval_seconds * 2**attempt
        notice = _Notice(chat_id, text, attempt + 1)
        jobs.run_once(_retry_notice, delay, data=notice, name=f"error-notice-{chat_id}")


@dataclass(frozen=True, slots=True)
class _Notice:
    chat_id: int
    text: str
    attempt: int


async def _retry_notice(context: BotContext) -> None:
    """Job: try the error notice again."""
    notice = context.job.data if context.job is not None else None
    if isinstance(notice, _Notice):
        await _tell(context, notice.chat_id, notice.text, attempt=notice.attempt)
