"""The tallies on known data (tests/stats_seed.py works out every expected figure)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.communities import CommunitiesConfig
from bot.reports.text import format_report_text
from bot.services import InvalidInput, StatsService
from bot.storage import (
    Database,
    MessageKey,
    NewQuestion,
    QuestionRepository,
    ResidentRepository,
)
from bot.storage.migrations import MIGRATIONS
from tests.stats_seed import COMMUNITIES_YAML, NOW, TZ, communities, seed


@pytest.fixture
async def stats(database: Database) -> StatsService:
    await seed(database)
    return StatsService(database, communities(), TZ, clock=lambda: NOW)


def counts(breakdown) -> dict[str, int]:
    return {c.key: c.count for c in breakdown if c.count}


async def test_self_service_counts_person_times_per_matter_and_local_day(stats) -> None:
    report = await stats.summary("2026-04")
    self_service = report.self_service
    assert self_service.questions == 9
    assert (self_service.answered, self_service.suggested, self_service.unknown) == (4, 1, 4)
    assert self_service.person_times == 6
    assert counts(self_service.by_category) == {
        "labor": 2,
        "marriage_family": 1,
        "other": 2,
        "land_housing": 1,
    }
    assert counts(self_service.by_channel) == {"telegram": 6}


async def test_local_midnight_decides_the_day_and_the_month(stats) -> None:
    march = await stats.summary("2026-03")
    may = await stats.summary("2026-05")
    # q4 at 15:59:59Z is 23:59:59 on 31 March; q10 at 16:10Z on 30 April is 1 May.
    assert (march.self_service.questions, march.self_service.person_times) == (1, 1)
    assert (may.self_service.questions, may.self_service.person_times) == (1, 1)
    # Consultation 2 (16:20Z on 31 March) is April's; 7 (15:00Z) March's; 6 (16:30Z) May's.
    assert march.consultations.total == 1
    assert may.consultations.total == 1
    first_of_april = await stats.summary("2026-04-01")
    assert first_of_april.self_service.questions == 5
    assert first_of_april.self_service.person_times == 3
    assert first_of_april.consultations.total == 2


async def test_consultations_by_community_category_outcome(stats) -> None:
    c = (await stats.summary("2026-04")).consultations
    assert c.total == 6
    assert c.closed == 4
    assert c.urgent == 1
    assert c.legal_aid_category == 1
    assert [(x.label, x.count) for x in c.by_community] == [
        ("迎凤社区", 2),
        ("东关村", 2),
        ("西关社区", 2),
    ]
    assert counts(c.by_category) == {
        "labor": 2,
        "legal_aid": 1,
        "marriage_family": 1,
        "debt_contract": 1,
        "other": 1,
    }
    labels = {x.key: x.label for x in c.by_category}
    assert labels["labor"] == "劳动社保（工资、劳动合同、工伤、社保）"
    assert [x.key for x in c.by_outcome] == [
        "answered",
        "legal_aid",
        "mediation",
        "arbitration_litigation",
        "petition_other",
        "other",
    ]
    assert counts(c.by_outcome) == {
        "answered": 1,
        "legal_aid": 1,
        "mediation": 1,
        "arbitration_litigation": 1,
    }
    assert counts(c.by_channel) == {"telegram": 6}


async def test_referrals_are_kept_apart_and_the_ledger_total_adds_up(stats) -> None:
    report = await stats.summary("2026-04")
    assert [(r.label, r.count) for r in report.referrals.by_outcome] == [
        ("转法律援助", 1),
        ("转人民调解", 1),
        ("建议仲裁或诉讼", 1),
        ("转信访或其他部门", 0),
    ]
    assert report.referrals.total == 3
    assert report.legal_consultation_person_times == 6 + 6


async def test_timings_ratings_and_resolution(stats) -> None:
    c = (await stats.summary("2026-04")).consultations
    # First claims: 30, 480, 60 (consultation 3's first claim, not its reassignment), 60.
    assert c.claimed == 4
    assert c.median_minutes_to_claim == 60.0
    # Closing: 4 h, 24 h, 24 h, 1 h.
    assert c.median_hours_to_close == 14.0
    assert (c.rated, c.average_rating) == (3, 4.0)
    assert (c.resolved_answered, c.resolved, c.resolved_share) == (3, 2, 0.6667)


async def test_backlog_is_as_of_now(stats) -> None:
    backlog = (await stats.summary("2026-04")).backlog
    assert backlog.as_of == NOW
    assert (backlog.active, backlog.unclaimed) == (3, 2)
    assert (backlog.overdue_remind, backlog.overdue_escalate) == (1, 1)


async def test_months_of_a_year(stats) -> None:
    report = await stats.summary("2026")
    assert [m.month for m in report.monthly] == [f"2026-{n:02d}" for n in range(1, 13)]
    by_month = {m.month: m for m in report.monthly}
    march, april, may = by_month["2026-03"], by_month["2026-04"], by_month["2026-05"]
    assert (march.self_service_person_times, march.questions) == (1, 1)
    assert (march.consultations, march.referrals) == (1, 1)
    assert (april.self_service_person_times, april.questions) == (6, 9)
    assert (april.consultations, april.referrals) == (6, 3)
    assert april.by_community == {"dongguan": 2, "xiguan": 2, "yingfeng": 2}
    assert april.by_category["labor"] == 2
    assert (may.self_service_person_times, may.consultations, may.referrals) == (1, 1, 0)
    assert sum(m.consultations for m in report.monthly) == report.consultations.total == 8
    assert report.self_service.person_times == 8
    assert report.self_service.questions == 11


async def test_top_unanswered_groups_wordings(stats) -> None:
    report = await stats.summary("2026-04")
    # 红烧肉 was asked by residents 1 and 3; 宅基地 only by resident 2, so only its category shows.
    assert [(q.count, q.residents, q.text) for q in report.top_unanswered] == [
        (3, 2, "红烧肉 怎么做")
    ]
    assert [(c.key, c.count) for c in report.unanswered_single] == [("land_housing", 1)]


async def test_unanswered_texts_are_masked_and_single_askers_never_quoted(stats, database) -> None:
    repository = QuestionRepository(database)
    private = "我叫李小红手机13912345678住迎凤小区5栋，丈夫有精神病史"
    for user_id, text in ((1, private), (2, private.replace("13912345678", "13800000000"))):
        await repository.add(
            NewQuestion(
                user_id=user_id,
                source=None,
                asked_at=dt.datetime(2026, 4, 20, 2, tzinfo=dt.UTC),
                text=text,
                decision="unknown",
                item_id=None,
                score=0.0,
                category="family",
            )
        )
    report = await stats.summary("2026-04")
    texts_shown = [q.text for q in report.top_unanswered]
    assert "我叫＊＊手机＊＊住迎凤小区＊＊栋，丈夫有精神病史" in texts_shown
    shown = " ".join(texts_shown) + format_report_text(report)
    for detail in ("李小红", "13912345678", "13800000000", "5栋", "宅基地能卖吗"):
        assert detail not in shown


async def test_messages_and_redelivered_updates_do_not_count_twice(stats, database) -> None:
    async with database.conn.execute("SELECT COUNT(*) FROM consultation_messages") as cursor:
        assert (await cursor.fetchone())[0] == 3
    async with database.conn.execute("SELECT COUNT(*) FROM questions") as cursor:
        assert (await cursor.fetchone())[0] == 11
    report = await stats.summary("2026-04")
    assert report.consultations.total == 6
    # More questions on the same item the same day add questions, not person-times.
    repository = QuestionRepository(database)
    for message_id in range(100, 110):
        await repository.add(
            NewQuestion(
                user_id=2,
                source=MessageKey(2, message_id),
                asked_at=dt.datetime(2026, 4, 1, 9, message_id - 100, tzinfo=dt.UTC),
                text="工资",
                decision="answer",
                item_id="wage-arrears",
                score=0.9,
                category="labor",
            )
        )
    again = await stats.summary("2026-04")
    assert again.self_service.questions == 19
    assert again.self_service.person_times == 6


async def test_digest_counts_yesterday_in_local_time(stats) -> None:
    digest = await stats.digest(dt.datetime(2026, 4, 2, 3, 0, tzinfo=dt.UTC))
    assert digest.day == dt.date(2026, 4, 1)
    assert (digest.questions, digest.self_service_person_times) == (5, 3)
    assert digest.new_consultations == 2
    # Closed on local 1 April: consultations 1 (legal aid) and 7 (petition, filed in March).
    assert (digest.closed_consultations, digest.referrals) == (2, 2)
    assert (digest.backlog.active, digest.backlog.unclaimed) == (3, 2)
    assert digest.backlog.overdue_remind == 0


async def test_consultation_rows_for_export(stats) -> None:
    rows = await stats.consultation_rows("2026-04")
    assert [row.number for row in rows] == [2, 1, 8, 3, 4, 5]
    first = rows[1]
    assert first.created_at == dt.datetime(2026, 4, 1, 9, 0, tzinfo=TZ)
    assert first.claimed_at == dt.datetime(2026, 4, 1, 9, 30, tzinfo=TZ)
    assert first.closed_at == dt.datetime(2026, 4, 1, 13, 0, tzinfo=TZ)
    assert (first.community, first.adviser, first.outcome) == ("迎凤社区", "王律师", "转法律援助")
    assert first.category == "劳动社保（工资、劳动合同、工伤、社保）"
    assert (first.minutes_to_claim, first.minutes_to_close) == (30, 240)
    assert (first.rating, first.resolved, first.urgent) == (5, True, False)
    assert (first.contact_name, first.contact_phone) == ("张三", "13800000000")
    no_consent = rows[0]
    assert (no_consent.contact_name, no_consent.contact_phone) == (None, None)
    assert no_consent.created_at.date() == dt.date(2026, 4, 1)
    by_staff = rows[2]
    assert (by_staff.adviser_id, by_staff.adviser, by_staff.claimed_at) == (777, None, None)
    reassigned = rows[3]
    assert reassigned.minutes_to_claim == 60
    open_one = rows[4]
    assert (open_one.status, open_one.outcome, open_one.urgent) == ("open", None, True)


async def test_placeholder_communities_only_show_with_data_and_are_marked(
    database: Database,
) -> None:
    await seed(database)
    deployment = yaml.safe_load(COMMUNITIES_YAML)
    deployment["communities"][2]["name"] = "西关社区（请替换）"  # an example entry, with data
    deployment["communities"].append({"id": "sample", "name": "示例村一", "kind": "village"})
    config = CommunitiesConfig.model_validate(deployment)
    stats = StatsService(database, config, TZ, clock=lambda: NOW)
    report = await stats.summary("2026-04")
    assert [(c.label, c.count) for c in report.consultations.by_community] == [
        ("迎凤社区", 2),
        ("东关村", 2),
        ("西关社区（请替换）（示例）", 2),
    ]
    rows = await stats.consultation_rows("2026-04")
    assert {row.community for row in rows if row.community_id == "xiguan"} == {
        "西关社区（请替换）（示例）"
    }


async def test_bad_periods_are_refused(stats) -> None:
    with pytest.raises(InvalidInput) as caught:
        await stats.summary("last fortnight")
    assert caught.value.field == "period"


async def test_an_empty_database_gives_zeros(database: Database) -> None:
    stats = StatsService(database, None, TZ, clock=lambda: NOW)
    report = await stats.summary("2026")
    assert report.legal_consultation_person_times == 0
    assert report.consultations.median_minutes_to_claim is None
    assert report.consultations.average_rating is None
    assert report.consultations.by_community == []
    assert report.top_unanswered == []
    assert len(report.monthly) == 12


async def test_daylight_saving_zones_use_the_offset_of_each_moment(database: Database) -> None:
    # Europe/Berlin moves from UTC+1 to UTC+2 at 2024-03-31T01:00Z.
    berlin = ZoneInfo("Europe/Berlin")
    await ResidentRepository(database).touch(1, None, NOW)
    repository = QuestionRepository(database)
    stamps = ["2024-03-31T21:59:00Z", "2024-03-31T22:30:00Z"]  # 23:59 on 31 March, 00:30 on 1 April
    for message_id, stamp in enumerate(stamps, start=1):
        await repository.add(
            NewQuestion(
                user_id=1,
                source=MessageKey(1, message_id),
                asked_at=dt.datetime.fromisoformat(stamp),
                text="离婚",
                decision="answer",
                item_id="divorce",
                score=0.9,
                category="marriage_family",
            )
        )
    stats = StatsService(database, None, berlin, clock=lambda: NOW)
    report = await stats.summary("2024-03..2024-04")
    assert report.self_service.person_times == 2
    by_month = {m.month: m.self_service_person_times for m in report.monthly}
    assert by_month == {"2024-03": 1, "2024-04": 1}


async def test_the_tally_indexes_exist_and_are_used(database: Database) -> None:
    assert await database.schema_version() == len(MIGRATIONS)
    async with database.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'") as cur:
        names = {row[0] for row in await cur.fetchall()}
    assert {
        "questions_by_time",
        "questions_unknown_by_time",
        "consultation_events_first_claim",
        "consultations_by_closing",
    } <= names
    from bot.services import counting
    from bot.services.periods import parse_period

    period = parse_period("2026", now=NOW, tz=TZ)
    plan_sql = "EXPLAIN QUERY PLAN " + counting.self_service_sql(period)
    async with database.conn.execute(plan_sql, (period.start_db, period.end_db)) as cur:
        plan = " ".join(row[3] for row in await cur.fetchall())
    assert "COVERING INDEX questions_by_time" in plan
