"""The whole benchmark in one run: every file operation against openpyxl's own floor.

Usage: python benchmarks/run.py [SIZE ...]        (default: 1000 10000 100000)

For each size it generates an order workbook with that many rows of history and a report of that
many new orders, then runs each operation as the seller would (`addin …` in a fresh process) and
openpyxl's bare load+save of the same input workbook, and prints wall time, peak memory (max RSS
of the process) and the ratios. Also: the core triage cost per order against openpyxl's load cost
per row, and the xlwings shell's cross-application calls of one triage (fake Excel, see
tests/fake_xlwings.py).
"""

from __future__ import annotations

import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from generate import HISTORY_START, make_report, make_workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "tests"))  # fake_xlwings, the test double of Excel

TODAY = "2026-11-26"
LETTERS = 1000

# Each child prints {"wall": s, "rss": bytes}: time measured inside, around the whole job; peak
# memory from VmHWM (ru_maxrss would carry over the parent's high-water mark through fork+exec).
CHILD = r"""
import json, re, sys, time
t = time.perf_counter()
{body}
hwm = int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read()).group(1)) * 1024
print(json.dumps({{"wall": time.perf_counter() - t, "rss": hwm}}))
"""
FLOOR = """
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1], keep_vba=True)
wb.save(sys.argv[2])
"""
LOAD_ONLY = """
import openpyxl
openpyxl.load_workbook(sys.argv[1], keep_vba=True)
"""
CLI = """
from addin.cli import main
code = main(sys.argv[1:])
assert code == 0, code
"""


def child(body: str, *args: str, quiet: bool = True) -> dict[str, float]:
    code = CHILD.format(body=body.strip())
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        raise SystemExit(f"benchmark step failed: {args}\n{r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def cli(*args: str) -> dict[str, float]:
    return child(CLI, *args)


def with_letter_kinds(src: Path, dst: Path, n: int) -> Path:
    """A copy where the first `n` open orders carry a letter kind, as triage would leave them."""
    from addin import layout
    from addin.xlsx.book import XlsxBook

    shutil.copy(src, dst)
    book = XlsxBook.open(dst)
    block = book.read_block(layout.ORDERS)
    head = layout.find_header_row(block)
    assert head is not None
    col = layout.header_positions(block[head])["手紙"]
    rows = [["返信なし・状態相違"]] * n
    book.write_block(layout.ORDERS, head + 2, col + 1, rows, [layout.Kind.TEXT])
    book.save()
    return dst


def core_us_per_order(workbook: Path) -> tuple[float, int]:
    from addin import layout
    from addin.core.orders import read_orders
    from addin.core.settings import read_settings
    from addin.core.triage import triage_all
    from addin.xlsx.book import XlsxBook

    book = XlsxBook.open(workbook)
    settings = read_settings(book.read_block(layout.SETTINGS))
    orders = read_orders(book.read_block(layout.ORDERS)).orders
    triage_all(orders[:200], settings, date.fromisoformat(TODAY))  # warm-up (postcode data, calendar)
    t = time.perf_counter()
    triage_all(orders, settings, date.fromisoformat(TODAY))
    return (time.perf_counter() - t) / len(orders) * 1e6, len(orders)


def xlwings_calls(n: int) -> int:
    from fake_xlwings import orders_book

    from addin.excel.session import Session
    from addin.ops.triage import triage_book

    book = orders_book(n)
    session = Session(book, "トリアージ")
    with session.busy():
        before = Counter(book._app._calls)
        triage_book(session.port)
        return sum((Counter(book._app._calls) - before).values())


def run(n: int, tmp: Path) -> list[str]:
    wb = make_workbook(tmp / f"wb{n}.xlsm", n)
    # The seller downloads the report again: the workbook's orders plus 2 % new ones.
    report = make_report(tmp / f"report{n}.txt", n, seed=2, start=HISTORY_START, new_share=0.02)
    out = tmp / "out.xlsm"
    floor = child(FLOOR, str(wb), str(out))
    load = child(LOAD_ONLY, str(wb))
    rows: list[tuple[str, dict[str, float]]] = []

    def op(name: str, *args: str, source: Path = wb) -> None:
        target = tmp / f"op{n}.xlsm"
        shutil.copy(source, target)
        rows.append((name, cli(*[a.replace("{wb}", str(target)) for a in args])))

    op("import", "import-report", str(report), "{wb}")
    op("triage", "triage", "{wb}", "--today", TODAY)
    letters_wb = with_letter_kinds(wb, tmp / f"letters{n}.xlsm", min(LETTERS, n))
    letters_floor = child(FLOOR, str(letters_wb), str(out))
    op("letters", "letters", "{wb}", "--today", TODAY, source=letters_wb)
    op("confirm-file", "confirm-file", "{wb}", str(tmp / "confirm.txt"), "--today", TODAY)
    op("purge", "purge-pii", "{wb}", "--today", TODAY)
    core_us, count = core_us_per_order(wb)
    load_us_per_row = load["wall"] / n * 1e6
    lines = [f"## {n:,} orders (workbook {wb.stat().st_size / 1e6:.1f} MB)",
             f"openpyxl floor (load+save): {floor['wall']:.2f} s, {floor['rss'] / 2**20:.0f} MiB",
             "| operation | wall s | ratio to floor | peak MiB | memory ratio |",
             "|---|---:|---:|---:|---:|"]
    for name, m in rows:
        base = letters_floor if name == "letters" else floor
        lines.append(f"| {name} | {m['wall']:.2f} | {m['wall'] / base['wall']:.2f}× | {m['rss'] / 2**20:.0f} | "
                     f"{m['rss'] / base['rss']:.2f}× |")
    lines.append(f"core triage: {core_us:.1f} µs/order ({count:,} orders); openpyxl load: {load_us_per_row:.1f} µs/row "
                 f"→ core/load = 1/{load_us_per_row / core_us:.1f}")
    lines.append(f"xlwings calls of one triage: {xlwings_calls(n)}")
    return lines


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10_000, 100_000]
    print(f"machine: {platform.machine()}, {platform.processor() or '?'}, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            for line in run(n, Path(d)):
                print(line, flush=True)
            print(flush=True)


if __name__ == "__main__":
    main()
