"""``python -m bot backup PATH``: a consistent copy of the bot's database while it runs.

SQLite's online backup API copies the database page by page under its own locking, so the copy
is a state the database really had, even while the bot writes (WAL mode lets the copy read
beside the writer). The copy is checked with ``PRAGMA integrity_check`` and is readable by its
owner only (0600), like the database itself. Restoring is copying the file back to ``DB_PATH``
while the bot is stopped (see ``docs/operations.md``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

__all__ = ["BackupError", "backup_database", "backup_target"]


class BackupError(Exception):
    """The backup could not be taken; the message names the path."""


def backup_target(path: Path, now: dt.datetime) -> Path:
    """Return the file to write: ``path`` itself, or a time-stamped file inside a folder."""
    if path.is_dir():
        return path / f"bot-{now:%Y%m%d-%H%M%S}.db"
    return path


def backup_database(source: Path, target: Path) -> int:
    """Copy the database at ``source`` to ``target`` consistently; return its size in bytes.

    Args:
        source: The bot's database (``DB_PATH``); it may be in use by a running bot.
        target: The file to create; an existing file is replaced only once the copy is whole.

    Raises:
        BackupError: ``source`` is missing or unreadable, or ``target`` cannot be written.
    """
    if not source.is_file():
        raise BackupError(f"no database at {source} (set DB_PATH)")
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                (verdict,) = dst.execute("PRAGMA integrity_check").fetchone()
            finally:
                dst.close()
        finally:
            src.close()
        if verdict != "ok":
            raise BackupError(f"the copy of {source} failed its integrity check: {verdict}")
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"cannot back up {source} to {target}: {exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return target.stat().st_size
