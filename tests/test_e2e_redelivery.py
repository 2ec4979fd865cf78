"""Re-delivered and colliding updates over the sandbox: one effect per Telegram message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot import texts
from knowledge import KnowledgeBase
from sandbox import SandboxServer, SandboxUser
from tests.e2e import (
    WEDNESDAY_MORNING,
    Scene,
    bot_running,
    bot_world,
    make_scene,
    office_clock,
    one,
    sandbox_settings,
)
from tests.test_e2e_consult import file_consultation

QUIET_SECONDS = 1.5
"""How long to watch a chat for a message that must not come."""


async def nothing_more(user: SandboxUser) -> None:
    """Check that no further bot message reaches ``user`` for a while."""
    with pytest.raises(TimeoutError):
        await user.wait_for_messages(1, timeout=QUIET_SECONDS)


async def test_a_question_redelivered_under_a_new_update_id_is_logged_once(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with bot_world(tmp_path, kb) as world:
        resident = world.server.user(1101, "居民")
        sent = await resident.send_text("工伤怎么认定")
        first = await one(resident)
        await resident.redeliver(sent)
        again = await one(resident)
        assert again.text == first.text, "the resident who may have missed it is answered"
        scene = make_scene(world.server, world.settings, kb)
        rows = scene.rows("SELECT user_id, text FROM questions")
        assert [tuple(r) for r in rows] == [(1101, "工伤怎么认定")]


async def test_an_update_id_reused_after_a_restart_is_another_question(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    # Telegram restarts update_id at random after a week without updates; a fresh sandbox
    # numbers its updates from 1 again, on the same database, eight days later.
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path)
        async with bot_running(server, settings, kb):
            await server.user(1201, "甲").send_text("工伤怎么认定")
            await one(server.user(1201))
    a_week_later = office_clock(WEDNESDAY_MORNING + dt.timedelta(days=8))
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path)
        async with bot_running(server, settings, kb, clock=a_week_later):
            other = server.user(1202, "乙")
            await other.send_text("离婚冷静期是多久")
            answer = await one(other)
            await other.press(answer, texts.BUTTON_HELPFUL)
            assert (await one(other)).text == texts.THANKS_HELPFUL
            scene = make_scene(server, settings, kb)
            rows = scene.rows("SELECT user_id, text, feedback FROM questions ORDER BY id")
    assert [tuple(r) for r in rows] == [(1201, "工伤怎么认定", None), (1202, "离婚冷静期是多久", 1)]


async def test_redelivered_messages_and_replies_have_one_effect(scene: Scene) -> None:
    resident, adviser = scene.resident, scene.adviser
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    card = await one(adviser)
    await adviser.press(card, texts.BUTTON_CLAIM)
    await one(adviser)
    await one(resident)

    extra = await resident.send_text("我有考勤表")
    await one(resident)
    relayed = await one(adviser)
    await resident.redeliver(extra)
    await one(resident)
    await nothing_more(adviser)

    command = await adviser.send_command("/reply", f"{number} 请带上考勤表")
    assert (await one(adviser)).text == texts.REPLY_SENT.format(number=number)
    assert "请带上考勤表" in (await one(resident)).text
    await adviser.redeliver(command)
    await one(adviser)
    await nothing_more(resident)

    quote = await adviser.reply_to(relayed, "还有工资条")
    await one(adviser)
    assert "还有工资条" in (await one(resident)).text
    await adviser.redeliver(quote)
    await one(adviser)
    await nothing_more(resident)

    rows = scene.rows("SELECT direction, text FROM consultation_messages ORDER BY id")
    assert [tuple(r) for r in rows] == [
        ("to_adviser", "我有考勤表"),
        ("to_resident", "请带上考勤表"),
        ("to_resident", "还有工资条"),
    ]
    [(to_resident,)] = scene.rows("SELECT count(*) FROM outbox WHERE kind = 'message_to_resident'")
    assert to_resident == 2
