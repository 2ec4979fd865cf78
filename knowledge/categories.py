"""Consultation categories and required topics, read from the files copied from shared/."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from knowledge.models import Category
from knowledge.yaml_source import load_yaml

__all__ = [
    "DATA_DIR",
    "LEGAL_CLASSES",
    "CategoryLedger",
    "Topic",
    "category_label",
    "load_categories",
    "load_category_ledger",
    "load_topics",
]

LEGAL_CLASSES: tuple[str, ...] = ("民事", "刑事", "行政", "其他")
"""The classes of the judicial office's consultation ledger, in its column order."""

DATA_DIR = Path(__file__).resolve().parent / "data"


class Topic(BaseModel):
    """A topic the knowledge base must cover (``topics.yaml``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    category: str
    scope: str


class CategoryLedger(BaseModel):
    """How the office's ledger files a category, and its typed short names."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    legal_class: Literal["民事", "刑事", "行政", "其他"]
    aliases: tuple[str, ...] = ()


@cache
def load_category_ledger(
    path: Path = DATA_DIR / "category-ledger.yaml",
) -> dict[str, CategoryLedger]:
    """Return each category id's ledger class and aliases (``category-ledger.yaml``).

    Raises:
        ValueError: A category of ``categories.yaml`` is missing, or an unknown one is listed.
    """
    raw = load_yaml(path)["categories"]
    entries = {key: CategoryLedger.model_validate(value) for key, value in raw.items()}
    known = {category.id for category in load_categories()}
    if set(entries) != known:
        raise ValueError(
            f"{path.name}: categories {sorted(known ^ set(entries))!r} do not match categories.yaml"
        )
    return entries


@cache
def load_categories(path: Path = DATA_DIR / "categories.yaml") -> tuple[Category, ...]:
    """Return the consultation categories in their listed order."""
    raw = load_yaml(path)
    return tuple(Category.model_validate(entry) for entry in raw["categories"])


@cache
def load_topics(path: Path = DATA_DIR / "topics.yaml") -> tuple[Topic, ...]:
    """Return the topics the knowledge base must cover."""
    raw = load_yaml(path)
    return tuple(Topic.model_validate(entry) for entry in raw["topics"])


def category_label(category_id: str) -> str:
    """Return the Chinese label of a category id (the id itself when unknown)."""
    return {category.id: category.label for category in load_categories()}.get(
        category_id, category_id
    )
