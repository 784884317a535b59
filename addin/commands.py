"""Every command of the add-in in one table: the CLI subcommands, the buttons of the 注文 sheet,
their VBA macros and the README's tables all come from (or are checked against) `COMMANDS`.

Adding a button = one `Command` row here + one operation `op(book, **cli_options) -> result` in
addin/ops whose `result.lines()` is the summary. The CLI subcommand (`addin.cli`), the xlwings
entry point (`addin.excel`), the VBA module (workbook/vba/AddinButtons.bas) and the template's
button (scripts/build_template.py) follow from the row; tests/test_commands.py says which README
lines to add. A command whose shell work goes beyond "open, run, save, print" (pick a file, write
a PDF, ask before deleting) gets a handler by the same name in addin/cli.py or addin/excel/buttons.py.

Pure data: importable from every layer without importing any shell.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Arg:
    """One argparse argument of a subcommand."""

    flags: tuple[str, ...]
    help: str | None = None
    type: str = "str"  # str, path, date (YYYY-MM-DD), int, flag (store_true)
    nargs: str | None = None
    metavar: str | None = None
    required: bool = False
    default: str | None = None

    @property
    def dest(self) -> str:
        long = [f for f in self.flags if f.startswith("--")]
        return (long[0] if long else self.flags[0]).lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class Button:
    """A button above the table of 今日 and 注文 (rows 2-3), or of one other sheet (`sheet`)."""

    caption: str
    macro: str  # the VBA Sub; its Python entry point is the same name in snake_case
    row: int  # button row 1–3 above the table of 今日 and 注文 (1 = the day's work)
    slot: int  # position from the left (at most BUTTONS_PER_ROW per row: they stay in the frozen panes)
    does: str  # README「ボタン」table
    vba: str = ""  # the Sub's one statement when it does not RunPython (xlwings' own macros)
    sheet: str = ""  # "" = on 今日 and 注文; else only above the table of that sheet (a layout name)

    @property
    def entry(self) -> str:
        """The function in `addin.excel` that RunPython calls ("" when the Sub runs `vba`)."""
        return "" if self.vba else re.sub(r"(?<!^)(?=[A-Z])", "_", self.macro).lower()

    @property
    def statement(self) -> str:
        return self.vba or f'RunPython "import addin.excel; addin.excel.{self.entry}()"'


@dataclass(frozen=True)
class Command:
    name: str  # `addin <name>`; for a button without a subcommand of its own, an id
    help: str = ""  # CLI help; "" = no subcommand (the job of `part_of`'s subcommand)
    args: tuple[Arg, ...] = ()
    operation: str = ""  # "module:function" in addin.ops, imported only when run
    saves: bool = False  # the CLI saves the workbook after the operation
    synopsis: str = ""  # README「コマンド」table
    button: Button | None = None
    part_of: str = ""  # the subcommand that does this button's job from the command line
    in_excel: str = ""  # README「Excel のボタン」when it is not a button's caption
    then: str = ""  # last line of the button's message: what to do next

    @property
    def cli(self) -> bool:
        return bool(self.help)

    def run(self) -> Callable[..., Any]:
        """The operation (imported now, so that `import addin.excel` stays cheap)."""
        module, _, name = self.operation.partition(":")
        return getattr(importlib.import_module(module), name)


WORKBOOK = Arg(("workbook",), type="path")
TODAY = Arg(("--today",), "今日の日付 YYYY-MM-DD（確認用）", "date")
OUTPUT = Arg(("-o", "--output"), "別のファイルに保存する", "path")

COMMANDS: tuple[Command, ...] = (
    Command(
        "new-workbook", "新しい注文ブックを作る (create an order workbook from the template)",
        (Arg(("path",), "作るファイル (.xlsm)", "path"),
         Arg(("--force",), "既存のファイルを上書きする", "flag")),
        synopsis="addin new-workbook 注文.xlsm [--force]",
    ),
    Command(
        "import-report", "注文レポートを取り込む (import Amazon order reports)",
        (Arg(("files",), "レポート(.txt)を1つ以上、最後に注文ブック", "path", nargs="+",
             metavar="REPORT... WORKBOOK"), OUTPUT),
        operation="addin.ops.importing:import_reports", saves=True,
        synopsis="addin import-report レポート.txt [...] 注文.xlsm [-o 別名.xlsm]",
        button=Button("注文取込", "ImportReport", 1, 0,
                      "未出荷の注文レポート（.txt、複数選べます）を選ぶと、注文シートに取り込みます。"
                      "選ぶ画面でキャンセルすれば何も変わりません。"),
        then="続けて「トリアージ」を押してください。",
    ),
    Command(
        "triage", "ステータス・対応・期限を計算する (triage every order)",
        (WORKBOOK, TODAY, Arg(("--json",), "結果を JSON で表示する（ブックは変更しない）", "flag"), OUTPUT),
        operation="addin.ops.triage:triage_book", saves=True,
        synopsis="addin triage 注文.xlsm [--today YYYY-MM-DD] [--json]",
        button=Button("トリアージ", "Triage", 1, 1, "ステータス・期限・残り営業日・対応・理由・手紙・説明を計算し、"
                      "「今日」シートと連絡文（購入者・カスタマーサポートへの文面）を作り直します。"),
    ),
    Command(
        "messages", "連絡文（購入者・カスタマーサポートあて）を表示する (print the ready-to-send texts)",
        (WORKBOOK, Arg(("--order",), "この注文番号の連絡文だけを表示する", metavar="注文番号"), TODAY),
        operation="addin.ops.messages:messages_book",
        synopsis="addin messages 注文.xlsm [--order 注文番号]",
    ),
    Command(
        "copy-message", part_of="messages",
        button=Button("本文をコピー", "CopyMessage", 1, 0,
                      "（連絡文シートの上）選んだ行の本文を、そのまま貼り付けられる形"
                      "（\" で囲まれない）でクリップボードにコピーします。", sheet="連絡文"),
    ),
    Command(
        "check-address", "住所と宛名を確認する (check one address)",
        (Arg(("--postal",), "郵便番号", required=True),
         Arg(("lines",), "住所（都道府県から、または住所1 住所2 …）", nargs="+"),
         Arg(("--name",), "宛名", default=""),
         Arg(("--method",), "発送方法（例: クリックポスト）", default=""),
         Arg(("--prefecture",), "都道府県（住所に含めない場合）", default="")),
        synopsis="addin check-address --postal 1000001 住所… [--name 宛名] [--method 発送方法]",
        in_excel="（セル関数 ADDRESS_CHECK・NAME_CHECK）",
    ),
    Command(
        "letters", "同封の手紙を作る (make the enclosed letters)",
        (WORKBOOK, Arg(("--pdf",), "手紙を PDF に書き出す（LibreOffice が必要）", "path"),
         Arg(("--today",), "手紙の日付 YYYY-MM-DD", "date"), OUTPUT),
        operation="addin.ops.letters:make_letters", saves=True,
        synopsis="addin letters 注文.xlsm [--pdf 手紙.pdf]",
        button=Button("手紙作成", "MakeLetters", 1, 2, "手紙シートに、1 通ずつ A4 1 ページの手紙を作ります。"),
        then="「手紙を印刷」で PDF にして印刷できます。",
    ),
    Command(
        "print-letters", part_of="letters",
        button=Button("手紙を印刷", "PrintLetters", 1, 3,
                      "手紙を PDF（`手紙_年月日-時分.pdf`、ブックと同じフォルダ）にして開きます。"
                      "A4・実際のサイズで印刷してください。"),
    ),
    Command(
        "label-file", "送り状ファイルを作る (carrier label import file)",
        (WORKBOOK, Arg(("format",), "clickpost / b2cloud / ehiden3 / yupack", metavar="FORMAT"),
         Arg(("out",), "書き出すファイル (.csv)。40件を超えるクリックポストは _1, _2 … に分けます", "path"),
         TODAY),
        operation="addin.ops.labels:label_files",
        synopsis="addin label-file 注文.xlsm clickpost|b2cloud|ehiden3 送り状.csv",
        button=Button("送り状ファイル", "LabelFile", 2, 0,
                      "発送できる注文から、クリックポスト（まとめ申込）・ヤマト B2クラウド・佐川 e飛伝III の"
                      "送り状ファイル（`送り状_運送会社_年月日-時分.csv`）を、ブックと同じフォルダに作ります。"
                      "住所や宛名が入りきらない注文は入れずに、行を示します。"),
    ),
    Command(
        "import-tracking", "追跡番号を取り込む (tracking numbers from a carrier export)",
        (WORKBOOK, Arg(("file",), "B2クラウドの発行済みデータ・e飛伝IIIの出荷履歴・クリックポストの発送履歴", "path"),
         TODAY, OUTPUT),
        operation="addin.ops.labels:import_tracking", saves=True,
        synopsis="addin import-tracking 注文.xlsm 履歴.csv",
        button=Button("追跡番号取込", "ImportTracking", 2, 1,
                      "運送会社の履歴ファイルを選ぶと、空欄の「追跡番号」と「発送日」を記入します。"
                      "違う番号がすでに入っている行は書き換えずに示します。"),
        then="続けて「出荷通知ファイル」を押してください。",
    ),
    Command(
        "confirm-file", "出荷通知ファイルを作る (bulk shipping-confirmation file)",
        (WORKBOOK, Arg(("out",), "書き出すファイル (.txt)", "path", nargs="?"),
         Arg(("--mark-confirmed",), "アップロードに成功したファイルの行に出荷通知日を記入する", "path",
             metavar="FILE"),
         Arg(("--template",), "ダウンロードした出荷通知テンプレート（その運送会社コードを使う）", "path"),
         TODAY),
        operation="addin.ops.shipping:export_confirm_file",
        synopsis="addin confirm-file 注文.xlsm 出荷通知.txt` / `--mark-confirmed 出荷通知.txt",
        button=Button("出荷通知ファイル", "ConfirmFile", 2, 2,
                      "セラーセントラルにアップロードする一括出荷通知ファイル（`出荷通知_年月日-時分.txt`）を、"
                      "ブックと同じフォルダに作ります。"),
    ),
    Command(
        "confirm-result", "処理レポートで出荷通知日を記入する (Amazon's processing report)",
        (WORKBOOK, Arg(("uploaded",), "アップロードした出荷通知ファイル (.txt)", "path"),
         Arg(("report",), "Amazon の処理レポート (.txt)", "path"), TODAY, OUTPUT),
        operation="addin.ops.labels:confirm_result", saves=True,
        synopsis="addin confirm-result 注文.xlsm 出荷通知.txt 処理レポート.txt",
        button=Button("出荷通知の結果", "ConfirmResult", 2, 3,
                      "アップロードした出荷通知ファイル（最後に作ったもの）と Amazon の処理レポートから、"
                      "受け付けられた行の「出荷通知日」を記入し、エラーの行とその直し方を示します。"),
    ),
    Command(
        "mark-confirmed", part_of="confirm-file", operation="addin.ops.shipping:mark_confirmed_from_file",
        button=Button("出荷通知済みにする", "MarkConfirmed", 2, 4,
                      "処理レポートを使わずに記録するとき: アップロードに成功したファイルを選ぶと、"
                      "その行の「出荷通知日」に今日の日付を入れます。"),
    ),
    Command(
        "metrics", "成績シートを更新する (seller metrics sheet)", (WORKBOOK, TODAY),
        operation="addin.ops.metrics:update_metrics", saves=True,
        synopsis="addin metrics 注文.xlsm",
        button=Button("成績", "Metrics", 1, 5, "成績シート（遅延出荷率など）を更新します。"),
    ),
    Command(
        "purge-pii", "古い注文の個人情報を消す (delete old buyer data)",
        (WORKBOOK, Arg(("--days",), "発送・キャンセルから何日たった注文を消すか（既定: 設定）", "int"),
         Arg(("--dry-run",), "消す件数だけ表示する", "flag"), TODAY),
        operation="addin.ops.purge:purge_pii",
        synopsis="addin purge-pii 注文.xlsm [--days 30] [--dry-run]",
        button=Button("個人情報を削除", "PurgePii", 3, 0,
                      "発送・キャンセルから設定の日数を過ぎた注文の購入者情報を、件数を確かめてから消し、"
                      "ブックを上書き保存します。個人情報を含む古いバックアップも消します。"),
    ),
    Command(
        "load-functions",
        button=Button("関数の読込", "LoadFunctions", 3, 1, "セル関数をブックに読み込みます（Windows のみ）。",
                      vba="ImportPythonUDFs"),
    ),
    Command(
        "upgrade-workbook", "注文ブックを新しい版の形にする (carry a workbook into the current template)",
        (WORKBOOK, Arg(("-o", "--output"), "別のファイルに保存する（省略すると上書きし、元はバックアップに残す）",
                       "path"), TODAY),
        synopsis="addin upgrade-workbook 注文.xlsm [-o 新しい注文.xlsm]",
    ),
    Command(
        "doctor", "この PC の準備状況を確認する (check the Excel/xlwings setup)",
        (Arg(("workbook",), "注文ブック（VBA の xlwings のバージョンも確かめる）", "path", nargs="?"),),
        synopsis="addin doctor",
    ),
)

BY_NAME = {c.name: c for c in COMMANDS}
SUBCOMMANDS = tuple(c for c in COMMANDS if c.cli)
BUTTONS = tuple(c for c in COMMANDS if c.button)  # in the order of the VBA module and the README
ENTRY_POINTS = tuple(c for c in BUTTONS if c.button and c.button.entry)

VBA_MODULE = "AddinButtons"
VBA_HEADER = f"""Attribute VB_Name = "{VBA_MODULE}"
' The buttons of the orders sheet. Each is one RunPython line; all work happens in addin.excel.
' RunPython wraps the command in double quotes: use only single quotes inside.
' Keep this file ASCII (the VBA project stores source in the system code page).
' Generated from addin/commands.py by scripts/build_template.py: do not edit.
Option Explicit
"""


def vba_module() -> str:
    """workbook/vba/AddinButtons.bas: one public Sub per button."""
    subs = [f"\nPublic Sub {c.button.macro}()\n    {c.button.statement}\nEnd Sub\n"
            for c in BUTTONS if c.button]
    return VBA_HEADER + "".join(subs)


def readme_command_rows() -> list[str]:
    """The rows of the README's「コマンド」table."""
    rows = []
    for c in SUBCOMMANDS:
        captions = [b.button.caption for b in BUTTONS
                    if b.button and (b.name == c.name or b.part_of == c.name)]
        rows.append(f"| `{c.synopsis}` | {c.in_excel or '・'.join(captions) or '—'} |")
    return rows


def readme_button_rows() -> list[str]:
    """The rows of the README's「ボタン（今日シートと注文シートの上）」table."""
    return [f"| {c.button.caption} | {c.button.does} |" for c in BUTTONS if c.button]
