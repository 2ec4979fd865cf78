"""Render outbox notices (plain data from the use cases) as Telegram messages."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.services import (
    ClaimedNotice,
    ClaimHolder,
    ClosedNotice,
    Consultation,
    ConsultationCard,
    FollowupRequest,
    InviteRedeemedNotice,
    MessageNotice,
    NoticeKind,
    RatingRequest,
    ReleasedNotice,
    TransferNotice,
)
from handlers.callback_data import ConsultationAction, ConsultationButton, FollowupButton
from handlers.render import escape, truncate_utf16
from knowledge.categories import category_label

__all__ = [
    "Rendered",
    "card_keyboard",
    "claimed_keyboard",
    "holder_label",
    "queue_item",
    "queue_line",
    "render_notice",
]

QUEUE_SUMMARY_LIMIT = 300
"""Characters of a waiting consultation's description shown in /queue (UTF-16 units)."""

CAPTION_BODY_LIMIT = 800
"""Caption text kept from a relayed photo or document, in UTF-16 units (Telegram allows 1024)."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """A notice ready to send: HTML text, buttons, and a photo or document to attach."""

    text: str
    markup: InlineKeyboardMarkup | None = None
    photo: str | None = None
    document: str | None = None


def _button_row(number: int, *buttons: tuple[str, ConsultationAction]) -> InlineKeyboardMarkup:
    """One row of ``(label, action)`` buttons on consultation ``number``."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(label, callback_data=ConsultationButton(action, number).pack())
                for label, action in buttons
            ]
        ]
    )


def card_keyboard(number: int) -> InlineKeyboardMarkup:
    """Buttons under a consultation card: claim and transfer."""
    return _button_row(
        number,
        (texts.BUTTON_CLAIM, ConsultationAction.CLAIM),
        (texts.BUTTON_TRANSFER, ConsultationAction.TRANSFER),
    )


def claimed_keyboard(number: int) -> InlineKeyboardMarkup:
    """Buttons under a consultation the adviser holds: transfer and close."""
    return _button_row(
        number,
        (texts.BUTTON_TRANSFER, ConsultationAction.TRANSFER),
        (texts.BUTTON_CLOSE, ConsultationAction.CLOSE),
    )


def holder_label(holder: ClaimHolder) -> str:
    """Return who holds a consultation as the resident and colleagues see it (plain text)."""
    name = _name_suffix(holder.name)
    if holder.role == "duty":
        return texts.DUTY_ADVISER.format(name=name)
    if holder.role == "staff":
        return texts.STAFF_MEMBER.format(name=name)
    return texts.ADVISER_OF.format(community=holder.community_name, name=name)


def _urgent(reason: str | None) -> str:
    label = texts.URGENT_REASONS.get(reason or "", reason or "")
    return texts.CARD_URGENT.format(reason=escape(label))


def queue_line(item: Consultation, community_name: str, tz: ZoneInfo) -> str:
    """One line for a consultation in a list: number, community, category, time, urgency."""
    return texts.QUEUE_LINE.format(
        number=item.id,
        community=escape(community_name),
        category=escape(category_label(item.category)),
        created=item.created_at.astimezone(tz).strftime("%m-%d %H:%M"),
        urgent=_urgent(item.urgent_reason) if item.urgent else "",
    )


def queue_item(item: Consultation, community_name: str, tz: ZoneInfo) -> Rendered:
    """A waiting consultation in /queue: its line and description, with 接单 and 转交."""
    text = texts.QUEUE_ITEM.format(
        number=item.id,
        urgent=_urgent(item.urgent_reason) if item.urgent else "",
        community=escape(community_name),
        category=escape(category_label(item.category)),
        created=item.created_at.astimezone(tz).strftime("%m-%d %H:%M"),
        summary=escape(truncate_utf16(item.summary, QUEUE_SUMMARY_LIMIT)),
    )
    return Rendered(text, card_keyboard(item.id))


def resident_keyboard(number: int) -> InlineKeyboardMarkup:
    """Buttons for a resident in a consultation: back to questions, or end it."""
    return _button_row(
        number,
        (texts.BUTTON_BACK_TO_QUESTIONS, ConsultationAction.LEAVE),
        (texts.BUTTON_END_CONSULTATION, ConsultationAction.END),
    )


