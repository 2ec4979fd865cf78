"""The export's rows: stored consultations turned into :class:`ConsultationRow`.

A year's export turns 100,000 consultations into rows, three stored times each. Converting
each time to the local zone on its own (``fromisoformat`` then ``astimezone``) was most of
that work; :class:`LocalTimes` converts once per UTC hour and adds the minutes and seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from bot.services.stats_models import ConsultationRow

__all__ = ["LocalTimes", "export_rows"]

_HOUR_LESS_A_SECOND = dt.timedelta(seconds=3599)
_UNSEEN: Any = object()


class LocalTimes:
    """Stored times (UTC text, ``2025-01-31T08:00:00Z``) as aware datetimes in one zone.

    Each UTC hour's local start is worked out once; a time in it is that start plus its
    minutes and seconds (each of the 3,600 kept once). The result is the datetime
    ``fromisoformat(stored).astimezone(tz)`` gives, fold included: an hour in which the
    zone's offset changes, or whose local times are the second of two (``fold=1``), and any
    text in another form, take that way instead.
    """

    def __init__(self, tz: ZoneInfo) -> None:
        """Convert to ``tz``."""
        self._tz = tz
        self._hours: dict[str, dt.datetime | None] = {}
        self._steps: dict[str, dt.timedelta] = {}

    def __call__(self, stored: str | None) -> dt.datetime | None:
        """Return the stored time ``stored`` in the zone; ``None`` (or empty) is ``None``.

        Raises:
            ValueError: ``stored`` is not a time.
        """
        if not stored:
            return None
        start = self._hours.get(stored[:13], _UNSEEN)
        if start is _UNSEEN:
            start = self._hours[stored[:13]] = self._hour_start(stored[:13])
        if start is None or len(stored) != 20 or stored[19] != "Z":
            return dt.datetime.fromisoformat(stored).astimezone(self._tz)
        step = self._steps.get(stored[14:19])
        if step is None:
            step = self._steps[stored[14:19]] = dt.datetime.fromisoformat(
                stored
            ) - dt.datetime.fromisoformat(f"{stored[:13]}:00:00Z")
        result: dt.datetime = start + step
        return result

    def _hour_start(self, hour: str) -> dt.datetime | None:
        """The local time of the UTC hour ``hour`` (``2025-01-31T08``) began; ``None``: not one.

        ``None`` too when the offset is not the same through the hour, or its times fold.
        """
        try:
            utc = dt.datetime.fromisoformat(f"{hour}:00:00Z")
        except ValueError:
            return None
        first = utc.astimezone(self._tz)
        last = (utc + _HOUR_LESS_A_SECOND).astimezone(self._tz)
        if first.fold or last.fold or first.utcoffset() != last.utcoffset():
            return None
        return first


def export_rows(
    rows: Sequence[Sequence[Any]],
    tz: ZoneInfo,
    *,
    community_name: Callable[[str], str],
    category: Callable[[str], tuple[str, str]],
    outcome_label: Callable[[str], str],
    mask: Callable[[str], str],
) -> list[ConsultationRow]:
    """Turn rows of ``stats_queries.consultation_rows`` into export rows, in their order.

    Names, labels and masked summaries are worked out once per distinct value; columns are
    read by position.

    Args:
        rows: The stored rows, in the query's column order.
        tz: The zone the times are shown in.
        community_name: A community's name from its id.
        category: A category's label and ledger class from its id.
        outcome_label: An outcome's label from its stored value.
        mask: Masks personal details in a summary.
    """
    local = LocalTimes(tz)
    names: dict[str, str] = {}
    categories: dict[str, tuple[str, str]] = {}
    outcomes: dict[str, str] = {}
    masked: dict[str, str] = {}
    make = ConsultationRow._make
    built = []
    for (
        number, created_at, first_claim, closed_at, community, category_id, channel,
        adviser_id, adviser_name, status, outcome, rating, resolved, urgent, consent,
        contact_name, contact_phone, summary,
    ) in rows:  # fmt: skip
        name = names.get(community)
        if name is None:
            name = names[community] = community_name(community)
        labels = categories.get(category_id)
        if labels is None:
            labels = categories[category_id] = category(category_id)
        if outcome is None:
            label = None
        else:
            label = outcomes.get(outcome)
            if label is None:
                label = outcomes[outcome] = outcome_label(outcome)
        text = masked.get(summary)
        if text is None:
            text = masked[summary] = mask(summary)
        created = local(created_at)
        assert created is not None
        claimed = local(first_claim)
        closed = local(closed_at)
        built.append(
            make(
                (
                    number,
                    created,
                    claimed,
                    closed,
                    community,
                    name,
                    category_id,
                    labels[0],
                    channel,
                    adviser_id,
                    adviser_name,
                    status,
                    outcome,
                    label,
                    rating,
                    None if resolved is None else bool(resolved),
                    None if claimed is None else int((claimed - created).total_seconds() // 60),
                    None if closed is None else int((closed - created).total_seconds() // 60),
                    bool(urgent),
                    contact_name if consent else None,
                    contact_phone if consent else None,
                    text,
                    labels[1],
                )
            )
        )
    return built
