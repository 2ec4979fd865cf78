"""Training the urgency model on the descriptions shipped in ``knowledge/data``.

``knowledge/data/triage-training.yaml`` holds labelled descriptions copied from the studied
benchmark sets (``tools/urgency_model.py build`` lists which), ``triage-training-extra.yaml``
descriptions written for the model; ``train_shipped`` reads both in the canonical form the
rules read (``canonical_clauses``) and fits ``urgency_model.train``.
``tools/urgency_model.py train`` writes the result to ``knowledge/data/urgency-model.json``;
a test retrains and fails when the shipped weights are stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.services.urgency import canonical_clauses
from bot.services.urgency_model import KINDS, UrgencyModel, train
from knowledge.ngram_model import differences

__all__ = [
    "EXTRA_PATH",
    "TRAINING_PATH",
    "Labelled",
    "differences",
    "load_training",
    "train_on",
    "train_shipped",
]

_DATA = Path(__file__).resolve().parents[2] / "knowledge" / "data"
TRAINING_PATH = _DATA / "triage-training.yaml"
"""Descriptions copied from the studied benchmark sets (``tools/urgency_model.py build``)."""
EXTRA_PATH = _DATA / "triage-training-extra.yaml"
"""Descriptions written for the model (boundaries the sets show too rarely)."""


@dataclass(frozen=True, slots=True)
class Labelled:
    """A training description: its text, urgency kinds ([] = not urgent) and source set."""

    text: str
    kinds: tuple[str, ...]
    source: str


def load_training(path: Path = TRAINING_PATH) -> list[Labelled]:
    """Read the training descriptions that carry urgency kinds.

    An entry without ``kinds`` is the category model's only (``knowledge.category_model``).

    Raises:
        ValueError: When an entry names a kind outside ``KINDS``.
    """
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = [
        Labelled(str(entry["text"]), tuple(entry["kinds"]), str(entry.get("set", "extra")))
        for entry in raw["descriptions"]
        if "kinds" in entry
    ]
    for entry in entries:
        unknown = set(entry.kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"{path}: unknown urgency kinds {sorted(unknown)!r} in {entry.text!r}")
    return entries


def train_on(entries: Sequence[Labelled]) -> UrgencyModel:
    """Fit the model on labelled descriptions with the shipped settings."""
    return train([canonical_clauses(e.text) for e in entries], [e.kinds for e in entries])


def train_shipped() -> UrgencyModel:
    """Fit the model on the shipped training descriptions (both files)."""
    return train_on(load_training(TRAINING_PATH) + load_training(EXTRA_PATH))
