"""`addin letters --pdf` through LibreOffice: exactly one A4 page per letter."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_letters_sheet import ORDERS, fill

from addin.cli import main

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice (soffice) が未インストール")

ORDER_IDS = ["503-1111111-0000001", "503-2222222-0000002", "503-4444444-0000004"]


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            w, _, h = line.split("size:")[1].split()[:3]
            sizes.append((float(w), float(h)))
    return sizes


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils が未インストール")
def test_three_letters_make_three_a4_pages(workbook: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    fill(workbook, ORDERS)
    out = tmp_path / "手紙.pdf"
    assert main(["letters", str(workbook), "--today", "2026-03-09", "--pdf", str(out)]) == 0
    assert f"PDF を作りました: {out}" in capsys.readouterr().out
    sizes = page_sizes(out)
    assert len(sizes) == 3
    for w, h in sizes:  # A4 portrait in points
        assert abs(w - 595.3) < 1 and abs(h - 841.9) < 1
    pages = pdf_pages(out)
    assert len(pages) == 3
    for page, order_id in zip(pages, ORDER_IDS, strict=True):
        assert order_id in page
        assert sum(other in page for other in ORDER_IDS) == 1
        assert "まの書店" in page and "出品者に連絡" in page
    assert "=1+1 様" in pages[1]
    # no temporary copy (it holds buyer names) is left next to the workbook or the PDF
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["手紙.pdf",
                                                                                         "注文.xlsm"]
