"""Per-user flood control over the sandbox: one notice, nothing else held up, staff exempt."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot import texts
from knowledge import KnowledgeBase
from tests.e2e import STAFF, bot_world, invite, make_scene

RATE = 5
FLOODER, OTHER = 4101, 4102


async def test_a_flooding_resident_is_told_once_and_others_are_served(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    limits = {"user_rate_per_minute": RATE, "user_rate_burst": RATE}
    async with bot_world(tmp_path, kb, staff_ids=frozenset({STAFF}), **limits) as world:
        flooder, other = world.server.user(FLOODER), world.server.user(OTHER)
        staff = world.server.user(STAFF)
        for _ in range(RATE + 6):
            await flooder.send_text("工伤认定怎么申请")
        await other.send_text("离婚冷静期多久")
        (answer,) = await other.wait_for_messages(1)
        assert "离婚" in answer.text

        received = await flooder.wait_for_messages(RATE + 1)
        notices = [m for m in received if m.text.startswith("您发送消息过于频繁")]
        assert len(notices) == 1
        assert "刚才超出的消息没有处理" in notices[0].text
        assert f"每分钟最多 {RATE} 条" in notices[0].text
        assert sum("工伤" in m.text for m in received) == RATE
        await asyncio.sleep(0.5)
        assert flooder.take_new_messages() == []

        # A button pressed while over the limit gets a short toast, not a message.
        with_buttons = next(m for m in received if m.buttons)
        pressed = await flooder.press(with_buttons, with_buttons.buttons[0][0][0])
        toast = await flooder.wait_for_answer(pressed)
        assert toast.text == texts.RATE_LIMITED_TOAST
        assert flooder.take_new_messages() == []

        # Staff and advisers are exempt.
        for _ in range(RATE + 3):
            await staff.send_command("/ask", "工伤认定怎么申请")
        answers = await staff.wait_for_messages(RATE + 3)
        assert all("工伤" in m.text for m in answers)
        scene = make_scene(world.server, world.settings, kb)
        await invite(scene, scene.adviser, "迎凤社区")
        for _ in range(RATE + 3):
            await scene.adviser.send_command("/queue")
        replies = await scene.adviser.wait_for_messages(RATE + 3)
        assert not any(m.text.startswith("您发送消息过于频繁") for m in replies)
