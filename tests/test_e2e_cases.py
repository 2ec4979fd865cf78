"""The legal-aid pre-check and the mediation request over HTTP, against the sandbox Bot API.

Bad input (words for numbers, typing instead of tapping, /cancel midway), a restart in the
middle, switching from one to the other, and the role check of every button: a forged press
by someone who may not take the case changes nothing.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot import texts
from knowledge import KnowledgeBase
from sandbox import BotMessage, SandboxServer, SandboxUser
from tests.e2e import (
    STAFF,
    Scene,
    bot_running,
    eventually,
    invite,
    labels,
    make_scene,
    mediation_typed,
    one,
    sandbox_settings,
)
from tests.test_handlers_mediation import MEDIATOR, communities_file

LEGAL_AID = 7001


def button_data(message: BotMessage, label: str) -> str:
    """The callback data of the button labelled ``label`` on ``message``."""
    return next(str(data) for row in message.buttons for text, data in row if text == label)


async def refused(user: SandboxUser, on: BotMessage, data: str) -> None:
    """``user`` presses ``data`` (forged, on their own message ``on``) and is told no."""
    answer = await user.wait_for_answer(await user.press_with_data(on, data))
    assert answer.text, "a refused press is answered with the reason"


async def with_button(user: SandboxUser, label: str) -> BotMessage:
    """The latest message to ``user`` with a button ``label`` (waiting for it to come)."""

    def found() -> list[BotMessage]:
        return [m for m in reversed(user.transcript()) if label in labels(m)]

    await eventually(found, f"a message with {label!r} to {user!r}")
    return found()[0]


async def started(user: SandboxUser) -> None:
    """``user`` opens the bot (/start), so that it may write to them; the welcome is read."""
    await user.send_command("/start")
    await user.wait_for_messages(1)
    await asyncio.sleep(0.5)
    user.take_new_messages()


def case_scene(server: SandboxServer, tmp_path: Path, kb: KnowledgeBase) -> Scene:
    """Staff, legal-aid staff with a standard of 1000 yuan, and 迎凤社区's mediator."""
    settings = sandbox_settings(
        server,
        tmp_path,
        staff_ids=frozenset({STAFF}),
        legal_aid_ids=frozenset({LEGAL_AID}),
        legal_aid_income_standard=1000,
        communities_file=communities_file(tmp_path, committee=True, office=False),
        user_rate_per_minute=0,
    )
    return make_scene(server, settings, kb)


async def take_and_close(scene: Scene, taker: SandboxUser, outcome: str) -> None:
    """Intruders' forged 接单, 结束 and outcome presses change nothing; ``taker``'s do.

    The community's adviser, staff and the resident press the new case's 接单; the adviser
    and the resident its 结束 and ``outcome``; then ``taker`` claims and closes it.
    """
    resident, adviser = scene.resident, scene.adviser
    card = await one(taker)
    for intruder in (adviser, scene.staff, resident):
        await refused(intruder, intruder.transcript()[-1], button_data(card, texts.BUTTON_CLAIM))
    assert [tuple(r) for r in scene.rows("SELECT status, adviser_id FROM consultations")] == [
        ("open", None)
    ]
    await taker.press(card, texts.BUTTON_CLAIM)
    await resident.wait_for_messages(1)
    claimed = await with_button(taker, texts.BUTTON_CLOSE)
    await taker.press(claimed, texts.BUTTON_CLOSE)
    outcomes = await with_button(taker, outcome)
    for intruder in (adviser, resident):
        for data in (button_data(outcomes, outcome), button_data(claimed, texts.BUTTON_CLOSE)):
            await refused(intruder, intruder.transcript()[-1], data)
    assert scene.rows("SELECT status FROM consultations")[0][0] == "claimed"
    await taker.press(outcomes, outcome)
    await resident.wait_for_messages(1)
    assert scene.rows("SELECT status FROM consultations")[0][0] == "closed"


