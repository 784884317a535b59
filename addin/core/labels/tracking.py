"""Tracking numbers back from the carriers' exports (issue 20): parse, validate, match, plan fills.

Pure: file bytes and orders in; the cells to fill (追跡番号 as text, 発送日 where empty) and the
lists of what was not written out. A number already in 追跡番号 is never overwritten: a different
one is a conflict, listed.

Exports are read by header names (never by position), found in the first rows:
- B2クラウド 発行済みデータ (the 入出力 layout of b2cloud.py): 伝票番号 + お客様管理番号, 出荷予定日;
- e飛伝III 出荷履歴データ: お問い合せ送り状No. + お客様管理番号, 出荷日, 削除区分 (rows not 0 were
  deleted in e飛伝III and are skipped) — docs/出荷履歴データ出力レイアウト.md (see ehiden3.py);
- クリックポスト 発送履歴 download: お問い合わせ番号 + 郵便番号 + 氏名 + 内容品; its exact layout is
  unconfirmed (label-formats/README.md §1), so several header spellings are accepted.
Matching: the join key we wrote (お客様管理番号 = digits of the order id, or the `#12345` token
at the end of 内容品 with the 郵便番号), else 郵便番号 + 氏名. More than one order for one line is
ambiguous and refused.

Numbers: all three carriers issue 12-digit numbers whose last digit is the first 11 digits mod 7
("7DR"): TakamoriYamashiro/shipping-jp-js README.md (ヤマト、佐川、日本郵政 : 7DR), and
https://qiita.com/yoshi389111/items/00ca7b3ed9ceac904cde (各種チェックデジットの計算方法).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from addin import text as text_
from addin.core.labels.fields import FileReadError, decode, read_rows
from addin.core.labels.rules import digits, plain_name, postcode7
from addin.core.model import Order
from addin.core.shipping import clean_tracking
from addin.errors import DomainError


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    carrier: str
    number: tuple[str, ...]  # header names of the tracking number, first found wins
    key_col: tuple[str, ...]
    date_col: tuple[str, ...]
    postcode: tuple[str, ...] = ()
    name: tuple[str, ...] = ()
    contents: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()


B2 = Source("b2cloud", "B2クラウドの発行済みデータ", "ヤマト運輸", ("伝票番号",), ("お客様管理番号",), ("出荷予定日",),
            ("お届け先郵便番号",), ("お届け先名",))
EHIDEN = Source("ehiden3", "e飛伝IIIの出荷履歴", "佐川急便",
                ("お問い合せ送り状No.", "お問合せ送り状No.", "お問い合せ送り状No"), ("お客様管理番号",), ("出荷日",),
                ("お届け先郵便番号",), ("お届け先名称1",), deleted=("削除区分",))
CLICKPOST = Source("clickpost", "クリックポストの発送履歴", "日本郵便", ("お問い合わせ番号", "追跡番号"), (),
                   ("発送日", "差出日", "申込日時", "申込日"), ("郵便番号", "お届け先郵便番号"),
                   ("氏名", "お届け先氏名", "お届け先名"), ("内容品",))
SOURCES = (EHIDEN, B2, CLICKPOST)  # e飛伝 first: its export also has an お問い合わせ-like column


def _h(text: str) -> str:
    return re.sub(r"[\s　]", "", text_.nfkc(text))


def number_problem(number: str, carrier: str) -> str | None:
    if not re.fullmatch(r"\d{12}", number):
        return f"{carrier}の追跡番号は12桁の数字です（「{number}」）"
    if int(number[:11]) % 7 != int(number[11]):
        return f"{carrier}の追跡番号「{number}」の最後の数字（チェック用）が合いません"
    return None


@dataclass(frozen=True)
class Shipment:
    line: int  # line number in the file (1-based), for messages
    number: str
    shipped: date | None
    key: str = ""
    postcode: str = ""
    name: str = ""
    token: str = ""


def _date(text: str) -> date | None:
    m = re.search(r"(\d{4})[/\-年]?(\d{1,2})[/\-月]?(\d{1,2})", text_.nfkc(text or ""))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def read_export(data: bytes) -> tuple[Source, list[Shipment]]:
    """Which carrier's export this is (by its header row) and its lines."""
    try:
        decode(data)
    except FileReadError as e:
        raise DomainError(f"追跡番号のファイルを読めません: {e}") from None
    rows = read_rows(data)
    for hi, header in enumerate(rows[:5]):
        names = {_h(c): i for i, c in reversed(list(enumerate(header)))}
        for src in SOURCES:
            num = next((names[_h(n)] for n in src.number if _h(n) in names), None)
            if num is None or (src.key_col and not any(_h(k) in names for k in src.key_col)):
                continue

            def col(options: tuple[str, ...], names: dict[str, int] = names) -> int | None:
                return next((names[_h(n)] for n in options if _h(n) in names), None)

            cols = {k: col(getattr(src, k)) for k in ("key_col", "date_col", "postcode", "name", "contents", "deleted")}

            def cell(r: list[str], k: str, cols: dict[str, int | None] = cols) -> str:
                i = cols[k]
                return r[i].strip() if i is not None and i < len(r) else ""

            out = []
            for li, r in enumerate(rows[hi + 1:], start=hi + 2):
                if not any(c.strip() for c in r) or cell(r, "deleted") not in ("", "0"):
                    continue
                m = re.search(r"#(\d{5})\s*$", text_.nfkc(cell(r, "contents")))
                out.append(Shipment(li, clean_tracking(r[num] if num < len(r) else ""), _date(cell(r, "date_col")),
                                    digits(cell(r, "key_col")), postcode7(cell(r, "postcode")) or "",
                                    _name_key(cell(r, "name")), m[1] if m else ""))
            return src, out
    raise DomainError("追跡番号のファイルの見出し行が分かりません（B2クラウドの発行済みデータ"
                      "「伝票番号・お客様管理番号」、"
                      "e飛伝IIIの出荷履歴「お問い合せ送り状No.・お客様管理番号」、クリックポストの発送履歴"
                      "「お問い合わせ番号」のどれかの見出しが必要です）。")


