"""The legal-aid pre-check's rules (Legal Aid Law 2022 Arts 31, 32, 34, 42)."""

from __future__ import annotations

import pytest

from bot.services import Eligibility, InvalidInput, LegalAidAnswers
from bot.services.legal_aid import assess, case_class


def answers(
    matter: str = "labour",
    exempt: str = "none",
    proof: str = "none",
    size: int = 3,
    income: int = 3000,
) -> LegalAidAnswers:
    return LegalAidAnswers(matter, exempt, proof, size, income)


def test_income_per_person_at_or_below_the_standard_is_likely() -> None:
    assert assess(answers(size=3, income=3000), 1000) is Eligibility.LIKELY
    assert assess(answers(size=3, income=3003), 1000) is Eligibility.UNLIKELY


def test_a_rough_income_on_both_sides_of_the_standard_needs_checking() -> None:
    def rough(low: int, high: int) -> LegalAidAnswers:
        return LegalAidAnswers("labour", "none", "none", 3, low, monthly_income_ceiling=high)

    assert assess(rough(3000, 3999), 1000) is Eligibility.CHECK  # 「三千多」, three people
    assert assess(rough(2000, 2999), 1000) is Eligibility.LIKELY  # 「两千多」: under it all
    assert assess(rough(4000, 4999), 1000) is Eligibility.UNLIKELY  # 「四千多」: over it all
    with pytest.raises(InvalidInput):
        rough(3000, 2999)


def test_without_a_configured_standard_the_means_test_is_left_to_the_office() -> None:
    assert assess(answers(income=0), None) is Eligibility.CHECK


def test_art_32_groups_are_not_means_tested() -> None:
    assert assess(answers(exempt="abuse", income=90_000), 1000) is Eligibility.LIKELY
    assert assess(answers(exempt="abuse", income=90_000), None) is Eligibility.LIKELY


def test_art_42_proof_spares_the_hardship_check() -> None:
    assert assess(answers(proof="assistance", income=90_000), 1000) is Eligibility.LIKELY


def test_the_migrant_worker_proof_counts_only_for_pay_or_work_injury() -> None:
    assert assess(answers("labour", proof="migrant", income=9000), 1000) is Eligibility.LIKELY
    assert assess(answers("support", proof="migrant", income=9000), 1000) is Eligibility.UNLIKELY


def test_a_matter_the_law_does_not_list_needs_checking_not_refusal() -> None:
    assert assess(answers("other", exempt="abuse", income=0), 1000) is Eligibility.CHECK


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("matter", {"matter": "divorce"}),
        ("exempt_group", {"exempt": "vip"}),
        ("proof", {"proof": "x"}),
        ("household_size", {"size": 0}),
        ("monthly_income", {"income": -1}),
    ],
)
def test_values_the_pre_check_never_offers_are_refused(
    field: str, kwargs: dict[str, object]
) -> None:
    with pytest.raises(InvalidInput) as raised:
        answers(**kwargs)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_case_classes_of_the_ledger() -> None:
    assert case_class("criminal") == "criminal"
    assert case_class("state_compensation") == case_class("social_insurance") == "administrative"
    assert case_class("labour") == case_class("support") == "civil"
