"""The queries behind the staff tallies, each over its own read connection.

A year's tally reads hundreds of thousands of rows. Run on the bot's one shared connection it
would hold up every resident's question for that long, so the tallies open their own
connections to the same file (WAL lets readers run beside the writer) and close them after; two
of them let the self-service count run beside the consultation queries, on another core.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.services import counting
from bot.services.periods import Period
from bot.storage.clock import to_db
from bot.storage.database import Database
from bot.storage.process_reads import Statement, fetch_in_process

__all__ = [
    "BUSY_TIMEOUT_MS",
    "Reader",
    "backlog",
    "campaign_figures",
    "consultation_cells",
    "consultation_rows",
    "day_counts",
    "fetch",
    "fetch_apart",
    "keyed_self_service",
    "month_sql",
    "period_parts",
    "questions_self_service",
    "readers",
    "self_service",
    "timings",
    "unanswered",
]

BUSY_TIMEOUT_MS = 5000
"""How long a tally waits for a database locked by a checkpoint or another process."""

Reader = aiosqlite.Connection
_REFERRALS = ", ".join(f"'{outcome.value}'" for outcome in counting.REFERRAL_OUTCOMES)


@asynccontextmanager
async def readers(db: Database, count: int) -> AsyncIterator[list[Reader]]:
    """Open ``count`` read-only connections to ``db``'s file, closed on exit.

    An in-memory database cannot be opened twice: its own connection is lent instead.
    """
    if db.path == Path(":memory:"):
        yield [db.conn] * count
        return
    async with AsyncExitStack() as stack:
        connections = []
        for _ in range(count):
            conn = await stack.enter_async_context(aiosqlite.connect(db.path))
            conn.row_factory = aiosqlite.Row
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            await conn.execute("PRAGMA query_only = ON")
            connections.append(conn)
        yield connections


async def fetch(conn: Reader, sql: str, params: Sequence[Any] | dict[str, Any]) -> list[Any]:
    """Return every row of ``sql``."""
    async with conn.execute(sql, params) as cursor:
        return list(await cursor.fetchall())


async def fetch_apart(db: Database, statements: Sequence[Statement]) -> list[list[Any]]:
    """Return every row of each statement, read in a child process (another core).

    For the largest reads of the export (:mod:`bot.storage.process_reads`): the rows are
    plain tuples, read by position. An in-memory database is read on its own connection.
    """
    if db.path == Path(":memory:"):
        async with readers(db, 1) as (conn,):
            return [await fetch(conn, sql, params) for sql, params in statements]
    return await fetch_in_process(db.path, statements, busy_timeout_ms=BUSY_TIMEOUT_MS)


def month_sql(column: str, period: Period) -> str:
    """Return SQL for the local month (``YYYY-MM``) of a stored time within ``period``.

    Compares the stored text with each month's UTC start rather than converting every row.
    """
    months = period.months()
    if len(months) == 1:
        return f"'{months[0]}'"
    starts = [to_db(_month_start(month, period)) for month in months[1:]]
    whens = " ".join(
        f"WHEN {column} < '{start}' THEN '{month}'"
        for start, month in zip(starts, months, strict=False)
    )
    return f"CASE {whens} ELSE '{months[-1]}' END"


def _month_start(month: str, period: Period) -> dt.datetime:
    year, number = (int(part) for part in month.split("-"))
    return dt.datetime(year, number, 1, tzinfo=period.tz)


# The rows of counting.self_service_sql from the 人次 keys (bot.storage.person_times): each
# key row is one 人次, so the inner query counts rows in key order instead of de-duplicating
# residents. The last row (day NULL) is the number of questions logged in the period, read in
# the same statement (one snapshot): the keys are used only when they count every one of them.
_KEYED_SQL = """
SELECT day, channel, category, SUM(person_times) AS person_times, SUM(questions) AS questions,
       SUM(answered) AS answered, SUM(suggested) AS suggested, SUM(unknown) AS unknown
