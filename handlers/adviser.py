"""Adviser side: claim, transfer, reply to and close consultations.

Roles are checked by the use cases on every call; nothing here trusts a button.
"""

from __future__ import annotations

import datetime as dt

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot import texts
from bot.context import BotContext
from bot.services import (
    OUTCOME_LABELS,
    AccessDenied,
    Conflict,
    ConflictReason,
    Consultation,
    InvalidInput,
    MessageKey,
    Outcome,
    Role,
    ServiceError,
    TransferTargets,
    case_outcome,
    outcomes_for,
)
from bot.services.mediation import MAX_AGREEMENT_AMOUNT
from bot.services.numerals import parse_amount
from bot.session import PendingClose
from handlers import callback_data as cb
from handlers.callback_data import ConsultationAction
from handlers.case_aliases import OUTCOME_ALIASES
from handlers.consult import message_content
from handlers.errors import denied_text, explain
from handlers.notices import claimed_keyboard, holder_label
from handlers.quoting import quoted_consultation
from handlers.render import escape
from handlers.typed_answers import cancel_requested, match_meaning
from handlers.updates import pressed, sender

__all__ = [
    "ADVISER_ACTIONS",
    "claim_refusal",
    "colleague_refusal",
    "on_adviser_button",
    "on_close_command",
    "on_outcome_text",
    "on_reply_command",
    "on_transfer_command",
    "relay_reply",
]

ADVISER_ACTIONS = frozenset(
    {
        ConsultationAction.CLAIM,
        ConsultationAction.SEND_TYPED,
        ConsultationAction.TRANSFER,
        ConsultationAction.TRANSFER_TO,
        ConsultationAction.TRANSFER_CANCEL,
        ConsultationAction.CLOSE,
        ConsultationAction.OUTCOME,
    }
)
"""Consultation button actions an adviser takes; the others are the resident's."""
OUTCOME_PENDING_FOR = dt.timedelta(minutes=30)
"""How long offered outcomes wait for a typed answer before typed text is a question again."""


async def relay_reply(update: Update, context: BotContext) -> bool:
    """Relay an adviser's reply to a consultation message; say whether it was one."""
    message, user = sender(update)
    if message.reply_to_message is None:
        return False
    number = await quoted_consultation(update, context)
    if number is None:
        return False
    content = message_content(message)
    if content is None:
        await message.reply_text(texts.RELAY_TEXT_ONLY)
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
        await context.services.relay.adviser_reply(
            user_id, number, kind, text, file_id, MessageKey(message.chat_id, message.message_id)
        )
    except AccessDenied as exc:
        await message.reply_text(await colleague_refusal(context, user_id, number, exc))
        return
    sent = await message.reply_text(texts.REPLY_SENT.format(number=number))
    # Quoting the confirmation answers the same resident, like quoting their message.
    await context.services.relay.record_delivery(sent.chat_id, sent.message_id, number)
    await context.flush_outbox()


async def on_reply_command(update: Update, context: BotContext) -> None:
    """/reply <number> <text>: answer a resident without quoting their message."""
    message, user = sender(update)
    if message.text is None:
        return
    parts = message.text.split(maxsplit=2)
    if len(parts) < 3 or not parts[1].lstrip("#").isdigit():
        await message.reply_text(texts.REPLY_USAGE)
        return
    await _relay(message, context, user.id, int(parts[1].lstrip("#")), ("text", parts[2], None))


async def on_close_command(update: Update, context: BotContext) -> None:
    """/close <number>: offer the outcomes to close a consultation with."""
    message, user = sender(update)
    args = context.args or []
    if len(args) != 1 or not args[0].lstrip("#").isdigit():
        await message.reply_text(texts.CLOSE_USAGE)
        return
    number = int(args[0].lstrip("#"))
    try:
        consultation = await context.services.consultations.get_to_act(user.id, number)
    except AccessDenied as exc:
        await message.reply_text(await colleague_refusal(context, user.id, number, exc))
        return
    context.session.pending_close = PendingClose(number, context.now())
    await message.reply_text(
        texts.CHOOSE_OUTCOME.format(number=number), reply_markup=_outcomes(consultation)
    )


