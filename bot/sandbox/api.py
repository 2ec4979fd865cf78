"""Bot API methods of the sandbox server, implemented over the in-memory :class:`World`.

Every public coroutine of :class:`BotApi` named like a Bot API method in snake case
(``send_message`` ↔ ``sendMessage``) is one endpoint. Errors are raised as
:class:`~bot.sandbox.protocol.ApiError` with Telegram's descriptions.
"""

from __future__ import annotations

import copy
import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.sandbox.formatting import EntityParseError, ParsedText, parse_text
from bot.sandbox.media import guess_mime_type, image_size
from bot.sandbox.protocol import ApiError, Args, Upload
from bot.sandbox.state import JSONDict, StoredFile, World

__all__ = [
    "MAX_CAPTION_LENGTH",
    "MAX_MESSAGE_LENGTH",
    "METHODS",
    "BotApi",
    "Handler",
    "validate_reply_markup",
]

Handler = Callable[[Args], Awaitable[Any]]

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_INLINE_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_URL_RE = re.compile(r"^(?:(?:https?|tg|ton)://)?[^\s/$.?#][^\s]*$", re.IGNORECASE)
_CONTENT_KEYS = (
    "text",
    "entities",
    "link_preview_options",
    "photo",
    "document",
    "sticker",
    "voice",
    "location",
    "contact",
    "caption",
    "caption_entities",
    "has_media_spoiler",
    "show_caption_above_media",
)


#: Every Bot API method the sandbox implements (canonical spelling).
METHODS = (
    "getMe",
    "logOut",
    "close",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "setChatMenuButton",
    "getChatMenuButton",
    "setMyDescription",
    "getMyDescription",
    "setMyShortDescription",
    "getMyShortDescription",
    "setMyName",
    "getMyName",
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendChatAction",
    "editMessageText",
    "editMessageCaption",
    "editMessageReplyMarkup",
    "deleteMessage",
    "deleteMessages",
    "answerCallbackQuery",
    "copyMessage",
    "forwardMessage",
    "getFile",
    "getChat",
)


def _snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _strip_reply(message: JSONDict) -> JSONDict:
    """A message as embedded in ``reply_to_message`` (no nested reply)."""
    inner = copy.deepcopy(message)
    inner.pop("reply_to_message", None)
    return inner


