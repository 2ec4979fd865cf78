"""What the deployment walk found: residents who type their own words where the bot asks.

Each test replays, over HTTP against the sandbox, a reply a resident really typed in the walk
(不用了 at the consent step, 三口人 and 三千多 in the legal-aid pre-check, 算了 after an answer).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from knowledge import KnowledgeBase
from sandbox import BotMessage, SandboxServer, SandboxUser
from tests.e2e import (
    Scene,
    adviser_scene,
    bot_running,
    invite,
    labels,
    mediation_typed,
    office_clock,
    one,
)
from tests.test_e2e_cases import case_scene, started, with_button
from tests.test_e2e_consent import plain, to_consent
from tests.test_e2e_consult import file_consultation, two_communities_filed
from tests.test_e2e_intake import close_claimed
from tests.test_handlers_mediation import MEDIATOR


def question_count(scene: Scene) -> int:
    """How many questions the bot logged."""
    return int(scene.rows("SELECT count(*) FROM questions")[0][0])


async def test_no_thanks_typed_at_the_consent_step_keeps_the_contact_private(
    scene: Scene,
) -> None:
    await to_consent(scene.resident)
    await scene.resident.send_text("不用了")
    confirm = await one(scene.resident)
    assert confirm.text.startswith("请确认您的咨询"), confirm.text
    assert "不提供" in confirm.text


async def test_no_phone_typed_after_agreeing_to_leave_one_files_without_it(
    scene: Scene,
) -> None:
    resident = scene.resident
    await to_consent(resident)
    await resident.send_text("行吧")
    assert (await one(resident)).text.startswith("请发送您的称呼和手机号")
    await resident.send_text("离婚冷静期多久")  # neither a phone nor a refusal: asked again
    again = await one(resident)
    assert again.text == texts.INTAKE_BAD_CONTACT
    assert "不愿意" in again.text  # the way out is named
    await resident.send_text("不想留")
    confirm = await one(resident)
    assert confirm.text.startswith("请确认您的咨询"), confirm.text
    assert "不提供" in confirm.text


@pytest.mark.parametrize("said", ["不用了", "算了", "对的", "行吧", "没有了"])
async def test_a_closing_word_after_an_answer_is_no_question(scene: Scene, said: str) -> None:
    await scene.resident.send_text(said)
    assert (await one(scene.resident)).text == texts.ACKNOWLEDGED_REPLY
    assert question_count(scene) == 0


async def to_household(resident: SandboxUser) -> None:
    """Start the legal-aid pre-check and answer the three choice steps by typing."""
    await resident.send_command("/legalaid")
    await resident.wait_for_messages(2)
    await resident.send_text("欠薪")
    await one(resident)
    for _ in range(2):
        await resident.send_text(texts.LEGAL_AID_EXEMPT_GROUPS["none"])
        await one(resident)


async def test_household_and_income_typed_in_chinese_are_understood(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with adviser_scene(tmp_path, kb, legal_aid_income_standard=1000) as scene:
        await _household_and_income(scene.resident)


async def _household_and_income(resident: SandboxUser) -> None:
    await to_household(resident)
    await resident.send_text("三口人")
    assert (await one(resident)).text == texts.LEGAL_AID_ASK_INCOME
    await resident.send_text("不清楚")
    assert (await one(resident)).text == texts.LEGAL_AID_INCOME_UNKNOWN
    await resident.send_text("两千五")
    result, ask = await resident.wait_for_messages(2)
    assert ask.text == texts.LEGAL_AID_ASK_FILE
    assert plain(texts.LEGAL_AID_RESULTS["likely"]) in result.text  # 833 yuan a head, under 1,000


async def test_a_rough_income_across_the_standard_needs_checking(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    # 1,000 to 1,333 yuan a head: either side of 1,000
    result = await legal_aid_result(tmp_path, kb, household="3", income="三千多")
    assert plain(texts.LEGAL_AID_RESULTS["check"]) in result.text
    assert texts.LEGAL_AID_CHECK_INCOME in result.text


async def legal_aid_result(
    tmp_path: Path, kb: KnowledgeBase, *, household: str, income: str
) -> BotMessage:
    """Type the legal-aid pre-check through to its result (hardship standard 1,000 a head)."""
    async with adviser_scene(tmp_path, kb, legal_aid_income_standard=1000) as scene:
        resident = scene.resident
        await to_household(resident)
        await resident.send_text(household)
        await one(resident)
        await resident.send_text(income)
        result, _ = await resident.wait_for_messages(2)
        return result


async def test_a_message_while_a_mediation_request_waits_goes_to_its_mediator(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    await _mediation_request(tmp_path, kb, deactivate=False)


async def test_a_deactivated_mediators_request_goes_back_to_staff_not_to_the_adviser(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    await _mediation_request(tmp_path, kb, deactivate=True)


async def file_mediation(
    resident: SandboxUser, *, other_party: str = "不想说", wanted: str = "让他把占我家的过道让出来"
) -> None:
    """File a neighbours' mediation request for 迎凤社区, typing every answer."""
    await mediation_typed(resident, ("邻居", "邻居", other_party, "迎风", wanted))
    await resident.send_text("对的")
    assert "调解申请已提交" in (await one(resident)).text


