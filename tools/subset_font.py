"""Write ``bot/reports/fonts/wqy-microhei-gb2312.ttf``: the CJK font the charts are drawn with.

The source is WenQuanYi Micro Hei (Apache-2.0, or GPL-3+ with a font exception; we use it under
Apache-2.0) from Debian's ``fonts-wqy-microhei`` package::

    apt-get update && apt-get download fonts-wqy-microhei
    dpkg-deb -x fonts-wqy-microhei_*.deb /tmp/wqy
    python tools/subset_font.py /tmp/wqy/usr/share/fonts/truetype/wqy/wqy-microhei.ttc

The full font is about 5 MB; the subset keeps the first face (Micro Hei, not Mono), printable
ASCII and Latin-1, general and CJK punctuation, full-width forms, every hanzi of GB 2312 (levels 1
and 2: 6,763 characters, which cover nearly all village and community names) and every character
of the project's own labels, drops hinting (matplotlib auto-hints) and is renamed
"WenQuanYi Micro Hei GB2312". Run with the dev extra installed (fontTools).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "bot" / "reports" / "fonts" / "wqy-microhei-gb2312.ttf"
FAMILY = "WenQuanYi Micro Hei GB2312"
"""The subset's own family name, so it never mixes with an installed full WenQuanYi Micro Hei."""
POSTSCRIPT_NAME = "WenQuanYiMicroHeiGB2312"
LABEL_FILES = (
    REPO / "knowledge" / "data" / "categories.yaml",
    REPO / "bot" / "reports" / "labels.py",
    REPO / "bot" / "services" / "consultations.py",
    REPO / "config" / "communities.example.yaml",
)
RANGES = (
    (0x0020, 0x007E),  # printable ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (·, ×, °, …)
    (0x2010, 0x206F),  # general punctuation (—, ‘’, “”, …, ‰)
    (0x2150, 0x218F),  # number forms (Ⅰ Ⅱ …)
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ②)
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。《》「」【】)
    (0xFF00, 0xFFEF),  # half-width and full-width forms (，：（）)
)


def gb2312_hanzi() -> set[int]:
    """Return the code points of the 6,763 hanzi of GB 2312 (rows 16-87)."""
    found: set[int] = set()
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes((row, cell)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return found


def label_characters(paths: Iterable[Path]) -> set[int]:
    """Return every non-ASCII character of the project's label files that exist."""
    return {
        ord(char)
        for path in paths
        if path.exists()
        for char in path.read_text(encoding="utf-8")
        if ord(char) > 0x7F and char.isprintable()
    }


def wanted() -> set[int]:
    """Return the code points to keep."""
    codes = gb2312_hanzi() | label_characters(LABEL_FILES)
    for first, last in RANGES:
        codes.update(range(first, last + 1))
    return codes


def rename(font: TTFont) -> None:
    """Give the subset its own family, full, unique and PostScript names."""
    names = {
        1: FAMILY,
        3: f"{POSTSCRIPT_NAME};subset",
        4: FAMILY,
        6: POSTSCRIPT_NAME,
        16: FAMILY,
        18: FAMILY,
    }
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]


def main() -> None:
    """Subset the font given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="wqy-microhei.ttc (or a .ttf of it)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    font = TTFont(args.source, fontNumber=0, lazy=False)
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted() & set(font.getBestCmap())))
    subsetter.subset(font)
    rename(font)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    font.save(args.output)
    print(f"wrote {args.output} ({args.output.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
