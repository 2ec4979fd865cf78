"""What a handler's update holds, for handlers whose registration guarantees it.

The bot's message handlers are registered for private chats and message updates only, and
its button handlers for callback queries: PTB's filters guarantee a message and its sender,
or a query and its sender. These helpers return them typed, instead of a ``None`` guard in
every handler; an update without them is a wiring mistake and raises.
"""

from __future__ import annotations

from telegram import CallbackQuery, Message, Update, User

__all__ = ["pressed", "sender"]


def sender(update: Update) -> tuple[Message, User]:
    """Return the update's message and the user who sent it.

    Raises:
        LookupError: The update has no message or no sender (the handler is mis-registered).
    """
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        raise LookupError(f"update {update.update_id} has no message or no sender")
    return message, user


def pressed(update: Update) -> tuple[CallbackQuery, User]:
    """Return the update's callback query and the user who pressed the button.

    Raises:
        LookupError: The update is not a button press (the handler is mis-registered).
    """
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        raise LookupError(f"update {update.update_id} is not a button press")
    return query, user
