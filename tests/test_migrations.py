"""Migrations applied to databases that already hold data: nothing is lost, new columns default."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.communities import load_communities
from bot.services import build_consultation_services
from bot.storage import Database
from bot.storage.migrations import MIGRATIONS
from tests.conftest import REPO_ROOT

T0 = "2026-03-02T02:00:00Z"
T1 = "2026-03-02T03:00:00Z"
LATER = "2026-03-09T02:00:00Z"
ADVISER, RETIRED, STAFF = 6001, 6002, 9001


def at_version(path: Path, version: int) -> sqlite3.Connection:
    """Create ``path`` with the first ``version`` migrations, as an older bot left it."""
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:version], start=1):
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    return conn


def seed_version_1(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO residents VALUES (5001, ?, ?, 'zh', 'yingfeng')", (T0, T1))
    conn.execute(
        "INSERT INTO questions (user_id, update_id, asked_at, text, decision, item_id, score,"
        " category, feedback) VALUES (5001, 11, ?, '工伤怎么认定', 'answer', 'work-injury',"
        " 0.9, 'labor', 1)",
        (T0,),
    )


def seed_version_2(conn: sqlite3.Connection) -> None:
    """Residents, a question, advisers, invites, two consultations with their history."""
    seed_version_1(conn)
    conn.executemany(
        "INSERT INTO advisers (telegram_id, name, community_id, is_duty, active, created_at,"
        " source) VALUES (?, ?, 'yingfeng', 0, ?, ?, 'invite')",
        [(ADVISER, "李律师", 1, T0), (RETIRED, "赵律师", 0, T0)],
    )
    conn.executemany(
        "INSERT INTO invites (token, community_id, is_duty, created_by, created_at, expires_at,"
        " used_by, used_at) VALUES (?, 'yingfeng', 0, ?, ?, ?, ?, ?)",
        [("inv_used", STAFF, T0, LATER, ADVISER, T1), ("inv_open", STAFF, T0, LATER, None, None)],
    )
    conn.execute(
        "INSERT INTO consultations (id, resident_id, community_id, category, summary, consent,"
        " contact_name, contact_phone, status, adviser_id, created_at, claimed_at, closed_at,"
        " outcome, rating) VALUES (1, 5001, 'yingfeng', 'labor', '拖欠工资', 1, '王五',"
        " '13800138000', 'closed', ?, ?, ?, ?, 'answered', 5)",
        (ADVISER, T0, T0, T1),
    )
    conn.execute(
        "INSERT INTO consultations (id, resident_id, community_id, category, summary, consent,"
        " created_at, remind_due_at, escalate_due_at) VALUES (2, 5003, 'yingfeng',"
        " 'marriage_family', '离婚财产', 0, ?, ?, ?)",
        (T1, LATER, LATER),
    )
    conn.executemany(
        "INSERT INTO consultation_events (consultation_id, kind, actor_id, at) VALUES (?, ?, ?, ?)",
        [(1, "created", 5001, T0), (1, "claimed", ADVISER, T0), (1, "closed", ADVISER, T1)],
    )
    conn.execute(
        "INSERT INTO consultation_messages (consultation_id, sender_id, direction, kind, text,"
        " at, update_id) VALUES (1, 5001, 'to_adviser', 'text', '还有加班费', ?, 12)",
        (T0,),
    )
    conn.execute("INSERT INTO relay_map VALUES (?, 700, 1)", (ADVISER,))
    conn.execute(
        "INSERT INTO outbox (chat_id, kind, payload, consultation_id, created_at, sent_at,"
        " message_id) VALUES (?, 'new_consultation', '{}', 1, ?, ?, 700)",
        (ADVISER, T0, T0),
    )
    conn.commit()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return [tuple(row) for row in conn.execute(sql)]


async def migrate(path: Path) -> None:
    db = Database(path)
    await db.open()
    try:
        assert await db.schema_version() == len(MIGRATIONS)
    finally:
        await db.close()


async def test_a_version_2_database_keeps_its_rows_and_gets_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    with at_version(path, 2) as conn:
        seed_version_2(conn)
    conn.close()
    kept = {
        table: rows(path, f"SELECT * FROM {table} ORDER BY 1")
        for table in ("residents", "consultation_events", "relay_map")
    }
    await migrate(path)
    for table, before in kept.items():
        assert rows(path, f"SELECT * FROM {table} ORDER BY 1") == before, table
    assert rows(path, "SELECT text, source_chat_id, source_message_id FROM questions") == [
        ("工伤怎么认定", None, None)
    ]
    assert rows(
        path, "SELECT id, status, adviser_id, rating, source_chat_id FROM consultations"
    ) == [
        (1, "closed", ADVISER, 5, None),
        (2, "open", None, None, None),
    ]
    assert rows(path, "SELECT text, source_message_id FROM consultation_messages") == [
        ("还有加班费", None)
    ]
    assert rows(path, "SELECT sent_at, message_id FROM outbox") == [(T0, 700)]
    assert rows(
        path,
        "SELECT telegram_id, active, deactivated_by_staff, deactivated_at, void_invites_through"
        " FROM advisers ORDER BY 1",
    ) == [(ADVISER, 1, 0, None, 0), (RETIRED, 0, 0, None, 0)]
    # The consent given before consents were recorded: to the adviser, under the old text.
    assert rows(path, "SELECT resident_id, consultation_id, text_version, scope FROM consents") == [
        (5001, 1, "consent-before-2026-12", "contact:adviser")
    ]
    # Invites keep their history; the unused plain-token one is revoked (staff make a new one).
    invites = rows(path, "SELECT id, token_hash, used_by, revoked_at FROM invites ORDER BY id")
    assert [(number, used) for number, _, used, _ in invites] == [(1, ADVISER), (2, None)]
    assert all(str(token).startswith("void:") for _, token, _, _ in invites)
    assert invites[0][3] is None
    assert invites[1][3] is not None


async def test_the_migrated_data_serves_the_use_cases(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    with at_version(path, 2) as conn:
        seed_version_2(conn)
    conn.close()
    db = Database(path)
    await db.open()
    try:
        communities = load_communities(REPO_ROOT / "config" / "communities.yaml")
        desk = build_consultation_services(db, communities, frozenset({STAFF}))
        worklist = await desk.consultations.worklist(ADVISER)
        assert [c.id for c in worklist.queue] == [2]
        assert [a.telegram_id for a in await desk.advisers.list_advisers(STAFF)] == [
            ADVISER,
            RETIRED,
        ]
    finally:
        await db.close()


def _version_of(fragment: str) -> int:
    """The number of the migration whose script contains ``fragment``."""
    (number,) = [n for n, script in enumerate(MIGRATIONS, start=1) if fragment in script]
    return number


async def test_a_staff_deactivation_before_the_invite_numbers_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    before_hashing = _version_of("CREATE TABLE invites_hashed") - 1
    with at_version(path, before_hashing) as conn:
        seed_version_2(conn)
        conn.execute(
            "UPDATE advisers SET deactivated_by_staff = 1 WHERE telegram_id = ?", (RETIRED,)
        )
    conn.close()
    await migrate(path)
    ((deactivated_at, through),) = rows(
        path,
        f"SELECT deactivated_at, void_invites_through FROM advisers WHERE telegram_id = {RETIRED}",
    )
    assert deactivated_at is not None
    assert through == 2  # the invites made by then cannot bring them back


@pytest.mark.parametrize("version", range(1, len(MIGRATIONS)))
async def test_every_older_version_migrates_without_losing_a_question(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "bot.db"
    with at_version(path, version) as conn:
        seed_version_1(conn)
    conn.close()
    await migrate(path)
    assert rows(path, "SELECT user_id, text, feedback FROM questions") == [
        (5001, "工伤怎么认定", 1)
    ]
    assert rows(path, "SELECT user_id, last_seen FROM residents") == [(5001, T1)]
