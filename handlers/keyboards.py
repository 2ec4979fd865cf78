"""Reply and inline keyboards of the resident side."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot import texts
from handlers.callback_data import (
    AdviserButton,
    FeedbackButton,
    ItemButton,
    LegalAidButton,
    NoteSkipButton,
    PickButton,
)
from knowledge import Item

__all__ = [
    "MAX_RELATED",
    "answer_keyboard",
    "main_menu",
    "note_keyboard",
    "suggest_keyboard",
    "unknown_keyboard",
]

MAX_RELATED = 3
LEGAL_AID_ITEM = "legal-aid"
"""The knowledge item whose answer offers the legal-aid pre-check."""


def main_menu() -> ReplyKeyboardMarkup:
    """The persistent menu of main actions."""
    return ReplyKeyboardMarkup(
        [
            [texts.MENU_ASK, texts.MENU_ADVISER],
            [texts.MENU_LEGAL_AID, texts.MENU_MEDIATE],
            [texts.MENU_GUIDE, texts.MENU_HELP],
        ],
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=texts.MENU_PLACEHOLDER,
    )


def _adviser_row(question_id: int | None) -> list[InlineKeyboardButton]:
    data = AdviserButton(question_id or 0).pack()
    return [InlineKeyboardButton(texts.BUTTON_ADVISER, callback_data=data)]


def answer_keyboard(
    question_id: int | None, item: Item, related: Sequence[Item]
) -> InlineKeyboardMarkup:
    """Buttons under an answer: feedback (when the question was logged), adviser, related."""
    rows: list[list[InlineKeyboardButton]] = []
    if question_id is not None:
        rows.append(
            [
                InlineKeyboardButton(
                    texts.BUTTON_HELPFUL, callback_data=FeedbackButton(question_id, True).pack()
                ),
                InlineKeyboardButton(
                    texts.BUTTON_NOT_HELPFUL,
                    callback_data=FeedbackButton(question_id, False).pack(),
                ),
            ]
        )
    rows.append(_adviser_row(question_id))
    if item.id == LEGAL_AID_ITEM:
        data = LegalAidButton("start", "go").pack()
        rows.append([InlineKeyboardButton(texts.BUTTON_LEGAL_AID, callback_data=data)])
    rows.extend(
        [
            InlineKeyboardButton(
                texts.RELATED_PREFIX + other.title, callback_data=ItemButton(other.id).pack()
            )
        ]
        for other in related[:MAX_RELATED]
        if other.id != item.id
    )
    return InlineKeyboardMarkup(rows)


def suggest_keyboard(question_id: int | None, candidates: Sequence[Item]) -> InlineKeyboardMarkup:
    """One button per candidate item, then the adviser."""
    rows = [
        [
            InlineKeyboardButton(
                texts.SUGGEST_PREFIX + item.title,
                callback_data=(
                    PickButton(question_id, item.id).pack()
                    if question_id is not None
                    else ItemButton(item.id).pack()
                ),
            )
        ]
        for item in candidates
    ]
    rows.append(_adviser_row(question_id))
    return InlineKeyboardMarkup(rows)


def unknown_keyboard(question_id: int | None) -> InlineKeyboardMarkup:
    """The adviser button offered when nothing fits."""
    return InlineKeyboardMarkup([_adviser_row(question_id)])


def note_keyboard(question_id: int) -> InlineKeyboardMarkup:
    """Skip the note, or go to the adviser, after 👎."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_SKIP, callback_data=NoteSkipButton(question_id).pack()
                )
            ],
            _adviser_row(question_id),
        ]
    )
