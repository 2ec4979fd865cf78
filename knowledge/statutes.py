"""The statute registry (``data/statutes.yaml``): every law an item may cite, and its currency."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from knowledge.yaml_source import Problem, line_of, read_mapping, validation_problems

__all__ = [
    "DEFAULT_STATUTES_PATH",
    "Checked",
    "Statute",
    "StatuteKind",
    "StatuteRegistry",
    "StatuteStatus",
    "article_numbers",
    "chinese_number",
    "citation_problems",
    "load_statutes",
    "named_statute_problems",
    "shipped_registry",
]

DEFAULT_STATUTES_PATH = Path(__file__).resolve().parent / "data" / "statutes.yaml"

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_ARTICLE = re.compile(r"第([〇零一二三四五六七八九十百千]+)条")
_PART = re.compile(r"第([〇零一二三四五六七八九十百千]+)部分")
_TITLE = re.compile(r"《([^《》]+)》(?:（(\d{4})年(?:第.次)?(?:修订|修正)）)?")
_STATUTE_TITLE = re.compile(
    r"(法|典|条例|办法|规定|解释|决定|公告|规则|细则)(（[一二三四五六七八九十]+）)?$"
)
_STATE_PREFIX = "中华人民共和国"
WHOLE_DOCUMENT = "全文"
"""How a citation names a normative document as a whole (a short notice with no articles)."""


class StatuteKind(StrEnum):
    """What an entry is, which decides how a citation names the part it rests on."""

    STATUTE = "statute"
    """A law, regulation, rule or judicial interpretation: cited by article, 第N条."""
    NORMATIVE_DOCUMENT = "normative document"
    """A notice or announcement (规范性文件): cited by numbered part, 第N部分, or as 全文."""


class StatuteStatus(StrEnum):
    """Whether a statute may be cited on a given day."""

    IN_FORCE = "in force"
    NOT_YET_IN_FORCE = "not yet in force"
    REPEALED = "repealed"
    SUPERSEDED = "superseded"


class Checked(BaseModel):
    """Where and when a statute's entry was checked against its text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str = Field(min_length=2)
    date: dt.date


class Statute(BaseModel):
    """One law, regulation, rule or judicial interpretation, in the version in force."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=2)
    kind: StatuteKind = StatuteKind.STATUTE
    version: int = Field(ge=1949, le=2100)
    """Year of the revision (or amendment) in force; the year of enactment if never revised."""
    adopted: dt.date
    """When that version was adopted or promulgated: later than an item's review means change."""
    in_force: dt.date
    """When that version took effect."""
    status: StatuteStatus = StatuteStatus.IN_FORCE
    superseded_by: str | None = None
    articles: int | None = Field(default=None, ge=1)
    """How many articles (a normative document: numbered parts) the version has; ``None`` when
    not yet counted from the text."""
    edition: str = ""
    """How a citation names the version, e.g. ``2023年修订``; empty when never revised."""
    checked: Checked
    note: str = ""

    @model_validator(mode="after")
    def _superseded_names_successor(self) -> Statute:
        if (self.status is StatuteStatus.SUPERSEDED) != (self.superseded_by is not None):
            raise ValueError("superseded_by is required exactly when status is 'superseded'")
        if self.in_force < self.adopted:
            raise ValueError(f"in_force {self.in_force} is before adopted {self.adopted}")
        return self

    def status_on(self, day: dt.date) -> StatuteStatus:
        """Return the status on ``day``: an in-force entry is not yet in force before its date."""
        if self.status is StatuteStatus.IN_FORCE and day < self.in_force:
            return StatuteStatus.NOT_YET_IN_FORCE
        return self.status

    def label(self) -> str:
        """Return the cited name, with its edition: 《中华人民共和国行政复议法》（2023年修订）."""
        return f"《{self.name}》（{self.edition}）" if self.edition else f"《{self.name}》"


class _RegistryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    statutes: tuple[Statute, ...] = Field(min_length=1)


@dataclass(frozen=True)
class StatuteRegistry:
    """The registry's statutes by name, and where it was read from."""

    path: Path
    by_name: Mapping[str, Statute]

    def get(self, name: str) -> Statute | None:
        """Return the statute called exactly ``name``, or ``None``."""
        return self.by_name.get(name)

    def __iter__(self) -> Iterator[Statute]:
        return iter(self.by_name.values())

    def __len__(self) -> int:
        return len(self.by_name)

    @cached_property
    def by_title(self) -> Mapping[str, Statute]:
        """The statutes by title as an answer may write it (see ``named_statute_problems``)."""
        return {_title_key(statute.name): statute for statute in self.by_name.values()}


def load_statutes(path: Path = DEFAULT_STATUTES_PATH) -> tuple[StatuteRegistry, list[Problem]]:
    """Read the statute registry at ``path``.

    Args:
        path: The ``statutes.yaml`` file.

    Returns:
        The registry (empty when unreadable) and the problems found in the file, by line.
    """
    document = read_mapping(path, expected="with a 'statutes' list")
    if isinstance(document, Problem):
        return StatuteRegistry(path, {}), [document]
    try:
        parsed = _RegistryFile.model_validate(document.data)
    except ValidationError as exc:
        return StatuteRegistry(path, {}), validation_problems(document, exc)
    problems: list[Problem] = []
    by_name: dict[str, Statute] = {}
    for index, statute in enumerate(parsed.statutes):
        if statute.name in by_name:
            line = line_of(document.node, ("statutes", index, "name"))
            problems.append(
                Problem(path, line, f"statutes.{index}.name", f"duplicate {statute.name!r}")
            )
        by_name[statute.name] = statute
    for index, statute in enumerate(parsed.statutes):
        if statute.superseded_by is not None and statute.superseded_by not in by_name:
            line = line_of(document.node, ("statutes", index, "superseded_by"))
            message = f"{statute.superseded_by!r} is not in the registry"
            problems.append(Problem(path, line, f"statutes.{index}.superseded_by", message))
    return StatuteRegistry(path, by_name), problems


