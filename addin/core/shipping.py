"""Amazon's bulk shipping confirmation (出荷通知ファイル): carriers, checks, file bytes (issue 8).

Pure: orders and settings in, lines / problems / bytes out. No files, no Excel.

The file follows the Japanese marketplace template 「出荷通知」(Flat.File.ShippingConfirm, JP):
three header lines — `TemplateType=OrderFulfillment` + `Version=2011.1102` + Amazon's note, the
Japanese labels, the field names — then one line per order item. Decisions:
- cp932 (what Seller Central's Japanese templates are saved as; no BOM), tab-separated, CRLF line
  endings (Excel's "テキスト (タブ区切り)" writes CRLF; Seller Central accepts it), every line
  ends with CRLF, and every line has the same 9 fields (the first line is padded with tabs).
- `ship-date` is `YYYY-MM-DD` text; `tracking-number` digits only (hyphens and spaces removed).
- carrier-code is always filled: a listed Amazon code, or `Other` with `carrier-name`.
  `carrier-name` is filled for every line (Japanese name), which Amazon accepts for listed codes.

Carrier codes (carrier-code) — which values Amazon.co.jp accepts, from public sources:
- Amazon's feed schema amzn-base.xsd, element CarrierCode, lists the Japanese carriers as
  `YamatoTransport`, `SagawaExpress`, `NipponExpress` (and the older `YAMATO`, `SAGAWA`,
  `NITTSU`, `JP_EXPRESS`, `FEDEX_JP`), plus `Other` (copies of Amazon's schema on GitHub:
  Westie/AmazonMarketplaceXSD Products/amzn-base.xsd @e82176d, anichelabs/amz-mws-xsd
  amzn-base.xsd @29186f9). There is no `Yamato Transport` or `Sagawa Express` with a space.
- `Japan Post` is in the carrier list Amazon integrators send today (Lengow's Amazon connector,
  carrier valid_values next to YamatoTransport, SagawaExpress, NipponExpress, JP_EXPRESS).
- Since 2022-08-31 Japan requires carrier-code; a carrier Amazon does not list goes as `Other`
  with its name in carrier-name (https://developer-docs.amazon.com/sp-api/changelog/carriercode-value-required-in-shipment-confirmations-for-br-mx-ca-sg-au-in-jp-marketplaces,
  https://sellercentral.amazon.co.jp/forums/t/topic/110112). 西濃運輸 and 福山通運 are in none of
  the lists above: `Other` + their name.
The list can change: when the seller gives their own downloaded template (設定「出荷通知テンプレート」
or `--template`), its carrier-code values decide, and a code not among them becomes `Other`.

Template version: the 9-column file (`Version=2011.1102`, … `ship-method`,
`cod-collection-method`) is what Japanese seller tools write (e.g. the order tools in the code
index that write 注文番号…代金引換 under `TemplateType=OrderFulfillment`); Seller Central now also
serves a 19-column version that adds `transparency_code` and `ship_from_address_*`. Fields are
matched by name and the ship-from address is optional: without it Amazon uses the default
ship-from address of the seller's shipping settings (Seller Central help G200197960, 出荷通知の
送信方法). So we write the 9-column file, or the seller's own template's header lines when one is
given (their extra columns left blank).
`cod-collection-method` = `DirectPayment` on 代金引換 rows only (the SP-API confirmShipment
codCollectionMethod, "only supported in the JP marketplace"; lineofflight/peddler
lib/peddler/types/orders_v0/confirm_shipment_request.rb).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from addin import text as text_
from addin.core import values
from addin.core.model import Order, Settings
from addin.core.triage import is_cod
from addin.errors import DomainError

OTHER = "Other"


class ConfirmFileError(DomainError):
    """A confirmation file that cannot be read (encoding, no `order-id` line)."""


@dataclass(frozen=True)
class Carrier:
    name: str  # Japanese name, written as carrier-name
    code: str  # Amazon carrier-code
    digits: tuple[int, int] | None  # allowed tracking-number length (digits only); None = any shape
    check7: bool = False  # last digit = the other digits mod 7 (Yamato's "7DR" check)
    aliases: tuple[str, ...] = ()

    def shape(self) -> str:
        if self.digits is None:
            return "英数字"
        lo, hi = self.digits
        return f"{lo}桁の数字" if lo == hi else f"{lo}〜{hi}桁の数字"


# carrier-code values: see the module docstring for the sources.
JAPAN_POST = Carrier("日本郵便", "Japan Post", (11, 13), aliases=("郵便局", "ゆうびん", "JP"))
YAMATO = Carrier("ヤマト運輸", "YamatoTransport", (12, 12), check7=True,
                 aliases=("ヤマト", "クロネコヤマト", "Yamato Transport", "YAMATO"))
SAGAWA = Carrier("佐川急便", "SagawaExpress", (10, 12), aliases=("佐川", "Sagawa Express", "SAGAWA"))
NIPPON_EXPRESS = Carrier("日本通運", "NipponExpress", (8, 14), aliases=("日通", "Nippon Express", "NITTSU"))
SEINO = Carrier("西濃運輸", OTHER, (8, 14), aliases=("西濃", "カンガルー"))
FUKUYAMA = Carrier("福山通運", OTHER, (8, 14), aliases=("福山", "福通"))
CARRIERS = (JAPAN_POST, YAMATO, SAGAWA, NIPPON_EXPRESS, SEINO, FUKUYAMA)
BUILTIN_CODES = tuple(dict.fromkeys(c.code for c in CARRIERS))  # what the built-in table writes
BUILTIN_SOURCE = f"組み込みの一覧（{', '.join(BUILTIN_CODES)}）"
COD_METHOD = "DirectPayment"  # cod-collection-method of a 代金引換 row
GENERIC = Carrier("", OTHER, None)  # a carrier the seller named that we know nothing about

# 発送方法 → (carrier, needs a tracking number). Includes methods a seller may add on 設定.
METHODS: dict[str, tuple[Carrier, bool]] = {
    "クリックポスト": (JAPAN_POST, True),
    "ゆうパケット": (JAPAN_POST, True),
    "ゆうパケットポスト": (JAPAN_POST, True),
    "ゆうパケットポストmini": (JAPAN_POST, True),
    "ゆうパケットプラス": (JAPAN_POST, True),
    "スマートレター": (JAPAN_POST, False),
    "レターパックライト": (JAPAN_POST, True),
    "レターパックプラス": (JAPAN_POST, True),
    "定形外郵便": (JAPAN_POST, False),
    "定形郵便": (JAPAN_POST, False),
    "ゆうメール": (JAPAN_POST, False),
    "ゆうパック": (JAPAN_POST, True),
    "特定記録": (JAPAN_POST, True),
    "簡易書留": (JAPAN_POST, True),
    "ネコポス": (YAMATO, True),
    "宅急便": (YAMATO, True),
    "宅急便コンパクト": (YAMATO, True),
    "佐川急便": (SAGAWA, True),
    "飛脚宅配便": (SAGAWA, True),
}

ORDER_ID_RE = re.compile(r"\d{3}-\d{7}-\d{7}")
_SEPARATORS = re.compile(r"\s|-|" + text_.dash_class(text_.LONG_VOWELS))

HEADER_LINES: tuple[tuple[str, ...], ...] = (
    ("TemplateType=OrderFulfillment", "Version=2011.1102",
     "この行はAmazonが使用しますので変更や削除しないでください。"),
    ("注文番号", "注文商品番号", "出荷数", "出荷日", "配送業者コード", "配送業者名", "お問い合わせ伝票番号",
     "配送方法", "代金引換"),
    ("order-id", "order-item-id", "quantity", "ship-date", "carrier-code", "carrier-name",
     "tracking-number", "ship-method", "cod-collection-method"),
)
FIELDS = HEADER_LINES[2]
ENCODING = "cp932"
NEWLINE = "\r\n"


def _key(s: str) -> str:
    return text_.fold(s)


_BY_NAME = {_key(n): c for c in CARRIERS for n in (c.name, *c.aliases)}
_BY_CODE = {_key(c.code): c for c in CARRIERS if c.code != OTHER}


def carrier_by_name(text: str) -> Carrier | None:
    return _BY_NAME.get(_key(text)) or _BY_CODE.get(_key(text))


# --- 設定「運送会社の追加」 ---------------------------------------------------------------------


def parse_carrier_setting(value: object) -> tuple[tuple[str, str, str], ...]:
    """`飛脚メール便=佐川急便, カンガルー便=西濃運輸, 新便=Seino Transportation` →
    ((発送方法, carrier-code, carrier-name), ...). The right side is a carrier we know (its code),
    an Amazon carrier code (ASCII, used as is), or any other company name (→ Other + that name)."""
    out: list[tuple[str, str, str]] = []
    text = values.norm(value)
    for part in (p.strip() for p in re.split(r"[,、\n]", text)):
        if not part:
            continue
        method, sep, target = (x.strip() for x in part.partition("="))
        if not sep or not method or not target:
            raise values.ValueProblem(
                f"「{part}」は「発送方法=運送会社」の形で入力してください（例: 飛脚メール便=佐川急便）")
        if re.search(r"[\t\r\n]", method + target):
            raise values.ValueProblem(f"「{part}」にタブや改行は使えません")
        known = carrier_by_name(target)
        if known is not None:
            out.append((method, known.code, known.name))
        elif target.isascii():
            out.append((method, target, target if target != OTHER else ""))
        else:
            out.append((method, OTHER, target))
    return tuple(out)


@dataclass(frozen=True)
class Route:
    """How one 発送方法 is confirmed: carrier code/name, and how its tracking number looks."""

    method: str
    code: str
    name: str
    tracked: bool  # a tracking number is required
    carrier: Carrier  # for the tracking-number shape


def routes(settings: Settings) -> dict[str, Route]:
    """Built-in methods, then 設定's additions (which win)."""
    table = {m: Route(m, c.code, c.name, tracked, c) for m, (c, tracked) in METHODS.items()}
    for method, code, name in settings.carriers:
        known = carrier_by_name(name) or carrier_by_name(code)
        carrier = known or GENERIC
        tracked = table[method].tracked if method in table else False
        table[method] = Route(method, code, name or (known.name if known else ""), tracked, carrier)
    return {_key(m): r for m, r in table.items()}


