"""What the fourth deployment walk found (branch walk4), replayed over HTTP.

The emergency card shown once and with the hotlines of the danger told, the staff's cards
and the resident's notices naming the case and who handles it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot import texts
from bot.services.relay import MAX_MESSAGE_CHARS
from knowledge import KnowledgeBase
from sandbox import SandboxServer, SandboxUser
from tests.e2e import (
    STAFF,
    Scene,
    bot_running,
    mediation_typed,
    office_clock,
    one,
    sandbox_settings,
)
from tests.test_e2e_adviser import quiet
from tests.test_e2e_consult import consult_by_command, file_consultation
from tests.test_e2e_triage import describe
from tests.test_e2e_walk import to_household
from tests.test_e2e_walk3 import file_pre_application


def cards(messages: list[str]) -> list[str]:
    """The emergency cards among ``messages``."""
    return [text for text in messages if text.startswith("⚠️ 您的情况可能比较紧急")]


async def test_the_emergency_card_is_shown_once_when_the_description_is_read(
    scene: Scene,
) -> None:
    # The walk: the card after the description, and the same card again after 提交.
    resident = scene.resident
    await describe(resident, "我丈夫经常打我，昨天又动手了，我很害怕")
    card, category = await resident.wait_for_messages(2)
    assert cards([card.text]) == [card.text], card.text
    await resident.press(category, texts.BUTTON_CATEGORY_OK)
    await resident.press(await one(resident), texts.BUTTON_CONSENT_NO)
    await resident.press(await one(resident), texts.BUTTON_SUBMIT)
    done = await one(resident)
    assert not cards([done.text]), done.text
    await quiet(resident, 1.5)
    (row,) = scene.rows("SELECT urgent FROM consultations")
    assert row[0] == 1  # still filed as urgent


async def test_a_story_told_before_the_community_brings_the_card_once(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_command("/consult")
    await resident.wait_for_messages(2)
    await resident.send_text("我老公喝醉了拿刀砍我，我跑出来了，想和他离婚")
    card, again = await resident.wait_for_messages(2)
    assert cards([card.text]) == [card.text]
    await resident.press(again, "迎凤社区")
    await resident.press(await one(resident), texts.BUTTON_USE_QUESTION)
    category = await one(resident)  # no second card for the same words
    assert texts.BUTTON_CATEGORY_OK in [label for row in category.buttons for label, _ in row]
    assert not cards([category.text])


async def test_the_card_for_unpaid_wages_names_the_labour_hotline_not_the_womens(
    scene: Scene,
) -> None:
    resident = scene.resident
    await describe(resident, "老板拖欠我三个月工资，马上过年了要回家")
    card, _ = await resident.wait_for_messages(2)
    assert "12333" in card.text, card.text
    assert "12348" in card.text
    assert "12338" not in card.text
    assert "110" not in card.text


async def test_cards_name_a_legal_aid_pre_application(scene: Scene) -> None:
    await file_pre_application(scene.resident)
    card = await one(scene.adviser)  # no legal-aid staff set: the community's queue takes it
    assert "法律援助预申请 #1" in card.text, card.text
    assert "新咨询" not in card.text


async def test_a_consultation_staff_take_says_staff_answer_it(scene: Scene) -> None:
    resident, staff = scene.resident, scene.staff
    await consult_by_command(resident, "邻居装修把我家墙弄裂了怎么办")
    await one(resident)
    card = await one(scene.adviser)
    assert "法律咨询 #1" in card.text, card.text
    await staff.send_command("/claim", "1")  # staff take it from the community's queue
    await staff.wait_for_messages(2)  # taken, and the case's history card
    claimed = await one(resident)
    assert "街道工作人员" in claimed.text, claimed.text
    assert "转给法律顾问" not in claimed.text
    await staff_reply(staff, "您好，请把墙的照片发来")
    answer = await one(resident)
    assert answer.text.startswith("👩‍⚖️ 街道工作人员"), answer.text
    await resident.send_text("好的，我下午拍了发给您")
    ack = await one(resident)
    assert ack.text == texts.RELAYED_TO_STAFF.format(number=1), ack.text


async def staff_reply(staff: SandboxUser, text: str) -> None:
    """Answer consultation #1 with ``/reply``; wait for the 已发送 note."""
    await staff.send_command("/reply", f"1 {text}")
    assert (await one(staff)).text == texts.REPLY_SENT.format(number=1)


async def test_no_calendar_reminder_comes_into_a_test_that_did_not_ask_for_one(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    # The test clock's Wednesday 25 November has 全国交通安全日 (2 December) within the
    # reminder window; the reminder came 30 s (wall time) after every start.
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF}))
        async with bot_running(server, settings, kb) as application:
            staff = server.user(STAFF, "工作人员")
            await staff.send_command("/start")
            await one(staff)
            assert application.job_queue is not None
            for name in ("campaign_calendar", "digest"):
                (job,) = application.job_queue.get_jobs_by_name(name)
                assert job.next_t is not None
                # 08:30 tomorrow by the test's clock (10:00 now): 22.5 hours of wall time away
                wait = job.next_t - dt.datetime.now(dt.UTC)
                assert wait > dt.timedelta(hours=22), (name, wait)
            await quiet(staff, 35)


async def test_the_calendar_reminder_comes_when_the_test_clock_reaches_its_time(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    almost = dt.datetime(2026, 11, 25, 0, 29, 50, tzinfo=dt.UTC)  # 08:29:50 in Shanghai
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF}))
        staff = server.user(STAFF, "工作人员")
        await staff.send_command("/start")  # before the bot starts: their chat is known
        async with bot_running(server, settings, kb, clock=office_clock(almost)):
            # the /start reply, then at 08:30 the calendar reminder and the daily digest
            said = [message.text for message in await staff.wait_for_messages(3)]
    assert any("全国交通安全日" in text for text in said), said


