"""Render outbox notices (plain data from the use cases) as Telegram messages."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.services import (
    ClaimedNotice,
    ClosedNotice,
    ConsultationCard,
    MessageNotice,
    NoticeKind,
    RatingRequest,
    TransferNotice,
)
from handlers.callback_data import ConsultationButton
from handlers.render import escape, truncate_utf16

__all__ = ["Rendered", "card_keyboard", "render_notice"]

CAPTION_BODY_LIMIT = 800
"""Caption text kept from a relayed photo or document, in UTF-16 units (Telegram allows 1024)."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """A notice ready to send: HTML text, buttons, and a photo or document to attach."""

    text: str
    markup: InlineKeyboardMarkup | None = None
    photo: str | None = None
    document: str | None = None


def card_keyboard(number: int) -> InlineKeyboardMarkup:
    """Buttons under a consultation card: claim and transfer."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_CLAIM, callback_data=ConsultationButton("claim", number).pack()
                ),
                InlineKeyboardButton(
                    texts.BUTTON_TRANSFER, callback_data=ConsultationButton("xfer", number).pack()
                ),
            ]
        ]
    )


def resident_keyboard(number: int) -> InlineKeyboardMarkup:
    """Buttons for a resident in a consultation: back to questions, or end it."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_BACK_TO_QUESTIONS,
                    callback_data=ConsultationButton("leave", number).pack(),
                ),
                InlineKeyboardButton(
                    texts.BUTTON_END_CONSULTATION,
                    callback_data=ConsultationButton("end", number).pack(),
                ),
            ]
        ]
    )


def rating_keyboard(number: int) -> InlineKeyboardMarkup:
    """Five buttons to rate a closed consultation."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "⭐" * score,
                    callback_data=ConsultationButton("rate", number, str(score)).pack(),
                )
                for score in range(1, 6)
            ]
        ]
    )


def render_notice(kind: str, notice: BaseModel, tz: ZoneInfo) -> Rendered:
    """Return the Telegram message for an outbox notice.

    Args:
        kind: The outbox row's kind (a ``NoticeKind`` value).
        notice: Its parsed payload (``bot.services.parse_notice``).
        tz: The deployment's time zone, for times shown.
    """
    if isinstance(notice, ConsultationCard):
        return Rendered(_card_text(kind, notice, tz), card_keyboard(notice.consultation_id))
    if isinstance(notice, MessageNotice):
        return _message(notice)
    if isinstance(notice, ClaimedNotice):
        text = texts.CLAIMED_NOTICE.format(number=notice.consultation_id, who=escape(_who(notice)))
        return Rendered(text, resident_keyboard(notice.consultation_id))
    if isinstance(notice, TransferNotice):
        who = texts.ADVISER_OF.format(
            community=notice.community_name, name=_name_suffix(notice.adviser_name)
        )
        text = texts.RESIDENT_TRANSFER_NOTICE.format(number=notice.consultation_id, who=escape(who))
        return Rendered(text)
    if isinstance(notice, ClosedNotice):
        return Rendered(texts.RESIDENT_CLOSED.format(number=notice.consultation_id))
    if isinstance(notice, RatingRequest):
        text = texts.RATING_REQUEST.format(
            number=notice.consultation_id, outcome=escape(notice.outcome_label)
        )
        return Rendered(text, rating_keyboard(notice.consultation_id))
    raise ValueError(f"no rendering for notice kind {kind!r}")


def _card_text(kind: str, card: ConsultationCard, tz: ZoneInfo) -> str:
    urgent = ""
    if card.urgent:
        reason = texts.URGENT_REASONS.get(card.urgent_reason or "", card.urgent_reason or "")
        urgent = texts.CARD_URGENT.format(reason=escape(reason))
    phone = f" {escape(card.contact_phone)}" if card.contact_phone else ""
    text = texts.CARD.format(
        title=texts.CARD_TITLES.get(kind, texts.CARD_TITLES[NoticeKind.NEW_CONSULTATION]),
        number=card.consultation_id,
        urgent=urgent,
        community=escape(card.community_name),
        category=escape(card.category_label),
        resident=escape(card.resident_label),
        phone=phone,
        created=card.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        summary=escape(card.summary),
    )
    if card.transferred_from:
        text += texts.CARD_TRANSFERRED_FROM.format(source=escape(card.transferred_from))
    return text + texts.CARD_HINT


def _message(notice: MessageNotice) -> Rendered:
    raw = notice.text or ""
    body = escape(raw if notice.kind == "text" else truncate_utf16(raw, CAPTION_BODY_LIMIT))
    if notice.sender_role == "resident":
        label = escape(notice.sender_label or "")
        text = texts.FROM_RESIDENT.format(resident=label, number=notice.consultation_id, text=body)
        text += texts.FROM_RESIDENT_HINT
        markup = None
    else:
        text = texts.FROM_ADVISER.format(number=notice.consultation_id, text=body)
        markup = resident_keyboard(notice.consultation_id)
    if notice.kind == "photo":
        return Rendered(text, markup, photo=notice.file_id)
    if notice.kind == "document":
        return Rendered(text, markup, document=notice.file_id)
    return Rendered(text, markup)


def _who(notice: ClaimedNotice) -> str:
    name = _name_suffix(notice.adviser_name)
    if notice.adviser_role == "duty":
        return texts.DUTY_ADVISER.format(name=name)
    if notice.adviser_role == "staff":
        return texts.STAFF_MEMBER.format(name=name)
    return texts.ADVISER_OF.format(community=notice.community_name, name=name)


def _name_suffix(name: str | None) -> str:
    return f" {name}" if name else ""
