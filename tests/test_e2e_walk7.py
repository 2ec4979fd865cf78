"""What the seventh deployment walk found (branch walk7), replayed over HTTP."""

from __future__ import annotations

from pathlib import Path

from bot import texts
from knowledge import KnowledgeBase
from sandbox import SandboxServer
from tests.e2e import (
    STAFF,
    Scene,
    bot_running,
    invite,
    labels,
    make_scene,
    one,
    sandbox_settings,
)
from tests.test_e2e_adviser import DUTY, QUESTION, quiet, world
from tests.test_e2e_consent import plain
from tests.test_e2e_consult import file_consultation
from tests.test_e2e_walk import file_mediation
from tests.test_e2e_walk_requests import ABSENT_STAFF, until

__all__ = ["world"]


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


async def test_a_duty_adviser_can_hand_a_consultation_back_to_its_community(
    world: Scene,
) -> None:
    # The walk (w18): the 迎凤社区 adviser handed a consultation to the duty adviser (转交 →
    # 司法所值班法律顾问); the duty adviser's 转交 offered no way back to 迎凤社区 (with one
    # real community: 「目前没有可以转交的村（社区）或值班法律顾问」).
    adviser, resident = world.adviser, world.resident
    duty = world.server.user(DUTY, "周值班")
    await duty.send_command("/start")
    await one(duty)
    await invite(world, adviser, "迎凤社区")
    number = await file_consultation(world, resident, QUESTION)
    card = await one(adviser)
    await adviser.press(card, texts.BUTTON_CLAIM)
    await adviser.wait_for_messages(1)
    await one(resident)  # told who took it
    await adviser.send_command("/transfer", str(number))
    await adviser.press(await one(adviser), f"{texts.DUTY_TARGET} 周值班")
    await adviser.wait_for_messages(1)  # 已转交
    await duty.wait_for_messages(1)  # the card, theirs now
    await one(resident)
    await duty.send_command("/transfer", str(number))
    targets = await one(duty)
    back = texts.TRANSFER_BACK.format(community="迎凤社区")
    assert back in labels(targets), labels(targets)
    # A role check on the press itself: the adviser who gave it away may not use it.
    forged = await adviser.press_with_data(card, f"1|c|xto|{number}|yingfeng")
    refusal = await adviser.wait_for_answer(forged)
    assert refusal.text == texts.HELD_BY_COLLEAGUE.format(number=number)
    (row,) = world.rows("SELECT status, adviser_id FROM consultations")
    assert tuple(row) == ("claimed", DUTY)
    await duty.press(targets, back)
    done = await one(duty)
    assert done.text == plain(texts.TRANSFER_DONE.format(number=number, target="迎凤社区")), (
        done.text
    )
    again = await one(adviser)  # the card again, to take
    assert f"#{number}" in again.text, again.text
    assert texts.BUTTON_CLAIM in labels(again), labels(again)
    told = await one(resident)
    assert told.raw_text == texts.RESIDENT_TRANSFER_NOTICE.format(
        number=number, who=texts.COMMUNITY_ADVISERS.format(community="迎凤社区")
    )
    (row,) = world.rows("SELECT community_id, status, adviser_id FROM consultations")
    assert tuple(row) == ("yingfeng", "open", None)
    await adviser.press(again, texts.BUTTON_CLAIM)  # and the community takes it again
    assert (await one(adviser)).text.startswith(f"已接单 #{number}")


async def test_an_adviser_claiming_a_mediation_request_is_told_who_takes_it(
    scene: Scene,
) -> None:
    # The walk: /claim on a mediation request answered only 「抱歉，您没有使用此功能的权限。」
    # (no mediator is configured: the duty advisers and staff take it, not the community's
    # legal adviser).
    await file_mediation(scene.resident)
    (row,) = scene.rows("SELECT id FROM consultations WHERE kind = 'mediation'")
    number = row[0]
    await scene.adviser.send_command("/claim", str(number))
    refusal = await one(scene.adviser)
    assert refusal.text != texts.NOT_ALLOWED, refusal.text
    assert refusal.text == plain(texts.CLAIM_DENIED["mediation"].format(number=number))
    assert "过道" not in refusal.text  # nothing of the request itself
    forged = await scene.adviser.press_with_data(refusal, f"1|c|claim|{number}")
    answer = await scene.adviser.wait_for_answer(forged)
    assert answer.text == refusal.text
    (row,) = scene.rows("SELECT status, adviser_id FROM consultations")
    assert tuple(row) == ("open", None)
