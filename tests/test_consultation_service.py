from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite
import pytest

from bot import texts
from bot.communities import CommunitiesConfig
from bot.services import (
    CONSENT_SCOPE,
    AccessDenied,
    ClaimHolder,
    Conflict,
    ConflictReason,
    ConsultationCard,
    ConsultationServices,
    HandledBy,
    InvalidInput,
    NotFound,
    NoticeKind,
    Role,
    ServiceError,
    build_consultation_services,
    detect_urgency,
    parse_notice,
    valid_phone,
)
from bot.storage import (
    ConsentRepository,
    ConsultationStatus,
    Database,
    EventKind,
    MessageKey,
    OutboxMessage,
)

SH = ZoneInfo("Asia/Shanghai")
STAFF, ADVISER, OTHER_ADVISER, DUTY = 1, 101, 201, 900
RESIDENT, OTHER_RESIDENT = 5001, 5002
MONDAY_10 = dt.datetime(2026, 9, 28, 10, 0, tzinfo=SH)

CONFIG_DATA: dict[str, Any] = {
    "timezone": "Asia/Shanghai",
    "office_hours": {
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "start": "08:30",
        "end": "17:30",
    },
    "holidays": ["2026-10-01", "2026-10-02"],
    "escalation": {"remind_after_hours": 2, "escalate_after_hours": 2},
    "duty_advisers": [{"name": "值班顾问", "telegram_id": DUTY}],
    "communities": [
        {
            "id": "yingfeng",
            "name": "迎凤社区",
            "kind": "community",
            "advisers": [{"name": "顾问甲", "telegram_id": ADVISER}],
        },
        {
            "id": "village-1",
            "name": "桥头村",
            "kind": "village",
            "advisers": [{"name": "顾问乙", "telegram_id": OTHER_ADVISER}],
        },
        {"id": "empty", "name": "东关社区", "kind": "community", "advisers": []},
        {"id": "sample", "name": "示例村（请替换）", "kind": "village", "advisers": []},
    ],
}
CONFIG = CommunitiesConfig.model_validate(CONFIG_DATA)


