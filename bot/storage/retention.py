"""Retention: the texts of old consultations and questions are erased, their counted facts kept.

A consultation closed before the cut-off loses its summary, question text, contact details,
urgency reason, relayed messages (texts and file references), relay map and outbox rows, and
its kind's answers that are no count (a pre-application's household size and income, a
mediation request's other party and wanted outcome, see :data:`CASE_ERASURES`); its date,
community, category, channel, outcome, rating and timings stay, so the tallies count it as
before (and a pre-application's matter, group, proof and result, a mediation's dispute type,
source, outcome, amount and follow-up). A question asked before its cut-off loses its text
and feedback note. Consultations under an archive hold (outcomes given by the caller) are
left as they are (a pre-application or a mediation request is never referred on: it has none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from bot.storage.clock import to_db
from bot.storage.database import Database
from bot.storage.privacy import CASE_ERASURES, ERASED_SUMMARY, ERASED_TEXT, sql_in
from bot.storage.transaction import transaction

__all__ = ["Erased", "RetentionRepository"]


@dataclass(frozen=True, slots=True)
class Erased:
    """How many rows one retention run erased or deleted."""

    consultations: int = 0
    messages: int = 0
    outbox: int = 0
    questions: int = 0
    case_details: int = 0
    """Pre-applications and mediation requests whose own answers were erased."""

    def __bool__(self) -> bool:
        return any(
            (self.consultations, self.messages, self.outbox, self.questions, self.case_details)
        )


class RetentionRepository:
    """Erases expired texts in one transaction."""

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def erase(
        self,
        *,
        closed_before: dt.datetime,
        asked_before: dt.datetime,
        held_outcomes: Collection[str],
    ) -> Erased:
        """Erase the texts of consultations and questions older than the cut-offs.

        Args:
            closed_before: Consultations closed earlier lose their texts.
            asked_before: Questions asked earlier lose their texts.
            held_outcomes: Outcomes whose consultations are kept (archive hold).

        Returns:
            The numbers of rows erased (consultations, questions) and deleted (messages, outbox).
        """
        holds = tuple(sorted(held_outcomes))
        # The hold is for consultations referred on; a pre-application or a mediation request
        # closes with its kind's outcome and is no referral.
        expired = (
            "SELECT id FROM consultations WHERE status = 'closed' AND closed_at < ? "
            f"AND NOT (kind = 'consultation' AND {sql_in('outcome', holds)})"
        )
        params = (to_db(closed_before), *holds)
        async with transaction(self._db) as conn:
            messages = await conn.execute(
                f"DELETE FROM consultation_messages WHERE consultation_id IN ({expired})", params
            )
            await conn.execute(
                f"DELETE FROM relay_map WHERE consultation_id IN ({expired})", params
            )
            outbox = await conn.execute(
                f"DELETE FROM outbox WHERE consultation_id IN ({expired})", params
            )
            consultations = await conn.execute(
                "UPDATE consultations SET summary = ?, question_text = NULL, contact_name = NULL, "
                "contact_phone = NULL, urgent_reason = NULL "
                f"WHERE id IN ({expired}) AND (summary != ? OR question_text IS NOT NULL "
                "OR contact_name IS NOT NULL OR contact_phone IS NOT NULL "
                "OR urgent_reason IS NOT NULL)",
                (ERASED_SUMMARY, *params, ERASED_SUMMARY),
            )
            case_details = 0
            for sql in CASE_ERASURES:
                cursor = await conn.execute(
                    sql.format(ids=f"consultation_id IN ({expired})"), params
                )
                case_details += cursor.rowcount
            questions = await conn.execute(
                "UPDATE questions SET text = ?, feedback_note = NULL "
                "WHERE asked_at < ? AND (text != ? OR feedback_note IS NOT NULL)",
                (ERASED_TEXT, to_db(asked_before), ERASED_TEXT),
            )
        return Erased(
            consultations=consultations.rowcount,
            messages=messages.rowcount,
            outbox=outbox.rowcount,
            questions=questions.rowcount,
            case_details=case_details,
        )