async def test_the_pre_check_with_bad_input_a_restart_and_forged_presses(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with SandboxServer() as server:
        scene = case_scene(server, tmp_path, kb)
        resident, settings = scene.resident, scene.settings
        legal_aid = server.user(LEGAL_AID, "法援中心")
        async with bot_running(server, settings, kb):
            await invite(scene, scene.adviser, "迎凤社区")
            await started(legal_aid)
            await resident.send_command("/legalaid")
            _, matter = await resident.wait_for_messages(2)
            assert matter.text == texts.LEGAL_AID_ASK_MATTER
            await resident.send_text("随便说说")  # neither a button nor a plain matter
            tap, again = await resident.wait_for_messages(2)
            assert (tap.text, again.text) == (texts.LEGAL_AID_TAP, texts.LEGAL_AID_ASK_MATTER)
            await resident.send_text("欠薪")
            exempt = await one(resident)
            assert exempt.text.endswith(texts.LEGAL_AID_ASK_EXEMPT)  # after the matter taken
            await resident.press(exempt, texts.LEGAL_AID_EXEMPT_GROUPS["none"])
            proof = await one(resident)
            await resident.press(proof, texts.LEGAL_AID_PROOFS["none"])
            for typed, expected in (
                (None, texts.LEGAL_AID_ASK_HOUSEHOLD),
                ("一大家子", texts.LEGAL_AID_BAD_HOUSEHOLD),
                ("3", texts.LEGAL_AID_ASK_INCOME),
                ("看情况", texts.LEGAL_AID_BAD_INCOME),
            ):
                if typed is not None:
                    await resident.send_text(typed)
                assert (await one(resident)).text == expected
            await resident.send_text("2400")
            result, ask = await resident.wait_for_messages(2)
            assert "初步判断：您可能符合法律援助条件" in result.text
        # A restart before the resident decides: the button still files it.
        async with bot_running(server, settings, kb):
            await resident.press(ask, texts.LEGAL_AID_BUTTON_FILE)
            assert (await one(resident)).text == texts.LEGAL_AID_ASK_COMMUNITY
            await resident.send_text("迎凤")
            assert texts.HANDLED_BY_LEGAL_AID in (await one(resident)).text
            await take_and_close(scene, legal_aid, "受理")
            assert [
                tuple(r)
                for r in scene.rows(
                    "SELECT household_size, monthly_income, outcome FROM legal_aid_applications"
                )
            ] == [(3, 2400, "accepted")]


async def test_the_mediation_request_switched_to_cancelled_and_filed_with_forged_presses(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with SandboxServer() as server:
        scene = case_scene(server, tmp_path, kb)
        resident = scene.resident
        mediator = server.user(MEDIATOR, "王调解")
        async with bot_running(server, scene.settings, kb):
            await invite(scene, scene.adviser, "迎凤社区")
            await started(mediator)
            await resident.send_command("/legalaid")
            await resident.wait_for_messages(2)
            # Switching: the pre-check ends in one line, the typed answer goes to mediation.
            await resident.send_text(texts.MENU_MEDIATE)
            ended, _, dispute = await resident.wait_for_messages(3)
            assert (ended.text, dispute.text) == (texts.LEGAL_AID_ENDED, texts.MEDIATE_ASK_DISPUTE)
            await resident.send_text("欠钱不还")
            relation = await one(resident)
            assert relation.text.endswith(texts.MEDIATE_ASK_RELATION)  # after the type taken
            assert "「债务」" in relation.text
            await resident.send_text("老板")
            name = await one(resident)
            await resident.press(name, texts.MEDIATE_BUTTON_NO_NAME)
            community = await one(resident)
            await resident.press(community, "迎凤社区")
            assert (await one(resident)).text == texts.MEDIATE_ASK_WANTED
            await resident.send_text("要")  # too short
            assert (await one(resident)).text == texts.MEDIATE_WANTED_TOO_SHORT
            await resident.send_command("/cancel")
            assert (await one(resident)).text == texts.INTAKE_CANCELLED
            assert scene.rows("SELECT count(*) FROM consultations")[0][0] == 0
            # Again, typed all the way, confirmed with a plain 好的.
            await mediation_typed(resident, ("邻居吵架", "隔壁", "不提供", "迎凤"))
            await resident.send_text("对方停止在楼道堆放杂物")
            confirm = await one(resident)
            assert "邻里" in confirm.text
            await resident.send_text("好的")
            assert "调解申请已提交" in (await one(resident)).text
            # Not the community's adviser (no mediator), nor staff, nor the resident.
            await take_and_close(scene, mediator, "调解成功")
            assert [
                tuple(r)
                for r in scene.rows(
                    "SELECT dispute_type, other_party_relation, outcome FROM mediation_requests"
                )
            ] == [("邻里", "邻居", "success")]
