"""Staff tallies over the sandbox: /stats, /chart, /export; refused to everyone else."""

from __future__ import annotations

import asyncio
import io
import threading
import time
from pathlib import Path

import openpyxl
import pytest

from bot import texts
from bot.services import stats as stats_service
from bot.texts.reports import DECISION_LABELS, TEXT
from knowledge import KnowledgeBase
from sandbox import SandboxServer
from tests.e2e import (
    ADVISER,
    DEADLINE,
    bot_running,
    bot_world,
    invite,
    make_scene,
    sandbox_settings,
)

STAFF, RESIDENT = 9001, 5001


async def test_staff_read_and_export_while_others_are_refused(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF}))
        async with bot_running(server, settings, kb):
            staff, resident = server.user(STAFF, "工作人员"), server.user(RESIDENT, "王五")
            for question in ("工伤认定怎么申请", "工伤认定要多久", "明天下雨吗"):
                await resident.send_text(question)
                await resident.wait_for_messages(1)

            adviser = server.user(ADVISER, "李律师")
            await invite(make_scene(server, settings, kb), adviser, "迎凤社区")
            for user in (resident, adviser):
                for command in ("/stats", "/chart", "/export"):
                    await user.send_command(command, "2026")
                    (refused,) = await user.wait_for_messages(1)
                    assert refused.text == texts.NOT_ALLOWED

            await staff.send_command("/stats", "2026")
            report = await staff.wait_for_messages(1)
            text = "\n".join(message.text for message in report)
            # Two questions on one item the same day are one 人次; the unanswered one is another.
            decisions = TEXT["separator"].join(
                TEXT["decision"].format(label=DECISION_LABELS[key], n=n)
                for key, n in (("answer", 2), ("suggest", 0), ("unknown", 1))
            )
            expected = TEXT["self_service"].format(n=2, questions=3, decisions=decisions)
            assert expected in text
            # One resident's unanswered question is counted by its category, never quoted.
            assert "明天下雨吗" not in text
            assert "仅一位居民提出的未解答问题" in text

            await staff.send_command("/stats", "not-a-period")
            (usage,) = await staff.wait_for_messages(1)
            expected = texts.STATS_USAGE.format(command="/stats")
            assert usage.text == expected.replace("<b>", "").replace("</b>", "")

            await staff.send_command("/chart", "2026")
            (chart,) = await staff.wait_for_messages(1)
            assert chart.photo is not None

            await staff.send_command("/export", "2026")
            workbook, table = await staff.wait_for_messages(2)
            assert workbook.document is not None
            assert table.document is not None
            assert str(workbook.document.file_name).endswith(".xlsx")
            assert str(table.document.file_name).endswith(".csv")
            data = server.world.files[workbook.document.file_id].data
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            assert len(book.sheetnames) >= 2
            csv_bytes = server.world.files[table.document.file_id].data
            assert csv_bytes.startswith("\ufeff".encode())


async def test_daily_digest_reaches_staff(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF}))
        async with bot_running(server, settings, kb) as application:
            staff = server.user(STAFF, "工作人员")
            await staff.send_command("/start")
            await staff.wait_for_messages(1)
            assert application.job_queue is not None
            (job,) = application.job_queue.get_jobs_by_name("digest")
            await job.run(application)
            (digest,) = await staff.wait_for_messages(1)
            assert digest.text.startswith(
                "嘉祥街道公共法律服务日报（2026年11月24日）"
            )  # yesterday, local
            assert digest.parse_mode is None  # plain text: residents' words cannot break it


async def test_chinese_periods_and_chinese_captions(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with bot_world(tmp_path, kb, staff_ids=frozenset({STAFF})) as world:
        staff = world.server.user(STAFF, "工作人员")
        for period, title in (
            ("去年", "2025年"),
            ("今年", "2026年"),
            ("本月", "2026年11月"),
            ("上月", "2026年10月"),
            ("上周", "2026年11月16日至22日"),
            ("2025年3月", "2025年3月"),
        ):
            await staff.send_command("/stats", period)
            report = await staff.wait_for_messages(1)
            first_line = report[0].text.splitlines()[0]
            assert first_line == f"嘉祥街道公共法律服务统计（{title}）", period

        await staff.send_command("/chart", "上月")
        (chart,) = await staff.wait_for_messages(1)
        assert chart.caption == texts.CHART_CAPTION.format(period="2026年10月")
        assert "10月）" in chart.caption

        await staff.send_command("/export", "本月")
        workbook, table = await staff.wait_for_messages(2)
        assert workbook.caption == texts.EXPORT_CAPTION.format(period="2026年11月")
        assert table.caption == texts.EXPORT_CSV_CAPTION.format(period="2026年11月")
        assert workbook.document is not None
        assert workbook.document.file_name == "jiaxiang-ledger-2026-11.xlsx"


async def test_a_period_over_ten_years_is_refused_at_once(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with bot_world(tmp_path, kb, staff_ids=frozenset({STAFF})) as world:
        staff = world.server.user(STAFF, "工作人员")
        for command in ("/stats", "/chart", "/export"):
            started = time.perf_counter()
            await staff.send_command(command, "1970..9998")
            (refused,) = await staff.wait_for_messages(1)
            assert refused.text == texts.STATS_TOO_LONG
            assert time.perf_counter() - started < 3


async def test_a_question_is_answered_while_an_export_is_being_built(
    tmp_path: Path, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    building, answered = threading.Event(), threading.Event()
    held: list[bool] = []
    original = stats_service.mask_personal  # type: ignore[attr-defined]

    def held_mask(text: str) -> str:
        # The tally masks unanswered questions while it builds; hold it there until the
        # resident has their answer. On the event loop this would stall everything, the
        # resident's answer included, until the guard below gave up.
        if not building.is_set():
            building.set()
            held.append(answered.wait(timeout=DEADLINE))
        return original(text)

    monkeypatch.setattr(stats_service, "mask_personal", held_mask)
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF}))
        async with bot_running(server, settings, kb):
            staff, resident = server.user(STAFF, "工作人员"), server.user(RESIDENT, "王五")
            await resident.send_text("明天下雨吗")  # an unanswered question for the tally
            await resident.wait_for_messages(1)

            await staff.send_command("/export", "2026")
            assert await asyncio.to_thread(building.wait, DEADLINE)
            await resident.send_text("工伤认定怎么申请")
            (answer,) = await resident.wait_for_messages(1)
            assert "工伤" in answer.text
            assert staff.take_new_messages() == []  # the export is still being built
            answered.set()
            workbook, table = await staff.wait_for_messages(2)
            assert workbook.document is not None
            assert table.document is not None
    assert held == [True]
