"""DeliveryService: what is due by its clock, and how long a failed send waits."""

from __future__ import annotations

import datetime as dt

from bot.services import DeliveryService
from bot.services.delivery import MAX_BACKOFF
from bot.storage import Database, OutboxRepository

NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


async def test_failed_sends_wait_longer_each_time_up_to_the_cap(database: Database) -> None:
    outbox, clock = OutboxRepository(database), Clock()
    delivery = DeliveryService(outbox, clock, retry_seconds=60)
    row_id = await outbox.enqueue(10, "claimed", {"consultation_id": 1}, now=NOW)
    waits = []
    for _ in range(7):
        (notice,) = await delivery.due()
        waits.append(await delivery.retry_later(notice, "boom"))
        assert await delivery.due() == []  # not due again before its wait is over
        clock.now += waits[-1]
    minutes = [int(wait.total_seconds() // 60) for wait in waits]
    assert minutes == [1, 2, 4, 8, 16, 30, 30]
    assert waits[-1] == MAX_BACKOFF
    stored = await outbox.get(row_id)
    assert stored is not None
    assert stored.attempts == 7
    assert stored.last_error == "boom"


async def test_a_wait_telegram_asks_for_is_kept_and_a_delivery_recorded(
    database: Database,
) -> None:
    outbox, clock = OutboxRepository(database), Clock()
    delivery = DeliveryService(outbox, clock)
    await outbox.enqueue(10, "claimed", {"consultation_id": 1}, now=NOW)
    (notice,) = await delivery.due()
    assert await delivery.retry_later(notice, "429", after=7) == dt.timedelta(seconds=7)
    clock.now += dt.timedelta(seconds=7)
    (notice,) = await delivery.due()
    await delivery.delivered(notice, 555)
    assert await delivery.due() == []
    await outbox.enqueue(11, "claimed", {"consultation_id": 2}, now=clock.now)
    (other,) = await delivery.due()
    await delivery.give_up(other, "Forbidden: bot was blocked by the user")
    clock.now += dt.timedelta(days=1)
    assert await delivery.due() == []
