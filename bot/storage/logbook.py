"""Consultations recorded by advisers and staff that did not come through the bot (``/log``).

They are rows of ``consultations`` like any other, filed closed at once: no resident in the
bot (``resident_id`` :data:`NO_RESIDENT`), the recorder as adviser, no claim time, no rating.
A mediation case a mediator found by screening (排查) or was transferred (移交) is one too, of
kind ``mediation``, with its ``mediation_requests`` row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.storage.clock import to_db
from bot.storage.consultations import Consultation, ConsultationRepository
from bot.storage.database import Database
from bot.storage.keys import MessageKey
from bot.storage.transaction import transaction

__all__ = ["NO_RESIDENT", "LogbookRepository", "LoggedConsultation", "LoggedMediation"]

NO_RESIDENT = 0
"""The ``resident_id`` of a recorded consultation: the person never wrote to the bot."""


@dataclass(frozen=True, slots=True)
class LoggedConsultation:
    """A consultation to record (validated by the service).

    ``source`` is the Telegram message that recorded it, so a re-delivery records nothing.
    """

    recorder_id: int
    community_id: str
    category: str
    channel: str
    outcome: str
    summary: str
    at: dt.datetime
    source: MessageKey


@dataclass(frozen=True, slots=True)
class LoggedMediation:
    """The mediation details of a recorded consultation (a case found or transferred).

    ``source`` is ``排查`` or ``移交`` (``mediation_requests.source``); ``outcome`` the
    mediation outcome (``success``, ``failed``…). There is no resident to follow up.
    """

    dispute_type: str
    source: str
    outcome: str


class LogbookRepository:
    """Writes recorded consultations; reads go through :class:`ConsultationRepository`."""

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db
        self._consultations = ConsultationRepository(db)

    async def record(
        self, entry: LoggedConsultation, mediation: LoggedMediation | None = None
    ) -> tuple[Consultation, bool]:
        """Store ``entry`` closed, once per source message; a mediation case with ``mediation``.

        Returns:
            The consultation, and whether it was stored now (``False``: a re-delivery of a
            message already recorded, whose consultation is returned unchanged).
        """
        async with transaction(self._db) as conn:
            found = await self._consultations.from_source(entry.source)
            if found is not None:
                return found, False
            cursor = await conn.execute(
                """
                INSERT INTO consultations
                    (resident_id, community_id, category, summary, consent, status,
                     adviser_id, created_at, closed_at, outcome, channel, source_chat_id,
                     source_message_id, kind)
                VALUES (?, ?, ?, ?, 0, 'closed', ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    NO_RESIDENT,
                    entry.community_id,
                    entry.category,
                    entry.summary,
                    entry.recorder_id,
                    to_db(entry.at),
                    to_db(entry.at),
                    entry.outcome,
                    entry.channel,
                    entry.source.chat_id,
                    entry.source.message_id,
                    "consultation" if mediation is None else "mediation",
                ),
            )
            number = cursor.lastrowid
            if mediation is not None:
                await conn.execute(
                    """
                    INSERT INTO mediation_requests
                        (consultation_id, dispute_type, other_party_relation, wanted, source,
                         outcome, outcome_at)
                    VALUES (?, ?, '', '', ?, ?, ?)
                    """,
                    (number, mediation.dispute_type, mediation.source, mediation.outcome,
                     to_db(entry.at)),
                )  # fmt: skip
            stored = await self._consultations.get(number) if number is not None else None
        if stored is None:
            raise RuntimeError("recorded consultation neither inserted nor found")
        return stored, True
