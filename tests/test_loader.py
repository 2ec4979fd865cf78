from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from knowledge import DEFAULT_ITEMS_DIR, KnowledgeError, check_items, load_items
from knowledge.categories import load_categories, load_topics
from knowledge.loader import inspect_items
from knowledge.review import due_for_review, next_review
from knowledge.statutes import StatuteStatus, article_numbers, chinese_number, load_statutes

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


# --- the statute registry -----------------------------------------------------------------

REGISTRY = """\
statutes:
  - name: 中华人民共和国劳动法
    version: 2018
    adopted: 2018-12-29
    in_force: 2018-12-29
    articles: 107
    checked: {source: test, date: 2026-12-01}
  - name: 旧条例
    version: 2001
    adopted: 2001-01-01
    in_force: 2001-03-01
    status: repealed
    checked: {source: test, date: 2026-12-01}
  - name: 被取代的办法
    version: 2005
    adopted: 2005-01-01
    in_force: 2005-01-01
    status: superseded
    superseded_by: 中华人民共和国劳动法
    checked: {source: test, date: 2026-12-01}
  - name: 未来法
    version: 2026
    adopted: 2026-06-01
    in_force: 2027-01-01
    articles: 30
    checked: {source: test, date: 2026-12-01}
"""


def with_basis(law: str, article: str) -> str:
    return VALID.format(id="sample").replace(
        "  - law: 中华人民共和国劳动法\n    article: 第五十条\n",
        f"  - law: 中华人民共和国劳动法\n    article: 第五十条\n  - law: {law}\n"
        f"    article: {article}\n",
    )


def registry_file(tmp_path: Path, text: str = REGISTRY) -> Path:
    path = tmp_path / "statutes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def basis_problems(tmp_path: Path, law: str, article: str) -> list[str]:
    items = tmp_path / "items"
    items.mkdir()
    write(items, "sample", with_basis(law, article))
    found = check_items(
        items,
        require_topics=False,
        statutes=registry_file(tmp_path),
        today=dt.date(2026, 12, 1),
    )
    return [str(problem) for problem in found]


def test_unknown_statute_names_file_line_and_field(tmp_path: Path) -> None:
    (problem,) = basis_problems(tmp_path, "中华人民共和国劳动保护法", "第一条")
    path = tmp_path / "items" / "sample.yaml"
    assert problem.startswith(f"{path}:18: legal_basis.1.law: unknown statute ")
    assert "中华人民共和国劳动保护法" in problem


def test_repealed_statute_fails(tmp_path: Path) -> None:
    (problem,) = basis_problems(tmp_path, "旧条例", "第三条")
    assert ":18: legal_basis.1.law: '旧条例' is repealed" in problem


def test_superseded_statute_names_its_successor(tmp_path: Path) -> None:
    (problem,) = basis_problems(tmp_path, "被取代的办法", "第三条")
    assert "superseded by '中华人民共和国劳动法'" in problem


def test_statute_not_yet_in_force_fails_until_its_date(tmp_path: Path) -> None:
    (problem,) = basis_problems(tmp_path, "未来法", "第三条")
    assert ":18: legal_basis.1.law: '未来法' is not yet in force (from 2027-01-01)" in problem
    items = tmp_path / "items"
    later = check_items(
        items, require_topics=False, statutes=tmp_path / "statutes.yaml", today=dt.date(2027, 1, 1)
    )
    assert later == []


def test_article_beyond_the_registry_count_fails(tmp_path: Path) -> None:
    (problem,) = basis_problems(tmp_path, "中华人民共和国劳动法", "第一百零八条")
    path = tmp_path / "items" / "sample.yaml"
    assert problem == (
        f"{path}:19: legal_basis.1.article: '第一百零八条' is beyond the 107 articles of "
        "'中华人民共和国劳动法' (2018)"
    )


def test_last_article_and_a_range_inside_the_count_pass(tmp_path: Path) -> None:
    assert basis_problems(tmp_path, "中华人民共和国劳动法", "第一百零七条") == []
    assert article_numbers("第三十五条至第三十八条") == (35, 38)
    assert article_numbers("第一千二百六十条第二款") == (1260,)


def test_article_without_a_number_fails(tmp_path: Path) -> None:
    (problem,) = basis_problems(tmp_path, "中华人民共和国劳动法", "有关规定")
    assert "legal_basis.1.article: '有关规定' names no article" in problem


def named_problems(tmp_path: Path, answer_line: str, source: str = "测试") -> list[str]:
    items = tmp_path / "items"
    items.mkdir()
    text = VALID.format(id="sample").replace("  正文。\n", f"  {answer_line}\n")
    write(items, "sample", text.replace("source: 测试\n", f"source: {source}\n"))
    found = check_items(
        items, require_topics=False, statutes=registry_file(tmp_path), today=dt.date(2026, 12, 1)
    )
    return [str(problem) for problem in found]


def test_an_answer_naming_an_unregistered_law_fails(tmp_path: Path) -> None:
    """An answer may not send residents to a law nobody checked (here the repealed 婚姻法)."""
    (problem,) = named_problems(tmp_path, "按《中华人民共和国婚姻法》处理。")
    path = tmp_path / "items" / "sample.yaml"
    assert problem == (
        f"{path}:11: answer: names 《中华人民共和国婚姻法》, which is not in statutes.yaml: "
        "add it there first"
    )


