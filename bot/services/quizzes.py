"""普法 quizzes: a series of quiz polls per resident, scored once per answer; the leaderboard."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.storage.clock import Clock
from bot.storage.database import Database
from bot.storage.publicity import BoardRow, QuizRepository, QuizSeries
from knowledge.categories import category_label
from knowledge.quizzes import QUESTION_MAX_CHARS, Quiz

__all__ = [
    "ALL_TOPICS",
    "NICKNAME_MAX_CHARS",
    "OPEN_FOR",
    "QUESTION_MAX_CHARS",
    "SERIES_LENGTH",
    "Finished",
    "NicknameResult",
    "QuizQuestion",
    "QuizService",
    "WeeklyBoard",
    "topic_label",
]

SERIES_LENGTH = 5
OPEN_FOR = dt.timedelta(minutes=30)
"""How long a sent question counts as the one the resident is answering."""
NICKNAME_MAX_CHARS = 12
ALL_TOPICS = "*"
"""A campaign quiz over every topic of the bank (else a topic: a category id)."""
_NICKNAME = re.compile(r"^[\w\u4e00-\u9fff·\-]{2,12}$")


def topic_label(topic: str) -> str:
    """Return the short name of a topic (its category's label before the brackets)."""
    return category_label(topic).partition("（")[0]


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """The next question of a series, to be sent as a quiz poll."""

    series_id: int
    position: int
    """0-based position in the series."""
    total: int
    quiz: Quiz
    options: tuple[str, ...]
    """The quiz's options in the order this poll shows them (shuffled per series)."""
    correct_index: int
    """The correct option's position in ``options``."""


@dataclass(frozen=True, slots=True)
class Finished:
    """A series answered to the end: the score and the items behind the missed questions."""

    series_id: int
    score: int
    total: int
    missed_items: tuple[str, ...]


class NicknameResult(StrEnum):
    """What setting a nickname came to."""

    SET = "set"
    INVALID = "invalid"
    TAKEN = "taken"


@dataclass(frozen=True, slots=True)
class WeeklyBoard:
    """This week's leaderboard (local Monday to Sunday) and the asker's own nickname."""

    week_start: dt.date
    rows: tuple[BoardRow, ...]
    nickname: str | None


class QuizService:
    """Start quiz series, record the polls sent, score answers, keep the leaderboard."""

    def __init__(
        self,
        db: Database,
        quizzes: Sequence[Quiz],
        *,
        clock: Clock,
        tz: ZoneInfo,
        series_length: int = SERIES_LENGTH,
        rng: random.Random | None = None,
        topics: Mapping[str, str] | None = None,
    ) -> None:
        """Serve ``quizzes`` (the checked bank) over ``db``.

        Args:
            db: The open database.
            quizzes: The quiz bank (``knowledge.quizzes.inspect_quizzes``).
            clock: The application's clock.
            tz: The office's time zone (weeks of the leaderboard are local).
            series_length: Questions per series.
            rng: Source of the question order (tests pass a seeded one).
            topics: Each quiz's topic (its item's category), by quiz id; a campaign may offer
                the quizzes of one topic.
        """
        self._repo = QuizRepository(db)
        self._quizzes = {quiz.id: quiz for quiz in quizzes}
        self._topics = {quiz_id: topic for quiz_id, topic in (topics or {}).items()}
        self._clock = clock
        self._tz = tz
        self._length = min(series_length, len(self._quizzes))
        self._rng = rng or random.Random()

    @property
    def available(self) -> bool:
        """Whether there are questions to ask."""
        return self._length > 0

    async def start(self, user_id: int, chat_id: int) -> QuizQuestion:
        """Start a series for ``user_id``: questions not asked before come first.

        Returns:
            The first question.
        """
        plan = await self._plan(user_id, ALL_TOPICS)
        series = await self._repo.start_series(user_id, chat_id, plan, self._clock())
        return self._question(series, 0)

    async def start_campaign(
        self, user_id: int, chat_id: int, campaign_id: int, topic: str
    ) -> QuizQuestion | None:
        """Start the series of campaign ``campaign_id``'s quiz on ``topic`` (or every topic).

        The series counts for the campaign; each resident takes it once.

        Returns:
            The first question; ``None`` when ``user_id`` began this campaign's quiz before.
        """
        # A topic whose questions left the bank since the campaign was scheduled: any topic.
        plan = await self._plan(user_id, topic) or await self._plan(user_id, ALL_TOPICS)
        series = await self._repo.start_campaign_series(
            user_id, chat_id, plan, self._clock(), campaign_id
        )
        return self._question(series, 0) if series is not None else None

    def topic(self, typed: str) -> str | None:
        """Return the topic ``typed`` names (its id, or words of its label), or ``None``.

        ``ALL_TOPICS`` for an empty ``typed``; a topic must have questions.
        """
        wanted = typed.strip()
        if not wanted:
            return ALL_TOPICS
        for topic in sorted(set(self._topics.values())):
            if wanted in (topic, category_label(topic)) or wanted in topic_label(topic):
                return topic
        return None

    def topic_names(self) -> list[str]:
        """Return the short labels of the topics that have questions, most questions first."""
        counts: dict[str, int] = {}
        for topic in self._topics.values():
            counts[topic] = counts.get(topic, 0) + 1
        ordered = sorted(counts, key=lambda topic: (-counts[topic], topic))
        return [topic_label(topic) for topic in ordered]

    async def _plan(self, user_id: int, topic: str) -> tuple[str, ...]:
        """Questions of ``topic`` never asked to ``user_id`` first, then those asked longest ago."""
        asked = await self._repo.asked_quiz_ids(user_id)
        last_asked = {quiz_id: index for index, quiz_id in enumerate(asked)}
        pool = [
            quiz_id
            for quiz_id in self._quizzes
            if topic == ALL_TOPICS or self._topics.get(quiz_id) == topic
        ]
        self._rng.shuffle(pool)
        # Never asked first (in random order), then the longest ago.
        pool.sort(key=lambda quiz_id: last_asked.get(quiz_id, -1))
        return tuple(pool[: self._length])

    async def sent(self, question: QuizQuestion, poll_id: str) -> None:
        """Record that ``question`` went out as the poll ``poll_id``."""
        quiz = question.quiz
        await self._repo.add_poll(
            poll_id,
            question.series_id,
            question.position,
            quiz.id,
            quiz.item,
            question.correct_index,
            self._clock(),
        )

    async def answer(
        self, poll_id: str, user_id: int, option_ids: Sequence[int]
    ) -> QuizQuestion | Finished | None:
        """Score ``user_id``'s answer to ``poll_id``.

        Returns:
            The next question, or the finished series; ``None`` when nothing is to be done: a
            retracted vote, an unknown poll, somebody else's poll, or an answer counted before.
        """
        if len(option_ids) != 1:
            return None
        answered = await self._repo.record_answer(poll_id, user_id, option_ids[0], self._clock())
        if answered is None:
            return None
        series = answered.series
        position = answered.poll.position + 1
        if position < series.total:
            return self._question(series, position)
        polls = await self._repo.polls(series.id)
        missed = [poll.item_id for poll in polls if poll.chosen_option != poll.correct_option]
        return Finished(series.id, series.score, series.total, tuple(dict.fromkeys(missed)))

    async def open_question(self, user_id: int) -> Quiz | None:
        """Return the question ``user_id`` was sent last and has not answered (recent only)."""
        poll = await self._repo.open_poll(user_id, self._clock() - OPEN_FOR)
        return self._quizzes.get(poll.quiz_id) if poll is not None else None

    async def set_nickname(self, user_id: int, nickname: str) -> NicknameResult:
        """Join the weekly leaderboard as ``nickname`` (2–12 letters, digits or Chinese)."""
        nickname = nickname.strip()
        if not _NICKNAME.fullmatch(nickname):
            return NicknameResult.INVALID
        if not await self._repo.set_nickname(user_id, nickname, self._clock()):
            return NicknameResult.TAKEN
        return NicknameResult.SET

    async def leave_board(self, user_id: int) -> bool:
        """Delete ``user_id``'s nickname; return whether there was one."""
        return await self._repo.delete_nickname(user_id)

    async def weekly_board(self, user_id: int, *, limit: int = 10) -> WeeklyBoard:
        """Return this week's leaderboard (series finished since local Monday 00:00)."""
        today = self._clock().astimezone(self._tz).date()
        monday = today - dt.timedelta(days=today.weekday())
        start = dt.datetime.combine(monday, dt.time(), self._tz).astimezone(dt.UTC)
        rows = await self._repo.board(start, start + dt.timedelta(days=7), limit)
        return WeeklyBoard(monday, tuple(rows), await self._repo.nickname(user_id))

    def _question(self, series: QuizSeries, position: int) -> QuizQuestion:
        quiz = self._quizzes[series.plan[position]]
        # The bank writes most correct options second; each poll shows its own order,
        # the same again for the same series and position.
        order = list(range(len(quiz.options)))
        random.Random(f"{series.id}:{position}").shuffle(order)
        options = tuple(quiz.options[index] for index in order)
        correct = order.index(quiz.correct_index)
        return QuizQuestion(series.id, position, series.total, quiz, options, correct)
