"""Tracking numbers back and Amazon's processing report (issue 20)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from addin.core.labels.amazon_result import advice, plan_result, read_report
from addin.core.labels.rules import Sender, build_labels
from addin.core.labels.samples import issued_export, processing_report, valid_number
from addin.core.labels.tracking import number_problem, plan_tracking, read_export
from addin.core.shipping import ConfirmLine, file_bytes
from addin.errors import DomainError
from tests.test_labels import DAY, SAMPLES, SENDER, ok, order

SHIPPED = date(2026, 12, 8)


@pytest.mark.parametrize("fmt,method,sender", [("b2cloud", "宅急便", SENDER), ("ehiden3", "佐川急便", SENDER),
                                               ("clickpost", "クリックポスト", Sender())])
def test_numbers_written_to_a_carrier_export_come_back_to_the_right_rows(fmt: str, method: str,
                                                                        sender: Sender) -> None:
    orders = [order(n, method=method) for n in range(45)]
    # Two items of one order: both rows get the number.
    orders.append(replace(order(99, method=method), order_id=orders[3].order_id, row=200))
    run = build_labels(fmt, [(o, ok()) for o in orders], sender, DAY)
    assert len(run.labels) == 45 and not run.refused
    export = issued_export(fmt, run.files(), 1000, SHIPPED)
    plan = plan_tracking(export, orders, DAY)
    assert plan.source.key == fmt
    assert not (plan.conflicts or plan.ambiguous or plan.unmatched or plan.invalid)
    got = {f.row: f for f in plan.fills}
    assert len(got) == 46
    numbers = {lab.order_id: valid_number(1000 + i) for i, lab in enumerate(run.labels)}
    for o in orders:
        f = got[o.row]
        assert f.tracking == numbers[o.order_id] and isinstance(f.tracking, str) and len(f.tracking) == 12
        assert f.shipped == (DAY if fmt == "b2cloud" else SHIPPED)  # B2 gives back our 出荷予定日


def test_conflicts_and_existing_numbers_are_listed_never_overwritten() -> None:
    orders = [order(n, method="宅急便") for n in range(3)]
    run = build_labels("b2cloud", [(o, ok()) for o in orders], SENDER, DAY)
    export = issued_export("b2cloud", run.files(), 500, SHIPPED)
    orders[0] = replace(orders[0], tracking_number=valid_number(7))  # a different number typed by hand
    orders[1] = replace(orders[1], tracking_number=valid_number(501), shipped_on=DAY)  # this very number
    plan = plan_tracking(export, orders, DAY)
    assert [f.row for f in plan.fills] == [orders[2].row]
    assert plan.already == 1
    assert len(plan.conflicts) == 1 and f"{orders[0].row}行目" in plan.conflicts[0]


def test_ambiguous_name_match_is_refused() -> None:
    a = order(1)
    b = replace(order(2), recipient="山田 太郎")  # same postcode and name, both open
    export = ("お問い合わせ番号,お届け先氏名,郵便番号,内容品\r\n"
              f"{valid_number(42)},山田　太郎,1000001,本\r\n").encode("cp932")
    plan = plan_tracking(export, [a, b], DAY)
    assert not plan.fills and len(plan.ambiguous) == 1
    # once one of them has its number, the other is the only open one
    plan = plan_tracking(export, [replace(a, tracking_number=valid_number(9)), b], DAY)
    assert [f.row for f in plan.fills] == [b.row]


def test_number_validation() -> None:
    assert number_problem(valid_number(123), "ヤマト運輸") is None
    assert number_problem("444413758703", "ヤマト運輸") is None  # shipping-jp-js README sample numbers
    assert number_problem("512547514334", "佐川急便") is None
    assert number_problem("405548424886", "日本郵便") is None
    assert "チェック" in (number_problem("999999999999", "x") or "")
    assert "12桁" in (number_problem("12345", "x") or "")
    src, lines = read_export((SAMPLES / "b2cloud_issued_export_SYNTHETIC.csv").read_bytes())
    assert src.key == "b2cloud" and lines[0].number == "999999999999"
    plan = plan_tracking((SAMPLES / "b2cloud_issued_export_SYNTHETIC.csv").read_bytes(), [], DAY)
    assert len(plan.invalid) == 1  # the research sample's 999999999999 fails the 7DR check
    src, lines = read_export((SAMPLES / "ehiden3_shukka_rireki_export_SYNTHETIC.csv").read_bytes())
    assert src.key == "ehiden3" and lines[0].key == "0001" and lines[0].postcode == "1000001"
    with pytest.raises(DomainError, match="見出し"):
        read_export(b"a,b\r\n1,2\r\n")


def _upload(n: int) -> tuple[bytes, list[ConfirmLine]]:
    lines = [ConfirmLine(n + 2, f"503-{1000000 + i:07d}-{2000000 + i:07d}", f"{40000 + i}", 1, DAY, "Yamato Transport",
                         "ヤマト運輸", valid_number(i), "宅急便") for i in range(n)]
    return file_bytes(lines), lines


def test_a_report_with_one_error_marks_every_other_row() -> None:
    data, lines = _upload(5)
    bad = lines[2]
    report = processing_report(5, [(3, bad.order_id, bad.order_item_id, "25", "carrier-code is invalid")])
    plan = plan_result(data, report)
    assert plan.accepted == [(x.order_id, x.order_item_id) for x in lines if x is not bad]
    assert len(plan.errors) == 1 and bad.order_id in plan.errors[0] and "配送業者コード" in plan.errors[0]
    assert not plan.notes


def test_report_warnings_confirm_and_the_wrong_report_is_refused() -> None:
    data, lines = _upload(2)
    sample = (SAMPLES / "amazon_processing_report_SHAPE_SYNTHETIC.txt").read_bytes()
    assert read_report(sample).processed == 2 and read_report(sample).successful == 1
    warn = ("Feed Processing Summary:\n\tNumber of records processed\t\t2\n\tNumber of records successful\t\t2\n\n"
            "original-record-number\torder-id\torder-item-id\terror-code\terror-type\terror-message\n"
            f"1\t{lines[0].order_id}\t{lines[0].order_item_id}\t99\tWarning\t"
            "ship-methodの項目が記入されていないか入力内容が無効です。\n").encode("cp932")
    plan = plan_result(data, warn)
    assert len(plan.accepted) == 2 and len(plan.warnings) == 1 and not plan.errors
    with pytest.raises(DomainError, match="別のファイル"):
        plan_result(data, processing_report(3, []))
    with pytest.raises(DomainError, match="ありません"):
        plan_result(data, processing_report(2, [(1, "999-0000000-0000000", "1", "1", "x")]))
    assert "キャンセル" in advice("Order cannot be fulfilled. For more information, please contact Seller Support.")
