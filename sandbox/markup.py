"""Reply markup as the Bot API server validates it."""

from __future__ import annotations

import re
from typing import Any

from sandbox.protocol import ApiError
from sandbox.records import JSONDict

__all__ = ["MAX_CALLBACK_DATA_BYTES", "validate_reply_markup"]

MAX_CALLBACK_DATA_BYTES = 64
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
_URL_RE = re.compile(r"^(?:(?:https?|tg|ton)://)?[^\s/$.?#][^\s]*$", re.IGNORECASE)


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
        rows = _button_rows(markup, "inline_keyboard", "InlineKeyboardMarkup")
        return {"inline_keyboard": [[_inline_button(button) for button in row] for row in rows]}
    if inline_only:
        raise ApiError(400, "Bad Request: inline keyboard expected")
    if "keyboard" in markup:
        for row in _button_rows(markup, "keyboard", "ReplyKeyboardMarkup"):
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


def _button_rows(markup: JSONDict, field: str, owner: str) -> list[list[Any]]:
    """Return ``markup[field]``, which must be an array of arrays of buttons."""
    rows = markup[field]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError(
            400, f'Bad Request: field "{field}" of the {owner} must be an Array of Arrays'
        )
    return rows


def _inline_button(button: Any) -> JSONDict:
    """Return an inline keyboard button without null fields, or raise Telegram's error."""
    if not isinstance(button, dict):
        raise ApiError(
            400,
            "Bad Request: can't parse inline keyboard button: "
            "InlineKeyboardButton must be an Object",
        )
    clean: JSONDict = {k: v for k, v in button.items() if v is not None}
    if not isinstance(clean.get("text"), str):
        raise ApiError(
            400,
            'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String',
        )
    if not any(k in clean for k in _INLINE_ACTIONS):
        raise ApiError(
            400,
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        )
    if "callback_data" in clean:
        data = clean["callback_data"]
        if not isinstance(data, str):
            data = str(data)
            clean["callback_data"] = data
        if not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    if "url" in clean:
        _validate_url(clean["url"])
    return clean
