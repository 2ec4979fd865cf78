"""The Bot API server's ``MarkdownV2`` and legacy ``Markdown`` parse modes.

Byte-by-byte ports of tdlib's ``parse_markdown_v2`` and ``parse_markdown``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.entities import SPACES, Entity, EntityParseError, utf16_units

__all__ = ["parse_markdown", "parse_markdown_v2"]

_MD2_RESERVED = b"_*[]()~`>#+-=|{}.!\n"
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


def parse_markdown_v2(data: bytes) -> tuple[bytes, list[Entity]]:
    """Port of tdlib ``parse_markdown_v2``."""
    size = len(data)

    def at(i: int) -> int:
        return data[i] if i < size else 0

    out = bytearray()
    entities: list[Entity] = []
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
            utf16 += utf16_units(c)
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
                    while at(language_end) not in SPACES and at(language_end) != ord("`"):
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
            entities.append(Entity(api_type, top.utf16_offset, utf16 - top.utf16_offset, extra))
        nested.pop()
        i += 1

    if have_blockquote and nested and nested[-1].type == "blockquote":
        top = nested.pop()
        if utf16 != top.utf16_offset:
            entities.append(Entity("blockquote", top.utf16_offset, utf16 - top.utf16_offset))
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


def parse_markdown(data: bytes) -> tuple[bytes, list[Entity]]:
    """Port of tdlib ``parse_markdown`` (legacy ``Markdown`` mode)."""
    size = len(data)

    def at(i: int) -> int:
        return data[i] if i < size else 0

    out = bytearray()
    entities: list[Entity] = []
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
            utf16 += utf16_units(c)
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
            while at(language_end) not in SPACES and at(language_end) != ord("`"):
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
            utf16 += utf16_units(at(i))
            out.append(at(i))
            i += 1
        if i == size:
            raise EntityParseError(f"Can't find end of the entity starting at byte offset {begin}")
        if entity_offset != utf16:
            length = utf16 - entity_offset
            if c == ord("_"):
                entities.append(Entity("italic", entity_offset, length))
            elif c == ord("*"):
                entities.append(Entity("bold", entity_offset, length))
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
                    entities.append(Entity("text_link", entity_offset, length, {"url": url}))
            elif is_pre:
                extra = {"language": language} if language else {}
                entities.append(Entity("pre", entity_offset, length, extra))
            else:
                entities.append(Entity("code", entity_offset, length))
        if is_pre:
            i += 2
        i += 1
    return bytes(out), entities
