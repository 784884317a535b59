"""What the buttons of the 注文 sheet do. Each calls the same operation as its CLI subcommand
(`addin.commands`), through `XlwingsBook` instead of the openpyxl shell; VBA runs them as
`RunPython "import addin.excel; addin.excel.<entry>()"` (entry points made in addin/excel/__init__.py).

A button whose row names an operation and that needs nothing but the book runs `run_operation`;
the others have a function here named like their entry point: `work(session, command) -> lines`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from addin import layout
from addin.commands import Command
from addin.errors import UserError
from addin.excel import dialogs
from addin.excel.book import bounds
from addin.excel.session import Session, stamp
from addin.files import atomic_write, purge_backups

REPORT_PROMPT = "取り込む注文レポート（.txt）を選んでください（複数選べます）"
UPLOADED_PROMPT = "アップロードに成功した出荷通知ファイルを選んでください"
CARRIER_EXPORT_PROMPT = ("運送会社の履歴ファイル（B2クラウドの発行済みデータ・e飛伝IIIの出荷履歴・"
                         "クリックポストの発送履歴）を選んでください")
UPLOAD_PROMPT = "アップロードした出荷通知ファイルを選んでください"
REPORT_PROMPT_AMAZON = "Amazon の処理レポート（.txt）を選んでください"
CONFIRM_FILE_GLOB = "出荷通知_*.txt"  # what confirm_file writes


def import_report(s: Session, cmd: Command) -> list[str] | None:
    paths = dialogs.pick_files(s.app, REPORT_PROMPT, multi=True)
    if not paths:
        return None  # cancelled: nothing happens
    from addin.inputs import read_report_bytes
    from addin.ops.importing import load_report

    with s.busy("レポートを読み込んでいます…"):
        loaded = [load_report(p, read_report_bytes(p)) for p in paths]  # all parsed before the sheet is touched
        result = cmd.run()(s.port, loaded)
    return [*result.lines(), cmd.then]


def run_operation(s: Session, cmd: Command) -> list[str]:
    """The whole job of most buttons: run the operation on this book, show its summary."""
    with s.busy():
        result = cmd.run()(s.port)
    return [*result.lines(), *([cmd.then] if cmd.then else [])]


def print_letters(s: Session, cmd: Command) -> list[str]:
    folder = s.folder()
    sheet = s.port.sheet(layout.LETTERS)
    area = sheet.page_setup.print_area
    if not area:
        raise UserError("印刷する手紙がありません。先に「手紙作成」を押してください。")
    target = folder / f"手紙_{stamp()}.pdf"
    with s.busy("PDF を作っています…"):
        sheet.to_pdf(path=str(target), show=True)  # honours the print area; opens the PDF
    try:
        first, _, last, _ = bounds(str(area).split(",")[0])
        made = f"手紙 {max(1, (last - first + 1) // layout.LETTER_ROWS)} ページ"
    except ValueError:  # R1C1 reference style: the count is only for the message
        made = "手紙"
    return [f"{made}を PDF にしました: {target.name}（ブックと同じフォルダ）",
            "開いた PDF を A4・実際のサイズ（100%）で印刷してください。"]


def confirm_file(s: Session, cmd: Command) -> list[str]:
    folder = s.folder()

    with s.busy():
        result = cmd.run()(s.port)
    lines = list(result.lines())
    if result.data:  # empty when no row can be confirmed
        # The name carries only the time: never buyer text.
        target = folder / f"出荷通知_{stamp()}.txt"
        data: bytes = result.data
        atomic_write(target, lambda tmp: tmp.write_bytes(data), backup=False)
        lines.insert(0, f"ファイルを作りました: {target.name}（ブックと同じフォルダ）")
    return lines


def _on_picked_file(s: Session, cmd: Command, prompt: str) -> Any:
    """Ask for one file, then run the operation on its bytes (None: the seller cancelled)."""
    paths = dialogs.pick_files(s.app, prompt, multi=False)
    if not paths:
        return None
    data = _read(paths[0])
    with s.busy():
        return cmd.run()(s.port, data)


def mark_confirmed(s: Session, cmd: Command) -> list[str] | None:
    lines = _on_picked_file(s, cmd, UPLOADED_PROMPT)
    return None if lines is None else list(lines)


def purge_pii(s: Session, cmd: Command) -> list[str] | None:
    workbook = s.folder() / Path(str(s.book.fullname)).name
    purge = cmd.run()
    with s.busy("対象の注文を数えています…"):
        preview = purge(s.port, dry_run=True)
    if not preview.count:
        # No row to blank, so nothing to ask; still finish an interrupted purge: letters that
        # print purged buyers' names and old backups go (the same as the command line).
        with s.busy("確認しています…"):
            result = purge(s.port, dry_run=False)
            if result.letters_cleared:
                _save(s, "手紙は消しましたが")
        result.backups_removed = purge_backups(workbook)
        return list(result.lines())
    if not s.confirm(
        f"発送・キャンセルから{preview.days}日を過ぎた {preview.count} 件の注文から、"
        "購入者の氏名・住所・電話番号・メールアドレスを削除します。"
        "元に戻せません。削除のあとブックを上書き保存します。\n\nよろしいですか？"
    ):
        return ["取りやめました。何も変更していません。"]
    with s.busy("削除しています…"):
        result = purge(s.port, dry_run=False)
        _save(s, "個人情報は消しましたが")
    # Backups of earlier command-line saves hold the data too.
    result.backups_removed = purge_backups(workbook)
    return [*result.lines(), "ブックを上書き保存しました。"]


def _save(s: Session, done: str) -> None:
    """The file on disk must not keep what was just deleted."""
    try:
        s.book.save()
    except Exception as e:
        raise UserError(f"{done}、ブックを保存できませんでした（{type(e).__name__}）。"
                        "「ファイル → 上書き保存」で保存してください。") from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise UserError(f"ファイル「{path.name}」を読めません。") from None


def label_file(s: Session, cmd: Command) -> list[str]:
    """Every carrier's file that has ready orders, named by carrier and time (never buyer text)."""
    from addin.ops.labels import SHORT_NAMES

    folder = s.folder()
    with s.busy("送り状ファイルを作っています…"):
        result = cmd.run()(s.port)
    lines = list(result.lines())
    when = stamp()
    written = []
    for made in result.made:
        base = folder / f"送り状_{SHORT_NAMES[made.fmt]}_{when}.csv"
        for path, data in zip(made.names(base), made.files, strict=True):
            atomic_write(path, lambda tmp, data=data: tmp.write_bytes(data), backup=False)
            written.append(path.name)
    if written:
        lines.insert(0, f"ファイルを作りました: {'、'.join(written)}（ブックと同じフォルダ）")
    return lines


