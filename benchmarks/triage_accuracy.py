"""Triage accuracy: urgency and category of labelled consultation descriptions, before and after.

Run from the repository root: ``python benchmarks/triage_accuracy.py [--errors]``.

Sets (``benchmarks/data``): ``triage-tuning.yaml`` (the triage was developed on it),
``triage-holdout.yaml`` and ``triage-holdout2.yaml`` (each written before a round of tuning,
never tuned on; their failures were studied by later rounds, their sentences never added),
``triage-holdout3.yaml`` (written before branch t9 changed anything and measured then; its
failures were studied only after t9's first round, see its header), ``triage-holdout4.yaml``
(written after that first round, never studied: the honest figure), ``triage-holdout5.yaml``
(written after all of t9's changes, mostly urgent, measured once), ``triage-realworld.yaml``
(long questions in the manner of public legal Q&A sites, never tuned on) and
``triage-holdout6.yaml`` (written blind by another engineer during t9b, measured once after
t9b's code was final; branch urg then studied its failures) and ``triage-holdout7.yaml``
(written blind by engineer tw2 during branch urg, measured once after urg's code was final,
studied by branch urg2) and ``triage-holdout8.yaml`` (written blind by engineer tw3 during
branch urg2, measured once after urg2's code was final: the honest figure) and
``triage-deadlines.yaml`` (written by branch urg6 to develop deadline reading: studied, never
blind) and ``triage-styles.yaml`` (written by branch urg7 to develop urgency across styles:
typos, traditional, dialect, handoff, long posts; studied, never blind) and
``triage-deadlines2.yaml`` (written by branch urgdata as training data for deadlines in every
style: studied, never blind) and ``triage-holdout13.yaml`` and ``triage-holdout14.yaml`` (written
blind by engineers tw13 and twt14, measured blind, studied by branch urg8 and trained on since).
Branch t9b
studied holdout4's and holdout5's failures and the category model learns from
tuning…holdout5 (``knowledge/data/category-examples.yaml``), so on those sets the figures
measure fit; only realworld and holdout8 measure generalisation.

Figures, for each set, by today's triage ("after": ``bot.services.urgency.urgency_kinds`` and
``knowledge.triage.CategoryClassifier``) and the one before this branch ("before": the old
urgency terms and ``KnowledgeBase.search().category``, see ``benchmarks/legacy_triage.py``):
- urgent recall: share of urgent descriptions flagged urgent (target ≥ 95 %);
- false alarms: share of not-urgent descriptions flagged urgent (target ≤ 5 %);
- category accuracy: share filed under the labelled category (target ≥ 95 %);
- all three by style. ``--errors [SET ...]`` lists what today's triage gets wrong on the named
  sets (the tuning set by default); a held-out set studied so stops being one.
- ``--cross-validate``: leave-one-set-out cross-validation of the learned urgency model
  (``benchmarks/urgency_cv.py``): per held-out set, the rules alone, the model alone (trained
  on the other sets) and their fusion, side by side.
- ``--category-cv``: the same for category over the studied sets (``TRAINED_SETS``): the rules,
  the learned category model (``knowledge/category_model.py``) and candidate fusions
  (``benchmarks/category_cv.py``).
- ``--cli [ROOT]``: category accuracy of what ``python -m bot triage --jsonl`` prints (of this
  checkout, or of checkout ``ROOT``, e.g. ``git worktree add --detach /tmp/base <commit>``),
  beside the classifier measured above (``KnowledgeBase.classifier``, the intake's), and on how
  many descriptions the two differ: the black-box measure against the one in process.

Days a description names (「11月20号收到的」「上礼拜三」) are counted from the day its set was
written when the set's first line says so (「today Tue 1 Dec 2026」), so a set's figures do not
drift with the calendar; otherwise from the wall clock's date.

Labelling rules: a danger named only to be denied (「没有家暴」「没被拘留」) is not urgent; the
matter decides the category, not the help asked for; ``legal_aid`` when the question is whether
or how to get legal aid; ``other`` when no legal matter is named.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml

from benchmarks._common import DATA_DIR
from benchmarks.category_cv import category_cross_validate
from benchmarks.legacy_triage import legacy_category, legacy_urgency
from benchmarks.urgency_cv import cross_validate
from bot.services.urgency import urgency_kinds
from knowledge import KnowledgeBase
from knowledge.triage import CategoryClassifier

SETS = {
    "tuning": DATA_DIR / "triage-tuning.yaml",
    "holdout": DATA_DIR / "triage-holdout.yaml",
    "holdout2": DATA_DIR / "triage-holdout2.yaml",
    "holdout3": DATA_DIR / "triage-holdout3.yaml",
    "holdout4": DATA_DIR / "triage-holdout4.yaml",
    "holdout5": DATA_DIR / "triage-holdout5.yaml",
    "realworld": DATA_DIR / "triage-realworld.yaml",
    "holdout6": DATA_DIR / "triage-holdout6.yaml",
    "holdout7": DATA_DIR / "triage-holdout7.yaml",
    "holdout8": DATA_DIR / "triage-holdout8.yaml",
    "holdout9": DATA_DIR / "triage-holdout9.yaml",
    "holdout10": DATA_DIR / "triage-holdout10.yaml",
    "holdout11": DATA_DIR / "triage-holdout11.yaml",
    "holdout12": DATA_DIR / "triage-holdout12.yaml",
    "deadlines": DATA_DIR / "triage-deadlines.yaml",
    "styles": DATA_DIR / "triage-styles.yaml",
    "deadlines2": DATA_DIR / "triage-deadlines2.yaml",
    "holdout13": DATA_DIR / "triage-holdout13.yaml",
    "holdout14": DATA_DIR / "triage-holdout14.yaml",
    "holdout15": DATA_DIR / "triage-holdout15.yaml",
}
NOT_TRAINED: tuple[str, ...] = ("holdout15",)
"""Sets neither model learns from (``tools/urgency_model.py build``): holdout15, written blind
this round, is the measure of the next change (branch urg8 moved holdout13 and holdout14,
measured blind, then studied, into training); leave-one-set-out
cross-validation is the honest check on every set, a set written after them the only blind one."""
URGENCY_NOT_TRAINED = ("holdout11", "holdout12")
"""Sets only the category model learns from (their entries carry no urgency kinds): holdout11
labels a private party's confinement as detention, which the tests of the rules do not;
holdout12 joined the category model's data only, so the urgency weights stay as measured."""
TRAINED_SETS = {name: path for name, path in SETS.items() if name not in NOT_TRAINED}
"""The sets ``knowledge/data/triage-training.yaml`` is built from."""
RECALL_TARGET, FALSE_ALARM_TARGET, CATEGORY_TARGET = 0.95, 0.05, 0.95


