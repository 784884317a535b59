"""Build workbook/template.xlsm from the sources in this repository. Never edit the file by hand.

Usage: python scripts/build_template.py [OUT]      (default: workbook/template.xlsm)

The layout comes from addin.layout, the settings rows from addin.core.settings, the letter
templates from addin.core.letters. The build is byte-for-byte reproducible (fixed timestamps).
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import xlsxwriter
from vba_project import BUTTON_AREA_POINTS, add_vba  # scripts/ is on sys.path when this file runs
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from addin import layout
from addin.core.codes import STATUS_COLOURS, Status
from addin.core.letters import default_template_rows
from addin.core.metrics import (
    CAUTION,
    CHART,
    CHART_COL,
    CHART_HEADERS,
    COLUMN_WIDTHS,
    DANGER,
    HEADER_ROW,
    OK,
    ROUGH,
    TABLE_HEADERS,
)
from addin.core.settings import DEFAULT_SHIP_METHOD_LABEL, TEXT_LABELS
from addin.core.settings import default_rows as settings_rows
from addin.excel_conf import conf_rows
from addin.layout import Kind, Owner

ROOT = Path(__file__).resolve().parent.parent

OUT = ROOT / "workbook" / "template.xlsm"
FIXED_TIME = datetime(2026, 1, 1, 0, 0, 0)
FONT = "Meiryo UI"
VALIDATION_ROWS = 20000  # drop-downs cover this many order rows
OWNER_COLOURS = {Owner.REPORT: "#DDEBF7", Owner.SELLER: "#FFF2CC", Owner.COMPUTED: "#E2EFDA"}
# Urgency, the same colours on 今日 and 注文, from 残り営業日 and ステータス (conditional formats,
# so they stay right when the seller edits): overdue, due today, later, 完了.
OVERDUE, DUE_TODAY, LATER, DONE_GREY = "#FF9999", "#FFD966", "#E2EFDA", "#D9D9D9"
SELLER_TINT = "#FFFBEA"  # the body of the columns the seller types into
YES_NO = ("はい", "いいえ")
# 成績's 判定, as urgency; 参考 (too few orders to judge) neutral grey
VERDICT_COLOURS = {OK: LATER, CAUTION: DUE_TODAY, DANGER: OVERDUE, ROUGH: "#EDEDED"}


def _urgency_formats(wb: Workbook, ws: Worksheet, first: int, cols: dict[str, int], span: tuple[int, int]) -> None:
    """Colour 期限 and 残り営業日 by urgency and ステータス by status, rows `first`… (0-based);
    `cols` gives the 0-based columns of 期限, 残り営業日 and ステータス; `span` the columns a 完了
    row greys out."""
    last = first + VALIDATION_ROWS
    days = xl_rowcol_to_cell(first, cols["残り営業日"], col_abs=True)
    status = xl_rowcol_to_cell(first, cols["ステータス"], col_abs=True)
    confirm_now = Status.CONFIRM_NOW.label
    done = Status.DONE.label
    rules = (
        (f'={status}="{done}"', {"font_color": "#7F7F7F", "bg_color": "#F2F2F2"}, span),
        (f"=AND(ISNUMBER({days}),{days}<0)", {"bg_color": OVERDUE, "bold": True}, None),
        (f'=OR({status}="{confirm_now}",AND(ISNUMBER({days}),{days}=0))', {"bg_color": DUE_TODAY, "bold": True}, None),
        (f"=AND(ISNUMBER({days}),{days}>0)", {"bg_color": LATER}, None),
    )
    for formula, fmt, cover in rules:
        targets = [cover] if cover else [(cols["期限"], cols["期限"]), (cols["残り営業日"], cols["残り営業日"])]
        for c1, c2 in targets:
            ws.conditional_format(first, c1, last, c2, {
                "type": "formula", "criteria": formula, "format": wb.add_format(fmt),
                "stop_if_true": cover is not None,
            })
    for code, colour in STATUS_COLOURS.items():
        ws.conditional_format(first, cols["ステータス"], last, cols["ステータス"], {
            "type": "cell", "criteria": "==", "value": f'"{code.label}"',
            "format": wb.add_format({"bg_color": colour}),
        })


def _table_setup(ws: Worksheet, header_row: int, last_col: int) -> None:
    """A4 landscape, fit to width, the header rows on every page; no "number stored as text"
    triangles on the ids, postcodes and tracking numbers we keep as text on purpose."""
    body = f"A{header_row + 2}:{xl_col_to_name(last_col)}{header_row + 1 + VALIDATION_ROWS}"
    ws.ignore_errors({"number_stored_as_text": body})
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0 if header_row < 8 else header_row, header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.set_footer("&C&P / &N")


def _orders_sheet(wb: Workbook, ws: Worksheet) -> None:
    hr = layout.ORDERS_HEADER_ROW - 1  # 0-based
    ws.write(0, 0, "自己発送トリアージ", wb.add_format({"bold": True, "font_size": 14, "font_name": FONT}))
    # Right of the title: rows 2-3 hold the buttons (scripts/vba_project.py).
    ws.write(0, 2, "青=レポート取込、黄=入力する列、緑=トリアージが計算する列",
             wb.add_format({"font_color": "#595959", "font_name": FONT, "valign": "vcenter"}))
    ws.set_row(0, 24)
    ws.set_row(1, BUTTON_AREA_POINTS / 2)  # the buttons (scripts/vba_project.py)
    ws.set_row(2, BUTTON_AREA_POINTS / 2)
    for c, col in enumerate(layout.ORDER_COLUMNS):
        head = wb.add_format({"bold": True, "bg_color": OWNER_COLOURS[col.owner], "border": 1,
                              "text_wrap": True, "valign": "vcenter", "font_name": FONT})
        props: dict[str, object] = {"font_name": FONT}
        fmt = layout.number_format(col.kind)
        if fmt:
            props["num_format"] = fmt
        if col.kind is Kind.TEXT and col.width >= 24:
            props["text_wrap"] = False
        if col.owner is Owner.SELLER:
            props["bg_color"] = SELLER_TINT
        ws.set_column(c, c, col.width, wb.add_format(props))
        ws.write_string(hr, c, col.header, head)
        if col.choices:
            ws.data_validation(hr + 1, c, hr + VALIDATION_ROWS, c, {
                "validate": "list",
                "source": list(col.choices),
                "input_title": col.header,
                "input_message": "▼から選んでください（一覧にない値も入力できます）"[:255],
                "error_type": "warning",  # full-width forms and extended lists must stay allowed
                "error_title": col.header,
                "error_message": "一覧にない値です。このまま入力してもよいですか？",
            })
        elif col.owner is Owner.SELLER and col.kind is Kind.DATE:
            ws.data_validation(hr + 1, c, hr + VALIDATION_ROWS, c, {
                "validate": "any", "input_title": col.header,
                "input_message": "日付を 2026/11/26 の形で入力します（Ctrl+; で今日の日付）",
            })
    ws.set_row(hr, 30)
    frozen = 1 + next(i for i, c in enumerate(layout.ORDER_COLUMNS) if c.header == layout.ORDERS_FROZEN_THROUGH)
    ws.freeze_panes(hr + 1, frozen)
    ws.autofilter(hr, 0, hr, len(layout.ORDER_COLUMNS) - 1)
    cols = {c.header: i for i, c in enumerate(layout.ORDER_COLUMNS)}
    _urgency_formats(wb, ws, hr + 1, cols, (0, frozen - 1))
    _table_setup(ws, hr, len(layout.ORDER_COLUMNS) - 1)


def _computed_table(wb: Workbook, ws: Worksheet, hr: int, columns: tuple[tuple[str, Kind, float], ...],
                    frozen_cols: int) -> None:
    """Headers (row `hr`, 0-based), column widths and formats, frozen header and AutoFilter of a
    table that トリアージ rewrites (今日, 連絡文)."""
    head = wb.add_format({"bold": True, "bg_color": OWNER_COLOURS[Owner.COMPUTED], "border": 1,
                          "valign": "vcenter", "font_name": FONT})
    for c, (header, kind, width) in enumerate(columns):
        props: dict[str, object] = {"font_name": FONT, "valign": "top"}
        fmt = layout.number_format(kind)
        if fmt:
            props["num_format"] = fmt
        ws.set_column(c, c, width, wb.add_format(props))
        ws.write_string(hr, c, header, head)
    ws.freeze_panes(hr + 1, frozen_cols)
    ws.autofilter(hr, 0, hr, len(columns) - 1)


def _today_sheet(wb: Workbook, ws: Worksheet) -> None:
    """今日: title and date, counts per status (labels here, numbers by トリアージ), the to-do
    table's headers; トリアージ rewrites all of them (addin.ops.today)."""
    from addin.core.today import COUNTED
    from addin.ops.today import TITLE

    ws.write_string(0, 0, TITLE, wb.add_format({"bold": True, "font_size": 14, "font_name": FONT}))
    ws.set_row(0, 24)
    ws.set_row(1, BUTTON_AREA_POINTS / 2)  # the buttons (scripts/vba_project.py)
    ws.set_row(2, BUTTON_AREA_POINTS / 2)
    label_row = layout.TODAY_COUNT_ROW - 2  # 0-based
    for c, status in enumerate(COUNTED):
        ws.write_string(label_row, c, status.label, wb.add_format({
            "bold": True, "border": 1, "align": "center", "font_name": FONT,
            "bg_color": STATUS_COLOURS.get(status, "#F2F2F2")}))
        ws.write_number(label_row + 1, c, 0, wb.add_format({"align": "center", "border": 1, "font_name": FONT}))
    hr = layout.TODAY_HEADER_ROW - 1
    # One line per order (no wrap): 2,000 lines stay readable; the full texts are on 注文.
    _computed_table(wb, ws, hr, layout.TODAY_COLUMNS, frozen_cols=0)
    cols = {h: i for i, (h, _, _) in enumerate(layout.TODAY_COLUMNS)}
    _urgency_formats(wb, ws, hr + 1, cols, (0, len(layout.TODAY_COLUMNS) - 1))
    _table_setup(ws, hr, len(layout.TODAY_COLUMNS) - 1)


