"""Label rows from the orders that are ready to ship (issue 20): the rules, apart from the layouts.

Pure: (Order, Triage) pairs, the sender's details and the shipping date in; file bytes, the
labels written and the refused orders out. Rules:
- ready = status 発送, 手紙同封で発送, or 期限超過 without a BLOCKS finding; no 発送日, 出荷通知日 or
  キャンセル日; 発送方法 handled by the chosen format. A BLOCKS finding refuses the order by name.
- one label per order (注文番号): the items of an order travel in one parcel.
- names and addresses are never cut: when they do not fit the carrier's fields the order is
  refused, naming its rows. Addresses are split over the address fields at part boundaries,
  spaces or between characters, never inside a 番地 (a run like 1-2-3 or 1丁目2番3号).
  品名/内容品 (the item name) is cut to the field: a shortened item name harms nobody.
- 敬称: as for letters and 連絡文 (core.honorific: 御中 for an organisation or a 法人注文, 様 when a
  person is named) — written only where the layout has a 敬称 field (クリックポスト); B2 and
  e飛伝III print their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from addin import text as text_
from addin.core.codes import Severity, Status
from addin.core.honorific import honorific, plain_name
from addin.core.labels import b2cloud, clickpost, ehiden3
from addin.core.labels.fields import Field, Layout, cut, field_problem, file_bytes, render, to_zenkaku, width
from addin.core.model import Order, Settings, Triage
from addin.errors import DomainError

READY = frozenset({Status.SHIP, Status.SHIP_WITH_LETTER, Status.LATE})
LAYOUTS: dict[str, Layout] = {x.key: x for x in (clickpost.LAYOUT, b2cloud.LAYOUT, ehiden3.LAYOUT)}
FORMATS = ("clickpost", "b2cloud", "ehiden3", "yupack")

# ゆうパックプリントR imports through a filter the user sets up (Japan Post 「6.フィルタ設定説明書」);
# the column order of its standard filter could not be pinned from any source (label-formats/README.md §3).
YUPACK_REFUSAL = (
    "ゆうパックプリントR の送り状ファイルは作れません。ゆうプリRの取込みはフィルタ（利用者が設定する列の並び）"
    "で決まり、標準フィルタが受け付ける列の並びを公式資料や動く実装で確認できなかったためです"
    "（ゆうパックは、ゆうプリRに手入力するか、フィルタを設定済みの出荷ツールをお使いください）。")


# --- sender and account (設定) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Sender:
    name: str = ""
    postcode: str = ""
    address: str = ""
    phone: str = ""
    b2_customer_code: str = ""
    b2_freight_no: str = "01"


def sender_from(settings: Settings) -> Sender:
    return Sender(settings.sender_name, settings.sender_postcode, settings.sender_address, settings.sender_phone,
                  settings.b2_customer_code, settings.b2_freight_no or "01")


# Sender field → its 設定 label (what a refusal names).
SENDER_LABELS: dict[str, str] = {
    "name": "依頼主名",
    "postcode": "依頼主郵便番号",
    "address": "依頼主住所",
    "phone": "依頼主電話番号",
    "b2_customer_code": "B2請求先顧客コード",
    "b2_freight_no": "B2運賃管理番号",
}
NEEDS: dict[str, tuple[str, ...]] = {  # 設定 rows a format cannot do without
    "clickpost": (),  # the Click Post account holds the sender
    "b2cloud": ("name", "postcode", "address", "phone", "b2_customer_code", "b2_freight_no"),
    "ehiden3": (),  # e飛伝III prints the account's 荷送人 when ご依頼主 is blank
}


# --- small text rules ------------------------------------------------------------------------------


def digits(text: str) -> str:
    return re.sub(r"\D", "", text_.nfkc(text or ""))


def postcode7(text: str) -> str | None:
    d = digits(text)
    return d if len(d) == 7 else None


def phone(text: str) -> str:
    """Digits and hyphens, as B2 and e飛伝III take them (`090-1234-5678`)."""
    s = text_.nfkc(text or "")
    s = re.sub(r"[‐‑‒–—―−ー]", "-", s)
    s = re.sub(r"[^\d\-]", "", s).strip("-")
    return re.sub(r"-{2,}", "-", s)


def b2_key(order_id: str) -> str:
    """お客様管理番号 for B2: the 17 digits of the order id (半角英数 20; a hyphen's acceptance
    there is unconfirmed, digits always pass)."""
    return digits(order_id)


def ehiden_key(order_id: str) -> str:
    """お客様管理番号 for e飛伝III (半角英数 16): the order id's last 14 digits, 7-7 without the
    3-digit prefix. Matching back compares digit suffixes and refuses a key two orders share."""
    return digits(order_id)[-14:]


def clickpost_token(order_id: str) -> str:
    """The order token put at the end of 内容品: `#` and the order id's last 5 digits."""
    return "#" + digits(order_id)[-5:]


