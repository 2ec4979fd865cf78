"""A user's session state: PTB's ``user_data``, typed.

``UserData`` is the ``user_data`` class of the application (``ContextTypes``). It is still a
dict, the JSON the persistence stores (so rows written before it existed read as they are),
but handlers use its attributes, declared here once, never string keys. Each attribute
reads a stored value only if it has the right shape; anything else reads as unset.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

__all__ = ["PendingClose", "PendingConfirmation", "PendingRating", "UserData"]

_DRAFT = "intake"
_LEGAL_AID = "legal_aid"
"""The legal-aid pre-check's answers, under ``case:legal_aid``."""
_RELAY_PAUSED = "relay_paused"
_RATING = "rating"
_PRIVACY_CONFIRM = "privacy_confirm"
_AWAITING_NOTE = "awaiting_note_for"
_CLOSING = "closing"
"""The consultation an adviser was offered the outcomes of, and when."""
_LOG_DRAFT = "log_draft"
_TYPED_REPLY = "typed_reply"


@dataclass(frozen=True, slots=True)
class PendingRating:
    """Half a rating: the consultation, what was given so far, and when it was begun."""

    number: int
    score: int | None
    resolved: bool | None
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class PendingClose:
    """The consultation an adviser was asked the outcome of (a typed answer closes it)."""

    number: int
    asked_at: dt.datetime


@dataclass(frozen=True, slots=True)
class PendingConfirmation:
    """A /privacy action (``forget`` or ``withdraw``) waiting for a typed 确认, and since when."""

    action: str
    asked_at: dt.datetime


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class UserData(dict[str, Any]):
    """One user's session state, kept across restarts by ``bot.persistence``."""

    def draft(self) -> dict[str, Any]:
        """Return the unfinished intake's draft (created empty)."""
        draft = self.get(_DRAFT)
        if not isinstance(draft, dict):
            draft = self[_DRAFT] = {}
        return draft

    def drop_draft(self) -> None:
        """Forget the intake's draft."""
        self.pop(_DRAFT, None)

    def unfinished_case(self) -> str | None:
        """Return which case conversation has answers not yet filed, if any.

        ``consultation`` (the intake), ``legal_aid`` or ``mediation``; read without creating.
        """
        if self.get(_DRAFT):
            return "consultation"
        for name in (_LEGAL_AID, "mediation"):
            if self.get(f"case:{name}"):
                return name
        return None

    def legal_aid_draft(self) -> dict[str, Any]:
        """Return the unfinished legal-aid pre-check's answers (created empty)."""
        return self.case_draft(_LEGAL_AID)

    def drop_legal_aid_draft(self) -> None:
        """Forget the legal-aid pre-check's answers."""
        self.drop_case_draft(_LEGAL_AID)

    def case_draft(self, name: str) -> dict[str, Any]:
        """Return the unfinished answers of the case conversation ``name`` (created empty)."""
        key = f"case:{name}"
        draft = self.get(key)
        if not isinstance(draft, dict):
            draft = self[key] = {}
        return draft

    def drop_case_draft(self, name: str) -> None:
        """Forget the answers of the case conversation ``name``."""
        self.pop(f"case:{name}", None)

    @property
    def relay_paused(self) -> int | None:
        """The consultation whose relay the resident paused (back to questions), if any."""
        return _int(self.get(_RELAY_PAUSED))

    @relay_paused.setter
    def relay_paused(self, number: int | None) -> None:
        self._put(_RELAY_PAUSED, number)

    @property
    def awaiting_note_for(self) -> int | None:
        """The question whose 👎 waits for a note on what was missing, if any."""
        return _int(self.get(_AWAITING_NOTE))

    @awaiting_note_for.setter
    def awaiting_note_for(self, question_id: int | None) -> None:
        self._put(_AWAITING_NOTE, question_id)

    @property
    def pending_rating(self) -> PendingRating | None:
        """A rating begun but not finished, if any."""
        raw = self.get(_RATING)
        if not isinstance(raw, dict):
            return None
        number, at = _int(raw.get("number")), raw.get("at")
        score, resolved = _int(raw.get("score")), raw.get("resolved")
        if number is None or not isinstance(at, float | int) or isinstance(at, bool):
            return None
        return PendingRating(
            number,
            score,
            resolved if isinstance(resolved, bool) else None,
            dt.datetime.fromtimestamp(at, dt.UTC),
        )

    @pending_rating.setter
    def pending_rating(self, pending: PendingRating | None) -> None:
        self._put(
            _RATING,
            None
            if pending is None
            else {
                "number": pending.number,
                "score": pending.score,
                "resolved": pending.resolved,
                "at": pending.at.timestamp(),
            },
        )

    @property
    def privacy_confirmation(self) -> PendingConfirmation | None:
        """A deletion or withdrawal waiting for a typed 确认, if any."""
        raw = self.get(_PRIVACY_CONFIRM)
        if not (isinstance(raw, list | tuple) and len(raw) == 2):
            return None
        action, asked_at = raw
        if not isinstance(action, str) or not isinstance(asked_at, str):
            return None
        try:
            return PendingConfirmation(action, dt.datetime.fromisoformat(asked_at))
        except ValueError:
            return None

    @privacy_confirmation.setter
    def privacy_confirmation(self, pending: PendingConfirmation | None) -> None:
        self._put(
            _PRIVACY_CONFIRM,
            None if pending is None else [pending.action, pending.asked_at.isoformat()],
        )

    @property
    def pending_close(self) -> PendingClose | None:
        """The consultation whose outcome this adviser was just asked, if any."""
        raw = self.get(_CLOSING)
        if not (isinstance(raw, list | tuple) and len(raw) == 2):
            return None
        number, asked_at = _int(raw[0]), raw[1]
        if number is None or not isinstance(asked_at, float | int) or isinstance(asked_at, bool):
            return None
        return PendingClose(number, dt.datetime.fromtimestamp(asked_at, dt.UTC))

    @pending_close.setter
    def pending_close(self, pending: PendingClose | None) -> None:
        self._put(
            _CLOSING, None if pending is None else [pending.number, pending.asked_at.timestamp()]
        )

    @property
    def log_draft(self) -> tuple[str, ...] | None:
        """The parts of a ``/log`` entry tapped so far (channel, category, outcome ids), if any."""
        raw = self.get(_LOG_DRAFT)
        if not isinstance(raw, list | tuple) or not all(isinstance(p, str) for p in raw):
            return None
        return tuple(raw)

    @log_draft.setter
    def log_draft(self, parts: tuple[str, ...] | None) -> None:
        self._put(_LOG_DRAFT, None if parts is None else list(parts))

    @property
    def typed_reply(self) -> tuple[int, str] | None:
        """An adviser's last text typed without quoting: its message id and text, if any."""
        raw = self.get(_TYPED_REPLY)
        if not isinstance(raw, list | tuple) or len(raw) != 2:
            return None
        message_id, text = raw
        return (message_id, text) if isinstance(message_id, int) and isinstance(text, str) else None

    @typed_reply.setter
    def typed_reply(self, typed: tuple[int, str] | None) -> None:
        self._put(_TYPED_REPLY, None if typed is None else list(typed))

    def _put(self, key: str, value: object) -> None:
        if value is None:
            self.pop(key, None)
        else:
            self[key] = value
