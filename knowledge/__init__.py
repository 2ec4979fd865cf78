"""Knowledge base of rule-of-law items and Chinese-aware retrieval (no Telegram imports)."""

from knowledge.base import DEFAULT_ITEMS_DIR, KnowledgeBase, Thresholds
from knowledge.loader import KnowledgeError, check_items, load_items
from knowledge.models import Category, Decision, Item, LegalBasis, ScoredItem, SearchResult
from knowledge.yaml_source import Problem

__all__ = [
    "DEFAULT_ITEMS_DIR",
    "Category",
    "Decision",
    "Item",
    "KnowledgeBase",
    "KnowledgeError",
    "LegalBasis",
    "Problem",
    "ScoredItem",
    "SearchResult",
    "Thresholds",
    "check_items",
    "load_items",
]
