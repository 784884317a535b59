"""Issue 8 operations on a large saved workbook: 出荷通知ファイル, 成績, 個人情報の削除 (dry run and
real), each on the openpyxl shell, plus the number of block writes the purge issues (a live-Excel
round trip each).

Run: .venv/bin/python benchmarks/bench_after_shipping.py [N]   (default 20,000 rows)
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from generate import make_workbook

from addin import layout
from addin.core.model import Settings
from addin.core.orders import read_orders
from addin.core.shipping import file_bytes, plan_confirmations
from addin.ops.metrics import update_metrics
from addin.ops.purge import purge_pii
from addin.ops.shipping import export_confirm_file
from addin.xlsx.book import XlsxBook

TODAY = date(2026, 9, 28)  # the generated history spans 9/1…9/30
PARTIAL_PURGE_DAY = date(2026, 10, 20)  # half the history is old enough: fragmented runs
PURGE_DAY = date(2026, 11, 30)


class CountingBook(XlsxBook):
    writes = 0

    def write_block(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        CountingBook.writes += 1
        return super().write_block(*args, **kwargs)


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    result = fn()
    print(f"{label}: {time.perf_counter() - t:.2f} s")
    return result


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = make_workbook(Path(tmp) / "bench.xlsm", n)
        book = CountingBook.open(path)
        timed(f"export_confirm_file ({n} rows, all confirmed already)",
              lambda: export_confirm_file(book, TODAY))
        orders = [replace(o, confirmed_on=None) for o in read_orders(book.read_block(layout.ORDERS)).orders]
        plan = timed("plan_confirmations + file_bytes, every shipped row unconfirmed",
                     lambda: plan_confirmations(orders, Settings(), TODAY))
        data = file_bytes(plan.lines)
        print(f"  lines {len(plan.lines)}, held back {len(plan.problems)}, {len(data):,} bytes")
        metrics = timed("update_metrics", lambda: update_metrics(book, TODAY))
        print("  " + " / ".join(metrics.lines()[:3]))
        dry = timed("purge_pii dry run", lambda: purge_pii(book, PURGE_DAY, dry_run=True))
        for day in (PARTIAL_PURGE_DAY, PURGE_DAY):
            CountingBook.writes = 0
            real = timed(f"purge_pii on {day}", lambda d=day: purge_pii(book, d, dry_run=False))
            print(f"  rows {real.count}, block writes {CountingBook.writes}")
        print(f"  (dry run counted {dry.count})")
        timed("save (with chart redraw)", lambda: book.save())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
