"""Case conversations together (offline): starting one ends the other, in one line."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from handlers import callback_data as cb
from knowledge import KnowledgeBase
from tests.clock import ManualClock
from tests.offline import OfflineBot, SentCall, offline_bot
from tests.test_handlers_case_rights import settings
from tests.test_handlers_legal_aid import answer_up_to_income
from tests.test_handlers_staff import ADVISER, RESIDENT, register, rows


@pytest.fixture
async def bot(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[OfflineBot]:
    """The bot with an adviser and a mediator on 迎凤社区 and legal-aid staff."""
    async with offline_bot(tmp_path, kb, **settings(tmp_path)) as world:
        await register(world, ADVISER, "迎凤社区")
        yield world


def texts_to(calls: list[SentCall]) -> list[str]:
    """The texts sent to the resident among ``calls``."""
    return [c.text for c in calls if c.text and c.chat_id == RESIDENT]


async def test_mediate_during_the_pre_check_ends_it_and_takes_the_answers(
    bot: OfflineBot,
) -> None:
    await bot.say(RESIDENT, "/legalaid")
    await bot.say(RESIDENT, "欠薪")
    said = texts_to(await bot.say(RESIDENT, "/mediate"))
    assert said[0] == texts.LEGAL_AID_ENDED
    assert said[-1] == texts.MEDIATE_ASK_DISPUTE
    # The typed answer goes to the mediation request, not to the ended pre-check.
    assert texts_to(await bot.say(RESIDENT, "婚姻家庭"))[-1] == texts.MEDIATE_ASK_RELATION
    assert texts_to(await bot.say(RESIDENT, "前夫"))[-1] == texts.MEDIATE_ASK_NAME
    assert "case:legal_aid" not in bot.application.user_data[RESIDENT]


async def test_the_menu_buttons_switch_between_case_conversations(bot: OfflineBot) -> None:
    await bot.say(RESIDENT, "/mediate")
    said = texts_to(await bot.say(RESIDENT, texts.MENU_LEGAL_AID))
    assert said[0] == texts.MEDIATE_ENDED
    assert said[-1] == texts.LEGAL_AID_ASK_MATTER
    said = texts_to(await bot.say(RESIDENT, texts.MENU_MEDIATE))
    assert said[0] == texts.LEGAL_AID_ENDED
    assert said[-1] == texts.MEDIATE_ASK_DISPUTE
    said = texts_to(await bot.say(RESIDENT, "/consult"))
    assert said[0] == texts.MEDIATE_ENDED
    assert texts.LEGAL_AID_ENDED not in said
    said = texts_to(await bot.say(RESIDENT, "/legalaid"))
    assert said[0] == texts.INTAKE_ENDED
    assert said[-1] == texts.LEGAL_AID_ASK_MATTER
    assert rows(bot, "SELECT count(*) FROM consultations") == [(0,)]


async def test_restarting_the_same_conversation_says_nothing_of_an_ending(
    bot: OfflineBot,
) -> None:
    await bot.say(RESIDENT, "/legalaid")
    said = texts_to(await bot.say(RESIDENT, "/legalaid"))
    assert texts.LEGAL_AID_ENDED not in said
    assert said[-1] == texts.LEGAL_AID_ASK_MATTER


async def test_quiz_ends_the_pre_check(bot: OfflineBot) -> None:
    await bot.say(RESIDENT, "/legalaid")
    said = texts_to(await bot.say(RESIDENT, "/quiz"))
    assert said[0] == texts.LEGAL_AID_ENDED
    assert texts.LEGAL_AID_TAP not in texts_to(await bot.say(RESIDENT, "A"))
    # So does the quiz's 再来一组 button.
    asked = [c for c in await bot.say(RESIDENT, "/legalaid") if c.chat_id == RESIDENT][-1]
    again = cb.PublicityButton(cb.PublicityAction.QUIZ).pack()
    assert texts_to(await bot.send(bot.press(RESIDENT, asked, again)))[0] == texts.LEGAL_AID_ENDED


async def test_help_and_privacy_leave_the_pre_check_open(bot: OfflineBot) -> None:
    await bot.say(RESIDENT, "/legalaid")
    for command in ("/help", "/privacy", texts.MENU_HELP):
        assert texts.LEGAL_AID_ENDED not in texts_to(await bot.say(RESIDENT, command))
    question = [c for c in bot.sent_to(RESIDENT) if c.text == texts.LEGAL_AID_ASK_MATTER][-1]
    answered = await bot.tap(RESIDENT, question, texts.LEGAL_AID_MATTERS["labour"])
    assert texts_to(answered)[-1] == texts.LEGAL_AID_ASK_EXEMPT


async def test_the_pre_check_and_the_mediation_request_survive_a_restart(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb, **settings(tmp_path)) as world:
        await answer_up_to_income(world)
        await world.application.update_persistence()  # as Application.stop does
    async with offline_bot(tmp_path, kb, **settings(tmp_path)) as world:
        said = texts_to(await world.say(RESIDENT, "2400"))
        assert texts.LEGAL_AID_RESULTS["likely"] in said[0]
        assert said[-1] == texts.LEGAL_AID_ASK_FILE
        assert texts_to(await world.say(RESIDENT, "/mediate"))[0] == texts.LEGAL_AID_ENDED
        await world.say(RESIDENT, "邻里")
        await world.application.update_persistence()
    async with offline_bot(tmp_path, kb, **settings(tmp_path)) as world:
        assert texts_to(await world.say(RESIDENT, "邻居"))[-1] == texts.MEDIATE_ASK_NAME


async def test_an_unfinished_pre_check_expires_across_a_restart(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    clock = ManualClock()
    async with offline_bot(tmp_path, kb, clock=clock, **settings(tmp_path)) as world:
        await answer_up_to_income(world)
        await world.application.update_persistence()
        ttl = world.services.settings.draft_ttl
    clock.advance(seconds=ttl.total_seconds() + 60)
    async with offline_bot(tmp_path, kb, clock=clock, **settings(tmp_path)) as world:
        assert rows(world, "SELECT count(*) FROM persisted_conversations") == [(0,)]
        assert rows(world, "SELECT count(*) FROM persisted_user_data") == [(0,)]
        assert texts.LEGAL_AID_ASK_FILE not in texts_to(await world.say(RESIDENT, "2400"))


async def test_forgetting_ends_an_unfinished_pre_check(bot: OfflineBot) -> None:
    await answer_up_to_income(bot)
    summary = [c for c in await bot.say(RESIDENT, "/privacy") if c.chat_id == RESIDENT][-1]
    confirm = [c for c in await bot.tap(RESIDENT, summary, texts.BUTTON_PRIVACY_FORGET) if c.text][
        -1
    ]
    await bot.tap(RESIDENT, confirm, texts.BUTTON_PRIVACY_CONFIRM_FORGET)
    assert rows(bot, "SELECT count(*) FROM persisted_conversations") == [(0,)]
    said = texts_to(await bot.say(RESIDENT, "2400"))
    assert texts.LEGAL_AID_BAD_INCOME not in said
    assert texts.LEGAL_AID_ASK_FILE not in said


async def test_the_legal_aid_button_of_an_answer_ends_the_mediation_request(
    bot: OfflineBot,
) -> None:
    await bot.say(RESIDENT, "/mediate")
    replies = await bot.say(RESIDENT, "家里没钱请不起律师，能申请法律援助吗？")
    # The question is typed at the dispute step: the request asks again, and stays open.
    assert texts.MEDIATE_TAP in texts_to(replies)
    await bot.say(RESIDENT, "/cancel")
    replies = await bot.say(RESIDENT, "家里没钱请不起律师，能申请法律援助吗？")
    answer = next(c for c in replies if texts.BUTTON_LEGAL_AID in dict(c.buttons))
    await bot.say(RESIDENT, "/mediate")
    said = texts_to(await bot.tap(RESIDENT, answer, texts.BUTTON_LEGAL_AID))
    assert said[0] == texts.MEDIATE_ENDED
    assert said[-1] == texts.LEGAL_AID_ASK_MATTER
