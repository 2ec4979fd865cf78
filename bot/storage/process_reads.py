"""Large read-only queries run in a child process, so their work uses another core.

A year's ledger reads hundreds of thousands of rows. On a connection of the bot's process,
SQLite's own work runs outside the GIL but turning each row into Python objects does not,
and it holds up the Python that builds the workbook meanwhile. :func:`fetch_in_process`
runs the statements in a short-lived child interpreter (this file run as a script: it
imports only the standard library) on its own read-only connection, inside one read
transaction (the statements see one state of the database), and returns the rows as
tuples through ``marshal``, which reads them back in a fraction of the time.
"""

from __future__ import annotations

import asyncio
import marshal
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["ProcessReadError", "Statement", "fetch_in_process"]

Statement = tuple[str, Sequence[Any] | dict[str, Any]]
"""A query and its parameters."""


class ProcessReadError(sqlite3.DatabaseError):
    """The child process could not read: its last line of error output."""


async def fetch_in_process(
    path: Path, statements: Sequence[Statement], *, busy_timeout_ms: int
) -> list[list[tuple[Any, ...]]]:
    """Return every row of each statement, read from the database file at ``path``.

    Args:
        path: The database file (not ``:memory:``: a child cannot open that).
        statements: The queries and their parameters; values are numbers, text or ``None``.
        busy_timeout_ms: How long the child waits for a locked database.

    Raises:
        ProcessReadError: The child failed (no such file or table, a bad query …).
    """
    request = marshal.dumps(
        (str(path), [(sql, _params(params)) for sql, params in statements], busy_timeout_ms)
    )
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-I",  # isolated: no site-packages, environment or this folder on the path
        __file__,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await child.communicate(request)
    except BaseException:
        # Cancelled (or the loop is closing): the child must not read on alone.
        if child.returncode is None:
            child.kill()
            await child.wait()
        raise
    if child.returncode != 0:
        lines = err.decode(errors="replace").strip().splitlines()
        raise ProcessReadError(lines[-1] if lines else f"exit status {child.returncode}")
    rows: list[list[tuple[Any, ...]]] = marshal.loads(out)
    return rows


def _params(params: Sequence[Any] | dict[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
    return dict(params) if isinstance(params, dict) else tuple(params)


def _main() -> None:
    """The child: read the request from standard input, write the rows to standard output."""
    path, statements, busy_timeout_ms = marshal.load(sys.stdin.buffer)
    # mode=rw: a missing file is an error, not a new empty database.
    uri = f"{Path(path).resolve().as_uri()}?mode=rw"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms):d}")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN")
        results = [conn.execute(sql, params).fetchall() for sql, params in statements]
        conn.execute("COMMIT")
    finally:
        conn.close()
    marshal.dump(results, sys.stdout.buffer)


if __name__ == "__main__":
    _main()
