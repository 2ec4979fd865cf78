"""The Bot API server's ``HTML`` parse mode: a byte-by-byte port of tdlib's ``parse_html``."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.entities import SPACES, Entity, EntityParseError, utf16_units

__all__ = ["parse_html"]

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


def parse_html(data: bytes, *, strict: bool) -> tuple[bytes, list[Entity]]:
    """Port of tdlib ``parse_html``."""
    size = len(data)

    def at(i: int) -> int:
        return data[i] if i < size else 0

    out = bytearray()
    entities: list[Entity] = []
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
            utf16 += utf16_units(c)
            out.append(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != ord("/"):
            while at(i) not in SPACES and at(i) != ord(">"):
                i += 1
            if at(i) == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            tag = data[begin + 1 : i].decode("utf-8", "replace").lower()
            if tag not in _HTML_TAGS:
                raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument = ""
            while at(i) != ord(">"):
                while at(i) != 0 and at(i) in SPACES:
                    i += 1
                if at(i) == ord(">"):
                    break
                attr_begin = i
                while at(i) not in SPACES and at(i) not in (ord("="), ord(">")):
                    i += 1
                attr_name = data[attr_begin:i].decode("utf-8", "replace")
                if not attr_name:
                    raise EntityParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                    )
                while at(i) != 0 and at(i) in SPACES:
                    i += 1
                if at(i) != ord("=") and tag == "blockquote" and attr_name == "expandable":
                    argument = "expandable"  # Bot API 7.3: <blockquote expandable>
                    continue
                if at(i) != ord("="):
                    raise EntityParseError(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {begin}'
                    )
                i += 1
                while at(i) != 0 and at(i) in SPACES:
                    i += 1
                if at(i) == 0:
                    raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                if at(i) not in (ord("'"), ord('"')):
                    token_begin = i
                    while chr(at(i)).isascii() and (chr(at(i)).isalnum() or at(i) in b".-"):
                        i += 1
                    value = data[token_begin:i].decode("utf-8", "replace").lower()
                    if at(i) not in SPACES and at(i) != ord(">"):
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
        while at(i) not in SPACES and at(i) != ord(">"):
            i += 1
        end_tag = data[begin + 2 : i].decode("utf-8", "replace").lower()
        while at(i) in SPACES and at(i) != 0:
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


def _close_html_entity(top: _HtmlOpen, utf16: int, out: bytearray, entities: list[Entity]) -> None:
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
    if top.tag == "blockquote" and top.argument == "expandable":
        entities.append(Entity("expandable_blockquote", offset, length))
    elif top.tag in simple:
        entities.append(Entity(simple[top.tag], offset, length))
    elif top.tag == "tg-emoji":
        if not top.argument.isdigit() or int(top.argument) == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append(Entity("custom_emoji", offset, length, {"custom_emoji_id": top.argument}))
    elif top.tag == "a":
        url = top.argument or out[top.out_pos :].decode("utf-8", "replace")
        if url:
            entities.append(Entity("text_link", offset, length, {"url": url}))
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
            entities.append(Entity("pre", offset, length))
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
            entities.append(Entity("code", offset, length, extra))
