"""Errors the use cases raise; handlers turn them into short messages."""

import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

__all__ = [
    "AccessDenied",
    "ClaimHolder",
    "Conflict",
    "ConflictReason",
    "DenialReason",
    "InvalidInput",
    "NotFound",
    "ServiceError",
    "database_locked",
]


class ServiceError(Exception):
    """Base of the use-case errors."""


class NotFound(ServiceError):
    """The thing asked for does not exist (or no longer does)."""


class DenialReason(StrEnum):
    """Why an adviser may not take a case: who takes it instead (handlers say so)."""

    MEDIATION = "mediation"
    """A mediation request: mediators take it (duty advisers and staff when none does)."""
    LEGAL_AID = "legal_aid"
    """A legal-aid pre-application: the legal-aid staff take it."""
    OTHER_COMMUNITY = "other_community"
    """A case of a community they do not serve: its own advisers take it."""


class AccessDenied(ServiceError):
    """The user may not see or change the thing asked for.

    ``reason`` says why an adviser may not take a case (``None``: not said).
    """

    def __init__(self, message: str = "", *, reason: DenialReason | None = None) -> None:
        super().__init__(message)
        self.reason = reason


class InvalidInput(ServiceError):
    """A value given to a use case is not acceptable; ``field`` names which one."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class ConflictReason(StrEnum):
    """Why a request clashes with the current state (handlers pick their text by it)."""

    ALREADY_CLAIMED = "already_claimed"
    ALREADY_YOURS = "already_yours"
    CLOSED = "closed"
    NOT_CLOSED = "not_closed"
    ALREADY_RATED = "already_rated"
    ACTIVE_EXISTS = "active_exists"
    INVITE_USED = "invite_used"
    INVITE_EXPIRED = "invite_expired"
    INVITE_REVOKED = "invite_revoked"
    INVITE_VOID = "invite_void"
    """The invite predates a staff member's deactivation of the person who opened it."""


@dataclass(frozen=True, slots=True)
class ClaimHolder:
    """Who holds a claimed consultation, as a colleague may be told (no ids, no contacts)."""

    role: Literal["adviser", "duty", "staff"]
    name: str | None
    community_name: str


class Conflict(ServiceError):
    """The request clashes with the current state: already claimed, closed, used, expired.

    ``holder`` says who has it, for ``ALREADY_CLAIMED``.
    """

    def __init__(
        self, message: str, *, reason: ConflictReason, holder: ClaimHolder | None = None
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.holder = holder


def database_locked(error: BaseException | None) -> bool:
    """Whether ``error`` is SQLite's "locked"/"busy" (another writer outlasted the busy timeout).

    Such an error is no fault of the update: the same work goes through once the lock is gone.
    """
    while error is not None:
        if isinstance(error, sqlite3.OperationalError):
            message = str(error).lower()
            return "locked" in message or "busy" in message
        error = error.__cause__
    return False
