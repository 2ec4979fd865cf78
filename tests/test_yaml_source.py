"""Reading YAML with libyaml's C parser keeps every file, line and value the pure parser gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge.yaml_source import LIBYAML, Problem, YamlDocument, line_of, load_yaml, read_mapping

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(
    path for folder in ("knowledge", "config") for path in (ROOT / folder).rglob("*.yaml")
)
PARSERS = [pytest.param(True, id="libyaml"), pytest.param(False, id="pure")]

needs_libyaml = pytest.mark.skipif(not LIBYAML, reason="PyYAML is built without libyaml")


class _DatesAsText(yaml.SafeLoader):
    """A safe loader without the timestamp resolver (as the communities file is read)."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _lines(node: yaml.Node) -> list[tuple[str, int]]:
    """Return every scalar of a node tree with its line, in document order."""
    if isinstance(node, yaml.ScalarNode):
        return [(str(node.value), int(node.start_mark.line))]
    children: list[Any] = node.value
    if isinstance(node, yaml.MappingNode):
        children = [part for pair in children for part in pair]
    return [found for child in children for found in _lines(child)]


def test_libyaml_is_installed_here() -> None:
    # The speed of start-up depends on it; requirements pin a PyYAML wheel built with it.
    assert LIBYAML


@needs_libyaml
def test_libyaml_reads_every_shipped_file_as_the_pure_parser_does() -> None:
    assert len(SHIPPED) > 50
    for path in SHIPPED:
        fast, pure = load_yaml(path, libyaml=True), load_yaml(path, libyaml=False)
        assert fast == pure, path
        fast_doc, pure_doc = (
            read_mapping(path, expected="", libyaml=flag) for flag in (True, False)
        )
        if isinstance(fast_doc, YamlDocument) and isinstance(pure_doc, YamlDocument):
            assert fast_doc.data == pure_doc.data == pure, path
            assert _lines(fast_doc.node) == _lines(pure_doc.node), path
        else:
            assert fast_doc == pure_doc, path


@pytest.mark.parametrize("libyaml", PARSERS)
def test_a_valid_mapping_keeps_its_data_and_lines(tmp_path: Path, libyaml: bool) -> None:
    path = tmp_path / "item.yaml"
    path.write_text("id: a\nlist:\n  - one\n  - when: 2026-12-02\n", encoding="utf-8")
    document = read_mapping(path, expected="of fields", libyaml=libyaml)
    assert isinstance(document, YamlDocument)
    assert document.data == {"id": "a", "list": ["one", {"when": yaml.safe_load("2026-12-02")}]}
    assert line_of(document.node, ("list", 1, "when")) == 4


@pytest.mark.parametrize("libyaml", PARSERS)
def test_a_custom_loader_keeps_its_resolvers(tmp_path: Path, libyaml: bool) -> None:
    path = tmp_path / "communities.yaml"
    path.write_text("holidays:\n  - 2026-10-01\n", encoding="utf-8")
    document = read_mapping(path, expected="of fields", loader=_DatesAsText, libyaml=libyaml)
    assert isinstance(document, YamlDocument)
    assert document.data == {"holidays": ["2026-10-01"]}


@pytest.mark.parametrize("libyaml", PARSERS)
@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("id: broken\ntitle: [unclosed\ncategory: labor\n", 3),
        ('id: x\ndates:\n  - date: "05-01"\n    name: 劳动节: 劳动法\n', 4),
        ("id: x\n\tanswer: tab\n", 2),
        ("id: x\nid: &a [1]\nother: *b\n", 3),
    ],
    ids=["unclosed flow", "colon in plain scalar", "tab indent", "unknown alias"],
)
def test_malformed_yaml_names_file_and_line(
    tmp_path: Path, text: str, line: int, libyaml: bool
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    problem = read_mapping(path, expected="of fields", libyaml=libyaml)
    assert isinstance(problem, Problem)
    assert (problem.file, problem.line, problem.field) == (path, line, "-")
    assert problem.message.startswith("invalid YAML: ")


@pytest.mark.parametrize("libyaml", PARSERS)
@pytest.mark.parametrize("text", ["", "# only a comment\n", "- a list\n", "just text\n"])
def test_a_file_that_is_not_a_mapping_says_so(tmp_path: Path, text: str, libyaml: bool) -> None:
    path = tmp_path / "item.yaml"
    path.write_text(text, encoding="utf-8")
    problem = read_mapping(path, expected="of fields", libyaml=libyaml)
    assert problem == Problem(path, 1, "-", "expected a mapping of fields")
