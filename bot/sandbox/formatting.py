"""Text formatting the way the Bot API server (tdlib) applies ``parse_mode``.

The parsers below follow tdlib's ``parse_html``, ``parse_markdown_v2`` and
``parse_markdown`` byte by byte, so error descriptions (including byte offsets)
match what the real server answers after ``Bad Request: can't parse entities:``.
They return the text a user would see plus Bot API ``MessageEntity`` dicts
(offsets and lengths in UTF-16 code units).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["EntityParseError", "ParsedText", "parse_text", "utf16_len"]

_SPACES = frozenset(b" \t\r\n\x0b\x0c\x00")
_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_MD2_RESERVED = b"_*[]()~`>#+-=|{}.!\n"
_TRIM = " \t\r\n\x0b\x0c"


class EntityParseError(ValueError):
    """Raised when marked-up text cannot be parsed (tdlib's description as message)."""


@dataclass(frozen=True)
class ParsedText:
    """Visible text plus the Bot API entities produced by parsing."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Entity:
    type: str
    offset: int
    length: int
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "offset": self.offset, "length": self.length, **self.extra}


def utf16_len(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units (the Bot API's unit).

    Args:
        text: Any string.

    Returns:
        The number of UTF-16 code units.
    """
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _u16(first_byte: int) -> int:
    """UTF-16 units contributed by a UTF-8 character starting with ``first_byte``."""
    if (first_byte & 0xC0) == 0x80:  # continuation byte
        return 0
    return 2 if first_byte >= 0xF0 else 1


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
    entities: list[_Entity]
    if mode == "":
        out = data
        entities = []
    elif mode == "html":
        out, entities = _parse_html(data, strict=strict_html_entities)
    elif mode == "markdownv2":
        out, entities = _parse_markdown_v2(data)
    elif mode == "markdown":
        out, entities = _parse_markdown(data)
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


def _trim(text: str, entities: list[_Entity]) -> ParsedText:
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
            fixed.append(_Entity(entity.type, start, end - start, entity.extra).to_json())
    return ParsedText(result, fixed)


# --------------------------------------------------------------------------- HTML


def _decode_html_entity(data: bytes, pos: int) -> tuple[int, int]:
    """Port of tdlib ``decode_html_entity``: returns (code point or 0, new position)."""
    size = len(data)

    def at(i: int) -> int:
        return data[i] if i < size else 0

    end_pos = pos + 1
    res = 0
    if at(pos + 1) == ord("#"):
        end_pos += 1
        if at(pos + 2) == ord("x"):
            end_pos += 1
            while chr(at(end_pos)) in "0123456789abcdefABCDEF" and at(end_pos):
                res = res * 16 + int(chr(at(end_pos)), 16)
                end_pos += 1
                if res >= 0x10FFFF:
                    return 0, pos
        else:
            while ord("0") <= at(end_pos) <= ord("9"):
                res = res * 10 + at(end_pos) - ord("0")
                end_pos += 1
                if res >= 0x10FFFF:
                    return 0, pos
        if res == 0 or res >= 0x10FFFF or end_pos - pos >= 10:
            return 0, pos
    else:
        while chr(at(end_pos)).isascii() and chr(at(end_pos)).isalpha():
            end_pos += 1
        name = data[pos + 1 : end_pos]
        named = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
        if name not in named:
            return 0, pos
        res = ord(named[name])
    if at(end_pos) == ord(";"):
        return res, end_pos + 1
    return res, end_pos


@dataclass
class _HtmlOpen:
    tag: str
    argument: str
    utf16_offset: int
    out_pos: int


def _parse_html(data: bytes, *, strict: bool) -> tuple[bytes, list[_Entity]]:
    """Port of tdlib ``parse_html``."""
    size = len(data)

    def at(i: int) -> int:
        return data[i] if i < size else 0

    out = bytearray()
    entities: list[_Entity] = []
    nested: list[_HtmlOpen] = []
    utf16 = 0
    i = 0
    while i < size:
        c = data[i]
        if c == ord("&"):
            code, new_pos = _decode_html_entity(data, i)
            if code:
                out += chr(code).encode("utf-8", "surrogatepass")
                utf16 += 2 if code > 0xFFFF else 1
                i = new_pos
                continue
            if strict:
                raise EntityParseError(
                    f'Unescaped "&" at byte offset {i}; use "&amp;" for a literal ampersand'
                )
        if c != ord("<"):
            utf16 += _u16(c)
            out.append(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != ord("/"):
            while at(i) not in _SPACES and at(i) != ord(">"):
                i += 1
            if at(i) == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            tag = data[begin + 1 : i].decode("utf-8", "replace").lower()
            if tag not in _HTML_TAGS:
                raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument = ""
            while at(i) != ord(">"):
                while at(i) != 0 and at(i) in _SPACES:
                    i += 1
                if at(i) == ord(">"):
                    break
                attr_begin = i
                while at(i) not in _SPACES and at(i) != ord("="):
                    i += 1
                attr_name = data[attr_begin:i].decode("utf-8", "replace")
                if not attr_name:
                    raise EntityParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                    )
                while at(i) != 0 and at(i) in _SPACES:
                    i += 1
                if at(i) != ord("="):
                    raise EntityParseError(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {begin}'
                    )
                i += 1
                while at(i) != 0 and at(i) in _SPACES:
                    i += 1
                if at(i) == 0:
                    raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                if at(i) not in (ord("'"), ord('"')):
                    token_begin = i
                    while chr(at(i)).isascii() and (chr(at(i)).isalnum() or at(i) in b".-"):
                        i += 1
                    value = data[token_begin:i].decode("utf-8", "replace").lower()
                    if at(i) not in _SPACES and at(i) != ord(">"):
                        raise EntityParseError(
                            f"Unexpected end of name token at byte offset {token_begin}"
                        )
                    if at(i) == 0:
                        raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
                else:
                    quote = at(i)
                    i += 1
                    value_bytes = bytearray()
                    while at(i) != quote and at(i) != 0:
                        if at(i) == ord("&"):
                            code, new_pos = _decode_html_entity(data, i)
                            if code:
                                value_bytes += chr(code).encode("utf-8", "surrogatepass")
                                i = new_pos
                                continue
                        value_bytes.append(at(i))
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = value_bytes.decode("utf-8", "replace")
                    if at(i) == 0:
                        raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
                if tag == "a" and attr_name == "href":
                    argument = value
                elif tag == "code" and attr_name == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and attr_name == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
                elif tag == "tg-emoji" and attr_name == "emoji-id":
                    argument = value
            if tag == "span" and argument != "spoiler":
                raise EntityParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
                )
            nested.append(_HtmlOpen(tag, argument, utf16, len(out)))
            i += 1  # skip '>'
            continue

        # End tag.
        if not nested:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        while at(i) not in _SPACES and at(i) != ord(">"):
            i += 1
        end_tag = data[begin + 2 : i].decode("utf-8", "replace").lower()
        while at(i) in _SPACES and at(i) != 0:
            i += 1
        if at(i) != ord(">"):
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        top = nested[-1]
        if end_tag and end_tag != top.tag:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{top.tag}>", '
                f'found "</{end_tag}>"'
            )
        if utf16 > top.utf16_offset:
            _close_html_entity(top, utf16, out, entities)
        nested.pop()
        i += 1  # skip '>'
    if nested:
        raise EntityParseError(f"Can't find end tag corresponding to start tag {nested[-1].tag}")
    # A <code class="language-x"> outside of <pre> keeps no language, as in tdlib.
    for entity in entities:
        if entity.type == "code":
            entity.extra.pop("language", None)
    return bytes(out), entities


