"""The resident rates a closed consultation: stars, then whether it was resolved, tapped or typed.

The rating is asked by an outbox notice (``RatingRequest``). Between the stars and the
resolved question, what is known so far is kept in ``user_data`` (persisted), so a typed
「解决了」 completes a rating begun with a star button, and the other way round.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import texts
from bot.context import BotContext
from bot.services import ServiceError
from bot.session import PendingRating
from handlers import callback_data as cb
from handlers.callback_data import ConsultationAction
from handlers.errors import explain
from handlers.notices import rating_keyboard
from handlers.resident import in_danger
from handlers.typed_answers import cancel_requested, opinion, resolved_choice, star_rating
from handlers.updates import sender

__all__ = ["forget", "on_rating_text", "rate_or_ask_resolved", "resolved_keyboard"]

PENDING_FOR = dt.timedelta(minutes=30)
"""How long a begun rating waits for its other half before typed text is a question again."""


@dataclass(frozen=True, slots=True)
class Pending:
    """Half a rating: the consultation and the stars or the resolution given so far."""

    number: int
    score: int | None = None
    resolved: bool | None = None


def resolved_keyboard(number: int, score: int) -> InlineKeyboardMarkup:
    """The 解决了 / 没有解决 buttons after ``score`` stars for consultation ``number``."""
    buttons = [
        InlineKeyboardButton(
            label,
            callback_data=cb.ConsultationButton(
                ConsultationAction.SOLVED, number, f"{score}-{flag}"
            ).pack(),
        )
        for label, flag in ((texts.BUTTON_RESOLVED_YES, "y"), (texts.BUTTON_RESOLVED_NO, "n"))
    ]
    return InlineKeyboardMarkup([buttons])


def forget(context: BotContext) -> None:
    """Drop a begun rating (it was completed or given up)."""
    context.session.pending_rating = None


def _remember(context: BotContext, pending: Pending) -> None:
    context.session.pending_rating = PendingRating(
        pending.number, pending.score, pending.resolved, context.now()
    )


def _pending(context: BotContext) -> Pending | None:
    stored = context.session.pending_rating
    if stored is None or context.now() - stored.at > PENDING_FOR:
        forget(context)
        return None
    return Pending(stored.number, stored.score, stored.resolved)


async def rate_or_ask_resolved(
    context: BotContext, user_id: int, number: int, score: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Take ``score`` stars: rate if the resolution was already typed, else ask for it.

    Returns:
        The text and buttons to show next.

    Raises:
        ServiceError: The rating was refused (not theirs, not closed, rated already).
    """
    pending = _pending(context)
    if pending is not None and pending.number == number and pending.resolved is not None:
        return await _rate(context, user_id, number, score, pending.resolved), None
    _remember(context, Pending(number, score=score))
    return texts.RATING_RESOLVED, resolved_keyboard(number, score)


async def _rate(context: BotContext, user_id: int, number: int, score: int, resolved: bool) -> str:
    forget(context)
    await context.services.consultations.rate(user_id, number, score, resolved=resolved)
    return texts.RATING_THANKS


async def on_rating_text(update: Update, context: BotContext) -> bool:
    """Take a typed rating (「挺好的，五星」, 「解决了」); say whether the text was one.

    While the other half is awaited, any other text, a photo or a sticker gets the question
    again (「算了」 gives the rating up). Otherwise only plain stars or a resolution count,
    and only while the resident's latest consultation is closed and unrated.
    """
    message, user = sender(update)
    text = message.text or ""
    pending = _pending(context)
    score, resolved = star_rating(text), resolved_choice(text, asked=_asks_resolved(pending))
    if pending is None:
        if score is None and resolved is None and not opinion(text):
            return False  # no rating in it, whatever the consultations: no need to read them
        number = await _unrated(context, user.id)
        if number is None:
            return False
        if score is None and resolved is None:
            # 「挺满意」 to the rating request: a verdict without stars, asked for them again.
            ask = texts.RATING_ASK_STARS.format(number=number)
            await message.reply_text(ask, reply_markup=rating_keyboard(number))
            return True
        pending = Pending(number)
    elif cancel_requested(text):
        forget(context)
        await message.reply_text(texts.RATING_SKIPPED)
        return True
    elif in_danger(context, text):  # the numbers first; the rating waits
        await message.reply_text(texts.RATING_SAFETY_NOTICE)
    score = score if score is not None else pending.score
    resolved = resolved if resolved is not None else pending.resolved
    try:
        await _answer(message, context, user.id, Pending(pending.number, score, resolved), text)
    except ServiceError as exc:
        forget(context)
        await message.reply_text(explain(exc))
    return True


async def _answer(
    message: Message, context: BotContext, user_id: int, known: Pending, text: str
) -> None:
    if known.score is not None and known.resolved is not None:
        thanks = await _rate(context, user_id, known.number, known.score, known.resolved)
        await message.reply_text(thanks)
        return
    asked = _asks_resolved(known)
    understood = star_rating(text) is not None or resolved_choice(text, asked=asked) is not None
    prefix = "" if understood else texts.RATING_NOT_UNDERSTOOD
    _remember(context, known)
    if known.score is None:
        ask = texts.RATING_ASK_STARS.format(number=known.number)
        await message.reply_text(prefix + ask, reply_markup=rating_keyboard(known.number))
    else:
        markup = resolved_keyboard(known.number, known.score)
        await message.reply_text(prefix + texts.RATING_RESOLVED, reply_markup=markup)


def _asks_resolved(pending: Pending | None) -> bool:
    """Whether 解决了吗 is the question on screen (the stars were given, the rest is not)."""
    return pending is not None and pending.score is not None and pending.resolved is None


async def _unrated(context: BotContext, user_id: int) -> int | None:
    """Return the resident's latest consultation if it is closed and not rated yet."""
    mine = await context.services.consultations.my_consultations(user_id, limit=1)
    if mine and mine[0].closed_at is not None and mine[0].rating is None:
        return mine[0].id
    return None
