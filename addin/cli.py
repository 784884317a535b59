"""The command line `addin …`: every Excel button as a subcommand that works on a saved file.

Exit codes: 0 success, 1 a user error (one Japanese line on stderr, no traceback), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from addin import __version__
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


def build_parser() -> argparse.ArgumentParser:
    p = JapaneseParser(prog="addin", description=DESCRIPTION,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"addin {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=JapaneseParser)

    def cmd(name: str, help_: str, handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(handler=handler)
        return sp

    sp = cmd("new-workbook", "新しい注文ブックを作る (create an order workbook from the template)",
             _new_workbook)
    sp.add_argument("path", type=Path, help="作るファイル (.xlsm)")
    sp.add_argument("--force", action="store_true", help="既存のファイルを上書きする")

    sp = cmd("import-report", "注文レポートを取り込む (import Amazon order reports)", _import_report)
    sp.add_argument("files", type=Path, nargs="+", metavar="REPORT... WORKBOOK",
                    help="レポート(.txt)を1つ以上、最後に注文ブック")
    sp.add_argument("-o", "--output", type=Path, help="別のファイルに保存する")

    sp = cmd("triage", "ステータス・対応・期限を計算する (triage every order)", _triage)
    sp.add_argument("workbook", type=Path)
    sp.add_argument("--today", type=_date, help="今日の日付 YYYY-MM-DD（確認用）")
    sp.add_argument("--json", action="store_true", help="結果を JSON で表示する（ブックは変更しない）")
    sp.add_argument("-o", "--output", type=Path, help="別のファイルに保存する")

    sp = cmd("check-address", "住所と宛名を確認する (check one address)", _check_address)
    sp.add_argument("--postal", required=True, help="郵便番号")
    sp.add_argument("lines", nargs="+", help="住所（都道府県から、または住所1 住所2 …）")
    sp.add_argument("--name", default="", help="宛名")
    sp.add_argument("--method", default="", help="発送方法（例: クリックポスト）")
    sp.add_argument("--prefecture", default="", help="都道府県（住所に含めない場合）")

    sp = cmd("letters", "同封の手紙を作る (make the enclosed letters)", _letters)
    sp.add_argument("workbook", type=Path)
    sp.add_argument("--pdf", type=Path, help="手紙を PDF に書き出す（LibreOffice が必要）")
    sp.add_argument("--today", type=_date, help="手紙の日付 YYYY-MM-DD")
    sp.add_argument("-o", "--output", type=Path, help="別のファイルに保存する")

    sp = cmd("confirm-file", "出荷通知ファイルを作る (bulk shipping-confirmation file)", _confirm_file)
    sp.add_argument("workbook", type=Path)
    sp.add_argument("out", type=Path, nargs="?", help="書き出すファイル (.txt)")
    sp.add_argument("--mark-confirmed", type=Path, metavar="FILE",
                    help="アップロードに成功したファイルの行に出荷通知日を記入する")
    sp.add_argument("--today", type=_date, help="今日の日付 YYYY-MM-DD（確認用）")

    sp = cmd("metrics", "成績シートを更新する (seller metrics sheet)", _metrics)
    sp.add_argument("workbook", type=Path)
    sp.add_argument("--today", type=_date, help="今日の日付 YYYY-MM-DD（確認用）")

    sp = cmd("purge-pii", "古い注文の個人情報を消す (delete old buyer data)", _purge)
    sp.add_argument("workbook", type=Path)
    sp.add_argument("--days", type=int, help="発送・キャンセルから何日たった注文を消すか（既定: 設定）")
    sp.add_argument("--dry-run", action="store_true", help="消す件数だけ表示する")
    sp.add_argument("--today", type=_date, help="今日の日付 YYYY-MM-DD（確認用）")

    sp = cmd("doctor", "この PC の準備状況を確認する (check the Excel/xlwings setup)", _doctor)
    sp.add_argument("workbook", type=Path, nargs="?", help="注文ブック（VBA の xlwings のバージョンも確かめる）")
    return p


def _out(msg: str) -> None:
    sys.stdout.write(msg + "\n")


def _new_workbook(a: argparse.Namespace) -> int:
    from addin.ops.workbook import new_workbook

    path = new_workbook(a.path, force=a.force)
    _out(f"注文ブックを作りました: {path}")
    return 0


def _import_report(a: argparse.Namespace) -> int:
    from addin.ops.importing import import_reports, read_report_file
    from addin.xlsx.book import XlsxBook

    if len(a.files) < 2:
        raise UserError("レポートファイルと注文ブックを指定してください"
                        "（例: addin import-report 注文.txt 注文.xlsm）。")
    *reports, workbook = a.files
    loaded = [read_report_file(r) for r in reports]  # all parsed before the book is touched
    book = XlsxBook.open(workbook)
    result = import_reports(book, loaded)
    book.save(a.output)
    for line in result.lines():
        _out(line)
    return 0


def _triage(a: argparse.Namespace) -> int:
    from addin.ops.triage import triage_book
    from addin.xlsx.book import XlsxBook

    book = XlsxBook.open(a.workbook)
    run = triage_book(book, a.today)
    if a.json:
        json.dump(run.json_records(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    book.save(a.output)
    for line in run.summary_lines():
        _out(line)
    return 0


def _check_address(a: argparse.Namespace) -> int:
    from addin.core.checks import check_address_json

    result = check_address_json(a.postal, a.lines, a.name, a.method, a.prefecture)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def _letters(a: argparse.Namespace) -> int:
    from addin.ops.letters import make_letters
    from addin.xlsx.book import XlsxBook

    book = XlsxBook.open(a.workbook)
    result = make_letters(book, a.today)
    saved = book.save(a.output)
    for line in result.lines():
        _out(line)
    if a.pdf:
        from addin.xlsx.pdf import export_letters_pdf

        _out(f"PDF を作りました: {export_letters_pdf(saved, a.pdf)}")
    return 0


def _confirm_file(a: argparse.Namespace) -> int:
    from addin.ops.shipping import confirm_file_command

    for line in confirm_file_command(a.workbook, a.out, a.mark_confirmed, a.today):
        _out(line)
    return 0


def _metrics(a: argparse.Namespace) -> int:
    from addin.ops.metrics import update_metrics
    from addin.xlsx.book import XlsxBook

    book = XlsxBook.open(a.workbook)
    result = update_metrics(book, a.today)
    book.save()
    for line in result.lines():
        _out(line)
    return 0


def _purge(a: argparse.Namespace) -> int:
    from addin.ops.purge import purge_command

    for line in purge_command(a.workbook, a.days, a.dry_run, a.today):
        _out(line)
    return 0


def _doctor(a: argparse.Namespace) -> int:
    from addin.doctor import diagnose, report

    return report(diagnose(workbook=a.workbook), _out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except AddinError as e:
        sys.stderr.write(f"エラー: {e.message}\n")
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
