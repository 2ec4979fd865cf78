"""Which outbox rows Telegram took, known the moment it answered, so a kill cannot resend them.

The outbox marks a row sent in SQLite once Telegram accepted it. That commit waits for the
shared transaction lock, behind whatever other handlers queued; a kill (or a locked
database) in that wait used to leave a delivered row due, and the next drain sent it again.
A receipt closes the gap: right after Telegram's answer, in the same task and with no await
in between, the drain writes one small file named after the row, holding the message id
Telegram gave it; then it commits the mark, then deletes the file. A drain that finds a
receipt for a due row marks it sent with that message id instead of sending it again, and
at start-up every receipt left behind is settled so. Writing a file is one system call, and
a SIGKILL cannot undo it (the kernel has the bytes).

What no client can close is a send in flight at the kill (sent, not yet answered): its row
is still due and is sent again, a duplicate rather than a loss. So that such sends can be
counted, the file is first written empty ("being sent") just before the request, and a
start-up that finds one logs the row as sent again with its outcome unknown.

A long text goes out as several messages. Each part Telegram took is counted in the file
("being sent, N parts taken"), so a send cut short between parts (a kill, a failure, a
flood limit) is resumed at its first unsent part instead of sending the taken ones again;
such a receipt is kept, across restarts, until the row is marked sent or given up. A
receipt holds no personal data (a row number, a count, a message id) and lives only until
the mark is committed.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from bot.storage.database import Database

__all__ = ["NOT_RECORDED", "OutboxReceipts", "outbox_receipts_dir"]

log = logging.getLogger(__name__)

_SUFFIX = ".sent"
_SENDING = b"?"
NOT_RECORDED = -1
"""What :meth:`OutboxReceipts.get` returns for a row without a receipt (or being sent)."""


def outbox_receipts_dir(database: Database) -> Path | None:
    """Return the receipts' directory beside ``database``'s file (``None`` in memory)."""
    if database.path == Path(":memory:"):
        return None
    return database.path.with_name(f"{database.path.name}-outbox")


class OutboxReceipts:
    """One tiny file per outbox row Telegram took and not yet marked sent, in ``directory``."""

    def __init__(self, directory: Path | None) -> None:
        """Keep receipts in ``directory`` (created, owner only; ``None``: keep none)."""
        self._directory = directory
        if directory is not None:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)

    def sending(self, outbox_id: int, *, parts_taken: int = 0) -> None:
        """Note that row ``outbox_id`` is being sent (its outcome not known yet).

        Args:
            outbox_id: The row.
            parts_taken: How many of its messages Telegram took already (a split text).
        """
        self._write(outbox_id, _SENDING + (str(parts_taken).encode() if parts_taken else b""))

    def record(self, outbox_id: int, message_id: int | None) -> None:
        """Note that Telegram took row ``outbox_id`` as ``message_id``; durable on return."""
        self._write(outbox_id, b"" if message_id is None else str(message_id).encode())

    def _write(self, outbox_id: int, content: bytes) -> None:
        if self._directory is None:
            return
        try:
            fd = os.open(self._path(outbox_id), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, content)
            finally:
                os.close(fd)
        except OSError as exc:
            # Without it a kill before the mark sends the row again: a duplicate, not a loss.
            log.warning("outbox receipt of row %d not written: %s", outbox_id, exc)

    def get(self, outbox_id: int) -> int | None:
        """Return the message id recorded for ``outbox_id`` (``None``: taken, id unknown).

        Returns:
            :data:`NOT_RECORDED` when the row has no receipt.
        """
        if self._directory is None:
            return NOT_RECORDED
        try:
            text = self._path(outbox_id).read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return NOT_RECORDED
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("outbox receipt of row %d unreadable: %s", outbox_id, exc)
            return NOT_RECORDED
        if text.startswith(_SENDING.decode()):
            return NOT_RECORDED
        return int(text) if text.isdigit() else None

    def being_sent(self, outbox_id: int) -> bool:
        """Whether row ``outbox_id`` was being sent and not known to be taken whole."""
        if self._directory is None:
            return False
        try:
            return self._path(outbox_id).read_bytes().startswith(_SENDING)
        except OSError:
            return False

    def parts_taken(self, outbox_id: int) -> int:
        """Return how many messages of row ``outbox_id``'s split text Telegram took (0: none).

        Only a send cut short between parts has any: the next send starts after them.
        """
        if self._directory is None:
            return 0
        try:
            content = self._path(outbox_id).read_bytes()
        except OSError:
            return 0
        count = content.removeprefix(_SENDING)
        return int(count) if content.startswith(_SENDING) and count.isdigit() else 0

    def forget(self, outbox_id: int) -> None:
        """Delete the receipt of ``outbox_id`` (its mark is committed)."""
        if self._directory is None:
            return
        try:
            self._path(outbox_id).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("outbox receipt of row %d not deleted: %s", outbox_id, exc)

    def rows(self) -> list[int]:
        """Return the rows that have a receipt, in order."""
        if self._directory is None:
            return []
        found: list[int] = []
        for path in self._directory.glob(f"*{_SUFFIX}"):
            stem = path.name.removesuffix(_SUFFIX)
            if stem.isdigit():
                found.append(int(stem))
        return sorted(found)

    def _path(self, outbox_id: int) -> Path:
        assert self._directory is not None
        return self._directory / f"{outbox_id}{_SUFFIX}"
