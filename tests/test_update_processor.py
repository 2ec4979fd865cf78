"""The update processor: one chat's updates in order, other chats not held up behind them."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

import pytest
from telegram import CallbackQuery, Chat, Message, Update, User

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


async def test_chats_overlap_and_each_keeps_its_own_order() -> None:
    processor = PerChatUpdateProcessor(3)
    handling = Handling()
    finished: list[int] = []

    async def done(update: object) -> None:
        assert isinstance(update, Update)
        finished.append(update.update_id)

    processor.on_finished(done)
    chats = {100: [1, 4, 7], 200: [2, 5, 8], 300: [3, 6, 9]}
    tasks = [
        submit(processor, text_update(n, chat), handling)
        for n in range(1, 10)
        for chat, ids in chats.items()
        if n in ids
    ]
    await settle(lambda: len(handling.started) == 3)
    assert handling.started == [1, 2, 3]  # one update of each chat at once
    # Finish them out of order: chat 300 first, then 100, then 200.
    for update_id in (3, 6, 1, 9, 4, 7, 2, 5, 8):
        handling.release(update_id)
        await settle(lambda n=update_id: n in finished)  # type: ignore[misc]
    await asyncio.gather(*tasks)
    for ids in chats.values():
        started = [n for n in handling.started if n in ids]
        assert started == ids
    assert sorted(finished) == list(range(1, 10))
    assert all(processor.waiting(chat) == 0 for chat in chats)


async def test_a_failing_update_lets_the_next_one_of_its_chat_run() -> None:
    processor = PerChatUpdateProcessor(2)
    handling = Handling()

    async def fail() -> None:
        raise RuntimeError("handler blew up")

    failing = asyncio.create_task(processor.process_update(text_update(1, 100), fail()))
    following = submit(processor, text_update(2, 100), handling)
    await settle(lambda: 2 in handling.started)
    assert handling.started == [2]
    handling.release(2)
    await following
    with pytest.raises(RuntimeError, match="blew up"):
        await failing
    assert processor.waiting(100) == 0


async def test_an_update_without_a_chat_does_not_wait_for_a_busy_chat() -> None:
    processor = PerChatUpdateProcessor(2)
    handling = Handling()
    busy = [submit(processor, text_update(n, 100), handling) for n in range(1, 4)]
    chatless = Update(50)  # e.g. a kind of update that carries no chat
    other = asyncio.create_task(processor.process_update(chatless, handling.handle(50)))
    await settle(lambda: 50 in handling.started)
    assert handling.started == [1, 50]
    for update_id in (50, 1, 2, 3):
        handling.release(update_id)
    await asyncio.gather(other, *busy)
    assert handling.started == [1, 50, 2, 3]


async def test_a_button_waits_behind_the_message_of_its_chat() -> None:
    processor = PerChatUpdateProcessor(4)
    handling = Handling()
    message = text_update(1, 100)
    user = User(100, "居民", is_bot=False)
    query = CallbackQuery("q1", user, "chat-100", data="1|fb|1|up", message=message.message)
    press = Update(2, callback_query=query)
    first = submit(processor, message, handling)
    second = asyncio.create_task(processor.process_update(press, handling.handle(2)))
    await settle()
    assert handling.started == [1]
    handling.release(1)
    handling.release(2)
    await asyncio.gather(first, second)
    assert handling.started == [1, 2]
