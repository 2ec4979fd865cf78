"""Staff and adviser commands through ``process_update`` against an offline bot (fast layer).

Each test runs the real application (handlers, services, a real SQLite file) with
``tests/offline.py``'s transport: no server, no polling, no sleeping.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from bot.services import MAX_SUMMARY_CHARS, Role
from knowledge import KnowledgeBase
from tests.offline import OfflineBot, SentCall, offline_bot

STAFF, ADVISER, OTHER_ADVISER, RESIDENT, INTRUDER = 9001, 6001, 6002, 5001, 5002


@pytest.fixture
async def bot(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[OfflineBot]:
    """The offline bot with one staff member and an adviser of 迎凤社区 registered."""
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as world:
        await register(world, ADVISER, "迎凤社区")
        yield world


async def register(bot: OfflineBot, user_id: int, community: str) -> None:
    """Staff invite ``user_id`` to ``community``; they open the link."""
    (link,) = await bot.say(STAFF, f"/invite {community}")
    token = re.search(r"start=(inv_[A-Za-z0-9_-]+)", link.text)
    assert token is not None, link.text
    welcome, *_ = await bot.say(user_id, f"/start {token.group(1)}")
    assert "您已登记为" in welcome.text


async def open_consultation(bot: OfflineBot, resident: int = RESIDENT) -> tuple[int, SentCall]:
    """A resident's consultation for 迎凤社区; return its number and the adviser's card."""
    opened = await bot.consultations.open_consultation(
        resident, "yingfeng", "labor", "公司拖欠三个月工资", consent=False
    )
    await bot.services.outbox.flush(bot.application.bot)
    number = opened.consultation.id
    card = next(c for c in reversed(bot.sent_to(ADVISER)) if f"#{number}" in c.text)
    return number, card


def rows(bot: OfflineBot, sql: str) -> list[tuple[object, ...]]:
    """Query the bot's database directly."""
    with sqlite3.connect(bot.services.settings.db_path) as conn:
        return [tuple(row) for row in conn.execute(sql)]


async def reply(bot: OfflineBot, user_id: int, content: str) -> str:
    """``user_id`` sends ``content``; return the one message the bot answered them with."""
    calls = await bot.say(user_id, content)
    sent = [c for c in calls if c.method == "sendMessage" and c.chat_id == user_id]
    assert len(sent) == 1, [c.text for c in sent]
    return sent[0].text


# --- /queue and /claim ---------------------------------------------------------------------


async def test_queue_lists_waiting_consultations_with_their_buttons(bot: OfflineBot) -> None:
    assert await reply(bot, ADVISER, "/queue") == texts.QUEUE_EMPTY
    number, _ = await open_consultation(bot)
    header, item = [c for c in await bot.say(ADVISER, "/queue") if c.method == "sendMessage"]
    assert header.text == texts.QUEUE_WAITING.format(count=1)
    assert f"#{number}" in item.text
    assert texts.BUTTON_CLAIM in dict(item.buttons)
    claimed = await bot.tap(ADVISER, item, texts.BUTTON_CLAIM)
    assert any(c.chat_id == RESIDENT for c in claimed)  # the resident is told
    listing = await reply(bot, ADVISER, "/queue")
    assert listing.startswith(texts.CLAIMED_HEADER)
    assert f"#{number}" in listing


async def test_queue_and_claim_are_refused_to_residents(bot: OfflineBot) -> None:
    number, _ = await open_consultation(bot)
    assert await reply(bot, RESIDENT, "/queue") == texts.NOT_AN_ADVISER
    assert await reply(bot, RESIDENT, f"/claim {number}") == texts.NOT_AN_ADVISER
    assert rows(bot, "SELECT status, adviser_id FROM consultations") == [("open", None)]


