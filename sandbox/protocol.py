"""Bot API wire protocol: request decoding, typed parameter access, error envelopes.

Bot API clients send parameters as a query string, ``application/x-www-form-urlencoded``
or ``multipart/form-data`` (strings as-is, every other value JSON-encoded — this is
what python-telegram-bot does), or as an ``application/json`` body.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from sandbox.records import JSONDict

__all__ = ["ApiError", "Args", "Upload", "error_body", "parse_request"]

# Parameters that are plain strings even when they look like JSON (e.g. text "123").
_STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "action",
        "file_id",
        "url",
        "language_code",
        "emoji",
        "description",
        "short_description",
        "name",
        "title",
        "secret_token",
        "ip_address",
        "business_connection_id",
        "message_effect_id",
        "photo",
        "document",
        "sticker",
        "voice",
        "audio",
        "video",
        "animation",
        "thumbnail",
        "file_name",
        "query",
        "data",
    }
)


class ApiError(Exception):
    """A Bot API error answer (``{"ok": false, ...}``)."""

    def __init__(
        self, error_code: int, description: str, parameters: JSONDict | None = None
    ) -> None:
        """Create the error.

        Args:
            error_code: HTTP status / ``error_code``.
            description: Telegram-style description, e.g. "Bad Request: chat not found".
            parameters: Optional ``ResponseParameters`` (``retry_after``, ``migrate_to_chat_id``).
        """
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> JSONDict:
        """Return the Bot API error envelope."""
        return error_body(self.error_code, self.description, self.parameters)


def error_body(error_code: int, description: str, parameters: JSONDict | None = None) -> JSONDict:
    """Build ``{"ok": false, "error_code": …, "description": …[, "parameters": …]}``.

    Args:
        error_code: The error code.
        description: The description.
        parameters: Optional response parameters.

    Returns:
        The envelope dict.
    """
    body: JSONDict = {"ok": False, "error_code": error_code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return body


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    field: str
    filename: str
    content_type: str
    data: bytes


def _decode_form_value(name: str, value: str) -> Any:
    """Decode one form value: JSON for non-string parameters, else the string."""
    if name in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def parse_request(request: web.Request) -> tuple[JSONDict, dict[str, Upload]]:
    """Decode the parameters and uploaded files of a Bot API request.

    Args:
        request: The aiohttp request.

    Returns:
        ``(parameters, uploads)``; form values that are JSON-encoded are decoded.

    Raises:
        ApiError: If the body cannot be decoded.
    """
    values: JSONDict = {k: _decode_form_value(k, v) for k, v in request.query.items()}
    uploads: dict[str, Upload] = {}
    if not request.body_exists:
        return values, uploads
    content_type = request.content_type
    if content_type == "application/json":
        try:
            body = json.loads(await request.text())
        except ValueError as exc:
            raise ApiError(400, "Bad Request: can't parse JSON object") from exc
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: JSON object expected")
        values.update(body)
        return values, uploads
    if content_type not in ("", "application/x-www-form-urlencoded", "multipart/form-data"):
        return values, uploads
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            uploads[key] = Upload(key, value.filename, value.content_type, value.file.read())
        elif isinstance(value, str):
            values[key] = _decode_form_value(key, value)
        else:
            values[key] = _decode_form_value(key, bytes(value).decode("utf-8", "replace"))
    return values, uploads


class Args:
    """Typed, Telegram-tolerant access to the parameters of one request."""

    def __init__(self, values: JSONDict, uploads: dict[str, Upload]) -> None:
        """Wrap decoded parameters.

        Args:
            values: Decoded parameters.
            uploads: Uploaded files by field name.
        """
        self.values = values
        self.uploads = uploads

    def has(self, name: str) -> bool:
        """True if the parameter is present (and not null)."""
        return self.values.get(name) is not None

    def get_str(self, name: str) -> str | None:
        """Return a parameter as a string (numbers and objects are stringified)."""
        value = self.values.get(name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        return json.dumps(value)

    def get_int(self, name: str) -> int | None:
        """Return an integer parameter.

        Raises:
            ApiError: If the value is not an integer.
        """
        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise ApiError(400, f'Bad Request: field "{name}" must be of type Integer')

    def get_float(self, name: str) -> float | None:
        """Return a float parameter.

        Raises:
            ApiError: If the value is not a number.
        """
        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        raise ApiError(400, f'Bad Request: field "{name}" must be of type Float')

    def get_bool(self, name: str) -> bool:
        """Return a boolean parameter (missing: False)."""
        value = self.values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)

    def get_obj(self, name: str) -> Any:
        """Return a JSON-serialized parameter as a decoded object.

        Raises:
            ApiError: If a string value is not valid JSON.
        """
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError as exc:
                raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from exc
        return value

    def get_chat_ref(self, name: str = "chat_id") -> int | str | None:
        """Return a chat reference: an integer id or an ``@username`` string."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = str(value).strip()
        try:
            return int(text)
        except ValueError:
            return text
