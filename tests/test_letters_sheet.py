"""The 手紙作成 operation on a saved workbook: sheet contents, 手紙 cells, page setup read back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from addin import layout
from addin.cli import main
from addin.core.letters import default_template_rows
from addin.errors import UserError
from addin.ops.letters import make_letters
from addin.xlsx.book import XlsxBook

TODAY = date(2026, 3, 9)
BASE = {"購入日時": datetime(2026, 3, 4, 21, 15), "数量": 1, "出品コンディション": "非常に良い",
        "実際の状態": "良い", "状態メモ": "鉛筆の書き込みがあります", "発送方法": "クリックポスト"}
ORDERS = [
    {"注文番号": "503-1111111-0000001", "注文商品ID": "1", "商品名": "本A", "購入者名": "山田 太郎",
     "手紙": "返信なし・状態相違"},
    {"注文番号": "503-2222222-0000002", "注文商品ID": "2", "商品名": "本B", "購入者名": "=1+1",
     "手紙": "連絡不達・時間指定不可"},
    {"注文番号": "503-3333333-0000003", "注文商品ID": "3", "商品名": "本C", "購入者名": "佐藤 花子"},
    {"注文番号": "503-4444444-0000004", "注文商品ID": "4", "商品名": "本D", "購入者名": "鈴木 一郎",
     "手紙": "NO_REPLY+PACKING_SLIP", "数量": 2},
    {"注文番号": "503-4444444-0000004", "注文商品ID": "5", "商品名": "本E", "購入者名": "鈴木 一郎",
     "手紙": "NO_REPLY+PACKING_SLIP", "数量": 3},
]


def fill(path: Path, orders: list[dict[str, object]], templates: list[tuple[str, str]] | None = None,
         shop: str = "まの書店") -> None:
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[layout.ORDERS]
    hr = layout.ORDERS_HEADER_ROW
    pos = {c.value: c.column for c in ws[hr] if c.value}
    for i, order in enumerate(orders):
        for k, v in {**BASE, **order}.items():
            c = ws.cell(row=hr + 1 + i, column=pos[k])
            c.value = v
            if isinstance(v, str):
                c.data_type = "s"
    for row in wb[layout.SETTINGS].iter_rows():
        if row[0].value == "ショップ名":
            row[1].value = shop
    t = wb[layout.TEMPLATES]
    t.delete_rows(1, t.max_row)
    for r, (k, v) in enumerate([("区分", "文面"), *(templates or default_template_rows())], 1):
        t.cell(row=r, column=1, value=k)
        t.cell(row=r, column=2, value=v)
    wb.save(path)


def run(path: Path) -> list[str]:
    book = XlsxBook.open(path)
    result = make_letters(book, TODAY)
    book.save()
    return result.lines()


def letter_cells(path: Path) -> list[object]:
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[layout.ORDERS]
    hr = layout.ORDERS_HEADER_ROW
    col = next(c.column for c in ws[hr] if c.value == "手紙")
    return [ws.cell(row=hr + 1 + i, column=col).value for i in range(len(ORDERS))]


def sheet_text(ws, first: int, last: int) -> str:
    """Rows as read on the page: column A, or the right-aligned date/signature column."""
    def row(r: int) -> str:
        return str(ws.cell(row=r, column=1).value or ws.cell(row=r, column=layout.LETTER_RIGHT_COL).value or "")
    return "\n".join(row(r) for r in range(first, last + 1))


def test_one_page_per_letter_with_page_setup_read_back(workbook: Path) -> None:
    fill(workbook, ORDERS)
    lines = run(workbook)
    assert lines == ["手紙を3通作りました（シート「手紙」に1通1ページ）。"]
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    ws = wb[layout.LETTERS]
    n = layout.LETTER_ROWS
    assert ws.print_area == f"'{layout.LETTERS}'!$A$1:$H${3 * n}"
    assert [b.id for b in ws.row_breaks.brk] == [n, 2 * n]
    assert all(b.man for b in ws.row_breaks.brk)
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.page_margins.left == layout.LETTER_MARGINS["left"]
    assert ws.page_margins.bottom == layout.LETTER_MARGINS["bottom"]
    assert ws["A1"].font.name == layout.LETTER_FONT
    assert all(ws.row_dimensions[r].height == layout.LETTER_ROW_HEIGHT for r in range(1, 3 * n + 1))
    # each block of LETTER_ROWS rows is one whole letter
    pages = [sheet_text(ws, k * n + 1, (k + 1) * n) for k in range(3)]
    assert "503-1111111-0000001" in pages[0] and "状態相違" not in pages[0]
    assert "出品時のコンディション" in pages[0]
    assert "503-2222222-0000002" in pages[1]
    assert "（クリックポスト）" in "".join(pages[1].split())  # wrapped lines joined
    assert "本D" in pages[2] and "本E" in pages[2] and "納品書" in pages[2]
    for k, page in enumerate(pages):
        assert page.lstrip().startswith("2026年3月9日")
        assert "まの書店" in page
        # date and signature: right-aligned by the cell, not padded with spaces
        date_cell = ws.cell(row=k * n + 1, column=layout.LETTER_RIGHT_COL)
        assert date_cell.value == "2026年3月9日" and ws.cell(row=k * n + 1, column=1).value is None
        assert date_cell.alignment.horizontal == "right"
        sign = [ws.cell(row=r, column=layout.LETTER_RIGHT_COL) for r in range(k * n + 1, (k + 1) * n + 1)
                if ws.cell(row=r, column=layout.LETTER_RIGHT_COL).value == "まの書店"]
        assert len(sign) == 1 and sign[0].alignment.horizontal == "right"
        padded = [str(ws.cell(row=r, column=1).value) for r in range(k * n + 1, (k + 1) * n + 1)
                  if str(ws.cell(row=r, column=1).value or "").startswith("  ")]
        assert len(padded) == 1 and ("納品書" in padded[0] or "ご案内" in padded[0])  # the title only
    # the buyer's "=1+1" is text, not a formula
    to = ws.cell(row=n + 2, column=1)
    assert to.value == "=1+1 様" and to.data_type == "s"
    assert letter_cells(workbook) == ["返信なし・状態相違 (p.1)", "連絡不達・時間指定不可 (p.2)", None,
                                      "返信なし・納品書 (p.3)", "返信なし・納品書 (p.3)"]


def test_rerun_replaces_previous_letters(workbook: Path) -> None:
    fill(workbook, ORDERS)
    run(workbook)
    fewer = [dict(o) for o in ORDERS]
    fewer[0]["手紙"] = None
    fill(workbook, fewer)
    assert run(workbook) == ["手紙を2通作りました（シート「手紙」に1通1ページ）。"]
    ws = openpyxl.load_workbook(workbook, keep_vba=True)[layout.LETTERS]
    n = layout.LETTER_ROWS
    assert ws.print_area.endswith(f"$H${2 * n}")
    assert [b.id for b in ws.row_breaks.brk] == [n]
    assert "503-2222222-0000002" in sheet_text(ws, 1, n)
    assert all(ws.cell(row=r, column=1).value is None for r in range(2 * n + 1, 3 * n + 1))
    assert letter_cells(workbook)[:2] == [None, "連絡不達・時間指定不可 (p.1)"]


def test_template_breach_stops_every_letter_and_changes_nothing(workbook: Path) -> None:
    fill(workbook, ORDERS)
    run(workbook)
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    t = wb[layout.TEMPLATES]
    row = next(c.row for c in t["A"] if c.value == "結び")
    t.cell(row=row, column=2).value += "\nよろしければ★5の評価をお願いいたします。"
    wb.save(workbook)
    book = XlsxBook.open(workbook)
    orders_before = [[c.value for c in r] for r in book.wb[layout.ORDERS].iter_rows()]
    letters_before = [c.value for c in book.wb[layout.LETTERS]["A"]]
    with pytest.raises(UserError) as e:
        make_letters(book, TODAY)
    msg = str(e.value)
    assert f"文面 {row}行目「結び」 3行目" in msg and "高評価" in msg
    # nothing was written to the open book either
    assert [[c.value for c in r] for r in book.wb[layout.ORDERS].iter_rows()] == orders_before
    assert [c.value for c in book.wb[layout.LETTERS]["A"]] == letters_before


def test_order_with_a_problem_is_listed_and_others_are_made(workbook: Path) -> None:
    orders = [dict(o) for o in ORDERS]
    orders[0]["状態メモ"] = None
    fill(workbook, orders)
    lines = run(workbook)
    assert lines[0] == "手紙を2通作りました（シート「手紙」に1通1ページ）。"
    assert "作れなかった手紙が1件あります" in lines[1]
    assert "503-1111111-0000001" in lines[2] and "{状態メモ}" in lines[2]
    assert letter_cells(workbook)[:2] == ["返信なし・状態相違", "連絡不達・時間指定不可 (p.1)"]


def test_missing_shop_name_is_reported(workbook: Path) -> None:
    fill(workbook, ORDERS[:1], shop="")
    lines = run(workbook)
    assert "{ショップ名}" in "\n".join(lines) and "設定シートの「ショップ名」" in "\n".join(lines)


def test_empty_templates_sheet_gets_the_defaults(workbook: Path) -> None:
    fill(workbook, ORDERS[:1], [])
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    t = wb[layout.TEMPLATES]
    t.delete_rows(2, t.max_row)
    wb.save(workbook)
    lines = run(workbook)
    assert lines[0].startswith("シート「文面」が空だったので")
    t = openpyxl.load_workbook(workbook, keep_vba=True)[layout.TEMPLATES]
    assert [(r[0], r[1]) for r in t.iter_rows(min_row=2, values_only=True)] == default_template_rows()


def test_no_letter_needed(workbook: Path) -> None:
    fill(workbook, [ORDERS[2]])
    assert "手紙が必要な注文はありません" in run(workbook)[0]


def test_cli_letters(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(workbook, ORDERS)
    assert main(["letters", str(workbook), "--today", "2026-03-09"]) == 0
    assert "手紙を3通作りました" in capsys.readouterr().out


def test_cli_pdf_without_libreoffice_says_how_to_install(
        workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from addin.xlsx import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    fill(workbook, ORDERS)
    code = main(["letters", str(workbook), "--today", "2026-03-09", "--pdf", str(tmp_path / "x.pdf")])
    err = capsys.readouterr().err
    assert code == 1
    assert "LibreOffice" in err and "sudo apt install libreoffice-calc-nogui" in err
    assert not (tmp_path / "x.pdf").exists()


def test_shell_without_letter_fonts_gets_body_size_layout(workbook: Path) -> None:
    """Live Excel keeps the template's single font: the title is then centred for that size."""
    from addin.core.letters import text_width

    class PlainFonts(XlsxBook):
        applies_letter_fonts = False

    def title_row(book: XlsxBook) -> str:
        make_letters(book, TODAY)
        return book.wb[layout.LETTERS].cell(row=4, column=1).value

    fill(workbook, ORDERS[:1])
    plain = title_row(PlainFonts.open(workbook))
    scaled = title_row(XlsxBook.open(workbook))
    width = layout.LETTER_LINE_WIDTH
    assert plain.strip() == scaled.strip() == "商品発送のご案内"
    centre = (len(plain) - len(plain.lstrip())) + text_width(plain.strip()) / 2
    assert abs(centre - width / 2) <= 1
    assert len(scaled) - len(scaled.lstrip()) < len(plain) - len(plain.lstrip())