@dataclass(frozen=True, slots=True)
class Description:
    """A labelled description: its urgency kinds ([] = not urgent), category and style."""

    text: str
    urgent: tuple[str, ...]
    category: str
    style: str


@dataclass(frozen=True, slots=True)
class Triage:
    """What a system decided for one description."""

    urgent: bool
    category: str


def load_set(path: Path) -> list[Description]:
    """Read a labelled description set.

    Two layouts: ours (``descriptions:``, ``urgent`` the list of kinds) and holdout6's (a bare
    list, ``urgent`` true or false beside ``kinds``, whose names differ from ours).
    """
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = raw["descriptions"] if isinstance(raw, dict) else raw
    return [
        Description(entry["text"], _urgent_kinds(entry), entry["category"], entry["style"])
        for entry in entries
    ]


_WRITTEN_ON = re.compile(r"today\s+(?:[A-Z][a-z]{2}\s+)?(\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4})")


def written_on(path: Path) -> dt.date | None:
    """Return the day a set says it was written on (「# … today Tue 1 Dec 2026 …」), if any."""
    with path.open(encoding="utf-8") as lines:
        found = _WRITTEN_ON.search(lines.readline())
    return dt.datetime.strptime(found.group(1), "%d %b %Y").date() if found else None


def _urgent_kinds(entry: dict[str, object]) -> tuple[str, ...]:
    urgent = entry["urgent"]
    if isinstance(urgent, bool):
        kinds = entry.get("kinds") or ["urgent"]
        return tuple(map(str, kinds)) if urgent and isinstance(kinds, list) else ()
    return tuple(map(str, urgent)) if isinstance(urgent, list) else ()


