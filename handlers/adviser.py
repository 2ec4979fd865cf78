"""Adviser side: claim, transfer, reply to and close consultations.

Roles are checked by the use cases on every call; nothing here trusts a button.
"""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import texts
from bot.context import BotContext
from bot.services import OUTCOME_LABELS, MessageKey, Outcome, Role, ServiceError
from handlers import callback_data as cb
from handlers.consult import message_content
from handlers.errors import explain
from handlers.render import escape
from knowledge.categories import category_label

__all__ = ["on_adviser_button", "on_close_command", "on_queue", "on_reply_command", "relay_reply"]

ADVISER_ACTIONS = frozenset({"claim", "xfer", "xto", "close", "out"})


async def relay_reply(update: Update, context: BotContext) -> bool:
    """Relay an adviser's reply to a consultation message; say whether it was one."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.reply_to_message is None:
        return False
    relay = context.services.desk.relay
    replied_to = message.reply_to_message.message_id
    number = await relay.consultation_for_reply(message.chat_id, replied_to)
    if number is None:
        # The quoted message may have been sent a moment ago by a drain still recording it.
        await context.services.outbox.settled()
        number = await relay.consultation_for_reply(message.chat_id, replied_to)
    if number is None:
        return False
    content = message_content(message)
    if content is None:
        await message.reply_html(texts.RELAY_TEXT_ONLY)
        return True
    await _relay(message, context, user.id, number, content)
    return True


async def _relay(
    message: Message,
    context: BotContext,
    user_id: int,
    number: int,
    content: tuple[str, str | None, str | None],
) -> None:
    kind, text, file_id = content
    try:
        await context.services.desk.relay.adviser_reply(
            user_id, number, kind, text, file_id, MessageKey(message.chat_id, message.message_id)
        )
    except ServiceError as exc:
        await message.reply_html(explain(exc))
        return
    await message.reply_html(texts.REPLY_SENT.format(number=number))
    await context.flush_outbox()


async def on_reply_command(update: Update, context: BotContext) -> None:
    """/reply <number> <text>: answer a resident without quoting their message."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    parts = message.text.split(maxsplit=2)
    if len(parts) < 3 or not parts[1].lstrip("#").isdigit():
        await message.reply_html(texts.REPLY_USAGE)
        return
    await _relay(message, context, user.id, int(parts[1].lstrip("#")), ("text", parts[2], None))


async def on_close_command(update: Update, context: BotContext) -> None:
    """/close <number>: offer the outcomes to close a consultation with."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    args = context.args or []
    if len(args) != 1 or not args[0].lstrip("#").isdigit():
        await message.reply_html(texts.CLOSE_USAGE)
        return
    number = int(args[0].lstrip("#"))
    try:
        await context.services.desk.consultations.get_for(user.id, number)
    except ServiceError as exc:
        await message.reply_html(explain(exc))
        return
    if await context.services.desk.advisers.resolve_role(user.id) is Role.RESIDENT:
        await message.reply_html(texts.NOT_AN_ADVISER)
        return
    await message.reply_html(
        texts.CHOOSE_OUTCOME.format(number=number), reply_markup=_outcomes(number)
    )


async def on_queue(update: Update, context: BotContext) -> None:
    """/queue: the adviser's unclaimed queue and their own open consultations."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    try:
        worklist = await context.services.desk.consultations.worklist(user.id)
    except ServiceError:
        await message.reply_html(texts.NOT_AN_ADVISER)
        return
    if not worklist.queue and not worklist.claimed:
        await message.reply_html(texts.QUEUE_EMPTY)
        return
    communities = context.services.communities
    tz = context.services.settings.tz
    lines: list[str] = []
    for header, items in (
        (texts.QUEUE_HEADER, worklist.queue),
        (texts.CLAIMED_HEADER, worklist.claimed),
    ):
        if not items:
            continue
        lines.append(header)
        for item in items:
            community = communities.community(item.community_id)
            reason = texts.URGENT_REASONS.get(item.urgent_reason or "", "")
            lines.append(
                texts.QUEUE_LINE.format(
                    number=item.id,
                    community=escape(community.name if community else item.community_id),
                    category=escape(category_label(item.category)),
                    created=item.created_at.astimezone(tz).strftime("%m-%d %H:%M"),
                    urgent=texts.CARD_URGENT.format(reason=reason) if item.urgent else "",
                )
            )
    await message.reply_html("\n".join(lines))


