"""The adviser's side end to end: queue, claim with history, transfer, deactivation, refusals."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from knowledge import KnowledgeBase
from sandbox import SandboxServer, SandboxUser
from tests.e2e import (
    ADVISER,
    RESIDENT,
    STAFF,
    Scene,
    bot_running,
    eventually,
    invite,
    labels,
    make_scene,
    one,
    sandbox_settings,
)
from tests.test_e2e_consent import plain
from tests.test_e2e_consult import file_consultation

DUTY = 7001
QUESTION = "老板拖欠工资三个月了，怎么要回来"


def communities_file(tmp_path: Path, *, yingfeng_adviser: int | None = None) -> Path:
    """Two real communities, one placeholder, one duty adviser; optionally a listed adviser."""
    listed = (
        f'\n      - name: "迎凤社区顾问"\n        telegram_id: {yingfeng_adviser}'
        if yingfeng_adviser is not None
        else " []"
    )
    path = tmp_path / "communities.yaml"
    path.write_text(
        f"""
timezone: Asia/Shanghai
office_hours:
  days: [mon, tue, wed, thu, fri]
  start: "08:30"
  end: "17:30"
holidays: []
escalation:
  remind_after_hours: 2
  escalate_after_hours: 2
duty_advisers:
  - name: "周值班"
    telegram_id: {DUTY}
