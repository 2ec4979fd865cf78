"""A resident's data: export, withdrawing consent and forgetting, with the tallies unchanged."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.services.privacy import ActiveConsultation, PrivacyService
from bot.services.stats import StatsService
from bot.storage import Database, transaction
from bot.storage.privacy import ERASED_SUMMARY
from tests.cli_runner import CliRunner
from tests.stats_seed import COMMUNITIES_YAML, NOW, TZ, communities, seed
from tests.test_stats_cli import run_cli as stats_cli

REPO = Path(__file__).resolve().parents[1]

DRAFT = {"intake": {"summary": "邻居占我家宅基地盖房", "contact_phone": "13912345678"}}
CARD_TO_ADVISER = {"number": 3, "contact_name": "=1+1", "contact_phone": "+86 138 0000 0000"}
NOTICE_TO_RESIDENT = {"number": 3, "text": "请带上离婚协议原件来面谈"}
PENDING_UPDATE = {
    "update_id": 77,
    "message": {"message_id": 9, "from": {"id": 2}, "chat": {"id": 2}, "text": "我家住西关路8号"},
}
RESIDENT_TWO_TEXTS = ("讨薪", "离婚冷静期", "宅基地能卖吗", "邻居占我家宅基地盖房", "西关路8号")
RESIDENT_THIRTEEN_TEXTS = ("=1+1", "+86 138 0000 0000", "13912345678", "请带上离婚协议原件")


async def extras(db: Database) -> None:
    """Add what the seed lacks: a draft, outbox copies, a pending update, a consent."""
    async with transaction(db) as conn:
        await conn.execute(
            "INSERT INTO persisted_user_data (user_id, data, updated_at) VALUES (2, ?, ?)",
            (json.dumps(DRAFT, ensure_ascii=False), "2026-05-01T00:00:00Z"),
        )
        await conn.execute(
            "INSERT INTO persisted_conversations (name, conv_key, user_id, state, updated_at) "
            "VALUES ('intake', '[2, 2]', 2, '\"contact\"', '2026-05-01T00:00:00Z')"
        )
        for chat_id, payload in ((101, CARD_TO_ADVISER), (13, NOTICE_TO_RESIDENT)):
            await conn.execute(
                "INSERT INTO outbox (chat_id, kind, payload, consultation_id, created_at, sent_at)"
                " VALUES (?, 'card', ?, 3, '2026-04-10T02:00:00Z', '2026-04-10T02:00:01Z')",
                (chat_id, json.dumps(payload, ensure_ascii=False)),
            )
        await conn.execute(
            "INSERT INTO outbox (chat_id, kind, payload, created_at) VALUES (2, 'note', ?, ?)",
            (json.dumps({"text": "宅基地能卖吗"}, ensure_ascii=False), "2026-04-30T16:00:00Z"),
        )
        await conn.execute(
            "INSERT INTO inbox (update_id, payload, received_at) VALUES (77, ?, ?)",
            (json.dumps(PENDING_UPDATE, ensure_ascii=False), "2026-05-02T03:59:00Z"),
        )
        await conn.execute(
            "INSERT INTO consents (resident_id, consultation_id, granted_at, text_version, scope) "
            "VALUES (13, 3, '2026-04-10T02:00:00Z', 'v1', 'contact'), "
            "(11, 1, '2026-04-01T01:00:00Z', 'v1', 'contact')"
        )


def open_seeded(path: Path) -> None:
    """Create a seeded database at ``path`` (closed again)."""

    async def build() -> None:
        db = Database(path)
        await db.open()
        await seed(db)
        await extras(db)
        await db.close()

    asyncio.run(build())


def run_cli(cli: CliRunner, deployment: dict[str, str], *args: str) -> str:
    """Run ``python -m bot stats --period 2026`` with ``args``; return what it printed."""
    done = stats_cli(cli, deployment, "--period", "2026", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def without_times(value: Any) -> Any:
    """Drop ``generated_at`` and ``as_of`` wherever they are."""
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if k not in {"generated_at", "as_of"}}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


def ledger(
    cli: CliRunner, deployment: dict[str, str], cwd: Path
) -> tuple[Any, dict[tuple[str, str], Any]]:
    """Return the year's JSON report (times dropped) and every xlsx cell value."""
    report = without_times(json.loads(run_cli(cli, deployment, "--format", "json")))
    target = cwd / "ledger.xlsx"
    run_cli(cli, deployment, "--format", "xlsx", "--output", str(target))
    book = load_workbook(target)
    cells = {
        (sheet.title, cell.coordinate): cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }
    target.unlink()
    return report, cells