class FixedClock:
    """A clock that stands still until told otherwise."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@dataclass
class World:
    db: Database
    clock: FixedClock
    services: ConsultationServices

    async def outbox(self) -> list[OutboxMessage]:
        return await self.services.outbox.due(dt.datetime(2100, 1, 1, tzinfo=dt.UTC), 10_000)

    async def sent_to(self, chat_id: int, kind: NoticeKind | None = None) -> list[OutboxMessage]:
        return [
            row
            for row in await self.outbox()
            if row.chat_id == chat_id and (kind is None or row.kind == kind)
        ]

    async def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        tables = ["advisers", "invites", "consultations", "consultation_events"]
        tables += ["consultation_messages", "relay_map", "outbox"]
        result = {}
        for table in tables:
            async with self.db.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2") as cursor:
                result[table] = [tuple(row) for row in await cursor.fetchall()]
        return result

    async def open(self, resident_id: int = RESIDENT, **changes: Any) -> int:
        values: dict[str, Any] = {
            "community_id": "yingfeng",
            "category": "labor",
            "summary": "公司拖欠三个月工资",
            "consent": False,
        }
        values.update(changes)
        opened = await self.services.consultations.open_consultation(resident_id, **values)
        return opened.consultation.id


@pytest.fixture
async def world(database: Database) -> World:
    clock = FixedClock(MONDAY_10)
    services = build_consultation_services(database, CONFIG, frozenset({STAFF}), clock=clock)
    await services.advisers.sync_config_advisers()
    return World(database, clock, services)


# --- roles and the roster ----------------------------------------------------------------


async def test_roles(world: World) -> None:
    advisers = world.services.advisers
    assert await advisers.resolve_role(STAFF) is Role.STAFF
    assert await advisers.resolve_role(ADVISER) is Role.ADVISER
    assert await advisers.resolve_role(DUTY) is Role.ADVISER
    assert await advisers.resolve_role(RESIDENT) is Role.RESIDENT
    await advisers.deactivate(STAFF, ADVISER)
    assert await advisers.resolve_role(ADVISER) is Role.RESIDENT


async def test_sync_follows_the_file(world: World) -> None:
    smaller = CONFIG.model_copy(update={"duty_advisers": ()})
    services = build_consultation_services(world.db, smaller, frozenset({STAFF}))
    assert await services.advisers.sync_config_advisers() == 2
    assert await services.advisers.resolve_role(DUTY) is Role.RESIDENT
    assert await services.advisers.resolve_role(ADVISER) is Role.ADVISER


async def test_invites(world: World) -> None:
    advisers = world.services.advisers
    invite = await advisers.create_invite(STAFF, "empty")
    assert len(invite.token) >= 20
    assert invite.invite.expires_at == MONDAY_10 + dt.timedelta(days=7)
    joined = await advisers.accept_invite(invite.token, 7777, "  新 顾问 ")
    assert (joined.name, joined.community_id, joined.source) == ("新 顾问", "empty", "invite")
    assert await advisers.resolve_role(7777) is Role.ADVISER
    with pytest.raises(Conflict) as used:
        await advisers.accept_invite(invite.token, 7778, "别人")
    assert used.value.reason is ConflictReason.INVITE_USED
    duty = await advisers.create_invite(STAFF, None, dt.timedelta(hours=1))
    world.clock.advance(hours=1)
    with pytest.raises(Conflict) as expired:
        await advisers.accept_invite(duty.token, 7778, "别人")
    assert expired.value.reason is ConflictReason.INVITE_EXPIRED
    with pytest.raises(NotFound):
        await advisers.accept_invite("no-such-token", 7778, "别人")
    fresh = await advisers.create_invite(STAFF, None)
    with pytest.raises(InvalidInput) as blank:
        await advisers.accept_invite(fresh.token, 7778, "   ")
    assert blank.value.field == "name"
    assert (await advisers.accept_invite(fresh.token, 7778, "值班二")).is_duty


async def test_staff_only_operations(world: World) -> None:
    advisers = world.services.advisers
    for attempt in (
        advisers.create_invite(ADVISER, "yingfeng"),
        advisers.list_advisers(ADVISER),
        advisers.reassign(RESIDENT, ADVISER, "village-1"),
        advisers.deactivate(DUTY, ADVISER),
    ):
        with pytest.raises(AccessDenied):
            await attempt
    with pytest.raises(InvalidInput):
        await advisers.create_invite(STAFF, "atlantis")
    with pytest.raises(NotFound):
        await advisers.deactivate(STAFF, 4242)
    moved = await advisers.reassign(STAFF, ADVISER, "village-1")
    assert moved.community_id == "village-1"
    assert len(await advisers.list_advisers(STAFF)) == 3


# --- opening -----------------------------------------------------------------------------


async def test_open_notifies_the_community_without_contact(world: World) -> None:
    opened = await world.services.consultations.open_consultation(
        RESIDENT, "yingfeng", "labor", "  公司拖欠三个月工资  ", consent=False
    )
    consultation = opened.consultation
    assert consultation.summary == "公司拖欠三个月工资"
    assert opened.reply_expected_at == MONDAY_10
    assert opened.notified == 1
    assert consultation.remind_due_at == MONDAY_10 + dt.timedelta(hours=2)
    assert consultation.escalate_due_at == MONDAY_10 + dt.timedelta(hours=4)
    [row] = await world.outbox()
    assert (row.chat_id, row.kind, row.consultation_id) == (ADVISER, "new_consultation", 1)
    card = parse_notice(row.kind, row.payload)
    assert isinstance(card, ConsultationCard)
    assert card.resident_label == "居民 #1"
    assert (card.contact_name, card.contact_phone) == (None, None)
    assert (card.community_name, card.category_label) == ("迎凤社区", CATEGORY_LABOR)
    assert card.recipient_role == "community"
    [event] = (await world.services.consultations.history_for(RESIDENT, 1)).events
    assert event.kind is EventKind.CREATED


CATEGORY_LABOR = "劳动社保（工资、劳动合同、工伤、社保）"


async def test_contact_details_are_shared_only_with_consent(world: World) -> None:
    await world.open(consent=True, contact_name="张女士", contact_phone="+86 138-0000-0000")
    card = parse_notice("new_consultation", (await world.outbox())[0].payload)
    assert isinstance(card, ConsultationCard)
    assert (card.resident_label, card.contact_phone) == ("张女士", "+86 138-0000-0000")


async def test_consent_is_recorded_with_the_consultation(world: World) -> None:
    number = await world.open(consent=True, contact_phone="13800000000")
    consents = ConsentRepository(world.db)
    consent = await consents.for_consultation(number)
    assert consent is not None
    assert (consent.resident_id, consent.granted_at) == (RESIDENT, MONDAY_10)
    assert (consent.text_version, consent.scope) == (texts.CONSENT_TEXT_VERSION, CONSENT_SCOPE)
    assert consent.withdrawn_at is None
    older = await world.open(OTHER_RESIDENT, consent=True, consent_version="consent-2026-11")
    assert [c.text_version for c in await consents.for_resident(OTHER_RESIDENT)] == [
        "consent-2026-11"
    ]
    assert older == number + 1
    refused = await world.open(7001)
    assert await consents.for_consultation(refused) is None


async def test_no_consultation_is_filed_when_its_consent_cannot_be_recorded(
    world: World,
) -> None:
    await world.db.conn.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON consents BEGIN SELECT RAISE(ABORT, 'full'); END"
    )
    with pytest.raises(aiosqlite.IntegrityError):
        await world.open(consent=True, contact_phone="13800000000")
    snapshot = await world.snapshot()
    assert (snapshot["consultations"], snapshot["outbox"]) == ([], [])


async def test_a_resident_under_14_cannot_consent(world: World) -> None:
    minor: dict[str, Any] = {"summary": "我今年12岁，老板不给工资", "consent": True}
    with pytest.raises(InvalidInput) as caught:
        await world.open(**minor, contact_phone="13800000000")
    assert caught.value.field == "consent"
    with pytest.raises(InvalidInput):  # the question it came from says so too
        await world.open(consent=True, question_text="我才13，能打工吗")
    assert (await world.snapshot())["consultations"] == []
    assert await ConsentRepository(world.db).for_resident(RESIDENT) == []
    opened = await world.services.consultations.open_consultation(
        RESIDENT, "yingfeng", "labor", minor["summary"], consent=False
    )
    assert opened.minor
    assert not (
        await world.services.consultations.open_consultation(
            OTHER_RESIDENT, "yingfeng", "labor", "我儿子今年12岁，被人骗了钱", consent=True
        )
    ).minor


async def test_after_hours_the_reply_is_expected_at_the_next_opening(world: World) -> None:
    world.clock.now = dt.datetime(2026, 9, 30, 19, 0, tzinfo=SH)  # before two holidays
    opened = await world.services.consultations.open_consultation(
        RESIDENT, "yingfeng", "labor", "工资", consent=False
    )
    assert opened.reply_expected_at == dt.datetime(2026, 10, 5, 8, 30, tzinfo=SH)
    assert opened.consultation.remind_due_at == dt.datetime(2026, 10, 5, 10, 30, tzinfo=SH)
    assert opened.consultation.escalate_due_at == dt.datetime(2026, 10, 5, 12, 30, tzinfo=SH)


async def test_a_community_without_advisers_goes_to_duty_and_staff(world: World) -> None:
    await world.open(community_id="empty")
    assert {(row.chat_id, row.payload["recipient_role"]) for row in await world.outbox()} == {
        (DUTY, "duty"),
        (STAFF, "staff"),
    }


async def test_opened_says_whose_queue_it_went_to(world: World) -> None:
    consultations = world.services.consultations

    async def opened_for(resident_id: int, community_id: str, summary: str) -> HandledBy:
        opened = await consultations.open_consultation(
            resident_id, community_id, "labor", summary, consent=False
        )
        return opened.handled_by

    assert await opened_for(RESIDENT, "yingfeng", "公司拖欠三个月工资") is HandledBy.COMMUNITY
    assert await opened_for(OTHER_RESIDENT, "empty", "公司拖欠三个月工资") is HandledBy.DUTY
    await world.services.advisers.deactivate(STAFF, DUTY)
    assert await opened_for(7001, "empty", "公司拖欠三个月工资") is HandledBy.STAFF
    # An urgent one is copied to duty advisers, but its community's advisers still answer.
    assert await opened_for(7002, "yingfeng", "他喝醉了就打我，我该怎么办") is HandledBy.COMMUNITY


async def test_nobody_to_notify_is_said_so(database: Database) -> None:
    alone = CONFIG.model_copy(update={"duty_advisers": ()})
    services = build_consultation_services(
        database, alone, frozenset(), clock=FixedClock(MONDAY_10)
    )
    opened = await services.consultations.open_consultation(
        RESIDENT, "empty", "labor", "公司拖欠三个月工资", consent=False
    )
    assert (opened.notified, opened.handled_by) == (0, HandledBy.NOBODY)


async def test_urgent_consultations_are_flagged_and_copied_to_duty(world: World) -> None:
    opened = await world.services.consultations.open_consultation(
        RESIDENT, "yingfeng", "marriage_family", "他喝醉了就打我，我该怎么办", consent=False
    )
    assert (opened.consultation.urgent, opened.consultation.urgent_reason) == (
        True,
        "personal_safety",
    )
    rows = await world.outbox()
    assert {row.chat_id for row in rows} == {ADVISER, DUTY}
    assert all(row.payload["urgent"] for row in rows)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"community_id": "atlantis"}, "community_id"),
        ({"category": "astrology"}, "category"),
        ({"summary": "   "}, "summary"),
        ({"summary": "字" * 2001}, "summary"),
        ({"contact_phone": "13800000000"}, "consent"),
        ({"consent": True, "contact_phone": "call me"}, "contact_phone"),
        ({"consent": True, "contact_phone": "12-34"}, "contact_phone"),
        ({"consent": True, "contact_name": "名" * 51}, "contact_name"),
    ],
)
async def test_open_validates(world: World, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        await world.open(**changes)
    assert caught.value.field == field
    assert await world.outbox() == []


async def test_one_active_consultation_per_resident(world: World) -> None:
    first = await world.open()
    with pytest.raises(Conflict) as caught:
        await world.open()
    assert caught.value.reason is ConflictReason.ACTIVE_EXISTS
    assert str(first) in str(caught.value)
    await world.services.consultations.close(ADVISER, first, "answered")
    assert await world.open() == first + 1


async def test_a_redelivered_submission_files_one_consultation(world: World) -> None:
    card = MessageKey(RESIDENT, 77)  # the confirmation card the submit button is on
    first = await world.open(source=card, consent=True, contact_phone="13800000000")
    notices = await world.outbox()
    again = await world.services.consultations.open_consultation(
        RESIDENT, "yingfeng", "labor", "公司拖欠三个月工资", consent=False, source=card
    )
    assert (again.consultation.id, again.duplicate, again.notified) == (first, True, 0)
    assert await world.outbox() == notices
    assert len(await ConsentRepository(world.db).for_resident(RESIDENT)) == 1
    # Even once it is closed, the same submission does not file a second one.
    await world.services.consultations.close(ADVISER, first, "answered")
    late = await world.open(source=card)
    assert late == first
    assert await world.open(source=MessageKey(RESIDENT, 78)) == first + 1


def test_urgency_terms() -> None:
    assert detect_urgency("我老公家暴") == "personal_safety"
    assert detect_urgency("我儿子昨天被抓了") == "detention"
    assert detect_urgency("明天开庭，材料还没准备") == "deadline"
    assert detect_urgency("仲裁時效快過期了") == "deadline"  # traditional characters
    assert detect_urgency("年底了老板还不发工资") == "wages_before_holiday"
    assert detect_urgency("老板不发工资") is None
    assert detect_urgency("邻居装修太吵", None) is None
    assert detect_urgency(None) is None


def test_valid_phone() -> None:
    assert valid_phone("13800000000")
    assert valid_phone("0537-1234567")
    assert not valid_phone("+-- -- --")
    assert not valid_phone("138000000001380000000")
    assert valid_phone("+86 138 0000 0000")
    assert valid_phone("138-0000-0000")
    assert not valid_phone("1380000000")  # a mobile number a digit short
    assert not valid_phone("138000000000")


# --- claim, transfer, close, rate ----------------------------------------------------------


async def test_claim_tells_the_resident(world: World) -> None:
    number = await world.open()
    claimed = await world.services.consultations.claim(ADVISER, number)
    assert (claimed.status, claimed.adviser_id) == (ConsultationStatus.CLAIMED, ADVISER)
    [notice] = await world.sent_to(RESIDENT, NoticeKind.CLAIMED)
    assert notice.payload == {
        "consultation_id": number,
        "community_name": "迎凤社区",
        "adviser_name": "顾问甲",
        "adviser_role": "adviser",
        "case_kind": "consultation",
    }
    with pytest.raises(Conflict) as caught:
        await world.services.consultations.claim(DUTY, number)
    assert caught.value.reason is ConflictReason.ALREADY_CLAIMED


async def test_a_claim_again_by_its_holder_changes_nothing(world: World) -> None:
    """A replayed or double-tapped claim: the same result, no second event or notice."""
    number = await world.open()
    consultations = world.services.consultations
    first = await consultations.claim(ADVISER, number)
    before = await world.snapshot()
    world.clock.advance(minutes=5)
    again = await consultations.claim(ADVISER, number)
    assert again == first
    assert await world.snapshot() == before
    kinds = [e.kind for e in (await consultations.history_for(RESIDENT, number)).events]
    assert kinds.count(EventKind.CLAIMED) == 1
    assert len(await world.sent_to(RESIDENT, NoticeKind.CLAIMED)) == 1


@pytest.mark.parametrize("claimer", [DUTY, STAFF])
async def test_duty_advisers_and_staff_may_claim_anything(world: World, claimer: int) -> None:
    number = await world.open(community_id="village-1")
    assert (await world.services.consultations.claim(claimer, number)).adviser_id == claimer


async def test_transfer_to_another_community(world: World) -> None:
    number = await world.open()
    await world.services.consultations.claim(ADVISER, number)
    world.clock.advance(hours=1)
    moved = await world.services.consultations.transfer(
        ADVISER, number, to_community_id="village-1"
    )
    assert (moved.status, moved.community_id, moved.adviser_id) == (
        ConsultationStatus.OPEN,
        "village-1",
        None,
    )
    assert moved.remind_due_at == world.clock.now + dt.timedelta(hours=2)
    [card] = await world.sent_to(OTHER_ADVISER, NoticeKind.TRANSFERRED)
    assert card.payload["transferred_from"] == "迎凤社区"
    [told] = await world.sent_to(RESIDENT, NoticeKind.RESIDENT_TRANSFERRED)
    assert told.payload["community_name"] == "桥头村"
    # The first adviser's notification is stale now: they can no longer see or act on it.
    with pytest.raises(AccessDenied):
        await world.services.consultations.get_for(ADVISER, number)


async def test_transfer_to_a_duty_adviser(world: World) -> None:
    number = await world.open()
    await world.services.consultations.claim(ADVISER, number)
    moved = await world.services.consultations.transfer(ADVISER, number, to_adviser_id=DUTY)
    assert (moved.status, moved.adviser_id, moved.community_id) == (
        ConsultationStatus.CLAIMED,
        DUTY,
        "yingfeng",
    )
    [card] = await world.sent_to(DUTY, NoticeKind.TRANSFERRED)
    assert card.payload["recipient_role"] == "assignee"
    [told] = await world.sent_to(RESIDENT, NoticeKind.RESIDENT_TRANSFERRED)
    assert told.payload["adviser_name"] == "值班顾问"


@pytest.mark.parametrize(
    "targets",
    [
        {},
        {"to_community_id": "village-1", "to_adviser_id": DUTY},
        {"to_community_id": "atlantis"},
        {"to_adviser_id": RESIDENT},
    ],
)
async def test_transfer_needs_one_valid_target(world: World, targets: dict[str, Any]) -> None:
    number = await world.open()
    with pytest.raises(InvalidInput):
        await world.services.consultations.transfer(STAFF, number, **targets)


async def test_a_claim_sends_what_the_claimer_missed_once(world: World) -> None:
    number = await world.open()
    relay = world.services.relay
    await relay.resident_message(RESIDENT, "text", "还有两个月的加班费", None)
    await relay.resident_message(RESIDENT, "photo", "工资条", "file-1")
    # yingfeng has its own adviser: the duty adviser was sent neither card nor messages.
    await world.services.consultations.claim(DUTY, number)
    rows = await world.sent_to(DUTY)
    assert [row.kind for row in rows] == [
        NoticeKind.CLAIMED_HISTORY,
        NoticeKind.MESSAGE_TO_ADVISER,
        NoticeKind.MESSAGE_TO_ADVISER,
    ]
    assert rows[0].payload["summary"] == "公司拖欠三个月工资"
    assert rows[0].payload["earlier_messages"] == 2
    assert [(r.payload["kind"], r.payload["text"], r.payload["file_id"]) for r in rows[1:]] == [
        ("text", "还有两个月的加班费", None),
        ("photo", "工资条", "file-1"),
    ]
    again = await world.services.consultations.claim(DUTY, number)
    assert again.adviser_id == DUTY
    assert len(await world.sent_to(DUTY)) == 3  # no second history
    with pytest.raises(Conflict) as taken:
        await world.services.consultations.claim(STAFF, number)
    assert taken.value.reason is ConflictReason.ALREADY_CLAIMED
    assert taken.value.holder == ClaimHolder("duty", "值班顾问", "迎凤社区")


async def test_a_claimer_who_had_everything_gets_nothing_more(world: World) -> None:
    number = await world.open()
    await world.services.relay.resident_message(RESIDENT, "text", "补充一句", None)
    before = await world.sent_to(ADVISER)
    await world.services.consultations.claim(ADVISER, number)
    assert await world.sent_to(ADVISER) == before


async def test_notices_given_up_on_count_as_missed(world: World) -> None:
    number = await world.open()
    await world.services.relay.resident_message(RESIDENT, "text", "补充一句", None)
    for row in await world.sent_to(ADVISER):  # e.g. the adviser had not opened the bot yet
        await world.services.outbox.mark_failed(row.id, "Forbidden", None)
    await world.services.consultations.claim(ADVISER, number)
    rows = await world.sent_to(ADVISER)
    assert [row.kind for row in rows] == [NoticeKind.CLAIMED_HISTORY, NoticeKind.MESSAGE_TO_ADVISER]
    assert rows[1].payload["text"] == "补充一句"


async def test_an_assignee_by_transfer_gets_the_messages_after_the_card(world: World) -> None:
    number = await world.open()
    await world.services.relay.resident_message(RESIDENT, "text", "补充一句", None)
    await world.services.consultations.transfer(ADVISER, number, to_adviser_id=DUTY)
    rows = await world.sent_to(DUTY)
    assert [row.kind for row in rows] == [NoticeKind.TRANSFERRED, NoticeKind.MESSAGE_TO_ADVISER]
    assert rows[1].payload["text"] == "补充一句"


async def test_an_adviser_answering_an_unseen_one_gets_its_history(world: World) -> None:
    number = await world.open()
    await world.services.relay.resident_message(RESIDENT, "text", "补充一句", None)
    await world.services.relay.adviser_reply(DUTY, number, "text", "您好", None)
    kinds = [row.kind for row in await world.sent_to(DUTY)]
    assert kinds == [NoticeKind.CLAIMED_HISTORY, NoticeKind.MESSAGE_TO_ADVISER]


async def test_transfer_targets_are_real_and_not_the_asker(world: World) -> None:
    consultations = world.services.consultations
    number = await world.open()
    targets = await consultations.transfer_targets(ADVISER, number)
    assert targets.communities == [("village-1", "桥头村"), ("empty", "东关社区")]
    assert [adviser.telegram_id for adviser in targets.duty_advisers] == [DUTY]
    assert (await consultations.transfer_targets(DUTY, number)).duty_advisers == []
    for reader in (RESIDENT, OTHER_ADVISER):
        with pytest.raises(AccessDenied):
            await consultations.transfer_targets(reader, number)
        with pytest.raises(AccessDenied):
            await consultations.get_to_act(reader, number)


@pytest.mark.parametrize(
    ("holder", "target"),
    [
        (ADVISER, {"to_community_id": "yingfeng"}),  # its own community's adviser
        (DUTY, {"to_community_id": "sample"}),
        (DUTY, {"to_adviser_id": DUTY}),
    ],
)
async def test_transfer_refuses_targets_not_offered(
    world: World, holder: int, target: dict[str, Any]
) -> None:
    number = await world.open()
    await world.services.consultations.claim(holder, number)
    before = await world.snapshot()
    with pytest.raises(InvalidInput) as refused:
        await world.services.consultations.transfer(holder, number, **target)
    assert refused.value.field == "transfer_target"
    assert await world.snapshot() == before


async def test_a_duty_adviser_hands_a_consultation_back_to_its_communitys_queue(
    world: World,
) -> None:
    consultations = world.services.consultations
    number = await world.open()
    await consultations.transfer(ADVISER, number, to_adviser_id=DUTY)
    targets = await consultations.transfer_targets(DUTY, number)
    assert "yingfeng" in [community_id for community_id, _ in targets.communities]
    back = await consultations.transfer(DUTY, number, to_community_id="yingfeng")
    assert (back.community_id, back.status, back.adviser_id) == ("yingfeng", "open", None)
    assert [row.kind for row in await world.sent_to(ADVISER, NoticeKind.TRANSFERRED)] == [
        NoticeKind.TRANSFERRED
    ]
    with pytest.raises(InvalidInput):  # open again: there is nothing to hand back
        await consultations.transfer(DUTY, number, to_community_id="yingfeng")


MEDIATOR, LEGAL_AID_STAFF = 301, 401


@pytest.mark.parametrize(
    ("kind", "takers", "not_takers"),
    [
        ("mediation", {MEDIATOR}, {OTHER_ADVISER}),
        ("legal_aid", {LEGAL_AID_STAFF}, {OTHER_ADVISER}),
        ("consultation", {OTHER_ADVISER, MEDIATOR}, set()),
    ],
)
async def test_a_case_moved_to_another_community_reaches_those_who_may_take_it(
    database: Database, kind: str, takers: set[int], not_takers: set[int]
) -> None:
    """A mediation request moved to 桥头村 reaches its mediator, not its other adviser."""
    data = copy.deepcopy(CONFIG_DATA)
    village = next(c for c in data["communities"] if c["id"] == "village-1")
    village["advisers"].append({"name": "调解员丙", "telegram_id": MEDIATOR, "mediator": True})
    config = CommunitiesConfig.model_validate(data)
    world = World(
        database,
        FixedClock(MONDAY_10),
        build_consultation_services(
            database,
            config,
            frozenset({STAFF}),
            clock=FixedClock(MONDAY_10),
            legal_aid_ids=frozenset({LEGAL_AID_STAFF}),
        ),
    )
    await world.services.advisers.sync_config_advisers()
    number = await world.open(kind=kind)
    await world.services.consultations.transfer(STAFF, number, to_community_id="village-1")
    reached = {row.chat_id for row in await world.outbox() if row.kind == NoticeKind.TRANSFERRED}
    assert reached == takers
    assert not reached & not_takers
    for user_id in takers:
        assert await world.services.consultations.get_for(user_id, number)


async def test_the_resident_is_told_plainly_where_it_went(world: World) -> None:
    consultations = world.services.consultations
    number = await world.open()
    await consultations.transfer(ADVISER, number, to_adviser_id=DUTY)
    await consultations.transfer(DUTY, number, to_community_id="empty")
    told = [row.payload for row in await world.sent_to(RESIDENT, NoticeKind.RESIDENT_TRANSFERRED)]
    assert [(t["adviser_role"], t["adviser_name"], t["community_name"]) for t in told] == [
        ("duty", "值班顾问", "迎凤社区"),
        (None, None, "东关社区"),
    ]


async def test_close_and_rate(world: World) -> None:
    consultations = world.services.consultations
    number = await world.open()
    with pytest.raises(Conflict) as early:
        await consultations.rate(RESIDENT, number, 5, resolved=True)
    assert early.value.reason is ConflictReason.NOT_CLOSED
    with pytest.raises(InvalidInput):
        await consultations.close(ADVISER, number, "vanished")
    closed = await consultations.close(ADVISER, number, "mediation")
    assert (closed.status, closed.outcome, closed.adviser_id) == (
        ConsultationStatus.CLOSED,
        "mediation",
        ADVISER,
    )
    [request] = await world.sent_to(RESIDENT, NoticeKind.RATING_REQUEST)
    assert request.payload["outcome_label"] == "转人民调解"
    with pytest.raises(AccessDenied):
        await consultations.rate(OTHER_RESIDENT, number, 5, resolved=True)
    with pytest.raises(InvalidInput):
        await consultations.rate(RESIDENT, number, 6, resolved=True)
    rated = await consultations.rate(RESIDENT, number, 4, resolved=False)
    assert (rated.rating, rated.resolved) == (4, False)
    with pytest.raises(Conflict) as again:
        await consultations.rate(RESIDENT, number, 5, resolved=True)
    assert again.value.reason is ConflictReason.ALREADY_RATED
    kinds = [e.kind for e in (await consultations.history_for(RESIDENT, number)).events]
    assert kinds == [EventKind.CREATED, EventKind.CLOSED, EventKind.RATED]


async def test_reading(world: World) -> None:
    consultations = world.services.consultations
    number = await world.open()
    assert [c.id for c in await consultations.my_consultations(RESIDENT)] == [number]
    assert await consultations.my_consultations(OTHER_RESIDENT) == []
    for reader in (RESIDENT, ADVISER, DUTY, STAFF):
        assert (await consultations.get_for(reader, number)).id == number
    with pytest.raises(NotFound):
        await consultations.get_for(STAFF, 999)
    work = await consultations.worklist(ADVISER)
    assert ([c.id for c in work.queue], work.claimed) == ([number], [])
    assert (await consultations.worklist(OTHER_ADVISER)).queue == []
    assert [c.id for c in (await consultations.worklist(DUTY)).queue] == [number]
    with pytest.raises(AccessDenied):
        await consultations.worklist(RESIDENT)
    assert (await consultations.active_for(RESIDENT)) is not None


# --- relay -------------------------------------------------------------------------------


async def test_relay_both_ways(world: World) -> None:
    relay = world.services.relay
    assert (
        await relay.resident_message(RESIDENT, "text", "还在吗", None, MessageKey(RESIDENT, 1))
        is None
    )
    number = await world.open()
    sent = await relay.resident_message(
        RESIDENT, "text", "补充：有欠条", None, MessageKey(RESIDENT, 2)
    )
    assert sent is not None
    assert (sent.consultation_id, sent.recipients, sent.duplicate) == (number, 1, False)
    [to_adviser] = await world.sent_to(ADVISER, NoticeKind.MESSAGE_TO_ADVISER)
    assert to_adviser.payload["sender_label"] == "居民 #1"
    assert to_adviser.payload["text"] == "补充：有欠条"
    # Replying first claims the unclaimed consultation.
    reply = await relay.adviser_reply(
        ADVISER, number, "text", "请带上欠条来", None, MessageKey(ADVISER, 3)
    )
    assert reply.recipients == 1
    assert (await world.services.consultations.get_for(STAFF, number)).adviser_id == ADVISER
    [to_resident] = await world.sent_to(RESIDENT, NoticeKind.MESSAGE_TO_RESIDENT)
    assert to_resident.payload["sender_label"] == "顾问甲"
    # Once claimed, the resident's messages go to the assignee only.
    await relay.resident_message(RESIDENT, "photo", None, "AgADphoto", MessageKey(RESIDENT, 4))
    assert len(await world.sent_to(ADVISER, NoticeKind.MESSAGE_TO_ADVISER)) == 2
    messages = (await world.services.consultations.history_for(RESIDENT, number)).messages
    assert [(m.direction, m.kind) for m in messages] == [
        ("to_adviser", "text"),
        ("to_resident", "text"),
        ("to_adviser", "photo"),
    ]


async def test_a_redelivered_message_is_relayed_once(world: World) -> None:
    relay = world.services.relay
    number = await world.open()
    await relay.resident_message(RESIDENT, "text", "你好", None, MessageKey(RESIDENT, 10))
    again = await relay.resident_message(RESIDENT, "text", "你好", None, MessageKey(RESIDENT, 10))
    assert again is not None
    assert again.duplicate
    await relay.adviser_reply(ADVISER, number, "text", "您好", None, MessageKey(ADVISER, 11))
    before = await world.snapshot()
    assert (
        await relay.adviser_reply(ADVISER, number, "text", "您好", None, MessageKey(ADVISER, 11))
    ).duplicate
    assert await world.snapshot() == before


@pytest.mark.parametrize(
    ("kind", "text", "file_id"),
    [
        ("sticker", None, "x"),
        ("text", " ", None),
        ("photo", "caption", None),
        ("text", "长" * 4097, None),
    ],
)
async def test_relay_validates(
    world: World, kind: str, text: str | None, file_id: str | None
) -> None:
    await world.open()
    with pytest.raises(InvalidInput):
        await world.services.relay.resident_message(RESIDENT, kind, text, file_id)


async def test_replies_are_routed_by_the_relay_map(world: World) -> None:
    relay = world.services.relay
    number = await world.open()
    [card] = await world.outbox()
    await world.services.outbox.mark_sent(card.id, 700, world.clock.now)
    assert await relay.consultation_for_reply(ADVISER, 700) == number
    await relay.record_delivery(RESIDENT, 42, number)
    assert await relay.consultation_for_reply(RESIDENT, 42) == number
    assert await relay.consultation_for_reply(RESIDENT, 43) is None


# --- the permission matrix -----------------------------------------------------------------

Attempt = Callable[[World, int, int], Awaitable[object]]

ATTEMPTS: dict[str, Attempt] = {
    "claim": lambda w, actor, n: w.services.consultations.claim(actor, n),
    "reply": lambda w, actor, n: w.services.relay.adviser_reply(
        actor, n, "text", "hi", None, MessageKey(actor, 77)
    ),
    "close": lambda w, actor, n: w.services.consultations.close(actor, n, "answered"),
    "transfer": lambda w, actor, n: w.services.consultations.transfer(
        actor, n, to_community_id="empty"
    ),
    "read": lambda w, actor, n: w.services.consultations.get_for(actor, n),
}


async def an_open_one(world: World) -> tuple[int, list[int]]:
    """An open consultation of yingfeng: a resident and another community's adviser try."""
    return await world.open(), [OTHER_RESIDENT, OTHER_ADVISER]


