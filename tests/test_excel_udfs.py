"""The cell functions (addin.udfs): same values as the core functions, Japanese error text, the
workbook's 設定 through the calling cell, and the decorators as xlwings applies them on Windows."""

from __future__ import annotations

import importlib
import importlib.util
import io
import sys
import types
from datetime import date, datetime
from pathlib import Path

import pytest
import xlwings
from fake_xlwings import FakeBook, FakeRange, orders_book

import addin.udfs as udfs
from addin import layout
from addin.core import checks, udf_functions
from addin.core.settings import read_settings
from addin.errors import AddinError

UDFS = ("SHIP_BY", "BUSINESS_DAYS_LEFT", "ADDRESS_CHECK", "NAME_CHECK", "ORDER_STATUS")


@pytest.fixture(autouse=True)
def fresh_cache():
    udfs._settings_cache.clear()
    yield
    udfs._settings_cache.clear()


@pytest.mark.parametrize("args", [
    (datetime(2026, 4, 28, 10, 0), None),  # Golden Week: 4/29 is a holiday
    (datetime(2026, 4, 28, 15, 0), 1.0),  # after the cutoff, handling days as Excel's float
    ("2026/12/28 09:00", 3),
    (46000.5, None),  # an Excel serial number
])
def test_ship_by_equals_core(args) -> None:
    assert udfs.SHIP_BY(*args) == udf_functions.ship_by_date(*args)


@pytest.mark.parametrize("args", [
    (date(2026, 5, 7), date(2026, 5, 1)),
    (datetime(2026, 5, 7), datetime(2026, 5, 8)),
    ("2027/1/4", "2026/12/28"),
])
def test_business_days_left_equals_core(args) -> None:
    assert udfs.BUSINESS_DAYS_LEFT(*args) == udf_functions.business_days_left(*args)


@pytest.mark.parametrize(("postcode", "lines"), [
    ("1000001", ("東京都", "千代田区千代田1-1")),
    ("150-0001", ("東京都", "渋谷区神宮前", "４－１２－１０", "表参道グリーンハイツ")),
    ("1000001", ("東京都", "千代田区千代田")),
    ("9999999", ("大阪府", "大阪市北区梅田1-2-3")),
])
def test_address_check_equals_core(postcode: str, lines: tuple[str, ...]) -> None:
    assert udfs.ADDRESS_CHECK(postcode, *lines) == checks.address_finding_text(postcode, *lines)


def test_address_check_takes_ranges_blanks_and_numeric_postcodes() -> None:
    lines = ("北海道", "札幌市中央区北一条西2丁目", "1")
    expected = checks.address_finding_text("0600001", *lines)
    assert udfs.ADDRESS_CHECK(600001.0, [[*lines, None]]) == expected
    assert udfs.ADDRESS_CHECK("0600001", lines[0], None, lines[1], lines[2]) == expected


@pytest.mark.parametrize(("name", "method"), [
    ("山田 太郎", None),
    ("佐藤 美咲 午前中希望", "クリックポスト"),
    ("佐藤 美咲 午前中希望", "ゆうパック"),
    ("090-1234-5678", ""),
    (None, None),
])
def test_name_check_equals_core(name, method) -> None:
    assert udfs.NAME_CHECK(name, method) == checks.name_finding_text(name or "", method or "")


ORDERS = [
    # ship_by, purchased, shipped, confirmed, cancelled, listed, actual, stock, contacted, result,
    # support, business, today
    (date(2026, 11, 20), None, None, None, None, "", "", "", None, "", None, None, date(2026, 11, 18)),
    (date(2026, 11, 20), None, date(2026, 11, 18), None, None, "", "", "", None, "", None, None,
     date(2026, 11, 18)),
    (date(2026, 11, 20), None, None, None, None, "非常に良い", "可", "", date(2026, 11, 16), "送信エラー",
     None, None, date(2026, 11, 18)),
    (date(2026, 11, 20), None, None, None, None, "", "", "欠品", None, "", None, "はい", date(2026, 11, 18)),
    ("2026/11/16", None, None, None, None, "", "", "", None, "", None, None, "2026/11/18"),
    ("あした", None, None, None, None, "", "", "", None, "", None, None, date(2026, 11, 18)),
]


@pytest.mark.parametrize("fields", ORDERS)
@pytest.mark.parametrize("as_code", [False, True])
def test_order_status_equals_core(fields, as_code: bool) -> None:
    assert udfs.ORDER_STATUS(*fields, as_code) == udf_functions.order_status(*fields, as_code=as_code)


def test_errors_come_back_as_japanese_text() -> None:
    with pytest.raises(AddinError) as e:
        udf_functions.ship_by_date(None)
    assert udfs.SHIP_BY(None) == "エラー: " + e.value.message
    assert udfs.BUSINESS_DAYS_LEFT("そのうち").startswith("エラー: 期限")


def caller_in(book: FakeBook) -> FakeRange:
    return FakeRange(book._sheet(layout.ORDERS), 5, 3, 5, 3)


