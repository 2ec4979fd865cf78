"""Callback-data formats of inline buttons: versioned, compact, parsed strictly.

Every button's data is ``VERSION|kind|field|...``. Each button class declares its kind and its
fields once (:class:`Field`: a regular expression and the conversions both ways); packing,
strict parsing and the handlers' ``pattern=`` (:meth:`Button.pattern`) all come from that one
declaration. Anything that does not parse exactly (forged, truncated, unknown) is rejected,
never guessed at. Buttons sent by the previous version (``1|...``, with the short action codes
``xfer``, ``xto``, ``xno``, ``out``, ``endok``, ``withdrawok``, ``forgetok``) are still
understood: :func:`parse` reads them as the same buttons of this version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, ClassVar, Self

__all__ = [
    "LEGACY_VERSION",
    "MAX_BYTES",
    "VERSION",
    "AdviserButton",
    "Button",
    "CallbackData",
    "ConsultationAction",
    "ConsultationButton",
    "FeedbackButton",
    "Field",
    "FollowupButton",
    "GapAttachButton",
    "GapButton",
    "IntakeButton",
    "ItemButton",
    "LegalAidButton",
    "LogButton",
    "MediationButton",
    "NoteSkipButton",
    "PickButton",
    "PrivacyAction",
    "PrivacyButton",
    "PublicityAction",
    "PublicityButton",
    "RevokeInviteButton",
    "SubscribeButton",
    "parse",
]

VERSION = "2"
LEGACY_VERSION = "1"
"""The version before the actions got readable names; its buttons are still understood."""
MAX_BYTES = 64
"""Telegram's limit on callback data."""


class ConsultationAction(StrEnum):
    """What a button on a consultation does."""

    CLAIM = "claim"
    TRANSFER = "transfer"
    """Offer the transfer targets."""
    TRANSFER_TO = "transfer_to"
    """Transfer to the target in the button's value (a community id, or ``d<adviser id>``)."""
    TRANSFER_CANCEL = "transfer_cancel"
    CLOSE = "close"
    """Offer the outcomes."""
    OUTCOME = "outcome"
    """Close with the outcome in the button's value."""
    RATE = "rate"
    SOLVED = "solved"
    LEAVE = "leave"
    RESUME = "resume"
    END = "end"
    END_CONFIRMED = "end_confirmed"
    SEND_TYPED = "send_typed"
    """Send the adviser's text typed without quoting (its message id is the value)."""


class PrivacyAction(StrEnum):
    """What a /privacy button does with the sender's own data."""

    EXPORT = "export"
    WITHDRAW = "withdraw"
    WITHDRAW_CONFIRMED = "withdraw_confirmed"
    FORGET = "forget"
    FORGET_CONFIRMED = "forget_confirmed"
    CANCEL = "cancel"


FOLLOWUP_ANSWERS = ("kept", "partly", "not_kept")
"""As ``bot.services.FOLLOWUP_ANSWERS`` (this module imports nothing of the bot)."""


class PublicityAction(StrEnum):
    """What a 普法 button (quiz, leaderboard, check-in) does."""

    QUIZ = "quiz"
    """Start another quiz series."""
    BOARD = "board"
    CHECKIN = "checkin"
    REMIND = "remind"
    """Offer the reminder times."""
    REMIND_AT = "at"
    """Remind daily at the button's value (HHMM, local)."""
    REMIND_OFF = "off"


INTAKE_STEPS = frozenset({"community", "keep", "question", "category", "consent", "confirm"})


@dataclass(frozen=True, slots=True)
class Field:
    """How one field of a button is written in its callback data.

    Attributes:
        regex: What the field's text must fully match.
        load: Turns the matched text into the field's value (``None``: not valid).
        dump: Turns the value into its text.
        optional: The field may be left out (only the last one; its empty value is ``""``).
    """

    regex: str
    load: Callable[[str], Any]
    dump: Callable[[Any], str] = str
    optional: bool = False


def _choice(values: Mapping[str, object]) -> Field:
    """A field that is one of ``values``'s keys, loaded as the value it maps to."""
    dump = {value: key for key, value in values.items()}
    return Field("|".join(re.escape(key) for key in values), values.__getitem__, dump.__getitem__)


def _enum(enum: type[StrEnum]) -> Field:
    return _choice({member.value: member for member in enum})


