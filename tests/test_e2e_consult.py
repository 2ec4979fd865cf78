"""Consultations end to end: staff, an adviser and residents over the sandbox Bot API."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from bot import texts
from bot.retrying_request import DEFAULT_BACKOFF
from knowledge import KnowledgeBase
from sandbox import SandboxServer, SandboxUser
from tests.e2e import (
    ADVISER,
    INTRUDER,
    OTHER_ADVISER,
    REPO_ROOT,
    RESIDENT,
    STAFF,
    Scene,
    adviser_scene,
    bot_running,
    eventually,
    invite,
    labels,
    make_scene,
    one,
    sandbox_settings,
)

COMMUNITIES_TEXT = (REPO_ROOT / "config" / "communities.yaml").read_text(encoding="utf-8")


async def file_consultation(
    scene: Scene, user: SandboxUser, question: str, *, contact: str | None = None
) -> int:
    """Ask a question, then go through the whole intake from the 找法律顾问 button."""
    await user.send_text(question)
    answer = await one(user)
    await user.press(answer, texts.BUTTON_ADVISER)
    intro, choose = await user.wait_for_messages(2)
    assert intro.text.startswith("预约本村（社区）法律顾问")
    if texts.BUTTON_SAME_COMMUNITY in labels(choose):
        await user.press(choose, texts.BUTTON_SAME_COMMUNITY)
    else:
        await user.press(choose, "迎凤社区")
    describe = await one(user)
    await user.press(describe, texts.BUTTON_USE_QUESTION)
    category = await one(user)
    assert "劳动社保" in category.text
    await user.press(category, texts.BUTTON_CATEGORY_OK)
    consent = await one(user)
    if contact is None:
        await user.press(consent, texts.BUTTON_CONSENT_NO)
    else:
        await user.press(consent, texts.BUTTON_CONSENT_YES)
        await one(user)
        await user.send_text(contact)
    confirm = await one(user)
    assert question[:10] in confirm.text
    await user.press(confirm, texts.BUTTON_SUBMIT)
    done = await one(user)
    number = re.search(r"#(\d+)", done.text)
    assert number is not None, done.text
    return int(number.group(1))


@contextlib.asynccontextmanager
async def filed_consultation(
    tmp_path: Path, kb: KnowledgeBase, **overrides: object
) -> AsyncIterator[tuple[Scene, int]]:
    """Run the adviser scene with one consultation filed and its card seen by the adviser."""
    async with adviser_scene(tmp_path, kb, **overrides) as scene:
        number = await file_consultation(scene, scene.resident, "老板拖欠工资三个月了，怎么要回来")
        assert f"#{number}" in (await one(scene.adviser)).text
        yield scene, number


async def test_whole_consultation_with_relay_restart_close_and_rating(scene: Scene) -> None:
    resident, adviser = scene.resident, scene.adviser
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    card = await one(adviser)
    assert f"#{number}" in card.text
    assert f"居民 #{number}" in card.text
    assert "王五" not in card.text  # no consent: the adviser sees no name
    assert labels(card) == [texts.BUTTON_CLAIM, texts.BUTTON_TRANSFER]

    await adviser.press(card, texts.BUTTON_CLAIM)
    assert "已接单" in (await one(adviser)).text
    claimed = await one(resident)
    assert "已由" in claimed.text
    assert "李律师" in claimed.text

    await resident.send_text("我有考勤表和微信聊天记录")
    ack = await one(resident)
    assert ack.text == texts.RELAYED_TO_ADVISER.format(number=number)
    relayed = await one(adviser)
    assert "我有考勤表和微信聊天记录" in relayed.text

    await adviser.reply_to(relayed, "请带上考勤表来社区面谈")
    assert (await one(adviser)).text == texts.REPLY_SENT.format(number=number)
    answer = await one(resident)
    assert "请带上考勤表来社区面谈" in answer.text
    assert "法律顾问" in answer.text

    await resident.send_photo(caption="考勤表")
    await one(resident)
    photo = await one(adviser)
    assert photo.photo is not None

    rows = scene.rows("SELECT direction, kind FROM consultation_messages ORDER BY id")
    assert [tuple(r) for r in rows] == [
        ("to_adviser", "text"),
        ("to_resident", "text"),
        ("to_adviser", "photo"),
    ]

    await adviser.send_command("/close", str(number))
    outcomes = await one(adviser)
    assert "已解答" in labels(outcomes)
    await adviser.press(outcomes, "已解答")
    assert "已结束" in (await one(adviser)).text
    rating = await one(resident)
    assert "请为这次服务打分" in rating.text
    await resident.press(rating, "⭐⭐⭐⭐⭐")
    resolved = await resident.wait_for_edit(rating)
    await resident.press(resolved, texts.BUTTON_RESOLVED_YES)
    await resident.wait_for_edit(resolved)
    (row,) = scene.rows("SELECT status, outcome, rating, resolved FROM consultations")
    assert tuple(row) == ("closed", "answered", 5, 1)

    await resident.send_command("/my")
    mine = await one(resident)
    assert f"#{number}" in mine.text
    assert "已结束" in mine.text


async def test_reply_after_a_restart_of_the_bot(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF}))
        scene = make_scene(server, settings, kb)
        async with bot_running(server, settings, kb):
            await invite(scene, scene.adviser, "迎凤社区")
            await file_consultation(scene, scene.resident, "老板拖欠工资三个月了，怎么要回来")
            card = await one(scene.adviser)
            await scene.adviser.press(card, texts.BUTTON_CLAIM)
            await one(scene.adviser)
            await one(scene.resident)
            await scene.resident.send_text("请问需要带什么材料")
            await one(scene.resident)
            relayed = await one(scene.adviser)
        # The bot process is gone; a new one starts on the same database.
        async with bot_running(server, settings, kb):
            await scene.adviser.reply_to(relayed, "带身份证和考勤表")
            await one(scene.adviser)
            assert "带身份证和考勤表" in (await one(scene.resident)).text
            await scene.resident.send_text("好的，明天上午去")
            await one(scene.resident)
            assert "明天上午去" in (await one(scene.adviser)).text


async def test_consent_shows_name_and_phone_to_the_adviser(scene: Scene) -> None:
    await file_consultation(
        scene, scene.resident, "老板拖欠工资三个月了，怎么要回来", contact="王先生 13800000000"
    )
    card = await one(scene.adviser)
    assert "王先生" in card.text
    assert "13800000000" in card.text
    (row,) = scene.rows("SELECT consent, contact_name, contact_phone FROM consultations")
    assert tuple(row) == (1, "王先生", "13800000000")


@contextlib.asynccontextmanager
async def two_communities_filed(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[Scene]:
    """A bot with advisers for 迎凤社区 and 桥头村, and a consultation filed for 迎凤社区."""
    communities = tmp_path / "communities.yaml"
    communities.write_text(COMMUNITIES_TEXT.replace("示例村一（请替换为实际村名）", "桥头村"))
    async with SandboxServer() as server:
        settings = sandbox_settings(
            server, tmp_path, staff_ids=frozenset({STAFF}), communities_file=communities
        )
        async with bot_running(server, settings, kb):
            scene = make_scene(server, settings, kb)
            await invite(scene, scene.adviser, "迎凤社区")
            await invite(scene, scene.server.user(OTHER_ADVISER, "赵律师"), "桥头村")
            await file_consultation(scene, scene.resident, "老板拖欠工资三个月了，怎么要回来")
            yield scene


async def test_transfer_to_another_community(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with two_communities_filed(tmp_path, kb) as scene:
        other = scene.server.user(OTHER_ADVISER)
        card = await one(scene.adviser)
        await scene.adviser.press(card, texts.BUTTON_TRANSFER)
        targets = await one(scene.adviser)
        assert labels(targets) == ["桥头村", texts.BUTTON_CANCEL]  # no examples, not itself
        await scene.adviser.press(targets, "桥头村")
        assert "已转交" in (await one(scene.adviser)).text
        moved = await one(other)
        assert "#1" in moved.text
        assert "转交" in moved.text
        assert "转交" in (await one(scene.resident)).text
        (row,) = scene.rows("SELECT community_id, status FROM consultations")
        assert tuple(row) == ("example-village-1", "open")


async def consult_by_command(
    resident: SandboxUser, description: str, community: str = "迎凤社区"
) -> None:
    """File from /consult: ``community``, ``description``, its category, no contact, submit."""
    await resident.send_command("/consult")
    _, choose = await resident.wait_for_messages(2)
    await resident.press(choose, community)
    await one(resident)
    await resident.send_text(description)
    await resident.press(await one(resident), texts.BUTTON_CATEGORY_OK)
    await resident.press(await one(resident), texts.BUTTON_CONSENT_NO)
    await resident.press(await one(resident), texts.BUTTON_SUBMIT)


async def test_urgent_consultation_shows_emergency_numbers(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_command("/consult")
    _, choose = await resident.wait_for_messages(2)
    await resident.press(choose, "迎凤社区")
    await one(resident)
    await resident.send_text("我丈夫经常打我，昨天又动手了，我很害怕")
    first, category = await resident.wait_for_messages(2)  # the card before the category
    assert "110" in first.text
    await resident.press(category, texts.BUTTON_CATEGORY_OK)
    await resident.press(await one(resident), texts.BUTTON_CONSENT_NO)
    assert "12338" in first.text
    await resident.press(await one(resident), texts.BUTTON_SUBMIT)
    await one(resident)  # the receipt, without the card a second time
    assert "紧急" in (await one(scene.adviser)).text


async def test_a_forged_category_choice_is_refused_and_the_intake_goes_on(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_command("/consult")
    _, choose = await resident.wait_for_messages(2)
    await resident.press(choose, "迎凤社区")
    await one(resident)
    await resident.send_text("公司一直拖欠工资不发怎么办")
    category = await one(resident)
    for forged in ("1|in|category|ABC", "1|in|category|不存在", "1|in|category|nowhere"):
        await resident.press_with_data(category, forged)
        assert (await one(resident)).text == texts.INTAKE_EXPIRED, forged
    await resident.press(category, texts.BUTTON_CATEGORY_OK)
    assert (await one(resident)).text.startswith(texts.INTAKE_CONSENT[:6])


async def test_cancel_at_any_step_files_nothing(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_command("/consult")
    await resident.wait_for_messages(2)
    await resident.send_command("/cancel")
    assert (await one(resident)).text == texts.INTAKE_CANCELLED
    assert scene.rows("SELECT * FROM consultations") == []


async def test_failed_notification_is_retried(scene: Scene) -> None:
    # Each send retries a 502 itself (RetryingRequest); two sends fail in full.
    scene.server.faults.fail_next(
        "sendMessage",
        error_code=502,
        description="Bad Gateway",
        times=2 * (len(DEFAULT_BACKOFF) + 1),
        chat_id=ADVISER,
    )
    number = await _file_without_waiting_for_adviser(scene)
    card = await one(scene.adviser)
    assert f"#{number}" in card.text
    query = "SELECT attempts, sent_at FROM outbox WHERE kind = 'new_consultation'"
    # The bot records the delivery just after Telegram accepted it.
    await eventually(lambda: scene.rows(query)[0]["sent_at"] is not None, "the card recorded")
    (row,) = scene.rows(query)
    assert row["attempts"] == 3  # two failures, then the delivery


async def _file_without_waiting_for_adviser(scene: Scene) -> int:
    await consult_by_command(scene.resident, "公司一直拖欠工资不发怎么办")
    done = await one(scene.resident)
    number = re.search(r"#(\d+)", done.text)
    assert number is not None
    return int(number.group(1))


async def test_permission_matrix(scene: Scene) -> None:
    other = scene.server.user(OTHER_ADVISER, "赵律师")
    await invite(scene, other, "示例村一（请替换为实际村名）")
    intruder = scene.server.user(INTRUDER, "路人")
    number = await file_consultation(scene, scene.resident, "老板拖欠工资三个月了，怎么要回来")
    card = await one(scene.adviser)

    def snapshot() -> list[tuple[Any, ...]]:
        rows = scene.rows("SELECT status, adviser_id, community_id, outcome FROM consultations")
        return [tuple(r) for r in rows] + [
            tuple(r) for r in scene.rows("SELECT count(*) FROM consultation_messages")
        ]

    before = snapshot()
    await intruder.send_text("你好")
    own = await one(intruder)
    await other.send_text("你好")
    other_own = await one(other)
    for user, message in ((intruder, own), (other, other_own)):
        for data in (
            f"1|c|claim|{number}",
            f"1|c|out|{number}|answered",
            f"1|c|xto|{number}|example-village-1",
            f"1|c|endok|{number}",
        ):
            callback = await user.press_with_data(message, data)
            answer = await user.wait_for_answer(callback)
            refusal = texts.NOT_ALLOWED
            if user is other and "|claim|" in data:  # an adviser is told whose it is to take
                refusal = texts.CLAIM_DENIED["other_community"].format(number=number)
            assert answer.text == refusal, (user, data, answer.text)
        await user.send_command("/reply", f"{number} 我来回答")
        assert (await one(user)).text == texts.NOT_ALLOWED
        await user.send_command("/close", str(number))
        assert (await one(user)).text == texts.NOT_ALLOWED
    await intruder.send_command("/my")
    assert (await one(intruder)).text == texts.MY_EMPTY
    await intruder.send_command("/advisers")
    assert (await one(intruder)).text == texts.NOT_ALLOWED
    await intruder.send_command("/invite", "迎凤社区")
    assert (await one(intruder)).text == texts.NOT_ALLOWED
    assert snapshot() == before

    await scene.adviser.press(card, texts.BUTTON_CLAIM)
    await one(scene.adviser)
    await scene.adviser.send_command("/close", str(number))
    await scene.adviser.press(await one(scene.adviser), "已解答")
    await one(scene.adviser)
    stale = await scene.adviser.press_with_data(card, f"1|c|claim|{number}")
    assert (await scene.adviser.wait_for_answer(stale)).text == texts.ALREADY_CLOSED
    await scene.adviser.send_command("/reply", f"{number} 补充一句")
    assert (await one(scene.adviser)).text == texts.ALREADY_CLOSED


async def test_resident_leaves_resumes_and_ends(scene: Scene) -> None:
    resident, adviser = scene.resident, scene.adviser
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    card = await one(adviser)
    await adviser.press(card, texts.BUTTON_CLAIM)
    await one(adviser)
    claimed = await one(resident)
    await resident.press(claimed, texts.BUTTON_BACK_TO_QUESTIONS)
    left = await one(resident)
    assert left.text == texts.LEFT_CONSULTATION
    await resident.send_text("离婚冷静期多久")
    assert "离婚" in (await one(resident)).text  # answered by the knowledge base, not relayed
    await resident.press(left, texts.BUTTON_RESUME.format(number=number))
    assert (await one(resident)).text == texts.RESUMED_CONSULTATION.format(number=number)
    await resident.send_text("还想问一下加班费")
    ack = await one(resident)
    assert "加班费" in (await one(adviser)).text
    await resident.press(ack, texts.BUTTON_END_CONSULTATION)
    confirm = await one(resident)
    await resident.press(confirm, texts.BUTTON_CONFIRM_END)
    ended, rating = await resident.wait_for_messages(2)
    assert ended.text == texts.ENDED.format(number=number)
    assert "请为这次服务打分" in rating.text
    assert (await one(adviser)).text == texts.RESIDENT_CLOSED.format(number=number)
    (row,) = scene.rows("SELECT status, outcome, adviser_id FROM consultations")
    assert tuple(row) == ("closed", "other", ADVISER)


async def test_advisers_and_staff_get_their_command_menus(scene: Scene) -> None:
    def menus() -> dict[int, set[str]]:
        return {
            call.params["scope"]["chat_id"]: {c["command"] for c in call.params["commands"]}
            for call in scene.server.calls_to("setMyCommands")
            if call.ok and isinstance(call.params.get("scope"), dict)
        }

    # The adviser's menu is set just after the welcome is sent.
    await eventually(lambda: ADVISER in menus(), "the adviser's menu set")
    assert {"queue", "reply", "close", "consult", "my"} <= menus()[ADVISER]
    assert "stats" not in menus()[ADVISER]
    assert {"stats", "export", "invite", "queue"} <= menus()[STAFF]


async def test_an_unfinished_intake_survives_a_restart(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF}))
        resident = server.user(RESIDENT, "王五")
        async with bot_running(server, settings, kb):
            await resident.send_command("/consult")
            _, choose = await resident.wait_for_messages(2)
            await resident.press(choose, "迎凤社区")
            await one(resident)  # asked to describe the matter
        async with bot_running(server, settings, kb):
            await resident.send_text("公司拖欠工资三个月不发")
            category = await one(resident)
            assert "这件事属于" in category.text
