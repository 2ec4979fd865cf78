"""An answer in chat shows its legal basis as a list and the month it was last checked."""

from __future__ import annotations

from bot import texts
from knowledge import KnowledgeBase
from tests.e2e import BotWorld


async def test_answer_ends_with_basis_list_and_review_month(
    world: BotWorld, kb: KnowledgeBase
) -> None:
    user = world.server.user(1301, "居民")
    await user.send_text("劳动仲裁的时效是多长时间")
    (reply,) = await user.wait_for_messages(1)
    item = kb.get("labor-arbitration")
    assert item is not None
    lines = reply.text.split("\n")
    month = item.review_date.strftime("%Y-%m")
    assert lines[-1] == f"依据截至 {month}（最近核对）"
    header = lines.index(texts.LEGAL_BASIS_HEADER)
    listed = lines[header + 1 : -1]
    assert len(listed) == len({entry.law for entry in item.legal_basis})
    assert all(line.startswith("· 《") for line in listed)
    (arbitration,) = [line for line in listed if "《中华人民共和国劳动争议调解仲裁法》" in line]
    assert "第十四条、第二十一条、第二十七条" in arbitration  # the limitation period's article
    assert lines.index(texts.DISCLAIMER) < header  # the direct answer and disclaimer come first
    (quote,) = [e for e in reply.entities if e["type"] == "expandable_blockquote"]
    quoted = reply.text.encode("utf-16-le")[
        2 * quote["offset"] : 2 * (quote["offset"] + quote["length"])
    ]
    assert quoted.decode("utf-16-le").startswith(texts.LEGAL_BASIS_HEADER)
