"""What the second deployment walk found: requests in a resident's words, menus, quiz replies.

Each test replays, over HTTP against the sandbox, what a resident, adviser or staff member did
in the walk and what went wrong for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from bot.texts import publicity as pt
from knowledge import KnowledgeBase
from sandbox import BotMessage, SandboxServer, SandboxUser
from tests.e2e import (
    ADVISER,
    DEADLINE,
    STAFF,
    Scene,
    bot_running,
    labels,
    make_scene,
    one,
    sandbox_settings,
)
from tests.test_e2e_consent import plain, to_consent
from tests.test_e2e_consult import file_consultation
from tests.test_e2e_walk import file_mediation, question_count


@pytest.mark.parametrize(
    ("said", "matter", "category"),
    [
        ("我要咨询离婚的事", "离婚", "婚姻家庭"),
        ("想找法律顾问问问工伤的事", "工伤", "劳动社保"),
        ("您好，我想咨询一下关于拆迁补偿方面的问题。", "拆迁补偿", "土地房产"),
    ],
)
async def test_a_request_to_consult_that_names_the_matter_starts_the_intake(
    scene: Scene, said: str, matter: str, category: str
) -> None:
    resident = scene.resident
    await resident.send_text(said)
    replies = await resident.wait_for_messages(2)
    assert replies[-1].text.startswith("请选择您所在的村（社区）"), [m.text for m in replies]
    assert question_count(scene) == 0  # not taken as a question
    await resident.press(replies[-1], "迎凤社区")
    ask = await one(resident)
    assert matter in ask.text, ask.text  # the matter the resident named is kept
    await resident.send_text("去年开始的，想问问怎么办才好")
    proposal = await one(resident)
    assert category in proposal.text, proposal.text
    await resident.press(proposal, texts.BUTTON_CATEGORY_OK)
    await one(resident)  # the consent question
    await resident.send_text("不愿意")
    confirm = await one(resident)
    assert matter in confirm.text, confirm.text  # the description starts with the matter


@pytest.mark.parametrize(
    "said", ["我想咨询一下离婚冷静期多久", "我想问问工伤怎么认定？", "找律师咨询离婚要多少钱"]
)
async def test_a_question_put_as_a_request_is_still_answered(scene: Scene, said: str) -> None:
    await scene.resident.send_text(said)
    reply = await one(scene.resident)
    assert not reply.text.startswith("预约本村（社区）法律顾问"), reply.text
    assert question_count(scene) == 1


def menu_of(scene: Scene, chat_id: int) -> list[str]:
    """Return the commands the sandbox shows in the private chat ``chat_id``."""
    for (scope, _), commands in scene.server.api.commands.items():
        if json.loads(scope).get("chat_id") == chat_id:
            return [str(command["command"]) for command in commands]
    return []


async def test_the_adviser_menu_names_every_adviser_command(scene: Scene) -> None:
    menu = menu_of(scene, ADVISER)
    for command in ("queue", "claim", "reply", "close", "transfer", "log", "worklog"):
        assert command in menu, (command, menu)


@pytest.mark.parametrize("said", ["第二个", "选B", "我选C", "答案是A", "B吧", "二"])
async def test_a_typed_answer_to_a_quiz_poll_is_no_question(scene: Scene, said: str) -> None:
    resident = scene.resident
    await resident.send_command("/quiz")
    _, poll = await resident.wait_for_messages(2)
    assert poll.kind == "poll"
    await resident.send_text(said)
    assert (await one(resident)).text == pt.QUIZ_TYPED
    assert question_count(scene) == 0


async def type_matter(resident: SandboxUser, matter: str) -> BotMessage:
    """Start the legal-aid pre-check, type ``matter``; return the next question."""
    await resident.send_command("/legalaid")
    await resident.wait_for_messages(2)
    await resident.send_text(matter)
    return await one(resident)


async def test_a_typed_legal_aid_matter_is_named_back_and_can_be_changed(scene: Scene) -> None:
    resident = scene.resident
    exempt = await type_matter(resident, "老板拖欠我三个月工资")
    assert texts.LEGAL_AID_MATTERS["labour"] in exempt.text, exempt.text  # which one it took
    assert plain(texts.LEGAL_AID_ASK_EXEMPT) in exempt.text
    assert texts.BUTTON_LEGAL_AID_CHANGE_MATTER in labels(exempt)
    await resident.press(exempt, texts.BUTTON_LEGAL_AID_CHANGE_MATTER)
    again = await one(resident)
    assert again.text == texts.LEGAL_AID_ASK_MATTER
    await resident.press(again, texts.LEGAL_AID_MATTERS["support"])
    tapped = await one(resident)
    assert tapped.text == plain(texts.LEGAL_AID_ASK_EXEMPT)  # a tapped matter needs no echo
    await resident.send_text("我想改一下事项")  # typed, the way back is understood too
    assert (await one(resident)).text == texts.LEGAL_AID_ASK_MATTER


async def test_an_unmapped_legal_aid_matter_says_it_is_filed_as_other(scene: Scene) -> None:
    exempt = await type_matter(scene.resident, "想离婚，请不起律师")
    assert texts.LEGAL_AID_MATTERS["other"] in exempt.text, exempt.text
    assert texts.BUTTON_LEGAL_AID_CHANGE_MATTER in labels(exempt)


ABSENT_STAFF = 9002
"""A staff member in ``STAFF_IDS`` who never opened the bot (Telegram cannot message them)."""


@contextlib.asynccontextmanager
async def absent_staff_scene(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[Scene]:
    """A bot whose second staff member never sent /start; the first did before it started."""
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF, ABSENT_STAFF}))
        scene = make_scene(server, settings, kb)
        await scene.staff.send_command("/start")
        async with bot_running(server, settings, kb):
            yield scene


async def until(user: SandboxUser, needle: str, wait: float = DEADLINE) -> BotMessage:
    """Return the first new message to ``user`` containing ``needle`` (others are read)."""
    deadline = asyncio.get_running_loop().time() + wait
    while (left := deadline - asyncio.get_running_loop().time()) > 0:
        for message in await user.wait_for_messages(1, timeout=left):
            if needle in message.text:
                return message
    raise AssertionError(f"no message with {needle!r}")


async def test_staff_who_cannot_be_reached_are_named_at_start_up(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with absent_staff_scene(tmp_path, kb) as scene:
        notice = await until(scene.staff, str(ABSENT_STAFF))
        assert "/start" in notice.text, notice.text


async def test_a_card_a_staff_member_could_not_get_is_reported_and_kept_for_their_start(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with absent_staff_scene(tmp_path, kb) as scene:
        await until(scene.staff, str(ABSENT_STAFF))  # the start-up notice
        number = await file_consultation(scene, scene.resident, "老板拖欠工资三个月了，怎么要回来")
        report = await until(scene.staff, f"#{number}")
        if str(ABSENT_STAFF) not in report.text:  # the card itself came first
            report = await until(scene.staff, str(ABSENT_STAFF))
        assert f"#{number}" in report.text, report.text
        await scene.resident.send_text("我还有两个月的加班费也没给")
        await one(scene.resident)
        added = await until(scene.staff, "加班费")  # the message added to the case reaches staff
        await asyncio.sleep(1)
        reports = [m for m in scene.staff.take_new_messages() if str(ABSENT_STAFF) in m.text]
        assert reports == [], (added.text, [m.text for m in reports])  # reported once a case
        absent = scene.server.user(ABSENT_STAFF, "赵科长")
        await absent.send_command("/start")
        card = await until(absent, f"#{number}")
        assert texts.BUTTON_CLAIM in labels(card), labels(card)


async def test_forget_typed_as_a_command_asks_to_confirm_the_deletion(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_text("离婚冷静期多久")
    await one(resident)
    await resident.send_command("/forget")
    confirm = await one(resident)
    assert confirm.text.startswith(plain(texts.PRIVACY_CONFIRM_FORGET)[:10]), confirm.text
    await resident.send_text("确认")
    assert (await one(resident)).text == texts.PRIVACY_FORGOTTEN
    texts_kept = [row[0] for row in scene.rows("SELECT text FROM questions")]
    assert "离婚冷静期多久" not in texts_kept  # the count stays, the words are gone


async def test_a_dispute_told_as_a_story_is_understood_named_back_and_can_be_changed(
    scene: Scene,
) -> None:
    resident = scene.resident
    await resident.send_command("/mediate")
    await resident.wait_for_messages(2)
    await resident.send_text("跟隔壁邻居因为排水的事吵了好几次")
    relation = await one(resident)
    assert "「邻里」" in relation.text, relation.text  # which type it was taken as
    assert plain(texts.MEDIATE_ASK_RELATION) in relation.text
    await resident.press(relation, texts.BUTTON_MEDIATE_CHANGE_DISPUTE)
    assert (await one(resident)).text == plain(texts.MEDIATE_ASK_DISPUTE)


async def test_an_adviser_who_types_without_quoting_can_send_it_with_one_tap(
    scene: Scene,
) -> None:
    number = await file_consultation(scene, scene.resident, "老板拖欠工资三个月了，怎么要回来")
    card = await one(scene.adviser)
    await scene.adviser.press(card, texts.BUTTON_CLAIM)
    await scene.adviser.wait_for_messages(1)  # 已接单
    await scene.resident.wait_for_messages(1)  # told who took it
    await scene.adviser.send_text("您好，请问您和公司签过劳动合同吗？")
    hint = await until(scene.adviser, "没有转给居民")
    button = texts.BUTTON_SEND_TYPED.format(number=number)
    assert button in labels(hint), labels(hint)
    data = next(data for row in hint.buttons for text, data in row if text == button)
    assert data is not None
    await scene.adviser.press(hint, button)
    assert (await until(scene.adviser, "已发给居民")).text == texts.REPLY_SENT.format(number=number)
    relayed = await until(scene.resident, "劳动合同")
    assert "您好，请问您和公司签过劳动合同吗？" in relayed.text
    await scene.adviser.press_with_data(hint, data)  # a second tap sends nothing more
    await asyncio.sleep(1.5)
    assert not [m for m in scene.resident.take_new_messages() if "劳动合同" in m.text]


@pytest.mark.parametrize("edit", [texts.BUTTON_EDIT_REQUEST, "等一下，我想改一下"])
async def test_the_request_can_be_changed_at_its_confirmation(scene: Scene, edit: str) -> None:
    resident = scene.resident
    await to_consent(resident, "我家老人被骗买了三万块钱的保健品")
    await resident.send_text("不愿意")
    confirm = await one(resident)
    if edit in labels(confirm):
        await resident.press(confirm, edit)
    else:
        await resident.send_text(edit)
    describe = await one(resident)
    assert "我家老人被骗买了三万块钱的保健品" in describe.text, describe.text  # what it said
    await resident.send_text("老人花三万块买了保健品，商家说包治百病，想退钱")
    category = await one(resident)
    await resident.press(category, texts.BUTTON_CATEGORY_OK)
    await one(resident)
    await resident.send_text("不愿意")
    assert "商家说包治百病" in (await one(resident)).text


async def test_forget_with_a_mediation_request_open_does_not_call_it_a_consultation(
    scene: Scene,
) -> None:
    await file_mediation(scene.resident)
    await scene.resident.send_command("/forget")
    refusal = await one(scene.resident)
    assert "还在办理中" in refusal.text, refusal.text
    assert "您的咨询" not in refusal.text  # it is a mediation request
