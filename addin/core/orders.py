"""The order table as a 2-D block (what one read of the 注文 sheet returns) ↔ Order records.

Both shells (openpyxl and xlwings) read the sheet once into a list of rows and hand it here; the
computed columns go back the same way, as whole columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from addin import layout
from addin.core import values
from addin.core.model import CellProblem, Order
from addin.errors import DomainError, cell_name
from addin.layout import Column, Kind

Block = list[list[object]]

_CHOICE_KEYS = {"listed_condition", "actual_condition", "stock", "contact_result", "ship_method"}


@dataclass
class OrderTable:
    """Where the order table sits in the block, and its rows parsed."""

    header_index: int  # 0-based row index of the header inside the block
    positions: dict[str, int]  # header text → 0-based column index
    orders: list[Order] = field(default_factory=list)
    row_indices: list[int] = field(default_factory=list)  # 0-based block row of each order
    last_index: int = 0  # 0-based index of the last non-blank row (header if none)


def locate(block: Block, sheet: str = layout.ORDERS, required: tuple[str, ...] = layout.KEY_HEADERS
           ) -> tuple[int, dict[str, int]]:
    idx = layout.find_header_row(block, required)
    if idx is None:
        raise DomainError(
            f"シート「{sheet}」に見出し行（{'、'.join(required)}）が見つかりません。"
            "見出しの文字を変えていないか確認してください。"
        )
    return idx, layout.header_positions(block[idx])


def missing_columns(positions: dict[str, int], columns: Sequence[Column]) -> list[str]:
    return [c.header for c in columns if c.header not in positions]


def _parser(col: Column, ship_methods: tuple[str, ...]) -> Callable[[object], object]:
    if col.key == "ship_method":
        return lambda v: values.choice(v, ship_methods)
    if col.key in _CHOICE_KEYS:
        return lambda v, c=col.choices: values.choice(v, c)
    if col.key in ("is_business", "is_prime"):
        return values.flag
    return {
        Kind.DATE: values.to_date,
        Kind.DATETIME: values.to_datetime,
        Kind.INT: values.to_int,
        Kind.ID: values.text,
        Kind.TEXT: values.text,
    }[col.kind]


def read_orders(block: Block, ship_methods: tuple[str, ...] = layout.SHIP_METHODS,
                default_ship_method: str = "") -> OrderTable:
    """Parse every non-blank row under the header. Unreadable cells become Order.problems.

    A blank 発送方法 becomes `default_ship_method` (設定「発送方法（空欄のとき）」) here, once, so
    triage, letters, messages and the label and confirmation files all see the same method; the
    seller's cell itself is never written."""
    header_index, positions = locate(block)
    table = OrderTable(header_index, positions, last_index=header_index)
    known = [positions[c.header] for c in layout.ORDER_COLUMNS
             if c.header in positions and c.owner is not layout.Owner.COMPUTED]
    plan = [
        (col.key, col.header, positions[col.header], _parser(col, ship_methods))
        for col in layout.ORDER_COLUMNS
        if col.header in positions and col.owner is not layout.Owner.COMPUTED
    ]
    for i in range(header_index + 1, len(block)):
        row = block[i]
        # A row is an order when any report or seller cell is filled; leftovers of computed
        # columns alone do not make an order.
        if all(values.is_blank(row[p]) for p in known if p < len(row)):
            continue
        fields: dict[str, object] = {"row": i + 1}
        problems: list[CellProblem] = []
        for key, header, pos, parse in plan:
            raw = row[pos] if pos < len(row) else None
            try:
                fields[key] = parse(raw)
            except values.ValueProblem as e:
                problems.append(CellProblem(key, header, cell_name(i + 1, pos + 1), e.message))
        if default_ship_method and fields.get("ship_method") == "":
            fields["ship_method"] = default_ship_method
        fields["problems"] = tuple(problems)
        table.orders.append(Order(**fields))  # type: ignore[arg-type]
        table.row_indices.append(i)
        table.last_index = i
    return table


def contiguous_runs(indices: Sequence[int]) -> list[list[int]]:
    """Group sorted column indices into runs of neighbours: each run is one block write."""
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs
