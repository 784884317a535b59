"""Parsing Amazon order reports (tab-separated flat files) into records of the 注文 report columns.

Pure: takes the file's bytes and a display name, returns plain records keyed by `layout.Column.key`
(report columns only) plus Japanese warnings. Every problem a seller can cause raises `ReportError`
naming the file, the line and the column. Buyer text (names, addresses, phones) never appears in a
message: only line numbers, column names and non-personal values such as ids and dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from dateutil import parser as du_parser

from addin import text as text_
from addin.core import values
from addin.errors import DomainError

UNSHIPPED = "未出荷の注文レポート"
ORDER_REPORT = "注文レポート"

# 注文状況 labels (joined with 「・」). Triage may test them with `in`.
FLAG_BUYER_CANCEL = "購入者がキャンセルを依頼"
FLAG_PENDING = "保留中"
FLAG_CANCELLED = "キャンセル済み"
FLAG_SEPARATOR = "・"
YES = "はい"  # 法人注文 / プライム

# 支払方法 (payment-method of the JP unshipped report, PRODUCT.md §5): COD = 代金引換. Other
# values are kept as the report spells them; only COD changes what the seller must do.
PAYMENT_COD = "代金引換"
_PAYMENT_LABELS = {"cod": PAYMENT_COD}
# Amazonの警告 labels (joined with FLAG_SEPARATOR) from verge-of-lateShipment / verge-of-cancellation.
WARN_LATE = "出荷遅延の警告"
WARN_CANCEL = "キャンセルの警告"
_WARNING_COLUMNS = (("verge-of-lateshipment", WARN_LATE), ("verge-of-cancellation", WARN_CANCEL))

MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
# A report line is one order item: a few hundred bytes, far below this. A longer line is not a
# report; refusing it on the bytes keeps a 99 MB one-line file from being decoded (4× in memory).
MAX_LINE_BYTES = 1024 * 1024
_JST_OFFSET = timedelta(hours=9)  # text.JST: Japan has no daylight saving time since 1951

_MANGLED_RE = re.compile(r"^[0-9]+(?:\.[0-9]+)?[eE]\+?[0-9]+$")  # 5.80293E+13
_ISO_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_INT_RE = re.compile(r"^[0-9]+(?:\.0*)?$")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # cells cannot hold these
_BINARY_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_UTF8_SEQ_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_NOT_CP932_RE = re.compile("[\x80\uf8f0-\uf8f3]")
_QUOTABLE_RE = re.compile(r"^[0-9０-９:/\-+.,TZ年月日 ]+$|^(?:true|false|yes|no)$", re.IGNORECASE)
_TRUE = frozenset({"true", "yes", "y", "1", "t"})
_FALSE = frozenset({"", "false", "no", "n", "0", "f"})

# Columns whose values are buyer data: never quoted in a message.
_PERSONAL = frozenset({
    "buyer-email", "buyer-name", "buyer-phone-number", "recipient-name", "ship-address-1",
    "ship-address-2", "ship-address-3", "ship-city", "ship-state", "ship-postal-code",
    "ship-phone-number", "delivery-instructions", "buyer-requested-cancel-reason",
})
ADDRESS_COLUMNS = ("ship-address-1", "ship-address-2", "ship-address-3")
REQUIRED = ("order-id", "order-item-id", "recipient-name")
UNSHIPPED_MARKERS = ("promise-date", "quantity-to-ship", "days-past-promise")

# Other Amazon files a seller may pick by mistake: (columns that must all be present, name).
_OTHER_REPORTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("amazon-order-id", "shipment-id"), "Amazon 出荷レポート（FBA の出荷データ）"),
    (("amazon-order-id", "order-status"), "全注文レポート"),
    (("amazon-order-id",), "FBA の注文レポート"),
    (("settlement-id",), "ペイメント（決済）レポート"),
    (("order-id", "carrier-code"), "出荷通知ファイル（アップロード用）"),
    (("order-id", "ship-date", "tracking-number"), "出荷通知ファイル（アップロード用）"),
    (("return-request-date",), "返品レポート"),
    (("return-date", "reason"), "返品レポート"),
    (("order-id", "payment-type"),
     "保留中の注文レポート（支払いが確定していない注文で、お届け先がありません）"),
    (("fnsku",), "FBA 在庫レポート"),
    (("asin", "sku"), "在庫（出品）レポート"),
    (("asin1", "seller-sku"), "出品詳細レポート（在庫レポート）"),
    (("seller-sku",), "在庫（出品）レポート"),
)


@dataclass
class ParsedReport:
    """One report file, parsed. `records[i]` came from file line `lines[i]`."""

    name: str
    kind: str  # UNSHIPPED or ORDER_REPORT
    encoding: str
    keys: tuple[str, ...]  # the layout keys this file carries (others are left alone on merge)
    records: list[dict[str, object]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class ReportError(DomainError):
    """A report file that cannot be read; the message names the file, line and column."""


class _Fail(DomainError):
    """A bad value; the caller turns it into a ReportError naming file, line and column."""

    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.column = column


def _shown(value: str) -> str:
    """A bad value quoted in a message, but only when it cannot be buyer text (digits, dates)."""
    v = value.strip()
    return f"「{v}」" if v and len(v) <= 40 and _QUOTABLE_RE.match(v) else ""


def _where(name: str, line: int, column: str | None = None) -> str:
    col = f"、列「{column}」" if column else ""
    return f"「{name}」の {line} 行目{col}"


# --- bytes → text ------------------------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "Excel ブックまたは ZIP ファイル"),
    (b"\xd0\xcf\x11\xe0", "古い形式の Excel ブック（.xls）"),
    (b"%PDF", "PDF ファイル"),
    (b"\x1f\x8b", "圧縮（gzip）ファイル"),
    (b"\x89PNG", "画像ファイル"),
    (b"\xff\xd8\xff", "画像ファイル"),
)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text of the file and the encoding used: UTF-8 (with or without BOM), else cp932."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ReportError(
                f"「{name}」は{what}で、Amazon のレポートではありません。Seller Central から"
                "ダウンロードしたタブ区切りのテキスト（.txt）をそのまま指定してください"
                "（注文ブックはコマンドの最後に指定します）。"
            )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportError(
            f"「{name}」は UTF-16（Excel の「Unicode テキスト」）で保存されています。"
            "Excel で開いて保存し直すと注文番号などが壊れるため、"
            "Seller Central からダウンロードしたファイルをそのまま指定してください。"
        )
    if b"\x00" in data:
        raise ReportError(f"「{name}」はテキストファイルではありません（バイナリデータを含みます）。")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as e:
            raise _broken_utf8(name, data, e.start + 3) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as e:
        utf8_error = e.start
    if _mostly_utf8(data):
        raise _broken_utf8(name, data, utf8_error)
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError as e:
        raise _neither(name, data.count(b"\n", 0, e.start) + 1) from None
    bad = _NOT_CP932_RE.search(text)  # Python maps the single bytes 80, A0, FD-FF to these;
    if bad:  # no Shift_JIS writer emits them
        raise _neither(name, text.count("\n", 0, bad.start()) + 1)
    if _looks_like_euc(data, text):
        raise ReportError(
            f"「{name}」は EUC-JP で保存されているようです。UTF-8 か Shift_JIS のレポートを指定してください。"
        )
    return text, "Shift_JIS (cp932)"


def _neither(name: str, line: int) -> ReportError:
    return ReportError(
        f"「{name}」の文字コードが UTF-8 でも Shift_JIS（cp932）でもありません"
        f"（{line} 行目で読めない文字）。Seller Central からダウンロードし直してください。"
    )


def _broken_utf8(name: str, data: bytes, pos: int) -> ReportError:
    line = data.count(b"\n", 0, pos) + 1
    return ReportError(
        f"「{name}」は UTF-8 のファイルですが、{line} 行目に UTF-8 として読めない文字があります"
        "（途中で別の文字コードが混ざったか、ファイルが壊れています）。ダウンロードし直してください。"
    )


def _mostly_utf8(data: bytes) -> bool:
    """A UTF-8 file with a few broken bytes must not be read as cp932 (that would be mojibake)."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if high == 0:
        return False
    in_utf8 = len(data) - len(_UTF8_SEQ_RE.sub(b"", data))
    return in_utf8 >= 0.9 * high


