"""What the fifth deployment walk found (branch walk5), replayed over HTTP."""

from __future__ import annotations

import pytest

from bot import texts
from bot.services.intake import MAX_SUMMARY_CHARS
from bot.texts import publicity as pt
from tests.e2e import Scene, labels, mediation_typed, one
from tests.test_e2e_adviser import quiet
from tests.test_e2e_consult import file_consultation
from tests.test_e2e_intake import scene, to_category_step

__all__ = ["scene"]

STORY = "我在厂里干了三年，老板一直拖欠工资，每次去要都说再等等，"
"""A sentence of a long story (about 30 characters), repeated to 10,000 characters."""


def long_story(chars: int = 10_000) -> str:
    """A story of ``chars`` characters (longer than any description may be)."""
    return (STORY * (chars // len(STORY) + 1))[:chars]


async def test_a_long_story_where_the_community_is_asked_is_kept_as_far_as_it_fits(
    scene: Scene,
) -> None:
    # The walk (w22, w29): 10,000 characters at the community step got 「没能确认您的选择」
    # and were dropped.
    resident = scene.resident
    await resident.send_command("/consult")
    await resident.wait_for_messages(2)
    story = long_story()
    await resident.send_text(story)
    again = await one(resident)
    assert not again.text.startswith(texts.INTAKE_NOT_UNDERSTOOD.strip()), again.text
    assert f"{MAX_SUMMARY_CHARS} 字" in again.text
    assert str(len(story) - MAX_SUMMARY_CHARS) in again.text  # says how much was not kept
    await resident.press(again, "迎凤社区")
    describe = await one(resident)
    await resident.press(describe, texts.BUTTON_USE_QUESTION)
    category = await one(resident)
    await resident.press(category, texts.BUTTON_CATEGORY_OK)
    await resident.press(await one(resident), texts.BUTTON_CONSENT_NO)
    await resident.press(await one(resident), texts.BUTTON_SUBMIT)
    await one(resident)
    await quiet(resident, 1)
    ((summary,),) = scene.rows("SELECT summary FROM consultations")
    assert summary == story[:MAX_SUMMARY_CHARS]


async def test_a_long_text_at_a_later_step_is_added_as_far_as_it_fits(scene: Scene) -> None:
    # The walk (w22): 10,000 characters at the category, consent and confirmation steps got
    # 「没能确认您的选择」 and were dropped without a word.
    resident = scene.resident
    category = await to_category_step(resident)
    await resident.press(category, texts.BUTTON_CATEGORY_OK)
    await one(resident)
    story = long_story()
    await resident.send_text(story)
    again = await one(resident)
    assert not again.text.startswith(texts.INTAKE_NOT_UNDERSTOOD.strip()), again.text
    assert f"{MAX_SUMMARY_CHARS} 字" in again.text
    await resident.press(again, texts.BUTTON_CONSENT_NO)
    confirm = await one(resident)
    assert STORY[:10] in confirm.text
    await resident.send_text(story)  # the description is full now: nothing more is kept
    full = await one(resident)
    assert "没有记下" in full.text, full.text
    await resident.press(full, texts.BUTTON_SUBMIT)
    await one(resident)
    await quiet(resident, 1)
    ((summary,),) = scene.rows("SELECT summary FROM consultations")
    first = "公司一直拖欠工资不发怎么办"
    assert summary == f"{first}\n{story[: MAX_SUMMARY_CHARS - len(first) - 1]}"


async def test_an_adviser_typing_a_case_action_is_told_the_command(scene: Scene) -> None:
    # The walk (w28): 「接单 1」「转交」「结案」 typed by an adviser got the general hint, and
    # 「结束」 got 「现在没有正在填写的内容，不需要取消…请发送 /my」, a resident's reply.
    adviser = scene.adviser
    number = await file_consultation(scene, scene.resident, "老板拖欠工资三个月了，怎么要回来")
    await one(adviser)  # the new case's card
    for typed in ("接单", f"接单 {number}"):  # the only case waiting: its number either way
        await adviser.send_text(typed)
        assert f"/claim {number}" in (await one(adviser)).text
    await adviser.send_command("/claim", str(number))
    claimed = await one(adviser)
    assert claimed.text.startswith(f"已接单 #{number}"), claimed.text
    for typed, command in (("结束", "/close"), ("结案", "/close"), ("转交", "/transfer")):
        await adviser.send_text(typed)
        told = await one(adviser)
        assert f"{command} {number}" in told.text, (typed, told.text)
        assert told.text != texts.NOTHING_TO_CANCEL
    (row,) = scene.rows("SELECT status FROM consultations")
    assert row[0] == "claimed"  # typing the word changed nothing


@pytest.mark.parametrize(
    ("typed", "first_question"),
    [
        ("我要申请调解", texts.MEDIATE_ASK_DISPUTE),
        ("我想申请人民调解。", texts.MEDIATE_ASK_DISPUTE),
        ("我想申请法律援助", texts.LEGAL_AID_ASK_MATTER),
        ("俺要申请法援", texts.LEGAL_AID_ASK_MATTER),
    ],
)
async def test_a_typed_request_to_apply_starts_the_application(
    scene: Scene, typed: str, first_question: str
) -> None:
    # The walk (w25, w26): 「我想申请法律援助」 and 「我要申请调解」 got the knowledge item about
    # legal aid or mediation; only the menu's exact 申请法律援助 / 申请调解 started them.
    resident = scene.resident
    await resident.send_text(typed)
    _, question = await resident.wait_for_messages(2)
    assert question.text == first_question, question.text


async def test_a_question_about_applying_still_gets_the_answer(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_text("怎么申请法律援助")
    answer = await one(resident)
    assert answer.text != texts.LEGAL_AID_ASK_MATTER
    assert not answer.text.startswith(texts.LEGAL_AID_INTRO[:6])


async def test_the_mediation_confirmation_keeps_its_buttons_and_takes_a_change(
    scene: Scene,
) -> None:
    # The walk (w26): at 「请确认调解申请」, 「迎凤」 or 「不对」 typed got 「请点选下面的一项」
    # with no buttons to press, and the request could not be changed.
    resident = scene.resident
    await mediation_typed(resident, ("邻居", "邻居", "不想说", "迎凤", "不对，是另一个社区"))
    await resident.send_text("迎凤")
    again = await one(resident)
    assert texts.MEDIATE_BUTTON_SUBMIT in labels(again), again.text
    assert "调解请求：不对，是另一个社区" in again.text
    await resident.send_text("不对")
    assert texts.MEDIATE_ASK_WANTED in (await one(resident)).text
    await resident.send_text("让他把占我家的过道让出来")
    confirm = await one(resident)
    assert "调解请求：让他把占我家的过道让出来" in confirm.text
    await resident.send_text("对")
    assert "调解申请已提交" in (await one(resident)).text
    await quiet(resident, 1)
    ((wanted,),) = scene.rows("SELECT wanted FROM mediation_requests")
    assert wanted == "让他把占我家的过道让出来"


@pytest.mark.parametrize("typed", ["下一题", "不玩了", "跳过"])
async def test_quiz_words_typed_while_a_question_waits_are_not_searched(
    scene: Scene, typed: str
) -> None:
    # The walk (w27): 「下一题」 got 「您是不是想问：信访…」 and 「不玩了」 「抱歉，暂时没有找到」,
    # both logged as residents' questions.
    resident = scene.resident
    await resident.send_command("/quiz")
    await resident.wait_for_messages(2)
    await resident.send_text(typed)
    told = await one(resident)
    assert told.text == pt.QUIZ_WORDS_HINT, told.text
    await quiet(resident, 1)
    assert scene.rows("SELECT count(*) FROM questions")[0][0] == 0


async def test_a_community_not_found_in_a_mediation_request_is_said_so(scene: Scene) -> None:
    # The walk (w26): 「嘉祥社区」 (the street's name, no community) got the question again,
    # word for word, with no reason.
    resident = scene.resident
    await mediation_typed(resident, ("邻居", "邻居", "不想说"))
    await resident.send_text("嘉祥社区")
    again = await one(resident)
    assert again.text.startswith("没有找到“嘉祥社区”"), again.text
    assert "迎凤社区" in labels(again)
    await resident.send_text("迎凤")
    assert (await one(resident)).text == texts.MEDIATE_ASK_WANTED


async def test_a_one_word_wanted_is_asked_for_more_not_for_less(scene: Scene) -> None:
    # The walk (w26): 「对」 typed where 「您希望通过调解解决什么」 is asked got
    # 「请用文字简要说明（500 字以内）」, as if it were too long.
    resident = scene.resident
    await mediation_typed(resident, ("邻居", "邻居", "不想说", "迎凤"))
    await resident.send_text("对")
    told = await one(resident)
    assert "字以内" not in told.text, told.text
    assert told.text == texts.MEDIATE_WANTED_TOO_SHORT


@pytest.mark.parametrize("cancel", ["/cancel", "取消"])
async def test_cancel_while_a_quiz_question_waits_is_told_about_the_quiz(
    scene: Scene, cancel: str
) -> None:
    # The walk (w27): /cancel with a quiz question open got 「现在没有正在填写的内容」.
    resident = scene.resident
    await resident.send_command("/quiz")
    await resident.wait_for_messages(2)
    if cancel.startswith("/"):
        await resident.send_command(cancel)
    else:
        await resident.send_text(cancel)
    told = await one(resident)
    assert told.text == pt.QUIZ_WORDS_HINT, told.text


async def test_the_other_party_is_kept_without_the_words_around_it(scene: Scene) -> None:
    # The walk (w26): 「是我哥」 and 「他叫张三」 were kept word for word, and the confirmation
    # read 「对方：是我哥（他叫张三）」.
    resident = scene.resident
    await mediation_typed(resident, ("家里兄弟分房子吵起来了", "是我哥", "他叫张三", "迎凤"))
    await resident.send_text("让他把房子分一半给我")
    confirm = await one(resident)
    assert "对方：我哥（张三）" in confirm.text, confirm.text
