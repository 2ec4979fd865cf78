"""Known data for the tally tests: every figure the tests assert is worked out here by hand.

Times are UTC as stored; Asia/Shanghai is UTC+8, so 16:00Z is local midnight. April 2026
(local) runs from 2026-03-31T16:00Z to 2026-04-30T16:00Z.

Questions (resident, UTC time, local day, decision, item or category):

====  ===  ====================  =====  ========  ===============================
q     who  asked_at (UTC)        local  decision  matter
====  ===  ====================  =====  ========  ===============================
q1    1    2026-03-31T16:30:00Z  04-01  answer    wage-arrears (labor)
q2    1    2026-03-31T16:40:00Z  04-01  suggest   wage-arrears (labor)
q3    1    2026-04-01T02:00:00Z  04-01  answer    wage-arrears (labor)
q4    1    2026-03-31T15:59:59Z  03-31  answer    wage-arrears (labor)
q5    1    2026-04-01T03:00:00Z  04-01  answer    divorce (marriage_family)
q5'   1    (update 5 delivered again: not stored)
q6    1    2026-04-02T01:00:00Z  04-02  unknown   other: "红烧肉怎么做？"
q7    1    2026-04-02T05:00:00Z  04-02  unknown   other: "红烧肉 怎么做"
q9    2    2026-04-01T08:00:00Z  04-01  answer    wage-arrears (labor)
q10   2    2026-04-30T16:10:00Z  05-01  answer    divorce (marriage_family)
q11   2    2026-04-30T15:50:00Z  04-30  unknown   land_housing: "宅基地能卖吗!"
q12   3    2026-04-15T04:00:00Z  04-15  unknown   other: "红烧肉怎么做"
====  ===  ====================  =====  ========  ===============================

April: 9 questions (answer 4, suggest 1, unknown 4) and 6 人次: resident 1 on 04-01 about
wage-arrears (q1-q3) and divorce (q5), on 04-02 about "other" (q6-q7); resident 2 on 04-01
(q9) and 04-30 (q11); resident 3 on 04-15 (q12). By category: labor 2, marriage_family 1,
other 2, land_housing 1.

Consultations (ids 1-8 in this order; adviser 101 王律师 of yingfeng, 102 李律师 of dongguan,
900 a duty adviser, 777 a staff member who is not an adviser):

== ======== =============== ================= ===== =============== =========================
c  place    category        created (UTC)     local first claim     closed
== ======== =============== ================= ===== =============== =========================
1  yingfeng labor           2026-04-01T01:00Z 04-01 101 +30 min     +4 h legal_aid, 5, solved
2  yingfeng legal_aid       2026-03-31T16:20Z 04-01 101 +480 min    +24 h mediation, 3, not
3  dongguan marriage_family 2026-04-10T02:00Z 04-10 102 +60 min (*) +24 h answered
4  xiguan   labor, urgent   2026-04-20T03:00Z 04-20 open, overdue   –
5  xiguan   debt_contract   2026-04-30T15:30Z 04-30 900 +60 min     – (claimed)
6  yingfeng labor           2026-04-30T16:30Z 05-01 open, not due   –
7  dongguan traffic_injury  2026-03-31T15:00Z 03-31 –               777 +11 h petition_other
8  dongguan other           2026-04-05T02:00Z 04-05 –               777 +1 h arbitration, 4, solved
== ======== =============== ================= ===== =============== =========================

(*) then reassigned, so its ``claimed_at`` is 4 hours later than its first claim.
Consultation 1 has three relayed messages, one of them delivered twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.communities import CommunitiesConfig
from bot.storage import Database, MessageKey, NewQuestion, QuestionRepository, transaction

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 5, 2, 4, 0, tzinfo=dt.UTC)
"""The tests' clock: local 2026-05-02 12:00."""

COMMUNITIES_YAML = """\
timezone: Asia/Shanghai
office_hours:
  days: [mon, tue, wed, thu, fri]
  start: "08:30"
  end: "17:30"
escalation:
  remind_after_hours: 2
  escalate_after_hours: 2
communities:
  - id: yingfeng
    name: 迎凤社区
    kind: community
  - id: dongguan
    name: 东关村
    kind: village
  - id: xiguan
    name: 西关社区
    kind: community
"""