def _looks_like_euc(data: bytes, text: str) -> bool:
    """EUC-JP Japanese also decodes as cp932, as half-width katakana soup."""
    non_ascii = [c for c in text[:1_000_000] if ord(c) >= 0x80]
    if len(non_ascii) < 8:
        return False
    halfwidth = sum(1 for c in non_ascii if "\uff61" <= c <= "\uff9f")
    if halfwidth < 0.5 * len(non_ascii):
        return False
    try:
        data.decode("euc_jp")
    except UnicodeDecodeError:
        return False
    return True


def _split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# --- header → report kind ----------------------------------------------------------------------


def _header_names(line: str) -> list[str]:
    names = []
    for raw in line.split("\t"):
        n = raw.strip().strip('"').strip().lstrip("\ufeff").lower()
        names.append(n)
    return names


def _reject_other(name: str, header: set[str], first_line: str) -> None:
    if first_line.lstrip("\ufeff").lower().startswith("templatetype="):
        raise ReportError(
            f"「{name}」はアップロード用のテンプレート（{first_line.strip()[:40]}）で、注文レポートではありません。"
        )
    if "order-id" in header and "order-item-id" in header and "recipient-name" in header:
        return
    for needed, label in _OTHER_REPORTS:
        if all(n in header for n in needed):
            raise ReportError(
                f"「{name}」は{label}のようです。取り込めるのは「{UNSHIPPED}」か「{ORDER_REPORT}」です"
                "（Seller Central の 注文 → 注文レポート からダウンロードします）。"
            )


