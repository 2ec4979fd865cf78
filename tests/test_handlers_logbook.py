"""/log through ``process_update`` against an offline bot: recorded consultations and tallies."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from bot.services.logbook import usage_text
from bot.texts.reports import channel_label
from knowledge import KnowledgeBase
from tests.offline import OfflineBot, SentCall, offline_bot

STAFF, ADVISER, RESIDENT = 9001, 6001, 5001


@pytest.fixture
async def bot(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[OfflineBot]:
    """The offline bot with one staff member and an adviser of 迎凤社区 registered."""
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as world:
        await world.register_adviser(STAFF, ADVISER, "迎凤社区")
        yield world


def stored(bot: OfflineBot) -> list[tuple[object, ...]]:
    """The consultations as (channel, category, outcome, status, community, adviser, summary)."""
    with sqlite3.connect(bot.services.settings.db_path) as conn:
        return [
            tuple(row)
            for row in conn.execute(
                "SELECT channel, category, outcome, status, community_id, adviser_id, summary "
                "FROM consultations ORDER BY id"
            )
        ]


async def reply(bot: OfflineBot, user_id: int, content: str) -> str:
    """``user_id`` sends ``content``; return the one message the bot answered them with."""
    sent = [c for c in await bot.say(user_id, content) if c.chat_id == user_id]
    assert len(sent) == 1, [c.text for c in sent]
    return sent[0].text


async def test_one_line_records_a_closed_consultation_of_its_channel(bot: OfflineBot) -> None:
    answer = await reply(bot, ADVISER, "/log 电话 劳动 已解答 工资被拖欠两个月，电话13812345678")
    assert answer.startswith("已登记第 1 号咨询：电话　劳动社保")
    assert "13812345678" not in answer
    ((channel, category, outcome, status, community, adviser, summary),) = stored(bot)
    assert (channel, category, outcome, status, community, adviser) == (
        "phone",
        "labor",
        "answered",
        "closed",
        "yingfeng",
        ADVISER,
    )
    assert isinstance(summary, str)
    assert summary.startswith("工资被拖欠两个月")
    assert "13812345678" not in summary


async def test_staff_entries_and_every_alias_are_accepted(bot: OfflineBot) -> None:
    await reply(bot, STAFF, "/log 来访 婚姻家庭 转人民调解 夫妻分居后财产怎么分")
    await reply(bot, ADVISER, "/log 来信 administrative 信访 对征收决定不服")
    await reply(bot, ADVISER, "/log 面谈 宅基地 调解 宅基地界线争议")
    assert [row[:5] for row in stored(bot)] == [
        ("visit", "marriage_family", "mediation", "closed", "office"),
        ("letter", "administrative", "petition_other", "closed", "yingfeng"),
        ("visit", "land_housing", "mediation", "closed", "yingfeng"),
    ]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("/log 微信 劳动 已解答 工资", texts.LOG_INVALID["channel"].format(value="微信")),
        ("/log 电话 天气 已解答 工资", texts.LOG_INVALID["category"].format(value="天气")),
        ("/log 电话 劳动 搞定 工资", texts.LOG_INVALID["outcome"].format(value="搞定")),
        ("/log 电话 劳动 已解答", texts.LOG_INVALID["summary"]),
        ("/log 电话", texts.LOG_MISSING["category"]),
    ],
)
async def test_bad_lines_are_explained_and_record_nothing(
    bot: OfflineBot, line: str, problem: str
) -> None:
    answer = await reply(bot, ADVISER, line)
    assert answer == f"{problem}\n\n{usage_text()}"
    assert stored(bot) == []


async def test_a_resident_may_not_record(bot: OfflineBot) -> None:
    assert await reply(bot, RESIDENT, "/log 电话 劳动 已解答 工资被拖欠") == texts.NOT_AN_ADVISER
    assert stored(bot) == []


async def test_a_redelivered_log_records_once(bot: OfflineBot) -> None:
    update = bot.text_update(ADVISER, "/log 电话 劳动 已解答 工资被拖欠两个月")
    await bot.send(update)
    again = [c.text for c in await bot.send(update) if c.chat_id == ADVISER]
    assert again == [texts.LOG_ALREADY.format(number=1)]
    assert len(stored(bot)) == 1


async def test_recorded_consultations_count_by_channel_without_timings(bot: OfflineBot) -> None:
    await reply(bot, ADVISER, "/log 电话 劳动 已解答 工资被拖欠两个月")
    await reply(bot, ADVISER, "/log 电话 劳动 已解答 加班费怎么算")
    await reply(bot, STAFF, "/log 信函 刑事 其他 被骗了怎么办")
    await bot.consultations.open_consultation(
        RESIDENT, "yingfeng", "labor", "公司拖欠三个月工资", consent=False
    )
    report = await bot.services.stats.summary("month")
    assert report.consultations.total == 4
    assert report.legal_consultation_person_times == 4
    assert {c.key: c.count for c in report.by_channel} == {
        "visit": 0,
        "phone": 2,
        "letter": 1,
        "bot": 0,
        "telegram": 1,
    }
    assert [channel_label(c.key) for c in report.by_channel] == [
        "来访",
        "电话",
        "信函",
        "网络（机器人）",
        "网络（顾问在线）",
    ]
    assert report.consultations.claimed == 0
    assert report.consultations.median_hours_to_close is None
    assert report.backlog.active == 1


# --- the tapped /log -------------------------------------------------------------------------


async def prompt(bot: OfflineBot, user_id: int) -> SentCall:
    """``user_id`` sends /log alone; return the message with the channel buttons."""
    (card,) = [c for c in await bot.say(user_id, "/log") if c.chat_id == user_id]
    assert card.text == texts.LOG_CHOOSE["channel"]
    return card


async def test_taps_then_a_typed_summary_record_one_entry(bot: OfflineBot) -> None:
    card = await prompt(bot, ADVISER)
    (edited,) = [c for c in await bot.tap(ADVISER, card, "来访") if c.method == "editMessageText"]
    assert "劳动社保" in dict(edited.buttons)
    (edited,) = [
        c for c in await bot.tap(ADVISER, edited, "劳动社保") if c.method == "editMessageText"
    ]
    assert "转人民调解" in dict(edited.buttons)
    (edited,) = [
        c for c in await bot.tap(ADVISER, edited, "已解答") if c.method == "editMessageText"
    ]
    assert edited.text == texts.LOG_TYPE_SUMMARY.format(done="来访　劳动社保　已解答")
    assert edited.buttons == []
    answer = await reply(bot, ADVISER, "工地欠薪，身份证110101199003071234")
    assert answer.startswith("已登记第 1 号咨询：来访　劳动社保")
    ((channel, category, outcome, status, _, _, summary),) = stored(bot)
    assert (channel, category, outcome, status) == ("visit", "labor", "answered", "closed")
    assert "110101199003071234" not in str(summary)
    # The draft is gone: the next text is a question to the knowledge base again.
    assert not (await reply(bot, ADVISER, "工资被拖欠怎么办")).startswith("已登记")
    assert len(stored(bot)) == 1


async def test_typing_the_rest_after_a_tap_and_fixing_a_bad_part(bot: OfflineBot) -> None:
    card = await prompt(bot, STAFF)
    await bot.tap(STAFF, card, "电话")
    bad = await reply(bot, STAFF, "天气 已解答 下雨")
    assert bad.startswith(texts.LOG_INVALID["category"].format(value="天气"))
    assert stored(bot) == []
    assert (await reply(bot, STAFF, "邻里 调解 楼上漏水")).startswith("已登记第 1 号咨询：电话")
    assert [row[:3] for row in stored(bot)] == [("phone", "neighbor", "mediation")]


async def test_cancel_drops_the_draft(bot: OfflineBot) -> None:
    card = await prompt(bot, ADVISER)
    await bot.tap(ADVISER, card, "信函")
    assert await reply(bot, ADVISER, texts.LOG_CANCEL_WORD) == texts.LOG_CANCELLED
    assert stored(bot) == []


async def test_forged_and_stale_presses_record_nothing(bot: OfflineBot) -> None:
    card = await prompt(bot, ADVISER)
    # A resident pressing a /log button (their own copy, forged data) is refused.
    await bot.send(bot.press(RESIDENT, card, "2|log|channel|phone"))
    # An adviser: a value that is no channel, a step out of order, a malformed step.
    await bot.send(bot.press(ADVISER, card, "2|log|channel|email"))
    await bot.send(bot.press(ADVISER, card, "2|log|outcome|answered"))
    await bot.send(bot.press(ADVISER, card, "2|log|x|phone"))
    assert bot.answers() == [
        texts.NOT_AN_ADVISER,
        texts.STALE_BUTTON,
        texts.STALE_BUTTON,
        texts.STALE_BUTTON,
    ]
    assert not [c for c in bot.calls if c.method == "editMessageText"]
    # Without /log first, a channel button is stale too.
    await bot.send(bot.press(STAFF, card, "2|log|channel|phone"))
    assert bot.answers()[-1] == texts.STALE_BUTTON
    assert stored(bot) == []


@pytest.mark.parametrize(
    ("line", "missing"),
    [("/log 信函 宅基地", "outcome"), ("/log 电话", "category"), ("/log 调解 排查", "dispute")],
)
async def test_a_line_that_stops_early_names_the_part_it_lacks(
    bot: OfflineBot, line: str, missing: str
) -> None:
    # The walk (w14): 「没有“”这个处理结果。」 for a line with no outcome at all.
    answer = await reply(bot, STAFF, line)
    assert answer.startswith(texts.LOG_MISSING[missing]), answer
    assert "“”" not in answer
    assert stored(bot) == []


async def test_an_amount_for_a_consultation_says_it_is_no_successful_mediation(
    bot: OfflineBot,
) -> None:
    await reply(bot, STAFF, "/log 电话 劳动 已解答 工资被拖欠两个月")
    # The walk (w14): 「输入有误，请检查后再试。」
    assert await reply(bot, STAFF, "/amount 1 5000") == texts.AMOUNT_NOT_SUCCESS.format(number=1)
    await reply(bot, STAFF, "/log 调解 排查 邻里 调解成功 两户因漏水争执已调解")
    too_large = await reply(bot, STAFF, "/amount 2 900000000")
    assert too_large.startswith("未登记：协议金额最多"), too_large
    assert (await reply(bot, STAFF, "/amount 2 5000")).startswith("调解 #2 的协议金额已登记")


@pytest.mark.parametrize(("typed", "yuan"), [("2万", 20000), ("1.5万元", 15000), ("两万", 20000)])
async def test_an_agreement_amount_is_read_as_an_office_writes_it(
    bot: OfflineBot, typed: str, yuan: int
) -> None:
    await reply(bot, STAFF, "/log 调解 排查 邻里 调解成功 两户因漏水争执已调解")
    # The walk (w19): 「/amount 2 2万」 got the usage.
    done = await reply(bot, STAFF, f"/amount 1 {typed}")
    assert done == texts.AMOUNT_DONE.format(number=1, amount=yuan)
    assert await reply(bot, STAFF, "/amount 1 2万多") == texts.AMOUNT_USAGE  # no agreement's sum
