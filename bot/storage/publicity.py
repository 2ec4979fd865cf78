"""普法 records: quiz series and their polls, leaderboard nicknames, check-ins and reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.transaction import transaction

__all__ = [
    "AnsweredPoll",
    "BoardRow",
    "Checkin",
    "CheckinRepository",
    "PublicityFigures",
    "QuizPoll",
    "QuizRepository",
    "QuizSeries",
    "Reminder",
    "publicity_figures",
]


@dataclass(frozen=True, slots=True)
class QuizSeries:
    """A series of quiz polls one resident takes."""

    id: int
    user_id: int
    chat_id: int
    started_at: dt.datetime
    plan: tuple[str, ...]
    """The quiz ids, in the order they are asked."""
    score: int
    finished_at: dt.datetime | None

    @property
    def total(self) -> int:
        """How many questions the series has."""
        return len(self.plan)


@dataclass(frozen=True, slots=True)
class QuizPoll:
    """One quiz poll sent in a series, and the answer once given."""

    poll_id: str
    series_id: int
    position: int
    quiz_id: str
    item_id: str
    correct_option: int
    sent_at: dt.datetime
    chosen_option: int | None


@dataclass(frozen=True, slots=True)
class AnsweredPoll:
    """An answer just recorded: the poll, whether it was right, and the series after it."""

    poll: QuizPoll
    correct: bool
    series: QuizSeries


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One nickname on the weekly leaderboard."""

    nickname: str
    score: int
    series: int


@dataclass(frozen=True, slots=True)
class Checkin:
    """One day's check-in."""

    local_date: dt.date
    item_id: str


@dataclass(frozen=True, slots=True)
class Reminder:
    """A resident's daily check-in reminder time (local)."""

    user_id: int
    chat_id: int
    remind_at: dt.time


@dataclass(frozen=True, slots=True)
class PublicityFigures:
    """The 普法 figures of a period (see docs/counting.md)."""

    quiz_participants: int
    quiz_series: int
    average_score: float | None
    checkins: int
    campaign_quiz_takers: int = 0
    """Residents who finished a campaign's quiz (each counted once in the period)."""
    campaign_quiz_average: float | None = None


def _series(row: Any) -> QuizSeries:
    return QuizSeries(
        id=row["id"],
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        started_at=from_db(row["started_at"]),
        plan=tuple(row["plan"].split(",")),
        score=row["score"],
        finished_at=from_db(row["finished_at"]) if row["finished_at"] else None,
    )


def _poll(row: Any) -> QuizPoll:
    return QuizPoll(
        poll_id=row["poll_id"],
        series_id=row["series_id"],
        position=row["position"],
        quiz_id=row["quiz_id"],
        item_id=row["item_id"],
        correct_option=row["correct_option"],
        sent_at=from_db(row["sent_at"]),
        chosen_option=row["chosen_option"],
    )


