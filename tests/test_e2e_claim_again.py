"""A claim pressed again by the adviser who holds it (a double tap, a replay) over the sandbox."""

from __future__ import annotations

from pathlib import Path

from bot import texts
from knowledge import KnowledgeBase
from tests.e2e import labels, one
from tests.test_e2e_consult import filed_consultation


async def test_a_double_tapped_claim_succeeds_twice_and_happens_once(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with filed_consultation(tmp_path, kb) as (scene, number):
        card = scene.adviser.last_message
        assert card is not None
        assert labels(card) == [texts.BUTTON_CLAIM, texts.BUTTON_TRANSFER]
        data = f"1|c|claim|{number}"
        # Both taps reach the bot before it answers the first.
        taps = [await scene.adviser.press_with_data(card, data) for _ in range(2)]
        done = texts.CLAIM_DONE.format(number=number)[:200]
        for tap in taps:
            assert (await scene.adviser.wait_for_answer(tap)).text == done
        said = await scene.adviser.wait_for_messages(2)
        assert all(m.text.startswith(f"已接单 #{number}") for m in said)
        [now] = [m for m in scene.adviser.transcript() if m.message_id == card.message_id]
        assert labels(now) == [texts.BUTTON_TRANSFER, texts.BUTTON_CLOSE]
        assert "已由" in (await one(scene.resident)).text
        events = scene.rows(
            "SELECT count(*) AS n FROM consultation_events WHERE consultation_id = ? AND kind = ?",
            number,
            "claimed",
        )
        assert events[0]["n"] == 1
        notices = scene.rows(
            "SELECT count(*) AS n FROM outbox WHERE chat_id = ? AND kind = ?",
            scene.resident.chat_id,
            "claimed",
        )
        assert notices[0]["n"] == 1
