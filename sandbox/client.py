"""Simulated Telegram users talking to the bot through the sandbox server.

A :class:`SandboxUser` lives in the same event loop as the server: its actions
become updates in the server's ``getUpdates`` queue, and it reads the bot's
messages from the shared :class:`~sandbox.state.World`.
"""

from __future__ import annotations

import asyncio
import copy
import re
import time
from dataclasses import dataclass
from typing import ClassVar

from sandbox.formatting import utf16_len
from sandbox.media import guess_mime_type, image_size, make_png
from sandbox.records import BotMessage, JSONDict
from sandbox.state import World

__all__ = ["CallbackAnswer", "SandboxUser", "UserMessage", "detect_bot_commands"]

# tdlib's bot command pattern: /command[@botname] not glued to word characters.
_BOT_COMMAND_RE = re.compile(r"(?<![\w/<>])/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?(?![\w/<>])")


def detect_bot_commands(text: str) -> list[JSONDict]:
    """Find ``bot_command`` entities the way Telegram clients mark them.

    Args:
        text: Message text.

    Returns:
        ``MessageEntity`` dicts with UTF-16 offsets.
    """
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: m.start()]),
            "length": utf16_len(m.group(0)),
        }
        for m in _BOT_COMMAND_RE.finditer(text)
    ]


@dataclass(frozen=True)
class UserMessage:
    """A message the simulated user sent."""

    message_id: int
    chat_id: int
    text: str | None
    payload: JSONDict


@dataclass(frozen=True)
class CallbackAnswer:
    """The bot's ``answerCallbackQuery`` for one button press."""

    text: str | None
    show_alert: bool
    url: str | None


def _message_ref(message: BotMessage | UserMessage | int) -> int:
    return message if isinstance(message, int) else message.message_id


