"""The one transaction mechanism: atomic blocks on the shared connection, between tasks.

What is durable is read through a second, independent connection to the file: what the
bot's own connection shows may still be uncommitted.
"""

from __future__ import annotations

import ast
import asyncio
import datetime as dt
import sqlite3
from pathlib import Path

import aiosqlite
import pytest

from bot.services import NoticeKind, build_consultation_services
from bot.services.questions import QuestionService
from bot.storage import (
    Database,
    OutboxRepository,
    QuestionRepository,
    ResidentRepository,
    transaction,
)
from knowledge import KnowledgeBase
from tests.test_consultation_service import CONFIG, MONDAY_10, RESIDENT, STAFF, FixedClock

NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
REPO = Path(__file__).resolve().parents[1]


class Boom(Exception):
    """A use case failing halfway."""


def durable(db: Database, sql: str) -> list[tuple[object, ...]]:
    """Return the rows of ``sql`` as committed to the file (a connection of its own)."""
    with sqlite3.connect(db.path) as conn:
        return [tuple(row) for row in conn.execute(sql)]


def durable_count(db: Database, table: str) -> int:
    """Return how many rows of ``table`` are committed."""
    [(count,)] = durable(db, f"SELECT count(*) FROM {table}")
    assert isinstance(count, int)
    return count


def questions_service(db: Database, kb: KnowledgeBase) -> QuestionService:
    return QuestionService(kb, ResidentRepository(db), QuestionRepository(db), clock=lambda: NOW)


async def test_a_block_that_raises_keeps_none_of_its_writes(
    database: Database, kb: KnowledgeBase
) -> None:
    service = questions_service(database, kb)

    async def half_done() -> None:
        async with transaction(database):
            await service.register(1, "zh-hans")
            asked = await service.ask(1, "工伤怎么认定")
            assert asked.question_id is not None
            await service.feedback(1, asked.question_id, helpful=True)
            await service.remember_community(1, "yingfeng")
            await OutboxRepository(database).enqueue(1, "notice", {"a": 1}, now=NOW)
            raise Boom

    with pytest.raises(Boom):
        await half_done()
    for table in ("residents", "questions", "outbox"):
        assert durable_count(database, table) == 0, table
    assert not database.conn.in_transaction
    # The connection is usable afterwards, and a block that ends well is kept.
    asked = await service.ask(2, "工伤怎么认定")
    assert durable(database, "SELECT id, user_id FROM questions") == [(asked.question_id, 2)]


async def test_nested_blocks_join_the_outer_one(database: Database) -> None:
    residents = ResidentRepository(database)
    async with transaction(database):
        await residents.touch(1, None, NOW)
        async with transaction(database):
            await residents.touch(2, None, NOW)
        assert durable_count(database, "residents") == 0, "the inner block does not commit"
    assert durable_count(database, "residents") == 2


async def test_a_failed_commit_is_rolled_back_and_the_connection_stays_usable(
    database: Database,
) -> None:
    async def orphan_question() -> None:
        async with transaction(database) as conn:
            await conn.execute("PRAGMA defer_foreign_keys = ON")
            await conn.execute(
                "INSERT INTO questions (user_id, asked_at, text, decision, score, category) "
                "VALUES (404, '2026-03-01T08:00:00Z', '无主', 'unknown', 0, 'other')"
            )

    with pytest.raises(aiosqlite.IntegrityError, match="FOREIGN KEY"):
        await orphan_question()
    assert not database.conn.in_transaction
    await ResidentRepository(database).touch(1, None, NOW)
    assert durable(database, "SELECT user_id FROM residents") == [(1,)]
    assert durable_count(database, "questions") == 0


async def test_a_cancelled_block_keeps_nothing_and_frees_the_lock(database: Database) -> None:
    residents = ResidentRepository(database)
    inside = asyncio.Event()

    async def interrupted() -> None:
        async with transaction(database):
            await residents.touch(1, None, NOW)
            inside.set()
            await asyncio.Event().wait()

    task = asyncio.create_task(interrupted())
    await inside.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not database.conn.in_transaction
    await asyncio.wait_for(residents.touch(2, None, NOW), timeout=5)
    assert durable(database, "SELECT user_id FROM residents") == [(2,)]


async def test_failing_use_cases_do_not_touch_other_tasks_questions(
    database: Database, kb: KnowledgeBase
) -> None:
    service = questions_service(database, kb)
    outbox = OutboxRepository(database)
    texts = ["工伤怎么认定", "离婚冷静期", "老板拖欠工资怎么办", "邻居噪音扰民"]

    async def ask(n: int) -> tuple[int, str, int | None]:
        text = f"{texts[n % len(texts)]} {n}"
        asked = await service.ask(10_000 + n, text)
        return 10_000 + n, text, asked.question_id

    async def fail(n: int) -> None:
        async with transaction(database):
            await outbox.enqueue(n, "notice", {"n": n}, now=NOW)
            await asyncio.sleep(0)
            await ResidentRepository(database).touch(90_000 + n, None, NOW)
            raise Boom

    tasks = [coro for n in range(300) for coro in (ask(n), fail(n))]
    results = await asyncio.gather(*tasks, return_exceptions=True)
    asked = [r for r in results if isinstance(r, tuple)]
    assert sum(isinstance(r, Boom) for r in results) == 300
    assert len(asked) == 300
    ids = [question_id for _, _, question_id in asked]
    assert None not in ids, "every question was logged"
    assert len(set(ids)) == 300, "no id handed out twice"
    stored = {
        row[0]: row[1:] for row in durable(database, "SELECT id, user_id, text FROM questions")
    }
    assert stored == {question_id: (user, text) for user, text, question_id in asked}
    assert durable_count(database, "outbox") == 0
    assert durable_count(database, "residents") == 300


