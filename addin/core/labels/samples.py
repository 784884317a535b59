"""Synthetic carrier exports and Amazon processing reports, for the demo and the tests.

Made from a label file we wrote, the way the carrier would answer it: B2クラウド returns the same
入出力 layout with 伝票番号 filled; e飛伝III's 出荷履歴 has its own 93-column header; Click Post's
history is modelled on the columns tools read by name (its real layout is unconfirmed). Numbers
are valid 12-digit 7DR numbers (see tracking.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from addin.core.labels import b2cloud, clickpost, ehiden3
from addin.core.labels.fields import ENCODING, NEWLINE, read_back


def valid_number(n: int) -> str:
    """The n-th 12-digit number with a 7DR check digit (11 digits + their remainder mod 7)."""
    body = f"{n:011d}"
    return body + str(int(body) % 7)


def _csv(rows: Sequence[Sequence[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=NEWLINE).writerows(rows)
    return buf.getvalue().encode(ENCODING)


def issued_export(fmt: str, label_files: Sequence[bytes], first: int, shipped: date) -> bytes:
    """The carrier's export for our label file(s): one issued number per label."""
    numbers = (valid_number(first + i) for i in range(10**6))
    if fmt == "b2cloud":
        layout = b2cloud.LAYOUT
        rows = [list(r) for f in label_files for r in read_back(layout, f)]
        for r in rows:
            r[layout.index("伝票番号")] = next(numbers)
        return _csv([layout.names, *rows])
    if fmt == "ehiden3":
        layout = ehiden3.LAYOUT
        head = ehiden3.HISTORY_HEADER
        out: list[list[str]] = [list(head)]
        for f in label_files:
            for r in read_back(layout, f):
                row = [""] * len(head)
                row[head.index("お問い合せ送り状No.")] = next(numbers)
                row[head.index("出荷日")] = f"{shipped:%Y/%m/%d}"
                row[head.index("お届け先郵便番号")] = r[layout.index("お届け先郵便番号")].replace("-", "")
                row[head.index("お届け先名称1")] = r[layout.index("お届け先名称1")]
                row[head.index("お客様管理番号")] = r[layout.index("お客様管理番号")]
                row[head.index("削除区分")] = "0"
                row[head.index("エラー")] = "正常"
                out.append(row)
        return _csv(out)
    if fmt == "clickpost":
        layout = clickpost.LAYOUT
        out = [["申込日時", "お問い合わせ番号", "お届け先氏名", "郵便番号", "内容品"]]
        for f in label_files:
            for r in read_back(layout, f):
                out.append([f"{shipped:%Y/%m/%d} 10:00", next(numbers), r[1], r[0], r[7]])
        return _csv(out)
    raise ValueError(fmt)


def processing_report(upload_lines: int, errors: Sequence[tuple[int, str, str, str, str]]) -> bytes:
    """Amazon's processing report for an upload of `upload_lines` lines; `errors` are
    (record number, order-id, order-item-id, error-code, message) of the rejected lines."""
    lines = ["Feed Processing Summary:",
             f"\tNumber of records processed\t\t{upload_lines}",
             f"\tNumber of records successful\t\t{upload_lines - len(errors)}",
             "",
             "original-record-number\torder-id\torder-item-id\terror-code\terror-type\terror-message"]
    lines += [f"{rec}\t{oid}\t{item}\t{code}\tError\t{msg}" for rec, oid, item, code, msg in errors]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
