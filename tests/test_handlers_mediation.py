"""Mediation requests through the real application (offline): request, routing, outcome, 回访."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import texts
from knowledge import KnowledgeBase
from tests.offline import REPO_ROOT, OfflineBot, SentCall, offline_bot
from tests.test_handlers_staff import ADVISER, RESIDENT, STAFF, register, rows

MEDIATOR, OFFICE_MEDIATOR = 6100, 6200


def communities_file(tmp_path: Path, *, committee: bool, office: bool) -> Path:
    """The repository's deployment file with 迎凤社区's mediator and/or the office's mediators."""
    data: dict[str, Any] = yaml.safe_load(
        (REPO_ROOT / "config" / "communities.yaml").read_text(encoding="utf-8")
    )
    yingfeng = next(c for c in data["communities"] if c["id"] == "yingfeng")
    if committee:
        yingfeng["advisers"] = [{"name": "王调解", "telegram_id": MEDIATOR, "mediator": True}]
    if office:
        data["mediators"] = [{"name": "司法所调解员", "telegram_id": OFFICE_MEDIATOR}]
    path = tmp_path / "communities.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
async def bot(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[OfflineBot]:
    """The bot with a mediator on 迎凤社区's committee and one at the judicial office."""
    path = communities_file(tmp_path, committee=True, office=True)
    async with offline_bot(
        tmp_path, kb, staff_ids=frozenset({STAFF}), communities_file=path
    ) as world:
        yield world


def last(calls: list[SentCall], chat_id: int = RESIDENT) -> SentCall:
    """The last message to ``chat_id`` among ``calls``."""
    return [c for c in calls if c.text and c.chat_id == chat_id][-1]


async def request(bot: OfflineBot, *, name: str | None = None) -> list[SentCall]:
    """The resident asks for mediation of a neighbours' dispute; return the last replies."""
    asked = last(await bot.say(RESIDENT, "/mediate"))
    assert asked.text == texts.MEDIATE_ASK_DISPUTE
    asked = last(await bot.tap(RESIDENT, asked, "邻里"))
    assert asked.text == texts.MEDIATE_ASK_RELATION
    asked = last(await bot.tap(RESIDENT, asked, "邻居"))
    assert asked.text == texts.MEDIATE_ASK_NAME
    if name is None:
        asked = last(await bot.tap(RESIDENT, asked, texts.MEDIATE_BUTTON_NO_NAME))
    else:
        asked = last(await bot.say(RESIDENT, name))
    assert asked.text == texts.MEDIATE_ASK_COMMUNITY
    asked = last(await bot.tap(RESIDENT, asked, "迎凤社区"))
    assert asked.text == texts.MEDIATE_ASK_WANTED
    confirm = last(await bot.say(RESIDENT, "对方拆除堵住通道的围墙"))
    assert "对方拆除堵住通道的围墙" in confirm.text
    return await bot.tap(RESIDENT, confirm, texts.MEDIATE_BUTTON_SUBMIT)


async def test_a_request_goes_to_the_community_s_mediation_committee(bot: OfflineBot) -> None:
    done = last(await request(bot))
    assert texts.HANDLED_BY_COMMITTEE.format(community="迎凤社区") in done.text
    ((number, kind, category),) = rows(bot, "SELECT id, kind, category FROM consultations")
    assert (kind, category) == ("mediation", "neighbor")
    assert rows(
        bot,
        "SELECT dispute_type, other_party_relation, other_party_name, wanted, source "
        "FROM mediation_requests",
    ) == [("邻里", "邻居", None, "对方拆除堵住通道的围墙", "申请")]
    assert any(f"#{number}" in c.text for c in bot.sent_to(MEDIATOR))
    assert not any(f"#{number}" in c.text for c in bot.sent_to(OFFICE_MEDIATOR))


async def test_the_other_party_s_name_is_kept_only_when_given(bot: OfflineBot) -> None:
    await request(bot, name="李四")
    assert rows(bot, "SELECT other_party_name FROM mediation_requests") == [("李四",)]


@pytest.mark.parametrize("declined", ["不想说", "不方便提供", "不愿意", "不知道", "保密"])
async def test_a_typed_refusal_is_no_name(bot: OfflineBot, declined: str) -> None:
    await request(bot, name=declined)
    assert rows(bot, "SELECT other_party_name FROM mediation_requests") == [(None,)]


async def test_without_a_committee_the_office_s_mediators_take_it(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    path = communities_file(tmp_path, committee=False, office=True)
    async with offline_bot(tmp_path, kb, communities_file=path) as world:
        done = last(await request(world))
        assert texts.HANDLED_BY_MEDIATORS in done.text
        card = next(c for c in world.sent_to(OFFICE_MEDIATOR) if c.buttons)
        await world.tap(OFFICE_MEDIATOR, card, texts.BUTTON_CLAIM)
        assert rows(world, "SELECT adviser_id FROM consultations") == [(OFFICE_MEDIATOR,)]


async def test_without_any_mediator_the_duty_and_staff_take_it(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    path = communities_file(tmp_path, committee=False, office=False)
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF}), communities_file=path) as w:
        await register(w, ADVISER, "迎凤社区")
        done = last(await request(w))
        assert texts.HANDLED_BY_STAFF in done.text
        assert any("对方拆除" in c.text for c in w.sent_to(STAFF))


