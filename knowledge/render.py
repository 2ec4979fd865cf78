"""Render an item's answer for display, filling local facts from configuration."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from knowledge.models import Item, LegalBasis
from knowledge.statutes import StatuteRegistry, article_numbers

__all__ = ["as_of_line", "basis_html", "citations", "fill_facts", "plain_text", "render_answer"]

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


def citations(basis: Iterable[LegalBasis], *, registry: StatuteRegistry | None = None) -> list[str]:
    """Return one citation per law, in order of first mention, its articles by number.

    For example 《法》第一条、第二条; an article without a number keeps its place at the end.

    Args:
        basis: The item's legal basis entries.
        registry: When given, a law's edition follows its name: 《法》（2023年修订）第二十条.
    """
    by_law: dict[str, list[str]] = {}
    for entry in basis:
        articles = by_law.setdefault(entry.law, [])
        if entry.article not in articles:
            articles.append(entry.article)
    lines = []
    for law, articles in by_law.items():
        statute = registry.get(law) if registry is not None else None
        name = statute.label() if statute is not None else f"《{law}》"
        ordered = sorted(articles, key=lambda article: article_numbers(article) or (10**6,))
        lines.append(f"{name}{'、'.join(ordered)}")
    return lines


def as_of_line(item: Item, template: str) -> str:
    """Return ``template`` with ``{month}`` set to the item's review month (``YYYY-MM``)."""
    return template.format(month=item.review_date.strftime("%Y-%m"))


def basis_html(
    item: Item, *, header: str, as_of: str, registry: StatuteRegistry | None = None
) -> str:
    """Return the item's legal basis as Telegram HTML: a list in an expandable quote, then as-of.

    The list (one line per statute and its articles) sits in ``<blockquote expandable>``, so a
    phone shows its first lines and the reader taps for the rest; the as-of line stays visible.

    Args:
        item: The answered item.
        header: The list's heading, e.g. 法律依据.
        as_of: A template with ``{month}``, filled from the item's review date.
        registry: The statute registry, to name each law's edition.
    """
    lines = "\n".join(
        f"· {html.escape(line, quote=False)}"
        for line in citations(item.legal_basis, registry=registry)
    )
    stamp = html.escape(as_of_line(item, as_of), quote=False)
    return f"<blockquote expandable><b>{html.escape(header)}</b>\n{lines}</blockquote>\n{stamp}"