def _check_required(name: str, header: set[str], first_line: str) -> None:
    if "\t" not in first_line:
        hint = "カンマ区切り（CSV）のようです。" if first_line.count(",") >= 2 else ""
        raise ReportError(
            f"「{name}」はタブ区切りのレポートではありません。{hint}"
            f"Seller Central の「{UNSHIPPED}」（.txt）を指定してください。"
        )
    missing = [c for c in REQUIRED if c not in header]
    if not any(c in header for c in ADDRESS_COLUMNS):
        missing.append("ship-address-1")
    if missing:
        if "order-id" not in header and "order-item-id" not in header:
            raise ReportError(
                f"「{name}」は Amazon の注文レポートではありません"
                "（1 行目の見出しに order-id がありません）。"
                f"Seller Central の「{UNSHIPPED}」を指定してください。"
            )
        raise ReportError(
            f"「{name}」の 1 行目（見出し）に必要な列「{'」「'.join(missing)}」がありません。"
            "ダウンロードしたレポートをそのまま指定してください。"
        )


# --- values ------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)  # ship-by and purchase times repeat across the lines of a report
def parse_timestamp(s: str) -> datetime | None:
    """An Amazon timestamp as naive Japan time. Raises _Fail with a Japanese reason."""
    s = s.strip()
    if not s:
        return None
    m = _ISO_RE.match(s)
    try:
        if m:
            y, mo, d, hh, mi, ss, off = m.groups()
            dt = datetime(int(y), int(mo), int(d), int(hh), int(mi), int(ss or 0))
            if off is None:
                result = dt
            elif off == "Z":
                result = dt + _JST_OFFSET
            else:
                sign = -1 if off[0] == "-" else 1
                digits = off[1:].replace(":", "")
                delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
                if delta >= timedelta(hours=24):
                    raise _Fail("時差が読めません")
                result = dt - sign * delta + _JST_OFFSET
        elif _ISO_DATE_RE.match(s):
            result = text_.to_japan_time(du_parser.isoparse(s))
        else:
            result = values.to_datetime(s)  # 2026/11/26 10:00 (saved by Excel)
    except (ValueError, OverflowError, values.ValueProblem):
        raise _Fail("日付として読めません") from None
    if result is None or not text_.supported_year(result):
        raise _Fail(f"日付の年が範囲外です（{text_.YEAR_RANGE}）")
    return result


