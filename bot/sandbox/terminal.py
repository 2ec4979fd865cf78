"""A terminal chat: a person plays residents talking to the bot through the sandbox."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Final

from bot import texts
from bot.sandbox.client import SandboxUser
from bot.sandbox.records import BotMessage
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import World

__all__ = ["TEXTS", "run_terminal_chat"]

TEXTS: Final[dict[str, str]] = texts.SANDBOX_TERMINAL

_MEDIA_LABELS = ("photo", "sticker", "voice", "location")


def _render(message: BotMessage, *, edited: bool) -> list[str]:
    """Lines showing one bot message: text, numbered buttons, reply keyboard."""
    if message.deleted:
        return [TEXTS["deleted"]]
    body = message.text
    if message.kind in _MEDIA_LABELS:
        body = f"{TEXTS[message.kind]} {body}".strip()
    elif message.kind == "document":
        name = message.document.file_name if message.document else ""
        body = f"{TEXTS['document'].format(name=name or '')} {body}".strip()
    elif message.kind != "text":
        body = f"{TEXTS['other']} {body}".strip()
    lines = [TEXTS["bot_edited" if edited else "bot"].format(text=body)]
    if message.buttons:
        labels = [
            TEXTS["button"].format(number=number, text=text)
            for number, (text, _) in enumerate((b for row in message.buttons for b in row), start=1)
        ]
        lines.append("   " + "  ".join(labels))
    if message.reply_keyboard:
        rows = " / ".join(" | ".join(row) for row in message.reply_keyboard)
        lines.append("   " + TEXTS["keyboard"].format(rows=rows))
    return lines


class _ChatView:
    """Tracks what the terminal already printed for each chat."""

    def __init__(self, server: SandboxServer, print_func: Callable[[str], object]) -> None:
        self.server = server
        self.print = print_func
        self.shown: dict[int, dict[int, int]] = {}
        self.answered: set[str] = set()

    def flush(self, user: SandboxUser, callback_id: str | None = None) -> bool:
        """Print new/edited/deleted bot messages (and a callback answer); True if any."""
        shown = self.shown.setdefault(user.chat_id, {})
        printed = False
        records = self.server.world.bot_messages_in(user.chat_id, include_deleted=True)
        for record in records:
            seen_version = shown.get(record.message_id)
            if seen_version == record.version:
                continue
            if seen_version is None and record.deleted:
                shown[record.message_id] = record.version
                continue
            for line in _render(record, edited=seen_version is not None or record.edited):
                self.print(line)
            shown[record.message_id] = record.version
            printed = True
        if callback_id is not None and callback_id not in self.answered:
            callback = self.server.world.callbacks.get(callback_id)
            if callback is not None and callback.answered:
                self.answered.add(callback_id)
                if callback.text:
                    key = "alert" if callback.show_alert else "answer"
                    self.print(TEXTS[key].format(text=callback.text))
                    printed = True
        return printed

    async def collect(
        self,
        user: SandboxUser,
        *,
        timeout: float,  # noqa: ASYNC109
        quiet: float,
        callback_id: str | None = None,
    ) -> None:
        """Print replies as they arrive; stop ``quiet`` s after the last one (max ``timeout``)."""
        world = self.server.world
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last_reply: float | None = None
        actions = len(user.chat_actions)
        expecting_more = False
        while True:
            version = world.chat_versions.get(user.chat_id, 0)
            if self.flush(user, callback_id):
                last_reply = loop.time()
                expecting_more = False
            if len(user.chat_actions) > actions:  # e.g. "typing": a reply is on its way
                actions = len(user.chat_actions)
                expecting_more = True
            until = deadline
            if last_reply is not None and not expecting_more:
                until = min(deadline, last_reply + quiet)
            remaining = until - loop.time()
            if remaining <= 0:
                break
            await world.wait_for(_chat_changed(world, user.chat_id, version), remaining)
        if last_reply is None:
            self.print(TEXTS["no_reply"])


def _chat_changed(world: World, chat_id: int, version: int) -> Callable[[], bool]:
    """Predicate: the chat's change counter moved past ``version``."""
    return lambda: world.chat_versions.get(chat_id, 0) != version


