"""Composing one enclosed letter (同封の手紙) for one order: which paragraphs, in which order,
filled from the order's values, as styled lines (the shells lay them out).

One letter per order: rows that share an order id (several items) make one letter listing every
item. Buyer text goes into the letter literally (the shell writes it as text, never a formula).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from addin import text as text_
from addin.core.codes import LetterPart
from addin.core.honorific import addressee
from addin.core.model import Order, Settings, Triage
from addin.core.templates import Filler, Problem, TemplateError, Templates, dedupe
from addin.core.wording import (
    KEY_CLOSING,
    KEY_DATE,
    KEY_DETAILS,
    KEY_ITEM,
    KEY_OPENING,
    KEY_SIGNATURE,
    KEY_SLIP_TITLE,
    KEY_TITLE,
    KEY_TO,
    PART_KEYS,
    SIGNATURE_SETTING,
    text_filler,
)

LetterError = TemplateError  # the letters' name for it


class Style(str, Enum):
    """How the shell lays out a line."""

    DATE = "date"  # right-aligned
    TO = "to"  # addressee, a little larger
    TITLE = "title"  # centred, bold
    BODY = "body"
    DETAIL = "detail"  # order number, items
    SIGN = "sign"  # right-aligned block
    BLANK = "blank"


@dataclass(frozen=True, slots=True)
class Line:
    style: Style
    text: str
    source: str = ""  # 区分 key of the template row the line comes from
    source_line: int = 0  # 1-based line inside that template's text


@dataclass(frozen=True, slots=True)
class Letter:
    order_id: str
    parts: tuple[LetterPart, ...]
    title: str
    lines: tuple[Line, ...]
    policy_lines: tuple[Line, ...]  # same lines with non-seller values masked
    rows: tuple[int, ...] = ()  # 注文 sheet rows of the order

    @property
    def kind_label(self) -> str:
        return "・".join(p.label for p in self.parts)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


# --- values -------------------------------------------------------------------------------


def format_date(d: date | datetime | None) -> str:
    return text_.date_long(d)


def _join_unique(values: Iterable[str]) -> str:
    seen: list[str] = []
    for v in values:
        v = v.strip()
        if v and v not in seen:
            seen.append(v)
    return "、".join(seen)


def item_values(o: Order) -> dict[str, str]:
    return {
        "商品名": o.product_name.strip(),
        "数量": "" if o.quantity is None else str(o.quantity),
        "SKU": o.sku.strip(),
        "出品コンディション": o.listed_condition.strip(),
        "実際の状態": o.actual_condition.strip(),
        "状態メモ": o.condition_memo.strip(),
    }


def order_values(orders: Sequence[Order], settings: Settings, today: date) -> dict[str, str]:
    first = orders[0]
    names = [o.product_name.strip() for o in orders if o.product_name.strip()]
    product = names[0] + (f" ほか{len(names) - 1}点" if len(names) > 1 else "") if names else ""
    quantities = [o.quantity for o in orders]
    address = " ".join(x for x in (first.prefecture, *first.address_lines) if x.strip())
    name = next((x.strip() for o in orders for x in (o.buyer_name, o.recipient) if x.strip()), "")
    to = addressee(name, any(o.is_business for o in orders))
    return {
        # 「{宛名} {敬称}」: a company above the person's name, or one line (core.honorific)
        "宛名": "\n".join(x for x in (to.company, to.person) if x),
        "敬称": to.honorific,
        "受取人": first.recipient.strip(),
        "注文番号": first.order_id.strip(),
        "注文日": format_date(first.purchased_at),
        "出荷期限": format_date(first.ship_by),
        "商品名": product,
        "数量": "" if any(q is None for q in quantities) else str(sum(quantities)),  # type: ignore[arg-type]
        "SKU": _join_unique(o.sku for o in orders),
        "出品コンディション": _join_unique(o.listed_condition for o in orders),
        "実際の状態": _join_unique(o.actual_condition for o in orders),
        "状態メモ": _join_unique(o.condition_memo for o in orders),
        "発送方法": _join_unique(o.ship_method for o in orders),
        "連絡日": format_date(first.contacted_on),
        "郵便番号": first.postcode.strip(),
        "住所": address,
        "ショップ名": settings.shop_name.strip(),
        "日付": format_date(today),
    }


# --- composing ----------------------------------------------------------------------------

PartsLike = Triage | Sequence[LetterPart]

# Paragraph order in the letter: why we could not ask first, then what differs, then the
# 納品書 sentence right before the closing and the order details.
PART_ORDER: tuple[LetterPart, ...] = (
    LetterPart.MESSAGE_FAILED,
    LetterPart.NO_REPLY,
    LetterPart.CONDITION,
    LetterPart.TIME_REQUEST,
    LetterPart.ADDRESS_AS_WRITTEN,
    LetterPart.PACKING_SLIP,
)


def parts_of(p: PartsLike) -> tuple[LetterPart, ...]:
    return tuple(p.letter) if isinstance(p, Triage) else tuple(p)


def letter_parts(per_row: Sequence[tuple[LetterPart, ...]]) -> tuple[LetterPart, ...]:
    wanted = {p for parts in per_row for p in parts}
    if LetterPart.MESSAGE_FAILED in wanted:
        wanted.discard(LetterPart.NO_REPLY)  # a bounced message cannot also be unanswered
    return tuple(p for p in PART_ORDER if p in wanted)


def compose_letter(order: Order | Sequence[Order], triage: PartsLike | Sequence[PartsLike],
                   settings: Settings, templates: Templates, today: date) -> Letter:
    """The letter for one order. `order` may be the item rows of one order id (with one triage
    or letter-part tuple per row). Raises LetterError naming every template row and placeholder
    that could not be filled."""
    orders = [order] if isinstance(order, Order) else list(order)
    if not orders:
        raise ValueError("compose_letter needs at least one order row")
    if isinstance(triage, Triage) or not triage or isinstance(triage[0], LetterPart):
        per_row = [parts_of(triage)] * len(orders)  # type: ignore[arg-type]
    else:
        per_row = [parts_of(t) for t in triage]  # type: ignore[union-attr]
        if len(per_row) != len(orders):
            raise ValueError("one triage per order row")
    order_id = orders[0].order_id.strip()
    if any(o.order_id.strip() != order_id for o in orders):
        raise ValueError("rows of different orders")
    rows = tuple(o.row for o in orders if o.row)
    row_note = "注文 " + "・".join(f"{r}行目" for r in rows) if rows else "注文シート"
    parts = letter_parts(per_row)
    if not parts:
        raise LetterError([Problem(
            f"注文 {order_id}（{row_note}）: 手紙の種類が決まっていません。", order_id)])

    filler = text_filler(order_id, row_note)
    base = order_values(orders, settings, today)
    item_rows = [(o, {**base, **item_values(o)}) for o in orders]
    # Items the condition paragraph talks about: rows whose own parts ask for it.
    condition_rows = [iv for iv, ps in zip(item_rows, per_row, strict=True)
                      if LetterPart.CONDITION in ps] or item_rows

    ctx = _Render(templates, settings, filler, base, item_rows, condition_rows, parts)
    real = ctx.lines(mask=False)
    if filler.problems:
        raise LetterError(dedupe(filler.problems))
    title = next(ln.text for ln in real if ln.style is Style.TITLE)
    return Letter(order_id, parts, title, tuple(real), tuple(ctx.lines(mask=True)), rows)


@dataclass
class _Render:
    """The lines of one letter; `lines(mask=True)` gives the copy for the policy check."""

    templates: Templates
    settings: Settings
    filler: Filler
    base: dict[str, str]
    item_rows: list[tuple[Order, dict[str, str]]]
    condition_rows: list[tuple[Order, dict[str, str]]]
    parts: tuple[LetterPart, ...]
    mask: bool = False
    out: list[Line] = field(default_factory=list)

    def lines(self, *, mask: bool) -> list[Line]:
        self.mask, self.out = mask, []
        self._add(KEY_DATE, self.base, Style.DATE)
        self._add(KEY_TO, self.base, Style.TO)
        self._blank()
        self._title()
        self._blank()
        self._add(KEY_OPENING, self.base, Style.BODY)
        for part in self.parts:
            self._blank()
            self._paragraph(part)
        self._blank()
        self._add(KEY_CLOSING, self.base, Style.BODY)
        self._blank()
        self._add(KEY_DETAILS, self.base, Style.DETAIL)
        for _, values in self.item_rows:
            self._add(KEY_ITEM, values, Style.DETAIL)
        self._blank()
        self._add(KEY_SIGNATURE, self.base, Style.SIGN)
        for n, text in enumerate(self.settings.signature.replace("\r\n", "\n").split("\n"), 1):
            if text.strip():
                self.out.append(Line(Style.SIGN, text.rstrip(), SIGNATURE_SETTING, n))
        return self.out

    def _add(self, key: str, values: Mapping[str, str], style: Style) -> None:
        tpl = self.templates[key]
        for n, text in enumerate(self.filler.fill(tpl, values, mask=self.mask).split("\n"), 1):
            self.out.append(Line(style if text.strip() else Style.BLANK, text, key, n))

    def _blank(self) -> None:
        if self.out and self.out[-1].style is not Style.BLANK:
            self.out.append(Line(Style.BLANK, ""))

    def _title(self) -> None:
        titles = []
        if LetterPart.PACKING_SLIP in self.parts:
            titles.append(KEY_SLIP_TITLE)
        if any(p is not LetterPart.PACKING_SLIP for p in self.parts):
            titles.append(KEY_TITLE)
        title = " 兼 ".join(self.filler.fill(self.templates[k], self.base, mask=self.mask).replace("\n", " ")
                           for k in titles)
        self.out.append(Line(Style.TITLE, title, titles[0], 1))

    def _paragraph(self, part: LetterPart) -> None:
        if part is not LetterPart.CONDITION:
            self._add(PART_KEYS[part], self.base, Style.BODY)
            return
        for i, (_, values) in enumerate(self.condition_rows):
            if i:
                self._blank()
            self._add(PART_KEYS[part], values, Style.BODY)
