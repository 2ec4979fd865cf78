"""Kill the bot (-9) again and again while residents ask; count questions unanswered or twice.

Run from the repository root: ``python benchmarks/kill_replay.py [--seconds 75 --residents 20]``.

The bot runs in its own process (``python -m bot run``) against a sandbox Bot API server in
this process (loopback only). ``--residents`` residents each ask a question, wait for its
answer (or ``--patience`` seconds), and ask the next, for ``--seconds`` seconds; meanwhile the
bot is killed with SIGKILL a random 1–5 s after it started polling, and started again at once. Each
question carries a unique tag and is out of the knowledge base's scope, so its answer echoes
it ("您的问题：…"): every bot message is attributed to exactly one question. When the asking
stops, the bot is left running until every question has an answer and the inbox is empty (at
most ``--settle`` seconds; the time it took is printed), then a little longer for late
duplicates. Printed: questions, kills, unanswered, answered
twice (or more), how many of those were in flight at a kill (the request reached the server
within ``IN_FLIGHT`` of the kill: no client can tell whether such a call was taken, and
sending it again is what keeps every question answered), and the inbox rows left. For each
unanswered question: when it was sent, which bot life (1 = the first start) took it with
``getUpdates`` and when, its Bot API calls, whether its row is still in the inbox at the end,
and the log lines naming its update. Each bot life's log is kept in ``--logs DIR`` (default: a
new folder under the system's temporary folder, printed).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
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
    sent: dict[str, float] = field(default_factory=dict)
    """``time.monotonic()`` when each tagged question was sent."""
    lives: list[Path] = field(default_factory=list)
    """The log of each bot life, in order."""
    started: float = field(default_factory=time.monotonic)

    def life(self, at: float) -> int:
        """Return which bot life (1 = the first) ran at ``time.monotonic()`` ``at``."""
        return 1 + sum(kill < at for kill in self.kills)


def _bot_env(server: SandboxServer, tmp: Path) -> dict[str, str]:
    # The residents here ask faster than the per-user limit lets a resident (20 a minute):
    # it is off, as Telegram's is, so that only a kill can leave a question unanswered (the
    # limit is measured by benchmarks/flood.py).
    return bot_env(
        server, tmp, root=ROOT, RATE_LIMIT="false", USER_RATE_PER_MINUTE="0", API_TIMEOUT="5"
    )


async def _start(
    env: dict[str, str], tmp: Path, logs: Path, tally: Tally
) -> asyncio.subprocess.Process:
    path = logs / f"life-{len(tally.lives) + 1:02d}.log"
    tally.lives.append(path)
    with path.open("w") as stderr:
        return await start_bot(env, tmp, stderr)


_TAG = re.compile(r"\[(\d+-\d+)\]")


def _answers(users: list[SandboxUser], tally: Tally) -> dict[str, int]:
    """Return how many bot messages quote each question asked.

    One pass over each transcript: checking tag by tag (a snapshot of the whole transcript
    for each) held the event loop, sandbox included, for seconds once thousands were asked,
    long enough for a bot starting then to time out on ``getMe`` again and again.
    """
    counts = {tag: 0 for user in users for tag in tally.asked[user.user_id]}
    for user in users:
        for message in user.transcript():
            for tag in set(_TAG.findall(message.text)):
                if tag in counts:
                    counts[tag] += 1
    return counts


@dataclass(slots=True)
class Stalls:
    """The longest pause of this process's event loop (the sandbox's too) seen so far."""

    longest: float = 0.0

    async def watch(self, period: float = 0.05) -> None:
        """Sleep ``period`` again and again, noting how late each wake-up is."""
        while True:
            before = time.monotonic()
            await asyncio.sleep(period)
            self.longest = max(self.longest, time.monotonic() - before - period)


async def _resident(
    user: SandboxUser, tags: list[str], until: float, patience: float, sent: dict[str, float]
) -> None:
    number = 0
    while time.monotonic() < until:
        number += 1
        tag = f"{user.user_id}-{number}"
        tags.append(tag)
        marker = f"[{tag}]"
        sent[tag] = time.monotonic()
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
    server: SandboxServer, tmp: Path, logs: Path, until: float, rng: random.Random, tally: Tally
) -> asyncio.subprocess.Process:
    env = _bot_env(server, tmp)
    child = await _start(env, tmp, logs, tally)
    while time.monotonic() + 1 < until:
        await _polling(server, len(server.world.calls), until)
        await asyncio.sleep(rng.uniform(1.0, 5.0))
        child.send_signal(signal.SIGKILL)
        tally.kills.append(time.monotonic())
        await child.wait()
        child = await _start(env, tmp, logs, tally)
    return child


def _inbox_rows(database: Path) -> list[str]:
    """Return the payloads of the inbox rows of ``database`` (read as another process would)."""
    with sqlite3.connect(database, timeout=5) as conn:
        return [payload for (payload,) in conn.execute("SELECT payload FROM inbox")]


async def _settle(users: list[SandboxUser], tally: Tally, database: Path, seconds: float) -> float:
    """Wait until every question is answered and the inbox is empty; return the seconds."""
    start = time.monotonic()
    while time.monotonic() < start + seconds:
        answered = all(_answers(users, tally).values())
        if answered and not await asyncio.to_thread(_inbox_rows, database):
            break
        await asyncio.sleep(0.2)
    waited = time.monotonic() - start
    await asyncio.sleep(3.0)  # a duplicate would come now
    return waited


async def run(args: argparse.Namespace) -> None:
    """Run the probe and print its figures."""
    rng = random.Random(args.seed)
    tally = Tally()
    logs = Path(args.logs)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        async with SandboxServer() as server:
            users = [server.user(FIRST_RESIDENT + n) for n in range(args.residents)]
            until = time.monotonic() + args.seconds
            stalls = Stalls()
            watcher = asyncio.create_task(stalls.watch())
            for user in users:
                tally.asked[user.user_id] = []
            askers = [
                asyncio.create_task(
                    _resident(u, tally.asked[u.user_id], until, args.patience, tally.sent)
                )
                for u in users
            ]
            child = await _killer(server, tmp, logs, until, rng, tally)
            await asyncio.gather(*askers)
            settled = await _settle(users, tally, tmp / "bench.db", args.settle)
            watcher.cancel()
            await stop_process(child)
            counts = _answers(users, tally)
            lags = _lags(server, tally, [tag for tag, count in counts.items() if count > 1])
            rows = _inbox_rows(tmp / "bench.db")
            unanswered = [tag for tag, count in counts.items() if count == 0]
            stories = [line for tag in unanswered for line in _explain(server, tally, tag, rows)]
        left = len(rows)
    print(f"bot logs         {logs}")
    print(f"settled after    {settled:.1f} s (at most {args.settle:g})")
    print(f"longest stall    {stalls.longest * 1000:.0f} ms of the harness's (and sandbox's) loop")
    print(f"questions        {len(counts)}")
    print(f"kills            {len(tally.kills)}")
    print(f"unanswered       {len(unanswered)}")
    print(f"answered twice   {sum(count > 1 for count in counts.values())}")
    in_flight = sum(abs(lag) < IN_FLIGHT for lag in lags)
    print(f"  in flight at a kill (within {IN_FLIGHT * 1000:.0f} ms of it)  {in_flight}")
    if lags:
        shown = ", ".join(f"{lag * 1000:+.0f}" for lag in sorted(lags))
        print(f"  nearest kill after the first copy (ms): {shown}")
    print(f"inbox rows left  {left}\n")
    targets = [
        ("0 questions without an answer", len(unanswered)),
        ("0 answered twice, but for calls in flight at a kill", len(lags) - in_flight),
        ("0 inbox rows left", left),
    ]
    for name, value in targets:
        print(f"{name:<56}{value!s:>6}   {'met' if value == 0 else 'NOT MET'}")
    if stories:
        print("\nunanswered questions (seconds from the start):")
        print("\n".join(stories))


def _explain(server: SandboxServer, tally: Tally, tag: str, rows: list[str]) -> list[str]:
    """Say what became of the unanswered question ``tag``: sent, taken, called, kept, logged."""
    marker = f"[{tag}]"

    def when(at: float) -> str:
        return f"{at - tally.started:7.2f} s (life {tally.life(at)})"

    lines = [f"  {tag}: sent at {when(tally.sent[tag])}"]
    update_ids: set[int] = set()
    for call in server.world.calls:
        if call.method == "getUpdates":
            result = call.response.get("result")
            taken = (
                [u for u in result or () if marker in str(u)] if isinstance(result, list) else []
            )
            for update in taken:
                update_ids.add(int(update["update_id"]))
                lines.append(
                    f"    update {update['update_id']} taken by getUpdates at {when(call.at)}"
                    f" (offset {call.params.get('offset')})"
                )
        elif marker in str(call.params):
            lines.append(f"    {call.method} at {when(call.at)}: HTTP {call.status}")
    if any(marker in str(update) for update in server.world.updates):
        lines.append("    still queued in the Bot API server (never confirmed)")
    kept = any(marker in row for row in rows)
    lines.append(f"    inbox row at the end: {'yes' if kept else 'no'}")
    named = re.compile(rf"\bupdates? ({'|'.join(map(str, update_ids)) or '-'})\b")
    for number, path in enumerate(tally.lives, start=1):
        for line in path.read_text(errors="replace").splitlines():
            if named.search(line):
                lines.append(f"    life {number} log: {line.strip()}")
    return lines


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
    parser.add_argument(
        "--settle", type=float, default=180.0, help="longest wait for the last answers (s)"
    )
    parser.add_argument("--logs", help="folder for the bot's logs (default: a new one)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill times")
    args = parser.parse_args()
    args.logs = args.logs or tempfile.mkdtemp(prefix="kill_replay-")
    Path(args.logs).mkdir(parents=True, exist_ok=True)
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