def _clean(value: str, column: str, ctx: _RowCtx) -> str:
    v = value.strip()
    if not ctx.suspect:  # the whole line has no control character and is short
        return v
    if _CONTROL_RE.search(v):
        v = _CONTROL_RE.sub("", v).strip()
        ctx.warn(column, "制御文字を取り除きました。")
    if len(v) > MAX_CELL_CHARS:
        raise _Fail(f"値が長すぎます（{len(v):,} 文字。Excel の 1 セルは {MAX_CELL_CHARS:,} 文字まで）",
                    column)
    return v


def _id(value: str, column: str, ctx: _RowCtx) -> str:
    v = _clean(value, column, ctx)
    if _MANGLED_RE.match(v):
        shown = "" if column in _PERSONAL else f"「{v}」"
        ctx.warn(column, f"値{shown}は Excel で数値に変換され桁が失われています。文字のまま取り込みました。"
                         "Seller Central から元のレポートをダウンロードし直してください。")
    return v


def _quantity(value: str, column: str, ctx: _RowCtx) -> int | None:
    v = text_.clean(value).replace(",", "")
    if not v:
        return None
    if not _INT_RE.match(v):
        raise _Fail(f"数量{_shown(value)}が 0 以上の整数ではありません", column)
    digits = v.split(".")[0].lstrip("0")
    if len(digits) > 9:  # also keeps int() below Python's 4,300-digit conversion limit
        raise _Fail(f"数量が大きすぎます（{len(digits):,} 桁）", column)
    return int(digits or "0")


def _price(value: str, column: str, ctx: _RowCtx) -> int | None:
    v = text_.clean(value).replace(",", "")
    if not v:
        return None
    try:
        d = Decimal(v)
    except InvalidOperation:
        raise _Fail(f"金額{_shown(value)}が数値ではありません", column) from None
    # adjusted() before abs(): abs() rounds to the context and traps on 1e999999999.
    if not d.is_finite():
        raise _Fail(f"金額{_shown(value)}が数値ではありません", column)
    if d.adjusted() >= 15:
        raise _Fail(f"金額{_shown(value)}が大きすぎます", column)
    if d != d.to_integral_value():
        ctx.warn(column, f"金額 {v} は円の整数ではないため、取り込みませんでした。")
        return None
    return int(d)


def _flag(value: str, column: str, ctx: _RowCtx) -> bool:
    v = text_.fold(value)
    if v in _TRUE:
        return True
    if v not in _FALSE:
        ctx.warn(column, f"値{_shown(value)}を true / false として読めません。空欄として扱いました。")
    return False


class _RowCtx:
    __slots__ = ("display", "line", "name", "suspect", "warnings")

    def __init__(self, name: str, warnings: list[str], display: dict[str, str]) -> None:
        self.name = name
        self.warnings = warnings
        self.display = display  # lower-case column name → as the file spells it
        self.line = 0
        self.suspect = False  # the line needs the slow checks (control characters, length)

    def where(self, column: str | None) -> str:
        return _where(self.name, self.line, self.display.get(column, column) if column else None)

    def warn(self, column: str, message: str) -> None:
        self.warnings.append(f"{self.where(column)}: {message}")


# --- the plan: layout key ← report columns ------------------------------------------------------

Getter = Callable[[list[str], _RowCtx], object]


Reader = Callable[[str, str, _RowCtx], object]  # (cell, column name, ctx) → value


def _first_of(index: dict[str, int], names: tuple[str, ...], read: Reader, default: object = None) -> Getter | None:
    """A getter reading the first of `names` the file has whose value is not blank, or None
    when the file has none of them."""
    present = [(n, index[n]) for n in names if n in index]
    if not present:
        return None

    def get(f: list[str], ctx: _RowCtx) -> object:
        for n, i in present:  # first non-blank source wins
            v = read(f[i], n, ctx)
            if v is not None and v != "":
                return v
        return default

    return get


def _purchase_time(value: str, column: str, ctx: _RowCtx) -> datetime | None:
    return _timestamp(value, column)


