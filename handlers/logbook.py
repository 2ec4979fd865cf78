"""/log: advisers and staff record a consultation by visit, phone or letter.

In one line (``/log 电话 劳动 已解答 工资被拖欠两个月``) or in a few taps: ``/log`` alone offers
the channels, then the categories, then the outcomes, then asks for the summary; at any step
the rest of the line may be typed instead. People's mediators and staff also enter mediation
cases found by screening or transferred (``/log 调解 排查 邻里 调解成功 两户因漏水争执已调解``,
or the two sources among the tapped channels, then dispute type and mediation outcome). The
role is checked on every update, buttons too.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, User

from bot import texts
from bot.context import BotContext
from bot.services.logbook import (
    LOG_STEPS,
    MEDIATION_WORDS,
    InvalidLogLine,
    LogService,
    choices,
    draft_line,
    is_mediation,
    parse_log,
    parse_mediation,
    usage_text,
)
from bot.storage.keys import MessageKey
from handlers.callback_data import LogButton
from handlers.updates import pressed, sender

__all__ = ["on_draft_text", "on_log", "on_log_button"]

_ROW = 3


def _choices(
    logbook: LogService, user_id: int, step: str, draft: tuple[str, ...]
) -> list[tuple[str, str]]:
    return choices(
        step,
        draft,
        dispute_types=logbook.dispute_types,
        mediation=logbook.may_record_mediation(user_id),
    )


def _keyboard(
    logbook: LogService, user_id: int, step: str, draft: tuple[str, ...]
) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(label, callback_data=LogButton(step, value).pack())
        for value, label in _choices(logbook, user_id, step, draft)
    ]
    return InlineKeyboardMarkup([buttons[i : i + _ROW] for i in range(0, len(buttons), _ROW)])


def _done(logbook: LogService, user_id: int, parts: tuple[str, ...]) -> str:
    labels = [
        dict(_choices(logbook, user_id, step, parts[:index]))[part]
        for index, (step, part) in enumerate(zip(LOG_STEPS, parts, strict=False))
    ]
    return "　".join(labels)


async def _allowed(logbook: LogService, user_id: int, *, mediation: bool) -> bool:
    """Whether ``user_id`` may record this kind of entry (checked on every update)."""
    if mediation:
        return logbook.may_record_mediation(user_id)
    return await logbook.may_record(user_id)


async def on_log(update: Update, context: BotContext) -> None:
    """/log 渠道 类别 处理结果 摘要: record a consultation; /log alone starts the taps."""
    message, user = sender(update)
    logbook = context.services.logbook
    may_mediate = logbook.may_record_mediation(user.id)
    if not may_mediate and not await logbook.may_record(user.id):
        await message.reply_text(texts.NOT_AN_ADVISER)
        return
    line = " ".join(context.args or [])
    if not line:
        context.session.log_draft = ()
        await message.reply_text(
            texts.LOG_CHOOSE["channel"],
            reply_markup=_keyboard(logbook, user.id, "channel", ()),
            parse_mode=None,
        )
        return
    await _record(message, user, context, line)


async def on_log_button(update: Update, context: BotContext) -> None:
    """A tapped channel, category or outcome of a /log entry."""
    query, user = pressed(update)
    logbook = context.services.logbook
    button = LogButton.parse(query.data or "")
    draft = context.session.log_draft
    if not logbook.may_record_mediation(user.id) and not await logbook.may_record(user.id):
        await query.answer(texts.NOT_AN_ADVISER)
        return
    if (
        button is None
        or draft is None
        or len(draft) >= len(LOG_STEPS)
        or button.step != LOG_STEPS[len(draft)]
        or button.value not in dict(_choices(logbook, user.id, button.step, draft))
    ):
        await query.answer(texts.STALE_BUTTON)
        return
    draft = (*draft, button.value)
    mediation = is_mediation(draft)
    if not await _allowed(logbook, user.id, mediation=mediation):
        await query.answer(texts.LOG_MEDIATION_NOT_ALLOWED if mediation else texts.NOT_AN_ADVISER)
        return
    await query.answer()
    context.session.log_draft = draft
    done = _done(logbook, user.id, draft)
    if len(draft) < len(LOG_STEPS):
        step = LOG_STEPS[len(draft)]
        prompts = texts.LOG_MEDIATION_CHOOSE if mediation else texts.LOG_CHOOSE
        await query.edit_message_text(
            prompts[step].format(done=done),
            reply_markup=_keyboard(logbook, user.id, step, draft),
            parse_mode=None,
        )
    else:
        prompt = texts.LOG_MEDIATION_TYPE_SUMMARY if mediation else texts.LOG_TYPE_SUMMARY
        await query.edit_message_text(prompt.format(done=done), parse_mode=None)


async def on_draft_text(update: Update, context: BotContext) -> bool:
    """Take a typed message as the rest of a tapped /log entry; return whether it was one."""
    message, user = sender(update)
    draft = context.session.log_draft
    if draft is None or not message.text:
        return False
    logbook = context.services.logbook
    if draft:
        allowed = await _allowed(logbook, user.id, mediation=is_mediation(draft))
    else:  # /log alone, then the whole line typed: either kind (checked again when parsed)
        allowed = logbook.may_record_mediation(user.id) or await logbook.may_record(user.id)
    if not allowed:
        context.session.log_draft = None
        return False
    if message.text.strip() == texts.LOG_CANCEL_WORD:
        context.session.log_draft = None
        await message.reply_text(texts.LOG_CANCELLED)
        return True
    line = draft_line(draft, message.text, logbook.dispute_types)
    if await _record(message, user, context, line):
        context.session.log_draft = None
    return True


async def _record(message: Message, user: User, context: BotContext, line: str) -> bool:
    """Parse and store ``line``; reply what was recorded or what is wrong (then False)."""
    first, _, rest = line.replace("\u3000", " ").strip().partition(" ")
    if first in MEDIATION_WORDS:
        return await _record_mediation(message, user, context, rest)
    logbook = context.services.logbook
    if not await logbook.may_record(user.id):
        await message.reply_text(texts.NOT_AN_ADVISER)
        return False
    try:
        entry = parse_log(line)
    except InvalidLogLine as error:
        await _explain(message, logbook, user.id, error)
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


async def _record_mediation(message: Message, user: User, context: BotContext, rest: str) -> bool:
    """Parse and store a mediation case (``rest`` follows ``调解``); reply as :func:`_record`."""
    logbook = context.services.logbook
    if not logbook.may_record_mediation(user.id):
        await message.reply_text(texts.LOG_MEDIATION_NOT_ALLOWED)
        return False
    try:
        entry = parse_mediation(rest, logbook.dispute_types)
    except InvalidLogLine as error:
        await _explain(message, logbook, user.id, error)
        return False
    source = MessageKey(message.chat.id, message.message_id)
    result = await logbook.record_mediation(user.id, entry, source)
    number = result.consultation.id
    if not result.created:
        await message.reply_text(texts.LOG_ALREADY.format(number=number))
        return True
    saved = texts.LOG_MEDIATION_SAVED.format(
        number=number,
        source=entry.source,
        dispute=entry.dispute_type,
        outcome=entry.outcome.label,
        summary=entry.summary,
    )
    if entry.outcome.value == "success":
        saved += "\n" + texts.LOG_MEDIATION_AMOUNT.format(number=number)
    await message.reply_text(saved, parse_mode=None)
    return True


async def _explain(
    message: Message, logbook: LogService, user_id: int, error: InvalidLogLine
) -> None:
    """Reply what part of a /log line is wrong, then the usage.

    The usage explains the mediation form too when the sender may use it.
    """
    missing = texts.LOG_MISSING.get(error.field) if not error.value.strip() else None
    problem = missing or texts.LOG_INVALID[error.field].format(value=error.value)
    disputes = logbook.dispute_types if logbook.may_record_mediation(user_id) else None
    await message.reply_text(f"{problem}\n\n{usage_text(disputes)}", parse_mode=None)