def every_user_id(path: Path) -> set[int]:
    """Return every user id any table holds."""
    columns = {
        "residents": "user_id",
        "questions": "user_id",
        "question_person_times": "user_id",
        "consultations": "resident_id",
        "consultation_messages": "sender_id",
        "consultation_events": "actor_id",
        "outbox": "chat_id",
        "persisted_user_data": "user_id",
        "persisted_conversations": "user_id",
        "consents": "resident_id",
    }
    with closing(sqlite3.connect(path)) as conn:
        ids = {
            row[0]
            for table, column in columns.items()
            for row in conn.execute(f"SELECT {column} FROM {table}")
        }
        ids |= {
            row[0]
            for row in conn.execute("SELECT json_extract(payload, '$.message.from.id') FROM inbox")
        }
    return ids


def file_bytes(path: Path) -> bytes:
    """Return the database file's bytes after a checkpoint and a VACUUM."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.fixture
def deployment(tmp_path: Path) -> dict[str, str]:
    open_seeded(tmp_path / "bot.db")
    communities_file = tmp_path / "communities.yaml"
    communities_file.write_text(COMMUNITIES_YAML, encoding="utf-8")
    return {
        "DB_PATH": str(tmp_path / "bot.db"),
        "COMMUNITIES_FILE": str(communities_file),
        "TIMEZONE": "Asia/Shanghai",
    }


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """The seed with the extras, open."""
    database = Database(tmp_path / "bot.db")
    await database.open()
    await seed(database)
    await extras(database)
    try:
        yield database
    finally:
        await database.close()


def forget(path: Path, *user_ids: int) -> list[Any]:
    async def run() -> list[Any]:
        db = Database(path)
        await db.open()
        try:
            service = PrivacyService(db, clock=lambda: NOW)
            return [await service.forget(user_id) for user_id in user_ids]
        finally:
            await db.close()

    return asyncio.run(run())


def test_forgetting_keeps_the_ledger_and_erases_the_person(
    cli: CliRunner, deployment: dict[str, str], tmp_path: Path
) -> None:
    path = Path(deployment["DB_PATH"])
    before_json, before_cells = ledger(cli, deployment, tmp_path)
    assert before_json["self_service"]["person_times"] > 0
    for text in (*RESIDENT_TWO_TEXTS, *RESIDENT_THIRTEEN_TEXTS):
        assert text.encode() in file_bytes(path), text

    results = forget(path, 2, 13)

    after_json, after_cells = ledger(cli, deployment, tmp_path)
    assert after_json == before_json
    changed = {key for key in before_cells.keys() | after_cells.keys()}
    changed = {key for key in changed if before_cells.get(key) != after_cells.get(key)}
    # The generation time, and the contact name and phone of consultation 3, which are gone.
    contacts = {key for key in changed if before_cells.get(key) in CARD_TO_ADVISER.values()}
    generated = {key for key in changed if "生成时间" in str(before_cells.get(key))}
    # The office's sheets show each summary: the forgotten residents' now read as erased.
    summaries = {key for key in changed if key[0] in ("法律咨询台账", "法律顾问工作日志")}
    assert summaries
    assert {str(after_cells.get(key)).rsplit("：", 1)[-1] for key in summaries} == {ERASED_SUMMARY}
    assert len(contacts) == 2
    assert changed == contacts | generated | summaries
    assert all(after_cells.get(key) is None for key in contacts)

    pseudonyms = [result.pseudonym for result in results]
    assert all(p < 0 for p in pseudonyms)
    assert len(set(pseudonyms)) == 2
    ids = every_user_id(path)
    assert not ids & {2, 13}
    assert {1, 3, 11, 101} <= ids  # nobody else was touched
    data = file_bytes(path)
    for text in (*RESIDENT_TWO_TEXTS, *RESIDENT_THIRTEEN_TEXTS):
        assert text.encode() not in data, text
    assert "红烧肉".encode() in data  # the others' questions stay


async def test_one_pseudonym_per_person_and_its_rows_are_still_counted(db: Database) -> None:
    result = await PrivacyService(db, clock=lambda: NOW).forget(1)
    async with db.conn.execute(
        "SELECT DISTINCT user_id, text FROM questions WHERE user_id < 0"
    ) as cursor:
        rows = [tuple(row) for row in await cursor.fetchall()]
    assert rows == [(result.pseudonym, "")]
    assert result.questions == 7  # q1-q7 (q5 delivered twice is stored once)
    nobody = await PrivacyService(db, clock=lambda: NOW).forget(424242)
    async with db.conn.execute("SELECT user_id FROM residents WHERE user_id < 0") as cursor:
        assert [row[0] for row in await cursor.fetchall()] == [result.pseudonym]
    assert (nobody.questions, nobody.consultations, nobody.deleted_rows) == (0, 0, 0)


async def test_forgetting_someone_whose_wording_was_shared_changes_only_the_wording_list(
    db: Database,
) -> None:
    stats = StatsService(db, communities(), TZ, lambda: NOW)
    before = (await stats.summary("2026")).model_dump(exclude={"generated_at"})
    assert [q["residents"] for q in before["top_unanswered"]] == [2]  # residents 1 and 3
    await PrivacyService(db, clock=lambda: NOW).forget(1)
    after = (await stats.summary("2026")).model_dump(exclude={"generated_at"})
    # Resident 1's "红烧肉怎么做？" is erased: resident 3's is now one resident's wording.
    assert after["top_unanswered"] == []
    assert sum(c["count"] for c in after["unanswered_single"]) == sum(
        c["count"] for c in before["unanswered_single"]
    ) + sum(q["count"] for q in before["top_unanswered"])
    for key in ("legal_consultation_person_times", "self_service", "consultations", "monthly"):
        assert after[key] == before[key], key


async def test_export_holds_only_the_asking_residents_data(db: Database) -> None:
    service = PrivacyService(db, clock=lambda: NOW)
    data = await service.export(2)
    document = json.loads(data.decode("utf-8"))
    assert document["user_id"] == 2
    assert [q["text"] for q in document["questions"]] == ["讨薪", "离婚冷静期", "宅基地能卖吗!"]
    assert document["drafts"][0]["data"] == DRAFT
    assert document["conversations"][0]["state"] == "contact"
    assert document["pending_updates"][0]["payload"] == PENDING_UPDATE
    assert document["sent_to_you"][0]["payload"] == {"text": "宅基地能卖吗"}
    assert document["consultations"] == []
    for other in ("红烧肉", "老板不发工资", "张三", "=1+1"):
        assert other not in data.decode("utf-8")

    thirteen = json.loads((await service.export(13)).decode("utf-8"))
    assert [c["contact_name"] for c in thirteen["consultations"]] == ["=1+1"]
    assert thirteen["sent_to_you"][0]["payload"] == NOTICE_TO_RESIDENT
    assert [n["id"] for n in thirteen["notices_about_you"]] == [1]
    assert "payload" not in thirteen["notices_about_you"][0]
    assert thirteen["consents"][0]["scope"] == "contact"


async def test_withdrawing_consent_removes_contacts_from_every_view(db: Database) -> None:
    service = PrivacyService(db, clock=lambda: NOW)
    assert (await service.summary(13)).contacts == 1
    assert await service.withdraw_consent(13) == 1

    export = (await service.export(13)).decode("utf-8")
    assert "=1+1" not in export
    assert "138 0000" not in export
    stats = StatsService(db, communities(), TZ, lambda: NOW)
    rows = await stats.consultation_rows("2026-04")
    row = next(r for r in rows if r.number == 3)
    assert (row.contact_name, row.contact_phone) == (None, None)
    async with db.conn.execute("SELECT payload FROM outbox WHERE chat_id = 101") as cursor:
        (payload,) = await cursor.fetchone()  # type: ignore[misc]
    assert json.loads(payload)["contact_name"] is None
    async with db.conn.execute(
        "SELECT resident_id, withdrawn_at FROM consents ORDER BY resident_id"
    ) as cursor:
        consents = [tuple(r) for r in await cursor.fetchall()]
    assert consents == [(11, None), (13, "2026-05-02T04:00:00Z")]
    # Another resident's contacts are untouched.
    async with db.conn.execute("SELECT contact_name FROM consultations WHERE id = 1") as cursor:
        assert tuple(await cursor.fetchone()) == ("张三",)  # type: ignore[arg-type]


async def test_an_active_consultation_is_not_forgotten(db: Database) -> None:
    service = PrivacyService(db, clock=lambda: NOW)
    assert (await service.summary(14)).active == 4
    with pytest.raises(ActiveConsultation) as raised:
        await service.forget(14)
    assert raised.value.number == 4
    async with db.conn.execute("SELECT resident_id, summary FROM consultations WHERE id = 4") as c:
        assert tuple(await c.fetchone()) == (14, "工伤")  # type: ignore[arg-type]


async def test_a_legal_aid_referral_is_kept_under_archive_hold(db: Database) -> None:
    service = PrivacyService(db, clock=lambda: NOW)
    assert (await service.summary(11)).held == (1,)
    result = await service.forget(11)
    assert result.held == (1,)
    assert result.consultations == 0
    async with db.conn.execute(
        "SELECT resident_id, summary, contact_name FROM consultations WHERE id = 1"
    ) as cursor:
        assert tuple(await cursor.fetchone()) == (11, "欠薪", "张三")  # type: ignore[arg-type]
    async with db.conn.execute(
        "SELECT COUNT(*) FROM consultation_messages WHERE consultation_id = 1"
    ) as cursor:
        assert tuple(await cursor.fetchone()) == (3,)  # type: ignore[arg-type]
    async with db.conn.execute("SELECT COUNT(*) FROM consents WHERE resident_id = 11") as cursor:
        assert tuple(await cursor.fetchone()) == (1,)  # type: ignore[arg-type]
