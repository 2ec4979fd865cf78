"""The update processor: one chat's updates in order, other chats not held up behind them."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

from telegram import Chat, Message, Update, User

from bot.update_processor import PerChatUpdateProcessor


def text_update(update_id: int, chat_id: int) -> Update:
    user = User(chat_id, "居民", is_bot=False)
    chat = Chat(chat_id, Chat.PRIVATE)
    message = Message(update_id, dt.datetime(2026, 12, 1, tzinfo=dt.UTC), chat, from_user=user)
    return Update(update_id, message=message)


class Handling:
    """Records which updates started and holds each one until it is released."""

    def __init__(self) -> None:
        self.started: list[int] = []
        self.gates: dict[int, asyncio.Event] = {}

    async def handle(self, update_id: int) -> None:
        self.started.append(update_id)
        await self.gates.setdefault(update_id, asyncio.Event()).wait()

    def release(self, update_id: int) -> None:
        self.gates.setdefault(update_id, asyncio.Event()).set()


async def settle(condition: Callable[[], bool] = lambda: False, rounds: int = 200) -> None:
    """Let the event loop run until ``condition`` holds (or ``rounds`` turns passed)."""
    for _ in range(rounds):
        if condition():
            return
        await asyncio.sleep(0)


def submit(
    processor: PerChatUpdateProcessor, update: Update, handling: Handling
) -> asyncio.Task[None]:
    coroutine: Awaitable[None] = handling.handle(update.update_id)
    return asyncio.create_task(processor.process_update(update, coroutine))


async def test_a_busy_chat_does_not_take_the_slots_of_another_chat() -> None:
    processor = PerChatUpdateProcessor(2)
    handling = Handling()
    tasks = [submit(processor, text_update(n, 100), handling) for n in range(1, 21)]
    tasks.append(submit(processor, text_update(99, 200), handling))
    await settle(lambda: 99 in handling.started)
    # Chat 100's second update waits for its first; it must not hold the free slot meanwhile.
    assert handling.started == [1, 99]
    for update_id in [99, *range(1, 21)]:
        handling.release(update_id)
    await asyncio.gather(*tasks)
    assert handling.started == [1, 99, *range(2, 21)]


async def test_with_one_slot_another_chat_waits_for_one_update_only() -> None:
    processor = PerChatUpdateProcessor(1)
    handling = Handling()
    tasks = [submit(processor, text_update(n, 100), handling) for n in range(1, 21)]
    tasks.append(submit(processor, text_update(99, 200), handling))
    await settle()
    assert handling.started == [1]
    handling.release(1)
    await settle(lambda: len(handling.started) == 2)
    assert handling.started == [1, 99]
    for update_id in [99, *range(2, 21)]:
        handling.release(update_id)
    await asyncio.gather(*tasks)


async def test_one_chat_stays_in_order_and_its_lock_is_forgotten_after() -> None:
    processor = PerChatUpdateProcessor(4)
    handling = Handling()
    tasks = [submit(processor, text_update(n, 100), handling) for n in range(1, 6)]
    await settle()
    for update_id in range(1, 6):
        assert handling.started == list(range(1, update_id + 1))
        handling.release(update_id)
        await settle(lambda n=update_id: len(handling.started) > n or n == 5)  # type: ignore[misc]
    await asyncio.gather(*tasks)
    assert handling.started == [1, 2, 3, 4, 5]
    assert processor.waiting(100) == 0
