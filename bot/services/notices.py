"""What the use cases ask to be sent: outbox kinds and their payloads, as plain data.

Every outbox row has a ``kind`` (a :class:`NoticeKind` value) and a JSON ``payload`` that
validates as the model in :data:`NOTICE_MODELS`; rendering them for Telegram is the
dispatcher's job. :func:`parse_notice` turns a row back into its model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

__all__ = [
    "NOTICE_MODELS",
    "AdviserRole",
    "ClaimedNotice",
    "ClosedNotice",
    "ConsultationCard",
    "FollowupRequest",
    "InviteRedeemedNotice",
    "MessageNotice",
    "NoticeKind",
    "RatingRequest",
    "RecipientRole",
    "ReleasedNotice",
    "TransferNotice",
    "parse_notice",
]

RecipientRole = Literal["community", "duty", "staff", "assignee"]
"""Why an adviser-side recipient gets a notice: adviser of the consultation's community, duty
adviser of the judicial office, staff member, or the adviser it is assigned to."""

AdviserRole = Literal["adviser", "duty", "staff"]
"""Who acted on the adviser side: a community adviser, a duty adviser or a staff member."""


class NoticeKind(StrEnum):
    """The kinds of outbox rows and who receives them."""

    NEW_CONSULTATION = "new_consultation"
    """Adviser side, :class:`ConsultationCard`: a new consultation to claim."""
    REMINDER = "reminder"
    """Adviser side, :class:`ConsultationCard`: still unclaimed after the first interval."""
    ESCALATION = "escalation"
    """Duty advisers and staff, :class:`ConsultationCard`: still unclaimed after the second."""
    TRANSFERRED = "transferred"
    """Adviser side, :class:`ConsultationCard`: transferred to (or assigned to) the recipient."""
    REOPENED = "reopened"
    """Adviser side, :class:`ConsultationCard`: back in the queue, its adviser was deactivated."""
    CLAIMED_HISTORY = "claimed_history"
    """The claimer, :class:`ConsultationCard`: the case they took and had not seen; the
    resident's messages they missed follow as ``MESSAGE_TO_ADVISER`` rows."""
    CLAIMED = "claimed"
    """Resident, :class:`ClaimedNotice`: an adviser took the consultation."""
    RESIDENT_TRANSFERRED = "resident_transferred"
    """Resident, :class:`TransferNotice`: the consultation moved elsewhere."""
    RESIDENT_RELEASED = "resident_released"
    """Resident, :class:`ReleasedNotice`: their adviser was deactivated; it waits again."""
    MESSAGE_TO_ADVISER = "message_to_adviser"
    """Adviser side, :class:`MessageNotice`: the resident wrote."""
    MESSAGE_TO_RESIDENT = "message_to_resident"
    """Resident, :class:`MessageNotice`: the adviser replied."""
    CLOSED_BY_RESIDENT = "closed_by_resident"
    """Adviser side, :class:`ClosedNotice`: the resident ended the consultation."""
    RATING_REQUEST = "rating_request"
    """Resident, :class:`RatingRequest`: closed; please rate 1-5 and say if it was resolved."""
    INVITE_REDEEMED = "invite_redeemed"
    """The staff member who made an invite, :class:`InviteRedeemedNotice`: who used it."""
    MEDIATION_FOLLOWUP = "mediation_followup"
    """Resident, :class:`FollowupRequest`: was the mediation agreement kept? (回访)"""


