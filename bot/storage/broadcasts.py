"""普法 broadcasts: subscriptions, campaigns, and the send queue (one row per recipient).

A campaign's queue is written once, when it falls due: a row per active subscriber, pending.
The sender marks each row the moment the Bot API has accepted (sent) or refused (blocked,
failed) its message, so a restart resumes with the rows still pending and nobody gets a
second copy, except the one whose send was accepted just before a kill (at-least-once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import aiosqlite

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.transaction import transaction

__all__ = [
    "Campaign",
    "CampaignRepository",
    "CampaignStatus",
    "QuizTally",
    "SendStatus",
    "SendTally",
    "SubscriptionRepository",
]


class CampaignStatus(StrEnum):
    """Where a campaign is: waiting for its time, being sent, done or cancelled."""

    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class SendStatus(StrEnum):
    """What became of one recipient's copy."""

    PENDING = "pending"
    SENT = "sent"
    BLOCKED = "blocked"
    """The resident blocked the bot (403): unsubscribed."""
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Campaign:
    """A message staff scheduled for every subscriber."""

    id: int
    created_by: int
    created_at: dt.datetime
    send_at: dt.datetime
    text: str
    photo_file_id: str | None
    status: CampaignStatus
    finished_at: dt.datetime | None
    reported_at: dt.datetime | None
    quiz_topic: str | None = None
    """The quiz its copies offer: a category id, ``ALL_TOPICS``, or ``None`` (no quiz)."""


@dataclass(frozen=True, slots=True)
class QuizTally:
    """Who took a campaign's quiz: residents who finished its series, and their mean score."""

    takers: int = 0
    average_score: float | None = None


@dataclass(frozen=True, slots=True)
class SendTally:
    """How many of a campaign's copies are in each state."""

    pending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        """Every recipient of the campaign."""
        return self.pending + self.sent + self.blocked + self.failed


def _moment(text: str | None) -> dt.datetime | None:
    return from_db(text) if text else None


def _campaign(row: aiosqlite.Row) -> Campaign:
    return Campaign(
        id=row["id"],
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
        send_at=from_db(row["send_at"]),
        text=row["text"],
        photo_file_id=row["photo_file_id"],
        status=CampaignStatus(row["status"]),
        finished_at=_moment(row["finished_at"]),
        reported_at=_moment(row["reported_at"]),
        quiz_topic=row["quiz_topic"],
    )


class SubscriptionRepository:
    """Typed access to ``subscriptions`` and ``subscription_offers``."""

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def subscribe(self, user_id: int, *, now: dt.datetime) -> bool:
        """Subscribe ``user_id``; return ``False`` when they were subscribed already."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                INSERT INTO subscriptions (user_id, subscribed_at) VALUES (?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    subscribed_at = excluded.subscribed_at, unsubscribed_at = NULL, reason = NULL
                WHERE unsubscribed_at IS NOT NULL
                """,
                (user_id, to_db(now)),
            )
            return cursor.rowcount > 0

    async def unsubscribe(self, user_id: int, *, now: dt.datetime, reason: str) -> bool:
        """End ``user_id``'s subscription (``reason``: resident or blocked); ``False`` if none."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                "UPDATE subscriptions SET unsubscribed_at = ?, reason = ? "
                "WHERE user_id = ? AND unsubscribed_at IS NULL",
                (to_db(now), reason, user_id),
            )
            return cursor.rowcount > 0

    async def is_subscribed(self, user_id: int) -> bool:
        """Return whether ``user_id`` receives campaigns."""
        async with self._db.conn.execute(
            "SELECT 1 FROM subscriptions WHERE user_id = ? AND unsubscribed_at IS NULL",
            (user_id,),
        ) as cursor:
            return await cursor.fetchone() is not None

    async def active_count(self) -> int:
        """Return how many residents are subscribed."""
        async with self._db.conn.execute(
            "SELECT count(*) FROM subscriptions WHERE unsubscribed_at IS NULL"
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def mark_offered(self, user_id: int, *, now: dt.datetime) -> bool:
        """Record the one offer to subscribe; ``False`` when it was made before."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO subscription_offers (user_id, offered_at) VALUES (?, ?)",
                (user_id, to_db(now)),
            )
            return cursor.rowcount > 0


