"""Write what ``KnowledgeBase.search`` and ``explain`` return for every question set, to diff.

Run from the repository root::

    python tools/search_results.py > after.jsonl
    python tools/search_results.py --synthetic > after-10k.jsonl

One JSON object per line: each text of every question and triage set in ``benchmarks/data``,
with the decision, the ranked candidates and their scores, the category, the matters offered
beside an answer and ``explain``'s signals. With ``--synthetic`` the items are the 10,000
synthetic ones of ``benchmarks/retrieval_speed.py`` and only the question sets are read. A
speed change that keeps every result leaves the output byte for byte the same: run this file
with the old code's interpreter and checkout (copy it there) and ``diff`` the two outputs.
Word features hash strings, so both runs need the same ``PYTHONHASHSEED`` (set here to 0
unless given).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def texts(*, triage: bool) -> list[tuple[str, str]]:
    """Return (set name, text) of every question set, and of every triage set with ``triage``."""
    import yaml

    found = []
    for path in sorted((ROOT / "benchmarks" / "data").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "questions" in raw:
            found += [(path.stem, entry["q"]) for entry in raw["questions"]]
        elif triage and "descriptions" in raw:
            found += [(path.stem, entry["text"]) for entry in raw["descriptions"]]
    return found


def main() -> None:
    """Print one result per line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", action="store_true", help="10,000 synthetic items")
    args = parser.parse_args()
    if os.environ.get("PYTHONHASHSEED") is None:  # the seed is read at start: run again with it
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])
    sys.path.insert(0, str(ROOT))
    from benchmarks.retrieval_speed import SYNTHETIC_ITEMS, synthetic_items
    from knowledge import DEFAULT_ITEMS_DIR, KnowledgeBase, load_items

    items = list(load_items(DEFAULT_ITEMS_DIR))
    if args.synthetic:
        items = synthetic_items(items, SYNTHETIC_ITEMS)
    kb = KnowledgeBase(items)
    for name, text in texts(triage=not args.synthetic):
        result = kb.search(text)
        row = {
            "set": name,
            "text": text,
            "decision": result.decision.value,
            "candidates": [[c.item.id, c.score] for c in result.candidates],
            "category": result.category,
            "also": [c.item.id for c in result.also],
            "why": kb.explain(text),
        }
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
