"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from sandbox import SandboxServer

DATA_DIR = Path(__file__).resolve().parent / "data"
DEV_QUESTIONS = DATA_DIR / "dev-questions.yaml"


@dataclass(frozen=True, slots=True)
class LabelledQuestion:
    """A dev question with its expected item id (``None``: out of scope)."""

    text: str
    topic: str | None
    style: str
    also: str | None = None
    """For a multi-matter question: the second matter, which should be offered too."""


def load_dev_questions(path: Path = DEV_QUESTIONS) -> list[LabelledQuestion]:
    """Read the labelled dev questions.

    A multi-matter question names its second matter as ``also`` or, in the sets written since
    holdout13, ``second_topic``: both are read, or the set's "2nd offered" figure is lost.
    """
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        LabelledQuestion(
            entry["q"],
            entry["topic"],
            entry.get("style", ""),
            entry.get("also") or entry.get("second_topic"),
        )
        for entry in raw["questions"]
    ]


def load_questions() -> list[str]:
    """Return the dev questions the bot answers, for a load: those with a topic.

    A request for a person (转人工, 我要找律师) is left out although its topic is the adviser
    item: the bot takes it as the 找法律顾问 key and starts the intake, which would answer the
    resident's next questions with its step again instead of answering them.
    """
    from handlers.typed_answers import asks_for_a_person

    return [q.text for q in load_dev_questions() if q.topic and not asks_for_a_person(q.text)]


def memory_mib(field: str, pid: int | str = "self") -> float:
    """Return a memory figure (``VmRSS``, ``VmHWM``…) of a process from ``/proc``, in MiB.

    Returns 0 where ``/proc`` is unavailable (not Linux) or has no such field.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        name, _, value = line.partition(":")
        if name == field:
            return int(value.split()[0]) / 1024
    return 0.0


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` percentile (0..1) of ``values`` by nearest rank."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    """Return the median of ``values``."""
    return statistics.median(values)


def bot_env(
    server: SandboxServer, folder: Path, *, root: Path, db_name: str = "bench.db", **settings: str
) -> dict[str, str]:
    """Return the environment of ``python -m bot run`` against ``server``, files in ``folder``.

    Args:
        server: The sandbox Bot API the bot talks to.
        folder: Where its database and old state file live.
        root: The checkout whose bot runs (``PYTHONPATH``).
        db_name: The database file's name in ``folder``.
        **settings: Further settings, by their environment names.
    """
    return {
        **os.environ,
        "PYTHONPATH": str(root),
        "BOT_TOKEN": server.token,
        "BOT_API_URL": server.base_url,
        "BOT_API_FILE_URL": server.base_file_url,
        "DB_PATH": str(folder / db_name),
        "STATE_PATH": str(folder / "conversations.pickle"),
        "PTB_TIMEDELTA": "true",
        **settings,
    }


async def start_bot(
    env: dict[str, str], folder: Path, stderr: int | IO[str] = asyncio.subprocess.DEVNULL
) -> asyncio.subprocess.Process:
    """Start ``python -m bot run`` in ``folder`` with ``env`` (its output discarded)."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=folder, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=stderr,
    )  # fmt: skip


async def stop_process(child: asyncio.subprocess.Process, timeout: float = 30) -> None:  # noqa: ASYNC109
    """Stop a bot process as Ctrl-C would (SIGINT); kill it if it has not ended in ``timeout``."""
    child.send_signal(signal.SIGINT)
    try:
        await asyncio.wait_for(child.wait(), timeout=timeout)
    except TimeoutError:
        child.kill()
