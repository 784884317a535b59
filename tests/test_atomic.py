import os
from pathlib import Path

import pytest

from addin import files, layout
from addin.errors import UserError
from addin.layout import Kind
from addin.xlsx.book import XlsxBook


def test_failure_mid_save_leaves_original_identical(workbook, monkeypatch):
    before = workbook.read_bytes()
    book = XlsxBook.open(workbook)
    book.write_block(layout.ORDERS, 5, 1, [["X"]], [Kind.ID])

    real_save = book.wb.save

    def broken_save(target):
        real_save(target)
        Path(target).write_bytes(Path(target).read_bytes()[:1000])  # half written …
        raise OSError("disk full")  # … then the crash

    monkeypatch.setattr(book.wb, "save", broken_save)
    with pytest.raises(OSError):
        book.save()
    assert workbook.read_bytes() == before
    assert not [p for p in workbook.parent.iterdir() if ".tmp" in p.name]


def test_replace_failure_leaves_original(workbook, monkeypatch):
    before = workbook.read_bytes()
    book = XlsxBook.open(workbook)
    book.write_block(layout.ORDERS, 5, 1, [["X"]], [Kind.ID])

    def fail(*a, **k):
        raise OSError("rename failed")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        book.save()
    assert workbook.read_bytes() == before


def test_save_keeps_backup_of_previous(workbook):
    before = workbook.read_bytes()
    book = XlsxBook.open(workbook)
    book.write_block(layout.ORDERS, 5, 1, [["X"]], [Kind.ID])
    book.save()
    backups = files.backups_of(workbook)
    assert len(backups) == 1 and backups[0].read_bytes() == before
    assert workbook.read_bytes() != before
    for i in range(5):
        book = XlsxBook.open(workbook)
        book.write_block(layout.ORDERS, 5, 1, [[f"X{i}"]], [Kind.ID])
        book.save()
    assert len(files.backups_of(workbook)) == files.KEEP_BACKUPS


@pytest.mark.parametrize("lock", ["~$注文.xlsm", ".~lock.注文.xlsm#"])
def test_open_workbook_is_not_overwritten(workbook, lock):
    (workbook.parent / lock).write_text("x")
    before = workbook.read_bytes()
    book = XlsxBook.open(workbook)
    book.write_block(layout.ORDERS, 5, 1, [["X"]], [Kind.ID])
    with pytest.raises(UserError, match="開かれています"):
        book.save()
    assert workbook.read_bytes() == before
