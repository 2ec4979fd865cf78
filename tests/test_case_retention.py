"""Retention and forgetting erase what a pre-application and a mediation request say of
people (income, household, the other party, the wanted outcome); the counted facts stay."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from knowledge import KnowledgeBase
from tests.clock import ManualClock
from tests.offline import OfflineBot, SentCall, offline_bot
from tests.test_handlers_case_rights import claim_card, file_pre_application, settings
from tests.test_handlers_legal_aid import LEGAL_AID
from tests.test_handlers_mediation import MEDIATOR, request
from tests.test_handlers_staff import RESIDENT, register, rows

KEPT_LEGAL_AID = (
    "SELECT matter, exempt_group, proof, household_size, monthly_income, result, outcome "
    "FROM legal_aid_applications"
)
KEPT_MEDIATION = (
    "SELECT dispute_type, other_party_relation, other_party_name, wanted, source, outcome "
    "FROM mediation_requests"
)


def close_card(bot: OfflineBot, chat_id: int) -> SentCall:
    """The last message to ``chat_id`` with a 结束 button."""
    return next(c for c in reversed(bot.sent_to(chat_id)) if texts.BUTTON_CLOSE in dict(c.buttons))


async def close(bot: OfflineBot, chat_id: int, outcome: str) -> None:
    """``chat_id`` closes the case they hold with ``outcome``."""
    before = len(bot.sent_to(chat_id))
    await bot.tap(chat_id, close_card(bot, chat_id), texts.BUTTON_CLOSE)
    offered = next(c for c in bot.sent_to(chat_id)[before:] if outcome in dict(c.buttons))
    await bot.tap(chat_id, offered, outcome)


@pytest.fixture
async def bot(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[OfflineBot]:
    """A resident's pre-application (受理) and mediation request (调解成功), both closed."""
    async with offline_bot(tmp_path, kb, clock=ManualClock(), **settings(tmp_path)) as world:
        await register(world, MEDIATOR, "迎凤社区")
        number = await file_pre_application(world)
        await world.tap(LEGAL_AID, claim_card(world, LEGAL_AID, number), texts.BUTTON_CLAIM)
        await close(world, LEGAL_AID, "受理")
        await request(world, name="张三")
        ((mediation,),) = rows(world, "SELECT id FROM consultations WHERE kind = 'mediation'")
        assert isinstance(mediation, int)
        await world.tap(MEDIATOR, claim_card(world, MEDIATOR, mediation), texts.BUTTON_CLAIM)
        await close(world, MEDIATOR, "调解成功")
        assert rows(world, "SELECT status FROM consultations") == [("closed",), ("closed",)]
        assert rows(world, KEPT_LEGAL_AID) == [
            ("labour", "none", "none", 3, 1200, "likely", "accepted")
        ]
        assert rows(world, KEPT_MEDIATION) == [
            ("邻里", "邻居", "张三", "对方拆除堵住通道的围墙", "申请", "success")
        ]
        yield world


def assert_erased_and_counted(bot: OfflineBot) -> None:
    """The answers about people are gone; what the ledger counts is as it was."""
    assert rows(bot, KEPT_LEGAL_AID) == [
        ("labour", "none", "none", None, None, "likely", "accepted")
    ]
    assert rows(bot, KEPT_MEDIATION) == [("邻里", None, None, None, "申请", "success")]
    summaries = rows(bot, "SELECT kind, summary, outcome FROM consultations ORDER BY id")
    assert summaries == [("legal_aid", "-", "legal_aid"), ("mediation", "-", "mediation")]


async def test_the_retention_job_erases_the_case_answers(bot: OfflineBot) -> None:
    bot.clock.advance(days=bot.services.settings.retention_days - 1)
    await bot.run_job("retention")
    assert rows(bot, "SELECT count(*) FROM legal_aid_applications WHERE monthly_income = 1200")
    bot.clock.advance(days=2)
    await bot.run_job("retention")
    assert_erased_and_counted(bot)


async def test_forgetting_erases_the_case_answers(bot: OfflineBot) -> None:
    await bot.services.privacy.forget(RESIDENT)
    assert_erased_and_counted(bot)
    assert rows(bot, f"SELECT count(*) FROM consultations WHERE resident_id = {RESIDENT}") == [(0,)]


async def test_privacy_says_what_the_case_answers_are_and_when_they_go(bot: OfflineBot) -> None:
    (summary,) = [c for c in await bot.say(RESIDENT, "/privacy") if c.chat_id == RESIDENT]
    days = bot.services.settings.retention_days
    assert texts.PRIVACY_CASES_NOTE.format(count=2, days=days) in summary.text
    # Neither is under the archive hold: they go when the resident asks.
    assert "存档保留" not in summary.text
