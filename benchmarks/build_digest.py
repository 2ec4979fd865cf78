"""Digests of what a knowledge-base build makes, to show a speed change left it the same.

Run from the repository root with a fixed hash seed (word keys are string hashes):
``PYTHONHASHSEED=0 python benchmarks/build_digest.py``. It builds the 10,000 synthetic items of
``retrieval_speed.py`` and, separately, those and the real items together, and prints one
SHA-256 per part: the index arrays, the homophone corrector's and the character model's
arrays, the entries, the evidence scale and mean length, ``repr(kb.search(q))`` of every
labelled question and ``repr(kb.explain(q))`` of every fifth. Two codes built the same when
every line is equal.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import load_dev_questions
from benchmarks.retrieval_accuracy import QUESTION_SETS
from benchmarks.retrieval_speed import SYNTHETIC_ITEMS, synthetic_items
from knowledge import DEFAULT_ITEMS_DIR, KnowledgeBase, load_items


def _digest(parts: Iterable[object]) -> str:
    """Return the SHA-256 of ``parts``: arrays by dtype, shape and bytes, the rest by ``repr``."""
    hashed = hashlib.sha256()
    for part in parts:
        if isinstance(part, np.ndarray):
            hashed.update(f"{part.dtype}{part.shape}".encode())
            hashed.update(np.ascontiguousarray(part).tobytes())
        else:
            hashed.update(repr(part).encode())
        hashed.update(b"\0")
    return hashed.hexdigest()


def _arrays(owner: object) -> list[object]:
    """Return the names and values of the numpy arrays among ``owner``'s attributes."""
    names = sorted(vars(owner)) if hasattr(owner, "__dict__") else []
    names += sorted(getattr(type(owner), "__slots__", ()))
    arrays = [(name, getattr(owner, name, None)) for name in names]
    return [part for named in arrays if isinstance(named[1], np.ndarray) for part in named]


def digests(kb: KnowledgeBase, questions: list[str]) -> dict[str, str]:
    """Return the digest of each part of ``kb`` and of its answers to ``questions``."""
    return {
        "index": _digest(_arrays(kb.index)),
        "corrector": _digest(_arrays(kb.corrector)),
        "model": _digest(_arrays(kb.model)),
        "entries": _digest((e.text, e.questions) for e in kb._entries),
        "scales": _digest([kb._evidence_scale, kb._average_length]),
        "search": _digest(map(kb.search, questions)),
        "explain": _digest(map(kb.explain, questions[::5])),
    }


def main() -> None:
    """Print the digests of both builds."""
    if os.environ.get("PYTHONHASHSEED") != "0":
        sys.exit("run with PYTHONHASHSEED=0: word keys are string hashes")
    questions = [q.text for path in QUESTION_SETS.values() for q in load_dev_questions(path)]
    real = list(load_items(DEFAULT_ITEMS_DIR))
    synthetic = synthetic_items(real, SYNTHETIC_ITEMS)
    for name, items in (("synthetic", synthetic), ("synthetic+real", [*synthetic, *real])):
        for part, digest in digests(KnowledgeBase(items), questions).items():
            print(f"{name} {part} {digest}")
    print(f"{len(questions)} questions")


if __name__ == "__main__":
    main()
