"""Render an item's answer for display, filling local facts from configuration."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from knowledge.models import Item, LegalBasis

__all__ = ["citations", "fill_facts", "plain_text", "render_answer"]

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_TAG = re.compile(r"<[^>]+>")


def fill_facts(template: str, facts: Mapping[str, str], *, missing: str) -> str:
    """Return Telegram HTML ``template`` with its ``{placeholders}`` filled from ``facts``.

    Args:
        template: HTML with ``{name}`` placeholders.
        facts: Configured local facts by placeholder name; values are plain text.
        missing: Plain text shown where a fact is not configured.

    Returns:
        Telegram HTML; fact values are escaped.
    """

    def fill(match: re.Match[str]) -> str:
        value = facts.get(match.group(1), "").strip()
        return html.escape(value or missing, quote=False)

    return _PLACEHOLDER.sub(fill, template)


def render_answer(item: Item, facts: Mapping[str, str], *, missing: str) -> str:
    """Return the item's HTML answer with its ``{placeholders}`` filled (see ``fill_facts``)."""
    return fill_facts(item.answer, facts, missing=missing)


def plain_text(markup: str) -> str:
    """Return Telegram HTML as plain text, for terminals and logs."""
    return html.unescape(_TAG.sub("", markup))


def citations(basis: Iterable[LegalBasis]) -> list[str]:
    """Return one citation per law, its articles in the order given: 《法》第一条、第二条."""
    by_law: dict[str, list[str]] = {}
    for entry in basis:
        articles = by_law.setdefault(entry.law, [])
        if entry.article not in articles:
            articles.append(entry.article)
    return [f"《{law}》{'、'.join(articles)}" for law, articles in by_law.items()]