def communities() -> CommunitiesConfig:
    """Return the deployment file of the seed (three communities)."""
    import yaml

    return CommunitiesConfig.model_validate(yaml.safe_load(COMMUNITIES_YAML))


QUESTIONS = [
    # (message_id, user, asked_at, decision, item_id, category, text)
    (1, 1, "2026-03-31T16:30:00Z", "answer", "wage-arrears", "labor", "老板不发工资"),
    (2, 1, "2026-03-31T16:40:00Z", "suggest", "wage-arrears", "labor", "工资拖欠咋办"),
    (3, 1, "2026-04-01T02:00:00Z", "answer", "wage-arrears", "labor", "欠薪去哪告"),
    (4, 1, "2026-03-31T15:59:59Z", "answer", "wage-arrears", "labor", "拖欠工资"),
    (5, 1, "2026-04-01T03:00:00Z", "answer", "divorce", "marriage_family", "怎么离婚"),
    (6, 1, "2026-04-02T01:00:00Z", "unknown", None, "other", "红烧肉怎么做？"),
    (7, 1, "2026-04-02T05:00:00Z", "unknown", None, "other", "红烧肉 怎么做"),
    (9, 2, "2026-04-01T08:00:00Z", "answer", "wage-arrears", "labor", "讨薪"),
    (10, 2, "2026-04-30T16:10:00Z", "answer", "divorce", "marriage_family", "离婚冷静期"),
    (11, 2, "2026-04-30T15:50:00Z", "unknown", None, "land_housing", "宅基地能卖吗!"),
    (12, 3, "2026-04-15T04:00:00Z", "unknown", None, "other", "红烧肉怎么做"),
]

ADVISERS = [
    # (telegram_id, name, community_id, is_duty)
    (101, "王律师", "yingfeng", 0),
    (102, "李律师", "dongguan", 0),
    (900, "值班律师", None, 1),
]

_CONSULTATION_COLUMNS = (
    "resident_id, community_id, category, summary, consent, contact_name, contact_phone, "
    "urgent, status, adviser_id, created_at, claimed_at, closed_at, outcome, rating, resolved, "
    "remind_due_at, escalate_due_at"
)
CONSULTATIONS = [
    (11, "yingfeng", "labor", "欠薪", 1, "张三", "13800000000", 0, "closed", 101,
     "2026-04-01T01:00:00Z", "2026-04-01T01:30:00Z", "2026-04-01T05:00:00Z", "legal_aid",
     5, 1, "2026-04-01T03:00:00Z", "2026-04-01T05:00:00Z"),
    (12, "yingfeng", "legal_aid", "申请法援", 0, None, None, 0, "closed", 101,
     "2026-03-31T16:20:00Z", "2026-04-01T00:20:00Z", "2026-04-02T00:20:00Z", "mediation",
     3, 0, "2026-04-01T02:30:00Z", "2026-04-01T04:30:00Z"),
    (13, "dongguan", "marriage_family", "离婚", 1, "=1+1", "+86 138 0000 0000", 0, "closed",
     102, "2026-04-10T02:00:00Z", "2026-04-10T06:00:00Z", "2026-04-11T02:00:00Z", "answered",
     None, None, "2026-04-10T04:00:00Z", "2026-04-10T06:00:00Z"),
    (14, "xiguan", "labor", "工伤", 0, None, None, 1, "open", None,
     "2026-04-20T03:00:00Z", None, None, None, None, None,
     "2026-04-20T05:00:00Z", "2026-04-20T07:00:00Z"),
    (15, "xiguan", "debt_contract", "借钱不还", 0, None, None, 0, "claimed", 900,
     "2026-04-30T15:30:00Z", "2026-04-30T16:30:00Z", None, None, None, None,
     "2026-05-01T02:30:00Z", "2026-05-01T04:30:00Z"),
    (16, "yingfeng", "labor", "加班费", 0, None, None, 0, "open", None,
     "2026-04-30T16:30:00Z", None, None, None, None, None,
     "2026-05-02T06:00:00Z", "2026-05-02T08:00:00Z"),
    (17, "dongguan", "traffic_injury", "车祸", 0, None, None, 0, "closed", 777,
     "2026-03-31T15:00:00Z", None, "2026-04-01T02:00:00Z", "petition_other", None, None,
     "2026-04-01T02:30:00Z", "2026-04-01T04:30:00Z"),
    (18, "dongguan", "other", "其他", 0, None, None, 0, "closed", 777,
     "2026-04-05T02:00:00Z", None, "2026-04-05T03:00:00Z", "arbitration_litigation", 4, 1,
     "2026-04-06T02:30:00Z", "2026-04-06T04:30:00Z"),
]  # fmt: skip

