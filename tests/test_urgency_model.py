"""The learned urgency model and its fusion with the rules (bot/services/urgency_model.py)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from benchmarks.triage_accuracy import TRAINED_SETS, URGENCY_NOT_TRAINED, load_set
from benchmarks.urgency_cv import KIND_NAMES
from bot.services.urgency import (
    FUSION,
    canonical_clauses,
    rule_kinds,
    urgency_kinds,
    urgency_why,
)
from bot.services.urgency_model import KINDS, MODEL_PATH, Fusion, UrgencyModel, load_model, ngrams
from bot.services.urgency_training import (
    EXTRA_PATH,
    differences,
    load_training,
    train_on,
    train_shipped,
)
from tests.test_triage import run_in_process

# Written for this test, worded unlike any benchmark set: urgent matters the rules miss.
MISSED_BY_RULES = {
    "工地上的活干完了，包工头说钱要等过了年，我们十来个人过几天就回老家": "wages_before_holiday",
    "一审判决书上个礼拜四拿到的，我咽不下这口气，打算往上告": "deadline",
}
# And matters that are not urgent, some naming a danger that is over.
CALM = (
    "我想了解一下遗嘱怎么写才有效",
    "两年前他打过我一次，现在早就离婚了，想问抚养费怎么要",
    "我想问问被拘留过的人还能不能考公务员",
    "去年被房东赶出来过，押金到现在还没退",
)


def test_the_shipped_model_loads_with_every_kind() -> None:
    model = load_model()
    assert model.weights.shape == (len(model.vocabulary), len(KINDS))
    assert len(model.vocabulary) > 1000
    assert set(model.probabilities(["我想问问"])) == set(KINDS)


def test_a_model_survives_its_own_serialization() -> None:
    model = load_model()
    again = UrgencyModel.from_json(model.to_json())
    assert differences(model, again, tolerance=0.0) == ""


def test_a_model_of_other_kinds_is_refused() -> None:
    text = MODEL_PATH.read_text(encoding="utf-8").replace('"eviction"', '"flood"', 1)
    with pytest.raises(ValueError, match="flood"):
        UrgencyModel.from_json(text)


def test_ngrams_mark_clause_edges() -> None:
    grams = ngrams(["打我", "快来"])
    assert {"打", "打我", "|打我", "我|快", "来|"} <= grams
    assert "|" not in grams


def test_training_is_deterministic() -> None:
    entries = load_training()[:300]
    first, second = train_on(entries), train_on(entries)
    assert first.vocabulary == second.vocabulary
    assert np.array_equal(first.weights, second.weights)
    assert np.array_equal(first.bias, second.bias)


def test_the_shipped_weights_are_those_the_training_data_gives() -> None:
    problem = differences(load_model(), train_shipped())
    assert problem == "", (
        f"{MODEL_PATH.name} is stale ({problem}): run python tools/urgency_model.py train"
    )


def test_a_stale_model_is_told_apart() -> None:
    model = load_model()
    changed = model.weights.copy()
    changed[0, 0] += 0.01
    assert "weights differ" in differences(model, dataclasses.replace(model, weights=changed))


@pytest.mark.parametrize(("text", "kind"), MISSED_BY_RULES.items())
def test_the_fusion_catches_what_the_rules_miss(text: str, kind: str) -> None:
    assert rule_kinds(text) == []
    assert urgency_kinds(text) == [kind]
    assert urgency_why(text)[kind][0].startswith("model ")


@pytest.mark.parametrize("text", CALM)
def test_a_calm_description_stays_calm(text: str) -> None:
    assert urgency_kinds(text) == []


def test_a_time_limit_the_rules_read_as_passed_is_not_brought_back_by_the_model() -> None:
    # Twenty days since the judgment came: its 15-day term is over (the rules count the days).
    text = "判决书收到二十天了，还能上诉吗"
    assert load_model().probabilities(canonical_clauses(text))["deadline"] >= FUSION.affirm
    assert urgency_kinds(text) == []


def test_the_rules_kinds_stay_when_the_model_is_unsure() -> None:
    text = "我男人刚才又喝多了打我，还拿着刀说要砍我"
    assert "personal_safety" in rule_kinds(text)
    assert urgency_kinds(text) == ["personal_safety"]
    assert urgency_why(text)["personal_safety"][0] == "rules"


def test_the_fusion_adds_affirmed_kinds_and_vetoes_only_below_every_threshold() -> None:
    fusion = Fusion(affirm=0.5, veto=0.1)
    low = dict.fromkeys(KINDS, 0.05)
    assert fusion.join(["eviction"], low) == set()
    assert fusion.join(["eviction"], {**low, "detention": 0.2}) == {"eviction"}
    assert fusion.join([], {**low, "deadline": 0.5}) == {"deadline"}
    assert Fusion(affirm=0.5).join(["eviction"], dict.fromkeys(KINDS, 0.0)) == {"eviction"}


def test_triage_why_says_what_found_each_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    missed = next(iter(MISSED_BY_RULES))
    lines = [missed, "我男人刚才又喝多了打我，还拿着刀说要砍我", CALM[0]]
    output = run_in_process(["triage", "--jsonl", "--why"], "\n".join(lines) + "\n", monkeypatch)
    records = [json.loads(line) for line in output.splitlines()]
    assert [r["urgency_kinds"] for r in records] == [
        [MISSED_BY_RULES[missed]],
        ["personal_safety"],
        [],
    ]
    assert records[0]["why"][MISSED_BY_RULES[missed]][0].startswith("model ")
    assert records[1]["why"]["personal_safety"][0] == "rules"
    assert records[2]["why"] == {}


def test_the_training_data_holds_every_benchmark_set_as_labelled() -> None:
    shipped = [(entry.source, entry.text, entry.kinds) for entry in load_training()]
    expected = [
        (name, d.text, tuple(sorted({KIND_NAMES.get(kind, kind) for kind in d.urgent})))
        for name, path in TRAINED_SETS.items()
        if name not in URGENCY_NOT_TRAINED
        for d in load_set(path)
    ]
    assert shipped == expected, "run python tools/urgency_model.py build, then train"


def test_entries_without_kinds_are_the_category_models_only(tmp_path: Path) -> None:
    written = tmp_path / "extra.yaml"
    written.write_text(
        "descriptions:\n"
        '  - {text: "对方说今晚来砸我家门", kinds: [personal_safety]}\n'
        '  - {text: "装修公司拖了三个月工期", category: consumer}\n',
        encoding="utf-8",
    )
    entries = load_training(written)
    assert [(entry.text, entry.kinds) for entry in entries] == [
        ("对方说今晚来砸我家门", ("personal_safety",))
    ]


def test_the_written_training_descriptions_name_only_known_kinds() -> None:
    entries = load_training(EXTRA_PATH)
    assert entries
    assert {entry.source for entry in entries} == {"extra"}
    assert {kind for entry in entries for kind in entry.kinds} <= set(KINDS)
