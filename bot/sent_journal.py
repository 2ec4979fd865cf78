"""What the bot sent while handling each update in hand, so that a replay sends nothing twice.

After a kill, the inbox hands the updates it still holds to the application again, and their
handlers run again. Whatever Telegram had already accepted for such an update must not be
sent a second time: each Bot API call made while handling an update in hand is numbered (in
the order the handler makes it) and, once Telegram accepted it, its answer is appended to
this journal; on replay the first calls that are in the journal are answered from it instead
of calling Telegram.

Why a file per update and not a column of the inbox row: the duplicate window is the time
between Telegram accepting a message and that fact being durable. A row is written through
the shared ``transaction()`` lock, behind whatever blocks other handlers have queued (the old
mark, "row deleted once handled", had that wait in its window). Appending a line to a file is
one system call made as soon as the answer arrives, with nothing to wait for, and a SIGKILL
cannot undo it (the kernel has the bytes). What no client can close is a call in flight at
the kill (sent, not yet answered): it is made again, as the update must still be handled. A
power cut may lose the last lines: then a reply can be sent twice, never lost.

The lines hold Telegram's answers (the sent message, with its text), so a file lives no
longer than its update's inbox row: it is deleted once the update was handled, and at
start-up the files of updates no longer pending are deleted.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.storage.database import Database

__all__ = ["SentCall", "SentJournal", "sent_journal_dir"]

log = logging.getLogger(__name__)

_SUFFIX = ".jsonl"


def sent_journal_dir(database: Database) -> Path | None:
    """Return the journal's directory beside ``database``'s file (``None`` in memory)."""
    if database.path == Path(":memory:"):
        return None
    return database.path.with_name(f"{database.path.name}-sent")


@dataclass(frozen=True, slots=True)
class SentCall:
    """One Bot API call Telegram accepted while an update was handled."""

    seq: int
    """Its place among the calls made for the update (0 first)."""
    method: str
    target: str
    """The chat (or callback query) it was for, as text; ``""`` when none."""
    result: Any
    """Telegram's answer (``result`` of the Bot API reply), as decoded JSON."""


class SentJournal:
    """One append-only file per update in hand, in ``directory`` (``None``: keep nothing)."""

    def __init__(self, directory: Path | None) -> None:
        """Keep the journal in ``directory`` (created, readable by the owner only)."""
        self._directory = directory
        if directory is not None:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)

    def record(self, update_id: int, call: SentCall) -> None:
        """Append ``call`` to the journal of ``update_id``; durable against a kill on return."""
        if self._directory is None:
            return
        line = json.dumps(
            {"seq": call.seq, "method": call.method, "target": call.target, "result": call.result},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        try:
            fd = os.open(self._path(update_id), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, (line + "\n").encode())
            finally:
                os.close(fd)
        except OSError as exc:
            # Without the line a replay may send this again: a duplicate, not a loss.
            log.warning("sent journal: call %d of update %d lost: %s", call.seq, update_id, exc)

    def forget(self, update_id: int) -> None:
        """Delete the journal of ``update_id`` (it was handled)."""
        if self._directory is None:
            return
        try:
            self._path(update_id).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("sent journal: update %d not forgotten: %s", update_id, exc)

    def load(self, pending: Collection[int]) -> dict[int, dict[int, SentCall]]:
        """Return the calls recorded for the ``pending`` updates; delete every other journal.

        Returns:
            For each pending update with a journal, its calls by number.
        """
        found: dict[int, dict[int, SentCall]] = {}
        if self._directory is None:
            return found
        for path in sorted(self._directory.glob(f"*{_SUFFIX}")):
            try:
                update_id = int(path.name.removesuffix(_SUFFIX))
            except ValueError:
                continue
            if update_id not in pending:
                self.forget(update_id)
                continue
            calls = _read(path)
            if calls:
                found[update_id] = calls
        return found

    def _path(self, update_id: int) -> Path:
        assert self._directory is not None
        return self._directory / f"{update_id}{_SUFFIX}"


def _read(path: Path) -> dict[int, SentCall]:
    calls: dict[int, SentCall] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            raw = json.loads(line)
            call = SentCall(int(raw["seq"]), str(raw["method"]), str(raw["target"]), raw["result"])
        except (ValueError, KeyError, TypeError):
            # A line cut short by a crash: the call is made again (a duplicate at worst).
            log.warning("sent journal %s: unreadable line skipped", path.name)
            continue
        calls[call.seq] = call
    return calls
