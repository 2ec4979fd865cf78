"""Use cases of the self-service Q&A: ask, pick a suggestion, give feedback."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import aiosqlite

from bot.services.errors import AccessDenied, NotFound, database_locked
from bot.storage import (
    LoggedQuestion,
    MessageKey,
    NewQuestion,
    QuestionRepository,
    ResidentRepository,
)
from bot.storage.clock import Clock, system_clock
from knowledge import Decision, Item, KnowledgeBase, SearchResult

__all__ = ["MAX_QUESTION_CHARS", "Asked", "QuestionService"]

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
"""Longer messages are answered from their first part."""


@dataclass(frozen=True, slots=True)
class Asked:
    """The outcome of asking: the logged question's id, the search result, and truncation.

    ``question_id`` is ``None`` when the question could not be logged (database unavailable):
    the resident still gets the answer.
    """

    question_id: int | None
    result: SearchResult
    truncated: bool


class QuestionService:
    """Answers residents' questions from the knowledge base and logs them."""

    def __init__(
        self,
        kb: KnowledgeBase,
        residents: ResidentRepository,
        questions: QuestionRepository,
        *,
        clock: Clock = system_clock,
    ) -> None:
        """Wire the service to its knowledge base and repositories."""
        self.kb = kb
        self._residents = residents
        self._questions = questions
        self._clock = clock

    def use_knowledge(self, kb: KnowledgeBase) -> None:
        """Answer from ``kb`` from now on; searches already running finish on the old one."""
        self.kb = kb

    async def community_of(self, user_id: int) -> str | None:
        """Return the community the resident chose last time, if any."""
        resident = await self._residents.get(user_id)
        return resident.community_id if resident else None

    async def remember_community(self, user_id: int, community_id: str) -> None:
        """Remember the resident's community for their next consultation."""
        await self._residents.touch(user_id, None, self._clock())
        await self._residents.set_community(user_id, community_id)

    async def register(self, user_id: int, language: str | None) -> None:
        """Record that a resident used the bot."""
        await self._residents.touch(user_id, language, self._clock())

    async def ask(
        self,
        user_id: int,
        text: str,
        *,
        source: MessageKey | None = None,
        language: str | None = None,
        channel: str = "telegram",
    ) -> Asked:
        """Search the knowledge base for ``text`` and log the question.

        Args:
            user_id: The resident's Telegram id.
            text: The question as typed.
            source: The Telegram message it came in, so a re-delivered message is logged once
                (whatever its update's ``update_id``).
            language: The resident's client language, if known.
            channel: Where the question came from.

        Returns:
            The logged question's id and the search result.
        """
        truncated = len(text) > MAX_QUESTION_CHARS
        query = text[:MAX_QUESTION_CHARS]
        result = self.kb.search(query)
        now = self._clock()
        top = result.top
        logged = NewQuestion(
            user_id=user_id,
            source=source,
            asked_at=now,
            text=query,
            decision=result.decision.value,
            item_id=top.item.id if top and result.decision is not Decision.UNKNOWN else None,
            score=top.score if top else 0.0,
            category=result.category,
            channel=channel,
        )
        question_id: int | None
        try:
            # One block: the asker's row and their question are kept together, in one
            # BEGIN … COMMIT and one trip to SQLite's thread.
            question_id = await self._questions.add_asked(logged, language)
        except aiosqlite.Error as exc:
            if database_locked(exc):  # another process writing (a backup): nothing broke
                log.warning("database locked: a question of user %s not logged", user_id)
            else:
                log.exception("could not log a question of user %s; answering anyway", user_id)
            question_id = None
        return Asked(question_id=question_id, result=result, truncated=truncated)

    def look_up(self, text: str) -> Asked:
        """Answer ``text`` without logging it: an adviser or staff member looking something up.

        What they ask is no resident's consultation, so it is never counted (人次) or kept.
        """
        result = self.kb.search(text[:MAX_QUESTION_CHARS])
        return Asked(question_id=None, result=result, truncated=len(text) > MAX_QUESTION_CHARS)

    def preview(self, text: str) -> SearchResult:
        """Return what the knowledge base answers to ``text``, without logging anything."""
        return self.kb.search(text[:MAX_QUESTION_CHARS])

    def related(self, item: Item) -> list[Item]:
        """Return the items ``item`` names as related, in its order (unknown ids left out)."""
        return [found for item_id in item.related if (found := self.kb.get(item_id))]

    def plain_words(self, text: str) -> str:
        """Return ``text`` as the knowledge base reads it, to understand short typed replies.

        Dialect and typos are replaced, synonyms appended (俺男人打我 → 我丈夫打我 家庭暴力 殴打).
        """
        return self.kb.analyzer.normalize(text[:MAX_QUESTION_CHARS])

    def likely_category(self, description: str) -> str:
        """Return the consultation category id a case ``description`` most likely belongs to."""
        return self.kb.classifier.classify(description)

    def item(self, item_id: str) -> Item:
        """Return a public knowledge item by id."""
        item = self.kb.get(item_id)
        if item is None:
            raise NotFound(f"no item {item_id!r}")
        return item

    async def pick_suggestion(self, user_id: int, question_id: int, item_id: str) -> Item:
        """Record that the resident chose ``item_id`` among the suggestions and return it."""
        await self._own_question(user_id, question_id)
        item = self.item(item_id)
        await self._questions.set_clicked(question_id, item_id)
        return item

    async def feedback(self, user_id: int, question_id: int, *, helpful: bool) -> LoggedQuestion:
        """Record 👍/👎 on the answer to one of the resident's own questions."""
        question = await self._own_question(user_id, question_id)
        await self._questions.set_feedback(question_id, helpful)
        return question

    async def feedback_note(self, user_id: int, question_id: int, note: str) -> None:
        """Record what the resident said the answer was missing."""
        await self._own_question(user_id, question_id)
        await self._questions.set_feedback_note(question_id, note[:MAX_QUESTION_CHARS])

    async def question(self, user_id: int, question_id: int) -> LoggedQuestion:
        """Return one of the resident's own logged questions."""
        return await self._own_question(user_id, question_id)

    async def _own_question(self, user_id: int, question_id: int) -> LoggedQuestion:
        question = await self._questions.get(question_id)
        if question is None:
            raise NotFound(f"no question {question_id}")
        if question.user_id != user_id:
            raise AccessDenied(f"question {question_id} belongs to another resident")
        return question
