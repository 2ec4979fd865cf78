"""Local sandbox for the bot: a faithful fake Telegram Bot API server and simulated users.

Typical use (tests or a terminal session)::

    async with SandboxServer() as server:
        app = (
            ApplicationBuilder()
            .token(server.token)
            .base_url(server.base_url)
            .base_file_url(server.base_file_url)
            .build()
        )
        ...  # start polling
        resident = server.user(1001)
        await resident.send_command("/start")
        replies = await resident.wait_for_messages()
"""

from sandbox.client import CallbackAnswer, SandboxUser, UserMessage, detect_bot_commands
from sandbox.formatting import EntityParseError, ParsedText, parse_text
from sandbox.media import make_png
from sandbox.protocol import ApiError
from sandbox.records import ApiCall, BotMessage, Button, MediaInfo
from sandbox.server import DEFAULT_TOKEN, SandboxServer
from sandbox.state import World
from sandbox.terminal import TEXT_KEYS as TERMINAL_TEXT_KEYS
from sandbox.terminal import run_terminal_chat

__all__ = [
    "DEFAULT_TOKEN",
    "TERMINAL_TEXT_KEYS",
    "ApiCall",
    "ApiError",
    "BotMessage",
    "Button",
    "CallbackAnswer",
    "EntityParseError",
    "MediaInfo",
    "ParsedText",
    "SandboxServer",
    "SandboxUser",
    "UserMessage",
    "World",
    "detect_bot_commands",
    "make_png",
    "parse_text",
    "run_terminal_chat",
]
