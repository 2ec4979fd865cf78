"""One resident floods the bot; how long does another resident wait for each answer?

Run from the repository root: ``python benchmarks/flood.py [--flood 100 --questions 20]``.

The bot runs in its own process (``python -m bot run``) with PTB's ``AIORateLimiter`` on, as
in production, against a sandbox Bot API server in this process that enforces Telegram's
per-chat flood limit (one message per second and chat; a faster send gets ``429 Too Many
Requests``). A second resident asks ``--questions`` questions one after another, waiting for
each answer and pausing ``--pause`` seconds before the next (so their own chat stays within
the limit). That runs twice, each time against a fresh bot and database: once alone, once
while a first resident has just sent ``--flood`` messages at once. Latency is from the second
resident's message to the bot's answer arriving at the sandbox; p50/p99 are printed side by
side, with what became of the flood (answered, refused with the "too fast" notice).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import load_questions, median, percentile, stop_process
from bot import texts
from sandbox import SandboxServer

ROOT = Path(__file__).resolve().parents[1]
FLOODER, ASKER, WARM = 500, 600, 700
PER_CHAT_PER_SECOND = 1.0
"""Telegram's flood limit for one chat, as the sandbox enforces it."""


@dataclass(frozen=True, slots=True)
class Run:
    """Figures of one run."""

    name: str
    latencies_ms: list[float]
    flood_sent: int
    flood_answered: int
    flood_notices: int
    flood_apologies: int


async def _ask(server: SandboxServer, questions: list[str], pause: float) -> list[float]:
    user = server.user(ASKER)
    latencies = []
    for text in questions:
        await asyncio.sleep(pause)
        start = time.perf_counter()
        await user.send_text(text)
        await user.wait_for_messages(1, timeout=120)
        latencies.append((time.perf_counter() - start) * 1000)
    return latencies


async def _measure(name: str, questions: list[str], flood: int, pause: float) -> Run:
    with tempfile.TemporaryDirectory() as tmp:
        async with SandboxServer(rate_limit_per_chat_per_second=PER_CHAT_PER_SECOND) as server:
            env = {
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "BOT_TOKEN": server.token,
                "BOT_API_URL": server.base_url,
                "BOT_API_FILE_URL": server.base_file_url,
                "DB_PATH": str(Path(tmp) / "bench.db"),
                "STATE_PATH": str(Path(tmp) / "conversations.pickle"),
                "RATE_LIMIT": "true",
                "PTB_TIMEDELTA": "true",
            }
            child = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=tmp, env=env,
                stderr=asyncio.subprocess.DEVNULL,
            )  # fmt: skip
            try:
                warm = server.user(WARM)
                await warm.send_text("工伤认定怎么申请")
                await warm.wait_for_messages(1, timeout=60)
                flooder = server.user(FLOODER)
                for n in range(flood):
                    await flooder.send_text(questions[n % len(questions)])
                latencies = await _ask(server, questions, pause)
                received = [message.text for message in flooder.transcript()]
            finally:
                await stop_process(child)
    limited = texts.RATE_LIMITED.split("（", 1)[0]
    notices = sum(text == texts.TOO_FAST or text.startswith(limited) for text in received)
    apologies = sum(text == texts.INTERNAL_ERROR for text in received)
    return Run(name, latencies, flood, len(received) - notices - apologies, notices, apologies)


def main() -> None:
    """Measure the second resident's latency without and with the flood; print side by side."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--flood", type=int, default=100, help="messages the flooder sends")
    parser.add_argument("--questions", type=int, default=20, help="questions the other asks")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between questions")
    args = parser.parse_args()
    pool = load_questions()
    questions = pool[: args.questions]
    runs = [
        asyncio.run(_measure("no flood", questions, 0, args.pause)),
        asyncio.run(_measure(f"flood of {args.flood}", questions, args.flood, args.pause)),
    ]
    print(
        f"second resident: {args.questions} questions, {args.pause:.1f} s apart; flood limit "
        f"{PER_CHAT_PER_SECOND:g} message/s per chat; AIORateLimiter on"
    )
    print(f"{'run':<16}{'answers':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for run in runs:
        print(
            f"{run.name:<16}{len(run.latencies_ms):>8}{median(run.latencies_ms):>9.1f}"
            f"{percentile(run.latencies_ms, 0.99):>9.1f}{max(run.latencies_ms):>9.1f}"
        )
    flooded = runs[1]
    print(
        f"flooder: {flooded.flood_sent} sent at once; by the time the other resident was done "
        f"{flooded.flood_answered} answer(s), {flooded.flood_notices} 'too fast' or "
        "'rate limited' notice(s), "
        f"{flooded.flood_apologies} apology(ies)"
    )


if __name__ == "__main__":
    main()
