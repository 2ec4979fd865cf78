"""Handlers take the time from the application's clock, never from the wall clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot import texts
from knowledge import KnowledgeBase
from sandbox import SandboxServer
from tests.e2e import STAFF, bot_running, invite, make_scene, office_clock, one, sandbox_settings

SATURDAY_MORNING = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)  # 10:00, office closed


async def test_a_case_filed_out_of_office_hours_says_when_it_will_be_answered(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF}))
        async with bot_running(server, settings, kb, clock=office_clock(SATURDAY_MORNING)):
            scene = make_scene(server, settings, kb)
            await invite(scene, scene.adviser, "迎凤社区")
            resident = scene.resident
            await resident.send_command("/consult")
            _, choose = await resident.wait_for_messages(2)
            await resident.press(choose, "迎凤社区")
            await one(resident)
            await resident.send_text("公司一直拖欠工资不发怎么办")
            for step in (texts.BUTTON_CATEGORY_OK, texts.BUTTON_CONSENT_NO, texts.BUTTON_SUBMIT):
                await resident.press(await one(resident), step)
            done = await one(resident)
    # The office opens again on Monday 08:30: the bot's time, not today's date on this machine.
    expected = texts.WHEN_LATER.format(time="11月30日 08:30")
    assert expected in done.text, done.text
