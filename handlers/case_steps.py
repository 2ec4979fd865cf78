"""Shared by the case conversations (consultation intake, legal-aid pre-check, mediation request).

Their step buttons, and who a filed case goes to, as the resident is told.
"""

from __future__ import annotations

from typing import TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import filters

from bot import texts
from bot.context import BotContext
from bot.services import Consultation, HandledBy
from handlers import callback_data as cb
from handlers.intake_questions import reply
from handlers.render import escape
from handlers.typed_answers import asks_to_apply

__all__ = [
    "AsksToApply",
    "StepButton",
    "active_case_text",
    "handled_by_text",
    "pressed_step",
    "step_keyboard",
    "told_of_active_case",
]

StepButton = TypeVar("StepButton", cb.LegalAidButton, cb.MediationButton)


def active_case_text(active: Consultation) -> str:
    """Tell a resident that ``active`` is still open, named by its kind and who takes it."""
    status = texts.STATUS_LABELS_BY_KIND.get(active.kind, texts.STATUS_LABELS)
    template = texts.ACTIVE_EXISTS_BY_KIND.get(active.kind, texts.ACTIVE_EXISTS)
    return template.format(number=active.id, status=status[active.status.value])


async def told_of_active_case(update: Update, context: BotContext) -> bool:
    """Tell the resident of their open case, if they have one; return whether they had.

    A resident has one open case of any kind at a time: a new request is refused before its
    first question, not after its last.
    """
    user = update.effective_user
    if user is None:
        return False
    active = await context.services.consultations.active_for(user.id)
    if active is None:
        return False
    await reply(update, active_case_text(active))
    return True


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


class AsksToApply(filters.MessageFilter):
    """A text asking to apply in the resident's own words (我想申请法律援助, 我要申请调解)."""

    def __init__(self, kind: str) -> None:
        super().__init__(name=f"AsksToApply({kind})")
        self.kind = kind

    def filter(self, message: Message) -> bool:
        """Return whether ``message`` asks to apply for this kind."""
        return message.text is not None and asks_to_apply(message.text) == self.kind
