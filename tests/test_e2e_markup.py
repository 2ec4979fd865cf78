"""What people type reaches the other side verbatim: markup in it is text, never formatting."""

from __future__ import annotations

from bot import texts
from tests.e2e import Scene, one
from tests.test_e2e_consult import file_consultation

MARKUP = "<b>工资</b> & 加班费 <i>没给 </a> &amp;"


async def test_relayed_messages_with_markup_arrive_verbatim(scene: Scene) -> None:
    resident, adviser = scene.resident, scene.adviser
    number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
    await adviser.press(await one(adviser), texts.BUTTON_CLAIM)
    await one(adviser)
    await one(resident)

    await resident.send_text(MARKUP)
    await one(resident)
    relayed = await one(adviser)
    assert MARKUP in relayed.text  # the tags were not applied, the entities not decoded

    await adviser.reply_to(relayed, f"回复 {MARKUP}")
    assert (await one(adviser)).text == texts.REPLY_SENT.format(number=number)
    assert f"回复 {MARKUP}" in (await one(resident)).text

    await adviser.send_command("/reply", f"{number} 命令 {MARKUP}")
    await one(adviser)
    assert f"命令 {MARKUP}" in (await one(resident)).text

    await resident.send_photo(caption=f"照片 {MARKUP}")
    await one(resident)
    photo = await one(adviser)
    assert f"照片 {MARKUP}" in (photo.caption or "")
