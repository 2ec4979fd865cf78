"""The adviser's worklist: /queue, /claim, and a quote that belongs to no consultation."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.communities import OFFICE_COMMUNITY
from bot.context import BotContext
from bot.services import Consultation, Role, ServiceError
from handlers.adviser import claim_refusal
from handlers.notices import claimed_keyboard, queue_item, queue_line
from handlers.render import escape
from handlers.updates import sender

__all__ = [
    "QUEUE_ITEMS_SHOWN",
    "explain_unmapped_reply",
    "not_an_adviser",
    "on_claim_command",
    "on_queue",
]

QUEUE_ITEMS_SHOWN = 10
"""Waiting consultations /queue sends one by one (with buttons); the rest are counted."""


async def on_queue(update: Update, context: BotContext) -> None:
    """/queue: each waiting consultation with its description and buttons, then the adviser's."""
    message, user = sender(update)
    try:
        worklist = await context.services.consultations.worklist(user.id)
    except ServiceError:
        await message.reply_text(await not_an_adviser(context, user.id))
        return
    if not worklist.queue and not worklist.claimed:
        await message.reply_text(texts.QUEUE_EMPTY)
        return
    if worklist.queue:
        await message.reply_text(texts.QUEUE_WAITING.format(count=len(worklist.queue)))
        for item in worklist.queue[:QUEUE_ITEMS_SHOWN]:
            rendered = queue_item(item, _community(context, item), context.services.settings.tz)
            sent = await message.reply_text(rendered.text, reply_markup=rendered.markup)
            # Quoting the item answers the resident, like quoting its card.
            await context.services.relay.record_delivery(sent.chat_id, sent.message_id, item.id)
        hidden = len(worklist.queue) - QUEUE_ITEMS_SHOWN
        if hidden > 0:
            await message.reply_text(texts.QUEUE_MORE.format(count=hidden))
    if worklist.claimed:
        await message.reply_text(_claimed_list(context, worklist.claimed))


async def on_claim_command(update: Update, context: BotContext) -> None:
    """/claim <number>: take a waiting consultation, as the 接单 button does."""
    message, user = sender(update)
    if await context.services.advisers.resolve_role(user.id) is Role.RESIDENT:
        await message.reply_text(await not_an_adviser(context, user.id))
        return
    args = context.args or []
    if len(args) != 1 or not args[0].lstrip("#").isdigit():
        await message.reply_text(texts.CLAIM_USAGE)
        return
    number = int(args[0].lstrip("#"))
    try:
        await context.services.consultations.claim(user.id, number)
    except ServiceError as exc:
        await message.reply_text(escape(claim_refusal(exc, number)))
        return
    done = await message.reply_text(
        texts.CLAIM_DONE.format(number=number), reply_markup=claimed_keyboard(number)
    )
    # Quoting it answers the resident, as it says.
    await context.services.relay.record_delivery(done.chat_id, done.message_id, number)
    await context.flush_outbox()


async def explain_unmapped_reply(update: Update, context: BotContext) -> bool:
    """Tell an adviser or staff member whose quote maps to no consultation how to reply.

    Returns:
        Whether it was told (a resident's quote is left to the other handlers).
    """
    message, user = sender(update)
    if message.reply_to_message is None:
        return False
    services = context.services
    if await services.advisers.resolve_role(user.id) is Role.RESIDENT:
        return False
    worklist = await services.consultations.worklist(user.id)
    if worklist.claimed:
        text = texts.REPLY_NOT_MAPPED + _claimed_list(context, worklist.claimed, header=False)
    else:
        text = texts.REPLY_NOT_MAPPED + texts.NO_OPEN_CONSULTATIONS
    await message.reply_text(text)
    return True


async def not_an_adviser(context: BotContext, user_id: int) -> str:
    """What a non-adviser using an adviser's command is told; a deactivated one, that it was."""
    if await context.services.advisers.was_deactivated(user_id):
        return texts.ADVISER_DEACTIVATED
    return texts.NOT_AN_ADVISER


def _claimed_list(context: BotContext, items: list[Consultation], *, header: bool = True) -> str:
    tz = context.services.settings.tz
    lines = [texts.CLAIMED_HEADER if header else texts.OPEN_CONSULTATIONS]
    lines.extend(queue_line(item, _community(context, item), tz) for item in items)
    return "\n".join(lines)


def _community(context: BotContext, item: Consultation) -> str:
    community = context.services.communities.community(item.community_id)
    if community is None and item.community_id == OFFICE_COMMUNITY:
        return texts.LOG_OFFICE_COMMUNITY
    return community.name if community else item.community_id
