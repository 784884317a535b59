"""日本郵便 クリックポスト「まとめ申込」upload file: 8 columns with the template's header row, as data.

Sources (no official machine-readable spec; the CSV manual https://clickpost.jp/create_csv_manual_yahoo.pdf
is cited by the tools below): label-formats/README.md §1 — YAJIMA/welcart_csv4clickpost
ClickpostNumber.class.php (SJIS-win, the same 8 header names), jmleejake/csvProject AmazonDAO.java
(40 rows per upload, name 20 / contents 15 全角), inkuxuan/web-booth-to-clickpost-converter
utils/csvHelper.ts, make-it-at/clickpost-csv-extension README.md. Shift_JIS, CRLF, header row kept as is,
at most 40 rows per upload; 氏名 and each 住所 line 全角20/半角40, 内容品 全角15/半角30.
There is no order-id column: 内容品 carries our short order token (see rules.clickpost_token), and the
history download is matched on 郵便番号 + that token, or 郵便番号 + 氏名.
"""

from __future__ import annotations

from addin.core.labels.fields import Chars, Field, Layout

FIELDS: tuple[Field, ...] = (
    Field("お届け先郵便番号", 7, True, Chars.DIGITS),
    Field("お届け先氏名", 40, True),
    Field("お届け先敬称", 4),
    Field("お届け先住所1行目", 40, True),
    Field("お届け先住所2行目", 40),
    Field("お届け先住所3行目", 40),
    Field("お届け先住所4行目", 40),
    Field("内容品", 30, True),
)

LAYOUT = Layout("clickpost", "クリックポスト まとめ申込", FIELDS, header=True, max_rows=40,
                source="label-formats/README.md §1 (welcart_csv4clickpost, csvProject AmazonDAO.java)")

METHODS = frozenset({"クリックポスト"})