async def test_claim_by_command(bot: OfflineBot) -> None:
    number, _ = await open_consultation(bot)
    assert await reply(bot, ADVISER, "/claim") == texts.CLAIM_USAGE
    assert await reply(bot, ADVISER, "/claim 十二") == texts.CLAIM_USAGE
    assert await reply(bot, ADVISER, f"/claim #{number}") == texts.CLAIM_DONE.format(number=number)
    assert rows(bot, "SELECT status, adviser_id FROM consultations") == [("claimed", ADVISER)]
    # Again (a double send, a replay): done, and nothing happens twice.
    again = await reply(bot, ADVISER, f"/claim {number}")
    assert again == texts.CLAIM_DONE.format(number=number)
    claims = "SELECT count(*) FROM consultation_events WHERE kind = 'claimed'"
    assert rows(bot, claims) == [(1,)]


# --- /reassign -----------------------------------------------------------------------------


async def test_reassign_moves_an_adviser_and_explains_bad_input(bot: OfflineBot) -> None:
    assert await reply(bot, STAFF, "/reassign") == texts.REASSIGN_USAGE
    assert await reply(bot, STAFF, f"/reassign {ADVISER}") == texts.REASSIGN_USAGE
    assert await reply(bot, STAFF, f"/reassign {ADVISER} 火星村") == (
        texts.UNKNOWN_COMMUNITY.format(name="火星村")
    )
    assert await reply(bot, STAFF, "/reassign 4040 迎凤社区") == (
        texts.UNKNOWN_ADVISER.format(id=4040)
    )
    before = rows(bot, "SELECT telegram_id, community_id FROM advisers")
    assert (ADVISER, "yingfeng") in before
    done = await reply(bot, STAFF, f"/reassign #{ADVISER} 示例村一（请替换为实际村名）")
    assert done.startswith("已将")
    assert f"ID {ADVISER}" in done
    after = rows(bot, "SELECT telegram_id, community_id FROM advisers")
    assert (ADVISER, "example-village-1") in after


async def test_reassign_to_duty_makes_a_duty_adviser(bot: OfflineBot) -> None:
    done = await reply(bot, STAFF, f"/reassign {ADVISER} 值班")
    assert done == texts.REASSIGN_DONE.format(
        name=texts.ADVISER_WHO.format(name=advisers_name(bot, ADVISER), telegram_id=ADVISER),
        target=texts.DUTY_TARGET,
    )
    assert (ADVISER, None) in rows(bot, "SELECT telegram_id, community_id FROM advisers")


def advisers_name(bot: OfflineBot, telegram_id: int) -> str:
    """The registered name of adviser ``telegram_id``."""
    ((name,),) = rows(bot, f"SELECT name FROM advisers WHERE telegram_id = {telegram_id}")
    return str(name)


async def test_reassign_and_deactivate_are_staff_only(bot: OfflineBot) -> None:
    before = rows(bot, "SELECT * FROM advisers")
    for user in (RESIDENT, ADVISER):
        assert await reply(bot, user, f"/reassign {ADVISER} 值班") == texts.NOT_ALLOWED
        assert await reply(bot, user, f"/deactivate {ADVISER}") == texts.NOT_ALLOWED
    assert rows(bot, "SELECT * FROM advisers") == before


# --- /deactivate ---------------------------------------------------------------------------


async def test_deactivating_an_adviser_with_nothing_open_promises_nothing(
    bot: OfflineBot,
) -> None:
    # The walk (w13): 「…其经办中的咨询和申请将重新进入待接单。」 with none open.
    answer = await reply(bot, STAFF, f"/deactivate {ADVISER}")
    assert answer.endswith(texts.DEACTIVATE_NONE_OPEN), answer
    assert "重新进入待接单" not in answer


