"""Leave-one-set-out cross-validation of the urgency model, beside the rules and the fusion.

For every labelled set, the model is trained on all the other sets (and the descriptions
written for it, ``knowledge/data/triage-training-extra.yaml``) and measured on this one;
the rules (``rule_kinds``) and the fusion (``urgency_kinds``'s ``FUSION`` of the two) are
measured on the same descriptions. The rules were shaped on every set but the newest, so their
figures there measure fit; the model's and the fusion's added hits are honest on every set.
Run through ``python benchmarks/triage_accuracy.py --cross-validate``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.services.urgency import FUSION, canonical_clauses, fused_kinds, rule_kinds
from bot.services.urgency_model import UrgencyModel, train
from bot.services.urgency_training import EXTRA_PATH, load_training

KIND_NAMES = {"violence": "personal_safety"}
"""Kind names of the blind sets that differ from ours."""


@dataclass(frozen=True, slots=True)
class Case:
    """A labelled description, read once: its clauses, kinds, the rules' verdict."""

    text: str
    clauses: list[str]
    kinds: tuple[str, ...]
    rules: list[str]


@dataclass(slots=True)
class Tally:
    """Urgent descriptions flagged and calm ones flagged, for one system."""

    hits: int = 0
    urgent: int = 0
    alarms: int = 0
    calm: int = 0

    def add(self, flagged: bool, *, urgent: bool) -> None:
        """Count one verdict."""
        if urgent:
            self.urgent += 1
            self.hits += flagged
        else:
            self.calm += 1
            self.alarms += flagged

    def __str__(self) -> str:
        recall = f"{self.hits / self.urgent:6.1%}" if self.urgent else "     –"
        alarms = f"{self.alarms / self.calm:5.1%}" if self.calm else "    –"
        return f"{recall} {self.hits:>3}/{self.urgent:<3} {alarms} {self.alarms:>2}/{self.calm:<3}"


def read_cases(texts_and_kinds: Sequence[tuple[str, Sequence[str]]]) -> list[Case]:
    """Read each description once into the form the rules and the model use."""
    return [
        Case(
            text,
            canonical_clauses(text),
            tuple(sorted({KIND_NAMES.get(k, k) for k in kinds})),
            rule_kinds(text),
        )
        for text, kinds in texts_and_kinds
    ]


def _fit(cases: Sequence[Case]) -> UrgencyModel:
    return train([case.clauses for case in cases], [case.kinds for case in cases])


def cross_validate(sets: Mapping[str, Sequence[tuple[str, Sequence[str]]]]) -> None:
    """Print rules / model / fusion recall and false alarms per held-out set, and pooled."""
    started = time.perf_counter()
    cases = {name: read_cases(entries) for name, entries in sets.items()}
    extra = read_cases([(entry.text, entry.kinds) for entry in load_training(EXTRA_PATH)])
    print(f"descriptions read in {time.perf_counter() - started:.1f} s")
    print(
        f"fusion: rules, and a kind the model gives ≥ {FUSION.affirm} that no rule judged calm"
        f" (veto of the rules' kinds below {FUSION.veto})\n"
        f"{'held out':<11}{'rules':^30}{'model':^30}{'fusion':^30}\n"
        f"{'':<11}" + f"{'recall':>14}{'false alarms':>14}  " * 3
    )
    pooled = [Tally(), Tally(), Tally()]
    for name, held_out in cases.items():
        others = [case for other, more in cases.items() if other != name for case in more]
        model = _fit(others + extra)
        tallies = [Tally(), Tally(), Tally()]
        for case in held_out:
            probabilities = model.probabilities(case.clauses)
            verdicts = (
                bool(case.rules),
                max(probabilities.values()) >= FUSION.affirm,
                bool(fused_kinds(case.text, model=model)),
            )
            for tally, total, flagged in zip(tallies, pooled, verdicts, strict=True):
                tally.add(flagged, urgent=bool(case.kinds))
                total.add(flagged, urgent=bool(case.kinds))
        print(f"{name:<11}" + "  ".join(f"{tally!s:>28}" for tally in tallies), flush=True)
    print(f"{'pooled':<11}" + "  ".join(f"{tally!s:>28}" for tally in pooled))
    print(f"cross-validation done in {time.perf_counter() - started:.0f} s")
