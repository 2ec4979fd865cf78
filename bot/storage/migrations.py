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
)
