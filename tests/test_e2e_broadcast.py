"""普法 subscriptions and campaigns end to end: the real bot over HTTP against the sandbox.

The sandbox keeps Telegram's limits (1 a second per chat, 30 a second for the bot) and
answers what goes over them with 429; the bot runs without PTB's rate limiter here, so the
sender's own pace and its pause on ``retry_after`` are what keep it within them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import texts
from bot.config import Settings
from knowledge import KnowledgeBase
from sandbox import BotMessage, SandboxServer, SandboxUser
from tests.e2e import DEADLINE, STAFF, bot_running, labels, office_clock, one, sandbox_settings

TZ = ZoneInfo("Asia/Shanghai")
BODY = "12月4日是国家宪法日。尊法学法守法用法，从我做起。"
RESIDENTS = range(5101, 5111)


def limited_server() -> SandboxServer:
    return SandboxServer(rate_limit_per_chat_per_second=1.0, rate_limit_overall_per_second=30)


def settings_for(server: SandboxServer, tmp_path: Path, **overrides: object) -> Settings:
    return sandbox_settings(
        server,
        tmp_path,
        staff_ids=frozenset({STAFF}),
        campaign_interval_seconds=0.3,
        **overrides,
    )


def copies(user: SandboxUser) -> int:
    return sum(1 for message in user.transcript() if message.text == BODY)


async def subscribe_all(server: SandboxServer) -> list[SandboxUser]:
    users = [server.user(user_id) for user_id in RESIDENTS]
    for user in users:
        await user.send_text("/subscribe")
    for user in users:
        (reply,) = await user.wait_for_messages(1)
        assert reply.text == texts.SUBSCRIBED
    return users


async def schedule_now(server: SandboxServer, clock_now: dt.datetime) -> None:
    staff = server.user(STAFF)
    when = clock_now.astimezone(TZ).strftime("%Y-%m-%d %H:%M")
    await staff.send_text(f"/campaign {when} {BODY}")
    (scheduled,) = await staff.wait_for_messages(1)
    assert "第 1 期" in scheduled.text


def report_text(server: SandboxServer) -> str | None:
    for message in server.user(STAFF).transcript():
        if "推送已发送完毕" in message.text:
            return message.text
    return None


async def report(server: SandboxServer) -> str:
    await server.world.wait_for(lambda: report_text(server) is not None, DEADLINE)
    text = report_text(server)
    assert text is not None, [m.text for m in server.user(STAFF).transcript()]
    return text


async def test_a_campaign_reaches_subscribers_skips_a_blocked_chat_and_reports(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with limited_server() as server:
        settings = settings_for(server, tmp_path)
        clock = office_clock()
        async with bot_running(server, settings, kb, clock):
            intruder = server.user(5001)
            await intruder.send_text(f"/campaign 2026-12-04 09:00 {BODY}")
            (refused,) = await intruder.wait_for_messages(1)
            assert refused.text == texts.NOT_ALLOWED
            users = await subscribe_all(server)
            users[3].block()
            await schedule_now(server, clock())
            text = await report(server)
        assert "送达 9 人" in text
        assert "已屏蔽本机器人 1 人" in text
        assert "发送失败 0 人" in text
        assert [copies(user) for user in users] == [1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
        with sqlite3.connect(settings.db_path) as conn:
            blocked = conn.execute(
                "SELECT user_id, reason FROM subscriptions WHERE unsubscribed_at IS NOT NULL"
            ).fetchall()
        assert blocked == [(RESIDENTS[3], "blocked")]


async def test_a_restart_mid_campaign_sends_the_rest_and_nobody_twice(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with limited_server() as server:
        # Two copies a second: the stop comes with most of the queue still pending.
        settings = settings_for(server, tmp_path, broadcast_rate=2.0)
        clock = office_clock()
        async with bot_running(server, settings, kb, clock):
            users = await subscribe_all(server)
            await schedule_now(server, clock())
            assert await server.world.wait_for(
                lambda: sum(copies(user) for user in users) >= 3, DEADLINE
            )
        sent_before = sum(copies(user) for user in users)
        assert sent_before < len(users)
        async with bot_running(server, settings, kb, clock):
            text = await report(server)
        assert "送达 10 人" in text
        counts = [copies(user) for user in users]
        assert min(counts) == 1
        # At least once: a copy accepted in the instant of the stop may come again (one at most).
        assert sum(counts) - len(users) <= 1


async def take_campaign_quiz(user: SandboxUser, copy: BotMessage, right: int) -> BotMessage:
    """Press the copy's 参加竞猜 and answer its series: ``right`` questions right; the result."""
    await user.press(copy, texts.BUTTON_CAMPAIGN_QUIZ)
    start, message = await user.wait_for_messages(2)
    assert start.text.startswith("普法知识竞答"), start.text
    for number in range(5):
        assert message.kind == "poll", message.text
        poll = message.payload["poll"]
        assert isinstance(poll, dict)
        (correct,) = poll["correct_option_ids"]
        await user.answer_poll(message, correct if number < right else (correct + 1) % 2)
        message = await one(user)
    return message


async def test_a_campaign_with_a_quiz_counts_the_residents_who_took_it(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with limited_server() as server:
        settings = settings_for(server, tmp_path)
        clock = office_clock()
        async with bot_running(server, settings, kb, clock):
            users = [server.user(user_id) for user_id in RESIDENTS[:3]]
            for user in users:
                await user.send_text("/subscribe")
                assert (await one(user)).text == texts.SUBSCRIBED
            staff = server.user(STAFF)
            when = clock().astimezone(TZ).strftime("%Y-%m-%d %H:%M")
            await staff.send_text(f"/campaign {when} 竞猜:劳动 {BODY}")
            scheduled = await one(staff)
            assert "推送附普法竞猜（劳动社保）" in scheduled.text
            first_report = await report(server)
            assert "送达 3 人" in first_report
            assert "参加竞猜 0 人" in first_report
            assert (await one(staff)).text == first_report
            copies_sent = [await one(user) for user in users]
            assert [copy.text for copy in copies_sent] == [BODY] * 3
            assert all(labels(copy) == [texts.BUTTON_CAMPAIGN_QUIZ] for copy in copies_sent)

            first = await take_campaign_quiz(users[0], copies_sent[0], right=4)
            second = await take_campaign_quiz(users[1], copies_sent[1], right=3)
            assert "答对 4 题" in first.text
            assert "答对 3 题" in second.text
            await users[0].press(copies_sent[0], texts.BUTTON_CAMPAIGN_QUIZ)  # once each
            assert (await one(users[0])).text == texts.CAMPAIGN_QUIZ_TAKEN

            await staff.send_text("/campaign 1")
            status = (await one(staff)).text
        assert "第 1 期普法推送" in status
        assert "参加竞猜 2 人（答完一轮），平均答对 3.5 题" in status
        with sqlite3.connect(settings.db_path) as conn:
            series = conn.execute(
                "SELECT campaign_id, count(*) FROM quiz_series GROUP BY campaign_id"
            ).fetchall()
            asked = conn.execute(
                "SELECT DISTINCT p.item_id FROM quiz_polls p JOIN quiz_series s"
                " ON s.id = p.series_id WHERE s.campaign_id = 1"
            ).fetchall()
        assert series == [(1, 2)]
        labour = {item.id for item in kb.items if item.category == "labor"}
        assert {row[0] for row in asked} <= labour  # the topic staff chose
