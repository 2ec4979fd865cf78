"""SQLite storage through one aiosqlite connection, with versioned migrations."""

from bot.storage.advisers import Adviser, AdviserRepository, AdviserSource, Invite
from bot.storage.consents import Consent, ConsentRepository
from bot.storage.consultations import (
    Consultation,
    ConsultationRepository,
    ConsultationStatus,
    DueStep,
    NewConsultation,
)
from bot.storage.database import Database, StorageError
from bot.storage.events import ConsultationEvent, EventKind, EventRepository
from bot.storage.keys import MessageKey
from bot.storage.outbox import OutboxMessage, OutboxRepository
from bot.storage.questions import LoggedQuestion, NewQuestion, QuestionRepository
from bot.storage.relay import (
    ConsultationMessage,
    Direction,
    MessageKind,
    RelayRepository,
    StoredMessage,
)
from bot.storage.residents import Resident, ResidentRepository
from bot.storage.transaction import transaction

__all__ = [
    "Adviser",
    "AdviserRepository",
    "AdviserSource",
    "Consent",
    "ConsentRepository",
    "Consultation",
    "ConsultationEvent",
    "ConsultationMessage",
    "ConsultationRepository",
    "ConsultationStatus",
    "Database",
    "Direction",
    "DueStep",
    "EventKind",
    "EventRepository",
    "Invite",
    "LoggedQuestion",
    "MessageKey",
    "MessageKind",
    "NewConsultation",
    "NewQuestion",
    "OutboxMessage",
    "OutboxRepository",
    "QuestionRepository",
    "RelayRepository",
    "Resident",
    "ResidentRepository",
    "StorageError",
    "StoredMessage",
    "transaction",
]
