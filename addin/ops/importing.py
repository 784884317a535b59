"""The 注文取込 button: parse Amazon report files, merge them into 注文 as whole blocks.

The shells read every report and parse it (`load_report`) before the workbook is touched (the CLI
before it even opens the book), so a bad file leaves the workbook as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from addin import layout
from addin.core.merge import combine, merge
from addin.core.report import ParsedReport, parse_report
from addin.errors import UserError
from addin.ports import BookPort

MAX_SHOWN_WARNINGS = 30


@dataclass(frozen=True)
class LoadedReport:
    path: Path
    report: ParsedReport


def load_report(path: Path, data: bytes) -> LoadedReport:
    """Parse one report file's bytes (read by the shell with `addin.inputs.read_report_bytes`)."""
    return LoadedReport(path, parse_report(data, path.name))


@dataclass
class ImportResult:
    files: list[tuple[str, str, str, int]] = field(default_factory=list)  # name, kind, encoding, rows
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"読み込み: {name}（{kind}、{encoding}、{rows:,} 行）"
               for name, kind, encoding, rows in self.files]
        out.append(f"{self.added:,} 件追加、{self.updated:,} 件更新、{self.unchanged:,} 件変更なし")
        shown = self.warnings[:MAX_SHOWN_WARNINGS]
        out.extend(f"注意: {w}" for w in shown)
        if len(self.warnings) > len(shown):
            out.append(f"注意: ほかに {len(self.warnings) - len(shown):,} 件あります。")
        return out


def import_reports(book: BookPort, loaded: list[LoadedReport]) -> ImportResult:
    if not loaded:
        raise UserError("取り込むレポートファイルを指定してください。")
    if not book.has_sheet(layout.ORDERS):
        raise UserError(f"ブックにシート「{layout.ORDERS}」がありません。注文ブックを指定してください。")
    reports = [x.report for x in loaded]
    block = book.read_block(layout.ORDERS)
    plan = merge(block, combine(reports))  # may raise: nothing written yet
    for w in plan.writes:
        book.write_block(layout.ORDERS, w.row, w.col, w.rows, w.kinds)
    result = ImportResult(added=plan.added, updated=plan.updated, unchanged=plan.unchanged)
    for r in reports:
        result.files.append((r.name, r.kind, r.encoding, len(r.records)))
        result.warnings.extend(r.warnings)
    if plan.missing_columns:
        result.warnings.append(
            f"シート「{layout.ORDERS}」に列「{'」「'.join(plan.missing_columns)}」がないため、"
            "その値は取り込んでいません（見出しの文字を確認してください）。"
        )
    return result
