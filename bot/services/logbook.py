"""Consultations by visit, phone or letter, recorded by advisers and staff (``/log``).

A line such as ``电话 劳动 已解答 工资被拖欠两个月`` names the channel, the category (by id,
label, the label's part before its parenthesis, or an alias of ``category-ledger.yaml``), the
outcome (by label or a short form) and a summary, which is stored masked
(:func:`~bot.services.masking.mask_personal`). The entry becomes a closed consultation of its
channel, counted in the tallies like any other, once per Telegram message that recorded it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from bot import texts
from bot.communities import DEFAULT_DISPUTE_TYPES, OFFICE_COMMUNITY, CommunitiesConfig
from bot.services.advisers import AdviserService
from bot.services.case_outcomes import CaseOutcome, outcomes_for
from bot.services.consultations import OUTCOME_LABELS, Outcome
from bot.services.counting import CASE_ENTRY_CHANNELS
from bot.services.errors import AccessDenied, InvalidInput
from bot.services.intake import MAX_SUMMARY_CHARS
from bot.services.masking import mask_personal
from bot.services.mediation import dispute_category
from bot.storage.clock import Clock, system_clock
from bot.storage.consultations import Consultation
from bot.storage.database import Database
from bot.storage.keys import MessageKey
from bot.storage.logbook import LogbookRepository, LoggedConsultation, LoggedMediation
from knowledge.categories import load_categories, load_category_ledger

__all__ = [
    "BOT_CHANNEL",
    "CHANNEL_ALIASES",
    "LOG_STEPS",
    "MEDIATION_WORDS",
    "OFFICE_COMMUNITY",
    "InvalidLogLine",
    "LogChannel",
    "LogEntry",
    "LogService",
    "LogbookResult",
    "MediationEntry",
    "choices",
    "draft_line",
    "is_mediation",
    "parse_log",
    "parse_mediation",
    "usage_text",
]

BOT_CHANNEL = "telegram"
"""The channel of questions and consultations that came through the bot."""


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
    "上门": LogChannel.VISIT,
    "到访": LogChannel.VISIT,
    "来人": LogChannel.VISIT,
    "来电": LogChannel.PHONE,
    "打电话": LogChannel.PHONE,
    "写信": LogChannel.LETTER,
    "来信": LogChannel.LETTER,
    "信件": LogChannel.LETTER,
}
"""What may be typed for each channel."""

_OUTCOME_ALIASES: dict[str, Outcome] = {
    **{label: outcome for outcome, label in OUTCOME_LABELS.items()},
    **{outcome.value: outcome for outcome in Outcome},
    "解答": Outcome.ANSWERED,
    "答复": Outcome.ANSWERED,
    "回答": Outcome.ANSWERED,
    "法律援助": Outcome.LEGAL_AID,
    "援助": Outcome.LEGAL_AID,
    "人民调解": Outcome.MEDIATION,
    "调解": Outcome.MEDIATION,
    "仲裁": Outcome.ARBITRATION_LITIGATION,
    "诉讼": Outcome.ARBITRATION_LITIGATION,
    "信访": Outcome.PETITION_OTHER,
}


_LOOSE_ENDINGS = ("咨询", "问题", "纠纷", "方面", "类", "的事", "事")
_LOOSE_STARTS = ("转到", "转给", "转", "建议", "引导", "已经", "已")
"""Words staff type around a channel, category or outcome (劳动咨询, 转调解, 电话咨询)."""

T = TypeVar("T")


def _loose(names: Mapping[str, T], typed: str) -> T | None:
    """Return ``names[typed]``, else the entry for ``typed`` without the words around it."""
    if typed in names:
        return names[typed]
    bare = typed
    for ending in _LOOSE_ENDINGS:
        if bare.endswith(ending) and len(bare) > len(ending):
            bare = bare.removesuffix(ending)
            break
    if bare in names:
        return names[bare]
    for start in _LOOSE_STARTS:
        if bare.startswith(start) and bare.removeprefix(start) in names:
            return names[bare.removeprefix(start)]
    return None


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


_SOURCE_ALIASES = {"排查": "排查", "移交": "移交", "转交": "移交", "交办": "移交"}
"""What may be typed for each case source a mediator enters (申请 come from the bot)."""
_SOURCES_BY_CHANNEL = {channel: source for source, channel in CASE_ENTRY_CHANNELS.items()}

LOG_STEPS: tuple[str, ...] = ("channel", "category", "outcome")
"""The parts of a ``/log`` line that may be tapped, in order, before the typed summary."""


def is_mediation(draft: tuple[str, ...]) -> bool:
    """Return whether a tapped ``/log`` draft enters a mediation case (its first choice)."""
    return bool(draft) and draft[0] in _SOURCES_BY_CHANNEL


def choices(
    step: str,
    draft: tuple[str, ...] = (),
    *,
    dispute_types: tuple[str, ...] = DEFAULT_DISPUTE_TYPES,
    mediation: bool = False,
) -> list[tuple[str, str]]:
    """Return the (id, label) choices of a tapped ``/log`` step, in the order shown.

    Args:
        step: One of :data:`LOG_STEPS`.
        draft: What was chosen before it; a mediation case's source as the channel makes
            the next steps its dispute type (by index in ``dispute_types``) and outcome.
        dispute_types: The deployment's dispute types.
        mediation: Whether the channels include the two mediation case sources.

    Raises:
        KeyError: ``step`` is not one of :data:`LOG_STEPS`.
    """
    if step == "channel":
        channels = [(channel.value, texts.LOG_CHANNELS[channel.value]) for channel in LogChannel]
        return channels + (list(texts.LOG_MEDIATION_CHANNELS.items()) if mediation else [])
    if is_mediation(draft) and step == "category":
        return [(str(index), dispute) for index, dispute in enumerate(dispute_types)]
    if is_mediation(draft) and step == "outcome":
        return [(outcome.button, outcome.label) for outcome in outcomes_for("mediation")]
    if step == "category":
        return [(c.id, c.label.split("（", 1)[0]) for c in load_categories()]
    if step == "outcome":
        return [(outcome.value, label) for outcome, label in OUTCOME_LABELS.items()]
    raise KeyError(step)


def draft_line(
    draft: tuple[str, ...], typed: str, dispute_types: tuple[str, ...] = DEFAULT_DISPUTE_TYPES
) -> str:
    """Return the ``/log`` line of a tapped ``draft`` followed by the ``typed`` rest."""
    if not is_mediation(draft):
        return " ".join((*draft, typed))
    source, *rest = draft
    if rest:
        rest[0] = dispute_types[int(rest[0])]
    return " ".join(("调解", _SOURCES_BY_CHANNEL[source], *rest, typed))


def usage_text(dispute_types: tuple[str, ...] | None = None) -> str:
    """Return the ``/log`` help, listing the categories and outcomes that may be typed.

    With ``dispute_types`` (for mediators and staff) the mediation form is explained too.
    """
    categories = "、".join(category.label.split("（", 1)[0] for category in load_categories())
    usage = texts.LOG_USAGE.format(
        categories=categories, outcomes="、".join(OUTCOME_LABELS.values())
    )
    if dispute_types is None:
        return usage
    outcomes = "、".join(outcome.label for outcome in outcomes_for("mediation"))
    return usage + texts.LOG_MEDIATION_USAGE.format(
        disputes="、".join(dispute_types), outcomes=outcomes
    )


@dataclass(frozen=True, slots=True)
class LogEntry:
    """A parsed ``/log`` line; ``summary`` is already masked."""

    channel: LogChannel
    category: str
    outcome: Outcome
    summary: str


def _four_parts(text: str) -> tuple[str, str, str, str]:
    """Split a line into three words (spaces, full-width ones too) and the rest."""
    parts = text.replace("\u3000", " ").split(maxsplit=3)
    parts += [""] * (4 - len(parts))
    first, second, third, rest = parts
    return first, second, third, rest


def _masked_summary(typed: str) -> str:
    """Return the typed summary masked, or raise :class:`InvalidLogLine` (``summary``)."""
    summary = typed.strip()
    if not summary or len(summary) > MAX_SUMMARY_CHARS:
        raise InvalidLogLine("the summary is missing or too long", field="summary", value=summary)
    return mask_personal(summary)


def parse_log(text: str) -> LogEntry:
    """Parse ``渠道 类别 处理结果 摘要`` (spaces, full-width ones too, between the first three).

    Raises:
        InvalidLogLine: A part is unknown or missing; ``field`` names which (channel,
            category, outcome, summary), ``value`` holds what was typed.
    """
    channel_text, category_text, outcome_text, summary = _four_parts(text)
    channel = _loose(CHANNEL_ALIASES, channel_text)
    if channel is None:
        raise InvalidLogLine(
            f"unknown channel {channel_text!r}", field="channel", value=channel_text
        )
    category = _loose(_category_aliases(), category_text)
    if category is None:
        raise InvalidLogLine(
            f"unknown category {category_text!r}", field="category", value=category_text
        )
    outcome = _loose(_OUTCOME_ALIASES, outcome_text)
    if outcome is None:
        raise InvalidLogLine(
            f"unknown outcome {outcome_text!r}", field="outcome", value=outcome_text
        )
    return LogEntry(channel, category, outcome, _masked_summary(summary))


MEDIATION_WORDS = frozenset({"调解", "人民调解"})
"""A ``/log`` line starting with one of these enters a mediation case, not a consultation."""


def _mediation_outcomes() -> dict[str, CaseOutcome]:
    names: dict[str, CaseOutcome] = {}
    for outcome in outcomes_for("mediation"):
        for name in (outcome.label, outcome.value, outcome.button):
            names[name] = outcome
    names.update(
        {
            "成功": names["调解成功"],
            "不成": names["调解不成"],
            "调解不成功": names["调解不成"],
            "失败": names["调解不成"],
            "转诉讼": names["转诉讼/仲裁"],
            "转仲裁": names["转诉讼/仲裁"],
            "司法确认": names["申请司法确认"],
        }
    )
    return names


@dataclass(frozen=True, slots=True)
class MediationEntry:
    """A parsed ``/log 调解`` line: a case found by screening or transferred, already mediated.

    ``summary`` is already masked.
    """

    source: str
    """排查 or 移交."""
    dispute_type: str
    outcome: CaseOutcome
    summary: str


def parse_mediation(
    text: str, dispute_types: tuple[str, ...] = DEFAULT_DISPUTE_TYPES
) -> MediationEntry:
    """Parse ``来源 纠纷类型 调解结果 摘要`` (what follows ``调解`` in a ``/log`` line).

    Raises:
        InvalidLogLine: A part is unknown or missing; ``field`` names which (source,
            dispute, mediation_outcome, summary), ``value`` holds what was typed.
    """
    source_text, dispute, outcome_text, summary = _four_parts(text)
    source = _SOURCE_ALIASES.get(source_text)
    if source is None:
        raise InvalidLogLine(f"unknown source {source_text!r}", field="source", value=source_text)
    if dispute not in dispute_types:
        raise InvalidLogLine(f"unknown dispute type {dispute!r}", field="dispute", value=dispute)
    outcome = _mediation_outcomes().get(outcome_text)
    if outcome is None:
        raise InvalidLogLine(
            f"unknown outcome {outcome_text!r}", field="mediation_outcome", value=outcome_text
        )
    return MediationEntry(source, dispute, outcome, _masked_summary(summary))


@dataclass(frozen=True, slots=True)
class LogbookResult:
    """What :meth:`LogService.record` did."""

    consultation: Consultation
    created: bool
    """``False`` when the message had been recorded before (a re-delivery)."""


class LogService:
    """Records consultations that did not come through the bot."""

    def __init__(
        self,
        db: Database,
        roster: AdviserService,
        *,
        clock: Clock = system_clock,
        communities: CommunitiesConfig | None = None,
    ) -> None:
        """Record into ``db``; ``roster`` tells who may record and their community.

        ``communities`` names the mediators (the office's and the committees') and the
        dispute types; without it only staff may enter mediation cases.
        """
        self._repository = LogbookRepository(db)
        self._roster = roster
        self._clock = clock
        self._communities = communities

    @property
    def dispute_types(self) -> tuple[str, ...]:
        """The dispute types a mediation case may have (the deployment's list)."""
        communities = self._communities
        return communities.dispute_types if communities is not None else DEFAULT_DISPUTE_TYPES

    def _mediator_community(self, user_id: int) -> str | None:
        """Return a mediator's community (``OFFICE_COMMUNITY`` for the office's), else None."""
        communities = self._communities
        if communities is None:
            return None
        if user_id in communities.office_mediators:
            return OFFICE_COMMUNITY
        for community in communities.communities:
            if user_id in communities.community_mediators(community.id):
                return community.id
        return None

    def may_record_mediation(self, user_id: int) -> bool:
        """Return whether ``user_id`` may enter mediation cases: staff or a mediator."""
        return self._roster.is_staff(user_id) or self._mediator_community(user_id) is not None

    async def record_mediation(
        self, actor_id: int, entry: MediationEntry, source: MessageKey
    ) -> LogbookResult:
        """Store ``entry`` as a closed mediation case by ``actor_id``, once per message.

        Its community is the mediator's committee's; the office's mediators and staff file
        under :data:`OFFICE_COMMUNITY`. It is counted as 人民调解 by its source, not as a
        consultation (``counting.CONSULTATION_SQL``).

        Raises:
            AccessDenied: ``actor_id`` is neither staff nor a mediator.
            InvalidInput: The dispute type is not one of :attr:`dispute_types`.
        """
        community = self._mediator_community(actor_id)
        if community is None and not self._roster.is_staff(actor_id):
            raise AccessDenied(f"user {actor_id} may not enter mediation cases")
        if entry.dispute_type not in self.dispute_types:
            raise InvalidInput(f"unknown dispute type {entry.dispute_type!r}", field="dispute")
        stored, created = await self._repository.record(
            LoggedConsultation(
                recorder_id=actor_id,
                community_id=community or OFFICE_COMMUNITY,
                category=dispute_category(entry.dispute_type),
                channel=CASE_ENTRY_CHANNELS[entry.source],
                outcome=entry.outcome.outcome,
                summary=entry.summary,
                at=self._clock(),
                source=source,
            ),
            LoggedMediation(entry.dispute_type, entry.source, entry.outcome.value),
        )
        return LogbookResult(stored, created)

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
