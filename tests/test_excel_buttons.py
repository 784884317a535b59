"""The button entry points (addin.excel.*) end to end against the fake xlwings: Excel's settings
during a run, message boxes instead of tracebacks, dialogs, files next to the workbook."""

from __future__ import annotations

import re
import subprocess
import types
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import xlwings
from fake_xlwings import FakeBook, Formula, Text, load_xlsx, orders_book, put
from helpers import fill_orders

import addin.excel
from addin import layout
from addin.errors import UserError
from addin.excel import dialogs
from addin.excel.session import Session, alert_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "未出荷の注文レポート_サンプル.txt"


@pytest.fixture
def as_caller(monkeypatch: pytest.MonkeyPatch):
    """Make `xw.Book.caller()` return a fake book, as RunPython would return the real one."""

    def use(book: FakeBook) -> FakeBook:
        FakeBook._caller = book
        monkeypatch.setattr(xlwings.Book, "caller", FakeBook.caller)
        return book

    yield use
    FakeBook._caller = None


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "sys", types.SimpleNamespace(platform="win32"))


def restored(book: FakeBook) -> bool:
    app = book._app
    return app._screen_updating is True and app._calculation == "automatic" and app._status_bar is False


def only_alert(book: FakeBook) -> dict[str, object]:
    assert len(book._app._alerts) == 1, book._app._alerts
    return book._app._alerts[0]


# --- triage: settings, summary, errors ---------------------------------------------------------

def test_triage_button_writes_and_summarises(tmp_path: Path, as_caller) -> None:
    book = as_caller(orders_book(20, str(tmp_path / "注文.xlsm")))
    addin.excel.triage()
    alert = only_alert(book)
    assert alert["mode"] == "info" and "注文 20件" in str(alert["prompt"])
    assert alert["screen_updating"] is True  # shown after Excel's settings came back
    assert restored(book)
    # During the run: screen off, manual calculation, then back.
    assert book._app._state_log[:2] == [("screen_updating", False), ("calculation", "manual")]
    assert any(str(s).startswith("トリアージ: ") for s in book._app._status_history)
    header = [book._sheet(layout.ORDERS)._get(layout.ORDERS_HEADER_ROW, c) for c in range(1, 60)]
    status_col = header.index("ステータス") + 1
    assert book._sheet(layout.ORDERS)._get(layout.ORDERS_HEADER_ROW + 1, status_col)


