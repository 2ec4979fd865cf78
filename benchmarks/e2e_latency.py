"""End-to-end latency and throughput through the sandbox Bot API, against an echo-bot ceiling.

Run from the repository root: ``python benchmarks/e2e_latency.py [--residents 200 --questions 5]``.

Each bot runs in its own process and polls a sandbox Bot API server in this process over HTTP
(the sandbox's rate limits off; the bot's own flood limiter off too, as the echo bot has none).
Simulated residents each send their questions one after another, waiting for each answer;
all residents run at once: a burst that saturates the bot, for throughput. Then the same
residents ask again pausing before each question (an offered load below saturation), for
latency as residents see it. Latency is from a resident's message to the bot's answer arriving
at the sandbox. The same load runs against a bare PTB echo bot in the same run, as the ceiling.
The bot's resident memory (VmRSS) is read from /proc after its run. Before the load, one
resident asks alone, question after question: that latency is the bot's own response time,
while under the load it is mostly waiting in line behind the other residents' messages.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import load_questions, median, memory_mib, percentile, stop_process
from sandbox import SandboxServer

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Run:
    """Figures of one bot under the load."""

    name: str
    latencies_ms: list[float]
    seconds: float
    rss_mib: float
    bot_cpu_s: float
    sandbox_cpu_s: float
    solo_ms: list[float]
    """Latencies of one resident asking alone, before the load: the bot's own response time."""
    paced_ms: list[float]
    """Latencies when the same residents pause (THINK_SECONDS on average) before each question."""

    @property
    def throughput(self) -> float:
        """Answered messages per second."""
        return len(self.latencies_ms) / self.seconds


async def _resident(
    server: SandboxServer, user_id: int, questions: list[str], think: float = 0.0
) -> list[float]:
    """Ask ``questions`` in turn, waiting for each answer; ``think``: mean pause before each."""
    user = server.user(user_id)
    rng = random.Random(user_id)
    latencies = []
    for text in questions:
        if think:
            await asyncio.sleep(rng.uniform(0, 2 * think))
        start = time.perf_counter()
        await user.send_text(text)
        await user.wait_for_messages(1, timeout=60)
        latencies.append((time.perf_counter() - start) * 1000)
    return latencies


SOLO_QUESTIONS = 80
THINK_SECONDS = 2.0
"""Mean pause of a resident before each question in the paced run (uniform 0-4 s)."""


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _measure(
    name: str, command: list[str], residents: int, questions: int, root: Path = ROOT
) -> Run:
    texts = load_questions()
    own_cpu = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        async with SandboxServer() as server:
            env = {
                **os.environ,
                "BOT_TOKEN": server.token,
                "BOT_API_URL": server.base_url,
                "BOT_API_FILE_URL": server.base_file_url,
                "DB_PATH": str(Path(tmp) / "bench.db"),
                "RATE_LIMIT": "false",
                "USER_RATE_PER_MINUTE": "0",
                "PTB_TIMEDELTA": "true",
                "PYTHONPATH": str(root),
            }
            child = await asyncio.create_subprocess_exec(
                *command, cwd=root, env=env, stderr=asyncio.subprocess.DEVNULL
            )
            try:
                warm = server.user(1)
                await warm.send_text("工伤认定怎么申请")
                await warm.wait_for_messages(1, timeout=60)
                alone = await _resident(server, 2, texts[:SOLO_QUESTIONS])
                start = time.perf_counter()
                results = await asyncio.gather(
                    *(
                        _resident(
                            server,
                            100 + n,
                            [texts[(n * questions + k) % len(texts)] for k in range(questions)],
                        )
                        for n in range(residents)
                    )
                )
                seconds = time.perf_counter() - start
                paced = await asyncio.gather(
                    *(
                        _resident(
                            server,
                            1000 + n,
                            [texts[(n * questions + k) % len(texts)] for k in range(questions)],
                            think=THINK_SECONDS,
                        )
                        for n in range(residents)
                    )
                )
                rss = memory_mib("VmRSS", child.pid)
                cpu = _cpu_seconds(child.pid)
            finally:
                await stop_process(child)
    latencies = [value for per_resident in results for value in per_resident]
    paced_ms = [value for per_resident in paced for value in per_resident]
    return Run(name, latencies, seconds, rss, cpu, time.process_time() - own_cpu, alone, paced_ms)


def main() -> None:
    """Measure the echo bot and the real bot under the same load; print side by side."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="ROOT",
        help="also run the bot of another checkout (e.g. a git archive of main), same load",
    )
    args = parser.parse_args()
    commands = {
        "echo bot": [sys.executable, str(ROOT / "benchmarks" / "echo_bot.py")],
        "legal bot": [sys.executable, "-m", "bot", "run"],
    }
    runs = [
        asyncio.run(_measure(name, command, args.residents, args.questions))
        for name, command in commands.items()
    ]
    if args.compare:
        compared = _measure(
            "compared",
            commands["legal bot"],
            args.residents,
            args.questions,
            args.compare.resolve(),
        )
        runs.append(asyncio.run(compared))
    print(f"{args.residents} residents x {args.questions} questions, all residents at once")
    print(
        f"{'bot':<10}{'messages':>9}{'p50 ms':>9}{'p99 ms':>9}{'msg/s':>9}{'RSS MiB':>9}"
        f"{'bot CPU s':>10}{'sandbox CPU s':>14}"
    )
    for run in runs:
        print(
            f"{run.name:<10}{len(run.latencies_ms):>9}{median(run.latencies_ms):>9.1f}"
            f"{percentile(run.latencies_ms, 0.99):>9.1f}{run.throughput:>9.1f}{run.rss_mib:>9.1f}"
            f"{run.bot_cpu_s:>10.1f}{run.sandbox_cpu_s:>14.1f}"
        )
    print(f"\none resident alone, {SOLO_QUESTIONS} questions in turn (no queueing):")
    print(f"{'bot':<10}{'p50 ms':>9}{'p99 ms':>9}")
    for run in runs:
        print(f"{run.name:<10}{median(run.solo_ms):>9.1f}{percentile(run.solo_ms, 0.99):>9.1f}")
    offered = args.residents / THINK_SECONDS
    print(
        f"\nthe same {args.residents} residents pausing {THINK_SECONDS:.0f} s on average before "
        f"each question (about {offered:.0f} messages/s offered):"
    )
    print(f"{'bot':<10}{'p50 ms':>9}{'p99 ms':>9}")
    for run in runs:
        print(f"{run.name:<10}{median(run.paced_ms):>9.1f}{percentile(run.paced_ms, 0.99):>9.1f}")
    echo = runs[0]
    for run in runs[1:]:
        print(f"throughput ratio {run.name}/echo: {run.throughput / echo.throughput:.2f}")


if __name__ == "__main__":
    main()
