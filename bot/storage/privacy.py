"""What the bot holds about one resident: reading it all, forgetting it, withdrawing consent.

Forgetting keeps the rows the staff tallies count (questions and their 人次 keys, consultations,
campaign copies) with every personal field blanked and the user id replaced by a pseudonym: a
new negative id, the same for all of one person's rows, stored nowhere next to the real id.
Everything else (relayed messages, relay map, outbox copies, drafts, pending inbox updates,
consents, the 普法 subscription and its offer, the resident row) is deleted. Consultations under
an archive hold (referred to legal aid or mediation) are kept as they are, with their messages.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.storage.clock import to_db
from bot.storage.database import Database
from bot.storage.transaction import transaction

__all__ = [
    "CASE_ERASURES",
    "ERASED_SUMMARY",
    "ERASED_TEXT",
    "ForgetResult",
    "Holdings",
    "PrivacyRepository",
    "dumps_holdings",
    "new_pseudonym",
    "sql_in",
]

ERASED_TEXT = ""
"""What an erased question text becomes (the column is NOT NULL)."""
ERASED_SUMMARY = "-"
"""What an erased consultation summary becomes (the column needs a non-empty text)."""

_INBOX_USER = (
    "COALESCE(json_extract(payload, '$.message.from.id'), "
    "json_extract(payload, '$.callback_query.from.id'), "
    "json_extract(payload, '$.poll_answer.user.id'), "
    "json_extract(payload, '$.message.chat.id'))"
)

Holdings = dict[str, list[dict[str, Any]]]
"""Table-like sections of one resident's data, each a list of rows."""


@dataclass(frozen=True, slots=True)
class ForgetResult:
    """What :meth:`PrivacyRepository.forget` did."""

    pseudonym: int
    questions: int
    consultations: int
    held: tuple[int, ...]
    """Numbers of the consultations kept under an archive hold."""
    deleted_rows: int


def new_pseudonym() -> int:
    """Return a random negative id (never a Telegram user id, which is positive)."""
    return -(secrets.randbits(62) + 1)


async def _rows(
    conn: aiosqlite.Connection, sql: str, params: tuple[Any, ...]
) -> list[dict[str, Any]]:
    async with conn.execute(sql, params) as cursor:
        return [dict(row) for row in await cursor.fetchall()]


CASE_ERASURES = (
    "UPDATE legal_aid_applications SET household_size = NULL, monthly_income = NULL "
    "WHERE {ids} AND (household_size IS NOT NULL OR monthly_income IS NOT NULL)",
    "UPDATE mediation_requests SET other_party_relation = NULL, other_party_name = NULL, "
    "wanted = NULL WHERE {ids} AND (other_party_relation IS NOT NULL "
    "OR other_party_name IS NOT NULL OR wanted IS NOT NULL)",
)
"""What the retention job and /forget erase of a case kind's own answers; ``{ids}`` is the
condition on ``consultation_id`` (its parameters follow)."""


def sql_in(column: str, values: Collection[object], negation: str = "") -> str:
    """Return ``column [NOT] IN (?, ...)`` for ``values``; true or false when there are none."""
    if not values:
        return "1" if negation else "0"
    return f"{column} {negation} IN ({', '.join('?' * len(values))})"


