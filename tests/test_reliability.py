"""Issue 13: the data-loss and privacy holes found by attacking the command line, each closed.

Concurrency tests run real parallel processes; crash tests kill real processes with SIGKILL."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from test_report import ORDER_COLUMNS, SAMPLE_UTF8, UNSHIPPED_COLUMNS, report, row

from addin import cells, files, layout
from addin.cli import main
from addin.core.recipient import name_findings
from addin.errors import UserError
from addin.layout import Kind
from addin.xlsx import book as xbook
from addin.xlsx.book import XlsxBook

ADDIN = [sys.executable, "-m", "addin"]
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def cli(*args: object, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ADDIN, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env=ENV)


def recipients(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path, keep_vba=True)[layout.ORDERS]
    col = next(c.column for c in ws[layout.ORDERS_HEADER_ROW] if c.value == "受取人")
    return [str(ws.cell(r, col).value) for r in range(layout.ORDERS_HEADER_ROW + 1, ws.max_row + 1)
            if ws.cell(r, col).value]


def order_ids(path: Path) -> set[str]:
    ws = openpyxl.load_workbook(path, keep_vba=True)[layout.ORDERS]
    col = next(c.column for c in ws[layout.ORDERS_HEADER_ROW] if c.value == "注文番号")
    return {str(ws.cell(r, col).value) for r in range(layout.ORDERS_HEADER_ROW + 1, ws.max_row + 1)
            if ws.cell(r, col).value}


def write_report(path: Path, n: int, first: int = 1, **over: str) -> Path:
    rows = [row(**{"order-id": f"250-{first + i:07d}-0000001", "order-item-id": f"{first + i:014d}",
                   **over}) for i in range(n)]
    path.write_bytes(report(rows))
    return path


# --- 1. characters XML 1.0 cannot hold --------------------------------------------------------


@pytest.mark.parametrize("bad", ["\ufffe", "\uffff", "\ud800", "\x01"])
def test_unstorable_characters_are_dropped_where_text_enters_cells(bad: str) -> None:
    assert cells.stored_value(f"山田{bad}太郎", Kind.TEXT) == "山田太郎"
    assert cells.excel_input(f"山田{bad}", Kind.TEXT) == "'山田"


def test_ufffe_in_buyer_name_keeps_the_workbook_readable(workbook: Path, tmp_path: Path) -> None:
    rep = write_report(tmp_path / "r.txt", 1, **{"recipient-name": "山田\ufffe花子\uffff",
                                                 "ship-address-2": "メゾン\ufffe101"})
    assert cli("import-report", rep, workbook).returncode == 0
    assert recipients(workbook) == ["山田花子"]  # loads: valid XML
    done = cli("triage", workbook, "--today", "2026-11-25")  # later commands still work
    assert done.returncode == 0, done.stderr
    assert cli("purge-pii", workbook, "--days", "0", "--today", "2027-06-01").returncode == 0


# --- 2. one command at a time; a save never overwrites someone else's ------------------------


def test_two_imports_at_once_lose_no_orders(workbook: Path, tmp_path: Path) -> None:
    for rnd in range(4):
        a = write_report(tmp_path / f"a{rnd}.txt", 40, first=1000 * rnd + 1)
        b = write_report(tmp_path / f"b{rnd}.txt", 40, first=1000 * rnd + 500)
        procs = [subprocess.Popen([*ADDIN, "import-report", str(r), str(workbook)], env=ENV,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for r in (a, b)]
        results = [(p.wait(120), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
        ids = order_ids(workbook)
        for (code, err), r in zip(results, (a, b), strict=True):
            first = 1000 * rnd + (1 if r is a else 500)
            wanted = {f"250-{first + i:07d}-0000001" for i in range(40)}
            if code == 0:
                assert wanted <= ids, "a command said it imported orders that are not in the book"
            else:
                assert "使用中" in err, err
                assert cli("import-report", r, workbook).returncode == 0  # retried: now it works
                assert wanted <= order_ids(workbook)


CHILD_SAVE_LATE = r"""
import sys, time
from pathlib import Path
from addin import layout
from addin.cli import main
from addin.layout import Kind
import addin.xlsx.book as xb

real = xb.XlsxBook.save
def slow_save(self, target=None):
    print("read", flush=True)
    sys.stdin.readline()  # the parent changes the file meanwhile
    return real(self, target)
