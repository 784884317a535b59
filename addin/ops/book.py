"""The common start of every operation: 設定 and the 注文 table, read once, and "today"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from addin import layout
from addin.core.calendar import today_in_japan
from addin.core.model import Settings
from addin.core.orders import OrderTable, read_orders
from addin.core.settings import read_settings
from addin.core.shipping import ship_methods
from addin.ports import Block, BookPort


@dataclass(frozen=True)
class Opened:
    settings: Settings
    block: Block  # the 注文 sheet as read (A1 to the last used cell)
    table: OrderTable
    today: date


def load_settings(book: BookPort) -> Settings:
    """設定 as typed values; a workbook without the sheet gets the defaults."""
    return read_settings(book.read_block(layout.SETTINGS)) if book.has_sheet(layout.SETTINGS) else Settings()


def read_book(book: BookPort, today: date | None = None, settings: Settings | None = None) -> Opened:
    """設定 (unless given), the 注文 sheet as one block and its parsed orders, and today in Japan
    (`today` overrides, as --today does)."""
    settings = load_settings(book) if settings is None else settings
    block = book.read_block(layout.ORDERS)
    table = read_orders(block, ship_methods(settings), settings.default_ship_method)
    return Opened(settings, block, table, today_in_japan(settings, today))