def rating_keyboard(number: int) -> InlineKeyboardMarkup:
    """Five buttons to rate a closed consultation."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "⭐" * score,
                    callback_data=ConsultationButton(
                        ConsultationAction.RATE, number, str(score)
                    ).pack(),
                )
                for score in range(1, 6)
            ]
        ]
    )


def followup_keyboard(number: int) -> InlineKeyboardMarkup:
    """The resident's answers to the follow-up of mediation ``number``."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(label, callback_data=FollowupButton(number, answer).pack())
                for answer, label in texts.FOLLOWUP_ANSWERS.items()
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
        if kind == NoticeKind.CLAIMED_HISTORY:
            return Rendered(_card_text(kind, notice, tz), claimed_keyboard(notice.consultation_id))
        return Rendered(_card_text(kind, notice, tz), card_keyboard(notice.consultation_id))
    if isinstance(notice, MessageNotice):
        return _message(notice)
    if isinstance(notice, ClaimedNotice):
        holder = ClaimHolder(notice.adviser_role, notice.adviser_name, notice.community_name)
        claimed = texts.CLAIMED_NOTICE_BY_KIND.get(notice.case_kind, texts.CLAIMED_NOTICE)
        text = claimed.format(
            number=notice.consultation_id,
            who=escape(holder_label(holder)),
            taker=texts.TAKER_BY_ROLE[notice.adviser_role],
        )
        return Rendered(text, resident_keyboard(notice.consultation_id))
    if isinstance(notice, TransferNotice):
        if notice.adviser_role is None:
            who = texts.COMMUNITY_ADVISERS.format(community=notice.community_name)
        else:
            who = holder_label(
                ClaimHolder(notice.adviser_role, notice.adviser_name, notice.community_name)
            )
        text = texts.RESIDENT_TRANSFER_NOTICE.format(number=notice.consultation_id, who=escape(who))
        return Rendered(text)
    if isinstance(notice, ReleasedNotice):
        released = texts.RESIDENT_RELEASED_BY_KIND.get(notice.kind, texts.RESIDENT_RELEASED)
        return Rendered(released.format(number=notice.consultation_id))
    if isinstance(notice, ClosedNotice):
        return Rendered(texts.RESIDENT_CLOSED.format(number=notice.consultation_id))
    if isinstance(notice, RatingRequest):
        text = texts.RATING_REQUEST.format(
            number=notice.consultation_id, outcome=escape(notice.outcome_label)
        )
        return Rendered(text, rating_keyboard(notice.consultation_id))
    if isinstance(notice, InviteRedeemedNotice):
        return Rendered(_invite_redeemed(notice))
    if isinstance(notice, FollowupRequest):
        text = texts.FOLLOWUP_REQUEST.format(
            number=notice.consultation_id, dispute=escape(notice.dispute_type)
        )
        return Rendered(text, followup_keyboard(notice.consultation_id))
    raise ValueError(f"no rendering for notice kind {kind!r}")


def _invite_redeemed(notice: InviteRedeemedNotice) -> str:
    post = (
        texts.DUTY_TARGET
        if notice.community_name is None
        else texts.ADVISER_POST.format(community=notice.community_name)
    )
    return texts.INVITE_REDEEMED.format(
        number=notice.invite_number,
        name=escape(notice.adviser_name),
        telegram_id=notice.adviser_id,
        target=escape(post),
    )


def _card_text(kind: str, card: ConsultationCard, tz: ZoneInfo) -> str:
    urgent = _urgent(card.urgent_reason) if card.urgent else ""
    phone = f" {escape(card.contact_phone)}" if card.contact_phone else ""
    text = texts.CARD.format(
        title=texts.CARD_TITLES.get(kind, texts.CARD_TITLES[NoticeKind.NEW_CONSULTATION]),
        case=texts.CARD_CASE_NAMES.get(card.case_kind, texts.CARD_CASE_NAMES["consultation"]),
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
    if card.earlier_messages:
        text += texts.CARD_EARLIER_MESSAGES.format(count=card.earlier_messages)
    return text + texts.CARD_HINT


def _message(notice: MessageNotice) -> Rendered:
    raw = notice.text or texts.RELAYED_NO_CAPTION.get(notice.kind, "")
    body = escape(raw if notice.kind == "text" else truncate_utf16(raw, CAPTION_BODY_LIMIT))
    if notice.sender_role == "resident":
        label = escape(notice.sender_label or "")
        text = texts.FROM_RESIDENT.format(resident=label, number=notice.consultation_id, text=body)
        text += texts.FROM_RESIDENT_HINT
        markup = None
    else:
        said = texts.FROM_ADVISER_BY_KIND.get(notice.case_kind, texts.FROM_ADVISER)
        taker = texts.TAKER_BY_ROLE[notice.sender_role]
        text = said.format(number=notice.consultation_id, text=body, taker=taker)
        markup = resident_keyboard(notice.consultation_id)
    if notice.kind == "photo":
        return Rendered(text, markup, photo=notice.file_id)
    if notice.kind == "document":
        return Rendered(text, markup, document=notice.file_id)
    return Rendered(text, markup)


def _name_suffix(name: str | None) -> str:
    return f" {name}" if name else ""