class SandboxUser:
    """One simulated Telegram user in a private chat with the bot (chat id == user id)."""

    wait_seconds: ClassVar[float] = 5.0
    """How long the ``wait_for_*`` methods wait when given no ``timeout``: a deadline, not a
    pause (they return as soon as the bot has done it). The test suite raises it for slow
    machines (``tests/e2e.py``'s ``DEADLINE``)."""

    def __init__(self, world: World, user_id: int) -> None:
        """Wrap a user already registered in ``world`` (use ``SandboxServer.user``).

        Args:
            world: The shared state.
            user_id: The registered user's id.
        """
        self._world = world
        self.user_id = user_id
        self.chat_id = user_id
        self._seen: set[int] = set()

    def __repr__(self) -> str:
        """Short description for test output."""
        return f"SandboxUser(user_id={self.user_id}, first_name={self.first_name!r})"

    # ----------------------------------------------------------------- identity

    @property
    def user(self) -> JSONDict:
        """The Bot API ``User`` object of this user."""
        return copy.deepcopy(self._world.users[self.user_id])

    @property
    def first_name(self) -> str:
        """The user's first name."""
        return str(self._world.users[self.user_id]["first_name"])

    def block(self) -> None:
        """Block the bot: its sends to this chat now fail with 403."""
        self._world.blocked.add(self.chat_id)

    def unblock(self) -> None:
        """Unblock the bot."""
        self._world.blocked.discard(self.chat_id)

    # ------------------------------------------------------------------ sending

    async def _send(self, content: JSONDict, kind: str = "message") -> UserMessage:
        world = self._world
        world.started.add(self.chat_id)
        world.blocked.discard(self.chat_id)
        keyboard = world.reply_keyboards.get(self.chat_id)
        if keyboard is not None and keyboard[1]:
            world.reply_keyboards[self.chat_id] = None
        message = world.new_message(self.chat_id, world.users[self.user_id], content)
        world.enqueue_update(kind, message)
        await asyncio.sleep(0)
        return UserMessage(
            message["message_id"], self.chat_id, message.get("text"), copy.deepcopy(message)
        )

    async def redeliver(self, message: UserMessage) -> None:
        """Deliver ``message`` to the bot again, as a new update with the next ``update_id``.

        Telegram does this when the bot did not confirm an update (it crashed, or a
        restart lost the offset): the same message, chat and message id, in another update.

        Args:
            message: A message this user sent before.
        """
        if message.chat_id != self.chat_id:
            raise ValueError(f"message {message.message_id} is not in chat {self.chat_id}")
        self._world.enqueue_update("message", message.payload)
        await asyncio.sleep(0)

    async def send_text(self, text: str, *, entities: list[JSONDict] | None = None) -> UserMessage:
        """Send a text message (``bot_command`` entities are detected automatically).

        Args:
            text: The message text.
            entities: Explicit entities instead of the detected ones.

        Returns:
            The sent message.
        """
        found = entities if entities is not None else detect_bot_commands(text)
        return await self._send({"text": text, "entities": found or None})

    async def send_command(self, command: str, payload: str | None = None) -> UserMessage:
        """Send ``/command payload`` with a ``bot_command`` entity (what CommandHandler needs).

        Args:
            command: ``"/start"`` or ``"start"`` (optionally ``"/start@botname"``).
            payload: Optional arguments after the command.

        Returns:
            The sent message.
        """
        command = command if command.startswith("/") else f"/{command}"
        text = f"{command} {payload}" if payload else command
        entity = {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
        return await self._send({"text": text, "entities": [entity]})

    async def send_photo(
        self, data: bytes | None = None, *, caption: str | None = None
    ) -> UserMessage:
        """Send a photo (a small generated PNG by default).

        Args:
            data: PNG bytes (a small generated one when omitted).
            caption: Optional caption.

        Returns:
            The sent message.

        Raises:
            ValueError: If ``data`` is not a PNG image.
        """
        data = data if data is not None else make_png(8, 8)
        size = image_size(data)
        if size is None:
            raise ValueError("send_photo needs PNG bytes")
        sizes = self._world.files.add_photo(data, size[0], size[1], "image/png")
        content: JSONDict = {"photo": [s.photo_size_json() for s in sizes], "caption": caption}
        if caption:
            content["caption_entities"] = detect_bot_commands(caption) or None
        return await self._send(content)

    async def send_document(
        self,
        data: bytes | None = None,
        *,
        file_name: str = "document.txt",
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> UserMessage:
        """Send a file as a document.

        Args:
            data: File contents (default: a short text).
            file_name: File name shown in Telegram.
            mime_type: MIME type (default: guessed from the name).
            caption: Optional caption.

        Returns:
            The sent message.
        """
        data = data if data is not None else "沙盒测试文件\n".encode()
        mime = mime_type or guess_mime_type(file_name)
        stored = self._world.files.add(data, "document", file_name=file_name, mime_type=mime)
        document = {
            "file_name": file_name,
            "mime_type": mime,
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(data),
        }
        return await self._send({"document": document, "caption": caption})

    async def send_sticker(self, emoji: str = "👍") -> UserMessage:
        """Send a (static, 512×512) sticker.

        Args:
            emoji: The emoji associated with the sticker.

        Returns:
            The sent message.
        """
        data = make_png(16, 16, (250, 200, 40))
        stored = self._world.files.add(
            data, "sticker", mime_type="image/webp", width=512, height=512
        )
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": len(data),
        }
        return await self._send({"sticker": sticker})

    async def send_voice(self, data: bytes | None = None, *, duration: int = 2) -> UserMessage:
        """Send a voice message.

        Args:
            data: OGG/Opus bytes (default: a placeholder).
            duration: Duration in seconds.

        Returns:
            The sent message.
        """
        data = data if data is not None else b"OggS" + bytes(60)
        stored = self._world.files.add(data, "voice", mime_type="audio/ogg")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(data),
        }
        return await self._send({"voice": voice})

    async def send_location(self, latitude: float, longitude: float) -> UserMessage:
        """Share a location.

        Args:
            latitude: Latitude in degrees.
            longitude: Longitude in degrees.

        Returns:
            The sent message.
        """
        return await self._send({"location": {"latitude": latitude, "longitude": longitude}})

    async def edit_text(self, message: UserMessage | int, new_text: str) -> UserMessage:
        """Edit one of the user's own text messages (``edited_message`` update).

        Args:
            message: The message (or its id) sent by this user.
            new_text: The new text.

        Returns:
            The edited message.

        Raises:
            LookupError: If this user has no such text message.
        """
        stored = self._world.get_message(self.chat_id, _message_ref(message))
        if (
            stored is None
            or stored.get("from", {}).get("id") != self.user_id
            or ("text" not in stored)
        ):
            raise LookupError(f"user {self.user_id} has no text message {message!r}")
        stored["text"] = new_text
        stored.pop("entities", None)
        entities = detect_bot_commands(new_text)
        if entities:
            stored["entities"] = entities
        stored["edit_date"] = int(time.time())
        self._world.enqueue_update("edited_message", stored)
        await asyncio.sleep(0)
        return UserMessage(stored["message_id"], self.chat_id, new_text, copy.deepcopy(stored))

    def _live(self, message: BotMessage | int) -> BotMessage:
        record = self._world.bot_messages.get(self.chat_id, {}).get(_message_ref(message))
        if record is None or record.deleted:
            raise LookupError(f"no bot message {message!r} in chat {self.chat_id}")
        return record

    async def reply_to(self, bot_message: BotMessage | int, text: str) -> UserMessage:
        """Reply to a bot message (the update carries ``reply_to_message``).

        Args:
            bot_message: The bot message (or its id) in this chat.
            text: The reply text.

        Returns:
            The sent message.
        """
        record = self._live(bot_message)
        replied = copy.deepcopy(self._world.get_message(self.chat_id, record.message_id) or {})
        replied.pop("reply_to_message", None)
        entities = detect_bot_commands(text)
        return await self._send(
            {"text": text, "entities": entities or None, "reply_to_message": replied}
        )

    async def press(self, bot_message: BotMessage | int, button: str | tuple[int, int]) -> str:
        """Press an inline callback button (``callback_query`` update).

        The button is looked up in the message's *current* keyboard.

        Args:
            bot_message: The bot message (or its id) in this chat.
            button: The button text or its zero-based ``(row, column)``.

        Returns:
            The CallbackQuery id (see :meth:`answers_to` / :meth:`wait_for_answer`).

        Raises:
            LookupError: If the message or button does not exist.
            ValueError: If the button is not a callback button (e.g. a URL button).
        """
        record = self._live(bot_message)
        spec = record.button_spec(button)
        if "callback_data" not in spec:
            raise ValueError(f"button {spec.get('text')!r} is not a callback button: {spec}")
        return await self.press_with_data(record, spec["callback_data"])

    async def press_with_data(self, bot_message: BotMessage | int, data: str) -> str:
        """Send a ``callback_query`` for ``bot_message`` carrying arbitrary ``data``.

        Real clients send whatever callback data they like: this plays a forged or stale
        button, to check that the bot validates what it receives.

        Args:
            bot_message: The bot message (or its id) in this chat.
            data: The callback data to send.

        Returns:
            The CallbackQuery id.
        """
        record = self._live(bot_message)
        world = self._world
        world.started.add(self.chat_id)
        callback = world.new_callback(self.chat_id, record.message_id, self.user_id, data)
        query: JSONDict = {
            "id": callback.id,
            "from": world.users[self.user_id],
            "message": world.get_message(self.chat_id, record.message_id),
            "chat_instance": World.chat_instance(self.chat_id),
            "data": data,
        }
        world.enqueue_update("callback_query", query)
        await asyncio.sleep(0)
        return callback.id

    async def answer_poll(self, bot_message: BotMessage | int, option: int) -> None:
        """Choose ``option`` (0-based) in a poll the bot sent: a ``poll_answer`` update.

        As in Telegram's apps, a quiz is answered once and a closed poll not at all; the
        update carries the user (non-anonymous polls only, as Telegram delivers them).

        Raises:
            LookupError: If the message carries no poll.
            ValueError: If the poll is closed, answered already (quiz) or has no such option.
        """
        record = self._live(bot_message)
        message = self._world.get_message(self.chat_id, record.message_id)
        poll = message.get("poll") if message else None
        if not isinstance(poll, dict):
            raise LookupError(f"message {record.message_id} has no poll")
        voters = self._world.polls[poll["id"]]["voters"]
        if poll["is_closed"]:
            raise ValueError("the poll is closed")
        if poll["type"] == "quiz" and self.user_id in voters:
            raise ValueError("a quiz is answered once")
        if not 0 <= option < len(poll["options"]):
            raise ValueError(f"the poll has no option {option}")
        voters[self.user_id] = [option]
        poll["options"][option]["voter_count"] += 1
        poll["total_voter_count"] += 1
        if not poll["is_anonymous"]:
            await self.send_poll_answer(poll["id"], [option])

    async def send_poll_answer(self, poll_id: str, option_ids: list[int]) -> None:
        """Deliver a raw ``poll_answer`` update from this user (forged or re-delivered)."""
        answer: JSONDict = {
            "poll_id": poll_id,
            "user": self.user,
            "option_ids": option_ids,
            "option_persistent_ids": [str(option) for option in option_ids],
        }
        self._world.enqueue_update("poll_answer", answer)
        await asyncio.sleep(0)

    # ------------------------------------------------------------------ reading

    def _unread(self) -> list[BotMessage]:
        return [
            m for m in self._world.bot_messages_in(self.chat_id) if m.message_id not in self._seen
        ]

    def _deadline(self, timeout: float | None) -> float:
        return self.wait_seconds if timeout is None else timeout

    def take_new_messages(self) -> list[BotMessage]:
        """Return (and mark read) bot messages that arrived since the last read, no waiting."""
        new = self._unread()
        self._seen.update(m.message_id for m in new)
        return [m.snapshot() for m in new]

    async def wait_for_messages(
        self,
        count: int = 1,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> list[BotMessage]:
        """Wait until at least ``count`` new bot messages arrived in this chat.

        Args:
            count: Minimum number of new messages.
            timeout: Seconds to wait (``None``: :attr:`wait_seconds`).

        Returns:
            All new messages (at least ``count``), oldest first; they are marked read.

        Raises:
            TimeoutError: Listing what did arrive and the bot's failed API calls.
        """
        timeout = self._deadline(timeout)
        if await self._world.wait_for(lambda: len(self._unread()) >= count, timeout):
            return self.take_new_messages()
        arrived = [m.text for m in self._unread()]
        failures = [
            f"{c.method} -> {c.response.get('description')}"
            for c in self._world.calls
            if not c.ok and str(c.params.get("chat_id")) == str(self.chat_id)
        ]
        raise TimeoutError(
            f"{self!r}: expected {count} new bot message(s) within {timeout}s, "
            f"got {len(arrived)}: {arrived!r}; failed bot API calls in this chat: "
            f"{failures or 'none'}"
        )

    async def wait_for_edit(
        self,
        bot_message: BotMessage,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> BotMessage:
        """Wait until ``bot_message`` is edited (or deleted) after the given snapshot.

        Args:
            bot_message: A snapshot returned earlier.
            timeout: Seconds to wait (``None``: :attr:`wait_seconds`).

        Returns:
            The new snapshot.

        Raises:
            TimeoutError: If the message did not change.
        """
        record = self._world.bot_messages.get(self.chat_id, {}).get(bot_message.message_id)
        if record is None:
            raise LookupError(f"no bot message {bot_message.message_id} in chat {self.chat_id}")
        timeout = self._deadline(timeout)
        if not await self._world.wait_for(lambda: record.version > bot_message.version, timeout):
            raise TimeoutError(
                f"{self!r}: bot message {bot_message.message_id} ({record.text!r}) "
                f"was not edited within {timeout}s"
            )
        return record.snapshot()

    def answers_to(self, callback_id: str) -> str | None:
        """Return the text of the bot's answerCallbackQuery (None: unanswered or no text).

        Raises:
            KeyError: If ``callback_id`` is unknown.
        """
        record = self._world.callbacks[callback_id]
        return record.text if record.answered else None

    def is_answered(self, callback_id: str) -> bool:
        """True once the bot called answerCallbackQuery for ``callback_id``."""
        return self._world.callbacks[callback_id].answered

    async def wait_for_answer(
        self,
        callback_id: str,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> CallbackAnswer:
        """Wait for the bot to answer a callback query.

        Args:
            callback_id: Returned by :meth:`press`.
            timeout: Seconds to wait (``None``: :attr:`wait_seconds`).

        Returns:
            The answer.

        Raises:
            TimeoutError: If the bot did not answer in time.
        """
        record = self._world.callbacks[callback_id]
        timeout = self._deadline(timeout)
        if not await self._world.wait_for(lambda: record.answered, timeout):
            raise TimeoutError(f"{self!r}: callback {callback_id} not answered in {timeout}s")
        return CallbackAnswer(record.text, record.show_alert, record.url)

    def transcript(self) -> list[BotMessage]:
        """All bot messages in this chat (latest edits applied, deleted ones left out)."""
        return [m.snapshot() for m in self._world.bot_messages_in(self.chat_id)]

    @property
    def last_message(self) -> BotMessage | None:
        """The bot's latest (non-deleted) message in this chat."""
        messages = self._world.bot_messages_in(self.chat_id)
        return messages[-1].snapshot() if messages else None

    @property
    def reply_keyboard(self) -> list[list[str]] | None:
        """The reply keyboard currently shown to the user, if any."""
        keyboard = self._world.reply_keyboards.get(self.chat_id)
        return copy.deepcopy(keyboard[0]) if keyboard else None

    @property
    def chat_actions(self) -> list[str]:
        """Chat actions (e.g. ``"typing"``) the bot sent to this chat, oldest first."""
        return list(self._world.chat_actions.get(self.chat_id, []))