class BotApi:
    """The Bot API methods, plus bot-level settings (webhook, commands, …)."""

    def __init__(self, world: World, *, strict_html_entities: bool = True) -> None:
        """Create the method table over ``world``.

        Args:
            world: The shared state.
            strict_html_entities: Reject a bare ``&`` in HTML (see :func:`parse_text`).
        """
        self.world = world
        self.strict_html_entities = strict_html_entities
        self.closing = False
        self.webhook: JSONDict = {"url": ""}
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self.menu_buttons: dict[int | None, JSONDict] = {}
        self.profile: dict[tuple[str, str], str] = {}
        self._poll_seq = 0
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

    # ------------------------------------------------------------------ helpers

    def _chat(self, args: Args, name: str = "chat_id", *, sending: bool = False) -> JSONDict:
        ref = args.get_chat_ref(name)
        if ref is None:
            raise ApiError(400, f"Bad Request: {name} is empty")
        chat = self.world.find_chat(ref)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if chat["type"] == "private":
            chat_id = chat["id"]
            if chat_id not in self.world.started:
                if sending:
                    raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
                raise ApiError(400, "Bad Request: chat not found")
            if sending and chat_id in self.world.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _message_id(self, args: Args, name: str = "message_id") -> int:
        value = args.get_int(name)
        if value is None:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        return value

    def _format(
        self,
        raw: str,
        parse_mode: str | None,
        entities: Any,
    ) -> ParsedText:
        try:
            parsed = parse_text(raw, parse_mode, strict_html_entities=self.strict_html_entities)
        except UnicodeEncodeError as exc:
            raise ApiError(400, "Bad Request: strings must be encoded in UTF-8") from exc
        except EntityParseError as exc:
            if str(exc) == "unsupported parse_mode":
                raise ApiError(400, "Bad Request: unsupported parse_mode") from exc
            raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from exc
        if not parse_mode and isinstance(entities, list) and entities:
            return ParsedText(parsed.text, [e for e in entities if isinstance(e, dict)])
        return parsed

    def _text(self, args: Args) -> tuple[str, str | None, ParsedText]:
        raw = args.get_str("text")
        if not raw:
            raise ApiError(400, "Bad Request: message text is empty")
        parse_mode = args.get_str("parse_mode") or None
        parsed = self._format(raw, parse_mode, args.get_obj("entities"))
        if not parsed.text:
            raise ApiError(400, "Bad Request: message text is empty")
        return raw, parse_mode, parsed

    def _caption(self, args: Args) -> tuple[str, str | None, ParsedText | None]:
        raw = args.get_str("caption") or ""
        parse_mode = args.get_str("parse_mode") or None
        if not raw:
            return "", parse_mode, None
        parsed = self._format(raw, parse_mode, args.get_obj("caption_entities"))
        if len(parsed.text) > MAX_CAPTION_LENGTH:
            raise ApiError(400, "Bad Request: message caption is too long")
        return raw, parse_mode, parsed if parsed.text else None

    @staticmethod
    def _check_length(parsed: ParsedText) -> None:
        if len(parsed.text) > MAX_MESSAGE_LENGTH:
            raise ApiError(400, "Bad Request: message is too long")

    def _markup(self, args: Args, *, inline_only: bool = False) -> JSONDict | None:
        markup = args.get_obj("reply_markup")
        if markup is None:
            return None
        return validate_reply_markup(markup, inline_only=inline_only)

    def _reply_to(self, args: Args, chat_id: int) -> JSONDict | None:
        params = args.get_obj("reply_parameters")
        if params is not None:
            if not isinstance(params, dict) or "message_id" not in params:
                raise ApiError(400, "Bad Request: can't parse reply parameters JSON object")
            message_id = Args(params, {}).get_int("message_id")
            allow = Args(params, {}).get_bool("allow_sending_without_reply")
            ref = Args(params, {}).get_chat_ref("chat_id")
            if ref is not None:
                target = self.world.find_chat(ref)
                if target is None:
                    raise ApiError(400, "Bad Request: chat not found")
                chat_id = target["id"]
        elif args.has("reply_to_message_id"):
            message_id = args.get_int("reply_to_message_id")
            allow = args.get_bool("allow_sending_without_reply")
        else:
            return None
        message = self.world.get_message(chat_id, message_id or 0)
        if message is None:
            if allow:
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        return _strip_reply(message)

    def _common(self, args: Args, chat_id: int, markup: JSONDict | None) -> JSONDict:
        """Fields shared by all send methods."""
        content: JSONDict = {
            "reply_to_message": self._reply_to(args, chat_id),
            "reply_markup": markup if markup and "inline_keyboard" in markup else None,
        }
        if args.get_bool("protect_content"):
            content["has_protected_content"] = True
        return content

    def _deliver(
        self,
        chat: JSONDict,
        content: JSONDict,
        *,
        raw_text: str,
        parse_mode: str | None,
        markup: JSONDict | None,
    ) -> JSONDict:
        message = self.world.new_message(chat["id"], self.world.bot_user, content)
        self.world.record_bot_message(
            message, raw_text=raw_text, parse_mode=parse_mode, markup=markup
        )
        return message

    def _input_file(self, args: Args, name: str) -> Upload | StoredFile:
        value = args.values.get(name)
        upload = args.uploads.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = args.uploads.get(value.removeprefix("attach://"))
            if upload is None:
                raise ApiError(400, "Bad Request: wrong HTTP URL specified")
        if upload is not None:
            if not upload.data:
                raise ApiError(400, "Bad Request: file must be non-empty")
            return upload
        if value is None or value == "":
            raise ApiError(400, f"Bad Request: there is no {name} in the request")
        reference = str(value).strip()
        if reference.lower().startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: failed to get HTTP URL content")
        stored = self.world.files.get(reference)
        if stored is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return stored

    def _editable(self, args: Args) -> JSONDict:
        if args.has("inline_message_id"):
            raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
        chat = self._chat(args)
        message_id = self._message_id(args)
        message = self.world.get_message(chat["id"], message_id)
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message_id not in self.world.bot_messages.get(chat["id"], {}):
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    @staticmethod
    def _set_or_drop(message: JSONDict, key: str, value: Any) -> None:
        if value:
            message[key] = value
        else:
            message.pop(key, None)

    # ------------------------------------------------------------ bot settings

    async def get_me(self, args: Args) -> JSONDict:
        """Implement getMe."""
        return {
            **self.world.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def log_out(self, args: Args) -> bool:
        """Implement logOut."""
        return True

    async def close(self, args: Args) -> bool:
        """Implement close."""
        return True

    async def get_updates(self, args: Args) -> list[JSONDict]:
        """Implement getUpdates with offset confirmation and real long polling."""
        if self.webhook["url"]:
            raise ApiError(409, CONFLICT_WEBHOOK)
        offset = args.get_int("offset")
        limit = min(max(args.get_int("limit") or 100, 1), 100)
        timeout = max(args.get_float("timeout") or 0.0, 0.0)
        allowed = args.get_obj("allowed_updates")
        if isinstance(allowed, list):
            self.world.allowed_updates = [str(kind) for kind in allowed]
        self._poll_seq += 1
        seq = self._poll_seq
        if offset:
            self.world.confirm_updates(offset)
        self.world.notify()  # terminates an older long poll (409 for it)
        if timeout > 0:
            await self.world.wait_for(
                lambda: self.closing or seq != self._poll_seq or self.world.has_pending_updates(),
                timeout,
            )
        if seq != self._poll_seq:
            raise ApiError(409, CONFLICT_OTHER_POLL)
        return self.world.take_pending_updates(limit)

    async def set_webhook(self, args: Args) -> bool:
        """Implement setWebhook (stored only; the sandbox never calls webhooks)."""
        url = args.get_str("url") or ""
        if url and not url.lower().startswith("https://"):
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        if args.get_bool("drop_pending_updates"):
            self.world.updates.clear()
        allowed = args.get_obj("allowed_updates")
        if isinstance(allowed, list):
            self.world.allowed_updates = [str(kind) for kind in allowed]
        self.webhook = {"url": url}
        return True

    async def delete_webhook(self, args: Args) -> bool:
        """Implement deleteWebhook."""
        if args.get_bool("drop_pending_updates"):
            self.world.updates.clear()
        self.webhook = {"url": ""}
        return True

    async def get_webhook_info(self, args: Args) -> JSONDict:
        """Implement getWebhookInfo."""
        info: JSONDict = {
            "url": self.webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self.world.updates),
        }
        if self.webhook["url"] and self.world.allowed_updates:
            info["allowed_updates"] = list(self.world.allowed_updates)
        return info

    def _commands_key(self, args: Args) -> tuple[str, str]:
        scope = args.get_obj("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), args.get_str("language_code") or ""

    async def set_my_commands(self, args: Args) -> bool:
        """Implement setMyCommands."""
        commands = args.get_obj("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        cleaned: list[JSONDict] = []
        for item in commands:
            if not isinstance(item, dict):
                raise ApiError(400, "Bad Request: can't parse BotCommand JSON object")
            command = str(item.get("command", ""))
            description = str(item.get("description", ""))
            if not _COMMAND_RE.match(command):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": command, "description": description})
        key = self._commands_key(args)
        if cleaned:
            self.commands[key] = cleaned
        else:
            self.commands.pop(key, None)
        return True

    async def get_my_commands(self, args: Args) -> list[JSONDict]:
        """Implement getMyCommands."""
        return copy.deepcopy(self.commands.get(self._commands_key(args), []))

    async def delete_my_commands(self, args: Args) -> bool:
        """Implement deleteMyCommands."""
        self.commands.pop(self._commands_key(args), None)
        return True

    async def set_chat_menu_button(self, args: Args) -> bool:
        """Implement setChatMenuButton."""
        chat_ref = args.get_chat_ref("chat_id")
        chat_id = self._chat(args)["id"] if chat_ref is not None else None
        button = args.get_obj("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or "type" not in button:
            raise ApiError(400, "Bad Request: can't parse menu button JSON object")
        self.menu_buttons[chat_id] = button
        return True

    async def get_chat_menu_button(self, args: Args) -> JSONDict:
        """Implement getChatMenuButton."""
        chat_ref = args.get_chat_ref("chat_id")
        chat_id = self._chat(args)["id"] if chat_ref is not None else None
        button = self.menu_buttons.get(chat_id) or self.menu_buttons.get(None)
        return copy.deepcopy(button) if button else {"type": "commands"}

    def _set_profile(self, args: Args, field: str, limit: int) -> bool:
        value = args.get_str(field) or ""
        if len(value) > limit:
            raise ApiError(400, f"Bad Request: {field.upper()}_INVALID")
        self.profile[(field, args.get_str("language_code") or "")] = value
        return True

    def _get_profile(self, args: Args, field: str) -> JSONDict:
        language = args.get_str("language_code") or ""
        value = self.profile.get((field, language), self.profile.get((field, ""), ""))
        if field == "name" and not value:
            value = str(self.world.bot_user["first_name"])
        return {field: value}

    async def set_my_description(self, args: Args) -> bool:
        """Implement setMyDescription."""
        return self._set_profile(args, "description", 512)

    async def get_my_description(self, args: Args) -> JSONDict:
        """Implement getMyDescription."""
        return self._get_profile(args, "description")

    async def set_my_short_description(self, args: Args) -> bool:
        """Implement setMyShortDescription."""
        return self._set_profile(args, "short_description", 120)

    async def get_my_short_description(self, args: Args) -> JSONDict:
        """Implement getMyShortDescription."""
        return self._get_profile(args, "short_description")

    async def set_my_name(self, args: Args) -> bool:
        """Implement setMyName."""
        return self._set_profile(args, "name", 64)

    async def get_my_name(self, args: Args) -> JSONDict:
        """Implement getMyName."""
        return self._get_profile(args, "name")

    # ---------------------------------------------------------------- messages

    async def send_message(self, args: Args) -> JSONDict:
        """Implement sendMessage."""
        markup = self._markup(args)
        raw, parse_mode, parsed = self._text(args)
        chat = self._chat(args, sending=True)
        self._check_length(parsed)
        content = {"text": parsed.text, "entities": parsed.entities or None}
        content.update(self._common(args, chat["id"], markup))
        return self._deliver(chat, content, raw_text=raw, parse_mode=parse_mode, markup=markup)

    async def send_photo(self, args: Args) -> JSONDict:
        """Implement sendPhoto (multipart upload or file_id of a known photo)."""
        markup = self._markup(args)
        raw_caption, parse_mode, caption = self._caption(args)
        chat = self._chat(args, sending=True)
        source = self._input_file(args, "photo")
        if isinstance(source, Upload):
            size = image_size(source.data)
            if size is None:
                raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
            mime = source.content_type
            if not mime.startswith("image/"):
                mime = guess_mime_type(source.filename, "image/jpeg")
            sizes = self.world.add_photo(source.data, size[0], size[1], mime)
        else:
            if source.kind != "photo":
                raise ApiError(400, "Bad Request: type of file mismatch")
            sizes = self.world.photo_groups.get(source.file_id, [source])
        content: JSONDict = {"photo": [s.photo_size_json() for s in sizes]}
        if caption is not None:
            content["caption"] = caption.text
            content["caption_entities"] = caption.entities or None
        if args.get_bool("has_spoiler"):
            content["has_media_spoiler"] = True
        if args.get_bool("show_caption_above_media"):
            content["show_caption_above_media"] = True
        content.update(self._common(args, chat["id"], markup))
        return self._deliver(
            chat, content, raw_text=raw_caption, parse_mode=parse_mode, markup=markup
        )

    async def send_document(self, args: Args) -> JSONDict:
        """Implement sendDocument (multipart upload or file_id of a known document)."""
        markup = self._markup(args)
        raw_caption, parse_mode, caption = self._caption(args)
        chat = self._chat(args, sending=True)
        source = self._input_file(args, "document")
        if isinstance(source, Upload):
            mime = source.content_type or guess_mime_type(source.filename)
            stored = self.world.add_file(
                source.data, "document", file_name=source.filename, mime_type=mime
            )
        else:
            if source.kind != "document":
                raise ApiError(400, "Bad Request: type of file mismatch")
            stored = source
        document: JSONDict = {
            "file_name": stored.file_name,
            "mime_type": stored.mime_type,
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        content: JSONDict = {"document": {k: v for k, v in document.items() if v is not None}}
        if caption is not None:
            content["caption"] = caption.text
            content["caption_entities"] = caption.entities or None
        content.update(self._common(args, chat["id"], markup))
        return self._deliver(
            chat, content, raw_text=raw_caption, parse_mode=parse_mode, markup=markup
        )

    async def send_chat_action(self, args: Args) -> bool:
        """Implement sendChatAction."""
        chat = self._chat(args, sending=True)
        action = args.get_str("action") or ""
        if action not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        self.world.chat_actions.setdefault(chat["id"], []).append(action)
        self.world.notify(chat["id"])
        return True

    async def edit_message_text(self, args: Args) -> JSONDict:
        """Implement editMessageText (a missing reply_markup removes the inline keyboard)."""
        markup = self._markup(args, inline_only=True)
        raw, parse_mode, parsed = self._text(args)
        message = self._editable(args)
        if "text" not in message:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        self._check_length(parsed)
        if (
            message["text"] == parsed.text
            and message.get("entities", []) == parsed.entities
            and message.get("reply_markup") == markup
        ):
            raise ApiError(400, NOT_MODIFIED)
        message["text"] = parsed.text
        self._set_or_drop(message, "entities", parsed.entities)
        self._set_or_drop(message, "reply_markup", markup)
        message["edit_date"] = int(time.time())
        self.world.edit_bot_message(message, raw_text=raw, parse_mode=parse_mode, markup=markup)
        return message

    async def edit_message_caption(self, args: Args) -> JSONDict:
        """Implement editMessageCaption."""
        markup = self._markup(args, inline_only=True)
        raw, parse_mode, caption = self._caption(args)
        message = self._editable(args)
        if "text" in message:
            raise ApiError(400, "Bad Request: there is no caption in the message to edit")
        text = caption.text if caption else None
        entities = caption.entities if caption else []
        if (
            message.get("caption") == text
            and message.get("caption_entities", []) == entities
            and message.get("reply_markup") == markup
        ):
            raise ApiError(400, NOT_MODIFIED)
        self._set_or_drop(message, "caption", text)
        self._set_or_drop(message, "caption_entities", entities)
        self._set_or_drop(message, "reply_markup", markup)
        message["edit_date"] = int(time.time())
        self.world.edit_bot_message(message, raw_text=raw, parse_mode=parse_mode, markup=markup)
        return message

    async def edit_message_reply_markup(self, args: Args) -> JSONDict:
        """Implement editMessageReplyMarkup."""
        markup = self._markup(args, inline_only=True)
        message = self._editable(args)
        if message.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED)
        self._set_or_drop(message, "reply_markup", markup)
        message["edit_date"] = int(time.time())
        self.world.edit_bot_message(message, markup=markup)
        return message

    async def delete_message(self, args: Args) -> bool:
        """Implement deleteMessage."""
        chat = self._chat(args)
        if not self.world.delete_message(chat["id"], self._message_id(args)):
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    async def delete_messages(self, args: Args) -> bool:
        """Implement deleteMessages (missing messages are skipped, as in Telegram)."""
        chat = self._chat(args)
        ids = args.get_obj("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise ApiError(400, "Bad Request: message identifiers are not specified")
        for message_id in ids:
            self.world.delete_message(chat["id"], int(message_id))
        return True

    async def answer_callback_query(self, args: Args) -> bool:
        """Implement answerCallbackQuery (each query can be answered once)."""
        query_id = args.get_str("callback_query_id") or ""
        record = self.world.callbacks.get(query_id)
        if record is None or record.answered:
            raise ApiError(400, QUERY_TOO_OLD)
        text = args.get_str("text")
        if text is not None and len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        record.answered = True
        record.text = text or None
        record.show_alert = args.get_bool("show_alert")
        record.url = args.get_str("url") or None
        self.world.notify(record.chat_id)
        return True

    def _source_message(self, args: Args, missing: str) -> JSONDict:
        source_chat = self._chat(args, "from_chat_id")
        message = self.world.get_message(source_chat["id"], self._message_id(args))
        if message is None:
            raise ApiError(400, f"Bad Request: {missing}")
        if message.get("has_protected_content"):
            raise ApiError(400, "Bad Request: message has protected content and can't be forwarded")
        return message

    async def copy_message(self, args: Args) -> JSONDict:
        """Implement copyMessage: returns a MessageId."""
        markup = self._markup(args)
        chat = self._chat(args, sending=True)
        source = self._source_message(args, "message to copy not found")
        content: JSONDict = {k: copy.deepcopy(source[k]) for k in _CONTENT_KEYS if k in source}
        if not any(
            k in content
            for k in ("text", "photo", "document", "sticker", "voice", "location", "contact")
        ):
            raise ApiError(400, "Bad Request: message can't be copied")
        raw = str(source.get("text", source.get("caption", "")))
        parse_mode: str | None = None
        if args.has("caption") and "text" not in content:
            raw, parse_mode, caption = self._caption(args)
            content["caption"] = caption.text if caption else None
            content["caption_entities"] = (caption.entities or None) if caption else None
        content.update(self._common(args, chat["id"], markup))
        message = self._deliver(chat, content, raw_text=raw, parse_mode=parse_mode, markup=markup)
        return {"message_id": message["message_id"]}

    async def forward_message(self, args: Args) -> JSONDict:
        """Implement forwardMessage: the copy carries ``forward_origin``."""
        chat = self._chat(args, sending=True)
        source = self._source_message(args, "message to forward not found")
        content: JSONDict = {k: copy.deepcopy(source[k]) for k in _CONTENT_KEYS if k in source}
        origin = source.get("forward_origin")
        if origin is None:
            if source["chat"]["type"] == "channel":
                origin = {
                    "type": "channel",
                    "chat": source["chat"],
                    "message_id": source["message_id"],
                    "date": source["date"],
                }
            else:
                origin = {"type": "user", "sender_user": source["from"], "date": source["date"]}
        content = {"forward_origin": copy.deepcopy(origin), **content}
        if args.get_bool("protect_content"):
            content["has_protected_content"] = True
        raw = str(source.get("text", source.get("caption", "")))
        return self._deliver(chat, content, raw_text=raw, parse_mode=None, markup=None)

    # -------------------------------------------------------------- files, chats

    async def get_file(self, args: Args) -> JSONDict:
        """Implement getFile: ``file_path`` is relative to the file base URL."""
        stored = self.world.files.get(args.get_str("file_id") or "")
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_SIZE:
            raise ApiError(400, "Bad Request: file is too big")
        return stored.file_json()

    async def get_chat(self, args: Args) -> JSONDict:
        """Implement getChat: returns a ChatFullInfo."""
        chat = self._chat(args)
        info: JSONDict = {**copy.deepcopy(chat), "accent_color_id": 0, "max_reaction_count": 11}
        info["accepted_gift_types"] = {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        }
        return info


def _validate_url(url: Any) -> str:
    if not isinstance(url, str) or not _URL_RE.match(url.strip()):
        raise ApiError(
            400, f"Bad Request: inline keyboard button URL '{url}' is invalid: Wrong HTTP URL"
        )
    return url


def validate_reply_markup(markup: Any, *, inline_only: bool = False) -> JSONDict:
    """Validate a reply_markup object like the Bot API does.

    Args:
        markup: The decoded reply_markup.
        inline_only: Only InlineKeyboardMarkup is accepted (edit methods).

    Returns:
        The markup with null fields removed.

    Raises:
        ApiError: With Telegram's description for invalid markup.
    """
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(
                400,
                'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup '
                "must be an Array of Arrays",
            )
        clean_rows: list[list[JSONDict]] = []
        for row in rows:
            clean_row: list[JSONDict] = []
            for button in row:
                if not isinstance(button, dict):
                    raise ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: "
                        "InlineKeyboardButton must be an Object",
                    )
                button = {k: v for k, v in button.items() if v is not None}
                if not isinstance(button.get("text"), str):
                    raise ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: "
                        'Field "text" must be of type String',
                    )
                if not any(k in button for k in _INLINE_ACTIONS):
                    raise ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard",
                    )
                if "callback_data" in button:
                    data = button["callback_data"]
                    if not isinstance(data, str):
                        data = str(data)
                        button["callback_data"] = data
                    if not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
                        raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if "url" in button:
                    _validate_url(button["url"])
                clean_row.append(button)
            clean_rows.append(clean_row)
        return {"inline_keyboard": clean_rows}
    if inline_only:
        raise ApiError(400, "Bad Request: inline keyboard expected")
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(
                400,
                'Bad Request: field "keyboard" of the ReplyKeyboardMarkup must be an Array of '
                "Arrays",
            )
        for row in rows:
            for button in row:
                text = (
                    button
                    if isinstance(button, str)
                    else (button.get("text") if isinstance(button, dict) else None)
                )
                if not isinstance(text, str):
                    raise ApiError(
                        400,
                        "Bad Request: can't parse keyboard button: "
                        'Field "text" must be of type String',
                    )
        return {k: v for k, v in markup.items() if v is not None}
    if "remove_keyboard" in markup or "force_reply" in markup:
        return {k: v for k, v in markup.items() if v is not None}
    raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
