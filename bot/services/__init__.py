"""Use cases of the bot, free of Telegram: they take and return plain models."""

import ast
import importlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported on first use (``__getattr__``): ask and triage need none of them
    from bot.services.advisers import DEFAULT_INVITE_TTL, AdviserService, IssuedInvite, Role
    from bot.services.case_outcomes import CASE_OUTCOMES, CaseOutcome, case_outcome, outcomes_for
    from bot.services.consultation_reads import History, TransferTargets, Worklist
    from bot.services.consultations import (
        CONSENT_SCOPE,
        OUTCOME_LABELS,
        ConsultationService,
        HandledBy,
        Opened,
        Outcome,
    )
    from bot.services.delivery import DeliveryService
    from bot.services.errors import (
        AccessDenied,
        ClaimHolder,
        Conflict,
        ConflictReason,
        DenialReason,
        InvalidInput,
        NotFound,
        ServiceError,
        database_locked,
    )
    from bot.services.escalation import (
        Deactivated,
        DueEscalation,
        EscalationRun,
        EscalationService,
    )
    from bot.services.intake import MAX_SUMMARY_CHARS, valid_phone
    from bot.services.legal_aid import (
        EXEMPT_GROUPS,
        MATTERS,
        NONE_OF_THEM,
        PROOFS,
        Eligibility,
        LegalAidAnswers,
        LegalAidService,
    )
    from bot.services.mediation import (
        FOLLOWUP_ANSWERS,
        MediationRequest,
        MediationService,
        dispute_category,
    )
    from bot.services.minors import says_under_14
    from bot.services.notices import (
        NOTICE_MODELS,
        ClaimedNotice,
        ClosedNotice,
        ConsultationCard,
        FollowupRequest,
        InviteRedeemedNotice,
        MessageNotice,
        NoticeKind,
        RatingRequest,
        ReleasedNotice,
        TransferNotice,
        parse_notice,
    )
    from bot.services.periods import PERIOD_HELP, Period, parse_period
    from bot.services.questions import MAX_QUESTION_CHARS, Asked, QuestionService
    from bot.services.relay import Relayed, RelayService
    from bot.services.stats import StatsService
    from bot.services.stats_models import Backlog, ConsultationRow, Count, Digest, StatsReport
    from bot.services.urgency import detect_urgency, rule_kinds, urgency_kinds
    from bot.services.wiring import ConsultationServices, build_consultation_services
    from bot.storage.clock import Clock
    from bot.storage.consultations import Consultation
    from bot.storage.keys import MessageKey
    from bot.storage.outbox import OutboxMessage

__all__ = [
    "CASE_OUTCOMES",
    "CONSENT_SCOPE",
    "DEFAULT_INVITE_TTL",
    "EXEMPT_GROUPS",
    "FOLLOWUP_ANSWERS",
    "MATTERS",
    "MAX_QUESTION_CHARS",
    "MAX_SUMMARY_CHARS",
    "NONE_OF_THEM",
    "NOTICE_MODELS",
    "OUTCOME_LABELS",
    "PERIOD_HELP",
    "PROOFS",
    "AccessDenied",
    "AdviserService",
    "Asked",
    "Backlog",
    "CaseOutcome",
    "ClaimHolder",
    "ClaimedNotice",
    "Clock",
    "ClosedNotice",
    "Conflict",
    "ConflictReason",
    "Consultation",
    "ConsultationCard",
    "ConsultationRow",
    "ConsultationService",
    "ConsultationServices",
    "Count",
    "Deactivated",
    "DeliveryService",
    "DenialReason",
    "Digest",
    "DueEscalation",
    "Eligibility",
    "EscalationRun",
    "EscalationService",
    "FollowupRequest",
    "HandledBy",
    "History",
    "InvalidInput",
    "InviteRedeemedNotice",
    "IssuedInvite",
    "LegalAidAnswers",
    "LegalAidService",
    "MediationRequest",
    "MediationService",
    "MessageKey",
    "MessageNotice",
    "NotFound",
    "NoticeKind",
    "Opened",
    "OutboxMessage",
    "Outcome",
    "Period",
    "QuestionService",
    "RatingRequest",
    "RelayService",
    "Relayed",
    "ReleasedNotice",
    "Role",
    "ServiceError",
    "StatsReport",
    "StatsService",
    "TransferNotice",
    "TransferTargets",
    "Worklist",
    "build_consultation_services",
    "case_outcome",
    "database_locked",
    "detect_urgency",
    "dispute_category",
    "outcomes_for",
    "parse_notice",
    "parse_period",
    "rule_kinds",
    "says_under_14",
    "urgency_kinds",
    "valid_phone",
]


def __getattr__(name: str) -> object:
    """Import the use case module that exports ``name`` when it is first asked for.

    The command line's ``ask`` and ``triage`` (and ``bot.services.urgency``) then start
    without importing every use case, the storage and the settings they bring.
    """
    module = _homes().get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def _homes() -> dict[str, str]:
    """Return the module of each exported name, as the ``TYPE_CHECKING`` imports above say."""
    if not _HOMES:
        tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or node.module is None:
                continue
            module = node.module
            if module.startswith("bot."):
                _HOMES.update({alias.asname or alias.name: module for alias in node.names})
    return _HOMES


_HOMES: dict[str, str] = {}
