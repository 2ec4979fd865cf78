"""Bot API methods of the sandbox server, implemented over the in-memory :class:`World`.

Every public coroutine of :class:`BotApi` named like a Bot API method in snake case
(``send_message`` ↔ ``sendMessage``) is one endpoint. Errors are raised as
:class:`~sandbox.protocol.ApiError` with Telegram's descriptions. The methods live in
``api_settings`` (the bot itself, updates) and ``api_messages``; ``api_base`` holds their state
and shared helpers, ``markup`` the reply markup checks.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from sandbox.api_base import MAX_CAPTION_LENGTH, MAX_MESSAGE_LENGTH
from sandbox.api_messages import MessageMethods
from sandbox.api_polls import PollMethods
from sandbox.api_settings import SettingsMethods
from sandbox.markup import validate_reply_markup
from sandbox.protocol import Args
from sandbox.state import World

__all__ = [
    "MAX_CAPTION_LENGTH",
    "MAX_MESSAGE_LENGTH",
    "METHODS",
    "BotApi",
    "Handler",
    "validate_reply_markup",
]

Handler = Callable[[Args], Awaitable[Any]]

#: Every Bot API method the sandbox implements (canonical spelling).
METHODS = (
    "getMe",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendChatAction",
    "editMessageText",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
    "copyMessage",
    "forwardMessage",
    "getFile",
    "getChat",
    "sendPoll",
    "stopPoll",
)


def _snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class BotApi(SettingsMethods, MessageMethods, PollMethods):
    """The Bot API methods, plus bot-level settings (webhook, commands, …)."""

    def __init__(self, world: World, *, strict_html_entities: bool = True) -> None:
        """Create the method table over ``world``.

        Args:
            world: The shared state.
            strict_html_entities: Reject a bare ``&`` in HTML (see :func:`parse_text`).
        """
        super().__init__(world, strict_html_entities=strict_html_entities)
        self._handlers: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, getattr(self, _snake_case(name))) for name in METHODS
        }

    def resolve(self, method: str) -> tuple[str, Handler] | None:
        """Find a method case-insensitively.

        Args:
            method: The method name as requested (e.g. ``"sendmessage"``).

        Returns:
            ``(canonical name, handler)`` or None if the method does not exist.
        """
        return self._handlers.get(method.lower())
