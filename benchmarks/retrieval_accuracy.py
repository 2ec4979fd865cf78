"""Retrieval accuracy on labelled questions, with two baselines measured in the same run.

Run from the repository root: ``python benchmarks/retrieval_accuracy.py [--set holdout4]``;
``--set all`` runs every set, prints one line of our figures per set, then every figure over all
of them pooled (each baseline at its best threshold per set), so that a change is judged on all
sets together rather than on one.

Figures, each printed for ours and both baselines, with issue 12's targets met or not (ours):
- top-1: share of in-scope questions answered (decision ``answer``) with the right item;
- top-3: share of in-scope questions whose right item is among the first three candidates;
- wrong answers: share of in-scope questions answered with a wrong item;
- OOS false answers: share of out-of-scope questions given an ``answer`` (and, separately,
  offered any item as ``answer`` or ``suggest``);
- multi: 2nd offered: for multi-matter questions, how often the second matter is a button
  (a suggestion, or beside the answer: ``SearchResult.also`` and the item's related items);
- top-1 by question style.
Baselines on the same items: rapidfuzz ``WRatio`` against every sample question, and BM25 over
jieba tokens of each item; each answers when its best score clears the threshold that is best
for it on this very set (which flatters the baselines), and its runners-up count as buttons.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import rjieba
from rapidfuzz import fuzz, process

from benchmarks._common import DATA_DIR, LabelledQuestion, load_dev_questions
from knowledge import Decision, Item, KnowledgeBase

QUESTION_SETS = {
    "dev": DATA_DIR / "dev-questions.yaml",
    "holdout": DATA_DIR / "holdout-questions.yaml",
    "holdout3": DATA_DIR / "holdout3-questions.yaml",
    "holdout4": DATA_DIR / "holdout4-questions.yaml",
    "holdout5": DATA_DIR / "holdout5-questions.yaml",
    "holdout6": DATA_DIR / "holdout6-questions.yaml",
    "holdout7": DATA_DIR / "holdout7-questions.yaml",
    "holdout8": DATA_DIR / "holdout8-questions.yaml",
    "holdout9": DATA_DIR / "holdout9-questions.yaml",
    "holdout10": DATA_DIR / "holdout10-questions.yaml",
    "holdout11": DATA_DIR / "holdout11-questions.yaml",
    "holdout12": DATA_DIR / "holdout12-questions.yaml",
    "holdout13": DATA_DIR / "holdout13-questions.yaml",
    "holdout14": DATA_DIR / "holdout14-questions.yaml",
    "holdout15": DATA_DIR / "holdout15-questions.yaml",
    "holdout16": DATA_DIR / "holdout16-questions.yaml",
    "holdout17": DATA_DIR / "holdout17-questions.yaml",
    "holdout18": DATA_DIR / "holdout18-questions.yaml",
    "holdout19": DATA_DIR / "holdout19-questions.yaml",
    "holdout20": DATA_DIR / "holdout20-questions.yaml",
    "holdout21": DATA_DIR / "holdout21-questions.yaml",
    "holdout22": DATA_DIR / "holdout22-questions.yaml",
    "holdout23": DATA_DIR / "holdout23-questions.yaml",
    "holdout24": DATA_DIR / "holdout24-questions.yaml",
    "holdout25": DATA_DIR / "holdout25-questions.yaml",
    "holdout26": DATA_DIR / "holdout26-questions.yaml",
    "holdout27": DATA_DIR / "holdout27-questions.yaml",
    "holdout28": DATA_DIR / "holdout28-questions.yaml",
}
MAX_RELATED = 3
"""Related items the bot shows as buttons under an answer (``handlers.keyboards``)."""


@dataclass(frozen=True, slots=True)
class Ranked:
    """A system's output for one question: ranked ids with scores, and its decision."""

    ids: list[str]
    scores: list[float]
    decision: Decision
    offered: list[str] = field(default_factory=list)
    """The items a resident can open with one press besides the answer (buttons)."""


