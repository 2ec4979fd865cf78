"""Errors the use cases raise; handlers turn them into short messages."""

from enum import StrEnum

__all__ = [
    "AccessDenied",
    "Conflict",
    "ConflictReason",
    "InvalidInput",
    "NotFound",
    "ServiceError",
]


class ServiceError(Exception):
    """Base of the use-case errors."""


class NotFound(ServiceError):
    """The thing asked for does not exist (or no longer does)."""


class AccessDenied(ServiceError):
    """The user may not see or change the thing asked for."""


class InvalidInput(ServiceError):
    """A value given to a use case is not acceptable; ``field`` names which one."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class ConflictReason(StrEnum):
    """Why a request clashes with the current state (handlers pick their text by it)."""

    ALREADY_CLAIMED = "already_claimed"
    CLOSED = "closed"
    NOT_CLOSED = "not_closed"
    ALREADY_RATED = "already_rated"
    ACTIVE_EXISTS = "active_exists"
    INVITE_USED = "invite_used"
    INVITE_EXPIRED = "invite_expired"


class Conflict(ServiceError):
    """The request clashes with the current state: already claimed, closed, used, expired."""

    def __init__(self, message: str, *, reason: ConflictReason) -> None:
        super().__init__(message)
        self.reason = reason
