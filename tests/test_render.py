from __future__ import annotations

import pytest

from bot import texts
from handlers.render import (
    answer_html,
    escape,
    split_html,
    truncate_utf16,
    utf16_len,
    with_facts,
)
from knowledge import KnowledgeBase
from knowledge.telegram_html import html_problems


def test_escape_keeps_user_text_literal() -> None:
    assert escape("<b>a & b</b>") == "&lt;b&gt;a &amp; b&lt;/b&gt;"


def test_split_keeps_every_part_under_the_limit_and_loses_nothing() -> None:
    lines = [f"<b>第{n}段</b> " + "内容" * 50 for n in range(200)]
    text = "\n".join(lines)
    parts = split_html(text, limit=4096)
    assert len(parts) > 1
    assert all(len(part) <= 4096 for part in parts)
    assert "\n".join(parts) == text
    assert all(html_problems(part) == [] for part in parts)


def test_split_cuts_a_huge_line_outside_entities() -> None:
    text = ("a&amp;" * 1000)[:4100] + "end"
    parts = split_html(text, limit=100)
    assert "".join(parts) == text
    assert all(len(part) <= 100 for part in parts)
    assert all(not part.endswith(("&", "&a", "&am", "&amp")) for part in parts)


def test_short_text_is_one_part() -> None:
    assert split_html("hello") == ["hello"]


def test_facts_fill_templates_escaped_and_fallback_when_missing() -> None:
    filled = with_facts(
        texts.GUIDE,
        {"centre_address": "嘉祥街道 <A> 路", "centre_hours": "", "centre_phone": ""},
    )
    assert "嘉祥街道 &lt;A&gt; 路" in filled
    assert texts.LOCAL_FACT_MISSING in filled
    assert html_problems(filled) == []


@pytest.mark.parametrize("item_id", ["legal-aid", "service-centre", "divorce"])
def test_answers_are_valid_html_within_one_message(kb: KnowledgeBase, item_id: str) -> None:
    item = kb.get(item_id)
    assert item is not None
    text = answer_html(item, {"centre_address": "某路1号", "centre_hours": "", "centre_phone": ""})
    assert html_problems(text) == []
    assert len(text) <= 4096
    assert "{" not in text


def test_every_answer_renders_to_valid_html(kb: KnowledgeBase) -> None:
    for item in kb.items:
        text = answer_html(item, {})
        assert html_problems(text) == [], item.id
        assert len(split_html(text)) == 1, item.id


def test_split_counts_utf16_units_like_telegram() -> None:
    text = "😀" * 3000  # 3,000 characters but 6,000 UTF-16 units
    parts = split_html(text)
    assert len(parts) == 2
    assert all(utf16_len(part) <= 4096 for part in parts)
    assert "".join(parts) == text


def test_truncate_utf16_never_splits_a_surrogate_pair() -> None:
    assert truncate_utf16("a😀b", 2) == "a"
    assert truncate_utf16("a😀b", 3) == "a😀"
    assert utf16_len("a😀b") == 4
