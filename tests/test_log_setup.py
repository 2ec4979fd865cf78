"""The bot's logs never carry its token: quiet HTTP libraries and a redaction filter."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.log_setup import configure_logging, redact
from knowledge import KnowledgeBase
from sandbox import SandboxServer
from tests.e2e import RESIDENT, bot_running, one, sandbox_settings

TOKEN = "123456789:AAE-secret_token_value_0123456789"


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    level = root.level
    stream = io.StringIO()
    handler = configure_logging(logging.INFO, stream=stream)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        for name in ("httpx", "httpcore", "aiohttp.access", "telegram", "aiosqlite"):
            logging.getLogger(name).setLevel(logging.NOTSET)


def test_redact_masks_token_shaped_text_only() -> None:
    assert redact(f"POST https://api.telegram.org/bot{TOKEN}/getMe") == (
        "POST https://api.telegram.org/bot<token>/getMe"
    )
    assert redact("咨询 #1005 于 12:30 提交") == "咨询 #1005 于 12:30 提交"


def test_token_in_arguments_and_tracebacks_is_masked(log_stream: io.StringIO) -> None:
    log = logging.getLogger("bot.test")
    log.warning("request to %s failed", f"/bot{TOKEN}/sendMessage")
    try:
        raise RuntimeError(f"boom at /bot{TOKEN}/getUpdates")
    except RuntimeError:
        log.exception("unexpected")
    text = log_stream.getvalue()
    assert "secret_token_value" not in text
    assert text.count("<token>") == 2


async def test_running_bot_logs_no_token(
    tmp_path: Path, kb: KnowledgeBase, log_stream: io.StringIO
) -> None:
    async with (
        SandboxServer(token=TOKEN) as server,
        bot_running(server, sandbox_settings(server, tmp_path), kb),
    ):
        resident = server.user(RESIDENT, "王五")
        await resident.send_text("老板拖欠工资怎么办")
        await one(resident)
    text = log_stream.getvalue()
    assert "bot ready" in text  # the bot did log at INFO
    assert TOKEN.partition(":")[2] not in text
