"""A use case's refusal rises to the error handler once: told to the user, logged as info."""

from __future__ import annotations

import logging

import pytest

from bot import texts
from tests.e2e import Scene, one


async def test_refusals_are_told_once_and_not_logged_as_errors(
    scene: Scene, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="handlers")
    adviser, resident = scene.adviser, scene.resident
    await adviser.send_command("/close", "999")
    assert (await one(adviser)).text == texts.UNKNOWN_CONSULTATION
    await adviser.send_command("/reply", "999 您好")
    assert (await one(adviser)).text == texts.UNKNOWN_CONSULTATION
    await resident.send_command("/advisers")
    assert (await one(resident)).text == texts.NOT_ALLOWED
    await resident.send_text("你好")
    own = await one(resident)
    callback = await resident.press_with_data(own, "2|c|end_confirmed|999")
    assert (await resident.wait_for_answer(callback)).text == texts.UNKNOWN_CONSULTATION
    assert resident.take_new_messages() == []
    assert adviser.take_new_messages() == []

    refusals = [r for r in caplog.records if r.name == "handlers.common"]
    assert [r.getMessage() for r in refusals] == [
        "a use case refused: NotFound",
        "a use case refused: NotFound",
        "a use case refused: AccessDenied",
        "a use case refused: NotFound",
    ]
    assert all(r.levelno == logging.INFO and r.exc_info is None for r in refusals)
