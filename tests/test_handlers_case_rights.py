"""Who may take a legal-aid pre-application or a mediation request (offline), on every update."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot import texts
from knowledge import KnowledgeBase
from tests.offline import OfflineBot, SentCall, offline_bot
from tests.test_handlers_legal_aid import LEGAL_AID, answer_up_to_income, last
from tests.test_handlers_mediation import MEDIATOR, communities_file, request
from tests.test_handlers_staff import ADVISER, RESIDENT, STAFF, register, rows

DUTY = 6300


def settings(tmp_path: Path, *, committee: bool = True, office: bool = False) -> dict[str, Any]:
    """Legal-aid staff, a standard, and 迎凤社区's committee and/or the office's mediators."""
    return {
        "staff_ids": frozenset({STAFF}),
        "legal_aid_ids": frozenset({LEGAL_AID}),
        "legal_aid_income_standard": 1000,
        "communities_file": communities_file(tmp_path, committee=committee, office=office),
    }


async def file_pre_application(bot: OfflineBot) -> int:
    """The resident files a pre-application for 迎凤社区; return its number."""
    await answer_up_to_income(bot)
    ask = last(await bot.say(RESIDENT, "1200"))
    await bot.tap(RESIDENT, ask, texts.LEGAL_AID_BUTTON_FILE)
    await bot.say(RESIDENT, "迎凤社区")
    ((number,),) = rows(bot, "SELECT id FROM consultations WHERE kind = 'legal_aid'")
    assert isinstance(number, int)
    return number


def claim_card(bot: OfflineBot, chat_id: int, number: int) -> SentCall:
    """The last message to ``chat_id`` about ``number`` with a 接单 button."""
    return next(
        c
        for c in reversed(bot.sent_to(chat_id))
        if f"#{number}" in c.text and texts.BUTTON_CLAIM in dict(c.buttons)
    )


def holder(bot: OfflineBot, number: int) -> object:
    """Who holds ``number`` (``None`` while it waits)."""
    ((adviser_id,),) = rows(bot, f"SELECT adviser_id FROM consultations WHERE id = {number}")
    return adviser_id


async def test_only_the_legal_aid_staff_take_a_pre_application(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb, **settings(tmp_path)) as bot:
        await register(bot, ADVISER, "迎凤社区")
        number = await file_pre_application(bot)
        card = claim_card(bot, LEGAL_AID, number)
        # The community's adviser: by command, by the button (pressed on a forwarded card).
        await bot.say(ADVISER, f"/claim {number}")
        await bot.send(bot.press(ADVISER, card, dict(card.buttons)[texts.BUTTON_CLAIM]))
        await bot.say(ADVISER, f"/reply {number} 我来答")
        # Staff of the office are no legal-aid staff either.
        await bot.say(STAFF, f"/claim {number}")
        assert holder(bot, number) is None
        assert not any("我来答" in c.text for c in bot.sent_to(RESIDENT))
        # Their queues do not offer it; the legal-aid staff's does.
        assert not any(f"#{number}" in c.text for c in await bot.say(ADVISER, "/queue"))
        assert not any(f"#{number}" in c.text for c in await bot.say(STAFF, "/queue"))
        assert any(f"#{number}" in c.text for c in await bot.say(LEGAL_AID, "/queue"))
        await bot.tap(LEGAL_AID, card, texts.BUTTON_CLAIM)
        assert holder(bot, number) == LEGAL_AID


async def test_only_the_committee_takes_its_mediation_request(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb, **settings(tmp_path)) as bot:
        await register(bot, ADVISER, "迎凤社区")
        await register(bot, MEDIATOR, "迎凤社区")
        await request(bot)
        ((number,),) = rows(bot, "SELECT id FROM consultations WHERE kind = 'mediation'")
        assert isinstance(number, int)
        card = claim_card(bot, MEDIATOR, number)
        data = dict(card.buttons)[texts.BUTTON_CLAIM]
        for intruder in (ADVISER, STAFF, LEGAL_AID):
            await bot.say(intruder, f"/claim {number}")
            await bot.send(bot.press(intruder, card, data))
            assert not any(f"#{number}" in c.text for c in await bot.say(intruder, "/queue"))
        assert holder(bot, number) is None
        assert any(f"#{number}" in c.text for c in await bot.say(MEDIATOR, "/queue"))
        await bot.send(bot.press(MEDIATOR, card, data))
        assert holder(bot, number) == MEDIATOR


async def test_without_mediators_the_duty_adviser_takes_a_mediation_request(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb, **settings(tmp_path, committee=False)) as bot:
        await register(bot, ADVISER, "迎凤社区")
        await request(bot)
        ((number,),) = rows(bot, "SELECT id FROM consultations WHERE kind = 'mediation'")
        assert isinstance(number, int)
        await bot.say(ADVISER, f"/claim {number}")
        assert holder(bot, number) is None
        assert any(f"#{number}" in c.text for c in await bot.say(STAFF, "/queue"))
        await bot.say(STAFF, f"/claim {number}")
        assert holder(bot, number) == STAFF
