"""/privacy: a resident sees, exports, withdraws consent for and deletes their own data.

Every action works on the user who sent the update, never on an id taken from the update's
text or button data. The choices may be typed (导出, 撤回, 删除) as well as tapped. Deleting and
withdrawing ask for a confirmation (a button, or 确认 typed within :data:`CONFIRM_FOR`).
Forgetting also ends what lives only in memory: the user's ``user_data`` and the
conversations (an unfinished intake) PTB holds for them.
"""

from __future__ import annotations

import datetime as dt
import html
from io import BytesIO

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.ext import ApplicationHandlerStop

from bot import texts
from bot.context import BotContext
from bot.services.privacy import ActiveConsultation, PrivacySummary, PublicityHoldings
from bot.session import PendingConfirmation
from handlers import callback_data as cb
from handlers.callback_data import PrivacyAction
from handlers.drafts import ExpiringConversationHandler
from handlers.typed_answers import normalize, yes_or_no
from handlers.updates import pressed, sender

__all__ = [
    "CONFIRM_FOR",
    "on_button",
    "on_confirm_text",
    "on_forget",
    "on_privacy",
    "on_typed_before_drafts",
]

_MENU = "menu"
"""The pending choice right after /privacy (not yet export, withdraw or forget)."""

CONFIRM_FOR = dt.timedelta(minutes=10)
"""How long a typed 确认 confirms the deletion or withdrawal last asked for."""


def _keyboard(*buttons: tuple[str, PrivacyAction]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=cb.PrivacyButton(action).pack())]
            for label, action in buttons
        ]
    )


def _numbers(numbers: tuple[int, ...]) -> str:
    return "、".join(f"#{number}" for number in numbers)


def _summary_text(summary: PrivacySummary, retention_days: int) -> str:
    text = texts.PRIVACY_SUMMARY.format(
        questions=summary.questions,
        consultations=summary.consultations,
        contacts=summary.contacts,
        messages=summary.messages,
        drafts=summary.drafts,
        pending=summary.pending,
    )
    if summary.cases:
        text += texts.PRIVACY_CASES_NOTE.format(count=summary.cases, days=retention_days)
    text += _publicity_text(summary.publicity)
    if summary.held:
        text += texts.PRIVACY_HELD_NOTE.format(numbers=_numbers(summary.held))
    return text


def _publicity_text(held: PublicityHoldings) -> str:
    best = ""
    if held.best_score is not None:
        best = texts.PRIVACY_BEST_SCORE.format(score=held.best_score)
    return texts.PRIVACY_PUBLICITY.format(
        subscription=texts.PRIVACY_SUBSCRIBED if held.subscribed else texts.PRIVACY_NOT_SUBSCRIBED,
        series=held.quiz_series,
        best=best,
        nickname=html.escape(held.nickname) if held.nickname else texts.PRIVACY_NOT_SET,
        checkins=held.checkins,
        reminder=held.reminder or texts.PRIVACY_NOT_SET,
    )


async def on_privacy(update: Update, context: BotContext) -> None:
    """Show what is stored about the sender, with export, withdraw and delete buttons."""
    message, user = sender(update)
    await context.application.update_persistence()  # drafts changed since the last write
    summary = await context.services.privacy.summary(user.id, handling=update.update_id)
    text = _summary_text(summary, context.services.settings.retention_days)
    await message.reply_text(f"{text}\n\n{texts.PRIVACY_TYPE_HINT}", reply_markup=_menu())
    # The choices may be typed (导出, 删除) for as long as a typed 确认 would count.
    now = context.services.privacy.now()
    context.session.privacy_confirmation = PendingConfirmation(_MENU, now)


async def on_forget(update: Update, context: BotContext) -> None:
    """/forget: ask to confirm deleting the sender's data, as /privacy's 删除 does."""
    message, user = sender(update)
    await context.application.update_persistence()  # drafts changed since the last write
    await _ask_confirmation(message, user.id, PrivacyAction.FORGET, context)


def _menu() -> InlineKeyboardMarkup:
    return _keyboard(
        (texts.BUTTON_PRIVACY_EXPORT, PrivacyAction.EXPORT),
        (texts.BUTTON_PRIVACY_WITHDRAW, PrivacyAction.WITHDRAW),
        (texts.BUTTON_PRIVACY_FORGET, PrivacyAction.FORGET),
    )


