"""Write ``knowledge/data/pinyin.txt``: the toneless pinyin of each CJK unified ideograph.

Run from the repository root with the dev extra installed: ``python tools/make_pinyin_table.py``.
The table lets retrieval match near-homophone typos without loading pypinyin's dictionaries
(about 56 MB of memory) at run time. One line per syllable: ``li 里离理力…``.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

from pypinyin.pinyin_dict import pinyin_dict

OUTPUT = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "pinyin.txt"
FIRST, LAST = 0x4E00, 0x9FFF


def toneless(reading: str) -> str:
    """Return the first reading of a pypinyin entry without tone marks (ü → u)."""
    first = reading.split(",")[0]
    bare = "".join(c for c in unicodedata.normalize("NFD", first) if not unicodedata.combining(c))
    return bare.lower()


def main() -> None:
    """Write the table."""
    by_syllable: dict[str, list[str]] = defaultdict(list)
    for code in range(FIRST, LAST + 1):
        reading = pinyin_dict.get(code)
        if reading:
            by_syllable[toneless(reading)].append(chr(code))
    lines = [f"{syllable} {''.join(chars)}" for syllable, chars in sorted(by_syllable.items())]
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {sum(map(len, by_syllable.values()))} characters, {len(lines)} syllables")


if __name__ == "__main__":
    main()