async def _read_line(input_func: Callable[[str], str], prompt: str) -> str:
    """Call the blocking ``input_func`` off the event loop.

    Like ``asyncio.to_thread``, but in a daemon thread: a thread of the default
    executor would be joined by ``asyncio.run`` at exit, so Ctrl-C would hang
    until the user pressed Enter.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def deliver(line: str | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(line or "")

    def worker() -> None:
        try:
            line = input_func(prompt)
        except BaseException as exc:  # EOFError / KeyboardInterrupt go to the caller
            with contextlib.suppress(RuntimeError):  # loop already closed
                loop.call_soon_threadsafe(deliver, None, exc)
        else:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(deliver, line, None)

    threading.Thread(target=worker, name="sandbox-terminal-input", daemon=True).start()
    return await future


def _latest_with_buttons(user: SandboxUser) -> BotMessage | None:
    for message in reversed(user.transcript()):
        if message.buttons:
            return message
    return None


async def run_terminal_chat(
    server: SandboxServer,
    *,
    input_func: Callable[[str], str] = input,
    print_func: Callable[[str], object] = print,
    first_user_id: int = 1001,
    reply_timeout: float = 3.0,
    quiet_period: float = 0.3,
) -> None:
    """Let a person chat with the bot as one or more residents, in a terminal.

    The bot must already be polling ``server``. Commands: ``#N`` presses button N of
    the latest message with buttons, ``/as N`` switches resident, ``/photo [caption]``
    sends a picture, ``/quit`` (or EOF) leaves; other ``/…`` text is a bot command.

    Args:
        server: A started sandbox server.
        input_func: Blocking line reader (called in a worker thread).
        print_func: Output function.
        first_user_id: User id of resident 1 (resident N is ``first_user_id + N - 1``).
        reply_timeout: Maximum seconds to wait for replies after each action.
        quiet_period: Stop waiting once no new reply arrived for this long.
    """
    view = _ChatView(server, print_func)
    user = server.user(first_user_id)
    print_func(TEXTS["intro"])
    print_func(TEXTS["demo"])
    while True:
        view.flush(user)
        try:
            line = await _read_line(input_func, TEXTS["prompt"].format(user_id=user.user_id))
        except (EOFError, KeyboardInterrupt):
            print_func(TEXTS["bye"])
            return
        line = line.strip()
        if not line:
            continue
        command, _, rest = line.partition(" ")
        callback_id: str | None = None
        try:
            if command in ("/quit", "/exit"):
                print_func(TEXTS["bye"])
                return
            if command == "/as":
                number = int(rest) if rest.strip().isdigit() else 0
                if number <= 0:
                    print_func(TEXTS["as_usage"])
                    continue
                user_id = number if number >= first_user_id else first_user_id + number - 1
                user = server.user(user_id)
                print_func(TEXTS["switched"].format(user_id=user.user_id))
                continue
            if line.startswith("#") and line[1:].isdigit():
                message = _latest_with_buttons(user)
                if message is None:
                    print_func(TEXTS["no_buttons"])
                    continue
                flat = [(r, c) for r, row in enumerate(message.buttons) for c in range(len(row))]
                number = int(line[1:])
                if not 1 <= number <= len(flat):
                    print_func(TEXTS["bad_button"].format(number=number))
                    continue
                spec = message.button_spec(flat[number - 1])
                if "callback_data" not in spec:
                    print_func(TEXTS["url_button"].format(url=spec.get("url", "")))
                    continue
                callback_id = await user.press(message, flat[number - 1])
            elif command == "/photo":
                await user.send_photo(caption=rest.strip() or None)
            elif command.startswith("/"):
                await user.send_command(command, rest.strip() or None)
            else:
                await user.send_text(line)
        except (LookupError, ValueError) as exc:
            print_func(TEXTS["error"].format(error=exc))
            continue
        await view.collect(user, timeout=reply_timeout, quiet=quiet_period, callback_id=callback_id)
