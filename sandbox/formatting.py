"""Text formatting the way the Bot API server (tdlib) applies ``parse_mode``.

The bot sends HTML, so HTML is the one parse mode the sandbox implements: ``html_markup``
follows tdlib's ``parse_html`` byte by byte, so error descriptions (including byte offsets)
match what the real server answers after ``Bad Request: can't parse entities:``. It returns
the text a user would see plus Bot API ``MessageEntity`` dicts (offsets and lengths in UTF-16
code units). Markdown modes are refused with an error that says the sandbox lacks them.
"""

from __future__ import annotations

from typing import Any

from sandbox.entities import Entity, EntityParseError, ParsedText, utf16_len
from sandbox.html_markup import parse_html

__all__ = ["EntityParseError", "ParsedText", "parse_text", "utf16_len"]

_TRIM = " \t\r\n\x0b\x0c"
_MARKDOWN_MODES = ("markdown", "markdownv2")


def parse_text(
    text: str,
    parse_mode: str | None,
    *,
    strict_html_entities: bool = True,
) -> ParsedText:
    """Apply ``parse_mode`` to ``text`` and trim surrounding whitespace like Telegram.

    Args:
        text: The raw text as sent by the bot.
        parse_mode: ``"HTML"`` (case-insensitive) or None.
        strict_html_entities: If True, a ``&`` in HTML that does not start a
            supported entity is rejected (the Bot API documentation requires
            escaping it; tdlib itself would keep it literally).

    Returns:
        The visible text and its entities.

    Raises:
        EntityParseError: If the markup is malformed, or ``parse_mode`` is unknown or a
            Markdown mode (which Telegram knows, but the sandbox does not implement).
    """
    data = text.encode("utf-8")
    mode = (parse_mode or "").lower()
    entities: list[Entity]
    if mode == "":
        out = data
        entities = []
    elif mode == "html":
        out, entities = parse_html(data, strict=strict_html_entities)
    elif mode in _MARKDOWN_MODES:
        raise EntityParseError(
            f"parse_mode {parse_mode!r} is not implemented by the local sandbox (only HTML)"
        )
    else:
        raise EntityParseError("unsupported parse_mode")
    try:
        visible = out.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EntityParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        ) from exc
    return _trim(visible, entities)


def _trim(text: str, entities: list[Entity]) -> ParsedText:
    """Strip leading/trailing whitespace and clip entities accordingly."""
    stripped_left = text.lstrip(_TRIM)
    shift = utf16_len(text) - utf16_len(stripped_left)
    result = stripped_left.rstrip(_TRIM)
    total = utf16_len(result)
    fixed: list[dict[str, Any]] = []
    for entity in sorted(entities, key=lambda e: (e.offset, -e.length)):
        start = max(entity.offset - shift, 0)
        end = min(entity.offset + entity.length - shift, total)
        if end > start:
            fixed.append(Entity(entity.type, start, end - start, entity.extra).to_json())
    return ParsedText(result, fixed)