def route_for(method: str, table: dict[str, Route]) -> Route | None:
    return table.get(_key(method)) if method else None


# --- tracking numbers -----------------------------------------------------------------------------


def clean_tracking(text: str) -> str:
    """Full-width → half-width; hyphens and spaces removed: `４４４４-１３７５-８７０３` → `444413758703`."""
    return _SEPARATORS.sub("", text_.nfkc(text or ""))


def tracking_problem(number: str, carrier: Carrier) -> str | None:
    """Japanese reason when `number` (cleaned) cannot be a tracking number of `carrier`."""
    if carrier.digits is None:
        if not re.fullmatch(r"[0-9A-Za-z]{6,30}", number):
            return "追跡番号は6〜30文字の英数字です"
        return None
    label = carrier.name
    if not number.isdigit():
        return f"{label}の追跡番号は数字だけです（{carrier.shape()}）"
    lo, hi = carrier.digits
    if not lo <= len(number) <= hi:
        return f"{label}の追跡番号は{carrier.shape()}です（入力は{len(number)}桁）"
    if carrier.check7 and int(number[:-1]) % 7 != int(number[-1]):
        return f"{label}の追跡番号の最後の数字（チェック用）が合いません。写し間違いがないか確認してください"
    return None


def tracking_ok(order: Order, table: dict[str, Route]) -> bool:
    """The order item has a tracking number of the right shape for its carrier (the valid
    tracking metric's best proxy: Amazon's own check asks the carrier, we cannot)."""
    number = clean_tracking(order.tracking_number)
    if not number:
        return False
    r = route_for(order.ship_method, table)
    return tracking_problem(number, r.carrier if r else GENERIC) is None


