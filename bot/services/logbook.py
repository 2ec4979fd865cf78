"""Consultations by visit, phone or letter, recorded by advisers and staff (``/log``).

A line such as ``电话 劳动 已解答 工资被拖欠两个月`` names the channel, the category (by id,
label, the label's part before its parenthesis, or an alias of ``category-ledger.yaml``), the
outcome (by label or a short form) and a summary, which is stored masked
(:func:`~bot.services.masking.mask_personal`). The entry becomes a closed consultation of its
channel, counted in the tallies like any other, once per Telegram message that recorded it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot import texts
from bot.services.advisers import AdviserService
from bot.services.consultations import OUTCOME_LABELS, Outcome
from bot.services.errors import AccessDenied, InvalidInput
from bot.services.intake import MAX_SUMMARY_CHARS
from bot.services.masking import mask_personal
from bot.storage.clock import Clock, system_clock
from bot.storage.consultations import Consultation
from bot.storage.database import Database
from bot.storage.keys import MessageKey
from bot.storage.logbook import LogbookRepository, LoggedConsultation
from knowledge.categories import load_categories, load_category_ledger

__all__ = [
    "BOT_CHANNEL",
    "CHANNEL_ALIASES",
    "LOG_STEPS",
    "OFFICE_COMMUNITY",
    "InvalidLogLine",
    "LogChannel",
    "LogEntry",
    "LogService",
    "LogbookResult",
    "parse_log",
    "usage_text",
]

BOT_CHANNEL = "telegram"
"""The channel of questions and consultations that came through the bot."""

OFFICE_COMMUNITY = "office"
"""The community id of entries by duty advisers and staff (``texts.LOG_OFFICE_COMMUNITY``)."""


class LogChannel(StrEnum):
    """The channels ``/log`` records (``consultations.channel``)."""

    VISIT = "visit"
    PHONE = "phone"
    LETTER = "letter"


CHANNEL_ALIASES: dict[str, LogChannel] = {
    **{label: LogChannel(key) for key, label in texts.LOG_CHANNELS.items()},
    **{channel.value: channel for channel in LogChannel},
    "面谈": LogChannel.VISIT,
    "当面": LogChannel.VISIT,
    "现场": LogChannel.VISIT,
    "来电": LogChannel.PHONE,
    "来信": LogChannel.LETTER,
    "信件": LogChannel.LETTER,
}
"""What may be typed for each channel."""

_OUTCOME_ALIASES: dict[str, Outcome] = {
    **{label: outcome for outcome, label in OUTCOME_LABELS.items()},
    **{outcome.value: outcome for outcome in Outcome},
    "解答": Outcome.ANSWERED,
    "法律援助": Outcome.LEGAL_AID,
    "援助": Outcome.LEGAL_AID,
    "人民调解": Outcome.MEDIATION,
    "调解": Outcome.MEDIATION,
    "仲裁": Outcome.ARBITRATION_LITIGATION,
    "诉讼": Outcome.ARBITRATION_LITIGATION,
    "信访": Outcome.PETITION_OTHER,
}


def _category_aliases() -> dict[str, str]:
    ledger = load_category_ledger()
    names: dict[str, str] = {}
    for category in load_categories():
        for name in (category.id, category.label, category.label.split("（", 1)[0]):
            names[name] = category.id
        for alias in ledger[category.id].aliases:
            names.setdefault(alias, category.id)
    return names


class InvalidLogLine(InvalidInput):
    """A part of a ``/log`` line is unknown or missing; ``value`` is what was typed for it."""

    def __init__(self, message: str, *, field: str, value: str) -> None:
        """Name the ``field`` (channel, category, outcome, summary) and the typed ``value``."""
        super().__init__(message, field=field)
        self.value = value


LOG_STEPS: tuple[str, ...] = ("channel", "category", "outcome")
"""The parts of a ``/log`` line that may be tapped, in order, before the typed summary."""


def choices(step: str) -> list[tuple[str, str]]:
    """Return the (id, label) choices of a tapped ``/log`` step, in the order shown.

    Raises:
        KeyError: ``step`` is not one of :data:`LOG_STEPS`.
    """
    if step == "channel":
        return [(channel.value, texts.LOG_CHANNELS[channel.value]) for channel in LogChannel]
    if step == "category":
        return [(c.id, c.label.split("（", 1)[0]) for c in load_categories()]
    if step == "outcome":
        return [(outcome.value, label) for outcome, label in OUTCOME_LABELS.items()]
    raise KeyError(step)


def usage_text() -> str:
    """Return the ``/log`` help, listing the categories and outcomes that may be typed."""
    categories = "、".join(category.label.split("（", 1)[0] for category in load_categories())
    return texts.LOG_USAGE.format(
        categories=categories, outcomes="、".join(OUTCOME_LABELS.values())
    )


@dataclass(frozen=True, slots=True)
class LogEntry:
    """A parsed ``/log`` line; ``summary`` is already masked."""

    channel: LogChannel
    category: str
    outcome: Outcome
    summary: str


def parse_log(text: str) -> LogEntry:
    """Parse ``渠道 类别 处理结果 摘要`` (spaces, full-width ones too, between the first three).

    Raises:
        InvalidLogLine: A part is unknown or missing; ``field`` names which (channel,
            category, outcome, summary), ``value`` holds what was typed.
    """
    parts = text.replace("\u3000", " ").split(maxsplit=3)
    parts += [""] * (4 - len(parts))
    channel_text, category_text, outcome_text, summary = parts
    channel = CHANNEL_ALIASES.get(channel_text)
    if channel is None:
        raise InvalidLogLine(
            f"unknown channel {channel_text!r}", field="channel", value=channel_text
        )
    category = _category_aliases().get(category_text)
    if category is None:
        raise InvalidLogLine(
            f"unknown category {category_text!r}", field="category", value=category_text
        )
    outcome = _OUTCOME_ALIASES.get(outcome_text)
    if outcome is None:
        raise InvalidLogLine(
            f"unknown outcome {outcome_text!r}", field="outcome", value=outcome_text
        )
    summary = summary.strip()
    if not summary or len(summary) > MAX_SUMMARY_CHARS:
        raise InvalidLogLine("the summary is missing or too long", field="summary", value=summary)
    return LogEntry(channel, category, outcome, mask_personal(summary))


@dataclass(frozen=True, slots=True)
class LogbookResult:
    """What :meth:`LogService.record` did."""

    consultation: Consultation
    created: bool
    """``False`` when the message had been recorded before (a re-delivery)."""


class LogService:
    """Records consultations that did not come through the bot."""

    def __init__(
        self, db: Database, roster: AdviserService, *, clock: Clock = system_clock
    ) -> None:
        """Record into ``db``; ``roster`` tells who may record and their community."""
        self._repository = LogbookRepository(db)
        self._roster = roster
        self._clock = clock

    async def may_record(self, user_id: int) -> bool:
        """Return whether ``user_id`` is staff or an active adviser."""
        return self._roster.is_staff(user_id) or (
            await self._roster.active_adviser(user_id) is not None
        )

    async def record(self, actor_id: int, entry: LogEntry, source: MessageKey) -> LogbookResult:
        """Store ``entry`` as a closed consultation of its channel, by ``actor_id``.

        The community is the adviser's own; duty advisers and staff file under
        :data:`OFFICE_COMMUNITY`.

        Raises:
            AccessDenied: ``actor_id`` is neither staff nor an active adviser.
        """
        adviser = await self._roster.active_adviser(actor_id)
        if adviser is None and not self._roster.is_staff(actor_id):
            raise AccessDenied(f"user {actor_id} may not record consultations")
        community = adviser.community_id if adviser and adviser.community_id else None
        stored, created = await self._repository.record(
            LoggedConsultation(
                recorder_id=actor_id,
                community_id=community or OFFICE_COMMUNITY,
                category=entry.category,
                channel=entry.channel.value,
                outcome=entry.outcome.value,
                summary=entry.summary,
                at=self._clock(),
                source=source,
            )
        )
        return LogbookResult(stored, created)
