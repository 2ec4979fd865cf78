"""The campaign sender's pacer: its average rate, and what it makes up after a stall."""

from __future__ import annotations

import itertools
import random

import pytest

from handlers.campaign_sender import DEFAULT_RATE_PER_SECOND, Pacer


class FakeTime:
    """A monotonic clock whose sleeps only move it forward."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def _refused(arrivals: list[float], *, rate: float, capacity: float) -> int:
    """Return how many of the calls arriving at ``arrivals`` a token bucket would refuse."""
    tokens, last, refused = capacity, arrivals[0], 0
    for moment in arrivals:
        tokens = min(capacity, tokens + (moment - last) * rate)
        last = moment
        if tokens < 1.0:
            refused += 1
        else:
            tokens -= 1.0
    return refused


async def _calls(pacer: Pacer, time: FakeTime, count: int) -> list[float]:
    moments = []
    for _ in range(count):
        await pacer.wait()
        moments.append(time.now)
    return moments


async def test_the_pace_holds_its_rate_and_never_outruns_the_limit_after_a_stall() -> None:
    time = FakeTime()
    pacer = Pacer(29.5, clock=time, sleep=time.sleep)
    moments = await _calls(pacer, time, 300)
    assert moments[:15] == pytest.approx([moments[0]] * 15)  # the bucket starts full
    gaps = [later - earlier for earlier, later in itertools.pairwise(moments[15:])]
    assert gaps == pytest.approx([1 / 29.5] * len(gaps))
    time.now += 2.0  # the loop was busy for two seconds
    after = await _calls(pacer, time, 300)
    # The stall's missed slots are made up, 0.5 s of them (fourteen) at most.
    assert after[:15] == pytest.approx([after[0]] * 15)
    assert after[15] > after[0] + 0.001
    # Telegram's limit as the sandbox keeps it: a bucket of 30 refilled at 30 a second. The
    # copies reach it up to half a second late, each its own delay: none is refused.
    rng = random.Random(15)
    arrivals = sorted(moment + rng.uniform(0.0, 0.5) for moment in moments + after)
    assert _refused(arrivals, rate=30.0, capacity=30.0) == 0


async def test_a_drain_of_residents_reaches_the_target_share_of_the_limit_despite_stalls() -> None:
    """A loaded machine stalls the loop now and then; the drain still keeps >= 0.9 of 30/s."""
    time = FakeTime()
    pacer = Pacer(DEFAULT_RATE_PER_SECOND, clock=time, sleep=time.sleep)
    start = time.now
    for number in range(3000):
        await pacer.wait()
        time.now += 0.003  # each send's own work
        if number % 60 == 59:
            time.now += 0.3  # a stall of the loop (another process had the core)
    rate = 3000 / (time.now - start)
    assert rate >= 0.9 * 30, rate


def test_a_rate_and_burst_must_make_sense() -> None:
    with pytest.raises(ValueError, match="rate_per_second"):
        Pacer(0)
    with pytest.raises(ValueError, match="catch_up"):
        Pacer(10, catch_up=-1)