# --- export ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfirmLine:
    row: int
    order_id: str
    order_item_id: str
    quantity: int
    ship_date: date
    code: str
    name: str
    tracking: str
    method: str
    cod: bool = False  # 代金引換: cod-collection-method = DirectPayment

    def fields(self) -> tuple[str, ...]:
        return (self.order_id, self.order_item_id, str(self.quantity), self.ship_date.isoformat(),
                self.code, self.name, self.tracking, self.method, COD_METHOD if self.cod else "")

    def by_name(self) -> dict[str, str]:
        return dict(zip(FIELDS, self.fields(), strict=True))


@dataclass(frozen=True)
class RowProblem:
    row: int
    order_id: str
    reasons: tuple[str, ...]

    def text(self) -> str:
        oid = f"（注文番号 {self.order_id}）" if self.order_id else ""
        return f"{self.row}行目{oid}: " + "／".join(self.reasons)


@dataclass
class ConfirmPlan:
    lines: list[ConfirmLine] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    code_source: str = BUILTIN_SOURCE  # which carrier-code list was used (said to the seller)

    @property
    def keys(self) -> list[tuple[str, str]]:
        return [(x.order_id, x.order_item_id) for x in self.lines]


# Columns (layout keys) whose unreadable cells matter for a confirmation (others, e.g. 連絡日,
# never block one).
RELEVANT_KEYS = frozenset({"order_id", "order_item_id", "purchased_at", "quantity", "ship_method", "shipped_on",
                           "confirmed_on", "tracking_number", "cancelled_on"})


