"""The 普法 section of the tallies: quiz participants and series, average score, check-ins."""

from __future__ import annotations

from bot.services.periods import Period
from bot.services.quizzes import SERIES_LENGTH
from bot.services.stats_models import PublicityStats
from bot.storage.database import Database
from bot.storage.publicity import publicity_figures

__all__ = ["publicity_stats"]


async def publicity_stats(db: Database, period: Period) -> PublicityStats:
    """Return the quiz and check-in figures of ``period`` (docs/counting.md, 普法).

    A quiz series counts in the period it was finished in; a check-in in the one it was made.
    """
    figures = await publicity_figures(db, period.start_utc, period.end_utc)
    return PublicityStats(
        quiz_participants=figures.quiz_participants,
        quiz_series=figures.quiz_series,
        average_score=figures.average_score,
        questions_per_series=SERIES_LENGTH,
        checkins=figures.checkins,
        campaign_quiz_takers=figures.campaign_quiz_takers,
        campaign_quiz_average=figures.campaign_quiz_average,
    )