async def on_transfer_command(update: Update, context: BotContext) -> None:
    """/transfer <number>: offer where to transfer a consultation, as the 转交 button does."""
    message, user = sender(update)
    args = context.args or []
    if len(args) != 1 or not args[0].lstrip("#").isdigit():
        await message.reply_text(texts.TRANSFER_USAGE)
        return
    number = int(args[0].lstrip("#"))
    try:
        targets = await context.services.consultations.transfer_targets(user.id, number)
    except AccessDenied as exc:
        await message.reply_text(await colleague_refusal(context, user.id, number, exc))
        return
    text, markup = _transfer_offer(number, targets)
    await message.reply_text(text, reply_markup=markup)


async def on_outcome_text(update: Update, context: BotContext) -> bool:
    """Take a typed outcome (「已解答」) while one is asked; say whether the text was for it.

    Text that names no outcome asks again with the buttons; 「取消」 keeps the consultation
    open. Once the step is over (closed, given up, no longer theirs, or stale), text is
    handled as anything else.
    """
    message, user = sender(update)
    pending = context.session.pending_close
    if pending is None or message.text is None:
        return False
    if context.now() - pending.asked_at > OUTCOME_PENDING_FOR:
        context.session.pending_close = None
        return False
    number = pending.number
    try:
        consultation = await context.services.consultations.get_to_act(user.id, number)
    except ServiceError:
        context.session.pending_close = None
        return False
    if cancel_requested(message.text):
        context.session.pending_close = None
        await message.reply_text(texts.CLOSE_CANCELLED.format(number=number))
        return True
    chosen = match_meaning(
        message.text,
        _outcome_choices(consultation),
        lambda choice: choice[1],
        OUTCOME_ALIASES,
        key=lambda choice: choice[0],
    )
    if chosen is None:
        await message.reply_text(
            texts.OUTCOME_NOT_UNDERSTOOD + texts.CHOOSE_OUTCOME.format(number=number),
            reply_markup=_outcomes(consultation),
        )
        return True
    context.session.pending_close = None
    for said in await _close(context, user.id, number, chosen[0]):
        await message.reply_text(said)
    await context.flush_outbox()
    return True


async def _close(context: BotContext, user_id: int, number: int, value: str) -> list[str]:
    """Close consultation ``number`` with the outcome ``value``; return what to tell the adviser."""
    closed = await context.services.consultations.close(user_id, number, value)
    kind_outcome = case_outcome(closed.kind, value)
    outcome = (
        kind_outcome.label
        if kind_outcome is not None
        else OUTCOME_LABELS[Outcome(closed.outcome or value)]
    )
    said = [texts.CLOSE_DONE.format(number=number, outcome=escape(outcome))]
    if kind_outcome is not None and kind_outcome.value == "success":
        said.append(texts.AMOUNT_HINT.format(number=number))
    return said


async def on_amount_command(update: Update, context: BotContext) -> None:
    """/amount <number> <yuan>: the agreement amount of a mediation closed as 调解成功."""
    message, user = sender(update)
    args = context.args or []
    # As an office writes it: 20000, 2万, 1.5万元, 两万; a rough sum (2万多) is no agreement's.
    read = parse_amount("".join(args[1:])) if len(args) >= 2 else None
    if read is None or read[0] != read[1] or not args[0].lstrip("#").isdigit():
        await message.reply_text(texts.AMOUNT_USAGE)
        return
    number, amount = int(args[0].lstrip("#")), read[0]
    try:
        await context.services.mediation.set_agreement_amount(user.id, number, amount)
    except InvalidInput:
        if amount > MAX_AGREEMENT_AMOUNT:
            await message.reply_text(texts.AMOUNT_TOO_LARGE.format(most=MAX_AGREEMENT_AMOUNT))
        else:
            await message.reply_text(texts.AMOUNT_NOT_SUCCESS.format(number=number))
        return
    await message.reply_text(texts.AMOUNT_DONE.format(number=number, amount=amount))


