"""The learned category model (knowledge/category_model.py) and its fusion with the rules."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge import KnowledgeBase
from knowledge.categories import load_categories
from knowledge.category_model import (
    CATEGORIES,
    CATEGORY_MODEL_PATH,
    CategoryFusion,
    CategoryModel,
    clauses_of,
    load_category_model,
    load_written_categories,
    train_categories,
    train_shipped_categories,
)
from knowledge.ngram_model import differences
from knowledge.triage import CategoryClassifier

DOCUMENTS = [
    clauses_of("老板拖欠工资三个月，不给钱"),
    clauses_of("公司不发工资，还不签劳动合同"),
    clauses_of("想离婚，孩子抚养权归谁"),
    clauses_of("老公要离婚，抚养费怎么算"),
    clauses_of("邻居家漏水把我家淹了"),
    clauses_of("邻居在楼道堆东西，漏水也不管"),
]
LABELS = ["labor", "labor", "marriage_family", "marriage_family", "neighbor", "neighbor"]


def test_the_categories_are_those_of_categories_yaml() -> None:
    assert tuple(category.id for category in load_categories()) == CATEGORIES


def test_training_is_deterministic_and_learns_its_examples() -> None:
    first, second = train_categories(DOCUMENTS, LABELS), train_categories(DOCUMENTS, LABELS)
    assert first.vocabulary == second.vocabulary
    assert np.array_equal(first.weights, second.weights)
    assert np.array_equal(first.bias, second.bias)
    probabilities = first.probabilities(clauses_of("单位欠我工资"))
    assert max(probabilities, key=probabilities.__getitem__) == "labor"


def test_a_model_survives_its_own_serialization_and_refuses_other_labels() -> None:
    model = train_categories(DOCUMENTS, LABELS)
    again = CategoryModel.from_json(model.to_json())
    assert again.vocabulary == model.vocabulary
    assert np.allclose(again.weights, model.weights, atol=1e-5)
    with pytest.raises(ValueError, match="flood"):
        CategoryModel.from_json(model.to_json().replace('"other"', '"flood"', 1))


def test_clauses_split_on_punctuation() -> None:
    assert clauses_of("老板欠薪，三个月了。怎么办？") == ["老板欠薪", "三个月了", "怎么办"]


def _sure(category: str, p: float) -> dict[str, float]:
    return {c: (p if c == category else (1 - p) / 11) for c in CATEGORIES}


def test_the_fusion_lets_the_model_decide_only_when_the_rules_are_unsure() -> None:
    fusion = CategoryFusion(decide=0.9, unsure=0.8)
    assert fusion.join("other", 0.0, _sure("labor", 0.95)) == "labor"
    assert fusion.join("criminal", 0.7, _sure("marriage_family", 0.93)) == "marriage_family"
    assert fusion.join("criminal", 0.85, _sure("marriage_family", 0.99)) == "criminal"
    assert fusion.join("other", 0.0, _sure("labor", 0.85)) == "other"


def test_the_veto_needs_a_category_the_model_all_but_rules_out() -> None:
    fusion = CategoryFusion(decide=0.9, unsure=0.8, veto=0.1, rival=0.3)
    # The rules are sure of labour; the model gives labour 0.05 and neighbours 0.5.
    ruled_out = {c: 0.05 for c in CATEGORIES} | {"neighbor": 0.5}
    assert fusion.join("labor", 0.99, ruled_out) == "neighbor"
    # Labour at 0.2 is not ruled out; neighbours at 0.25 is no rival.
    assert fusion.join("labor", 0.99, ruled_out | {"labor": 0.2}) == "labor"
    assert fusion.join("labor", 0.99, ruled_out | {"neighbor": 0.25}) == "labor"
    # Without a veto (the default) the sure rules stand.
    assert CategoryFusion(decide=0.9, unsure=0.8).join("labor", 0.99, ruled_out) == "labor"


def test_the_veto_spares_what_a_rule_of_structure_chose() -> None:
    fusion = CategoryFusion(decide=0.9, unsure=0.8, veto=0.1, rival=0.3)
    ruled_out = {c: 0.05 for c in CATEGORIES} | {"marriage_family": 0.6}
    # Whose attack it is (a creditor's, not the husband's) is read, not guessed: it stands.
    assert fusion.join("criminal", 0.99, ruled_out, grounded=True) == "criminal"
    # So does the rules' 其他, which only a model sure enough to decide may overturn.
    assert fusion.join("other", 1.0, ruled_out) == "other"
    # Without the guard the veto overturns both.
    bare = CategoryFusion(decide=0.9, unsure=0.8, veto=0.1, rival=0.3, grounds=False)
    assert bare.join("criminal", 0.99, ruled_out, grounded=True) == "marriage_family"
    assert bare.join("other", 1.0, ruled_out) == "marriage_family"


def test_the_written_descriptions_train_the_category_model(tmp_path: Path) -> None:
    written = load_written_categories()
    assert len(written) >= 80
    assert {category for _, category in written} == set(CATEGORIES)
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "descriptions:\n"
        '  - {text: "urgent only", kinds: [eviction]}\n'
        '  - {text: "邻居家的鹅啄了我孙子", category: traffic_injury}\n',
        encoding="utf-8",
    )
    assert load_written_categories(extra) == [("邻居家的鹅啄了我孙子", "traffic_injury")]


def test_the_override_needs_a_weak_rules_category() -> None:
    fusion = CategoryFusion(decide=2.0, override=0.9, weak=0.7)
    assert fusion.join("consumer", 0.6, _sure("debt_contract", 0.95)) == "debt_contract"
    assert fusion.join("consumer", 0.75, _sure("debt_contract", 0.95)) == "consumer"


# Written for this test: matters the rules file right and surely; the fusion must keep them.
KEPT = {
    "老公进去了要关好几年，我想离婚，孩子跟我": "marriage_family",
    "村委会欠我家工程款两年了，一直说没钱": "debt_contract",
    "房东不退押金，说墙被我弄脏了": "land_housing",
}


def test_the_shipped_weights_are_those_the_training_data_gives() -> None:
    kb = KnowledgeBase.load()
    fresh = train_shipped_categories(kb.classifier.model_clauses)
    problem = differences(load_category_model(), fresh)
    assert problem == "", (
        f"{CATEGORY_MODEL_PATH.name} is stale ({problem}): run python tools/urgency_model.py train"
    )


def test_the_fusion_keeps_what_the_rules_file_surely() -> None:
    kb = KnowledgeBase.load()
    rules = CategoryClassifier(kb.items, analyzer=kb.analyzer)
    for text, category in KEPT.items():
        assert rules.classify(text) == category
        assert kb.classifier.classify(text) == category
