"""Renting out a bank card (两卡) is the fraud item's matter even when asked as 会判刑吗.

Written for these tests. Before the fraud item had a sample asking whether renting a card out
is punished, 判刑 or 坐牢 drew the criminal defence item level with it: a suggestion, or
that item first.
"""

from __future__ import annotations

import pytest

from knowledge import Decision, KnowledgeBase


@pytest.mark.parametrize(
    "question",
    [
        "有人花钱租我的银行卡，说只是用来转账，这样做会被判刑吗？",
        "我把卡租出去让人走流水，要坐牢吗？",
    ],
)
def test_renting_out_a_bank_card_is_answered_by_the_fraud_item(
    kb: KnowledgeBase, question: str
) -> None:
    result = kb.search(question)
    assert result.decision is Decision.ANSWER
    assert result.top is not None
    assert result.top.item.id == "telecom-fraud"
