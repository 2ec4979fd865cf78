"""What the third deployment walk found (branch walk3, scripts w13-w17), replayed over HTTP.

A resident with a legal-aid pre-application open who asks for mediation, advisers of one
community acting on each other's consultations, staff typing /log and /amount loosely.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from knowledge import KnowledgeBase
from sandbox import SandboxUser
from tests.e2e import OTHER_ADVISER, Scene, adviser_scene, invite, one
from tests.test_e2e_consult import file_consultation
from tests.test_e2e_walk import file_mediation, to_file_step, to_household


@pytest.fixture
async def scene(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[Scene]:
    async with adviser_scene(tmp_path, kb) as world:
        yield world


async def file_pre_application(resident: SandboxUser) -> None:
    """Type the legal-aid pre-check through and file it for 迎凤社区."""
    await to_file_step(resident)
    await resident.send_text("好的")
    assert (await one(resident)).text == texts.LEGAL_AID_ASK_COMMUNITY
    await resident.send_text("迎凤")
    assert "预申请已提交" in (await one(resident)).text


async def told_after(user: SandboxUser, command: str) -> str:
    """Send ``command`` and return the one reply's text."""
    await user.send_command(command)
    return (await one(user)).text


async def test_a_mediation_request_with_a_pre_application_open_is_refused_at_once(
    scene: Scene,
) -> None:
    await file_pre_application(scene.resident)
    # The walk: five answers typed, then 「您已有进行中的咨询 #1…转给法律顾问」 at the end.
    mediate = await told_after(scene.resident, "/mediate")
    assert "法律援助预申请 #1" in mediate, mediate
    assert "法律顾问" not in mediate
    consult = await told_after(scene.resident, "/consult")
    assert "法律援助预申请 #1（等待受理）" in consult, consult


async def test_the_pre_check_with_a_consultation_open_informs_and_offers_no_filing(
    scene: Scene,
) -> None:
    resident = scene.resident
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    await to_household(resident)
    await resident.send_text("四口人")
    await one(resident)
    await resident.send_text("三千五")
    result, told = await resident.wait_for_messages(2)
    assert "初步判断" in result.text
    assert told.text != texts.LEGAL_AID_ASK_FILE
    assert f"咨询 #{number}" in told.text, told.text


async def test_a_colleague_acting_on_a_claimed_consultation_is_told_who_holds_it(
    scene: Scene,
) -> None:
    colleague = scene.server.user(OTHER_ADVISER, "张律师")
    await invite(scene, colleague, "迎凤社区")
    number = await file_consultation(scene, scene.resident, "老板拖欠工资三个月了，怎么要回来")
    await scene.adviser.send_command("/claim", str(number))
    await scene.adviser.wait_for_messages(1)
    await asyncio.sleep(1.5)
    colleague.take_new_messages()
    # The walk: 「抱歉，您没有使用此功能的权限。」 to an adviser of the same community.
    held = texts.HELD_BY_COLLEAGUE.format(number=number)
    for command, argument in (
        ("/close", str(number)),
        ("/transfer", str(number)),
        ("/reply", f"{number} 我是另一位顾问"),
    ):
        await colleague.send_command(command, argument)
        assert (await one(colleague)).text == held, command
    assert not [m.text for m in scene.resident.take_new_messages() if "另一位" in m.text]


async def test_a_mediation_request_taken_by_staff_is_named_as_such_to_the_resident(
    scene: Scene,
) -> None:
    resident, staff = scene.resident, scene.staff
    await file_mediation(resident)
    await asyncio.sleep(1.5)
    staff.take_new_messages()
    await staff.send_command("/claim", "1")
    # The walk (w19): 「您的咨询 #1 已由 街道工作人员 接单。…转给法律顾问。」
    taken = await one(resident)
    assert "调解申请 #1" in taken.text, taken.text
    assert "法律顾问" not in taken.text
    await staff.send_command("/reply", "1 您好，明天上午请到社区调解室")
    answer = await one(resident)
    assert answer.text.startswith("👩‍⚖️ 调解员（调解申请 #1）"), answer.text


async def test_a_deactivated_adviser_is_told_their_role_was_withdrawn(scene: Scene) -> None:
    adviser = scene.adviser
    number = await file_consultation(scene, scene.resident, "老板拖欠工资三个月了，怎么要回来")
    await adviser.send_command("/claim", str(number))
    await adviser.wait_for_messages(1)
    await scene.staff.send_command("/deactivate", str(adviser.user_id))
    await scene.staff.wait_for_messages(1)
    await asyncio.sleep(1.5)
    adviser.take_new_messages()
    # The walk (w13, w18): 「这个功能只有法律顾问和工作人员可以使用。」, 「没有使用此功能的权限」.
    for command, argument in (
        ("/queue", None),
        ("/claim", str(number)),
        ("/close", str(number)),
        ("/reply", f"{number} 还在吗"),
    ):
        await adviser.send_command(command, argument)
        assert (await one(adviser)).text == texts.ADVISER_DEACTIVATED, command
    assert not [m.text for m in scene.resident.take_new_messages() if "还在吗" in m.text]
