"""The deployment's villages and communities, their advisers, office hours and escalation.

Read from a YAML file (``config/communities.yaml`` by default); every problem is reported as
``file:line: field: message``, like the knowledge loader does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.config import DEFAULT_COMMUNITIES_PATH, known_time_zone
from knowledge.yaml_source import Problem, dotted, line_of, read_mapping, validation_problems

__all__ = [
    "DEFAULT_COMMUNITIES_PATH",
    "DEFAULT_DISPUTE_TYPES",
    "OFFICE_COMMUNITY",
    "AdviserEntry",
    "CommunitiesConfig",
    "CommunitiesError",
    "Community",
    "EscalationConfig",
    "OfficeHours",
    "OfficeHoursConfig",
    "check_communities",
    "is_placeholder_name",
    "load_communities",
    "placeholder_warnings",
]

"""Where the bot looks for the deployment file, relative to the working directory."""

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_SLUG = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"


def _not_blank(value: str) -> str:
    """Return a name without surrounding spaces; refuse one that is only spaces."""
    if not value.strip():
        raise ValueError("name is empty")
    return value.strip()


OFFICE_COMMUNITY = "office"
"""The community id of what the judicial office itself takes: a resident who does not know their
village or community, entries logged by duty advisers and staff (``texts.LOG_OFFICE_COMMUNITY``)."""
PLACEHOLDER_MARKERS = ("示例", "请替换")
"""Words the shipped example entries carry in their names until a deployment replaces them."""


def is_placeholder_name(name: str) -> bool:
    """Return whether ``name`` is one of the file's example entries (示例 / 请替换)."""
    return any(marker in name for marker in PLACEHOLDER_MARKERS)


_MAX_SEARCH_DAYS = 3660
"""How far ahead :meth:`OfficeHours.next_opening` looks before declaring the office closed."""


def _parse_time(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 17:30 as the base-60 integer 1050.
        raise ValueError(f'write times in quotes, e.g. "17:30" (YAML read {value!r})')
    if isinstance(value, str):
        match = _TIME.match(value.strip())
        if match is None:
            raise ValueError(f'expected a time as "HH:MM", got {value!r}')
        return dt.time(int(match[1]), int(match[2]))
    return value


class OfficeHoursConfig(BaseModel):
    """Days and hours when advisers are expected to answer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    days: tuple[Weekday, ...]
    start: dt.time
    end: dt.time

    @field_validator("start", "end", mode="before")
    @classmethod
    def _times(cls, value: object) -> object:
        return _parse_time(value)

    @field_validator("days")
    @classmethod
    def _unique_days(cls, value: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
        # Checked here rather than with min_length, which pydantic also reports (as "0 items")
        # when some item is invalid.
        if not value:
            raise ValueError("list at least one office day")
        if len(set(value)) != len(value):
            raise ValueError(f"a day is listed twice: {list(value)!r}")
        return value

    @model_validator(mode="after")
    def _start_before_end(self) -> OfficeHoursConfig:
        if self.start >= self.end:
            raise ValueError(f"start {self.start:%H:%M} must be before end {self.end:%H:%M}")
        return self


class EscalationConfig(BaseModel):
    """Working hours before an unclaimed consultation is reminded, then escalated."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    remind_after_hours: float = Field(gt=0, le=200)
    escalate_after_hours: float = Field(gt=0, le=200)


class AdviserEntry(BaseModel):
    """An adviser named in the file; ``telegram_id`` stays null until known (or invited)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_not_blank)]
    telegram_id: int | None = Field(default=None, gt=0)
    mediator: bool = False
    """A member of the community's people's mediation committee: takes its mediation requests."""

    @property
    def is_placeholder(self) -> bool:
        """Whether the entry is an example left in the file (see :func:`is_placeholder_name`)."""
        return is_placeholder_name(self.name)


DEFAULT_DISPUTE_TYPES: tuple[str, ...] = (
    "邻里",
    "婚姻家庭",
    "土地宅基地",
    "财产",
    "债务",
    "劳动",
    "交通",
    "其他",
)
"""The dispute types a mediation request offers unless the deployment file lists its own."""


class Community(BaseModel):
    """A village (村) or community (社区) with its own legal adviser(s)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_SLUG, max_length=40)
    name: Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_not_blank)]
    kind: Literal["community", "village"]
    advisers: tuple[AdviserEntry, ...] = ()

    @property
    def is_placeholder(self) -> bool:
        """Whether the entry is an example left in the file (see :func:`is_placeholder_name`)."""
        return is_placeholder_name(self.name)