def _name_key(name: str) -> str:
    return re.sub(r"[\s　]", "", text_.nfkc(plain_name(name)))


@dataclass(frozen=True)
class Fill:
    row: int
    order_id: str
    tracking: str | None  # None = keep (already the same number)
    shipped: date | None  # None = keep


@dataclass
class TrackingPlan:
    source: Source
    lines: int = 0
    fills: list[Fill] = field(default_factory=list)
    already: int = 0  # rows that had this very number
    conflicts: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    @property
    def filled_rows(self) -> int:
        return sum(1 for f in self.fills if f.tracking)


def _matches(s: Shipment, orders: Sequence[Order]) -> list[str]:
    """Order ids this export line can belong to."""
    ids = {o.order_id for o in orders if o.order_id}
    if len(s.key) >= 10:
        return sorted(oid for oid in ids if digits(oid).endswith(s.key))
    if s.token and s.postcode:
        return sorted({o.order_id for o in orders if o.order_id and digits(o.order_id).endswith(s.token)
                       and postcode7(o.postcode) == s.postcode})
    if s.postcode and s.name:
        return sorted({o.order_id for o in orders if o.order_id and postcode7(o.postcode) == s.postcode
                       and _name_key(o.recipient) == s.name})
    return []


def plan_tracking(data: bytes, orders: Sequence[Order], today: date) -> TrackingPlan:
    src, shipments = read_export(data)
    plan = TrackingPlan(src, len(shipments))
    live = [o for o in orders if o.cancelled_on is None]
    by_id: dict[str, list[Order]] = defaultdict(list)
    for o in live:
        by_id[o.order_id].append(o)
    numbers: dict[str, dict[str, Shipment]] = defaultdict(dict)  # order id → number → line
    for s in shipments:
        where = f"ファイルの{s.line}行目"
        if not s.number:
            continue  # a line not issued yet (B2 input rows have no 伝票番号)
        bad = number_problem(s.number, src.carrier)
        if bad:
            plan.invalid.append(f"{where}: {bad}")
            continue
        ids = _waiting_matches(s, live, by_id)
        if not ids:
            plan.unmatched.append(f"{where}（追跡番号 {s.number}）: 注文が見つかりません")
        elif len(ids) > 1:
            plan.ambiguous.append(f"{where}（追跡番号 {s.number}）: 当てはまる注文が複数あります"
                                  f"（{'、'.join(ids)}）。手で入力してください")
        else:
            numbers[ids[0]][s.number] = s
    for oid, found in numbers.items():
        _plan_order(plan, oid, found, by_id[oid], today)
    return plan


def _waiting_matches(s: Shipment, live: Sequence[Order], by_id: Mapping[str, list[Order]]) -> list[str]:
    """Order ids this export line can belong to; of several, the one still waiting for a number if
    only one is (a repeat buyer's older parcel keeps its own)."""
    ids = _matches(s, live)
    if len(ids) > 1:
        open_ids = [i for i in ids if all(clean_tracking(o.tracking_number) in ("", s.number) for o in by_id[i])]
        if len(open_ids) == 1:
            ids = open_ids
    return ids


def _plan_order(plan: TrackingPlan, oid: str, found: Mapping[str, Shipment], rows: Sequence[Order],
                today: date) -> None:
    """Fills for the rows of one order from its export lines, or the conflict that stops them."""
    if len(found) > 1:
        plan.conflicts.append(f"注文番号 {oid}: ファイルに追跡番号が{len(found)}つあります"
                              f"（{'・'.join(found)}）。どれを使うか確かめて手で入力してください")
        return
    ((number, s),) = found.items()
    for o in rows:
        have = clean_tracking(o.tracking_number)
        if have and have != number:
            plan.conflicts.append(f"{o.row}行目（注文番号 {oid}）: 追跡番号 {o.tracking_number} が入っています"
                                  f"（ファイルは {number}）。そのままにしました")
            continue
        tracking = None if have == number else number
        if tracking is None:
            plan.already += 1
        shipped = None if o.shipped_on is not None else (s.shipped or today)
        if tracking or shipped:
            plan.fills.append(Fill(o.row, oid, tracking, shipped))
