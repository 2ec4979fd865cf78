"""What every Bot API method of the sandbox shares: its state and argument helpers."""

from __future__ import annotations

import copy
from typing import Any

from sandbox.formatting import EntityParseError, ParsedText, parse_text
from sandbox.markup import validate_reply_markup
from sandbox.protocol import ApiError, Args, Upload
from sandbox.records import JSONDict, StoredFile
from sandbox.state import World

__all__ = ["MAX_CAPTION_LENGTH", "MAX_MESSAGE_LENGTH", "ApiBase"]

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024


def _strip_reply(message: JSONDict) -> JSONDict:
    """A message as embedded in ``reply_to_message`` (no nested reply)."""
    inner = copy.deepcopy(message)
    inner.pop("reply_to_message", None)
    return inner


class ApiBase:
    """The server's bot-level state (webhook, commands, …) and the helpers methods share."""

    def __init__(self, world: World, *, strict_html_entities: bool = True) -> None:
        """Start with no webhook and no commands.

        Args:
            world: The shared state.
            strict_html_entities: Reject a bare ``&`` in HTML (see :func:`parse_text`).
        """
        self.world = world
        self.strict_html_entities = strict_html_entities
        self.closing = False
        self.webhook: JSONDict = {"url": ""}
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._poll_seq = 0

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
