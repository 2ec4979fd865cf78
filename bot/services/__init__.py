"""Use cases of the bot, free of Telegram: they take and return plain models."""

from bot.services.errors import AccessDenied, NotFound, ServiceError
from bot.services.questions import MAX_QUESTION_CHARS, Asked, QuestionService

__all__ = [
    "MAX_QUESTION_CHARS",
    "AccessDenied",
    "Asked",
    "NotFound",
    "QuestionService",
    "ServiceError",
]
