"""The real 2025 Amazon.co.jp unshipped-orders header (34 columns, PRODUCT.md §5): import in every
encoding a seller meets, 支払方法・代引金額・Amazonの警告, and the findings they raise."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from addin import layout
from addin.cli import main
from addin.core.codes import Finding, Severity, Status
from addin.core.model import Order, Settings, Triage
from addin.core.orders import read_orders
from addin.core.report import PAYMENT_COD, WARN_CANCEL, WARN_LATE, parse_report
from addin.core.today import today_lines
from addin.core.triage import summary_lines, triage_all, triage_order, urgency_key
from addin.xlsx.book import XlsxBook
from addin.xlsx.workbook import new_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_2025 = ROOT / "samples" / "未出荷の注文レポート_2025.txt"
SAMPLE_2025_SJIS = ROOT / "samples" / "未出荷の注文レポート_2025_sjis.txt"
HEADER_2025 = [
    "order-id", "order-item-id", "purchase-date", "payments-date", "reporting-date", "promise-date",
    "days-past-promise", "buyer-email", "buyer-name", "buyer-phone-number", "sku", "product-name",
    "quantity-purchased", "quantity-shipped", "quantity-to-ship", "ship-service-level", "recipient-name",
    "ship-address-1", "ship-address-2", "ship-address-3", "ship-city", "ship-state", "ship-postal-code",
    "ship-country", "payment-method", "cod-collectible-amount", "already-paid", "payment-method-fee",
    "scheduled-delivery-start-date", "scheduled-delivery-end-date", "points-granted", "is-prime",
    "verge-of-cancellation", "verge-of-lateShipment",
]
TODAY = date(2026, 11, 26)
COD_ORDER = "503-6021847-3359240"
WARNED_ORDER = "250-4470915-8816304"
CARD_ORDER = "249-3318264-5120631"


def _text() -> str:
    return SAMPLE_2025.read_text("utf-8")


def test_sample_has_the_real_2025_header() -> None:
    assert len(HEADER_2025) == 34
    for path, enc in ((SAMPLE_2025, "utf-8"), (SAMPLE_2025_SJIS, "cp932")):
        first = path.read_bytes().decode(enc).splitlines()[0]
        assert first.split("\t") == HEADER_2025
    assert SAMPLE_2025_SJIS.read_bytes().decode("cp932").replace("\r\n", "\n") == _text()


VARIANTS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 BOM CRLF": lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"),
    "cp932 CRLF": lambda t: t.replace("\n", "\r\n").encode("cp932"),
    "cp932 bundled": lambda t: SAMPLE_2025_SJIS.read_bytes(),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_2025_header_imports_in_every_encoding(variant: str) -> None:
    data = VARIANTS[variant](_text())
    parsed = parse_report(data, "レポート.txt")
    assert not parsed.warnings
    assert {"payment_method", "cod_amount", "amazon_warning", "delivery_request", "is_prime"} <= set(parsed.keys)
    by_item = {r["order_item_id"]: r for r in parsed.records}
    assert len(by_item) == 4
    cod = [r for r in parsed.records if r["order_id"] == COD_ORDER]
    assert [r["payment_method"] for r in cod] == [PAYMENT_COD, PAYMENT_COD]
    assert [r["cod_amount"] for r in cod] == [3630, 3630]
    assert all(r["delivery_request"] == "2026/11/29 14:00～16:00" for r in cod)
    warned = next(r for r in parsed.records if r["order_id"] == WARNED_ORDER)
    assert warned["amazon_warning"] == WARN_LATE and warned["is_prime"] == "はい"
    card = next(r for r in parsed.records if r["order_id"] == CARD_ORDER)
    assert card["payment_method"] == "Other" and card["cod_amount"] is None and card["amazon_warning"] == ""
    assert card["address2"] == "１２－３" and card["ship_by"] == date(2026, 11, 27)
    # The same records whatever the encoding.
    assert parsed.records == parse_report(VARIANTS["utf-8"](_text()), "レポート.txt").records


def test_both_warnings_are_read() -> None:
    lines = _text().splitlines()
    fields = lines[1].split("\t")
    fields[-2:] = ["TRUE", "true"]  # verge-of-cancellation, verge-of-lateShipment
    data = "\n".join([lines[0], "\t".join(fields)]).encode()
    rec = parse_report(data, "r.txt").records[0]
    assert rec["amazon_warning"] == f"{WARN_LATE}・{WARN_CANCEL}"


def test_columns_absent_from_an_older_report_are_left_alone() -> None:
    old = (ROOT / "samples" / "未出荷の注文レポート_サンプル.txt").read_bytes()
    parsed = parse_report(old, "old.txt")
    assert "payment_method" not in parsed.keys and "cod_amount" not in parsed.keys
    assert "amazon_warning" in parsed.keys  # the older sample has the verge-of columns


@pytest.fixture
def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    book = new_workbook(tmp_path / "注文.xlsm")
    assert main(["import-report", str(SAMPLE_2025_SJIS), str(book)]) == 0
    capsys.readouterr()
    return book


def test_import_fills_the_new_report_columns(imported: Path) -> None:
    table = read_orders(XlsxBook.open(imported).read_block(layout.ORDERS))
    assert len(table.orders) == 4 and all(not o.problems for o in table.orders)
    cod = [o for o in table.orders if o.order_id == COD_ORDER]
    assert all(o.payment_method == PAYMENT_COD and o.cod_amount == 3630 for o in cod)
    assert next(o for o in table.orders if o.order_id == WARNED_ORDER).amazon_warning == WARN_LATE
    for header in ("支払方法", "代引金額", "Amazonの警告"):
        assert layout.COLUMNS_BY_HEADER[header].owner is layout.Owner.REPORT


def test_findings_from_the_imported_sample(imported: Path) -> None:
    table = read_orders(XlsxBook.open(imported).read_block(layout.ORDERS))
    results = {o.order_item_id: (o, t) for o, t in
               zip(table.orders, triage_all(table.orders, Settings(), TODAY), strict=True)}
    for o, t in results.values():
        if o.order_id == COD_ORDER:
            assert Finding.CASH_ON_DELIVERY in t.findings and t.status is Status.SHIP
            assert "¥3,630" in t.action and any("¥3,630" in r for r in t.reasons)
        else:
            assert Finding.CASH_ON_DELIVERY not in t.findings and "代金引換" not in t.action
        warned = o.order_id == WARNED_ORDER
        assert (Finding.AMAZON_LATE_WARNING in t.findings) is warned
        assert Finding.AMAZON_CANCEL_WARNING not in t.findings


BASE = Order(row=5, order_id="250-0000000-0000001", order_item_id="1", ship_by=date(2026, 11, 27),
             recipient="山田 太郎", address1="千代田区千代田1-1", postcode="1000001", prefecture="東京都")


def test_new_findings_are_notes_and_never_change_the_status() -> None:
    for f in (Finding.CASH_ON_DELIVERY, Finding.AMAZON_LATE_WARNING, Finding.AMAZON_CANCEL_WARNING):
        assert f.severity is Severity.NOTE
    plain = triage_order(BASE, Settings(), TODAY)
    flagged = triage_order(replace(BASE, payment_method="COD", cod_amount=1200,
                                   amazon_warning=f"{WARN_LATE}・{WARN_CANCEL}"), Settings(), TODAY)
    assert plain.status is flagged.status is Status.SHIP
    assert set(flagged.findings) == {Finding.CASH_ON_DELIVERY, Finding.AMAZON_LATE_WARNING,
                                     Finding.AMAZON_CANCEL_WARNING}
    assert "¥1,200を回収" in flagged.action


def test_cod_with_a_mailbox_method_is_pointed_out() -> None:
    t = triage_order(replace(BASE, payment_method=PAYMENT_COD, ship_method="クリックポスト"), Settings(), TODAY)
    reason = t.reasons[t.findings.index(Finding.CASH_ON_DELIVERY)]
    assert "クリックポストは代引きできません" in reason
    assert "金額はセラーセントラル" in reason  # no amount in the report


def test_amazon_warning_sorts_first_among_the_same_deadline() -> None:
    plain = replace(BASE, row=5, ship_by=TODAY)
    warned = replace(BASE, row=9, order_id="250-0000000-0000009", ship_by=TODAY, amazon_warning=WARN_LATE)
    orders = [plain, warned]
    results = triage_all(orders, Settings(), TODAY)
    assert [t.deadline for t in results] == [TODAY, TODAY]
    ranked = sorted(range(2), key=lambda i: urgency_key(orders[i], results[i], i))
    assert ranked == [1, 0]
    lines = summary_lines(orders, results)
    assert lines.index(next(x for x in lines if "0000009" in x)) < lines.index(next(x for x in lines if "0000001" in x))
    # A nearer deadline still wins over a warning.
    earlier = replace(BASE, row=3, order_id="250-0000000-0000003", ship_by=TODAY, shipped_on=TODAY)
    later_warned = replace(warned, ship_by=date(2026, 11, 30))
    orders = [later_warned, earlier]
    results = triage_all(orders, Settings(), TODAY)
    assert sorted(range(2), key=lambda i: urgency_key(orders[i], results[i], i)) == [1, 0]


def test_cod_todo_names_the_cod_service() -> None:
    t = triage_order(replace(BASE, payment_method=PAYMENT_COD, cod_amount=980), Settings(), TODAY)
    assert t.todo.startswith("代引きで発送") and len(t.todo) <= Triage.TODO_MAX
    assert "代引き" not in triage_order(BASE, Settings(), TODAY).todo


def test_today_lines_put_amazon_warnings_first_within_a_deadline() -> None:
    plain = replace(BASE, row=5, ship_by=TODAY)
    warned = replace(BASE, row=9, order_id="250-0000000-0000009", ship_by=TODAY, amazon_warning=WARN_CANCEL)
    later = replace(BASE, row=2, order_id="250-0000000-0000002", ship_by=date(2026, 11, 30),
                    amazon_warning=WARN_LATE)
    orders = [plain, warned, later]
    lines = today_lines(orders, triage_all(orders, Settings(), TODAY))
    assert [x.order_id for x in lines] == [warned.order_id, plain.order_id, later.order_id]
