"""Webhook mode refuses forged updates: a secret is always registered and checked."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from bot.app import ALLOWED_UPDATES, build_application
from bot.webhook import serving_webhook, webhook_options
from knowledge import KnowledgeBase
from sandbox import SandboxServer
from tests.e2e import RESIDENT, office_clock, sandbox_settings

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def forged_start(update_id: int, user_id: int) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "假冒"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_764_000_000,
            "chat": {"id": user_id, "type": "private", "first_name": "假冒"},
            "from": user,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


def test_options_default_to_loopback_a_secret_and_an_unguessable_path(tmp_path: Path) -> None:
    settings = sandbox_settings_offline(tmp_path, webhook_url="https://bot.example.org")
    first, second = webhook_options(settings), webhook_options(settings)
    assert first.listen == "127.0.0.1"
    assert first.url_path.startswith("telegram-")
    assert len(first.url_path) > 20
    assert first.webhook_url == f"https://bot.example.org/{first.url_path}"
    assert len(first.secret_token) >= 32
    assert first.secret_token != second.secret_token  # a fresh one every start
    own = sandbox_settings_offline(
        tmp_path, webhook_url="https://bot.example.org/hook-x", webhook_secret=SecretStr("s3")
    )
    assert (webhook_options(own).url_path, webhook_options(own).secret_token) == ("hook-x", "s3")


def sandbox_settings_offline(tmp_path: Path, **overrides: object) -> Any:
    from bot.config import Settings

    values: dict[str, object] = {
        "bot_token": SecretStr("123456:ABCDEFGHIJKLMNOP"),
        "db_path": tmp_path / "bot.db",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


async def test_forged_post_without_the_secret_gets_403_and_changes_nothing(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with SandboxServer() as server:
        port = free_port()
        settings = sandbox_settings(
            server, tmp_path, webhook_url="https://bot.example.org", webhook_port=port
        )
        options = webhook_options(settings)
        application = build_application(
            settings, knowledge=kb, clock=office_clock(), rate_limiter=False
        )
        async with serving_webhook(application, options, ALLOWED_UPDATES):
            assert server.api.webhook["secret_token"] == options.secret_token
            url = f"http://127.0.0.1:{port}/{options.url_path}"
            async with aiohttp.ClientSession() as http:
                for headers in ({}, {SECRET_HEADER: "guess"}):
                    response = await http.post(url, json=forged_start(1, RESIDENT), headers=headers)
                    assert response.status == 403
                await asyncio.sleep(0.5)
                resident = server.user(RESIDENT, "王五")
                assert resident.transcript() == []
                # The resident opens the chat (the sandbox holds that update: a webhook is set),
                # so the bot may write to them once a genuine update arrives.
                await resident.send_command("/start")
                with sqlite3.connect(settings.db_path) as conn:
                    assert conn.execute("SELECT count(*) FROM residents").fetchone() == (0,)
                genuine = await http.post(
                    url,
                    json=forged_start(2, RESIDENT),
                    headers={SECRET_HEADER: options.secret_token},
                )
                assert genuine.status == 200
            (welcome,) = await resident.wait_for_messages(1)
            assert welcome.text


@pytest.mark.parametrize("url", ["ftp://bot.example.org", "bot.example.org"])
def test_a_webhook_url_that_is_not_http_is_refused(tmp_path: Path, url: str) -> None:
    with pytest.raises(ValueError, match="WEBHOOK_URL"):
        webhook_options(sandbox_settings_offline(tmp_path, webhook_url=url))