async def a_stale_one(world: World) -> tuple[int, list[int]]:
    """Transferred away from yingfeng: its former adviser's notification is stale."""
    number = await world.open()
    await world.services.consultations.claim(ADVISER, number)
    await world.services.consultations.transfer(ADVISER, number, to_community_id="village-1")
    await world.services.consultations.claim(OTHER_ADVISER, number)
    return number, [ADVISER, OTHER_RESIDENT]


async def someone_elses_claim(world: World) -> tuple[int, list[int]]:
    """Claimed by one adviser: a second adviser of the same community may not take over."""
    await world.services.advisers.reassign(STAFF, OTHER_ADVISER, "yingfeng")
    number = await world.open()
    await world.services.consultations.claim(ADVISER, number)
    return number, [OTHER_ADVISER]


@pytest.mark.parametrize("setup", [an_open_one, a_stale_one, someone_elses_claim])
@pytest.mark.parametrize("action", sorted(ATTEMPTS))
async def test_outsiders_are_refused_and_nothing_changes(
    world: World,
    setup: Callable[[World], Awaitable[tuple[int, list[int]]]],
    action: str,
) -> None:
    number, outsiders = await setup(world)
    expected: type[ServiceError] = AccessDenied
    if setup is someone_elses_claim:
        if action == "read":
            return  # an adviser of the consultation's community may read it
        if action == "claim":
            expected = Conflict  # they could have claimed it, had they been first
    for outsider in outsiders:
        before = await world.snapshot()
        with pytest.raises(expected):
            await ATTEMPTS[action](world, outsider, number)
        assert await world.snapshot() == before, (action, outsider)


