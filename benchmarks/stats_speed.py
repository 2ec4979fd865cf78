"""Speed of the staff tallies on a large database: summary of a year and a month, year export.

Run from the repository root: ``python benchmarks/stats_speed.py`` (``--quick`` for a tenth of
the data). It builds, in a temporary folder, a database through the real migrations holding
100,000 consultations a year (with their events and an adviser's reply each) and 1,000,000
logged questions spread over 2024 and 2025 (local time), across 12 communities, every
category and outcome; a tenth of the consultations are ``/log`` entries (来访, 电话, 信函).
Beside them, each year holds 5,000 mediation cases (``kind = 'mediation'``, every dispute type,
source and outcome) and 500 legal-aid pre-applications (``kind = 'legal_aid'``).
The questions get their 人次 keys (``bot.storage.person_times``) as the migration gave them to
questions an older bot had logged. It then times (median of several runs)
``StatsService.summary`` for 2025 and for 2025-06, the export of 2025 (rows, work log and
.xlsx with the office's sheets) and the CSV. Targets: a summary under 1 s, a year's export
under 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import median
from bot.communities import DEFAULT_DISPUTE_TYPES, CommunitiesConfig
from bot.reports import build_csv, build_xlsx
from bot.reports.export import export_ledger
from bot.services.case_stats import MEDIATION_SOURCES
from bot.services.consultations import Outcome
from bot.services.legal_aid import EXEMPT_GROUPS, MATTERS, PROOFS
from bot.services.stats import StatsService
from bot.services.worklog import WorklogService
from bot.storage import Database
from bot.storage.clock import to_db
from bot.storage.person_times import backfill_sql
from knowledge.categories import load_categories

TZ = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2024, 1, 1, tzinfo=TZ)
SPAN_SECONDS = int((dt.datetime(2026, 1, 1, tzinfo=TZ) - START).total_seconds())
COMMUNITIES = [f"c{n:02d}" for n in range(1, 13)]
ADVISERS = list(range(9001, 9016))
RESIDENTS = 60_000
ITEMS = [f"item-{n:02d}" for n in range(60)]
NOW = dt.datetime(2026, 1, 10, 2, 0, tzinfo=dt.UTC)
LOGGED_SHARE = 0.1
"""The share of consultations recorded with /log (visit, phone, letter), not through the bot."""
LOGGED_CHANNELS = ("visit", "phone", "phone", "letter")
MEDIATIONS_PER_YEAR = 5_000
LEGAL_AID_PER_YEAR = 500
MEDIATION_OUTCOMES = ("success", "success", "success", "failed", "litigation", None)
"""Most mediations succeed; ``None``: not closed yet."""
LEGAL_AID_OUTCOMES = ("accepted", "accepted", "not_accepted", "referred", None)


def communities() -> CommunitiesConfig:
    """Return a deployment file with the benchmark's 12 communities."""
    return CommunitiesConfig.model_validate(
        {
            "office_hours": {"days": ["mon", "tue", "wed"], "start": "08:30", "end": "17:30"},
            "escalation": {"remind_after_hours": 2, "escalate_after_hours": 2},
            "communities": [
                {"id": c, "name": f"第{n}社区", "kind": "community"}
                for n, c in enumerate(COMMUNITIES, start=1)
            ],
        }
    )


def _stamp(seconds: int) -> str:
    return to_db(START + dt.timedelta(seconds=seconds))


