"""Shared by the case conversations (consultation intake, legal-aid pre-check, mediation request).

Their step buttons, and who a filed case goes to, as the resident is told.
"""

from __future__ import annotations

from typing import TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import texts
from bot.services import HandledBy
from handlers import callback_data as cb
from handlers.render import escape

__all__ = ["StepButton", "handled_by_text", "pressed_step", "step_keyboard"]

StepButton = TypeVar("StepButton", cb.LegalAidButton, cb.MediationButton)


def step_keyboard(
    kind: type[StepButton], step: str, options: list[tuple[str, str]]
) -> InlineKeyboardMarkup:
    """One button per ``(value, label)`` of ``step``, one per row."""
    rows = [
        [InlineKeyboardButton(label, callback_data=kind(step, value).pack())]
        for value, label in options
    ]
    return InlineKeyboardMarkup(rows)


async def pressed_step(update: Update, kind: type[StepButton]) -> StepButton | None:
    """Acknowledge a button press; return its choice (``None`` if it is no ``kind`` button)."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    button = cb.parse(query.data)
    return button if isinstance(button, kind) else None


def handled_by_text(handled_by: HandledBy, community_name: str) -> str | None:
    """Return who takes a filed case, as the resident is told (``None``: nobody is on duty).

    Args:
        handled_by: Who the routing gave the case to.
        community_name: The case's village or community (plain text; escaped here).
    """
    name = escape(community_name)
    return {
        HandledBy.LEGAL_AID: texts.HANDLED_BY_LEGAL_AID,
        HandledBy.COMMITTEE: texts.HANDLED_BY_COMMITTEE.format(community=name),
        HandledBy.MEDIATORS: texts.HANDLED_BY_MEDIATORS,
        HandledBy.COMMUNITY: texts.HANDLED_BY_COMMUNITY.format(community=name),
        HandledBy.DUTY: texts.HANDLED_BY_DUTY,
        HandledBy.STAFF: texts.HANDLED_BY_STAFF,
    }.get(handled_by)
