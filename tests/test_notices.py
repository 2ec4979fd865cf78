"""Every outbox notice renders to valid Telegram HTML with residents' words escaped."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from pydantic import BaseModel

from bot.services import (
    ClaimedNotice,
    ClosedNotice,
    ConsultationCard,
    MessageNotice,
    NoticeKind,
    RatingRequest,
    ReleasedNotice,
    TransferNotice,
)
from bot.texts import BUTTON_CLOSE, BUTTON_TRANSFER
from handlers.notices import render_notice
from knowledge.render import plain_text
from knowledge.telegram_html import html_problems

TZ = ZoneInfo("Asia/Shanghai")
EVIL = "<b>老板</b> & <script>"

CARD = ConsultationCard(
    consultation_id=7,
    community_id="yingfeng",
    community_name="迎凤社区",
    category="labor",
    category_label="劳动社保",
    summary=EVIL,
    urgent=True,
    urgent_reason="deadline",
    resident_label="张<三>",
    contact_name="张<三>",
    contact_phone="138 0000 0000",
    created_at=dt.datetime(2026, 3, 31, 16, 30, tzinfo=dt.UTC),
    recipient_role="community",
)


@pytest.mark.parametrize(
    ("kind", "notice"),
    [
        (NoticeKind.NEW_CONSULTATION, CARD),
        (NoticeKind.REMINDER, CARD),
        (NoticeKind.ESCALATION, CARD.model_copy(update={"transferred_from": "<示例村>"})),
        (
            NoticeKind.CLAIMED,
            ClaimedNotice(
                consultation_id=7,
                community_name="迎凤社区",
                adviser_name="李<律师>",
                adviser_role="adviser",
            ),
        ),
        (
            NoticeKind.RESIDENT_TRANSFERRED,
            TransferNotice(consultation_id=7, community_name="示例村一", adviser_name=None),
        ),
        (
            NoticeKind.MESSAGE_TO_ADVISER,
            MessageNotice(
                consultation_id=7,
                community_name="迎凤社区",
                sender_label="居民 #7",
                sender_role="resident",
                kind="text",
                text=EVIL,
                file_id=None,
                recipient_role="assignee",
            ),
        ),
        (
            NoticeKind.MESSAGE_TO_RESIDENT,
            MessageNotice(
                consultation_id=7,
                community_name="迎凤社区",
                sender_label="李律师",
                sender_role="adviser",
                kind="photo",
                text=EVIL * 300,
                file_id="photo-1",
            ),
        ),
        (NoticeKind.CLOSED_BY_RESIDENT, ClosedNotice(consultation_id=7, community_name="迎凤社区")),
        (NoticeKind.CLAIMED_HISTORY, CARD.model_copy(update={"earlier_messages": 2})),
        (
            NoticeKind.RESIDENT_TRANSFERRED,
            TransferNotice(
                consultation_id=7,
                community_name="迎凤社区",
                adviser_name="周<值班>",
                adviser_role="duty",
            ),
        ),
        (
            NoticeKind.RESIDENT_RELEASED,
            ReleasedNotice(consultation_id=7, community_name="迎凤社区"),
        ),
        (
            NoticeKind.RATING_REQUEST,
            RatingRequest(consultation_id=7, outcome="answered", outcome_label="已解答"),
        ),
    ],
)
def test_notice_renders_valid_escaped_html(kind: NoticeKind, notice: BaseModel) -> None:
    rendered = render_notice(kind.value, notice, TZ)
    assert html_problems(rendered.text) == []
    assert "<script>" not in rendered.text
    assert "#7" in rendered.text
    if rendered.photo is not None:  # Telegram counts a caption after parsing its entities
        assert len(plain_text(rendered.text)) <= 1024


def test_card_shows_local_time_urgency_and_contact() -> None:
    text = render_notice(NoticeKind.NEW_CONSULTATION.value, CARD, TZ).text
    assert "2026-04-01 00:30" in text  # 16:30 UTC on 31 March is past midnight in Shanghai
    assert "紧急" in text
    assert "138 0000 0000" in text
    assert "&lt;b&gt;老板&lt;/b&gt; &amp; &lt;script&gt;" in text


def test_the_history_card_offers_transfer_and_close_and_counts_what_follows() -> None:
    card = CARD.model_copy(update={"earlier_messages": 2})
    rendered = render_notice(NoticeKind.CLAIMED_HISTORY.value, card, TZ)
    assert "2 条消息" in rendered.text
    assert rendered.markup is not None
    labels = [button.text for row in rendered.markup.inline_keyboard for button in row]
    assert labels == [BUTTON_TRANSFER, BUTTON_CLOSE]


@pytest.mark.parametrize(
    ("notice", "who"),
    [
        (
            TransferNotice(consultation_id=7, community_name="桥头村", adviser_name=None),
            "桥头村的法律顾问",
        ),
        (
            TransferNotice(
                consultation_id=7,
                community_name="迎凤社区",
                adviser_name="周值班",
                adviser_role="duty",
            ),
            "司法所值班法律顾问 周值班",
        ),
        (
            TransferNotice(
                consultation_id=7,
                community_name="桥头村",
                adviser_name="赵律师",
                adviser_role="adviser",
            ),
            "桥头村法律顾问 赵律师",
        ),
    ],
)
def test_a_transfer_names_one_plain_target(notice: TransferNotice, who: str) -> None:
    text = plain_text(render_notice(NoticeKind.RESIDENT_TRANSFERRED.value, notice, TZ).text)
    assert text == f"您的咨询 #7 已转交给 {who}，请耐心等待回复。"
