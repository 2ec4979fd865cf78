"""The office's ledger sheets (法律咨询台账, 法律顾问工作日志, 年度工作汇总), read back.

Known data goes in through the offline bot (real handlers, a real SQLite file): a resident's
question to the bot, one consultation through the bot handled over two days, and /log entries
by two advisers and staff; every sheet's counts are asserted exactly.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.reports import build_xlsx
from bot.texts.reports import OFFICE_LEDGER, SHEETS
from knowledge import KnowledgeBase
from tests.offline import OfflineBot, offline_bot

STAFF, ADVISER, OTHER_ADVISER, RESIDENT = 9001, 6001, 6002, 5001


@pytest.fixture
async def bot(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[OfflineBot]:
    """The seeded month (November 2026)."""
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as world:
        await world.register_adviser(STAFF, ADVISER, "迎凤社区")
        await world.register_adviser(STAFF, OTHER_ADVISER, "迎凤社区")
        await world.say(RESIDENT, "公司拖欠工资怎么办")  # one self-service 人次
        opened = await world.consultations.open_consultation(
            RESIDENT, "yingfeng", "labor", "公司拖欠三个月工资，电话13812345678", consent=False
        )
        number = opened.consultation.id
        await world.consultations.claim(ADVISER, number)
        await world.say(ADVISER, f"/reply {number} 请先保存好考勤记录")
        world.clock.advance(days=1)
        await world.consultations.close(ADVISER, number, "legal_aid")
        for user, line in (
            (ADVISER, "/log 电话 婚姻 已解答 离婚后孩子抚养费怎么算"),
            (ADVISER, "/log 电话 刑事 已解答 被电信诈骗了怎么报案"),
            (OTHER_ADVISER, "/log 来访 邻里 转人民调解 邻居漏水"),
            (STAFF, "/log 信函 行政 转信访或其他部门 对征收决定不服"),
        ):
            await world.say(user, line)
        yield world


async def workbook(bot: OfflineBot) -> Any:
    """Build the month's workbook as /export does and load it back."""
    services = bot.services
    period = services.stats.period("2026年11月")
    report = await services.stats.summary(period)
    rows = await services.stats.consultation_rows(period)
    worklog = await services.worklog.entries(period)
    return load_workbook(io.BytesIO(build_xlsx(report, rows, worklog).data))


def values(sheet: Worksheet) -> list[list[Any]]:
    """Every row's values, trailing empty cells dropped."""
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = list(row)
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(cells)
    return rows


async def test_consultation_ledger_has_one_row_per_consultation(bot: OfflineBot) -> None:
    sheet = (await workbook(bot))[SHEETS["consultation_ledger"]]
    rows = values(sheet)
    assert rows[0] == ["嘉祥街道法律咨询台账（2026年11月）"]
    assert tuple(rows[1]) == OFFICE_LEDGER.ledger_header
    body = [row[1:] for row in rows[2:]]
    assert body == [
        [1, "2026年11月25日", "迎凤社区", "网络（顾问在线）", "民事", "劳动社保",
         "公司拖欠三个月工资，电话＊＊", "转法律援助", "已办结", "用户"],
        [2, "2026年11月26日", "迎凤社区", "电话", "民事", "婚姻家庭",
         "离婚后孩子抚养费怎么算", "已解答", "已办结", "用户"],
        [3, "2026年11月26日", "迎凤社区", "电话", "刑事", "刑事治安",
         "被电信诈骗了怎么报案", "已解答", "已办结", "用户"],
        [4, "2026年11月26日", "迎凤社区", "来访", "民事", "邻里纠纷",
         "邻居漏水", "转人民调解", "已办结", "用户"],
        [5, "2026年11月26日", "街道司法所", "信函", "行政", "行政争议",
         "对征收决定不服", "转信访或其他部门", "已办结", "工作人员（ID 9001）"],
    ]  # fmt: skip
    assert [row[0] for row in rows[2:]] == [1, 2, 3, 4, 5]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$1:$2"