class CampaignRepository:
    """Typed access to ``campaigns`` and their queue ``campaign_sends``."""

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def add(
        self,
        *,
        created_by: int,
        now: dt.datetime,
        send_at: dt.datetime,
        text: str,
        photo_file_id: str | None,
        quiz_topic: str | None = None,
    ) -> Campaign:
        """Schedule a campaign and return it."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                "INSERT INTO campaigns "
                "(created_by, created_at, send_at, text, photo_file_id, quiz_topic) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (created_by, to_db(now), to_db(send_at), text, photo_file_id, quiz_topic),
            )
            number = cursor.lastrowid
        found = await self.get(int(number or 0))
        if found is None:
            raise RuntimeError("campaign neither inserted nor found")
        return found

    async def get(self, campaign_id: int) -> Campaign | None:
        """Return campaign ``campaign_id``, or ``None``."""
        async with self._db.conn.execute(
            "SELECT * FROM campaigns WHERE id = ?", (campaign_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _campaign(row) if row is not None else None

    async def with_status(self, status: CampaignStatus) -> list[Campaign]:
        """Return the campaigns in ``status``, by their time."""
        async with self._db.conn.execute(
            "SELECT * FROM campaigns WHERE status = ? ORDER BY send_at, id", (status.value,)
        ) as cursor:
            return [_campaign(row) for row in await cursor.fetchall()]

    async def start_due(self, now: dt.datetime) -> list[int]:
        """Queue every scheduled campaign whose time has come, in one transaction each.

        Returns:
            The campaigns that were queued now.
        """
        started: list[int] = []
        stamp = to_db(now)
        async with self._db.conn.execute(
            "SELECT id FROM campaigns WHERE status = 'scheduled' AND send_at <= ? ORDER BY id",
            (stamp,),
        ) as cursor:
            due = [int(row["id"]) for row in await cursor.fetchall()]
        for campaign_id in due:
            async with transaction(self._db) as conn:
                cursor = await conn.execute(
                    "UPDATE campaigns SET status = 'sending', started_at = ? "
                    "WHERE id = ? AND status = 'scheduled'",
                    (stamp, campaign_id),
                )
                if cursor.rowcount == 0:
                    continue
                await conn.execute(
                    "INSERT OR IGNORE INTO campaign_sends (campaign_id, chat_id) "
                    "SELECT ?, user_id FROM subscriptions WHERE unsubscribed_at IS NULL "
                    "ORDER BY user_id",
                    (campaign_id,),
                )
            started.append(campaign_id)
        return started

    async def pending(self, campaign_id: int, *, limit: int) -> list[tuple[int, int]]:
        """Return up to ``limit`` pending recipients as (chat id, attempts so far)."""
        async with self._db.conn.execute(
            "SELECT chat_id, attempts FROM campaign_sends "
            "WHERE campaign_id = ? AND status = 'pending' ORDER BY chat_id LIMIT ?",
            (campaign_id, limit),
        ) as cursor:
            return [(int(row[0]), int(row[1])) for row in await cursor.fetchall()]

    async def mark(
        self,
        campaign_id: int,
        chat_id: int,
        status: SendStatus,
        *,
        now: dt.datetime,
        message_id: int | None = None,
    ) -> None:
        """Record what became of ``chat_id``'s copy (a pending row only: never twice)."""
        async with transaction(self._db) as conn:
            await conn.execute(
                "UPDATE campaign_sends SET status = ?, sent_at = ?, message_id = ?, "
                "attempts = attempts + 1 "
                "WHERE campaign_id = ? AND chat_id = ? AND status = 'pending'",
                (status.value, to_db(now), message_id, campaign_id, chat_id),
            )

    async def retry_later(self, campaign_id: int, chat_id: int) -> None:
        """Count a failed attempt of ``chat_id``'s copy; the row stays pending."""
        async with transaction(self._db) as conn:
            await conn.execute(
                "UPDATE campaign_sends SET attempts = attempts + 1 "
                "WHERE campaign_id = ? AND chat_id = ? AND status = 'pending'",
                (campaign_id, chat_id),
            )

    async def tally(self, campaign_id: int) -> SendTally:
        """Return how many of the campaign's copies are in each state."""
        async with self._db.conn.execute(
            "SELECT status, count(*) FROM campaign_sends WHERE campaign_id = ? GROUP BY status",
            (campaign_id,),
        ) as cursor:
            counts = {str(row[0]): int(row[1]) for row in await cursor.fetchall()}
        return SendTally(**counts)

    async def was_sent(self, campaign_id: int, chat_id: int) -> bool:
        """Return whether ``chat_id``'s copy of the campaign was accepted by the Bot API."""
        async with self._db.conn.execute(
            "SELECT 1 FROM campaign_sends WHERE campaign_id = ? AND chat_id = ? "
            "AND status = 'sent'",
            (campaign_id, chat_id),
        ) as cursor:
            return await cursor.fetchone() is not None

    async def quiz_tally(self, campaign_id: int) -> QuizTally:
        """Return who finished the campaign's quiz (one series per resident) and their mean."""
        async with self._db.conn.execute(
            "SELECT count(*), avg(score) FROM quiz_series "
            "WHERE campaign_id = ? AND finished_at IS NOT NULL",
            (campaign_id,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None or not row[0]:
            return QuizTally()
        return QuizTally(int(row[0]), float(row[1]))

    async def finish(self, campaign_id: int, *, now: dt.datetime) -> bool:
        """Mark a campaign with nothing pending done; ``False`` if it was not sending."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                "UPDATE campaigns SET status = 'done', finished_at = ? "
                "WHERE id = ? AND status = 'sending' AND NOT EXISTS ("
                "SELECT 1 FROM campaign_sends WHERE campaign_id = ? AND status = 'pending')",
                (to_db(now), campaign_id, campaign_id),
            )
            return cursor.rowcount > 0

    async def unreported(self) -> list[Campaign]:
        """Return the finished campaigns whose report staff have not been sent."""
        async with self._db.conn.execute(
            "SELECT * FROM campaigns WHERE status = 'done' AND reported_at IS NULL ORDER BY id"
        ) as cursor:
            return [_campaign(row) for row in await cursor.fetchall()]

    async def mark_reported(self, campaign_id: int, *, now: dt.datetime) -> None:
        """Record that staff were sent the campaign's report."""
        async with transaction(self._db) as conn:
            await conn.execute(
                "UPDATE campaigns SET reported_at = ? WHERE id = ? AND reported_at IS NULL",
                (to_db(now), campaign_id),
            )

    async def reminded_days(self, days: list[str]) -> set[str]:
        """Return which of the calendar ``days`` (ISO dates) staff were reminded of."""
        if not days:
            return set()
        marks = ", ".join("?" * len(days))
        async with self._db.conn.execute(
            f"SELECT day FROM campaign_reminders WHERE day IN ({marks})", days
        ) as cursor:
            return {str(row[0]) for row in await cursor.fetchall()}

    async def mark_reminded(self, day: str, *, now: dt.datetime) -> None:
        """Record that staff were reminded of the calendar date ``day``."""
        async with transaction(self._db) as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO campaign_reminders (day, sent_at) VALUES (?, ?)",
                (day, to_db(now)),
            )
