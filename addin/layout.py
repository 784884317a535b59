"""The workbook layout (PRODUCT.md §2) as data. The only module that knows sheets and columns.

Everything else finds columns by header text through this module; nothing hard-codes a column
letter or position, because a seller may insert columns of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Owner(str, Enum):
    REPORT = "report"  # written only by the report import
    SELLER = "seller"  # typed by the seller; never written by any button
    COMPUTED = "computed"  # written only by triage (and 手紙 page numbers by the letters button)


class Kind(str, Enum):
    TEXT = "text"  # free text; buyer text is untrusted
    ID = "id"  # digits that must stay text (ids, postcodes, phones, tracking numbers)
    DATE = "date"
    DATETIME = "datetime"
    INT = "int"
    DAY = "day"  # a date shown with its weekday (deadlines)
    LINK = "link"  # a row number on 注文, written as a link that jumps to it


@dataclass(frozen=True)
class Column:
    header: str
    key: str  # attribute name on core.model.Order
    owner: Owner
    kind: Kind
    width: float
    choices: tuple[str, ...] = ()  # closed value set: a data-validation drop-down


CONDITIONS = ("新品", "ほぼ新品", "非常に良い", "良い", "可")
UNSHIPPABLE = "発送不可"
ACTUAL_CONDITIONS = (*CONDITIONS, UNSHIPPABLE)
STOCK_IN, STOCK_OUT = "あり", "欠品"
STOCK_VALUES = (STOCK_IN, STOCK_OUT)
CONTACT_WAITING, CONTACT_BOUNCED, CONTACT_REPLIED = "返信待ち", "送信エラー", "返信あり"
CONTACT_CANCEL = "キャンセル希望"
CONTACT_RESULTS = (CONTACT_WAITING, CONTACT_BOUNCED, CONTACT_REPLIED, CONTACT_CANCEL)
MAILBOX_METHODS = (
    "クリックポスト",
    "ゆうパケット",
    "ネコポス",
    "スマートレター",
    "レターパックライト",
    "定形外郵便",
    "ゆうメール",
)
HANDOVER_METHODS = ("ゆうパック", "宅急便", "宅急便コンパクト", "レターパックプラス", "佐川急便", "その他")
SHIP_METHODS = (*MAILBOX_METHODS, *HANDOVER_METHODS)

R, S, C = Owner.REPORT, Owner.SELLER, Owner.COMPUTED

ORDER_COLUMNS: tuple[Column, ...] = (
    Column("注文番号", "order_id", R, Kind.ID, 21),
    Column("注文商品ID", "order_item_id", R, Kind.ID, 16),
    # What to do, inside the frozen panes (they end right of 対応): never scrolled away.
    Column("ステータス", "status", C, Kind.TEXT, 13),
    Column("期限", "deadline", C, Kind.DAY, 10),
    Column("残り営業日", "business_days_left", C, Kind.INT, 7),
    Column("対応", "todo", C, Kind.TEXT, 34),
    Column("理由", "reason", C, Kind.TEXT, 36),
    Column("手紙", "letter", C, Kind.TEXT, 14),
    Column("説明", "action", C, Kind.TEXT, 40),
    Column("購入日時", "purchased_at", R, Kind.DATETIME, 17),
    Column("出荷期限", "ship_by", R, Kind.DATE, 11),
    Column("配送サービス", "service_level", R, Kind.TEXT, 12),
    Column("SKU", "sku", R, Kind.TEXT, 14),
    Column("商品名", "product_name", R, Kind.TEXT, 36),
    Column("数量", "quantity", R, Kind.INT, 6),
    Column("金額", "price", R, Kind.INT, 9),
    Column("購入者名", "buyer_name", R, Kind.TEXT, 14),
    Column("購入者メール", "buyer_email", R, Kind.TEXT, 24),
    Column("受取人", "recipient", R, Kind.TEXT, 16),
    Column("郵便番号", "postcode", R, Kind.ID, 10),
    Column("都道府県", "prefecture", R, Kind.TEXT, 9),
    Column("住所1", "address1", R, Kind.TEXT, 28),
    Column("住所2", "address2", R, Kind.TEXT, 20),
    Column("住所3", "address3", R, Kind.TEXT, 16),
    Column("電話番号", "phone", R, Kind.ID, 14),
    Column("法人注文", "is_business", R, Kind.TEXT, 8),
    Column("プライム", "is_prime", R, Kind.TEXT, 8),
    Column("お届け指定", "delivery_request", R, Kind.TEXT, 16),
    Column("注文状況", "order_flags", R, Kind.TEXT, 14),
    Column("支払方法", "payment_method", R, Kind.TEXT, 10),
    Column("代引金額", "cod_amount", R, Kind.INT, 9),
    Column("Amazonの警告", "amazon_warning", R, Kind.TEXT, 16),
    Column("出品コンディション", "listed_condition", S, Kind.TEXT, 12, CONDITIONS),
    Column("実際の状態", "actual_condition", S, Kind.TEXT, 11, ACTUAL_CONDITIONS),
    Column("状態メモ", "condition_memo", S, Kind.TEXT, 24),
    Column("在庫", "stock", S, Kind.TEXT, 7, STOCK_VALUES),
    Column("発送方法", "ship_method", S, Kind.TEXT, 14, SHIP_METHODS),
    Column("連絡日", "contacted_on", S, Kind.DATE, 11),
    Column("連絡結果", "contact_result", S, Kind.TEXT, 12, CONTACT_RESULTS),
    Column("CS連絡日", "support_contacted_on", S, Kind.DATE, 11),
    Column("発送日", "shipped_on", S, Kind.DATE, 11),
    Column("出荷通知日", "confirmed_on", S, Kind.DATE, 11),
    Column("追跡番号", "tracking_number", S, Kind.ID, 16),
    Column("キャンセル日", "cancelled_on", S, Kind.DATE, 11),
    Column("メモ", "memo", S, Kind.TEXT, 24),
)
del R, S, C

COLUMNS_BY_HEADER: dict[str, Column] = {c.header: c for c in ORDER_COLUMNS}
COLUMNS_BY_KEY: dict[str, Column] = {c.key: c for c in ORDER_COLUMNS}
REPORT_COLUMNS = tuple(c for c in ORDER_COLUMNS if c.owner is Owner.REPORT)
SELLER_COLUMNS = tuple(c for c in ORDER_COLUMNS if c.owner is Owner.SELLER)
COMPUTED_COLUMNS = tuple(c for c in ORDER_COLUMNS if c.owner is Owner.COMPUTED)
KEY_HEADERS = ("注文番号", "注文商品ID")  # one row per (order-id, order-item-id)
PII_KEYS = (
    "buyer_name",
    "buyer_email",
    "recipient",
    "postcode",
    "prefecture",
    "address1",
    "address2",
    "address3",
    "phone",
    "delivery_request",
)

# Sheet names. None may end in ".py": that switches xlwings into its licensed mode.
TODAY = "今日"
ORDERS = "注文"
SETTINGS = "設定"
TEMPLATES = "文面"
LETTERS = "手紙"
METRICS = "成績"
MESSAGES = "連絡文"
XLWINGS_CONF = "xlwings.conf"
SHEETS = (TODAY, ORDERS, MESSAGES, SETTINGS, TEMPLATES, LETTERS, METRICS, XLWINGS_CONF)

# Rows above the order table hold the buttons; the header row is found by text, this is only
# where the template puts it.
ORDERS_HEADER_ROW = 4
# The frozen panes of 注文 end right of this column: the ids and what to do stay in view.
ORDERS_FROZEN_THROUGH = "対応"

# 今日 (rebuilt by every トリアージ, see addin.core.today): the date on row 1, one
# count per status under its label (labels in TODAY_COUNT_ROW - 1, in core.today.COUNTED order),
# then the table with its headers in TODAY_HEADER_ROW. Rows 2-3 hold the buttons.
TODAY_DATE_COL = 4  # on row 1, right of the title in A1
TODAY_COUNT_ROW = 5
TODAY_HEADER_ROW = 7
TODAY_COLUMNS: tuple[tuple[str, Kind, float], ...] = (
    ("期限", Kind.DAY, 10),
    ("残り営業日", Kind.INT, 7),
    ("ステータス", Kind.TEXT, 13),
    ("対応", Kind.TEXT, 34),
    ("注文番号", Kind.ID, 21),
    ("商品名", Kind.TEXT, 30),
    ("受取人", Kind.TEXT, 14),
    ("理由", Kind.TEXT, 40),
    ("注文の行", Kind.LINK, 9),
)

# 連絡文 (rebuilt by every トリアージ, see addin.ops.messages): a note on row 1, the 「本文をコピー」
# button on row 2, the table with its headers in MESSAGES_HEADER_ROW, one row per text.
MESSAGES_HEADER_ROW = 4
MESSAGES_BODY = "本文"
MESSAGES_COLUMNS: tuple[tuple[str, Kind, float], ...] = (
    ("注文番号", Kind.ID, 21),
    ("宛先", Kind.TEXT, 13),
    ("件名", Kind.TEXT, 30),
    (MESSAGES_BODY, Kind.TEXT, 70),
    ("期限", Kind.DAY, 10),
    ("問い合わせ内容", Kind.TEXT, 24),
    ("送信後に入力する列", Kind.TEXT, 34),
    ("注文の行", Kind.LINK, 9),
)

# The 手紙 sheet: every letter takes exactly LETTER_ROWS rows (one A4 portrait page). The template
# carries a manual page break after every LETTER_ROWS rows for LETTER_MAX_PAGES pages, so both
# shells only write one block and set the print area: no per-page calls into Excel.
LETTER_ROWS = 46
LETTER_COLS = 8
LETTER_MAX_PAGES = 1000  # Excel allows 1,026 manual page breaks per sheet
# Page setup of 手紙 (template build and the openpyxl shell use the same numbers): a monospaced
# Mincho; LETTER_LINE_WIDTH half-width columns per printed line (text is aligned with spaces);
# LETTER_ROWS × LETTER_ROW_HEIGHT = 724.5pt fits the 732pt between the A4 margins below. The
# columns (8 × 11 units ≈ 462pt when a unit is one half-width character) fit the 469pt between
# the side margins at 100 %; the wide left margin centres the 420pt text on the page.
LETTER_FONT = "ＭＳ 明朝"
LETTER_FONT_SIZE = 10.5
LETTER_ROW_HEIGHT = 15.75  # points (21 px: Excel keeps it exactly)
LETTER_LINE_WIDTH = 80  # half-width columns (40 full-width characters)
LETTER_COL_WIDTH = 11.0  # × LETTER_COLS, in Excel column-width units
# Date and signature rows: their text sits in this column (1-based), right-aligned by the cell
# (the template's column format, the openpyxl shell's cell format) and overflowing to the left
# into the empty columns; its right edge (7 × 11 units) is where the body's 80 columns end, less
# the small gap the padded layout kept.
LETTER_RIGHT_COL = LETTER_COLS - 1
# Top + bottom leave 732pt: 46 rows, not 47, so even automatic page breaks (at 100 %) fall
# between letters.
LETTER_MARGINS = {"left": 1.15, "right": 0.6, "top": 0.8, "bottom": 0.72, "header": 0.3, "footer": 0.3}

DATE_FORMAT = "yyyy/mm/dd"
DAY_FORMAT = "[$-411]m/d(aaa)"  # 11/26(木): [$-411] = Japanese weekday names in any Excel/LibreOffice locale
DATETIME_FORMAT = "yyyy/mm/dd hh:mm"
TEXT_FORMAT = "@"


def number_format(kind: Kind) -> str | None:
    return {
        Kind.DATE: DATE_FORMAT,
        Kind.DAY: DAY_FORMAT,
        Kind.DATETIME: DATETIME_FORMAT,
        Kind.ID: TEXT_FORMAT,
        Kind.INT: "0",
    }.get(kind)


def find_header_row(block: list[list[object]], required: tuple[str, ...] = KEY_HEADERS,
                    scan: int = 30) -> int | None:
    """Index (0-based) of the first row of `block` that holds every `required` header."""
    for i, row in enumerate(block[:scan]):
        texts = {str(v).strip() for v in row if v is not None}
        if all(h in texts for h in required):
            return i
    return None


def link_formula(row: int, sheet: str = ORDERS) -> str:
    """The cell formula of a Kind.LINK value: jumps to column A of `row` on `sheet`. Built only
    from our own integer and sheet name, never from buyer text."""
    return f'=HYPERLINK("#\'{sheet}\'!A{int(row)}","{int(row)}行目へ")'


def header_positions(header_row: list[object]) -> dict[str, int]:
    """Map known header text -> 0-based column index. Unknown (seller's own) columns are ignored;
    on duplicates the first wins."""
    positions: dict[str, int] = {}
    for i, v in enumerate(header_row):
        if v is None:
            continue
        text = str(v).strip()
        if text in COLUMNS_BY_HEADER and text not in positions:
            positions[text] = i
    return positions