@dataclass(frozen=True, slots=True)
class Target:
    """One target of issue 12: a figure, its bound and which side of it passes."""

    label: str
    bound: float
    at_least: bool

    def met(self, value: float) -> bool:
        """Return whether ``value`` meets the target."""
        return value >= self.bound if self.at_least else value <= self.bound


TARGETS = {
    "top-1 accuracy": Target("top-1 accuracy", 0.95, at_least=True),
    "top-3 recall": Target("top-3 recall", 0.99, at_least=True),
    "wrong answers": Target("wrong answers", 0.02, at_least=False),
    "OOS false answers": Target("OOS false answers", 0.03, at_least=False),
}
STYLE_TARGET = Target("every style top-1", 0.90, at_least=True)

Figures = dict[str, tuple[int, int]]
"""Figure label -> (count, total)."""


def figures(questions: Sequence[LabelledQuestion], outputs: Sequence[Ranked]) -> Figures:
    """Return the counts behind every figure of one system, styles as ``style <name>``."""
    pairs = list(zip(questions, outputs, strict=True))
    in_scope = [(q, o) for q, o in pairs if q.topic]
    out_scope = [(q, o) for q, o in pairs if not q.topic]

    def right(q: LabelledQuestion, o: Ranked) -> bool:
        return o.decision is Decision.ANSWER and o.ids[:1] == [q.topic]

    n_in, n_out = len(in_scope), len(out_scope)
    result: Figures = {
        "top-1 accuracy": (sum(right(q, o) for q, o in in_scope), n_in),
        "top-3 recall": (sum(q.topic in o.ids[:3] for q, o in in_scope), n_in),
        "wrong answers": (
            sum(o.decision is Decision.ANSWER and not right(q, o) for q, o in in_scope),
            n_in,
        ),
        "OOS false answers": (sum(o.decision is Decision.ANSWER for _, o in out_scope), n_out),
        "OOS answer|suggest": (
            sum(o.decision is not Decision.UNKNOWN for _, o in out_scope),
            n_out,
        ),
    }
    multi = [(q, o) for q, o in in_scope if q.also]
    if multi:
        result["multi: 2nd offered"] = (
            sum(q.also in o.offered for q, o in multi),
            len(multi),
        )
    for style in sorted({q.style for q, _ in in_scope}):
        hits = [right(q, o) for q, o in in_scope if q.style == style]
        result[f"style {style}"] = (sum(hits), len(hits))
    return result


def report(systems: dict[str, Figures]) -> None:
    """Print every figure of every system side by side, with each target met or not (ours)."""
    names = list(systems)
    ours_name = names[0]
    print("\n" + f"{'figure':<22}" + "".join(f"{name:>22}" for name in names) + "  target")
    for label in systems[ours_name]:
        cells = []
        for name in names:
            count, total = systems[name].get(label, (0, 0))
            share = count / total if total else 0.0
            cells.append(f"{share:8.1%} ({count:>3}/{total:<3})".rjust(22))
        target = STYLE_TARGET if label.startswith("style ") else TARGETS.get(label)
        verdict = ""
        if target is not None:
            count, total = systems[ours_name][label]
            met = target.met(count / total if total else 0.0)
            sign = ">=" if target.at_least else "<="
            verdict = f"  {sign} {target.bound:.0%} {'met' if met else 'NOT MET'}"
        print(f"{label:<22}" + "".join(cells) + verdict)
    style_shares = [
        c / t for label, (c, t) in systems[ours_name].items() if label.startswith("style ") and t
    ]
    every = all(STYLE_TARGET.met(share) for share in style_shares)
    print(f"every style top-1 >= {STYLE_TARGET.bound:.0%}: {'met' if every else 'NOT MET'}")


def ours(kb: KnowledgeBase, questions: Sequence[LabelledQuestion]) -> list[Ranked]:
    """Run the knowledge base's own search; ``offered`` is what the bot shows as buttons."""
    outputs = []
    for question in questions:
        result = kb.search(question.text)
        ids = [c.item.id for c in result.candidates]
        if result.decision is Decision.ANSWER:
            # As handlers.resident shows them: other matters first, then related items.
            top = result.candidates[0].item
            buttons = dict.fromkeys([*(c.item.id for c in result.also), *top.related])
            offered = [item_id for item_id in buttons if item_id != top.id][:MAX_RELATED]
        elif result.decision is Decision.SUGGEST:
            offered = ids
        else:
            offered = []
        outputs.append(Ranked(ids, [c.score for c in result.candidates], result.decision, offered))
    return outputs


