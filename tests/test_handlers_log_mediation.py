"""/log 调解: mediators and staff enter cases found by screening (排查) or transferred (移交).

Through the real application (offline): typed and tapped entries, bad input, roles on every
update (buttons too), and exact counts in the 人民调解 and summary sheets and /stats.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot import texts
from bot.reports import build_xlsx, format_report_text
from bot.services import MediationRequest
from bot.services.logbook import usage_text
from bot.texts.reports import SHEETS
from knowledge import KnowledgeBase
from tests.offline import OfflineBot, SentCall, offline_bot
from tests.test_handlers_logbook import reply
from tests.test_handlers_mediation import MEDIATOR, OFFICE_MEDIATOR, communities_file

STAFF, ADVISER, RESIDENT = 9001, 6001, 5001
LINE = "/log 调解 排查 邻里 调解成功 两户因漏水争执已调解，电话13812345678"


@pytest.fixture
async def bot(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[OfflineBot]:
    """迎凤社区's committee mediator, the office's mediator, staff and a plain adviser."""
    path = communities_file(tmp_path, committee=True, office=True)
    async with offline_bot(
        tmp_path, kb, staff_ids=frozenset({STAFF}), communities_file=path
    ) as world:
        await world.register_adviser(STAFF, ADVISER, "迎凤社区")
        yield world


def cases(bot: OfflineBot) -> list[tuple[Any, ...]]:
    """Every case as (kind, channel, community, adviser, status, outcome, source, mediation
    outcome, dispute type)."""
    with sqlite3.connect(bot.services.settings.db_path) as conn:
        return [
            tuple(row)
            for row in conn.execute(
                "SELECT c.kind, c.channel, c.community_id, c.adviser_id, c.status, c.outcome,"
                " m.source, m.outcome, m.dispute_type"
                " FROM consultations AS c LEFT JOIN mediation_requests AS m"
                " ON m.consultation_id = c.id ORDER BY c.id"
            )
        ]


async def test_a_mediator_enters_a_screened_case_in_one_line(bot: OfflineBot) -> None:
    answer = await reply(bot, MEDIATOR, LINE)
    assert answer.startswith("已登记第 1 号人民调解案件：排查　邻里纠纷　调解成功")
    assert "13812345678" not in answer
    assert texts.LOG_MEDIATION_AMOUNT.format(number=1) in answer
    assert cases(bot) == [
        ("mediation", "screening", "yingfeng", MEDIATOR, "closed", "mediation", "排查",
         "success", "邻里"),
    ]  # fmt: skip
    # The agreement amount goes on with /amount, as for a request from the bot.
    await bot.say(MEDIATOR, "/amount 1 5000")
    with sqlite3.connect(bot.services.settings.db_path) as conn:
        assert conn.execute("SELECT agreement_amount FROM mediation_requests").fetchall() == [
            (5000,)
        ]


async def test_office_mediators_and_staff_enter_transferred_cases(bot: OfflineBot) -> None:
    await reply(bot, OFFICE_MEDIATOR, "/log 调解 移交 债务 调解不成 欠款纠纷双方分歧大")
    await reply(bot, STAFF, "/log 人民调解 转交 婚姻家庭 申请司法确认 离婚财产分割协议")
    assert [row[:3] + row[5:] for row in cases(bot)] == [
        ("mediation", "transfer", "office", "mediation", "移交", "failed", "债务"),
        ("mediation", "transfer", "office", "mediation", "移交", "judicial_confirmation",
         "婚姻家庭"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("/log 调解 申请 邻里 调解成功 漏水", texts.LOG_INVALID["source"].format(value="申请")),
        ("/log 调解 排查 天气 调解成功 漏水", texts.LOG_INVALID["dispute"].format(value="天气")),
        (
            "/log 调解 排查 邻里 搞定 漏水",
            texts.LOG_INVALID["mediation_outcome"].format(value="搞定"),
        ),
        ("/log 调解 排查 邻里 调解成功", texts.LOG_INVALID["summary"]),
        ("/log 调解", texts.LOG_MISSING["source"]),
    ],
)
async def test_bad_lines_are_explained_and_enter_nothing(
    bot: OfflineBot, line: str, problem: str
) -> None:
    answer = await reply(bot, MEDIATOR, line)
    disputes = bot.services.logbook.dispute_types
    assert answer == f"{problem}\n\n{usage_text(disputes)}"
    assert "/log 调解 案件来源 纠纷类型 调解结果 案情摘要" in answer
    assert cases(bot) == []


async def test_only_mediators_and_staff_may_enter_cases(bot: OfflineBot) -> None:
    assert await reply(bot, ADVISER, LINE) == texts.LOG_MEDIATION_NOT_ALLOWED
    assert await reply(bot, RESIDENT, LINE) == texts.NOT_AN_ADVISER
    # An adviser's usage does not offer the mediation form.
    bad = await reply(bot, ADVISER, "/log 微信 劳动 已解答 工资")
    assert "/log 调解" not in bad
    # The office's mediator, who is no adviser, may not record consultations.
    assert await reply(bot, OFFICE_MEDIATOR, "/log 电话 劳动 已解答 工资") == texts.NOT_AN_ADVISER
    assert cases(bot) == []


async def test_a_redelivered_entry_counts_once(bot: OfflineBot) -> None:
    update = bot.text_update(MEDIATOR, LINE)
    await bot.send(update)
    again = [c.text for c in await bot.send(update) if c.chat_id == MEDIATOR]
    assert again == [texts.LOG_ALREADY.format(number=1)]
    assert len(cases(bot)) == 1


# --- the tapped /log 调解 ----------------------------------------------------------------------


async def card(bot: OfflineBot, user_id: int) -> SentCall:
    """``user_id`` sends /log alone; return the message with the channel buttons."""
    (sent,) = [c for c in await bot.say(user_id, "/log") if c.chat_id == user_id]
    assert sent.text == texts.LOG_CHOOSE["channel"]
    return sent


def edited(calls: list[SentCall]) -> SentCall:
    """The one edited message among ``calls``."""
    (edit,) = [c for c in calls if c.method == "editMessageText"]
    return edit


async def test_taps_enter_a_case(bot: OfflineBot) -> None:
    start = await card(bot, OFFICE_MEDIATOR)
    assert [label for label, _ in start.buttons][-2:] == list(texts.LOG_MEDIATION_CHANNELS.values())
    step = edited(await bot.tap(OFFICE_MEDIATOR, start, texts.LOG_MEDIATION_CHANNELS["transfer"]))
    assert step.text.startswith("已选：移交纠纷（调解）\n请选择纠纷类型")
    assert [label for label, _ in step.buttons] == list(bot.services.logbook.dispute_types)
    step = edited(await bot.tap(OFFICE_MEDIATOR, step, "土地宅基地"))
    assert [label for label, _ in step.buttons] == [
        "调解成功",
        "调解不成",
        "转诉讼/仲裁",
        "申请司法确认",
    ]
    step = edited(await bot.tap(OFFICE_MEDIATOR, step, "调解成功"))
    assert step.text == texts.LOG_MEDIATION_TYPE_SUMMARY.format(
        done="移交纠纷（调解）　土地宅基地　调解成功"
    )
    answer = await reply(bot, OFFICE_MEDIATOR, "宅基地界线争议，已签协议")
    assert answer.startswith("已登记第 1 号人民调解案件：移交　土地宅基地纠纷　调解成功")
    assert [row[6:] for row in cases(bot)] == [("移交", "success", "土地宅基地")]


async def test_typing_the_rest_after_the_source(bot: OfflineBot) -> None:
    start = await card(bot, STAFF)
    await bot.tap(STAFF, start, texts.LOG_MEDIATION_CHANNELS["screening"])
    assert (await reply(bot, STAFF, "劳动 调解不成 欠薪争议")).startswith(
        "已登记第 1 号人民调解案件：排查　劳动纠纷　调解不成"
    )


async def test_mediation_buttons_are_checked_on_every_press(bot: OfflineBot) -> None:
    start = await card(bot, ADVISER)
    # An adviser is offered no mediation source, and pressing a forged one is refused.
    labels = [label for label, _ in start.buttons]
    assert not set(texts.LOG_MEDIATION_CHANNELS.values()) & set(labels)
    await bot.send(bot.press(ADVISER, start, "2|log|channel|screening"))
    await bot.send(bot.press(RESIDENT, start, "2|log|channel|screening"))
    # A mediator: a dispute index that does not exist.
    mediator_card = await card(bot, MEDIATOR)
    await bot.tap(MEDIATOR, mediator_card, texts.LOG_MEDIATION_CHANNELS["screening"])
    await bot.send(bot.press(MEDIATOR, mediator_card, "2|log|category|99"))
    assert bot.answers() == [texts.STALE_BUTTON, texts.NOT_AN_ADVISER, "", texts.STALE_BUTTON]
    assert cases(bot) == []


# --- counted in the 人民调解 and summary sheets and /stats, not as consultations ---------------


async def test_entered_cases_count_by_source_and_not_as_consultations(bot: OfflineBot) -> None:
    request = MediationRequest("邻里", "邻居", None, "请求调解")
    await bot.services.mediation.file(RESIDENT, "yingfeng", request, "调解申请")  # 申请
    for user, line in (
        (MEDIATOR, LINE),  # 排查, 调解成功
        (OFFICE_MEDIATOR, "/log 调解 移交 债务 调解不成 欠款纠纷"),
        (STAFF, "/log 调解 移交 邻里 调解成功 噪音纠纷"),
        (ADVISER, "/log 电话 劳动 已解答 工资被拖欠两个月"),  # a consultation
    ):
        sent = [c.text for c in await bot.say(user, line) if c.chat_id == user]
        assert sent[0].startswith("已登记"), sent
    stats = bot.services.stats
    period = stats.period("本月")
    report = await stats.summary(period)
    # Consultations: the resident's request (rule 12) and the phone call, nothing entered.
    assert report.consultations.total == 2
    assert report.legal_consultation_person_times == 2
    assert report.referrals.total == 0
    rows = await stats.consultation_rows(period)
    assert [row.number for row in rows] == [1, 5]
    worklog = await bot.services.worklog.entries(period)
    book = load_workbook(io.BytesIO(build_xlsx(report, rows, worklog).data))
    mediation = {
        row[0]: row[1:]
        for row in book[SHEETS["mediation"]].iter_rows(values_only=True)
        if row and row[0]
    }
    assert mediation["调解案件"] == (4, "件")
    assert mediation["已办结"] == (3, "件")
    assert mediation["调解成功"] == (2, "件")
    assert mediation["申请"][0] == 1
    assert mediation["排查"][0] == 1
    assert mediation["移交"][0] == 2
    assert mediation["邻里"] == (3, 2)
    assert mediation["债务"] == (1, 0)
    yearly = {
        row[0]: row[1:]
        for row in book[SHEETS["yearly"]].iter_rows(values_only=True)
        if row and row[0]
    }
    assert yearly["提供法律咨询"] == (2, "人次")
    assert yearly["排查调处矛盾纠纷"] == (4, "件")
    assert yearly["  其中：申请"] == (1, "件")
    assert yearly["  其中：排查"] == (1, "件")
    assert yearly["  其中：移交"] == (2, "件")
    assert yearly["调解成功"] == (2, "件")
    ledger = list(book[SHEETS["consultation_ledger"]].iter_rows(min_row=3, values_only=True))
    assert [row[1] for row in ledger] == [1, 5]
    text = format_report_text(report)
    assert "人民调解 4 件：已办结 3 件，调解成功 2 件" in text
    assert "按案件来源：申请 1 件、排查 1 件、移交 2 件" in text
    # The mediator's work log holds the case, with its mediation outcome.
    mine = [e for e in worklog if e.adviser_id == MEDIATOR]
    assert [(e.number, e.method, e.result) for e in mine] == [(2, "面谈", "调解成功")]
