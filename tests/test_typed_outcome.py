"""An adviser who types the outcome (「已解答」) instead of tapping it closes the consultation.

Found in a deployment walk: at 「咨询 #1 的处理结果是：」 the typed 「已解答」 was taken as a
question and answered 「您是不是想问：」; the consultation stayed open.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from knowledge import KnowledgeBase
from tests.offline import OfflineBot, offline_bot
from tests.test_handlers_staff import (
    ADVISER,
    OTHER_ADVISER,
    STAFF,
    open_consultation,
    register,
    reply,
    rows,
)


@pytest.fixture
async def bot(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[OfflineBot]:
    """The offline bot with an adviser of 迎凤社区 holding consultation #1."""
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as world:
        await register(world, ADVISER, "迎凤社区")
        number, _ = await open_consultation(world)
        assert await reply(world, ADVISER, f"/claim {number}") == texts.CLAIM_DONE.format(
            number=number
        )
        yield world


def status(bot: OfflineBot) -> list[tuple[object, ...]]:
    return rows(bot, "SELECT status, outcome FROM consultations")


async def test_a_typed_outcome_after_close_closes_the_consultation(bot: OfflineBot) -> None:
    asked = await reply(bot, ADVISER, "/close 1")
    assert asked == texts.CHOOSE_OUTCOME.format(number=1)
    done = await reply(bot, ADVISER, "已解答")
    assert done == texts.CLOSE_DONE.format(number=1, outcome="已解答")
    assert status(bot) == [("closed", "answered")]


async def test_a_typed_outcome_names_one_label_in_part(bot: OfflineBot) -> None:
    await reply(bot, ADVISER, "/close 1")
    done = await reply(bot, ADVISER, "转人民调解吧")
    assert done == texts.CLOSE_DONE.format(number=1, outcome="转人民调解")
    assert status(bot) == [("closed", "mediation")]


async def test_other_text_asks_for_the_outcome_again_and_cancel_keeps_it_open(
    bot: OfflineBot,
) -> None:
    await reply(bot, ADVISER, "/close 1")
    again = await reply(bot, ADVISER, "嗯嗯")
    assert again.startswith(texts.OUTCOME_NOT_UNDERSTOOD)
    assert texts.CHOOSE_OUTCOME.format(number=1) in again
    assert await reply(bot, ADVISER, "取消") == texts.CLOSE_CANCELLED.format(number=1)
    assert status(bot) == [("claimed", None)]
    # Once given up, text is no outcome: 已解答 gets the command that closes (walk5).
    said = [c.text for c in await bot.say(ADVISER, "已解答") if c.chat_id == ADVISER and c.text]
    assert texts.CLOSE_DONE.format(number=1, outcome="已解答") not in said
    assert said[-1] == texts.CASE_ACTION_HINTS["close"].format(command="/close 1")
    assert status(bot) == [("claimed", None)]


async def test_a_tapped_outcome_ends_the_typed_step(bot: OfflineBot) -> None:
    (asked,) = [c for c in await bot.say(ADVISER, "/close 1") if c.chat_id == ADVISER]
    await bot.tap(ADVISER, asked, "已解答")
    assert status(bot) == [("closed", "answered")]
    later = [c.text for c in await bot.say(ADVISER, "已解答") if c.chat_id == ADVISER]
    assert not any(text.startswith(texts.OUTCOME_NOT_UNDERSTOOD) for text in later)
    assert texts.CLOSE_DONE.format(number=1, outcome="已解答") not in later


async def test_someone_else_typing_an_outcome_closes_nothing(bot: OfflineBot) -> None:
    await register(bot, OTHER_ADVISER, "迎凤社区")
    await reply(bot, ADVISER, "/close 1")
    await bot.say(OTHER_ADVISER, "已解答")
    assert status(bot) == [("claimed", None)]


@pytest.mark.parametrize(
    ("typed", "outcome", "label"),
    [
        ("解答了", "answered", "已解答"),
        ("已经答复", "answered", "已解答"),
        ("建议他去仲裁", "arbitration_litigation", "建议仲裁或诉讼"),
        ("法援", "legal_aid", "转法律援助"),
    ],
)
async def test_an_outcome_typed_in_the_adviser_s_own_words(
    bot: OfflineBot, typed: str, outcome: str, label: str
) -> None:
    await reply(bot, ADVISER, "/close 1")
    done = await reply(bot, ADVISER, typed)
    assert done == texts.CLOSE_DONE.format(number=1, outcome=label)
    assert status(bot) == [("closed", outcome)]
