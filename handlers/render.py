"""Compose Telegram HTML messages from items and results, and split long ones."""

from __future__ import annotations

import html
from collections.abc import Mapping

from bot import texts
from bot.config import Settings
from knowledge import Item
from knowledge.render import basis_html, fill_facts, render_answer
from knowledge.statutes import shipped_registry

__all__ = [
    "MESSAGE_LIMIT",
    "answer_html",
    "escape",
    "privacy_notice",
    "split_html",
    "truncate_utf16",
    "utf16_len",
    "with_facts",
]

MESSAGE_LIMIT = 4096
"""Telegram's limit on a message's text, in characters after entity parsing."""


def escape(text: str) -> str:
    """Escape user text for Telegram HTML."""
    return html.escape(text, quote=False)


def with_facts(template: str, facts: Mapping[str, str]) -> str:
    """Fill ``{centre_*}`` placeholders of a text template with configured facts (escaped)."""
    return fill_facts(template, facts, missing=texts.LOCAL_FACT_MISSING)


def privacy_notice(settings: Settings) -> str:
    """Return the two-line privacy notice, with the retention periods ``settings`` sets."""
    return texts.PRIVACY_NOTICE.format(
        question_days=settings.question_retention_days, message_days=settings.retention_days
    )


def answer_html(item: Item, facts: Mapping[str, str]) -> str:
    """Return an item's answer, the disclaimer, then its legal basis list and review month."""
    body = render_answer(item, facts, missing=texts.LOCAL_FACT_MISSING)
    basis = basis_html(
        item,
        header=texts.LEGAL_BASIS_HEADER,
        as_of=texts.BASIS_AS_OF,
        registry=shipped_registry(),
    )
    return f"{body}\n<i>{texts.DISCLAIMER}</i>\n\n{basis}"


def utf16_len(text: str) -> int:
    """Return the length Telegram counts: UTF-16 code units (an emoji may count two)."""
    # Encoding counts in C what a loop over the characters would; a lone surrogate is one unit.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def truncate_utf16(text: str, limit: int) -> str:
    """Return the longest prefix of ``text`` of at most ``limit`` UTF-16 code units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split ``text`` into messages of at most ``limit`` UTF-16 units at line boundaries.

    Lines are kept whole, so tags (which never span lines in our texts) stay balanced. A single
    line longer than ``limit`` is cut between characters, never inside an ``&entity;``. Lengths
    are those of the raw markup, never less than what Telegram counts after parsing it.
    """
    if text.strip() and utf16_len(text) <= limit:
        return [text.lstrip("\n")]  # as the loop would: leading empty lines start no message
    chunks: list[str] = []
    current: list[str] = []
    units = 0
    # units: the UTF-16 length of current joined by newlines, kept as pieces are added
    for line in text.split("\n"):
        for piece in _cut_line(line, limit):
            size = utf16_len(piece)
            joined = units + 1 + size if units else size
            if joined <= limit:
                if units:
                    current.append(piece)
                else:
                    current = [piece]
                units = joined
            else:
                chunks.append("\n".join(current))
                current, units = [piece], size
    if units or not chunks:
        chunks.append("\n".join(current))
    return [chunk for chunk in chunks if chunk.strip()] or [truncate_utf16(text, limit)]


def _cut_line(line: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while utf16_len(line) > limit:
        cut = len(truncate_utf16(line, limit))
        amp = line.rfind("&", 0, cut)
        if amp > 0 and ";" not in line[amp:cut]:
            cut = amp
        pieces.append(line[:cut])
        line = line[cut:]
    pieces.append(line)
    return pieces
