"""The summary's consultation figures counted from the export's rows, not read again.

:func:`bot.reports.export.export_ledger` reads every consultation of the period for its
sheets anyway; the summary's per-cell counts and timings
(:func:`bot.services.stats_queries.consultation_cells` and
:func:`~bot.services.stats_queries.timings`) are then counted from those rows in the same
form, instead of scanning the period's consultations twice more.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.services.stats_models import ConsultationRow

__all__ = ["cells_from_rows", "timings_from_rows"]

_CellKey = tuple[int, str, str, str, str | None]


def cells_from_rows(rows: Sequence[ConsultationRow]) -> list[dict[str, Any]]:
    """Return the rows of ``consultation_cells`` for the consultations ``rows``.

    One per local month, community, category, channel and outcome, with the same columns,
    in the order each first occurs. Rows are unpacked rather than read by field name, and
    months counted as numbers until the end (a year is 100,000 rows).
    """
    cells: dict[_CellKey, list[int]] = {}
    for (
        _, created, _, _, community_id, _, category_id, _, channel, _, _, _, outcome_id, _,
        rating, resolved, _, _, urgent, _, _, _, _,
    ) in rows:  # fmt: skip
        key = (
            created.year * 12 + created.month - 1,
            community_id,
            category_id,
            channel,
            outcome_id,
        )
        counts = cells.get(key)
        if counts is None:
            counts = cells[key] = [0, 0, 0, 0, 0, 0]
        counts[0] += 1
        counts[1] += urgent
        if rating is not None:
            counts[2] += 1
            counts[3] += rating
        if resolved is not None:
            counts[4] += 1
            counts[5] += resolved
    return [
        {
            "month": f"{month // 12:04d}-{month % 12 + 1:02d}",
            "community_id": community,
            "category": category,
            "channel": channel,
            "outcome": outcome,
            "n": n,
            "urgent": urgent,
            "rated": rated,
            "rating_sum": rating_sum,
            "resolved_answered": answered,
            "resolved": resolved,
        }
        for (month, community, category, channel, outcome), (
            n,
            urgent,
            rated,
            rating_sum,
            answered,
            resolved,
        ) in cells.items()
    ]


def timings_from_rows(rows: Sequence[ConsultationRow]) -> list[tuple[float | None, float | None]]:
    """Return the rows of ``timings`` for the consultations ``rows``.

    (minutes to the first claim, hours to close) of each consultation through the bot.
    """
    timings = []
    for row in rows:
        if row.channel != "telegram":
            continue
        claimed, closed = row.claimed_at, row.closed_at
        timings.append(
            (
                None if claimed is None else (claimed - row.created_at).total_seconds() / 60,
                None if closed is None else (closed - row.created_at).total_seconds() / 3600,
            )
        )
    return timings
