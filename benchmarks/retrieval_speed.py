"""Retrieval speed and memory: index build time, peak memory, query latency percentiles.

Run from the repository root: ``python benchmarks/retrieval_speed.py``.

Two scenarios, each in its own child process pinned to one CPU core (so peak memory and timing
are its own): the real knowledge base, and 10,000 synthetic items shaped like the real ones
(same numbers of questions and keywords, built from the real items' words plus new
vocabulary, so postings grow as they would in a larger knowledge base). The synthetic items
are generated here and handed to the child as a JSON file, so the child's memory holds the
items but not the generator's dictionaries. Queries are the dev questions, repeated.
Times are wall-clock; processor time (``time.process_time``) is printed beside them, as it
varies less on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import load_dev_questions, median, memory_mib, percentile
from knowledge import DEFAULT_ITEMS_DIR, Item, KnowledgeBase, load_items
from knowledge.memory import return_freed_memory_promptly

SYNTHETIC_ITEMS = 10_000
QUERY_ROUNDS = 20
BUILD_ROUNDS = 3
TARGET_BUILD_S = 3.0
TARGET_P99_MS = 5.0
TARGET_PEAK_MB = 300.0
"""The issue's targets at 10,000 items; peak memory in megabytes (10**6 bytes)."""


def synthetic_items(real: list[Item], count: int, seed: int = 7) -> list[Item]:
    """Return ``count`` items shaped like ``real``, worded with real Chinese words.

    Each synthetic item copies the number of questions and keywords of a real one; its texts mix
    words of the real items with words drawn from pypinyin's dictionary of 47,000 Chinese
    phrases, so the vocabulary grows with the number of items as a real knowledge base's would.
    """
    # Imported here: the real scenario's memory must not include them.
    import rjieba
    from pypinyin.phrases_dict import phrases_dict

    rng = random.Random(seed)
    own_words = sorted({w for item in real for t in item.questions for w in rjieba.cut(t, False)})
    dictionary = sorted(phrases_dict)

    def phrase(words: int) -> str:
        parts = [*rng.sample(own_words, words - 1), rng.choice(dictionary)]
        rng.shuffle(parts)
        return "".join(parts)

    items = []
    for number in range(count):
        template = real[number % len(real)]
        items.append(
            template.model_copy(
                update={
                    "id": f"synthetic-{number}",
                    "title": phrase(2),
                    "questions": tuple(phrase(rng.randint(4, 8)) for _ in template.questions),
                    "keywords": tuple(phrase(1) for _ in template.keywords),
                    "related": (),
                }
            )
        )
    return items


def write_items(items: list[Item], path: Path) -> None:
    """Write ``items`` to ``path``, one JSON object per line."""
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(item.model_dump_json() + "\n")


def measure(items_file: Path | None) -> dict[str, float]:
    """Build and query the items of ``items_file`` (the real ones if ``None``); return figures."""
    if items_file is None:
        items = list(load_items(DEFAULT_ITEMS_DIR))
    else:
        with items_file.open(encoding="utf-8") as lines:  # line by line: no big transient
            items = [Item.model_validate_json(line) for line in lines]
    before_mib = memory_mib("VmRSS")
    start, start_cpu = time.perf_counter(), time.process_time()
    kb = KnowledgeBase(items)
    builds, builds_cpu = [time.perf_counter() - start], [time.process_time() - start_cpu]
    queries = [q.text for q in load_dev_questions()] * QUERY_ROUNDS
    for text in queries[:50]:
        kb.search(text)  # warm caches
    latencies, latencies_cpu = [], []
    for text in queries:
        start, start_cpu = time.perf_counter_ns(), time.process_time_ns()
        kb.search(text)
        latencies.append((time.perf_counter_ns() - start) / 1e6)
        latencies_cpu.append((time.process_time_ns() - start_cpu) / 1e6)
    # The peak of one build and the queries, as in the bot; the builds below only add timings.
    # VmHWM, unlike ru_maxrss, does not include the parent this process was forked from.
    peak_mib = memory_mib("VmHWM")
    del kb  # free the index before building the next
    for _ in range(BUILD_ROUNDS - 1):
        start, start_cpu = time.perf_counter(), time.process_time()
        KnowledgeBase(items)
        builds.append(time.perf_counter() - start)
        builds_cpu.append(time.process_time() - start_cpu)
    return {
        "items": len(items),
        "texts": sum(1 + len(i.questions) + len(i.keywords) for i in items),
        "build_s": median(builds),
        "p50_ms": percentile(latencies, 0.50),
        "p99_ms": percentile(latencies, 0.99),
        "build_cpu_s": median(builds_cpu),
        "p50_cpu_ms": percentile(latencies_cpu, 0.50),
        "p99_cpu_ms": percentile(latencies_cpu, 0.99),
        "queries": len(latencies),
        "peak_mib": peak_mib,
        "before_mib": before_mib,
    }


