"""/log: advisers and staff record a consultation by visit, phone or letter in one line."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.context import BotContext
from bot.services.logbook import InvalidLogLine, parse_log, usage_text
from bot.storage.keys import MessageKey
from handlers.updates import sender

__all__ = ["on_log"]


async def on_log(update: Update, context: BotContext) -> None:
    """/log 渠道 类别 处理结果 摘要: record a consultation that did not come through the bot."""
    message, user = sender(update)
    logbook = context.services.logbook
    if not await logbook.may_record(user.id):
        await message.reply_text(texts.NOT_AN_ADVISER)
        return
    line = " ".join(context.args or [])
    if not line:
        await message.reply_text(usage_text(), parse_mode=None)
        return
    try:
        entry = parse_log(line)
    except InvalidLogLine as error:
        problem = texts.LOG_INVALID[error.field].format(value=error.value)
        await message.reply_text(f"{problem}\n\n{usage_text()}", parse_mode=None)
        return
    result = await logbook.record(user.id, entry, MessageKey(message.chat.id, message.message_id))
    consultation = result.consultation
    if not result.created:
        await message.reply_text(texts.LOG_ALREADY.format(number=consultation.id))
        return
    await message.reply_text(
        texts.LOG_SAVED.format(
            number=consultation.id,
            channel=texts.LOG_CHANNELS[entry.channel.value],
            category=context.services.stats.category_label(entry.category),
            outcome=texts.OUTCOMES[entry.outcome.value],
            summary=entry.summary,
        ),
        parse_mode=None,
    )