def safety_card(text: str) -> bool:
    """Whether ``text`` is the emergency card for danger to a person."""
    return all(number in text for number in ("110", "12338", "12348"))


async def test_danger_typed_in_the_legal_aid_pre_check_brings_the_card_and_keeps_the_step(
    scene: Scene,
) -> None:
    resident = scene.resident
    await to_household(resident)  # three choice steps typed, the household asked
    await resident.send_text("他刚才又拿刀了，说要砍死我")
    card, again = await resident.wait_for_messages(2)
    assert safety_card(card.text), card.text
    assert again.text == texts.LEGAL_AID_ASK_HOUSEHOLD  # the step kept
    await resident.send_text("四口人")
    assert (await one(resident)).text == texts.LEGAL_AID_ASK_INCOME  # the answers kept


async def test_danger_typed_in_a_mediation_request_brings_the_card_and_keeps_the_step(
    scene: Scene,
) -> None:
    resident = scene.resident
    await mediation_typed(resident, ("邻居", "邻居"))
    # At the other party's name, which takes any short text: not taken as a name.
    await resident.send_text("他拿着棍子在我家门口堵我")
    card, again = await resident.wait_for_messages(2)
    assert safety_card(card.text), card.text
    assert again.text == texts.MEDIATE_ASK_NAME
    await resident.send_text("不想说")
    assert (await one(resident)).text == texts.MEDIATE_ASK_COMMUNITY
    await resident.send_text("他又来砸门了")  # the same danger again: no second card
    (again,) = await resident.wait_for_messages(1)
    assert again.text == texts.MEDIATE_ASK_COMMUNITY, again.text
    await quiet(resident, 1)


async def test_danger_typed_during_a_quiz_brings_the_card(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_command("/quiz")
    await resident.wait_for_messages(2)
    await resident.send_text("我老公喝多了正在打我")
    card = await one(resident)
    assert safety_card(card.text), card.text


async def test_a_message_too_long_to_relay_is_told_so_not_input_error(scene: Scene) -> None:
    # The walk (w22): 10,000 characters typed while the case waited: 「输入有误，请检查后再试。」
    resident = scene.resident
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    await one(scene.adviser)
    await resident.send_text("老板说再等等，" * 1000)
    told = await one(resident)
    assert "输入有误" not in told.text, told.text
    assert told.text == texts.RELAY_TOO_LONG.format(limit=MAX_MESSAGE_CHARS, number=number)


@pytest.mark.parametrize("said", ["不愿意", "确认", "五星"])
async def test_a_plain_answer_word_while_the_case_waits_gets_no_article(
    scene: Scene, said: str
) -> None:
    # The walk (w23): 「不愿意」 and 「确认」 typed while the case waited got the 人民调解 article.
    resident = scene.resident
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    await one(scene.adviser)
    await resident.send_text(said)
    ack = await one(resident)
    assert ack.text == texts.RELAYED_WAITING.format(number=number), ack.text
    await quiet(resident, 1.5)


async def test_start_in_the_middle_of_the_intake_says_the_draft_still_waits(
    scene: Scene,
) -> None:
    # The walk (w23): /start at the confirmation showed the bare welcome; 确认 then filed it.
    resident = scene.resident
    await describe(resident, "邻居家漏水把我家天花板泡坏了，他不肯赔")
    await resident.press(await one(resident), texts.BUTTON_CATEGORY_OK)
    await resident.press(await one(resident), texts.BUTTON_CONSENT_NO)
    await one(resident)  # the confirmation
    await resident.send_command("/start")
    welcome = await one(resident)
    assert "没有提交的法律顾问预约" in welcome.text, welcome.text
    unfinished = texts.START_UNFINISHED.format(what=texts.UNFINISHED_CASES["consultation"])
    assert unfinished.strip() in welcome.text, welcome.text
    await resident.send_text("确认")
    await one(resident)  # filed, as the resident was told it would be
    await resident.send_command("/start")
    assert "没有提交" not in (await one(resident)).text  # nothing waits any more


async def test_a_voice_message_at_a_step_is_told_the_bot_cannot_hear_it(scene: Scene) -> None:
    # The walk (w22): a voice message where a button is asked got 「没能确认您的选择」.
    resident = scene.resident
    await describe(resident, "邻居家漏水把我家天花板泡坏了，他不肯赔")
    category = await one(resident)
    await resident.send_voice()
    again = await one(resident)
    assert "语音" in again.text, again.text
    assert again.buttons == category.buttons  # the step's question and buttons again
    await resident.press(again, texts.BUTTON_CATEGORY_OK)
    await one(resident)  # the consent question
    await resident.send_voice()  # the consent step too
    assert "语音" in (await one(resident)).text


async def test_an_edited_description_is_told_it_was_not_read(scene: Scene) -> None:
    # The walk (w22): 三个月 edited to 半年 after sending got no reply; 三个月 was filed.
    resident = scene.resident
    sent = await describe(resident, "老板拖欠我三个月工资了，一直不给")
    category = await one(resident)
    await resident.edit_text(sent, "老板拖欠我半年工资了，一直不给")
    assert (await one(resident)).text == texts.EDIT_NOT_READ
    await resident.press(category, texts.BUTTON_CATEGORY_OK)  # the intake goes on
    assert "是否愿意留下" in (await one(resident)).text
    assert scene.rows("SELECT count(*) FROM questions")[0][0] == 0  # the edit was no question
