from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.communities import (
    DEFAULT_COMMUNITIES_PATH,
    CommunitiesError,
    OfficeHours,
    check_communities,
    load_communities,
    placeholder_warnings,
)

REPO = Path(__file__).resolve().parents[1]
SH = ZoneInfo("Asia/Shanghai")

VALID = """\
timezone: Asia/Shanghai
office_hours: {days: [mon, tue, wed, thu, fri], start: "08:30", end: "17:30"}
holidays: [2026-10-01, 2026-10-02]
escalation: {remind_after_hours: 2, escalate_after_hours: 1.5}
duty_advisers:
  - {name: 值班顾问, telegram_id: 900}
communities:
  - id: yingfeng
    name: 迎凤社区
    kind: community
    advisers: [{name: 顾问甲, telegram_id: 101}]
  - id: village-1
    name: 示例村一
    kind: village
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "communities.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    return [str(problem) for problem in check_communities(write(tmp_path, text))]


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SH)  # type: ignore[misc,arg-type]


# --- the shipped files -------------------------------------------------------------------


def test_the_shipped_files_are_valid_and_identical() -> None:
    example = REPO / "config" / "communities.example.yaml"
    default = REPO / DEFAULT_COMMUNITIES_PATH
    assert check_communities(example) == []
    assert default.read_text(encoding="utf-8") == example.read_text(encoding="utf-8")
    config = load_communities(example)
    assert config.community("yingfeng") is not None
    assert config.community("yingfeng").name == "迎凤社区"  # type: ignore[union-attr]


def test_the_shipped_file_has_only_placeholders_besides_yingfeng() -> None:
    config = load_communities(REPO / "config" / "communities.example.yaml")
    for community in config.communities:
        if community.id != "yingfeng":
            assert "示例" in community.name
            assert "替换" in community.name
        for adviser in community.advisers:
            assert "示例" in adviser.name
            assert adviser.telegram_id is None
    assert all("示例" in duty.name for duty in config.duty_advisers)


# --- loading -------------------------------------------------------------------------------


def test_a_valid_file_loads(tmp_path: Path) -> None:
    config = load_communities(write(tmp_path, VALID))
    assert [c.id for c in config.communities] == ["yingfeng", "village-1"]
    assert config.office_hours.start == dt.time(8, 30)
    assert config.holidays == (dt.date(2026, 10, 1), dt.date(2026, 10, 2))
    assert config.escalation.escalate_after_hours == 1.5
    assert config.duty_advisers[0].telegram_id == 900
    assert config.community("nowhere") is None


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    found = problems(tmp_path, "timezone: Asia/Shanghai\ncommunities: [\n  - id: x\n")
    assert len(found) == 1
    assert "invalid YAML" in found[0]
    assert found[0].startswith(str(tmp_path / "communities.yaml") + ":")


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CommunitiesError, match="file not found"):
        load_communities(tmp_path / "nope.yaml")


def test_every_problem_is_listed_with_line_and_field(tmp_path: Path) -> None:
    text = VALID.replace("kind: village", "kind: town\n    colour: red").replace(
        'start: "08:30"', "start: 8:30"
    )
    text = text.replace("name: 迎凤社区", "name: '  '")
    with pytest.raises(CommunitiesError) as caught:
        load_communities(write(tmp_path, text))
    listed = [str(problem) for problem in caught.value.problems]
    path = str(tmp_path / "communities.yaml")
    assert f"{path}:2: office_hours.start: write times in quotes" in "\n".join(listed)
    assert any(line.startswith(f"{path}:9: communities.0.name: name is empty") for line in listed)
    assert any(line.startswith(f"{path}:14: communities.1.kind:") for line in listed)
    assert any(
        line.startswith(f"{path}:15: communities.1.colour: Extra inputs") and "'red'" in line
        for line in listed
    )
    assert len(listed) == 4
    assert "4 problem(s)" in str(caught.value)


def test_duplicate_ids_and_telegram_ids(tmp_path: Path) -> None:
    text = VALID.replace("id: village-1", "id: yingfeng").replace(
        "kind: village", "kind: village\n    advisers: [{name: 顾问乙, telegram_id: 900}]"
    )
    found = problems(tmp_path, text)
    assert any(":12: communities.1.id: duplicate 'yingfeng'" in line for line in found)
    assert any(
        "communities.1.advisers.0.telegram_id: 900 is already listed at "
        "duty_advisers.0.telegram_id" in line
        for line in found
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('start: "08:30"', 'start: "8.30"', 'expected a time as "HH:MM"'),
        ('end: "17:30"', 'end: "25:00"', 'expected a time as "HH:MM"'),
        ('end: "17:30"', 'end: "08:00"', "start 08:30 must be before end 08:00"),
        ("days: [mon, tue, wed, thu, fri]", "days: []", "list at least one office day"),
        ("days: [mon, tue, wed, thu, fri]", "days: [mon, mon]", "a day is listed twice"),
        ("days: [mon, tue, wed, thu, fri]", "days: [monday]", "Input should be"),
        ("timezone: Asia/Shanghai", "timezone: Mars/Base", "unknown time zone 'Mars/Base'"),
        ("holidays: [2026-10-01, 2026-10-02]", "holidays: [2026-13-01]", "holidays.0"),
        ("holidays: [2026-10-01, 2026-10-02]", "holidays: [2026-10-01, 2026-10-01]", "twice"),
        ("remind_after_hours: 2", "remind_after_hours: 0", "greater than 0"),
        ("id: village-1", "id: Village 1", "communities.1.id"),
        ("name: 值班顾问", "name: ''", "duty_advisers.0.name"),
        ("telegram_id: 101", "telegram_id: abc", "communities.0.advisers.0.telegram_id"),
    ],
)
def test_each_kind_of_mistake_is_reported(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in VALID
    found = problems(tmp_path, VALID.replace(old, new))
    assert found, f"no problem reported for {new!r}"
    assert any(message in line for line in found), found


def test_no_community_at_all(tmp_path: Path) -> None:
    found = problems(tmp_path, VALID.split("communities:")[0] + "communities: []\n")
    assert any("communities: list at least one village or community" in line for line in found)


def test_a_list_instead_of_a_mapping(tmp_path: Path) -> None:
    assert problems(tmp_path, "- a\n- b\n") == [
        f"{tmp_path / 'communities.yaml'}:1: -: expected a mapping (timezone, communities, ...)"
    ]


# --- office hours (Asia/Shanghai has no DST) ---------------------------------------------


@pytest.fixture
def office() -> OfficeHours:
    # 2026-10-01 (Thu) and 2026-10-02 (Fri) are holidays; 2026-09-26 is a Saturday.
    return OfficeHours(
        tz=SH,
        days=frozenset(range(5)),
        start=dt.time(8, 30),
        end=dt.time(17, 30),
        holidays=frozenset({dt.date(2026, 10, 1), dt.date(2026, 10, 2)}),
    )


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (local(2026, 9, 28, 8, 29), False),
        (local(2026, 9, 28, 8, 30), True),
        (local(2026, 9, 28, 17, 29, 59), True),
        (local(2026, 9, 28, 17, 30), False),
        (local(2026, 9, 26, 10, 0), False),  # Saturday
        (local(2026, 10, 1, 10, 0), False),  # holiday
        (dt.datetime(2026, 9, 28, 1, 0, tzinfo=dt.UTC), True),  # 09:00 in Shanghai
        (dt.datetime(2026, 9, 28, 10, 0, tzinfo=dt.UTC), False),  # 18:00 in Shanghai
    ],
)
def test_is_open(office: OfficeHours, moment: dt.datetime, expected: bool) -> None:
    assert office.is_open(moment) is expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (local(2026, 9, 28, 10, 0), local(2026, 9, 28, 10, 0)),  # open: now
        (local(2026, 9, 28, 6, 0), local(2026, 9, 28, 8, 30)),  # early morning
        (local(2026, 9, 28, 17, 30), local(2026, 9, 29, 8, 30)),  # at closing
        (local(2026, 9, 28, 23, 59), local(2026, 9, 29, 8, 30)),  # late evening
        (local(2026, 9, 25, 18, 0), local(2026, 9, 28, 8, 30)),  # Friday evening
        (local(2026, 9, 27, 12, 0), local(2026, 9, 28, 8, 30)),  # Sunday
        (local(2026, 9, 30, 18, 0), local(2026, 10, 5, 8, 30)),  # before two holidays
        (dt.datetime(2026, 9, 28, 16, 0, tzinfo=dt.UTC), local(2026, 9, 29, 8, 30)),  # 00:00
    ],
)
def test_next_opening(office: OfficeHours, moment: dt.datetime, expected: dt.datetime) -> None:
    found = office.next_opening(moment)
    assert found == expected
    assert found.utcoffset() == dt.timedelta(hours=8)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (local(2026, 9, 28, 9, 0), 2, local(2026, 9, 28, 11, 0)),
        (local(2026, 9, 28, 9, 0), 0.25, local(2026, 9, 28, 9, 15)),
        (local(2026, 9, 28, 9, 0), 1.5, local(2026, 9, 28, 10, 30)),
        (local(2026, 9, 28, 16, 30), 1, local(2026, 9, 28, 17, 30)),  # ends at closing
        (local(2026, 9, 28, 16, 30), 2, local(2026, 9, 29, 9, 30)),  # spills overnight
        (local(2026, 9, 28, 20, 0), 2, local(2026, 9, 29, 10, 30)),  # filed after hours
        (local(2026, 9, 28, 23, 30), 0.5, local(2026, 9, 29, 9, 0)),  # across midnight
        (local(2026, 9, 25, 17, 0), 1, local(2026, 9, 28, 9, 0)),  # over the weekend
        (local(2026, 9, 26, 11, 0), 2, local(2026, 9, 28, 10, 30)),  # filed on Saturday
        (local(2026, 9, 30, 17, 0), 2, local(2026, 10, 5, 10, 0)),  # over two holidays
        (local(2026, 9, 28, 9, 0), 8.5, local(2026, 9, 28, 17, 30)),  # the rest of the day
        (local(2026, 9, 28, 9, 0), 9, local(2026, 9, 29, 9, 0)),  # a full working day
        (local(2026, 9, 28, 9, 0), 10, local(2026, 9, 29, 10, 0)),
        (local(2026, 9, 28, 9, 0), 0, local(2026, 9, 28, 9, 0)),
        (local(2026, 9, 26, 9, 0), 0, local(2026, 9, 26, 9, 0)),  # zero hours: unchanged
    ],
)
def test_add_working_time(
    office: OfficeHours, start: dt.datetime, hours: float, expected: dt.datetime
) -> None:
    assert office.add_working_time(start, hours) == expected


def test_add_working_time_accepts_utc(office: OfficeHours) -> None:
    start = dt.datetime(2026, 9, 28, 9, 0, tzinfo=dt.UTC)  # 17:00 in Shanghai
    assert office.add_working_time(start, 1) == local(2026, 9, 29, 9, 0)


def test_naive_and_negative_inputs_are_refused(office: OfficeHours) -> None:
    with pytest.raises(ValueError, match="naive"):
        office.is_open(dt.datetime(2026, 9, 28, 9, 0))
    with pytest.raises(ValueError, match="negative"):
        office.add_working_time(local(2026, 9, 28, 9, 0), -1)


def test_an_office_that_never_opens_is_an_error() -> None:
    always_closed = OfficeHours(
        tz=SH,
        days=frozenset({0}),
        start=dt.time(9),
        end=dt.time(10),
        holidays=frozenset(dt.date(2026, 1, 5) + dt.timedelta(weeks=n) for n in range(600)),
    )
    with pytest.raises(ValueError, match="no office day"):
        always_closed.next_opening(local(2026, 1, 1, 9, 0))


def test_config_builds_its_office(tmp_path: Path) -> None:
    office = load_communities(write(tmp_path, VALID)).office()
    assert office.is_open(local(2026, 9, 28, 9, 0))
    assert not office.is_open(local(2026, 10, 1, 9, 0))


def test_example_entries_are_placeholders_and_real_ones_are_not() -> None:
    config = load_communities(Path(__file__).resolve().parents[1] / "config" / "communities.yaml")
    assert [c.id for c in config.real_communities] == ["yingfeng"]
    assert config.community("example-community-2") is not None
    assert config.community("example-community-2").is_placeholder  # type: ignore[union-attr]
    assert all(entry.is_placeholder for entry in config.duty_advisers)


def test_start_up_names_each_placeholder_once(tmp_path: Path) -> None:
    shipped = load_communities(REPO / "config" / "communities.yaml")
    lines = placeholder_warnings(shipped)
    assert len(lines) == 5  # a duty adviser, 迎凤社区's adviser, two communities, one adviser
    assert lines[0].startswith("duty_advisers.0: ")
    assert sum("'example-village-1'" in line and "advisers" not in line for line in lines) == 1
    assert sum("迎凤社区法律顾问（示例，请替换）" in line for line in lines) == 1
    assert not any("'yingfeng' (迎凤社区)" in line for line in lines), "迎凤社区 itself is real"
    path = tmp_path / "communities.yaml"
    path.write_text(VALID.replace("示例村一", "马头村"), encoding="utf-8")
    assert placeholder_warnings(load_communities(path)) == []
