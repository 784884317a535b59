"""The 今日 sheet: one line per open order, most urgent first (pure: orders and results in,
rows out).

An order is one 注文番号: its items share one line, the line of the most urgent item. 完了 orders
never appear. Lines are sorted by 期限 (overdue first), then orders Amazon flagged (Amazonの警告),
then by the urgency of the status, then by the row on 注文, so the first line is always the thing
to do first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from addin import text as text_
from addin.core.codes import URGENCY, Status
from addin.core.model import Order, Triage
from addin.core.triage import has_amazon_warning

# Statuses counted at the top of 今日, in the order of URGENCY (完了 last, for reassurance).
COUNTED = tuple(sorted(Status, key=URGENCY.__getitem__))


@dataclass(frozen=True, slots=True)
class TodayLine:
    deadline: date | None
    days_left: int | None
    status: Status
    todo: str
    order_id: str
    product: str  # the line item's name, "… ほか N 点" when the order has more items
    recipient: str
    reason: str
    row: int  # the most urgent item's row on 注文 (the link target)


def _key(o: Order, t: Triage) -> tuple[date, int, int, int]:
    # Orders Amazon itself flagged (verge-of-lateShipment / -cancellation) first within a 期限.
    return (t.deadline or date.max, 0 if has_amazon_warning(o) else 1, URGENCY[t.status], o.row)


def today_lines(orders: Sequence[Order], results: Sequence[Triage]) -> list[TodayLine]:
    """Open orders, one line each, most urgent first."""
    items: dict[str, list[int]] = {}
    for i, o in enumerate(orders):
        items.setdefault(o.order_id or f"#{o.row}", []).append(i)
    lines: list[tuple[tuple[date, int, int, int], TodayLine]] = []
    for indices in items.values():
        open_items = [i for i in indices if results[i].status is not Status.DONE]
        if not open_items:
            continue
        first = min(open_items, key=lambda i: _key(orders[i], results[i]))
        o, t = orders[first], results[first]
        others = len(indices) - 1
        product = o.product_name + (f" ほか{others}点" if others else "")
        line = TodayLine(t.deadline, t.business_days_left, t.status, t.todo, o.order_id, product,
                         o.recipient, " / ".join(t.reasons), o.row)
        lines.append((_key(o, t), line))
    lines.sort(key=lambda x: x[0])
    return [line for _, line in lines]


def status_counts(lines: Sequence[TodayLine], done_orders: int) -> dict[Status, int]:
    """Open orders per status (by their line), and 完了 orders."""
    counts = dict.fromkeys(COUNTED, 0)
    for line in lines:
        counts[line.status] += 1
    counts[Status.DONE] = done_orders
    return counts


def done_order_count(orders: Sequence[Order], results: Sequence[Triage]) -> int:
    """Orders (not items) whose every item is 完了."""
    state: dict[str, bool] = {}
    for o, t in zip(orders, results, strict=True):
        key = o.order_id or f"#{o.row}"
        state[key] = state.get(key, True) and t.status is Status.DONE
    return sum(state.values())


def date_heading(d: date) -> str:
    return f"{text_.date_long(d)}（{text_.weekday(d)}）現在"
