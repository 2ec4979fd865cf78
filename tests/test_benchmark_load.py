"""The benchmarks' question load is made of questions the bot answers as questions.

The chaos, flood and latency benchmarks load the bot with the dev questions. One that the bot
takes for a request for a person (转人工) starts the intake instead, and the intake then answers
the resident's next questions with its step again: the chaos benchmark's calibration hung on
it, and the latency benchmark measured intake steps instead of answers.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from benchmarks._common import load_questions
from knowledge import KnowledgeBase
from tests.offline import offline_bot

FIRST_RESIDENT = 50_000


async def test_every_load_question_is_logged_as_a_question(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    questions = load_questions()
    assert len(questions) > 50
    async with offline_bot(tmp_path, kb) as bot:
        for n, question in enumerate(questions):
            replies = await bot.say(FIRST_RESIDENT + n, question)
            assert replies, question
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        logged = {text for (text,) in conn.execute("SELECT text FROM questions")}
    assert [q for q in questions if q not in logged] == []
