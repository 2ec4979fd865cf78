"""The intake, the rating and the waiting resident end to end, typing instead of tapping."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from bot.services.urgency import rule_kinds
from knowledge import KnowledgeBase
from sandbox import BotMessage, SandboxServer, SandboxUser
from tests.e2e import (
    OTHER_ADVISER,
    STAFF,
    Scene,
    bot_running,
    invite,
    labels,
    make_scene,
    one,
    sandbox_settings,
)
from tests.test_e2e_consent import plain, to_consent
from tests.test_e2e_consult import COMMUNITIES_TEXT, consult_by_command, file_consultation

LONGCHENG = "龙城社区"
"""A real community without any adviser (the example 示例社区二 renamed)."""


@pytest.fixture
async def scene(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[Scene]:
    communities = tmp_path / "communities.yaml"
    communities.write_text(
        COMMUNITIES_TEXT.replace("示例社区二（请替换）", LONGCHENG), encoding="utf-8"
    )
    async with SandboxServer() as server:
        settings = sandbox_settings(
            server, tmp_path, staff_ids=frozenset({STAFF}), communities_file=communities
        )
        async with bot_running(server, settings, kb):
            world = make_scene(server, settings, kb)
            await invite(world, world.adviser, "迎凤社区")
            yield world


def question_count(scene: Scene) -> int:
    """How many questions the bot logged."""
    return int(scene.rows("SELECT count(*) FROM questions")[0][0])


async def to_category_step(resident: SandboxUser) -> BotMessage:
    """Start from /consult, tap 迎凤社区, describe unpaid wages; return the category question."""
    await resident.send_command("/consult")
    _, choose = await resident.wait_for_messages(2)
    await resident.press(choose, "迎凤社区")
    await one(resident)
    await resident.send_text("公司一直拖欠工资不发怎么办")
    category = await one(resident)
    assert "这件事属于" in category.text
    return category


async def test_typed_answers_carry_the_intake_to_the_end(scene: Scene) -> None:
    resident = scene.resident
    await to_category_step(resident)
    await resident.send_text("对")
    consent = await one(resident)
    assert consent.text.startswith(texts.INTAKE_CONSENT[:6]), consent.text
    await resident.send_text("愿意")
    assert (await one(resident)).text.startswith("请发送您的称呼和手机号")
    await resident.send_text("王先生 13800000000")
    confirm = await one(resident)
    assert "请确认您的咨询" in confirm.text
    await resident.send_text("确认")
    done = await one(resident)
    assert done.text.startswith("已提交"), done.text
    (row,) = scene.rows("SELECT community_id, category, consent, contact_phone FROM consultations")
    assert tuple(row) == ("yingfeng", "labor", 1, "13800000000")
    assert question_count(scene) == 0


async def test_typed_community_name_and_refusal_of_consent(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_command("/consult")
    _, choose = await resident.wait_for_messages(2)
    assert labels(choose) == ["迎凤社区", LONGCHENG, texts.BUTTON_CANCEL]  # no example entries
    await resident.send_text("迎凤")
    describe = await one(resident)
    assert describe.text.startswith("请用几句话说明"), describe.text
    await resident.send_text("公司一直拖欠工资不发怎么办")
    await one(resident)
    await resident.send_text("是")
    await one(resident)
    await resident.send_text("不愿意")
    confirm = await one(resident)
    assert texts.INTAKE_NO_CONTACT in confirm.text
    assert question_count(scene) == 0


async def test_example_communities_are_neither_offered_nor_taken(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_command("/start")
    await one(resident)
    scene.rows("UPDATE residents SET community_id = 'example-village-1'")  # chosen long ago
    await resident.send_command("/consult")
    _, choose = await resident.wait_for_messages(2)
    assert choose.text == texts.INTAKE_CHOOSE_COMMUNITY  # not 「您上次选择的是 示例村一」
    await resident.press_with_data(choose, "1|in|community|example-village-1")
    assert (await one(resident)).text == texts.INTAKE_EXPIRED
    await resident.send_text("示例村一")
    assert (await one(resident)).text.startswith(texts.INTAKE_NOT_UNDERSTOOD.strip())
    await resident.press(choose, "迎凤社区")
    assert (await one(resident)).text.startswith("请用几句话说明")


async def test_a_known_community_is_confirmed_by_typing(scene: Scene) -> None:
    resident = scene.resident
    await to_category_step(resident)
    await resident.send_command("/cancel")
    await one(resident)
    await resident.send_command("/consult")
    _, known = await resident.wait_for_messages(2)
    assert texts.BUTTON_SAME_COMMUNITY in labels(known)
    await resident.send_text("是")
    assert (await one(resident)).text.startswith("请用几句话说明")


async def test_unclear_text_or_a_sticker_asks_the_step_again(scene: Scene) -> None:
    resident = scene.resident
    category = await to_category_step(resident)
    await resident.send_text("今天天气怎么样")
    again = await one(resident)
    assert again.text.startswith(texts.INTAKE_NOT_UNDERSTOOD), again.text
    assert "劳动社保" in again.text
    assert labels(again) == labels(category)
    await resident.send_text("对")
    consent = await one(resident)
    await resident.send_sticker()
    again = await one(resident)
    assert texts.INTAKE_CONSENT[:6] in again.text
    assert labels(again) == labels(consent)
    await resident.send_photo(caption="身份证")
    assert labels(await one(resident)) == labels(consent)
    await resident.press(again, texts.BUTTON_CONSENT_NO)
    assert "请确认您的咨询" in (await one(resident)).text
    assert question_count(scene) == 0  # nothing typed at a button step was taken as a question


async def test_typed_cancel_ends_the_intake(scene: Scene) -> None:
    resident = scene.resident
    await to_category_step(resident)
    await resident.send_text("对")
    await one(resident)
    await resident.send_text("算了")
    assert (await one(resident)).text == texts.INTAKE_CANCELLED
    assert scene.rows("SELECT * FROM consultations") == []
    assert question_count(scene) == 0


async def close_claimed(scene: Scene, number: int) -> BotMessage:
    """Have the adviser claim and close ``number``; return the rating request."""
    adviser, resident = scene.adviser, scene.resident
    card = await one(adviser)
    await adviser.press(card, texts.BUTTON_CLAIM)
    await one(adviser)
    await one(resident)
    await adviser.send_command("/close", str(number))
    await adviser.press(await one(adviser), "已解答")
    await one(adviser)
    rating = await one(resident)
    assert "请为这次服务打分" in rating.text
    return rating


@pytest.mark.parametrize(("typed", "resolved"), [("解决了", 1), ("没解决", 0)])
async def test_a_typed_rating_and_resolution_are_recorded(
    scene: Scene, typed: str, resolved: int
) -> None:
    resident = scene.resident
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    await close_claimed(scene, number)
    asked = question_count(scene)
    await resident.send_text("挺好的，五星")
    question = await one(resident)
    assert question.text == texts.RATING_RESOLVED
    assert labels(question) == [texts.BUTTON_RESOLVED_YES, texts.BUTTON_RESOLVED_NO]
    await resident.send_text(typed)
    assert (await one(resident)).text == texts.RATING_THANKS
    (row,) = scene.rows("SELECT rating, resolved FROM consultations")
    assert tuple(row) == (5, resolved)
    assert question_count(scene) == asked


async def test_resolution_is_typed_after_a_star_button(scene: Scene) -> None:
    resident = scene.resident
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    rating = await close_claimed(scene, number)
    await resident.press(rating, "⭐⭐⭐⭐")
    await resident.wait_for_edit(rating)
    await resident.send_text("解决了")
    assert (await one(resident)).text == texts.RATING_THANKS
    (row,) = scene.rows("SELECT rating, resolved FROM consultations")
    assert tuple(row) == (4, 1)


async def test_unclear_text_while_the_resolution_is_awaited(scene: Scene) -> None:
    resident = scene.resident
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    await close_claimed(scene, number)
    asked = question_count(scene)
    await resident.send_text("五星")
    await one(resident)
    await resident.send_text("离婚冷静期多久")
    again = await one(resident)
    assert again.text.startswith(texts.RATING_NOT_UNDERSTOOD.strip()), again.text
    assert labels(again) == [texts.BUTTON_RESOLVED_YES, texts.BUTTON_RESOLVED_NO]
    await resident.send_sticker()
    assert labels(await one(resident)) == [texts.BUTTON_RESOLVED_YES, texts.BUTTON_RESOLVED_NO]
    await resident.send_text("算了")
    assert (await one(resident)).text == texts.RATING_SKIPPED
    assert question_count(scene) == asked
    await resident.send_text("离婚冷静期多久")
    assert "冷静期" in (await one(resident)).text  # a question again
    (row,) = scene.rows("SELECT rating, resolved FROM consultations")
    assert tuple(row) == (None, None)


async def test_a_half_given_rating_survives_a_restart(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF}))
        scene = make_scene(server, settings, kb)
        async with bot_running(server, settings, kb):
            await invite(scene, scene.adviser, "迎凤社区")
            number = await file_consultation(scene, scene.resident, "老板拖欠工资三个月了")
            await close_claimed(scene, number)
            await scene.resident.send_text("挺好的，五星")
            assert (await one(scene.resident)).text == texts.RATING_RESOLVED
        async with bot_running(server, settings, kb):
            await scene.resident.send_text("没解决")
            assert (await one(scene.resident)).text == texts.RATING_THANKS
        (row,) = scene.rows("SELECT rating, resolved FROM consultations")
        assert tuple(row) == (5, 0)


@pytest.mark.parametrize(("typed", "stars"), [("解决了", 3), ("解决了，谢谢你们", 5)])
async def test_resolution_typed_before_the_stars(scene: Scene, typed: str, stars: int) -> None:
    resident = scene.resident
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    await close_claimed(scene, number)
    await resident.send_text(typed)
    asked = await one(resident)
    assert asked.text == texts.RATING_ASK_STARS.format(number=number)
    await resident.press(asked, "⭐" * stars)
    assert (await resident.wait_for_edit(asked)).text == texts.RATING_THANKS
    (row,) = scene.rows("SELECT rating, resolved FROM consultations")
    assert tuple(row) == (stars, 1)


async def test_a_waiting_resident_still_gets_answers(scene: Scene) -> None:
    resident, adviser = scene.resident, scene.adviser
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    card = await one(adviser)
    await resident.send_text("我还有考勤表和工资条")  # nothing the knowledge base answers well
    (ack,) = await resident.wait_for_messages(1)
    assert ack.text == texts.RELAYED_WAITING.format(number=number)
    assert "考勤表" in (await one(adviser)).text
    await resident.send_text("离婚冷静期多久")
    ack, answer = await resident.wait_for_messages(2)
    assert ack.text == texts.RELAYED_WAITING.format(number=number)
    assert texts.BUTTON_BACK_TO_QUESTIONS in ack.text
    assert "冷静期" in answer.text
    assert "离婚冷静期多久" in (await one(adviser)).text  # added to the case as well

    await adviser.press(card, texts.BUTTON_CLAIM)
    await one(adviser)
    await one(resident)
    await resident.send_text("离婚冷静期多久")
    (ack,) = await resident.wait_for_messages(1)
    assert ack.text == texts.RELAYED_TO_ADVISER.format(number=number)
    assert texts.BUTTON_BACK_TO_QUESTIONS in ack.text  # how to ask the bot instead
    assert texts.BUTTON_BACK_TO_QUESTIONS in labels(ack)
    assert "离婚冷静期多久" in (await one(adviser)).text


async def test_a_community_without_adviser_is_not_promised_one(scene: Scene) -> None:
    await consult_by_command(scene.resident, "邻居装修把我家墙弄裂了怎么办", LONGCHENG)
    done = await one(scene.resident)
    assert f"{LONGCHENG}</b> 的法律顾问" not in done.raw_text
    assert "法律顾问为您解答" not in done.text
    assert texts.HANDLED_BY_STAFF in done.text, done.text
    assert "新收到：法律咨询 #1" in (await one(scene.staff)).text


async def test_a_community_without_adviser_goes_to_the_duty_adviser(scene: Scene) -> None:
    duty = scene.server.user(OTHER_ADVISER, "周律师")
    await invite(scene, duty, "duty")
    await consult_by_command(scene.resident, "邻居装修把我家墙弄裂了怎么办", LONGCHENG)
    done = await one(scene.resident)
    assert texts.HANDLED_BY_DUTY in done.text, done.text
    assert "新收到：法律咨询 #1" in (await one(duty)).text


async def test_the_community_adviser_is_named_when_there_is_one(scene: Scene) -> None:
    await consult_by_command(scene.resident, "公司一直拖欠工资不发怎么办")
    done = await one(scene.resident)
    assert "迎凤社区的法律顾问" in done.text, done.text


async def test_a_resident_quoting_the_adviser_is_relayed(scene: Scene) -> None:
    resident, adviser = scene.resident, scene.adviser
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    card = await one(adviser)
    await adviser.press(card, texts.BUTTON_CLAIM)
    await one(adviser)
    await one(resident)
    await adviser.reply_to(card, "请带上劳动合同来社区面谈")
    await one(adviser)
    from_adviser = await one(resident)
    assert "请带上劳动合同来社区面谈" in from_adviser.text
    await resident.reply_to(from_adviser, "好的，我明天上午带过去")
    ack = await one(resident)
    assert ack.text == texts.RELAYED_TO_ADVISER.format(number=number)
    assert "我明天上午带过去" in (await one(adviser)).text
    rows = scene.rows("SELECT direction FROM consultation_messages ORDER BY id")
    assert [r[0] for r in rows] == ["to_resident", "to_adviser"]


async def test_a_community_name_typed_with_a_homophone_is_taken(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_command("/consult")
    await resident.wait_for_messages(2)
    await resident.send_text("迎风")  # the IME's 风 for 凤
    describe = await one(resident)
    assert describe.text.startswith("请用几句话说明"), describe.text


async def test_a_story_typed_before_the_community_is_kept(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_command("/consult")
    await resident.wait_for_messages(2)
    await resident.send_text("老板拖欠我三个月工资一万二，一直不给")
    kept = await one(resident)
    assert kept.text.startswith(texts.INTAKE_STORY_KEPT), kept.text
    assert "迎凤社区" in labels(kept)
    await resident.press(kept, "迎凤社区")
    describe = await one(resident)
    assert "老板拖欠我三个月工资一万二" in describe.text
    await resident.press(describe, texts.BUTTON_USE_QUESTION)
    category = await one(resident)
    assert "劳动社保" in category.text
    assert question_count(scene) == 0


async def test_an_urgent_story_typed_before_the_community_brings_the_emergency_card(
    scene: Scene,
) -> None:
    resident = scene.resident
    await resident.send_command("/consult")
    await resident.wait_for_messages(2)
    await resident.send_text("他刚才拿着刀说要砍我，我躲在邻居家")
    card, kept = await resident.wait_for_messages(2)
    assert "110" in card.text
    assert kept.text.startswith(texts.INTAKE_STORY_KEPT)


async def test_a_story_only_the_learned_model_finds_urgent_brings_the_emergency_card(
    scene: Scene,
) -> None:
    story = "工地上的活干完了，包工头说钱要等过了年，我们十来个人过几天就回老家"
    assert rule_kinds(story) == []  # the rules alone miss it (branch urgml)
    resident = scene.resident
    await resident.send_command("/consult")
    await resident.wait_for_messages(2)
    await resident.send_text(story)
    card, kept = await resident.wait_for_messages(2)
    assert "12348" in card.text
    assert kept.text.startswith(texts.INTAKE_STORY_KEPT)


async def test_an_adviser_quoting_the_bots_confirmation_is_relayed(scene: Scene) -> None:
    resident, adviser = scene.resident, scene.adviser
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    card = await one(adviser)
    await adviser.press(card, texts.BUTTON_CLAIM)
    claimed = await one(adviser)
    await one(resident)
    await adviser.reply_to(claimed, "您好，我是迎凤社区法律顾问")
    sent = await one(adviser)
    assert sent.text == texts.REPLY_SENT.format(number=number), sent.text
    assert "我是迎凤社区法律顾问" in (await one(resident)).text
    await adviser.reply_to(sent, "请把工资条也带上")
    assert (await one(adviser)).text == texts.REPLY_SENT.format(number=number)
    assert "请把工资条也带上" in (await one(resident)).text


async def tell_danger(resident: SandboxUser, said: str) -> BotMessage:
    """Type ``said`` (danger now); check the emergency card comes first; return what follows."""
    await resident.send_text(said)
    card, then = await resident.wait_for_messages(2)
    assert all(number in card.text for number in ("110", "12338", "12348")), card.text
    return then


async def test_danger_typed_at_the_consent_step_brings_the_numbers_and_keeps_the_draft(
    scene: Scene,
) -> None:
    resident = scene.resident
    consent = await to_consent(resident)
    again = await tell_danger(resident, "他又拿刀了，我好怕")
    assert again.text.startswith(texts.INTAKE_URGENT_ADDED.strip()), again.text
    assert labels(again) == labels(consent)  # the same question, the draft kept
    await resident.send_text("不愿意")
    confirm = await one(resident)
    assert "拖欠工资" in confirm.text
    assert "他又拿刀了" in confirm.text  # added to what the adviser reads
    await resident.press(confirm, texts.BUTTON_SUBMIT)
    await one(resident)  # the receipt; the emergency card was shown at the consent step
    (row,) = scene.rows("SELECT urgent, category FROM consultations")
    assert tuple(row) == (1, "labor")
    assert question_count(scene) == 0


async def test_danger_typed_where_the_phone_is_asked_brings_the_numbers(scene: Scene) -> None:
    resident = scene.resident
    await to_consent(resident)
    await resident.send_text("愿意")
    await one(resident)
    again = await tell_danger(resident, "俺男人在门外头踹门，说要弄死俺")
    assert "请发送您的称呼和手机号" in again.text, again.text
    await resident.send_text("李女士 1380000000")  # a digit short: no wrong number filed
    assert (await one(resident)).text == texts.INTAKE_BAD_CONTACT
    await resident.send_text("李女士 13800000000")
    confirm = await one(resident)
    assert "13800000000" in confirm.text
    assert "说要弄死俺" in confirm.text


async def test_danger_typed_at_the_confirmation_is_added_before_it_is_filed(
    scene: Scene,
) -> None:
    resident = scene.resident
    await to_consent(resident)
    await resident.send_text("不愿意")
    await one(resident)
    confirm = await tell_danger(resident, "他刚才又动手了，把我推倒在地上")
    assert "把我推倒在地上" in confirm.text
    assert texts.BUTTON_SUBMIT in labels(confirm)


async def test_danger_told_while_the_consultation_waits_brings_the_numbers(scene: Scene) -> None:
    resident, adviser = scene.resident, scene.adviser
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    await one(adviser)
    await resident.send_text("包工头刚才带了几个人来，拿着棍子堵在我家门口")
    notice, ack = await resident.wait_for_messages(2)
    assert notice.text == plain(texts.RELAY_SAFETY_NOTICE)
    assert ack.text == texts.RELAYED_WAITING.format(number=number)
    assert "拿着棍子" in (await one(adviser)).text  # relayed as well


async def test_danger_told_while_the_resolution_is_awaited_keeps_the_rating(
    scene: Scene,
) -> None:
    resident = scene.resident
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    await close_claimed(scene, number)
    await resident.send_text("五星")
    await one(resident)
    again = await tell_danger(resident, "他今天又喝多了，拿酒瓶砸我")
    assert labels(again) == [texts.BUTTON_RESOLVED_YES, texts.BUTTON_RESOLVED_NO]
    await resident.send_text("解决了")
    assert (await one(resident)).text == texts.RATING_THANKS
    (row,) = scene.rows("SELECT rating, resolved FROM consultations")
    assert tuple(row) == (5, 1)


@pytest.mark.parametrize(
    ("verdict", "stars", "resolution", "recorded"),
    [
        ("挺好的，谢谢", "五心", "解决了，谢谢你们", (5, 1)),
        ("还行吧", "3分", "没有", (3, 0)),
        ("很满意，谢谢你们", "4", "还没有解决", (4, 0)),
    ],
)
async def test_plain_answers_at_the_rating_steps_are_understood(
    scene: Scene, verdict: str, stars: str, resolution: str, recorded: tuple[int, int]
) -> None:
    resident = scene.resident
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    await close_claimed(scene, number)
    asked = question_count(scene)
    await resident.send_text(verdict)  # a verdict without stars: asked for them
    again = await one(resident)
    assert again.text == texts.RATING_ASK_STARS.format(number=number), again.text
    await resident.send_text(stars)
    assert (await one(resident)).text == texts.RATING_RESOLVED
    await resident.send_text("挺好的，谢谢")  # no answer to 解决了吗: asked again
    unclear = await one(resident)
    assert unclear.text.startswith(texts.RATING_NOT_UNDERSTOOD.strip()), unclear.text
    assert labels(unclear) == [texts.BUTTON_RESOLVED_YES, texts.BUTTON_RESOLVED_NO]
    await resident.send_text(resolution)
    assert (await one(resident)).text == texts.RATING_THANKS
    assert tuple(scene.rows("SELECT rating, resolved FROM consultations")[0]) == recorded
    assert question_count(scene) == asked


@pytest.mark.parametrize("said", ["不知道", "俺也不清楚是哪个村的"])
async def test_a_resident_who_does_not_know_the_community_can_leave_it_to_the_office(
    scene: Scene, said: str
) -> None:
    resident = scene.resident
    await resident.send_command("/consult")
    await resident.wait_for_messages(2)
    await resident.send_text(said)
    again = await one(resident)
    assert again.text.startswith(plain(texts.INTAKE_COMMUNITY_UNSURE)[:8]), again.text
    assert labels(again) == [
        "迎凤社区",
        LONGCHENG,
        texts.BUTTON_COMMUNITY_UNSURE,
        texts.BUTTON_CANCEL,
    ]
    await resident.send_text("不记得了")  # asked again, never lost
    assert texts.BUTTON_COMMUNITY_UNSURE in labels(await one(resident))
    await resident.press(again, texts.BUTTON_COMMUNITY_UNSURE)
    assert (await one(resident)).text.startswith("请用几句话说明")
    await resident.send_text("邻居家的树倒下来把我家院墙砸塌了，他不肯赔")
    await resident.press(await one(resident), texts.BUTTON_CATEGORY_OK)
    await resident.press(await one(resident), texts.BUTTON_CONSENT_NO)
    confirm = await one(resident)
    assert texts.INTAKE_OFFICE_COMMUNITY in confirm.text, confirm.text
    await resident.press(confirm, texts.BUTTON_SUBMIT)
    done = await one(resident)
    assert texts.HANDLED_BY_STAFF in done.text, done.text  # no duty adviser registered
    card = await one(scene.staff)
    assert "新收到：法律咨询" in card.text, card.text
    assert texts.LOG_OFFICE_COMMUNITY in card.text, card.text  # the office, not its id
    await scene.staff.send_command("/queue")
    _, listed = await scene.staff.wait_for_messages(2)
    assert texts.LOG_OFFICE_COMMUNITY in listed.text, listed.text
    (row,) = scene.rows("SELECT community_id FROM consultations")
    assert row[0] == "office"
    assert scene.rows("SELECT community_id FROM residents WHERE community_id IS NOT NULL") == []
    assert question_count(scene) == 0


async def test_a_few_words_of_danger_where_the_community_is_asked_bring_the_numbers(
    scene: Scene,
) -> None:
    resident = scene.resident
    await resident.send_command("/consult")
    _, choose = await resident.wait_for_messages(2)
    again = await tell_danger(resident, "他又打俺了")  # too short to keep as the story
    assert again.text.startswith(texts.INTAKE_URGENT_GO_ON.strip()), again.text
    assert labels(again) == labels(choose)