async def test_worklog_has_a_block_per_adviser_and_month(bot: OfflineBot) -> None:
    sheet = (await workbook(bot))[SHEETS["worklog"]]
    rows = [row for row in values(sheet) if row]
    assert rows[0] == ["嘉祥街道法律顾问工作日志（2026年11月）"]
    assert rows[1] == [OFFICE_LEDGER.worklog_note]
    blocks = [row[0] for row in rows if isinstance(row[0], str) and row[0].startswith("法律顾问：")]
    assert blocks == [
        "法律顾问：用户　　2026年11月　　共 4 条",
        "法律顾问：用户　　2026年11月　　共 1 条",
        "法律顾问：工作人员（ID 9001）　　2026年11月　　共 1 条",
    ]
    lines = [row for row in rows if isinstance(row[0], int)]
    assert lines == [
        [1, "2026年11月25日", "迎凤社区", "劳动社保：公司拖欠三个月工资，电话＊＊", "线上",
         "已答复，继续跟进"],
        [2, "2026年11月26日", "迎凤社区", "劳动社保：公司拖欠三个月工资，电话＊＊", "线上",
         "转法律援助"],
        [3, "2026年11月26日", "迎凤社区", "婚姻家庭：离婚后孩子抚养费怎么算", "电话", "已解答"],
        [4, "2026年11月26日", "迎凤社区", "刑事治安：被电信诈骗了怎么报案", "电话", "已解答"],
        [1, "2026年11月26日", "迎凤社区", "邻里纠纷：邻居漏水", "面谈", "转人民调解"],
        [1, "2026年11月26日", "街道司法所", "行政争议：对征收决定不服", "书面",
         "转信访或其他部门"],
    ]  # fmt: skip
    assert sheet.page_setup.orientation == "portrait"


async def test_yearly_summary_follows_the_report_order(bot: OfflineBot) -> None:
    sheet = (await workbook(bot))[SHEETS["yearly"]]
    rows = values(sheet)
    assert rows[0] == ["嘉祥街道公共法律服务工作汇总（2026年11月）"]
    table = [row for row in rows[2:] if row and not str(row[0]).startswith(("注", "　"))]
    assert table == [
        ["一、法律咨询"],
        ["提供法律咨询", 6, "人次"],
        ["  其中：来访", 1, "人次"],
        ["  其中：电话", 2, "人次"],
        ["  其中：信函", 1, "人次"],
        ["  其中：网络（机器人）", 1, "人次"],
        ["  其中：网络（顾问在线）", 1, "人次"],
        ["  按案件类型：民事", 3, "件"],
        ["  按案件类型：刑事", 1, "件"],
        ["  按案件类型：行政", 1, "件"],
        ["  按案件类型：其他", 0, "件"],
        ["二、法律援助"],
        ["法律援助预申请", 0, "件"],  # the consultation closed as 转法律援助 is not one
        ["申请人", 0, "人"],
        ["三、人民调解"],
        ["排查调处矛盾纠纷", 0, "件"],  # nor is the /log entry closed as 转人民调解
        ["  其中：申请", 0, "件"],
        ["  其中：排查", 0, "件"],
        ["  其中：移交", 0, "件"],
        ["调解成功", 0, "件"],
        ["四、法律顾问工作"],
        ["工作日志记录", 6, "条"],
        ["  其中：线上", 2, "条"],
        ["  其中：电话", 2, "条"],
        ["  其中：面谈", 1, "条"],
        ["  其中：书面", 1, "条"],
        ["记录工作日志的法律顾问", 3, "人"],
    ]
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True


async def test_export_sends_the_workbook_with_the_office_sheets(bot: OfflineBot) -> None:
    calls = await bot.say(STAFF, "/export 2026年11月")
    documents = [c for c in calls if c.method == "sendDocument"]
    assert len(documents) == 2