async def on_adviser_button(
    update: Update, context: BotContext, button: cb.ConsultationButton
) -> None:
    """Handle 接单 / 转交 / 结束 and their follow-up choices."""
    query, user = update.callback_query, update.effective_user
    assert query is not None
    assert user is not None
    consultations = context.services.desk.consultations
    number = button.number
    try:
        if button.action == "claim":
            await consultations.claim(user.id, number)
            await query.answer(texts.CLAIM_DONE.format(number=number)[:200])
            await _replace_buttons(query, _after_claim(number))
            await _say(query, texts.CLAIM_DONE.format(number=number))
        elif button.action == "xfer":
            await consultations.get_for(user.id, number)
            await query.answer()
            markup = await _transfer_targets(context, number)
            await _say(query, texts.CHOOSE_TRANSFER.format(number=number), markup)
        elif button.action == "xto":
            target = await _transfer(context, user.id, number, button.value)
            await query.answer()
            await _say(query, texts.TRANSFER_DONE.format(number=number, target=escape(target)))
        elif button.action == "close":
            await consultations.get_for(user.id, number)
            await query.answer()
            await _say(query, texts.CHOOSE_OUTCOME.format(number=number), _outcomes(number))
        else:
            closed = await consultations.close(user.id, number, button.value)
            await query.answer()
            outcome = OUTCOME_LABELS[Outcome(closed.outcome or button.value)]
            await _say(query, texts.CLOSE_DONE.format(number=number, outcome=escape(outcome)))
    except ServiceError as exc:
        await query.answer(explain(exc)[:200], show_alert=True)
        return
    await context.flush_outbox()


async def _transfer(context: BotContext, user_id: int, number: int, value: str) -> str:
    consultations = context.services.desk.consultations
    if value.startswith("d") and value[1:].isdigit():
        await consultations.transfer(user_id, number, to_adviser_id=int(value[1:]))
        return texts.DUTY_TARGET
    await consultations.transfer(user_id, number, to_community_id=value)
    community = context.services.communities.community(value)
    return community.name if community else value


async def _transfer_targets(context: BotContext, number: int) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                community.name,
                callback_data=cb.ConsultationButton("xto", number, community.id).pack(),
            )
        ]
        for community in context.services.communities.communities
    ]
    for adviser in await context.services.desk.advisers.duty_advisers():
        label = f"{texts.DUTY_TARGET} {adviser.name}"
        data = cb.ConsultationButton("xto", number, f"d{adviser.telegram_id}").pack()
        rows.append([InlineKeyboardButton(label, callback_data=data)])
    return InlineKeyboardMarkup(rows)


def _outcomes(number: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    label, callback_data=cb.ConsultationButton("out", number, outcome.value).pack()
                )
            ]
            for outcome, label in OUTCOME_LABELS.items()
        ]
    )


def _after_claim(number: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_TRANSFER,
                    callback_data=cb.ConsultationButton("xfer", number).pack(),
                ),
                InlineKeyboardButton(
                    texts.BUTTON_CLOSE, callback_data=cb.ConsultationButton("close", number).pack()
                ),
            ]
        ]
    )


async def _replace_buttons(query: CallbackQuery, markup: InlineKeyboardMarkup) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=markup)


async def _say(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    if isinstance(query.message, Message):
        await query.message.reply_html(text, reply_markup=markup)