def test_date_functions_use_the_workbook_settings() -> None:
    book = orders_book(1)
    sheet = book._sheet(layout.SETTINGS)
    row = next(r for (r, c), v in sheet._cells.items() if c == 1 and sheet._get(r, 1) == "営業する曜日")
    sheet._cells[(row, 2)] = "月火水木金土"
    settings = read_settings([[sheet._get(r, c) for c in range(1, 4)] for r in range(1, 20)])
    friday = datetime(2026, 11, 20, 10, 0)
    with_caller = udfs.SHIP_BY(friday, None, caller_in(book))
    assert with_caller == udf_functions.ship_by_date(friday, None, settings)
    assert with_caller != udf_functions.ship_by_date(friday)  # Saturday counts here
    assert udfs.BUSINESS_DAYS_LEFT(date(2026, 11, 23), date(2026, 11, 20), caller_in(book)) == \
        udf_functions.business_days_left(date(2026, 11, 23), date(2026, 11, 20), settings)
    status = udfs.ORDER_STATUS(date(2026, 11, 21), *[None] * 11, None, False, caller_in(book))
    assert status == udf_functions.order_status(date(2026, 11, 21), settings=settings)


def test_settings_are_read_once_per_recalculation() -> None:
    book = orders_book(1)
    for _ in range(50):
        udfs.SHIP_BY(datetime(2026, 11, 20, 10, 0), None, caller_in(book))
    assert book._app._calls["Range.value"] == 1


def test_bad_setting_is_reported_in_the_cell() -> None:
    book = orders_book(1)
    sheet = book._sheet(layout.SETTINGS)
    row = next(r for (r, c), v in sheet._cells.items() if c == 1 and sheet._get(r, 1) == "営業する曜日")
    sheet._cells[(row, 2)] = "毎日"
    got = udfs.SHIP_BY(datetime(2026, 11, 20, 10, 0), None, caller_in(book))
    assert got.startswith("エラー: ") and "設定" in got


def test_no_settings_sheet_means_defaults() -> None:
    book = FakeBook("/tmp/x.xlsm", [layout.ORDERS])
    friday = datetime(2026, 11, 20, 10, 0)
    assert udfs.SHIP_BY(friday, None, caller_in(book)) == udf_functions.ship_by_date(friday)


# --- the decorators as xlwings applies them on Windows ----------------------------------------

@pytest.fixture
def windows_udfs(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """xlwings.udfs (Windows-only: imports pywin32) with pywin32 stubbed out, so its real
    decorators and VBA generator run here."""
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    sys.modules["win32com.client"].Dispatch = lambda *a, **k: None  # type: ignore[attr-defined]
    sys.modules["pywintypes"].com_error = Exception  # type: ignore[attr-defined]
    sys.modules["pythoncom"].CoInitialize = lambda: None  # type: ignore[attr-defined]
    monkeypatch.delitem(sys.modules, "xlwings.udfs", raising=False)
    monkeypatch.setattr(xlwings, "udfs", None, raising=False)
    real = importlib.import_module("xlwings.udfs")
    monkeypatch.setattr(xlwings, "func", real.xlfunc)
    monkeypatch.setattr(xlwings, "arg", real.xlarg)
    monkeypatch.setattr(xlwings, "ret", real.xlret)
    spec = importlib.util.spec_from_file_location("addin_udfs_on_windows", udfs.__file__)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module, real
    monkeypatch.delitem(sys.modules, "xlwings.udfs", raising=False)


def test_windows_decorators_accept_every_udf(windows_udfs) -> None:
    module, _ = windows_udfs
    exported = sorted(n for n in dir(module) if hasattr(getattr(module, n), "__xlfunc__"))
    assert exported == sorted(UDFS)
    for name in UDFS:
        info = getattr(module, name).__xlfunc__
        assert info["category"] == udfs.CATEGORY
        assert info["ret"]["doc"] == getattr(udfs, name).__doc__  # the wizard's description
        for arg in info["args"]:
            assert arg["options"] == {}, (name, arg)  # no converter from an annotation
            if arg["name"] != "caller":
                assert not arg["doc"].startswith("Positional argument"), (name, arg["name"])
    assert module.ADDRESS_CHECK.__xlfunc__["args"][1]["vararg"] is True


def test_generated_vba_wrappers_are_ascii(windows_udfs) -> None:
    module, real = windows_udfs
    out = io.StringIO()
    real.generate_vba_wrapper("addin.udfs", module, out, types.SimpleNamespace(Name="注文.xlsm"))
    vba = out.getvalue()
    vba.encode("ascii")  # the import goes through a file in the system code page
    for name in UDFS:
        assert f"Function {name}(" in vba
    assert "Function ADDRESS_CHECK(postcode, ParamArray lines())" in vba
    assert "Optional handling_days" in vba


def test_udf_module_is_in_xlwings_conf() -> None:
    from addin.excel_conf import UDF_MODULE, conf_rows

    assert udfs.__name__ == UDF_MODULE
    assert ("UDF Modules", "addin.udfs") in conf_rows()
    assert Path(udfs.__file__).name == "udfs.py"