def wratio_scores(items: Sequence[Item], text: str) -> list[tuple[str, float]]:
    """Baseline 1: best plain ``WRatio`` of the query against each item's sample questions."""
    scored = []
    for item in items:
        best = process.extractOne(
            text, item.questions, scorer=fuzz.WRatio, processor=None, score_cutoff=0
        )
        scored.append((item.id, best[1] / 100 if best else 0.0))
    return sorted(scored, key=lambda pair: pair[1], reverse=True)


class BM25:
    """Baseline 2: Okapi BM25 over jieba tokens, one document per item."""

    def __init__(self, items: Sequence[Item], k1: float = 1.5, b: float = 0.75) -> None:
        self.ids = [item.id for item in items]
        self.docs = [
            Counter(_tokens(" ".join([item.title, *item.keywords, *item.questions])))
            for item in items
        ]
        self.k1, self.b = k1, b
        self.avg = sum(sum(d.values()) for d in self.docs) / len(self.docs)
        df: Counter[str] = Counter()
        for doc in self.docs:
            df.update(doc.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, text: str) -> list[tuple[str, float]]:
        """Rank items for ``text``."""
        terms = _tokens(text)
        result = []
        for item_id, doc in zip(self.ids, self.docs, strict=True):
            length = sum(doc.values())
            score = 0.0
            for term in terms:
                tf = doc.get(term, 0)
                if tf:
                    norm = tf + self.k1 * (1 - self.b + self.b * length / self.avg)
                    score += self.idf[term] * tf * (self.k1 + 1) / norm
            result.append((item_id, score))
        return sorted(result, key=lambda pair: pair[1], reverse=True)


_PLAIN_JIEBA = rjieba.Jieba()
"""A segmenter of its own: the knowledge base teaches rjieba's shared one its words."""


def _tokens(text: str) -> list[str]:
    tokens = _PLAIN_JIEBA.cut(text.lower(), False)
    return [t for t in tokens if (t.strip() and len(t) > 1) or t.isalnum()]


def baseline(
    questions: Sequence[LabelledQuestion], rank: Callable[[str], list[tuple[str, float]]]
) -> list[Ranked]:
    """Run a baseline, answering above the threshold that is best for it on this set."""
    ranked = [rank(q.text) for q in questions]
    candidates = sorted({pairs[0][1] for pairs in ranked if pairs})
    best_threshold, best_gain = math.inf, -math.inf
    for threshold in candidates:
        gain = sum(
            (1 if pairs[0][0] == q.topic else -1 if q.topic is None else 0)
            for q, pairs in zip(questions, ranked, strict=True)
            if pairs[0][1] >= threshold
        )
        if gain > best_gain:
            best_threshold, best_gain = threshold, gain
    return [
        Ranked(
            [i for i, _ in pairs[:3]],
            [s for _, s in pairs[:3]],
            Decision.ANSWER if pairs and pairs[0][1] >= best_threshold else Decision.UNKNOWN,
            [i for i, _ in pairs[1:3]],  # as if its runners-up were buttons (flattering)
        )
        for pairs in ranked
    ]


def sweep(kb: KnowledgeBase, questions: Sequence[LabelledQuestion]) -> None:
    """Print top-1 and OOS false answers over a grid of answer thresholds and margins."""
    base = kb.thresholds
    print("\n== threshold sweep (answer floor, lead ratio): top-1 / OOS false answers")
    for answer in (0.25, 0.30, 0.35, 0.40, 0.45):
        cells = []
        for lead in (1.1, 1.2, 1.3, 1.5):
            kb.thresholds = replace(base, answer=answer, lead=lead)
            outputs = ours(kb, questions)
            hits = sum(
                o.decision is Decision.ANSWER and o.ids[:1] == [q.topic]
                for q, o in zip(questions, outputs, strict=True)
                if q.topic
            )
            false = sum(
                o.decision is Decision.ANSWER
                for q, o in zip(questions, outputs, strict=True)
                if not q.topic
            )
            n_in = sum(1 for q in questions if q.topic)
            n_out = len(questions) - n_in
            cells.append(f"x{lead:.1f}: {hits / n_in:5.1%}/{false / n_out:5.1%}")
        print(f"answer {answer:.2f}  " + "  ".join(cells))
    kb.thresholds = base


