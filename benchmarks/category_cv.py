"""Leave-one-set-out cross-validation of the learned category model beside the category rules.

For every studied set (``TRAINED_SETS`` of ``benchmarks/triage_accuracy.py``), the category model
(``knowledge.category_model``) is trained on all the other sets and the written descriptions
(``triage-training-extra.yaml``'s, which no set holds) and measured on this one; the rules
(``CategoryClassifier.guess``) and candidate fusions (``CategoryFusion``) on the same
descriptions. The rules were shaped on every one of these sets,
so their figures measure fit; a fusion's gain over them is what the model adds.
Run through ``python benchmarks/triage_accuracy.py --category-cv``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from knowledge import KnowledgeBase
from knowledge.category_model import CategoryFusion, load_written_categories, train_categories
from knowledge.triage import CategoryClassifier

CANDIDATES = (
    CategoryFusion(decide=0.9),
    CategoryFusion(decide=0.8),
    CategoryFusion(decide=0.9, unsure=0.8),
    CategoryFusion(decide=0.8, unsure=0.6),
    CategoryFusion(decide=0.9, unsure=0.8, override=0.95, weak=0.6),
    CategoryFusion(decide=2.0, override=0.9, weak=0.7),
    CategoryFusion(decide=0.9, unsure=0.8, veto=0.1, rival=0.3, grounds=False),
    CategoryFusion(decide=0.9, unsure=0.8, veto=0.2, rival=0.3, grounds=False),
    CategoryFusion(decide=0.9, unsure=0.8, veto=0.05, rival=0.4),
    CategoryFusion(decide=0.9, unsure=0.8, veto=0.1, rival=0.3),
    CategoryFusion(decide=0.9, unsure=0.8, veto=0.1, rival=0.5),
    CategoryFusion(decide=0.9, unsure=0.8, veto=0.2, rival=0.3),
    CategoryFusion(decide=0.9, unsure=0.8, veto=0.2, rival=0.5),
)
"""The fusions measured: the model decides when the rules say ``other`` or are unsure, or
overrides a weak rules' category when it is very sure, or vetoes a category it all but rules
out (sparing, unless ``grounds`` is off, what whose attack it is or a settled story chose)."""


@dataclass(frozen=True, slots=True)
class Case:
    """A labelled description with the rules' verdict and the held-out model's probabilities."""

    category: str
    rules: str
    sureness: float
    probabilities: dict[str, float]
    grounded: bool


def _read(
    classifier: CategoryClassifier, sets: Mapping[str, Sequence[tuple[str, str]]]
) -> dict[str, list[Case]]:
    """Guess every description by the rules, then by a model trained without its set."""
    texts = {name: [text for text, _ in entries] for name, entries in sets.items()}
    clauses = {name: [classifier.model_clauses(t) for t in ts] for name, ts in texts.items()}
    written = load_written_categories()  # in every fold's training: no set's text
    written_clauses = [classifier.model_clauses(text) for text, _ in written]
    cases: dict[str, list[Case]] = {}
    for name, entries in sets.items():
        others = [other for other in sets if other != name]
        model = train_categories(
            [c for other in others for c in clauses[other]] + written_clauses,
            [category for other in others for _, category in sets[other]]
            + [category for _, category in written],
        )
        guesses = classifier.guess_many(texts[name])
        cases[name] = [
            Case(
                category,
                guess.category,
                guess.probability,
                model.probabilities(found),
                guess.grounded,
            )
            for (_, category), guess, found in zip(entries, guesses, clauses[name], strict=True)
        ]
        print(f"  {name}: model trained on the other sets", flush=True)
    return cases


def category_cross_validate(sets: Mapping[str, Sequence[tuple[str, str]]]) -> None:
    """Print rules / model / fusion category accuracy per held-out set, and pooled.

    Args:
        sets: Each studied set's descriptions as ``(text, category)`` pairs.
    """
    started = time.perf_counter()
    kb = KnowledgeBase.load()
    cases = _read(CategoryClassifier(kb.items, analyzer=kb.analyzer), sets)
    print(f"cross-validation read in {time.perf_counter() - started:.0f} s")
    names = ["rules", "model", *(f"F{n}" for n in range(1, len(CANDIDATES) + 1))]
    for n, fusion in enumerate(CANDIDATES, 1):
        print(f"F{n}: {fusion}")
    print(f"{'held out':<11}" + "".join(f"{name:>9}" for name in names) + f"{'total':>7}")
    pooled = [0] * len(names)
    for name, held_out in cases.items():
        right = [0] * len(names)
        for case in held_out:
            best = max(case.probabilities, key=lambda c: (case.probabilities[c], c))
            verdicts = [case.rules, best] + [
                fusion.join(case.rules, case.sureness, case.probabilities, grounded=case.grounded)
                for fusion in CANDIDATES
            ]
            for column, verdict in enumerate(verdicts):
                right[column] += verdict == case.category
        pooled = [a + b for a, b in zip(pooled, right, strict=True)]
        print(f"{name:<11}" + "".join(f"{hits:>9}" for hits in right) + f"{len(held_out):>7}")
    total = sum(len(held_out) for held_out in cases.values())
    print(f"{'pooled':<11}" + "".join(f"{hits:>9}" for hits in pooled) + f"{total:>7}")
    print(f"{'':<11}" + "".join(f"{hits / total:>9.1%}" for hits in pooled))