async def claimed_card(bot: OfflineBot) -> SentCall:
    await request(bot)
    card = next(c for c in bot.sent_to(MEDIATOR) if texts.BUTTON_CLAIM in dict(c.buttons))
    await bot.tap(MEDIATOR, card, texts.BUTTON_CLAIM)
    return next(c for c in reversed(bot.sent_to(MEDIATOR)) if texts.BUTTON_CLOSE in dict(c.buttons))


async def test_the_mediator_closes_with_a_mediation_outcome_and_the_amount(
    bot: OfflineBot,
) -> None:
    card = await claimed_card(bot)
    offered = last(await bot.tap(MEDIATOR, card, texts.BUTTON_CLOSE), MEDIATOR)
    assert [label for label, _ in offered.buttons] == [
        "调解成功",
        "调解不成",
        "转诉讼/仲裁",
        "申请司法确认",
    ]
    # The resident pressing the mediator's outcome button is refused.
    await bot.send(bot.press(RESIDENT, offered, dict(offered.buttons)["调解成功"]))
    assert rows(bot, "SELECT status FROM consultations") == [("claimed",)]
    replies = await bot.tap(MEDIATOR, offered, "调解成功")
    assert any("/amount" in c.text for c in replies)
    # A rough sum is no agreement's (「两万」 is read since walk3: test_handlers_logbook.py).
    assert last(await bot.say(MEDIATOR, "/amount 1 两万多"), MEDIATOR).text == texts.AMOUNT_USAGE
    # Nor may the resident record an amount.
    await bot.say(RESIDENT, "/amount 1 20000")
    assert rows(bot, "SELECT agreement_amount FROM mediation_requests") == [(None,)]
    assert "20000" in last(await bot.say(MEDIATOR, "/amount 1 20000"), MEDIATOR).text
    assert rows(
        bot,
        "SELECT c.outcome, m.outcome, m.agreement_amount FROM consultations c "
        "JOIN mediation_requests m ON m.consultation_id = c.id",
    ) == [("mediation", "success", 20000)]


async def test_the_follow_up_is_asked_when_due_and_the_answer_recorded(bot: OfflineBot) -> None:
    card = await claimed_card(bot)
    offered = last(await bot.tap(MEDIATOR, card, texts.BUTTON_CLOSE), MEDIATOR)
    await bot.tap(MEDIATOR, offered, "调解成功")
    closed_at = bot.clock.now
    bot.clock.now = closed_at + dt.timedelta(days=29, hours=23)
    await bot.run_job("mediation_followup")
    assert not any("回访" in c.text for c in bot.sent_to(RESIDENT))
    bot.clock.now = closed_at + dt.timedelta(days=30)
    await bot.run_job("mediation_followup")
    await bot.run_job("mediation_followup")  # asked once
    (asked,) = [c for c in bot.sent_to(RESIDENT) if "回访" in c.text]
    assert "邻里" in asked.text
    # Another user's press on it changes nothing.
    await bot.send(bot.press(ADVISER, asked, dict(asked.buttons)["未履行"]))
    assert rows(bot, "SELECT followup_answer FROM mediation_requests") == [(None,)]
    replies = await bot.tap(RESIDENT, asked, "部分履行")
    assert texts.FOLLOWUP_NOT_KEPT in last(replies).text
    assert rows(bot, "SELECT followup_answer FROM mediation_requests") == [("partly",)]
    assert last(await bot.tap(RESIDENT, asked, "已履行")).text == texts.FOLLOWUP_ALREADY
    assert rows(bot, "SELECT followup_answer FROM mediation_requests") == [("partly",)]


async def test_typing_instead_of_tapping_and_cancel_midway(bot: OfflineBot) -> None:
    await bot.say(RESIDENT, "/mediate")
    again = await bot.say(RESIDENT, "随便")
    assert texts.MEDIATE_TAP in [c.text for c in again]
    assert last(await bot.say(RESIDENT, "婚姻家庭")).text == texts.MEDIATE_ASK_RELATION
    assert last(await bot.say(RESIDENT, "前夫")).text == texts.MEDIATE_ASK_NAME
    assert last(await bot.say(RESIDENT, "不提供")).text == texts.MEDIATE_ASK_COMMUNITY
    assert last(await bot.say(RESIDENT, "迎凤")).text == texts.MEDIATE_ASK_WANTED
    assert last(await bot.say(RESIDENT, "/cancel")).text == texts.INTAKE_CANCELLED
    assert rows(bot, "SELECT count(*) FROM consultations") == [(0,)]
    assert rows(bot, "SELECT count(*) FROM mediation_requests") == [(0,)]


async def test_the_request_says_what_of_the_answers_is_kept_and_for_how_long(
    bot: OfflineBot,
) -> None:
    said = [c.text for c in await bot.say(RESIDENT, "/mediate") if c.chat_id == RESIDENT]
    assert any(
        "由人民调解员按职责查看" in text and "办结满 365 天后自动删除" in text for text in said
    )
