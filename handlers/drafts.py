"""Conversations whose unfinished state can expire across restarts.

PTB ends a conversation after ``conversation_timeout`` only while the process that saw its
last update runs: the timeout is not persisted. The persistence's repeating job
(``bot.persistence.purge_expired``) ends the others through :meth:`end_conversations`.
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram.ext import ConversationHandler

from bot.context import BotContext

__all__ = ["ExpiringConversationHandler"]


class ExpiringConversationHandler(ConversationHandler[BotContext]):
    """A ``ConversationHandler`` whose conversations can also be ended from outside."""

    def end_conversations(self, keys: Iterable[tuple[int | str, ...]]) -> None:
        """End the conversations with ``keys``, as their timeout would have.

        Args:
            keys: PTB conversation keys (chat id and user id, for the intake).
        """
        for key in keys:
            self._update_state(self.END, key)

    def end_user_conversations(self, user_id: int) -> int:
        """End every conversation of ``user_id`` held in memory; return how many there were.

        Args:
            user_id: The user whose conversations end (their keys end with the user id).
        """
        keys = [key for key in self._conversations if key and key[-1] == user_id]
        self.end_conversations(keys)
        return len(keys)
