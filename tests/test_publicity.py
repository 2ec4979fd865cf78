"""普法 quizzes, the leaderboard and the daily check-in, through the real app offline."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from bot import texts
from bot.reports.export import build_xlsx
from bot.reports.text import format_report_text
from bot.texts import publicity as pt
from knowledge import DEFAULT_ITEMS_DIR, KnowledgeBase
from knowledge.loader import inspect_items
from knowledge.quizzes import DEFAULT_QUIZZES_DIR, Quiz, inspect_quizzes
from knowledge.statutes import shipped_registry
from tests.clock import ManualClock
from tests.offline import OfflineBot, SentCall, offline_bot

RESIDENT, OTHER = 5001, 5002


def shipped_quizzes() -> tuple[Quiz, ...]:
    """The shipped quiz bank."""
    items = {item.id for item in inspect_items(DEFAULT_ITEMS_DIR).items}
    return inspect_quizzes(
        DEFAULT_QUIZZES_DIR, item_ids=items, registry=shipped_registry(), today=dt.date(2026, 12, 1)
    ).quizzes


def poll_id(call: SentCall) -> str:
    """The poll id the offline transport gave the poll sent by ``call``."""
    return f"poll-{call.message_id}"


def correct(call: SentCall) -> int:
    """The correct option of the quiz poll sent by ``call``."""
    ids = call.params["correct_option_ids"]
    (index,) = json.loads(ids) if isinstance(ids, str) else ids
    return int(index)


def rows(tmp_path: Path, sql: str) -> list[sqlite3.Row]:
    """Query the bot's database."""
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql).fetchall()


def messages(calls: list[SentCall]) -> list[SentCall]:
    """The messages among ``calls`` (button answers left out)."""
    return [call for call in calls if call.method != "answerCallbackQuery"]


async def take_series(bot: OfflineBot, user_id: int, right: int) -> list[SentCall]:
    """Answer a started series: the first ``right`` questions correctly, the rest wrongly."""
    replies: list[SentCall] = []
    for number in range(5):
        poll = bot.polls_to(user_id)[-1]
        option = correct(poll) if number < right else (correct(poll) + 1) % 2
        replies = await bot.answer_poll(user_id, poll_id(poll), [option])
    return replies


async def check_in_with_reminder(bot: OfflineBot, user_id: int, at: str) -> None:
    """Check in today and ask for the daily reminder at ``at`` (a button's time)."""
    (card,) = await bot.say(user_id, "/checkin")
    (ask,) = messages(await bot.tap(user_id, card, pt.BUTTON_REMIND))
    await bot.tap(user_id, ask, at)


async def test_a_series_of_five_quiz_polls_ends_with_the_score_and_the_missed_items(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb) as bot:
        sent = await bot.say(RESIDENT, "/quiz")
        assert pt.QUIZ_START.format(total=5) == sent[0].text
        poll = sent[1]
        assert poll.method == "sendPoll"
        assert poll.params["type"] == "quiz"
        assert poll.params["is_anonymous"] is False
        assert str(poll.params["question"]).startswith("（1/5）")
        assert len(str(poll.params["explanation"])) <= 200
        last = await take_series(bot, RESIDENT, right=3)
        assert len(bot.polls_to(RESIDENT)) == 5
        bank = {quiz.question: quiz for quiz in shipped_quizzes()}
        for asked in bot.polls_to(RESIDENT):
            quiz = bank[str(asked.params["question"]).split("）", 1)[1]]
            shown = [option["text"] for option in asked.params["options"]]
            assert sorted(shown) == sorted(quiz.options)
            assert shown[correct(asked)] == quiz.correct, "the shuffled order keeps the answer"
        (result,) = last
        assert pt.QUIZ_RESULT.format(total=5, score=3) in result.text
        assert pt.QUIZ_REVIEW in result.text
        missed = [data for _, data in result.buttons if data.startswith("2|item|")]
        assert 1 <= len(missed) <= 2
        (series,) = rows(tmp_path, "SELECT * FROM quiz_series")
        assert series["score"] == 3
        assert series["finished_at"] is not None
        # The missed items' buttons open the items.
        opened = messages(await bot.tap(RESIDENT, result, result.buttons[0][0]))
        assert any("法律依据" in call.text for call in opened)


