"""Review currency: when an item is due for review, and which cited statutes changed since."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.models import Item
from knowledge.statutes import Statute, StatuteRegistry

__all__ = ["REVIEW_MONTHS", "ReviewDue", "due_for_review", "next_review"]

REVIEW_MONTHS = 12
"""An item not reviewed for this many months is due for review."""


@dataclass(frozen=True, slots=True)
class ReviewDue:
    """An item that needs a legal review, and why."""

    item: Item
    overdue: bool
    """Its last review is ``REVIEW_MONTHS`` months old or older."""
    changed: tuple[Statute, ...]
    """Cited statutes adopted or taking effect after the item's last review."""


def next_review(reviewed: dt.date) -> dt.date:
    """Return the day ``REVIEW_MONTHS`` months after ``reviewed`` (28 Feb for a 29 Feb review)."""
    month = reviewed.month - 1 + REVIEW_MONTHS
    year, month = reviewed.year + month // 12, month % 12 + 1
    for day in range(reviewed.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, min(reviewed.day, 28))


def due_for_review(
    items: Iterable[Item], registry: StatuteRegistry, *, today: dt.date
) -> list[ReviewDue]:
    """Return the items due for review on ``today``, oldest review first.

    Args:
        items: The knowledge items.
        registry: The statute registry the items cite.
        today: The day to judge by.

    Returns:
        One entry per item that is overdue or cites a statute changed since its review.
    """
    due = []
    for item in items:
        reviewed = item.review_date
        changed: dict[str, Statute] = {}
        for basis in item.legal_basis:
            statute = registry.get(basis.law)
            if statute is not None and max(statute.adopted, statute.in_force) > reviewed:
                changed.setdefault(statute.name, statute)
        overdue = next_review(reviewed) <= today
        if overdue or changed:
            due.append(ReviewDue(item, overdue, tuple(changed.values())))
    return sorted(due, key=lambda entry: (entry.item.review_date, entry.item.id))
