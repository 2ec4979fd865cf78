"""Subscriptions, campaigns and their send queue over a real SQLite file (no Telegram)."""

from __future__ import annotations

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.reports import build_xlsx, format_report_text
from bot.services.broadcasts import BroadcastService, parse_send_at
from bot.services.errors import AccessDenied, InvalidInput
from bot.services.privacy import PrivacyService
from bot.services.quizzes import QuizService
from bot.services.stats import StatsService
from bot.services.stats_models import PublicityStats
from bot.storage import Database
from bot.storage.broadcasts import SendTally
from bot.texts.reports import SHEETS
from tests.clock import ManualClock
from tests.stats_seed import TZ, communities
from tests.test_publicity import shipped_quizzes

STAFF = 9001


@pytest.fixture
def db(database: Database) -> Database:
    return database


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def service(db: Database, clock: ManualClock) -> BroadcastService:
    return BroadcastService(db, is_staff=lambda user_id: user_id == STAFF, clock=clock)


async def test_the_offer_is_made_once_and_never_to_staff_or_subscribers(
    service: BroadcastService,
) -> None:
    assert await service.offer_once(1)
    assert not await service.offer_once(1)
    assert not await service.offer_once(STAFF)
    await service.subscribe(2)
    assert not await service.offer_once(2)


async def test_only_staff_schedule_and_the_time_must_be_ahead(
    service: BroadcastService, clock: ManualClock
) -> None:
    later = clock() + dt.timedelta(hours=1)
    with pytest.raises(AccessDenied):
        await service.schedule(1, later, "宪法日")
    with pytest.raises(InvalidInput) as passed:
        await service.schedule(STAFF, clock() - dt.timedelta(hours=1), "宪法日")
    assert passed.value.field == "send_at"
    with pytest.raises(InvalidInput):
        await service.schedule(STAFF, later, "  ")
    with pytest.raises(InvalidInput):
        await service.schedule(STAFF, later, "法" * 1025)


def test_send_at_is_read_in_local_time() -> None:
    tz = ZoneInfo("Asia/Shanghai")
    moment = parse_send_at("2026-12-04 09:00", tz)
    assert moment is not None
    assert moment.astimezone(dt.UTC) == dt.datetime(2026, 12, 4, 1, 0, tzinfo=dt.UTC)
    assert parse_send_at("2026-02-30 09:00", tz) is None
    assert parse_send_at("12月4日", tz) is None


async def test_a_due_campaign_queues_each_active_subscriber_once(
    service: BroadcastService, clock: ManualClock
) -> None:
    for user_id in (1, 2, 3):
        await service.subscribe(user_id)
    await service.unsubscribe(3)
    campaign = await service.schedule(STAFF, clock() + dt.timedelta(minutes=5), "国家宪法日")
    assert await service.start_due() == []
    clock.advance(minutes=5)
    assert await service.start_due() == [campaign.id]
    assert await service.start_due() == []  # queued once, never again
    assert await service.pending(campaign.id) == [(1, 0), (2, 0)]
    await service.subscribe(4)  # too late for this campaign
    assert [chat for chat, _ in await service.pending(campaign.id)] == [1, 2]


async def test_rows_are_marked_once_blocked_unsubscribes_and_retries_end(
    service: BroadcastService, clock: ManualClock
) -> None:
    for user_id in (1, 2, 3):
        await service.subscribe(user_id)
    campaign = await service.schedule(STAFF, clock(), "禁毒日")
    await service.start_due()
    await service.sent(campaign.id, 1, 501)
    await service.sent(campaign.id, 1, 502)  # a second mark changes nothing
    await service.blocked(campaign.id, 2)
    assert not await service.is_subscribed(2)
    for attempts in range(3):
        assert not await service.finish(campaign.id)
        await service.failed(campaign.id, 3, attempts=attempts, final=False)
    assert await service.pending(campaign.id) == []
    assert await service.finish(campaign.id)
    (report,) = await service.unreported()
    assert report.tally == SendTally(sent=1, blocked=1, failed=1)
    await service.reported(campaign.id)
    assert await service.unreported() == []


async def test_privacy_exports_and_forgets_the_subscription_keeping_the_count(
    db: Database, service: BroadcastService, clock: ManualClock
) -> None:
    await service.subscribe(7)
    campaign = await service.schedule(STAFF, clock(), "消防日")
    await service.start_due()
    await service.sent(campaign.id, 7, 900)
    privacy = PrivacyService(db, clock=clock)
    exported = json.loads(await privacy.export(7))
    text = json.dumps(exported, ensure_ascii=False)
    assert "subscription" in text
    assert "campaigns_sent_to_you" in text
    await privacy.forget(7)
    assert not await service.is_subscribed(7)
    async with db.conn.execute("SELECT chat_id, status FROM campaign_sends") as cursor:
        ((chat_id, status),) = await cursor.fetchall()
    assert chat_id < 0
    assert status == "sent"
    async with db.conn.execute(
        "SELECT (SELECT count(*) FROM subscriptions) + (SELECT count(*) FROM subscription_offers)"
    ) as cursor:
        row = await cursor.fetchone()
    assert row is not None
    assert row[0] == 0


async def test_the_tallies_count_campaigns_and_residents_reached(
    db: Database, service: BroadcastService, clock: ManualClock
) -> None:
    for user_id in (1, 2, 3):
        await service.subscribe(user_id)
    first = await service.schedule(STAFF, clock(), "宪法日")
    await service.start_due()
    await service.sent(first.id, 1, 11)
    await service.sent(first.id, 2, 12)
    await service.blocked(first.id, 3)
    second = await service.schedule(STAFF, clock(), "消防日")
    await service.start_due()
    await service.sent(second.id, 1, 13)
    await service.schedule(STAFF, clock() + dt.timedelta(days=3), "未发送")
    stats = StatsService(db, communities(), TZ, clock)
    report = await stats.summary("本月")
    assert report.publicity == PublicityStats(campaigns=2, person_times=3)
    assert "线上普法推送 2 场次，覆盖 3 人次" in format_report_text(report)
    exported = build_xlsx(report, await stats.consultation_rows("本月"))
    sheet = load_workbook(io.BytesIO(exported.data))[SHEETS["summary"]]
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert ("线上普法推送", 2, "场次") in values
    assert ("推送覆盖", 3, "人次") in values
    assert (await stats.summary("上月")).publicity == PublicityStats()


async def test_a_campaign_quiz_is_taken_once_and_outlives_its_topic(
    db: Database, service: BroadcastService, clock: ManualClock
) -> None:
    bank = shipped_quizzes()
    campaign = await service.schedule(STAFF, clock(), "宪法日", quiz_topic="labor")
    # The bank has no labour questions any more (all are tagged another topic here).
    quizzes = QuizService(db, bank, clock=clock, tz=TZ, topics={q.id: "other" for q in bank})
    first = await quizzes.start_campaign(5001, 5001, campaign.id, "labor")
    assert first is not None
    assert first.total == 5  # questions of any topic, not an empty series
    assert await quizzes.start_campaign(5001, 5001, campaign.id, "labor") is None
    assert await quizzes.start_campaign(5002, 5002, campaign.id, "labor") is not None
