"""Label files (issue 20): every file is read back with its layout table; widths and encoding hold."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from addin.core.codes import Finding, Status
from addin.core.labels import b2cloud, clickpost, ehiden3
from addin.core.labels.fields import (
    ENCODING,
    FORMULA_START,
    field_problem,
    problems_in,
    read_back,
    to_zenkaku,
    width,
)
from addin.core.labels.rules import (
    Sender,
    b2_key,
    build_labels,
    clickpost_token,
    delivery,
    ehiden_key,
    honorific,
    split_address,
)
from addin.core.model import Order, Triage
from addin.errors import DomainError

DAY = date(2026, 12, 7)
SAMPLES = Path(__file__).parent / "data" / "label_formats"
SENDER = Sender("テスト商店", "530-0001", "大阪府大阪市北区梅田１－１－１", "06-0000-0000", "012345678901", "01")


def order(n: int, method: str = "クリックポスト", **kw: object) -> Order:
    base = dict(row=n + 1, order_id=f"503-{1000000 + n:07d}-{2000000 + n:07d}", order_item_id=f"{40000 + n}",
                product_name="古本 よくわかるPython入門", quantity=1, recipient="山田 太郎", postcode="100-0001",
                prefecture="東京都", address1="千代田区千代田", address2="1-1-1", address3="テストビル101",
                phone="090-1234-5678", ship_method=method)
    base.update(kw)
    return Order(**base)  # type: ignore[arg-type]


@dataclass(frozen=True)
class CodOrder(Order):
    """An order with the 代引金額 the formats work adds to Order (issue 17)."""

    cod_amount: int | None = None


def ok(status: Status = Status.SHIP, findings: tuple[Finding, ...] = ()) -> Triage:
    return Triage(status, "", DAY, 1, findings)


def check_file(layout, data: bytes) -> list[tuple[str, ...]]:
    data.decode(ENCODING)  # cp932 throughout
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    records = read_back(layout, data)
    assert problems_in(layout, records) == []
    for rec in records:
        for fld, value in zip(layout.fields, rec, strict=True):
            assert width(value) <= fld.width or (not fld.width and value == "")
            assert not value.startswith(FORMULA_START)
    return records


def test_layout_tables_have_the_documented_column_counts() -> None:
    assert len(clickpost.LAYOUT.fields) == 8
    assert len(b2cloud.LAYOUT.fields) == 97
    assert len(ehiden3.LAYOUT.fields) == 74
    # The research samples (repo copies): same header names and column counts.
    b2 = (SAMPLES / "b2cloud_import.csv").read_bytes().decode(ENCODING).splitlines()
    assert tuple(b2[0].split(",")) == b2cloud.LAYOUT.names and len(b2[1].split(",")) == 97
    cp = (SAMPLES / "clickpost_matome.csv").read_bytes().decode(ENCODING).splitlines()
    assert tuple(cp[0].split(",")) == clickpost.LAYOUT.names
    eh = (SAMPLES / "ehiden3_okurijo_import_noheader.csv").read_bytes().decode(ENCODING).splitlines()
    assert len(eh[0].split(",")) == 74


def test_41_click_post_orders_make_two_files() -> None:
    entries = [(order(n), ok()) for n in range(41)]
    run = build_labels("clickpost", entries, Sender(), DAY)
    files = run.files()
    assert len(files) == 2
    first, second = (check_file(clickpost.LAYOUT, f) for f in files)
    assert (len(first), len(second)) == (40, 1)
    rec = first[0]
    assert rec[0] == "1000001" and rec[1] == "山田 太郎" and rec[2] == "様"
    assert rec[3:7] == ("東京都千代田区千代田1-1-1 テストビル101", "", "", "")
    assert rec[7].endswith(clickpost_token(entries[0][0].order_id))


def test_ready_rules_and_blocks_are_refused_by_row() -> None:
    entries = [
        (order(1), ok(Status.SHIP)),
        (order(2), ok(Status.SHIP_WITH_LETTER)),
        (order(3), ok(Status.LATE)),
        (order(4), ok(Status.LATE, (Finding.OUT_OF_STOCK,))),
        (order(5), ok(Status.CONTACT_BUYER)),
        (order(6, shipped_on=DAY), ok(Status.SHIP)),
        (order(7, method="宅急便"), ok(Status.SHIP)),
    ]
    run = build_labels("clickpost", entries, Sender(), DAY)
    assert [x.rows for x in run.labels] == [(2,), (3,), (4,)]
    assert [r.rows for r in run.refused] == [(5,)] and "在庫が欠品" in run.refused[0].text()
    assert run.not_ready == [(6, "要連絡")]


def test_an_address_that_does_not_fit_is_refused_never_cut() -> None:
    long = order(1, address3="グランドメゾンスーパーロングネームタワーレジデンス東棟" * 3 + "1201号室")
    run = build_labels("clickpost", [(long, ok())], Sender(), DAY)
    assert not run.labels and "住所が長すぎ" in run.refused[0].text() and "2行目" in run.refused[0].text()
    longname = order(2, recipient="山田" * 21)
    run = build_labels("clickpost", [(longname, ok())], Sender(), DAY)
    assert not run.labels and "お届け先氏名" in run.refused[0].text()


def test_split_never_breaks_a_banchi() -> None:
    parts = ["東京都", "千代田区千代田一番町", "12-345-6789", "テストマンション101"]
    for widths in ([40] * 4, [24, 24, 24, 24], [20, 20, 20, 20, 20]):
        lines = split_address(parts, widths)
        assert lines is not None
        assert sum("12-345-6789" in x for x in lines) == 1, lines
        assert all(width(x) <= w for x, w in zip(lines, widths, strict=False))
    assert split_address(["東京都千代田区", "1丁目2番3号"], [14, 14]) == ["東京都千代田区", "1丁目2番3号"]
    assert split_address(["x" * 10, "12345678901-2"], [10, 10]) is None  # the 番地 alone is too wide


def test_honorific_and_formula_escape() -> None:
    assert honorific("株式会社テスト") == "御中"
    assert honorific("株式会社テスト 山田太郎") == "様"
    assert honorific("山田 太郎 様") == "様"
    evil = order(1, recipient="=HYPERLINK(1)", address3="@SUM(1)", product_name="+cmd")
    run = build_labels("clickpost", [(evil, ok())], Sender(), DAY)
    (rec,) = check_file(clickpost.LAYOUT, run.files()[0])
    assert rec[1] == "\u3000=HYPERLINK(1)"
    assert all(not c.startswith(FORMULA_START) for c in rec)
    comma = order(2, address3="ビル,101\"号")
    run = build_labels("ehiden3", [(replace(comma, ship_method="佐川急便"), ok())], SENDER, DAY)
    (rec,) = check_file(ehiden3.LAYOUT, run.files()[0])
    assert "，" in "".join(rec) and '"' not in "".join(rec)


def test_b2cloud_file_types_cod_and_time_slot() -> None:
    plain = order(1, method="宅急便", delivery_request="2026/12/09 14:00～16:00")
    morning = order(2, method="宅急便コンパクト", delivery_request="2026/12/09 8:00～12:00")
    neko = order(3, method="ネコポス", delivery_request="2026/12/09 14:00～16:00")
    cod = CodOrder(**{k: getattr(order(4, method="宅急便"), k) for k in ("row", "order_id", "recipient", "postcode",
                   "prefecture", "address1", "address2", "phone", "ship_method", "product_name")}, cod_amount=3300)
    run = build_labels("b2cloud", [(plain, ok()), (morning, ok()), (neko, ok()), (cod, ok())], SENDER, DAY)
    assert not run.refused, [r.text() for r in run.refused]
    records = check_file(b2cloud.LAYOUT, run.files()[0])
    ix = b2cloud.LAYOUT.index
    assert [r[ix("送り状種類")] for r in records] == ["0", "8", "A", "2"]
    assert records[3][ix("コレクト代金引換額（税込）")] == "3300" and records[3][ix("コレクト内消費税額等")] == "300"
    assert [r[ix("配達時間帯")] for r in records][:3] == ["1416", "0812", ""]
    assert records[0][ix("お届け予定（指定）日")] == "2026/12/09"
    assert records[0][ix("お客様管理番号")] == b2_key(plain.order_id) == "50310000012000001"
    assert records[0][ix("出荷予定日")] == "2026/12/07"
    assert records[0][ix("ご請求先顧客コード")] == "012345678901" and records[0][ix("運賃管理番号")] == "01"
    assert records[0][ix("お届け先郵便番号")] == "100-0001"


def test_b2cloud_time_slot_it_cannot_meet_is_refused() -> None:
    o = order(1, method="宅急便", delivery_request="2026/12/09 12:00～14:00")
    run = build_labels("b2cloud", [(o, ok())], SENDER, DAY)
    assert not run.labels and "配達時間帯がありません" in run.refused[0].text()
    assert delivery("2026/12/09 8:00～21:00", b2cloud.TIME_SLOTS, DAY, "x").code == ""
    assert delivery("2026/12/09 14:00～18:00", b2cloud.TIME_SLOTS, DAY, "x").code == "1416"
    assert delivery("午前中希望", ehiden3.TIME_SLOTS, DAY, "x").code == "01"


def test_blank_setting_refuses_the_file_naming_the_row() -> None:
    o = order(1, method="宅急便")
    with pytest.raises(DomainError, match="「B2請求先顧客コード」"):
        build_labels("b2cloud", [(o, ok())], replace(SENDER, b2_customer_code=""), DAY)
    with pytest.raises(DomainError, match="「依頼主電話番号」"):
        build_labels("b2cloud", [(o, ok())], replace(SENDER, phone=" "), DAY)
    # no Yamato order: no file, no refusal
    assert build_labels("b2cloud", [(order(2), ok())], Sender(), DAY).labels == []


def test_ehiden3_full_width_fields_and_key() -> None:
    o = order(1, method="佐川急便", address2="1-1-1", delivery_request="2026/12/09 19:00～21:00")
    run = build_labels("ehiden3", [(o, ok())], SENDER, DAY)
    (rec,) = check_file(ehiden3.LAYOUT, run.files()[0])
    ix = ehiden3.LAYOUT.index
    assert rec[ix("お客様管理番号")] == ehiden_key(o.order_id) == "10000012000001"
    assert rec[ix("お届け先住所1")].startswith("東京都") and "１－１－１" in "".join(rec[4:7])
    assert rec[ix("配達指定時間帯")] == "19" and rec[ix("配達日")] == "20261209"
    assert rec[ix("出荷日")] == "20261207"
    assert to_zenkaku("ｶﾞA 1") == "ガＡ\u3000１"


def test_multi_item_order_is_one_label() -> None:
    a = order(1)
    b = replace(order(2), order_id=a.order_id, product_name="CD")
    run = build_labels("clickpost", [(a, ok()), (b, ok())], Sender(), DAY)
    assert [x.rows for x in run.labels] == [(2, 3)]
    assert "他1点" in run.labels[0].record[7]


def test_yupack_says_why_not() -> None:
    with pytest.raises(DomainError, match="フィルタ"):
        build_labels("yupack", [], Sender(), DAY)


def test_unencodable_character_is_refused() -> None:
    o = order(1, recipient="𠮷田 花子")
    run = build_labels("clickpost", [(o, ok())], Sender(), DAY)
    assert "𠮷" in run.refused[0].text()
    assert field_problem(clickpost.LAYOUT.fields[1], "𠮷") is not None