class PrivacyRepository:
    """Reads and erases everything stored about one resident."""

    def __init__(self, db: Database) -> None:
        """Use the connection of ``db``."""
        self._db = db

    async def holdings(self, user_id: int) -> Holdings:
        """Return every row stored about ``user_id``, by section.

        Outbox notices sent to others about the resident's consultations are listed without
        their payload (what the adviser was told is the consultation and messages above).
        """
        conn = self._db.conn
        mine = "SELECT id FROM consultations WHERE resident_id = ?"
        uid = (user_id,)
        return {
            "resident": await _rows(
                conn,
                "SELECT user_id, first_seen, last_seen, language, community_id "
                "FROM residents WHERE user_id = ?",
                uid,
            ),
            "questions": await _rows(
                conn,
                "SELECT id, asked_at, text, decision, item_id, category, channel, "
                "feedback, feedback_note FROM questions WHERE user_id = ? ORDER BY id",
                uid,
            ),
            "consultations": await _rows(
                conn,
                "SELECT id, community_id, category, summary, question_text, consent, "
                "contact_name, contact_phone, urgent, status, created_at, claimed_at, "
                "closed_at, outcome, rating, resolved, channel, kind "
                "FROM consultations WHERE resident_id = ? ORDER BY id",
                uid,
            ),
            # The answers of the legal-aid pre-check and of the mediation request.
            "legal_aid_applications": await _rows(
                conn,
                "SELECT consultation_id, matter, exempt_group, proof, household_size, "
                "monthly_income, result, outcome, outcome_at FROM legal_aid_applications "
                f"WHERE consultation_id IN ({mine}) ORDER BY consultation_id",
                uid,
            ),
            "mediation_requests": await _rows(
                conn,
                "SELECT consultation_id, dispute_type, other_party_relation, other_party_name, "
                "wanted, outcome, agreement_amount, outcome_at, followup_answer "
                f"FROM mediation_requests WHERE consultation_id IN ({mine}) "
                "ORDER BY consultation_id",
                uid,
            ),
            "messages": await _rows(
                conn,
                "SELECT consultation_id, direction, kind, text, file_id, at "
                f"FROM consultation_messages WHERE consultation_id IN ({mine}) ORDER BY id",
                uid,
            ),
            "sent_to_you": await _rows(
                conn,
                "SELECT id, kind, payload, consultation_id, created_at, sent_at "
                "FROM outbox WHERE chat_id = ? ORDER BY id",
                uid,
            ),
            "notices_about_you": await _rows(
                conn,
                "SELECT id, kind, consultation_id, created_at, sent_at FROM outbox "
                f"WHERE chat_id != ? AND consultation_id IN ({mine}) ORDER BY id",
                (user_id, user_id),
            ),
            "drafts": await _rows(
                conn,
                "SELECT data, updated_at FROM persisted_user_data WHERE user_id = ?",
                uid,
            ),
            "conversations": await _rows(
                conn,
                "SELECT name, state, updated_at FROM persisted_conversations WHERE user_id = ?",
                uid,
            ),
            "pending_updates": await _rows(
                conn,
                f"SELECT update_id, payload, received_at FROM inbox WHERE {_INBOX_USER} = ?",
                uid,
            ),
            "consents": await _rows(
                conn,
                "SELECT consultation_id, granted_at, text_version, scope, withdrawn_at "
                "FROM consents WHERE resident_id = ? ORDER BY id",
                uid,
            ),
            **await _publicity_holdings(conn, user_id),
            "subscription": await _rows(
                conn,
                "SELECT subscribed_at, unsubscribed_at, reason FROM subscriptions "
                "WHERE user_id = ?",
                uid,
            ),
            "subscription_offer": await _rows(
                conn, "SELECT offered_at FROM subscription_offers WHERE user_id = ?", uid
            ),
            "campaigns_sent_to_you": await _rows(
                conn,
                "SELECT campaign_id, status, sent_at FROM campaign_sends "
                "WHERE chat_id = ? ORDER BY campaign_id",
                uid,
            ),
        }

    async def active_consultation(self, user_id: int) -> int | None:
        """Return the number of the resident's open or claimed consultation, if any."""
        async with self._db.conn.execute(
            "SELECT id FROM consultations WHERE resident_id = ? AND status != 'closed'",
            (user_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else int(row["id"])

    async def forget(
        self,
        user_id: int,
        *,
        held_outcomes: Collection[str],
        now: dt.datetime,
        pseudonym: int | None = None,
    ) -> ForgetResult:
        """Erase ``user_id``, keeping the counted rows under a pseudonym, in one transaction.

        Args:
            user_id: The resident's Telegram id.
            held_outcomes: Outcomes whose consultations are kept as they are (archive hold).
            now: The current time (the pseudonym's residents row is dated with it).
            pseudonym: The id to use (a new random negative id when omitted).

        Returns:
            What was kept and how much was deleted.
        """
        alias = new_pseudonym() if pseudonym is None else pseudonym
        if alias >= 0:
            raise ValueError(f"a pseudonym must be negative, got {alias!r}")
        holds = tuple(sorted(held_outcomes))
        stamp = to_db(now)
        deleted = 0
        async with transaction(self._db) as conn:
            held = [
                int(row["id"])
                for row in await _rows(
                    conn,
                    "SELECT id FROM consultations WHERE resident_id = ? AND status = 'closed' "
                    f"AND kind = 'consultation' AND {sql_in('outcome', holds)} ORDER BY id",
                    (user_id, *holds),
                )
            ]
            erased = [
                int(row["id"])
                for row in await _rows(
                    conn,
                    "SELECT id FROM consultations WHERE resident_id = ? "
                    f"AND {sql_in('id', held, 'NOT')}",
                    (user_id, *held),
                )
            ]
            ids = sql_in("consultation_id", erased)
            not_held = sql_in("consultation_id", held, "NOT")
            # The questions' pseudonym needs a residents row (foreign key), dated now.
            await conn.execute(
                "INSERT INTO residents (user_id, first_seen, last_seen) "
                "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM questions WHERE user_id = ?)",
                (alias, stamp, stamp, user_id),
            )
            cursor = await conn.execute(
                "UPDATE questions SET user_id = ?, text = ?, feedback_note = NULL, "
                "update_id = NULL, source_chat_id = NULL, source_message_id = NULL "
                "WHERE user_id = ?",
                (alias, ERASED_TEXT, user_id),
            )
            questions = cursor.rowcount
            # Their 人次 keys (bot.storage.person_times) are counted: kept under the pseudonym.
            await conn.execute(
                "UPDATE question_person_times SET user_id = ? WHERE user_id = ?", (alias, user_id)
            )
            # Campaign copies are counted (人次): kept under the pseudonym, like questions.
            await conn.execute(
                "UPDATE campaign_sends SET chat_id = ? WHERE chat_id = ?", (alias, user_id)
            )
            for sql in (
                f"DELETE FROM consultation_messages WHERE {ids}",
                f"DELETE FROM relay_map WHERE {ids}",
                f"DELETE FROM outbox WHERE {ids}",
            ):
                deleted += (await conn.execute(sql, erased)).rowcount
            await conn.execute(
                "UPDATE consultation_events SET actor_id = ?, detail = NULL "
                f"WHERE actor_id = ? AND {ids}",
                (alias, user_id, *erased),
            )
            for sql in CASE_ERASURES:
                await conn.execute(sql.format(ids=ids), erased)
            await conn.execute(
                "UPDATE consultations SET resident_id = ?, summary = ?, question_text = NULL, "
                "contact_name = NULL, contact_phone = NULL, urgent_reason = NULL, "
                "source_chat_id = NULL, source_message_id = NULL "
                f"WHERE {sql_in('id', erased)}",
                (alias, ERASED_SUMMARY, *erased),
            )
            for sql, params in (
                (
                    "DELETE FROM outbox WHERE chat_id = ? "
                    f"AND (consultation_id IS NULL OR {not_held})",
                    (user_id, *held),
                ),
                # 普法: the nickname and the reminder go; series and check-ins stay counted
                # under the pseudonym (updated below).
                ("DELETE FROM quiz_nicknames WHERE user_id = ?", (user_id,)),
                ("DELETE FROM checkin_reminders WHERE user_id = ?", (user_id,)),
                ("DELETE FROM persisted_user_data WHERE user_id = ?", (user_id,)),
                ("DELETE FROM subscriptions WHERE user_id = ?", (user_id,)),
                ("DELETE FROM subscription_offers WHERE user_id = ?", (user_id,)),
                ("DELETE FROM persisted_conversations WHERE user_id = ?", (user_id,)),
                (f"DELETE FROM inbox WHERE {_INBOX_USER} = ?", (user_id,)),
                (
                    "DELETE FROM consents WHERE resident_id = ? "
                    f"AND (consultation_id IS NULL OR {not_held})",
                    (user_id, *held),
                ),
            ):
                deleted += (await conn.execute(sql, params)).rowcount
            await conn.execute(
                "UPDATE quiz_series SET user_id = ?, chat_id = ? WHERE user_id = ?",
                (alias, alias, user_id),
            )
            await conn.execute(
                "UPDATE checkins SET user_id = ? WHERE user_id = ?", (alias, user_id)
            )
            deleted += (
                await conn.execute("DELETE FROM residents WHERE user_id = ?", (user_id,))
            ).rowcount
        return ForgetResult(
            pseudonym=alias,
            questions=questions,
            consultations=len(erased),
            held=tuple(held),
            deleted_rows=deleted,
        )

    async def withdraw_consent(self, user_id: int, *, now: dt.datetime) -> int:
        """Clear the contact details of the resident's consultations; mark consents withdrawn.

        The copies of the adviser's cards in the outbox lose the contact details too.

        Returns:
            How many consultations had contact details.
        """
        async with transaction(self._db) as conn:
            cursor = await conn.execute(
                "UPDATE consultations SET contact_name = NULL, contact_phone = NULL "
                "WHERE resident_id = ? AND (contact_name IS NOT NULL OR contact_phone IS NOT NULL)",
                (user_id,),
            )
            cleared = cursor.rowcount
            await conn.execute(
                "UPDATE outbox SET payload = json_set(payload, '$.contact_name', NULL, "
                "'$.contact_phone', NULL) WHERE consultation_id IN "
                "(SELECT id FROM consultations WHERE resident_id = ?) "
                "AND (json_extract(payload, '$.contact_name') IS NOT NULL "
                "OR json_extract(payload, '$.contact_phone') IS NOT NULL)",
                (user_id,),
            )
            await conn.execute(
                "UPDATE consents SET withdrawn_at = ? WHERE resident_id = ? "
                "AND withdrawn_at IS NULL",
                (to_db(now), user_id),
            )
        return cleared


async def _publicity_holdings(conn: aiosqlite.Connection, user_id: int) -> Holdings:
    """The resident's 普法 rows: quiz series and answers, nickname, check-ins, reminder."""
    uid = (user_id,)
    return {
        "quiz_series": await _rows(
            conn,
            "SELECT id, started_at, plan, total, score, finished_at, campaign_id FROM quiz_series "
            "WHERE user_id = ? ORDER BY id",
            uid,
        ),
        "quiz_answers": await _rows(
            conn,
            "SELECT series_id, position, quiz_id, correct_option, chosen_option, sent_at, "
            "answered_at FROM quiz_polls WHERE series_id IN "
            "(SELECT id FROM quiz_series WHERE user_id = ?) ORDER BY series_id, position",
            uid,
        ),
        "quiz_nickname": await _rows(
            conn, "SELECT nickname, set_at FROM quiz_nicknames WHERE user_id = ?", uid
        ),
        "checkins": await _rows(
            conn,
            "SELECT local_date, item_id, checked_at FROM checkins WHERE user_id = ? "
            "ORDER BY local_date",
            uid,
        ),
        "checkin_reminder": await _rows(
            conn, "SELECT remind_at, set_at FROM checkin_reminders WHERE user_id = ?", uid
        ),
    }


def dumps_holdings(holdings: Holdings) -> str:
    """Return ``holdings`` as indented UTF-8 JSON, stored JSON texts decoded."""
    decoded = {
        section: [
            {
                key: json.loads(value)
                if key in {"payload", "data", "state"} and isinstance(value, str)
                else value
                for key, value in row.items()
            }
            for row in rows
        ]
        for section, rows in holdings.items()
    }
    return json.dumps(decoded, ensure_ascii=False, indent=2, sort_keys=True)