def _ship_date(value: str, column: str, ctx: _RowCtx) -> date | None:
    dt = _timestamp(value, column)
    return dt.date() if dt is not None else None  # end of that day, Japan time: the date is the deadline


def _address1(index: dict[str, int]) -> Getter | None:
    if not any(n in index for n in (*ADDRESS_COLUMNS, "ship-city")):
        return None
    a1, city = index.get("ship-address-1"), index.get("ship-city")

    def get(f: list[str], ctx: _RowCtx) -> str:
        line1 = _clean(f[a1], "ship-address-1", ctx) if a1 is not None else ""
        c = _clean(f[city], "ship-city", ctx) if city is not None else ""
        if c and c != "--" and not line1.startswith(c):
            # Japanese addresses run together; romaji ones need a space.
            gap = " " if line1 and c[-1].isascii() and line1[0].isascii() else ""
            line1 = c + gap + line1
        return line1

    return get


def _address_line(index: dict[str, int], name: str) -> Getter | None:
    """住所2/3: written (blank when absent) whenever the file has an address at all."""
    if not any(n in index for n in (*ADDRESS_COLUMNS, "ship-city")):
        return None
    return _first_of(index, (name,), _clean, "") or (lambda f, ctx: "")


def _yes_if(index: dict[str, int], name: str) -> Getter | None:
    if (i := index.get(name)) is None:
        return None
    return lambda f, ctx: YES if _flag(f[i], name, ctx) else ""


def _build_plan(index: dict[str, int]) -> dict[str, Getter]:
    """One getter per layout key this file can fill. Keys without a source column are absent, so
    the merge leaves those cells alone (an order report without `is-prime` must not blank it)."""
    getters: dict[str, Getter | None] = {
        "order_id": _first_of(index, ("order-id",), _id, ""),
        "order_item_id": _first_of(index, ("order-item-id",), _id, ""),
        "purchased_at": _first_of(index, ("purchase-date",), _purchase_time),
        "ship_by": _first_of(index, ("promise-date", "latest-ship-date"), _ship_date),
        "service_level": _first_of(index, ("ship-service-level",), _clean, ""),
        "sku": _first_of(index, ("sku",), _clean, ""),
        "product_name": _first_of(index, ("product-name",), _clean, ""),
        "quantity": _first_of(index, ("quantity-to-ship", "quantity-purchased"), _quantity),
        "price": _first_of(index, ("item-price",), _price),
        "buyer_name": _first_of(index, ("buyer-name",), _clean, ""),
        "buyer_email": _first_of(index, ("buyer-email",), _clean, ""),
        "recipient": _first_of(index, ("recipient-name",), _clean, ""),
        "postcode": _first_of(index, ("ship-postal-code",), _id, ""),
        "prefecture": _first_of(index, ("ship-state",), _clean, ""),
        "address1": _address1(index),
        "address2": _address_line(index, "ship-address-2"),
        "address3": _address_line(index, "ship-address-3"),
        "phone": _first_of(index, ("ship-phone-number", "buyer-phone-number"), _id, ""),
        "is_business": _yes_if(index, "is-business-order"),
        "is_prime": _yes_if(index, "is-prime"),
    }
    plan = {key: get for key, get in getters.items() if get is not None}
    delivery = [n for n in ("delivery-start-date", "delivery-end-date", "scheduled-delivery-start-date",
                            "scheduled-delivery-end-date", "delivery-instructions") if n in index]
    if delivery:
        plan["delivery_request"] = lambda f, ctx: _delivery(f, index, ctx)
    if any(n in index for n in ("is-buyer-requested-cancellation", "order-status")):
        plan["order_flags"] = lambda f, ctx: _flags(f, index, ctx)
    _add_payment_and_warnings(plan, index)
    return plan


