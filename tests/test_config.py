from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings


def test_defaults_need_no_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BOT_TOKEN", "STAFF_IDS", "TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(_env_file=None)
    assert settings.bot_token is None
    assert settings.timezone == "Asia/Shanghai"
    assert settings.staff_ids == frozenset()


def test_environment_values_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:ABCDEFGHIJ")
    monkeypatch.setenv("STAFF_IDS", "11, 22,33")
    monkeypatch.setenv("BOT_API_URL", "http://127.0.0.1:8081/bot")
    settings = load_settings(_env_file=None)
    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() == "123456:ABCDEFGHIJ"
    assert "ABCDEFGHIJ" not in repr(settings)
    assert settings.staff_ids == frozenset({11, 22, 33})
    assert settings.bot_api_url == "http://127.0.0.1:8081/bot"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOT_TOKEN", "not-a-token"),
        ("STAFF_IDS", "12,abc"),
        ("TIMEZONE", "Mars/Olympus"),
        ("WEBHOOK_PORT", "99999"),
    ],
)
def test_invalid_value_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_settings(_env_file=None)