def _messages_sheet(wb: Workbook, ws: Worksheet) -> None:
    """連絡文: the note, room for the 「本文をコピー」 button, the table's headers; トリアージ
    rewrites the rows (addin.ops.messages)."""
    from addin.ops.messages import NOTE

    ws.write_string(0, 0, NOTE, wb.add_format({"font_name": FONT, "font_color": "#595959"}))
    ws.set_row(1, 24)
    _computed_table(wb, ws, layout.MESSAGES_HEADER_ROW - 1, layout.MESSAGES_COLUMNS, frozen_cols=1)


def _settings_sheet(wb: Workbook, ws: Worksheet) -> None:
    bold = wb.add_format({"bold": True, "bg_color": "#FFF2CC", "border": 1, "font_name": FONT})
    plain = wb.add_format({"font_name": FONT})
    grey = wb.add_format({"font_color": "#595959", "font_name": FONT})
    ws.set_column(0, 0, 28, plain)
    text = wb.add_format({"font_name": FONT, "num_format": "@"})
    ws.set_column(1, 1, 24, text)
    ws.set_column(2, 2, 60, grey)
    for r, row in enumerate(settings_rows()):
        for c, v in enumerate(row):
            if v is None:
                continue
            fmt = bold if r == 0 else (grey if c == 2 else text if c == 1 and row[0] in TEXT_LABELS else plain)
            if isinstance(v, int):
                ws.write_number(r, c, v, fmt)
            else:
                ws.write_string(r, c, str(v), fmt)
        if r and row[1] in YES_NO:  # a yes/no setting: a drop-down
            ws.data_validation(r, 1, r, 1, {"validate": "list", "source": list(YES_NO),
                                            "input_title": str(row[0]), "input_message": "はい／いいえ"})
        elif row[0] == DEFAULT_SHIP_METHOD_LABEL:  # the 注文 drop-down's methods; a warning only,
            # since methods added on 設定 are allowed too
            ws.data_validation(r, 1, r, 1, {
                "validate": "list", "source": list(layout.SHIP_METHODS), "input_title": str(row[0]),
                "input_message": "「発送方法」が空欄の注文に使う方法を▼から選びます（空欄なら使いません）",
                "error_type": "warning", "error_title": str(row[0]),
                "error_message": "一覧にない発送方法です。設定で追加した方法ならこのままで構いません。"})
    ws.freeze_panes(1, 0)


