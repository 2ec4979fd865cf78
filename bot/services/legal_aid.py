"""The legal-aid pre-check (Legal Aid Law 2022) and the pre-application it may file.

The pre-check asks only what decides eligibility: the kind of matter (criminal defence, Art 24,
or a civil or administrative matter of Art 31), a case exempt from the means test (Art 32), proof
that spares the hardship check (Art 42), and the household's income against the local hardship
standard (Art 34: set by the province; a setting, never guessed). Its result is a likelihood,
never a decision: only the legal-aid office decides (Art 43, within 7 days of the application).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.services.consultations import ConsultationService, Opened
from bot.services.errors import InvalidInput
from bot.storage.cases import CaseRepository, LegalAidDetails
from bot.storage.database import Database
from bot.storage.keys import MessageKey
from bot.storage.transaction import transaction

__all__ = [
    "EXEMPT_GROUPS",
    "MATTERS",
    "NONE_OF_THEM",
    "PROOFS",
    "Eligibility",
    "LegalAidAnswers",
    "LegalAidService",
    "assess",
    "case_class",
]


class Eligibility(StrEnum):
    """What the pre-check says (a likelihood: the office decides)."""

    LIKELY = "likely"
    CHECK = "check"
    UNLIKELY = "unlikely"


MATTERS: tuple[str, ...] = (
    "criminal",  # Art 24: defence of a suspect or defendant
    "state_compensation",  # Art 31 (1)
    "social_insurance",  # Art 31 (2): social insurance benefits or social assistance
    "pension",  # Art 31 (3): 抚恤金
    "support",  # Art 31 (4): 赡养费、抚养费、扶养费
    "labour",  # Art 31 (5): labour relation or pay
    "capacity",  # Art 31 (6): declaring incapacity
    "injury",  # Art 31 (7): work, traffic, food and drug, medical injury
    "environment",  # Art 31 (8)
    "other",  # Art 31 (9) or none: local rules may widen the list
)
"""The kinds of matter, in the order they are offered (labels: ``texts.LEGAL_AID_MATTERS``)."""
NONE_OF_THEM = "none"
"""The answer 「以上都不是」 of the steps that list cases (exempt groups, proofs)."""
EXEMPT_GROUPS: tuple[str, ...] = ("martyr", "samaritan", "retrial", "abuse", NONE_OF_THEM)
"""Art 32 (1)-(4): heroes' and martyrs' close relatives, good Samaritans, acquitted on retrial
claiming state compensation, victims of abuse, abandonment or domestic violence."""
PROOFS: tuple[str, ...] = ("dependent", "assistance", "migrant", NONE_OF_THEM)
"""Art 42 (1)-(3): minors, elderly or disabled people without a fixed income; recipients of
social assistance (低保, 特困), judicial assistance or special care; migrant workers claiming pay
or work-injury compensation."""
_MIGRANT_MATTERS = frozenset({"labour", "injury"})
MAX_HOUSEHOLD = 30
MAX_INCOME = 10_000_000


def case_class(matter: str) -> str:
    """Return the ledger's class of a matter: ``criminal``, ``administrative`` or ``civil``.

    Criminal defence is criminal; state compensation and social insurance or assistance
    claims are brought against the state (administrative); the other Art 31 matters are civil.
    """
    if matter == "criminal":
        return "criminal"
    if matter in {"state_compensation", "social_insurance"}:
        return "administrative"
    return "civil"


@dataclass(frozen=True, slots=True)
class LegalAidAnswers:
    """The resident's answers to the pre-check."""

    matter: str
    exempt_group: str
    proof: str
    household_size: int
    monthly_income: int
    """The household's total income a month, in yuan (the floor of a rough figure)."""
    monthly_income_ceiling: int | None = None
    """The top of a rough figure (「三千多」: 3000 to 3999), ``None`` when it was exact."""

    def __post_init__(self) -> None:
        """Refuse values the pre-check never offers."""
        for name, value, allowed in (
            ("matter", self.matter, MATTERS),
            ("exempt_group", self.exempt_group, EXEMPT_GROUPS),
            ("proof", self.proof, PROOFS),
        ):
            if value not in allowed:
                raise InvalidInput(f"unknown {name} {value!r}", field=name)
        if not 1 <= self.household_size <= MAX_HOUSEHOLD:
            raise InvalidInput(f"household of {self.household_size!r}", field="household_size")
        if not 0 <= self.monthly_income <= MAX_INCOME:
            raise InvalidInput(f"income of {self.monthly_income!r}", field="monthly_income")
        ceiling = self.monthly_income_ceiling
        if ceiling is not None and not self.monthly_income <= ceiling <= MAX_INCOME:
            raise InvalidInput(f"income up to {ceiling!r}", field="monthly_income")

    @property
    def income_is_rough(self) -> bool:
        """Whether the income is a range (「三千多」) rather than one figure."""
        ceiling = self.monthly_income_ceiling
        return ceiling is not None and ceiling > self.monthly_income

    @property
    def proof_counts(self) -> bool:
        """Whether the proof spares the hardship check for this matter (Art 42)."""
        if self.proof == "migrant":
            return self.matter in _MIGRANT_MATTERS
        return self.proof != NONE_OF_THEM


