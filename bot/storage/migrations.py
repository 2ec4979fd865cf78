"""Versioned schema migrations, applied in order and recorded in ``PRAGMA user_version``."""

from __future__ import annotations

__all__ = ["MIGRATIONS"]

MIGRATIONS: tuple[str, ...] = (
    # 1: residents and the questions they ask.
    """
    CREATE TABLE residents (
        user_id      INTEGER PRIMARY KEY,
        first_seen   TEXT NOT NULL,
        last_seen    TEXT NOT NULL,
        language     TEXT,
        community_id TEXT
    );
    CREATE TABLE questions (
        id              INTEGER PRIMARY KEY,
        user_id         INTEGER NOT NULL REFERENCES residents (user_id),
        update_id       INTEGER UNIQUE,
        asked_at        TEXT NOT NULL,
        text            TEXT NOT NULL,
        decision        TEXT NOT NULL,
        item_id         TEXT,
        score           REAL NOT NULL,
        category        TEXT NOT NULL,
        channel         TEXT NOT NULL DEFAULT 'telegram',
        clicked_item_id TEXT,
        feedback        INTEGER CHECK (feedback IN (-1, 1)),
        feedback_note   TEXT
    );
    CREATE INDEX questions_by_time ON questions (asked_at);
    CREATE INDEX questions_by_user ON questions (user_id, asked_at);
    """,
    # 2: advisers, invites, consultations with their events, messages and relay map; the outbox.
    """
    CREATE TABLE advisers (
        telegram_id  INTEGER PRIMARY KEY,
        name         TEXT NOT NULL CHECK (length(name) > 0),
        community_id TEXT,
        is_duty      INTEGER NOT NULL CHECK (is_duty IN (0, 1)),
        active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at   TEXT NOT NULL,
        source       TEXT NOT NULL CHECK (source IN ('config', 'invite')),
        CHECK ((is_duty = 1) = (community_id IS NULL))
    );
    CREATE INDEX advisers_by_community ON advisers (community_id, active);
    CREATE TABLE invites (
        token        TEXT PRIMARY KEY,
        community_id TEXT,
        is_duty      INTEGER NOT NULL CHECK (is_duty IN (0, 1)),
        created_by   INTEGER NOT NULL,
        created_at   TEXT NOT NULL,
        expires_at   TEXT NOT NULL,
        used_by      INTEGER,
        used_at      TEXT,
        CHECK ((is_duty = 1) = (community_id IS NULL)),
        CHECK ((used_by IS NULL) = (used_at IS NULL))
    );
    CREATE TABLE consultations (
        id              INTEGER PRIMARY KEY,
        resident_id     INTEGER NOT NULL,
        community_id    TEXT NOT NULL,
        category        TEXT NOT NULL,
        summary         TEXT NOT NULL CHECK (length(summary) > 0),
        question_text   TEXT,
        consent         INTEGER NOT NULL CHECK (consent IN (0, 1)),
        contact_name    TEXT,
        contact_phone   TEXT,
        urgent          INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
        urgent_reason   TEXT,
        status          TEXT NOT NULL DEFAULT 'open'
                        CHECK (status IN ('open', 'claimed', 'closed')),
        adviser_id      INTEGER,
        created_at      TEXT NOT NULL,
        claimed_at      TEXT,
        closed_at       TEXT,
        outcome         TEXT,
        rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
        resolved        INTEGER CHECK (resolved IN (0, 1)),
        channel         TEXT NOT NULL DEFAULT 'telegram',
        remind_due_at   TEXT,
        escalate_due_at TEXT,
        reminded_at     TEXT,
        escalated_at    TEXT,
        CHECK (consent = 1 OR (contact_name IS NULL AND contact_phone IS NULL)),
        CHECK (status = 'closed' OR (status = 'open') = (adviser_id IS NULL)),
        CHECK ((status = 'closed') = (closed_at IS NOT NULL AND outcome IS NOT NULL)),
        CHECK (rating IS NULL OR status = 'closed')
    );
    CREATE INDEX consultations_by_status ON consultations (status, created_at);
    CREATE INDEX consultations_by_community ON consultations (community_id, status);
    CREATE INDEX consultations_by_resident ON consultations (resident_id, created_at);
    CREATE INDEX consultations_by_adviser ON consultations (adviser_id, status);
    CREATE INDEX consultations_by_time ON consultations (created_at);
    CREATE UNIQUE INDEX consultations_one_active_per_resident
        ON consultations (resident_id) WHERE status != 'closed';
    CREATE TABLE consultation_events (
        id              INTEGER PRIMARY KEY,
        consultation_id INTEGER NOT NULL REFERENCES consultations (id),
        kind            TEXT NOT NULL CHECK (kind IN ('created', 'claimed', 'transferred',
                        'reminded', 'escalated', 'closed', 'rated', 'message')),
        actor_id        INTEGER,
        detail          TEXT,
        at              TEXT NOT NULL
    );
    CREATE INDEX consultation_events_by_consultation ON consultation_events (consultation_id, id);
    CREATE INDEX consultation_events_by_time ON consultation_events (at, kind);
    CREATE TABLE consultation_messages (
        id              INTEGER PRIMARY KEY,
        consultation_id INTEGER NOT NULL REFERENCES consultations (id),
        sender_id       INTEGER NOT NULL,
        direction       TEXT NOT NULL CHECK (direction IN ('to_adviser', 'to_resident')),
        kind            TEXT NOT NULL CHECK (kind IN ('text', 'photo', 'document')),
        text            TEXT,
        file_id         TEXT,
        at              TEXT NOT NULL,
        update_id       INTEGER UNIQUE,
        CHECK (text IS NOT NULL OR file_id IS NOT NULL)
    );
    CREATE INDEX consultation_messages_by_consultation
        ON consultation_messages (consultation_id, id);
    CREATE TABLE relay_map (
        chat_id         INTEGER NOT NULL,
        message_id      INTEGER NOT NULL,
        consultation_id INTEGER NOT NULL REFERENCES consultations (id),
        PRIMARY KEY (chat_id, message_id)
    ) WITHOUT ROWID;
    CREATE INDEX relay_map_by_consultation ON relay_map (consultation_id);
    CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY,
        chat_id         INTEGER NOT NULL,
        kind            TEXT NOT NULL,
        payload         TEXT NOT NULL CHECK (json_valid(payload)),
        consultation_id INTEGER REFERENCES consultations (id),
        created_at      TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        sent_at         TEXT,
        message_id      INTEGER,
        last_error      TEXT
    );
    CREATE INDEX outbox_pending ON outbox (next_attempt_at, id) WHERE sent_at IS NULL;
    CREATE INDEX outbox_by_consultation ON outbox (consultation_id);
    """,
    # 3: indexes for the staff tallies (bot.services.stats). The questions' time index becomes
    # covering for the self-service count (no table reads of the long question texts); the
    # unanswered questions, first claims and closings get partial indexes of their own.
    """
    DROP INDEX questions_by_time;
    CREATE INDEX questions_by_time
        ON questions (asked_at, user_id, item_id, category, channel, decision);
    CREATE INDEX questions_unknown_by_time ON questions (asked_at, text)
        WHERE decision = 'unknown';
    CREATE INDEX consultation_events_first_claim ON consultation_events (consultation_id, at)
        WHERE kind = 'claimed';
    CREATE INDEX consultations_by_closing ON consultations (closed_at)
        WHERE closed_at IS NOT NULL;
    """,
    # h1-storage: questions, relayed messages and consultations are identified by the
    # Telegram message they came from (chat id, message id; for a consultation, the
    # confirmation card its submit button is on), not by update_id, which Telegram restarts
    # at random after a week without updates. The old update_id columns stay (SQLite cannot
    # drop a UNIQUE column) with their data, but new rows leave them NULL and nothing dedupes
    # on them.
    """
    ALTER TABLE questions ADD COLUMN source_chat_id INTEGER;
    ALTER TABLE questions ADD COLUMN source_message_id INTEGER;
    CREATE UNIQUE INDEX questions_by_source ON questions (source_chat_id, source_message_id);
    ALTER TABLE consultation_messages ADD COLUMN source_chat_id INTEGER;
    ALTER TABLE consultation_messages ADD COLUMN source_message_id INTEGER;
    CREATE UNIQUE INDEX consultation_messages_by_source
        ON consultation_messages (source_chat_id, source_message_id);
    ALTER TABLE consultations ADD COLUMN source_chat_id INTEGER;
    ALTER TABLE consultations ADD COLUMN source_message_id INTEGER;
    CREATE UNIQUE INDEX consultations_by_source
        ON consultations (source_chat_id, source_message_id);
    """,
    # h4-adviser: a staff member's deactivation of an adviser, which the file's sync keeps.
    """
    ALTER TABLE advisers ADD COLUMN deactivated_by_staff INTEGER NOT NULL DEFAULT 0
        CHECK (deactivated_by_staff IN (0, 1));
    """,
    # h2b-deploy: PTB's per-user data and conversation states (bot.persistence), replacing the
    # pickle file. Each row carries the user it belongs to and when it last changed, so an
    # unfinished intake (a draft with name, phone and summary) expires and is deleted.
    """
    CREATE TABLE persisted_user_data (
        user_id    INTEGER PRIMARY KEY,
        data       TEXT NOT NULL CHECK (json_valid(data)),
        updated_at TEXT NOT NULL
    );
    CREATE TABLE persisted_conversations (
        name       TEXT NOT NULL,
        conv_key   TEXT NOT NULL CHECK (json_valid(conv_key)),
        user_id    INTEGER NOT NULL,
        state      TEXT NOT NULL CHECK (json_valid(state)),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (name, conv_key)
    ) WITHOUT ROWID;
    CREATE INDEX persisted_conversations_by_user ON persisted_conversations (user_id);
    """,
    # h2-pipeline: the update inbox (updates taken from Telegram, not yet handled) and the
    # last update id taken, so a restart handles what a kill interrupted and nothing twice.
    """
    CREATE TABLE inbox (
        update_id   INTEGER PRIMARY KEY,
        payload     TEXT NOT NULL CHECK (json_valid(payload)),
        received_at TEXT NOT NULL
    );
    CREATE TABLE inbox_offset (
        id             INTEGER PRIMARY KEY CHECK (id = 1),
        last_update_id INTEGER NOT NULL,
        taken_at       TEXT NOT NULL
    );
    """,
    # h8-consent: each consent to share contact details, with when it was given, the version of
    # the consent text shown (bot.texts.CONSENT_TEXT_VERSION), who it lets see them (scope) and
    # its withdrawal (/privacy). Consents given before are recorded as what they were: to the
    # adviser alone, under the text they saw.
    """
    CREATE TABLE consents (
        id              INTEGER PRIMARY KEY,
        resident_id     INTEGER NOT NULL,
        consultation_id INTEGER NOT NULL REFERENCES consultations (id),
        granted_at      TEXT NOT NULL,
        text_version    TEXT NOT NULL CHECK (length(text_version) > 0),
        scope           TEXT NOT NULL CHECK (length(scope) > 0),
        withdrawn_at    TEXT
    );
    CREATE UNIQUE INDEX consents_by_consultation ON consents (consultation_id);
    CREATE INDEX consents_by_resident ON consents (resident_id, granted_at);
    INSERT INTO consents (resident_id, consultation_id, granted_at, text_version, scope)
        SELECT resident_id, id, created_at, 'consent-before-2026-12', 'contact:adviser'
        FROM consultations WHERE consent = 1 ORDER BY id;
    """,
    # h10-access: invites are stored by the SHA-256 of their token (the token is shown once,
    # in the link), numbered for staff (never reused) and can be revoked. A staff deactivation
    # records when, and the last invite number made by then: those invites cannot bring that
    # person back (a number, not a time, so a new invite in the same second still works). SQL
    # cannot hash the old plain
    # tokens, so old rows keep their history under a random placeholder that no token hashes
    # to, and unused ones are revoked: staff make new links for them.
    """
    CREATE TABLE invites_hashed (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        token_hash   TEXT NOT NULL UNIQUE,
        community_id TEXT,
        is_duty      INTEGER NOT NULL CHECK (is_duty IN (0, 1)),
        created_by   INTEGER NOT NULL,
        created_at   TEXT NOT NULL,
        expires_at   TEXT NOT NULL,
        used_by      INTEGER,
        used_at      TEXT,
        revoked_at   TEXT,
        revoked_by   INTEGER,
        CHECK ((is_duty = 1) = (community_id IS NULL)),
        CHECK ((used_by IS NULL) = (used_at IS NULL)),
        CHECK (used_by IS NULL OR revoked_at IS NULL)
    );
    INSERT INTO invites_hashed (token_hash, community_id, is_duty, created_by, created_at,
                                expires_at, used_by, used_at, revoked_at)
    SELECT 'void:' || lower(hex(randomblob(16))), community_id, is_duty, created_by,
           created_at, expires_at, used_by, used_at,
           CASE WHEN used_by IS NULL THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') END
    FROM invites ORDER BY created_at, rowid;
    DROP TABLE invites;
    ALTER TABLE invites_hashed RENAME TO invites;
    CREATE INDEX invites_open ON invites (expires_at) WHERE used_by IS NULL AND revoked_at IS NULL;
    ALTER TABLE advisers ADD COLUMN deactivated_at TEXT;
    ALTER TABLE advisers ADD COLUMN void_invites_through INTEGER NOT NULL DEFAULT 0;
    UPDATE advisers SET deactivated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
                        void_invites_through = (SELECT coalesce(max(id), 0) FROM invites)
    WHERE deactivated_by_staff = 1;
    """,
    # kb: the log of changes staff make to the knowledge base from Telegram (/kb log): who,
    # when, which item, what kind (upload, new item, sample question), and a short detail.
    """
    CREATE TABLE kb_changes (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        changed_at TEXT NOT NULL,
        staff_id   INTEGER NOT NULL,
        item_id    TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('added', 'updated', 'sample')),
        detail     TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX kb_changes_by_time ON kb_changes (changed_at);
    """,
    # la: a case kind on consultations (consultation / legal_aid / mediation) and the detail
    # tables of legal-aid pre-applications and mediation requests (their kind-specific outcomes).
    """
    ALTER TABLE consultations ADD COLUMN kind TEXT NOT NULL DEFAULT 'consultation'
        CHECK (kind IN ('consultation', 'legal_aid', 'mediation'));
    CREATE INDEX consultations_by_kind ON consultations (kind, created_at);
    CREATE TABLE legal_aid_applications (
        consultation_id INTEGER PRIMARY KEY REFERENCES consultations (id),
        matter          TEXT NOT NULL,
        exempt_group    TEXT NOT NULL,
        proof           TEXT NOT NULL,
        household_size  INTEGER NOT NULL CHECK (household_size BETWEEN 1 AND 30),
        monthly_income  INTEGER NOT NULL CHECK (monthly_income >= 0),
        result          TEXT NOT NULL CHECK (result IN ('likely', 'check', 'unlikely')),
        outcome         TEXT CHECK (outcome IN ('accepted', 'not_accepted', 'referred')),
        outcome_at      TEXT
    );
    CREATE TABLE mediation_requests (
        consultation_id      INTEGER PRIMARY KEY REFERENCES consultations (id),
        dispute_type         TEXT NOT NULL,
        other_party_relation TEXT NOT NULL,
        other_party_name     TEXT,
        wanted               TEXT NOT NULL,
        source               TEXT NOT NULL DEFAULT '申请'
                                 CHECK (source IN ('申请', '排查', '移交')),
        outcome              TEXT CHECK (outcome IN
                                 ('success', 'failed', 'litigation', 'judicial_confirmation')),
        agreement_amount     INTEGER CHECK (agreement_amount >= 0),
        outcome_at           TEXT,
        followup_due_at      TEXT,
        followup_asked_at    TEXT,
        followup_answer      TEXT CHECK (followup_answer IN ('kept', 'partly', 'not_kept')),
        followup_at          TEXT
    );
    CREATE INDEX mediation_followups_due ON mediation_requests (followup_due_at)
        WHERE followup_asked_at IS NULL AND followup_due_at IS NOT NULL;
    """,
    # pf: 普法 quizzes (a series of quiz polls and their answers), the nicknames of the weekly
    # leaderboard (opt-in), daily check-ins (one per local date) and check-in reminders.
    """
    CREATE TABLE quiz_series (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id     INTEGER NOT NULL,
        chat_id     INTEGER NOT NULL,
        started_at  TEXT NOT NULL,
        plan        TEXT NOT NULL,
        total       INTEGER NOT NULL CHECK (total > 0),
        score       INTEGER NOT NULL DEFAULT 0,
        finished_at TEXT
    );
    CREATE INDEX quiz_series_by_user ON quiz_series (user_id, started_at);
    CREATE INDEX quiz_series_by_finish ON quiz_series (finished_at);
    CREATE TABLE quiz_polls (
        poll_id        TEXT PRIMARY KEY,
        series_id      INTEGER NOT NULL REFERENCES quiz_series (id) ON DELETE CASCADE,
        position       INTEGER NOT NULL,
        quiz_id        TEXT NOT NULL,
        item_id        TEXT NOT NULL,
        correct_option INTEGER NOT NULL,
        sent_at        TEXT NOT NULL,
        chosen_option  INTEGER,
        answered_at    TEXT,
        UNIQUE (series_id, position)
    );
    CREATE TABLE quiz_nicknames (
        user_id  INTEGER PRIMARY KEY,
        nickname TEXT NOT NULL UNIQUE,
        set_at   TEXT NOT NULL
    );
    CREATE TABLE checkins (
        user_id    INTEGER NOT NULL,
        local_date TEXT NOT NULL,
        item_id    TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        PRIMARY KEY (user_id, local_date)
    );
    CREATE INDEX checkins_by_time ON checkins (checked_at);
    CREATE TABLE checkin_reminders (
        user_id   INTEGER PRIMARY KEY,
        chat_id   INTEGER NOT NULL,
        remind_at TEXT NOT NULL,
        set_at    TEXT NOT NULL
    );
    """,
    # bc: 普法 broadcasts: residents' subscriptions (and the one offer made to each), the
    # campaigns staff schedule, the durable send queue (one row per recipient), and the
    # reminders of the 普法 calendar's dates staff were sent (config/campaign_calendar.yaml).
    """
    CREATE TABLE subscriptions (
        user_id         INTEGER PRIMARY KEY,
        subscribed_at   TEXT NOT NULL,
        unsubscribed_at TEXT,
        reason          TEXT CHECK (reason IN ('resident', 'blocked'))
    );
    CREATE INDEX subscriptions_active ON subscriptions (user_id) WHERE unsubscribed_at IS NULL;
    CREATE TABLE subscription_offers (
        user_id    INTEGER PRIMARY KEY,
        offered_at TEXT NOT NULL
    );
    CREATE TABLE campaigns (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        created_by    INTEGER NOT NULL,
        created_at    TEXT NOT NULL,
        send_at       TEXT NOT NULL,
        text          TEXT NOT NULL CHECK (length(text) > 0),
        photo_file_id TEXT,
        status        TEXT NOT NULL DEFAULT 'scheduled'
                      CHECK (status IN ('scheduled', 'sending', 'done', 'cancelled')),
        started_at    TEXT,
        finished_at   TEXT,
        reported_at   TEXT
    );
    CREATE INDEX campaigns_by_status ON campaigns (status, send_at);
    CREATE TABLE campaign_sends (
        campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
        chat_id     INTEGER NOT NULL,
        status      TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sent', 'blocked', 'failed')),
        attempts    INTEGER NOT NULL DEFAULT 0,
        sent_at     TEXT,
        message_id  INTEGER,
        PRIMARY KEY (campaign_id, chat_id)
    ) WITHOUT ROWID;
    CREATE INDEX campaign_sends_pending ON campaign_sends (campaign_id, chat_id)
        WHERE status = 'pending';
    CREATE INDEX campaign_sends_by_chat ON campaign_sends (chat_id);
    CREATE TABLE campaign_reminders (
        day     TEXT PRIMARY KEY,
        sent_at TEXT NOT NULL
    );
    """,
    # cs: the retention job and /forget erase a pre-application's household size and income and
    # a mediation request's other party (relation, name) and wanted outcome: those columns
    # may be NULL (tables rebuilt; the counted columns stay as they were).
    """
    CREATE TABLE legal_aid_applications_new (
        consultation_id INTEGER PRIMARY KEY REFERENCES consultations (id),
        matter          TEXT NOT NULL,
        exempt_group    TEXT NOT NULL,
        proof           TEXT NOT NULL,
        household_size  INTEGER CHECK (household_size BETWEEN 1 AND 30),
        monthly_income  INTEGER CHECK (monthly_income >= 0),
        result          TEXT NOT NULL CHECK (result IN ('likely', 'check', 'unlikely')),
        outcome         TEXT CHECK (outcome IN ('accepted', 'not_accepted', 'referred')),
        outcome_at      TEXT
    );
    INSERT INTO legal_aid_applications_new
        SELECT consultation_id, matter, exempt_group, proof, household_size, monthly_income,
               result, outcome, outcome_at
        FROM legal_aid_applications;
    DROP TABLE legal_aid_applications;
    ALTER TABLE legal_aid_applications_new RENAME TO legal_aid_applications;
    CREATE TABLE mediation_requests_new (
        consultation_id      INTEGER PRIMARY KEY REFERENCES consultations (id),
        dispute_type         TEXT NOT NULL,
        other_party_relation TEXT,
        other_party_name     TEXT,
        wanted               TEXT,
        source               TEXT NOT NULL DEFAULT '申请'
                                 CHECK (source IN ('申请', '排查', '移交')),
        outcome              TEXT CHECK (outcome IN
                                 ('success', 'failed', 'litigation', 'judicial_confirmation')),
        agreement_amount     INTEGER CHECK (agreement_amount >= 0),
        outcome_at           TEXT,
        followup_due_at      TEXT,
        followup_asked_at    TEXT,
        followup_answer      TEXT CHECK (followup_answer IN ('kept', 'partly', 'not_kept')),
        followup_at          TEXT
    );
    INSERT INTO mediation_requests_new
        SELECT consultation_id, dispute_type, other_party_relation, other_party_name, wanted,
               source, outcome, agreement_amount, outcome_at, followup_due_at,
               followup_asked_at, followup_answer, followup_at
        FROM mediation_requests;
    DROP TABLE mediation_requests;
    ALTER TABLE mediation_requests_new RENAME TO mediation_requests;
    CREATE INDEX mediation_followups_due ON mediation_requests (followup_due_at)
        WHERE followup_asked_at IS NULL AND followup_due_at IS NOT NULL;
    """,
    # pf2: a campaign may carry a quiz (quiz_topic: a category id, or '*' for every topic);
    # a quiz series started from a campaign's button names it, once per resident.
    """
    ALTER TABLE campaigns ADD COLUMN quiz_topic TEXT;
    ALTER TABLE quiz_series ADD COLUMN campaign_id INTEGER REFERENCES campaigns (id);
    CREATE UNIQUE INDEX quiz_series_once_per_campaign ON quiz_series (campaign_id, user_id)
        WHERE campaign_id IS NOT NULL;
    """,
    # lg: indexes for the advisers' work logs (bot.services.worklog): an adviser's replies to
    # residents by time, and the consultations an adviser holds by filing time (/log entries).
    """
    CREATE INDEX consultation_messages_replies_by_sender
        ON consultation_messages (sender_id, at) WHERE direction = 'to_resident';
    CREATE INDEX consultation_messages_replies_by_time
        ON consultation_messages (at) WHERE direction = 'to_resident';
    CREATE INDEX consultations_by_adviser_time ON consultations (adviser_id, created_at);
    """,
    # lg3: the self-service 人次 keys (counting rule 2): one row per time zone, local day
    # number, matter, channel and resident, written in the same transaction as each question
    # (bot.storage.questions), with the smallest category id and the counts of its questions,
    # so a tally counts rows instead of de-duplicating every question of the period. Existing
    # questions are keyed in Asia/Shanghai (the default TIMEZONE; UTC+8 all year since 1991).
    """
    CREATE TABLE question_person_times (
        zone      TEXT NOT NULL,
        day       INTEGER NOT NULL,
        matter    TEXT NOT NULL,
        channel   TEXT NOT NULL,
        user_id   INTEGER NOT NULL,
        category  TEXT NOT NULL,
        questions INTEGER NOT NULL,
        answered  INTEGER NOT NULL,
        suggested INTEGER NOT NULL,
        unknown   INTEGER NOT NULL,
        PRIMARY KEY (zone, day, matter, channel, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX question_person_times_by_user ON question_person_times (user_id);
    INSERT INTO question_person_times
    SELECT 'Asia/Shanghai', (unixepoch(asked_at) + 28800) / 86400,
           COALESCE(item_id, ':' || category), channel, user_id, MIN(category), COUNT(*),
           TOTAL(decision = 'answer'), TOTAL(decision = 'suggest'), TOTAL(decision = 'unknown')
    FROM questions
    GROUP BY 2, 3, 4, 5;
    """,
    # walk7: the staff members the others were told at start-up cannot be messaged (never
    # sent /start), so a restart does not tell them again (handlers.staff_reach).
    """
    CREATE TABLE staff_unreachable_reports (
        staff_id    INTEGER PRIMARY KEY,
        reported_at TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
)
