"""A learned urgency model beside the rules: logistic regression over character n-grams.

One-vs-rest, one linear model per urgency kind, over the character 1-3-grams of a description's
canonical clauses (the form ``bot.services.urgency`` reads: simplified, dialect and typos
repaired), joined with ``|`` so that an n-gram may show where a clause begins or ends. The linear
model itself is ``knowledge.ngram_model.NgramModel``. The weights are shipped in
``knowledge/data/urgency-model.json`` (built by ``tools/urgency_model.py`` from
``knowledge/data/triage-training.yaml``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar

from knowledge.ngram_model import NgramModel, ngrams

__all__ = [
    "KINDS",
    "L2",
    "MIN_DF",
    "MODEL_PATH",
    "STEPS",
    "Fusion",
    "UrgencyModel",
    "load_model",
    "ngrams",
    "train",
]

KINDS = ("personal_safety", "detention", "deadline", "wages_before_holiday", "eviction")
"""The urgency kinds the model scores, in ``URGENCY_RULES`` order."""

MODEL_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "urgency-model.json"

MIN_DF, L2, STEPS = 2, 3e-5, 500
"""The shipped model's training settings (chosen by cross-validation)."""


@dataclass(frozen=True, slots=True)
class UrgencyModel(NgramModel):
    """The n-gram model of the urgency kinds: one column per kind of ``KINDS``."""

    LABELS: ClassVar[tuple[str, ...]] = KINDS
    NAME: ClassVar[str] = "urgency"


@cache
def load_model(path: Path = MODEL_PATH) -> UrgencyModel:
    """Return the shipped model (read once)."""
    return UrgencyModel.from_json(path.read_text(encoding="utf-8"))


def train(
    documents: Sequence[Sequence[str]],
    labels: Sequence[Sequence[str]],
    *,
    min_df: int = MIN_DF,
    l2: float = L2,
    steps: int = STEPS,
) -> UrgencyModel:
    """Fit one logistic regression per kind, deterministically (``NgramModel.train``).

    Args:
        documents: Each description's canonical clauses.
        labels: Each description's urgency kinds (empty when not urgent).
        min_df: Keep n-grams found in at least this many descriptions.
        l2: The weight of the L2 penalty (per description).
        steps: Gradient steps.

    Returns:
        The trained model.
    """
    return UrgencyModel.train(documents, labels, min_df=min_df, l2=l2, steps=steps)


@dataclass(frozen=True, slots=True)
class Fusion:
    """How the model's probabilities join the rules' kinds.

    Attributes:
        affirm: A kind the model gives at least this probability is added.
        veto: When the model gives every kind less than this, the rules' kinds are dropped
            (0 never drops them).
    """

    affirm: float
    veto: float = 0.0

    def join(self, rules: Sequence[str], probabilities: dict[str, float]) -> set[str]:
        """Return the fused kinds (unordered).

        Args:
            rules: The kinds the rules found.
            probabilities: The model's probability of each kind.

        Returns:
            The rules' kinds unless vetoed, with every kind the model affirms.
        """
        found = set(rules) if max(probabilities.values(), default=1.0) >= self.veto else set()
        found.update(kind for kind, p in probabilities.items() if p >= self.affirm)
        return found
