"""The advisers' work logs (法律顾问工作日志, 一次一记、一事一记), produced from what is stored.

One entry per adviser, matter and local day on which the adviser worked on it: a day they
claimed a consultation, replied to its resident through the bot or closed it, and each
consultation they recorded with ``/log``. Its result is the outcome when the matter was
closed that day (a mediation's own outcome, 调解成功 …), else what the day's work was
(``texts.WORKLOG_REPLIED`` or ``texts.WORKLOG_CLAIMED``). Summaries are masked
(:func:`~bot.services.masking.mask_personal`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from bot import texts
from bot.services import counting
from bot.services import stats_queries as queries
from bot.services.advisers import AdviserService
from bot.services.consultations import OUTCOME_LABELS
from bot.services.errors import AccessDenied, InvalidInput
from bot.services.masking import mask_personal
from bot.services.periods import Period
from bot.services.stats import StatsService
from bot.storage.database import Database

__all__ = ["WorklogEntry", "WorklogService", "month_period_text"]

_OUTCOMES = {outcome.value: label for outcome, label in OUTCOME_LABELS.items()}
_MEDIATION_OUTCOMES = texts.CASE_OUTCOMES["mediation"]
"""A closed mediation's result is its mediation outcome (调解成功…), not 转人民调解."""
_BARE_MONTH = re.compile(r"^(\d{1,2})月(份)?$")

# Contacts in the period: replies to residents, claims and closings, /log entries (rank 2 is
# a closing: the day's result is the outcome; rank 1 a reply; rank 0 a claim).
_CONTACTS = """
    SELECT consultation_id, sender_id AS adviser_id, at, 1 AS rank
    FROM consultation_messages
    WHERE direction = 'to_resident' AND at >= :start AND at < :end {messages}
    UNION ALL
    SELECT consultation_id, actor_id, at, CASE kind WHEN 'closed' THEN 2 ELSE 0 END
    FROM consultation_events
    WHERE kind IN ('claimed', 'closed') AND at >= :start AND at < :end
          AND actor_id IS NOT NULL {events}
    UNION ALL
    SELECT id, adviser_id, created_at, 2 FROM consultations
    WHERE channel != 'telegram' AND created_at >= :start AND created_at < :end {logged}
"""

# The contacts folded into one row per adviser, local day and matter with the day's highest
# rank, in that order. A resident ending their own consultation is no adviser's work. Only
# numbers: each matter's own columns are read once (_MATTERS_SQL), not once per day.
_FOLDED_SQL = """
SELECT x.adviser_id, {day} AS day, x.consultation_id, MAX(x.rank) AS rank
FROM ({contacts}) AS x
JOIN consultations AS c ON c.id = x.consultation_id
WHERE x.adviser_id != c.resident_id
GROUP BY x.adviser_id, day, x.consultation_id
ORDER BY x.adviser_id, day, x.consultation_id
"""

# The matters of those contacts, and the advisers' names.
_MATTERS_SQL = """
SELECT c.id, c.community_id, c.category, c.summary, c.channel, c.outcome,
       m.outcome AS mediation_outcome
FROM consultations AS c LEFT JOIN mediation_requests AS m ON m.consultation_id = c.id
WHERE c.id IN (SELECT consultation_id FROM ({contacts}))
"""
_ADVISERS_SQL = "SELECT telegram_id, name FROM advisers"


class WorklogEntry(NamedTuple):
    """One line of a work log.

    A named tuple, not a dataclass: a year's export makes 250,000 of them, five times
    faster so.
    """

    adviser_id: int
    adviser: str | None
    """The registered name; ``None`` for someone not registered as an adviser (staff)."""
    day: dt.date
    """The local day of the contact."""
    number: int
    """The consultation's number."""
    community: str
    category: str
    summary: str
    """Masked."""
    method: str
    """线上, 电话, 面谈 or 书面 (``texts.WORKLOG_METHODS``)."""
    result: str


def month_period_text(text: str, today: dt.date) -> str:
    """Return ``text`` as a period :func:`~bot.services.periods.parse_period` reads.

    A bare month (``11月``) is the latest such month up to ``today``: this year's, or last
    year's when it is still to come; anything else is returned unchanged.
    """
    found = _BARE_MONTH.match(text.strip())
    if found is None:
        return text
    month = int(found.group(1))
    year = today.year if month <= today.month else today.year - 1
    return f"{year}年{month}月"


