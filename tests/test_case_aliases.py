"""Plain words at the legal-aid and mediation steps name the option they mean (欠薪, 家暴)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import texts
from bot.services import EXEMPT_GROUPS, MATTERS, PROOFS
from handlers.case_aliases import (
    DISPUTE_ALIASES,
    EXEMPT_ALIASES,
    MATTER_ALIASES,
    PROOF_ALIASES,
    RELATION_ALIASES,
)
from handlers.typed_answers import match_meaning
from knowledge import KnowledgeBase
from tests.offline import offline_bot
from tests.test_handlers_case_rights import settings
from tests.test_handlers_legal_aid import last
from tests.test_handlers_staff import RESIDENT, STAFF, rows

DEFAULT_DISPUTES = ("邻里", "婚姻家庭", "土地宅基地", "财产", "债务", "劳动", "交通", "其他")


def matter(text: str, kb: KnowledgeBase) -> str | None:
    """The matter a typed reply names at the first step of the pre-check."""
    return match_meaning(
        text, MATTERS, texts.LEGAL_AID_MATTERS.__getitem__, MATTER_ALIASES, key=str,
        fallback="other", plain=kb.analyzer.normalize(text),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("欠薪", "labour"),
        ("工资", "labour"),
        ("拖欠工资", "labour"),
        ("讨薪！", "labour"),
        ("老板拖欠工资三个月", "labour"),
        ("工伤", "injury"),
        ("车祸", "injury"),
        ("社保", "social_insurance"),
        ("赡养", "support"),
        ("抚养费", "support"),
        ("离婚", "other"),
        ("家暴", "other"),
        ("打官司没钱", "other"),
        ("拖欠工资，打官司没钱", "labour"),  # the catch-all yields to a named matter
        ("刑事案件", "criminal"),
        # Read through the knowledge base's lexicon (dialect, synonyms).
        ("不让我干了", "labour"),
        ("五险一金", "social_insurance"),
        ("工作受伤", "injury"),
        ("俺男人打我", "other"),
        ("其他事项", "other"),
        # Nothing plain: asked again.
        ("工伤和社保都有", None),
        ("确认", None),  # a plain yes names no option (a7b0f89)
        ("不是", None),
        ("今天天气怎么样", None),
        ("拖欠工资能申请法律援助吗？", None),  # a question, not an answer
        ("老板拖欠了我三个月的工资，我去劳动局投诉也没有用，现在想打官司又没钱请律师", None),
    ],
)
def test_the_matter_step_understands_plain_words(
    text: str, expected: str | None, kb: KnowledgeBase
) -> None:
    assert matter(text, kb) == expected


@pytest.mark.parametrize(
    ("text", "options", "labels", "aliases", "expected"),
    [
        ("家暴", EXEMPT_GROUPS, texts.LEGAL_AID_EXEMPT_GROUPS, EXEMPT_ALIASES, "abuse"),
        ("俺男人打我", EXEMPT_GROUPS, texts.LEGAL_AID_EXEMPT_GROUPS, EXEMPT_ALIASES, "abuse"),
        ("都不是", EXEMPT_GROUPS, texts.LEGAL_AID_EXEMPT_GROUPS, EXEMPT_ALIASES, "none"),
        ("见义勇为", EXEMPT_GROUPS, texts.LEGAL_AID_EXEMPT_GROUPS, EXEMPT_ALIASES, "samaritan"),
        ("低保户", PROOFS, texts.LEGAL_AID_PROOFS, PROOF_ALIASES, "assistance"),
        ("农民工", PROOFS, texts.LEGAL_AID_PROOFS, PROOF_ALIASES, "migrant"),
        ("没有低保", PROOFS, texts.LEGAL_AID_PROOFS, PROOF_ALIASES, None),  # not plain
        ("不是", PROOFS, texts.LEGAL_AID_PROOFS, PROOF_ALIASES, None),
    ],
)
def test_the_exempt_and_proof_steps_understand_plain_words(
    text: str,
    options: tuple[str, ...],
    labels: dict[str, str],
    aliases: dict[str, tuple[str, ...]],
    expected: str | None,
    kb: KnowledgeBase,
) -> None:
    plain = kb.analyzer.normalize(text)
    assert match_meaning(text, options, labels.__getitem__, aliases, key=str, plain=plain) == (
        expected
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("欠钱不还", "债务"),
        ("离婚", "婚姻家庭"),
        ("楼上漏水", "邻里"),
        ("宅基地", "土地宅基地"),
        ("欠薪", "劳动"),
        ("车祸", "交通"),
        ("随便", None),
    ],
)
def test_the_dispute_step_understands_plain_words(
    text: str, expected: str | None, kb: KnowledgeBase
) -> None:
    plain = kb.analyzer.normalize(text)
    assert match_meaning(text, DEFAULT_DISPUTES, str, DISPUTE_ALIASES, plain=plain) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("前夫", "家庭成员"), ("老板", "雇主或单位"), ("物业", "商家或公司"), ("楼上", "邻居")],
)
def test_the_relation_step_understands_plain_words(text: str, expected: str) -> None:
    assert match_meaning(text, texts.MEDIATE_RELATIONS, str, RELATION_ALIASES) == expected


async def test_a_typed_matter_goes_on_and_is_filed_as_named(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb, **settings(tmp_path)) as bot:
        await bot.say(RESIDENT, "/legalaid")
        named = last(await bot.say(RESIDENT, "欠薪")).text
        assert named.endswith(texts.LEGAL_AID_ASK_EXEMPT), named
        assert named.startswith("您说的事项已按")  # the matter is named back (branch walk2)
        assert last(await bot.say(RESIDENT, "都不是")).text == texts.LEGAL_AID_ASK_PROOF
        assert last(await bot.say(RESIDENT, "农民工")).text == texts.LEGAL_AID_ASK_HOUSEHOLD
        await bot.say(RESIDENT, "3")
        await bot.say(RESIDENT, "2400")
        await bot.say(RESIDENT, "提交")
        await bot.say(RESIDENT, "迎凤")
        assert rows(bot, "SELECT matter, exempt_group, proof FROM legal_aid_applications") == [
            ("labour", "none", "migrant")
        ]


async def test_a_typed_dispute_and_relation_go_on(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as bot:
        await bot.say(RESIDENT, "/mediate")
        named = last(await bot.say(RESIDENT, "欠钱不还")).text
        assert named.endswith(texts.MEDIATE_ASK_RELATION), named
        assert named.startswith("已按「<b>债务</b>」")  # the dispute is named back (branch walk2)
        assert last(await bot.say(RESIDENT, "老板")).text == texts.MEDIATE_ASK_NAME
        await bot.say(RESIDENT, "不提供")
        await bot.say(RESIDENT, "迎凤")
        confirm = last(await bot.say(RESIDENT, "归还欠款两万元"))
        assert "债务" in confirm.text
        assert "雇主或单位" in confirm.text
        assert last(await bot.say(RESIDENT, "好的")).text != texts.MEDIATE_TAP
        assert rows(bot, "SELECT dispute_type, other_party_relation FROM mediation_requests") == [
            ("债务", "雇主或单位")
        ]