communities:
  - id: yingfeng
    name: 迎凤社区
    kind: community
    advisers:{listed}
  - id: qiaotou
    name: 桥头村
    kind: village
    advisers: []
  - id: example-village-1
    name: 示例村一（请替换为实际村名）
    kind: village
    advisers: []
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
async def world(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[Scene]:
    """The bot over two real communities; nobody is registered for 迎凤社区 yet."""
    async with SandboxServer() as server:
        settings = sandbox_settings(
            server,
            tmp_path,
            staff_ids=frozenset({STAFF}),
            communities_file=communities_file(tmp_path),
            escalation_interval_seconds=3600,
        )
        async with bot_running(server, settings, kb):
            yield make_scene(server, settings, kb)


def number_in(text: str) -> int:
    """Return the first consultation number (#N) in ``text``."""
    found = re.search(r"#(\d+)", text)
    assert found is not None, text
    return int(found.group(1))


async def outbox_drained(scene: Scene) -> None:
    """Wait until every queued notice was sent or given up."""
    pending = (
        "SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL"
    )
    await eventually(lambda: scene.rows(pending)[0]["n"] == 0, "the outbox drained")


async def quiet(user: SandboxUser, seconds: float = 1.0) -> None:
    """Assert that ``user`` gets nothing more for ``seconds``."""
    with pytest.raises(TimeoutError):
        await user.wait_for_messages(1, timeout=seconds)


async def test_an_adviser_who_registers_later_sees_the_queue_and_the_history(
    world: Scene,
) -> None:
    duty = world.server.user(DUTY, "周值班")
    number = await file_consultation(world, world.resident, QUESTION)
    await world.resident.send_text("法律顾问接单后会看到")
    await one(world.resident)
    await world.resident.send_photo(caption="工资条")
    await one(world.resident)
    await outbox_drained(world)  # given up: nobody could receive them yet
    assert world.rows("SELECT count(*) AS n FROM outbox WHERE sent_at IS NOT NULL")[0]["n"] == 0

    await invite(world, world.adviser, "迎凤社区")
    await world.adviser.send_command("/queue")
    header, item = await world.adviser.wait_for_messages(2)
    assert header.raw_text == texts.QUEUE_WAITING.format(count=1)
    assert f"#{number}" in item.text
    assert QUESTION in item.text  # the summary, not just number and category
    assert labels(item) == [texts.BUTTON_CLAIM, texts.BUTTON_TRANSFER]

    await world.adviser.press(item, texts.BUTTON_CLAIM)
    arrived = await world.adviser.wait_for_messages(4)
    # The reply to the press and the drain of the outbox race; the history keeps its order.
    (done,) = [m for m in arrived if m.text.startswith(f"已接单 #{number}")]
    history, message, photo = [m for m in arrived if m is not done]
    assert QUESTION in history.text
    assert "法律顾问接单后会看到" in message.text
    assert photo.photo is not None
    assert "工资条" in photo.text
    assert "已由" in (await one(world.resident)).text

    # Again by button or command (a double tap, a replay): done, and no second history.
    again = await world.adviser.press_with_data(item, f"1|c|claim|{number}")
    answer = await world.adviser.wait_for_answer(again)
    assert answer.text == texts.CLAIM_DONE.format(number=number)[:200]
    assert (await one(world.adviser)).text.startswith(f"已接单 #{number}")
    await world.adviser.send_command("/claim", str(number))
    assert (await one(world.adviser)).text.startswith(f"已接单 #{number}")
    await world.adviser.reply_to(message, "收到，请带上工资条来面谈")
    assert (await one(world.adviser)).text == texts.REPLY_SENT.format(number=number)
    assert "工资条来面谈" in (await one(world.resident)).text

    # Someone else is told plainly who has it: no ids, no resident data.
    await duty.send_command("/start")
    await one(duty)
    await duty.send_command("/claim", str(number))
    taken = await one(duty)
    assert taken.text == texts.CLAIM_TAKEN_BY.format(
        number=number, holder="迎凤社区法律顾问 李律师"
    )
    await quiet(world.adviser, 0.5)


async def test_claim_command_checks_its_number(world: Scene) -> None:
    await invite(world, world.adviser, "迎凤社区")
    await world.adviser.send_command("/claim")
    assert (await one(world.adviser)).text == texts.CLAIM_USAGE
    await world.adviser.send_command("/claim", "99")
    assert (await one(world.adviser)).text == texts.UNKNOWN_CONSULTATION
    await world.resident.send_command("/claim", "1")
    assert (await one(world.resident)).text == texts.NOT_AN_ADVISER


async def test_transfer_offers_real_targets_cancels_and_tells_the_resident_once(
    world: Scene,
) -> None:
    duty = world.server.user(DUTY, "周值班")
    await duty.send_command("/start")
    await one(duty)
    await invite(world, world.adviser, "迎凤社区")
    number = await file_consultation(world, world.resident, QUESTION)
    card = await one(world.adviser)
    await world.adviser.press(card, texts.BUTTON_TRANSFER)
    targets = await one(world.adviser)
    assert labels(targets) == ["桥头村", f"{texts.DUTY_TARGET} 周值班", texts.BUTTON_CANCEL]
    await world.adviser.press(targets, texts.BUTTON_CANCEL)
    cancelled = await world.adviser.wait_for_edit(targets)
    assert cancelled.text == texts.TRANSFER_CANCELLED.format(number=number)
    assert cancelled.buttons == []
    (row,) = world.rows("SELECT community_id, status FROM consultations")
    assert tuple(row) == ("yingfeng", "open")

    # A duty adviser does not see themself; the resident hears of the transfer once.
    await duty.send_command("/claim", str(number))
    await duty.wait_for_messages(2)  # claimed, and the history (duty never saw the card)
    await one(world.resident)
    await world.adviser.send_command("/queue")
    await one(world.adviser)
    await duty.send_command("/queue")
    (claimed,) = await duty.wait_for_messages(1)
    assert f"#{number}" in claimed.text
    xfer = await duty.press_with_data(claimed, f"1|c|xfer|{number}")
    await duty.wait_for_answer(xfer)
    duty_targets = await one(duty)
    # Not self; 迎凤社区 only as the way back to its queue (the duty adviser holds it).
    back = texts.TRANSFER_BACK.format(community="迎凤社区")
    assert labels(duty_targets) == [back, "桥头村", texts.BUTTON_CANCEL]
    await duty.press(duty_targets, "桥头村")
    # 桥头村 has no adviser: the duty advisers (this one too) and staff get its card.
    replies = [m.text for m in await duty.wait_for_messages(2)]
    assert any("已转交" in text for text in replies), replies
    told = await one(world.resident)
    assert told.raw_text == texts.RESIDENT_TRANSFER_NOTICE.format(
        number=number, who=texts.COMMUNITY_ADVISERS.format(community="桥头村")
    )
    await quiet(world.resident, 0.5)
    (row,) = world.rows("SELECT community_id, status, adviser_id FROM consultations")
    assert tuple(row) == ("qiaotou", "open", None)


async def test_a_forged_transfer_to_the_same_community_is_refused(world: Scene) -> None:
    await invite(world, world.adviser, "迎凤社区")
    number = await file_consultation(world, world.resident, QUESTION)
    card = await one(world.adviser)
    for target in ("yingfeng", "example-village-1", f"d{ADVISER}"):
        pressed = await world.adviser.press_with_data(card, f"1|c|xto|{number}|{target}")
        answer = await world.adviser.wait_for_answer(pressed)
        assert answer.text == texts.INVALID_FIELDS["transfer_target"], target
    (row,) = world.rows("SELECT community_id, status FROM consultations")
    assert tuple(row) == ("yingfeng", "open")
    await quiet(world.resident, 0.3)


async def test_deactivation_releases_the_cases_and_holds_over_a_restart(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with SandboxServer() as server:
        settings = sandbox_settings(
            server,
            tmp_path,
            staff_ids=frozenset({STAFF}),
            communities_file=communities_file(tmp_path, yingfeng_adviser=ADVISER),
            escalation_interval_seconds=3600,
        )
        scene = make_scene(server, settings, kb)
        async with bot_running(server, settings, kb):
            await scene.adviser.send_command("/start")
            await one(scene.adviser)
            await scene.staff.send_command("/start")
            await one(scene.staff)
            number = await file_consultation(scene, scene.resident, QUESTION)
            card = await one(scene.adviser)
            await scene.adviser.press(card, texts.BUTTON_CLAIM)
            await one(scene.adviser)
            await one(scene.resident)

            await scene.staff.send_command("/deactivate", str(ADVISER))
            arrived = await scene.staff.wait_for_messages(2)
            (done,) = [m for m in arrived if m.text.startswith("已停用")]
            assert texts.DEACTIVATE_RELEASED.format(count=1) in done.text
            (reopened,) = [m for m in arrived if m is not done]
            assert f"#{number}" in reopened.text  # no adviser left: staff get the queue's card
            released = await one(scene.resident)
            assert released.text == texts.RESIDENT_RELEASED.format(number=number)
            (row,) = scene.rows("SELECT status, adviser_id FROM consultations")
            assert tuple(row) == ("open", None)
            cleared = scene.server.calls_to("deleteMyCommands")
            assert [call.params["scope"]["chat_id"] for call in cleared] == [ADVISER]

            await scene.resident.send_text("顾问还在吗")
            await one(scene.resident)
            assert "顾问还在吗" in (await one(scene.staff)).text
            await quiet(scene.adviser, 0.5)
        # A restart syncs the file, which still lists the adviser: the staff decision holds.
        async with bot_running(server, settings, kb):
            await scene.adviser.send_command("/queue")
            assert (await one(scene.adviser)).text == texts.ADVISER_DEACTIVATED
            (row,) = scene.rows("SELECT active FROM advisers WHERE telegram_id = ?", ADVISER)
            assert row["active"] == 0


async def claimed_case(world: Scene) -> int:
    """An adviser of 迎凤社区 registers and claims a resident's consultation; return its number."""
    await invite(world, world.adviser, "迎凤社区")
    number = await file_consultation(world, world.resident, QUESTION)
    card = await one(world.adviser)
    await world.adviser.press(card, texts.BUTTON_CLAIM)
    await one(world.adviser)
    await one(world.resident)
    return number


async def test_an_adviser_quoting_an_unmapped_message_is_told_how_to_reply(world: Scene) -> None:
    number = await claimed_case(world)
    await world.adviser.send_command("/help")
    help_text = await one(world.adviser)  # belongs to no consultation
    await world.adviser.reply_to(help_text, "工伤怎么认定")
    answer = await one(world.adviser)
    assert answer.text.startswith(texts.REPLY_NOT_MAPPED)
    assert f"#{number}" in answer.text
    assert "您是不是想问" not in answer.text
    assert world.rows("SELECT count(*) AS n FROM consultation_messages")[0]["n"] == 0
    await quiet(world.resident, 0.3)


async def test_adviser_menus_are_refused_to_a_resident(world: Scene) -> None:
    duty = world.server.user(DUTY, "周值班")
    await duty.send_command("/start")
    await one(duty)
    number = await file_consultation(world, world.resident, QUESTION)
    await one(duty)  # nobody serves 迎凤社区: the duty adviser gets the card
    await world.resident.send_command("/my")
    own = await one(world.resident)
    for data in (f"1|c|xfer|{number}", f"1|c|close|{number}"):
        pressed = await world.resident.press_with_data(own, data)
        answer = await world.resident.wait_for_answer(pressed)
        assert answer.text == texts.NOT_ALLOWED, data
    await quiet(world.resident, 0.5)
    await world.resident.send_command("/close", str(number))
    assert (await one(world.resident)).text == texts.NOT_ALLOWED


async def test_quoting_a_queue_item_answers_the_resident(world: Scene) -> None:
    await invite(world, world.adviser, "迎凤社区")
    number = await file_consultation(world, world.resident, QUESTION)
    await one(world.adviser)  # the card
    await world.adviser.send_command("/queue")
    _, item = await world.adviser.wait_for_messages(2)
    await world.adviser.reply_to(item, "您好，请带上劳动合同来社区面谈")
    assert (await one(world.adviser)).text == texts.REPLY_SENT.format(number=number)
    assert "劳动合同" in (await one(world.resident)).text


async def test_what_advisers_and_staff_ask_the_bot_is_answered_but_not_counted(
    world: Scene,
) -> None:
    await invite(world, world.adviser, "迎凤社区")
    for user in (world.adviser, world.staff):
        await user.send_command("/ask", "拖欠工资怎么办")
        answer = await one(user)
        assert "拖欠工资" in answer.text, answer.text[:60]
    await world.resident.send_text("拖欠工资怎么办")
    await one(world.resident)
    # Only the resident's question is a consultation the office counts (人次).
    rows = world.rows("SELECT user_id FROM questions")
    assert [row["user_id"] for row in rows] == [RESIDENT]
    await world.staff.send_command("/stats", "本月")
    assert "机器人自助解答 1 人次" in (await one(world.staff)).text


async def test_text_typed_by_advisers_and_staff_gets_their_hint_not_the_residents_search(
    world: Scene,
) -> None:
    await invite(world, world.adviser, "迎凤社区")
    for user, hint in (
        (world.adviser, texts.ADVISER_IDLE_HINT),
        (world.staff, texts.STAFF_TYPED_HINT),
    ):
        await user.send_text("老板拖欠工资不给")
        (said,) = await user.wait_for_messages(1)
        assert said.text == plain(hint), said.text
        assert "/ask" in said.text
        await quiet(user, 0.3)  # no 「您是不是想问」 and no answer after it
    await world.adviser.send_command("/ask")
    assert (await one(world.adviser)).text == plain(texts.ASK_USAGE)


async def test_an_adviser_typing_with_a_case_open_is_told_how_to_answer_the_resident(
    world: Scene,
) -> None:
    number = await claimed_case(world)
    await world.adviser.send_text("这条是直接打字的")  # not quoting: the resident gets nothing
    (hint,) = await world.adviser.wait_for_messages(1)  # the hint alone, no search result
    assert hint.text == texts.ADVISER_TYPED_HINT.format(numbers=f"#{number}"), hint.text
    await quiet(world.resident, 0.3)
