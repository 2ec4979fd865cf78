"""Concurrent questions beside failing use cases on one database: is every write kept once?

Run from the repository root: ``python benchmarks/storage_concurrency.py [--questions 800]``.

Starts ``--questions`` residents' questions (``QuestionService.ask``), as many forged "claim"
presses (``ConsultationService.claim`` by a resident, refused inside its transaction) and as
many use cases that fail after their first write (a notification queued, then an error) at
once on one real SQLite file, then counts, through a connection of its own, what was
committed: questions stored, question ids handed out twice or pointing at another
resident's question, answers that got no id, and notifications of failed use cases kept.
Every figure after "questions stored" should be 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.communities import load_communities
from bot.services import ServiceError, build_consultation_services
from bot.services.questions import QuestionService
from bot.storage import (
    Database,
    OutboxRepository,
    QuestionRepository,
    ResidentRepository,
    transaction,
)
from knowledge import KnowledgeBase

REPO_ROOT = Path(__file__).resolve().parents[1]
TEXTS = ("工伤怎么认定", "离婚冷静期是多久", "老板拖欠工资怎么办", "邻居噪音扰民怎么办")


async def run(questions: int) -> None:
    """Run the scenario once and print its figures."""
    kb = KnowledgeBase.load()
    communities = load_communities(REPO_ROOT / "config" / "communities.yaml")
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "bot.db")
        await db.open()
        try:
            service = QuestionService(kb, ResidentRepository(db), QuestionRepository(db))
            desk = build_consultation_services(db, communities, frozenset())
            await desk.advisers.sync_config_advisers()
            community = communities.communities[0].id
            opened = await desk.consultations.open_consultation(
                1, community, "labor", "拖欠工资", consent=False
            )
            number = opened.consultation.id
            outbox = OutboxRepository(db)
            now = dt.datetime.now(dt.UTC)

            async def ask(n: int) -> tuple[int, str, int | None]:
                text = f"{TEXTS[n % len(TEXTS)]} {n}"
                return 100_000 + n, text, (await service.ask(100_000 + n, text)).question_id

            async def forged_claim(n: int) -> None:
                with contextlib.suppress(ServiceError):
                    await desk.consultations.claim(200_000 + n, number)

            async def fails_after_a_write(n: int) -> None:
                with contextlib.suppress(RuntimeError):
                    async with transaction(db):
                        await outbox.enqueue(300_000 + n, "failed_use_case", {}, now=now)
                        await outbox.pending_count()
                        raise RuntimeError("the use case fails halfway")

            began = time.perf_counter()
            results = await asyncio.gather(
                *(
                    coro
                    for n in range(questions)
                    for coro in (ask(n), forged_claim(n), fails_after_a_write(n))
                )
            )
            seconds = time.perf_counter() - began
        finally:
            await db.close()
        asked = [r for r in results if isinstance(r, tuple)]
        with sqlite3.connect(db.path) as conn:
            stored = dict(
                ((qid, (user, text)) for qid, user, text in conn.execute(
                    "SELECT id, user_id, text FROM questions"
                ))
            )  # fmt: skip
            [(kept,)] = conn.execute("SELECT count(*) FROM outbox WHERE kind = 'failed_use_case'")
    ids = [qid for _, _, qid in asked if qid is not None]
    print(f"questions asked                      {len(asked)}")
    print(f"questions stored                     {len(stored)}")
    print(f"answers without a question id        {len(asked) - len(ids)}")
    print(f"question ids handed out twice        {len(ids) - len(set(ids))}")
    wrong = sum(stored.get(qid) != (user, text) for user, text, qid in asked if qid is not None)
    print(f"ids not pointing at their question   {wrong}")
    print(f"writes of failed use cases kept      {kept}")
    print(f"seconds for all of them              {seconds:.2f}")


def main() -> None:
    """Parse the arguments and run the scenario."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=800)
    args = parser.parse_args()
    asyncio.run(run(args.questions))


if __name__ == "__main__":
    main()