def assess(answers: LegalAidAnswers, income_standard: int | None) -> Eligibility:
    """Say how likely legal aid is.

    Args:
        answers: The pre-check answers.
        income_standard: The local hardship standard, yuan per person per month (``None``:
            not configured, so a means test can only be checked with the office).

    Returns:
        ``LIKELY`` when the matter is covered and the means test is waived (Art 32) or spared
        (Art 42) or met; ``CHECK`` when the matter is not one the law lists (local rules may
        add it), the standard is unknown or a rough income lies on both sides of it;
        ``UNLIKELY`` when the income per person is above it.
    """
    if answers.matter == "other":
        return Eligibility.CHECK
    if answers.exempt_group != NONE_OF_THEM or answers.proof_counts:
        return Eligibility.LIKELY
    if income_standard is None:
        return Eligibility.CHECK
    per_person = answers.monthly_income / answers.household_size
    if per_person > income_standard:
        return Eligibility.UNLIKELY
    top = answers.monthly_income_ceiling
    if top is not None and top / answers.household_size > income_standard:
        return Eligibility.CHECK  # 「三千多」 a month: either side of the standard
    return Eligibility.LIKELY


class LegalAidService:
    """The pre-check, and the pre-application filed through the consultation machinery."""

    def __init__(
        self,
        db: Database,
        consultations: ConsultationService,
        cases: CaseRepository,
        *,
        income_standard: int | None,
    ) -> None:
        """Use the consultation use cases to file; ``income_standard`` as :func:`assess`."""
        self._db = db
        self._consultations = consultations
        self._cases = cases
        self.income_standard = income_standard

    def assess(self, answers: LegalAidAnswers) -> Eligibility:
        """Return the pre-check's result under the configured standard (see :func:`assess`)."""
        return assess(answers, self.income_standard)

    async def file(
        self,
        resident_id: int,
        community_id: str,
        answers: LegalAidAnswers,
        summary: str,
        *,
        source: MessageKey | None = None,
    ) -> Opened:
        """File a pre-application with the resident's consent: a ``legal_aid`` case.

        It goes to the legal-aid staff (else the community's queue) and is claimed, answered
        and closed like a consultation; the pre-check answers are stored beside it.

        Raises:
            InvalidInput: A value is not acceptable.
            Conflict: The resident already has an active case (``ACTIVE_EXISTS``).
        """
        async with transaction(self._db):
            opened = await self._consultations.open_consultation(
                resident_id,
                community_id,
                "legal_aid",
                summary,
                consent=False,
                source=source,
                kind="legal_aid",
            )
            if not opened.duplicate:
                details = LegalAidDetails(
                    matter=answers.matter,
                    exempt_group=answers.exempt_group,
                    proof=answers.proof,
                    household_size=answers.household_size,
                    monthly_income=answers.monthly_income,
                    result=self.assess(answers).value,
                )
                await self._cases.add_legal_aid(opened.consultation.id, details)
        return opened