FROM (
    SELECT day, matter, channel, COUNT(*) AS person_times, MIN(category) AS category,
           SUM(questions) AS questions, SUM(answered) AS answered,
           SUM(suggested) AS suggested, SUM(unknown) AS unknown
    FROM question_person_times
    WHERE zone = :zone AND day >= :first_day AND day < :end_day
    GROUP BY day, matter, channel
)
GROUP BY day, channel, category
UNION ALL
SELECT NULL, NULL, NULL, NULL, COUNT(*), NULL, NULL, NULL FROM questions
WHERE asked_at >= :start AND asked_at < :end
"""


async def self_service(conn: Reader, period: Period) -> list[Any]:
    """Return the self-service rows of :func:`counting.self_service_sql` for ``period``.

    They are read from the 人次 keys (:func:`keyed_self_service`), or from the questions
    themselves when the keys do not count every question of the period.
    """
    keyed = await keyed_self_service(conn, period)
    return keyed if keyed is not None else await questions_self_service(conn, period)


async def keyed_self_service(conn: Reader, period: Period) -> list[Any] | None:
    """Return the rows of :func:`counting.self_service_sql`, read from the 人次 keys.

    Returns:
        The rows, or ``None`` when the keys of the period's zone do not count every question
        logged in the period (questions logged in another zone, or loaded without keys).
    """
    rows = await fetch(
        conn,
        _KEYED_SQL,
        {
            "zone": period.timezone,
            "first_day": period.start.toordinal() - counting.EPOCH_DAY,
            "end_day": period.end.toordinal() - counting.EPOCH_DAY,
            "start": period.start_db,
            "end": period.end_db,
        },
    )
    cells = [row for row in rows if row["day"] is not None]
    logged = sum(int(row["questions"]) for row in rows if row["day"] is None)
    return cells if sum(int(row["questions"]) for row in cells) == logged else None


async def questions_self_service(conn: Reader, period: Period) -> list[Any]:
    """Return the rows of :func:`counting.self_service_sql`, read from the questions."""
    return await fetch(conn, counting.self_service_sql(period), (period.start_db, period.end_db))


async def consultation_cells(conn: Reader, period: Period) -> list[Any]:
    """Return counts of the consultations filed in ``period``, with their rating sums.

    One row per local month, community, category, channel and outcome.
    """
    return await fetch(
        conn,
        f"""
        SELECT {month_sql("created_at", period)} AS month, community_id, category,
               channel, outcome, COUNT(*) AS n, TOTAL(urgent) AS urgent,
               COUNT(rating) AS rated, TOTAL(rating) AS rating_sum,
               COUNT(resolved) AS resolved_answered, TOTAL(resolved) AS resolved
        FROM consultations
        WHERE created_at >= ? AND created_at < ? AND {counting.CONSULTATION_SQL}
        GROUP BY month, community_id, category, channel, outcome
        """,
        (period.start_db, period.end_db),
    )


async def timings(conn: Reader, period: Period) -> list[Any]:
    """Return (minutes to first claim, hours to close) of each consultation filed in ``period``.

    Only consultations that came through the bot have timings: one recorded with ``/log``
    (visit, phone, letter) is filed closed when it is recorded.
    """
    return await fetch(
        conn,
        f"""
        SELECT (unixepoch({counting.FIRST_CLAIM_SQL}) - unixepoch(c.created_at)) / 60.0,
               (unixepoch(c.closed_at) - unixepoch(c.created_at)) / 3600.0
        FROM consultations AS c
        WHERE c.created_at >= ? AND c.created_at < ? AND c.channel = 'telegram'
        """,
        (period.start_db, period.end_db),
    )


async def backlog(conn: Reader, now_db: str) -> Any:
    """Return (active, unclaimed, past reminder, past escalation) as of ``now_db``."""
    rows = await fetch(
        conn,
        """
        SELECT COUNT(*), TOTAL(status = 'open'),
               TOTAL(status = 'open' AND remind_due_at <= :now),
               TOTAL(status = 'open' AND escalate_due_at <= :now)
        FROM consultations WHERE status IN ('open', 'claimed')
        """,
        {"now": now_db},
    )
    return rows[0]


async def unanswered(conn: Reader, period: Period) -> list[Any]:
    """Return (text, category, resident, count) of the unanswered questions of ``period``."""
    return await fetch(
        conn,
        """
        SELECT text, category, user_id, COUNT(*) AS n FROM questions
        WHERE decision = 'unknown' AND asked_at >= ? AND asked_at < ?
        GROUP BY text, category, user_id
        """,
        (period.start_db, period.end_db),
    )


async def campaign_figures(conn: Reader, period: Period) -> tuple[int, int]:
    """Return (场次, 人次) of the 普法 campaigns: campaigns with a copy sent, copies sent."""
    rows = await fetch(
        conn,
        """
        SELECT COUNT(DISTINCT campaign_id), COUNT(*) FROM campaign_sends
        WHERE status = 'sent' AND sent_at >= ? AND sent_at < ?
        """,
        (period.start_db, period.end_db),
    )
    return (int(rows[0][0]), int(rows[0][1])) if rows else (0, 0)


async def day_counts(conn: Reader, period: Period) -> Any:
    """Return (filed, closed, closed with a referral) for the consultations of ``period``."""
    rows = await fetch(
        conn,
        f"""
        SELECT
          (SELECT COUNT(*) FROM consultations
           WHERE created_at >= :start AND created_at < :end AND {counting.CONSULTATION_SQL}),
          (SELECT COUNT(*) FROM consultations
           WHERE closed_at >= :start AND closed_at < :end AND {counting.CONSULTATION_SQL}),
          (SELECT COUNT(*) FROM consultations
           WHERE closed_at >= :start AND closed_at < :end AND outcome IN ({_REFERRALS})
                 AND {counting.CONSULTATION_SQL})
        """,
        {"start": period.start_db, "end": period.end_db},
    )
    return rows[0]


def consultation_rows(period: Period, *, between: tuple[str, str] | None = None) -> Statement:
    """Return the query of the consultations filed in ``period`` with their adviser's name.

    Oldest first. ``StatsService`` reads the columns by position: keep their order.

    Args:
        period: The period.
        between: Only those filed from the first stored time to the second (exclusive),
            a part of ``period`` (:func:`period_parts`).
    """
    start, end = between if between is not None else (period.start_db, period.end_db)
    return (
        f"""
        SELECT c.id, c.created_at, {counting.FIRST_CLAIM_SQL} AS first_claim,
               c.closed_at, c.community_id, c.category, c.channel, c.adviser_id,
               a.name AS adviser_name, c.status, c.outcome, c.rating, c.resolved,
               c.urgent, c.consent, c.contact_name, c.contact_phone, c.summary
        FROM consultations AS c LEFT JOIN advisers AS a ON a.telegram_id = c.adviser_id
        WHERE c.created_at >= ? AND c.created_at < ? AND c.{counting.CONSULTATION_SQL}
        ORDER BY c.created_at, c.id
        """,
        (start, end),
    )


PART_DAYS = 62
"""A period longer than this is read in two parts (:func:`period_parts`)."""


def period_parts(period: Period) -> list[tuple[str, str]]:
    """Return ``period`` as one or two consecutive stretches of stored time, in order.

    A long period's consultations are read in two child processes at once (two cores, and
    the first half turned into rows while the second is still read); each stretch is
    ``[start, end)``, the first starting at the period's start, the last ending at its end.
    """
    days = (period.end - period.start).days
    if days <= PART_DAYS:
        return [(period.start_db, period.end_db)]
    middle = period.start + dt.timedelta(days=days // 2)
    split = to_db(dt.datetime.combine(middle, dt.time(), tzinfo=period.tz))
    return [(period.start_db, split), (split, period.end_db)]
