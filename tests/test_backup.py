"""`python -m bot backup`: a copy taken while the bot runs restores to the same ledger."""

from __future__ import annotations

import asyncio
import io
import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from bot.backup import BackupError, backup_database
from bot.cli import main
from bot.reports.command import run_stats
from knowledge import KnowledgeBase
from sandbox import SandboxServer
from tests.e2e import bot_running, one, sandbox_settings


def ledger(settings_path: Path) -> str:
    from bot.config import Settings

    settings = Settings(_env_file=None, db_path=settings_path)
    out = io.StringIO()
    assert run_stats(settings, period="2026", fmt="json", out=out, err=io.StringIO()) == 0
    report = json.loads(out.getvalue())
    # When the report was made (and the backlog's "as of") differ between two readings.
    report.pop("generated_at")
    report["backlog"].pop("as_of")
    return json.dumps(report, ensure_ascii=False, sort_keys=True)


async def test_backup_while_running_then_restore_gives_the_same_ledger(
    tmp_path: Path,
    kb: KnowledgeBase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    live = tmp_path / "live"
    backups = tmp_path / "backups"
    backups.mkdir()
    async with SandboxServer() as server:
        settings = sandbox_settings(server, live)
        async with bot_running(server, settings, kb):
            for number, question in enumerate(
                ("老板拖欠工资怎么办", "离婚冷静期多久", "红烧肉怎么做")
            ):
                resident = server.user(5100 + number, f"居民{number}")
                await resident.send_text(question)
                await one(resident)
            # The bot is running: its latest writes sit in the WAL, not yet in the main file.
            assert (live / "bot.db-wal").stat().st_size > 0
            monkeypatch.setenv("DB_PATH", str(settings.db_path))
            assert main(["backup", str(backups)]) == 0
        (copy,) = backups.glob("bot-*.db")
        assert f"wrote {copy}" in capsys.readouterr().out
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert not list(backups.glob("*.partial"))
        with sqlite3.connect(copy) as conn:
            assert conn.execute("SELECT count(*) FROM questions").fetchone() == (3,)

        restored = tmp_path / "restored"
        restored.mkdir()
        shutil.copy2(copy, restored / "bot.db")
        again = sandbox_settings(server, restored)
        async with bot_running(server, again, kb):
            resident = server.user(5100, "居民0")
            await resident.send_command("/my")
            await one(resident)  # the restored bot starts and answers
    # run_stats runs its own event loop, so it is called from a worker thread here.
    restored_ledger = await asyncio.to_thread(ledger, restored / "bot.db")
    assert restored_ledger == await asyncio.to_thread(ledger, live / "bot.db")
    assert json.loads(restored_ledger)["self_service"]["questions"] == 3


def test_backup_of_a_missing_database_names_it(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no database at"):
        backup_database(tmp_path / "missing.db", tmp_path / "copy.db")


def test_backup_cli_reports_an_unwritable_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bot.db"
    sqlite3.connect(db).close()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("DB_PATH", str(db))
    assert main(["backup", str(blocker / "inside" / "copy.db")]) == 2
    assert "cannot back up" in capsys.readouterr().err
    assert os.path.exists(blocker)
