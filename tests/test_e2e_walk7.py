"""What the seventh deployment walk found (branch walk7), replayed over HTTP."""

from __future__ import annotations

from pathlib import Path

from bot import texts
from knowledge import KnowledgeBase
from sandbox import SandboxServer
from tests.e2e import STAFF, Scene, bot_running, labels, make_scene, one, sandbox_settings
from tests.test_e2e_adviser import quiet
from tests.test_e2e_walk_requests import ABSENT_STAFF, until


async def test_a_plan_typed_where_the_community_is_asked_gets_the_question_not_the_numbers(
    scene: Scene,
) -> None:
    # The walk: 「好的，明天去」 typed at the community step brought the emergency card (the
    # learned model read 明天 as a deadline) instead of the community question again.
    resident = scene.resident
    await resident.send_command("/consult")
    _, choose = await resident.wait_for_messages(2)
    await resident.send_text("好的，明天去")
    again = await one(resident)
    assert "可能比较紧急" not in again.text, again.text  # no emergency card
    assert again.text.startswith(texts.INTAKE_NOT_UNDERSTOOD.strip()), again.text
    assert texts.INTAKE_CHOOSE_COMMUNITY in again.text, again.text
    assert labels(again) == labels(choose)
    await quiet(resident, 1)  # no card after it either
    await resident.press(again, "迎凤社区")
    assert (await one(resident)).text.startswith("请用几句话说明")


async def test_staff_told_at_start_up_who_cannot_be_reached_are_not_told_again_after_a_restart(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    # The walk: every restart sent the staff the start-up notice 「以下工作人员尚未…发送 /start」
    # again about the same colleague, already delivered the first time.
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF, ABSENT_STAFF}))
        scene = make_scene(server, settings, kb)
        staff = scene.staff
        await staff.send_command("/start")
        async with bot_running(server, settings, kb):
            notice = await until(staff, str(ABSENT_STAFF))
            assert "/start" in notice.text, notice.text
        for _ in range(2):
            async with bot_running(server, settings, kb):  # the start-up check is done
                await staff.send_command("/help")
                await until(staff, "/stats")  # the staff help: the start-up is over
        told = [m for m in staff.transcript() if str(ABSENT_STAFF) in m.text]
        assert len(told) == 1, [m.text for m in told]
        absent = server.user(ABSENT_STAFF, "赵科长")
        await absent.send_command("/start")
        async with bot_running(server, settings, kb):  # reachable now: nothing to tell
            await absent.send_command("/help")
            await one(absent)
        assert len([m for m in staff.transcript() if str(ABSENT_STAFF) in m.text]) == 1
