"""The quiz bank (``quizzes/*.yaml``): 普法 quiz questions, each tied to an item and an article."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from knowledge.statutes import StatuteRegistry, citation_problems
from knowledge.yaml_source import Problem, line_of, read_mapping, validation_problems

__all__ = [
    "DEFAULT_QUIZZES_DIR",
    "EXPLANATION_MAX_CHARS",
    "OPTION_MAX_CHARS",
    "QUESTION_MAX_CHARS",
    "Quiz",
    "QuizReport",
    "inspect_quizzes",
]

DEFAULT_QUIZZES_DIR = Path(__file__).resolve().parent / "quizzes"
QUESTION_MAX_CHARS = 300
"""Bot API ``sendPoll``: a question has 1–300 characters."""
OPTION_MAX_CHARS = 100
"""Bot API ``sendPoll``: an option has 1–100 characters."""
EXPLANATION_MAX_CHARS = 200
"""Bot API ``sendPoll``: a quiz explanation has 0–200 characters."""
_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Quiz(BaseModel):
    """One quiz question: 2–4 options, the correct one, and where the rule comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_ID_PATTERN)
    item: str = Field(pattern=_ID_PATTERN)
    """The knowledge item the question is taken from."""
    question: str = Field(min_length=1, max_length=QUESTION_MAX_CHARS)
    options: tuple[str, ...] = Field(min_length=2, max_length=4)
    correct: str
    """The text of the correct option, exactly as written in ``options``."""
    explanation: str = Field(min_length=1, max_length=EXPLANATION_MAX_CHARS)
    law: str = Field(min_length=2)
    article: str = Field(min_length=2)

    @model_validator(mode="after")
    def _options_fit(self) -> Quiz:
        for option in self.options:
            if not option.strip() or len(option) > OPTION_MAX_CHARS:
                raise ValueError(f"option {option!r} must have 1 to {OPTION_MAX_CHARS} characters")
        if len(set(self.options)) != len(self.options):
            raise ValueError("options must differ from each other")
        if self.correct not in self.options:
            raise ValueError(f"correct {self.correct!r} is not one of the options")
        return self

    @property
    def correct_index(self) -> int:
        """The 0-based position of the correct option (Bot API ``correct_option_id``)."""
        return self.options.index(self.correct)


class _QuizFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quizzes: tuple[Quiz, ...] = Field(min_length=1)


@dataclass(frozen=True)
class QuizReport:
    """What checking the quiz folder found: the valid quizzes and the errors."""

    quizzes: tuple[Quiz, ...]
    errors: list[Problem] = field(default_factory=list)


def inspect_quizzes(
    directory: Path,
    *,
    item_ids: Collection[str],
    registry: StatuteRegistry,
    today: dt.date,
) -> QuizReport:
    """Check every ``*.yaml`` quiz file in ``directory``.

    Args:
        directory: The quiz folder; a missing folder holds no quizzes.
        item_ids: The ids of the knowledge items a quiz may come from.
        registry: The statute registry every citation must be in.
        today: The day statute status is judged by.

    Returns:
        The valid quizzes (sorted by id) and every problem, by file, line and field.
    """
    errors: list[Problem] = []
    quizzes: dict[str, Quiz] = {}
    for path in sorted(directory.glob("*.yaml")):
        document = read_mapping(path, expected="with a 'quizzes' list")
        if isinstance(document, Problem):
            errors.append(document)
            continue
        try:
            parsed = _QuizFile.model_validate(document.data)
        except ValidationError as exc:
            errors.extend(validation_problems(document, exc))
            continue
        for index, quiz in enumerate(parsed.quizzes):
            found = list(_quiz_problems(quiz, item_ids, registry, today, seen=quizzes))
            for name, message in found:
                line = line_of(document.node, ("quizzes", index, name))
                errors.append(Problem(path, line, f"quizzes.{index}.{name}", message))
            if not found:
                quizzes[quiz.id] = quiz
    return QuizReport(tuple(sorted(quizzes.values(), key=lambda quiz: quiz.id)), errors)


def _quiz_problems(
    quiz: Quiz,
    item_ids: Collection[str],
    registry: StatuteRegistry,
    today: dt.date,
    *,
    seen: dict[str, Quiz],
) -> Iterable[tuple[str, str]]:
    if quiz.id in seen:
        yield "id", f"duplicate {quiz.id!r}"
    if quiz.item not in item_ids:
        yield "item", f"no item {quiz.item!r}"
    yield from citation_problems(quiz.law, quiz.article, registry, today)
