"""Invites are bearer tokens: only their hash is kept; staff list and revoke them; the staff
member who made one is told who used it; an old invite cannot undo a staff deactivation."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from bot.services import (
    AccessDenied,
    Conflict,
    ConflictReason,
    ConsultationServices,
    NotFound,
    NoticeKind,
    Role,
    build_consultation_services,
)
from bot.storage import Database
from bot.storage.migrations import MIGRATIONS
from tests.test_consultation_service import ADVISER, CONFIG, MONDAY_10, STAFF, FixedClock

OTHER_STAFF = 2
NEWCOMER = 7777


@pytest.fixture
async def desk(database: Database) -> ConsultationServices:
    clock = FixedClock(MONDAY_10)
    services = build_consultation_services(
        database, CONFIG, frozenset({STAFF, OTHER_STAFF}), clock=clock
    )
    await services.advisers.sync_config_advisers()
    return services


async def _invite_rows(database: Database) -> list[sqlite3.Row]:
    async with database.conn.execute("SELECT * FROM invites") as cursor:
        return list(await cursor.fetchall())


async def test_only_the_hash_of_the_token_is_stored(
    database: Database, desk: ConsultationServices
) -> None:
    issued = await desk.advisers.create_invite(STAFF, "yingfeng")
    [row] = await _invite_rows(database)
    assert issued.token not in [str(value) for value in tuple(row)]
    assert row["token_hash"] == hashlib.sha256(issued.token.encode()).hexdigest()
    # The hash itself is no key: only the token opens the invite.
    with pytest.raises(NotFound):
        await desk.advisers.accept_invite(row["token_hash"], NEWCOMER, "新顾问")
    joined = await desk.advisers.accept_invite(issued.token, NEWCOMER, "新顾问")
    assert joined.community_id == "yingfeng"


async def test_staff_list_and_revoke_unused_invites(desk: ConsultationServices) -> None:
    advisers = desk.advisers
    first = await advisers.create_invite(STAFF, "yingfeng")
    second = await advisers.create_invite(OTHER_STAFF, None)
    listed = await advisers.open_invites(STAFF)
    assert [i.number for i in listed] == [first.invite.number, second.invite.number]
    assert [i.created_by for i in listed] == [STAFF, OTHER_STAFF]
    with pytest.raises(AccessDenied):
        await advisers.open_invites(ADVISER)
    with pytest.raises(AccessDenied):
        await advisers.revoke_invite(ADVISER, first.invite.number)

    revoked = await advisers.revoke_invite(OTHER_STAFF, first.invite.number)
    assert revoked.revoked_by == OTHER_STAFF
    assert [i.number for i in await advisers.open_invites(STAFF)] == [second.invite.number]
    with pytest.raises(Conflict) as refused:
        await advisers.accept_invite(first.token, NEWCOMER, "新顾问")
    assert refused.value.reason is ConflictReason.INVITE_REVOKED
    assert await advisers.resolve_role(NEWCOMER) is Role.RESIDENT
    with pytest.raises(Conflict) as twice:
        await advisers.revoke_invite(STAFF, first.invite.number)
    assert twice.value.reason is ConflictReason.INVITE_REVOKED

    await advisers.accept_invite(second.token, NEWCOMER, "新顾问")
    with pytest.raises(Conflict) as used:
        await advisers.revoke_invite(STAFF, second.invite.number)
    assert used.value.reason is ConflictReason.INVITE_USED
    with pytest.raises(NotFound):
        await advisers.revoke_invite(STAFF, 999)


async def test_the_creator_is_told_who_used_the_invite(desk: ConsultationServices) -> None:
    issued = await desk.advisers.create_invite(OTHER_STAFF, "yingfeng")
    await desk.advisers.accept_invite(issued.token, NEWCOMER, "  新 顾问 ")
    due = await desk.outbox.due(MONDAY_10.replace(year=2100), 100)
    [told] = [row for row in due if row.kind == NoticeKind.INVITE_REDEEMED]
    assert told.chat_id == OTHER_STAFF
    assert told.payload == {
        "invite_number": issued.invite.number,
        "adviser_id": NEWCOMER,
        "adviser_name": "新 顾问",
        "community_name": "迎凤社区",
    }


async def test_an_old_invite_does_not_undo_a_deactivation(desk: ConsultationServices) -> None:
    advisers = desk.advisers
    old = await advisers.create_invite(STAFF, "yingfeng")
    await desk.escalation.deactivate_adviser(STAFF, ADVISER)
    with pytest.raises(Conflict) as void:
        await advisers.accept_invite(old.token, ADVISER, "顾问甲")
    assert void.value.reason is ConflictReason.INVITE_VOID
    assert await advisers.resolve_role(ADVISER) is Role.RESIDENT
    # The old invite is still good for someone else, and a new one brings them back.
    await advisers.accept_invite(old.token, NEWCOMER, "新顾问")
    fresh = await advisers.create_invite(STAFF, "yingfeng")
    await advisers.accept_invite(fresh.token, ADVISER, "顾问甲")
    assert await advisers.resolve_role(ADVISER) is Role.ADVISER


async def test_migration_voids_unused_plain_invites(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    # The database as it was before the migration that hashes invites (later ones may follow).
    previous = next(i for i, script in enumerate(MIGRATIONS) if "invites_hashed" in script)
    with sqlite3.connect(path) as conn:
        for version, script in enumerate(MIGRATIONS[:previous], 1):
            conn.executescript(f"BEGIN;{script}; PRAGMA user_version = {version}; COMMIT;")
        conn.executescript(
            """
            INSERT INTO invites (token, community_id, is_duty, created_by, created_at, expires_at,
                                 used_by, used_at)
            VALUES ('plain-used', 'yingfeng', 0, 1, '2026-01-01T00:00:00Z',
                    '2099-01-01T00:00:00Z', 101, '2026-01-02T00:00:00Z'),
                   ('plain-open', NULL, 1, 1, '2026-01-03T00:00:00Z',
                    '2099-01-01T00:00:00Z', NULL, NULL);
            INSERT INTO advisers (telegram_id, name, community_id, is_duty, active, created_at,
                                  source, deactivated_by_staff)
            VALUES (101, '顾问甲', 'yingfeng', 0, 0, '2026-01-02T00:00:00Z', 'invite', 1);
            """
        )
    db = Database(path)
    await db.open()
    try:
        rows = await _invite_rows(db)
        assert [row["used_by"] for row in rows] == [101, None]
        assert rows[0]["revoked_at"] is None
        assert rows[1]["revoked_at"] is not None
        for row in rows:
            assert "plain" not in " ".join(str(value) for value in tuple(row))
        async with db.conn.execute("SELECT * FROM advisers WHERE telegram_id = 101") as cursor:
            adviser = await cursor.fetchone()
        assert adviser is not None
        assert adviser["deactivated_at"] is not None
        assert adviser["void_invites_through"] == 2
    finally:
        await db.close()
