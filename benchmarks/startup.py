"""Start-up cost: wall and CPU seconds to the first ``ask`` answer, ``triage`` line and poll.

Run from the repository root: ``python benchmarks/startup.py [--runs 5] [--compare ROOT]``.

Each run starts a fresh process: ``python -m bot ask --jsonl`` until its first JSON line,
``python -m bot triage --jsonl`` until its first line, and ``python -m bot run`` until its
first ``getUpdates`` reaches a sandbox Bot API server in this process. CPU is the process's
own (user + system, from ``/proc``) at that moment. ``--compare ROOT`` runs another checkout
(e.g. ``git worktree add --detach /tmp/base <commit>``) side by side with the same
interpreter, runs interleaved. A warm-up run of each comes before the timed runs. Figures are
medians; the machine's load is printed beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import bot_env, median, start_bot, stop_process
from sandbox import SandboxServer

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "离婚冷静期多久"
DESCRIPTION = "老板拖欠工资三个月了，过年前能要回来吗"
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class Variant:
    """A checkout to start, with its environment."""

    name: str
    root: Path
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Figures:
    """Wall and CPU seconds of each run, by measure."""

    wall: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def add(self, measure: str, wall: float, cpu: float) -> None:
        """Record one run."""
        self.wall.setdefault(measure, []).append(wall)
        self.cpu.setdefault(measure, []).append(cpu)


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU seconds process ``pid`` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def first_line(variant: Variant, command: str, line: str, folder: Path) -> tuple[float, float]:
    """Start ``python -m bot COMMAND --jsonl``, send ``line``; wall and CPU to its first line."""
    env = {**os.environ, "PYTHONPATH": str(variant.root), **variant.env}
    started = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-m", "bot", command, "--jsonl"],
        cwd=folder, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
    ) as child:  # fmt: skip
        assert child.stdin is not None
        assert child.stdout is not None
        child.stdin.write(line + "\n")
        child.stdin.flush()
        answer = child.stdout.readline()
        wall = time.perf_counter() - started
        cpu = cpu_seconds(child.pid)
        child.stdin.close()
        child.wait()
    if not answer.startswith("{"):
        raise SystemExit(f"{variant.name}: {command} gave no JSON line ({answer!r})")
    return wall, cpu


async def first_poll(variant: Variant, folder: Path) -> tuple[float, float]:
    """Start ``python -m bot run`` against a sandbox; wall and CPU to its first getUpdates."""
    async with SandboxServer() as server:
        env = bot_env(server, folder, root=variant.root, RATE_LIMIT="false", **variant.env)
        started = time.perf_counter()
        child = await start_bot(env, folder)
        try:
            while not server.calls_to("getUpdates"):
                if child.returncode is not None:
                    raise SystemExit(f"{variant.name}: bot run ended with {child.returncode}")
                await asyncio.sleep(0.005)
            wall = time.perf_counter() - started
            cpu = cpu_seconds(child.pid)
        finally:
            await stop_process(child)
    return wall, cpu


def measure(variant: Variant, figures: Figures | None) -> None:
    """Run each start once; record it in ``figures`` (``None``: a warm-up)."""
    with tempfile.TemporaryDirectory(prefix="startup-") as name:
        folder = Path(name)
        runs = {
            "ask: first answer": first_line(variant, "ask", QUESTION, folder),
            "triage: first line": first_line(variant, "triage", DESCRIPTION, folder),
            "run: first poll": asyncio.run(first_poll(variant, folder)),
        }
    if figures is not None:
        for what, (wall, cpu) in runs.items():
            figures.add(what, wall, cpu)


def load() -> str:
    """Return the machine's load averages and CPU count."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (median)")
    parser.add_argument("--compare", type=Path, help="another checkout to run side by side")
    args = parser.parse_args()
    variants = [Variant("this", ROOT)]
    if args.compare is not None:
        variants = [
            Variant("base", args.compare.resolve()),
            *variants,
        ]
    print(f"start: {load()}")
    figures = {variant.name: Figures() for variant in variants}
    for variant in variants:
        measure(variant, None)
    for _ in range(args.runs):
        for variant in variants:
            measure(variant, figures[variant.name])
    print(f"end:   {load()}")
    print(f"median of {args.runs} runs, seconds (wall / CPU)")
    measures = list(figures[variants[0].name].wall)
    print(f"{'':22}" + "".join(f"{variant.name:>24}" for variant in variants))
    for what in measures:
        cells = []
        for variant in variants:
            wall = median(figures[variant.name].wall[what])
            cpu = median(figures[variant.name].cpu[what])
            cells.append(f"{wall:9.2f} / {cpu:5.2f} CPU")
        print(f"{what:22}" + "".join(f"{cell:>24}" for cell in cells))
    if args.compare is not None:
        for variant in variants[1:]:
            ratios = [
                median(figures[variant.name].cpu[what]) / median(figures["base"].cpu[what])
                for what in measures
            ]
            shown = ", ".join(
                f"{what.split(':')[0]} {r:.2f}x" for what, r in zip(measures, ratios, strict=True)
            )
            print(f"CPU {variant.name} / base: {shown}")


if __name__ == "__main__":
    main()
