"""Text formatting the way the Bot API server (tdlib) applies ``parse_mode``.

The parsers (``html_markup``, ``markdown_markup``) follow tdlib's ``parse_html``,
``parse_markdown_v2`` and ``parse_markdown`` byte by byte, so error descriptions (including
byte offsets) match what the real server answers after ``Bad Request: can't parse entities:``.
They return the text a user would see plus Bot API ``MessageEntity`` dicts
(offsets and lengths in UTF-16 code units).
"""

from __future__ import annotations

from typing import Any

from sandbox.entities import Entity, EntityParseError, ParsedText, utf16_len
from sandbox.html_markup import parse_html
from sandbox.markdown_markup import parse_markdown, parse_markdown_v2

__all__ = ["EntityParseError", "ParsedText", "parse_text", "utf16_len"]

_TRIM = " \t\r\n\x0b\x0c"


def parse_text(
    text: str,
    parse_mode: str | None,
    *,
    strict_html_entities: bool = True,
) -> ParsedText:
    """Apply ``parse_mode`` to ``text`` and trim surrounding whitespace like Telegram.

    Args:
        text: The raw text as sent by the bot.
        parse_mode: ``"HTML"``, ``"MarkdownV2"``, ``"Markdown"`` (case-insensitive) or None.
        strict_html_entities: If True, a ``&`` in HTML that does not start a
            supported entity is rejected (the Bot API documentation requires
            escaping it; tdlib itself would keep it literally).

    Returns:
        The visible text and its entities.

    Raises:
        EntityParseError: If the markup is malformed or ``parse_mode`` is unknown.
    """
    data = text.encode("utf-8")
    mode = (parse_mode or "").lower()
    entities: list[Entity]
    if mode == "":
        out = data
        entities = []
    elif mode == "html":
        out, entities = parse_html(data, strict=strict_html_entities)
    elif mode == "markdownv2":
        out, entities = parse_markdown_v2(data)
    elif mode == "markdown":
        out, entities = parse_markdown(data)
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