def test_a_source_naming_a_repealed_law_fails(tmp_path: Path) -> None:
    (problem,) = named_problems(tmp_path, "正文。", source="《旧条例》（2001年）")
    assert problem == f"{tmp_path / 'items' / 'sample.yaml'}:18: source: '旧条例' is repealed"


def test_a_source_naming_an_old_revision_fails(tmp_path: Path) -> None:
    """《…》（2009年修正） after a law whose 2018 text is in force sends readers to old numbers."""
    (problem,) = named_problems(tmp_path, "正文。", source="《中华人民共和国劳动法》（2009年修正）")
    assert problem.endswith(
        ":18: source: names the 2009 revision of 《中华人民共和国劳动法》; statutes.yaml "
        "holds the 2018 one: cite the version in force"
    )


def test_short_titles_and_documents_named_in_an_answer_pass(tmp_path: Path) -> None:
    answer = "依《劳动法》办理，凭《释放证明书》《道路交通事故认定书》。"
    assert named_problems(tmp_path, answer, source="《中华人民共和国劳动法》（2018年修正）") == []


def test_chinese_numbers() -> None:
    assert [
        chinese_number(t) for t in ("一", "十", "十二", "二十", "一百零二", "一千二百六十")
    ] == [
        1,
        10,
        12,
        20,
        102,
        1260,
    ]
    with pytest.raises(ValueError, match="not a Chinese numeral"):
        chinese_number("12")


def test_registry_defects_are_located(tmp_path: Path) -> None:
    broken = REGISTRY.replace("superseded_by: 中华人民共和国劳动法", "superseded_by: 不存在的法")
    broken += REGISTRY.split("statutes:\n")[1].split("  - name: 旧条例")[0]  # duplicate entry
    registry, found = load_statutes(registry_file(tmp_path, broken))
    messages = [str(problem) for problem in found]
    assert any(":27: statutes.4.name: duplicate '中华人民共和国劳动法'" in m for m in messages)
    assert any(":19: statutes.2.superseded_by: '不存在的法' is not in" in m for m in messages)
    assert len(registry) == 4


def test_registry_rejects_superseded_without_successor(tmp_path: Path) -> None:
    text = REGISTRY.replace("    superseded_by: 中华人民共和国劳动法\n", "")
    _, found = load_statutes(registry_file(tmp_path, text))
    assert any("superseded_by is required" in str(problem) for problem in found)


def test_every_shipped_registry_entry_is_valid_and_cited_laws_are_in_force() -> None:
    registry, found = load_statutes()
    assert found == []
    cited = {basis.law for item in load_items(DEFAULT_ITEMS_DIR) for basis in item.legal_basis}
    assert cited <= set(registry.by_name)
    assert all(registry.by_name[name].status is StatuteStatus.IN_FORCE for name in cited)


def test_the_laws_in_force_are_cited() -> None:
    """The 2026 social assistance law (in force 2026-07-01) replaces the 暂行办法 as basis."""
    item = next(i for i in load_items(DEFAULT_ITEMS_DIR) if i.id == "resettlement-aid")
    laws = {basis.law for basis in item.legal_basis}
    assert "社会救助暂行办法" not in laws
    assert {"中华人民共和国监狱法", "中华人民共和国社会救助法"} <= laws


# --- review currency ----------------------------------------------------------------------


def test_item_not_reviewed_for_twelve_months_warns_but_loads(tmp_path: Path) -> None:
    items = tmp_path / "items"
    items.mkdir()
    path = write(items, "sample", VALID.format(id="sample"))
    statutes = registry_file(tmp_path)
    fresh = inspect_items(
        items, require_topics=False, statutes=statutes, today=dt.date(2027, 11, 27)
    )
    assert fresh.errors == []
    assert fresh.warnings == []
    stale = inspect_items(
        items, require_topics=False, statutes=statutes, today=dt.date(2027, 11, 28)
    )
    assert stale.errors == []
    (warning,) = (str(problem) for problem in stale.warnings)
    assert warning.startswith(f"{path}:19: updated: last reviewed 2026-11-28")
    write(items, "sample", VALID.format(id="sample") + "reviewed: 2027-06-01\n")
    reviewed = inspect_items(
        items, require_topics=False, statutes=statutes, today=dt.date(2027, 11, 28)
    )
    assert reviewed.warnings == []
    assert reviewed.items[0].review_date == dt.date(2027, 6, 1)


def test_next_review_handles_leap_days() -> None:
    assert next_review(dt.date(2026, 11, 28)) == dt.date(2027, 11, 28)
    assert next_review(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_due_lists_overdue_items_and_statutes_changed_since_review(tmp_path: Path) -> None:
    items = tmp_path / "items"
    items.mkdir()
    write(items, "sample", with_basis("未来法", "第三条"))
    write(items, "fresh", VALID.format(id="fresh").replace("2026-11-28", "2027-02-01"))
    report = inspect_items(
        items, require_topics=False, statutes=registry_file(tmp_path), today=dt.date(2027, 1, 2)
    )
    assert report.errors == []
    assert report.registry is not None
    (sample,) = due_for_review(report.items, report.registry, today=dt.date(2027, 1, 2))
    assert sample.item.id == "sample"
    assert not sample.overdue
    assert [statute.name for statute in sample.changed] == ["未来法"]
    later = due_for_review(report.items, report.registry, today=dt.date(2028, 2, 1))
    assert [(entry.item.id, entry.overdue) for entry in later] == [
        ("sample", True),
        ("fresh", True),
    ]
