"""Per-user flood control: a token bucket for each user, told once per burst when exceeded.

Pure bookkeeping (no Telegram, no I/O): :class:`bot.update_processor.PerChatUpdateProcessor`
asks :meth:`UserRateLimiter.take` as each update arrives and decides what to do with a
refusal (staff and advisers are exempt; the person is told; the update is not handled).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["DEFAULT_BURST", "DEFAULT_RATE_PER_MINUTE", "NOTICE_INTERVAL", "Take", "UserRateLimiter"]

DEFAULT_RATE_PER_MINUTE = 20
DEFAULT_BURST = 20
NOTICE_INTERVAL = 60.0
"""Seconds between two notices to one throttled user: one notice per burst, not per message."""
_IDLE_BUCKETS = 1000
"""Buckets kept before the full ones (of users gone quiet) are dropped."""


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float
    told_at: float | None = None


@dataclass(frozen=True, slots=True)
class Take:
    """The verdict on one update of a user.

    Attributes:
        allowed: Whether the update may be handled.
        tell: Refused, and the user has not been told in this burst: tell them now.
        retry_after: Seconds until the user's next update would be allowed (0 when allowed).
    """

    allowed: bool
    tell: bool = False
    retry_after: float = 0.0


class UserRateLimiter:
    """A token bucket per user: ``burst`` updates at once, refilled at ``rate_per_minute``."""

    def __init__(
        self,
        rate_per_minute: float = DEFAULT_RATE_PER_MINUTE,
        burst: int = DEFAULT_BURST,
        *,
        clock: Callable[[], float] = time.monotonic,
        notice_interval: float = NOTICE_INTERVAL,
    ) -> None:
        """Allow each user ``burst`` updates at once and ``rate_per_minute`` in the long run.

        Args:
            rate_per_minute: Refill rate of each user's bucket.
            burst: Capacity of each bucket.
            clock: Monotonic seconds (tests pass a manual one).
            notice_interval: Seconds between two notices to one throttled user.
        """
        if rate_per_minute <= 0 or burst < 1:
            raise ValueError(
                f"need rate_per_minute > 0 and burst >= 1, got {rate_per_minute!r}, {burst!r}"
            )
        self.rate_per_minute = rate_per_minute
        self.burst = burst
        self._per_second = rate_per_minute / 60.0
        self._clock = clock
        self._notice_interval = notice_interval
        self._buckets: dict[int, _Bucket] = {}

    def take(self, user_id: int) -> Take:
        """Spend one of ``user_id``'s tokens if they have one; say whether and what to tell."""
        now = self._clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            self._forget_idle(now)
            bucket = self._buckets[user_id] = _Bucket(tokens=float(self.burst), at=now)
        else:
            bucket.tokens = min(
                float(self.burst), bucket.tokens + (now - bucket.at) * self._per_second
            )
            bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return Take(allowed=True)
        retry_after = (1.0 - bucket.tokens) / self._per_second
        tell = bucket.told_at is None or now - bucket.told_at >= self._notice_interval
        if tell:
            bucket.told_at = now
        return Take(allowed=False, tell=tell, retry_after=retry_after)

    def _forget_idle(self, now: float) -> None:
        """Drop the buckets that have refilled (their users went quiet) once there are many."""
        if len(self._buckets) < _IDLE_BUCKETS:
            return
        full = self.burst / self._per_second
        for user_id in [u for u, b in self._buckets.items() if now - b.at >= full]:
            del self._buckets[user_id]
