"""What the seventh deployment walk found (branch walk7), replayed over HTTP."""

from __future__ import annotations

from bot import texts
from tests.e2e import Scene, labels, one
from tests.test_e2e_adviser import quiet


async def test_a_plan_typed_where_the_community_is_asked_gets_the_question_not_the_numbers(
    scene: Scene,
) -> None:
    # The walk: 「好的，明天去」 typed at the community step brought the emergency card (the
    # learned model read 明天 as a deadline) instead of the community question again.
    resident = scene.resident
    await resident.send_command("/consult")
    _, choose = await resident.wait_for_messages(2)
    await resident.send_text("好的，明天去")
    again = await one(resident)
    assert "可能比较紧急" not in again.text, again.text  # no emergency card
    assert again.text.startswith(texts.INTAKE_NOT_UNDERSTOOD.strip()), again.text
    assert texts.INTAKE_CHOOSE_COMMUNITY in again.text, again.text
    assert labels(again) == labels(choose)
    await quiet(resident, 1)  # no card after it either
    await resident.press(again, "迎凤社区")
    assert (await one(resident)).text.startswith("请用几句话说明")

