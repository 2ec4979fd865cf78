"""Talking through the bot: messages relayed between a resident and their adviser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from bot.services.catch_up import send_catch_up
from bot.services.errors import InvalidInput
from bot.services.notices import MessageNotice, NoticeKind
from bot.services.routing import ConsultationContext
from bot.storage.consultations import ConsultationStatus
from bot.storage.events import EventKind
from bot.storage.keys import MessageKey
from bot.storage.relay import MessageKind
from bot.storage.transaction import transaction

__all__ = ["MAX_MESSAGE_CHARS", "RelayService", "Relayed"]

MAX_MESSAGE_CHARS = 4096
"""Telegram's own limit on a text message."""


@dataclass(frozen=True, slots=True)
class Relayed:
    """A relayed message: where it went, and whether it was a re-delivered message.

    ``duplicate`` is ``True`` when the same Telegram message was relayed before; nothing was
    stored or enqueued again.
    """

    consultation_id: int
    message_id: int
    duplicate: bool
    recipients: int


class RelayService:
    """Relays messages both ways through the outbox and remembers which is whose."""

    def __init__(self, ctx: ConsultationContext) -> None:
        """Use the shared repositories, configuration and rules of ``ctx``."""
        self._ctx = ctx

    async def resident_message(
        self,
        resident_id: int,
        kind: str,
        text: str | None,
        file_id: str | None,
        source: MessageKey | None = None,
    ) -> Relayed | None:
        """Relay a resident's message to the adviser of their active consultation.

        Goes to the assignee, or to the community's advisers while unclaimed.

        Args:
            resident_id: The resident's Telegram id.
            kind: ``text``, ``photo`` or ``document``.
            text: The text or caption.
            file_id: Telegram's id of the photo or document.
            source: The resident's Telegram message, so a re-delivery is relayed once.

        Returns:
            What was relayed, or ``None`` when the resident has no open or claimed
            consultation (the message is then an ordinary question).

        Raises:
            InvalidInput: Unknown kind, nothing to relay, or text over 4096 characters.
        """
        ctx = self._ctx
        message_kind = _check(kind, text, file_id)
        now = ctx.clock()
        async with transaction(ctx.db):
            consultation = await ctx.consultations.active_for_resident(resident_id)
            if consultation is None:
                return None
            stored = await ctx.relay.add_message(
                consultation.id,
                resident_id,
                "to_adviser",
                message_kind,
                text,
                file_id,
                now=now,
                source=source,
            )
            if not stored.inserted:
                return Relayed(consultation.id, stored.id, duplicate=True, recipients=0)
            await ctx.record(
                consultation.id, EventKind.MESSAGE, resident_id, now, message_id=stored.id
            )
            recipients = await ctx.assignee_or_queue(consultation)
            for recipient in recipients:
                notice = MessageNotice(
                    consultation_id=consultation.id,
                    community_name=ctx.community_name(consultation.community_id),
                    sender_label=ctx.resident_label(consultation),
                    sender_role="resident",
                    kind=message_kind,
                    text=text,
                    file_id=file_id,
                    recipient_role=recipient.role,
                    relay_id=stored.id,
                )
                await ctx.notify(
                    recipient.chat_id, NoticeKind.MESSAGE_TO_ADVISER, notice, consultation.id, now
                )
        return Relayed(consultation.id, stored.id, duplicate=False, recipients=len(recipients))

    async def adviser_reply(
        self,
        actor_id: int,
        consultation_id: int,
        kind: str,
        text: str | None,
        file_id: str | None,
        source: MessageKey | None = None,
    ) -> Relayed:
        """Relay an adviser's reply to the consultation's resident.

        Allowed for the assignee, a duty adviser or staff; an unclaimed consultation is
        claimed by the adviser of its community (or duty adviser, or staff) who answers first.
        ``source`` is the adviser's Telegram message (a quoting reply or ``/reply``), so a
        re-delivery reaches the resident once.

        Raises:
            NotFound: No such consultation.
            AccessDenied: ``actor_id`` may not answer it.
            Conflict: It is closed (``CLOSED``).
            InvalidInput: Unknown kind, nothing to relay, or text over 4096 characters.
        """
        ctx = self._ctx
        message_kind = _check(kind, text, file_id)
        now = ctx.clock()
        actor = await ctx.actor(actor_id)
        async with transaction(ctx.db):
            consultation = await ctx.load(consultation_id)
            ctx.require_handler(actor, consultation)
            stored = await ctx.relay.add_message(
                consultation_id,
                actor_id,
                "to_resident",
                message_kind,
                text,
                file_id,
                now=now,
                source=source,
            )
            if not stored.inserted:
                return Relayed(consultation_id, stored.id, duplicate=True, recipients=0)
            if consultation.status is ConsultationStatus.OPEN:
                await ctx.consultations.claim(consultation_id, actor_id, now)
                await ctx.record(consultation_id, EventKind.CLAIMED, actor_id, now)
                await send_catch_up(ctx, consultation, actor_id, now)
            await ctx.record(
                consultation_id, EventKind.MESSAGE, actor_id, now, message_id=stored.id
            )
            notice = MessageNotice(
                consultation_id=consultation_id,
                community_name=ctx.community_name(consultation.community_id),
                sender_label=actor.name,
                sender_role=actor.role or "adviser",
                kind=message_kind,
                text=text,
                file_id=file_id,
                case_kind=consultation.kind,
            )
            await ctx.notify(
                consultation.resident_id,
                NoticeKind.MESSAGE_TO_RESIDENT,
                notice,
                consultation_id,
                now,
            )
        return Relayed(consultation_id, stored.id, duplicate=False, recipients=1)

    async def consultation_for_reply(self, chat_id: int, message_id: int) -> int | None:
        """Return the consultation a chat message belongs to (a notice or relayed copy).

        Messages sent through the outbox are mapped when marked sent; others through
        :meth:`record_delivery`. The caller still needs permission to act on the result.
        """
        return await self._ctx.relay.consultation_for(chat_id, message_id)

    async def record_delivery(self, chat_id: int, message_id: int, consultation_id: int) -> None:
        """Remember that message ``message_id`` in ``chat_id`` belongs to the consultation."""
        await self._ctx.relay.map_message(chat_id, message_id, consultation_id)


def _check(kind: str, text: str | None, file_id: str | None) -> MessageKind:
    kinds: tuple[MessageKind, ...] = get_args(MessageKind)
    message_kind = next((k for k in kinds if k == kind), None)
    if message_kind is None:
        raise InvalidInput(f"unknown message kind {kind!r}", field="kind")
    if message_kind == "text" and not (text and text.strip()):
        raise InvalidInput("a text message needs text", field="text")
    if message_kind != "text" and not file_id:
        raise InvalidInput(f"a {message_kind} needs its file_id", field="file_id")
    if text is not None and len(text) > MAX_MESSAGE_CHARS:
        raise InvalidInput(f"text is {len(text)} characters, at most 4096", field="text")
    return message_kind
