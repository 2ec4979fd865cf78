"""Whether two checkouts answer every benchmark text alike: ``ask --jsonl`` output compared.

Run from the repository root: ``python benchmarks/same_answers.py --base /tmp/base-checkout``,
where the other checkout has its own ``.venv`` (``make .venv/.installed``). Every question of
``benchmarks/data/*-questions.yaml`` and every consultation description of
``benchmarks/data/triage-*.yaml`` is fed to ``python -m bot ask --jsonl`` in both checkouts (same
``PYTHONHASHSEED``), and the records, ``why`` included, are compared with their floats rounded
to ``DIGITS`` places. Prints how many texts were compared and each that differs; exits 1 if any
does. A speed change to retrieval must leave this at 0 differences. ``--save FILE`` keeps the
base's records; a later ``--base FILE`` reads them instead of running the base again."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "benchmarks" / "data"
DIGITS = 9
"""Decimal places floats are compared to: a speed change may reorder a sum's terms."""


def benchmark_texts(data_dir: Path = DATA_DIR) -> list[str]:
    """Return every benchmark question and triage description, one line each, in file order."""
    texts: list[str] = []
    for path in sorted(data_dir.glob("*-questions.yaml")):
        texts += [entry["q"] for entry in yaml.safe_load(path.read_text("utf-8"))["questions"]]
    for path in sorted(data_dir.glob("triage-*.yaml")):
        raw = yaml.safe_load(path.read_text("utf-8"))
        entries = raw["descriptions"] if isinstance(raw, dict) else raw
        texts += [entry["text"] for entry in entries]
    return [" ".join(text.split("\n")) for text in texts]


def answers(checkout: Path, texts: list[str]) -> list[object]:
    """Return the ``ask --jsonl`` records of ``checkout`` for ``texts``, floats rounded."""
    done = subprocess.run(
        [str(checkout / ".venv" / "bin" / "python"), "-m", "bot", "ask", "--jsonl"],
        input="".join(f"{text}\n" for text in texts),
        capture_output=True,
        text=True,
        check=True,
        cwd=checkout,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    return [_rounded(json.loads(line)) for line in done.stdout.splitlines()]


def _rounded(value: object) -> object:
    """Return ``value`` with every float rounded to ``DIGITS`` places."""
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, dict):
        return {key: _rounded(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_rounded(inner) for inner in value]
    return value


def main() -> int:
    """Compare this checkout's answers with ``--base``'s; return 1 if any differs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", type=Path, required=True, help="the other checkout, or a file")
    parser.add_argument("--save", type=Path, help="write the base's records to this file")
    args = parser.parse_args()
    texts = benchmark_texts()
    if args.base.is_file():
        theirs = [json.loads(line) for line in args.base.read_text("utf-8").splitlines()]
    else:
        theirs = answers(args.base.resolve(), texts)
    if args.save:
        records = (json.dumps(record, ensure_ascii=False) + "\n" for record in theirs)
        args.save.write_text("".join(records), "utf-8")
    ours = answers(ROOT, texts)
    if len(ours) != len(texts) or len(theirs) != len(texts):
        print(f"expected {len(texts)} records, got {len(ours)} here and {len(theirs)} in base")
        return 1
    differ = [text for text, a, b in zip(texts, ours, theirs, strict=True) if a != b]
    for text in differ:
        print(f"differs: {text}")
    print(f"{len(texts)} texts compared, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