@pytest.mark.parametrize("action", ["claim", "reply", "close", "transfer"])
@pytest.mark.parametrize("actor", [RESIDENT, ADVISER, DUTY, STAFF])
async def test_a_closed_consultation_is_refused_to_everyone(
    world: World, action: str, actor: int
) -> None:
    number = await world.open()
    await world.services.consultations.close(ADVISER, number, "answered")
    before = await world.snapshot()
    with pytest.raises(ServiceError) as caught:
        await ATTEMPTS[action](world, actor, number)
    if actor == RESIDENT:
        assert isinstance(caught.value, AccessDenied)
    else:
        assert isinstance(caught.value, Conflict)
        assert caught.value.reason is ConflictReason.CLOSED
    assert await world.snapshot() == before


async def test_a_closed_consultation_is_hidden_from_outsiders(world: World) -> None:
    number = await world.open()
    await world.services.consultations.close(ADVISER, number, "answered")
    for outsider in (OTHER_RESIDENT, OTHER_ADVISER):
        with pytest.raises(AccessDenied):
            await world.services.consultations.get_for(outsider, number)
    assert (await world.services.consultations.get_for(RESIDENT, number)).id == number


async def test_the_resident_may_not_act_as_adviser_on_their_own(world: World) -> None:
    number = await world.open()
    for action in ("claim", "reply", "close", "transfer"):
        before = await world.snapshot()
        with pytest.raises(AccessDenied):
            await ATTEMPTS[action](world, RESIDENT, number)
        assert await world.snapshot() == before


