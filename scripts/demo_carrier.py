"""Stand-ins for the outside world in the demo's shipping round trip (issue 20).

    demo_carrier.py export FORMAT YYYY-MM-DD OUT LABEL.csv...   the carrier's history after issuing our labels
    demo_carrier.py report UPLOADED.txt OUT.txt      Amazon's processing report: the first line rejected

Both files are synthetic (addin.core.labels.samples): valid 12-digit numbers, the report shape
Amazon documents. Nothing here talks to a carrier or to Amazon.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from addin.core.labels.amazon_result import read_upload
from addin.core.labels.samples import issued_export, processing_report


def main(argv: list[str]) -> int:
    if len(argv) >= 5 and argv[0] == "export":
        fmt, day, out, *labels = argv[1:]
        data = issued_export(fmt, [Path(p).read_bytes() for p in labels], 1_000_000, date.fromisoformat(day))
        Path(out).write_bytes(data)
        print(f"（デモ）運送会社の履歴ファイルを作りました: {out}")
        return 0
    if len(argv) == 3 and argv[0] == "report":
        lines = read_upload(Path(argv[1]).read_bytes())
        first = lines[0]
        errors = [(1, first.order_id, first.order_item_id, "99042",
                   "The carrier-code field contains an invalid value.")] if len(lines) > 1 else []
        Path(argv[2]).write_bytes(processing_report(len(lines), errors))
        print(f"（デモ）Amazon の処理レポートを作りました（エラー{len(errors)}行）: {argv[2]}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