def _templates_sheet(wb: Workbook, ws: Worksheet) -> None:
    rows = list(default_template_rows())
    head = wb.add_format({"bold": True, "bg_color": "#FFF2CC", "border": 1, "font_name": FONT})
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "font_name": FONT})
    ws.set_column(0, 0, 22, wrap)
    ws.set_column(1, 1, 90, wrap)
    ws.write_string(0, 0, "区分", head)
    ws.write_string(0, 1, "文面", head)
    for r, (key, text) in enumerate(rows, start=1):
        ws.write_string(r, 0, key, wrap)
        ws.write_string(r, 1, text, wrap)
    ws.freeze_panes(1, 0)


def _letters_sheet(wb: Workbook, ws: Worksheet) -> None:
    """A4 portrait, LETTER_ROWS rows per page with a manual break after each: the shells only
    write one block and set the print area (see layout)."""
    body = wb.add_format({"font_name": layout.LETTER_FONT, "font_size": layout.LETTER_FONT_SIZE,
                          "valign": "vcenter"})
    # pixels, so the stored width is exactly LETTER_COL_WIDTH (the same as the openpyxl shell);
    # date and signature rows write their text into LETTER_RIGHT_COL: right-aligned by its format
    px = round(layout.LETTER_COL_WIDTH * 7)
    right = wb.add_format({"font_name": layout.LETTER_FONT, "font_size": layout.LETTER_FONT_SIZE,
                           "valign": "vcenter", "align": "right"})
    for c in range(layout.LETTER_COLS):
        ws.set_column_pixels(c, c, px, right if c == layout.LETTER_RIGHT_COL - 1 else body)
    ws.set_default_row(layout.LETTER_ROW_HEIGHT)
    ws.set_paper(9)  # A4
    ws.set_portrait()
    m = layout.LETTER_MARGINS
    ws.set_margins(left=m["left"], right=m["right"], top=m["top"], bottom=m["bottom"])
    ws.set_header("", {"margin": m["header"]})
    ws.set_footer("", {"margin": m["footer"]})
    ws.fit_to_pages(1, 0)  # fit to width; height follows the manual breaks
    ws.set_h_pagebreaks([layout.LETTER_ROWS * n for n in range(1, layout.LETTER_MAX_PAGES)])
    ws.hide_gridlines(2)