async def on_adviser_button(
    update: Update, context: BotContext, button: cb.ConsultationButton
) -> None:
    """Handle 接单 / 转交 / 结束 and their follow-up choices."""
    query, user = pressed(update)
    consultations = context.services.consultations
    number = button.number
    try:
        if button.action is ConsultationAction.CLAIM:
            await consultations.claim(user.id, number)
            await query.answer(texts.CLAIM_DONE.format(number=number)[:200])
            await _replace_buttons(query, claimed_keyboard(number))
            notice = await _say(query, texts.CLAIM_DONE.format(number=number))
            if notice is not None:  # quoting it answers the resident, as it says
                relay = context.services.relay
                await relay.record_delivery(notice.chat_id, notice.message_id, number)
        elif button.action is ConsultationAction.SEND_TYPED:
            await _send_typed(query, context, user.id, button)
        elif button.action is ConsultationAction.TRANSFER:
            targets = await consultations.transfer_targets(user.id, number)
            await query.answer()
            await _say(query, *_transfer_offer(number, targets))
        elif button.action is ConsultationAction.TRANSFER_CANCEL:
            await consultations.get_to_act(user.id, number)
            await query.answer()
            await _cancel_transfer(query, number)
        elif button.action is ConsultationAction.TRANSFER_TO:
            target = await _transfer(context, user.id, number, button.value)
            await query.answer()
            await _replace_buttons(query, None)
            await _say(query, texts.TRANSFER_DONE.format(number=number, target=escape(target)))
        elif button.action is ConsultationAction.CLOSE:
            consultation = await consultations.get_to_act(user.id, number)
            await query.answer()
            context.session.pending_close = PendingClose(number, context.now())
            markup = _outcomes(consultation)
            await _say(query, texts.CHOOSE_OUTCOME.format(number=number), markup)
        else:
            said = await _close(context, user.id, number, button.value)
            await query.answer()
            pending = context.session.pending_close
            if pending is not None and pending.number == number:
                context.session.pending_close = None
            for text in said:
                await _say(query, text)
    except AccessDenied as exc:
        refusal = await colleague_refusal(context, user.id, number, exc)
        await query.answer(refusal[:200], show_alert=True)
        return
    except ServiceError as exc:
        await query.answer(claim_refusal(exc, number)[:200], show_alert=True)
        return
    await context.flush_outbox()


def claim_refusal(error: ServiceError, number: int) -> str:
    """Return what to tell an adviser whose action on consultation ``number`` was refused.

    A claim of their own consultation says so; one held by someone else says by whom.
    Plain text (a callback answer); escape it for an HTML message.
    """
    if isinstance(error, AccessDenied):
        return denied_text(error, number) or explain(error)
    if isinstance(error, Conflict):
        if error.reason is ConflictReason.ALREADY_YOURS:
            return texts.CLAIM_ALREADY_YOURS.format(number=number)
        if error.reason is ConflictReason.ALREADY_CLAIMED and error.holder is not None:
            return texts.CLAIM_TAKEN_BY.format(number=number, holder=holder_label(error.holder))
    return explain(error)


async def colleague_refusal(
    context: BotContext, user_id: int, number: int, error: AccessDenied
) -> str:
    """Return what to tell an adviser refused consultation ``number`` (plain text, HTML-safe).

    An adviser who may see it while a colleague holds it is told so, not that they lack the
    right to use the command; an adviser since deactivated, that their role was withdrawn;
    anyone else gets the plain refusal.
    """
    services = context.services
    if await services.advisers.resolve_role(user_id) is Role.RESIDENT:
        deactivated = await services.advisers.was_deactivated(user_id)
        return texts.ADVISER_DEACTIVATED if deactivated else explain(error)
    if (denied := denied_text(error, number)) is not None:
        return denied
    try:
        consultation = await services.consultations.get_for(user_id, number)
    except ServiceError:
        return explain(error)
    if consultation.adviser_id is not None and consultation.adviser_id != user_id:
        return texts.HELD_BY_COLLEAGUE.format(number=number)
    return explain(error)


