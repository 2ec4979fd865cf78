"""Callback-data formats of inline buttons: versioned, compact, parsed strictly.

Every button's data starts with ``VERSION`` and a kind; anything that does not parse exactly
(forged, truncated, from an older version of the bot) is rejected, never guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "AdviserButton",
    "CallbackData",
    "ConsultationButton",
    "FeedbackButton",
    "IntakeButton",
    "ItemButton",
    "NoteSkipButton",
    "PickButton",
    "PrivacyButton",
    "RevokeInviteButton",
    "parse",
]

VERSION = "1"
_ITEM_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_NUMBER = r"[1-9][0-9]{0,17}"
_VALUE = r"[a-z0-9_*]+(?:-[a-z0-9_]+)*"


@dataclass(frozen=True, slots=True)
class FeedbackButton:
    """👍/👎 on the answer to a logged question."""

    question_id: int
    helpful: bool

    def pack(self) -> str:
        """Return the callback data."""
        return f"{VERSION}|fb|{self.question_id}|{'up' if self.helpful else 'down'}"


@dataclass(frozen=True, slots=True)
class PickButton:
    """A suggestion offered for a logged question."""

    question_id: int
    item_id: str

    def pack(self) -> str:
        """Return the callback data."""
        return f"{VERSION}|pick|{self.question_id}|{self.item_id}"


@dataclass(frozen=True, slots=True)
class ItemButton:
    """A related item (public, not tied to a question)."""

    item_id: str

    def pack(self) -> str:
        """Return the callback data."""
        return f"{VERSION}|item|{self.item_id}"


@dataclass(frozen=True, slots=True)
class AdviserButton:
    """找法律顾问, optionally carrying the question it follows (0 for none)."""

    question_id: int = 0

    def pack(self) -> str:
        """Return the callback data."""
        return f"{VERSION}|adv|{self.question_id}"


@dataclass(frozen=True, slots=True)
class NoteSkipButton:
    """Skip telling what an unhelpful answer was missing."""

    question_id: int

    def pack(self) -> str:
        """Return the callback data."""
        return f"{VERSION}|skip|{self.question_id}"


@dataclass(frozen=True, slots=True)
class IntakeButton:
    """A choice inside the consultation intake: ``step`` and its ``value``."""

    step: str
    value: str

    def pack(self) -> str:
        """Return the callback data."""
        return f"{VERSION}|in|{self.step}|{self.value}"


@dataclass(frozen=True, slots=True)
class ConsultationButton:
    """An action on consultation ``number``: claim, transfer, close, rate, leave, end..."""

    action: str
    number: int
    value: str = ""

    def pack(self) -> str:
        """Return the callback data."""
        suffix = f"|{self.value}" if self.value else ""
        return f"{VERSION}|c|{self.action}|{self.number}{suffix}"


@dataclass(frozen=True, slots=True)
class RevokeInviteButton:
    """Staff: void unused invite ``number`` (from /invites)."""

    number: int

    def pack(self) -> str:
        """Return the callback data."""
        return f"{VERSION}|rinv|{self.number}"


@dataclass(frozen=True, slots=True)
class PrivacyButton:
    """A resident's own data (/privacy): export, withdraw consent, forget, confirm, cancel."""

    action: str

    def pack(self) -> str:
        """Return the callback data."""
        return f"{VERSION}|pv|{self.action}"


PRIVACY_ACTIONS = frozenset({"export", "withdraw", "withdrawok", "forget", "forgetok", "cancel"})
PRIVACY_PATTERN = r"^1\|pv\|"
"""The ``pattern=`` of the /privacy buttons' handler."""

CONSULTATION_ACTIONS = frozenset(
    {
        "claim",
        "xfer",
        "xto",
        "xno",
        "close",
        "out",
        "rate",
        "solved",
        "leave",
        "resume",
        "end",
        "endok",
    }
)
INTAKE_STEPS = frozenset({"community", "keep", "question", "category", "consent", "confirm"})


CallbackData = (
    FeedbackButton
    | PickButton
    | ItemButton
    | AdviserButton
    | NoteSkipButton
    | IntakeButton
    | ConsultationButton
    | RevokeInviteButton
    | PrivacyButton
)

_Factory = Callable[[tuple[str, ...]], CallbackData | None]
_PATTERNS: tuple[tuple[re.Pattern[str], _Factory], ...] = (
    (
        re.compile(r"1\|pv\|([a-z]+)"),
        lambda g: PrivacyButton(g[0]) if g[0] in PRIVACY_ACTIONS else None,
    ),
    (
        re.compile(rf"1\|fb\|({_NUMBER})\|(up|down)"),
        lambda g: FeedbackButton(int(g[0]), helpful=g[1] == "up"),
    ),
    (re.compile(rf"1\|pick\|({_NUMBER})\|({_ITEM_ID})"), lambda g: PickButton(int(g[0]), g[1])),
    (re.compile(rf"1\|item\|({_ITEM_ID})"), lambda g: ItemButton(g[0])),
    (re.compile(r"1\|adv\|(0|[1-9][0-9]{0,17})"), lambda g: AdviserButton(int(g[0]))),
    (re.compile(rf"1\|skip\|({_NUMBER})"), lambda g: NoteSkipButton(int(g[0]))),
    (re.compile(rf"1\|rinv\|({_NUMBER})"), lambda g: RevokeInviteButton(int(g[0]))),
    (
        re.compile(rf"1\|in\|([a-z]+)\|({_VALUE})"),
        lambda g: IntakeButton(g[0], g[1]) if g[0] in INTAKE_STEPS else None,
    ),
    (
        re.compile(rf"1\|c\|([a-z]+)\|({_NUMBER})(?:\|({_VALUE}))?"),
        lambda g: (
            ConsultationButton(g[0], int(g[1]), g[2] or "")
            if g[0] in CONSULTATION_ACTIONS
            else None
        ),
    ),
)


def parse(data: object) -> CallbackData | None:
    """Return the button that ``data`` encodes, or ``None`` when it is not valid."""
    if not isinstance(data, str) or len(data.encode()) > 64:
        return None
    for pattern, factory in _PATTERNS:
        match = pattern.fullmatch(data)
        if match is not None:
            return factory(match.groups())
    return None