# --- escalation ----------------------------------------------------------------------------


async def test_reminder_then_escalation_in_working_hours(world: World) -> None:
    escalation = world.services.escalation
    world.clock.now = dt.datetime(2026, 9, 28, 16, 30, tzinfo=SH)
    number = await world.open()
    # 1 working hour today, 1 tomorrow: the reminder is due Tuesday 09:30.
    assert await escalation.due_escalations(dt.datetime(2026, 9, 29, 9, 29, tzinfo=SH)) == []
    tuesday = dt.datetime(2026, 9, 29, 9, 30, tzinfo=SH)
    run = await escalation.run(tuesday)
    assert (run.reminded, run.escalated) == ([number], [])
    assert await escalation.run(tuesday) == type(run)([], [], [])  # idempotent
    [reminder] = await world.sent_to(ADVISER, NoticeKind.REMINDER)
    assert reminder.payload["consultation_id"] == number
    run = await escalation.run(dt.datetime(2026, 9, 29, 11, 30, tzinfo=SH))
    assert run.escalated == [number]
    assert {row.chat_id for row in await world.outbox() if row.kind == "escalation"} == {
        DUTY,
        STAFF,
    }
    assert await escalation.apply_escalation(number, dt.datetime(2026, 9, 30, tzinfo=SH)) is False


