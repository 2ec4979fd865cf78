"""Build the urgency model's training data and weights.

Run from the repository root:
- ``python tools/urgency_model.py build``: copy the labelled descriptions of the studied
  benchmark sets (``SOURCES``) into ``knowledge/data/triage-training.yaml``;
- ``python tools/urgency_model.py train``: fit the model on that file and write
  ``knowledge/data/urgency-model.json`` and the category model's
  ``knowledge/data/category-model.json`` (run it whenever the training data, the model's
  settings or the normalization of descriptions change: ``tests/test_urgency_model.py`` fails
  while the shipped weights are stale);
- ``python tools/urgency_model.py check``: exit 1 when the shipped weights are stale.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.triage_accuracy import TRAINED_SETS, URGENCY_NOT_TRAINED, load_set
from benchmarks.urgency_cv import KIND_NAMES
from bot.services.urgency_model import MODEL_PATH, UrgencyModel
from bot.services.urgency_training import TRAINING_PATH, differences, train_shipped
from knowledge import KnowledgeBase
from knowledge.category_model import CATEGORY_MODEL_PATH, CategoryModel, train_shipped_categories
from knowledge.triage import CategoryClassifier

SOURCES = tuple(TRAINED_SETS)
"""The benchmark sets the model learns from: each was measured blind once, then studied."""

HEADER = """\
# Labelled descriptions the urgency model learns from (bot/services/urgency_model.py).
# Written by `python tools/urgency_model.py build` from benchmarks/data/triage-{sets}.yaml,
# every one measured blind once and studied since; a set written after this file is the only
# honest measure of the model. kinds: the urgency kinds ([] = not urgent; none at all: the urgency
# model skips the entry, see URGENCY_NOT_TRAINED); category: the category (the category model,
# knowledge/category_model.py, learns it); set: where it came from.
"""


def build() -> None:
    """Write the training file from ``SOURCES``."""
    lines = [HEADER.replace("{sets}", "{" + ",".join(SOURCES) + "}"), "descriptions:\n"]
    for name in SOURCES:
        for description in load_set(TRAINED_SETS[name]):
            kinds = sorted({KIND_NAMES.get(kind, kind) for kind in description.urgent})
            text = json.dumps(description.text, ensure_ascii=False)
            category = description.category
            labels = "" if name in URGENCY_NOT_TRAINED else f" kinds: {json.dumps(kinds)},"
            lines.append(f"  - {{text: {text},{labels} category: {category}, set: {name}}}\n")
    TRAINING_PATH.write_text("".join(lines), encoding="utf-8")
    print(f"wrote {len(lines) - 2} descriptions to {TRAINING_PATH}")


def main() -> None:
    """Run the action named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("build", "train", "check"))
    action = parser.parse_args().action
    if action == "build":
        build()
        return
    model = train_shipped()
    kb = KnowledgeBase.load()
    categories = train_shipped_categories(
        CategoryClassifier(kb.items, analyzer=kb.analyzer).model_clauses
    )
    if action == "train":
        MODEL_PATH.write_text(model.to_json(), encoding="utf-8")
        print(f"wrote {len(model.vocabulary)} n-grams to {MODEL_PATH}")
        CATEGORY_MODEL_PATH.write_text(categories.to_json(), encoding="utf-8")
        print(f"wrote {len(categories.vocabulary)} n-grams to {CATEGORY_MODEL_PATH}")
        return
    shipped = UrgencyModel.from_json(MODEL_PATH.read_text(encoding="utf-8"))
    problem = differences(shipped, model)
    if problem:
        sys.exit(f"{MODEL_PATH} is stale ({problem}): run python tools/urgency_model.py train")
    shipped_categories = CategoryModel.from_json(CATEGORY_MODEL_PATH.read_text(encoding="utf-8"))
    problem = differences(shipped_categories, categories)
    if problem:
        sys.exit(f"{CATEGORY_MODEL_PATH} is stale ({problem}): run tools/urgency_model.py train")
    print("the shipped urgency and category models are up to date")


if __name__ == "__main__":
    main()
