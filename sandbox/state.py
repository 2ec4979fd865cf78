"""The sandbox's in-memory world: users, chats, messages, updates, files, callbacks.

The records it keeps are defined in ``sandbox.records``, the files in ``sandbox.files``.

Everything the fake Bot API server and the simulated users share lives in one
:class:`World`. It is not thread-safe: use it from the event loop that runs the
server (the simulated users run in that same loop).
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import time
from collections.abc import Callable

from sandbox.files import FileStore
from sandbox.records import (
    ApiCall,
    BotMessage,
    CallbackRecord,
    JSONDict,
    MediaInfo,
    describe_markup,
)

__all__ = ["DEFAULT_EXCLUDED_UPDATES", "World"]

#: Update kinds Telegram leaves out when ``allowed_updates`` is empty or was never set.
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def _message_kind(message: JSONDict) -> str:
    for kind in ("text", "photo", "document", "sticker", "voice", "location", "poll"):
        if kind in message:
            return kind
    return "other"


class World:
    """All sandbox state shared by the server and the simulated users."""

    def __init__(self, bot_id: int, bot_username: str, bot_first_name: str) -> None:
        """Create an empty world.

        Args:
            bot_id: The bot's user id (the number before the colon of the token).
            bot_username: The bot's username (without "@").
            bot_first_name: The bot's display name.
        """
        self.bot_user: JSONDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.users: dict[int, JSONDict] = {}
        self.chats: dict[int, JSONDict] = {}
        self.started: set[int] = set()
        self.blocked: set[int] = set()
        self.messages: dict[int, dict[int, JSONDict]] = {}
        self.bot_messages: dict[int, dict[int, BotMessage]] = {}
        self.bot_message_order: dict[int, list[int]] = {}
        self.chat_actions: dict[int, list[str]] = {}
        self.reply_keyboards: dict[int, tuple[list[list[str]], bool] | None] = {}
        self.updates: list[JSONDict] = []
        self.allowed_updates: list[str] | None = None
        self.files = FileStore()
        self.callbacks: dict[str, CallbackRecord] = {}
        self.polls: dict[str, JSONDict] = {}
        """Polls the bot sent, by poll id: their chat, message and voters (user → options)."""
        self.calls: list[ApiCall] = []
        self.version = 0
        self.chat_versions: dict[int, int] = {}
        self._next_message_id: dict[int, int] = {}
        self._next_update_id = 1
        self._callback_counter = itertools.count(1)
        self._waiters: list[asyncio.Future[None]] = []

    # ------------------------------------------------------------------ waiting

    def notify(self, chat_id: int | None = None) -> None:
        """Signal a state change (wakes everybody waiting in :meth:`wait_for`).

        Args:
            chat_id: The chat that changed, if the change concerns one chat.
        """
        self.version += 1
        if chat_id is not None:
            self.chat_versions[chat_id] = self.chat_versions.get(chat_id, 0) + 1
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait_for(self, predicate: Callable[[], bool], timeout: float | None) -> bool:  # noqa: ASYNC109
        """Wait until ``predicate()`` is true, re-checking after every change.

        Args:
            predicate: Condition on the world.
            timeout: Maximum seconds to wait (None: forever).

        Returns:
            True if the condition holds, False if the timeout expired first.
        """
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while not predicate():
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                return False
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append(waiter)
            try:
                await asyncio.wait_for(waiter, remaining)
            except TimeoutError:
                return predicate()
        return True

    # ------------------------------------------------------------- users, chats

    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> JSONDict:
        """Register a user and their private chat with the bot (chat id == user id).

        Args:
            user_id: The user's id (positive).
            first_name: The user's first name.
            last_name: Optional last name.
            username: Optional username (without "@").
            language_code: IETF language tag of the user's client.

        Returns:
            The Bot API ``User`` object.
        """
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = user
        chat: JSONDict = {"id": user_id, "type": "private", "first_name": first_name}
        if last_name:
            chat["last_name"] = last_name
        if username:
            chat["username"] = username
        self.chats[user_id] = chat
        return user

    def add_channel(self, chat_id: int, title: str, username: str | None = None) -> JSONDict:
        """Register a channel the bot is an administrator of.

        Args:
            chat_id: The channel id (negative, usually ``-100…``).
            title: The channel title.
            username: Optional public username (without "@").

        Returns:
            The Bot API ``Chat`` object.
        """
        chat: JSONDict = {"id": chat_id, "type": "channel", "title": title}
        if username:
            chat["username"] = username
        self.chats[chat_id] = chat
        self.started.add(chat_id)
        return chat

    def find_chat(self, ref: int | str) -> JSONDict | None:
        """Resolve a ``chat_id`` parameter (id or ``@channelusername``).

        Args:
            ref: The chat id or "@username" of a channel.

        Returns:
            The ``Chat`` object, or None if unknown.
        """
        if isinstance(ref, int):
            return self.chats.get(ref)
        name = ref.removeprefix("@").lower()
        for chat in self.chats.values():
            if chat["type"] != "private" and str(chat.get("username", "")).lower() == name:
                return chat
        return None

    # ----------------------------------------------------------------- messages

    def next_message_id(self, chat_id: int) -> int:
        """Allocate the next message id in a chat (shared by users and the bot)."""
        value = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = value + 1
        return value

    def new_message(self, chat_id: int, sender: JSONDict | None, content: JSONDict) -> JSONDict:
        """Build and store a Message in ``chat_id`` (sender None: a channel post).

        Args:
            chat_id: The target chat (must be registered).
            sender: The ``User`` who sends it, or None for posts in channels.
            content: Message fields such as ``text``, ``photo``, ``reply_markup``.

        Returns:
            The stored Bot API ``Message`` object.
        """
        chat = self.chats[chat_id]
        message: JSONDict = {"message_id": self.next_message_id(chat_id)}
        if sender is not None and chat["type"] != "channel":
            message["from"] = sender
        if chat["type"] == "channel":
            message["sender_chat"] = chat
        message["chat"] = chat
        message["date"] = int(time.time())
        message.update({k: v for k, v in content.items() if v is not None})
        self.messages.setdefault(chat_id, {})[message["message_id"]] = message
        return message

    def get_message(self, chat_id: int, message_id: int) -> JSONDict | None:
        """Return a stored message (current version) or None."""
        return self.messages.get(chat_id, {}).get(message_id)

    def delete_message(self, chat_id: int, message_id: int) -> bool:
        """Delete a message; returns False if it did not exist."""
        if self.messages.get(chat_id, {}).pop(message_id, None) is None:
            return False
        record = self.bot_messages.get(chat_id, {}).get(message_id)
        if record is not None:
            record.deleted = True
            record.version += 1
        self.notify(chat_id)
        return True

    def record_bot_message(
        self,
        message: JSONDict,
        *,
        raw_text: str,
        parse_mode: str | None,
        markup: JSONDict | None,
    ) -> BotMessage:
        """Remember a message the bot put into a chat (for transcripts and waiting).

        Args:
            message: The Bot API Message.
            raw_text: Text or caption as sent.
            parse_mode: Parse mode used, if any.
            markup: The reply_markup as sent (any keyboard kind).

        Returns:
            The stored :class:`BotMessage`.
        """
        chat_id = message["chat"]["id"]
        record = BotMessage(
            message_id=message["message_id"],
            chat_id=chat_id,
            text="",
            raw_text=raw_text,
            parse_mode=parse_mode,
            kind=_message_kind(message),
            date=message["date"],
            forwarded="forward_origin" in message,
        )
        self._refresh(record, message, markup)
        self.bot_messages.setdefault(chat_id, {})[record.message_id] = record
        self.bot_message_order.setdefault(chat_id, []).append(record.message_id)
        if record.reply_keyboard is not None:
            one_time = bool(markup and markup.get("one_time_keyboard"))
            self.reply_keyboards[chat_id] = (record.reply_keyboard, one_time)
        elif record.remove_keyboard:
            self.reply_keyboards[chat_id] = None
        self.notify(chat_id)
        return record

    def edit_bot_message(
        self,
        message: JSONDict,
        *,
        raw_text: str | None = None,
        parse_mode: str | None = None,
        markup: JSONDict | None = None,
    ) -> BotMessage | None:
        """Apply an edit of a bot message to its record.

        Args:
            message: The edited Message (already stored).
            raw_text: New raw text/caption, or None if unchanged.
            parse_mode: Parse mode of the new text.
            markup: The new inline markup (None: none).

        Returns:
            The updated record, or None if the message is not a bot message.
        """
        chat_id = message["chat"]["id"]
        record = self.bot_messages.get(chat_id, {}).get(message["message_id"])
        if record is None:
            return None
        if raw_text is not None:
            record.raw_text = raw_text
            record.parse_mode = parse_mode
        record.edited = True
        record.version += 1
        self._refresh(record, message, markup)
        self.notify(chat_id)
        return record

    @staticmethod
    def _refresh(record: BotMessage, message: JSONDict, markup: JSONDict | None) -> None:
        buttons, keyboard, remove, force = describe_markup(markup)
        record.buttons = buttons
        record.reply_keyboard = keyboard
        record.remove_keyboard = remove
        record.force_reply = force
        record.payload = copy.deepcopy(message)
        record.kind = _message_kind(message)
        if "text" in message:
            record.text = message["text"]
            record.caption = None
            record.entities = list(message.get("entities", []))
        elif "poll" in message:
            record.caption = None
            record.text = message["poll"]["question"]
            record.entities = []
        else:
            record.caption = message.get("caption")
            record.text = record.caption or ""
            record.entities = list(message.get("caption_entities", []))
        reply = message.get("reply_to_message")
        record.reply_to_message_id = reply["message_id"] if reply else None
        photo = message.get("photo")
        if photo:
            record.photo = MediaInfo.from_json(photo[-1])  # the largest size
        document = message.get("document")
        if document:
            record.document = MediaInfo.from_json(document)

    def bot_messages_in(self, chat_id: int, *, include_deleted: bool = False) -> list[BotMessage]:
        """Return the bot's messages in a chat in sending order (live records)."""
        records = self.bot_messages.get(chat_id, {})
        result = [records[mid] for mid in self.bot_message_order.get(chat_id, [])]
        return [r for r in result if include_deleted or not r.deleted]

    # ------------------------------------------------------------------ updates

    def enqueue_update(self, kind: str, payload: JSONDict) -> JSONDict:
        """Queue an update for ``getUpdates``.

        Args:
            kind: The update field, e.g. ``"message"`` or ``"callback_query"``.
            payload: The object for that field.

        Returns:
            The queued ``Update`` object.
        """
        update: JSONDict = {"update_id": self._next_update_id, kind: copy.deepcopy(payload)}
        self._next_update_id += 1
        self.updates.append(update)
        self.notify()
        return update

    def confirm_updates(self, offset: int) -> None:
        """Forget updates the bot confirmed (``offset`` semantics of ``getUpdates``).

        Args:
            offset: Positive: forget updates with smaller ids. Negative: keep only
                the last ``-offset`` updates.
        """
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]

    def _allowed(self, update: JSONDict) -> bool:
        kind = next(k for k in update if k != "update_id")
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in DEFAULT_EXCLUDED_UPDATES

    def has_pending_updates(self) -> bool:
        """True if ``getUpdates`` would return something now."""
        return any(self._allowed(u) for u in self.updates)

    def take_pending_updates(self, limit: int) -> list[JSONDict]:
        """Return (without confirming) up to ``limit`` deliverable updates.

        Updates of kinds excluded by ``allowed_updates`` are dropped, as Telegram
        never stores them for the bot.

        Args:
            limit: Maximum number of updates.

        Returns:
            Copies of the pending updates, oldest first.
        """
        self.updates = [u for u in self.updates if self._allowed(u)]
        return copy.deepcopy(self.updates[:limit])

    # ---------------------------------------------------------------- callbacks

    def new_callback(
        self, chat_id: int, message_id: int, user_id: int, data: str | None
    ) -> CallbackRecord:
        """Create a callback query record with a fresh id."""
        query_id = str(4_000_000_000_000_000_000 + next(self._callback_counter) * 7919)
        record = CallbackRecord(query_id, chat_id, message_id, user_id, data)
        self.callbacks[query_id] = record
        return record

    @staticmethod
    def chat_instance(chat_id: int) -> str:
        """Stable ``chat_instance`` string for callback queries in a chat."""
        return str(-((abs(chat_id) * 2_654_435_761 + 97) % 10**18))
