"""What staff read from /invite, /advisers, /reassign and /deactivate, over the sandbox."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from knowledge import KnowledgeBase
from tests.e2e import ADVISER, Scene, bot_world, invite, make_scene, one

ADVISER_WHO = f"李律师（ID {ADVISER}）"


@pytest.fixture
async def scene(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[Scene]:
    async with bot_world(tmp_path, kb, staff_ids=frozenset({9001})) as world:
        scene = make_scene(world.server, world.settings, kb)
        await invite(scene, scene.adviser, "迎凤社区")
        yield scene


async def test_reassign_reads_naturally_for_a_community_and_for_duty(scene: Scene) -> None:
    staff = scene.staff
    await staff.send_command("/reassign", f"{ADVISER} duty")
    assert (await one(staff)).text == f"已将{ADVISER_WHO}调整为司法所值班法律顾问。"
    await staff.send_command("/reassign", f"{ADVISER} 值班")  # the Chinese word works too
    assert (await one(staff)).text == f"已将{ADVISER_WHO}调整为司法所值班法律顾问。"
    await staff.send_command("/reassign", f"{ADVISER} 迎凤社区")
    assert (await one(staff)).text == f"已将{ADVISER_WHO}调整为迎凤社区法律顾问。"
    await staff.send_command("/advisers")
    listing = (await one(staff)).text
    assert f"{ADVISER_WHO}　迎凤社区法律顾问　在岗" in listing


async def test_an_unknown_adviser_id_is_named_as_such(scene: Scene) -> None:
    staff = scene.staff
    await staff.send_command("/reassign", "4242 迎凤社区")
    assert (await one(staff)).text == texts.UNKNOWN_ADVISER.format(id=4242)
    await staff.send_command("/deactivate", "4242")
    assert (await one(staff)).text == texts.UNKNOWN_ADVISER.format(id=4242)
    assert "咨询" not in texts.UNKNOWN_ADVISER  # it was 没有找到这个咨询 before
    await staff.send_command("/reassign", f"{ADVISER} 火星村")
    assert (await one(staff)).text == texts.UNKNOWN_COMMUNITY.format(name="火星村")


async def test_invite_texts_name_the_post_once_and_list_only_real_communities(
    scene: Scene,
) -> None:
    staff = scene.staff
    await staff.send_command("/invite", "duty")
    created = (await one(staff)).text
    assert created.startswith("请将以下链接发给司法所值班法律顾问，")
    assert "的法律顾问" not in created
    token = re.search(r"start=(inv_[A-Za-z0-9_-]+)", created)
    assert token is not None
    duty = scene.server.user(6009, "赵律师")
    await duty.send_command("/start", token.group(1))
    welcome = (await one(duty)).text
    assert welcome.startswith("欢迎！您已登记为司法所值班法律顾问。")
    told = (await one(staff)).text
    assert "赵律师（ID 6009）已登记为司法所值班法律顾问。" in told

    await staff.send_command("/invite")
    usage = (await one(staff)).text
    assert "迎凤社区" in usage
    assert "示例" not in usage
    assert "请替换" not in usage


async def test_staff_texts_do_not_use_bare_jargon() -> None:
    assert texts.NOT_ALLOWED != "无权限"
    assert "权限" in texts.NOT_ALLOWED
    assert "的 的" not in texts.REASSIGN_DONE
    for text in (texts.STATS_USAGE, texts.HELP_STAFF):
        assert "本月" in text
        assert "today" not in text
