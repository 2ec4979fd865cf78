"""Bot API methods that send, edit, delete, copy and answer messages, plus files and chats."""

from __future__ import annotations

import copy
import time

from sandbox.api_base import ApiBase
from sandbox.media import guess_mime_type, image_size
from sandbox.protocol import ApiError, Args, Upload
from sandbox.records import JSONDict

__all__ = ["MessageMethods"]

MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
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


class MessageMethods(ApiBase):
    """sendMessage and the other message methods, getFile and getChat."""

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
                raise ApiError(
                    400,
                    "Bad Request: IMAGE_PROCESS_FAILED (the local sandbox reads PNG photos only)",
                )
            mime = source.content_type
            if not mime.startswith("image/"):
                mime = guess_mime_type(source.filename, "image/jpeg")
            sizes = self.world.files.add_photo(source.data, size[0], size[1], mime)
        else:
            if source.kind != "photo":
                raise ApiError(400, "Bad Request: type of file mismatch")
            sizes = self.world.files.photo_sizes(source)
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
            stored = self.world.files.add(
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
