"""普法 subscriptions and campaigns through ``process_update`` against an offline bot.

The real application (handlers, services, a real SQLite file) with ``tests/offline.py``'s
transport; the campaign's queue is drained by the sender itself (``services.campaigns``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Update

from bot import texts
from bot.reports.text import format_report_text
from bot.services.publicity_calendar import CalendarError, load_calendar
from knowledge import KnowledgeBase
from tests.clock import ManualClock
from tests.offline import OfflineBot, offline_bot
from tests.test_publicity import take_series

STAFF, RESIDENT, OTHER = 9001, 5001, 5002
TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
async def bot(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[OfflineBot]:
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as world:
        yield world


def rows(bot: OfflineBot, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(bot.services.settings.db_path) as conn:
        return [tuple(row) for row in conn.execute(sql)]


def local(bot: OfflineBot, delta: dt.timedelta) -> str:
    return (bot.clock() + delta).astimezone(TZ).strftime("%Y-%m-%d %H:%M")


async def test_subscribe_and_unsubscribe_say_what_changed(bot: OfflineBot) -> None:
    assert [c.text for c in await bot.say(RESIDENT, "/subscribe")] == [texts.SUBSCRIBED]
    assert [c.text for c in await bot.say(RESIDENT, "/subscribe")] == [texts.ALREADY_SUBSCRIBED]
    assert rows(bot, "SELECT user_id FROM subscriptions WHERE unsubscribed_at IS NULL") == [
        (RESIDENT,)
    ]
    assert [c.text for c in await bot.say(RESIDENT, "/unsubscribe")] == [texts.UNSUBSCRIBED]
    assert [c.text for c in await bot.say(RESIDENT, "/unsubscribe")] == [texts.NOT_SUBSCRIBED]
    assert rows(bot, "SELECT reason FROM subscriptions") == [("resident",)]


async def test_a_first_good_answer_offers_a_subscription_once(bot: OfflineBot) -> None:
    offers = []
    for question in ("工伤认定要多长时间申请", "离婚冷静期是多久"):
        answer = next(c for c in await bot.say(RESIDENT, question) if c.buttons)
        after = await bot.tap(RESIDENT, answer, texts.BUTTON_HELPFUL)
        offers += [c for c in after if texts.BUTTON_SUBSCRIBE in dict(c.buttons)]
    (offer,) = offers
    pressed = await bot.tap(RESIDENT, offer, texts.BUTTON_SUBSCRIBE)
    assert texts.SUBSCRIBED in [c.text for c in pressed]
    assert rows(bot, "SELECT user_id FROM subscriptions") == [(RESIDENT,)]


async def test_a_resident_cannot_schedule_a_campaign(bot: OfflineBot) -> None:
    (reply,) = await bot.say(RESIDENT, f"/campaign {local(bot, dt.timedelta(hours=1))} 宪法日")
    assert reply.text == texts.NOT_ALLOWED
    assert rows(bot, "SELECT count(*) FROM campaigns") == [(0,)]


async def test_a_bad_campaign_command_shows_the_usage(bot: OfflineBot) -> None:
    (reply,) = await bot.say(STAFF, "/campaign 明天 宪法日")
    assert reply.text.startswith("用法：/campaign")
    (reply,) = await bot.say(STAFF, f"/campaign {local(bot, -dt.timedelta(hours=2))} 宪法日")
    assert reply.text == texts.CAMPAIGN_TIME_PASSED
    assert rows(bot, "SELECT count(*) FROM campaigns") == [(0,)]


async def test_a_campaign_reaches_subscribers_once_and_staff_get_the_report(
    bot: OfflineBot,
) -> None:
    await bot.say(RESIDENT, "/subscribe")
    await bot.say(OTHER, "/subscribe")
    await bot.say(OTHER, "/unsubscribe")
    body = "12月4日是国家宪法日。\n宪法是国家的根本法。"
    (scheduled,) = await bot.say(STAFF, f"/campaign {local(bot, dt.timedelta(hours=1))} {body}")
    assert "第 1 期" in scheduled.text
    sender = bot.services.campaigns
    assert await sender.drain(bot.application.bot) == 0  # not yet due
    bot.clock.advance(hours=1)
    assert await sender.drain(bot.application.bot) == 1
    assert [c.text for c in bot.sent_to(RESIDENT) if c.text == body] == [body]
    assert not [c for c in bot.sent_to(OTHER) if c.text == body]
    (report,) = [c for c in bot.sent_to(STAFF) if "推送已发送完毕" in c.text]
    assert "送达 1 人" in report.text
    # Drained again (the next job run): nobody gets a second copy, staff no second report.
    assert await sender.drain(bot.application.bot) == 0
    assert len([c for c in bot.sent_to(RESIDENT) if c.text == body]) == 1
    assert len([c for c in bot.sent_to(STAFF) if "推送已发送完毕" in c.text]) == 1
    assert rows(bot, "SELECT status FROM campaigns") == [("done",)]


async def test_staff_are_reminded_of_a_calendar_date_a_week_ahead_once(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    clock = ManualClock()  # Wednesday 2026-11-25, 10:00 in Shanghai
    async with offline_bot(tmp_path, kb, clock=clock, staff_ids=frozenset({STAFF})) as bot:
        await bot.run_job("campaign_calendar")
        await bot.run_job("campaign_calendar")
        (reminder,) = [c for c in bot.sent_to(STAFF) if c.text.startswith("普法日历提醒")]
        assert "12月2日（周三）是全国交通安全日，还有 7 天" in reminder.text
        assert "/campaign 2026-12-02 09:00" in reminder.text
        clock.advance(days=2)
        await bot.run_job("campaign_calendar")
        texts_sent = [c.text for c in bot.sent_to(STAFF) if c.text.startswith("普法日历提醒")]
        assert len(texts_sent) == 2
        assert "国家宪法日" in texts_sent[1]
    async with offline_bot(tmp_path, kb, clock=clock, staff_ids=frozenset({STAFF})) as bot:
        await bot.run_job("campaign_calendar")  # after a restart: nothing again
        assert not [c for c in bot.sent_to(STAFF) if c.text.startswith("普法日历提醒")]


async def test_a_staff_member_who_never_started_the_bot_does_not_stop_the_reminder(
    tmp_path: Path, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    # Found in a deployment walk: the first staff id answering 403 raised out of the job
    # (an ERROR with a traceback, every hour), and the staff after it were never reminded.
    clock = ManualClock()  # Wednesday 2026-11-25, 10:00 in Shanghai
    silent, listening = 9000, STAFF
    staff = frozenset({silent, listening})
    async with offline_bot(tmp_path, kb, clock=clock, staff_ids=staff) as bot:
        bot.request.refusing.add(silent)
        with caplog.at_level(logging.WARNING):
            await bot.run_job("campaign_calendar")
            await bot.run_job("campaign_calendar")
        (reminder,) = [c for c in bot.sent_to(listening) if c.text.startswith("普法日历提醒")]
        assert "全国交通安全日" in reminder.text
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert str(silent) not in caplog.text


def test_the_shipped_calendar_is_valid_and_a_bad_date_is_named(tmp_path: Path) -> None:
    calendar = load_calendar()
    assert {entry.date for entry in calendar.dates} >= {"03-08", "05-01", "06-26", "12-04"}
    bad = tmp_path / "calendar.yaml"
    bad.write_text('dates:\n  - {date: "02-30", name: 错日, theme: 无}\n', encoding="utf-8")
    with pytest.raises(CalendarError, match=r"calendar\.yaml"):
        load_calendar(bad)
    assert load_calendar(tmp_path / "missing.yaml").dates == ()


def test_the_window_reaches_into_the_next_year() -> None:
    calendar = load_calendar()
    coming = calendar.coming(dt.date(2026, 12, 29))
    assert coming == []
    march = calendar.coming(dt.date(2027, 3, 1))
    assert [c.day for c in march] == [dt.date(2027, 3, 8)]


async def test_a_campaign_with_a_picture_is_sent_as_a_photo_with_its_caption(
    bot: OfflineBot,
) -> None:
    await bot.say(RESIDENT, "/subscribe")
    caption = f"/campaign {local(bot, dt.timedelta(minutes=30))} 6月26日是国际禁毒日。"
    message = {
        "message_id": 42,
        "date": int(bot.clock().timestamp()),
        "chat": {"id": STAFF, "type": "private", "first_name": "工作人员"},
        "from": {"id": STAFF, "is_bot": False, "first_name": "工作人员"},
        "photo": [{"file_id": "poster", "file_unique_id": "poster", "width": 9, "height": 9}],
        "caption": caption,
    }
    update = Update.de_json({"update_id": 990001, "message": message}, bot.application.bot)
    (scheduled,) = await bot.send(update)
    assert "第 1 期" in scheduled.text
    bot.clock.advance(minutes=30)
    assert await bot.services.campaigns.drain(bot.application.bot) == 1
    (photo,) = [c for c in bot.sent_to(RESIDENT) if c.method == "sendPhoto"]
    assert photo.params["photo"] == "poster"
    assert photo.text == "6月26日是国际禁毒日。"


async def test_a_campaign_quiz_topic_is_checked_and_its_button_serves_recipients_once(
    bot: OfflineBot,
) -> None:
    (usage,) = await bot.say(STAFF, "/campaign 明天 宪法日")
    assert "竞猜:主题" in usage.text
    assert "劳动社保" in usage.text  # the topics that have questions
    soon = local(bot, dt.timedelta(minutes=5))
    (unknown,) = await bot.say(STAFF, f"/campaign {soon} 竞猜:天文 宪法日")
    assert unknown.text.startswith("没有“天文”主题的竞猜题")
    assert rows(bot, "SELECT count(*) FROM campaigns") == [(0,)]
    await bot.say(RESIDENT, "/subscribe")
    (scheduled,) = await bot.say(STAFF, f"/campaign {soon} 竞猜 12月4日是国家宪法日。")
    assert "推送附普法竞猜（各类题目）" in scheduled.text
    assert rows(bot, "SELECT text, quiz_topic FROM campaigns") == [("12月4日是国家宪法日。", "*")]
    (status,) = await bot.say(STAFF, "/campaign 1")
    assert "尚未开始发送" in status.text
    assert "参加竞猜 0 人" in status.text
    (missing,) = await bot.say(STAFF, "/campaign 7")
    assert missing.text == texts.CAMPAIGN_NOT_FOUND.format(number=7)
    (refused,) = await bot.say(RESIDENT, "/campaign 1")
    assert refused.text == texts.NOT_ALLOWED

    bot.clock.advance(minutes=5)
    assert await bot.services.campaigns.drain(bot.application.bot) == 1
    (copy,) = [c for c in bot.sent_to(RESIDENT) if c.text == "12月4日是国家宪法日。"]
    # Somebody the campaign was not sent to forges its button: refused, nothing started.
    (other_copy,) = await bot.say(OTHER, "/help")
    await bot.send(bot.press(OTHER, other_copy, copy.buttons[0][1]))
    assert bot.answers()[-1] == texts.CAMPAIGN_QUIZ_GONE
    assert rows(bot, "SELECT count(*) FROM quiz_series") == [(0,)]
    started = await bot.tap(RESIDENT, copy, texts.BUTTON_CAMPAIGN_QUIZ)
    assert [c.method for c in started if c.method != "answerCallbackQuery"] == [
        "sendMessage",
        "sendPoll",
    ]
    again = await bot.tap(RESIDENT, copy, texts.BUTTON_CAMPAIGN_QUIZ)
    assert [c.text for c in again if c.method == "sendMessage"] == [texts.CAMPAIGN_QUIZ_TAKEN]
    assert rows(bot, "SELECT campaign_id, user_id FROM quiz_series") == [(1, RESIDENT)]


async def test_the_tally_counts_who_took_a_campaigns_quiz_and_forgetting_keeps_it(
    bot: OfflineBot,
) -> None:
    for user_id in (RESIDENT, OTHER):
        await bot.say(user_id, "/subscribe")
    await bot.say(STAFF, f"/campaign {local(bot, dt.timedelta(minutes=1))} 竞猜:婚姻 民法典")
    bot.clock.advance(minutes=1)
    await bot.services.campaigns.drain(bot.application.bot)
    for user_id, right in ((RESIDENT, 5), (OTHER, 2)):
        (copy,) = [c for c in bot.sent_to(user_id) if c.text == "民法典"]
        await bot.tap(user_id, copy, texts.BUTTON_CAMPAIGN_QUIZ)
        await take_series(bot, user_id, right=right)
    await bot.say(RESIDENT, "/quiz")  # a series of their own: not the campaign's
    await take_series(bot, RESIDENT, right=1)
    month = bot.clock().astimezone(TZ).strftime("%Y-%m")
    figures = (await bot.services.stats.summary(month)).publicity
    assert (figures.campaign_quiz_takers, figures.campaign_quiz_average) == (2, 3.5)
    assert figures.quiz_series == 3  # campaign series are quiz series too (rule 13)
    text = format_report_text(await bot.services.stats.summary(month))
    assert "推送竞猜：参与 2 人，平均每轮答对 3.5 题" in text
    (status,) = await bot.say(STAFF, "/campaign 1")
    assert "参加竞猜 2 人（答完一轮），平均答对 3.5 题" in status.text

    exported = json.loads((await bot.services.privacy.export(RESIDENT)).decode("utf-8"))
    assert [series["campaign_id"] for series in exported["quiz_series"]] == [1, None]
    await bot.services.privacy.forget(RESIDENT)
    after = (await bot.services.stats.summary(month)).publicity
    assert (after.campaign_quiz_takers, after.campaign_quiz_average) == (2, 3.5)
    (status,) = await bot.say(STAFF, "/campaign 1")
    assert "参加竞猜 2 人" in status.text
