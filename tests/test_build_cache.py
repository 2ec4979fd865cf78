"""The start-up cache: built once per inputs, never stale, never an error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from benchmarks._common import DATA_DIR
from knowledge import KnowledgeBase
from knowledge.build_cache import CACHE_ENV, KEEP, cache_dir, cached
from knowledge.category_model import load_category_model
from knowledge.triage import CategoryClassifier


class _Builds:
    """A build that counts its runs."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.runs = 0

    def __call__(self) -> object:
        self.runs += 1
        return self.value


def test_the_same_inputs_are_built_once(tmp_path: Path) -> None:
    build = _Builds({"grams": [1, 2, 3]})
    first = cached("thing", ["a", "b"], build, folder=tmp_path)
    again = cached("thing", ["a", "b"], build, folder=tmp_path)
    assert first == again == {"grams": [1, 2, 3]}
    assert build.runs == 1
    assert len(list(tmp_path.glob("thing-*.pickle"))) == 1


def test_other_inputs_are_built_again(tmp_path: Path) -> None:
    build = _Builds("value")
    for inputs in (["a", "b"], ["b", "a"], ["ab"], ["a", "b", ""]):
        cached("thing", inputs, build, folder=tmp_path)
    assert build.runs == 4


def test_a_damaged_entry_is_built_again_and_replaced(tmp_path: Path) -> None:
    build = _Builds([1])
    cached("thing", ["a"], build, folder=tmp_path)
    (entry,) = tmp_path.glob("thing-*.pickle")
    entry.write_bytes(entry.read_bytes()[:5])
    assert cached("thing", ["a"], build, folder=tmp_path) == [1]
    assert cached("thing", ["a"], build, folder=tmp_path) == [1]
    assert build.runs == 2


def test_an_unwritable_folder_only_costs_the_build(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    build = _Builds("value")
    assert cached("thing", ["a"], build, folder=blocker / "cache") == "value"
    assert cached("thing", ["a"], build, folder=blocker / "cache") == "value"
    assert build.runs == 2


def test_only_the_newest_entries_are_kept(tmp_path: Path) -> None:
    for n in range(KEEP + 3):
        cached("thing", [str(n)], _Builds(n), folder=tmp_path)
        for entry in tmp_path.glob("thing-*.pickle"):  # each older than the next one written
            stamp = entry.stat().st_mtime - 10
            os.utime(entry, (stamp, stamp))
    cached("other", ["x"], _Builds("x"), folder=tmp_path)
    assert len(list(tmp_path.glob("thing-*.pickle"))) == KEEP
    assert len(list(tmp_path.glob("other-*.pickle"))) == 1
    assert not list(tmp_path.glob(".*.part"))


def test_the_setting_chooses_the_folder_or_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "here"))
    assert cache_dir() == tmp_path / "here"
    monkeypatch.setenv(CACHE_ENV, "")
    assert cache_dir() is None
    build = _Builds("value")
    cached("thing", ["a"], build)
    cached("thing", ["a"], build)
    assert build.runs == 2
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "jiaxiang-legal-bot"


def test_a_cached_classifier_classifies_as_a_trained_one(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    fresh = CategoryClassifier(kb.items, analyzer=kb.analyzer, learned=load_category_model())
    stored = CategoryClassifier.trained(kb.items, analyzer=kb.analyzer, learned=True)
    read = CategoryClassifier.trained(kb.items, analyzer=kb.analyzer, learned=True)
    assert len(list(tmp_path.glob("category-classifier-*.pickle"))) == 1
    assert read is not stored
    assert read.analyzer is kb.analyzer
    raw = yaml.safe_load((DATA_DIR / "triage-tuning.yaml").read_text(encoding="utf-8"))
    texts = [entry["text"] for entry in raw["descriptions"]][:120]
    expected = [fresh.guess(text) for text in texts]
    assert [stored.guess(text) for text in texts] == expected
    assert [read.guess(text) for text in texts] == expected


def test_other_items_or_no_learned_model_are_trained_apart(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    CategoryClassifier.trained(kb.items, analyzer=kb.analyzer, learned=True)
    CategoryClassifier.trained(kb.items, analyzer=kb.analyzer)
    first, *rest = kb.items
    moved = first.model_copy(update={"category": "other" if first.category != "other" else "labor"})
    CategoryClassifier.trained([moved, *rest], analyzer=kb.analyzer)
    assert len(list(tmp_path.glob("category-classifier-*.pickle"))) == 3
