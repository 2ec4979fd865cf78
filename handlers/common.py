"""Commands every user has, messages the bot cannot read, and the error handler."""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.error import BadRequest, TelegramError, TimedOut

from bot import texts
from bot.context import BotContext
from bot.services import Role
from handlers import keyboards, staff
from handlers.render import privacy_notice, with_facts

__all__ = [
    "on_ask_prompt",
    "on_error",
    "on_guide",
    "on_help",
    "on_non_text",
    "on_start",
    "on_unknown_command",
]

log = logging.getLogger(__name__)

_NOT_MODIFIED = "message is not modified"


async def on_start(update: Update, context: BotContext) -> None:
    """Greet the user, say what the bot does and what it keeps, and show the main menu."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    args = context.args or []
    if args and args[0].startswith(staff.INVITE_PREFIX):
        await staff.accept_invite(update, context, args[0].removeprefix(staff.INVITE_PREFIX))
        return
    await context.services.questions.register(user.id, user.language_code)
    name = f"，{html.escape(user.first_name, quote=False)}" if user.first_name else ""
    text = f"{texts.WELCOME.format(name=name)}\n\n{privacy_notice(context.services.settings)}"
    await message.reply_html(text, reply_markup=keyboards.main_menu())


async def on_help(update: Update, context: BotContext) -> None:
    """Explain how to use the bot, with the commands of the user's role."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    role = await context.services.desk.advisers.resolve_role(user.id)
    extra = {Role.ADVISER: texts.HELP_ADVISER, Role.STAFF: texts.HELP_ADVISER + texts.HELP_STAFF}
    await message.reply_html(texts.HELP + extra.get(role, ""), reply_markup=keyboards.main_menu())


async def on_ask_prompt(update: Update, context: BotContext) -> None:
    """Invite the user to type a question (the 我要提问 menu button)."""
    if update.effective_message is not None:
        await update.effective_message.reply_html(texts.ASK_PROMPT)


async def on_guide(update: Update, context: BotContext) -> None:
    """Show the legal service guide with the configured local facts."""
    if update.effective_message is not None:
        facts = context.services.settings.local_facts()
        await update.effective_message.reply_html(with_facts(texts.GUIDE, facts))


async def on_non_text(update: Update, context: BotContext) -> None:
    """Tell the user politely that the bot reads text only."""
    if update.effective_message is not None:
        await update.effective_message.reply_html(texts.NON_TEXT)


async def on_unknown_command(update: Update, context: BotContext) -> None:
    """Answer a command the bot does not know."""
    if update.effective_message is not None:
        await update.effective_message.reply_html(texts.UNKNOWN_COMMAND)


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure with its traceback and tell the user something useful."""
    if isinstance(context.error, TimedOut):
        # The request may still have reached Telegram (a timed-out
        # sendMessage is usually delivered), so telling the user it failed would mislead them.
        log.warning("Bot API timed out while handling an update: %s", context.error)
        return
    if isinstance(context.error, BadRequest) and _NOT_MODIFIED in context.error.message.lower():
        # A double tap edits a message to what it already shows: nothing went wrong.
        log.debug("edit skipped, the message already shows it: %s", context.error)
        return
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(texts.INTERNAL_ERROR[:190])
        except TelegramError:
            log.warning("could not answer the failed callback query")
        return
    chat = update.effective_chat
    if chat is None:
        return
    try:
        await context.bot.send_message(chat.id, texts.INTERNAL_ERROR)
    except TelegramError:
        log.warning("could not tell chat %s about the error", chat.id)
