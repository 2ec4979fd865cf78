"""The per-user token bucket: a burst, then the refill rate; one notice per burst."""

from __future__ import annotations

import pytest

from bot.rate_limit import UserRateLimiter


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_of_twenty_then_one_every_three_seconds() -> None:
    clock = ManualClock()
    limiter = UserRateLimiter(20, 20, clock=clock)
    assert all(limiter.take(1).allowed for _ in range(20))
    refused = limiter.take(1)
    assert not refused.allowed
    assert refused.tell
    assert refused.retry_after == pytest.approx(3.0)
    # Another user is counted apart.
    assert limiter.take(2).allowed
    clock.now += 3.0
    assert limiter.take(1).allowed
    assert not limiter.take(1).allowed


def test_the_user_is_told_once_per_burst_not_per_message() -> None:
    clock = ManualClock()
    limiter = UserRateLimiter(20, 20, clock=clock)
    for _ in range(20):
        limiter.take(1)
    verdicts = [limiter.take(1) for _ in range(10)]
    assert [v.tell for v in verdicts] == [True] + [False] * 9
    # Still flooding a while later (a token came back and went): not told again at once.
    clock.now += 3.0
    assert limiter.take(1).allowed
    assert limiter.take(1).tell is False
    clock.now += 60.0
    for _ in range(20):
        limiter.take(1)
    assert limiter.take(1).tell  # a new burst a minute on is told again


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="rate_per_minute"):
        UserRateLimiter(0, 20)
    with pytest.raises(ValueError, match="burst"):
        UserRateLimiter(20, 0)