def _problem_in(o: Order, key: str) -> bool:
    return any(p.key == key for p in o.problems)


def wants_confirmation(o: Order) -> bool:
    """発送日 set (or typed but unreadable) and 出荷通知日 empty: shipped, not yet confirmed."""
    shipped = o.shipped_on is not None or _problem_in(o, "shipped_on")
    return shipped and o.confirmed_on is None and not _problem_in(o, "confirmed_on")


def _fits_cp932(text: str) -> bool:
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def _row_reasons(o: Order, today: date) -> list[str]:
    """Problems of a shipped row's own cells (ids, quantity, dates)."""
    reasons = [p.text for p in o.problems if p.key in RELEVANT_KEYS]
    if o.cancelled_on is not None:
        reasons.append("キャンセル日が入っています（キャンセルした注文は出荷通知できません）")
    if not ORDER_ID_RE.fullmatch(o.order_id):
        reasons.append("注文番号が空欄か形が違います（例: 503-1234567-1234567）")
    if not o.order_item_id.isdigit():
        reasons.append("注文商品IDが空欄か数字ではありません")
    if o.quantity is None or o.quantity < 1:
        reasons.append("数量が空欄か1未満です")
    ship = o.shipped_on
    if ship is not None and ship > today:
        reasons.append(f"発送日 {ship:%Y/%m/%d} が未来の日付です（今日は {today:%Y/%m/%d}）")
    if ship is not None and o.purchased_at is not None and ship < o.purchased_at.date():
        reasons.append(f"発送日 {ship:%Y/%m/%d} が購入日 {o.purchased_at:%Y/%m/%d} より前です")
    return reasons


def _route_reasons(o: Order, route: Route | None, number: str) -> list[str]:
    """Problems of the carrier: unknown method, missing carrier name, tracking number, Shift_JIS."""
    if not o.ship_method:
        return [] if _problem_in(o, "ship_method") else ["発送方法が空欄です（運送会社が分かりません）"]
    if route is None:
        return [f"発送方法「{o.ship_method}」の運送会社が分かりません"
                "（設定の「運送会社の追加」に「発送方法=運送会社」で登録してください）"]
    reasons = []
    if route.code == OTHER and not route.name:
        reasons.append(f"発送方法「{o.ship_method}」の運送会社名がありません（設定の「運送会社の追加」）")
    if route.tracked and not number:
        reasons.append(f"追跡番号が空欄です（{route.method}は追跡番号が必要です）")
    elif number:
        bad = tracking_problem(number, route.carrier)
        if bad:
            reasons.append(bad)
    if not _fits_cp932(route.method + route.name + route.code):
        reasons.append("発送方法か運送会社名に、出荷通知ファイル（Shift_JIS）で使えない文字があります")
    return reasons


def check_row(o: Order, table: dict[str, Route], today: date) -> tuple[list[str], Route | None, str]:
    """Problems of one shipped row (Japanese), its route and cleaned tracking number."""
    route = route_for(o.ship_method, table)
    number = clean_tracking(o.tracking_number)
    return _row_reasons(o, today) + _route_reasons(o, route, number), route, number


