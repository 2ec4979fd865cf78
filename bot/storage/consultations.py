"""Consultations with a human adviser: their state and escalation timers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import aiosqlite

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.keys import MessageKey
from bot.storage.transaction import transaction

__all__ = [
    "Consultation",
    "ConsultationRepository",
    "ConsultationStatus",
    "DueStep",
    "NewConsultation",
]


class ConsultationStatus(StrEnum):
    """Where a consultation stands."""

    OPEN = "open"
    CLAIMED = "claimed"
    CLOSED = "closed"


class DueStep(StrEnum):
    """An escalation step of an unclaimed consultation."""

    REMIND = "remind"
    ESCALATE = "escalate"


@dataclass(frozen=True, slots=True)
class NewConsultation:
    """A consultation to store (validated by the service).

    ``source`` is the Telegram message it was submitted from, so a re-delivered submission
    is stored once.
    """

    resident_id: int
    community_id: str
    category: str
    summary: str
    question_text: str | None
    consent: bool
    contact_name: str | None
    contact_phone: str | None
    urgent: bool
    urgent_reason: str | None
    created_at: dt.datetime
    remind_due_at: dt.datetime
    escalate_due_at: dt.datetime
    channel: str = "telegram"
    source: MessageKey | None = None
    kind: str = "consultation"
    """``consultation``, ``legal_aid`` (a pre-application) or ``mediation`` (a request)."""


@dataclass(frozen=True, slots=True)
class Consultation:
    """A consultation as stored; ``id`` is the number shown to users."""

    id: int
    resident_id: int
    community_id: str
    category: str
    summary: str
    question_text: str | None
    consent: bool
    contact_name: str | None
    contact_phone: str | None
    urgent: bool
    urgent_reason: str | None
    status: ConsultationStatus
    adviser_id: int | None
    created_at: dt.datetime
    claimed_at: dt.datetime | None
    closed_at: dt.datetime | None
    outcome: str | None
    rating: int | None
    resolved: bool | None
    channel: str
    remind_due_at: dt.datetime | None
    escalate_due_at: dt.datetime | None
    reminded_at: dt.datetime | None
    escalated_at: dt.datetime | None
    kind: str = "consultation"
    """``consultation``, ``legal_aid`` or ``mediation``."""


def _stamp(value: str | None) -> dt.datetime | None:
    return from_db(value) if value else None


def _consultation(row: aiosqlite.Row) -> Consultation:
    return Consultation(
        id=row["id"],
        resident_id=row["resident_id"],
        community_id=row["community_id"],
        category=row["category"],
        summary=row["summary"],
        question_text=row["question_text"],
        consent=bool(row["consent"]),
        contact_name=row["contact_name"],
        contact_phone=row["contact_phone"],
        urgent=bool(row["urgent"]),
        urgent_reason=row["urgent_reason"],
        status=ConsultationStatus(row["status"]),
        adviser_id=row["adviser_id"],
        created_at=from_db(row["created_at"]),
        claimed_at=_stamp(row["claimed_at"]),
        closed_at=_stamp(row["closed_at"]),
        outcome=row["outcome"],
        rating=row["rating"],
        resolved=None if row["resolved"] is None else bool(row["resolved"]),
        channel=row["channel"],
        remind_due_at=_stamp(row["remind_due_at"]),
        escalate_due_at=_stamp(row["escalate_due_at"]),
        reminded_at=_stamp(row["reminded_at"]),
        escalated_at=_stamp(row["escalated_at"]),
        kind=row["kind"],
    )


class ConsultationRepository:
    """Typed access to ``consultations`` and ``consultation_events``.

    State changes are conditional updates that return whether they applied, so two advisers
    racing for one consultation cannot both win. Each write opens its own
    :func:`~bot.storage.transaction.transaction` block, or joins the enclosing one.
    """

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def add(self, new: NewConsultation) -> Consultation:
        """Store a new open consultation and return it.

        Raises:
            aiosqlite.IntegrityError: If the resident already has an active consultation.
        """
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                INSERT INTO consultations
                    (resident_id, community_id, category, summary, question_text, consent,
                     contact_name, contact_phone, urgent, urgent_reason, status, created_at,
                     channel, remind_due_at, escalate_due_at, source_chat_id,
                     source_message_id, kind)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    new.resident_id,
                    new.community_id,
                    new.category,
                    new.summary,
                    new.question_text,
                    int(new.consent),
                    new.contact_name,
                    new.contact_phone,
                    int(new.urgent),
                    new.urgent_reason,
                    to_db(new.created_at),
                    new.channel,
                    to_db(new.remind_due_at),
                    to_db(new.escalate_due_at),
                    new.source.chat_id if new.source else None,
                    new.source.message_id if new.source else None,
                    new.kind,
                ),
            )
            consultation_id = cursor.lastrowid
            found = await self.get(consultation_id) if consultation_id is not None else None
        if found is None:
            raise RuntimeError("consultation neither inserted nor found")
        return found

    async def get(self, consultation_id: int) -> Consultation | None:
        """Return the consultation, or ``None``."""
        async with self._db.conn.execute(
            "SELECT * FROM consultations WHERE id = ?", (consultation_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _consultation(row) if row is not None else None

    async def from_source(self, source: MessageKey) -> Consultation | None:
        """Return the consultation submitted from the Telegram message ``source``, or ``None``."""
        async with self._db.conn.execute(
            "SELECT * FROM consultations WHERE source_chat_id = ? AND source_message_id = ?",
            (source.chat_id, source.message_id),
        ) as cursor:
            row = await cursor.fetchone()
        return _consultation(row) if row is not None else None

    async def active_for_resident(self, resident_id: int) -> Consultation | None:
        """Return the resident's open or claimed consultation (at most one), or ``None``."""
        row = await self._db.fetch_one(
            "SELECT * FROM consultations WHERE resident_id = ? AND status != 'closed'",
            (resident_id,),
        )
        return _consultation(row) if row is not None else None

    async def for_resident(self, resident_id: int, limit: int = 20) -> list[Consultation]:
        """Return the resident's consultations, newest first."""
        rows = await self._db.fetch_all(
            """
            SELECT * FROM consultations WHERE resident_id = ?
            ORDER BY created_at DESC, id DESC LIMIT ?
            """,
            (resident_id, limit),
        )
        return [_consultation(row) for row in rows]

    async def claimed_by(self, adviser_id: int) -> list[Consultation]:
        """Return the consultations currently claimed by ``adviser_id``."""
        async with self._db.conn.execute(
            "SELECT * FROM consultations WHERE adviser_id = ? AND status = 'claimed' ORDER BY id",
            (adviser_id,),
        ) as cursor:
            return [_consultation(row) for row in await cursor.fetchall()]

    async def claim(self, consultation_id: int, adviser_id: int, now: dt.datetime) -> bool:
        """Assign an open consultation to ``adviser_id``; ``False`` if it is not open."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                UPDATE consultations SET status = 'claimed', adviser_id = ?, claimed_at = ?
                WHERE id = ? AND status = 'open'
                """,
                (adviser_id, to_db(now), consultation_id),
            )
        return cursor.rowcount == 1

    async def reassign(
        self, consultation_id: int, community_id: str, adviser_id: int, now: dt.datetime
    ) -> bool:
        """Hand an active consultation to ``adviser_id`` (claimed by them at ``now``)."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                UPDATE consultations
                SET status = 'claimed', community_id = ?, adviser_id = ?, claimed_at = ?
                WHERE id = ? AND status != 'closed'
                """,
                (community_id, adviser_id, to_db(now), consultation_id),
            )
        return cursor.rowcount == 1

    async def reopen(
        self,
        consultation_id: int,
        community_id: str,
        remind_due_at: dt.datetime,
        escalate_due_at: dt.datetime,
    ) -> bool:
        """Put an active consultation back in ``community_id``'s queue with fresh timers."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                UPDATE consultations
                SET status = 'open', community_id = ?, adviser_id = NULL, claimed_at = NULL,
                    remind_due_at = ?, escalate_due_at = ?, reminded_at = NULL,
                    escalated_at = NULL
                WHERE id = ? AND status != 'closed'
                """,
                (community_id, to_db(remind_due_at), to_db(escalate_due_at), consultation_id),
            )
        return cursor.rowcount == 1

    async def close(
        self, consultation_id: int, outcome: str, adviser_id: int | None, now: dt.datetime
    ) -> bool:
        """Close an active consultation; an unclaimed one is credited to ``adviser_id``.

        ``adviser_id`` is ``None`` when the resident ends it: an unclaimed one stays unassigned.
        """
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                UPDATE consultations
                SET status = 'closed', outcome = ?, closed_at = ?,
                    adviser_id = COALESCE(adviser_id, ?)
                WHERE id = ? AND status != 'closed'
                """,
                (outcome, to_db(now), adviser_id, consultation_id),
            )
        return cursor.rowcount == 1

    async def rate(self, consultation_id: int, rating: int, resolved: bool) -> bool:
        """Record the resident's rating; ``False`` unless closed and not yet rated."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                """
                UPDATE consultations SET rating = ?, resolved = ?
                WHERE id = ? AND status = 'closed' AND rating IS NULL
                """,
                (rating, int(resolved), consultation_id),
            )
        return cursor.rowcount == 1

    async def due_steps(self, now: dt.datetime) -> list[tuple[int, DueStep]]:
        """Return the escalation steps due at ``now`` for unclaimed consultations.

        A consultation may have both steps due (e.g. after downtime); the reminder comes
        first. Steps already applied are not returned.
        """
        stamp = to_db(now)
        async with self._db.conn.execute(
            """
            SELECT id, reminded_at IS NULL AND remind_due_at <= ? AS remind,
                       escalated_at IS NULL AND escalate_due_at <= ? AS escalate
            FROM consultations
            WHERE status = 'open'
              AND ((reminded_at IS NULL AND remind_due_at <= ?)
                   OR (escalated_at IS NULL AND escalate_due_at <= ?))
            ORDER BY created_at, id
            """,
            (stamp, stamp, stamp, stamp),
        ) as cursor:
            rows = await cursor.fetchall()
        steps: list[tuple[int, DueStep]] = []
        for row in rows:
            if row["remind"]:
                steps.append((int(row["id"]), DueStep.REMIND))
            if row["escalate"]:
                steps.append((int(row["id"]), DueStep.ESCALATE))
        return steps

    async def mark_step(self, consultation_id: int, step: DueStep, now: dt.datetime) -> bool:
        """Record that ``step`` was taken; ``False`` if not open, not due or already taken."""
        column, due = (
            ("reminded_at", "remind_due_at")
            if step is DueStep.REMIND
            else ("escalated_at", "escalate_due_at")
        )
        stamp = to_db(now)
        # The column names come from the constants above, never from input.
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                f"""
                UPDATE consultations SET {column} = ?
                WHERE id = ? AND status = 'open' AND {column} IS NULL AND {due} <= ?
                """,
                (stamp, consultation_id, stamp),
            )
        return cursor.rowcount == 1

    async def claimed_without_adviser(self) -> list[Consultation]:
        """Return claimed consultations whose assignee is not an active adviser.

        Staff members who claimed one are not in ``advisers``; the caller filters them out.
        """
        async with self._db.conn.execute(
            """
            SELECT * FROM consultations AS c
            WHERE c.status = 'claimed' AND NOT EXISTS (
                SELECT 1 FROM advisers AS a WHERE a.telegram_id = c.adviser_id AND a.active = 1
            )
            ORDER BY c.id
            """
        ) as cursor:
            return [_consultation(row) for row in await cursor.fetchall()]

    async def open_queue(self, community_id: str | None, limit: int = 50) -> list[Consultation]:
        """Return unclaimed consultations of ``community_id`` (``None``: of all), oldest first."""
        async with self._db.conn.execute(
            """
            SELECT * FROM consultations
            WHERE status = 'open' AND (? IS NULL OR community_id = ?)
            ORDER BY urgent DESC, created_at, id LIMIT ?
            """,
            (community_id, community_id, limit),
        ) as cursor:
            return [_consultation(row) for row in await cursor.fetchall()]
