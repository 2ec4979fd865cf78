"""UserData: typed attributes over the persisted user_data dict, old rows included."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.persistence import SqlitePersistence
from bot.session import PendingConfirmation, PendingRating, UserData
from bot.storage import Database

NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)
RESIDENT = 5001
OLD_ROW: dict[str, Any] = {
    "intake": {"community": "yingfeng", "summary": "家暴"},
    "relay_paused": 3,
    "rating": {"number": 7, "score": 4, "resolved": None, "at": NOW.timestamp()},
    "privacy_confirm": ["forget", NOW.isoformat()],
    "awaiting_note_for": 12,
}
"""``user_data`` as the bot wrote it before UserData: plain keys."""


def test_attributes_read_the_old_keys() -> None:
    data = UserData(json.loads(json.dumps(OLD_ROW)))
    assert data.draft() == {"community": "yingfeng", "summary": "家暴"}
    assert data.relay_paused == 3
    assert data.awaiting_note_for == 12
    assert data.pending_rating == PendingRating(7, 4, None, NOW)
    assert data.privacy_confirmation == PendingConfirmation("forget", NOW)


def test_setting_writes_the_same_keys_and_none_removes_them() -> None:
    data = UserData()
    data.draft().update(OLD_ROW["intake"])
    data.relay_paused = 3
    data.awaiting_note_for = 12
    data.pending_rating = PendingRating(7, 4, None, NOW)
    data.privacy_confirmation = PendingConfirmation("forget", NOW)
    assert json.loads(json.dumps(data)) == OLD_ROW
    data.relay_paused = None
    data.awaiting_note_for = None
    data.pending_rating = None
    data.privacy_confirmation = None
    data.drop_draft()
    assert data == {}


@pytest.mark.parametrize(
    "raw",
    [
        {"relay_paused": "3", "awaiting_note_for": True},
        {"rating": {"number": "7", "at": NOW.timestamp()}},
        {"rating": {"number": 7, "at": "yesterday"}},
        {"rating": [7, 4]},
        {"privacy_confirm": ["forget"]},
        {"privacy_confirm": ["forget", "not a time"]},
        {"privacy_confirm": [1, NOW.isoformat()]},
    ],
)
def test_a_value_of_the_wrong_shape_reads_as_unset(raw: dict[str, object]) -> None:
    data = UserData(raw)
    assert data.relay_paused is None
    assert data.awaiting_note_for is None
    assert data.pending_rating is None
    assert data.privacy_confirmation is None


def test_a_draft_of_the_wrong_shape_is_replaced() -> None:
    data = UserData({"intake": "garbage"})
    assert data.draft() == {}


async def test_rows_stored_before_userdata_load_typed(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    database = Database(path)
    persistence = SqlitePersistence(database, ttl=dt.timedelta(hours=24), clock=lambda: NOW)
    try:
        await persistence.get_user_data()
        await persistence.update_user_data(RESIDENT, UserData(OLD_ROW))
    finally:
        await database.close()
    with sqlite3.connect(path) as conn:
        (stored,) = conn.execute("SELECT data FROM persisted_user_data").fetchone()
    assert json.loads(stored) == OLD_ROW  # the format did not change: an older bot reads it

    database = Database(path)
    persistence = SqlitePersistence(database, ttl=dt.timedelta(hours=24), clock=lambda: NOW)
    try:
        loaded = (await persistence.get_user_data())[RESIDENT]
    finally:
        await database.close()
    assert isinstance(loaded, UserData)
    assert loaded.relay_paused == 3
    assert loaded.pending_rating == PendingRating(7, 4, None, NOW)
