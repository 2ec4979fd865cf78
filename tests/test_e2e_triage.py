"""Triage in the intake, end to end: the emergency card at once, then the likely category."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from knowledge import KnowledgeBase
from sandbox import SandboxServer, SandboxUser, UserMessage
from tests.e2e import STAFF, Scene, bot_running, labels, make_scene, one, sandbox_settings


@pytest.fixture
async def scene(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[Scene]:
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF}))
        async with bot_running(server, settings, kb):
            yield make_scene(server, settings, kb)


async def describe(resident: SandboxUser, description: str) -> UserMessage:
    """Start /consult, choose 迎凤社区 and send ``description``; return the sent message."""
    await resident.send_command("/consult")
    _, choose = await resident.wait_for_messages(2)
    await resident.press(choose, "迎凤社区")
    await one(resident)
    return await resident.send_text(description)


async def test_the_emergency_card_comes_right_after_an_urgent_description(scene: Scene) -> None:
    resident = scene.resident
    await describe(resident, "俺男人刚才又喝多了打俺，还拿着刀说要砍俺")
    card, category = await resident.wait_for_messages(2)
    assert "您的情况可能比较紧急" in card.text
    for number in ("110", "12338", "12348"):
        assert number in card.text
    assert card.buttons == []
    assert "婚姻家庭" in category.text
    assert texts.BUTTON_CATEGORY_OK in labels(category)


async def test_a_calm_description_gets_no_card(scene: Scene) -> None:
    await describe(scene.resident, "他没有家暴，就是两个人感情不和，我想协议离婚")
    category = await one(scene.resident)  # exactly one message: no card
    assert "婚姻家庭" in category.text


async def test_asking_for_the_adviser_does_not_decide_the_category(scene: Scene) -> None:
    resident = scene.resident
    await describe(resident, "老板拖欠我三个月工资一万二，我想请社区法律顾问帮忙看看怎么要回来")
    category = await one(resident)
    assert "劳动社保" in category.text
    await resident.press(category, texts.BUTTON_CATEGORY_OK)
    assert (await one(resident)).text.startswith(texts.INTAKE_CONSENT[:6])


async def test_an_urgent_question_taken_as_the_description_shows_the_card(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_text("俺兄弟叫公安逮走了，家里人能见他吗")
    answer = await one(resident)
    await resident.press(answer, texts.BUTTON_ADVISER)
    _, choose = await resident.wait_for_messages(2)
    await resident.press(choose, "迎凤社区")
    await resident.press(await one(resident), texts.BUTTON_USE_QUESTION)
    card, category = await resident.wait_for_messages(2)
    assert "12348" in card.text  # a detention: legal aid, no police or women's hotline
    assert "12338" not in card.text
    assert "刑事治安" in category.text
