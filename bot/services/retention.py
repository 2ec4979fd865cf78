"""Retention use case: erase the texts that were kept long enough, keep what is counted."""

from __future__ import annotations

import datetime as dt
import logging

from bot.services.privacy import HELD_OUTCOMES
from bot.storage.clock import Clock, system_clock
from bot.storage.database import Database
from bot.storage.retention import Erased, RetentionRepository

__all__ = ["RetentionService"]

log = logging.getLogger(__name__)


class RetentionService:
    """Erases consultation texts ``days`` after closing and question texts after ``question_days``.

    The date, community, category, channel, outcome, rating and timings of a consultation and
    the date, decision, matter and category of a question stay: the tallies count them as
    before. Only the unanswered questions' wordings (rule 10) lose the erased texts; those
    questions are then counted by category.
    """

    def __init__(
        self, db: Database, *, days: int, question_days: int, clock: Clock = system_clock
    ) -> None:
        """Keep consultation texts ``days`` after closing, question texts ``question_days``."""
        if days < 1 or question_days < 1:
            raise ValueError(f"retention must be at least a day, got {days!r}, {question_days!r}")
        self._db = db
        self._repository = RetentionRepository(db)
        self._days = dt.timedelta(days=days)
        self._question_days = dt.timedelta(days=question_days)
        self._clock = clock

    async def run(self) -> Erased:
        """Erase what is past its retention now; return how much (logged as counts only)."""
        now = self._clock()
        erased = await self._repository.erase(
            closed_before=now - self._days,
            asked_before=now - self._question_days,
            held_outcomes=[outcome.value for outcome in HELD_OUTCOMES],
        )
        if erased:
            # The write-ahead log still holds the pages as they were, the erased words in
            # them (as after /forget); a reader in the way leaves that to a later checkpoint.
            if not await self._db.truncate_log():
                log.info("retention: the write-ahead log is still read; emptied later")
            log.info(
                "retention: erased %d consultation(s), %d message(s), %d outbox row(s), "
                "%d question text(s)",
                erased.consultations,
                erased.messages,
                erased.outbox,
                erased.questions,
            )
        return erased