EVENTS = [
    # (consultation_id, kind, actor_id, at)
    (1, "claimed", 101, "2026-04-01T01:30:00Z"),
    (2, "claimed", 101, "2026-04-01T00:20:00Z"),
    (3, "claimed", 102, "2026-04-10T03:00:00Z"),
    (3, "transferred", 102, "2026-04-10T06:00:00Z"),
    (5, "claimed", 900, "2026-04-30T16:30:00Z"),
]

MESSAGES = [
    # (consultation_id, sender, direction, text, at, message_id); the second is delivered twice
    (1, 11, "to_adviser", "老板欠我三个月工资", "2026-04-01T01:05:00Z", 5001),
    (1, 101, "to_resident", "请保留工资条", "2026-04-01T01:40:00Z", 5002),
    (1, 101, "to_resident", "请保留工资条", "2026-04-01T01:40:00Z", 5002),
    (1, 11, "to_adviser", "好的", "2026-04-01T02:00:00Z", 5003),
]


async def seed(db: Database) -> None:
    """Fill ``db`` (migrated, empty) with the data above."""
    stamp = "2026-01-01T00:00:00Z"
    async with transaction(db) as conn:
        for user in (1, 2, 3):
            await conn.execute(
                "INSERT INTO residents (user_id, first_seen, last_seen) VALUES (?, ?, ?)",
                (user, stamp, stamp),
            )
        await conn.executemany(
            "INSERT INTO advisers (telegram_id, name, community_id, is_duty, created_at, source) "
            "VALUES (?, ?, ?, ?, ?, 'config')",
            [(*adviser, stamp) for adviser in ADVISERS],
        )
        await conn.executemany(
            f"INSERT INTO consultations ({_CONSULTATION_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            CONSULTATIONS,
        )
        await conn.executemany(
            "INSERT INTO consultation_events (consultation_id, kind, actor_id, at) "
            "VALUES (?, ?, ?, ?)",
            EVENTS,
        )
        await conn.executemany(
            "INSERT INTO consultation_messages "
            "(consultation_id, sender_id, direction, kind, text, at, source_chat_id, "
            "source_message_id) VALUES (?, ?, ?, 'text', ?, ?, ?, ?) "
            "ON CONFLICT (source_chat_id, source_message_id) DO NOTHING",
            [(*message[:5], message[1], message[5]) for message in MESSAGES],
        )
    repository = QuestionRepository(db)
    for message_id, user, asked_at, decision, item_id, category, text in QUESTIONS:
        await repository.add(
            _question(message_id, user, asked_at, decision, item_id, category, text)
        )
    # The bot restarted and Telegram delivered message 5 again.
    again = QUESTIONS[4]
    await repository.add(_question(*again))


def seeded_deployment(db_path: Path, communities_file: Path) -> dict[str, str]:
    """Write the seeded database and the communities file; return the settings naming them."""

    async def build() -> None:
        db = Database(db_path)
        await db.open()
        await seed(db)
        await db.close()

    asyncio.run(build())
    communities_file.write_text(COMMUNITIES_YAML, encoding="utf-8")
    return {"DB_PATH": str(db_path), "COMMUNITIES_FILE": str(communities_file)}


def _question(
    message_id: int,
    user: int,
    asked_at: str,
    decision: str,
    item_id: str | None,
    category: str,
    text: str,
) -> NewQuestion:
    return NewQuestion(
        user_id=user,
        source=MessageKey(user, message_id),
        asked_at=dt.datetime.fromisoformat(asked_at),
        text=text,
        decision=decision,
        item_id=item_id,
        score=0.5,
        category=category,
    )
