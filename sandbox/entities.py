"""What the markup parsers share: entities, their errors, and UTF-16 arithmetic."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["SPACES", "Entity", "EntityParseError", "ParsedText", "utf16_len", "utf16_units"]

SPACES = frozenset(b" \t\r\n\x0b\x0c\x00")
"""The bytes tdlib's parsers treat as white space."""


class EntityParseError(ValueError):
    """Raised when marked-up text cannot be parsed (tdlib's description as message)."""


@dataclass(frozen=True)
class ParsedText:
    """Visible text plus the Bot API entities produced by parsing."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Entity:
    """A message entity while parsing (offsets in UTF-16 code units)."""

    type: str
    offset: int
    length: int
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the Bot API ``MessageEntity`` dict."""
        return {"type": self.type, "offset": self.offset, "length": self.length, **self.extra}


def utf16_len(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units (the Bot API's unit).

    Args:
        text: Any string.

    Returns:
        The number of UTF-16 code units.
    """
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf16_units(first_byte: int) -> int:
    """UTF-16 units contributed by a UTF-8 character starting with ``first_byte``."""
    if (first_byte & 0xC0) == 0x80:  # continuation byte
        return 0
    return 2 if first_byte >= 0xF0 else 1