def import_tracking(s: Session, cmd: Command) -> list[str] | None:
    result = _on_picked_file(s, cmd, CARRIER_EXPORT_PROMPT)
    return None if result is None else list(result.lines())


def last_confirm_file(folder: Path) -> Path | None:
    """The newest confirmation file this button's sibling wrote (names sort by their time stamp)."""
    found = sorted(folder.glob(CONFIRM_FILE_GLOB))
    return found[-1] if found else None


def confirm_result(s: Session, cmd: Command) -> list[str] | None:
    """Offers the last confirmation file written next to the book, then asks for Amazon's report."""
    last = last_confirm_file(s.folder())
    uploaded = None
    if last is not None and s.confirm(f"最後に作った出荷通知ファイル「{last.name}」の処理レポートを選びます。\n\n"
                                      "別の出荷通知ファイルのときは「キャンセル」を押してください。"):
        uploaded = last
    if uploaded is None:
        paths = dialogs.pick_files(s.app, UPLOAD_PROMPT, multi=False)
        if not paths:
            return None
        uploaded = paths[0]
    reports = dialogs.pick_files(s.app, REPORT_PROMPT_AMAZON, multi=False)
    if not reports:
        return None
    upload_data, report_data = _read(uploaded), _read(reports[0])
    with s.busy():
        result = cmd.run()(s.port, upload_data, report_data)
    return [f"出荷通知ファイル: {uploaded.name}", *result.lines()]


def copy_message(s: Session, cmd: Command) -> list[str]:
    """「本文をコピー」: the 本文 of the selected 連絡文 row onto the clipboard, as plain text."""
    from addin.excel import clipboard
    from addin.ops.messages import text_at

    selection = s.book.selection  # the active sheet's selection
    if selection is None or selection.sheet.name != layout.MESSAGES:
        raise UserError(f"「{layout.MESSAGES}」シートで、コピーしたい連絡文の行のセルを選んでから押してください。")
    row = selection.row
    found = text_at(s.port.read_block(layout.MESSAGES), row)
    clipboard.set_text(found.body)
    where = ("セラーセントラルの注文の「購入者に連絡」の本文欄" if found.to == "購入者"
             else "セラーセントラルのサポートへの問い合わせの本文欄")
    lines = [f"{row}行目の本文（注文番号 {found.order_id}、{found.to}あて、{len(found.body)}文字）を"
             "コピーしました。", f"{where}に貼り付けてください。"]
    if found.to == "購入者" and found.reason:
        lines.append(f"問い合わせ内容: {found.reason}")
    return lines

