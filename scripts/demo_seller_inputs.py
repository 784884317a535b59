"""Demo only: type into the seller columns what a seller would have typed by the afternoon of
2026-11-26 (messages sent, bounced, items checked), so the demo shows every kind of row.

Usage: python scripts/demo_seller_inputs.py WORKBOOK
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from addin import layout
from addin.core.orders import read_orders
from addin.xlsx.book import XlsxBook

D = date.fromisoformat
EDITS: dict[str, dict[str, object]] = {
    # time request in the name, mailbox delivery, our message bounced → letter
    "503-4678469-9915242": {"発送方法": "クリックポスト", "連絡日": D("2026-11-24"), "連絡結果": "送信エラー"},
    # worse than listed (both items), asked, no answer before the ship-by date → letter
    "250-1257758-9608708": {"実際の状態": "良い", "状態メモ": "帯なし。カバーに小さな擦れがあります。",
                            "連絡日": D("2026-11-24"), "発送方法": "ゆうパケット"},
    # building without room number, message bounced → ship as written with a letter
    "503-2403245-7569010": {"連絡日": D("2026-11-25"), "連絡結果": "送信エラー", "発送方法": "ネコポス"},
    # no 番地 and the message bounced → Amazon seller support today
    "503-8725987-3600303": {"連絡日": D("2026-11-24"), "連絡結果": "送信エラー"},
    # a business order shipped with a letter for its late reply → 納品書 included
    "503-5734524-7791184": {"実際の状態": "可", "状態メモ": "角に折れがあります。", "連絡日": D("2026-11-20"),
                            "連絡結果": "送信エラー", "発送方法": "ゆうパック"},
    # shipped this morning, confirmation not sent yet → the most urgent row
    "249-1386514-7991128": {"発送日": D("2026-11-26"), "発送方法": "クリックポスト"},
    # shipped and confirmed yesterday → done
    "250-9770903-9060149": {"発送日": D("2026-11-25"), "出荷通知日": D("2026-11-25"),
                            "追跡番号": "123456789012", "発送方法": "クリックポスト"},
    # the item cannot be found
    "503-1681723-2207288": {"在庫": "欠品"},
    # the buyer answered that they want to cancel
    "250-7541580-1634085": {"連絡日": D("2026-11-25"), "連絡結果": "キャンセル希望"},
    # cash on delivery with a delivery window (2025 sample): a hand-over service that does COD
    "503-6021847-3359240": {"発送方法": "ゆうパック"},
}


def main(path: Path) -> None:
    book = XlsxBook.open(path)
    block = book.read_block(layout.ORDERS)
    table = read_orders(block)
    for order, i in zip(table.orders, table.row_indices, strict=True):
        edits = {"出品コンディション": "非常に良い", "発送方法": "クリックポスト", **EDITS.get(order.order_id, {})}
        for header, value in edits.items():
            col = layout.COLUMNS_BY_HEADER[header]
            book.write_block(layout.ORDERS, i + 1, table.positions[header] + 1, [[value]], [col.kind])
    settings = book.read_block(layout.SETTINGS)
    for r, row in enumerate(settings, start=1):
        if row and row[0] == "ショップ名":
            book.write_block(layout.SETTINGS, r, 2, [["古書みどり堂"]], [layout.Kind.TEXT])
    book.save()
    print(f"見本の入力をしました: {len(table.orders)} 行")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
