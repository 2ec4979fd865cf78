"""Plain-text renderings of the tallies (no HTML): the CLI's table and reusable by the bot."""

from __future__ import annotations

import datetime as dt

from bot.services.stats_models import Backlog, Count, Digest, StatsReport
from bot.texts.reports import (
    DECISION_LABELS,
    LEGAL_AID_NOTE,
    PUBLICITY_TEXT,
    TEXT,
    channel_label,
    date_label,
    moment_label,
    month_label,
    period_label,
    zone_label,
)

__all__ = ["format_digest_text", "format_report_text"]

_INDENT = "  "


def format_report_text(report: StatsReport, *, months: bool = True) -> str:
    """Return a compact Chinese summary of ``report`` as plain text.

    Args:
        report: The summary to show.
        months: Include the month-by-month lines (only when the period spans several months).

    Returns:
        Newline-separated lines; breakdowns list non-zero entries only.
    """
    period = report.period
    self_service, consultations = report.self_service, report.consultations
    decisions = TEXT["separator"].join(
        TEXT["decision"].format(label=DECISION_LABELS[key], n=n)
        for key, n in (
            ("answer", self_service.answered),
            ("suggest", self_service.suggested),
            ("unknown", self_service.unknown),
        )
    )
    referrals = TEXT["separator"].join(
        TEXT["referral"].format(label=c.label, n=c.count) for c in report.referrals.by_outcome
    )
    lines = [
        TEXT["title"].format(period=period_label(period)),
        TEXT["span"].format(
            start=date_label(period.start),
            end=date_label(period.last_day),
            tz=zone_label(period.timezone),
        ),
        "",
        TEXT["total"].format(n=report.legal_consultation_person_times),
        TEXT["self_service"].format(
            n=self_service.person_times, questions=self_service.questions, decisions=decisions
        ),
        TEXT["consultations"].format(
            n=consultations.total, closed=consultations.closed, urgent=consultations.urgent
        ),
        TEXT["legal_aid_category"].format(aid=consultations.legal_aid_category),
        *_case_lines(report),
        TEXT["referrals"].format(n=report.referrals.total, parts=referrals),
        TEXT["timing"].format(
            claim=_hours(consultations.median_hours_to_claim),
            close=_hours(consultations.median_hours_to_close),
        ),
        _rating_line(report),
        _backlog_line(report.backlog, period.tz),
    ]
    lines += _breakdown(TEXT["by_community"], consultations.by_community)
    lines += _breakdown(TEXT["by_category"], consultations.by_category)
    lines += _breakdown(TEXT["by_outcome"], consultations.by_outcome)
    channels = [
        Count(key=c.key, label=channel_label(c.key), count=c.count) for c in report.by_channel
    ]
    lines += _breakdown(TEXT["by_channel"], channels)
    if months and len(report.monthly) > 1:
        lines += ["", TEXT["monthly"]]
        months_shown = [month_label(row.month) for row in report.monthly]
        width = max(_width(month) for month in months_shown)
        lines += [
            TEXT["month_row"].format(
                month=month + " " * (width - _width(month)),
                person_times=row.self_service_person_times,
                questions=row.questions,
                consultations=row.consultations,
                referrals=row.referrals,
            )
            for month, row in zip(months_shown, report.monthly, strict=True)
        ]
    if report.top_unanswered:
        lines += ["", TEXT["unanswered"]]
        lines += [
            TEXT["unanswered_row"].format(
                rank=rank, text=_one_line(q.text), n=q.count, residents=q.residents
            )
            for rank, q in enumerate(report.top_unanswered, start=1)
        ]
    if report.unanswered_single:
        lines += ["", TEXT["unanswered_single"]]
        lines.append(
            TEXT["separator"].join(
                TEXT["category_count"].format(label=c.label, n=c.count)
                for c in report.unanswered_single
            )
        )
    lines += _publicity_lines(report)
    lines += _campaign_lines(report)
    lines += ["", TEXT["note"].format(note=LEGAL_AID_NOTE)]
    return "\n".join(lines)