async def test_deactivate_releases_the_advisers_cases_and_tells_the_resident(
    bot: OfflineBot,
) -> None:
    assert await reply(bot, STAFF, "/deactivate") == texts.DEACTIVATE_USAGE
    assert await reply(bot, STAFF, "/deactivate 1 2") == texts.DEACTIVATE_USAGE
    assert await reply(bot, STAFF, "/deactivate 4040") == texts.UNKNOWN_ADVISER.format(id=4040)
    number, card = await open_consultation(bot)
    await bot.tap(ADVISER, card, texts.BUTTON_CLAIM)
    told_before = len(bot.sent_to(RESIDENT))
    calls = await bot.say(STAFF, f"/deactivate {ADVISER}")
    answer = next(c for c in calls if c.chat_id == STAFF)
    assert answer.text.startswith(texts.DEACTIVATE_DONE.split("{name}")[0])
    assert texts.DEACTIVATE_RELEASED.format(count=1) in answer.text
    assert "将重新进入" not in answer.text  # it happened: said once, as done (walk w13)
    assert rows(bot, "SELECT status, adviser_id FROM consultations") == [("open", None)]
    assert await bot.advisers.resolve_role(ADVISER) is Role.RESIDENT
    assert len(bot.sent_to(RESIDENT)) > told_before  # the resident hears it went back
    # The adviser's own command menu is taken away.
    assert any(
        c.method == "deleteMyCommands" and c.params.get("scope", {}).get("chat_id") == ADVISER
        for c in calls
    )
    assert await reply(bot, ADVISER, "/queue") == texts.ADVISER_DEACTIVATED  # told why (walk3)
    queue = await bot.say(OTHER_ADVISER, "/queue")
    assert [c.text for c in queue] == [texts.NOT_AN_ADVISER]
    await register(bot, OTHER_ADVISER, "迎凤社区")
    queue = await bot.say(OTHER_ADVISER, "/queue")
    assert any(f"#{number}" in c.text for c in queue)  # back in 迎凤社区's queue


# --- /invites, /advisers -------------------------------------------------------------------


async def test_invites_and_advisers_list_for_staff_only(bot: OfflineBot) -> None:
    assert await reply(bot, STAFF, "/invites") == texts.INVITES_EMPTY
    await bot.say(STAFF, "/invite 示例村一（请替换为实际村名）")
    (listing,) = [c for c in await bot.say(STAFF, "/invites") if c.chat_id == STAFF]
    assert listing.text.startswith(texts.INVITES_HEADER)
    ((label, data),) = listing.buttons
    assert label == texts.INVITE_REVOKE_BUTTON.format(number=2)  # invite 1 made the adviser
    forged = await bot.send(bot.press(RESIDENT, listing, data))
    told = [c.params.get("text") for c in forged if c.method == "answerCallbackQuery"]
    told += [c.text for c in forged if c.method == "sendMessage"]
    assert texts.NOT_ALLOWED in told
    assert {c.chat_id for c in forged} <= {None, RESIDENT}
    assert rows(bot, "SELECT id FROM invites WHERE revoked_at IS NULL AND used_by IS NULL") == [
        (2,)
    ]
    await bot.tap(STAFF, listing, label)
    assert rows(bot, "SELECT id FROM invites WHERE revoked_at IS NULL AND used_by IS NULL") == []
    assert await reply(bot, STAFF, "/invites") == texts.INVITES_EMPTY
    roster = await reply(bot, STAFF, "/advisers")
    assert f"ID {ADVISER}" in roster
    for user in (RESIDENT, ADVISER):
        for name in ("/invites", "/advisers", "/invite 迎凤社区", "/revoke 1"):
            assert await reply(bot, user, name) == texts.NOT_ALLOWED, (user, name)


# --- /stats --------------------------------------------------------------------------------


async def test_stats_variants(bot: OfflineBot) -> None:
    await open_consultation(bot)
    month = await reply(bot, STAFF, "/stats")
    assert month.startswith("嘉祥街道公共法律服务统计（2026年11月）")
    year = await reply(bot, STAFF, "/stats 2026")
    assert year.startswith("嘉祥街道公共法律服务统计（2026年）")
    # The walk (w28): 「/export 今年的」 got the usage.
    assert await reply(bot, STAFF, "/stats 今年的") == await reply(bot, STAFF, "/stats 今年")
    assert await reply(bot, STAFF, "/stats 某个时候") == texts.STATS_USAGE.format(command="/stats")
    assert await reply(bot, STAFF, "/stats 1970..9998") == texts.STATS_TOO_LONG
    for user in (RESIDENT, ADVISER):
        assert await reply(bot, user, "/stats") == texts.NOT_ALLOWED