def _close_html_entity(top: _HtmlOpen, utf16: int, out: bytearray, entities: list[_Entity]) -> None:
    offset = top.utf16_offset
    length = utf16 - offset
    simple = {
        "i": "italic",
        "em": "italic",
        "b": "bold",
        "strong": "bold",
        "s": "strikethrough",
        "strike": "strikethrough",
        "del": "strikethrough",
        "u": "underline",
        "ins": "underline",
        "tg-spoiler": "spoiler",
        "span": "spoiler",
        "blockquote": "blockquote",
    }
    if top.tag in simple:
        entities.append(_Entity(simple[top.tag], offset, length))
    elif top.tag == "tg-emoji":
        if not top.argument.isdigit() or int(top.argument) == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append(_Entity("custom_emoji", offset, length, {"custom_emoji_id": top.argument}))
    elif top.tag == "a":
        url = top.argument or out[top.out_pos :].decode("utf-8", "replace")
        if url:
            entities.append(_Entity("text_link", offset, length, {"url": url}))
    elif top.tag == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last.type == "code"
            and last.offset == offset
            and last.length == length
            and last.extra.get("language")
        ):
            last.type = "pre"
        else:
            entities.append(_Entity("pre", offset, length))
    else:  # code
        last = entities[-1] if entities else None
        if (
            last is not None
            and last.type == "pre"
            and last.offset == offset
            and last.length == length
            and top.argument
        ):
            last.extra = {"language": top.argument}
        else:
            extra = {"language": top.argument} if top.argument else {}
            entities.append(_Entity("code", offset, length, extra))


# ---------------------------------------------------------------------- MarkdownV2

_MD2_TYPE_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "pre_code": "PreCode",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
    "blockquote": "BlockQuote",
}


@dataclass
class _MdOpen:
    type: str
    argument: str
    utf16_offset: int
    byte_offset: int
    out_pos: int


