"""Kind-specific details of legal-aid pre-applications and mediation requests.

A pre-application or a mediation request is a consultation (``consultations.kind``) that
goes through the same routing, claim, relay and close; what only that kind records (the
answers of the pre-check, the dispute, the outcome the legal-aid office or the mediator
gives, the follow-up visit) lives here, keyed by the consultation's id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.storage.clock import from_db, to_db
from bot.storage.database import Database
from bot.storage.transaction import transaction

__all__ = ["CaseRepository", "DueFollowup", "LegalAidDetails", "MediationDetails"]


@dataclass(frozen=True, slots=True)
class LegalAidDetails:
    """The pre-check answers filed with a legal-aid pre-application."""

    matter: str
    exempt_group: str
    proof: str
    household_size: int | None
    """``None`` once erased (retention, forgetting), as is the income."""
    monthly_income: int | None
    result: str


@dataclass(frozen=True, slots=True)
class MediationDetails:
    """What a mediation request says about the dispute."""

    dispute_type: str
    other_party_relation: str | None
    """``None`` once erased (retention, forgetting), as are the name and ``wanted``."""
    other_party_name: str | None
    wanted: str | None
    source: str = "申请"


@dataclass(frozen=True, slots=True)
class DueFollowup:
    """A successful mediation whose follow-up visit (回访) is due."""

    consultation_id: int
    resident_id: int
    dispute_type: str
    due_at: dt.datetime


class CaseRepository:
    """Typed access to ``legal_aid_applications`` and ``mediation_requests``."""

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def add_legal_aid(self, consultation_id: int, details: LegalAidDetails) -> None:
        """Store the pre-check answers of pre-application ``consultation_id`` (once)."""
        async with transaction(self._db) as conn:
            await conn.execute(
                """
                INSERT OR IGNORE INTO legal_aid_applications
                    (consultation_id, matter, exempt_group, proof, household_size,
                     monthly_income, result)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    consultation_id,
                    details.matter,
                    details.exempt_group,
                    details.proof,
                    details.household_size,
                    details.monthly_income,
                    details.result,
                ),
            )

    async def legal_aid(self, consultation_id: int) -> LegalAidDetails | None:
        """Return the pre-check answers of ``consultation_id``, if it is a pre-application."""
        async with self._db.conn.execute(
            "SELECT * FROM legal_aid_applications WHERE consultation_id = ?", (consultation_id,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return LegalAidDetails(
            matter=row["matter"],
            exempt_group=row["exempt_group"],
            proof=row["proof"],
            household_size=row["household_size"],
            monthly_income=row["monthly_income"],
            result=row["result"],
        )

    async def add_mediation(self, consultation_id: int, details: MediationDetails) -> None:
        """Store what mediation request ``consultation_id`` says about the dispute (once)."""
        async with transaction(self._db) as conn:
            await conn.execute(
                """
                INSERT OR IGNORE INTO mediation_requests
                    (consultation_id, dispute_type, other_party_relation, other_party_name,
                     wanted, source)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                (
                    consultation_id,
                    details.dispute_type,
                    details.other_party_relation,
                    details.other_party_name,
                    details.wanted,
                    details.source,
                ),
            )

    async def mediation(self, consultation_id: int) -> MediationDetails | None:
        """Return the dispute of ``consultation_id``, if it is a mediation request."""
        async with self._db.conn.execute(
            "SELECT * FROM mediation_requests WHERE consultation_id = ?", (consultation_id,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return MediationDetails(
            dispute_type=row["dispute_type"],
            other_party_relation=row["other_party_relation"],
            other_party_name=row["other_party_name"],
            wanted=row["wanted"],
            source=row["source"],
        )

    async def set_outcome(
        self,
        kind: str,
        consultation_id: int,
        outcome: str,
        at: dt.datetime,
        *,
        followup_due_at: dt.datetime | None = None,
    ) -> None:
        """Record how case ``consultation_id`` of ``kind`` ended.

        Args:
            kind: ``legal_aid`` (``accepted``/``not_accepted``/``referred``) or ``mediation``
                (``success``/``failed``/``litigation``/``judicial_confirmation``).
            consultation_id: The case.
            outcome: Its outcome, as the detail table stores it.
            at: When it was closed.
            followup_due_at: For a mediation: when the resident is asked whether the
                agreement was kept (``None``: never).
        """
        async with transaction(self._db) as conn:
            if kind == "legal_aid":
                await conn.execute(
                    "UPDATE legal_aid_applications SET outcome = ?, outcome_at = ?"
                    " WHERE consultation_id = ?",
                    (outcome, to_db(at), consultation_id),
                )
            elif kind == "mediation":
                due = to_db(followup_due_at) if followup_due_at is not None else None
                await conn.execute(
                    "UPDATE mediation_requests SET outcome = ?, outcome_at = ?,"
                    " followup_due_at = ? WHERE consultation_id = ?",
                    (outcome, to_db(at), due, consultation_id),
                )
            else:
                raise ValueError(f"no outcomes of their own for kind {kind!r}")

    async def set_agreement_amount(self, consultation_id: int, amount: int) -> bool:
        """Record the agreement amount (yuan) of a successful mediation; whether it applied."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                "UPDATE mediation_requests SET agreement_amount = ?"
                " WHERE consultation_id = ? AND outcome = 'success'",
                (amount, consultation_id),
            )
            return cursor.rowcount > 0

    async def due_followups(self, now: dt.datetime) -> list[DueFollowup]:
        """Return the follow-ups due by ``now`` and not asked yet, oldest first."""
        async with self._db.conn.execute(
            """
            SELECT m.consultation_id, c.resident_id, m.dispute_type, m.followup_due_at
            FROM mediation_requests AS m JOIN consultations AS c ON c.id = m.consultation_id
            WHERE m.followup_asked_at IS NULL AND m.followup_due_at IS NOT NULL
              AND m.followup_due_at <= ?
            ORDER BY m.followup_due_at, m.consultation_id
            """,
            (to_db(now),),
        ) as cursor:
            rows = await cursor.fetchall()
        return [DueFollowup(row[0], row[1], row[2], from_db(row[3])) for row in rows]

    async def mark_followup_asked(self, consultation_id: int, at: dt.datetime) -> bool:
        """Note that the follow-up of ``consultation_id`` was asked; whether it was not before."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                "UPDATE mediation_requests SET followup_asked_at = ?"
                " WHERE consultation_id = ? AND followup_asked_at IS NULL",
                (to_db(at), consultation_id),
            )
            return cursor.rowcount > 0

    async def unanswered_followup(self, resident_id: int, since: dt.datetime) -> int | None:
        """Return the resident's latest follow-up asked since ``since`` and not answered."""
        async with self._db.conn.execute(
            """
            SELECT m.consultation_id
            FROM mediation_requests AS m JOIN consultations AS c ON c.id = m.consultation_id
            WHERE c.resident_id = ? AND m.followup_asked_at >= ? AND m.followup_answer IS NULL
            ORDER BY m.followup_asked_at DESC, m.consultation_id DESC
            LIMIT 1
            """,
            (resident_id, to_db(since)),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else int(row[0])

    async def record_followup(self, consultation_id: int, answer: str, at: dt.datetime) -> bool:
        """Record the resident's answer to the follow-up (the first answer stands)."""
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                "UPDATE mediation_requests SET followup_answer = ?, followup_at = ?"
                " WHERE consultation_id = ? AND followup_asked_at IS NOT NULL"
                " AND followup_answer IS NULL",
                (answer, to_db(at), consultation_id),
            )
            return cursor.rowcount > 0
