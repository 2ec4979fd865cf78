"""Which consultation a quoted (replied-to) message belongs to."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext

__all__ = ["quoted_consultation"]


async def quoted_consultation(update: Update, context: BotContext) -> int | None:
    """Return the consultation of the message the update's message quotes, if any.

    Only the mapping: whether the sender may act on that consultation is for the caller.
    """
    message = update.effective_message
    if message is None or message.reply_to_message is None:
        return None
    relay = context.services.relay
    quoted = message.reply_to_message.message_id
    number = await relay.consultation_for_reply(message.chat_id, quoted)
    if number is None:
        # The quoted message may have been sent a moment ago by a drain still recording it.
        await context.services.outbox.settled()
        number = await relay.consultation_for_reply(message.chat_id, quoted)
    return number
