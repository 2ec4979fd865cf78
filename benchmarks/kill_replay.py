"""Kill the bot (-9) again and again while residents ask; count questions unanswered or twice.

Run from the repository root: ``python benchmarks/kill_replay.py [--seconds 75 --residents 20]``.

The bot runs in its own process (``python -m bot run``) against a sandbox Bot API server in
this process (loopback only). ``--residents`` residents each ask a question, wait for its
answer (or ``--patience`` seconds), and ask the next, for ``--seconds`` seconds; meanwhile the
bot is killed with SIGKILL a random 1–5 s after it started polling, and started again at once. Each
question carries a unique tag and is out of the knowledge base's scope, so its answer echoes
it ("您的问题：…"): every bot message is attributed to exactly one question. When the asking
stops, the bot is left running until every question has an answer (or ``--settle`` seconds),
then a little longer for late duplicates. Printed: questions, kills, unanswered, answered
twice (or more), how many of those were in flight at a kill (the request reached the server
within ``IN_FLIGHT`` of the kill: no client can tell whether such a call was taken, and
sending it again is what keeps every question answered), and the inbox rows left. Set
``KILL_REPLAY_LOGS=DIR`` to keep each bot run's log there.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import bot_env, start_bot, stop_process
from sandbox import SandboxServer, SandboxUser

ROOT = Path(__file__).resolve().parents[1]
FIRST_RESIDENT = 8001
QUESTION = "[{tag}] 请问明天会下雨吗"
"""Out of scope: the answer quotes the question, tag included."""
IN_FLIGHT = 0.25
"""A first copy whose request reached the server this close to a kill was in flight: sent but
not yet answered, the bot could not know Telegram had taken it, and sends it again."""


@dataclass(slots=True)
class Tally:
    """What the residents asked, and how often the bot was killed."""

    asked: dict[int, list[str]] = field(default_factory=dict)
    kills: list[float] = field(default_factory=list)
    """``time.monotonic()`` of each kill."""


def _bot_env(server: SandboxServer, tmp: Path) -> dict[str, str]:
    return bot_env(server, tmp, root=ROOT, RATE_LIMIT="false", API_TIMEOUT="5")


async def _start(env: dict[str, str], tmp: Path) -> asyncio.subprocess.Process:
    logs = os.environ.get("KILL_REPLAY_LOGS")
    stderr = (
        asyncio.subprocess.DEVNULL
        if logs is None
        else open(  # noqa: SIM115, ASYNC230
            Path(logs) / f"run-{time.monotonic():.3f}.log", "w"
        )
    )
    return await start_bot(env, tmp, stderr)


def _answers(user: SandboxUser, tag: str) -> int:
    marker = f"[{tag}]"
    return sum(marker in message.text for message in user.transcript())


async def _resident(user: SandboxUser, tags: list[str], until: float, patience: float) -> None:
    number = 0
    while time.monotonic() < until:
        number += 1
        tag = f"{user.user_id}-{number}"
        tags.append(tag)
        marker = f"[{tag}]"
        await user.send_text(QUESTION.format(tag=tag))
        deadline = time.monotonic() + patience
        while (left := deadline - time.monotonic()) > 0:
            try:
                new = await user.wait_for_messages(1, timeout=left)
            except TimeoutError:
                break
            if any(marker in message.text for message in new):
                break


async def _polling(server: SandboxServer, since: int, until: float) -> None:
    """Wait until the bot calls ``getUpdates`` after call number ``since`` (it is up)."""
    while time.monotonic() < until:
        if any(call.method == "getUpdates" for call in server.world.calls[since:]):
            return
        await asyncio.sleep(0.02)


async def _killer(
    server: SandboxServer, tmp: Path, until: float, rng: random.Random, tally: Tally
) -> asyncio.subprocess.Process:
    env = _bot_env(server, tmp)
    child = await _start(env, tmp)
    while time.monotonic() + 1 < until:
        await _polling(server, len(server.world.calls), until)
        await asyncio.sleep(rng.uniform(1.0, 5.0))
        child.send_signal(signal.SIGKILL)
        tally.kills.append(time.monotonic())
        await child.wait()
        child = await _start(env, tmp)
    return child


async def _settle(users: list[SandboxUser], tally: Tally, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(_answers(u, tag) for u in users for tag in tally.asked[u.user_id]):
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(3.0)  # a duplicate would come now


async def run(args: argparse.Namespace) -> None:
    """Run the probe and print its figures."""
    rng = random.Random(args.seed)
    tally = Tally()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        async with SandboxServer() as server:
            users = [server.user(FIRST_RESIDENT + n) for n in range(args.residents)]
            until = time.monotonic() + args.seconds
            for user in users:
                tally.asked[user.user_id] = []
            askers = [
                asyncio.create_task(_resident(u, tally.asked[u.user_id], until, args.patience))
                for u in users
            ]
            child = await _killer(server, tmp, until, rng, tally)
            await asyncio.gather(*askers)
            await _settle(users, tally, args.settle)
            await stop_process(child)
            counts = {tag: _answers(u, tag) for u in users for tag in tally.asked[u.user_id]}
            lags = _lags(server, tally, [tag for tag, count in counts.items() if count > 1])
        with sqlite3.connect(tmp / "bench.db") as conn:
            (left,) = conn.execute("SELECT count(*) FROM inbox").fetchone()
    print(f"questions        {len(counts)}")
    print(f"kills            {len(tally.kills)}")
    print(f"unanswered       {sum(count == 0 for count in counts.values())}")
    print(f"answered twice   {sum(count > 1 for count in counts.values())}")
    in_flight = sum(abs(lag) < IN_FLIGHT for lag in lags)
    print(f"  in flight at a kill (within {IN_FLIGHT * 1000:.0f} ms of it)  {in_flight}")
    if lags:
        shown = ", ".join(f"{lag * 1000:+.0f}" for lag in sorted(lags))
        print(f"  nearest kill after the first copy (ms): {shown}")
    print(f"inbox rows left  {left}\n")
    unanswered = sum(count == 0 for count in counts.values())
    targets = [
        ("0 questions without an answer", unanswered),
        ("0 answered twice, but for calls in flight at a kill", len(lags) - in_flight),
        ("0 inbox rows left", left),
    ]
    for name, value in targets:
        print(f"{name:<56}{value!s:>6}   {'met' if value == 0 else 'NOT MET'}")


def _lags(server: SandboxServer, tally: Tally, twice: list[str]) -> list[float]:
    """For each twice-answered tag: from its first copy's arrival to the nearest kill (s).

    Negative: the request reached the server after the kill signal (it was in flight).
    """
    lags = []
    for tag in twice:
        first = next(
            call.at
            for call in server.world.calls
            if call.method == "sendMessage" and f"[{tag}]" in str(call.params.get("text"))
        )
        lags.append(min((kill - first for kill in tally.kills), key=abs, default=float("inf")))
    return lags


def main() -> None:
    """Parse the options and run the probe."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=75.0, help="how long residents ask")
    parser.add_argument("--residents", type=int, default=20)
    parser.add_argument("--patience", type=float, default=20.0, help="wait per answer (s)")
    parser.add_argument("--settle", type=float, default=30.0, help="wait for the last answers")
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill times")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
