"""A learned category model beside the category rules: one-vs-rest over character n-grams.

``knowledge.ngram_model.NgramModel`` with one column per category id of
``knowledge/data/categories.yaml``, over a description's clauses as the category rules read
them (simplified, typos repaired, denials dropped; see ``CategoryClassifier.model_clauses``).
Weights are shipped in ``knowledge/data/category-model.json``, built by
``python tools/urgency_model.py train`` from ``knowledge/data/triage-training.yaml``'s
categories; ``tests/test_category_model.py`` fails while they are stale.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar

from knowledge.categories import DATA_DIR
from knowledge.ngram_model import NgramModel
from knowledge.yaml_source import load_yaml

__all__ = [
    "CATEGORIES",
    "CATEGORY_MODEL_PATH",
    "EXTRA_PATH",
    "FUSION",
    "TRAINING_PATH",
    "CategoryFusion",
    "CategoryModel",
    "clauses_of",
    "load_category_model",
    "load_written_categories",
    "train_categories",
    "train_shipped_categories",
]

CATEGORIES = (
    "marriage_family",
    "labor",
    "land_housing",
    "neighbor",
    "debt_contract",
    "traffic_injury",
    "consumer",
    "administrative",
    "criminal",
    "special_groups",
    "legal_aid",
    "other",
)
"""The category ids the model scores, in ``categories.yaml`` order."""

CATEGORY_MODEL_PATH = DATA_DIR / "category-model.json"
TRAINING_PATH = DATA_DIR / "triage-training.yaml"
"""The studied sets' labelled descriptions (``tools/urgency_model.py build``)."""
EXTRA_PATH = DATA_DIR / "triage-training-extra.yaml"
"""Descriptions written for the models; those with a ``category`` train this one too."""

MIN_DF, L2, STEPS = 2, 3e-5, 500
"""The shipped model's training settings (those of the urgency model)."""

_CLAUSE_END = re.compile(r"[，,。！？!?；;：:、\s]+")


def clauses_of(plain: str) -> list[str]:
    """Split a normalized description into the clauses the model reads."""
    return [clause for clause in _CLAUSE_END.split(plain) if clause]


@dataclass(frozen=True, slots=True)
class CategoryModel(NgramModel):
    """The n-gram model of the categories: one column per id of ``CATEGORIES``."""

    LABELS: ClassVar[tuple[str, ...]] = CATEGORIES
    NAME: ClassVar[str] = "category"


def train_categories(
    documents: Sequence[Sequence[str]], categories: Sequence[str]
) -> CategoryModel:
    """Fit the category model with the shipped settings.

    Args:
        documents: Each description's clauses (``clauses_of``).
        categories: Each description's category id.

    Returns:
        The trained model.
    """
    labels = [(category,) for category in categories]
    return CategoryModel.train(documents, labels, min_df=MIN_DF, l2=L2, steps=STEPS)


def load_written_categories(path: Path = EXTRA_PATH) -> list[tuple[str, str]]:
    """Return the written training descriptions that carry a category, as (text, category)."""
    entries = load_yaml(path)["descriptions"]
    return [(str(e["text"]), str(e["category"])) for e in entries if "category" in e]


def train_shipped_categories(clauses: Callable[[str], list[str]]) -> CategoryModel:
    """Fit the category model on the shipped training descriptions (both files).

    Args:
        clauses: How a text becomes the model's clauses (``CategoryClassifier.model_clauses``).

    Returns:
        The model ``category-model.json`` should hold.
    """
    entries = load_yaml(TRAINING_PATH)["descriptions"]
    labelled = [(str(entry["text"]), str(entry["category"])) for entry in entries]
    labelled += load_written_categories()
    return train_categories(
        [clauses(text) for text, _ in labelled], [category for _, category in labelled]
    )


@cache
def load_category_model(path: Path = CATEGORY_MODEL_PATH) -> CategoryModel:
    """Return the shipped category model (read once)."""
    return CategoryModel.from_json(path.read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class CategoryFusion:
    """How the model's probabilities join the rules' category.

    Attributes:
        decide: When the rules say ``other`` (or are less sure than ``unsure``), the model's
            best category wins if its probability reaches this.
        unsure: The rules' probability below which they count as unsure (0: only ``other``).
        override: The model's best category replaces any rules' category when its probability
            reaches this and the rules' is below ``weak`` (above 1: never).
        weak: See ``override``.
        veto: The model's best category replaces the rules' one when the model gives the
            rules' category less than this and its best at least ``rival`` (0: never): the
            rules are sure of a matter the model all but rules out.
        rival: See ``veto``.
        grounds: Whether the veto spares what a rule of structure chose (``grounded``) and
            the rules' ``other`` (which ``decide`` alone may overturn).
    """

    decide: float
    unsure: float = 0.0
    override: float = 2.0
    weak: float = 0.0
    veto: float = 0.0
    rival: float = 0.0
    grounds: bool = True

    def join(
        self,
        rules: str,
        sureness: float,
        probabilities: dict[str, float],
        *,
        grounded: bool = False,
    ) -> str:
        """Return the fused category.

        Args:
            rules: The rules' category.
            sureness: The rules' probability of it.
            probabilities: The model's probability of each category.
            grounded: Whether a rule of structure chose the rules' category (see
                ``CategoryGuess.grounded``).

        Returns:
            The rules' category, or the model's best one when the fusion lets it decide.
        """
        best = max(probabilities, key=lambda c: (probabilities[c], c))
        p = probabilities[best]
        if best == rules:
            return rules
        if (rules == "other" or sureness < self.unsure) and p >= self.decide:
            return best
        if p >= self.override and sureness < self.weak:
            return best
        spared = self.grounds and (grounded or rules == "other")
        if probabilities[rules] < self.veto and p >= self.rival and not spared:
            return best
        return rules


FUSION = CategoryFusion(decide=0.9, unsure=0.8, veto=0.1, rival=0.3)
"""The shipped fusion, chosen by ``python benchmarks/triage_accuracy.py --category-cv``: the model
decides when the rules say ``other`` or give their category less than 0.8 and the model gives
its best category at least 0.9; and it vetoes a rules' category it gives less than 0.1 when its
own best reaches 0.3, sparing what whose attack it is or a settled story chose (``grounds``).
On the one fold the rules were never shaped on (holdout12) 267/283 against 260 without the
veto; on the 13 studied sets, where the rules are fit, 2270 against 2283 (see
docs/benchmarks.md, branch cat6)."""
