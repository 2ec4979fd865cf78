"""Callback data of the /kb gaps buttons: one declaration gives packing, parsing and pattern.

``1|kbq|<gap>`` opens a gap's candidate items; ``1|kba|<gap>|<item>`` attaches the gap to that
item. ``<gap>`` is the 12-hex-digit digest of the masked question
(``bot.services.kb_admin.gap_key``). Anything that does not parse exactly is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PATTERN", "AttachButton", "GapButton", "KbButton", "parse"]

PATTERN = r"^1\|kb[qa]\|"
"""The ``pattern=`` of the handler of these buttons."""
_GAP = r"[0-9a-f]{12}"
_ITEM = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_GAP_DATA = re.compile(rf"1\|kbq\|({_GAP})")
_ATTACH_DATA = re.compile(rf"1\|kba\|({_GAP})\|({_ITEM})")


@dataclass(frozen=True, slots=True)
class GapButton:
    """Staff: show the items a listed gap may be attached to."""

    gap: str

    def pack(self) -> str:
        """Return the callback data."""
        return f"1|kbq|{self.gap}"


@dataclass(frozen=True, slots=True)
class AttachButton:
    """Staff: attach gap ``gap`` to item ``item_id`` as a sample question."""

    gap: str
    item_id: str

    def pack(self) -> str:
        """Return the callback data."""
        return f"1|kba|{self.gap}|{self.item_id}"


KbButton = GapButton | AttachButton


def parse(data: object) -> KbButton | None:
    """Return the button ``data`` encodes, or ``None`` when it is not valid."""
    if not isinstance(data, str) or len(data.encode()) > 64:
        return None
    if match := _GAP_DATA.fullmatch(data):
        return GapButton(match[1])
    if match := _ATTACH_DATA.fullmatch(data):
        return AttachButton(match[1], match[2])
    return None