def plan_confirmations(orders: Iterable[Order], settings: Settings, today: date,
                       template: ConfirmTemplate | None = None) -> ConfirmPlan:
    """Every shipped-but-unconfirmed row becomes a line, or a problem when a check fails.

    Quantity: each line confirms the row's whole 数量. When the same (注文番号, 注文商品ID) is on
    several shipped or confirmed rows, the quantities together exceed the ordered quantity (or the
    item was confirmed already): those rows are held back.
    """
    table = routes(settings)
    if template is not None and template.codes:
        table = restrict_codes(table, template.codes)
    orders = list(orders)
    todo = [o for o in orders if wants_confirmation(o)]
    by_key: dict[tuple[str, str], list[Order]] = defaultdict(list)
    for o in orders:
        if o.shipped_on is not None or o.confirmed_on is not None or wants_confirmation(o):
            by_key[(o.order_id, o.order_item_id)].append(o)
    plan = ConfirmPlan()
    if template is not None and template.codes:
        plan.code_source = f"出荷通知テンプレート「{template.name}」の carrier-code の値（{len(template.codes)}件）"
    for o in todo:
        reasons, route, number = check_row(o, table, today)
        same = by_key[(o.order_id, o.order_item_id)]
        if len(same) > 1 and o.order_id:
            total = sum(x.quantity or 0 for x in same)
            ordered = max(x.quantity or 0 for x in same)
            rows = "・".join(f"{x.row}行目" for x in same)
            reasons.append(f"同じ注文商品が{rows}にあり、出荷数の合計{total}が注文数{ordered}を超えます"
                           "（重複した行を消すか、出荷通知済みの行を確認してください）")
        if reasons:
            plan.problems.append(RowProblem(o.row, o.order_id, tuple(reasons)))
            continue
        assert route is not None and o.quantity is not None and o.shipped_on is not None
        plan.lines.append(ConfirmLine(o.row, o.order_id, o.order_item_id, o.quantity, o.shipped_on,
                                      route.code, route.name, number, route.method, is_cod(o)))
    return plan


def file_text(lines: Sequence[ConfirmLine], template: ConfirmTemplate | None = None) -> str:
    """The file: our 9-column header, or the header lines of the seller's own template with our
    values under the field names it has (its other columns, e.g. ship_from_address_*, blank)."""
    header = template.header if template is not None and template.header else HEADER_LINES
    names = header[-1]
    width = max(len(h) for h in header)
    rows = [tuple(h) + ("",) * (width - len(h)) for h in header]
    if names == FIELDS:
        rows += [x.fields() for x in lines]
    else:
        rows += [tuple(x.by_name().get(n, "") for n in names) + ("",) * (width - len(names)) for x in lines]
    return "".join("\t".join(r) + NEWLINE for r in rows)


def file_bytes(lines: Sequence[ConfirmLine], template: ConfirmTemplate | None = None) -> bytes:
    return file_text(lines, template).encode(ENCODING)


# --- reading an uploaded file back (to mark 出荷通知日) -------------------------------------------------


def read_confirm_file(data: bytes) -> list[tuple[str, str]]:
    """(order-id, order-item-id) of every data line of a confirmation file (ours or edited by
    the seller in Excel): the field-name line is found by its `order-id` cell."""
    text = text_.decode_japanese(data)
    if text is None:
        raise ConfirmFileError("文字コードが読めません（Shift_JIS か UTF-8 のテキストではありません）")
    rows = [line.split("\t") for line in text.splitlines()]
    # Only Amazon's shipping-confirmation template: its TemplateType line and its columns. An
    # order report also has an order-id column, and marking from it would confirm every order.
    kind = next((i for i, r in enumerate(rows[:10]) if r and r[0].strip().strip('"').startswith("TemplateType=")),
                None)
    if kind is None or not rows[kind][0].strip().strip('"').startswith(HEADER_LINES[0][0]):
        raise ConfirmFileError(f"1 行目に「{HEADER_LINES[0][0]}」がありません（出荷通知ファイルではないようです。"
                         "注文レポートではなく、アップロードした出荷通知ファイルを指定してください）")
    header = next((i for i, r in enumerate(rows[:10]) if "order-id" in (c.strip() for c in r)), None)
    if header is None:
        raise ConfirmFileError("「order-id」の見出し行がありません（出荷通知ファイルではないようです）")
    names = [c.strip() for c in rows[header]]
    missing = [n for n in ("order-id", "ship-date") if n not in names]
    if missing:
        raise ConfirmFileError(f"列「{'」「'.join(missing)}」がありません（出荷通知ファイルではないようです）")
    oi = names.index("order-id")
    ii = names.index("order-item-id") if "order-item-id" in names else None
    keys: list[tuple[str, str]] = []
    for r in rows[header + 1:]:
        oid = r[oi].strip() if oi < len(r) else ""
        if not oid:
            continue
        item = r[ii].strip() if ii is not None and ii < len(r) else ""
        keys.append((oid, item))
    return keys


