"""The update pipeline end to end: a chat that floods the bot, and the outbox drain."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot import texts
from bot.context import BotContext
from bot.services.notices import NoticeKind
from bot.storage import Database, OutboxRepository
from bot.update_processor import MAX_WAITING_PER_CHAT
from knowledge import KnowledgeBase
from tests.e2e import WEDNESDAY_MORNING, bot_world, eventually


async def test_a_chat_beyond_its_queue_is_told_once_and_the_rest_is_answered(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    # The per-user rate limit (tests/test_e2e_rate_limit.py) would stop the burst first.
    async with bot_world(tmp_path, kb, user_rate_per_minute=0) as world:
        flooder, other = world.server.user(4001), world.server.user(4002)
        # The first answer hangs long enough for the whole burst to queue up behind it, even
        # on a loaded machine (the burst itself takes a moment to send and to be fetched).
        # The burst starts once that answer is on its way, so the hang is surely the answer's
        # (not the notice's, which a loaded machine could otherwise send first).
        world.server.faults.delay_next("sendMessage", 10.0)
        burst = MAX_WAITING_PER_CHAT + 10
        await flooder.send_text("工伤认定怎么申请")
        await eventually(
            lambda: world.server.faults.delays_left("sendMessage") == 0, "the answer on its way"
        )
        for _ in range(burst - 1):
            await flooder.send_text("工伤认定怎么申请")
        await asyncio.sleep(0.5)
        await other.send_text("离婚冷静期多久")
        (answer,) = await other.wait_for_messages(1)
        assert "离婚" in answer.text
        received = await flooder.wait_for_messages(MAX_WAITING_PER_CHAT + 2)
        notices = [m for m in received if m.text == texts.TOO_FAST]
        assert len(notices) == 1
        assert sum("工伤" in m.text for m in received) == MAX_WAITING_PER_CHAT + 1
        await asyncio.sleep(0.5)
        assert flooder.take_new_messages() == []
        # Once the burst is over the chat is served again.
        await flooder.send_text("离婚冷静期多久")
        (later,) = await flooder.wait_for_messages(1)
        assert "离婚" in later.text


async def test_flush_outbox_returns_before_the_notice_is_sent(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with bot_world(tmp_path, kb) as world:
        resident = world.server.user(4003)
        await resident.send_command("/start")
        await resident.wait_for_messages(1)
        services = world.application.bot_data.services
        assert services is not None
        world.server.faults.delay_next("sendMessage", 1.5)
        beside = Database(world.settings.db_path)
        await beside.open()
        try:
            await OutboxRepository(beside).enqueue(
                resident.user_id,
                NoticeKind.RESIDENT_TRANSFERRED,
                {"consultation_id": 1, "community_name": "迎凤社区", "adviser_name": None},
                now=WEDNESDAY_MORNING,
            )
        finally:
            await beside.close()
        context = BotContext(world.application)
        await asyncio.wait_for(context.flush_outbox(), timeout=1.0)
        assert resident.take_new_messages() == []  # the handler did not wait for the send
        (notice,) = await resident.wait_for_messages(1)
        assert "迎凤社区" in notice.text
