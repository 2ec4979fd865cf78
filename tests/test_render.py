from __future__ import annotations

import random

import pytest

from bot import texts
from handlers import render
from handlers.render import (
    answer_html,
    escape,
    split_html,
    truncate_utf16,
    utf16_len,
    with_facts,
)
from knowledge import Item, KnowledgeBase, LegalBasis
from knowledge.render import as_of_line, basis_html, citations
from knowledge.statutes import shipped_registry
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


def test_basis_is_a_list_in_an_expandable_quote_with_the_review_month(kb: KnowledgeBase) -> None:
    item = kb.get("admin-reconsideration")
    assert item is not None
    text = answer_html(item, {})
    body, basis = text.split("<blockquote expandable>")
    assert texts.DISCLAIMER in body
    quoted, after = basis.split("</blockquote>")
    lines = quoted.split("\n")
    assert lines[0] == f"<b>{texts.LEGAL_BASIS_HEADER}</b>"
    laws = {entry.law for entry in item.legal_basis}
    assert len(lines) - 1 == len(laws)  # one line per statute
    assert all(line.startswith("· 《") for line in lines[1:])
    assert any("《中华人民共和国行政复议法》（2023年修订）第" in line for line in lines)
    month = item.review_date.strftime("%Y-%m")
    assert after == f"\n依据截至 {month}（最近核对）"
    assert text.endswith(texts.BASIS_AS_OF.format(month=month))


def test_as_of_month_comes_from_the_reviewed_date() -> None:
    item = Item.model_validate(
        {
            "id": "x",
            "title": "测试",
            "category": "labor",
            "questions": ["一", "二", "三", "四", "五"],
            "answer": "正文\n拨打 12348。",
            "legal_basis": [
                {"law": "中华人民共和国劳动法", "article": "第五十条"},
                {"law": "中华人民共和国劳动法", "article": "第五十一条"},
                {"law": "中华人民共和国民法典", "article": "第一条"},
            ],
            "source": "测试",
            "updated": "2026-03-05",
            "reviewed": "2026-10-09",
        }
    )
    html_text = basis_html(item, header="法律依据", as_of=texts.BASIS_AS_OF)
    assert html_text == (
        "<blockquote expandable><b>法律依据</b>\n"
        "· 《中华人民共和国劳动法》第五十条、第五十一条\n"
        "· 《中华人民共和国民法典》第一条</blockquote>\n"
        "依据截至 2026-10（最近核对）"
    )
    assert as_of_line(item, "{month}") == "2026-10"
    registry = shipped_registry()
    assert citations(item.legal_basis, registry=registry)[0] == (
        "《中华人民共和国劳动法》（2018年修正）第五十条、第五十一条"
    )
    assert html_problems(html_text) == []


def test_citations_sort_articles_by_number_within_each_law() -> None:
    basis = [
        LegalBasis(law="乙法", article="第十一条"),
        LegalBasis(law="甲法", article="第二十九条"),
        LegalBasis(law="乙法", article="第二条"),
        LegalBasis(law="乙法", article="第一百条"),
        LegalBasis(law="乙法", article="第二条"),
    ]
    assert citations(basis) == ["《乙法》第二条、第十一条、第一百条", "《甲法》第二十九条"]


def _split_reference(text: str, limit: int) -> list[str]:
    """The split as first written (re-measured the growing message per line): the reference."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in render._cut_line(line, limit):  # unchanged: cutting one huge line
            candidate = f"{current}\n{piece}" if current else piece
            if utf16_len(candidate) <= limit:
                current = candidate
            else:
                chunks.append(current)
                current = piece
    if current or not chunks:
        chunks.append(current)
    return [chunk for chunk in chunks if chunk.strip()] or [truncate_utf16(text, limit)]


@pytest.mark.parametrize("seed", range(40))
def test_split_parts_are_those_of_the_first_split(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = ["法", "律", "a", " ", "\n", "\n\n", "😀", "&amp;", "<b>x</b>", "&"]
    text = "".join(rng.choice(alphabet) * rng.randint(1, 8) for _ in range(rng.randint(0, 120)))
    limit = rng.choice([2, 5, 40, 300, 4096])
    assert len(text) < 5000
    assert split_html(text, limit) == _split_reference(text, limit)


def test_split_measures_each_line_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long answer of many short lines costs time in proportion to its length."""
    measured = 0

    def counting(text: str) -> int:
        nonlocal measured
        measured += len(text)
        return utf16_len(text)

    monkeypatch.setattr(render, "utf16_len", counting)
    text = "\n".join(f"第{n}条 内容" for n in range(3000))
    parts = render.split_html(text)
    assert "\n".join(parts) == text
    assert measured <= 4 * len(text)