def ship_methods(settings: Settings) -> tuple[str, ...]:
    """Every 発送方法 the order table accepts here: the drop-down lists, the carrier table and
    設定's carrier additions (a method added only as a carrier must not become an input error)."""
    names = [*settings.mailbox_methods, *settings.handover_methods, *METHODS,
             *(m for m, _, _ in settings.carriers)]
    return tuple(dict.fromkeys(names))


# --- the seller's own shipping-confirmation template ----------------------------------------------

Sheet = tuple[str, list[list[object]]]  # (sheet name, rows) of the downloaded template
_CODE_RE = re.compile(r"[A-Za-z][A-Za-z0-9 .&/!_()'+-]{0,39}")
_SPLIT_RE = re.compile(r"[\n,、;]")
_FIELD_NAME_RE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")  # carrier-name, ship_from_address_city


@dataclass(frozen=True)
class ConfirmTemplate:
    """What a downloaded 出荷通知 template says: its carrier-code values and its header lines."""

    name: str
    codes: tuple[str, ...]  # accepted carrier-code values, as the template spells them
    header: tuple[tuple[str, ...], ...] = ()  # TemplateType line, labels, field names (or none)


def _cell(v: object) -> str:
    return text_.nfkc(str(v)).strip() if v is not None else ""


def _code_values(cells: Iterable[object]) -> list[str]:
    out: list[str] = []
    blanks = 0
    for v in cells:
        text = _cell(v)
        if not text:
            blanks += 1
            if blanks >= 3 and out:
                break
            continue
        blanks = 0
        for token in (t.strip() for t in _SPLIT_RE.split(text)):
            if token and _CODE_RE.fullmatch(token) and not _FIELD_NAME_RE.fullmatch(token):
                out.append(token)
    return out


def _header_lines(rows: list[list[object]], r: int) -> tuple[tuple[str, ...], ...]:
    """The template's three header lines when row `r` is its field-name line."""
    if r < 2 or not _cell(rows[r - 2][0] if rows[r - 2] else "").startswith("TemplateType="):
        return ()
    def line(row: list[object]) -> tuple[str, ...]:
        cells = [_cell(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        return tuple(cells)
    return (line(rows[r - 2]), line(rows[r - 1]), line(rows[r]))


def confirm_template(sheets: Sequence[Sheet], name: str) -> ConfirmTemplate:
    """Read a downloaded 出荷通知 template (its sheets as rows): the carrier-code values listed
    under or beside a `carrier-code` cell (the longest such list wins: the valid-values sheet),
    and the header lines of the sheet whose field-name row has order-id and carrier-code."""
    best: list[str] = []
    header: tuple[tuple[str, ...], ...] = ()
    for _, rows in sheets:
        for r, row in enumerate(rows):
            cells = [_cell(v).lower() for v in row]
            if "carrier-code" not in cells:
                continue
            if "order-id" in cells and not header:
                header = _header_lines(rows, r)
            for c, text in enumerate(cells):
                if text != "carrier-code":
                    continue
                below = _code_values(rows[i][c] if c < len(rows[i]) else None for i in range(r + 1, len(rows)))
                beside = [] if "order-id" in cells else _code_values(row[c + 1:])
                for found in (below, beside):
                    if len(found) > len(best):
                        best = found
    codes = tuple(dict.fromkeys(best))
    if len(codes) < 2:
        raise values.ValueProblem(
            f"「{name}」に carrier-code の値の一覧が見つかりません（Seller Central の「注文関連ファイルの"
            "アップロード」からダウンロードした出荷通知テンプレートを指定してください）")
    return ConfirmTemplate(name, codes, header)


def restrict_codes(table: dict[str, Route], accepted: Sequence[str]) -> dict[str, Route]:
    """Routes whose carrier-code the template does not list (under any of the carrier's Amazon
    spellings) go as Other + the carrier's name; listed ones take the template's spelling."""
    spelled = {_key(c): c for c in accepted}
    other = spelled.get(_key(OTHER), OTHER)
    out: dict[str, Route] = {}
    for k, r in table.items():
        # The carrier's other Amazon spellings count too (YAMATO, SAGAWA, NITTSU in older lists).
        names = (r.code, *(a for a in r.carrier.aliases if a.isascii() and len(a) > 2))
        code = next((spelled[_key(n)] for n in names if _key(n) in spelled), None)
        if code is None:
            out[k] = Route(r.method, other, r.name or r.carrier.name, r.tracked, r.carrier)
        else:
            out[k] = Route(r.method, code, r.name, r.tracked, r.carrier)
    return out