def main() -> None:
    """Run both scenarios in child processes and print the figures side by side."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measure", metavar="ITEMS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        return_freed_memory_promptly()  # as ``python -m bot`` does
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        print(json.dumps(measure(Path(args.measure) if args.measure else None)))
        return
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        synthetic_file = Path(folder) / "synthetic-items.jsonl"
        write_items(
            synthetic_items(list(load_items(DEFAULT_ITEMS_DIR)), SYNTHETIC_ITEMS), synthetic_file
        )
        for scenario, items_file in (("real", ""), ("synthetic", str(synthetic_file))):
            done = subprocess.run(
                [sys.executable, __file__, "--measure", items_file],
                capture_output=True,
                text=True,
                check=True,
            )
            results[scenario] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"one core; build time is the median of {BUILD_ROUNDS} builds")
    header = ("scenario", "items", "texts", "build s", "p50 ms", "p99 ms", "peak MiB", "pre MiB")
    print("{:<10}{:>8}{:>9}{:>9}{:>8}{:>8}{:>10}{:>9}".format(*header))
    for name, r in results.items():
        row = (name, r["items"], r["texts"], r["build_s"], r["p50_ms"], r["p99_ms"])
        print(
            "{:<10}{:>8}{:>9}{:>9.2f}{:>8.3f}{:>8.3f}".format(*row)
            + f"{r['peak_mib']:>10.1f}{r['before_mib']:>9.1f}"
        )
    for name, r in results.items():
        print(
            f"{name}: processor time, build {r['build_cpu_s']:.2f} s, "
            f"p50 {r['p50_cpu_ms']:.3f} ms, p99 {r['p99_cpu_ms']:.3f} ms"
        )
    print(
        "pre MiB: resident memory before indexing (interpreter, libraries and the items); "
        "peak MiB: the whole process at its highest"
    )
    real, synthetic = results["real"], results["synthetic"]
    print(
        f"growth from {real['items']} to {synthetic['items']} items: "
        f"p50 x{synthetic['p50_ms'] / real['p50_ms']:.1f}, "
        f"p99 x{synthetic['p99_ms'] / real['p99_ms']:.1f}, "
        f"build x{synthetic['build_s'] / real['build_s']:.1f} "
        f"(items x{synthetic['items'] / real['items']:.0f})"
    )
    peak_mb = synthetic["peak_mib"] * 2**20 / 1e6
    checks = (
        ("build <= 3 s", synthetic["build_s"] <= TARGET_BUILD_S),
        ("p99 <= 5 ms", synthetic["p99_ms"] <= TARGET_P99_MS),
        (f"peak <= 300 MB (was {peak_mb:.0f} MB)", peak_mb <= TARGET_PEAK_MB),
    )
    print(
        f"targets at {synthetic['items']} items: "
        + ", ".join(f"{name}: {'met' if met else 'NOT met'}" for name, met in checks)
    )


if __name__ == "__main__":
    main()
