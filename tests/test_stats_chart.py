from __future__ import annotations

import pytest
from matplotlib import font_manager

from bot.reports.chart import FONT_FAMILY, FONT_PATH, chart_figure, render_chart
from bot.services import StatsService
from bot.storage import Database
from tests.stats_seed import NOW, TZ, communities, seed


@pytest.fixture
async def stats(database: Database) -> StatsService:
    await seed(database)
    return StatsService(database, communities(), TZ, clock=lambda: NOW)


def test_the_font_is_shipped_with_its_license() -> None:
    assert FONT_PATH.is_file()
    assert (FONT_PATH.parent / "LICENSE-Apache-2.0.txt").is_file()
    assert 500_000 < FONT_PATH.stat().st_size < 2_000_000


async def test_chart_is_a_png(stats) -> None:
    png = render_chart(await stats.summary("2026"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 10_000


async def test_every_label_is_drawn_with_the_shipped_font(stats) -> None:
    # filterwarnings=error: a glyph missing from the font would fail the drawing itself.
    figure = chart_figure(await stats.summary("2026"))
    months, communities_axes = figure.axes
    legend = months.get_legend()
    assert legend is not None
    texts = [
        *figure.texts,  # the suptitle
        months.title if months.title.get_text() else months._left_title,  # type: ignore[attr-defined]
        *months.get_xticklabels(),
        *months.get_yticklabels(),
        *legend.get_texts(),
        *communities_axes.get_yticklabels(),
        *communities_axes.get_xticklabels(),
    ]
    shown = [text for text in texts if text is not None and text.get_text()]
    assert {text.get_text() for text in months.get_xticklabels()} >= {"1月", "4月", "12月"}
    assert {t.get_text() for t in communities_axes.get_yticklabels()} == {
        "迎凤社区",
        "东关村",
        "西关社区",
    }
    assert {t.get_text() for t in legend.get_texts()} >= {"劳动社保", "法律援助"}
    for text in shown:
        properties = text.get_fontproperties()
        assert properties.get_family()[0] == FONT_FAMILY, text.get_text()
        assert font_manager.findfont(properties, fallback_to_default=False) == str(FONT_PATH)


async def test_an_empty_period_still_draws(database: Database) -> None:
    stats = StatsService(database, None, TZ, clock=lambda: NOW)
    assert render_chart(await stats.summary("2026-04")).startswith(b"\x89PNG")


async def test_titles_and_ticks_name_the_period_in_chinese(stats) -> None:
    figure = chart_figure(await stats.summary("2025年11月至2026年4月"))
    months, communities_axes = figure.axes
    assert figure.get_suptitle() == "嘉祥街道法律顾问咨询统计（2025年11月至2026年4月）"
    ticks = [text.get_text() for text in months.get_xticklabels()]
    assert ticks[0] == "2025年11月"
    assert ticks[-1] == "2026年4月"
    assert months.get_title(loc="left") == "各月法律顾问咨询件数（按咨询类别）"
    assert communities_axes.get_title(loc="left") == "各村（社区）法律顾问咨询件数"
