"""The 普法 part of what the bot holds about one resident, as /privacy tells it.

Read from :meth:`bot.storage.privacy.PrivacyRepository.holdings`; forgetting deletes the
subscription, its offer, the nickname and the reminder, and keeps quiz series and check-ins
counted under the pseudonym (:mod:`bot.storage.privacy`).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.privacy import Holdings

__all__ = ["PublicityHoldings", "publicity_holdings"]


@dataclass(frozen=True, slots=True)
class PublicityHoldings:
    """What the 普法 features hold about one resident."""

    subscribed: bool = False
    quiz_series: int = 0
    """Finished quiz series."""
    best_score: int | None = None
    """The best score of a finished series, if any."""
    nickname: str | None = None
    """The leaderboard nickname, if the resident chose one."""
    checkins: int = 0
    """Days checked in (the streak is counted from them)."""
    reminder: str | None = None
    """The daily check-in reminder's time (HH:MM), if set."""

    @property
    def empty(self) -> bool:
        """Whether nothing 普法 is stored."""
        return not (
            self.subscribed or self.quiz_series or self.nickname or self.checkins or self.reminder
        )


def publicity_holdings(holdings: Holdings) -> PublicityHoldings:
    """Return the 普法 part of ``holdings`` (see :meth:`PrivacyRepository.holdings`)."""
    scores = [int(row["score"]) for row in holdings["quiz_series"] if row["finished_at"]]
    nickname = holdings["quiz_nickname"]
    reminder = holdings["checkin_reminder"]
    return PublicityHoldings(
        subscribed=any(row["unsubscribed_at"] is None for row in holdings["subscription"]),
        quiz_series=len(scores),
        best_score=max(scores) if scores else None,
        nickname=str(nickname[0]["nickname"]) if nickname else None,
        checkins=len(holdings["checkins"]),
        reminder=str(reminder[0]["remind_at"]) if reminder else None,
    )