async def test_a_claimed_consultation_does_not_escalate(world: World) -> None:
    number = await world.open()
    await world.services.consultations.claim(ADVISER, number)
    late = MONDAY_10 + dt.timedelta(days=3)
    assert await world.services.escalation.due_escalations(late) == []
    assert await world.services.escalation.apply_reminder(number, late) is False


async def test_escalation_survives_a_restart(world: World, tmp_path: Path) -> None:
    number = await world.open()
    late = MONDAY_10 + dt.timedelta(hours=5)
    await world.services.escalation.apply_reminder(number, late)
    await world.db.close()
    db = Database(world.db.path)
    await db.open()
    try:
        services = build_consultation_services(db, CONFIG, frozenset({STAFF}), clock=world.clock)
        run = await services.escalation.run(late)
        assert (run.reminded, run.escalated) == ([], [number])
        assert len(await services.outbox.due(late, 100)) == 4  # card, reminder, 2 escalations
    finally:
        await db.close()
        await world.db.open()  # the fixture closes it


async def test_deactivated_advisers_release_their_claims(world: World) -> None:
    number = await world.open()
    await world.services.consultations.claim(ADVISER, number)
    staff_claim = await world.open(OTHER_RESIDENT)
    await world.services.consultations.claim(STAFF, staff_claim)
    await world.services.advisers.deactivate(STAFF, ADVISER)
    world.clock.advance(minutes=1)
    run = await world.services.escalation.run()
    assert run.released == [number]
    released = await world.services.consultations.get_for(STAFF, number)
    assert (released.status, released.adviser_id) == (ConsultationStatus.OPEN, None)
    # yingfeng has no active adviser left: duty advisers and staff get it.
    assert {row.chat_id for row in await world.outbox() if row.kind == "reopened"} == {DUTY, STAFF}
    assert (await world.services.escalation.run()).released == []


