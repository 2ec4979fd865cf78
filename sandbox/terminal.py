"""A terminal chat: a person plays residents talking to the bot through the sandbox."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from sandbox.client import SandboxUser
from sandbox.records import BotMessage
from sandbox.saved_files import save_sent_file
from sandbox.server import SandboxServer
from sandbox.state import World

__all__ = ["TEXT_KEYS", "run_terminal_chat"]

TEXT_KEYS = frozenset(
    {
        "intro", "demo", "files_dir", "prompt", "bot", "bot_edited", "deleted", "photo",
        "document", "sticker", "voice", "location", "other", "saved", "save_failed", "button",
        "keyboard", "answer", "alert", "no_reply", "switched", "as_usage", "no_buttons",
        "bad_button", "url_button", "bye", "error",
    }
)  # fmt: skip
"""The texts :func:`run_terminal_chat` prints, by key; the caller supplies every one."""

_MEDIA_LABELS = ("photo", "sticker", "voice", "location")


def _render(message: BotMessage, texts: Mapping[str, str], *, edited: bool) -> list[str]:
    """Lines showing one bot message: text, numbered buttons, reply keyboard."""
    if message.deleted:
        return [texts["deleted"]]
    body = message.text
    if message.kind in _MEDIA_LABELS:
        body = f"{texts[message.kind]} {body}".strip()
    elif message.kind == "document":
        name = message.document.file_name if message.document else ""
        body = f"{texts['document'].format(name=name or '')} {body}".strip()
    elif message.kind != "text":
        body = f"{texts['other']} {body}".strip()
    lines = [texts["bot_edited" if edited else "bot"].format(text=body)]
    if message.buttons:
        labels = [
            texts["button"].format(number=number, text=text)
            for number, (text, _) in enumerate((b for row in message.buttons for b in row), start=1)
        ]
        lines.append("   " + "  ".join(labels))
    if message.reply_keyboard:
        rows = " / ".join(" | ".join(row) for row in message.reply_keyboard)
        lines.append("   " + texts["keyboard"].format(rows=rows))
    return lines


class _ChatView:
    """Tracks what the terminal already printed for each chat; saves the files the bot sends."""

    def __init__(
        self,
        server: SandboxServer,
        print_func: Callable[[str], object],
        texts: Mapping[str, str],
        files_dir: Path | None,
    ) -> None:
        self.server = server
        self.print = print_func
        self.texts = texts
        self.files_dir = files_dir
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
            for line in _render(
                record, self.texts, edited=seen_version is not None or record.edited
            ):
                self.print(line)
            if seen_version is None:
                self._save(record)
            shown[record.message_id] = record.version
            printed = True
        if callback_id is not None and callback_id not in self.answered:
            callback = self.server.world.callbacks.get(callback_id)
            if callback is not None and callback.answered:
                self.answered.add(callback_id)
                if callback.text:
                    key = "alert" if callback.show_alert else "answer"
                    self.print(self.texts[key].format(text=callback.text))
                    printed = True
        return printed

    def _save(self, message: BotMessage) -> None:
        """Save the photo or document of a newly shown message and print where it went."""
        if self.files_dir is None:
            return
        try:
            path = save_sent_file(self.server.world, message, self.files_dir)
        except OSError as exc:
            self.print(self.texts["save_failed"].format(error=exc.strerror or exc))
            return
        if path is not None:
            self.print(self.texts["saved"].format(path=path))

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
            self.print(self.texts["no_reply"])


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
    texts: Mapping[str, str],
    files_dir: Path | None = None,
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
        texts: What to print, one entry per key of :data:`TEXT_KEYS`.
        files_dir: Where to save each photo and document the bot sends (the path is printed
            under the message); None keeps them in memory only.
        input_func: Blocking line reader (called in a worker thread).
        print_func: Output function.
        first_user_id: User id of resident 1 (resident N is ``first_user_id + N - 1``).
        reply_timeout: Maximum seconds to wait for replies after each action.
        quiet_period: Stop waiting once no new reply arrived for this long.

    Raises:
        ValueError: ``texts`` lacks one of :data:`TEXT_KEYS`.
    """
    missing = sorted(TEXT_KEYS - texts.keys())
    if missing:
        raise ValueError(f"terminal texts missing: {missing!r}")
    view = _ChatView(server, print_func, texts, files_dir)
    user = server.user(first_user_id)
    print_func(texts["intro"])
    print_func(texts["demo"])
    if files_dir is not None:
        print_func(texts["files_dir"].format(path=files_dir))
    while True:
        view.flush(user)
        try:
            line = await _read_line(input_func, texts["prompt"].format(user_id=user.user_id))
        except (EOFError, KeyboardInterrupt):
            print_func(texts["bye"])
            return
        line = line.strip()
        if not line:
            continue
        command, _, rest = line.partition(" ")
        callback_id: str | None = None
        try:
            if command in ("/quit", "/exit"):
                print_func(texts["bye"])
                return
            if command == "/as":
                number = int(rest) if rest.strip().isdigit() else 0
                if number <= 0:
                    print_func(texts["as_usage"])
                    continue
                user_id = number if number >= first_user_id else first_user_id + number - 1
                user = server.user(user_id)
                print_func(texts["switched"].format(user_id=user.user_id))
                continue
            if line.startswith("#") and line[1:].isdigit():
                message = _latest_with_buttons(user)
                if message is None:
                    print_func(texts["no_buttons"])
                    continue
                flat = [(r, c) for r, row in enumerate(message.buttons) for c in range(len(row))]
                number = int(line[1:])
                if not 1 <= number <= len(flat):
                    print_func(texts["bad_button"].format(number=number))
                    continue
                spec = message.button_spec(flat[number - 1])
                if "callback_data" not in spec:
                    print_func(texts["url_button"].format(url=spec.get("url", "")))
                    continue
                callback_id = await user.press(message, flat[number - 1])
            elif command == "/photo":
                await user.send_photo(caption=rest.strip() or None)
            elif command.startswith("/"):
                await user.send_command(command, rest.strip() or None)
            else:
                await user.send_text(line)
        except (LookupError, ValueError) as exc:
            print_func(texts["error"].format(error=exc))
            continue
        await view.collect(user, timeout=reply_timeout, quiet=quiet_period, callback_id=callback_id)
