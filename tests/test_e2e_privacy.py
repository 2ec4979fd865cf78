"""/privacy end to end: a resident sees, exports, withdraws consent and is forgotten."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot import texts
from bot.app import BotApplication
from handlers.drafts import ExpiringConversationHandler
from knowledge import KnowledgeBase
from sandbox import BotMessage, SandboxServer, SandboxUser
from tests.e2e import (
    INTRUDER,
    RESIDENT,
    STAFF,
    Scene,
    bot_running,
    invite,
    labels,
    make_scene,
    one,
    sandbox_settings,
)
from tests.test_e2e_consult import file_consultation

QUESTION = "老板拖欠工资三个月了，怎么要回来"
MESSAGE = "我有考勤表和微信聊天记录"
CONTACT = "王五 13800138000"


@dataclass
class World:
    scene: Scene
    application: BotApplication
    server: SandboxServer


@pytest.fixture
async def world(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[World]:
    async with SandboxServer() as server:
        # The scene walks through every /privacy action in seconds: more than the per-user
        # rate limit lets one resident do in a minute.
        settings = sandbox_settings(
            server, tmp_path, staff_ids=frozenset({STAFF}), user_rate_per_minute=0
        )
        async with bot_running(server, settings, kb) as application:
            scene = make_scene(server, settings, kb)
            await invite(scene, scene.adviser, "迎凤社区")
            yield World(scene, application, server)


async def closed_consultation(scene: Scene) -> int:
    """File a consultation with contact details, relay one message, close it as answered."""
    resident, adviser = scene.resident, scene.adviser
    number = await file_consultation(scene, resident, QUESTION, contact=CONTACT)
    card = await one(adviser)
    await adviser.press(card, texts.BUTTON_CLAIM)
    await one(adviser)
    await one(resident)
    await resident.send_text(MESSAGE)
    await one(resident)
    await one(adviser)
    await adviser.send_command("/close", str(number))
    await adviser.press(await one(adviser), "已解答")
    await one(adviser)
    await one(resident)  # the rating request
    return number


async def export(world: World, user: SandboxUser) -> dict[str, Any]:
    """Run /privacy, press 导出我的信息 and return the JSON document the bot sent."""
    await user.send_command("/privacy")
    summary = await one(user)
    assert labels(summary) == [
        texts.BUTTON_PRIVACY_EXPORT,
        texts.BUTTON_PRIVACY_WITHDRAW,
        texts.BUTTON_PRIVACY_FORGET,
    ]
    await user.press(summary, texts.BUTTON_PRIVACY_EXPORT)
    document = await one(user)
    assert document.document is not None
    assert document.document.file_name == "my-data.json"
    assert document.caption == texts.PRIVACY_EXPORT_CAPTION
    data = world.server.world.files[document.document.file_id].data
    result: dict[str, Any] = json.loads(data.decode("utf-8"))
    return result


def user_ids(scene: Scene) -> set[int]:
    """Every user id the database holds, in any table."""
    ids: set[int] = set()
    for sql in (
        "SELECT user_id FROM residents",
        "SELECT user_id FROM questions",
        "SELECT resident_id FROM consultations",
        "SELECT sender_id FROM consultation_messages",
        "SELECT actor_id FROM consultation_events",
        "SELECT chat_id FROM outbox",
        "SELECT user_id FROM persisted_user_data",
        "SELECT user_id FROM persisted_conversations",
    ):
        ids |= {row[0] for row in scene.rows(sql)}
    return ids


async def test_export_withdraw_and_forget_with_an_intake_in_progress(world: World) -> None:
    scene = world.scene
    resident = scene.resident
    number = await closed_consultation(scene)

    mine = await export(world, resident)
    assert mine["user_id"] == RESIDENT
    assert [c["id"] for c in mine["consultations"]] == [number]
    assert mine["consultations"][0]["contact_phone"] == "13800138000"
    assert [m["text"] for m in mine["messages"]] == [MESSAGE]
    assert any(q["text"] == QUESTION for q in mine["questions"])
    assert mine["sent_to_you"]

    # Somebody else sees only their own (empty) record, never the resident's.
    intruder = scene.server.user(INTRUDER, "赵六")
    theirs = await export(world, intruder)
    assert theirs["user_id"] == INTRUDER
    assert QUESTION not in json.dumps(theirs, ensure_ascii=False)
    assert "13800138000" not in json.dumps(theirs, ensure_ascii=False)

    # Withdrawing consent, confirmed by the button.
    await resident.send_command("/privacy")
    summary = await one(resident)
    assert "留有姓名、电话的 1 件" in summary.text
    await resident.press(summary, texts.BUTTON_PRIVACY_WITHDRAW)
    confirm = await one(resident)
    assert labels(confirm) == [texts.BUTTON_PRIVACY_CONFIRM_WITHDRAW, texts.BUTTON_CANCEL]
    await resident.press(confirm, texts.BUTTON_PRIVACY_CONFIRM_WITHDRAW)
    done = await resident.wait_for_edit(confirm)
    assert done.text == texts.PRIVACY_WITHDRAWN.format(count=1)
    (row,) = scene.rows("SELECT contact_name, contact_phone FROM consultations")
    assert tuple(row) == (None, None)
    assert "13800138000" not in json.dumps(await export(world, resident), ensure_ascii=False)

    # An intake begun, then the resident asks to be forgotten.
    await resident.send_command("/adviser")
    await resident.wait_for_messages(2)
    application = world.application
    intake = next(
        handler
        for handlers in application.handlers.values()
        for handler in handlers
        if isinstance(handler, ExpiringConversationHandler) and handler.name == "intake"
    )
    assert intake.end_user_conversations(0) == 0  # nobody's conversation is ended by mistake
    # The live intake state is in the copy, although no periodic write stored it yet.
    during = await export(world, resident)
    assert [c["name"] for c in during["conversations"]] == [intake.name]
    await resident.send_command("/privacy")
    summary = await one(resident)
    await resident.press(summary, texts.BUTTON_PRIVACY_FORGET)
    confirm = await one(resident)
    assert confirm.text.startswith("确定删除")
    await resident.press(confirm, texts.BUTTON_PRIVACY_CONFIRM_FORGET)
    done = await resident.wait_for_edit(confirm)
    assert done.text == texts.PRIVACY_FORGOTTEN
    assert RESIDENT not in application.user_data or not application.user_data[RESIDENT]

    # The intake is over: a text now is a question, not the description of a matter.
    await resident.send_text("离婚需要什么材料")
    await one(resident)
    asked = scene.rows("SELECT user_id FROM questions WHERE text = ?", "离婚需要什么材料")
    assert [row[0] for row in asked] == [RESIDENT]
    await application.update_persistence()
    ids = user_ids(scene)
    assert RESIDENT in ids  # the question just asked, a new record
    assert RESIDENT not in {row[0] for row in scene.rows("SELECT resident_id FROM consultations")}
    (row,) = scene.rows("SELECT resident_id, summary, contact_name, status FROM consultations")
    assert row["resident_id"] < 0
    assert row["status"] == "closed"
    assert scene.rows("SELECT * FROM consultation_messages") == []
    texts_left = [r[0] for r in scene.rows("SELECT text FROM questions")]
    assert QUESTION not in texts_left
    assert texts_left.count("") >= 1


async def ask_then_open_privacy(resident: SandboxUser) -> BotMessage:
    """The resident asks one question, then sends /privacy; return the summary."""
    await resident.send_text("拖欠工资怎么办")
    await one(resident)
    await resident.send_command("/privacy")
    summary = await one(resident)
    assert "提问记录：1 条" in summary.text
    return summary


async def test_typed_confirmation_forgets_a_resident_who_only_asked(world: World) -> None:
    scene = world.scene
    resident = scene.resident
    summary = await ask_then_open_privacy(resident)
    await resident.press(summary, texts.BUTTON_PRIVACY_FORGET)
    await one(resident)
    await resident.send_text("确认")
    assert (await one(resident)).text == texts.PRIVACY_FORGOTTEN
    await world.application.update_persistence()
    assert RESIDENT not in user_ids(scene)
    (row,) = scene.rows("SELECT user_id, text FROM questions")
    assert row["user_id"] < 0
    assert row["text"] == ""
    # Typed once more, 确认 confirms nothing: it is a question again.
    await resident.send_text("确认")
    assert (await one(resident)).text != texts.PRIVACY_FORGOTTEN


async def test_the_privacy_choices_are_understood_when_typed(world: World) -> None:
    scene = world.scene
    resident = scene.resident
    summary = await ask_then_open_privacy(resident)
    assert texts.PRIVACY_TYPE_HINT in summary.text
    await resident.send_text("确认")  # nothing chosen yet: the choices again, no article
    again = await one(resident)
    assert again.text.startswith(texts.PRIVACY_TYPE_HINT), again.text
    await resident.send_text("导出")
    export = await one(resident)
    assert export.document is not None
    await resident.send_text("删除")
    asked = await one(resident)
    assert asked.text.startswith(texts.PRIVACY_CONFIRM_FORGET[:8]), asked.text
    await resident.send_text("确认删除")
    assert (await one(resident)).text == texts.PRIVACY_FORGOTTEN
    (row,) = scene.rows("SELECT user_id FROM questions")
    assert row["user_id"] < 0
    await resident.send_text("删除")  # the choices are over: a question again
    assert (await one(resident)).text != texts.PRIVACY_CONFIRM_FORGET


async def test_cancel_keeps_everything_and_an_active_consultation_is_not_forgotten(
    world: World,
) -> None:
    scene = world.scene
    resident = scene.resident
    number = await file_consultation(scene, resident, QUESTION)
    await one(scene.adviser)
    await resident.send_command("/privacy")
    summary = await one(resident)
    await resident.press(summary, texts.BUTTON_PRIVACY_FORGET)
    assert (await one(resident)).text == texts.PRIVACY_ACTIVE.format(number=number).replace(
        f"<b>#{number}</b>", f"#{number}"
    )
    await resident.press(summary, texts.BUTTON_PRIVACY_WITHDRAW)
    confirm = await one(resident)
    await resident.press(confirm, texts.BUTTON_CANCEL)
    assert (await resident.wait_for_edit(confirm)).text == texts.PRIVACY_CANCELLED
    (row,) = scene.rows("SELECT resident_id, status FROM consultations")
    assert tuple(row) == (RESIDENT, "open")


async def test_the_retention_job_runs_daily(world: World) -> None:
    application = world.application
    assert application.job_queue is not None
    (job,) = application.job_queue.get_jobs_by_name("retention")
    assert job.job.trigger.interval.total_seconds() == 24 * 3600
    await job.run(application)  # nothing is old enough: nothing happens, nothing fails
