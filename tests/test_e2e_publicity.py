"""Online 普法 end to end: the real bot polling the sandbox, quiz polls answered over HTTP."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from telegram import Poll
from telegram.error import BadRequest

from bot import texts
from bot.texts import publicity as pt
from sandbox import BotMessage, SandboxUser
from tests.e2e import BotWorld, labels, one

RESIDENT, NEIGHBOUR = 5101, 5102


def rows(world: BotWorld, sql: str) -> list[sqlite3.Row]:
    with sqlite3.connect(world.settings.db_path) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql).fetchall()


def quiz_of(message: BotMessage) -> dict[str, Any]:
    """The Bot API ``Poll`` a message carries."""
    poll = message.payload["poll"]
    assert isinstance(poll, dict)
    return poll


async def board_reply(user: SandboxUser) -> BotMessage:
    """Ask for the leaderboard: the next message is its answer (updates of a chat keep order)."""
    await user.send_command("/board")
    return await one(user)


async def test_a_quiz_series_over_http_scores_once_and_links_the_missed_items(
    world: BotWorld,
) -> None:
    resident = world.server.user(RESIDENT, "王五")
    neighbour = world.server.user(NEIGHBOUR, "赵六")
    await resident.send_command("/quiz")
    start, poll_message = await resident.wait_for_messages(2)
    # The bot asks for quiz answers: Telegram would not deliver them otherwise.
    assert "poll_answer" in (world.server.world.allowed_updates or [])
    assert start.text.startswith("普法知识竞答")
    assert poll_message.kind == "poll"
    first = quiz_of(poll_message)
    assert first["type"] == "quiz"
    assert first["is_anonymous"] is False
    assert first["explanation"]
    assert poll_message.text.startswith("（1/5）")

    # Typing an option is explained, not scored.
    await resident.send_text("A")
    assert (await one(resident)).text == pt.QUIZ_TYPED
    # A neighbour forging an answer to the resident's poll gets and changes nothing.
    await neighbour.send_poll_answer(first["id"], first["correct_option_ids"])
    assert (await board_reply(neighbour)).text.startswith("本周普法竞答排行榜")

    message = poll_message
    for number in range(5):
        poll = quiz_of(message)
        (right,) = poll["correct_option_ids"]
        await resident.answer_poll(message, right if number < 4 else (right + 1) % 2)
        if number == 0:
            with pytest.raises(ValueError, match="answered once"):
                await resident.answer_poll(message, right)
            # Telegram delivering the same answer again adds nothing: no second question.
            await resident.send_poll_answer(poll["id"], [right])
        message = await one(resident)
        if number < 4:
            assert message.kind == "poll", message.text
            assert message.text.startswith(f"（{number + 2}/5）")
    assert pt.QUIZ_RESULT.format(total=5, score=4).replace("<b>", "").replace("</b>", "") in (
        message.text
    )
    missed = [label for label in labels(message) if label not in {pt.BUTTON_QUIZ_AGAIN}]
    assert len(missed) == 2  # the missed item, and the leaderboard
    await resident.press(message, labels(message)[0])
    assert texts.LEGAL_BASIS_HEADER in (await one(resident)).text
    (series,) = rows(world, "SELECT score, finished_at FROM quiz_series")
    assert series["score"] == 4
    assert series["finished_at"] is not None
    answered = rows(world, "SELECT count(*) AS n FROM quiz_polls WHERE chosen_option IS NOT NULL")
    assert answered[0]["n"] == 5


async def test_a_check_in_and_a_reminder_over_http_and_a_stale_button(world: BotWorld) -> None:
    resident = world.server.user(RESIDENT, "王五")
    await resident.send_command("/checkin")
    card = await one(resident)
    assert card.text.startswith("今日普法打卡")
    assert "已连续打卡 1 天" in card.text
    assert labels(card) == [pt.BUTTON_CHECKIN_MORE, pt.BUTTON_REMIND]
    await resident.press(card, pt.BUTTON_REMIND)
    times = await one(resident)
    assert labels(times) == ["07:30", "12:00", "18:30", "21:00"]
    await resident.press(times, "21:00")
    assert (await one(resident)).text == pt.REMIND_SET.format(time="21:00")
    jobs = world.application.job_queue
    assert jobs is not None
    assert [job.name for job in jobs.get_jobs_by_name(f"checkin-reminder-{RESIDENT}")]
    # A forged time is refused, and nothing changes.
    answer = await resident.wait_for_answer(await resident.press_with_data(times, "2|pf|at|2460"))
    assert answer.text == texts.STALE_BUTTON
    (reminder,) = rows(world, "SELECT remind_at FROM checkin_reminders")
    assert reminder["remind_at"] == "21:00"
    await resident.send_command("/checkin")
    again = await one(resident)
    assert "已经打过卡" in again.text
    assert "每日提醒：21:00" in again.text
    assert len(rows(world, "SELECT * FROM checkins")) == 1


async def test_the_sandbox_refuses_polls_beyond_telegrams_limits(world: BotWorld) -> None:
    resident = world.server.user(RESIDENT, "王五")
    await resident.send_command("/start")
    await one(resident)
    bot = world.application.bot
    good: dict[str, Any] = {
        "question": "问",
        "options": ["甲", "乙"],
        "type": Poll.QUIZ,
        "correct_option_ids": [1],
    }
    bad: list[dict[str, Any]] = [
        {"question": "问" * 301},
        {"options": ["甲"]},
        {"options": ["甲", "乙" * 101]},
        {"explanation": "解" * 201},
        {"correct_option_ids": [2]},
    ]
    for change in bad:
        with pytest.raises(BadRequest):
            await bot.send_poll(RESIDENT, **{**good, **change})
    sent = await bot.send_poll(RESIDENT, **good, explanation="解" * 200)
    assert sent.poll is not None
    assert sent.poll.correct_option_ids == (1,)