async def test_an_outbox_failure_leaves_no_orphan_message(
    database: Database, kb: KnowledgeBase
) -> None:
    desk = build_consultation_services(
        database, CONFIG, frozenset({STAFF}), clock=FixedClock(MONDAY_10)
    )
    await desk.advisers.sync_config_advisers()
    await desk.consultations.open_consultation(
        RESIDENT, community_id="yingfeng", category="labor", summary="拖欠工资", consent=False
    )
    await database.conn.execute(
        f"""
        CREATE TEMP TRIGGER outbox_full BEFORE INSERT ON outbox
        WHEN NEW.kind = '{NoticeKind.MESSAGE_TO_ADVISER.value}'
        BEGIN SELECT RAISE(ABORT, 'outbox is full'); END
        """
    )
    messages_before = durable_count(database, "consultation_messages")
    events_before = durable_count(database, "consultation_events")
    service = questions_service(database, kb)

    relayed = desk.relay.resident_message(RESIDENT, "text", "补充：有欠条", None)
    asked = [service.ask(20_000 + n, f"工伤怎么认定 {n}") for n in range(20)]
    results = await asyncio.gather(relayed, *asked, return_exceptions=True)

    assert isinstance(results[0], aiosqlite.IntegrityError)
    assert durable_count(database, "consultation_messages") == messages_before
    assert durable_count(database, "consultation_events") == events_before
    assert durable_count(database, "questions") == 20


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
_MIGRATOR = REPO / "bot" / "storage" / "database.py"


def _sql_of(call: ast.Call) -> str:
    if not call.args:
        return ""
    first = call.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    if isinstance(first, ast.JoinedStr):
        return "".join(
            part.value
            for part in first.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    return ""


def _in_transaction(parents: list[ast.AST]) -> bool:
    return any(
        isinstance(node, ast.AsyncWith)
        and any(
            isinstance(item.context_expr, ast.Call)
            and isinstance(item.context_expr.func, ast.Name)
            and item.context_expr.func.id == "transaction"
            for item in node.items
        )
        for node in parents
    )


def _in_block_body(parents: list[ast.AST]) -> bool:
    """Whether the code is in a plain function given the ``sqlite3`` connection.

    Such a function is a block's statements run by ``write_block`` on the database thread:
    the only way to that connection is ``Database.on_thread``, which only ``transaction.py``
    may call (checked below).
    """
    return any(
        isinstance(node, ast.FunctionDef)
        and any(
            isinstance(arg.annotation, ast.Attribute)
            and isinstance(arg.annotation.value, ast.Name)
            and (arg.annotation.value.id, arg.annotation.attr) == ("sqlite3", "Connection")
            for arg in [*node.args.args, *node.args.kwonlyargs]
        )
        for node in parents
    )


def _stray_writes(path: Path) -> list[str]:
    found: list[str] = []

    def visit(node: ast.AST, parents: list[ast.AST]) -> None:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            where = f"{path.name}:{node.lineno}"
            if name in {"commit", "rollback"}:
                found.append(f"{where} calls {name}()")
            if name == "on_thread" and path.name != "transaction.py":
                found.append(f"{where} runs on the database thread outside write_block()")
            sql = _sql_of(node).lstrip().upper()
            if (
                name in {"execute", "executemany", "executescript"}
                and sql.startswith(_WRITES)
                and not _in_transaction(parents)
                and not _in_block_body(parents)
            ):
                found.append(f"{where} writes outside transaction()")
        for child in ast.iter_child_nodes(node):
            visit(child, [*parents, node])

    visit(ast.parse(path.read_text(encoding="utf-8")), [])
    return found


def test_every_write_goes_through_transaction() -> None:
    paths = [p for p in (REPO / "bot").rglob("*.py") if p != _MIGRATOR]
    paths += [*(REPO / "handlers").rglob("*.py"), REPO / "tests" / "stats_seed.py"]
    assert [stray for path in sorted(paths) for stray in _stray_writes(path)] == []


def test_the_checker_sees_a_stray_write(tmp_path: Path) -> None:
    bad = tmp_path / "stray.py"
    source = (
        "async def f(db, conn):\n"
        "    await conn.execute('UPDATE questions SET feedback = 1')\n"
        "    await conn.commit()\n"
        "    async with transaction(db) as inner:\n"
        "        await inner.execute('DELETE FROM outbox')\n"
        "    await db.on_thread(lambda raw: raw.execute('DELETE FROM inbox'))\n"
        "def body(conn: sqlite3.Connection):\n"
        "    conn.execute('DELETE FROM inbox')\n"
    )
    bad.write_text(source, encoding="utf-8")
    assert _stray_writes(bad) == [
        "stray.py:2 writes outside transaction()",
        "stray.py:3 calls commit()",
        "stray.py:6 runs on the database thread outside write_block()",
        "stray.py:6 writes outside transaction()",
    ]
