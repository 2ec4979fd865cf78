"""Turn use-case errors into the short Chinese message a user should see."""

from __future__ import annotations

from telegram.error import BadRequest, TelegramError, TimedOut

from bot import texts
from bot.services import (
    AccessDenied,
    Conflict,
    ConflictReason,
    InvalidInput,
    NotFound,
    ServiceError,
)

__all__ = ["denied_text", "explain", "failure_text"]

_NOT_MODIFIED = "message is not modified"
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


def denied_text(error: AccessDenied, number: int) -> str | None:
    """Return why case ``number`` may not be taken, if the refusal says (plain text)."""
    if error.reason is None:
        return None
    return texts.CLAIM_DENIED[error.reason.value].format(number=number)


def failure_text(error: object, *, committed: bool) -> str | None:
    """Return what to tell the user after ``error`` escaped a handler (None: nothing).

    Args:
        error: The exception PTB passed to the error handler.
        committed: Whether the update's use case had committed before the error.

    Returns:
        A use-case error's own message; after committed work, a Bot API error means only the
        reply failed, so the user is told it was done and not to send again; a timeout that
        cost no work, or an edit to what a message already shows, is left unsaid (a timed-out
        reply is usually delivered); anything else is a real failure, and the user is asked
        to try again.
    """
    if isinstance(error, ServiceError):
        return explain(error)
    if isinstance(error, BadRequest) and _NOT_MODIFIED in error.message.lower():
        return None  # a double tap edits a message to what it already shows: nothing failed
    if isinstance(error, TelegramError) and committed:
        return (
            texts.RECORDED_CONFIRMING if isinstance(error, TimedOut) else texts.RECORDED_NOT_SHOWN
        )
    if isinstance(error, TimedOut):
        return None
    return texts.INTERNAL_ERROR
