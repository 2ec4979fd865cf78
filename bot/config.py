"""Deployment settings, read once from the environment and ``.env``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from knowledge import DEFAULT_ITEMS_DIR

__all__ = ["ConfigError", "Settings", "known_time_zone", "load_settings"]

DEFAULT_COMMUNITIES_PATH = Path(__file__).resolve().parents[1] / "config" / "communities.yaml"
DEFAULT_CALENDAR_PATH = Path(__file__).resolve().parents[1] / "config" / "campaign_calendar.yaml"
"""The repository's deployment file of villages, communities and advisers."""
TELEGRAM_API_URL = "https://api.telegram.org/bot"
TELEGRAM_FILE_URL = "https://api.telegram.org/file/bot"


def known_time_zone(value: str) -> str:
    """Return ``value`` if it names an IANA time zone, else raise ``ValueError``."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r}") from None
    return value


class ConfigError(Exception):
    """A setting is missing or invalid; the message names the setting."""


class Settings(BaseSettings):
    """Every setting of a deployment; environment names are the upper-case field names."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    bot_api_url: str = TELEGRAM_API_URL
    bot_api_file_url: str = TELEGRAM_FILE_URL
    db_path: Path = Path("var/bot.db")
    db_busy_timeout_ms: int = Field(default=5000, ge=0)
    # The local sandbox's own database (``python -m bot sandbox``); never ``db_path``.
    sandbox_db_path: Path = Path("var/sandbox.db")
    # Where the sandbox's terminal chat saves the photos and documents the bot sends
    # (/chart, /export); unset, ``sandbox-files`` beside ``sandbox_db_path``.
    sandbox_files_dir: Path | None = None
    # The pickle file older versions kept unfinished conversations in: imported into the
    # database once at start-up, then renamed aside (bot.state_file).
    state_path: Path = Path("var/conversations.pickle")
    # How often changed conversation states and drafts are written to the database.
    state_flush_seconds: float = Field(default=10.0, gt=0)
    # An unfinished intake (its draft holds name, phone and summary) is deleted this long
    # after its last step.
    draft_ttl_hours: float = Field(default=24.0, gt=0, le=24 * 90)
    knowledge_dir: Path = DEFAULT_ITEMS_DIR
    communities_file: Path = DEFAULT_COMMUNITIES_PATH
    staff_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    # Legal-aid staff of the centre: they receive legal-aid pre-applications (``/legalaid``).
    # Empty: pre-applications go to the community's advisers, else duty advisers and staff.
    legal_aid_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    # The local hardship standard for legal aid (Legal Aid Law Art 34, set by the province),
    # yuan per household member per month. Unset: the pre-check says the office must check it.
    legal_aid_income_standard: int | None = Field(default=None, ge=1)
    # Days after a successful mediation the resident is asked whether the agreement was kept.
    mediation_followup_days: int = Field(default=30, ge=1, le=365)
    # How often due mediation follow-ups are looked for, in seconds.
    followup_interval_seconds: float = Field(default=3600.0, gt=0)
    timezone: str = "Asia/Shanghai"
    # Local facts the seed report does not give; a deployment fills them in.
    centre_address: str = ""
    centre_hours: str = ""
    centre_phone: str = ""
    # Webhook mode (``python -m bot run --webhook``).
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None
    # Network timeouts towards the Bot API, in seconds.
    api_timeout: float = Field(default=15.0, gt=0)
    # Keep within Telegram's flood limits (PTB's AIORateLimiter); off only for local benchmarks.
    rate_limit: bool = True
    # How often the outbox is retried and escalation timers are checked, in seconds.
    outbox_interval_seconds: float = Field(default=5.0, gt=0)
    escalation_interval_seconds: float = Field(default=60.0, gt=0)
    # 普法 campaigns (handlers.campaign_sender): how often due campaigns are looked for, and
    # the pace of a bulk send, copies a second (under Telegram's 30 a second per bot).
    campaign_interval_seconds: float = Field(default=30.0, gt=0)
    broadcast_rate: float = Field(default=29.5, gt=0, le=30)
    # The 普法 calendar's fixed dates; staff are reminded of each a week ahead.
    campaign_calendar_file: Path = DEFAULT_CALENDAR_PATH
    # When staff get yesterday's figures each day (local time, TIMEZONE).
    digest_time: dt.time = dt.time(8, 30)
    # Retention (bot.services.retention; the privacy notice tells residents these figures):
    # consultations closed this many days ago lose their
    # texts (messages, summary, contacts, outbox copies); questions this old lose their text.
    # The counted facts stay. The job runs every RETENTION_INTERVAL_HOURS.
    retention_days: int = Field(default=365, ge=1)
    question_retention_days: int = Field(default=180, ge=1)
    retention_interval_hours: float = Field(default=24.0, gt=0)
    # Updates handled at once (different chats only: one chat's updates stay in order).
    concurrent_updates: int = Field(default=8, ge=1, le=256)
    # Per-user flood control: updates a resident may send a minute, and at once (0: off).
    # Staff and advisers are exempt.
    user_rate_per_minute: int = Field(default=20, ge=0)
    user_rate_burst: int = Field(default=20, ge=1)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        bot_id, _, secret = value.get_secret_value().strip().partition(":")
        if not bot_id.isdigit() or len(secret) < 6:
            raise ValueError("expected the form 123456789:ABC... as given by @BotFather")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("staff_ids", "legal_aid_ids", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",")]
            try:
                return frozenset(int(part) for part in parts if part)
            except ValueError:
                raise ValueError(f"expected comma-separated Telegram ids, got {value!r}") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return known_time_zone(value)

    @property
    def draft_ttl(self) -> dt.timedelta:
        """How long an unfinished intake lives after its last step."""
        return dt.timedelta(hours=self.draft_ttl_hours)

    @property
    def tz(self) -> ZoneInfo:
        """The deployment's time zone."""
        return ZoneInfo(self.timezone)

    def local_facts(self) -> dict[str, str]:
        """Return the configured local facts answers may mention (empty when not set)."""
        return {
            "centre_address": self.centre_address,
            "centre_hours": self.centre_hours,
            "centre_phone": self.centre_phone,
        }


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one clear ``ConfigError``."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"]).upper() or "SETTINGS"
            lines.append(f"{name}: {error['msg']}")
        raise ConfigError("invalid configuration: " + "; ".join(lines)) from None
