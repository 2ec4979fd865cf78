"""The staff chart: consultations per month by category, and by community, as a PNG.

Drawn with matplotlib's object API on the Agg canvas (no display, no pyplot, no global style
changes), with the CJK font shipped in ``bot/reports/fonts`` loaded by path, so Chinese labels
render on any machine. Importing this module imports matplotlib (about half a second): import it
where a chart is wanted, not at start-up.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator

from bot.services.stats_models import StatsReport
from bot.texts.reports import CHART, month_label, period_label, short_category

__all__ = ["FONT_FAMILY", "FONT_PATH", "chart_figure", "chart_font", "render_chart"]

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "wqy-microhei-gb2312.ttf"
"""The shipped CJK font (a GB 2312 subset of WenQuanYi Micro Hei, Apache-2.0)."""
FONT_FAMILY = "WenQuanYi Micro Hei GB2312"
"""Its family name, as registered with matplotlib."""
_FALLBACK = "DejaVu Sans"  # ships with matplotlib; draws what the subset lacks (except CJK)
_MAX_COMMUNITIES = 30
_COLORS = (
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948",
    "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC", "#264653", "#D37295",
)  # fmt: skip
_lock = threading.Lock()
_registered = False


def chart_font(size: float | None = None) -> FontProperties:
    """Return the shipped font's properties, registering the file with matplotlib once."""
    global _registered
    with _lock:
        if not _registered:
            if not FONT_PATH.is_file():
                raise FileNotFoundError(f"chart font missing: {FONT_PATH}")
            font_manager.fontManager.addfont(str(FONT_PATH))
            _registered = True
    return FontProperties(family=[FONT_FAMILY, _FALLBACK], size=size)


def render_chart(report: StatsReport, *, dpi: int = 110) -> bytes:
    """Return the chart of ``report`` as PNG bytes."""
    figure = _figure(report)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def chart_figure(report: StatsReport) -> Figure:
    """Return the chart's figure, drawn (for inspection; :func:`render_chart` makes the PNG)."""
    figure = _figure(report)
    figure.canvas.draw()
    return figure


def _figure(report: StatsReport) -> Figure:
    communities = [c for c in report.consultations.by_community if c.count][:_MAX_COMMUNITIES]
    lower = max(2.2, 0.32 * len(communities) + 1.0)
    figure = Figure(figsize=(11, 5.2 + lower), layout="constrained")
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, height_ratios=[5.2, lower])
    figure.suptitle(
        CHART["title"].format(period=period_label(report.period)), fontproperties=chart_font(15)
    )
    _by_month(top, report)
    _by_community(bottom, report, [(c.label, c.count) for c in communities])
    return figure


def _by_month(axes: Axes, report: StatsReport) -> None:
    font = chart_font(10)
    months = [row.month for row in report.monthly]
    one_year = len({month[:4] for month in months}) == 1
    ticks = [f"{int(m[5:])}月" if one_year else month_label(m) for m in months]
    positions = list(range(len(months)))
    bottoms = [0] * len(months)
    for index, category in enumerate(report.consultations.by_category):
        heights = [row.by_category.get(category.key, 0) for row in report.monthly]
        if not any(heights):
            continue
        axes.bar(
            positions,
            heights,
            bottom=bottoms,
            label=short_category(category.label),
            color=_COLORS[index % len(_COLORS)],
            width=0.7,
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    for x, total in zip(positions, bottoms, strict=True):
        if total:
            axes.annotate(
                str(total),
                (x, total),
                ha="center",
                va="bottom",
                xytext=(0, 2),
                textcoords="offset points",
                fontproperties=chart_font(8),
            )
    axes.set_title(CHART["by_month"], fontproperties=chart_font(12), loc="left")
    axes.set_xticks(positions, ticks, rotation=0 if len(months) <= 12 else 60)
    axes.set_ylabel(CHART["count"], fontproperties=font)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    _tick_font(axes, font)
    axes.spines[["top", "right"]].set_visible(False)
    if any(bottoms):
        axes.set_ylim(0, max(bottoms) * 1.12)
        handles, labels = axes.get_legend_handles_labels()
        axes.legend(  # top of the legend = top of the stack
            handles[::-1],
            labels[::-1],
            prop=chart_font(9),
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
        )
    else:
        _empty(axes)


def _by_community(axes: Axes, report: StatsReport, communities: list[tuple[str, int]]) -> None:
    font = chart_font(10)
    axes.set_title(CHART["by_community"], fontproperties=chart_font(12), loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    if not communities:
        axes.set_yticks([])
        _tick_font(axes, font)
        _empty(axes)
        return
    ordered = sorted(communities, key=lambda item: item[1])
    labels = [label for label, _ in ordered]
    counts = [count for _, count in ordered]
    bars = axes.barh(range(len(ordered)), counts, color=_COLORS[0], height=0.6)
    axes.bar_label(bars, labels=[str(c) for c in counts], padding=3, fontproperties=font)
    axes.set_yticks(range(len(ordered)), labels)
    axes.set_xlabel(CHART["count"], fontproperties=font)
    axes.set_xlim(0, max(counts) * 1.12)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    _tick_font(axes, font)


def _tick_font(axes: Axes, font: FontProperties) -> None:
    for label in [*axes.get_xticklabels(), *axes.get_yticklabels()]:
        label.set_fontproperties(font)
    axes.tick_params(labelfontfamily=font.get_family()[0], labelsize=font.get_size())


def _empty(axes: Axes) -> None:
    axes.text(
        0.5,
        0.5,
        CHART["empty"],
        transform=axes.transAxes,
        ha="center",
        va="center",
        fontproperties=chart_font(12),
        color="#666666",
    )