async def on_button(update: Update, context: BotContext) -> None:
    """Handle a /privacy button of the sender's own data."""
    query, user = pressed(update)
    button = cb.parse(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if not isinstance(button, cb.PrivacyButton) or message is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    action = button.action
    if action is PrivacyAction.EXPORT:
        await _send_export(message, user.id, context)
    elif action in {PrivacyAction.FORGET, PrivacyAction.WITHDRAW}:
        await _ask_confirmation(message, user.id, action, context)
    elif action is PrivacyAction.FORGET_CONFIRMED:
        await _forget(message, user.id, context)
    elif action is PrivacyAction.WITHDRAW_CONFIRMED:
        await _withdraw(message, user.id, context)
    else:
        _clear_pending(context)
        await message.edit_text(texts.PRIVACY_CANCELLED)


async def on_confirm_text(update: Update, context: BotContext) -> bool:
    """Take a /privacy choice or confirmation typed instead of tapped; say if the text was one.

    After /privacy, 「导出」「撤回」「删除」 act as their buttons; after 删除 or 撤回, 「确认」
    carries it out. Other text ends the choice and is handled as anything else.
    """
    message, user = sender(update)
    pending = context.session.privacy_confirmation
    typed = (message.text or "").strip()
    if pending is None or not typed:
        return False
    if context.services.privacy.now() - pending.asked_at > CONFIRM_FOR:
        _clear_pending(context)
        return False
    if pending.action == _MENU:
        return await _typed_choice(message, user.id, typed, context)
    if typed not in texts.PRIVACY_CONFIRM_WORDS:
        return False
    if pending.action == PrivacyAction.FORGET:
        await _forget(message, user.id, context, reply=True)
    else:
        await _withdraw(message, user.id, context, reply=True)
    return True


async def on_typed_before_drafts(update: Update, context: BotContext) -> None:
    """Take a typed /privacy choice before an open case draft can take it as its answer.

    /privacy leaves a draft open; without this, 「确认」 to 确定删除… would file the draft.
    """
    if await on_confirm_text(update, context):
        raise ApplicationHandlerStop


async def _typed_choice(message: Message, user_id: int, typed: str, context: BotContext) -> bool:
    word = normalize(typed)
    action = next(
        (
            PrivacyAction(action)
            for action, words in texts.PRIVACY_TYPED_ACTIONS.items()
            if word in words
        ),
        None,
    )
    if action is PrivacyAction.EXPORT:
        await _send_export(message, user_id, context)
    elif action is not None:
        await _ask_confirmation(message, user_id, action, context)
    elif yes_or_no(typed) is not None:  # 确认 before anything was chosen: the choices again
        await message.reply_text(texts.PRIVACY_TYPE_HINT, reply_markup=_menu())
    else:
        _clear_pending(context)
        return False
    return True


async def _send_export(message: Message, user_id: int, context: BotContext) -> None:
    # The live draft and conversation state are stored first, so the copy holds them too.
    await context.application.update_persistence()
    data = await context.services.privacy.export(user_id)
    await message.reply_document(
        InputFile(BytesIO(data), filename="my-data.json", attach=True),
        caption=texts.PRIVACY_EXPORT_CAPTION,
    )


async def _ask_confirmation(
    message: Message, user_id: int, action: PrivacyAction, context: BotContext
) -> None:
    summary = await context.services.privacy.summary(user_id)
    if action is PrivacyAction.FORGET and summary.active is not None:
        await message.reply_text(texts.PRIVACY_ACTIVE.format(number=summary.active))
        return
    if action is PrivacyAction.FORGET:
        text = texts.PRIVACY_CONFIRM_FORGET
        if summary.held:
            text += texts.PRIVACY_HELD_NOTE.format(numbers=_numbers(summary.held))
        label = texts.BUTTON_PRIVACY_CONFIRM_FORGET
    else:
        text, label = texts.PRIVACY_CONFIRM_WITHDRAW, texts.BUTTON_PRIVACY_CONFIRM_WITHDRAW
    context.session.privacy_confirmation = PendingConfirmation(
        action.value, context.services.privacy.now()
    )
    confirm = (
        PrivacyAction.FORGET_CONFIRMED
        if action is PrivacyAction.FORGET
        else PrivacyAction.WITHDRAW_CONFIRMED
    )
    await message.reply_text(
        text,
        reply_markup=_keyboard((label, confirm), (texts.BUTTON_CANCEL, PrivacyAction.CANCEL)),
    )


async def _forget(
    message: Message, user_id: int, context: BotContext, *, reply: bool = False
) -> None:
    active = await context.services.privacy.active_consultation(user_id)
    if active is None:
        # What only memory holds first (so no later write of it brings a draft back): the
        # user's data and their unfinished conversations; the stored rows go next.
        application = context.application
        application.drop_user_data(user_id)
        for handlers in application.handlers.values():
            for handler in handlers:
                if isinstance(handler, ExpiringConversationHandler):
                    handler.end_user_conversations(user_id)
        await application.update_persistence()
    try:
        result = await context.services.privacy.forget(user_id)
    except ActiveConsultation as exc:
        _clear_pending(context)
        await message.reply_text(texts.PRIVACY_ACTIVE.format(number=exc.number))
        return
    if result.held:
        text = texts.PRIVACY_FORGOTTEN_HELD.format(numbers=_numbers(result.held))
    else:
        text = texts.PRIVACY_FORGOTTEN
    await _answer(message, text, reply=reply)


async def _withdraw(
    message: Message, user_id: int, context: BotContext, *, reply: bool = False
) -> None:
    _clear_pending(context)
    count = await context.services.privacy.withdraw_consent(user_id)
    await _answer(message, texts.PRIVACY_WITHDRAWN.format(count=count), reply=reply)


async def _answer(message: Message, text: str, *, reply: bool) -> None:
    """Reply to a typed confirmation; replace the buttons of a pressed one."""
    if reply:
        await message.reply_text(text)
    else:
        await message.edit_text(text)


def _clear_pending(context: BotContext) -> None:
    context.session.privacy_confirmation = None
