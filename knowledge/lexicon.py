"""The retrieval lexicon: variants, dialect forms, typos, synonyms, English, stopwords, scope."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from knowledge.categories import DATA_DIR
from knowledge.yaml_source import load_yaml

__all__ = ["DEFAULT_LEXICON_PATH", "Lexicon", "load_lexicon"]

DEFAULT_LEXICON_PATH = DATA_DIR / "lexicon.yaml"


class Lexicon(BaseModel):
    """Language knowledge for retrieval, as kept in ``lexicon.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    variants: dict[str, str] = Field(default_factory=dict)
    """Single characters OpenCC's t2s leaves as typed (囘 → 回, 吿 → 告), one for one."""
    dialect: dict[str, str] = Field(default_factory=dict)
    typos: dict[str, str] = Field(default_factory=dict)
    synonyms: dict[str, str] = Field(default_factory=dict)
    english: dict[str, str] = Field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    out_of_scope: tuple[str, ...] = ()
    about_the_bot: tuple[str, ...] = ()
    """Questions to the bot about itself (你是机器人吗): ``unknown`` whatever an item matches."""

    @field_validator("variants")
    @classmethod
    def _one_character_each(cls, variants: dict[str, str]) -> dict[str, str]:
        """Refuse a variant that is not one character standing for one other."""
        for typed, meant in variants.items():
            if len(typed) != 1 or len(meant) != 1 or typed == meant:
                raise ValueError(f"variant {typed!r}: {meant!r} is not one character for another")
        return variants


@cache
def load_lexicon(path: Path = DEFAULT_LEXICON_PATH) -> Lexicon:
    """Read and validate the lexicon at ``path``."""
    raw = load_yaml(path)
    return Lexicon.model_validate(raw)
