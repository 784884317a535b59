"""A small in-memory stand-in for the xlwings objects the Excel shell uses (App, Book, Sheets,
Sheet, Range, PageSetup), for tests on Linux where Excel cannot run.

- Every public attribute offered here exists on the real xlwings class of the pinned version
  (tests/test_excel_contract.py checks it), so the shell cannot start using something the real
  library does not have. Test-only state lives in attributes starting with `_`.
- Cross-application calls are counted on the App (`app._calls`): one per xlwings property access
  or method call that has to reach Excel (a COM or AppleScript round trip, or a few). Pure
  Python steps such as `Range.options()` are free. xlwings' own chunking of big transfers
  (`max_cells_per_read` / `max_cells_per_write`) is modelled: one call per chunk.
- Assigning a value models Excel's parsing of typed input, which is what COM's `Range.Value = x`
  does: a string starting with `'` is text (the quote is dropped), `=`/`+`/`-`/`@` start a
  formula, and strings that look like numbers, dates, times, booleans or error values are
  converted. So a test can tell text that stays text from text Excel would have changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, ClassVar

# xlwings.base_classes: DEFAULT_MAX_CELLS_PER_READ / _WRITE (Mac reads: 1,500,000)
MAX_CELLS_PER_READ = 4_000_000
MAX_CELLS_PER_WRITE = 100_000


@dataclass(frozen=True)
class Formula:
    text: str


@dataclass(frozen=True)
class ErrorValue:
    text: str


@dataclass(frozen=True)
class Text:
    """A string cell entered with the `'` prefix (Excel's PrefixCharacter)."""

    text: str


_NUMBER = re.compile(r"^[+-]?[¥$]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$")
_PAREN_NUMBER = re.compile(r"^\([¥$]?\d[\d,]*(\.\d+)?\)$")
_DATE_PARTS = re.compile(r"^(\d{1,4})[/-](\d{1,4})(?:[/-](\d{1,4}))?(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_DATE_KANJI = re.compile(r"^(?:(\d{1,4})年)?(\d{1,2})月(\d{1,2})日$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_ERRORS = {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!"}


def _year(y: int) -> int:
    return y + 2000 if y < 30 else y + 1900 if y < 100 else y


def _date(y: int, m: int, d: int) -> datetime | None:
    try:
        return datetime(_year(y), m, d)
    except ValueError:
        return None


def _parse_date(t: str) -> datetime | None:
    m = _DATE_PARTS.match(t)
    if m:
        a, b, c = int(m[1]), int(m[2]), m[3]
        if c is not None:  # y/m/d (Japanese order)
            dt = _date(a, b, int(c))
        else:  # m/d of this year, else m/yy
            dt = _date(date.today().year, a, b) or (_date(b, a, 1) if 1 <= a <= 12 else None)
        if dt and m[4]:
            dt = dt.replace(hour=int(m[4]), minute=int(m[5]), second=int(m[6] or 0))
        return dt
    m = _DATE_KANJI.match(t)
    if m:
        return _date(int(m[1]) if m[1] else date.today().year, int(m[2]), int(m[3]))
    return None


def excel_parse(value: object) -> object:
    """What a cell holds after `Range.Value = value` (a string is parsed as if typed)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if not isinstance(value, str):
        raise TypeError(f"Excel cannot take a {type(value).__name__}")
    if value == "":
        return None
    if value.startswith("'"):
        return Text(value[1:])
    t = unicodedata.normalize("NFKC", value).strip()  # Japanese Excel reads full-width input
    if t.startswith("=") or (len(t) > 1 and t[0] in "+-@" and not _NUMBER.match(t)):
        return Formula(value)
    if _NUMBER.match(t) or _PAREN_NUMBER.match(t):
        num = t.strip("()").replace(",", "").replace("¥", "").replace("$", "")
        n = float(num.rstrip("%")) / (100 if num.endswith("%") else 1)
        return -n if t.startswith("(") else n
    dt = _parse_date(t)
    if dt is not None:
        return dt
    m = _TIME.match(t)
    if m and int(m[1]) < 24 and int(m[2]) < 60:
        return (int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3] or 0)) / 86400
    if t.upper() in ("TRUE", "FALSE"):
        return t.upper() == "TRUE"
    if t.upper() in _ERRORS:
        return ErrorValue(t.upper())
    return value


def excel_read(cell: object) -> object:
    """What xlwings' `.value` returns for a stored cell (default converters)."""
    if isinstance(cell, Text):
        return cell.text
    if isinstance(cell, Formula):
        return cell.text  # the tests look at _cells to see formulas; the text is enough here
    if isinstance(cell, ErrorValue):
        return None  # xlwings turns error cells into None unless err_to_str
    return cell


def column_letters(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _cell_ref(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", ref.upper())
    if not m:
        raise ValueError(ref)
    return int(m[2]), column_number(m[1])


class FakeExcelApi:
    """`app.api`: the part of Excel's own object model the shell calls (Windows file dialog)."""

    def __init__(self) -> None:
        self._open_answer: object = False
        self._open_calls: list[tuple[object, ...]] = []

    def GetOpenFilename(self, *args: object) -> object:  # Excel's own method name
        self._open_calls.append(args)
        return self._open_answer


class FakeApp:
    def __init__(self) -> None:
        self._calls: Counter[str] = Counter()
        self._screen_updating = True
        self._calculation = "automatic"
        self._status_bar: str | bool = False
        self._status_history: list[str | bool] = []
        self._alerts: list[dict[str, object]] = []
        self._answers: list[str] = []  # what the next alert() returns (default "ok")
        self._api = FakeExcelApi()
        self._state_log: list[tuple[str, object]] = []

    def _call(self, name: str, n: int = 1) -> None:
        self._calls[name] += n

    def _total(self) -> int:
        return sum(self._calls.values())

    @property
    def api(self) -> FakeExcelApi:
        self._call("App.api")
        return self._api

    @property
    def screen_updating(self) -> bool:
        self._call("App.screen_updating")
        return self._screen_updating

    @screen_updating.setter
    def screen_updating(self, value: bool) -> None:
        self._call("App.screen_updating=")
        self._screen_updating = value
        self._state_log.append(("screen_updating", value))

    @property
    def calculation(self) -> str:
        self._call("App.calculation")
        return self._calculation

    @calculation.setter
    def calculation(self, value: str) -> None:
        if value not in ("automatic", "manual", "semiautomatic"):
            raise ValueError(value)
        self._call("App.calculation=")
        self._calculation = value
        self._state_log.append(("calculation", value))

    @property
    def status_bar(self) -> str | bool:
        self._call("App.status_bar")
        return self._status_bar

    @status_bar.setter
    def status_bar(self, value: str | bool) -> None:
        self._call("App.status_bar=")
        self._status_bar = value
        self._status_history.append(value)

    @contextmanager
    def properties(self, **kwargs: Any) -> Iterator[FakeApp]:
        # Same algorithm as xlwings.App.properties (0.37.8).
        initial = {}
        for attribute, value in kwargs.items():
            initial[attribute] = getattr(self, attribute, value)
            setattr(self, attribute, value)
        try:
            yield self
        finally:
            for attribute, value in initial.items():
                setattr(self, attribute, value)

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok",
              mode: str | None = None, callback: str | None = None) -> str:
        self._call("App.alert")
        if buttons not in ("ok", "ok_cancel", "yes_no", "yes_no_cancel"):
            raise ValueError(buttons)
        if mode not in (None, "info", "critical"):
            raise ValueError(mode)
        self._alerts.append({"prompt": prompt, "title": title, "buttons": buttons, "mode": mode,
                             "screen_updating": self._screen_updating})
        return self._answers.pop(0) if self._answers else "ok"


class FakePageSetup:
    def __init__(self, sheet: FakeSheet) -> None:
        self._sheet = sheet

    @property
    def print_area(self) -> str | None:
        self._sheet._app._call("PageSetup.print_area")
        return self._sheet._print_area

    @print_area.setter
    def print_area(self, value: str | None) -> None:
        self._sheet._app._call("PageSetup.print_area=")
        self._sheet._print_area = value or None


class FakeRange:
    def __init__(self, sheet: FakeSheet, r1: int, c1: int, r2: int, c2: int,
                 options: dict[str, Any] | None = None) -> None:
        if min(r1, c1) < 1 or r2 < r1 or c2 < c1:
            raise ValueError("bad range")
        self._sheet, self._r1, self._c1, self._r2, self._c2 = sheet, r1, c1, r2, c2
        self._options = options or {}

    def options(self, convert: Any = None, **options: Any) -> FakeRange:
        if convert is not None:
            raise NotImplementedError("converters are not modelled")
        return FakeRange(self._sheet, self._r1, self._c1, self._r2, self._c2, options)

    @property
    def sheet(self) -> FakeSheet:
        self._sheet._app._call("Range.sheet")
        return self._sheet

    @property
    def address(self) -> str:
        self._sheet._app._call("Range.address")
        a = f"${column_letters(self._c1)}${self._r1}"
        if (self._r1, self._c1) == (self._r2, self._c2):
            return a
        return f"{a}:${column_letters(self._c2)}${self._r2}"

    @property
    def row(self) -> int:
        self._sheet._app._call("Range.row")
        return self._r1

    @property
    def column(self) -> int:
        self._sheet._app._call("Range.column")
        return self._c1

    @property
    def shape(self) -> tuple[int, int]:
        self._sheet._app._call("Range.shape")
        return self._r2 - self._r1 + 1, self._c2 - self._c1 + 1

    @property
    def value(self) -> Any:
        rows, cols = self._r2 - self._r1 + 1, self._c2 - self._c1 + 1
        chunk = self._options.get("chunksize") or (
            max(1, MAX_CELLS_PER_READ // cols) if rows * cols > MAX_CELLS_PER_READ else rows)
        self._sheet._app._call("Range.value", -(-rows // chunk))
        cells = self._sheet._cells
        data = [[excel_read(cells.get((r, c))) for c in range(self._c1, self._c2 + 1)]
                for r in range(self._r1, self._r2 + 1)]
        if self._options.get("ndim") == 2:
            return data
        if rows == 1 and cols == 1:
            return data[0][0]
        if rows == 1:
            return data[0]
        if cols == 1:
            return [r[0] for r in data]
        return data

    @value.setter
    def value(self, data: Any) -> None:
        if isinstance(data, (list, tuple)) and data and isinstance(data[0], (list, tuple)):
            rows = [list(r) for r in data]
        elif isinstance(data, (list, tuple)):
            rows = [list(data)]
        else:
            rows = [[data]]
        width = len(rows[0])
        if any(len(r) != width for r in rows):
            raise ValueError("xlwings needs rows of equal length")
        if not width:
            return
        chunk = max(1, MAX_CELLS_PER_WRITE // width) if len(rows) * width > MAX_CELLS_PER_WRITE \
            else len(rows)
        self._sheet._app._call("Range.value=", -(-len(rows) // chunk))
        cells = self._sheet._cells
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                key = (self._r1 + i, self._c1 + j)
                parsed = excel_parse(v)
                if parsed is None:
                    cells.pop(key, None)
                else:
                    cells[key] = parsed

    def clear_contents(self) -> None:
        self._sheet._app._call("Range.clear_contents")
        for r in range(self._r1, self._r2 + 1):
            for c in range(self._c1, self._c2 + 1):
                self._sheet._cells.pop((r, c), None)


class FakeSheet:
    def __init__(self, book: FakeBook, name: str) -> None:
        self._book = book
        self._app = book._app
        self._name = name
        self._cells: dict[tuple[int, int], object] = {}
        self._print_area: str | None = None
        self._pdfs: list[dict[str, object]] = []

    @property
    def name(self) -> str:
        self._app._call("Sheet.name")
        return self._name

    @property
    def book(self) -> FakeBook:
        self._app._call("Sheet.book")
        return self._book

    @property
    def index(self) -> int:
        self._app._call("Sheet.index")
        return list(self._book._sheets).index(self._name) + 1

    def range(self, cell1: Any, cell2: Any = None) -> FakeRange:
        self._app._call("Sheet.range")
        r1, c1 = cell1 if isinstance(cell1, tuple) else _cell_ref(cell1)
        if cell2 is None:
            return FakeRange(self, r1, c1, r1, c1)
        r2, c2 = cell2 if isinstance(cell2, tuple) else _cell_ref(cell2)
        return FakeRange(self, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))

    @property
    def used_range(self) -> FakeRange:
        self._app._call("Sheet.used_range")
        if not self._cells:
            return FakeRange(self, 1, 1, 1, 1)
        rows = [r for r, _ in self._cells]
        cols = [c for _, c in self._cells]
        return FakeRange(self, min(rows), min(cols), max(rows), max(cols))

    def clear_contents(self) -> None:
        self._app._call("Sheet.clear_contents")
        self._cells.clear()

    def activate(self) -> None:
        self._app._call("Sheet.activate")
        self._book._active = self._name

    @property
    def page_setup(self) -> FakePageSetup:
        self._app._call("Sheet.page_setup")
        return FakePageSetup(self)

    def to_pdf(self, path: Any = None, layout: Any = None, show: bool = False,
               quality: str = "standard") -> str:
        self._app._call("Sheet.to_pdf")
        if layout is not None:
            raise NotImplementedError("layout needs xlwings PRO")
        target = str(path) if path is not None else self._name + ".pdf"
        self._pdfs.append({"path": target, "show": show, "print_area": self._print_area})
        with open(target, "wb") as f:
            f.write(b"%PDF-1.4 fake\n")
        return target

    # --- test helpers -----------------------------------------------------------------------
    def _set(self, row: int, col: int, rows: list[list[object]]) -> None:
        """Put values as a seller would have typed them (no call counted)."""
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                parsed = excel_parse(v)
                if parsed is not None:
                    self._cells[(row + i, col + j)] = parsed

    def _get(self, row: int, col: int) -> object:
        return excel_read(self._cells.get((row, col)))


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self._book = book

    def __getitem__(self, key: int | str) -> FakeSheet:
        self._book._app._call("Sheets[]")
        sheets = self._book._sheets
        if isinstance(key, int):
            return list(sheets.values())[key]  # 0-based, negative from the end, like xlwings
        if key not in sheets:
            raise KeyError(key)
        return sheets[key]

    def __len__(self) -> int:
        self._book._app._call("Sheets.len")
        return len(self._book._sheets)

    def __iter__(self) -> Iterator[FakeSheet]:
        self._book._app._call("Sheets.iter")
        return iter(list(self._book._sheets.values()))

    @property
    def count(self) -> int:
        return len(self)

    def add(self, name: str | None = None, before: FakeSheet | None = None,
            after: FakeSheet | None = None) -> FakeSheet:
        self._book._app._call("Sheets.add")
        names = list(self._book._sheets)
        if name in names:
            raise ValueError(f"sheet {name} exists")
        name = name or f"Sheet{len(names) + 1}"
        if before is not None:
            pos = names.index(before._name)
        elif after is not None:
            pos = names.index(after._name) + 1
        else:
            pos = 0  # xlwings: before the active sheet; the fake's active sheet is the first
        sheets = list(self._book._sheets.items())
        new = FakeSheet(self._book, name)
        sheets.insert(pos, (name, new))
        self._book._sheets = dict(sheets)
        return new


class FakeBook:
    _caller: ClassVar[FakeBook | None] = None

    def __init__(self, fullname: str, sheet_names: list[str], app: FakeApp | None = None) -> None:
        self._app = app or FakeApp()
        self._fullname = fullname
        self._sheets: dict[str, FakeSheet] = {}
        for n in sheet_names:
            self._sheets[n] = FakeSheet(self, n)
        self._saved = 0
        self._selection: tuple[str, int, int] | None = None

    @classmethod
    def caller(cls) -> FakeBook:
        if cls._caller is None:
            raise RuntimeError("Book.caller() must not be called directly")
        cls._caller._app._call("Book.caller")
        return cls._caller

    @property
    def app(self) -> FakeApp:
        self._app._call("Book.app")
        return self._app

    @property
    def name(self) -> str:
        self._app._call("Book.name")
        return self._fullname.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def fullname(self) -> str:
        self._app._call("Book.fullname")
        return self._fullname

    @property
    def sheets(self) -> FakeSheets:
        self._app._call("Book.sheets")
        return FakeSheets(self)

    @property
    def selection(self) -> FakeRange | None:
        """The selected cell of the active sheet (tests choose it with `_select`)."""
        self._app._call("Book.selection")
        if self._selection is None:
            return None
        name, row, col = self._selection
        return FakeRange(self._sheets[name], row, col, row, col)

    @property
    def sheet_names(self) -> list[str]:
        self._app._call("Book.sheet_names")
        return list(self._sheets)

    def save(self, path: Any = None, password: str | None = None) -> None:
        self._app._call("Book.save")
        self._saved += 1

    def to_pdf(self, path: Any = None, include: Any = None, exclude: Any = None, layout: Any = None,
               exclude_start_string: str = "#", show: bool = False, quality: str = "standard") -> str:
        self._app._call("Book.to_pdf")
        raise NotImplementedError("the shell prints one sheet with Sheet.to_pdf")

    # --- test helpers -----------------------------------------------------------------------
    def _sheet(self, name: str) -> FakeSheet:
        return self._sheets[name]

    def _select(self, name: str, row: int, col: int = 1) -> None:
        """The seller activates sheet `name` and clicks a cell."""
        self._active = name
        self._selection = (name, row, col)


# --- test data: workbooks shaped like the template --------------------------------------------

def put(sheet: FakeSheet, row: int, col: int, rows: list[list[object]]) -> None:
    """Store values as a saved file holds them (strings are text, whatever they look like)."""
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if v is None or v == "":
                continue
            sheet._cells[(row + i, col + j)] = Text(v) if isinstance(v, str) else excel_parse(v)


def load_xlsx(path: Any, app: FakeApp | None = None) -> FakeBook:
    """A fake book holding the values of a saved workbook (what Excel would show)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    book = FakeBook(str(path), wb.sheetnames, app)
    for ws in wb.worksheets:
        sheet = book._sheet(ws.title)
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    put(sheet, c.row, c.column, [[c.value]])
        sheet._print_area = ws.print_area if isinstance(ws.print_area, str) else None
    return book


def order_rows(n: int, start: datetime = datetime(2026, 11, 16, 10, 0)) -> list[list[object]]:
    """`n` rows for the 注文 table, in layout.ORDER_COLUMNS order, with some variety."""
    from datetime import timedelta

    from addin import layout

    keys = [c.key for c in layout.ORDER_COLUMNS]
    rows = []
    for i in range(n):
        bought = start + timedelta(hours=i % 72)
        v: dict[str, object] = {
            "order_id": f"250-{i:07d}-{(i * 7919) % 10_000_000:07d}",
            "order_item_id": f"{40000000000000 + i:014d}",
            "purchased_at": bought,
            "ship_by": (bought + timedelta(days=3)).date(),
            "service_level": "Standard",
            "sku": f"SKU-{i:05d}",
            "product_name": f"古本 第{i}巻",
            "quantity": 1,
            "price": 800 + i % 5 * 300,
            "buyer_name": "山田 太郎",
            "recipient": "=HYPERLINK(\"http://x\")" if i % 10 == 3 else "山田 太郎",
            "postcode": "0600001" if i % 2 else "1000001",
            "prefecture": "東京都",
            "address1": "千代田区千代田",
            "address2": "1-1" if i % 7 else "",
            "phone": "09012345678",
            "listed_condition": "非常に良い",
            "actual_condition": "良い" if i % 5 == 1 else "",
            "stock": "欠品" if i % 11 == 4 else "",
            "ship_method": "クリックポスト" if i % 3 else "ゆうパック",
            "shipped_on": (bought + timedelta(days=1)).date() if i % 4 == 0 else None,
            "contacted_on": bought.date() if i % 6 == 5 else None,
            "contact_result": "送信エラー" if i % 12 == 5 else "",
        }
        rows.append([v.get(k) for k in keys])
    return rows


def orders_book(n: int, fullname: str = "/tmp/注文.xlsm", app: FakeApp | None = None,
                today: date | None = date(2026, 11, 18)) -> FakeBook:
    """A fake book with the template's sheets, `n` orders and the default settings."""
    from addin import layout
    from addin.core.settings import default_rows

    book = FakeBook(fullname, list(layout.SHEETS), app)
    orders = book._sheet(layout.ORDERS)
    put(orders, 1, 1, [["自己発送トリアージ"]])
    put(orders, layout.ORDERS_HEADER_ROW, 1, [[c.header for c in layout.ORDER_COLUMNS]])
    put(orders, layout.ORDERS_HEADER_ROW + 1, 1, order_rows(n))
    settings = [list(r) for r in default_rows()]
    for r in settings:
        if r[0] == "今日の日付（確認用）":
            r[1] = today
    put(book._sheet(layout.SETTINGS), 1, 1, settings)
    return book
