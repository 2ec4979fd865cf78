"""Shared by the case conversations (legal-aid pre-check, mediation request): their buttons."""

from __future__ import annotations

from typing import TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers import callback_data as cb

__all__ = ["StepButton", "pressed_step", "step_keyboard"]

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