NUMBER = Field(r"[1-9][0-9]{0,17}", int)
NUMBER_OR_ZERO = Field(r"0|[1-9][0-9]{0,17}", int)
ITEM_ID = Field(r"[a-z0-9]+(?:-[a-z0-9]+)*", str)
WORD = Field(r"[a-z]+", str)
VALUE = Field(r"[a-z0-9_*]+(?:-[a-z0-9_]+)*", str)
GAP_KEY = Field(r"[0-9a-f]{12}", str)
"""The digest of a masked unanswered question (``bot.services.kb_admin.gap_key``)."""


_REGEXES: dict[type[Button], re.Pattern[str]] = {}


class Button:
    """A kind of inline button: subclasses are frozen dataclasses that declare their format.

    ``KIND`` is the second part of the data; ``FIELDS`` holds, in the dataclass fields' order,
    how each field is written.
    """

    __slots__ = ()
    KIND: ClassVar[str]
    FIELDS: ClassVar[tuple[Field, ...]]

    @classmethod
    def _regex(cls) -> re.Pattern[str]:
        regex = _REGEXES.get(cls)
        if regex is None:
            parts = "".join(
                rf"(?:\|({f.regex}))?" if f.optional else rf"\|({f.regex})" for f in cls.FIELDS
            )
            regex = _REGEXES[cls] = re.compile(rf"{VERSION}\|{re.escape(cls.KIND)}{parts}")
        return regex

    def _valid(self) -> bool:
        """Return whether the parsed fields make sense together (subclasses check more)."""
        return True

    def pack(self) -> str:
        """Return the callback data of this button.

        Raises:
            ValueError: The data would be longer than Telegram's 64 bytes.
        """
        parts = [VERSION, self.KIND]
        for declared, field in zip(self.FIELDS, fields(self), strict=True):  # type: ignore[arg-type]
            text = declared.dump(getattr(self, field.name))
            if text or not declared.optional:
                parts.append(text)
        data = "|".join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data {data!r} is longer than {MAX_BYTES} bytes")
        return data

    @classmethod
    def parse(cls, data: str) -> Self | None:
        """Return the button of this kind that ``data`` (current version) encodes, or ``None``."""
        match = cls._regex().fullmatch(data)
        if match is None:
            return None
        values = [
            declared.load(text) if text is not None else ""
            for declared, text in zip(cls.FIELDS, match.groups(), strict=True)
        ]
        button = cls(*values)
        return button if button._valid() else None

    @classmethod
    def pattern(cls, **fixed: object) -> Callable[[object], bool]:
        """Return a ``CallbackQueryHandler`` pattern matching this kind's buttons.

        Args:
            **fixed: Field values the button must have (``step="consent"``); a tuple value
                allows any of its items.
        """

        def matches(data: object) -> bool:
            button = parse(data)
            if not isinstance(button, cls):
                return False
            for name, wanted in fixed.items():
                allowed = wanted if isinstance(wanted, tuple) else (wanted,)
                if getattr(button, name) not in allowed:
                    return False
            return True

        return matches

    @classmethod
    def kind_pattern(cls) -> Callable[[object], bool]:
        """Return a pattern matching any data of this kind, valid or not.

        The handler then sees :func:`parse` return ``None`` for a forged press and refuses it
        in its own words.
        """

        def matches(data: object) -> bool:
            if not isinstance(data, str):
                return False
            parts = data.split("|", 2)
            return (
                len(parts) >= 2 and parts[0] in {VERSION, LEGACY_VERSION} and parts[1] == cls.KIND
            )

        return matches

    @classmethod
    def prefix_pattern(cls, *first: str) -> Callable[[object], bool]:
        """Return a pattern matching data of this kind whose first field is one of ``first``.

        The rest need not be valid: the handler then sees :func:`parse` return ``None`` and
        refuses the press itself, in its own words (a forged choice inside a conversation).
        """

        def matches(data: object) -> bool:
            if not isinstance(data, str):
                return False
            parts = data.split("|", 3)
            return (
                len(parts) == 4
                and parts[0] in {VERSION, LEGACY_VERSION}
                and parts[1] == cls.KIND
                and parts[2] in first
            )

        return matches


@dataclass(frozen=True, slots=True)
class FeedbackButton(Button):
    """👍/👎 on the answer to a logged question."""

    KIND: ClassVar[str] = "fb"
    FIELDS: ClassVar[tuple[Field, ...]] = (NUMBER, _choice({"up": True, "down": False}))

    question_id: int
    helpful: bool


@dataclass(frozen=True, slots=True)
class PickButton(Button):
    """A suggestion offered for a logged question."""

    KIND: ClassVar[str] = "pick"
    FIELDS: ClassVar[tuple[Field, ...]] = (NUMBER, ITEM_ID)

    question_id: int
    item_id: str