# --- address split ---------------------------------------------------------------------------------

# A 番地 stays on one line: digits joined by hyphens/の, or with 丁目・番地・番・号 between them.
_NUMBER = r"[0-9０-９]+"
_JOIN = r"(?:[\-‐‑‒–—―−－ー]|の|丁目|番地|番|号)"
_BANCHI = re.compile(rf"{_NUMBER}(?:{_JOIN}+{_NUMBER})*(?:丁目|番地|番|号)?")


_PREFECTURE = re.compile(r"\S{2,3}[都道府県]")


def _tokens(part: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(part):
        m = _BANCHI.match(part, i)
        if m and m.end() > i:
            out.append(m[0])
            i = m.end()
        else:
            out.append(part[i])
            i += 1
    return out


def address_parts(o: Order) -> list[str]:
    """都道府県 + 住所1-3 as Amazon gave them; the prefecture once."""
    lines = [re.sub(r"[\s　]+", " ", x).strip() for x in o.address_lines]
    lines = [x for x in lines if x and x != "--"]
    pref = o.prefecture.strip()
    if pref and not (lines and lines[0].startswith(pref)):
        lines.insert(0, pref)
    return lines


def split_address(parts: Sequence[str], widths: Sequence[int], zen: bool = False) -> list[str] | None:
    """The address over fields of `widths`, or None when it does not fit. Breaks prefer the
    boundaries between Amazon's address lines; a 番地 is never split. Parts are joined with a
    space, except after the prefecture and before a part that starts with its number."""
    space = "\u3000" if zen else " "
    conv = to_zenkaku if zen else (lambda s: s)
    tokens: list[tuple[str, str | None]] = []  # (text, separator before it when it is a part's first token)
    for n, part in enumerate(parts):
        for k, t in enumerate(_tokens(conv(part))):
            sep = None
            if k == 0 and n > 0:
                sep = "" if _PREFECTURE.fullmatch(parts[n - 1]) or _BANCHI.match(t) else space
            tokens.append((space if t in (" ", "\u3000") else t, sep))

    def pack(prefer: bool) -> list[str] | None:
        lines: list[str] = []
        i = 0
        for limit in widths:
            while i < len(tokens) and tokens[i][0] == space:
                i += 1
            j, used, best = i, 0, None
            while j < len(tokens):
                sep = tokens[j][1] if j > i else None
                w = width(tokens[j][0]) + width(sep or "")
                if used + w > limit:
                    break
                used += w
                j += 1
                if j < len(tokens) and (tokens[j][1] is not None or tokens[j][0] == space):
                    best = j
            if prefer and j < len(tokens) and best is not None and best > i:
                j = best
            text = "".join(((tokens[k][1] or "") if k > i else "") + tokens[k][0] for k in range(i, j))
            lines.append(text.rstrip(space))
            i = j
        while i < len(tokens) and tokens[i][0] == space:
            i += 1
        return lines if i >= len(tokens) else None

    return pack(True) or pack(False)


# --- delivery window (お届け指定) -----------------------------------------------------------------

_DATE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_WINDOW = re.compile(r"(\d{1,2}):(\d{2})\s*[～~〜\-]\s*(?:\d{4}/\d{1,2}/\d{1,2}\s*)?(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class Delivery:
    day: date | None
    code: str  # the carrier's time-slot code, "" = none
    problem: str | None = None


def delivery(text: str, slots: dict[tuple[int, int], str], ship_date: date, carrier: str) -> Delivery:
    """Date and time slot from お届け指定 (`2026/12/08 14:00～16:00`, or 午前中). A window no slot
    of the carrier fits is a problem, never dropped silently; a whole-day window is no slot."""
    text = text_.nfkc(text or "")
    if not text.strip():
        return Delivery(None, "")
    m = _DATE.search(text)
    day = None
    if m:
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            day = None
        if day is not None and day < ship_date:
            day = None  # a window already past: the carrier would refuse the date
    w = _WINDOW.search(text)
    if w:
        start = int(w[1]) + (1 if int(w[2]) else 0)
        end = int(w[3])
    elif "午前" in text:
        start, end = 8, 12
    else:
        return Delivery(day, "")
    if (start <= 9 and end >= 21) or end <= start:
        return Delivery(day, "")
    if (start, end) in slots:
        return Delivery(day, slots[(start, end)])
    fitting = [code for (s, e), code in slots.items() if start <= s and e <= end]
    if fitting:
        return Delivery(day, fitting[0])
    return Delivery(day, "", f"お届け指定「{text.strip()}」に合う{carrier}の配達時間帯がありません"
                    "（時間帯を決めて送り状ソフトで直接入力してください）")


# --- orders → labels -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    rows: tuple[int, ...]
    order_id: str
    reasons: tuple[str, ...]

    def text(self) -> str:
        rows = "・".join(f"{r}行目" for r in self.rows)
        oid = f"（注文番号 {self.order_id}）" if self.order_id else ""
        return f"{rows}{oid}: " + "／".join(self.reasons)


@dataclass(frozen=True)
class Label:
    order_id: str
    rows: tuple[int, ...]
    key: str  # what comes back in the carrier's export (お客様管理番号 or the 内容品 token)
    record: tuple[str, ...]


@dataclass
class LabelRun:
    layout: Layout
    labels: list[Label] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    not_ready: list[tuple[int, str]] = field(default_factory=list)  # (row, ステータス) skipped

    def files(self) -> list[bytes]:
        """One file, or numbered files of at most `max_rows` labels each."""
        records = [x.record for x in self.labels]
        if not records:
            return []
        size = self.layout.max_rows or len(records)
        return [file_bytes(self.layout, records[i:i + size]) for i in range(0, len(records), size)]


def cod_amount(o: Order) -> int | None:
    """代金引換 amount of an order row. The report columns 支払方法/代引金額 are added by the
    formats work (issue 17); until then an Order has none and no order is COD."""
    amount = getattr(o, "cod_amount", None)
    return amount if isinstance(amount, int) and amount > 0 else None


def blocks(t: Triage) -> list[str]:
    return [f.label for f in t.findings if f.severity is Severity.BLOCKS]


def _methods(fmt: str) -> frozenset[str]:
    return {"clickpost": clickpost.METHODS, "b2cloud": frozenset(b2cloud.SLIP_TYPES),
            "ehiden3": ehiden3.METHODS}[fmt]


def _norm(s: str) -> str:
    return text_.nfkc(s or "").strip()


def check_sender(fmt: str, sender: Sender) -> None:
    """Refuse the whole file when a 設定 row it needs is blank or does not fit."""
    blank = [SENDER_LABELS[f] for f in NEEDS[fmt] if not getattr(sender, f).strip()]
    if blank:
        raise DomainError(f"{LAYOUTS[fmt].title}の送り状ファイルには設定の"
                          + "・".join(f"「{x}」" for x in blank) + "が必要です。シート「設定」に入力してください。")
    if fmt == "b2cloud":
        checks = (("b2_customer_code", r"\d{12}", "12桁の数字"), ("b2_freight_no", r"\d{2}", "2桁の数字"),
                  ("postcode", r"\d{3}-?\d{4}", "7桁の郵便番号"))
        for attr, pattern, shape in checks:
            if not re.fullmatch(pattern, _norm(getattr(sender, attr))):
                raise DomainError(f"設定の「{SENDER_LABELS[attr]}」は{shape}で入力してください"
                                  f"（今は「{getattr(sender, attr)}」）。")
        layout = LAYOUTS[fmt]
        for attr, name in (("name", "ご依頼主名"), ("address", "ご依頼主住所"), ("phone", "ご依頼主電話番号")):
            value = getattr(sender, attr).strip()
            fld = layout.fields[layout.index(name)]
            problem = field_problem(fld, render(fld, phone(value) if attr == "phone" else value))
            if problem:
                raise DomainError(f"設定の「{SENDER_LABELS[attr]}」を送り状に使えません: {problem}。")


class _Builder:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.values: dict[int, str] = {}
        self.reasons: list[str] = []

    def set(self, name: str, value: str, *, cut_to_fit: bool = False, index: int | None = None) -> None:
        i = self.layout.index(name) if index is None else index
        fld: Field = self.layout.fields[i]
        text = render(fld, value)
        if cut_to_fit and fld.width:
            text = cut(text, fld.width)
        self.values[i] = text

    def record(self) -> tuple[str, ...] | None:
        rec = tuple(self.values.get(i, "") for i in range(len(self.layout.fields)))
        for fld, v in zip(self.layout.fields, rec, strict=True):
            p = field_problem(fld, v)
            if p:
                self.reasons.append(p)
        return None if self.reasons else rec


def _item_name(orders: Sequence[Order], limit: int) -> str:
    """The first item's name cut to `limit` (display width), with 他N点 kept when there are more."""
    first = re.sub(r"\s+", " ", orders[0].product_name.strip()) or "商品"
    more = f" 他{len(orders) - 1}点" if len(orders) > 1 else ""
    return cut(first, limit - width(more)) + more


def _common(orders: Sequence[Order], reasons: list[str]) -> tuple[str, str | None, str]:
    o = orders[0]
    name = plain_name(o.recipient)
    if not name:
        reasons.append("受取人が空欄です")
    code = postcode7(o.postcode)
    if code is None:
        reasons.append(f"郵便番号「{o.postcode}」が7桁ではありません")
    return name, code, phone(o.phone)


def _clickpost(orders: Sequence[Order], b: _Builder, reasons: list[str], ship_date: date) -> str:
    o = orders[0]
    name, code, _ = _common(orders, reasons)
    if cod_amount(o):
        reasons.append("代金引換の注文です（クリックポストは代金引換が使えません）")
    lines = split_address(address_parts(o), [40] * 4)
    if lines is None:
        reasons.append("住所が長すぎて住所欄（全角20文字×4行）に収まりません")
    else:
        for n, line in enumerate(lines, 1):
            b.set(f"お届け先住所{n}行目", line)
    token = clickpost_token(o.order_id)
    b.set("お届け先郵便番号", code or "")
    b.set("お届け先氏名", name)
    b.set("お届け先敬称", honorific(o.recipient, o.is_business))
    b.set("内容品", _item_name(orders, 30 - width(token) - 1) + " " + token)
    return token


def _yamato_type(method: str, cod: int | None, reasons: list[str]) -> str:
    normal, collect = b2cloud.SLIP_TYPES[method]
    if cod is None:
        return normal
    if collect is None:
        reasons.append(f"代金引換の注文です（{method}は代金引換が使えません）")
        return normal
    if cod > b2cloud.COD_LIMIT:
        reasons.append(f"代引金額{cod:,}円がコレクトの上限{b2cloud.COD_LIMIT:,}円を超えます")
    return collect


def _b2cloud(orders: Sequence[Order], b: _Builder, reasons: list[str], ship_date: date,
             sender: Sender) -> str:
    o = orders[0]
    name, code, tel = _common(orders, reasons)
    cod = cod_amount(o)
    slip = _yamato_type(_norm(o.ship_method), cod, reasons)
    key = b2_key(o.order_id)
    if not tel:
        reasons.append("電話番号が空欄です（B2クラウドでは必須）")
    lines = split_address(address_parts(o), [64, 32])
    if lines is None:
        reasons.append("住所が長すぎて住所欄（全角32文字＋アパートマンション名16文字）に収まりません")
    else:
        b.set("お届け先住所", lines[0])
        b.set("お届け先住所（アパートマンション名）", lines[1])
    b.set("お客様管理番号", key)
    b.set("送り状種類", slip)
    b.set("クール区分", "0")
    b.set("出荷予定日", f"{ship_date:%Y/%m/%d}")
    if slip not in b2cloud.MAILBOX_TYPES:
        d = delivery(o.delivery_request, b2cloud.TIME_SLOTS, ship_date, "ヤマト運輸")
        if d.problem:
            reasons.append(d.problem)
        if d.day:
            b.set("お届け予定（指定）日", f"{d.day:%Y/%m/%d}")
        b.set("配達時間帯", d.code)
    b.set("お届け先電話番号", tel)
    b.set("お届け先郵便番号", f"{code[:3]}-{code[3:]}" if code else "")
    b.set("お届け先名", name)
    pc = postcode7(sender.postcode) or ""
    b.set("ご依頼主電話番号", phone(sender.phone))
    b.set("ご依頼主郵便番号", f"{pc[:3]}-{pc[3:]}")
    b.set("ご依頼主住所", sender.address.strip())
    b.set("ご依頼主名", sender.name.strip())
    b.set("品名1", _item_name(orders, 50 if b.layout is b2cloud.LAYOUT else 32))
    if cod is not None and slip in ("2", "9"):
        b.set("コレクト代金引換額（税込）", str(cod))
        b.set("コレクト内消費税額等", str(cod * 10 // 110))  # 10 % consumption tax included
    b.set("発行枚数", "1")
    b.set("ご請求先顧客コード", digits(sender.b2_customer_code))
    b.set("運賃管理番号", digits(sender.b2_freight_no))
    b.set("検索キータイトル1", "注文番号")
    b.set("検索キー1", key)
    return key


def _ehiden3(orders: Sequence[Order], b: _Builder, reasons: list[str], ship_date: date,
             sender: Sender) -> str:
    o = orders[0]
    name, code, tel = _common(orders, reasons)
    cod = cod_amount(o)
    key = ehiden_key(o.order_id)
    lines = split_address(address_parts(o), [32, 32, 32], zen=True)
    if lines is None:
        reasons.append("住所が長すぎて住所欄（全角16文字×3行）に収まりません")
    else:
        for n, line in enumerate(lines, 1):
            b.set(f"お届け先住所{n}", line)
    b.set("お届け先電話番号", tel)
    b.set("お届け先郵便番号", f"{code[:3]}-{code[3:]}" if code else "")
    b.set("お届け先名称1", name)
    b.set("お客様管理番号", key)
    if sender.name.strip():
        b.set("ご依頼主名称1", sender.name.strip())
    if sender.phone.strip():
        b.set("ご依頼主電話番号", phone(sender.phone))
    pc = postcode7(sender.postcode)
    if pc:
        b.set("ご依頼主郵便番号", f"{pc[:3]}-{pc[3:]}")
    if sender.address.strip():
        s_lines = split_address([sender.address.strip()], [32, 32], zen=True)
        if s_lines is None:
            raise DomainError("設定の「依頼主住所」が長すぎます（e飛伝IIIのご依頼主住所は全角16文字×2行まで）。")
        b.set("ご依頼主住所1", s_lines[0])
        b.set("ご依頼主住所2", s_lines[1])
    b.set("荷姿", "001")
    b.set("品名1", _item_name(orders, 50 if b.layout is b2cloud.LAYOUT else 32))
    b.set("出荷個数", "1")
    b.set("スピード指定", "000")
    b.set("クール便指定", "001")
    d = delivery(o.delivery_request, ehiden3.TIME_SLOTS, ship_date, "佐川急便")
    if d.problem:
        reasons.append(d.problem)
    if d.day:
        b.set("配達日", f"{d.day:%Y%m%d}")
    b.set("配達指定時間帯", d.code)
    if cod is not None:
        if cod > 9_999_999:
            reasons.append(f"代引金額{cod:,}円が大きすぎます")
        b.set("代引金額", str(cod))
    b.set("元着区分", "1")
    b.set("出荷日", f"{ship_date:%Y%m%d}")
    return key


Maker = Callable[[Sequence[Order], _Builder, list[str], date, Sender], str]
_MAKERS: dict[str, Maker] = {
    "clickpost": lambda orders, b, reasons, day, sender: _clickpost(orders, b, reasons, day),
    "b2cloud": _b2cloud,
    "ehiden3": _ehiden3,
}


def build_labels(fmt: str, entries: Sequence[tuple[Order, Triage]], sender: Sender, ship_date: date) -> LabelRun:
    """Label records of every ready order whose 発送方法 belongs to `fmt`."""
    if fmt == "yupack":
        raise DomainError(YUPACK_REFUSAL)
    if fmt not in LAYOUTS:
        raise DomainError(f"送り状ファイルの形式「{fmt}」は使えません（{', '.join(FORMATS)} のどれか）。")
    run = LabelRun(LAYOUTS[fmt])
    groups = _open_orders(entries, _methods(fmt))
    if groups:
        check_sender(fmt, sender)
    for oid, group in groups.items():
        _add_order(run, fmt, oid, group, sender, ship_date)
    return run


def _open_orders(entries: Sequence[tuple[Order, Triage]],
                 methods: frozenset[str]) -> dict[str, list[tuple[Order, Triage]]]:
    """The rows of each order shipped by one of `methods` and not yet shipped, confirmed or cancelled."""
    groups: dict[str, list[tuple[Order, Triage]]] = {}
    for o, t in entries:
        if _norm(o.ship_method) not in methods:
            continue
        if o.shipped_on is not None or o.confirmed_on is not None or o.cancelled_on is not None:
            continue
        groups.setdefault(o.order_id or f"#row{o.row}", []).append((o, t))
    return groups


def _add_order(run: LabelRun, fmt: str, oid: str, group: Sequence[tuple[Order, Triage]], sender: Sender,
               ship_date: date) -> None:
    """One order's label into `run`, or the reason it has none (refused or not ready yet)."""
    orders = [o for o, _ in group]
    rows = tuple(o.row for o in orders)
    blocking = [b for _, t in group for b in blocks(t)]
    if blocking:
        run.refused.append(Refusal(rows, orders[0].order_id,
                                   ("発送できない理由があります: " + "・".join(dict.fromkeys(blocking)),)))
        return
    waiting = [(o.row, t.status.label) for o, t in group if t.status not in READY]
    if waiting:
        run.not_ready.extend(waiting)
        return
    reasons: list[str] = []
    if not orders[0].order_id:
        reasons.append("注文番号が空欄です")
    if len({_norm(o.ship_method) for o in orders}) > 1:
        reasons.append("同じ注文の行で発送方法が違います")
    b = _Builder(run.layout)
    key = _MAKERS[fmt](orders, b, reasons, ship_date, sender)
    record = b.record()
    reasons.extend(b.reasons)
    if reasons or record is None:
        run.refused.append(Refusal(rows, orders[0].order_id, tuple(dict.fromkeys(reasons))))
        return
    run.labels.append(Label(oid, rows, key, record))

