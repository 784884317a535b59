"""The shipping round trip on a saved workbook (issue 20): label-file → carrier export →
import-tracking → confirm-file → processing report → confirm-result."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from helpers import fill_orders, first_row, header_columns

from addin import layout
from addin.cli import main
from addin.core.labels import b2cloud, clickpost
from addin.core.labels.amazon_result import read_upload
from addin.core.labels.fields import problems_in, read_back
from addin.core.labels.samples import issued_export, processing_report, valid_number

TODAY = "2026-12-07"
SETTINGS = {"依頼主名": "テスト商店", "依頼主郵便番号": "530-0001", "依頼主住所": "大阪府大阪市北区梅田1-1-1",
            "依頼主電話番号": "06-0000-0000", "B2請求先顧客コード": "012345678901"}


def _row(n: int, method: str, **kw: object) -> dict[str, object]:
    row: dict[str, object] = dict(
        order_id=f"503-{1000000 + n:07d}-{2000000 + n:07d}", order_item_id=f"{40000 + n}",
        purchased_at=datetime(2026, 12, 5, 10), ship_by=date(2026, 12, 9), quantity=1, product_name="本",
        recipient=f"山田 太郎{n}", postcode="100-0001", prefecture="東京都", address1="千代田区千代田",
        address2="1-1", phone="090-1234-5678", ship_method=method)
    row.update(kw)
    return row


@pytest.fixture
def book(workbook: Path) -> Path:
    rows = [_row(n, "クリックポスト") for n in range(41)]
    rows += [_row(100, "宅急便"), _row(101, "ネコポス"), _row(102, "佐川急便")]
    rows.append(_row(103, "クリックポスト", stock="欠品"))  # BLOCKS: refused by row
    fill_orders(workbook, rows, SETTINGS)
    return workbook


def _column(path: Path, header: str) -> list[tuple[object, str]]:
    ws = openpyxl.load_workbook(path, keep_vba=True)[layout.ORDERS]
    col = header_columns(ws)[header]
    return [(ws.cell(row=r, column=col).value, ws.cell(row=r, column=col).data_type)
            for r in range(first_row(), first_row() + 45)]


def test_label_files_split_refuse_and_parse_back(book: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = book.read_bytes()
    assert main(["label-file", str(book), "clickpost", str(tmp_path / "cp.csv"), "--today", TODAY]) == 0
    out = capsys.readouterr().out
    files = [tmp_path / "cp_1.csv", tmp_path / "cp_2.csv"]
    records = [read_back(clickpost.LAYOUT, f.read_bytes()) for f in files]
    assert [len(r) for r in records] == [40, 1]
    assert all(problems_in(clickpost.LAYOUT, r) == [] for r in records)
    assert f"{first_row() + 44}行目" in out and "在庫が欠品" in out
    assert book.read_bytes() == before  # the book is not changed
    assert main(["label-file", str(book), "b2cloud", str(tmp_path / "b2.csv"), "--today", TODAY]) == 0
    b2 = read_back(b2cloud.LAYOUT, (tmp_path / "b2.csv").read_bytes())
    assert [r[1] for r in b2] == ["0", "A"] and problems_in(b2cloud.LAYOUT, b2) == []
    assert main(["label-file", str(book), "yupack", str(tmp_path / "yp.csv")]) == 1
    assert "フィルタ" in capsys.readouterr().err


def test_blank_b2_setting_is_named(workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill_orders(workbook, [_row(1, "宅急便")], {**SETTINGS, "B2請求先顧客コード": None})
    assert main(["label-file", str(workbook), "b2cloud", str(tmp_path / "b2.csv"), "--today", TODAY]) == 1
    assert "「B2請求先顧客コード」" in capsys.readouterr().err and not (tmp_path / "b2.csv").exists()


def test_round_trip_to_confirmation_dates(book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A number the seller typed by hand stays; the conflict is listed.
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb[layout.ORDERS]
    ws.cell(row=first_row(), column=header_columns(ws)["追跡番号"], value=valid_number(5))
    wb.save(book)
    assert main(["label-file", str(book), "clickpost", str(tmp_path / "cp.csv"), "--today", TODAY]) == 0
    export = tmp_path / "history.csv"
    export.write_bytes(issued_export("clickpost", [(tmp_path / f"cp_{i}.csv").read_bytes() for i in (1, 2)],
                                     2000, date(2026, 12, 7)))
    capsys.readouterr()
    assert main(["import-tracking", str(book), str(export), "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "「追跡番号」を40行に記入" in out and "書き込まなかった行" in out
    tracking = _column(book, "追跡番号")
    assert tracking[0] == (valid_number(5), "s")  # kept
    assert tracking[1] == (valid_number(2001), "s")  # text, the 12 digits intact
    shipped = _column(book, "発送日")
    assert isinstance(shipped[1][0], datetime) and shipped[1][0].date() == date(2026, 12, 7)
    assert shipped[0][0] is None  # the conflicting row is left alone

    upload = tmp_path / "出荷通知.txt"
    assert main(["confirm-file", str(book), str(upload), "--today", TODAY]) == 0
    lines = read_upload(upload.read_bytes())
    assert len(lines) == 40
    bad = lines[7]
    report = tmp_path / "report.txt"
    report.write_bytes(processing_report(len(lines), [(8, bad.order_id, bad.order_item_id, "99042",
                                                       "The carrier-code field contains an invalid value.")]))
    capsys.readouterr()
    assert main(["confirm-result", str(book), str(upload), str(report), "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "39行の「出荷通知日」" in out and bad.order_id in out and "配送業者コード" in out
    confirmed = _column(book, "出荷通知日")
    ids = _column(book, "注文番号")
    marked = {oid for (oid, _), (v, _) in zip(ids, confirmed, strict=True) if v is not None}
    assert marked == {x.order_id for x in lines} - {bad.order_id}
    # a report of another upload is refused before anything is written
    report.write_bytes(processing_report(3, []))
    assert main(["confirm-result", str(book), str(upload), str(report), "--today", TODAY]) == 1
    assert "別のファイル" in capsys.readouterr().err


def test_code_settings_are_text_cells_in_the_template(workbook: Path) -> None:
    from addin.core.settings import TEXT_LABELS

    ws = openpyxl.load_workbook(workbook, keep_vba=True)[layout.SETTINGS]
    formats = {row[0].value: row[1].number_format for row in ws.iter_rows(min_row=2)}
    assert {label: formats[label] for label in TEXT_LABELS} == dict.fromkeys(TEXT_LABELS, "@")