async def test_deactivation_releases_at_once_and_holds_over_the_file(world: World) -> None:
    number = await world.open()
    await world.services.consultations.claim(ADVISER, number)
    with pytest.raises(AccessDenied):
        await world.services.escalation.deactivate_adviser(OTHER_ADVISER, ADVISER)
    done = await world.services.escalation.deactivate_adviser(STAFF, ADVISER)
    assert (done.adviser.active, done.released) == (False, [number])
    released = await world.services.consultations.get_for(STAFF, number)
    assert (released.status, released.adviser_id) == (ConsultationStatus.OPEN, None)
    [told] = await world.sent_to(RESIDENT, NoticeKind.RESIDENT_RELEASED)
    assert told.payload == {
        "consultation_id": number,
        "community_name": "迎凤社区",
        "kind": "consultation",
    }
    assert len(await world.sent_to(DUTY, NoticeKind.REOPENED)) == 1
    assert await world.services.escalation.release_orphans() == []
    # The file still lists them; the staff decision holds until a new invite.
    advisers = world.services.advisers
    await advisers.sync_config_advisers()
    assert await advisers.resolve_role(ADVISER) is Role.RESIDENT
    invite = await advisers.create_invite(STAFF, "yingfeng")
    await advisers.accept_invite(invite.token, ADVISER, "顾问甲")
    await advisers.sync_config_advisers()
    assert await advisers.resolve_role(ADVISER) is Role.ADVISER


def test_every_notice_kind_has_a_model() -> None:
    payload = json.loads(
        json.dumps(
            {
                "consultation_id": 1,
                "outcome": "answered",
                "outcome_label": "已解答",
            }
        )
    )
    assert parse_notice("rating_request", payload).model_dump()["outcome"] == "answered"
    with pytest.raises(ValueError, match="nonsense"):
        parse_notice("nonsense", {})


async def test_a_dated_decision_is_counted_from_the_app_clocks_day(world: World) -> None:
    # The clock says Monday 28 September 2026: a judgment received on the 22nd is in its
    # appeal term, whatever day the machine running the test thinks it is.
    opened = await world.services.consultations.open_consultation(
        RESIDENT,
        "yingfeng",
        "debt_contract",
        "一审判决书是9月22号收到的，判我还货款，我不服想上诉",
        consent=False,
    )
    assert (opened.consultation.urgent, opened.consultation.urgent_reason) == (True, "deadline")