@dataclass(frozen=True, slots=True)
class ItemButton(Button):
    """A related item (public, not tied to a question)."""

    KIND: ClassVar[str] = "item"
    FIELDS: ClassVar[tuple[Field, ...]] = (ITEM_ID,)

    item_id: str


@dataclass(frozen=True, slots=True)
class AdviserButton(Button):
    """找法律顾问, optionally carrying the question it follows (0 for none)."""

    KIND: ClassVar[str] = "adv"
    FIELDS: ClassVar[tuple[Field, ...]] = (NUMBER_OR_ZERO,)

    question_id: int = 0


@dataclass(frozen=True, slots=True)
class NoteSkipButton(Button):
    """Skip telling what an unhelpful answer was missing."""

    KIND: ClassVar[str] = "skip"
    FIELDS: ClassVar[tuple[Field, ...]] = (NUMBER,)

    question_id: int


@dataclass(frozen=True, slots=True)
class IntakeButton(Button):
    """A choice inside the consultation intake: ``step`` and its ``value``."""

    KIND: ClassVar[str] = "in"
    FIELDS: ClassVar[tuple[Field, ...]] = (WORD, VALUE)

    step: str
    value: str

    def _valid(self) -> bool:
        return self.step in INTAKE_STEPS


LOG_STEPS: tuple[str, ...] = ("channel", "category", "outcome")
"""The steps of a tapped ``/log`` entry, in order (``bot.services.logbook.LOG_STEPS``)."""


@dataclass(frozen=True, slots=True)
class LogButton(Button):
    """A choice while recording a consultation with ``/log``: ``step`` and its ``value``."""

    KIND: ClassVar[str] = "log"
    FIELDS: ClassVar[tuple[Field, ...]] = (WORD, VALUE)

    step: str
    value: str

    def _valid(self) -> bool:
        return self.step in LOG_STEPS


LEGAL_AID_STEPS = frozenset({"start", "matter", "exempt", "proof", "file", "community"})


@dataclass(frozen=True, slots=True)
class LegalAidButton(Button):
    """A choice inside the legal-aid pre-check: ``step`` and its ``value``."""

    KIND: ClassVar[str] = "la"
    FIELDS: ClassVar[tuple[Field, ...]] = (WORD, VALUE)

    step: str
    value: str

    def _valid(self) -> bool:
        return self.step in LEGAL_AID_STEPS


MEDIATION_STEPS = frozenset({"start", "dispute", "relation", "name", "community", "confirm"})


@dataclass(frozen=True, slots=True)
class MediationButton(Button):
    """A choice inside the mediation request: ``step`` and its ``value`` (an index or word)."""

    KIND: ClassVar[str] = "md"
    FIELDS: ClassVar[tuple[Field, ...]] = (WORD, VALUE)

    step: str
    value: str

    def _valid(self) -> bool:
        return self.step in MEDIATION_STEPS


@dataclass(frozen=True, slots=True)
class FollowupButton(Button):
    """The resident's answer to the follow-up of mediation ``number``."""

    KIND: ClassVar[str] = "fu"
    FIELDS: ClassVar[tuple[Field, ...]] = (NUMBER, _choice({a: a for a in FOLLOWUP_ANSWERS}))

    number: int
    answer: str


@dataclass(frozen=True, slots=True)
class ConsultationButton(Button):
    """An action on consultation ``number``, with the action's ``value`` if it takes one."""

    KIND: ClassVar[str] = "c"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        _enum(ConsultationAction),
        NUMBER,
        Field(VALUE.regex, str, optional=True),
    )

    action: ConsultationAction
    number: int
    value: str = ""


@dataclass(frozen=True, slots=True)
class RevokeInviteButton(Button):
    """Staff: void unused invite ``number`` (from /invites)."""

    KIND: ClassVar[str] = "rinv"
    FIELDS: ClassVar[tuple[Field, ...]] = (NUMBER,)

    number: int


@dataclass(frozen=True, slots=True)
class PrivacyButton(Button):
    """A resident's own data (/privacy): export, withdraw consent, forget, confirm, cancel."""

    KIND: ClassVar[str] = "pv"
    FIELDS: ClassVar[tuple[Field, ...]] = (_enum(PrivacyAction),)

    action: PrivacyAction