def button_calls(n: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    book = orders_book(n)
    FakeBook._caller = book
    monkeypatch.setattr(xlwings.Book, "caller", FakeBook.caller)
    try:
        addin.excel.triage()
    finally:
        FakeBook._caller = None
    return dict(book._app._calls)


def test_whole_button_calls_do_not_grow_with_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    small, large = button_calls(10, monkeypatch), button_calls(10_000, monkeypatch)
    assert small == large
    # Excel's settings (3 properties: read, set, restore), caller/app, summary box, the triage
    # (with 文面 read and 連絡文 rebuilt).
    assert sum(large.values()) <= 52, large


def test_user_error_is_a_message_box(tmp_path: Path, as_caller) -> None:
    book = as_caller(FakeBook(str(tmp_path / "注文.xlsm"), [layout.SETTINGS]))
    addin.excel.triage()
    alert = only_alert(book)
    assert alert["mode"] == "critical" and "注文" in str(alert["prompt"])
    assert restored(book)


def test_unexpected_error_shows_only_its_kind(tmp_path: Path, as_caller,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(book, today=None):
        book.read_block(layout.ORDERS)
        raise KeyError("山田 太郎 東京都千代田区1-1")

    monkeypatch.delenv("ADDIN_DEBUG", raising=False)
    monkeypatch.setattr("addin.ops.triage.triage_book", broken)
    book = as_caller(orders_book(3, str(tmp_path / "注文.xlsm")))
    addin.excel.triage()  # no exception reaches RunPython (no traceback dialog)
    prompt = str(only_alert(book)["prompt"])
    assert "KeyError" in prompt and "山田" not in prompt and "千代田" not in prompt
    assert restored(book)


def test_debug_lets_the_traceback_through(as_caller, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADDIN_DEBUG", "1")
    monkeypatch.setattr("addin.ops.triage.triage_book", lambda book, today=None: 1 / 0)
    book = as_caller(orders_book(1))
    with pytest.raises(ZeroDivisionError):
        addin.excel.triage()
    assert restored(book)


def test_alert_text_is_bounded() -> None:
    text = alert_text([f"行 {i}" for i in range(100)])
    assert text.count("\n") < 25 and text.endswith("…ほか 82 行")


def test_folder_refuses_unsaved_and_online_books(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="保存されていません"):
        Session(FakeBook("Book1", []), "x").folder()
    with pytest.raises(UserError, match="OneDrive"):
        Session(FakeBook("https://d.docs.live.net/abc/注文.xlsm", []), "x").folder()
    assert Session(FakeBook(str(tmp_path / "a.xlsm"), []), "x").folder() == tmp_path


# --- dialogs -----------------------------------------------------------------------------------

def test_windows_dialog_answers() -> None:
    book = FakeBook("/tmp/a.xlsm", [])
    api = book._app._api
    for answer, expected in [
        (False, []),
        ("C:\\r\\a.txt", [Path("C:\\r\\a.txt")]),
        (("C:\\r\\a.txt", "C:\\r\\b.txt"), [Path("C:\\r\\a.txt"), Path("C:\\r\\b.txt")]),
    ]:
        api._open_answer = answer
        assert dialogs.pick_files(book._app, "選んで", multi=True, platform="win32") == expected
    assert api._open_calls[-1][2] == "選んで" and api._open_calls[-1][4] is True


def test_mac_dialog_uses_osascript_and_handles_cancel() -> None:
    seen: list[list[str]] = []

    def run(argv, **kw):
        seen.append(argv)
        return subprocess.CompletedProcess(argv, 0, "/Users/a/r 1.txt\n/Users/a/r2.txt\n", "")

    got = dialogs.pick_files(None, "選んで", multi=True, platform="darwin", run=run)
    assert got == [Path("/Users/a/r 1.txt"), Path("/Users/a/r2.txt")]
    assert seen[0][0] == "osascript" and seen[0][-2:] == ["選んで", "1"]

    def cancelled(argv, **kw):
        return subprocess.CompletedProcess(argv, 1, "", "execution error: User canceled. (-128)")

    assert dialogs.pick_files(None, "x", multi=False, platform="darwin", run=cancelled) == []

    def broken(argv, **kw):
        raise FileNotFoundError("osascript")

    with pytest.raises(UserError, match="addin import-report"):
        dialogs.pick_files(None, "x", multi=False, platform="darwin", run=broken)


def test_other_systems_have_no_dialog() -> None:
    with pytest.raises(UserError):
        dialogs.pick_files(None, "x", multi=True, platform="linux")


# --- import ------------------------------------------------------------------------------------

def test_import_cancelled_does_nothing(workbook: Path, as_caller, windows) -> None:
    book = as_caller(load_xlsx(workbook))
    before = dict(book._sheet(layout.ORDERS)._cells)
    book._app._api._open_answer = False
    addin.excel.import_report()
    assert book._app._alerts == []
    assert book._sheet(layout.ORDERS)._cells == before
    assert book._app._state_log == []  # Excel's settings were never touched


def test_import_report_through_excel(workbook: Path, as_caller, windows) -> None:
    book = as_caller(load_xlsx(workbook))
    book._app._api._open_answer = (str(SAMPLE),)
    addin.excel.import_report()
    alert = only_alert(book)
    assert alert["mode"] == "info", alert
    assert "件追加" in str(alert["prompt"]) and "トリアージ" in str(alert["prompt"])
    sheet = book._sheet(layout.ORDERS)
    first = layout.ORDERS_HEADER_ROW + 1
    assert sheet._get(first, 1) == "250-7463539-0531538"  # order id stays text
    assert not any(isinstance(v, Formula) for v in sheet._cells.values())
    assert restored(book)


def test_imported_address_lines_stay_text(workbook: Path, as_caller, windows) -> None:
    book = as_caller(load_xlsx(workbook))
    book._app._api._open_answer = (str(SAMPLE),)
    addin.excel.import_report()
    sheet = book._sheet(layout.ORDERS)
    header = {sheet._get(layout.ORDERS_HEADER_ROW, c): c for c in range(1, 60)}
    for name in ("住所1", "住所2", "住所3", "受取人", "郵便番号", "電話番号"):
        col = header[name]
        for (r, c), v in sheet._cells.items():
            if c == col and r > layout.ORDERS_HEADER_ROW:
                assert isinstance(v, (str, Text)), (name, r, v)


# --- letters -----------------------------------------------------------------------------------

def letters_book(workbook: Path) -> FakeBook:
    fill_orders(workbook, [{
        "order_id": f"250-0000000-000000{i}", "order_item_id": f"4000000000000{i}",
        "purchased_at": "2026-11-16 10:00", "ship_by": date(2026, 11, 19), "product_name": "古本",
        "quantity": 1, "recipient": "=1+1" if i == 0 else "山田 太郎", "postcode": "1000001",
        "prefecture": "東京都", "address1": "千代田区千代田1-1", "ship_method": "クリックポスト",
        "listed_condition": "非常に良い", "actual_condition": "良い", "condition_memo": "書き込みあり",
        "contacted_on": date(2026, 11, 16), "contact_result": "送信エラー",
    } for i in range(3)], settings={"ショップ名": "古本屋テスト", "今日の日付（確認用）": date(2026, 11, 18)})
    return load_xlsx(workbook)


def test_letters_then_print(workbook: Path, as_caller) -> None:
    book = as_caller(letters_book(workbook))
    addin.excel.triage()
    addin.excel.make_letters()
    letters = book._sheet(layout.LETTERS)
    last = chr(64 + layout.LETTER_COLS)
    assert letters._print_area == f"$A$1:${last}${3 * layout.LETTER_ROWS}", book._app._alerts
    texts = [v for (_, c), v in letters._cells.items() if c == 1]
    assert any("=1+1" in str(t) for t in texts)  # buyer text printed literally, never a formula
    assert not any(isinstance(v, Formula) for v in letters._cells.values())
    addin.excel.print_letters()
    pdf = letters._pdfs[-1]
    assert pdf["show"] is True and pdf["print_area"] == letters._print_area
    assert re.fullmatch(r"手紙_\d{8}-\d{4}\.pdf", Path(str(pdf["path"])).name)
    assert Path(str(pdf["path"])).parent == workbook.parent
    assert "3 ページ" in str(book._app._alerts[-1]["prompt"])


def test_print_without_letters_says_what_to_do(workbook: Path, as_caller) -> None:
    book = as_caller(load_xlsx(workbook))
    book._sheet(layout.LETTERS)._print_area = None
    addin.excel.print_letters()
    alert = only_alert(book)
    assert alert["mode"] == "critical" and "手紙作成" in str(alert["prompt"])
    assert book._sheet(layout.LETTERS)._pdfs == []


# --- after shipping ----------------------------------------------------------------------------

def shipped_book(workbook: Path, shipped: date, today: date) -> FakeBook:
    fill_orders(workbook, [{
        "order_id": f"250-0000000-100000{i}", "order_item_id": f"5000000000000{i}",
        "purchased_at": "2026-11-16 10:00", "ship_by": date(2026, 11, 19), "quantity": 1, "price": 1200,
        "buyer_name": "山田 太郎", "recipient": "山田 太郎", "postcode": "1000001", "prefecture": "東京都",
        "address1": "千代田区千代田1-1", "phone": "0312345678", "ship_method": "クリックポスト",
        "shipped_on": shipped, "tracking_number": f"12345678901{i}",
    } for i in range(2)], settings={"今日の日付（確認用）": today})
    return load_xlsx(workbook)


def test_confirm_file_is_written_next_to_the_workbook(workbook: Path, as_caller) -> None:
    book = as_caller(shipped_book(workbook, date(2026, 11, 17), date(2026, 11, 18)))
    addin.excel.confirm_file()
    files = list(workbook.parent.glob("出荷通知_*.txt"))
    assert len(files) == 1 and re.fullmatch(r"出荷通知_\d{8}-\d{4}\.txt", files[0].name)
    data = files[0].read_bytes()
    assert data.startswith(b"TemplateType=OrderFulfillment")
    assert b"250-0000000-1000000" in data
    assert files[0].name in str(only_alert(book)["prompt"])


def test_no_confirm_file_when_nothing_to_confirm(workbook: Path, as_caller) -> None:
    book = as_caller(load_xlsx(workbook))
    addin.excel.confirm_file()
    assert list(workbook.parent.glob("出荷通知_*.txt")) == []
    assert only_alert(book)["mode"] == "info"


def test_mark_confirmed_from_the_uploaded_file(workbook: Path, as_caller, windows) -> None:
    book = as_caller(shipped_book(workbook, date(2026, 11, 17), date(2026, 11, 18)))
    addin.excel.confirm_file()
    uploaded = next(workbook.parent.glob("出荷通知_*.txt"))
    book._app._alerts.clear()
    book._app._api._open_answer = str(uploaded)
    addin.excel.mark_confirmed()
    assert book._app._api._open_calls[-1][4] is False  # one file
    sheet = book._sheet(layout.ORDERS)
    header = [sheet._get(layout.ORDERS_HEADER_ROW, c) for c in range(1, 60)]
    col = header.index("出荷通知日") + 1
    first = layout.ORDERS_HEADER_ROW + 1
    assert [sheet._get(first + i, col) for i in range(2)] == [date(2026, 11, 18)] * 2 or \
        [sheet._get(first + i, col).date() for i in range(2)] == [date(2026, 11, 18)] * 2
    assert "2行" in str(only_alert(book)["prompt"])


def test_metrics_adds_the_sheet_when_missing(workbook: Path, as_caller) -> None:
    book = shipped_book(workbook, date(2026, 11, 17), date(2026, 11, 18))
    del book._sheets[layout.METRICS]
    as_caller(book)
    addin.excel.metrics()
    assert list(book._sheets).index(layout.METRICS) == list(book._sheets).index(layout.XLWINGS_CONF) - 1
    assert book._sheet(layout.METRICS)._cells
    assert only_alert(book)["mode"] == "info"


def test_purge_asks_first_and_cancel_changes_nothing(workbook: Path, as_caller) -> None:
    book = as_caller(shipped_book(workbook, date(2026, 10, 1), date(2026, 11, 18)))
    before = dict(book._sheet(layout.ORDERS)._cells)
    book._app._answers = ["cancel"]
    addin.excel.purge_pii()
    ask, done = book._app._alerts
    assert ask["buttons"] == "ok_cancel" and "2 件" in str(ask["prompt"])
    assert "山田" not in str(ask["prompt"])
    assert "何も変更していません" in str(done["prompt"])
    assert book._sheet(layout.ORDERS)._cells == before and book._saved == 0


def test_purge_clears_saves_and_removes_backups(workbook: Path, as_caller) -> None:
    book = as_caller(shipped_book(workbook, date(2026, 10, 1), date(2026, 11, 18)))
    backups = workbook.parent / ".addin-backup"
    backups.mkdir()
    old = backups / f"{workbook.stem}.20261001-000000-000000{workbook.suffix}"
    old.write_bytes(b"old")
    book._app._answers = ["ok"]
    addin.excel.purge_pii()
    cells = book._sheet(layout.ORDERS)._cells
    assert not any(v == "山田 太郎" or getattr(v, "text", None) == "山田 太郎" for v in cells.values())
    assert any(getattr(v, "text", None) == "250-0000000-1000000" for v in cells.values())
    assert book._saved == 1 and not old.exists()
    assert "上書き保存" in str(book._app._alerts[-1]["prompt"])


def test_purge_with_nothing_to_do_does_not_ask(workbook: Path, as_caller) -> None:
    book = as_caller(shipped_book(workbook, date(2026, 11, 17), date(2026, 11, 18)))
    addin.excel.purge_pii()
    assert only_alert(book)["buttons"] == "ok" and book._saved == 0


def test_purge_resumed_without_rows_still_clears_letters_and_backups(workbook: Path, as_caller) -> None:
    """An earlier purge blanked the rows but stopped before the rest: the button finishes it."""
    book = as_caller(shipped_book(workbook, date(2026, 10, 1), date(2026, 11, 18)))
    book._app._answers = ["ok"]
    addin.excel.purge_pii()  # blanks the rows
    book._app._alerts.clear()
    letters = book._sheet(layout.LETTERS)
    letters._set(1, 1, [["山田 太郎 様"], ["ご注文番号：250-0000000-1000000"]])
    backups = workbook.parent / ".addin-backup"
    backups.mkdir(exist_ok=True)
    old = backups / f"{workbook.stem}.20261001-000000-000000{workbook.suffix}"
    old.write_bytes(b"old")
    saved = book._saved
    addin.excel.purge_pii()
    assert only_alert(book)["buttons"] == "ok"  # nothing to confirm: no row left to blank
    assert not letters._cells and not old.exists() and book._saved == saved + 1


def test_every_button_restores_excel_after_a_user_error(tmp_path: Path, as_caller, windows) -> None:
    for name in ("triage", "make_letters", "metrics", "purge_pii", "confirm_file", "print_letters"):
        book = as_caller(FakeBook(str(tmp_path / "注文.xlsm"), ["設定"]))
        put(book._sheet("設定"), 1, 1, [["項目", "値"]])
        getattr(addin.excel, name)()
        alert = only_alert(book)
        assert alert["mode"] == "critical", (name, alert)
        assert restored(book), name
        assert Counter(k for k, _ in book._app._state_log)["screen_updating"] in (0, 2), name