async def _mediation_request(tmp_path: Path, kb: KnowledgeBase, *, deactivate: bool) -> None:
    """File a mediation request by typing; then write while it waits, or release it."""
    async with SandboxServer() as server:
        scene = case_scene(server, tmp_path, kb)
        resident, adviser = scene.resident, scene.adviser
        mediator = server.user(MEDIATOR, "王调解")
        async with bot_running(server, scene.settings, kb):
            await invite(scene, adviser, "迎凤社区")
            await started(mediator)
            await file_mediation(resident)
            await one(mediator)  # the request's card
            if deactivate:
                await mediator.press(mediator.transcript()[-1], texts.BUTTON_CLAIM)
                await one(mediator)
                await one(resident)  # taken
                await started(scene.staff)
                await scene.staff.send_command("/deactivate", str(MEDIATOR))
                await asyncio.sleep(1.5)
                cards = [m.text for m in scene.staff.take_new_messages()]
                assert any("让他把占我家的过道让出来" in text for text in cards), cards
                assert not [m.text for m in adviser.take_new_messages()]
                return
            await resident.send_text("他今天又把电动车停过道了")
            noted = await one(resident)
            assert "调解员" in noted.text, noted.text
            assert "法律顾问" not in noted.text
            assert "他今天又把电动车停过道了" in (await one(mediator)).text
            await asyncio.sleep(1.5)  # the community's adviser, who may not take it, gets none
            assert not [m.text for m in adviser.take_new_messages()]


async def test_a_verdict_without_stars_at_the_rating_request_asks_for_the_stars(
    scene: Scene,
) -> None:
    resident = scene.resident
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    await close_claimed(scene, number)
    asked = question_count(scene)
    await resident.send_text("挺满意")  # not a question: no search, nothing logged
    again = await one(resident)
    assert again.text == texts.RATING_ASK_STARS.format(number=number)
    assert len(labels(again)) == 5
    await resident.send_text("五颗星")
    assert (await one(resident)).text == texts.RATING_RESOLVED
    await resident.send_text("问题解决了")
    assert (await one(resident)).text == texts.RATING_THANKS
    assert tuple(scene.rows("SELECT rating, resolved FROM consultations")[0]) == (5, 1)
    assert question_count(scene) == asked


@pytest.mark.parametrize(
    ("line", "recorded"),
    [
        ("电话 劳动咨询 已解答 工资被拖欠两个月", ("phone", "labor", "answered")),
        ("来电 其他 转调解 邻居纠纷", ("phone", "other", "mediation")),
        ("来访 婚姻问题 已答复 问离婚后孩子抚养费", ("visit", "marriage_family", "answered")),
        ("上门 土地 已解答 宅基地边界", ("visit", "land_housing", "answered")),
    ],
)
async def test_a_loosely_typed_log_line_is_recorded(
    scene: Scene, line: str, recorded: tuple[str, str, str]
) -> None:
    await started(scene.staff)
    await scene.staff.send_command("/log", line)
    done = await one(scene.staff)
    assert done.text.startswith("已登记第 "), done.text
    rows = scene.rows("SELECT channel, category, outcome FROM consultations")
    assert [tuple(row) for row in rows] == [recorded]


async def test_a_photo_where_the_phone_is_asked_gets_the_phone_question(scene: Scene) -> None:
    resident = scene.resident
    await to_consent(resident)
    await resident.send_text("愿意")
    await one(resident)
    await resident.send_photo()  # there is no button to press at this step
    again = await one(resident)
    assert "按钮" not in again.text, again.text
    assert again.text == texts.INTAKE_CONTACT_TEXT_ONLY
    await resident.send_text("王女士 13912345678")
    assert (await one(resident)).text.startswith("请确认您的咨询")