async def _cancel_transfer(query: CallbackQuery, number: int) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_text(texts.TRANSFER_CANCELLED.format(number=number))


async def _transfer(context: BotContext, user_id: int, number: int, value: str) -> str:
    consultations = context.services.consultations
    if value.startswith("d") and value[1:].isdigit():
        await consultations.transfer(user_id, number, to_adviser_id=int(value[1:]))
        return texts.DUTY_TARGET
    await consultations.transfer(user_id, number, to_community_id=value)
    community = context.services.communities.community(value)
    return community.name if community else value


def _transfer_offer(
    number: int, targets: TransferTargets
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Return the question where to transfer ``number`` with its choices, or that there are none."""
    if not targets.communities and not targets.duty_advisers:
        return texts.TRANSFER_NO_TARGETS, None
    return texts.CHOOSE_TRANSFER.format(number=number), _transfer_keyboard(targets)


def _transfer_keyboard(targets: TransferTargets) -> InlineKeyboardMarkup:
    number = targets.consultation.id
    own = targets.consultation.community_id
    rows = [
        [
            InlineKeyboardButton(
                texts.TRANSFER_BACK.format(community=name) if community_id == own else name,
                callback_data=cb.ConsultationButton(
                    ConsultationAction.TRANSFER_TO, number, community_id
                ).pack(),
            )
        ]
        for community_id, name in targets.communities
    ]
    for adviser in targets.duty_advisers:
        label = f"{texts.DUTY_TARGET} {adviser.name}"
        data = cb.ConsultationButton(
            ConsultationAction.TRANSFER_TO, number, f"d{adviser.telegram_id}"
        ).pack()
        rows.append([InlineKeyboardButton(label, callback_data=data)])
    cancel = cb.ConsultationButton(ConsultationAction.TRANSFER_CANCEL, number).pack()
    rows.append([InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=cancel)])
    return InlineKeyboardMarkup(rows)


def _outcome_choices(consultation: Consultation) -> list[tuple[str, str]]:
    """The outcomes to close with, as (value, label): those of its kind, else the general ones."""
    choices = [(outcome.button, outcome.label) for outcome in outcomes_for(consultation.kind)]
    return choices or [(outcome.value, label) for outcome, label in OUTCOME_LABELS.items()]


def _outcomes(consultation: Consultation) -> InlineKeyboardMarkup:
    """The outcome buttons of ``consultation``."""
    choices = _outcome_choices(consultation)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    label,
                    callback_data=cb.ConsultationButton(
                        ConsultationAction.OUTCOME, consultation.id, value
                    ).pack(),
                )
            ]
            for value, label in choices
        ]
    )


async def _send_typed(
    query: CallbackQuery, context: BotContext, user_id: int, button: cb.ConsultationButton
) -> None:
    """发给居民 #N under the hint: relay the text the adviser typed without quoting, once."""
    typed = context.session.typed_reply
    if typed is None or str(typed[0]) != button.value or not isinstance(query.message, Message):
        await query.answer(texts.STALE_BUTTON)
        return
    message_id, text = typed
    source = MessageKey(query.message.chat.id, message_id)
    await context.services.relay.adviser_reply(user_id, button.number, "text", text, None, source)
    context.session.typed_reply = None
    await query.answer()
    await _replace_buttons(query, None)
    sent = await _say(query, texts.REPLY_SENT.format(number=button.number))
    if sent is not None:  # quoting the confirmation answers the same resident
        await context.services.relay.record_delivery(sent.chat_id, sent.message_id, button.number)
    await context.flush_outbox()


async def _replace_buttons(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> None:
    if not isinstance(query.message, Message):
        return
    try:
        await query.message.edit_reply_markup(reply_markup=markup)
    except BadRequest as exc:
        # A double tap or a replayed press finds the buttons replaced already: go on.
        if "message is not modified" not in exc.message.lower():
            raise


async def _say(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    if isinstance(query.message, Message):
        return await query.message.reply_text(text, reply_markup=markup)
    return None