class QuizRepository:
    """Typed access to ``quiz_series``, ``quiz_polls`` and ``quiz_nicknames``."""

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def start_series(
        self, user_id: int, chat_id: int, plan: tuple[str, ...], now: dt.datetime
    ) -> QuizSeries:
        """Record a new series asking ``plan`` (quiz ids, in order)."""
        series = await self._insert_series(user_id, chat_id, plan, now, campaign_id=None)
        assert series is not None
        return series

    async def start_campaign_series(
        self, user_id: int, chat_id: int, plan: tuple[str, ...], now: dt.datetime, campaign_id: int
    ) -> QuizSeries | None:
        """Record the series of campaign ``campaign_id``'s quiz; ``None`` if it was begun before."""
        return await self._insert_series(user_id, chat_id, plan, now, campaign_id=campaign_id)

    async def _insert_series(
        self,
        user_id: int,
        chat_id: int,
        plan: tuple[str, ...],
        now: dt.datetime,
        *,
        campaign_id: int | None,
    ) -> QuizSeries | None:
        async with transaction(self._db) as conn:
            # One series per resident and campaign (a unique index): a second tap adds none.
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO quiz_series"
                " (user_id, chat_id, started_at, plan, total, campaign_id)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (user_id, chat_id, to_db(now), ",".join(plan), len(plan), campaign_id),
            )
            if cursor.rowcount == 0:
                return None
            series_id = cursor.lastrowid
        assert series_id is not None
        return QuizSeries(series_id, user_id, chat_id, now, plan, 0, None)

    async def series(self, series_id: int) -> QuizSeries | None:
        """Return the series ``series_id``, if it exists."""
        async with self._db.conn.execute(
            "SELECT * FROM quiz_series WHERE id = ?", (series_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _series(row) if row is not None else None

    async def add_poll(
        self,
        poll_id: str,
        series_id: int,
        position: int,
        quiz_id: str,
        item_id: str,
        correct_option: int,
        now: dt.datetime,
    ) -> None:
        """Record that question ``position`` of the series went out as poll ``poll_id``."""
        async with transaction(self._db) as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO quiz_polls (poll_id, series_id, position, quiz_id,"
                " item_id, correct_option, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (poll_id, series_id, position, quiz_id, item_id, correct_option, to_db(now)),
            )

    async def polls(self, series_id: int) -> list[QuizPoll]:
        """Return the polls of a series, in order."""
        async with self._db.conn.execute(
            "SELECT * FROM quiz_polls WHERE series_id = ? ORDER BY position", (series_id,)
        ) as cursor:
            return [_poll(row) for row in await cursor.fetchall()]

    async def record_answer(
        self, poll_id: str, user_id: int, option: int, now: dt.datetime
    ) -> AnsweredPoll | None:
        """Record ``user_id``'s first answer to ``poll_id`` and score it.

        Returns:
            The answer and the series after it; ``None`` when the poll is unknown, belongs to
            another user's series, or was answered before (a re-delivered answer).
        """
        async with transaction(self._db) as conn:
            async with conn.execute(
                "SELECT p.* FROM quiz_polls p JOIN quiz_series s ON s.id = p.series_id"
                " WHERE p.poll_id = ? AND s.user_id = ?",
                (poll_id, user_id),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return None
            cursor = await conn.execute(
                "UPDATE quiz_polls SET chosen_option = ?, answered_at = ?"
                " WHERE poll_id = ? AND chosen_option IS NULL",
                (option, to_db(now), poll_id),
            )
            if cursor.rowcount == 0:
                return None
            poll = replace(_poll(row), chosen_option=option)
            correct = option == poll.correct_option
            await conn.execute(
                "UPDATE quiz_series SET score = score + ?,"
                " finished_at = CASE WHEN ? >= total THEN ? ELSE finished_at END WHERE id = ?",
                (int(correct), poll.position + 1, to_db(now), poll.series_id),
            )
            async with conn.execute(
                "SELECT * FROM quiz_series WHERE id = ?", (poll.series_id,)
            ) as cursor:
                series = _series(await cursor.fetchone())
        return AnsweredPoll(poll, correct, series)

    async def open_poll(self, user_id: int, since: dt.datetime) -> QuizPoll | None:
        """Return ``user_id``'s latest poll sent since ``since`` that awaits an answer."""
        row = await self._db.fetch_one(
            "SELECT p.* FROM quiz_polls p JOIN quiz_series s ON s.id = p.series_id"
            " WHERE s.user_id = ? AND p.chosen_option IS NULL AND p.sent_at >= ?"
            " ORDER BY p.sent_at DESC LIMIT 1",
            (user_id, to_db(since)),
        )
        return _poll(row) if row is not None else None

    async def asked_quiz_ids(self, user_id: int) -> list[str]:
        """Return the quiz ids ever sent to ``user_id``, oldest first."""
        async with self._db.conn.execute(
            "SELECT p.quiz_id FROM quiz_polls p JOIN quiz_series s ON s.id = p.series_id"
            " WHERE s.user_id = ? ORDER BY p.sent_at",
            (user_id,),
        ) as cursor:
            return [row["quiz_id"] for row in await cursor.fetchall()]

    async def nickname(self, user_id: int) -> str | None:
        """Return ``user_id``'s leaderboard nickname, if they opted in."""
        async with self._db.conn.execute(
            "SELECT nickname FROM quiz_nicknames WHERE user_id = ?", (user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return str(row["nickname"]) if row is not None else None

    async def set_nickname(self, user_id: int, nickname: str, now: dt.datetime) -> bool:
        """Set ``user_id``'s nickname; return False when another resident already uses it."""
        async with transaction(self._db) as conn:
            async with conn.execute(
                "SELECT user_id FROM quiz_nicknames WHERE nickname = ?", (nickname,)
            ) as cursor:
                row = await cursor.fetchone()
            if row is not None and row["user_id"] != user_id:
                return False
            await conn.execute(
                "INSERT INTO quiz_nicknames (user_id, nickname, set_at) VALUES (?, ?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET nickname = excluded.nickname,"
                " set_at = excluded.set_at",
                (user_id, nickname, to_db(now)),
            )
        return True

    async def delete_nickname(self, user_id: int) -> bool:
        """Delete ``user_id``'s nickname (leave the leaderboard); return whether one existed."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute("DELETE FROM quiz_nicknames WHERE user_id = ?", (user_id,))
            return cursor.rowcount > 0

    async def board(self, start: dt.datetime, end: dt.datetime, limit: int) -> list[BoardRow]:
        """Return the best nicknames by points of series finished in ``[start, end)``."""
        async with self._db.conn.execute(
            "SELECT n.nickname, sum(s.score) AS score, count(*) AS series"
            " FROM quiz_series s JOIN quiz_nicknames n ON n.user_id = s.user_id"
            " WHERE s.finished_at >= ? AND s.finished_at < ?"
            " GROUP BY s.user_id ORDER BY score DESC, series ASC, n.nickname LIMIT ?",
            (to_db(start), to_db(end), limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [BoardRow(row["nickname"], row["score"], row["series"]) for row in rows]


class CheckinRepository:
    """Typed access to ``checkins`` and ``checkin_reminders``."""

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def add(
        self, user_id: int, local_date: dt.date, item_id: str, now: dt.datetime
    ) -> Checkin:
        """Check ``user_id`` in on ``local_date``; a second check-in that day keeps the first."""
        async with transaction(self._db) as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO checkins (user_id, local_date, item_id, checked_at)"
                " VALUES (?, ?, ?, ?)",
                (user_id, local_date.isoformat(), item_id, to_db(now)),
            )
            async with conn.execute(
                "SELECT item_id FROM checkins WHERE user_id = ? AND local_date = ?",
                (user_id, local_date.isoformat()),
            ) as cursor:
                row = await cursor.fetchone()
        assert row is not None
        return Checkin(local_date, row["item_id"])

    async def history(self, user_id: int) -> list[Checkin]:
        """Return ``user_id``'s check-ins, oldest first."""
        async with self._db.conn.execute(
            "SELECT local_date, item_id FROM checkins WHERE user_id = ? ORDER BY local_date",
            (user_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [Checkin(dt.date.fromisoformat(row["local_date"]), row["item_id"]) for row in rows]

    async def set_reminder(
        self, user_id: int, chat_id: int, remind_at: dt.time, now: dt.datetime
    ) -> None:
        """Remind ``user_id`` daily at ``remind_at`` (local time)."""
        async with transaction(self._db) as conn:
            await conn.execute(
                "INSERT INTO checkin_reminders (user_id, chat_id, remind_at, set_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
                " chat_id = excluded.chat_id, remind_at = excluded.remind_at,"
                " set_at = excluded.set_at",
                (user_id, chat_id, remind_at.strftime("%H:%M"), to_db(now)),
            )

    async def delete_reminder(self, user_id: int) -> bool:
        """Stop ``user_id``'s reminder; return whether there was one."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                "DELETE FROM checkin_reminders WHERE user_id = ?", (user_id,)
            )
            return cursor.rowcount > 0

    async def reminders(self) -> list[Reminder]:
        """Return every reminder (to rebuild the jobs at start-up)."""
        async with self._db.conn.execute(
            "SELECT * FROM checkin_reminders ORDER BY user_id"
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            Reminder(row["user_id"], row["chat_id"], dt.time.fromisoformat(row["remind_at"]))
            for row in rows
        ]

    async def reminder(self, user_id: int) -> Reminder | None:
        """Return ``user_id``'s reminder, if set."""
        return next((r for r in await self.reminders() if r.user_id == user_id), None)


async def publicity_figures(db: Database, start: dt.datetime, end: dt.datetime) -> PublicityFigures:
    """Return the quiz and check-in figures of ``[start, end)`` (docs/counting.md)."""
    async with db.conn.execute(
        "SELECT count(DISTINCT user_id) AS people, count(*) AS series, avg(score) AS average"
        " FROM quiz_series WHERE finished_at >= ? AND finished_at < ?",
        (to_db(start), to_db(end)),
    ) as cursor:
        quiz = await cursor.fetchone()
    async with db.conn.execute(
        "SELECT count(*) AS n FROM checkins WHERE checked_at >= ? AND checked_at < ?",
        (to_db(start), to_db(end)),
    ) as cursor:
        checkins = await cursor.fetchone()
    async with db.conn.execute(
        "SELECT count(DISTINCT user_id) AS people, avg(score) AS average FROM quiz_series"
        " WHERE campaign_id IS NOT NULL AND finished_at >= ? AND finished_at < ?",
        (to_db(start), to_db(end)),
    ) as cursor:
        campaign = await cursor.fetchone()
    assert quiz is not None
    assert checkins is not None
    assert campaign is not None
    return PublicityFigures(
        quiz["people"],
        quiz["series"],
        _mean(quiz["average"]),
        checkins["n"],
        campaign_quiz_takers=campaign["people"],
        campaign_quiz_average=_mean(campaign["average"]),
    )


def _mean(value: float | None) -> float | None:
    return float(value) if value is not None else None