@dataclass(frozen=True, slots=True)
class Figures:
    """Recall, false alarms and category accuracy as (hits, total) pairs."""

    recall: tuple[int, int]
    false_alarms: tuple[int, int]
    category: tuple[int, int]


def figures(descriptions: Sequence[Description], outputs: Sequence[Triage]) -> Figures:
    """Count one system's figures on ``descriptions``."""
    pairs = list(zip(descriptions, outputs, strict=True))
    urgent = [out.urgent for d, out in pairs if d.urgent]
    calm = [out.urgent for d, out in pairs if not d.urgent]
    right = [out.category == d.category for d, out in pairs]
    return Figures((sum(urgent), len(urgent)), (sum(calm), len(calm)), (sum(right), len(right)))


def _share(pair: tuple[int, int]) -> str:
    hits, total = pair
    return f"{hits / total:6.1%} ({hits}/{total})" if total else "     – (0/0)"


def _met(pair: tuple[int, int], target: float, *, at_most: bool = False) -> str:
    hits, total = pair
    if not total:
        return ""
    share = hits / total
    return "met" if (share <= target if at_most else share >= target) else "NOT met"


def report(
    name: str, descriptions: Sequence[Description], before: list[Triage], after: list[Triage]
) -> None:
    """Print one set's figures, before and after side by side, overall and by style."""
    print(f"\n== {name}: {len(descriptions)} descriptions")
    old, new = figures(descriptions, before), figures(descriptions, after)
    print(f"{'':20}{'before':>16}  {'after':>16}  target")
    rows = (
        ("urgent recall", old.recall, new.recall, _met(new.recall, RECALL_TARGET), "≥ 95%"),
        (
            "false alarms",
            old.false_alarms,
            new.false_alarms,
            _met(new.false_alarms, FALSE_ALARM_TARGET, at_most=True),
            "≤ 5%",
        ),
        (
            "category accuracy",
            old.category,
            new.category,
            _met(new.category, CATEGORY_TARGET),
            "≥ 95%",
        ),
    )
    for label, was, now, met, target in rows:
        print(f"{label:<20}{_share(was):>16}  {_share(now):>16}  {target} {met}")
    by_style: dict[str, list[int]] = defaultdict(list)
    for n, description in enumerate(descriptions):
        by_style[description.style].append(n)
    if len(by_style) > 1:
        print("by style (after; before in brackets): recall / false alarms / category")
        for style, rows_of in sorted(by_style.items()):
            subset = [descriptions[n] for n in rows_of]
            then = figures(subset, [before[n] for n in rows_of])
            today = figures(subset, [after[n] for n in rows_of])
            parts = [
                f"{_brief(today.recall)} [{_brief(then.recall)}]",
                f"{_brief(today.false_alarms)} [{_brief(then.false_alarms)}]",
                f"{_brief(today.category)} [{_brief(then.category)}]",
            ]
            print(f"  {style:<12}" + "  /  ".join(parts))


def _brief(pair: tuple[int, int]) -> str:
    hits, total = pair
    return f"{hits}/{total}" if total else "–"


def run(system: Callable[[str], Triage], descriptions: Sequence[Description]) -> list[Triage]:
    """Triage every description with ``system``."""
    return [system(description.text) for description in descriptions]


