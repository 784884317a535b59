"""The 手紙作成 button: letters for the orders whose 手紙 column names a letter kind.

Reads 設定, 文面 and 注文 once; the core composes and checks every letter; the 手紙 sheet is
replaced in one block (LETTER_ROWS rows per letter, one A4 page each) and each order's 手紙 cell
gets "kind (p.N)". A shell that can format cells (`format_letters`) also gets the row styles and
the page count, so it can set fonts, page breaks and the print area itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from addin import layout
from addin.core import values
from addin.core.letters import (
    STYLE_SCALE,
    TEMPLATE_HEADERS,
    Batch,
    LetterError,
    LetterPart,
    Problem,
    Style,
    default_template_rows,
    letter_cell,
    make_batch,
    parse_letter_cell,
    parse_templates,
)
from addin.errors import UserError
from addin.layout import Kind
from addin.ops.book import read_book
from addin.ports import Block, BookPort, LetterFormatter

LETTER_HEADER = layout.COLUMNS_BY_KEY["letter"].header


@dataclass
class LettersResult:
    letters: int = 0
    problems: list[Problem] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)  # order id -> page
    restored_templates: bool = False
    added_templates: list[str] = field(default_factory=list)  # 区分 filled from the defaults

    def lines(self) -> list[str]:
        out = []
        if self.restored_templates:
            out.append(f"シート「{layout.TEMPLATES}」が空だったので、初期の文面を入れました。")
        if self.added_templates:
            keys = self.added_templates
            out.append(f"シート「{layout.TEMPLATES}」になかった区分（{'・'.join(keys[:6])}"
                       f"{f' ほか{len(keys) - 6}行' if len(keys) > 6 else ''}）を、初期の文面で下に加えました。"
                       "新しい版で増えた行です。必要なら書き換えてください。")
        if self.letters:
            out.append(f"手紙を{self.letters}通作りました（シート「{layout.LETTERS}」に1通1ページ）。")
        elif not self.problems:
            out.append(f"手紙が必要な注文はありません（「{LETTER_HEADER}」列に手紙の種類がある行が対象です。"
                       "先にトリアージを実行してください）。")
        if self.problems:
            out.append(f"作れなかった手紙が{len({p.order_id for p in self.problems})}件あります:")
            out.extend("  " + p.message for p in self.problems)
        return out


def template_rows(block: Block) -> tuple[list[list[object]], int]:
    """Rows under the 文面 header (区分, 文面), and the sheet row number of the first one."""
    idx = layout.find_header_row(block, TEMPLATE_HEADERS)
    if idx is None:
        if all(values.is_blank(v) for row in block for v in row):
            return [], 2
        raise UserError(f"シート「{layout.TEMPLATES}」に見出し（{'・'.join(TEMPLATE_HEADERS)}）が"
                        "見つかりません。")
    row = block[idx]
    positions = {str(v).strip(): i for i, v in enumerate(row) if v is not None}
    k, t = positions[TEMPLATE_HEADERS[0]], positions[TEMPLATE_HEADERS[1]]
    rows = [[r[k] if k < len(r) else None, r[t] if t < len(r) else None] for r in block[idx + 1:]]
    return rows, idx + 2


def add_missing_templates(book: BookPort, rows: list[list[object]], first_row: int
                          ) -> tuple[list[list[object]], list[str]]:
    """A 文面 made by an earlier release lacks the rows a later one added: append each missing
    区分 with its default wording under the last row (the seller sees and can edit it), instead
    of refusing every letter. Returns the rows as now on the sheet and the 区分 added."""
    present = {values.norm(r[0]) for r in rows if r and not values.is_blank(r[0])}
    missing = [[k, t] for k, t in default_template_rows() if k not in present]
    if not missing:
        return rows, []
    block = book.read_block(layout.TEMPLATES)
    header = block[first_row - 2]
    positions = {str(v).strip(): i for i, v in enumerate(header) if v is not None}
    k, t = positions[TEMPLATE_HEADERS[0]], positions[TEMPLATE_HEADERS[1]]
    used = [i for i, r in enumerate(rows) if not all(values.is_blank(v) for v in r)]
    at = first_row + (used[-1] + 1 if used else 0)
    if t == k + 1:
        book.write_block(layout.TEMPLATES, at, k + 1, missing, [Kind.TEXT, Kind.TEXT])
    else:  # the seller moved the columns apart: one block each
        book.write_block(layout.TEMPLATES, at, k + 1, [[m[0]] for m in missing], [Kind.TEXT])
        book.write_block(layout.TEMPLATES, at, t + 1, [[m[1]] for m in missing], [Kind.TEXT])
    kept = rows[:used[-1] + 1] if used else []
    return [*kept, *missing], [m[0] for m in missing]


RIGHT_ALIGNED = frozenset({Style.DATE, Style.SIGN})


def sheet_rows(batch: Batch) -> tuple[Block, list[Style]]:
    """The 手紙 sheet as one block: LETTER_ROWS rows per letter, text in column A, except date and
    signature rows, whose text goes in LETTER_RIGHT_COL, right-aligned by the cell (so the shells
    align them with one block write, not per cell). The block is LETTER_COLS wide so the print
    area the shell derives from it covers the columns the text overflows into."""
    rows: Block = []
    styles: list[Style] = []
    for page in batch.pages:
        padded = [*page, *([None] * (layout.LETTER_ROWS - len(page)))]
        for line in padded:
            row: list[object] = [None] * layout.LETTER_COLS
            if line and line.text:
                row[layout.LETTER_RIGHT_COL - 1 if line.style in RIGHT_ALIGNED else 0] = line.text
            rows.append(row)
            styles.append(line.style if line else Style.BLANK)
    return rows, styles


def make_letters(book: BookPort, today: date | None = None) -> LettersResult:
    start = read_book(book, today)
    settings, block, table, day = start.settings, start.block, start.table, start.today
    if LETTER_HEADER not in table.positions:
        raise UserError(f"シート「{layout.ORDERS}」に「{LETTER_HEADER}」列がありません。")
    if not book.has_sheet(layout.TEMPLATES):
        raise UserError(f"シート「{layout.TEMPLATES}」がありません。テンプレートから作り直してください。")
    if not book.has_sheet(layout.LETTERS):
        raise UserError(f"シート「{layout.LETTERS}」がありません。テンプレートから作り直してください。")
    rows, first_row = template_rows(book.read_block(layout.TEMPLATES))
    restored = False
    if all(values.is_blank(v) for row in rows for v in row):
        # An empty 文面 (a workbook from an early template, or everything deleted): put the
        # default wording there, so the seller sees and can edit what gets printed.
        rows = [list(r) for r in default_template_rows()]
        book.write_block(layout.TEMPLATES, first_row - 1, 1,
                         [list(TEMPLATE_HEADERS), *rows], [Kind.TEXT, Kind.TEXT])
        restored = True
    rows, added = add_missing_templates(book, rows, first_row)
    col = table.positions[LETTER_HEADER]
    cells = [block[i][col] if col < len(block[i]) else None for i in table.row_indices]
    parts: list[tuple[LetterPart, ...]] = [parse_letter_cell(v) for v in cells]
    try:
        templates = parse_templates(rows, first_row)
        batch = make_batch(list(zip(table.orders, parts, strict=True)), settings, templates, day,
                           width=layout.LETTER_LINE_WIDTH, max_rows=layout.LETTER_ROWS,
                           scales=STYLE_SCALE if getattr(book, "applies_letter_fonts", False) else {})
    except LetterError as e:
        raise UserError("文面に問題があるため、手紙を作りませんでした。\n" + e.message) from None

    result = LettersResult(len(batch.letters), batch.problems, restored_templates=restored,
                           added_templates=added)
    sheet, styles = sheet_rows(batch)
    pages = len(batch.letters)
    book.replace_sheet(layout.LETTERS, sheet, [Kind.TEXT] * layout.LETTER_COLS,
                       print_rows=pages * layout.LETTER_ROWS)
    if isinstance(book, LetterFormatter):
        book.format_letters(layout.LETTERS, styles, pages)

    # 手紙 column: "kind (p.N)" on every row of a made letter; a letter not made keeps its kind
    # without a stale page number.
    made = {letter.order_id: (letter, n) for n, letter in enumerate(batch.letters, 1)}
    result.pages = {oid: n for oid, (_, n) in made.items()}
    new_cells: list[object] = []
    for order, old, ps in zip(table.orders, cells, parts, strict=True):
        hit = made.get(order.order_id.strip())
        if hit:
            new_cells.append(letter_cell(hit[0], hit[1]))
        elif ps:
            new_cells.append("・".join(p.label for p in ps))
        else:
            new_cells.append(old)
    if any(ps for ps in parts) or made:
        _write_column(book, block, table.row_indices, col, new_cells, cells)
    return result


def _write_column(book: BookPort, block: Block, row_indices: list[int], col: int,
                  new: list[object], old: list[object]) -> None:
    """Write the changed 手紙 cells as one block from the first to the last changed row; rows in
    between keep what they hold."""
    changed = [i for i, (a, b) in enumerate(zip(new, old, strict=True))
               if values.text(a) != values.text(b)]
    if not changed:
        return
    lo, hi = row_indices[changed[0]], row_indices[changed[-1]]
    column: dict[int, object] = dict(zip(row_indices, new, strict=True))
    rows = [[column[i] if i in column else (block[i][col] if col < len(block[i]) else None)]
            for i in range(lo, hi + 1)]
    book.write_block(layout.ORDERS, lo + 1, col + 1, rows, [Kind.TEXT])
