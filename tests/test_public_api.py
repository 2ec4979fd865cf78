from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize(
    "module", ["knowledge", "bot.storage", "bot.services", "knowledge.models", "knowledge.loader"]
)
def test_all_names_exist(module: str) -> None:
    loaded = importlib.import_module(module)
    exported = loaded.__all__
    assert exported == sorted(exported, key=lambda n: (not n.isupper(), not n[:1].isupper(), n))
    for name in exported:
        assert hasattr(loaded, name), name
