"""What an adviser taking a consultation has not seen of it: its card and the resident's messages.

An adviser who registered after the resident filed, a duty adviser who was never sent the card,
or the next adviser after a deactivation would otherwise work blind. The outbox tells what
reached (or is on its way to) their chat; the rest is enqueued to them, in order, once.
"""

from __future__ import annotations

import datetime as dt

from bot.services.notices import NoticeKind
from bot.services.routing import ConsultationContext
from bot.storage.consultations import Consultation
from bot.storage.outbox import OutboxMessage

__all__ = ["CARD_KINDS", "send_catch_up"]

CARD_KINDS = frozenset(
    {
        NoticeKind.NEW_CONSULTATION,
        NoticeKind.REMINDER,
        NoticeKind.ESCALATION,
        NoticeKind.TRANSFERRED,
        NoticeKind.REOPENED,
        NoticeKind.CLAIMED_HISTORY,
    }
)
"""Outbox kinds that show a consultation's card (and so its description)."""


def _reaches(row: OutboxMessage, chat_id: int) -> bool:
    """Whether the row was delivered to ``chat_id`` or still will be (not given up)."""
    return row.chat_id == chat_id and (row.sent_at is not None or row.next_attempt_at is not None)


async def send_catch_up(
    ctx: ConsultationContext, consultation: Consultation, chat_id: int, now: dt.datetime
) -> int:
    """Enqueue to ``chat_id`` the card and the resident's messages it has not had.

    Call inside the transaction that gives the consultation to ``chat_id``'s user.

    Args:
        ctx: The shared repositories and rules.
        consultation: The consultation as it is now (claimed or assigned).
        chat_id: The adviser taking it.
        now: The current time.

    Returns:
        How many notices were enqueued: the history card unless a card of the consultation
        reached the chat, then each missed message (photos and documents by their
        ``file_id``); 0 when nothing was missed.
    """
    rows = [
        row for row in await ctx.outbox.for_consultation(consultation.id) if _reaches(row, chat_id)
    ]
    had_card = any(row.kind in CARD_KINDS for row in rows)
    seen = {
        row.payload.get("relay_id") for row in rows if row.kind == NoticeKind.MESSAGE_TO_ADVISER
    }
    missed = [
        message
        for message in await ctx.relay.messages(consultation.id)
        if message.direction == "to_adviser" and message.id not in seen
    ]
    sent = 0
    if not had_card:
        card = ctx.card(consultation, "assignee").model_copy(
            update={"earlier_messages": len(missed)}
        )
        await ctx.notify(chat_id, NoticeKind.CLAIMED_HISTORY, card, consultation.id, now)
        sent += 1
    for message in missed:
        notice = ctx.resident_message(consultation, message, "assignee")
        await ctx.notify(chat_id, NoticeKind.MESSAGE_TO_ADVISER, notice, consultation.id, now)
        sent += 1
    return sent
