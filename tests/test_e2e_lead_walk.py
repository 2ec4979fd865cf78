"""What the lead's deployment walk of December 2026 found, replayed over HTTP.

A resident in danger who types it as a question, two stories typed before the community is
chosen, and 「对」 typed where the bot offers to use what was said.
"""

from __future__ import annotations

import pytest

from bot import texts
from tests.e2e import Scene, labels, one
from tests.test_e2e_adviser import quiet


@pytest.mark.parametrize(
    "said",
    ["俺男人又喝多了，刚才拿凳子砸俺，俺躲在邻居家", "我老公刚才打我了"],
)
async def test_a_question_telling_of_danger_now_brings_the_safety_numbers_first(
    scene: Scene, said: str
) -> None:
    resident = scene.resident
    await resident.send_text(said)
    notice, answer = await resident.wait_for_messages(2)
    assert "110" in notice.text, notice.text
    assert "12338" in notice.text
    assert "找法律顾问" in notice.text  # how to reach a person
    assert answer.text != notice.text


async def test_a_question_without_danger_gets_no_safety_notice(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_text("离婚冷静期多久")
    answer = await one(resident)
    assert "冷静期" in answer.text, answer.text
    assert "110" not in answer.text
    await quiet(resident, 1.5)


async def test_two_stories_typed_before_the_community_are_both_kept(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_command("/consult")
    await resident.wait_for_messages(2)
    await resident.send_text("他天天喝酒，上个月把我胳膊打青了，我想跟他离婚，孩子归我")
    await resident.wait_for_messages(2)  # the emergency card and the story kept
    await resident.send_text("离婚的时候房子怎么分")
    kept = await one(resident)
    assert kept.text.startswith(texts.INTAKE_STORY_KEPT), kept.text
    await resident.press(kept, "迎凤社区")
    describe = await one(resident)
    assert "把我胳膊打青了" in describe.text, describe.text
    assert "房子怎么分" in describe.text, describe.text


async def test_yes_typed_where_the_bot_offers_what_was_said_uses_it(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_command("/consult")
    await resident.wait_for_messages(2)
    await resident.send_text("老板拖欠我三个月工资一万二，一直不给")
    await one(resident)
    await resident.send_text("迎凤")
    describe = await one(resident)
    assert texts.BUTTON_USE_QUESTION in labels(describe), describe.text
    await resident.send_text("对")
    category = await one(resident)
    assert "劳动社保" in category.text, category.text
