"""What the fifth deployment walk found (branch walk5), replayed over HTTP."""

from __future__ import annotations

from bot import texts
from bot.services.intake import MAX_SUMMARY_CHARS
from tests.e2e import Scene, one
from tests.test_e2e_adviser import quiet
from tests.test_e2e_intake import scene, to_category_step

__all__ = ["scene"]

STORY = "我在厂里干了三年，老板一直拖欠工资，每次去要都说再等等，"
"""A sentence of a long story (about 30 characters), repeated to 10,000 characters."""


def long_story(chars: int = 10_000) -> str:
    """A story of ``chars`` characters (longer than any description may be)."""
    return (STORY * (chars // len(STORY) + 1))[:chars]


async def test_a_long_story_where_the_community_is_asked_is_kept_as_far_as_it_fits(
    scene: Scene,
) -> None:
    # The walk (w22, w29): 10,000 characters at the community step got 「没能确认您的选择」
    # and were dropped.
    resident = scene.resident
    await resident.send_command("/consult")
    await resident.wait_for_messages(2)
    story = long_story()
    await resident.send_text(story)
    again = await one(resident)
    assert not again.text.startswith(texts.INTAKE_NOT_UNDERSTOOD.strip()), again.text
    assert f"{MAX_SUMMARY_CHARS} 字" in again.text
    assert str(len(story) - MAX_SUMMARY_CHARS) in again.text  # says how much was not kept
    await resident.press(again, "迎凤社区")
    describe = await one(resident)
    await resident.press(describe, texts.BUTTON_USE_QUESTION)
    category = await one(resident)
    await resident.press(category, texts.BUTTON_CATEGORY_OK)
    await resident.press(await one(resident), texts.BUTTON_CONSENT_NO)
    await resident.press(await one(resident), texts.BUTTON_SUBMIT)
    await one(resident)
    await quiet(resident, 1)
    ((summary,),) = scene.rows("SELECT summary FROM consultations")
    assert summary == story[:MAX_SUMMARY_CHARS]


async def test_a_long_text_at_a_later_step_is_added_as_far_as_it_fits(scene: Scene) -> None:
    # The walk (w22): 10,000 characters at the category, consent and confirmation steps got
    # 「没能确认您的选择」 and were dropped without a word.
    resident = scene.resident
    category = await to_category_step(resident)
    await resident.press(category, texts.BUTTON_CATEGORY_OK)
    await one(resident)
    story = long_story()
    await resident.send_text(story)
    again = await one(resident)
    assert not again.text.startswith(texts.INTAKE_NOT_UNDERSTOOD.strip()), again.text
    assert f"{MAX_SUMMARY_CHARS} 字" in again.text
    await resident.press(again, texts.BUTTON_CONSENT_NO)
    confirm = await one(resident)
    assert STORY[:10] in confirm.text
    await resident.send_text(story)  # the description is full now: nothing more is kept
    full = await one(resident)
    assert "没有记下" in full.text, full.text
    await resident.press(full, texts.BUTTON_SUBMIT)
    await one(resident)
    await quiet(resident, 1)
    ((summary,),) = scene.rows("SELECT summary FROM consultations")
    first = "公司一直拖欠工资不发怎么办"
    assert summary == f"{first}\n{story[: MAX_SUMMARY_CHARS - len(first) - 1]}"
