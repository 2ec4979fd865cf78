"""Updates that met a locked database are handled again once it is free, not lost.

Another process (a backup, a staff member's ``sqlite3`` shell) may hold the database's write
lock longer than ``DB_BUSY_TIMEOUT_MS``. A message whose handling failed on that, before its
use case committed anything, is put back in the update queue a little later, a few times,
so it goes through once the lock is gone; the sender is told at once that it was received
and will be dealt with. A button press is not handled again (its answer would come too late):
the person is asked to press it again. The updates waiting are kept in memory only: a
restart before the lock goes loses those the inbox could not store either.
"""

from __future__ import annotations

import logging
from typing import cast

from telegram import Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import JobQueue

from bot import texts
from bot.context import BotContext

__all__ = ["RETRY_SECONDS", "handle_again_later"]

log = logging.getLogger(__name__)

RETRY_SECONDS: tuple[float, ...] = (2.0, 5.0, 15.0, 30.0, 60.0)
"""Pauses before each new attempt at an update that met a locked database (about 2 minutes)."""


async def handle_again_later(update: Update, context: BotContext) -> bool:
    """Queue ``update`` to be handled again after a pause, telling its sender the first time.

    Returns:
        Whether it was queued (or, for a button press, its sender asked to press again);
        ``False`` when its attempts are used up, which is then a real failure.
    """
    query = update.callback_query
    chat = update.effective_chat
    if query is not None:
        log.warning("database locked while handling a button press; asked to press again")
        try:
            await query.answer(texts.DATABASE_BUSY_BUTTON)
        except BadRequest:  # answered already, before the handler met the lock
            if chat is not None:
                await _tell(context, chat.id, texts.DATABASE_BUSY_BUTTON)
        return True
    attempts = context.bot_data.locked_attempts
    attempt = attempts.get(update.update_id, 0)
    # PTB types a context's job queue by the base context class; ours is BotContext.
    jobs = cast("JobQueue[BotContext] | None", context.job_queue)
    if attempt >= len(RETRY_SECONDS) or jobs is None:
        attempts.pop(update.update_id, None)
        return False
    attempts[update.update_id] = attempt + 1
    delay = RETRY_SECONDS[attempt]
    log.warning("database locked while handling update %d; again in %g s", update.update_id, delay)
    jobs.run_once(_again, delay, data=update, name=f"locked-{update.update_id}")
    if attempt == 0 and chat is not None:
        await _tell(context, chat.id, texts.DATABASE_BUSY)
    return True


async def _tell(context: BotContext, chat_id: int, text: str) -> None:
    try:
        await context.bot.send_message(chat_id, text)
    except TelegramError as exc:  # the update is still handled again; only the notice is lost
        log.warning("could not tell chat %s the database is busy: %s", chat_id, exc)


async def _again(context: BotContext) -> None:
    """Job: put the update back in the application's queue (its chat's order is kept there)."""
    update = context.job.data if context.job is not None else None
    if isinstance(update, Update):
        await context.application.update_queue.put(update)