@dataclass(frozen=True, slots=True)
class GapButton(Button):
    """Staff (/kb gaps): show the items an unanswered question may be attached to."""

    KIND: ClassVar[str] = "kbq"
    FIELDS: ClassVar[tuple[Field, ...]] = (GAP_KEY,)

    gap: str


@dataclass(frozen=True, slots=True)
class GapAttachButton(Button):
    """Staff (/kb gaps): attach the unanswered question ``gap`` to item ``item_id``."""

    KIND: ClassVar[str] = "kba"
    FIELDS: ClassVar[tuple[Field, ...]] = (GAP_KEY, ITEM_ID)

    gap: str
    item_id: str


@dataclass(frozen=True, slots=True)
class PublicityButton(Button):
    """A 普法 button: ``action``, with a reminder time (HHMM) for ``REMIND_AT``."""

    KIND: ClassVar[str] = "pf"
    FIELDS: ClassVar[tuple[Field, ...]] = (
        _enum(PublicityAction),
        Field(r"(?:[01][0-9]|2[0-3])[0-5][0-9]", str, optional=True),
    )

    action: PublicityAction
    value: str = ""


@dataclass(frozen=True, slots=True)
class SubscribeButton(Button):
    """A resident subscribes to 普法 campaigns (the one offer after a first good answer)."""

    KIND: ClassVar[str] = "sub"
    FIELDS: ClassVar[tuple[Field, ...]] = ()


@dataclass(frozen=True, slots=True)
class CampaignQuizButton(Button):
    """A resident takes the quiz of campaign ``number`` (under its copy: 参加竞猜)."""

    KIND: ClassVar[str] = "cq"
    FIELDS: ClassVar[tuple[Field, ...]] = (NUMBER,)

    number: int


CallbackData = (
    FeedbackButton
    | PickButton
    | ItemButton
    | AdviserButton
    | NoteSkipButton
    | IntakeButton
    | LegalAidButton
    | MediationButton
    | FollowupButton
    | ConsultationButton
    | RevokeInviteButton
    | PrivacyButton
    | GapButton
    | GapAttachButton
    | PublicityButton
    | SubscribeButton
    | CampaignQuizButton
    | LogButton
)

_KINDS: dict[str, type[CallbackData]] = {
    kind.KIND: kind
    for kind in (
        FeedbackButton,
        PickButton,
        ItemButton,
        AdviserButton,
        NoteSkipButton,
        IntakeButton,
        LegalAidButton,
        MediationButton,
        FollowupButton,
        ConsultationButton,
        RevokeInviteButton,
        PrivacyButton,
        GapButton,
        GapAttachButton,
        PublicityButton,
        SubscribeButton,
        CampaignQuizButton,
        LogButton,
    )
}

_LEGACY_ACTIONS: dict[str, dict[str, str]] = {
    ConsultationButton.KIND: {
        "claim": "claim",
        "xfer": "transfer",
        "xto": "transfer_to",
        "xno": "transfer_cancel",
        "close": "close",
        "out": "outcome",
        "rate": "rate",
        "solved": "solved",
        "leave": "leave",
        "resume": "resume",
        "end": "end",
        "endok": "end_confirmed",
    },
    PrivacyButton.KIND: {
        "export": "export",
        "withdraw": "withdraw",
        "withdrawok": "withdraw_confirmed",
        "forget": "forget",
        "forgetok": "forget_confirmed",
        "cancel": "cancel",
    },
}
"""Version-1 action codes of the kinds that had any, by kind, as the actions of today."""


def _upgrade(data: str) -> str | None:
    """Return version-1 ``data`` written as this version's, or ``None`` if it cannot be."""
    parts = data.split("|")
    if len(parts) < 2:
        return None
    renamed = _LEGACY_ACTIONS.get(parts[1])
    if renamed is not None:
        if len(parts) < 3 or parts[2] not in renamed:
            return None
        parts[2] = renamed[parts[2]]
    return "|".join([VERSION, *parts[1:]])


def parse(data: object) -> CallbackData | None:
    """Return the button that ``data`` encodes, or ``None`` when it is not valid.

    Data of the previous version (buttons on messages sent before an upgrade) is read as the
    same button of this version.
    """
    if not isinstance(data, str) or len(data.encode()) > MAX_BYTES:
        return None
    if data.startswith(LEGACY_VERSION + "|"):
        upgraded = _upgrade(data)
        if upgraded is None:
            return None
        data = upgraded
    version, _, rest = data.partition("|")
    kind = _KINDS.get(rest.partition("|")[0]) if version == VERSION else None
    return kind.parse(data) if kind is not None else None