def printed_categories(root: Path, texts: Sequence[str]) -> list[str]:
    """Return the category ``python -m bot triage --jsonl`` of checkout ``root`` prints per text."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "triage", "--jsonl"],
        input="".join(text + "\n" for text in texts),
        capture_output=True, text=True, encoding="utf-8", check=True,
        cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
    )  # fmt: skip
    categories = [str(json.loads(line)["category"]) for line in done.stdout.splitlines()]
    if len(categories) != len(texts):
        raise SystemExit(f"{root}: {len(categories)} records for {len(texts)} descriptions")
    return categories


def compare_printed(root: Path, classifier: CategoryClassifier) -> None:
    """Print, per set, the category accuracy of ``triage --jsonl`` and of ``classifier``."""
    sets = {name: load_set(path) for name, path in SETS.items()}
    every = [d for descriptions in sets.values() for d in descriptions]
    printed = iter(printed_categories(root, [d.text for d in every]))
    print(f"triage --jsonl of {root} against the intake's classifier, category accuracy")
    print(f"{'set':<12}{'triage --jsonl':>20}  {'intake':>20}  differ")
    totals = [0, 0, 0, 0]
    for name, descriptions in sets.items():
        out = [next(printed) for _ in descriptions]
        filed = [classifier.classify(d.text) for d in descriptions]
        counts = (
            sum(c == d.category for c, d in zip(out, descriptions, strict=True)),
            sum(c == d.category for c, d in zip(filed, descriptions, strict=True)),
            sum(a != b for a, b in zip(out, filed, strict=True)),
            len(descriptions),
        )
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
        _printed_row(name, *counts)
    _printed_row("all", *totals)


def _printed_row(name: str, printed: int, filed: int, differ: int, total: int) -> None:
    print(f"{name:<12}{_share((printed, total)):>20}  {_share((filed, total)):>20}  {differ}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--errors",
        nargs="*",
        metavar="SET",
        help="list today's mistakes on these sets (the tuning set when none is named)",
    )
    parser.add_argument(
        "--cross-validate",
        action="store_true",
        help="leave-one-set-out cross-validation of rules, model and fusion (urgency)",
    )
    parser.add_argument(
        "--category-cv",
        action="store_true",
        help="leave-one-set-out cross-validation of the category rules, model and fusions",
    )
    parser.add_argument(
        "--cli",
        nargs="?",
        const=Path(__file__).resolve().parents[1],
        type=Path,
        metavar="ROOT",
        help="category accuracy of what triage --jsonl of checkout ROOT (this one) prints",
    )
    args = parser.parse_args()
    if args.category_cv:
        category_cross_validate(
            {name: [(d.text, d.category) for d in load_set(p)] for name, p in TRAINED_SETS.items()}
        )
        return
    if args.cross_validate:
        cross_validate(
            {name: [(d.text, d.urgent) for d in load_set(path)] for name, path in SETS.items()}
        )
        return
    started = time.perf_counter()
    kb = KnowledgeBase.load()
    classifier = kb.classifier  # the rules fused with the learned category model
    print(f"knowledge base and classifier ready in {time.perf_counter() - started:.1f} s")
    if args.cli is not None:
        compare_printed(args.cli, classifier)
        return

    def before(text: str) -> Triage:
        return Triage(legacy_urgency(text) is not None, legacy_category(kb, text))

    def after(text: str, *, today: dt.date | None = None) -> Triage:
        return Triage(bool(urgency_kinds(text, today=today)), classifier.classify(text))

    for name, path in SETS.items():
        descriptions = load_set(path)
        dated = partial(after, today=written_on(path))  # the set's own day, when it names one
        old, new = run(before, descriptions), run(dated, descriptions)
        report(name, descriptions, old, new)
        if args.errors is not None and name in (args.errors or ["tuning"]):
            for description, out in zip(descriptions, new, strict=True):
                if out.urgent != bool(description.urgent) or out.category != description.category:
                    print(
                        f"  ✗ urgent {out.urgent!s:<5} (want {bool(description.urgent)!s:<5}) "
                        f"{out.category:<15} (want {description.category:<15}) {description.text}"
                    )


if __name__ == "__main__":
    main()
