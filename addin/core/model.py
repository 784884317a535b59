"""Plain data the core works on: one order row, the seller's settings, one triage result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from addin.core.codes import Finding, LetterPart, Status
from addin.layout import HANDOVER_METHODS, MAILBOX_METHODS


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A cell of an order row that could not be read: its column key (layout), where it is and why.

    Operations match problems by `key`; `text` is what the seller reads."""

    key: str  # layout column key, e.g. "shipped_on"
    header: str  # the column's header on the sheet (or the UDF argument's name)
    cell: str  # A1 name; "" for a UDF argument
    message: str  # Japanese reason from values.ValueProblem

    @property
    def text(self) -> str:
        where = f"{self.header}（{self.cell}）" if self.cell else self.header
        return f"{where}: {self.message}"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Order:
    """One row of 注文, with values already parsed into Python types.

    `row` is the sheet row number (for messages). `problems` lists cells that could not be read;
    triage turns them into NEEDS_INPUT.
    """

    row: int = 0
    order_id: str = ""
    order_item_id: str = ""
    purchased_at: datetime | None = None  # Japan time, naive
    ship_by: date | None = None
    service_level: str = ""
    sku: str = ""
    product_name: str = ""
    quantity: int | None = None
    price: int | None = None
    buyer_name: str = ""
    buyer_email: str = ""
    recipient: str = ""
    postcode: str = ""
    prefecture: str = ""
    address1: str = ""
    address2: str = ""
    address3: str = ""
    phone: str = ""
    is_business: bool = False
    is_prime: bool = False
    delivery_request: str = ""
    order_flags: str = ""
    payment_method: str = ""  # 支払方法 as imported: 代金引換 for COD (report.PAYMENT_COD)
    cod_amount: int | None = None  # 代引金額: cod-collectible-amount, yen
    amazon_warning: str = ""  # Amazonの警告: report.WARN_* joined with FLAG_SEPARATOR
    listed_condition: str = ""
    actual_condition: str = ""
    condition_memo: str = ""
    stock: str = ""
    ship_method: str = ""
    contacted_on: date | None = None
    contact_result: str = ""
    support_contacted_on: date | None = None
    shipped_on: date | None = None
    confirmed_on: date | None = None
    tracking_number: str = ""
    cancelled_on: date | None = None
    memo: str = ""
    problems: tuple[CellProblem, ...] = ()

    @property
    def address_lines(self) -> tuple[str, ...]:
        return tuple(x for x in (self.address1, self.address2, self.address3) if x)


@dataclass(frozen=True, slots=True)
class Settings:
    """設定 sheet, with PRODUCT.md §2 defaults."""

    shop_name: str = ""
    signature: str = ""
    handling_days: int = 2
    cutoff: time = time(12, 0)
    business_weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    holidays_closed: bool = True
    closed_days: frozenset[date] = frozenset()  # extra closed days, expanded to dates
    closed_month_days: frozenset[tuple[int, int]] = frozenset()  # yearly closures, e.g. (12, 29)
    reply_window_days: int = 2
    pii_retention_days: int = 30
    today: date | None = None
    mailbox_methods: tuple[str, ...] = MAILBOX_METHODS
    handover_methods: tuple[str, ...] = HANDOVER_METHODS
    carriers: tuple[tuple[str, str, str], ...] = ()  # (発送方法 or carrier name, code, name)
    # 発送方法 of an order whose cell is blank (applied once where orders are read, see
    # core.orders.read_orders); "" = no default, the blank stays blank.
    default_ship_method: str = ""
    # Sender and carrier account for the label files (issue 20); checked by core.labels.rules.
    sender_name: str = ""
    sender_postcode: str = ""
    sender_address: str = ""
    sender_phone: str = ""
    b2_customer_code: str = ""
    b2_freight_no: str = "01"
    confirm_template: str = ""  # path of the seller's downloaded 出荷通知 template (carrier codes)


@dataclass(frozen=True, slots=True)
class Triage:
    """The computed columns of one order."""

    status: Status
    action: str
    deadline: date | None
    business_days_left: int | None
    findings: tuple[Finding, ...] = ()
    reasons: tuple[str, ...] = ()  # Japanese, one per finding or problem
    letter: tuple[LetterPart, ...] = ()
    due_today: bool = False
    todo: str = ""  # 対応: the one thing to do now, verb first, at most TODO_MAX characters

    TODO_MAX = 30

    @property
    def letter_code(self) -> str | None:
        return "+".join(p.value for p in self.letter) or None
