from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from knowledge import DEFAULT_ITEMS_DIR, KnowledgeError, check_items, load_items
from knowledge.categories import load_categories, load_topics

VALID = """\
id: {id}
title: 测试条目
category: labor
questions:
  - 问题一
  - 问题二
  - 问题三
  - 问题四
  - 问题五
keywords: [测试]
answer: |
  <b>标题</b>
  正文。
  需要人工帮助：点「找法律顾问」或拨打 12348。
legal_basis:
  - law: 中华人民共和国劳动法
    article: 第五十条
source: 测试
updated: 2026-11-28
related: []
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(directory: Path) -> list[str]:
    return [str(problem) for problem in check_items(directory, require_topics=False)]


def test_repository_knowledge_base_is_valid() -> None:
    assert check_items(DEFAULT_ITEMS_DIR) == []


def test_every_topic_has_an_item_with_its_category() -> None:
    items = {item.id: item for item in load_items(DEFAULT_ITEMS_DIR)}
    for topic in load_topics():
        assert topic.id in items, topic.id
        assert items[topic.id].category == topic.category


def test_every_item_category_is_a_known_category() -> None:
    known = {category.id for category in load_categories()}
    assert {item.category for item in load_items(DEFAULT_ITEMS_DIR)} <= known


def test_valid_file_loads(tmp_path: Path) -> None:
    write(tmp_path, "sample", VALID.format(id="sample"))
    (item,) = load_items(tmp_path, require_topics=False)
    assert item.id == "sample"
    assert item.questions[0] == "问题一"


def test_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "broken", "id: broken\ntitle: [unclosed\ncategory: labor\n")
    (problem,) = problems_of(tmp_path)
    assert problem.startswith(f"{path}:")
    assert "invalid YAML" in problem
    line = int(problem.split(":")[1])
    assert line in (2, 3, 4)


def test_unknown_category_points_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "sample", VALID.format(id="sample").replace("labor", "astrology"))
    assert problems_of(tmp_path) == [f"{path}:3: category: unknown 'astrology'"]


def test_duplicate_id_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "one", VALID.format(id="one"))
    write(tmp_path, "two", VALID.format(id="one"))
    found = problems_of(tmp_path)
    assert any("duplicate 'one'" in problem for problem in found)
    assert any("differs from file name" in problem for problem in found)


def test_broken_related_link(tmp_path: Path) -> None:
    path = write(
        tmp_path, "sample", VALID.format(id="sample").replace("related: []", "related: [nowhere]")
    )
    assert problems_of(tmp_path) == [f"{path}:20: related.0: no item 'nowhere'"]


def test_empty_answer(tmp_path: Path) -> None:
    text = VALID.format(id="sample")
    text = (
        text[: text.index("answer:")] + 'answer: "<b></b>"\n' + text[text.index("legal_basis:") :]
    )
    path = write(tmp_path, "sample", text)
    (problem,) = problems_of(tmp_path)
    assert problem.startswith(f"{path}:11: answer:")
    assert "empty" in problem


def test_unbalanced_html(tmp_path: Path) -> None:
    path = write(tmp_path, "sample", VALID.format(id="sample").replace("<b>标题</b>", "<b>标题"))
    assert problems_of(tmp_path) == [f"{path}:11: answer: unclosed tag <b>"]


def test_missing_field_and_too_few_questions(tmp_path: Path) -> None:
    text = VALID.format(id="sample").replace("  - 问题五\n", "").replace("source: 测试\n", "")
    path = write(tmp_path, "sample", text)
    found = problems_of(tmp_path)
    assert any(p.startswith(f"{path}:4: questions:") for p in found)
    assert any(p.startswith(f"{path}:1: source:") for p in found)


def test_answer_without_help_line_and_with_unknown_placeholder(tmp_path: Path) -> None:
    text = VALID.format(id="sample").replace(
        "  需要人工帮助：点「找法律顾问」或拨打 12348。\n", "  地址：{street_address}\n"
    )
    write(tmp_path, "sample", text)
    found = problems_of(tmp_path)
    assert any("unknown placeholder {street_address}" in p for p in found)
    assert any("last line must say how to get human help" in p for p in found)


def test_too_long_answer(tmp_path: Path) -> None:
    write(tmp_path, "sample", VALID.format(id="sample").replace("正文。", "很长" * 400))
    assert any("at most 650" in p for p in problems_of(tmp_path))


def test_load_raises_with_every_problem(tmp_path: Path) -> None:
    write(tmp_path, "a", VALID.format(id="a").replace("labor", "nope"))
    write(tmp_path, "b", "just text")
    with pytest.raises(KnowledgeError) as caught:
        load_items(tmp_path, require_topics=False)
    assert len(caught.value.problems) == 2


def test_missing_required_topic_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "sample", VALID.format(id="sample"))
    found = [str(p) for p in check_items(tmp_path, require_topics=True)]
    assert any("required topic 'legal-aid' has no item" in p for p in found)
