"""What the sandbox records: files, the bot's messages as users see them, callbacks, calls."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ApiCall",
    "BotMessage",
    "Button",
    "CallbackRecord",
    "JSONDict",
    "MediaInfo",
    "StoredFile",
    "describe_markup",
]

JSONDict = dict[str, Any]
#: An inline button as ``(text, callback_data or url)``.
Button = tuple[str, str | None]


@dataclass(frozen=True)
class MediaInfo:
    """What a message says about an attached file (largest size for photos)."""

    file_id: str
    file_unique_id: str
    file_size: int
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None

    @classmethod
    def from_json(cls, file: JSONDict) -> MediaInfo:
        """Read a Bot API ``PhotoSize`` or ``Document`` object."""
        return cls(
            file_id=file["file_id"],
            file_unique_id=file["file_unique_id"],
            file_size=file.get("file_size", 0),
            file_name=file.get("file_name"),
            mime_type=file.get("mime_type"),
            width=file.get("width"),
            height=file.get("height"),
        )


@dataclass(frozen=True)
class StoredFile:
    """A file known to the server, downloadable through ``getFile`` + the file URL."""

    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    kind: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None

    def info(self) -> MediaInfo:
        """Return the message-level description of this file."""
        return MediaInfo(
            file_id=self.file_id,
            file_unique_id=self.file_unique_id,
            file_size=len(self.data),
            file_name=self.file_name,
            mime_type=self.mime_type,
            width=self.width,
            height=self.height,
        )

    def photo_size_json(self) -> JSONDict:
        """Return this file as a Bot API ``PhotoSize``."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "width": self.width,
            "height": self.height,
        }

    def file_json(self) -> JSONDict:
        """Return this file as a Bot API ``File``."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass
class BotMessage:
    """A message the bot sent (or copied/forwarded) into a chat, as the user sees it.

    Attributes:
        message_id: The message id in its chat.
        chat_id: The chat the message is in.
        text: Visible text (HTML applied); for media, the visible caption ("" if none).
        raw_text: The text or caption exactly as the bot sent it.
        parse_mode: The parse_mode used for text/caption, if any.
        kind: "text", "photo", "document", "sticker", "voice", "location" or "other".
        buttons: Inline keyboard rows of ``(text, callback_data or url)``.
        reply_keyboard: Reply keyboard rows (button texts) sent with this message, if any.
        remove_keyboard: True if the message carried ``ReplyKeyboardRemove``.
        force_reply: True if the message carried ``ForceReply``.
        photo: The largest photo size, for photo messages.
        document: The document, for document messages.
        caption: Visible caption of a media message (None for text messages).
        entities: Bot API entities of the text/caption.
        reply_to_message_id: The message this one replies to, if any.
        forwarded: True for messages created by ``forwardMessage``.
        edited: True once the bot edited the message.
        deleted: True once the message was deleted.
        version: Incremented on every edit.
        date: Unix time the message was sent.
        payload: The current Bot API ``Message`` JSON.
    """

    message_id: int
    chat_id: int
    text: str
    raw_text: str
    parse_mode: str | None
    kind: str
    buttons: list[list[Button]] = field(default_factory=list)
    reply_keyboard: list[list[str]] | None = None
    remove_keyboard: bool = False
    force_reply: bool = False
    photo: MediaInfo | None = None
    document: MediaInfo | None = None
    caption: str | None = None
    entities: list[JSONDict] = field(default_factory=list)
    reply_to_message_id: int | None = None
    forwarded: bool = False
    edited: bool = False
    deleted: bool = False
    version: int = 0
    date: int = 0
    payload: JSONDict = field(default_factory=dict)

    @property
    def button_texts(self) -> list[str]:
        """All inline button texts, row by row."""
        return [text for row in self.buttons for text, _ in row]

    def find_button(self, button: str | tuple[int, int]) -> Button:
        """Look up an inline button by its text or by ``(row, col)``.

        Args:
            button: The button text, or its zero-based ``(row, column)``.

        Returns:
            The ``(text, callback_data or url)`` pair.

        Raises:
            LookupError: If the message has no such button.
        """
        if isinstance(button, tuple):
            row, col = button
            try:
                return self.buttons[row][col]
            except IndexError:
                raise LookupError(
                    f"message {self.message_id} has no button at {button}; buttons: {self.buttons}"
                ) from None
        for candidate in (b for row in self.buttons for b in row):
            if candidate[0] == button:
                return candidate
        raise LookupError(
            f"message {self.message_id} has no button {button!r}; buttons: {self.button_texts}"
        )

    def button_spec(self, button: str | tuple[int, int]) -> JSONDict:
        """Return the raw ``InlineKeyboardButton`` object of a button.

        Args:
            button: The button text, or its zero-based ``(row, column)``.

        Returns:
            A copy of the button object as sent by the bot.

        Raises:
            LookupError: If the message has no such button.
        """
        rows = self.payload.get("reply_markup", {}).get("inline_keyboard", [])
        if isinstance(button, tuple):
            row, col = button
            if 0 <= row < len(rows) and 0 <= col < len(rows[row]):
                return dict(rows[row][col])
        else:
            for spec in (b for row in rows for b in row):
                if spec.get("text") == button:
                    return dict(spec)
        raise LookupError(
            f"message {self.message_id} has no button {button!r}; buttons: {self.buttons}"
        )

    def snapshot(self) -> BotMessage:
        """Return an independent copy of this message's current state."""
        return copy.deepcopy(self)


@dataclass
class CallbackRecord:
    """A callback query created by a button press, and the bot's answer."""

    id: str
    chat_id: int
    message_id: int
    user_id: int
    data: str | None
    answered: bool = False
    text: str | None = None
    show_alert: bool = False
    url: str | None = None


@dataclass
class ApiCall:
    """One request the bot made to the server.

    Attributes:
        method: The canonical Bot API method name (e.g. ``"sendMessage"``), or the
            name as requested if the method is unknown.
        params: Parsed parameters (JSON-encoded values decoded).
        files: Uploaded files as ``{field: (file name, size in bytes)}``.
        status: The HTTP status code of the answer.
        response: The JSON answer.
        at: ``time.monotonic()`` when the request arrived.
    """

    method: str
    params: JSONDict
    files: dict[str, tuple[str, int]]
    status: int = 0
    response: JSONDict = field(default_factory=dict)
    at: float = 0.0

    @property
    def ok(self) -> bool:
        """True if the call succeeded."""
        return bool(self.response.get("ok"))


def describe_markup(
    markup: JSONDict | None,
) -> tuple[list[list[Button]], list[list[str]] | None, bool, bool]:
    """Split a (validated) reply_markup into what a user sees.

    Args:
        markup: The reply_markup object, or None.

    Returns:
        ``(inline buttons, reply keyboard rows or None, remove_keyboard, force_reply)``.
    """
    if not markup:
        return [], None, False, False
    if "inline_keyboard" in markup:
        rows: list[list[Button]] = []
        for row in markup["inline_keyboard"]:
            rows.append(
                [(str(b.get("text", "")), b.get("callback_data", b.get("url"))) for b in row]
            )
        return rows, None, False, False
    if "keyboard" in markup:
        keyboard = [
            [b if isinstance(b, str) else str(b.get("text", "")) for b in row]
            for row in markup["keyboard"]
        ]
        return [], keyboard, False, False
    if markup.get("remove_keyboard"):
        return [], None, True, False
    if markup.get("force_reply"):
        return [], None, False, True
    return [], None, False, False