class WorklogService:
    """Reads the advisers' work logs; never writes."""

    def __init__(
        self, db: Database, stats: StatsService, roster: AdviserService | None = None
    ) -> None:
        """Read ``db``; ``stats`` names things, ``roster`` tells who may read whose log.

        Without a roster (the command line) nobody may read through :meth:`whose`;
        :meth:`entries` reads everyone's.
        """
        self._db = db
        self._roster = roster
        self._stats = stats

    def period(self, text: str, today: dt.date) -> Period:
        """Parse a month (``11月``, ``上月``, ``2026年10月``) or another period.

        Raises:
            InvalidInput: It is not a period.
        """
        return self._stats.period(month_period_text(text, today) if text else "month")

    async def may_read(self, user_id: int) -> bool:
        """Return whether ``user_id`` has a work log to read (staff or an active adviser)."""
        roster = self._roster
        if roster is None:
            return False
        return roster.is_staff(user_id) or await roster.active_adviser(user_id) is not None

    async def whose(self, reader_id: int, name: str | None) -> tuple[int, str | None]:
        """Return whose log ``reader_id`` may read when they name ``name`` (or nobody).

        An adviser reads their own; staff may name a registered adviser by name or id.

        Returns:
            The adviser's id and registered name (``None``: not registered, e.g. staff).

        Raises:
            AccessDenied: The reader is neither staff nor an active adviser, or an adviser
                named someone else.
            InvalidInput: Staff named nobody the roster knows (``field`` is ``adviser``).
        """
        roster = self._roster
        if roster is None or not await self.may_read(reader_id):
            raise AccessDenied(f"user {reader_id} has no work log")
        if not name:
            own = await roster.active_adviser(reader_id)
            return reader_id, own.name if own else None
        if not roster.is_staff(reader_id):
            raise AccessDenied("an adviser reads only their own work log")
        for adviser in await roster.list_advisers(reader_id):
            if name in (adviser.name, str(adviser.telegram_id)):
                return adviser.telegram_id, adviser.name
        raise InvalidInput(f"no adviser {name!r}", field="adviser")

    async def entries(self, period: Period, adviser_id: int | None = None) -> list[WorklogEntry]:
        """Return the work log of ``period``: one adviser's, or everyone's (``None``).

        Ordered by adviser, then day, then consultation number.
        """
        one = adviser_id is not None
        contacts = _CONTACTS.format(
            messages="AND sender_id = :adviser" if one else "",
            events="AND actor_id = :adviser" if one else "",
            logged="AND adviser_id = :adviser" if one else "",
        )
        folded = _FOLDED_SQL.format(day=counting.local_day_sql("x.at", period), contacts=contacts)
        params = {"start": period.start_db, "end": period.end_db, "adviser": adviser_id}
        # In a child process: a year's 250,000 contacts are seconds of work. Contacts
        # first: nothing deletes a consultation, so the matters read after them hold every
        # one the contacts name (and perhaps a newer one, unused).
        rows, matters, advisers = await queries.fetch_apart(
            self._db,
            [
                (folded, params),
                (_MATTERS_SQL.format(contacts=contacts), params),
                (_ADVISERS_SQL, ()),
            ],
        )
        return await asyncio.to_thread(self._entries, rows, matters, advisers)

    def _entries(
        self, rows: Sequence[Any], matters: Sequence[Any], advisers: Sequence[Any]
    ) -> list[WorklogEntry]:
        """Turn the folded contacts into entries, in their order (a worker thread).

        They come by adviser, then day, then matter: a matter's days in two months must not
        split its adviser's month into two blocks of the sheet. Each matter's names, labels
        and masked summary are worked out once, for all its days.
        """
        names = {row[0]: row[1] for row in advisers}
        communities: dict[str, str] = {}
        categories: dict[str, str] = {}
        masked: dict[str, str] = {}
        matter: dict[int, tuple[str, str, str, str, str | None, str | None]] = {}
        for number, community, category, summary, channel, outcome, mediation in matters:
            if community not in communities:
                communities[community] = self._stats.community_name(community)
            if category not in categories:
                categories[category] = self._stats.category_label(category)
            if summary not in masked:
                masked[summary] = mask_personal(summary)
            matter[number] = (
                communities[community],
                categories[category],
                masked[summary],
                texts.WORKLOG_METHODS.get(channel, channel),
                outcome,
                mediation,
            )
        entries = []
        dates: dict[int, dt.date] = {}
        make = WorklogEntry._make  # positional: keywords cost twice the time of the tuple
        for adviser_id, day_number, number, rank in rows:
            day = dates.get(day_number)
            if day is None:
                day = dates[day_number] = counting.local_day(day_number)
            community, category, summary, method, outcome, mediation = matter[number]
            if rank == 2 and mediation is not None:
                result = _MEDIATION_OUTCOMES[mediation]
            elif rank == 2:
                result = _OUTCOMES.get(outcome, outcome or "")  # type: ignore[arg-type]
            else:
                result = texts.WORKLOG_REPLIED if rank == 1 else texts.WORKLOG_CLAIMED
            # In the fields' order: adviser_id, adviser, day, number, community, category,
            # summary, method, result.
            entries.append(
                make(
                    (
                        adviser_id,
                        names.get(adviser_id),
                        day,
                        number,
                        community,
                        category,
                        summary,
                        method,
                        result,
                    )
                )
            )
        return entries