async def test_a_redelivered_answer_counts_once(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with offline_bot(tmp_path, kb) as bot:
        await bot.say(RESIDENT, "/quiz")
        first = bot.polls_to(RESIDENT)[-1]
        assert len(await bot.answer_poll(RESIDENT, poll_id(first), [correct(first)])) == 1
        assert await bot.answer_poll(RESIDENT, poll_id(first), [correct(first)]) == []
        assert await bot.answer_poll(RESIDENT, poll_id(first), [(correct(first) + 1) % 2]) == []
        assert len(bot.polls_to(RESIDENT)) == 2
        (series,) = rows(tmp_path, "SELECT score FROM quiz_series")
        assert series["score"] == 1


async def test_an_answer_forged_for_someone_elses_poll_changes_nothing(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb) as bot:
        await bot.say(RESIDENT, "/quiz")
        theirs = bot.polls_to(RESIDENT)[-1]
        assert await bot.answer_poll(OTHER, poll_id(theirs), [correct(theirs)]) == []
        assert await bot.answer_poll(OTHER, "no-such-poll", [0]) == []
        assert await bot.answer_poll(RESIDENT, poll_id(theirs), []) == []  # a retracted vote
        assert bot.sent_to(OTHER) == []
        # The owner's own answer still counts.
        assert len(await bot.answer_poll(RESIDENT, poll_id(theirs), [correct(theirs)])) == 1
        (series,) = rows(tmp_path, "SELECT score FROM quiz_series")
        assert series["score"] == 1


async def test_typing_an_answer_during_a_quiz_is_explained_and_questions_still_answered(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb) as bot:
        await bot.say(RESIDENT, "/quiz")
        poll = bot.polls_to(RESIDENT)[-1]
        (hint,) = await bot.say(RESIDENT, "B")
        assert hint.text == pt.QUIZ_TYPED
        options = poll.params["options"]
        (hint,) = await bot.say(RESIDENT, options[0]["text"])
        assert hint.text == pt.QUIZ_TYPED
        answer = await bot.say(RESIDENT, "老板拖欠工资怎么办")
        assert any("拖欠工资" in call.text for call in answer)
        # Nothing typed was scored: the poll still waits for its answer.
        (series,) = rows(tmp_path, "SELECT score FROM quiz_series")
        assert series["score"] == 0
        assert rows(tmp_path, "SELECT * FROM quiz_polls WHERE chosen_option IS NOT NULL") == []


async def test_stale_and_forged_publicity_buttons_are_refused(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb) as bot:
        (card,) = await bot.say(RESIDENT, "/checkin")
        for data in ("2|pf|at|2500", "2|pf|nope", "2|pf|at|0815"):
            await bot.send(bot.press(RESIDENT, card, data))
        assert bot.answers()[:2] == ["这个按钮已失效，请重新提问。"] * 2
        assert rows(tmp_path, "SELECT * FROM checkin_reminders") == []


async def test_the_leaderboard_shows_nicknames_only_and_opting_out_deletes_it(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb) as bot:
        (reply,) = await bot.say(RESIDENT, "/nickname 王")
        assert reply.text == pt.NICKNAME_INVALID
        (reply,) = await bot.say(RESIDENT, "/nickname 学法小能手")
        assert "学法小能手" in reply.text
        (reply,) = await bot.say(OTHER, "/nickname 学法小能手")
        assert reply.text == pt.NICKNAME_TAKEN
        await bot.say(RESIDENT, "/quiz")
        result = (await take_series(bot, RESIDENT, right=5))[0]
        assert pt.QUIZ_ALL_RIGHT in result.text
        (board,) = messages(await bot.tap(RESIDENT, result, pt.BUTTON_QUIZ_BOARD))
        assert "1. 学法小能手　5 分（1 轮）" in board.text
        (board,) = await bot.say(OTHER, "/board")
        assert "学法小能手" in board.text
        assert pt.BOARD_JOIN in board.text
        (reply,) = await bot.say(RESIDENT, "/nickname 退出")
        assert reply.text == pt.NICKNAME_LEFT
        assert rows(tmp_path, "SELECT * FROM quiz_nicknames") == []
        (board,) = await bot.say(OTHER, "/board")
        assert pt.BOARD_EMPTY in board.text


async def test_checkin_once_a_day_with_a_local_date_streak_and_rotating_cards(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    clock = ManualClock()
    async with offline_bot(tmp_path, kb, clock=clock) as bot:
        (first,) = await bot.say(RESIDENT, "/checkin")
        assert pt.CHECKIN_NEW.format(streak=1, total=1) in first.text
        (again,) = await bot.say(RESIDENT, "/checkin")
        assert pt.CHECKIN_AGAIN.format(streak=1, total=1) in again.text
        assert first.buttons[0] == again.buttons[0]  # the same card all day
        cards = {first.buttons[0][1]}
        for day in range(2, len(kb.items) + 1):
            clock.advance(days=1)
            (card,) = await bot.say(RESIDENT, "/checkin")
            assert pt.CHECKIN_NEW.format(streak=day, total=day) in card.text
            assert "{" not in card.text, "local facts are filled in (petition's first bullet)"
            cards.add(card.buttons[0][1])
        assert len(cards) == len(kb.items), "each item once before any repeats"
        clock.advance(days=2)
        (card,) = await bot.say(RESIDENT, "/checkin")
        total = len(kb.items) + 1
        assert pt.CHECKIN_NEW.format(streak=1, total=total) in card.text


async def test_a_reminder_survives_a_restart_and_is_skipped_after_checking_in(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    clock = ManualClock()
    async with offline_bot(tmp_path, kb, clock=clock) as bot:
        (card,) = await bot.say(RESIDENT, "/checkin")
        (ask,) = messages(await bot.tap(RESIDENT, card, pt.BUTTON_REMIND))
        assert ask.text == pt.REMIND_ASK
        (done,) = messages(await bot.tap(RESIDENT, ask, "18:30"))
        assert done.text == pt.REMIND_SET.format(time="18:30")
    async with offline_bot(tmp_path, kb, clock=clock) as bot:
        await bot.run_job("checkin-reminder-5001")
        assert bot.sent_to(RESIDENT) == []  # checked in today already
        clock.advance(days=1)
        await bot.run_job("checkin-reminder-5001")
        (reminder,) = bot.sent_to(RESIDENT)
        assert reminder.text == pt.REMIND_TEXT
        (card,) = messages(await bot.tap(RESIDENT, reminder, pt.BUTTON_CHECKIN))
        assert "18:30" in card.text
        (off,) = messages(await bot.tap(RESIDENT, card, pt.BUTTON_REMIND_OFF))
        assert off.text == pt.REMIND_OFF
        assert rows(tmp_path, "SELECT * FROM checkin_reminders") == []


async def test_privacy_export_and_forget_cover_the_publicity_tables(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb) as bot:
        await bot.say(RESIDENT, "/nickname 学法小能手")
        await bot.say(RESIDENT, "/quiz")
        poll = bot.polls_to(RESIDENT)[-1]
        await bot.answer_poll(RESIDENT, poll_id(poll), [correct(poll)])
        await check_in_with_reminder(bot, RESIDENT, "07:30")
        exported = json.loads((await bot.services.privacy.export(RESIDENT)).decode("utf-8"))
        assert exported["quiz_nickname"][0]["nickname"] == "学法小能手"
        assert exported["quiz_series"][0]["score"] == 1
        assert exported["quiz_answers"][0]["chosen_option"] == correct(poll)
        assert len(exported["checkins"]) == 1
        assert exported["checkin_reminder"][0]["remind_at"] == "07:30"
        other = json.loads((await bot.services.privacy.export(OTHER)).decode("utf-8"))
        assert other["quiz_series"] == other["checkins"] == other["quiz_nickname"] == []

        await bot.services.privacy.forget(RESIDENT)
        assert rows(tmp_path, "SELECT * FROM quiz_nicknames") == []
        assert rows(tmp_path, "SELECT * FROM checkin_reminders") == []
        (series,) = rows(tmp_path, "SELECT user_id, chat_id, score FROM quiz_series")
        assert series["user_id"] < 0
        assert series["chat_id"] < 0
        assert series["score"] == 1  # still counted, under the pseudonym
        (checkin,) = rows(tmp_path, "SELECT user_id FROM checkins")
        assert checkin["user_id"] < 0
        # The reminder job made before the erasure sends nothing and removes itself.
        await bot.run_job("checkin-reminder-5001")
        assert [c for c in bot.sent_to(RESIDENT) if c.text == pt.REMIND_TEXT] == []


async def test_the_tallies_count_quiz_participants_series_average_and_checkins(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb) as bot:
        for user_id, right in ((RESIDENT, 3), (OTHER, 4), (RESIDENT, 5)):
            await bot.say(user_id, "/quiz")
            await take_series(bot, user_id, right=right)
        await bot.say(OTHER, "/quiz")  # begun, not finished: not counted
        await bot.say(RESIDENT, "/checkin")
        await bot.say(RESIDENT, "/checkin")  # the same day: counted once
        await bot.say(OTHER, "/checkin")
        report = await bot.services.stats.summary("2026-11")
        figures = report.publicity
        assert (figures.quiz_participants, figures.quiz_series, figures.checkins) == (2, 3, 2)
        assert figures.average_score == 4.0
        text = format_report_text(report)
        assert "普法竞答：参与 2 人，答题 3 人次，平均每轮答对 4.0 题（每轮 5 题）" in text
        assert "每日普法打卡：2 人次" in text
        book = load_workbook(BytesIO(build_xlsx(report, []).data))
        cells = [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        assert ("普法竞答参与人数", 2, "人") in cells
        assert ("普法竞答答题", 3, "人次") in cells
        assert ("平均每轮答对题数", 4, "题") in cells or ("平均每轮答对题数", 4.0, "题") in cells
        assert ("每日普法打卡", 2, "人次") in cells
        earlier = await bot.services.stats.summary("2026-10")
        assert earlier.publicity.quiz_series == earlier.publicity.checkins == 0


async def test_privacy_tells_the_publicity_data_and_forgetting_keeps_its_counts(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb) as bot:
        await bot.say(RESIDENT, "/subscribe")
        await bot.say(RESIDENT, "/nickname 学法小能手")
        await bot.say(RESIDENT, "/quiz")
        await take_series(bot, RESIDENT, right=4)
        await check_in_with_reminder(bot, RESIDENT, "07:30")
        before = (await bot.services.stats.summary("2026-11")).publicity

        (summary,) = await bot.say(RESIDENT, "/privacy")
        assert "普法推送订阅：已订阅" in summary.text
        assert "/unsubscribe" in summary.text
        assert "竞猜：答题 1 轮，最好成绩 4 分" in summary.text
        assert "排行榜昵称：学法小能手" in summary.text
        assert "打卡记录：1 天" in summary.text
        assert "每日提醒：07:30" in summary.text
        assert "其他居民只看到昵称" in summary.text
        (other,) = await bot.say(OTHER, "/privacy")
        assert "普法推送订阅：未订阅" in other.text
        assert "学法小能手" not in other.text

        (ask,) = messages(await bot.tap(RESIDENT, summary, texts.BUTTON_PRIVACY_FORGET))
        (done,) = messages(await bot.tap(RESIDENT, ask, texts.BUTTON_PRIVACY_CONFIRM_FORGET))
        assert done.text == texts.PRIVACY_FORGOTTEN
        assert rows(tmp_path, "SELECT * FROM subscriptions") == []
        assert rows(tmp_path, "SELECT * FROM quiz_nicknames") == []
        assert rows(tmp_path, "SELECT * FROM checkin_reminders") == []
        assert rows(tmp_path, "SELECT * FROM quiz_series WHERE user_id = 5001") == []
        assert rows(tmp_path, "SELECT * FROM checkins WHERE user_id = 5001") == []
        after = (await bot.services.stats.summary("2026-11")).publicity
        assert after == before  # the 普法 figures survive, under a pseudonym
        assert (after.quiz_participants, after.checkins) == (1, 1)
        (summary,) = await bot.say(RESIDENT, "/privacy")
        assert "普法推送订阅：未订阅" in summary.text
        assert "竞猜：答题 0 轮" in summary.text
        assert "学法小能手" not in summary.text
