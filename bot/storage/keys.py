"""What identifies an incoming Telegram message, so a re-delivery has no second effect."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MessageKey"]


@dataclass(frozen=True, slots=True)
class MessageKey:
    """A message as Telegram identifies it: its chat and its id within that chat.

    Telegram re-delivers an update with the same message, whatever its ``update_id`` (which
    restarts at random after a week without updates, so it identifies nothing for long).
    """

    chat_id: int
    message_id: int
