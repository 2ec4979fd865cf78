"""What the bot does with a ranked query: answer with one item, suggest several, or not know."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.models import Decision

__all__ = ["Evidence", "Thresholds", "decide"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision thresholds on the combined score; chosen from benchmark figures (README)."""

    answer: float = 0.40
    """Top score at or above which the bot may answer with one item..."""
    lead: float = 1.2
    """...provided it is at least this many times the runner-up's score."""
    corroborated: float = 0.35
    """A lower answer floor for a top candidate the term rank also puts first (with the lead
    above): two readings of the words agree, so thinner evidence suffices."""
    sure: float = 0.80
    """Top score at which the bot answers with a smaller lead over the runner-up..."""
    sure_lead: float = 1.08
    """...this many times the runner-up's score (a near tie is never answered), provided the
    term rank puts it first too: a thin lead the words disagree with is only a suggestion."""
    suggest: float = 0.20
    """Top score at or above which the bot offers candidates instead of saying it does not know."""
    known_share: float = 0.20
    """Below this share of query weight known to the index, the query is out of scope."""
    rerank_depth: int = 8
    """How many index candidates are rescored."""
    also_share: float = 0.5
    """With an answer, runners-up scoring at least this share of the top are offered beside it."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the decision reads of a ranked query besides the candidates' scores."""

    base: float
    """The top candidate's score without the character model's share (``Signals.base``)."""
    known_share: float
    """The share of the query's weight the index knows."""
    out_of_scope: Sequence[str] = ()
    """Subjects the knowledge base does not cover, named where the resident asks."""
    about_the_bot: Sequence[str] = ()
    """Phrases asking the bot what it is (你是机器人吗), named where the resident asks: no item
    answers them, however strongly the adviser's item matches 机器人 or 真人."""
    corroborated: bool = False
    """Whether the term rank (BM25 over the query's words) puts the top candidate first too."""


def decide(scores: Sequence[float], evidence: Evidence, limits: Thresholds) -> tuple[Decision, str]:
    """Return the decision and the rule that made it (for ``explain``).

    ``evidence.base`` is the top candidate's score without the character model's share: the
    model orders candidates and widens a lead, but only the evidence of the index, the sample
    questions and the keywords can make a question in scope and answerable.

    Args:
        scores: The candidates' combined scores, best first.
        evidence: What else the decision reads (see ``Evidence``).
        limits: The thresholds.
    """
    if not scores:
        return Decision.UNKNOWN, "nothing matched"
    if evidence.known_share < limits.known_share:
        return (
            Decision.UNKNOWN,
            f"known share {evidence.known_share:.2f} < {limits.known_share}",
        )
    base = evidence.base
    top = scores[0]
    runner_up = scores[1] if len(scores) > 1 else 0.0
    if evidence.about_the_bot:
        return Decision.UNKNOWN, f"about the bot ({'、'.join(evidence.about_the_bot)})"
    if evidence.out_of_scope and base < limits.sure:
        return Decision.UNKNOWN, f"out of scope ({'、'.join(evidence.out_of_scope)})"
    leads = top >= limits.lead * runner_up
    floor = limits.corroborated if evidence.corroborated else limits.answer
    if base < floor:
        if top >= limits.suggest:
            return Decision.SUGGEST, f"evidence {base:.2f} < answer {floor}"
        return Decision.UNKNOWN, f"top {top:.2f} < suggest {limits.suggest}"
    if top >= limits.sure and top >= limits.sure_lead * runner_up:
        if leads or evidence.corroborated:
            return (
                Decision.ANSWER,
                f"top {top:.2f} >= sure {limits.sure}, lead x{limits.sure_lead}",
            )
        return Decision.SUGGEST, f"lead under x{limits.lead} and the term rank puts another first"
    if top >= floor and leads:
        if base < limits.answer:
            return (
                Decision.ANSWER,
                f"evidence {base:.2f} >= {limits.corroborated} with the term rank, "
                f"lead x{limits.lead}",
            )
        return Decision.ANSWER, f"top {top:.2f} >= {limits.answer}, lead x{limits.lead}"
    if top >= limits.suggest:
        return Decision.SUGGEST, f"top {top:.2f} vs runner-up {runner_up:.2f}: lead too thin"
    return Decision.UNKNOWN, f"top {top:.2f} < suggest {limits.suggest}"
