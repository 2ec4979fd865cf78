"""Which statements mean the resident is under 14, and which do not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml

from bot.services.minors import says_under_14
from tests.conftest import REPO_ROOT


@pytest.mark.parametrize(
    "text",
    [
        "我今年12岁，老板不给工资",
        "我才13，网上被骗了钱",
        "我才13",
        "我是初一学生",
        "我是初一的学生，同学欺负我",
        "我今年十二岁了",
        "我十三岁，被人骗了游戏账号",
        "我13周岁",
        "本人12岁",
        "我今年才12岁",
        "我刚满13岁",
        "我还不满14岁，可以打工吗",
        "我未满十四周岁",
        "我上五年级",
        "我是小学生",
        "我读小学六年级",
        "我是六年级学生",
        "我今年１２岁",  # full-width digits
        "老师说我们不能打工，我12岁能不能去发传单",
    ],
)
def test_a_resident_saying_they_are_under_14(text: str) -> None:
    assert says_under_14(text)


@pytest.mark.parametrize(
    "text",
    [
        "我儿子今年12岁，被同学打伤了",
        "我女儿是初一学生",
        "我是初一学生的家长",
        "我14岁",
        "我今年十四岁",
        "我今年15岁",
        "我今年32岁",
        "我今年四十二岁",
        "我12岁那年被人骗过",
        "我12岁的时候父母离婚了",
        "我12岁的儿子被狗咬了",
        "我干了13年，公司不给补偿",
        "我才13天没上班就被辞退了",
        "我才干了13个月",
        "我才13万的存款",
        "大年初一我被打了",
        "我是小学老师",
        "我是小学毕业",
        "我上小学的时候",
        "孩子才13岁",
        "我13800000000",
        "我今年12月被辞退",
        "",
    ],
)
def test_other_statements_are_no_minor(text: str) -> None:
    assert not says_under_14(text)


def test_any_of_several_texts() -> None:
    assert says_under_14(None, "公司拖欠工资", "我今年12岁")
    assert not says_under_14(None, "公司拖欠工资")


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_no_question_or_answer_we_hold_is_taken_for_a_minor() -> None:
    # Residents' questions of the benchmarks (adults telling children's ages among them) and
    # the knowledge base's own texts.
    files = sorted((REPO_ROOT / "benchmarks" / "data").glob("*.yaml"))
    files += sorted((REPO_ROOT / "knowledge" / "items").glob("*.yaml"))
    strings = [s for f in files for s in _strings(yaml.safe_load(f.read_text(encoding="utf-8")))]
    assert len(strings) > 2000
    assert [s for s in strings if says_under_14(s) and s not in WRITTEN_BY_A_CHILD] == []
    assert all(says_under_14(s) for s in WRITTEN_BY_A_CHILD)


WRITTEN_BY_A_CHILD = frozenset(
    {"请问律师：爸妈离婚时说好我跟我妈，现在我爸要争我的抚养权，我十二岁，我能自己选吗？"}
)
"""Benchmark texts whose writer says they are under 14 (triage-holdout12): rightly found."""
