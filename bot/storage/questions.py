"""The log of questions residents asked and what they thought of the answers."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from functools import partial
from zoneinfo import ZoneInfo

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.keys import MessageKey
from bot.storage.person_times import DEFAULT_ZONE, add_key
from bot.storage.residents import touch_row
from bot.storage.transaction import transaction, write_block

__all__ = ["LoggedQuestion", "NewQuestion", "QuestionRepository"]


@dataclass(frozen=True, slots=True)
class NewQuestion:
    """A question to log; ``source`` is the message it came in, if any (logged once)."""

    user_id: int
    source: MessageKey | None
    asked_at: dt.datetime
    text: str
    decision: str
    item_id: str | None
    score: float
    category: str
    channel: str = "telegram"


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    """A question as stored."""

    id: int
    user_id: int
    asked_at: dt.datetime
    text: str
    decision: str
    item_id: str | None
    score: float
    category: str
    channel: str
    clicked_item_id: str | None
    feedback: int | None
    feedback_note: str | None


class QuestionRepository:
    """Typed access to the ``questions`` table."""

    def __init__(self, db: Database, *, zone: ZoneInfo = DEFAULT_ZONE) -> None:
        """Use the connection of ``db``; count 人次 by the local days of ``zone`` (``TIMEZONE``)."""
        self._db = db
        self._zone = zone

    @property
    def database(self) -> Database:
        """The database the questions are kept in (for a block spanning other tables)."""
        return self._db

    async def add(self, question: NewQuestion) -> int:
        """Log ``question`` and its 人次 key (``bot.storage.person_times``); return its id.

        A re-delivered message (same ``source``) is not logged twice: the id of the first
        entry is returned instead, and nothing is counted again. One block, one trip.
        """
        return await write_block(self._db, partial(self._insert, question))

    async def add_asked(self, question: NewQuestion, language: str | None) -> int:
        """Record the asker as seen (``residents``) and log ``question``, as :meth:`add` does.

        Both in one block and one trip to the database thread (instead of ``BEGIN``, a trip
        per statement and ``COMMIT``): this is every resident's question's write.
        """

        def work(conn: sqlite3.Connection) -> int:
            touch_row(conn, user_id=question.user_id, language=language, now=question.asked_at)
            return self._insert(question, conn)

        return await write_block(self._db, work)

    def _insert(self, question: NewQuestion, conn: sqlite3.Connection) -> int:
        """Insert ``question`` and count its key, in the caller's block (database thread)."""
        source = question.source
        chat_id, message_id = (source.chat_id, source.message_id) if source else (None, None)
        cursor = conn.execute(
            """
            INSERT INTO questions
                (user_id, source_chat_id, source_message_id, asked_at, text, decision,
                 item_id, score, category, channel)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source_chat_id, source_message_id) DO NOTHING
            """,
            (
                question.user_id,
                chat_id,
                message_id,
                to_db(question.asked_at),
                question.text,
                question.decision,
                question.item_id,
                question.score,
                question.category,
                question.channel,
            ),
        )
        if cursor.rowcount == 1 and cursor.lastrowid is not None:
            add_key(
                conn,
                zone=self._zone,
                user_id=question.user_id,
                asked_at=question.asked_at,
                item_id=question.item_id,
                category=question.category,
                channel=question.channel,
                decision=question.decision,
            )
            return cursor.lastrowid
        row = conn.execute(
            "SELECT id FROM questions WHERE source_chat_id = ? AND source_message_id = ?",
            (chat_id, message_id),
        ).fetchone()
        if row is None:
            raise RuntimeError("question neither inserted nor found")
        return int(row["id"])

    async def get(self, question_id: int) -> LoggedQuestion | None:
        """Return the logged question, or ``None``."""
        row = await self._db.fetch_one("SELECT * FROM questions WHERE id = ?", (question_id,))
        if row is None:
            return None
        return LoggedQuestion(
            id=row["id"],
            user_id=row["user_id"],
            asked_at=from_db(row["asked_at"]),
            text=row["text"],
            decision=row["decision"],
            item_id=row["item_id"],
            score=row["score"],
            category=row["category"],
            channel=row["channel"],
            clicked_item_id=row["clicked_item_id"],
            feedback=row["feedback"],
            feedback_note=row["feedback_note"],
        )

    async def set_clicked(self, question_id: int, item_id: str) -> None:
        """Record the suggestion the resident chose."""
        async with transaction(self._db) as conn:
            await conn.execute(
                "UPDATE questions SET clicked_item_id = ? WHERE id = ?", (item_id, question_id)
            )

    async def set_feedback(self, question_id: int, helpful: bool) -> None:
        """Record 👍 (``True``) or 👎 (``False``) on the answer."""
        async with transaction(self._db) as conn:
            await conn.execute(
                "UPDATE questions SET feedback = ? WHERE id = ?",
                (1 if helpful else -1, question_id),
            )

    async def set_feedback_note(self, question_id: int, note: str) -> None:
        """Record what the resident said was missing."""
        async with transaction(self._db) as conn:
            await conn.execute(
                "UPDATE questions SET feedback_note = ? WHERE id = ?", (note, question_id)
            )
