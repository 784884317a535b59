"""Charts in files saved by the openpyxl shell.

openpyxl does not round-trip charts faithfully (it re-reads what it understands and drops the
rest), so every save redraws the 成績 chart from `addin.core.metrics.CHART`: whatever was loaded
is replaced by exactly one chart of that spec. Live Excel keeps its own chart untouched.
"""

from __future__ import annotations

from openpyxl.chart import LineChart, Reference
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from addin import layout
from addin.core.metrics import CHART, COLUMN_WIDTHS, ChartSpec

LIMIT_COLOUR = "C00000"
RATE_COLOUR = "2F5597"


def metrics_chart(ws: Worksheet, spec: ChartSpec = CHART) -> LineChart:
    chart = LineChart()
    chart.title = spec.title
    chart.y_axis.title = spec.y_title
    chart.width, chart.height = spec.width_cm, spec.height_cm
    chart.display_blanks = "gap"
    chart.x_axis.delete = False  # openpyxl 3.1 hides both axes unless told otherwise
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    data = Reference(ws, min_col=spec.value_cols[0], max_col=spec.value_cols[-1],
                     min_row=spec.header_row, max_row=spec.last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=spec.category_col, min_row=spec.first_row,
                                   max_row=spec.last_row))
    rate, limit = chart.series
    rate.graphicalProperties.line.solidFill = RATE_COLOUR
    rate.marker.symbol = "circle"
    rate.smooth = False
    limit.graphicalProperties.line.solidFill = LIMIT_COLOUR
    limit.graphicalProperties.line.dashStyle = "dash"
    limit.marker.symbol = "none"
    limit.smooth = False
    return chart


def redraw_charts(wb: Workbook) -> None:
    """Replace whatever chart 成績 carries by the one of CHART (no-op without a 成績 sheet)."""
    if CHART.sheet not in wb.sheetnames:
        return
    ws = wb[CHART.sheet]
    ws._charts = []  # openpyxl keeps loaded charts here; ours replaces them
    ws.add_chart(metrics_chart(ws), CHART.anchor)


def add_sheet(wb: Workbook, sheet: str, before: str | None = None) -> Worksheet:
    index = wb.sheetnames.index(before) if before in wb.sheetnames else None
    ws = wb.create_sheet(sheet, index)
    if sheet == layout.METRICS:
        for i, width in enumerate(COLUMN_WIDTHS, start=1):
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
    return ws
