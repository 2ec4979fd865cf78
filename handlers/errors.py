"""Turn use-case errors into the short Chinese message a user should see."""

from __future__ import annotations

from bot import texts
from bot.services import (
    AccessDenied,
    Conflict,
    ConflictReason,
    InvalidInput,
    NotFound,
    ServiceError,
)

__all__ = ["explain"]

_CONFLICTS = {
    ConflictReason.ALREADY_CLAIMED: texts.CLAIM_TAKEN,
    ConflictReason.CLOSED: texts.ALREADY_CLOSED,
    ConflictReason.ALREADY_RATED: texts.ALREADY_RATED,
    ConflictReason.INVITE_USED: texts.INVITE_INVALID,
    ConflictReason.INVITE_EXPIRED: texts.INVITE_INVALID,
    ConflictReason.INVITE_REVOKED: texts.INVITE_INVALID,
    ConflictReason.INVITE_VOID: texts.INVITE_INVALID,
}


def explain(error: ServiceError) -> str:
    """Return the message for ``error`` (plain text, safe in HTML)."""
    if isinstance(error, AccessDenied):
        return texts.NOT_ALLOWED
    if isinstance(error, NotFound):
        return texts.UNKNOWN_CONSULTATION
    if isinstance(error, Conflict):
        return _CONFLICTS.get(error.reason, texts.STALE_BUTTON)
    if isinstance(error, InvalidInput):
        return texts.INVALID_FIELDS.get(error.field or "", texts.INVALID_INPUT)
    return texts.STALE_BUTTON
