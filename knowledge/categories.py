"""Consultation categories and required topics, read from the files copied from shared/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from knowledge.models import Category

__all__ = ["DATA_DIR", "Topic", "category_label", "load_categories", "load_topics"]

DATA_DIR = Path(__file__).resolve().parent / "data"


class Topic(BaseModel):
    """A topic the knowledge base must cover (``topics.yaml``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    category: str
    scope: str


@cache
def load_categories(path: Path = DATA_DIR / "categories.yaml") -> tuple[Category, ...]:
    """Return the consultation categories in their listed order."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(Category.model_validate(entry) for entry in raw["categories"])


@cache
def load_topics(path: Path = DATA_DIR / "topics.yaml") -> tuple[Topic, ...]:
    """Return the topics the knowledge base must cover."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(Topic.model_validate(entry) for entry in raw["topics"])


def category_label(category_id: str) -> str:
    """Return the Chinese label of a category id (the id itself when unknown)."""
    return {category.id: category.label for category in load_categories()}.get(
        category_id, category_id
    )
