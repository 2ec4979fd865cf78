"""Case conversations: unfinished state that can expire across restarts, and switching.

PTB ends a conversation after ``conversation_timeout`` only while the process that saw its
last update runs: the timeout is not persisted. The persistence's repeating job
(``bot.persistence.purge_expired``) ends the others through :meth:`end_conversations`.

The case conversations (intake, legal-aid pre-check, mediation request) sit in one handler
group, where the first handler that matches takes an update: one left open would keep taking
the resident's typed answers after another began. :class:`ConversationSwitch`, in the group
before, ends the open one when an update starts another (or a quiz) and says so in one line.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, ConversationHandler

from bot import texts
from bot.context import BotContext
from bot.session import UserData
from handlers.intake_questions import reply

__all__ = ["CaseConversation", "ConversationSwitch", "ExpiringConversationHandler", "case_exits"]

CaseExit = Callable[[Update, BotContext], Coroutine[Any, Any, int]]
"""A callback that ends a case conversation (``/cancel``, its timeout)."""


def case_exits(drop_draft: Callable[[UserData], None]) -> tuple[CaseExit, CaseExit]:
    """Return the ``/cancel`` and timeout callbacks of a case conversation.

    Both end the conversation and drop its answers with ``drop_draft``; ``/cancel`` also
    says that nothing was filed.
    """

    async def cancel(update: Update, context: BotContext) -> int:
        """End the conversation without filing anything."""
        if update.callback_query is not None:
            await update.callback_query.answer()
        await reply(update, texts.INTAKE_CANCELLED)
        drop_draft(context.session)
        return ConversationHandler.END

    async def expire(update: Update, context: BotContext) -> int:
        """Forget a conversation left unfinished for longer than its timeout."""
        user = update.effective_user
        if user is not None:  # a timeout job marks nothing for the persistence on its own
            drop_draft(context.session)
            context.application.mark_data_for_update_persistence(user_ids=user.id)
        return ConversationHandler.END

    return cancel, expire


class ExpiringConversationHandler(ConversationHandler[BotContext]):
    """A ``ConversationHandler`` whose conversations can also be ended from outside."""

    def end_conversations(self, keys: Iterable[tuple[int | str, ...]]) -> None:
        """End the conversations with ``keys``, as their timeout would have.

        Args:
            keys: PTB conversation keys (chat id and user id, for the intake).
        """
        for key in keys:
            self._update_state(self.END, key)
            job = self.timeout_jobs.pop(key, None)
            if job is not None:
                job.schedule_removal()

    def end_user_conversations(self, user_id: int) -> int:
        """End every conversation of ``user_id`` held in memory; return how many there were.

        Args:
            user_id: The user whose conversations end (their keys end with the user id).
        """
        keys = [key for key in self._conversations if key and key[-1] == user_id]
        self.end_conversations(keys)
        return len(keys)

    def is_open_for(self, update: Update) -> bool:
        """Return whether the conversation ``update`` belongs to is under way."""
        return self._get_key(update) in self._conversations

    def enters(self, update: Update) -> bool:
        """Return whether ``update`` matches one of the ways in (``entry_points``)."""
        return any(_matches(handler, update) for handler in self.entry_points)


def _matches(handler: BaseHandler[Any, Any, Any], update: Update) -> bool:
    check = handler.check_update(update)
    return check is not None and check is not False


@dataclass(frozen=True, slots=True)
class CaseConversation:
    """A case conversation, the line that says it was ended, and how its draft is dropped."""

    handler: ExpiringConversationHandler
    ended_text: str
    drop_draft: Callable[[UserData], None]


class ConversationSwitch(BaseHandler[Update, BotContext, None]):
    """Ends a user's open case conversation when an update starts another one.

    Put it in a handler group before the conversations' group. It never stops the update:
    the conversation being entered still gets it.
    """

    def __init__(
        self,
        conversations: Sequence[CaseConversation],
        *,
        starters: Sequence[BaseHandler[Update, BotContext, Any]] = (),
    ) -> None:
        """Watch ``conversations``; ``starters`` match other updates that end them (/quiz).

        Args:
            conversations: The case conversations, in the order of their handler group.
            starters: Handlers (only their ``check_update``) of what begins something else
                that takes typed answers.
        """
        super().__init__(self._end_others)
        self._conversations = tuple(conversations)
        self._starters = starters

    def _entered(self, update: Update) -> CaseConversation | None:
        return next((c for c in self._conversations if c.handler.enters(update)), None)

    def _open_others(self, update: Update) -> list[CaseConversation]:
        entered = self._entered(update)
        if entered is None and not any(_matches(handler, update) for handler in self._starters):
            return []
        return [
            c for c in self._conversations if c is not entered and c.handler.is_open_for(update)
        ]

    def check_update(self, update: object) -> bool:
        """Match an update that starts something while another case conversation is open."""
        if not isinstance(update, Update) or update.effective_user is None:
            return False
        if update.effective_chat is None:
            return False
        return bool(self._open_others(update))

    async def _end_others(self, update: Update, context: BotContext) -> None:
        """End the open case conversations the update leaves, dropping their drafts."""
        user, message = update.effective_user, update.effective_message
        assert user is not None
        for conversation in self._open_others(update):
            conversation.handler.end_conversations([conversation.handler._get_key(update)])
            conversation.drop_draft(context.session)
            if message is not None:
                await message.reply_text(conversation.ended_text)
        context.application.mark_data_for_update_persistence(user_ids=user.id)