class _Notice(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ConsultationCard(_Notice):
    """A consultation as shown to advisers, duty advisers and staff.

    ``contact_name`` and ``contact_phone`` are set only when the resident consented;
    ``resident_label`` is the contact name or ``居民 #<number>``.
    """

    consultation_id: int
    community_id: str
    community_name: str
    category: str
    category_label: str
    summary: str
    urgent: bool
    urgent_reason: str | None
    resident_label: str
    contact_name: str | None
    contact_phone: str | None
    created_at: dt.datetime
    recipient_role: RecipientRole
    transferred_from: str | None = None
    earlier_messages: int = 0
    """On a ``CLAIMED_HISTORY`` card: how many of the resident's messages follow it."""
    case_kind: str = "consultation"
    """The case's kind: a consultation, a legal-aid pre-application or a mediation request."""


class ClaimedNotice(_Notice):
    """Tells the resident who took their consultation."""

    consultation_id: int
    community_name: str
    adviser_name: str | None
    adviser_role: AdviserRole
    case_kind: str = "consultation"
    """The case's kind: who took it (an adviser, a mediator, legal-aid staff)."""


class TransferNotice(_Notice):
    """Tells the resident their consultation moved to another community or adviser."""

    consultation_id: int
    community_name: str
    adviser_name: str | None
    adviser_role: AdviserRole | None = None
    """``None`` when it went to the community's queue rather than to one adviser."""


class MessageNotice(_Notice):
    """A relayed message: text, or a photo/document by Telegram ``file_id`` with a caption.

    ``sender_label`` is the resident label (towards advisers) or the adviser's registered
    name (towards the resident; ``None`` for a staff member without one);
    ``recipient_role`` is ``None`` towards the resident.
    """

    consultation_id: int
    community_name: str
    sender_label: str | None
    sender_role: AdviserRole | Literal["resident"]
    kind: Literal["text", "photo", "document"]
    text: str | None
    file_id: str | None
    case_kind: str = "consultation"
    """The case's kind: whom an answer to the resident comes from."""
    recipient_role: RecipientRole | None = None
    relay_id: int | None = None
    """The stored message (``consultation_messages.id``), so a claim knows what was seen."""


class ClosedNotice(_Notice):
    """Tells the adviser side that the resident ended the consultation."""

    consultation_id: int
    community_name: str


class ReleasedNotice(_Notice):
    """Tells the resident their adviser no longer handles the consultation; it waits again."""

    consultation_id: int
    community_name: str
    kind: str = "consultation"
    """The case's kind: whose work it was (an adviser's, a mediator's, legal-aid staff's)."""


class RatingRequest(_Notice):
    """Asks the resident to rate a closed consultation."""

    consultation_id: int
    outcome: str
    outcome_label: str


class FollowupRequest(_Notice):
    """Asks the resident whether the agreement of a successful mediation was kept."""

    consultation_id: int
    dispute_type: str


class InviteRedeemedNotice(_Notice):
    """Tells the staff member who made invite ``invite_number`` who registered with it."""

    invite_number: int
    adviser_id: int
    adviser_name: str
    community_name: str | None
    """``None``: a duty adviser of the judicial office."""


NOTICE_MODELS: Mapping[NoticeKind, type[BaseModel]] = {
    NoticeKind.NEW_CONSULTATION: ConsultationCard,
    NoticeKind.REMINDER: ConsultationCard,
    NoticeKind.ESCALATION: ConsultationCard,
    NoticeKind.TRANSFERRED: ConsultationCard,
    NoticeKind.REOPENED: ConsultationCard,
    NoticeKind.CLAIMED_HISTORY: ConsultationCard,
    NoticeKind.CLAIMED: ClaimedNotice,
    NoticeKind.RESIDENT_TRANSFERRED: TransferNotice,
    NoticeKind.RESIDENT_RELEASED: ReleasedNotice,
    NoticeKind.MESSAGE_TO_ADVISER: MessageNotice,
    NoticeKind.MESSAGE_TO_RESIDENT: MessageNotice,
    NoticeKind.RATING_REQUEST: RatingRequest,
    NoticeKind.CLOSED_BY_RESIDENT: ClosedNotice,
    NoticeKind.INVITE_REDEEMED: InviteRedeemedNotice,
    NoticeKind.MEDIATION_FOLLOWUP: FollowupRequest,
}
"""The payload model of each kind."""


def parse_notice(kind: str, payload: Mapping[str, Any]) -> BaseModel:
    """Return the typed payload of an outbox row.

    Args:
        kind: The row's kind.
        payload: The row's decoded JSON payload.

    Raises:
        ValueError: If the kind is unknown.
        pydantic.ValidationError: If the payload does not fit the kind's model.
    """
    model = NOTICE_MODELS[NoticeKind(kind)]
    return model.model_validate(dict(payload))