xb.XlsxBook.save = slow_save
sys.exit(main(["triage", sys.argv[1], "--today", "2026-11-25"]))
"""


def test_save_by_someone_else_during_a_command_is_not_overwritten(workbook: Path) -> None:
    assert cli("import-report", SAMPLE_UTF8, workbook).returncode == 0
    child = subprocess.Popen([sys.executable, "-c", CHILD_SAVE_LATE, str(workbook)], env=ENV,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    assert child.stdout and child.stdout.readline().strip() == "read"
    # Excel / a sync client saves the book (atomically, as they do) while triage is working
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    wb[layout.ORDERS]["A1"] = "販売者の変更"
    other = workbook.with_name("other.xlsm")
    wb.save(other)
    os.replace(other, workbook)
    theirs = workbook.read_bytes()
    _, err = child.communicate("\n", timeout=120)
    assert child.returncode == 1
    assert "別のプログラム" in err and "保存をやめました" in err
    assert workbook.read_bytes() == theirs


HOLD_LOCK = r"""
import sys, time
from pathlib import Path
from addin.files import command_lock
with command_lock([Path(sys.argv[1])]):
    print("locked", flush=True)
    time.sleep(120)
"""


def test_lock_refuses_a_second_command_and_a_killed_holder_leaves_no_stale_lock(workbook: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(workbook)], stdout=subprocess.PIPE,
                              text=True, env=ENV)
    assert holder.stdout and holder.stdout.readline().strip() == "locked"
    before = workbook.read_bytes()
    busy = cli("import-report", SAMPLE_UTF8, workbook)
    assert busy.returncode == 1 and "使用中" in busy.stderr and str(holder.pid) in busy.stderr
    assert workbook.read_bytes() == before
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert files.command_lock_path(workbook).exists()  # left behind by the killed run …
    done = cli("import-report", SAMPLE_UTF8, workbook)  # … and recognised as stale at once
    assert done.returncode == 0, done.stderr
    assert not files.command_lock_path(workbook).exists()


# --- 4. literal file names --------------------------------------------------------------------


def test_workbook_name_with_brackets_finds_its_backups(tmp_path: Path, workbook: Path) -> None:
    book = tmp_path / "注文[1].xlsm"
    workbook.rename(book)
    for i in range(5):
        b = XlsxBook.open(book)
        b.write_block(layout.ORDERS, 5, 1, [[f"X{i}"]], [Kind.ID])
        b.save()
    assert len(files.backups_of(book)) == files.KEEP_BACKUPS  # rotated, not accumulating
    assert files.purge_backups(book) == files.KEEP_BACKUPS
    assert not files.backup_dir(book).exists()


# --- 6. mode and owner ------------------------------------------------------------------------


def test_save_keeps_the_file_mode(workbook: Path) -> None:
    workbook.chmod(0o600)
    assert cli("import-report", SAMPLE_UTF8, workbook).returncode == 0
    assert stat.S_IMODE(workbook.stat().st_mode) == 0o600


# --- 9. hostile workbooks ---------------------------------------------------------------------


def peak_mb(*args: object) -> tuple[int, float, str]:
    """Exit code, peak memory (MB) and stderr of `addin args` measured in its own parent."""
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True,"
             " text=True); print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
             " sys.stderr.write(r.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, *ADDIN, *map(str, args)], capture_output=True,
                          text=True, timeout=300, env=ENV)
    code, peak = done.stdout.split()
    unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KB on Linux
    return int(code), int(peak) * unit / 2**20, done.stderr


def test_one_cell_at_xfd1048576_is_refused_with_little_memory(workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    wb[layout.ORDERS]["XFD1048576"] = "x"
    wb.save(workbook)
    code, mb, err = peak_mb("triage", workbook)
    assert code == 1 and "大きすぎる" in err and "XFD1048576" in err
    assert mb < 200  # before: ~6 GB


def test_zip_bomb_is_refused_before_parsing(workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The template unpacks to well under a megabyte; with a limit below that it is a "bomb".
    monkeypatch.setattr(xbook, "MAX_UNPACKED_BYTES", 100_000)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("parsed"))
    with pytest.raises(UserError, match="展開すると"):
        XlsxBook.open(workbook)


# --- 11. linear name check --------------------------------------------------------------------


def test_name_check_is_linear() -> None:
    names = ["a" * 32000, "山" * 32000, "1" * 32000, "時間" * 16000, "0-" * 16000]
    start = time.perf_counter()
    for n in names:
        name_findings(n, "クリックポスト", ["クリックポスト"])
    assert time.perf_counter() - start < 1.0  # before: ~40 s for these five


# --- 12. huge numbers, read-only folder, full disk --------------------------------------------


@pytest.mark.parametrize(("columns", "column", "value", "text"), [
    (UNSHIPPED_COLUMNS, "quantity-to-ship", "9" * 4300, "数量が大きすぎます"),
    (ORDER_COLUMNS, "quantity-purchased", "9" * 5000, "数量が大きすぎます"),
    (ORDER_COLUMNS, "item-price", "1e999999999", "金額が大きすぎます"),
])
def test_huge_numbers_are_a_clear_message(workbook: Path, tmp_path: Path, columns: list[str],
                                          column: str, value: str, text: str) -> None:
    rep = tmp_path / "r.txt"
    rep.write_bytes(report([row(**{column: value})], columns))
    done = cli("import-report", rep, workbook)
    assert done.returncode == 1 and text in done.stderr and "予期しない" not in done.stderr


def test_full_disk_is_a_clear_message_without_traceback(workbook: Path) -> None:
    before = workbook.read_bytes()
    # A real failing write: the file-size limit makes the save fail with EFBIG as a full disk
    # does with ENOSPC (both: no room for the new workbook).
    limit = len(before) + 2000
    code = (f"import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN);"
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}));"
            f"from addin.cli import main; sys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "import-report", str(SAMPLE_UTF8), str(workbook)],
                          capture_output=True, text=True, timeout=120, env=ENV)
    assert done.returncode == 1
    assert "ディスクの空き容量が足りません" in done.stderr
    assert "Traceback" not in done.stderr and "予期しない" not in done.stderr
    assert workbook.read_bytes() == before
    assert not [p for p in workbook.parent.iterdir() if ".tmp" in p.name]


def test_read_only_folder_is_a_clear_message(workbook: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    real_open = os.open

    def read_only(path: object, flags: int, *a: object) -> int:  # what a read-only mount answers
        if flags & os.O_CREAT:
            raise OSError(30, "Read-only file system", str(path))
        return real_open(path, flags, *a)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    assert main(["import-report", str(SAMPLE_UTF8), str(workbook)]) == 1
    err = capsys.readouterr().err
    assert "書き込む権限がありません" in err and "予期しない" not in err


# --- 13. FIFO and a huge one-line report ------------------------------------------------------


def test_fifo_as_report_is_refused_at_once(workbook: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    done = cli("import-report", fifo, workbook, timeout=30)  # before: hung forever
    assert done.returncode == 1 and "普通のファイルではありません" in done.stderr


def test_one_line_report_is_refused_without_decoding_it(workbook: Path, tmp_path: Path) -> None:
    rep = tmp_path / "one-line.txt"
    size = 40 * 2**20
    rep.write_bytes(("order-id\torder-item-id\t😀" + "a" * size).encode())
    code, mb, err = peak_mb("import-report", rep, workbook)
    assert code == 1 and "1 行が" in err
    assert mb < 60 + 1.2 * size / 2**20  # interpreter + the file once (before: ~7× the file)


# --- 14. full-width formula triggers ----------------------------------------------------------


@pytest.mark.parametrize("text", ["＝SUM(A1)", "＋81", "－1", "＠foo"])
def test_full_width_formula_triggers_are_stored_as_plain_text(workbook: Path, text: str) -> None:
    book = XlsxBook.open(workbook)
    book.write_block(layout.ORDERS, 5, 2, [[text]], [Kind.TEXT])
    book.save()
    c = openpyxl.load_workbook(workbook, keep_vba=True)[layout.ORDERS].cell(5, 2)
    assert c.value == text and c.data_type == "s" and c.quotePrefix


# --- 15. leftovers of killed runs -------------------------------------------------------------

LEAVE_LEFTOVERS = r"""
import sys, time
from pathlib import Path
from addin import files
folder = Path(sys.argv[1])
tmp = folder / f".注文.xlsm.{files.owner_tag()}.tmp.xlsm"
tmp.write_text("購入者の名前")
d = files.temp_folder("letters")
(Path(d.name) / "letters.xlsx").write_text("購入者の名前")
print(tmp, d.name, flush=True)
time.sleep(120)
"""


def test_leftovers_of_a_killed_run_are_removed_by_the_next_command(workbook: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", LEAVE_LEFTOVERS, str(workbook.parent)],
                             stdout=subprocess.PIPE, text=True, env=ENV)
    assert child.stdout
    tmp, folder = map(Path, child.stdout.readline().split())
    assert cli("triage", workbook, "--json").returncode == 0
    assert tmp.exists() and folder.exists()  # its owner still runs: kept
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert cli("triage", workbook, "--json").returncode == 0
    assert not tmp.exists() and not folder.exists()


def test_leftover_whose_pid_was_reused_is_removed(workbook: Path) -> None:
    # A live process id (this one) but another start time: the file's run is over.
    pid = os.getpid()
    stale = workbook.with_name(f".注文.xlsm.{pid}-00000000.tmp.xlsm")
    mine = workbook.with_name(f".注文.xlsm.{files.owner_tag()}.tmp.xlsm")
    stale.write_text("x")
    mine.write_text("x")
    assert files.remove_leftovers(workbook.parent) >= 1
    assert not stale.exists() and mine.exists()


# --- 16. no rewrite without a change; names shown safely; PDF checked first -------------------


def test_command_that_changes_nothing_does_not_rewrite(workbook: Path) -> None:
    assert cli("import-report", SAMPLE_UTF8, workbook).returncode == 0
    assert cli("import-report", SAMPLE_UTF8, workbook).returncode == 0  # same report again
    st = workbook.stat()
    backups = files.backups_of(workbook)
    done = cli("import-report", SAMPLE_UTF8, workbook)
    assert done.returncode == 0 and "0 件追加、0 件更新" in done.stdout
    assert (workbook.stat().st_ino, workbook.stat().st_mtime_ns) == (st.st_ino, st.st_mtime_ns)
    assert files.backups_of(workbook) == backups


def test_escape_codes_and_newlines_in_file_names_are_not_echoed_raw(tmp_path: Path) -> None:
    evil = tmp_path / "a\x1b[2J\nエラーではありません\x07.xlsm"
    done = cli("triage", evil)
    assert done.returncode == 1
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert done.stderr.count("\n") == 1  # one message line: the name's newline is shown as \n
    assert "\\x1b" in done.stderr and "\\n" in done.stderr


def test_letters_pdf_with_bad_path_fails_before_saving(workbook: Path, tmp_path: Path) -> None:
    assert cli("import-report", SAMPLE_UTF8, workbook).returncode == 0
    before = workbook.read_bytes()
    done = cli("letters", workbook, "--pdf", tmp_path / "no-such-folder" / "手紙.pdf")
    assert done.returncode == 1
    assert workbook.read_bytes() == before


# --- 3. purge clears 手紙 by the order numbers it prints, and the cancellation reason ---------


def purge_rows() -> list[dict[str, object]]:
    from test_purge import ROWS

    rows = [dict(r) for r in ROWS]
    rows[0]["letter"] = "返信なし"  # triage rewrote the 手紙 column without the "(p.N)" mark
    rows[2]["order_flags"] = "購入者がキャンセルを依頼（引っ越したため 山田）"
    return rows


def test_purge_clears_letters_by_printed_order_number_and_the_cancel_reason(workbook: Path) -> None:
    from helpers import fill_orders
    from test_purge import ROWS

    fill_orders(workbook, purge_rows())
    book = XlsxBook.open(workbook)
    book.replace_sheet(layout.LETTERS, [["山田 太郎 様"], [f"ご注文番号：{ROWS[0]['order_id']}"]],
                       [Kind.TEXT], print_rows=layout.LETTER_ROWS)
    book.save()
    done = cli("purge-pii", workbook, "--today", "2026-05-01")
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    assert all(c.value is None for r in wb[layout.LETTERS].iter_rows() for c in r)
    texts = [str(c.value) for r in wb[layout.ORDERS].iter_rows() for c in r if c.value]
    assert not any("引っ越した" in t for t in texts)
    assert "購入者がキャンセルを依頼" in texts  # the flag stays for the metrics


# --- 7. purge resumable ----------------------------------------------------------------------

KILLED_AFTER_SAVE = r"""
import os, signal, sys
import addin.files
addin.files.purge_backups = lambda path: os.kill(os.getpid(), signal.SIGKILL)
from addin.cli import main
main(["purge-pii", sys.argv[1], "--today", "2026-05-01"])
"""


def test_purge_killed_before_deleting_backups_finishes_on_the_next_run(workbook: Path) -> None:
    from helpers import fill_orders, touched

    fill_orders(workbook, purge_rows())
    touched(workbook)  # a backup holding the buyer data
    assert files.backups_of(workbook)
    child = subprocess.run([sys.executable, "-c", KILLED_AFTER_SAVE, str(workbook)], env=ENV, timeout=120)
    assert child.returncode == -signal.SIGKILL
    assert files.backups_of(workbook)  # saved, then killed: the backups are still there
    done = cli("purge-pii", workbook, "--today", "2026-05-01")
    assert done.returncode == 0 and "消す行はありません" in done.stdout
    assert files.backups_of(workbook) == [] and "バックアップ" in done.stdout


# --- 5. only a confirmation file marks rows --------------------------------------------------


def test_mark_confirmed_refuses_an_order_report(workbook: Path) -> None:
    assert cli("import-report", SAMPLE_UTF8, workbook).returncode == 0
    before = workbook.read_bytes()
    done = cli("confirm-file", workbook, "--mark-confirmed", SAMPLE_UTF8)
    assert done.returncode == 1 and "出荷通知ファイルではない" in done.stderr
    assert workbook.read_bytes() == before


def test_mark_confirmed_marks_only_shipped_rows_and_says_how_many(workbook: Path, tmp_path: Path) -> None:
    from helpers import fill_orders
    from test_purge import row as order_row

    fill_orders(workbook, [order_row(1, shipped_on=None), order_row(2, shipped_on=None)])
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    ws = wb[layout.ORDERS]
    col = next(c.column for c in ws[layout.ORDERS_HEADER_ROW] if c.value == "発送日")
    ws.cell(layout.ORDERS_HEADER_ROW + 2, col).value = "2026-02-02"  # only the second is shipped
    wb.save(workbook)
    upload = tmp_path / "up.txt"
    upload.write_bytes(("TemplateType=OrderFulfillment\tVersion=2011.1102\norder-id\torder-item-id\tship-date\n"
                        "503-0000001-0000001\t00000000000001\t2026-02-02\n"
                        "503-0000002-0000002\t00000000000002\t2026-02-02\n").encode("cp932"))
    done = cli("confirm-file", workbook, "--mark-confirmed", upload, "--today", "2026-02-03")
    assert done.returncode == 0, done.stderr
    assert "1行" in done.stdout and "「発送日」が空欄の1行" in done.stdout
    ws = openpyxl.load_workbook(workbook, keep_vba=True)[layout.ORDERS]
    cc = next(c.column for c in ws[layout.ORDERS_HEADER_ROW] if c.value == "出荷通知日")
    assert ws.cell(layout.ORDERS_HEADER_ROW + 1, cc).value is None
    assert ws.cell(layout.ORDERS_HEADER_ROW + 2, cc).value is not None


# --- 8. new-workbook --force -----------------------------------------------------------------


def test_new_workbook_force_keeps_a_backup(workbook: Path) -> None:
    assert cli("import-report", SAMPLE_UTF8, workbook).returncode == 0
    before = workbook.read_bytes()
    assert cli("new-workbook", workbook, "--force").returncode == 0
    assert [b.read_bytes() for b in files.backups_of(workbook)][-1:] == [before]


def test_new_workbook_never_writes_through_a_symlink(workbook: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.xlsm"
    link.symlink_to(workbook)
    before = workbook.read_bytes()
    done = cli("new-workbook", link, "--force")
    assert done.returncode == 1 and "シンボリックリンク" in done.stderr
    assert workbook.read_bytes() == before and link.is_symlink()


# --- 10. -o -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["out.xlsx", "report.txt"])
def test_output_must_be_a_new_xlsm_and_never_an_input(workbook: Path, tmp_path: Path, name: str) -> None:
    rep = tmp_path / "report.txt"
    rep.write_bytes(SAMPLE_UTF8.read_bytes())
    done = cli("import-report", rep, workbook, "-o", tmp_path / name)
    assert done.returncode == 1 and "-o" in done.stderr
    assert rep.read_bytes() == SAMPLE_UTF8.read_bytes()
    assert not (tmp_path / "out.xlsx").exists()


def test_output_cannot_be_a_report_even_named_xlsm(workbook: Path, tmp_path: Path) -> None:
    rep = tmp_path / "report.xlsm"
    rep.write_bytes(SAMPLE_UTF8.read_bytes())
    done = cli("import-report", rep, workbook, "-o", rep)
    assert done.returncode == 1 and "読み込むファイルと同じ" in done.stderr
    assert rep.read_bytes() == SAMPLE_UTF8.read_bytes()