def _reserved_error(char: int) -> EntityParseError:
    return EntityParseError(
        f"Character '{chr(char)}' is reserved and must be escaped with the preceding '\\'"
    )


def _parse_markdown_v2(data: bytes) -> tuple[bytes, list[_Entity]]:
    """Port of tdlib ``parse_markdown_v2``."""
    size = len(data)

    def at(i: int) -> int:
        return data[i] if i < size else 0

    out = bytearray()
    entities: list[_Entity] = []
    nested: list[_MdOpen] = []
    utf16 = 0
    have_blockquote = False
    i = 0
    while i < size:
        c = data[i]
        if c == ord("\\") and 0 < at(i + 1) <= 126:
            i += 1
            utf16 += 1
            out.append(data[i])
            i += 1
            continue
        reserved = _MD2_RESERVED
        if nested and nested[-1].type in ("code", "pre", "pre_code"):
            reserved = b"`"
        if c not in reserved:
            utf16 += _u16(c)
            out.append(c)
            i += 1
            continue

        is_end = False
        if nested:
            top_type = nested[-1].type
            if have_blockquote and c == ord("\n") and (i + 1 == size or at(i + 1) != ord(">")):
                is_end = True
            elif top_type == "bold":
                is_end = c == ord("*")
            elif top_type == "italic":
                is_end = c == ord("_") and at(i + 1) != ord("_")
            elif top_type == "code":
                is_end = c == ord("`")
            elif top_type in ("pre", "pre_code"):
                is_end = c == ord("`") and at(i + 1) == ord("`") and at(i + 2) == ord("`")
            elif top_type in ("text_link", "custom_emoji"):
                is_end = c == ord("]")
            elif top_type == "underline":
                is_end = c == ord("_") and at(i + 1) == ord("_")
            elif top_type == "strikethrough":
                is_end = c == ord("~")
            elif top_type == "spoiler":
                is_end = c == ord("|") and at(i + 1) == ord("|")

        if not is_end:
            entity_type: str | None
            argument = ""
            byte_offset = i
            if c == ord("_"):
                if at(i + 1) == ord("_"):
                    entity_type = "underline"
                    i += 1
                else:
                    entity_type = "italic"
            elif c == ord("*"):
                entity_type = "bold"
            elif c == ord("~"):
                entity_type = "strikethrough"
            elif c == ord("|"):
                if at(i + 1) != ord("|"):
                    raise _reserved_error(c)
                i += 1
                entity_type = "spoiler"
            elif c == ord("["):
                entity_type = "text_link"
            elif c == ord("`"):
                if at(i + 1) == ord("`") and at(i + 2) == ord("`"):
                    i += 3
                    entity_type = "pre"
                    language_end = i
                    while at(language_end) not in _SPACES and at(language_end) != ord("`"):
                        language_end += 1
                    if i != language_end and language_end < size and at(language_end) != ord("`"):
                        entity_type = "pre_code"
                        argument = data[i:language_end].decode("utf-8", "replace")
                        i = language_end
                    if at(i) in (ord("\n"), ord("\r")):
                        if at(i + 1) in (ord("\n"), ord("\r")) and at(i) != at(i + 1):
                            i += 2
                        else:
                            i += 1
                    i -= 1
                else:
                    entity_type = "code"
            elif c == ord("!"):
                if at(i + 1) != ord("["):
                    raise _reserved_error(c)
                i += 1
                entity_type = "custom_emoji"
            elif c == ord("\n"):
                utf16 += 1
                out.append(c)
                entity_type = None
                if i + 1 < size and at(i + 1) == ord(">"):
                    i += 1
                    if not have_blockquote:
                        entity_type = "blockquote"
                        have_blockquote = True
            elif c == ord(">"):
                if i != 0:
                    raise _reserved_error(c)
                entity_type = "blockquote"
                have_blockquote = True
            else:
                raise _reserved_error(c)
            if entity_type is not None:
                nested.append(_MdOpen(entity_type, argument, utf16, byte_offset, len(out)))
            i += 1
            continue

        # End of an entity.
        top = nested[-1]
        if c == ord("\n") and top.type != "blockquote":
            raise EntityParseError(
                f"Can't find end of {_MD2_TYPE_NAMES[top.type]} entity at byte offset "
                f"{top.byte_offset}"
            )
        skip = utf16 == top.utf16_offset
        extra: dict[str, Any] = {}
        api_type = top.type
        if top.type in ("underline", "spoiler"):
            i += 1
        elif top.type in ("pre", "pre_code"):
            i += 2
            api_type = "pre"
            if top.argument:
                extra = {"language": top.argument}
        elif top.type in ("text_link", "custom_emoji"):
            url = ""
            if at(i + 1) != ord("("):
                if top.type == "custom_emoji":
                    raise EntityParseError("Custom emoji entity must contain a tg://emoji URL")
                url = out[top.out_pos :].decode("utf-8", "replace")
            else:
                i += 2
                url_begin = i
                url_bytes = bytearray()
                while i < size and at(i) != ord(")"):
                    if at(i) == ord("\\") and 0 < at(i + 1) <= 126:
                        url_bytes.append(at(i + 1))
                        i += 2
                        continue
                    url_bytes.append(at(i))
                    i += 1
                if at(i) != ord(")"):
                    what = "custom emoji URL" if top.type == "custom_emoji" else "URL"
                    raise EntityParseError(f"Can't find end of a {what} at byte offset {url_begin}")
                url = url_bytes.decode("utf-8", "replace")
            if top.type == "custom_emoji":
                extra = {"custom_emoji_id": _custom_emoji_id(url)}
            elif url:
                extra = {"url": url}
            else:
                skip = True
        elif top.type == "blockquote":
            have_blockquote = False
            out.append(c)
            utf16 += 1
        if not skip:
            entities.append(_Entity(api_type, top.utf16_offset, utf16 - top.utf16_offset, extra))
        nested.pop()
        i += 1

    if have_blockquote and nested and nested[-1].type == "blockquote":
        top = nested.pop()
        if utf16 != top.utf16_offset:
            entities.append(_Entity("blockquote", top.utf16_offset, utf16 - top.utf16_offset))
    if nested:
        top = nested[-1]
        raise EntityParseError(
            f"Can't find end of {_MD2_TYPE_NAMES[top.type]} entity at byte offset {top.byte_offset}"
        )
    return bytes(out), entities


