"""Triage core cost per order (no file I/O), on 100,000 varied orders.

Run: .venv/bin/python benchmarks/bench_triage_core.py [N]

Prints µs/order for the rules alone (address/name checks replaced by a no-op) and with the
default checks (addin.core.checks when present). `core_us_per_order()` returns the figure for
the openpyxl-ratio benchmark.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta

from addin.core.model import Order, Settings
from addin.core.triage import default_find, triage_all

TODAY = date(2026, 5, 1)  # the Friday inside Golden Week 2026
SETTINGS = Settings(closed_month_days=frozenset({(12, 29), (12, 30), (12, 31), (1, 2), (1, 3)}))


def make_orders(n: int, seed: int = 4) -> list[Order]:
    """A mix like a real sheet: mostly clean, some shipped/done, some with problems."""
    rnd = random.Random(seed)
    prefectures = ("東京都", "大阪府", "北海道", "福岡県")
    orders = []
    for i in range(n):
        bought = datetime(2026, 4, 20, 8) + timedelta(hours=rnd.randrange(0, 11 * 24))
        contacted = bought.date() + timedelta(days=1) if rnd.random() < 0.15 else None
        orders.append(Order(
            row=5 + i,
            order_id=f"503-{rnd.randrange(10**7):07d}-{rnd.randrange(10**7):07d}",
            order_item_id=f"{rnd.randrange(10**14):014d}",
            purchased_at=bought,
            ship_by=None if rnd.random() < 0.2 else bought.date() + timedelta(days=rnd.randrange(2, 8)),
            recipient="山田 太郎",
            postcode="1000001",
            prefecture=rnd.choice(prefectures),
            address1="千代田区千代田1-1",
            listed_condition=rnd.choice(("新品", "非常に良い", "良い")),
            actual_condition=rnd.choice(("", "", "", "良い", "可", "発送不可")),
            stock="欠品" if rnd.random() < 0.03 else "",
            ship_method=rnd.choice(("クリックポスト", "ゆうパック")),
            contacted_on=contacted,
            contact_result=rnd.choice(("", "返信待ち", "送信エラー", "返信あり", "キャンセル希望"))
            if contacted else "",
            shipped_on=TODAY if rnd.random() < 0.05 else None,
            confirmed_on=TODAY if rnd.random() < 0.1 else None,
            is_business=rnd.random() < 0.05,
        ))
    return orders


def _time(orders: list[Order], **kw: object) -> float:
    triage_all(orders[:100], SETTINGS, TODAY, **kw)  # warm the calendar and imports
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        triage_all(orders, SETTINGS, TODAY, **kw)
        best = min(best, time.perf_counter() - start)
    return best / len(orders) * 1e6


def core_us_per_order(n: int = 100_000) -> float:
    """µs per order of the triage rules alone (no address checks, no I/O)."""
    return _time(make_orders(n), find=lambda o, m: [])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    orders = make_orders(n)
    rules = _time(orders, find=lambda o, m: [])
    print(f"orders: {n}")
    print(f"triage core, rules only: {rules:.2f} µs/order")
    finder = default_find()
    if finder.__module__ != "addin.core.triage":
        full = _time(orders)
        print(f"triage core with address checks ({finder.__module__}): {full:.2f} µs/order")
    else:
        print("address checks: addin.core.checks not present yet (not measured)")


if __name__ == "__main__":
    main()
