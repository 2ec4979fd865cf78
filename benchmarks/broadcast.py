"""A 普法 campaign to many subscribers at Telegram's limits, then the same with the bot killed.

Run from the repository root:
``python benchmarks/broadcast.py [--subscribers 10000] [--kills 2]``.

The bot runs in its own process (``python -m bot run``, PTB's rate limiter on as deployed)
against a sandbox Bot API server in this process (loopback only) that keeps Telegram's
limits: 1 message a second per chat and ``--overall`` (30) a second for the bot; what goes
over them is answered 429 with ``retry_after``. ``--subscribers`` residents are subscribed
(written to the database before the start, as if each had sent /subscribe), then staff send
``/campaign`` for the current minute. Printed per run: the drain time from the first copy to
the last, the rate against the limit (the floor is subscribers / overall seconds), the 429
answers the sandbox gave and those that got past PTB's rate limiter (from the bot's logs),
residents reached, missing and duplicate copies. With ``--kills K``
a second run SIGKILLs the bot K times at even points of the drain and starts it again at
once: every subscriber must still get the message; duplicates (a copy accepted in the
instant of a kill, before the bot recorded it) are counted and reported.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import signal
import sqlite3
import sys
import tempfile
import time
from asyncio.subprocess import Process
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import bot_env, start_bot, stop_process
from sandbox import SandboxServer

ROOT = Path(__file__).resolve().parents[1]
STAFF = 9001
FIRST_SUBSCRIBER = 100_001
BODY = "12月4日是国家宪法日。尊法学法守法用法，从我做起。（嘉祥街道司法所）"


@dataclass(frozen=True, slots=True)
class Run:
    """What one campaign run measured."""

    subscribers: int
    kills: int
    drain_seconds: float
    refused_429: int
    escaped_429: int
    """429 answers that got past PTB's rate limiter to the sender (from the bot's log)."""
    reached: int
    missing: int
    duplicates: int


def _env(server: SandboxServer, tmp: Path) -> dict[str, str]:
    return bot_env(
        server,
        tmp,
        root=ROOT,
        STAFF_IDS=str(STAFF),
        CAMPAIGN_INTERVAL_SECONDS="1",
        API_TIMEOUT="10",
    )


def _subscribe(db_path: Path, subscribers: range) -> None:
    """Write the subscriptions (the bot's migrations have run: it started once)."""
    with sqlite3.connect(db_path) as conn:
        conn.executemany(
            "INSERT INTO subscriptions (user_id, subscribed_at) VALUES (?, '2026-11-01T00:00:00Z')",
            [(user_id,) for user_id in subscribers],
        )


def _copies(server: SandboxServer, chat_id: int) -> int:
    messages = server.world.bot_messages.get(chat_id, {})
    return sum(1 for message in messages.values() if message.text == BODY)


def _sent(server: SandboxServer) -> int:
    return sum(
        1
        for call in server.world.calls
        if call.method == "sendMessage" and call.status == 200 and call.params.get("text") == BODY
    )


def _first_and_last(server: SandboxServer) -> tuple[float, float]:
    times = [
        call.at
        for call in server.world.calls
        if call.method == "sendMessage" and call.params.get("text") == BODY and call.status == 200
    ]
    return (min(times), max(times)) if times else (0.0, 0.0)


async def _poll(condition: Callable[[], bool], every: float) -> None:
    """Wait until ``condition()``, checked every ``every`` seconds (it reads 10,000 chats)."""
    while not condition():  # noqa: ASYNC110 - a poll, not an event per message
        await asyncio.sleep(every)


async def _start(env: dict[str, str], tmp: Path, logs: list[Path]) -> Process:
    """Start the bot, its log in a file of its own (appended to ``logs``)."""
    log = tmp / f"bot-{len(logs)}.log"
    logs.append(log)
    with log.open("w", encoding="utf-8") as stderr:
        return await start_bot(env, tmp, stderr=stderr)


async def _wait_polling(server: SandboxServer, since: int) -> None:
    await _poll(
        lambda: any(call.method == "getUpdates" for call in server.world.calls[since:]), 0.05
    )


_ESCAPED = "a 429 got past the rate limiter"
"""What the sender logs for each 429 that PTB's rate limiter did not ride out."""


def _escaped(logs: list[Path]) -> int:
    """Count the 429s that got past the rate limiter, in the logs of every bot process."""
    return sum(log.read_text(encoding="utf-8", errors="replace").count(_ESCAPED) for log in logs)


async def _run(subscribers: int, kills: int, overall: float, settle: float) -> Run:
    ids = range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + subscribers)
    async with SandboxServer(
        rate_limit_per_chat_per_second=1.0, rate_limit_overall_per_second=overall
    ) as server:
        for user_id in ids:
            server.user(user_id)
            server.world.started.add(user_id)  # each has talked to the bot before
        staff = server.user(STAFF)
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            env = _env(server, tmp)
            logs: list[Path] = []
            child = await _start(env, tmp, logs)
            await _wait_polling(server, 0)
            await stop_process(child)
            _subscribe(tmp / "bench.db", ids)
            child = await _start(env, tmp, logs)
            await _wait_polling(server, len(server.world.calls))
            when = dt.datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
            await staff.send_text(f"/campaign {when} {BODY}")
            floor = subscribers / overall
            for number in range(1, kills + 1):
                target = subscribers * number // (kills + 1)
                await _poll(lambda: _sent(server) >= target, 0.2)  # noqa: B023 - awaited here
                child.send_signal(signal.SIGKILL)
                await child.wait()
                child = await _start(env, tmp, logs)
            deadline = time.monotonic() + floor * 2 + settle
            while time.monotonic() < deadline:
                if any("推送已发送完毕" in message.text for message in staff.transcript()):
                    break
                await asyncio.sleep(0.5)
            await asyncio.sleep(2.0)  # a late duplicate would come now
            await stop_process(child)
            escaped = _escaped(logs)
        counts = [_copies(server, chat) for chat in ids]
        first, last = _first_and_last(server)
        return Run(
            subscribers=subscribers,
            kills=kills,
            drain_seconds=last - first,
            refused_429=server.flood_limit.refused,
            escaped_429=escaped,
            reached=sum(1 for count in counts if count),
            missing=sum(1 for count in counts if not count),
            duplicates=sum(count - 1 for count in counts if count > 1),
        )


def _print(run: Run, overall: float) -> None:
    floor = run.subscribers / overall
    rate = run.subscribers / run.drain_seconds if run.drain_seconds else 0.0
    print(
        f"kills {run.kills}: {run.subscribers} subscribers, drain {run.drain_seconds:.1f} s "
        f"(floor {floor:.1f} s), {rate:.1f}/s = {rate / overall:.3f} of the limit; "
        f"429 answered {run.refused_429}, past the rate limiter {run.escaped_429}; "
        f"reached {run.reached}, missing {run.missing}, "
        f"duplicates {run.duplicates}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--overall", type=float, default=30.0, help="the sandbox's limit a second")
    parser.add_argument("--settle", type=float, default=60.0)
    args = parser.parse_args()
    _print(asyncio.run(_run(args.subscribers, 0, args.overall, args.settle)), args.overall)
    if args.kills:
        run = asyncio.run(_run(args.subscribers, args.kills, args.overall, args.settle))
        _print(run, args.overall)


if __name__ == "__main__":
    main()
