"""Seller metrics from the workbook's own history (issue 8), and the 成績 sheet as a block.

Pure: orders in, rates and rows out. Amazon counts orders, not items: rows are grouped by 注文番号.
Windows are the last N days including today (Japan time), e.g. 10 days = today-9 … today.

- 出荷遅延率 (late shipment rate, 10 and 30 days, < 4 %): orders whose 出荷期限 lies in the
  window and that are decided — 出荷通知日 filled (late when after 出荷期限), or not confirmed
  and 出荷期限 already past (late whatever happens now). Orders still open (期限 today or later,
  not confirmed) and cancelled orders are not counted.
- キャンセル率 (cancellation rate, 7 days, < 2.5 %): orders whose 購入日時 lies in the window;
  seller cancellations = a row with キャンセル日 whose 連絡結果 is not 「キャンセル希望」 (a
  cancellation the buyer asked for goes through Amazon's request and does not count).
- 追跡可能率 (valid tracking rate, 30 days, >= 95 %): orders whose 出荷通知日 lies in the window and
  whose total 金額 is ¥1,000 or more; valid = every item has a tracking number of the right shape
  for its carrier (Amazon asks the carrier; the shape is the best check we have). When 金額 is blank
  the amount is unknown: those orders are left out of the main rate, and a second line shows the
  rate as if they all were ¥1,000 or more.
Marks: 危険 = Amazon's threshold breached; 注意 = three quarters of the way there (遅延 3 %,
キャンセル 1.875 %) or 追跡可能率 under 97 %; OK otherwise; 「—」 without orders to count; 参考
when fewer than MIN_ORDERS orders are counted (one late order of one is 100 %: a rough figure, not
an alarm — the thresholds stay as they are).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from addin import layout
from addin import text as text_
from addin.core.model import Order, Settings
from addin.core.shipping import routes, tracking_ok
from addin.layout import Kind

CANCEL_REQUESTED = layout.CONTACT_CANCEL
TRACKING_MIN_PRICE = 1000
OK, CAUTION, DANGER, NONE, ROUGH = "OK", "注意", "危険", "—", "参考"
MARKS = (OK, CAUTION, DANGER, ROUGH)  # every 判定 a rate can show besides NONE (template colours)
MIN_ORDERS = 10  # below this many orders a rate is only a rough figure
ROUGH_NOTE = f"対象が{MIN_ORDERS}件未満のため目安です"

# --- the 成績 sheet layout: one place, used by the operation, the template build (XlsxWriter) and
# the openpyxl shell (which redraws the chart on every save, see addin.xlsx.charts) ---------------
HEADER_ROW = 4  # 1-based row of the metrics table header
TABLE_HEADERS = ("指標", "期間", "値（%）", "基準（%）", "判定", "対象件数", "該当件数", "説明")
TABLE_KINDS: tuple[Kind | None, ...] = (Kind.ID, Kind.TEXT, None, None, Kind.TEXT, None, None, Kind.TEXT)
CHART_DAYS = 30
CHART_COL = 10  # J: 日付 (text "M/D"), K: 出荷遅延率（%）, L: 基準（%）
CHART_HEADERS = ("日付", "出荷遅延率（%）", "基準 4%")
CHART_KINDS: tuple[Kind | None, ...] = (Kind.TEXT, None, None)
COLUMN_WIDTHS = (24, 10, 9, 11, 7, 9, 9, 60, 3, 8, 14, 9)  # A … L


@dataclass(frozen=True)
class ChartSpec:
    """The line chart of the daily late-shipment rate against the 4 % line, on 成績."""

    sheet: str = layout.METRICS
    title: str = "日ごとの出荷遅延率（出荷期限の日別、%）"
    header_row: int = HEADER_ROW
    first_row: int = HEADER_ROW + 1
    last_row: int = HEADER_ROW + CHART_DAYS
    category_col: int = CHART_COL
    value_cols: tuple[int, ...] = (CHART_COL + 1, CHART_COL + 2)
    anchor: str = "N4"  # top-left cell of the chart
    width_cm: float = 18.0
    height_cm: float = 9.0
    y_title: str = "%"


CHART = ChartSpec()


# --- metric values -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    label: str
    period: str
    hits: int  # late / cancelled / with valid tracking
    total: int
    threshold: Fraction  # percent
    higher_is_better: bool
    note: str

    @property
    def percent(self) -> Fraction | None:
        return Fraction(100 * self.hits, self.total) if self.total else None

    @property
    def mark(self) -> str:
        p = self.percent
        if p is None:
            return NONE
        if self.rough:
            return ROUGH
        if self.higher_is_better:
            return OK if p >= Fraction(97) else CAUTION if p >= self.threshold else DANGER
        return DANGER if p >= self.threshold else CAUTION if p >= self.threshold * Fraction(3, 4) else OK

    @property
    def rough(self) -> bool:
        return 0 < self.total < MIN_ORDERS

    def shown(self) -> float | str:
        p = self.percent
        return NONE if p is None else round(float(p), 2)

    def limit_text(self) -> str:
        t = f"{float(self.threshold):g}%"
        return f"{t}以上" if self.higher_is_better else f"{t}未満"

    def summary(self) -> str:
        p = self.percent
        value = "対象の注文なし" if p is None else f"{float(p):.2f}%（{self.hits}/{self.total}件）"
        rough = f"（{ROUGH_NOTE}）" if self.rough else ""
        return f"{self.label}（{self.period}）: {value} 基準 {self.limit_text()} → {self.mark}{rough}"


@dataclass
class OrderGroup:
    """One Amazon order: its rows (items)."""

    order_id: str
    rows: list[Order] = field(default_factory=list)

    @property
    def live(self) -> list[Order]:
        return [o for o in self.rows if o.cancelled_on is None]

    @property
    def cancelled(self) -> bool:
        return not self.live

    @property
    def seller_cancelled(self) -> bool:
        return any(o.cancelled_on is not None and o.contact_result.strip() != CANCEL_REQUESTED
                   for o in self.rows)

    @property
    def ship_by(self) -> date | None:
        return min((o.ship_by for o in self.rows if o.ship_by), default=None)

    @property
    def purchased(self) -> date | None:
        return min((o.purchased_at.date() for o in self.rows if o.purchased_at), default=None)

    @property
    def confirmed(self) -> date | None:
        """Date the order's confirmation was complete: the last item's 出荷通知日."""
        live = self.live
        if not live or any(o.confirmed_on is None for o in live):
            return None
        return max(o.confirmed_on for o in live if o.confirmed_on)

    @property
    def amount(self) -> int | None:
        live = self.live
        if not live or any(o.price is None for o in live):
            return None
        return sum(o.price or 0 for o in live)


def group_orders(orders: Iterable[Order]) -> list[OrderGroup]:
    groups: dict[str, OrderGroup] = {}
    for o in orders:
        if o.order_id:
            groups.setdefault(o.order_id, OrderGroup(o.order_id)).rows.append(o)
    return list(groups.values())


def window(today: date, days: int) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


def _in(d: date | None, span: tuple[date, date]) -> bool:
    return d is not None and span[0] <= d <= span[1]


def late_state(g: OrderGroup, today: date) -> bool | None:
    """True late, False on time, None not decided yet (or cancelled, or no ship-by date)."""
    ship_by = g.ship_by
    if g.cancelled or ship_by is None:
        return None
    confirmed = g.confirmed
    if confirmed is not None:
        return confirmed > ship_by
    return True if ship_by < today else None


def late_rate(groups: Sequence[OrderGroup], today: date, days: int) -> Rate:
    span = window(today, days)
    states = [late_state(g, today) for g in groups if _in(g.ship_by, span)]
    decided = [s for s in states if s is not None]
    return Rate("出荷遅延率", f"過去{days}日", sum(decided), len(decided), Fraction(4), False,
                "出荷期限がこの期間の注文のうち、出荷期限の翌日以降に出荷通知した（またはまだしていない）割合")


def cancel_rate(groups: Sequence[OrderGroup], today: date, days: int = 7) -> Rate:
    span = window(today, days)
    counted = [g for g in groups if _in(g.purchased, span)]
    return Rate("キャンセル率", f"過去{days}日", sum(g.seller_cancelled for g in counted), len(counted),
                Fraction(5, 2), False,
                "購入日がこの期間の注文のうち、出品者がキャンセルした割合（連絡結果「キャンセル希望」は除く）")


def tracking_rates(groups: Sequence[OrderGroup], settings: Settings, today: date,
                   days: int = 30) -> tuple[Rate, Rate]:
    """(rate over orders of known amount >= ¥1,000, rate counting unknown amounts as >= ¥1,000)."""
    span = window(today, days)
    table = routes(settings)
    known: list[bool] = []
    unknown: list[bool] = []
    for g in groups:
        if g.cancelled or not _in(g.confirmed, span):
            continue
        valid = all(tracking_ok(o, table) for o in g.live)
        amount = g.amount
        if amount is None:
            unknown.append(valid)
        elif amount >= TRACKING_MIN_PRICE:
            known.append(valid)
    main = Rate("追跡可能率", f"過去{days}日", sum(known), len(known), Fraction(95), True,
                "出荷通知日がこの期間で金額1,000円以上の注文のうち、正しい形の追跡番号がある割合"
                f"（金額が空欄の{len(unknown)}件は含めていません）")
    both = known + unknown
    wide = Rate("追跡可能率（金額空欄も含む）", f"過去{days}日", sum(both), len(both), Fraction(95), True,
                "金額が空欄の注文も1,000円以上とみなした場合（レポートに金額がないときの目安）")
    return main, wide


def daily_late(groups: Sequence[OrderGroup], today: date,
               days: int = CHART_DAYS) -> list[tuple[date, Fraction | None]]:
    """(day, late-shipment rate in percent of the orders due that day) for the last `days` days."""
    by_day: dict[date, list[bool]] = defaultdict(list)
    first = today - timedelta(days=days - 1)
    for g in groups:
        d = g.ship_by
        if d is not None and first <= d <= today:
            s = late_state(g, today)
            if s is not None:
                by_day[d].append(s)
    out = []
    for n in range(days):
        d = first + timedelta(days=n)
        states = by_day.get(d, [])
        out.append((d, Fraction(100 * sum(states), len(states)) if states else None))
    return out


@dataclass(frozen=True)
class DueRow:
    row: int
    order_id: str
    ship_by: date
    shipped: bool
    product: str


def due_today(orders: Iterable[Order], today: date) -> tuple[list[DueRow], list[DueRow]]:
    """(rows that turn late unless confirmed today, rows already past 出荷期限 without confirmation)."""
    today_rows: list[DueRow] = []
    past_rows: list[DueRow] = []
    for o in orders:
        if o.confirmed_on is not None or o.cancelled_on is not None or o.ship_by is None or not o.order_id:
            continue
        r = DueRow(o.row, o.order_id, o.ship_by, o.shipped_on is not None, o.product_name)
        if o.ship_by == today:
            today_rows.append(r)
        elif o.ship_by < today:
            past_rows.append(r)
    past_rows.sort(key=lambda r: (r.ship_by, r.row))
    return today_rows, past_rows


@dataclass
class Metrics:
    today: date
    rates: list[Rate]
    daily: list[tuple[date, Fraction | None]]
    due: list[DueRow]
    overdue: list[DueRow]
    unknown_amounts: int


def compute(orders: Sequence[Order], settings: Settings, today: date) -> Metrics:
    groups = group_orders(orders)
    vtr, vtr_wide = tracking_rates(groups, settings, today)
    rates = [late_rate(groups, today, 10), late_rate(groups, today, 30), cancel_rate(groups, today), vtr]
    if vtr_wide.total != vtr.total:
        rates.append(vtr_wide)
    due, overdue = due_today(orders, today)
    return Metrics(today, rates, daily_late(groups, today), due, overdue, vtr_wide.total - vtr.total)


# --- the sheet ----------------------------------------------------------------------------------


def _md(d: date) -> str:
    return text_.date_short(d)


def _due_rows(title: str, rows: Sequence[DueRow]) -> list[list[object]]:
    out: list[list[object]] = [[title]]
    if rows:
        out.append(["注文番号", "行", "出荷期限", "状況", "", "", "", "商品名"])
        for r in rows:
            state = "発送済み・出荷通知がまだ" if r.shipped else "未発送"
            out.append([r.order_id, f"{r.row}行目", _md(r.ship_by), state, None, None, None, r.product])
    return out


def sheet_rows(m: Metrics) -> tuple[list[list[object]], list[Kind | None]]:
    """The whole 成績 sheet as one block (A1 …) and the kind of each column."""
    t = m.today
    left: list[list[object]] = [
        ["成績（Amazon の基準との比較）"],
        ["基準日", text_.date_ymd(t), None, None, None, None, None,
         "このブックの記録（注文シート）から計算した目安です。正式な値はセラーセントラルの「アカウント健全性」で確認してください。"],
        [],
        list(TABLE_HEADERS),
    ]
    for r in m.rates:
        rough = f"{ROUGH_NOTE}。" if r.rough else ""
        left.append([r.label, r.period, r.shown(), float(r.threshold), r.mark, r.total, r.hits,
                     f"{rough}基準 {r.limit_text()}。{r.note}"])
    left += [
        [],
        ["判定", "", None, None, None, None, None,
         "危険 = Amazon の基準を超えています ／ 注意 = 基準の4分の3を超えました"
         f"（追跡可能率は97%未満） ／ OK ／ 参考 = {ROUGH_NOTE}（1件の遅れで100%になります）"],
        ["出荷遅延の数え方", "", None, None, None, None, None,
         "Amazon は「出荷通知を送った日」で遅延を判定します。出荷期限の日のうちに出荷通知してください。"],
    ]
    if m.unknown_amounts:
        left.append(["金額が空欄の注文", "", None, None, None, m.unknown_amounts, None,
                     "追跡可能率は金額1,000円以上の注文が対象です。金額が空欄の注文は対象か分からないため、"
                     "上の行では除き、下の行では対象として数えています（金額入りの注文レポートを取り込むと正確になります）。"])
    left.append([])
    left += _due_rows(f"今日（{_md(t)}）中に出荷通知しないと遅延になる注文: {len(m.due)}件", m.due)
    left.append([])
    left += _due_rows(f"出荷期限を過ぎて出荷通知していない注文: {len(m.overdue)}件"
                      "（すぐに出荷通知するか、対応を確認してください）", m.overdue)
    width = CHART_COL + len(CHART_HEADERS) - 1
    n_rows = max(len(left), CHART.last_row)
    block: list[list[object]] = [[None] * width for _ in range(n_rows)]
    for i, row in enumerate(left):
        for j, v in enumerate(row):
            block[i][j] = v
    c = CHART_COL - 1
    block[HEADER_ROW - 1][c:c + 3] = list(CHART_HEADERS)
    for k, (d, rate) in enumerate(m.daily):
        shown = None if rate is None else round(float(rate), 2)
        block[CHART.first_row - 1 + k][c:c + 3] = [f"{d.month}/{d.day}", shown, 4]
    kinds: list[Kind | None] = list(TABLE_KINDS) + [None] * (c - len(TABLE_KINDS)) + list(CHART_KINDS)
    return block, kinds


def summary_lines(m: Metrics) -> list[str]:
    out = [r.summary() for r in m.rates]
    out.append(f"今日中に出荷通知しないと遅延になる注文: {len(m.due)}件")
    if m.overdue:
        out.append(f"出荷期限を過ぎて出荷通知していない注文: {len(m.overdue)}件")
    return out
