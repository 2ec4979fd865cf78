"""SQLite storage through one aiosqlite connection, with versioned migrations."""

from bot.storage.database import Database, StorageError
from bot.storage.questions import LoggedQuestion, NewQuestion, QuestionRepository
from bot.storage.residents import Resident, ResidentRepository

__all__ = [
    "Database",
    "LoggedQuestion",
    "NewQuestion",
    "QuestionRepository",
    "Resident",
    "ResidentRepository",
    "StorageError",
]