def _add_payment_and_warnings(plan: dict[str, Getter], index: dict[str, int]) -> None:
    """支払方法, 代引金額 and Amazonの警告 (the 2025 JP unshipped report's optional columns)."""
    if (i := index.get("payment-method")) is not None:
        def get_payment(f: list[str], ctx: _RowCtx, i: int = i) -> str:
            v = _clean(f[i], "payment-method", ctx)
            return _PAYMENT_LABELS.get(text_.fold(v), v)

        plan["payment_method"] = get_payment
    if (i := index.get("cod-collectible-amount")) is not None:
        plan["cod_amount"] = lambda f, ctx, i=i: _price(f[i], "cod-collectible-amount", ctx)
    present = [(index[n], n, label) for n, label in _WARNING_COLUMNS if n in index]
    if present:
        def get_warnings(f: list[str], ctx: _RowCtx) -> str:
            return FLAG_SEPARATOR.join(label for i, n, label in present if _flag(f[i], n, ctx))

        plan["amazon_warning"] = get_warnings


def _timestamp(value: str, column: str) -> datetime | None:
    try:
        return parse_timestamp(value)
    except _Fail as e:
        raise _Fail(f"{e.message}{_shown(value)}", column) from None


def _fmt_time(dt: datetime) -> str:
    return f"{dt.hour}:{dt.minute:02d}"


def _delivery(f: list[str], index: dict[str, int], ctx: _RowCtx) -> str:
    """お届け指定: the delivery window in Japan time plus the buyer's instructions, as one text."""
    def ts(*names: str) -> datetime | None:
        for n in names:
            if n in index:
                dt = _timestamp(f[index[n]], n)
                if dt is not None:
                    return dt
        return None

    start = ts("delivery-start-date", "scheduled-delivery-start-date")
    end = ts("delivery-end-date", "scheduled-delivery-end-date")
    parts = []
    if start and end:
        if start.date() == end.date():
            parts.append(f"{start:%Y/%m/%d} {_fmt_time(start)}～{_fmt_time(end)}")
        else:
            parts.append(f"{start:%Y/%m/%d} {_fmt_time(start)}～{end:%Y/%m/%d} {_fmt_time(end)}")
    elif start:
        parts.append(f"{start:%Y/%m/%d} {_fmt_time(start)}～")
    elif end:
        parts.append(f"～{end:%Y/%m/%d} {_fmt_time(end)}")
    if "delivery-instructions" in index:
        note = _clean(f[index["delivery-instructions"]], "delivery-instructions", ctx)
        if note:
            parts.append(note)
    return " ".join(parts)


def _flags(f: list[str], index: dict[str, int], ctx: _RowCtx) -> str:
    flags = []
    if "order-status" in index:
        status = f[index["order-status"]].strip().lower()
        if status == "pending":
            flags.append(FLAG_PENDING)
        elif status in ("canceled", "cancelled"):
            flags.append(FLAG_CANCELLED)
    i = index.get("is-buyer-requested-cancellation")
    if i is not None and _flag(f[i], "is-buyer-requested-cancellation", ctx):
        label = FLAG_BUYER_CANCEL
        if "buyer-requested-cancel-reason" in index:
            reason = _clean(f[index["buyer-requested-cancel-reason"]], "buyer-requested-cancel-reason", ctx)
            if reason:
                label += f"（{reason}）"
        flags.append(label)
    return FLAG_SEPARATOR.join(flags)


# --- the whole file ----------------------------------------------------------------------------


def _empty(name: str) -> str:
    return f"「{name}」は空のファイルです。Seller Central からレポートをダウンロードし直してください。"


def _check_line_lengths(data: bytes, name: str) -> None:
    start, line = 0, 1
    while len(data) - start > MAX_LINE_BYTES:
        end = data.find(b"\n", start, start + MAX_LINE_BYTES + 1)
        if end < 0:
            raise ReportError(
                f"{_where(name, line)}: 1 行が {MAX_LINE_BYTES // 1024 // 1024} MB を超えています。"
                "Amazon の注文レポートではないようです。Seller Central からダウンロードしたファイルを"
                "そのまま指定してください。")
        start, line = end + 1, line + 1


def _column_index(header: list[str], where: str, warnings: list[str]) -> dict[str, int]:
    """Column name → position; a name twice keeps its first column (with a warning)."""
    index: dict[str, int] = {}
    for i, n in enumerate(header):
        if not n:
            continue
        if n in index:
            warnings.append(f"{where}: 見出し「{n}」が 2 回あります。最初の列を使います。")
            continue
        index[n] = i
    return index