def summary(name: str, counts: Figures) -> str:
    """Return one line of our figures on one set: the targets' figures, then top-1 by style."""

    def share(label: str) -> str:
        count, total = counts.get(label, (0, 0))
        return f"{count / total:6.1%}" if total else "     -"

    styles = " ".join(
        f"{label[6:]} {share(label).strip()}" for label in counts if label.startswith("style ")
    )
    return (
        f"{name:<10} top-1 {share('top-1 accuracy')}  top-3 {share('top-3 recall')}  "
        f"wrong {share('wrong answers')}  OOS answered {share('OOS false answers')}  "
        f"2nd offered {share('multi: 2nd offered')}  | {styles}"
    )


def pooled(parts: Sequence[Figures]) -> Figures:
    """Return the figures of several sets added up, count by count."""
    total: dict[str, tuple[int, int]] = {}
    for counts in parts:
        for label, (count, size) in counts.items():
            before = total.get(label, (0, 0))
            total[label] = (before[0] + count, before[1] + size)
    return total


def measure(kb: KnowledgeBase, questions: Sequence[LabelledQuestion]) -> dict[str, Figures]:
    """Return the figures of ours and both baselines on one set of questions."""
    bm25 = BM25(kb.items)
    return {
        "ours": figures(questions, ours(kb, questions)),
        "WRatio": figures(
            questions, baseline(questions, lambda text: wratio_scores(kb.items, text))
        ),
        "BM25": figures(questions, baseline(questions, bm25.scores)),
    }


def measure_all(kb: KnowledgeBase) -> None:
    """Print our figures on every set, then every system's figures over all sets pooled."""
    per_set = {}
    for name, path in QUESTION_SETS.items():
        per_set[name] = measure(kb, load_dev_questions(path))
        print(summary(name, per_set[name]["ours"]))
    systems = ("ours", "WRatio", "BM25")
    print("\nall sets pooled:")
    report({system: pooled([s[system] for s in per_set.values()]) for system in systems})


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sweep", action="store_true", help="also sweep decision thresholds")
    parser.add_argument("--misses", action="store_true", help="list the questions we get wrong")
    parser.add_argument(
        "--set",
        choices=[*sorted(QUESTION_SETS), "all"],
        default="dev",
        help="dev: the labelled dev set; holdout*: questions written apart from the items; "
        "all: every set, one line each, then pooled",
    )
    args = parser.parse_args()
    if args.set == "all":
        kb = KnowledgeBase.load()
        print(f"{len(kb.items)} items; thresholds: {kb.thresholds}")
        measure_all(kb)
        return
    questions = load_dev_questions(QUESTION_SETS[args.set])
    print(f"question set: {args.set} ({QUESTION_SETS[args.set].name})")
    kb = KnowledgeBase.load()
    print(
        f"{len(kb.items)} items, {len(questions)} questions "
        f"({sum(1 for q in questions if q.topic is None)} out of scope)"
    )
    print(f"thresholds: {kb.thresholds}")
    outputs = ours(kb, questions)
    report(measure(kb, questions))
    if args.sweep:
        sweep(kb, questions)
    if args.misses:
        print("\n== misses")
        for q, o in zip(questions, outputs, strict=True):
            right = (
                (o.decision is Decision.ANSWER and o.ids[:1] == [q.topic])
                if q.topic
                else (o.decision is not Decision.ANSWER)
            )
            if not right:
                pairs = ", ".join(f"{i}:{s:.2f}" for i, s in zip(o.ids, o.scores, strict=True))
                print(
                    f"[{q.style}] {q.text[:40]} -> want {q.topic}, got {o.decision.value} {pairs}"
                )


if __name__ == "__main__":
    main()
