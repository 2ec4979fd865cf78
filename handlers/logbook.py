"""/log: advisers and staff record a consultation by visit, phone or letter.

In one line (``/log 电话 劳动 已解答 工资被拖欠两个月``) or in a few taps: ``/log`` alone offers
the channels, then the categories, then the outcomes, then asks for the summary; at any step
the rest of the line may be typed instead. The role is checked on every update, buttons too.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, User

from bot import texts
from bot.context import BotContext
from bot.services.logbook import LOG_STEPS, InvalidLogLine, choices, parse_log, usage_text
from bot.storage.keys import MessageKey
from handlers.callback_data import LogButton
from handlers.updates import pressed, sender

__all__ = ["on_draft_text", "on_log", "on_log_button"]

_ROW = 3


def _keyboard(step: str) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(label, callback_data=LogButton(step, value).pack())
        for value, label in choices(step)
    ]
    return InlineKeyboardMarkup([buttons[i : i + _ROW] for i in range(0, len(buttons), _ROW)])


def _done(parts: tuple[str, ...]) -> str:
    labels = [dict(choices(step))[part] for step, part in zip(LOG_STEPS, parts, strict=False)]
    return "　".join(labels)


async def on_log(update: Update, context: BotContext) -> None:
    """/log 渠道 类别 处理结果 摘要: record a consultation; /log alone starts the taps."""
    message, user = sender(update)
    if not await context.services.logbook.may_record(user.id):
        await message.reply_text(texts.NOT_AN_ADVISER)
        return
    line = " ".join(context.args or [])
    if not line:
        context.session.log_draft = ()
        await message.reply_text(
            texts.LOG_CHOOSE["channel"], reply_markup=_keyboard("channel"), parse_mode=None
        )
        return
    await _record(message, user, context, line)


async def on_log_button(update: Update, context: BotContext) -> None:
    """A tapped channel, category or outcome of a /log entry."""
    query, user = pressed(update)
    button = LogButton.parse(query.data or "")
    draft = context.session.log_draft
    if not await context.services.logbook.may_record(user.id):
        await query.answer(texts.NOT_AN_ADVISER)
        return
    if (
        button is None
        or draft is None
        or len(draft) >= len(LOG_STEPS)
        or button.step != LOG_STEPS[len(draft)]
        or button.value not in dict(choices(button.step))
    ):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    draft = (*draft, button.value)
    context.session.log_draft = draft
    if len(draft) < len(LOG_STEPS):
        step = LOG_STEPS[len(draft)]
        await query.edit_message_text(
            texts.LOG_CHOOSE[step].format(done=_done(draft)),
            reply_markup=_keyboard(step),
            parse_mode=None,
        )
    else:
        await query.edit_message_text(
            texts.LOG_TYPE_SUMMARY.format(done=_done(draft)), parse_mode=None
        )


async def on_draft_text(update: Update, context: BotContext) -> bool:
    """Take a typed message as the rest of a tapped /log entry; return whether it was one."""
    message, user = sender(update)
    draft = context.session.log_draft
    if draft is None or not message.text:
        return False
    if not await context.services.logbook.may_record(user.id):
        context.session.log_draft = None
        return False
    if message.text.strip() == texts.LOG_CANCEL_WORD:
        context.session.log_draft = None
        await message.reply_text(texts.LOG_CANCELLED)
        return True
    if await _record(message, user, context, " ".join((*draft, message.text))):
        context.session.log_draft = None
    return True


async def _record(message: Message, user: User, context: BotContext, line: str) -> bool:
    """Parse and store ``line``; reply what was recorded or what is wrong (then False)."""
    logbook = context.services.logbook
    try:
        entry = parse_log(line)
    except InvalidLogLine as error:
        problem = texts.LOG_INVALID[error.field].format(value=error.value)
        await message.reply_text(f"{problem}\n\n{usage_text()}", parse_mode=None)
        return False
    result = await logbook.record(user.id, entry, MessageKey(message.chat.id, message.message_id))
    consultation = result.consultation
    if not result.created:
        await message.reply_text(texts.LOG_ALREADY.format(number=consultation.id))
        return True
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
    return True