@cache
def shipped_registry() -> StatuteRegistry:
    """Return the registry shipped with the code (read once; empty if it is invalid)."""
    return load_statutes(DEFAULT_STATUTES_PATH)[0]


def chinese_number(text: str) -> int:
    """Return the value of a Chinese numeral as used in article numbers: 一百零二 → 102.

    Raises:
        ValueError: If ``text`` is not a Chinese numeral.
    """
    if not text or any(char not in _DIGITS and char not in _UNITS for char in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, digit = 0, 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        else:
            total += (digit or 1) * _UNITS[char]
            digit = 0
    return total + digit


def article_numbers(article: str) -> tuple[int, ...]:
    """Return the article numbers a citation names: 第三十五条至第三十八条 → (35, 38)."""
    return tuple(chinese_number(match.group(1)) for match in _ARTICLE.finditer(article))


def citation_problems(
    law: str, article: str, registry: StatuteRegistry, day: dt.date
) -> Iterable[tuple[str, str]]:
    """Check one citation against the registry.

    The law must be in ``registry`` and in force on ``day``; the article must name 第N条 within
    the law's article count.

    Yields:
        ``("law" | "article", message)`` for each problem.
    """
    statute = registry.get(law)
    if statute is None:
        yield "law", f"unknown statute {law!r}: add it to {registry.path.name} first"
        return
    yield from (("law", message) for message in _status_problems(statute, day))
    if statute.kind is StatuteKind.NORMATIVE_DOCUMENT:
        yield from _part_problems(statute, article)
        return
    numbers = article_numbers(article)
    if not numbers:
        yield "article", f"{article!r} names no article (write 第N条)"
    elif statute.articles is not None and max(numbers) > statute.articles:
        yield (
            "article",
            f"{article!r} is beyond the {statute.articles} articles of {law!r} ({statute.version})",
        )


def _status_problems(statute: Statute, day: dt.date) -> Iterable[str]:
    """Say why ``statute`` may not be relied on on ``day`` (nothing when it is in force)."""
    status = statute.status_on(day)
    if status is StatuteStatus.SUPERSEDED:
        yield f"{statute.name!r} is superseded by {statute.superseded_by!r}"
    elif status is StatuteStatus.NOT_YET_IN_FORCE:
        yield f"{statute.name!r} is not yet in force (from {statute.in_force})"
    elif status is not StatuteStatus.IN_FORCE:
        yield f"{statute.name!r} is {status}"


def _named_editions(text: str) -> list[tuple[str, int | None]]:
    """Each statute title ``text`` names in 《》, with the revision year written after it, if any.

    A title counts when it ends as a statute's does (法, 条例, 办法, 解释, 公告 …); the names
    of documents such as 《释放证明书》 are left out.
    """
    found = []
    for match in _TITLE.finditer(text):
        if _STATUTE_TITLE.search(match.group(1)):
            year = match.group(2)
            found.append((match.group(1), int(year) if year else None))
    return found


def _title_key(name: str) -> str:
    """``name`` with 〈〉 read as 《》 and without the state's prefix, for matching titles."""
    key = name.replace("〈", "《").replace("〉", "》")
    return key.removeprefix(_STATE_PREFIX)


def named_statute_problems(text: str, registry: StatuteRegistry, day: dt.date) -> Iterable[str]:
    """Check every statute ``text`` names in 《》 against the registry.

    A name may be written in full or without 中华人民共和国 (《土地管理法》); the statute must
    be in ``registry`` and in force on ``day``, so an answer or source never names a law
    that was not checked, or one that has been repealed or replaced. A revision written after
    the name (《…》（2012年修正）) must be the one the registry holds.

    Yields:
        One message per problem.
    """
    for name, year in dict.fromkeys(_named_editions(text)):
        statute = registry.by_title.get(_title_key(name))
        if statute is None:
            yield f"names 《{name}》, which is not in {registry.path.name}: add it there first"
            continue
        yield from _status_problems(statute, day)
        if year is not None and year != statute.version:
            yield (
                f"names the {year} revision of 《{name}》; {registry.path.name} holds the "
                f"{statute.version} one: cite the version in force"
            )


def _part_problems(statute: Statute, cited: str) -> Iterable[tuple[str, str]]:
    """Check a normative document's citation: 全文, or 第N部分 within its count of parts."""
    if cited == WHOLE_DOCUMENT:
        return
    numbers = tuple(chinese_number(match.group(1)) for match in _PART.finditer(cited))
    if not numbers:
        yield "article", f"{cited!r} names no part of a normative document (write 第N部分 or 全文)"
    elif statute.articles is not None and max(numbers) > statute.articles:
        yield "article", f"{cited!r} is beyond the {statute.articles} parts of {statute.name!r}"
