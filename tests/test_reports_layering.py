"""Reports sit beside the handlers: they use the services, never Telegram, and nothing below
them uses them."""

from __future__ import annotations

import importlib

import pytest

from tests.test_layering import modules, offending


def test_reports_know_nothing_of_telegram() -> None:
    assert offending(modules("bot/reports"), ("telegram", "handlers", "bot.app")) == {}


@pytest.mark.parametrize("package", ["bot/services", "bot/storage", "knowledge"])
def test_services_and_storage_do_not_use_the_reports(package: str) -> None:
    assert offending(modules(package), ("bot.reports", "matplotlib", "openpyxl")) == {}


@pytest.mark.parametrize(
    "module", ["bot.reports", "bot.texts.reports", "bot.services.counting", "bot.services.stats"]
)
def test_all_names_exist_and_are_sorted(module: str) -> None:
    loaded = importlib.import_module(module)
    exported = loaded.__all__
    assert exported == sorted(exported, key=lambda n: (not n.isupper(), not n[:1].isupper(), n))
    for name in exported:
        assert hasattr(loaded, name), name
