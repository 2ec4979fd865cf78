"""The self-service 人次 keys: one row per zone, local day, matter, channel and resident.

Counting rule 2 counts a resident once per matter, local day and channel. Instead of
de-duplicating a period's questions at every tally, each logged question writes its key in
the same transaction (:meth:`bot.storage.questions.QuestionRepository.add`): a new key is a
new 人次, an existing one only counts one more question. A key row keeps the smallest category
id of its questions and how many were answered, suggested or unknown, so a tally reads the
keys alone. Forgetting a resident moves their keys to the pseudonym, as it moves their
questions (:mod:`bot.storage.privacy`); retention keeps questions' residents, and so the keys.

Days are those of one time zone, named on every row (``zone``): the deployment's
``TIMEZONE`` when the bot logs the question; the migration keyed older questions in
Asia/Shanghai. A tally in another zone finds no keys for its questions and counts the
questions themselves (``bot.services.stats_queries.self_service``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from zoneinfo import ZoneInfo

from bot.storage.clock import from_db, to_db

__all__ = ["DEFAULT_ZONE", "add_key", "backfill_sql", "local_day_number"]

DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")
"""The zone of the keys when none is given (the default ``TIMEZONE``)."""

_EPOCH = dt.date(1970, 1, 1)

_UPSERT = """
INSERT INTO question_person_times
    (zone, day, matter, channel, user_id, category, questions, answered, suggested, unknown)
VALUES (?, ?, COALESCE(?, ':' || ?), ?, ?, ?, 1, ?, ?, ?)
ON CONFLICT (zone, day, matter, channel, user_id) DO UPDATE SET
    category = MIN(category, excluded.category),
    questions = questions + 1,
    answered = answered + excluded.answered,
    suggested = suggested + excluded.suggested,
    unknown = unknown + excluded.unknown
"""


def local_day_number(moment: dt.datetime, zone: ZoneInfo) -> int:
    """Return the local day of ``moment`` as stored (seconds precision) in days since 1970-01-01.

    The same number as ``bot.services.counting.local_day_sql`` gives for the stored time.
    """
    return (from_db(to_db(moment)).astimezone(zone).date() - _EPOCH).days


def add_key(
    conn: sqlite3.Connection,
    *,
    zone: ZoneInfo,
    user_id: int,
    asked_at: dt.datetime,
    item_id: str | None,
    category: str,
    channel: str,
    decision: str,
) -> None:
    """Count one more question under its key, inside the caller's block (database thread)."""
    conn.execute(
        _UPSERT,
        (
            zone.key,
            local_day_number(asked_at, zone),
            item_id,
            category,
            channel,
            user_id,
            category,
            int(decision == "answer"),
            int(decision == "suggest"),
            int(decision == "unknown"),
        ),
    )


def backfill_sql(zone: str, offset_seconds: int) -> str:
    """Return SQL that keys every question in ``zone``, a zone of constant ``offset_seconds``.

    What the migration did for Asia/Shanghai; for tools that load questions in bulk
    (``benchmarks/stats_speed.py``). Existing keys of ``zone`` must be deleted first.
    """
    if not zone.replace("/", "").replace("_", "").isalnum():
        raise ValueError(f"not a zone name: {zone!r}")
    return f"""
        INSERT INTO question_person_times
        SELECT '{zone}', (unixepoch(asked_at) + {int(offset_seconds):d}) / 86400,
               COALESCE(item_id, ':' || category), channel, user_id, MIN(category), COUNT(*),
               TOTAL(decision = 'answer'), TOTAL(decision = 'suggest'),
               TOTAL(decision = 'unknown')
        FROM questions
        GROUP BY 2, 3, 4, 5
    """