def _custom_emoji_id(url: str) -> str:
    prefix = "tg://emoji?id="
    if not url.lower().startswith("tg:"):
        raise EntityParseError("Custom emoji URL must have scheme tg")
    if not url.lower().startswith(prefix):
        raise EntityParseError("Custom emoji URL must have an emoji identifier")
    value = url[len(prefix) :]
    if not value.isdigit() or int(value) == 0:
        raise EntityParseError("Invalid custom emoji identifier specified")
    return value


# ------------------------------------------------------------------ Markdown (legacy)


def _parse_markdown(data: bytes) -> tuple[bytes, list[_Entity]]:
    """Port of tdlib ``parse_markdown`` (legacy ``Markdown`` mode)."""
    size = len(data)

    def at(i: int) -> int:
        return data[i] if i < size else 0

    out = bytearray()
    entities: list[_Entity] = []
    utf16 = 0
    i = 0
    while i < size:
        c = data[i]
        if c == ord("\\") and at(i + 1) in b"_*`[":
            i += 1
            out.append(data[i])
            utf16 += 1
            i += 1
            continue
        if c not in b"_*`[":
            utf16 += _u16(c)
            out.append(c)
            i += 1
            continue
        begin = i
        end_char = ord("]") if c == ord("[") else c
        is_pre = False
        i += 1
        language = ""
        if c == ord("`") and at(i) == ord("`") and at(i + 1) == ord("`"):
            i += 2
            is_pre = True
            language_end = i
            while at(language_end) not in _SPACES and at(language_end) != ord("`"):
                language_end += 1
            if i != language_end and language_end < size and at(language_end) != ord("`"):
                language = data[i:language_end].decode("utf-8", "replace")
                i = language_end
            if at(i) in (ord("\n"), ord("\r")):
                if at(i + 1) in (ord("\n"), ord("\r")) and at(i) != at(i + 1):
                    i += 2
                else:
                    i += 1
        entity_offset = utf16
        while i < size and (
            at(i) != end_char or (is_pre and not (at(i + 1) == ord("`") and at(i + 2) == ord("`")))
        ):
            utf16 += _u16(at(i))
            out.append(at(i))
            i += 1
        if i == size:
            raise EntityParseError(f"Can't find end of the entity starting at byte offset {begin}")
        if entity_offset != utf16:
            length = utf16 - entity_offset
            if c == ord("_"):
                entities.append(_Entity("italic", entity_offset, length))
            elif c == ord("*"):
                entities.append(_Entity("bold", entity_offset, length))
            elif c == ord("["):
                url_bytes = bytearray()
                if at(i + 1) != ord("("):
                    url_bytes += data[begin + 1 : i]
                else:
                    i += 2
                    while i < size and at(i) != ord(")"):
                        url_bytes.append(at(i))
                        i += 1
                url = url_bytes.decode("utf-8", "replace")
                if url:
                    entities.append(_Entity("text_link", entity_offset, length, {"url": url}))
            elif is_pre:
                extra = {"language": language} if language else {}
                entities.append(_Entity("pre", entity_offset, length, extra))
            else:
                entities.append(_Entity("code", entity_offset, length))
        if is_pre:
            i += 2
        i += 1
    return bytes(out), entities
