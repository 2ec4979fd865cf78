"""Checking and cleaning what a resident gives when filing a consultation."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.services.errors import InvalidInput
from bot.services.minors import says_under_14
from bot.services.urgency import detect_urgency

__all__ = ["MAX_CONTACT_NAME_CHARS", "MAX_SUMMARY_CHARS", "Intake", "clean_intake", "valid_phone"]

MAX_SUMMARY_CHARS = 2000
MAX_CONTACT_NAME_CHARS = 50
_PHONE = re.compile(r"^[0-9+\- ]{7,20}$")
_MOBILE_DIGITS = 11


@dataclass(frozen=True, slots=True)
class Intake:
    """A consultation request's free-text parts, cleaned, and its urgency reason if any.

    ``minor``: the resident says they are under 14 (no contact details are then taken).
    """

    summary: str
    question_text: str | None
    contact_name: str | None
    contact_phone: str | None
    urgent_reason: str | None
    minor: bool = False


def valid_phone(text: str) -> bool:
    """Return whether ``text`` looks like a phone number: 7-20 digits, ``+``, ``-``, spaces.

    A mainland mobile number (1 and ten more digits, ``+86`` before it or not) must be whole:
    「1380000000」 with a digit left out is refused, so the adviser is not given a wrong number.
    """
    phone = text.strip()
    if not _PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 7:
        return False
    digits = "".join(ch for ch in phone if ch.isdigit()).removeprefix("86" if "+" in phone else "")
    return not digits.startswith("1") or len(digits) == _MOBILE_DIGITS


def clean_intake(
    summary: str,
    *,
    consent: bool,
    contact_name: str | None,
    contact_phone: str | None,
    question_text: str | None,
    today: dt.date | None = None,
) -> Intake:
    """Check and clean a consultation request.

    Args:
        summary: What the resident needs help with (1-2000 characters once stripped).
        consent: Whether they agreed to share contact details with the adviser.
        contact_name: Name to be addressed by (at most 50 characters; only with consent).
        contact_phone: Phone number (see :func:`valid_phone`; only with consent).
            Neither is taken, nor consent, from a resident under 14 (PIPL Art. 31): a
            guardian files for them or they are reached through the bot only.
        question_text: The question the request came from (kept up to 2000 characters).
        today: The resident's local date by the app's clock, for the days the text names
            (「判决书是9月22号收到的」); the machine's date when not given.

    Returns:
        The cleaned values; blank contact fields become ``None``.

    Raises:
        InvalidInput: A value is not acceptable; ``field`` names it.
    """
    clean_summary = summary.strip()
    if not clean_summary or len(clean_summary) > MAX_SUMMARY_CHARS:
        raise InvalidInput(
            f"summary must be 1-{MAX_SUMMARY_CHARS} characters, got {len(clean_summary)}",
            field="summary",
        )
    name = " ".join(contact_name.split()) if contact_name else ""
    phone = contact_phone.strip() if contact_phone else ""
    if not consent and (name or phone):
        raise InvalidInput("contact details need the resident's consent", field="consent")
    question = question_text.strip()[:MAX_SUMMARY_CHARS] if question_text else ""
    minor = says_under_14(clean_summary, question)
    if minor and consent:
        raise InvalidInput("a resident under 14 cannot consent on their own", field="consent")
    if len(name) > MAX_CONTACT_NAME_CHARS:
        raise InvalidInput(f"contact name is too long: {name!r}", field="contact_name")
    if phone and not valid_phone(phone):
        raise InvalidInput(f"not a phone number: {phone!r}", field="contact_phone")
    return Intake(
        summary=clean_summary,
        question_text=question or None,
        contact_name=name or None,
        contact_phone=phone or None,
        urgent_reason=detect_urgency(clean_summary, question, today=today),
        minor=minor,
    )