class CommunitiesConfig(BaseModel):
    """The whole deployment file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    timezone: str = "Asia/Shanghai"
    office_hours: OfficeHoursConfig
    holidays: tuple[dt.date, ...] = ()
    escalation: EscalationConfig
    duty_advisers: tuple[AdviserEntry, ...] = ()
    mediators: tuple[AdviserEntry, ...] = ()
    """The judicial office's people's mediators: they take mediation requests of communities
    whose committee has no mediator in the bot."""
    dispute_types: tuple[
        Annotated[str, Field(min_length=1, max_length=12), AfterValidator(_not_blank)], ...
    ] = DEFAULT_DISPUTE_TYPES
    """What a mediation request offers as its type (the office's own list)."""
    communities: tuple[Community, ...]

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return known_time_zone(value)

    @field_validator("communities")
    @classmethod
    def _some_community(cls, value: tuple[Community, ...]) -> tuple[Community, ...]:
        if not value:
            raise ValueError("list at least one village or community")
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The time zone office hours are given in."""
        return ZoneInfo(self.timezone)

    @property
    def real_communities(self) -> tuple[Community, ...]:
        """The communities that are not example entries: the ones residents may be shown."""
        return tuple(c for c in self.communities if not c.is_placeholder)

    def community(self, community_id: str) -> Community | None:
        """Return the community with ``community_id``, or ``None``."""
        return next((c for c in self.communities if c.id == community_id), None)

    def community_mediators(self, community_id: str) -> tuple[int, ...]:
        """Return the Telegram ids of the mediators among the community's advisers."""
        community = self.community(community_id)
        if community is None:
            return ()
        return tuple(
            entry.telegram_id
            for entry in community.advisers
            if entry.mediator and entry.telegram_id is not None
        )

    @property
    def office_mediators(self) -> frozenset[int]:
        """The Telegram ids of the judicial office's mediators (``mediators:``)."""
        return frozenset(e.telegram_id for e in self.mediators if e.telegram_id is not None)

    def office(self) -> OfficeHours:
        """Return the office-hours calculator for this deployment."""
        return OfficeHours(
            tz=self.tz,
            days=frozenset(_WEEKDAYS.index(day) for day in self.office_hours.days),
            start=self.office_hours.start,
            end=self.office_hours.end,
            holidays=frozenset(self.holidays),
        )


class OfficeHours:
    """Office time arithmetic: open days and hours, minus holidays, in one time zone."""

    def __init__(
        self,
        *,
        tz: ZoneInfo,
        days: frozenset[int],
        start: dt.time,
        end: dt.time,
        holidays: frozenset[dt.date] = frozenset(),
    ) -> None:
        """Describe the office.

        Args:
            tz: Time zone of ``start`` and ``end``.
            days: Open weekdays, Monday = 0.
            start: Opening time (local).
            end: Closing time (local), after ``start``.
            holidays: Dates with no office hours.
        """
        if not days or start >= end:
            raise ValueError("office hours need at least one day and start before end")
        self.tz = tz
        self.days = days
        self.start = start
        self.end = end
        self.holidays = holidays

    def is_office_day(self, day: dt.date) -> bool:
        """Return whether ``day`` (a local date) has office hours."""
        return day.weekday() in self.days and day not in self.holidays

    def is_open(self, moment: dt.datetime) -> bool:
        """Return whether the office is open at the aware datetime ``moment``."""
        local = self._local(moment)
        return self.is_office_day(local.date()) and self.start <= local.time() < self.end

    def next_opening(self, moment: dt.datetime) -> dt.datetime:
        """Return ``moment`` if the office is open then, else the next opening time.

        Args:
            moment: An aware datetime.

        Returns:
            An aware datetime in the office's time zone.

        Raises:
            ValueError: If ``moment`` is naive or no office day comes within ten years.
        """
        local = self._local(moment)
        if self.is_open(local):
            return local
        day = local.date()
        if not (self.is_office_day(day) and local.time() < self.start):
            day += dt.timedelta(days=1)
            for _ in range(_MAX_SEARCH_DAYS):
                if self.is_office_day(day):
                    break
                day += dt.timedelta(days=1)
            else:
                raise ValueError(f"no office day within {_MAX_SEARCH_DAYS} days of {moment}")
        return dt.datetime.combine(day, self.start, tzinfo=self.tz)

    def add_working_time(self, start: dt.datetime, hours: float) -> dt.datetime:
        """Return the earliest moment by which ``hours`` of office time have passed since ``start``.

        Only time within office hours on office days that are not holidays counts. Adding
        zero hours returns ``start`` unchanged; a result falling exactly at closing time is
        returned as that closing time.

        Args:
            start: An aware datetime.
            hours: Working hours to add (fractions allowed), at least 0.

        Returns:
            An aware datetime in the office's time zone.
        """
        if hours < 0:
            raise ValueError(f"hours must not be negative, got {hours!r}")
        cursor = self._local(start)
        remaining = dt.timedelta(hours=hours)
        while remaining > dt.timedelta(0):
            cursor = self.next_opening(cursor)
            closing = dt.datetime.combine(cursor.date(), self.end, tzinfo=self.tz)
            available = closing.astimezone(dt.UTC) - cursor.astimezone(dt.UTC)
            if remaining <= available:
                return (cursor.astimezone(dt.UTC) + remaining).astimezone(self.tz)
            remaining -= available
            cursor = closing
        return cursor

    def _local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            raise ValueError(f"naive datetime {moment!r}: pass an aware one")
        return moment.astimezone(self.tz)


class CommunitiesError(Exception):
    """Raised when the deployment file has problems; ``problems`` lists each one."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(str(problem) for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the communities file:\n{lines}")


class _Loader(yaml.SafeLoader):
    """A safe loader that leaves dates as text, so pydantic reports bad ones with their line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_communities(path: Path = DEFAULT_COMMUNITIES_PATH) -> CommunitiesConfig:
    """Load and check the deployment file at ``path``.

    Args:
        path: The YAML file.

    Returns:
        The validated configuration.

    Raises:
        CommunitiesError: If the file is missing or invalid; the error lists every problem.
    """
    config, problems = _load(path)
    if problems or config is None:
        raise CommunitiesError(problems)
    return config


def placeholder_warnings(config: CommunitiesConfig) -> list[str]:
    """Return one line per example entry (示例 / 请替换) still in the file, for the start-up log.

    Args:
        config: The loaded deployment file.

    Returns:
        Lines naming each placeholder community and adviser, in file order (empty when the
        file holds real entries only).
    """
    lines = [
        f"duty_advisers.{index}: the duty adviser {entry.name!r} is an example entry: "
        "replace it with the real one"
        for index, entry in enumerate(config.duty_advisers)
        if entry.is_placeholder
    ]
    for index, community in enumerate(config.communities):
        if community.is_placeholder:
            lines.append(
                f"communities.{index}: {community.id!r} ({community.name}) is an example entry: "
                "replace it with a real village or community, or remove it"
            )
        lines.extend(
            f"communities.{index}.advisers.{a_index}: the adviser {entry.name!r} of "
            f"{community.id!r} is an example entry: replace it with the real adviser"
            for a_index, entry in enumerate(community.advisers)
            if entry.is_placeholder
        )
    return lines


def check_communities(path: Path = DEFAULT_COMMUNITIES_PATH) -> list[Problem]:
    """Return every problem of the deployment file at ``path`` (empty when valid)."""
    return _load(path)[1]


def _load(path: Path) -> tuple[CommunitiesConfig | None, list[Problem]]:
    document = read_mapping(path, expected="(timezone, communities, ...)", loader=_Loader)
    if isinstance(document, Problem):
        return None, [document]
    node = document.node
    try:
        config = CommunitiesConfig.model_validate(document.data)
    except ValidationError as exc:
        shown = {"extra_forbidden", "literal_error", "string_pattern_mismatch"}
        return None, validation_problems(document, exc, show_input_for=shown)
    problems = list(_cross_check(path, node, config))
    return (None if problems else config), problems


def _cross_check(
    path: Path, node: yaml.MappingNode, config: CommunitiesConfig
) -> Iterable[Problem]:
    seen_ids: set[str] = set()
    for index, community in enumerate(config.communities):
        if community.id in seen_ids:
            loc = ("communities", index, "id")
            yield Problem(path, line_of(node, loc), dotted(loc), f"duplicate {community.id!r}")
        seen_ids.add(community.id)
    people: list[tuple[tuple[Any, ...], AdviserEntry]] = [
        (("duty_advisers", index), entry) for index, entry in enumerate(config.duty_advisers)
    ]
    for c_index, community in enumerate(config.communities):
        people.extend(
            (("communities", c_index, "advisers", a_index), entry)
            for a_index, entry in enumerate(community.advisers)
        )
    first_place: dict[int, str] = {}
    for loc_prefix, entry in people:
        if entry.telegram_id is None:
            continue
        loc = (*loc_prefix, "telegram_id")
        if entry.telegram_id in first_place:
            message = f"{entry.telegram_id} is already listed at {first_place[entry.telegram_id]}"
            yield Problem(path, line_of(node, loc), dotted(loc), message)
        else:
            first_place[entry.telegram_id] = dotted(loc)
    if len(set(config.holidays)) != len(config.holidays):
        yield Problem(path, line_of(node, ("holidays",)), "holidays", "a date is listed twice")