async def test_a_photo_without_caption_reaches_the_adviser_marked_as_a_photo(
    scene: Scene,
) -> None:
    resident, adviser = scene.resident, scene.adviser
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    await adviser.press(await one(adviser), texts.BUTTON_CLAIM)
    await adviser.wait_for_messages(1)
    await one(resident)
    await asyncio.sleep(0.5)
    adviser.take_new_messages()
    await resident.send_photo()
    relayed = await one(adviser)
    assert relayed.photo, relayed
    assert f"（咨询 #{number}）：\n{texts.RELAYED_NO_CAPTION['photo']}" in relayed.text


class JumpingClock:
    """The office clock at real speed, which a test may move forward."""

    def __init__(self) -> None:
        """Start at the office clock's start."""
        self._clock = office_clock()
        self.ahead = dt.timedelta(0)

    def __call__(self) -> dt.datetime:
        """Return the time now."""
        return self._clock() + self.ahead


async def test_the_follow_up_answer_typed_is_recorded(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with SandboxServer() as server:
        scene = case_scene(server, tmp_path, kb)
        settings = scene.settings.model_copy(update={"followup_interval_seconds": 0.3})
        resident, mediator, clock = scene.resident, server.user(MEDIATOR, "王调解"), JumpingClock()
        async with bot_running(server, settings, kb, clock=clock):
            await started(mediator)
            await file_mediation(resident)
            card = await one(mediator)
            await mediator.press(card, texts.BUTTON_CLAIM)
            await one(resident)
            await mediator.press(
                await with_button(mediator, texts.BUTTON_CLOSE), texts.BUTTON_CLOSE
            )
            await mediator.press(await with_button(mediator, "调解成功"), "调解成功")
            await resident.wait_for_messages(1)  # closed
            await asyncio.sleep(0.5)
            resident.take_new_messages()
            clock.ahead = dt.timedelta(days=31)
            asked = await one(resident)
            assert "回访" in asked.text
            asked_before = question_count(scene)
            await resident.send_text("只给了一半")
            thanks = await one(resident)
            assert thanks.text.startswith(texts.FOLLOWUP_THANKS), thanks.text
            assert plain(texts.FOLLOWUP_NOT_KEPT) in thanks.text
            answers = scene.rows("SELECT followup_answer FROM mediation_requests")
            assert [tuple(row) for row in answers] == [("partly",)]
            assert question_count(scene) == asked_before


async def to_file_step(resident: SandboxUser) -> None:
    """Answer the whole pre-check by typing, up to 是否现在提交预申请."""
    await to_household(resident)
    await resident.send_text("我们家四口人")
    await one(resident)
    await resident.send_text("三千五")
    _, ask = await resident.wait_for_messages(2)
    assert ask.text == texts.LEGAL_AID_ASK_FILE


async def test_no_thanks_to_filing_the_pre_application_leaves_it(scene: Scene) -> None:
    await to_file_step(scene.resident)
    await scene.resident.send_text("不用了")
    assert (await one(scene.resident)).text == texts.LEGAL_AID_NOT_FILED
    assert scene.rows("SELECT count(*) FROM consultations")[0][0] == 0


async def test_privacy_typed_answers_during_the_pre_check_go_to_privacy(scene: Scene) -> None:
    resident = scene.resident
    await to_file_step(resident)
    await resident.send_command("/privacy")  # leaves the pre-check open
    assert "本服务保存的您的个人信息" in (await one(resident)).text
    await resident.send_text("删除我的信息")
    assert (await one(resident)).text == plain(texts.PRIVACY_CONFIRM_FORGET)
    await resident.send_text("确认")  # confirms the deletion, not the pre-application
    done = await one(resident)
    assert "村（社区）" not in done.text, done.text
    assert scene.rows("SELECT count(*) FROM consultations")[0][0] == 0


@pytest.mark.parametrize(
    ("said", "days"),
    [("近一周", "11月19日至2026年11月25日"), ("最近两个星期", "11月12日至2026年11月25日")],
)
async def test_stats_for_the_last_week_typed_in_words(scene: Scene, said: str, days: str) -> None:
    await started(scene.staff)
    await scene.staff.send_command("/stats", said)
    tally = await one(scene.staff)
    assert f"统计期间：2026年{days}" in tally.text, tally.text


async def test_a_relation_the_resident_would_rather_not_say_is_recorded_as_unsaid(
    scene: Scene,
) -> None:
    resident = scene.resident
    await mediation_typed(resident, ("楼上漏水", "不想说", "不提供", "迎风"))
    await resident.send_text("让他赔我家天花板")
    confirm = await one(resident)
    assert f"对方：{texts.MEDIATE_RELATION_UNSAID}" in confirm.text, confirm.text


async def test_transfer_typed_as_a_command(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with two_communities_filed(tmp_path, kb) as scene:
        await one(scene.adviser)  # the card
        await scene.adviser.send_command("/transfer")
        assert (await one(scene.adviser)).text == texts.TRANSFER_USAGE
        await scene.adviser.send_command("/transfer", "1")
        targets = await one(scene.adviser)
        assert labels(targets) == ["桥头村", texts.BUTTON_CANCEL]
        await scene.adviser.press(targets, "桥头村")
        assert "已转交" in (await one(scene.adviser)).text
        (row,) = scene.rows("SELECT community_id FROM consultations")
        assert row[0] == "example-village-1"


async def test_privacy_counts_one_draft_once_and_not_itself_as_waiting(scene: Scene) -> None:
    resident = scene.resident
    await to_file_step(resident)
    await resident.send_command("/privacy")
    summary = await one(resident)
    assert "未完成的预约草稿：1 项" in summary.text, summary.text
    assert "尚未处理完的消息：0 条" in summary.text  # not the /privacy being answered


@pytest.mark.parametrize(
    "said",
    [
        "我想找个律师问问",
        "俺想找个律师问问",
        "我要咨询",
        "俺要咨询离婚的事",
        "转人工",
        "找法律顾问",
    ],
)
async def test_asking_for_a_person_in_words_starts_the_consultation(
    scene: Scene, said: str
) -> None:
    await scene.resident.send_text(said)
    replies = await scene.resident.wait_for_messages(2)
    assert replies[-1].text.startswith("请选择您所在的村（社区）"), [m.text for m in replies]
    assert question_count(scene) == 0


async def test_a_question_about_lawyers_is_still_answered(scene: Scene) -> None:
    await scene.resident.send_text("找律师打官司大概要花多少钱？")
    reply = await one(scene.resident)
    assert not reply.text.startswith("请选择您所在的村（社区）")
    assert question_count(scene) == 1


@contextlib.asynccontextmanager
async def claimed_mediation(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[Scene]:
    """A bot where a typed mediation request was filed and claimed by the mediator."""
    async with SandboxServer() as server:
        scene = case_scene(server, tmp_path, kb)
        resident, mediator = scene.resident, server.user(MEDIATOR, "王调解")
        async with bot_running(server, scene.settings, kb):
            await started(mediator)
            await file_mediation(resident)
            await one(mediator)  # the request's card
            await mediator.press(mediator.transcript()[-1], texts.BUTTON_CLAIM)
            await one(mediator)
            await one(resident)  # taken
            yield scene


async def test_my_names_a_mediation_request_and_its_mediator(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with claimed_mediation(tmp_path, kb) as scene:
        await scene.resident.send_command("/my")
        listing = (await one(scene.resident)).text
    assert "调解申请" in listing, listing
    assert "调解员处理中" in listing, listing
    assert "法律顾问" not in listing, listing


async def test_a_released_mediation_request_tells_the_resident_of_mediators(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with claimed_mediation(tmp_path, kb) as scene:
        await started(scene.staff)
        await scene.staff.send_command("/deactivate", str(MEDIATOR))
        done = await one(scene.staff)
        released = await one(scene.resident)
    assert "法律顾问" not in done.text, done.text
    assert "调解员" in released.text, released.text
    assert "法律顾问" not in released.text, released.text


async def test_a_legal_aid_result_without_the_centres_facts_says_so_once(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    result = await legal_aid_result(tmp_path, kb, household="三口人", income="两千五")
    assert result.text.count(texts.LOCAL_FACT_MISSING) == 1, result.text


async def test_cancel_with_nothing_in_progress_says_so(scene: Scene) -> None:
    await scene.resident.send_command("/cancel")  # in the command menu: 取消当前操作
    assert (await one(scene.resident)).text == texts.NOTHING_TO_CANCEL
