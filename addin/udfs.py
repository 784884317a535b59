"""Cell functions (xlwings UDFs) for Excel on Windows; open-source xlwings has no UDFs on Mac.

Imported into a workbook by the 「関数の読込」 button (xlwings' ImportPythonUDFs, module name in
xlwings.conf "UDF Modules"). Each function is a thin wrapper over a plain core function
(addin.core.udf_functions, addin.core.checks), so the sheet and the triage button agree.

Why the wrappers look the way they do (only Windows would tell otherwise):
- ASCII names: xlwings writes the VBA wrappers through a temporary file in the system code page,
  so Japanese function or argument names would break on a machine running Python in UTF-8 mode.
  The Japanese help (function wizard) comes from the docstrings and `doc=`.
- No type annotations on the decorated functions: xlwings turns an annotation into a converter
  for the argument. Blank cells arrive as None, numbers as float, dates as datetime.
- No VBA keywords as argument names (Name, Date, Line …).
- `caller` is xlwings' reserved argument (the calling cell); it lets the date functions use the
  workbook's 設定 sheet (business weekdays, closed days, handling time, cutoff).
- A value the seller can fix comes back as text starting with 「エラー: 」, never a traceback.
"""

import time

import xlwings as xw

from addin import layout
from addin.core import values
from addin.errors import AddinError, UserError

CATEGORY = "自己発送トリアージ"
ERROR_PREFIX = "エラー: "
SETTINGS_SECONDS = 5.0  # one recalculation reads 設定 once, not once per cell
_settings_cache: dict = {}


def _error(e: UserError) -> str:
    return ERROR_PREFIX + e.message


def _settings(caller):
    """The calling workbook's 設定 (None: the defaults, e.g. when called from Python)."""
    if caller is None:
        return None
    from addin.core.settings import read_settings
    from addin.excel.book import XlwingsBook

    try:
        book = caller.sheet.book
        key = str(book.fullname)
    except Exception:  # Excel busy or no workbook: fall back to the defaults
        return None
    now = time.monotonic()
    hit = _settings_cache.get(key)
    if hit is not None and now - hit[0] < SETTINGS_SECONDS:
        return hit[1]
    port = XlwingsBook(book)
    try:
        block = port.read_block(layout.SETTINGS) if port.has_sheet(layout.SETTINGS) else None
    except Exception:
        return None
    settings = read_settings(block) if block is not None else None  # UserError: bad 設定 value
    _settings_cache[key] = (now, settings)
    return settings


def _text(value):
    return values.text(value)


def _postcode(value):
    # A postcode typed as a number lost its leading zero (0600001 → 600001).
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return str(int(value)).zfill(7)
    return values.text(value)


def _flatten(items):
    out = []
    for item in items:
        if isinstance(item, (list, tuple)):
            out.extend(_flatten(item))
        elif item is not None:
            out.append(_text(item))
    return [x for x in out if x]


@xw.func(category=CATEGORY)
@xw.arg("purchased_at", doc="購入日時（日付と時刻）")
@xw.arg("handling_days", doc="発送までの営業日数（省略: 設定シートの値）")
def SHIP_BY(purchased_at, handling_days=None, caller=None):
    """出荷期限: 購入日時から、締め時刻と休業日を考えて発送までの営業日数を数えた日付。"""
    from addin.core.udf_functions import ship_by_date

    try:
        return ship_by_date(purchased_at, handling_days, _settings(caller))
    except AddinError as e:
        return _error(e)


@xw.func(category=CATEGORY)
@xw.arg("deadline", doc="期限の日付")
@xw.arg("today", doc="今日（省略: 今日。TODAY() を渡すと毎日計算し直します）")
def BUSINESS_DAYS_LEFT(deadline, today=None, caller=None):
    """残り営業日: 今日から期限までの営業日数。0 は今日が期限、マイナスは期限切れ。"""
    from addin.core.udf_functions import business_days_left

    try:
        return business_days_left(deadline, today, _settings(caller))
    except AddinError as e:
        return _error(e)


@xw.func(category=CATEGORY)
@xw.arg("postcode", doc="郵便番号")
@xw.arg("lines", doc="住所（都道府県・住所1・住所2・住所3 のセル。範囲でも可）")
def ADDRESS_CHECK(postcode, *lines):
    """住所の確認: 番地・部屋番号の抜けや郵便番号の不一致を文章で返します（問題がなければ「問題なし」）。"""
    from addin.core.checks import address_finding_text

    try:
        return address_finding_text(_postcode(postcode), *_flatten(lines))
    except AddinError as e:
        return _error(e)


@xw.func(category=CATEGORY)
@xw.arg("recipient", doc="宛名（受取人）")
@xw.arg("method", doc="発送方法（例: クリックポスト。省略・空欄: 設定の「発送方法（空欄のとき）」）")
def NAME_CHECK(recipient, method=None, caller=None):
    """宛名の確認: 宛名に電話番号・時間指定・置き配の指示などが入っていないかを返します（問題がなければ「問題なし」）。"""  # noqa: E501
    from addin.core.checks import name_finding_text

    try:
        return name_finding_text(_text(recipient), _text(method), _settings(caller))
    except AddinError as e:
        return _error(e)


@xw.func(category=CATEGORY)
@xw.arg("ship_by", doc="出荷期限")
@xw.arg("purchased_at", doc="購入日時")
@xw.arg("shipped_on", doc="発送日")
@xw.arg("confirmed_on", doc="出荷通知日")
@xw.arg("cancelled_on", doc="キャンセル日")
@xw.arg("listed_condition", doc="出品コンディション")
@xw.arg("actual_condition", doc="実際の状態")
@xw.arg("stock", doc="在庫（あり／欠品）")
@xw.arg("contacted_on", doc="連絡日")
@xw.arg("contact_result", doc="連絡結果")
@xw.arg("support_contacted_on", doc="CS連絡日")
@xw.arg("is_business", doc="法人注文")
@xw.arg("today", doc="今日（省略: 今日）")
@xw.arg("as_code", doc="TRUE で英語のコード（SHIP など）を返します")
def ORDER_STATUS(ship_by, purchased_at, shipped_on, confirmed_on, cancelled_on, listed_condition,
                 actual_condition, stock, contacted_on, contact_result, support_contacted_on,
                 is_business, today=None, as_code=False, caller=None):
    """注文のステータス: トリアージと同じ規則で1件の注文のステータス（例: 手紙同封で発送）を返します。住所・宛名の確認は含みません。"""  # noqa: E501
    from addin.core.udf_functions import order_status

    try:
        return order_status(ship_by, purchased_at, shipped_on, confirmed_on, cancelled_on,
                            listed_condition, actual_condition, stock, contacted_on,
                            contact_result, support_contacted_on, is_business, today,
                            bool(as_code), _settings(caller))
    except AddinError as e:
        return _error(e)
