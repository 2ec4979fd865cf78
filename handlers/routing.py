"""Where a private message or a button press goes: relay, intake, Q&A, or a polite refusal."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.context import BotContext
from handlers import (
    adviser,
    common,
    consult,
    logbook,
    mediation,
    privacy,
    publicity,
    queue,
    rating,
    resident,
    staff,
)
from handlers import callback_data as cb
from handlers.updates import pressed, sender

__all__ = ["on_button", "on_private_message"]


async def on_private_message(update: Update, context: BotContext) -> None:
    """Relay it within a consultation, or else answer it from the knowledge base."""
    message, _ = sender(update)
    # A resident quoting their adviser talks in their consultation; anyone else quoting a
    # consultation message answers it as its adviser (or is refused).
    quoting = message.reply_to_message is not None
    own = quoting and await consult.quotes_own_consultation(update, context)
    if (
        quoting
        and not own
        and (
            await adviser.relay_reply(update, context)
            or await queue.explain_unmapped_reply(update, context)
        )
    ):
        return
    if await logbook.on_draft_text(update, context):
        return
    if await privacy.on_confirm_text(update, context):
        return
    if await adviser.on_outcome_text(update, context):
        return
    if await consult.relay_if_active(update, context):
        return
    if await rating.on_rating_text(update, context):
        return
    if await mediation.on_followup_text(update, context):
        return
    if await publicity.on_quiz_text(update, context):
        return
    if message.text:
        await resident.on_question(update, context)
    else:
        await common.on_non_text(update, context)


async def on_button(update: Update, context: BotContext) -> None:
    """Route an inline button press by its parsed data; anything unknown is 已失效."""
    query, _ = pressed(update)
    button = cb.parse(query.data)
    if isinstance(button, cb.ConsultationButton):
        if button.action in adviser.ADVISER_ACTIONS:
            await adviser.on_adviser_button(update, context, button)
        else:
            await consult.on_resident_button(update, context, button)
    elif isinstance(button, cb.RevokeInviteButton):
        await staff.on_revoke_button(update, context, button)
    elif isinstance(button, cb.IntakeButton):
        await query.answer(texts.INTAKE_EXPIRED[:200])
    elif isinstance(button, cb.LegalAidButton):  # a step of a pre-check no longer open
        await query.answer(texts.LEGAL_AID_STEP_EXPIRED)
    elif isinstance(button, cb.MediationButton):  # a step of a request no longer open
        await query.answer(texts.MEDIATE_STEP_EXPIRED)
    elif button is None:
        await query.answer(texts.STALE_BUTTON)
    else:
        await resident.on_button(update, context)