def _metrics_sheet(wb: Workbook, ws: Worksheet) -> None:
    """成績: headers and the chart (spec in addin.core.metrics.CHART, redrawn by the openpyxl
    shell on every save); the 成績 button fills the values."""
    head = wb.add_format({"bold": True, "bg_color": "#E2EFDA", "border": 1, "font_name": FONT})
    for c, width in enumerate(COLUMN_WIDTHS):
        ws.set_column(c, c, width)
    title = wb.add_format({"bold": True, "font_size": 14, "font_name": FONT})
    ws.write_string(0, 0, "成績（Amazon の基準との比較）", title)
    ws.write_string(1, 0, "「成績」ボタンで注文シートの記録から計算します。")
    for c, text in enumerate(TABLE_HEADERS):
        ws.write_string(HEADER_ROW - 1, c, text, head)
    verdict = TABLE_HEADERS.index("判定")
    for text, colour in VERDICT_COLOURS.items():
        ws.conditional_format(HEADER_ROW, verdict, HEADER_ROW + 40, verdict, {
            "type": "cell", "criteria": "==", "value": f'"{text}"',
            "format": wb.add_format({"bg_color": colour, "bold": text in (CAUTION, DANGER)}),
        })
    for c, text in enumerate(CHART_HEADERS, start=CHART_COL - 1):
        ws.write_string(HEADER_ROW - 1, c, text, head)
    spec = CHART
    name = layout.METRICS
    chart = wb.add_chart({"type": "line"})
    styles = ({"color": "#2F5597"}, {"color": "#C00000", "dash_type": "dash"})
    for col, line in zip(spec.value_cols, styles, strict=True):
        chart.add_series({
            "name": [name, spec.header_row - 1, col - 1],
            "categories": [name, spec.first_row - 1, spec.category_col - 1,
                           spec.last_row - 1, spec.category_col - 1],
            "values": [name, spec.first_row - 1, col - 1, spec.last_row - 1, col - 1],
            "line": line,
            "marker": {"type": "circle" if col == spec.value_cols[0] else "none"},
        })
    chart.set_title({"name": spec.title})
    chart.set_y_axis({"name": spec.y_title, "min": 0})
    chart.show_blanks_as("gap")
    px_per_cm = 96 / 2.54
    chart.set_size({"width": round(spec.width_cm * px_per_cm), "height": round(spec.height_cm * px_per_cm)})
    ws.insert_chart(spec.anchor, chart)


def _xlwings_conf_sheet(wb: Workbook, ws: Worksheet) -> None:
    # Hidden from the seller: xlwings reads it anyway (GetConfigFromSheet uses wb.Sheets(name)).
    ws.hide()
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 60)
    for r, (key, value) in enumerate(conf_rows()):
        ws.write_string(r, 0, key)
        if value:
            ws.write_string(r, 1, value)


def build(out: Path = OUT) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(out), {"default_format_properties": {"font_name": FONT, "font_size": 10}})
    wb.set_properties({"title": "自己発送トリアージ", "created": FIXED_TIME})
    sheets = {name: wb.add_worksheet(name) for name in layout.SHEETS}
    _today_sheet(wb, sheets[layout.TODAY])
    _orders_sheet(wb, sheets[layout.ORDERS])
    _messages_sheet(wb, sheets[layout.MESSAGES])
    _settings_sheet(wb, sheets[layout.SETTINGS])
    _templates_sheet(wb, sheets[layout.TEMPLATES])
    _letters_sheet(wb, sheets[layout.LETTERS])
    _metrics_sheet(wb, sheets[layout.METRICS])
    _xlwings_conf_sheet(wb, sheets[layout.XLWINGS_CONF])
    sheets[layout.TODAY].activate()
    add_vba(wb, [sheets[layout.TODAY], sheets[layout.ORDERS]], sheets)
    wb.close()
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
