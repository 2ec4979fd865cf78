"""/worklog through ``process_update`` against an offline bot: entries from chats and /log."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot import texts
from bot.reports import build_xlsx
from bot.texts.reports import SHEETS
from knowledge import KnowledgeBase
from tests.offline import OfflineBot, offline_bot

STAFF, ADVISER, OTHER_ADVISER, RESIDENT = 9001, 6001, 6002, 5001


@pytest.fixture
async def bot(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[OfflineBot]:
    """Two advisers; ADVISER handles a chat over two days and records two /log entries."""
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as world:
        await world.register_adviser(STAFF, ADVISER, "迎凤社区")
        await world.register_adviser(STAFF, OTHER_ADVISER, "迎凤社区")
        opened = await world.consultations.open_consultation(
            RESIDENT, "yingfeng", "labor", "公司拖欠三个月工资，我的电话13812345678", consent=False
        )
        number = opened.consultation.id
        await world.consultations.claim(ADVISER, number)  # Wednesday 25 November
        await world.say(ADVISER, f"/reply {number} 请先保存好考勤记录")
        await world.say(ADVISER, f"/reply {number} 还有工资条")  # same day: one entry
        world.clock.advance(days=1)
        await world.say(ADVISER, f"/reply {number} 可以申请劳动仲裁")
        await world.consultations.close(ADVISER, number, "arbitration_litigation")
        await world.say(ADVISER, "/log 电话 婚姻 已解答 离婚后孩子抚养费怎么算")
        await world.say(OTHER_ADVISER, "/log 来访 邻里 转人民调解 邻居漏水")
        yield world


async def reply(bot: OfflineBot, user_id: int, content: str) -> str:
    """``user_id`` sends ``content``; return the one message the bot answered them with."""
    sent = [c for c in await bot.say(user_id, content) if c.chat_id == user_id]
    assert len(sent) == 1, [c.text for c in sent]
    return sent[0].text


async def test_an_adviser_reads_one_entry_per_matter_and_day(bot: OfflineBot) -> None:
    lines = (await reply(bot, ADVISER, "/worklog 11月")).splitlines()
    assert lines[0].startswith("法律顾问工作日志（")
    assert lines[0].endswith("，2026年11月）：共 3 条")
    assert lines[1:] == [
        "2026年11月25日　迎凤社区　线上　劳动社保：公司拖欠三个月工资，我的电话＊＊　→ "
        + texts.WORKLOG_REPLIED,
        "2026年11月26日　迎凤社区　线上　劳动社保：公司拖欠三个月工资，我的电话＊＊　→ "
        "建议仲裁或诉讼",
        "2026年11月26日　迎凤社区　电话　婚姻家庭：离婚后孩子抚养费怎么算　→ 已解答",
    ]


async def test_default_is_this_month_and_other_months_are_empty(bot: OfflineBot) -> None:
    assert (await reply(bot, ADVISER, "/worklog")).splitlines()[0].endswith("共 3 条")
    assert "本期间暂无记录" in await reply(bot, ADVISER, "/worklog 10月")


async def test_staff_name_an_adviser_advisers_only_themselves(bot: OfflineBot) -> None:
    (title, line) = (await reply(bot, STAFF, f"/worklog 本月 {OTHER_ADVISER}")).splitlines()
    assert title.endswith("共 1 条")
    assert line.endswith("面谈　邻里纠纷：邻居漏水　→ 转人民调解")
    assert await reply(bot, ADVISER, f"/worklog 本月 {OTHER_ADVISER}") == texts.WORKLOG_OWN_ONLY
    assert await reply(bot, STAFF, "/worklog 本月 无此人") == (
        texts.WORKLOG_UNKNOWN_ADVISER.format(name="无此人")
    )


async def test_residents_and_bad_months_are_refused(bot: OfflineBot) -> None:
    assert await reply(bot, RESIDENT, "/worklog") == texts.NOT_AN_ADVISER
    assert await reply(bot, ADVISER, "/worklog 十三月") == texts.WORKLOG_USAGE


async def test_a_matter_across_two_months_leaves_one_block_per_month(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as world:
        await world.register_adviser(STAFF, ADVISER, "迎凤社区")
        world.clock.advance(days=5)  # Monday 30 November
        opened = await world.consultations.open_consultation(
            RESIDENT, "yingfeng", "labor", "公司拖欠三个月工资", consent=False
        )
        number = opened.consultation.id
        await world.consultations.claim(ADVISER, number)
        await world.say(ADVISER, "/log 电话 婚姻 已解答 离婚后孩子抚养费怎么算")  # matter 2
        world.clock.advance(days=1)  # Tuesday 1 December
        await world.say(ADVISER, f"/reply {number} 可以申请劳动仲裁")
        period = world.services.stats.period("2026年11月至12月")
        entries = await world.services.worklog.entries(period)
        # By adviser, then day, then matter: matter 2 of 30 November before matter 1's reply.
        assert [(e.day.isoformat(), e.number) for e in entries] == [
            ("2026-11-30", 1),
            ("2026-11-30", 2),
            ("2026-12-01", 1),
        ]
        report = await world.services.stats.summary(period)
        book = load_workbook(io.BytesIO(build_xlsx(report, [], entries).data))
        blocks = [
            row[0]
            for row in book[SHEETS["worklog"]].iter_rows(values_only=True)
            if isinstance(row[0], str) and row[0].startswith("法律顾问：")
        ]
        assert blocks == [
            "法律顾问：用户　　2026年11月　　共 2 条",
            "法律顾问：用户　　2026年12月　　共 1 条",
        ]