def _record(fields: list[str], items: list[tuple[str, Getter]], ctx: _RowCtx) -> dict[str, object]:
    """One data line as {layout key: value}; a bad value or a blank id raises ReportError."""
    record: dict[str, object] = {}
    try:
        for key, get in items:
            record[key] = get(fields, ctx)
    except _Fail as e:
        raise ReportError(f"{ctx.where(e.column)}: {e.message}。") from None
    for k, column in (("order_id", "order-id"), ("order_item_id", "order-item-id")):
        if not record[k]:
            raise ReportError(f"{_where(ctx.name, ctx.line, column)}: 値が空です。"
                              "ファイルが途中で切れていないか確認してください。")
    return record


def _text_lines(data: bytes, name: str) -> tuple[list[str], str, int]:
    """The decoded lines, the encoding and the index of the header line (the first non-blank)."""
    if not data or data.isspace():  # not data.strip(): no copy of a large file
        raise ReportError(_empty(name))
    _check_line_lengths(data, name)
    text, encoding = decode(data, name)
    sample = text[:65536]
    if len(_BINARY_CHARS_RE.findall(sample)) > max(8, len(sample) // 100):
        raise ReportError(f"「{name}」はテキストファイルではありません（制御文字を多く含みます）。")
    lines = _split_lines(text)
    del text
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        raise ReportError(_empty(name))
    return lines, encoding, first


def parse_report(data: bytes, name: str) -> ParsedReport:
    """Parse one unshipped-orders report or order report. Raises ReportError on anything wrong."""
    lines, encoding, first = _text_lines(data, name)
    header = _header_names(lines[first])
    names = set(header)
    _reject_other(name, names, lines[first])
    _check_required(name, names, lines[first])
    warnings: list[str] = []
    index = _column_index(header, _where(name, first + 1), warnings)
    kind = UNSHIPPED if any(m in index for m in UNSHIPPED_MARKERS) else ORDER_REPORT
    plan = _build_plan(index)
    report = ParsedReport(name, kind, encoding, tuple(plan), warnings=warnings)
    width = len(header)
    display = {n: raw.strip().strip('"').strip().lstrip("\ufeff")
               for n, raw in zip(header, lines[first].split("\t"), strict=True)}
    ctx = _RowCtx(name, warnings, display)
    seen: dict[tuple[str, str], int] = {}
    items = list(plan.items())
    for n in range(first + 1, len(lines)):
        line = lines[n]
        if not line.strip():
            continue
        fields = line.split("\t")
        lineno = n + 1
        ctx.line = lineno
        ctx.suspect = len(line) > MAX_CELL_CHARS or _CONTROL_RE.search(line) is not None
        if len(fields) != width:
            _wrong_width(name, lineno, fields, [display[h] for h in header])
        record = _record(fields, items, ctx)
        pair = (str(record["order_id"]), str(record["order_item_id"]))
        if pair in seen:
            warnings.append(
                f"{_where(name, lineno)}: 注文番号 {pair[0]}・注文商品ID {pair[1]} は "
                f"{seen[pair]} 行目と同じです。後の行を使います。"
            )
        seen[pair] = lineno
        report.records.append(record)
        report.lines.append(lineno)
    if not report.records:
        raise ReportError(f"「{name}」には見出し行しかありません（注文が 0 件）。"
                          "未出荷の注文がないか、ダウンロードが途中で切れています。")
    return report


def _wrong_width(name: str, lineno: int, fields: list[str], header: list[str]) -> None:
    n, width = len(fields), len(header)
    if n < width:
        column = header[n] or f"{n + 1} 列目"
        raise ReportError(
            f"{_where(name, lineno, column)}: 項目が足りません（{n} 個、見出しは {width} 個）。"
            "ファイルを編集・保存し直していないか確認し、Seller Central からダウンロードし直してください。"
        )
    raise ReportError(
        f"{_where(name, lineno, f'{width + 1} 列目')}: 項目が多すぎます（{n} 個、見出しは {width} 個）。"
        "値の中にタブが入っていないか確認し、Seller Central からダウンロードし直してください。"
    )
