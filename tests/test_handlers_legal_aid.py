"""The legal-aid pre-check through the real application (offline): questions, result, filing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from bot.storage.clock import from_db
from knowledge import KnowledgeBase
from tests.offline import OfflineBot, SentCall, offline_bot
from tests.test_handlers_staff import ADVISER, RESIDENT, STAFF, register, rows

LEGAL_AID = 7001


@pytest.fixture
async def bot(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[OfflineBot]:
    """The bot with staff, an adviser of 迎凤社区, legal-aid staff and a standard of 1000 yuan."""
    async with offline_bot(
        tmp_path,
        kb,
        staff_ids=frozenset({STAFF}),
        legal_aid_ids=frozenset({LEGAL_AID}),
        legal_aid_income_standard=1000,
        centre_address="嘉祥街道便民服务中心二楼",
        centre_hours="工作日 8:30-17:30",
    ) as world:
        await register(world, ADVISER, "迎凤社区")
        yield world


def last(calls: list[SentCall]) -> SentCall:
    """The last message among ``calls``."""
    return [c for c in calls if c.text][-1]


async def answer_up_to_income(bot: OfflineBot, *, exempt: str = "以上都不是") -> SentCall:
    """The resident starts the pre-check and answers: labour pay, ``exempt``, no proof, 3 people."""
    question = last(await bot.say(RESIDENT, "/legalaid"))
    assert question.text == texts.LEGAL_AID_ASK_MATTER
    question = last(await bot.tap(RESIDENT, question, texts.LEGAL_AID_MATTERS["labour"]))
    question = last(await bot.tap(RESIDENT, question, exempt))
    question = last(await bot.tap(RESIDENT, question, texts.LEGAL_AID_PROOFS["none"]))
    assert question.text == texts.LEGAL_AID_ASK_HOUSEHOLD
    question = last(await bot.say(RESIDENT, "3"))
    assert question.text == texts.LEGAL_AID_ASK_INCOME
    return question


async def test_a_low_income_resident_is_told_likely_eligible_and_files(bot: OfflineBot) -> None:
    await answer_up_to_income(bot)
    replies = await bot.say(RESIDENT, "2400元")
    result, ask = [c for c in replies if c.chat_id == RESIDENT]
    assert texts.LEGAL_AID_RESULTS["likely"] in result.text
    assert texts.LEGAL_AID_DOCS_HARDSHIP in result.text
    assert texts.LEGAL_AID_DOCS_MATTER["labour"] in result.text
    assert "嘉祥街道便民服务中心二楼" in result.text
    assert "工作日 8:30-17:30" in result.text
    replies = await bot.tap(RESIDENT, ask, texts.LEGAL_AID_BUTTON_FILE)
    # The community was never given: it is asked, and may be typed.
    assert last(replies).text == texts.LEGAL_AID_ASK_COMMUNITY
    replies = await bot.say(RESIDENT, "迎凤")
    done = last([c for c in replies if c.chat_id == RESIDENT])
    assert texts.HANDLED_BY_LEGAL_AID in done.text
    ((number, kind, category),) = rows(bot, "SELECT id, kind, category FROM consultations")
    assert (kind, category) == ("legal_aid", "legal_aid")
    assert f"#{number}" in done.text
    assert rows(
        bot,
        "SELECT matter, exempt_group, proof, household_size, monthly_income, result "
        "FROM legal_aid_applications",
    ) == [("labour", "none", "none", 3, 2400, "likely")]
    # The card went to the legal-aid staff, not to the community's adviser.
    assert any(f"#{number}" in c.text for c in bot.sent_to(LEGAL_AID))
    assert not any(f"#{number}" in c.text for c in bot.sent_to(ADVISER))


async def test_the_legal_aid_staff_claim_and_answer_a_pre_application(bot: OfflineBot) -> None:
    await filed_and_claimed(bot)
    ((number, status, holder),) = rows(bot, "SELECT id, status, adviser_id FROM consultations")
    assert (status, holder) == ("claimed", LEGAL_AID)
    # Once the legal-aid staff hold it, a community adviser's claim is refused.
    card = next(c for c in bot.sent_to(LEGAL_AID) if texts.BUTTON_CLAIM in dict(c.buttons))
    await bot.tap(ADVISER, card, texts.BUTTON_CLAIM)
    assert rows(bot, "SELECT adviser_id FROM consultations") == [(LEGAL_AID,)]
    # They answer through the relay like an adviser.
    await bot.say(LEGAL_AID, f"/reply {number} 请带身份证和欠薪证据到法律援助窗口")
    assert any("请带身份证和欠薪证据" in c.text for c in bot.sent_to(RESIDENT))


async def test_a_higher_income_is_never_told_refused_and_is_shown_who_can_help(
    bot: OfflineBot,
) -> None:
    await answer_up_to_income(bot)
    result, _ = [c for c in await bot.say(RESIDENT, "9000") if c.chat_id == RESIDENT]
    assert texts.LEGAL_AID_RESULTS["unlikely"] in result.text
    assert "12348" in result.text
    assert "人民调解" in result.text
    assert "拒绝" not in result.text
    assert "不予" not in result.text


async def test_an_exempt_group_is_likely_whatever_the_income(bot: OfflineBot) -> None:
    await answer_up_to_income(bot, exempt=texts.LEGAL_AID_EXEMPT_GROUPS["abuse"])
    result, _ = [c for c in await bot.say(RESIDENT, "90000") if c.chat_id == RESIDENT]
    assert texts.LEGAL_AID_RESULTS["likely"] in result.text
    assert texts.LEGAL_AID_DOCS_EXEMPT["abuse"] in result.text
    assert texts.LEGAL_AID_DOCS_HARDSHIP not in result.text


async def test_non_numbers_for_household_and_income_are_asked_again(bot: OfflineBot) -> None:
    question = last(await bot.say(RESIDENT, "/legalaid"))
    question = last(await bot.tap(RESIDENT, question, texts.LEGAL_AID_MATTERS["labour"]))
    question = last(await bot.tap(RESIDENT, question, texts.LEGAL_AID_EXEMPT_GROUPS["none"]))
    await bot.tap(RESIDENT, question, texts.LEGAL_AID_PROOFS["none"])
    assert last(await bot.say(RESIDENT, "一大家子")).text == texts.LEGAL_AID_BAD_HOUSEHOLD
    assert last(await bot.say(RESIDENT, "0")).text == texts.LEGAL_AID_BAD_HOUSEHOLD
    assert last(await bot.say(RESIDENT, "3口人")).text == texts.LEGAL_AID_ASK_INCOME
    assert last(await bot.say(RESIDENT, "看情况")).text == texts.LEGAL_AID_BAD_INCOME
    assert last(await bot.say(RESIDENT, "-5")).text == texts.LEGAL_AID_BAD_INCOME
    assert last(await bot.say(RESIDENT, "2,800")).text == texts.LEGAL_AID_ASK_FILE
    assert rows(bot, "SELECT household_size FROM legal_aid_applications") == []


async def test_typing_a_choice_instead_of_tapping_is_understood(bot: OfflineBot) -> None:
    await bot.say(RESIDENT, "/legalaid")
    asked = last(await bot.say(RESIDENT, "请求确认劳动关系或支付劳动报酬"))
    assert asked.text == texts.LEGAL_AID_ASK_EXEMPT
    again = await bot.say(RESIDENT, "随便说点什么")
    assert texts.LEGAL_AID_TAP in [c.text for c in again]
    assert last(again).text == texts.LEGAL_AID_ASK_EXEMPT


async def test_a_plain_no_answers_none_of_the_listed_cases(bot: OfflineBot) -> None:
    await bot.say(RESIDENT, "/legalaid")
    asked = last(await bot.say(RESIDENT, "讨薪"))
    assert asked.text.endswith(texts.LEGAL_AID_ASK_EXEMPT)
    assert texts.LEGAL_AID_MATTERS["labour"] in asked.text  # the matter 讨薪 was taken as
    asked = last(await bot.say(RESIDENT, "不是"))  # none of the groups, typed
    assert asked.text == texts.LEGAL_AID_ASK_PROOF
    asked = last(await bot.say(RESIDENT, "不是的"))
    assert asked.text == texts.LEGAL_AID_ASK_HOUSEHOLD
    # At the matter step a plain no means nothing: 「其他」 is a matter, not a refusal.
    await bot.say(RESIDENT, "/cancel")
    await bot.say(RESIDENT, "/legalaid")
    assert last(await bot.say(RESIDENT, "不是")).text == texts.LEGAL_AID_ASK_MATTER


async def test_cancel_midway_files_nothing_and_the_bot_answers_questions_again(
    bot: OfflineBot,
) -> None:
    await answer_up_to_income(bot)
    assert last(await bot.say(RESIDENT, "/cancel")).text == texts.INTAKE_CANCELLED
    assert last(await bot.say(RESIDENT, "2400")).text != texts.LEGAL_AID_ASK_FILE
    assert rows(bot, "SELECT count(*) FROM consultations") == [(0,)]


async def test_declining_to_file_files_nothing(bot: OfflineBot) -> None:
    await answer_up_to_income(bot)
    ask = last(await bot.say(RESIDENT, "2400"))
    assert last(await bot.tap(RESIDENT, ask, texts.LEGAL_AID_BUTTON_NO)).text == (
        texts.LEGAL_AID_NOT_FILED
    )
    assert rows(bot, "SELECT count(*) FROM consultations") == [(0,)]


async def test_without_a_standard_the_result_says_the_office_checks(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as world:
        await answer_up_to_income(world)
        result, ask = [c for c in await world.say(RESIDENT, "100") if c.chat_id == RESIDENT]
        assert texts.LEGAL_AID_RESULTS["check"] in result.text
        assert texts.LEGAL_AID_CHECK_STANDARD in result.text
        assert texts.LOCAL_FACT_MISSING in result.text  # no centre address configured
        await world.tap(RESIDENT, ask, texts.LEGAL_AID_BUTTON_FILE)
        done = last([c for c in await world.say(RESIDENT, "迎凤") if c.chat_id == RESIDENT])
        # No legal-aid staff and no adviser registered: the resident is told who truly gets it.
        assert texts.HANDLED_BY_LEGAL_AID not in done.text
        assert texts.HANDLED_BY_STAFF in done.text


async def filed_and_claimed(bot: OfflineBot) -> SentCall:
    """A pre-application filed and claimed by the legal-aid staff; return their claimed card."""
    await answer_up_to_income(bot)
    ask = last(await bot.say(RESIDENT, "1200"))
    await bot.tap(RESIDENT, ask, texts.LEGAL_AID_BUTTON_FILE)
    await bot.say(RESIDENT, "迎凤社区")
    card = next(c for c in bot.sent_to(LEGAL_AID) if texts.BUTTON_CLAIM in dict(c.buttons))
    await bot.tap(LEGAL_AID, card, texts.BUTTON_CLAIM)
    return next(
        c for c in reversed(bot.sent_to(LEGAL_AID)) if texts.BUTTON_CLOSE in dict(c.buttons)
    )


async def test_the_legal_aid_staff_close_with_the_office_s_outcome(bot: OfflineBot) -> None:
    card = await filed_and_claimed(bot)
    offered = last(await bot.tap(LEGAL_AID, card, texts.BUTTON_CLOSE))
    labels = [label for label, _ in offered.buttons]
    assert labels == ["受理", "不予受理", "转其他渠道"]
    # The resident pressing the staff's outcome button (forged on their own chat) is refused.
    (_, data) = offered.buttons[0]
    await bot.send(bot.press(RESIDENT, offered, data))
    assert rows(bot, "SELECT status FROM consultations") == [("claimed",)]
    # A consultation outcome is no outcome of a pre-application.
    await bot.send(bot.press(LEGAL_AID, offered, data.replace("la_accepted", "answered")))
    assert rows(bot, "SELECT status FROM consultations") == [("claimed",)]
    done = last(await bot.tap(LEGAL_AID, offered, "受理"))
    assert "受理" in done.text
    assert rows(
        bot,
        "SELECT c.status, c.outcome, a.outcome FROM consultations c "
        "JOIN legal_aid_applications a ON a.consultation_id = c.id",
    ) == [("closed", "legal_aid", "accepted")]


async def test_the_legal_aid_answer_offers_the_pre_check(bot: OfflineBot) -> None:
    replies = await bot.say(RESIDENT, "家里没钱请不起律师，能申请法律援助吗？")
    answer = next(c for c in replies if texts.BUTTON_LEGAL_AID in dict(c.buttons))
    started = await bot.tap(RESIDENT, answer, texts.BUTTON_LEGAL_AID)
    assert last(started).text == texts.LEGAL_AID_ASK_MATTER


async def test_the_menu_button_starts_the_pre_check(bot: OfflineBot) -> None:
    assert last(await bot.say(RESIDENT, texts.MENU_LEGAL_AID)).text == texts.LEGAL_AID_ASK_MATTER


async def test_an_unclaimed_pre_application_reminds_the_legal_aid_staff(bot: OfflineBot) -> None:
    await answer_up_to_income(bot)
    ask = last(await bot.say(RESIDENT, "1200"))
    await bot.tap(RESIDENT, ask, texts.LEGAL_AID_BUTTON_FILE)
    await bot.say(RESIDENT, "迎凤社区")
    ((remind_at,),) = rows(bot, "SELECT remind_due_at FROM consultations")
    bot.clock.now = from_db(str(remind_at))
    await bot.run_job("escalation")
    reminder = texts.CARD_TITLES["reminder"]
    assert any(reminder in c.text for c in bot.sent_to(LEGAL_AID))
    assert not any(reminder in c.text for c in bot.sent_to(ADVISER))


async def test_the_pre_check_says_what_of_the_answers_is_kept_and_for_how_long(
    bot: OfflineBot,
) -> None:
    said = [c.text for c in await bot.say(RESIDENT, "/legalaid") if c.chat_id == RESIDENT]
    assert any(
        "家庭人口和月收入只用于预审" in text and "办结满 365 天后自动删除" in text for text in said
    )