def _publicity_lines(report: StatsReport) -> list[str]:
    """The 普法 section: quizzes and check-ins (other 普法 figures add their own lines)."""
    figures = report.publicity
    average = _average(figures.average_score)
    return [
        "",
        PUBLICITY_TEXT["title"],
        PUBLICITY_TEXT["quiz"].format(
            people=figures.quiz_participants,
            series=figures.quiz_series,
            average=average,
            per=figures.questions_per_series,
        ),
        PUBLICITY_TEXT["checkins"].format(n=figures.checkins),
        PUBLICITY_TEXT["campaign_quiz"].format(
            people=figures.campaign_quiz_takers,
            average=_average(figures.campaign_quiz_average),
        ),
    ]


def _average(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else PUBLICITY_TEXT["no_average"]


def format_digest_text(digest: Digest, tz: dt.tzinfo) -> str:
    """Return the daily digest as plain text (times shown in ``tz``)."""
    return "\n".join(
        [
            TEXT["digest_title"].format(day=date_label(digest.day)),
            TEXT["digest_self"].format(
                n=digest.self_service_person_times, questions=digest.questions
            ),
            TEXT["digest_new"].format(n=digest.new_consultations),
            TEXT["digest_closed"].format(n=digest.closed_consultations, referrals=digest.referrals),
            TEXT["digest_cases"].format(
                aid=digest.legal_aid_applications, mediation=digest.mediation_requests
            ),
            _backlog_line(digest.backlog, tz),
        ]
    )


def _case_lines(report: StatsReport) -> list[str]:
    """The legal-aid and mediation lines (counting rules 11 and 12), if the report has them."""
    if report.cases is None:
        return []
    aid, mediation = report.cases.legal_aid, report.cases.mediation
    rate = mediation.success_rate
    return [
        TEXT["legal_aid_cases"].format(
            n=aid.applications,
            people=aid.applicants,
            special=aid.special_groups,
            accepted=aid.by_outcome["accepted"],
            **aid.by_class,
        ),
        TEXT["mediation_cases"].format(
            n=mediation.cases,
            closed=mediation.closed,
            success=mediation.success,
            rate=f"{rate:.1%}" if rate is not None else TEXT["none"],
            amount=mediation.agreement_amount,
        ),
        TEXT["mediation_sources"].format(
            sources="、".join(
                TEXT["mediation_source"].format(source=source, n=n)
                for source, n in mediation.by_source.items()
            )
        ),
    ]


def _rating_line(report: StatsReport) -> str:
    c = report.consultations
    if not c.rated and not c.resolved_answered:
        return TEXT["no_rating"]
    share = f"{c.resolved_share:.1%}" if c.resolved_share is not None else TEXT["none"]
    average = f"{c.average_rating:.2f}" if c.average_rating is not None else TEXT["none"]
    return TEXT["rating"].format(
        rated=c.rated, average=average, share=share, resolved=c.resolved, asked=c.resolved_answered
    )


def _backlog_line(backlog: Backlog, tz: dt.tzinfo) -> str:
    return TEXT["backlog"].format(
        as_of=moment_label(backlog.as_of.astimezone(tz)),
        active=backlog.active,
        unclaimed=backlog.unclaimed,
        remind=backlog.overdue_remind,
        escalate=backlog.overdue_escalate,
    )


def _breakdown(title: str, counts: list[Count]) -> list[str]:
    shown = [c for c in counts if c.count]
    if not shown:
        return []
    width = max(_width(c.label) for c in shown)
    lines = ["", title]
    for c in sorted(shown, key=lambda c: -c.count):
        lines.append(f"{_INDENT}{c.label}{' ' * (width - _width(c.label))}  {c.count}")
    return lines


def _hours(value: float | None) -> str:
    """A median in hours: 暂无 when nothing was measured, the minutes when under an hour."""
    if value is None:
        return TEXT["none"]
    minutes = round(value * 60)
    if minutes >= 60:
        return TEXT["hours"].format(n=value)
    return TEXT["under_an_hour"].format(n=minutes) if minutes >= 1 else TEXT["under_a_minute"]


def _one_line(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _width(text: str) -> int:
    """Return the display width in a terminal: CJK and full-width characters take two cells."""
    return sum(2 if ord(char) >= 0x1100 else 1 for char in text)


def _campaign_lines(report: StatsReport) -> list[str]:
    """The 普法 section's campaign line: 场次 and 人次."""
    publicity = report.publicity
    return [
        TEXT["publicity_campaigns"].format(
            campaigns=publicity.campaigns, person_times=publicity.person_times
        ),
    ]
