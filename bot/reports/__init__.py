"""Staff reports made from the tallies of ``bot.services.stats``: text, spreadsheet, CSV, chart.

No Telegram here: each function returns a string or bytes. The PNG chart lives in
``bot.reports.chart``, imported on its own because it loads matplotlib.
"""

from bot.reports.export import (
    CSV_MEDIA_TYPE,
    XLSX_MEDIA_TYPE,
    ExportFile,
    build_csv,
    build_xlsx,
    export_filename,
)
from bot.reports.text import format_digest_text, format_report_text

__all__ = [
    "CSV_MEDIA_TYPE",
    "XLSX_MEDIA_TYPE",
    "ExportFile",
    "build_csv",
    "build_xlsx",
    "export_filename",
    "format_digest_text",
    "format_report_text",
]