# --- buttons: every one checks the role of whoever presses it -------------------------------


async def test_forged_buttons_from_a_resident_change_nothing(bot: OfflineBot) -> None:
    number, card = await open_consultation(bot)
    claimed = await bot.tap(ADVISER, card, texts.BUTTON_CLAIM)
    shown = [*claimed, card]
    adviser_view = next(c for c in claimed if c.chat_id == ADVISER and c.buttons)
    for label, _ in adviser_view.buttons:  # close and transfer each open a choice of buttons
        shown += await bot.tap(ADVISER, adviser_view, label)
    datas = {data for call in shown for _, data in call.buttons if data}
    # The adviser's (claim, close, transfer, outcomes, targets) and the resident's buttons.
    assert len(datas) >= 6, sorted(datas)
    before = rows(bot, "SELECT status, adviser_id, community_id, outcome FROM consultations")
    assert before == [("claimed", ADVISER, "yingfeng", None)]
    events = rows(bot, "SELECT count(*) FROM consultation_events")
    for data in sorted(datas):
        calls = await bot.send(bot.press(INTRUDER, card, data))
        answers = [c for c in calls if c.method == "answerCallbackQuery"]
        assert [a.params.get("text") for a in answers] == [texts.NOT_ALLOWED], data
        assert not [c for c in calls if c.chat_id not in (None, INTRUDER)], data
    after = rows(bot, "SELECT status, adviser_id, community_id, outcome FROM consultations")
    assert after == before
    assert rows(bot, "SELECT count(*) FROM consultation_events") == events
    assert number == 1


# --- /chart, /export -----------------------------------------------------------------------


async def test_chart_and_export_send_files_to_staff_only(bot: OfflineBot) -> None:
    await open_consultation(bot)
    (chart,) = [c for c in await bot.say(STAFF, "/chart 2026") if c.chat_id == STAFF]
    assert chart.method == "sendPhoto"
    assert chart.text == texts.CHART_CAPTION.format(period="2026年")
    files = [c for c in await bot.say(STAFF, "/export 2026-11") if c.chat_id == STAFF]
    assert [c.method for c in files] == ["sendDocument", "sendDocument"]
    assert [c.text for c in files] == [
        texts.EXPORT_CAPTION.format(period="2026年11月"),
        texts.EXPORT_CSV_CAPTION.format(period="2026年11月"),
    ]
    # The walk (w28): /export with a period it does not know said 「用法：/stats 期间」.
    usage = await reply(bot, STAFF, "/export 某个时候")
    assert usage == texts.STATS_USAGE.format(command="/export")
    assert usage.startswith("用法：/export 期间"), usage
    for user in (RESIDENT, ADVISER):
        for name in ("/chart", "/export"):
            assert await reply(bot, user, name) == texts.NOT_ALLOWED, (user, name)


# --- /adviser: a resident's intake begins ---------------------------------------------------


async def test_adviser_command_starts_the_intake_with_the_community_choice(
    bot: OfflineBot,
) -> None:
    calls = [c for c in await bot.say(RESIDENT, "/adviser") if c.chat_id == RESIDENT]
    assert calls[0].text.startswith(texts.INTAKE_INTRO)
    choose = calls[-1]
    assert choose.text == texts.INTAKE_CHOOSE_COMMUNITY
    asked = [c for c in await bot.tap(RESIDENT, choose, "迎凤社区") if c.chat_id == RESIDENT]
    describe = texts.INTAKE_DESCRIBE.format(limit=MAX_SUMMARY_CHARS)
    assert describe in [c.text for c in asked]
    # With a consultation already open, /adviser names it instead of starting another.
    other = RESIDENT + 100
    opened = await bot.consultations.open_consultation(
        other, "yingfeng", "labor", "公司拖欠三个月工资", consent=False
    )
    number = opened.consultation.id
    assert await reply(bot, other, "/adviser") == texts.ACTIVE_EXISTS.format(
        number=number, status=texts.STATUS_LABELS["open"]
    )