def questions(count: int, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    """Yield question rows in time order; a third repeat the previous resident's matter."""
    categories = [c.id for c in load_categories()]
    item_category = {item: categories[n % len(categories)] for n, item in enumerate(ITEMS)}
    unknown_pool = [f"第{n}种没人答过的问题：{n % 7}号情况怎么办" for n in range(3000)]
    times = sorted(rng.randrange(SPAN_SECONDS) for _ in range(count))
    previous: tuple[Any, ...] | None = None
    for number, at in enumerate(times, start=1):
        if previous is not None and rng.random() < 0.33:
            user, decision, item, category = previous
        else:
            user = rng.randrange(1, RESIDENTS + 1)
            roll = rng.random()
            decision = "answer" if roll < 0.6 else "suggest" if roll < 0.85 else "unknown"
            item = None if decision == "unknown" else rng.choice(ITEMS)
            # An answered question's category is its item's, as the knowledge base logs it.
            category = rng.choice(categories) if item is None else item_category[item]
        previous = (user, decision, item, category)
        text = rng.choice(unknown_pool) if item is None else f"关于{item}的问题{number % 97}"
        clicked = item if decision == "suggest" and rng.random() < 0.5 else None
        yield (
            user, user, number, _stamp(at), text, decision, item, 0.5, category, "telegram",
            clicked,
        )  # fmt: skip


def consultations(count: int, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    """Yield consultation rows in time order, most closed, a few open or claimed."""
    categories = [c.id for c in load_categories()]
    outcomes = [o.value for o in Outcome]
    times = sorted(rng.randrange(SPAN_SECONDS) for _ in range(count))
    for number, at in enumerate(times, start=1):
        created = START + dt.timedelta(seconds=at)
        roll = rng.random()
        logged = rng.random() < LOGGED_SHARE
        if logged or roll < 0.96 or number < count - 500:
            status = "closed"
        else:
            status = "open" if roll < 0.98 else "claimed"
        adviser = None if status == "open" else rng.choice(ADVISERS)
        claimed = created + dt.timedelta(minutes=rng.randrange(5, 600)) if adviser else None
        closed = None
        if status == "closed" and claimed:
            closed = claimed + dt.timedelta(hours=rng.randrange(1, 96))
        if logged:
            claimed, closed = None, created
        consent = rng.random() < 0.5
        rating = rng.randrange(1, 6) if closed and rng.random() < 0.6 else None
        yield (
            number,
            0 if logged else number if status == "closed" else 10_000_000 + number,
            rng.choice(COMMUNITIES),
            rng.choice(categories),
            "咨询摘要",
            int(consent),
            "张三" if consent else None,
            "13800000000" if consent else None,
            int(rng.random() < 0.05),
            status,
            adviser,
            to_db(created),
            to_db(claimed) if claimed else None,
            to_db(closed) if closed else None,
            rng.choice(outcomes) if closed else None,
            rating,
            (1 if rng.random() < 0.8 else 0) if rating else None,
            to_db(created + dt.timedelta(hours=2)),
            to_db(created + dt.timedelta(hours=4)),
            rng.choice(LOGGED_CHANNELS) if logged else "telegram",
        )


def cases(
    first_id: int, n_mediations: int, n_legal_aid: int, rng: random.Random
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Return consultation rows of mediation and legal-aid cases, and their detail rows.

    Every case is filed through the bot by a resident of its own (one active case each) and
    handled by an adviser; closed ones carry the case's outcome.
    """
    rows, mediations, aid = [], [], []
    kinds = ["mediation"] * n_mediations + ["legal_aid"] * n_legal_aid
    rng.shuffle(kinds)
    for number, kind in enumerate(kinds, start=first_id):
        created = START + dt.timedelta(seconds=rng.randrange(SPAN_SECONDS))
        outcome = rng.choice(MEDIATION_OUTCOMES if kind == "mediation" else LEGAL_AID_OUTCOMES)
        closed = created + dt.timedelta(days=rng.randrange(1, 20)) if outcome else None
        consultation_outcome = (
            ("mediation" if kind == "mediation" else "legal_aid") if closed else None
        )
        rows.append(
            (
                number, 20_000_000 + number, rng.choice(COMMUNITIES),
                "neighbor" if kind == "mediation" else "legal_aid", "案件摘要", 0, None, None, 0,
                "closed" if closed else "claimed", rng.choice(ADVISERS), to_db(created),
                to_db(created + dt.timedelta(hours=1)), to_db(closed) if closed else None,
                consultation_outcome, None, None, to_db(created + dt.timedelta(hours=2)),
                to_db(created + dt.timedelta(hours=4)), "telegram", kind,
            )
        )  # fmt: skip
        if kind == "mediation":
            success = outcome == "success"
            mediations.append(
                (
                    number, rng.choice(DEFAULT_DISPUTE_TYPES), "邻居", "请求调解",
                    rng.choice(MEDIATION_SOURCES), outcome,
                    rng.randrange(0, 50_000) if success and rng.random() < 0.4 else None,
                    to_db(closed) if closed else None,
                )
            )  # fmt: skip
        else:
            aid.append(
                (
                    number, rng.choice(MATTERS), rng.choice(EXEMPT_GROUPS), rng.choice(PROOFS),
                    rng.randrange(1, 6), rng.randrange(0, 8000), "check", outcome,
                    to_db(closed) if closed else None,
                )
            )  # fmt: skip
    return rows, mediations, aid


def replies(rows: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Yield one adviser's reply per claimed consultation, halfway to its closing."""
    for row in rows:
        number, adviser, claimed, closed = row[0], row[10], row[12], row[13]
        if claimed:
            start = dt.datetime.fromisoformat(claimed)
            end = dt.datetime.fromisoformat(closed) if closed else start + dt.timedelta(hours=1)
            yield number, adviser, to_db(start + (end - start) / 2)


def events(rows: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Yield the created, claimed and closed events of the consultations through the bot."""
    for row in rows:
        number, resident, adviser, created, claimed, closed = (
            row[0], row[1], row[10], row[11], row[12], row[13],
        )  # fmt: skip
        if row[19] != "telegram":  # the channel
            continue
        yield number, "created", resident, created
        if claimed:
            yield number, "claimed", adviser, claimed
        if closed:
            yield number, "closed", adviser, closed


def build(
    path: Path,
    *,
    n_consultations: int,
    n_questions: int,
    n_mediations: int,
    n_legal_aid: int,
    seed: int = 3,
) -> None:
    """Create the database at ``path`` through the migrations, then fill it.

    ``n_mediations`` and ``n_legal_aid`` are a year's; both years get as many.
    """

    async def migrate() -> None:
        db = Database(path)
        await db.open()
        await db.close()

    asyncio.run(migrate())
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    stamp = to_db(START)
    with conn:
        conn.executemany(
            "INSERT INTO residents (user_id, first_seen, last_seen) VALUES (?, ?, ?)",
            ((user, stamp, stamp) for user in range(1, RESIDENTS + 1)),
        )
        conn.executemany(
            "INSERT INTO advisers (telegram_id, name, community_id, is_duty, created_at, source)"
            " VALUES (?, ?, ?, 0, ?, 'config')",
            ((a, f"顾问{a}", rng.choice(COMMUNITIES), stamp) for a in ADVISERS),
        )
        conn.executemany(
            "INSERT INTO questions (user_id, source_chat_id, source_message_id, asked_at, text,"
            " decision, item_id, score, category, channel, clicked_item_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            questions(n_questions, rng),
        )
        # The bot writes each question's 人次 key with it; rows loaded in bulk get theirs so.
        conn.execute(backfill_sql(TZ.key, 8 * 3600))
        rows = list(consultations(n_consultations, rng))
        conn.executemany(
            "INSERT INTO consultations (id, resident_id, community_id, category, summary, consent,"
            " contact_name, contact_phone, urgent, status, adviser_id, created_at, claimed_at,"
            " closed_at, outcome, rating, resolved, remind_due_at, escalate_due_at, channel)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        case_rows, mediations, aid = cases(
            n_consultations + 1, 2 * n_mediations, 2 * n_legal_aid, rng
        )
        conn.executemany(
            "INSERT INTO consultations (id, resident_id, community_id, category, summary, consent,"
            " contact_name, contact_phone, urgent, status, adviser_id, created_at, claimed_at,"
            " closed_at, outcome, rating, resolved, remind_due_at, escalate_due_at, channel,"
            " kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            case_rows,
        )
        conn.executemany(
            "INSERT INTO mediation_requests (consultation_id, dispute_type,"
            " other_party_relation, wanted, source, outcome, agreement_amount, outcome_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            mediations,
        )
        conn.executemany(
            "INSERT INTO legal_aid_applications (consultation_id, matter, exempt_group, proof,"
            " household_size, monthly_income, result, outcome, outcome_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            aid,
        )
        rows += case_rows
        conn.executemany(
            "INSERT INTO consultation_messages (consultation_id, sender_id, direction, kind,"
            " text, at) VALUES (?, ?, 'to_resident', 'text', '请先保存好相关证据', ?)",
            replies(rows),
        )
        conn.executemany(
            "INSERT INTO consultation_events (consultation_id, kind, actor_id, at)"
            " VALUES (?, ?, ?, ?)",
            events(rows),
        )
    conn.execute("ANALYZE")
    conn.close()


def _cpu() -> float:
    """The CPU seconds of this process and of its children that have ended."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


async def timed(label: str, action: Callable[[], Awaitable[Any]], runs: int) -> Any:
    """Run ``action`` ``runs`` times; print the median seconds and return the last result.

    Both wall-clock time and the CPU time are printed: the process's (all its threads) and
    its child processes' (the export's large reads, ``bot.storage.process_reads``). On a
    machine shared with others the wall-clock time says more about the load than the code.
    """
    seconds, cpu, result = [], [], None
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), _cpu()
        result = await action()
        seconds.append(time.perf_counter() - began)
        cpu.append(_cpu() - began_cpu)
    print(
        f"{label:<36} median {median(seconds):7.3f} s, CPU {median(cpu):7.3f} s"
        f"  (runs: {runs}, best {min(seconds):.3f} s)"
    )
    return result


async def measure(path: Path, runs: int) -> None:
    """Time the tallies on the database at ``path``."""
    db = Database(path)
    await db.open()
    try:
        stats = StatsService(db, communities(), TZ, clock=lambda: NOW)
        year, month = stats.period("2025"), stats.period("2025-06")
        report = await timed("summary, year 2025", lambda: stats.summary(year), runs)
        await timed("summary, month 2025-06", lambda: stats.summary(month), runs)

        rows = await timed("export rows 2025", lambda: stats.consultation_rows(year), runs)

        worklog = WorklogService(db, stats)
        entries = await timed("work log 2025", lambda: worklog.entries(year), runs)

        async def xlsx() -> int:
            return len(build_xlsx(report, rows, entries).data)

        async def export() -> int:
            built, _ = await export_ledger(stats, worklog, year)
            return len(built.data)

        async def export_csv() -> int:
            return len(build_csv(await stats.consultation_rows(year), year).data)

        await timed("build_xlsx 2025 (rows given)", xlsx, max(1, runs // 2))
        size = await timed("export 2025 (export_ledger)", export, max(3, runs // 2))
        await timed("export 2025 (rows+csv)", export_csv, max(1, runs // 2))
        print(
            f"2025: {report.self_service.questions:,} questions, "
            f"{report.self_service.person_times:,} self-service person-times, "
            f"{report.consultations.total:,} consultations "
            f"({sum(c.count for c in report.by_channel if c.key in ('visit', 'phone', 'letter')):,}"
            f" by /log), {report.cases.mediation.cases if report.cases else 0:,} mediations,"
            f" {report.cases.legal_aid.applications if report.cases else 0:,} legal-aid"
            f" pre-applications, {len(entries):,} work-log entries; xlsx {size / 1e6:.1f} MB"
        )
    finally:
        await db.close()


def main() -> None:
    """Build the database, then measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data, fewer runs")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--keep",
        type=Path,
        help="build the database at this path and keep it (only build it if it is missing)",
    )
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "stats.db"
        if not path.exists():
            began = time.perf_counter()
            build(
                path,
                n_consultations=200_000 // scale,
                n_questions=1_000_000 // scale,
                n_mediations=MEDIATIONS_PER_YEAR // scale,
                n_legal_aid=LEGAL_AID_PER_YEAR // scale,
            )
            size = path.stat().st_size / 1e6
            print(f"built {path.name}: {time.perf_counter() - began:.1f} s, {size:.0f} MB")
        asyncio.run(measure(path, 3 if args.quick else args.runs))


if __name__ == "__main__":
    main()
