"""The command line `addin …`: every Excel button as a subcommand that works on a saved file.
The subcommands and their arguments come from `addin.commands`.

Exit codes: 0 success, 1 a user error (one Japanese line on stderr, no traceback), 2 usage error.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from addin import __version__, commands
from addin.errors import AddinError, UserError

DESCRIPTION = """自己発送トリアージ — Amazon.co.jp 自己発送の注文を Excel で仕分けるツール
(Self-shipping triage for Amazon.co.jp sellers: import orders, triage, letters.)

よく使う流れ / typical day:
  addin new-workbook 注文.xlsm
  addin import-report 未出荷の注文レポート.txt 注文.xlsm
  addin triage 注文.xlsm
  addin letters 注文.xlsm --pdf 手紙.pdf
"""


class JapaneseParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: exit 2, short Japanese hint
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: 使い方の誤り: {message}\n（addin --help で使い方を表示します）\n")
        raise SystemExit(2)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日付は YYYY-MM-DD で指定してください: {text}") from None


ARG_TYPES: dict[str, Callable[[str], object]] = {"str": str, "path": Path, "date": _date, "int": int}


def _add_argument(sp: argparse.ArgumentParser, arg: commands.Arg) -> None:
    options: dict[str, object] = {"help": arg.help}
    if arg.type == "flag":
        options["action"] = "store_true"
    elif arg.type != "str":
        options["type"] = ARG_TYPES[arg.type]
    for key in ("nargs", "metavar", "default"):
        if getattr(arg, key) is not None:
            options[key] = getattr(arg, key)
    if arg.required:
        options["required"] = True
    sp.add_argument(*arg.flags, **options)  # type: ignore[arg-type]


def build_parser() -> argparse.ArgumentParser:
    """One subcommand per row of `addin.commands.SUBCOMMANDS`."""
    p = JapaneseParser(prog="addin", description=DESCRIPTION,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"addin {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=JapaneseParser)
    for cmd in commands.SUBCOMMANDS:
        sp = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        sp.set_defaults(handler=functools.partial(HANDLERS.get(cmd.name, _run_operation), cmd))
        for arg in cmd.args:
            _add_argument(sp, arg)
    return p


_NAMES: list[str] = []  # file names given on the command line, escaped wherever they are echoed


def _out(msg: str) -> None:
    from addin.files import printable

    sys.stdout.write(printable(msg, _NAMES) + "\n")


def _paths_of(args: argparse.Namespace) -> list[Path]:
    found: list[Path] = []
    for v in vars(args).values():
        found.extend(x for x in (v if isinstance(v, list) else [v]) if isinstance(x, Path))
    return found


def _check_output(args: argparse.Namespace) -> None:
    """`-o` names a new macro workbook: .xlsm only (a macro book saved as .xlsx is refused by
    Excel), and never one of the files the command reads (a report would be overwritten)."""
    out = getattr(args, "output", None)
    if out is None:
        return
    from addin.files import shown

    if out.suffix.lower() != ".xlsm":
        raise UserError(f"-o「{shown(out.name)}」: 保存先は .xlsm（マクロ有効ブック）にしてください。")
    book = getattr(args, "workbook", None) or (args.files[-1] if getattr(args, "files", None) else None)
    inputs = [p for p in _paths_of(args) if p is not out and p is not book]
    for p in inputs:
        same = out.resolve() == p.resolve()
        if not same and out.exists() and p.exists():
            same = os.path.samefile(out, p)
        if same:
            raise UserError(f"-o「{shown(out.name)}」は読み込むファイルと同じです。別の名前を指定してください。")


def _version_notes(args: argparse.Namespace) -> None:
    """A workbook of another release (addin.versions): say so on stderr before the command runs
    (upgrade-workbook and doctor say it themselves)."""
    if args.command in ("upgrade-workbook", "doctor", "new-workbook"):
        return
    book = getattr(args, "workbook", None) or (args.files[-1] if getattr(args, "files", None) else None)
    if isinstance(book, Path):
        from addin.versions import workbook_notes

        for note in workbook_notes(book):
            sys.stderr.write(f"注意: {note}\n")


def _run(args: argparse.Namespace) -> int:
    """Run the command holding the lock of every workbook it names, for its whole run."""
    from addin.files import command_lock

    paths = _paths_of(args)
    for p in paths:
        _NAMES.extend(dict.fromkeys([str(p), p.name, p.stem, str(p.parent), str(p.resolve())]))
    _check_output(args)
    _version_notes(args)
    books = [p for p in paths if p.suffix.lower() in (".xlsm", ".xlsx", ".xltm", ".xltx")]
    with command_lock(books):
        return args.handler(args)


def _run_operation(cmd: commands.Command, a: argparse.Namespace) -> int:
    """What most commands do: open the book, run the operation, save, print its summary."""
    from addin.xlsx.book import XlsxBook

    book = XlsxBook.open(a.workbook)
    options = {arg.dest: getattr(a, arg.dest) for arg in cmd.args if arg.dest not in ("workbook", "output")}
    result = cmd.run()(book, **options)
    if cmd.saves:
        book.save(getattr(a, "output", None))
    for line in result.lines():
        _out(line)
    return 0


def _new_workbook(cmd: commands.Command, a: argparse.Namespace) -> int:
    from addin.xlsx.workbook import new_workbook

    path = new_workbook(a.path, force=a.force)
    _out(f"注文ブックを作りました: {path}")
    return 0


def _import_report(cmd: commands.Command, a: argparse.Namespace) -> int:
    from addin.inputs import read_report_bytes
    from addin.ops.importing import load_report
    from addin.xlsx.book import XlsxBook

    if len(a.files) < 2:
        raise UserError("レポートファイルと注文ブックを指定してください"
                        "（例: addin import-report 注文.txt 注文.xlsm）。")
    *reports, workbook = a.files
    loaded = [load_report(r, read_report_bytes(r)) for r in reports]  # all parsed before the book is touched
    book = XlsxBook.open(workbook)
    result = cmd.run()(book, loaded)
    book.save(a.output)
    for line in result.lines():
        _out(line)
    return 0


def _triage(cmd: commands.Command, a: argparse.Namespace) -> int:
    from addin.xlsx.book import XlsxBook

    book = XlsxBook.open(a.workbook)
    run = cmd.run()(book, a.today)
    if a.json:  # the book is not saved
        json.dump(run.json_records(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    book.save(a.output)
    for line in run.lines():
        _out(line)
    return 0


def _check_address(cmd: commands.Command, a: argparse.Namespace) -> int:
    from addin.core.checks import check_address_json

    result = check_address_json(a.postal, a.lines, a.name, a.method, a.prefecture)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def _letters(cmd: commands.Command, a: argparse.Namespace) -> int:
    from addin.xlsx.book import XlsxBook

    if a.pdf:  # a PDF that cannot be made fails before the workbook is changed
        from addin.xlsx.pdf import check_pdf_target

        check_pdf_target(a.pdf)
    book = XlsxBook.open(a.workbook)
    result = cmd.run()(book, a.today)
    saved = book.save(a.output)
    for line in result.lines():
        _out(line)
    if a.pdf:
        from addin.xlsx.pdf import export_letters_pdf

        _out(f"PDF を作りました: {export_letters_pdf(saved, a.pdf)}")
    return 0


def _confirm_file(cmd: commands.Command, a: argparse.Namespace) -> int:
    """`addin confirm-file BOOK OUT.txt` writes the file (the book is not changed);
    `addin confirm-file BOOK --mark-confirmed UPLOADED.txt` fills 出荷通知日 and saves the book."""
    if a.out is not None and a.mark_confirmed is not None:
        raise UserError("書き出し（OUT）と --mark-confirmed は別々に実行してください。"
                        "出荷通知日はアップロードが成功してから記入します。")
    if a.out is None and a.mark_confirmed is None:
        raise UserError("書き出すファイル名（例: 出荷通知.txt）か --mark-confirmed ファイル "
                        "を指定してください。")
    lines = (_mark_confirmed(a.workbook, a.mark_confirmed, a.today) if a.mark_confirmed is not None
             else _write_confirm_file(a.workbook, a.out, a.today, a.template))
    for line in lines:
        _out(line)
    return 0


def _mark_confirmed(workbook: Path, mark_file: Path, today: date | None) -> list[str]:
    from addin.files import read_regular_file
    from addin.ops.shipping import CONFIRMED, mark_confirmed_from_file
    from addin.xlsx.book import XlsxBook

    data = read_regular_file(mark_file, 100 * 2**20, lambda n: f"「{mark_file.name}」は大きすぎます。")
    book = XlsxBook.open(workbook)
    lines = mark_confirmed_from_file(book, data, today)
    if any(line.startswith(f"「{CONFIRMED}」に") for line in lines):
        book.save()
        lines.append(f"ブックを保存しました: {workbook}")
    return lines


def _write_confirm_file(workbook: Path, out: Path, today: date | None,
                        template: Path | None = None) -> list[str]:
    from addin.files import atomic_write
    from addin.ops.shipping import export_confirm_file
    from addin.xlsx.book import XlsxBook

    if out.suffix.lower() in (".xlsx", ".xlsm", ".xltx", ".xltm") or out.resolve() == workbook.resolve():
        raise UserError(f"「{out.name}」には書き出せません。"
                        "出荷通知ファイルはテキスト（.txt）で書き出します。")
    book = XlsxBook.open(workbook)
    result = export_confirm_file(book, today, template)
    lines = result.lines()
    if result.data:
        if not out.parent.is_dir():
            raise UserError(f"フォルダ「{out.parent}」がありません。")
        data = result.data
        atomic_write(out, lambda tmp: tmp.write_bytes(data), backup=False)
        lines.append(f"出荷通知ファイルを書き出しました: {out}")
    return lines


def _read_input(path: Path, what: str) -> bytes:
    if not path.is_file():
        raise UserError(f"{what}「{path}」が見つかりません。")
    try:
        return path.read_bytes()
    except OSError:
        raise UserError(f"{what}「{path}」を読めません。") from None


def _label_file(cmd: commands.Command, a: argparse.Namespace) -> int:
    """Writes the label file(s) next to OUT; the book is not changed."""
    from addin.files import atomic_write
    from addin.xlsx.book import XlsxBook

    if a.out.suffix.lower() in (".xlsx", ".xlsm", ".xltx", ".xltm") or a.out.resolve() == a.workbook.resolve():
        raise UserError(f"「{a.out.name}」には書き出せません。送り状ファイルは .csv で書き出します。")
    if not a.out.parent.is_dir():
        raise UserError(f"フォルダ「{a.out.parent}」がありません。")
    result = cmd.run()(XlsxBook.open(a.workbook), a.format, a.today)
    lines = result.lines()
    for made in result.made:
        for path, data in zip(made.names(a.out), made.files, strict=True):
            atomic_write(path, lambda tmp, data=data: tmp.write_bytes(data), backup=False)
            lines.append(f"送り状ファイルを書き出しました: {path}")
    for line in lines:
        _out(line)
    return 0


def _import_tracking(cmd: commands.Command, a: argparse.Namespace) -> int:
    from addin.xlsx.book import XlsxBook

    data = _read_input(a.file, "ファイル")
    book = XlsxBook.open(a.workbook)
    result = cmd.run()(book, data, a.today)
    if result.filled or result.dated:
        book.save(a.output)
    for line in result.lines():
        _out(line)
    return 0


def _confirm_result(cmd: commands.Command, a: argparse.Namespace) -> int:
    from addin.xlsx.book import XlsxBook

    uploaded = _read_input(a.uploaded, "出荷通知ファイル")
    report = _read_input(a.report, "処理レポート")
    book = XlsxBook.open(a.workbook)
    result = cmd.run()(book, uploaded, report, a.today)
    if result.marked:
        book.save(a.output)
    for line in result.lines():
        _out(line)
    return 0


def _purge(cmd: commands.Command, a: argparse.Namespace) -> int:
    """Count (--dry-run) or clear, save atomically, then delete the backups, which still hold
    the cleared data (the save itself has just made one more)."""
    from addin.files import backup_dir, purge_backups
    from addin.xlsx.book import XlsxBook

    book = XlsxBook.open(a.workbook)
    result = cmd.run()(book, a.today, a.days, a.dry_run)
    if not a.dry_run:
        book.save()  # writes only when something was cleared
        # Always, rows found or not: a purge interrupted after its save finishes here.
        result.backups_removed = purge_backups(a.workbook)
    lines = result.lines()
    if a.dry_run and result.count:
        lines.append("消すときは --dry-run を付けずに実行してください。")
    if not a.dry_run:
        lines.append(f"バックアップの場所: {backup_dir(a.workbook.resolve())}")
    for line in lines:
        _out(line)
    return 0


def _upgrade_workbook(cmd: commands.Command, a: argparse.Namespace) -> int:
    from addin.xlsx.upgrade import upgrade_workbook  # two books: a file-level shell job

    done = upgrade_workbook(a.workbook, a.output, a.today)
    for line in done.lines():
        _out(line)
    return 0


def _doctor(cmd: commands.Command, a: argparse.Namespace) -> int:
    from addin.doctor import diagnose, report

    return report(diagnose(workbook=a.workbook), _out)


# Subcommands that do more than `_run_operation` (read files, print JSON, write a PDF or a file).
HANDLERS: dict[str, Callable[[commands.Command, argparse.Namespace], int]] = {
    "new-workbook": _new_workbook,
    "import-report": _import_report,
    "triage": _triage,
    "check-address": _check_address,
    "letters": _letters,
    "confirm-file": _confirm_file,
    "label-file": _label_file,
    "import-tracking": _import_tracking,
    "confirm-result": _confirm_result,
    "purge-pii": _purge,
    "upgrade-workbook": _upgrade_workbook,
    "doctor": _doctor,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return _run(args)
    except AddinError as e:
        from addin.files import printable

        sys.stderr.write(f"エラー: {printable(e.message, _NAMES)}\n")
        return 1
    except BrokenPipeError:  # output piped into `head` and cut short: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("中断しました。ブックは変更していません。\n")
        return 1
    except MemoryError:
        sys.stderr.write("エラー: メモリが足りません。ファイルを分けて実行してください。\n")
        return 1
    except Exception as e:  # a bug: no traceback (it could quote buyer text), just the kind
        if os.environ.get("ADDIN_DEBUG"):
            raise
        sys.stderr.write(
            f"エラー: 予期しない問題が起きました（{type(e).__name__}）。"
            "保存が終わる前の問題なら、ブックは元のままです。"
            "ADDIN_DEBUG=1 を付けて実行すると詳細を表示します。\n"
        )
        return 1
