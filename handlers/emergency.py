"""The emergency card: the hotlines for the urgency a resident's words show, shown once."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, MutableMapping
from typing import Any

from telegram import Update

from bot import texts
from bot.context import BotContext
from bot.services import rule_kinds, urgency_kinds
from handlers.intake_questions import reply

__all__ = [
    "Step",
    "danger_first",
    "hotlines",
    "show_urgent_card",
    "typed_kinds",
    "urgent_card",
]

SHOWN = "urgent_shown"
"""The draft key listing the urgency kinds whose card the resident has already been shown."""
_ANY = ("12348",)
DANGER = "personal_safety"
"""The urgency kind a step of the pre-check, a mediation request or a quiz stops for."""

FEW_WORDS = 8
"""Text shorter than this, typed where a button is asked, is read by the rules alone."""

Step = Callable[[Update, BotContext], Coroutine[Any, Any, int]]
"""A conversation step's callback: it returns the next state."""


def hotlines(kinds: Iterable[str]) -> list[str]:
    """Return the hotlines the urgency ``kinds`` call for, in the card's order (110 first)."""
    wanted = {number for kind in kinds for number in texts.HOTLINES_BY_KIND.get(kind, _ANY)}
    return [number for number in texts.HOTLINES if number in wanted] or list(_ANY)


def typed_kinds(context: BotContext, text: str) -> list[str]:
    """Return the urgency kinds of ``text`` typed where a step asks for a button.

    A few words there are mostly an answer or a plan (「好的，明天去」): the learned model,
    which reads descriptions, takes 明天 for a deadline. They are read by the rules alone,
    which know danger told in a few words (「他又打我了」「我被拘留了」「明天开庭」); a longer
    text is read like a description, rules and model.
    """
    today = context.today()
    if len(text.strip()) < FEW_WORDS:
        return rule_kinds(text, today=today)
    return urgency_kinds(text, today=today)


def urgent_card(kinds: Iterable[str], tail: str = texts.URGENT_TAIL) -> str:
    """Return the emergency card for ``kinds``: its hotlines, then ``tail``."""
    lines = "；".join(texts.HOTLINES[number] for number in hotlines(kinds))
    return f"{texts.URGENT_HEAD}{lines}。{tail}"


async def show_urgent_card(
    update: Update,
    context: BotContext,
    draft: MutableMapping[str, Any],
    text: str,
    *,
    kinds: Iterable[str] | None = None,
    tail: str = texts.URGENT_TAIL,
) -> list[str]:
    """Show the card for the urgency kinds ``text`` shows that ``draft`` has not shown yet.

    A case conversation shows it once, when the words are read: the same danger told again,
    or the receipt of the filed case, brings no second card.

    Args:
        update: The update to reply to.
        context: The callback context (its clock gives today's date for deadlines).
        draft: The conversation's draft; it remembers the kinds shown.
        text: The resident's words.
        kinds: The kinds already read from ``text`` (read here when ``None``).
        tail: What the card says after the hotlines.

    Returns:
        Every urgency kind ``text`` shows (empty when it shows none).
    """
    found = list(urgency_kinds(text, today=context.today()) if kinds is None else kinds)
    shown = [str(kind) for kind in draft.get(SHOWN, ())]
    new = [kind for kind in found if kind not in shown]
    if new:
        draft[SHOWN] = [*shown, *new]
        await reply(update, urgent_card(new, tail))
    return found


def danger_first(
    step: Step, again: Step, draft_of: Callable[[BotContext], MutableMapping[str, Any]]
) -> Step:
    """Return ``step`` with danger to a person checked first (「他拿刀要砍我」).

    Such text brings the emergency card at once (once per conversation) and the step's
    question again (``again``); it is never taken as the step's answer, and the answers given
    so far are kept. Other text goes to ``step``.

    Args:
        step: The step's typed-text callback.
        again: Asks the step's question again and returns its state.
        draft_of: The conversation's draft (where the card shown is remembered).
    """

    async def checked(update: Update, context: BotContext) -> int:
        message = update.effective_message
        text = message.text if message is not None and message.text else ""
        if DANGER not in urgency_kinds(text, today=context.today()):
            return await step(update, context)
        tail = texts.URGENT_STEP_TAIL
        await show_urgent_card(update, context, draft_of(context), text, kinds=[DANGER], tail=tail)
        return await again(update, context)

    checked.__doc__ = step.__doc__
    return checked
