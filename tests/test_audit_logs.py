"""Nothing personal in the logs: whole flows over HTTP, every logger at DEBUG (end to end).

A resident asks, files a consultation with name and phone, writes to their adviser and is
answered, has it closed and rated, and has their data deleted; another files a legal-aid
pre-application and a mediation request. The bot's own log configuration at its most
verbose (``configure_logging(logging.DEBUG)``: PTB's, httpx's and our loggers) records it
all, and no record holds a canary of ``tests/audit_scene.py`` or the bot token.
"""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot import texts
from bot.log_setup import configure_logging
from knowledge import KnowledgeBase
from sandbox import DEFAULT_TOKEN
from tests.audit_scene import CANARIES, NAME, PHONE
from tests.e2e import Scene, adviser_scene, one
from tests.test_e2e_consult import file_consultation
from tests.test_e2e_walk import file_mediation, to_file_step

QUESTION = "雀鸣巷仓库老板拖欠工资三个月了，怎么要回来"
TO_ADVISER = "雀鸣巷仓库的考勤表在我这里"
TO_RESIDENT = "请带上雀鸣巷仓库的考勤表来社区面谈"


class Records(logging.Filter):
    """Keeps every record the bot's handler writes (after its own filters), formatted."""

    def __init__(self, handler: logging.Handler) -> None:
        super().__init__()
        self.handler = handler
        self.lines: list[tuple[str, str]] = []

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record's logger name and its text as the handler formats it."""
        self.lines.append((record.name, self.handler.format(record)))
        return True


@pytest.fixture
def records() -> Iterator[Records]:
    root = logging.getLogger()
    level = root.level
    handler = configure_logging(logging.DEBUG, stream=io.StringIO())
    kept = Records(handler)
    handler.addFilter(kept)  # after the token filter: what is written
    try:
        yield kept
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        for name in list(logging.root.manager.loggerDict):
            if name.startswith(("httpx", "httpcore", "aiohttp", "telegram", "aiosqlite")):
                logging.getLogger(name).setLevel(logging.NOTSET)


@pytest.fixture
async def scene(records: Records, tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[Scene]:
    """The running bot, logging from its start, with staff and an adviser of 迎凤社区."""
    async with adviser_scene(tmp_path, kb) as world:
        yield world


async def test_whole_flows_log_nothing_personal_at_debug(records: Records, scene: Scene) -> None:
    resident, adviser = scene.resident, scene.adviser
    number = await file_consultation(scene, resident, QUESTION, contact=f"{NAME} {PHONE}")
    card = await one(adviser)
    assert PHONE in card.text  # the canaries did travel
    await adviser.press(card, texts.BUTTON_CLAIM)
    await one(adviser)
    await one(resident)
    await resident.send_text(TO_ADVISER)
    await one(resident)
    relayed = await one(adviser)
    await adviser.reply_to(relayed, TO_RESIDENT)
    await one(adviser)
    assert TO_RESIDENT in (await one(resident)).text
    await adviser.send_command("/close", str(number))
    await adviser.press(await one(adviser), "已解答")
    await one(adviser)
    rating = await one(resident)
    await resident.press(rating, "⭐⭐⭐⭐⭐")
    await resident.wait_for_edit(rating)
    await resident.send_command("/forget")
    await one(resident)
    await resident.send_text("确认")
    assert (await one(resident)).text == texts.PRIVACY_FORGOTTEN

    other = scene.server.user(5003, "赵六")
    await to_file_step(other)
    await other.send_text("提交")
    if (await one(other)).text == texts.LEGAL_AID_ASK_COMMUNITY:
        await other.send_text("迎风")
        assert "预申请已提交" in (await one(other)).text
    await other.send_text("鹭洲菜场老板写的欠条在我这里")  # to the legal-aid staff
    await one(other)
    other = scene.server.user(5004, "钱七")  # one case at a time: another resident
    await file_mediation(other, other_party="鹭洲菜场的老赵", wanted="让出鹭洲菜场门口的过道")

    names = {name.split(".")[0] for name, _ in records.lines}
    assert {"bot", "telegram"} <= names, names  # DEBUG was on, PTB's included
    leaks = [
        (name, text[:300])
        for name, text in records.lines
        if not name.startswith("sandbox")  # Telegram's side of the conversation
        and (DEFAULT_TOKEN.partition(":")[2] in text or any(c in text for c in CANARIES))
    ]
    assert leaks == []
