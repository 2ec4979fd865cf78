"""Resident side of a consultation: relaying messages, /my, leaving, ending and rating."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import texts
from bot.context import BotContext
from bot.services import MessageKey, ServiceError
from bot.services.relay import MAX_MESSAGE_CHARS
from handlers import callback_data as cb
from handlers import rating, resident
from handlers.callback_data import ConsultationAction
from handlers.notices import resident_keyboard
from handlers.quoting import quoted_consultation
from handlers.render import escape
from handlers.updates import pressed, sender
from knowledge.categories import category_label

__all__ = ["on_my", "on_resident_button", "quotes_own_consultation", "relay_if_active"]


def message_content(message: Message) -> tuple[str, str | None, str | None] | None:
    """Return (kind, text, file_id) of a relayable message, or ``None`` for other kinds."""
    if message.text:
        return "text", message.text, None
    if message.photo:
        return "photo", message.caption, message.photo[-1].file_id
    if message.document:
        return "document", message.caption, message.document.file_id
    return None


async def relay_if_active(update: Update, context: BotContext) -> bool:
    """Relay a resident's message to their adviser if a consultation is active; say if it was."""
    message, user = sender(update)
    consultations = context.services.consultations
    active = await consultations.active_for(user.id)
    if active is None:
        return False
    if context.session.relay_paused == active.id:
        return False
    content = message_content(message)
    if content is None:
        await message.reply_text(texts.RELAY_TEXT_ONLY)
        return True
    kind, text, file_id = content
    if text is not None and len(text) > MAX_MESSAGE_CHARS:  # refused by the relay: say why
        too_long = texts.RELAY_TOO_LONG.format(number=active.id, limit=MAX_MESSAGE_CHARS)
        await message.reply_text(too_long)
        return True
    relayed = await context.services.relay.resident_message(
        user.id, kind, text, file_id, MessageKey(message.chat_id, message.message_id)
    )
    if relayed is None:
        return False
    if text and not relayed.duplicate and resident.in_danger(context, text):
        await message.reply_text(texts.RELAY_SAFETY_NOTICE)
    if active.adviser_id:
        taken = (
            texts.RELAYED_TO_STAFF
            if context.services.advisers.is_staff(active.adviser_id)
            else texts.RELAYED_TO_ADVISER
        )
        template = texts.RELAYED_TO_TAKER_BY_KIND.get(active.kind, taken)
    else:
        template = texts.RELAYED_WAITING_BY_KIND.get(active.kind, texts.RELAYED_WAITING)
    await message.reply_text(
        template.format(number=active.id), reply_markup=resident_keyboard(active.id)
    )
    if active.adviser_id is None and not relayed.duplicate:
        # Nobody is talking with them yet: what the knowledge base answers well, it answers now.
        await resident.answer_if_confident(update, context)
    await context.flush_outbox()
    return True


async def quotes_own_consultation(update: Update, context: BotContext) -> bool:
    """Return whether the message quotes a message of the sender's own consultation.

    Such a quote (of the adviser's reply, say) is the resident talking in their consultation,
    not an adviser answering one.
    """
    user = update.effective_user
    number = await quoted_consultation(update, context)
    if user is None or number is None:
        return False
    try:
        consultation = await context.services.consultations.get_for(user.id, number)
    except ServiceError:
        return False
    return consultation.resident_id == user.id


async def on_my(update: Update, context: BotContext) -> None:
    """List the resident's own consultations and their status."""
    message, user = sender(update)
    mine = await context.services.consultations.my_consultations(user.id)
    if not mine:
        await message.reply_text(texts.MY_EMPTY)
        return
    tz = context.services.settings.tz
    lines = [texts.MY_HEADER]
    for item in mine:
        category = escape(category_label(item.category))
        kind = texts.MY_KIND_LABELS.get(item.kind)
        if kind is not None:
            category = texts.MY_KIND_CATEGORY.format(kind=kind, category=category)
        status = texts.STATUS_LABELS_BY_KIND.get(item.kind, texts.STATUS_LABELS)
        lines.append(
            texts.MY_LINE.format(
                number=item.id,
                date=item.created_at.astimezone(tz).strftime("%Y-%m-%d"),
                category=category,
                status=status[item.status.value],
            )
        )
    await message.reply_text("\n".join(lines))


async def on_resident_button(
    update: Update, context: BotContext, button: cb.ConsultationButton
) -> None:
    """Handle leave / resume / end / rate buttons; each checks the consultation is theirs."""
    query, user = pressed(update)
    message = query.message if isinstance(query.message, Message) else None
    consultations = context.services.consultations
    number = button.number
    if button.action in {
        ConsultationAction.LEAVE,
        ConsultationAction.RESUME,
        ConsultationAction.END,
    }:
        consultation = await consultations.get_for(user.id, number)
        if consultation.resident_id != user.id:
            await query.answer(texts.NOT_ALLOWED)
            return
    if button.action is ConsultationAction.LEAVE:
        context.session.relay_paused = number
        await query.answer()
        resume = cb.ConsultationButton(ConsultationAction.RESUME, number).pack()
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        texts.BUTTON_RESUME.format(number=number), callback_data=resume
                    )
                ]
            ]
        )
        await _send(message, texts.LEFT_CONSULTATION, markup)
    elif button.action is ConsultationAction.RESUME:
        context.session.relay_paused = None
        await query.answer()
        await _send(message, texts.RESUMED_CONSULTATION.format(number=number))
    elif button.action is ConsultationAction.END:
        await query.answer()
        confirm = cb.ConsultationButton(ConsultationAction.END_CONFIRMED, number).pack()
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(texts.BUTTON_CONFIRM_END, callback_data=confirm)]]
        )
        await _send(message, texts.CONFIRM_END.format(number=number), markup)
    elif button.action is ConsultationAction.END_CONFIRMED:
        await consultations.withdraw(user.id, number)
        await query.answer()
        await _send(message, texts.ENDED.format(number=number))
        await context.flush_outbox()
    elif button.action is ConsultationAction.RATE:
        if not button.value.isdigit() or not 1 <= int(button.value) <= 5:
            await query.answer(texts.STALE_BUTTON)
            return
        text, buttons = await rating.rate_or_ask_resolved(
            context, user.id, number, int(button.value)
        )
        await query.answer()
        if message is not None:
            await message.edit_text(text, reply_markup=buttons)
    else:
        score, _, resolved = button.value.partition("-")
        if not score.isdigit() or resolved not in {"y", "n"}:
            await query.answer(texts.STALE_BUTTON)
            return
        await consultations.rate(user.id, number, int(score), resolved=resolved == "y")
        rating.forget(context)
        await query.answer()
        if message is not None:
            await message.edit_text(texts.RATING_THANKS)


async def _send(
    message: Message | None, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    if message is not None:
        await message.reply_text(text, reply_markup=markup)
