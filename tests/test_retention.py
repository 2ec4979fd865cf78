"""Retention: old texts are erased on a manual clock, the tallies keep their figures."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.reports.export import build_xlsx
from bot.services.retention import RetentionService
from bot.services.stats import StatsService
from bot.storage import Database, transaction
from bot.storage.retention import Erased
from tests.stats_seed import NOW, TZ, communities, seed

A_YEAR_LATER = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
"""Consultations closed in April 2026 are past 365 days; every seed question past 180."""


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "bot.db")
    await database.open()
    await seed(database)
    async with transaction(database) as conn:
        await conn.execute(
            "INSERT INTO outbox (chat_id, kind, payload, consultation_id, created_at, sent_at) "
            "VALUES (102, 'card', '{\"summary\": \"离婚\"}', 3, '2026-04-10T02:00:00Z', "
            "'2026-04-10T02:00:01Z')"
        )
        await conn.execute(
            "INSERT INTO consultation_messages (consultation_id, sender_id, direction, kind, "
            "text, file_id, at) VALUES (3, 13, 'to_adviser', 'photo', '离婚协议', 'FILE-3', "
            "'2026-04-10T03:00:00Z')"
        )
    try:
        yield database
    finally:
        await database.close()


async def rows(db: Database, sql: str) -> list[tuple[Any, ...]]:
    async with db.conn.execute(sql) as cursor:
        return [tuple(row) for row in await cursor.fetchall()]


async def ledger(db: Database) -> tuple[dict[str, Any], dict[tuple[str, str], Any]]:
    stats = StatsService(db, communities(), TZ, lambda: NOW)
    report = await stats.summary("2026")
    book = load_workbook(io.BytesIO(build_xlsx(report, await stats.consultation_rows("2026")).data))
    cells = {
        (sheet.title, cell.coordinate): cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }
    return report.model_dump(mode="json"), cells


async def test_nothing_is_erased_before_its_time(db: Database) -> None:
    service = RetentionService(db, days=365, question_days=180, clock=lambda: NOW)
    assert not await service.run()
    assert ("离婚",) in await rows(db, "SELECT summary FROM consultations")
    assert await rows(db, "SELECT COUNT(*) FROM questions WHERE text = ''") == [(0,)]


async def test_old_texts_are_erased_and_the_figures_stay(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    before, before_cells = await ledger(db)
    keys = "SELECT * FROM question_person_times ORDER BY zone, day, matter, channel, user_id"
    before_keys = await rows(db, keys)
    service = RetentionService(db, days=365, question_days=180, clock=lambda: A_YEAR_LATER)
    with caplog.at_level(logging.INFO):
        erased = await service.run()
    assert erased == Erased(consultations=3, messages=1, outbox=1, questions=11)
    after, after_cells = await ledger(db)
    # Questions keep their residents, so their 人次 keys stay as they were.
    assert len(before_keys) == 8
    assert await rows(db, keys) == before_keys

    # Every figure is the same; only the unanswered wordings lose their text (by design),
    # and those questions are counted by category instead.
    unanswered = ("top_unanswered", "unanswered_single")
    assert {k: v for k, v in after.items() if k not in unanswered} == {
        k: v for k, v in before.items() if k not in unanswered
    }
    assert before["top_unanswered"]
    assert after["top_unanswered"] == []
    total = sum(c["count"] for c in before["unanswered_single"])
    total += sum(q["count"] for q in before["top_unanswered"])
    assert sum(c["count"] for c in after["unanswered_single"]) == total
    changed = {
        key
        for key in before_cells.keys() | after_cells.keys()
        if before_cells.get(key) != after_cells.get(key)
    }
    details = {key for key in changed if key[0] == "咨询明细"}
    assert {before_cells[key] for key in details} == {"=1+1", "+86 138 0000 0000"}
    # The office's ledger shows each summary (column H): erased ones now read as erased.
    shown = {key for key in changed if key[0] == "法律咨询台账"}
    assert {re.sub(r"\d+", "", key[1]) for key in shown} == {"H"}
    assert {key[0] for key in changed - details - shown} <= {"机器人未能解答的问题"}

    # Consultations 3, 7 and 8 (closed in April 2026) lost their texts; 1 and 2 (legal aid,
    # mediation) are under archive hold; the open ones are untouched.
    summaries = dict(await rows(db, "SELECT id, summary FROM consultations"))
    assert summaries == {
        1: "欠薪",
        2: "申请法援",
        3: "-",
        4: "工伤",
        5: "借钱不还",
        6: "加班费",
        7: "-",
        8: "-",
    }
    assert await rows(db, "SELECT contact_name, contact_phone FROM consultations WHERE id = 3") == [
        (None, None)
    ]
    assert await rows(db, "SELECT DISTINCT consultation_id FROM consultation_messages") == [(1,)]
    assert await rows(db, "SELECT COUNT(*) FROM outbox") == [(0,)]
    assert await rows(db, "SELECT DISTINCT text FROM questions") == [("",)]
    for record in caplog.records:
        message = record.getMessage()
        assert "离婚" not in message
        assert "红烧肉" not in message

    assert not await service.run()  # a second run finds nothing left to erase


async def test_only_old_questions_lose_their_text(db: Database) -> None:
    # 2026-10-15: questions before 2026-04-18 are past 180 days; consultations are not yet.
    service = RetentionService(
        db, days=365, question_days=180, clock=lambda: dt.datetime(2026, 10, 15, tzinfo=dt.UTC)
    )
    erased = await service.run()
    assert (erased.consultations, erased.questions) == (0, 9)
    left = await rows(db, "SELECT text FROM questions WHERE text != '' ORDER BY asked_at")
    assert left == [("宅基地能卖吗!",), ("离婚冷静期",)]


def test_retention_of_less_than_a_day_is_refused() -> None:
    with pytest.raises(ValueError, match="at least a day"):
        RetentionService(Database(Path(":memory:")), days=0, question_days=180)
