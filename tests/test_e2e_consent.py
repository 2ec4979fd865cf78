"""Consent to share contacts, the privacy notice and minors' intakes, end to end."""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import AsyncIterator
from pathlib import Path

from bot import texts
from knowledge import KnowledgeBase
from sandbox import BotMessage, SandboxServer, SandboxUser
from tests.e2e import (
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
from tests.test_e2e_triage import describe

RECIPIENTS = ("法律顾问", "司法所值班法律顾问", "街道工作人员")
"""Everyone who sees a shared name and phone: cards, escalations, the staff ledger."""


def plain(text: str) -> str:
    """Return a text of ``bot.texts`` as a chat shows it (no tags or entities)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


async def first_reply(resident: SandboxUser, text: str) -> BotMessage:
    """Start from /consult, tap 迎凤社区 and type ``text``; return the first reply to it."""
    await describe(resident, text)
    return await one(resident)


async def to_consent(resident: SandboxUser, text: str = "公司一直拖欠工资不发怎么办") -> BotMessage:
    """Go through the intake up to the consent question and return it."""
    category = await first_reply(resident, text)
    await resident.press(category, texts.BUTTON_CATEGORY_OK)
    return await one(resident)


def assert_privacy_notice(text: str, scene: Scene) -> None:
    """The notice says what is kept, who sees it, how long, and how to see or delete it."""
    for needed in ("提问", "咨询", *RECIPIENTS, "/privacy", "查看", "删除"):
        assert needed in text, needed
    assert f"{scene.settings.question_retention_days} 天" in text
    assert f"{scene.settings.retention_days} 天" in text


async def test_start_gives_the_privacy_notice(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_command("/start")
    welcome = await one(resident)
    assert welcome.text.startswith("您好")
    assert_privacy_notice(welcome.text, scene)


async def test_the_intake_gives_the_privacy_notice(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_command("/consult")
    intro, _ = await resident.wait_for_messages(2)
    assert intro.text.startswith("预约本村（社区）法律顾问")
    assert_privacy_notice(intro.text, scene)


async def test_the_consent_question_names_every_recipient(scene: Scene) -> None:
    consent = await to_consent(scene.resident)
    for recipient in RECIPIENTS:
        assert recipient in consent.text, recipient
    assert "/privacy" in consent.text  # how to withdraw it
    assert labels(consent) == [
        texts.BUTTON_CONSENT_YES,
        texts.BUTTON_CONSENT_NO,
        texts.BUTTON_CANCEL,
    ]


async def test_consent_is_recorded_with_its_time_version_and_scope(scene: Scene) -> None:
    number = await file_consultation(
        scene, scene.resident, "老板拖欠工资三个月了", contact="王先生 13800000000"
    )
    (consultation,) = scene.rows("SELECT created_at, consent, contact_phone FROM consultations")
    assert (consultation["consent"], consultation["contact_phone"]) == (1, "13800000000")
    (row,) = scene.rows("SELECT * FROM consents")
    assert dict(row) == {
        "id": 1,
        "resident_id": RESIDENT,
        "consultation_id": number,
        "granted_at": consultation["created_at"],
        "text_version": texts.CONSENT_TEXT_VERSION,
        "scope": "contact:adviser,duty,staff",
        "withdrawn_at": None,
    }


async def test_no_consent_records_nothing(scene: Scene) -> None:
    await file_consultation(scene, scene.resident, "老板拖欠工资三个月了")
    assert scene.rows("SELECT * FROM consents") == []
    (row,) = scene.rows("SELECT consent, contact_name, contact_phone FROM consultations")
    assert tuple(row) == (0, None, None)


async def test_a_minor_is_asked_for_a_guardian_and_gives_no_contact(scene: Scene) -> None:
    resident = scene.resident
    notice = await first_reply(resident, "我今年12岁，在奶茶店帮忙，老板不给工资")
    assert notice.text == plain(texts.INTAKE_MINOR_NOTICE)
    category = await one(resident)
    assert "这件事属于" in category.text
    await resident.press(category, texts.BUTTON_CATEGORY_OK)
    consent = await one(resident)
    assert consent.text == plain(texts.INTAKE_CONSENT_MINOR)
    assert labels(consent) == [texts.BUTTON_CONSENT_MINOR, texts.BUTTON_CANCEL]
    # Neither typing 愿意 nor a forged 愿意 button leads to the contact question.
    await resident.send_text("愿意")
    again = await one(resident)
    assert again.text.endswith(plain(texts.INTAKE_CONSENT_MINOR)), again.text
    assert labels(again) == labels(consent)
    await resident.press_with_data(again, "1|in|consent|yes")
    forged = await one(resident)
    assert forged.text.endswith(plain(texts.INTAKE_CONSENT_MINOR)), forged.text
    await resident.send_text("王同学 13800000000")
    assert labels(await one(resident)) == labels(consent)
    await resident.press(forged, texts.BUTTON_CONSENT_MINOR)
    confirm = await one(resident)
    assert texts.INTAKE_NO_CONTACT in confirm.text
    await resident.press(confirm, texts.BUTTON_SUBMIT)
    done = await one(resident)
    assert done.text.startswith("已提交")
    assert plain(texts.INTAKE_DONE_MINOR) in done.text
    (row,) = scene.rows("SELECT consent, contact_name, contact_phone FROM consultations")
    assert tuple(row) == (0, None, None)
    assert scene.rows("SELECT * FROM consents") == []
    assert "13800000000" not in (await one(scene.adviser)).text


async def test_a_minor_types_no_contact(scene: Scene) -> None:
    resident = scene.resident
    notice = await first_reply(resident, "我是初一学生，网上买的书一直不发货，商家也不退款")
    assert notice.text == plain(texts.INTAKE_MINOR_NOTICE)
    category = await one(resident)
    await resident.press(category, texts.BUTTON_CATEGORY_OK)
    await one(resident)
    await resident.send_text("不留联系方式")
    assert texts.INTAKE_NO_CONTACT in (await one(resident)).text


async def test_a_parent_telling_a_childs_age_may_share_contacts(scene: Scene) -> None:
    consent = await to_consent(scene.resident, "我儿子今年12岁，玩游戏被人骗走了两千元")
    assert consent.text == plain(texts.INTAKE_CONSENT)
    assert texts.BUTTON_CONSENT_YES in labels(consent)


@contextlib.asynccontextmanager
async def restarted(
    tmp_path: Path, kb: KnowledgeBase, between: str
) -> AsyncIterator[tuple[Scene, BotMessage]]:
    """Reach the confirmation with contacts, restart with ``between`` run, and press 提交.

    Yields:
        The scene, its bot running again, and the reply to 提交.
    """
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF}))
        scene = make_scene(server, settings, kb)
        resident = scene.resident
        async with bot_running(server, settings, kb):
            await invite(scene, scene.adviser, "迎凤社区")
            consent = await to_consent(resident)
            await resident.press(consent, texts.BUTTON_CONSENT_YES)
            await one(resident)
            await resident.send_text("王先生 13800000000")
            confirm = await one(resident)
        if between:
            scene.rows(between)
        async with bot_running(server, settings, kb):
            await resident.press(confirm, texts.BUTTON_SUBMIT)
            yield scene, await one(resident)


async def test_a_consent_survives_a_restart_with_its_version(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with restarted(tmp_path, kb, "") as (scene, done):
        assert done.text.startswith("已提交")
        (row,) = scene.rows("SELECT text_version FROM consents")
        assert row[0] == texts.CONSENT_TEXT_VERSION


async def test_a_consent_given_to_the_older_text_is_asked_again(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    # A draft from before the consent text named everyone holds no version.
    forget = "UPDATE persisted_user_data SET data = json_remove(data, '$.intake.consent_version')"
    async with restarted(tmp_path, kb, forget) as (scene, again):
        assert again.text == plain(texts.INTAKE_CONSENT_AGAIN + texts.INTAKE_CONSENT)
        assert texts.BUTTON_CONSENT_YES in labels(again)
        assert scene.rows("SELECT * FROM consultations") == []
        await scene.resident.press(again, texts.BUTTON_CONSENT_NO)
        assert texts.INTAKE_NO_CONTACT in (await one(scene.resident)).text


async def test_a_minor_stays_one_after_a_restart(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path)
        resident = make_scene(server, settings, kb).resident
        async with bot_running(server, settings, kb):
            await first_reply(resident, "我才13，打零工的工钱老板一直拖着不给")
            await resident.press(await one(resident), texts.BUTTON_CATEGORY_OK)
            consent = await one(resident)
        async with bot_running(server, settings, kb):
            await resident.press_with_data(consent, "1|in|consent|yes")
            again = await one(resident)
        assert again.text.endswith(plain(texts.INTAKE_CONSENT_MINOR)), again.text
        assert labels(again) == [texts.BUTTON_CONSENT_MINOR, texts.BUTTON_CANCEL]


async def test_a_minor_who_asked_a_question_first(scene: Scene) -> None:
    resident = scene.resident
    await resident.send_text("我才13，在饭店洗碗，老板不给工钱怎么办")
    await resident.press(await one(resident), texts.BUTTON_ADVISER)
    _, choose = await resident.wait_for_messages(2)
    await resident.press(choose, "迎凤社区")
    await resident.press(await one(resident), texts.BUTTON_USE_QUESTION)
    assert (await one(resident)).text == plain(texts.INTAKE_MINOR_NOTICE)
    await resident.press(await one(resident), texts.BUTTON_CATEGORY_OK)
    assert labels(await one(resident)) == [texts.BUTTON_CONSENT_MINOR, texts.BUTTON_CANCEL]


async def test_a_minors_draft_from_before_this_version_gives_no_contact(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    # Filled in before the bot knew minors: a consent, contacts, no consent version.
    old = (
        "UPDATE persisted_user_data SET data = json_set(json_remove(data,"
        " '$.intake.consent_version'), '$.intake.summary', '我今年12岁，老板不给工资')"
    )
    async with restarted(tmp_path, kb, old) as (scene, again):
        assert again.text == plain(texts.INTAKE_CONSENT_AGAIN + texts.INTAKE_CONSENT_MINOR)
        assert labels(again) == [texts.BUTTON_CONSENT_MINOR, texts.BUTTON_CANCEL]
        await scene.resident.press(again, texts.BUTTON_CONSENT_MINOR)
        confirm = await one(scene.resident)
        assert texts.INTAKE_NO_CONTACT in confirm.text
        assert "13800000000" not in confirm.text
        await scene.resident.press(confirm, texts.BUTTON_SUBMIT)
        assert plain(texts.INTAKE_DONE_MINOR) in (await one(scene.resident)).text
        (row,) = scene.rows("SELECT consent, contact_name, contact_phone FROM consultations")
        assert tuple(row) == (0, None, None)
