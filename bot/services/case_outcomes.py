"""How a legal-aid pre-application or a mediation request ends, and its consultation outcome.

A case of kind ``legal_aid`` or ``mediation`` is closed with an outcome of its own (recorded in
its detail table); the consultation itself is closed with the :class:`Outcome` that outcome
stands for, so the consultation tallies count it as before (see docs/counting.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import texts

__all__ = ["CASE_OUTCOMES", "CaseOutcome", "case_outcome", "outcomes_for"]


_PREFIXES = {"legal_aid": "la", "mediation": "md"}


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    """One way a case of a kind ends."""

    kind: str
    value: str
    """As stored in the kind's detail table (``accepted``, ``success``…)."""
    outcome: str
    """The consultation's outcome it stands for (an ``Outcome`` value)."""

    @property
    def button(self) -> str:
        """The value of its button (``la_accepted``, ``md_success``…)."""
        return f"{_PREFIXES[self.kind]}_{self.value}"

    @property
    def label(self) -> str:
        """Its Chinese label."""
        return texts.CASE_OUTCOMES[self.kind][self.value]


CASE_OUTCOMES: dict[str, tuple[CaseOutcome, ...]] = {
    "legal_aid": (
        CaseOutcome("legal_aid", "accepted", "legal_aid"),
        CaseOutcome("legal_aid", "not_accepted", "other"),
        CaseOutcome("legal_aid", "referred", "petition_other"),
    ),
    "mediation": (
        CaseOutcome("mediation", "success", "mediation"),
        CaseOutcome("mediation", "failed", "mediation"),
        CaseOutcome("mediation", "litigation", "arbitration_litigation"),
        CaseOutcome("mediation", "judicial_confirmation", "mediation"),
    ),
}
"""The outcomes of each kind, in the order they are offered."""


def outcomes_for(kind: str) -> tuple[CaseOutcome, ...]:
    """Return the outcomes a case of ``kind`` is closed with (none for a consultation)."""
    return CASE_OUTCOMES.get(kind, ())


def case_outcome(kind: str, button: str) -> CaseOutcome | None:
    """Return the outcome of ``kind`` whose button value is ``button``, if any."""
    return next((outcome for outcome in outcomes_for(kind) if outcome.button == button), None)
