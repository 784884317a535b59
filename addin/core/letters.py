"""Enclosed letters (同封の手紙): templates from the 文面 sheet, filled per order.

A template row is (区分, 文面). The 区分 keys are Japanese words the seller sees on 文面; the
paragraph keys are the letter-kind labels of `LetterPart`, so the 手紙 column and 文面 use the same
words. Placeholders are `{名前}`; an unknown name or an empty value is a problem, never a blank.

One letter per order: rows that share an order id (several items) make one letter listing every
item. Buyer text goes into the letter literally (the shell writes it as text, never a formula).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from addin import text as text_
from addin.core.codes import LETTER_LABELS, LetterPart
from addin.core.message_templates import MESSAGE_KEYS, MESSAGE_PLACEHOLDERS, MESSAGE_TEMPLATES
from addin.core.model import Order, Settings, Triage
from addin.errors import DomainError

# 区分 keys of the rows that are not a LetterPart paragraph.
KEY_DATE = "日付"
KEY_TO = "宛名"
KEY_TITLE = "表題"
KEY_SLIP_TITLE = "納品書表題"
KEY_OPENING = "書き出し"
KEY_CLOSING = "結び"
KEY_DETAILS = "注文内容"
KEY_ITEM = "商品明細"
KEY_SIGNATURE = "署名"
SIGNATURE_SETTING = "設定の署名"  # source name of the lines from 設定's signature

PART_KEYS: dict[LetterPart, str] = dict(LETTER_LABELS)
KEY_PARTS: dict[str, LetterPart] = {v: k for k, v in PART_KEYS.items()}

TEMPLATE_HEADERS = ("区分", "文面")

# Default 文面, in the order they appear on the sheet. Polite, signable as is; every rule of
# PRODUCT.md §4 holds (checked by tests through addin.core.policy).
DEFAULT_TEMPLATES: tuple[tuple[str, str], ...] = (
    (KEY_DATE, "{日付}"),
    (KEY_TO, "{宛名} 様"),
    (KEY_TITLE, "商品発送のご案内"),
    (KEY_SLIP_TITLE, "納品書"),
    (KEY_OPENING,
     "このたびは当店をご利用いただき、誠にありがとうございます。\n"
     "ご注文いただきました商品をお届けいたします。"),
    (PART_KEYS[LetterPart.MESSAGE_FAILED],
     "発送前に確認させていただきたい点があり、Amazonのメッセージ機能を通じてご連絡を差し上げ"
     "ましたが、送信エラーとなり、お客様へお届けすることができませんでした。"
     "出荷予定日までにお届けするため、誠に勝手ながら、このまま発送させていただきました。"
     "事前にご相談できなかったことを、心よりお詫び申し上げます。"),
    (PART_KEYS[LetterPart.NO_REPLY],
     "発送前に確認させていただきたい点があり、Amazonのメッセージ機能を通じてご連絡を差し上げ"
     "ましたが、出荷予定日までにご返信を確認することができませんでした。"
     "出荷予定日までにお届けするため、誠に勝手ながら、このまま発送させていただきました。"
     "行き違いでご返信をいただいておりましたら、何卒ご容赦ください。"),
    (PART_KEYS[LetterPart.CONDITION],
     "「{商品名}」につきまして、出品時のコンディションは「{出品コンディション}」と"
     "しておりましたが、発送前の検品で「{実際の状態}」相当であることが分かりました。\n"
     "（状態：{状態メモ}）\n"
     "商品説明と異なる状態でのお届けとなり、誠に申し訳ございません。"
     "ご納得いただけない場合は、Amazonの注文履歴から該当のご注文を選び、"
     "「商品の返品」よりお手続きいただけます。ご依頼をいただきしだい、"
     "Amazonの規定に沿って速やかに対応いたします。"),
    (PART_KEYS[LetterPart.TIME_REQUEST],
     "ご注文の際にお届け時間のご希望をいただいておりましたが、今回の配送方法（{発送方法}）は"
     "郵便受けへの投函となるため、お届け時間のご指定を承ることができません。"
     "ご希望に沿えず申し訳ございませんが、何卒ご了承くださいますようお願い申し上げます。"),
    (PART_KEYS[LetterPart.ADDRESS_AS_WRITTEN],
     "お届け先のご住所に一部確認できない箇所がございましたが、"
     "ご注文時にご入力いただいたご住所のとおりに発送いたしました。"
     "万一お届けできなかった場合は、Amazonを通じてご連絡いたします。"),
    (PART_KEYS[LetterPart.PACKING_SLIP],
     "下記のとおり納品いたします。ご査収くださいますようお願い申し上げます。"),
    (KEY_CLOSING,
     "ご不明な点やお気づきの点がございましたら、お手数ですが、Amazonの注文履歴から該当の"
     "ご注文を選び、「出品者に連絡」よりお問い合わせください。\n"
     "今後とも何卒よろしくお願い申し上げます。"),
    (KEY_DETAILS, "【ご注文内容】\nご注文番号：{注文番号}\nご注文日：{注文日}"),
    (KEY_ITEM, "・{商品名}　数量：{数量}"),
    (KEY_SIGNATURE, "Amazon.co.jp 出品者\n{ショップ名}"),
)

REQUIRED_KEYS: tuple[str, ...] = tuple(k for k, _ in DEFAULT_TEMPLATES)
# Rows added after the first release (the 連絡文 texts): a 文面 without them takes the default
# wording instead of refusing every letter (a seller's older workbook has none of them).
OPTIONAL_DEFAULTS: dict[str, str] = dict(MESSAGE_TEMPLATES)
KNOWN_KEYS: tuple[str, ...] = REQUIRED_KEYS + MESSAGE_KEYS

# Placeholder name -> where its value comes from (for messages and the README).
PLACEHOLDERS: dict[str, str] = {
    "宛名": "注文シートの「購入者名」（空欄なら「受取人」）",
    "受取人": "注文シートの「受取人」",
    "注文番号": "注文シートの「注文番号」",
    "注文日": "注文シートの「購入日時」",
    "出荷期限": "注文シートの「出荷期限」",
    "商品名": "注文シートの「商品名」",
    "数量": "注文シートの「数量」",
    "SKU": "注文シートの「SKU」",
    "出品コンディション": "注文シートの「出品コンディション」",
    "実際の状態": "注文シートの「実際の状態」",
    "状態メモ": "注文シートの「状態メモ」",
    "発送方法": "注文シートの「発送方法」",
    "連絡日": "注文シートの「連絡日」",
    "郵便番号": "注文シートの「郵便番号」",
    "住所": "注文シートの「都道府県」「住所1〜3」",
    "ショップ名": "設定シートの「ショップ名」",
    "日付": "手紙を作った日（設定の「今日の日付」があればその日）",
}
# Values that do not come from the seller: masked for the policy check, so that a product title
# or an order number (which looks like a phone number) never counts as the seller's wording.
MASKED = frozenset({"宛名", "受取人", "注文番号", "注文日", "出荷期限", "商品名", "数量", "SKU",
                    "郵便番号", "住所", "連絡日", "日付", "返信期限", "お届け先", "連絡の経緯"})

_PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")


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


@dataclass(frozen=True, slots=True)
class TemplateRow:
    key: str
    text: str
    row: int | None = None  # 文面 sheet row, for messages

    @property
    def where(self) -> str:
        return f"文面 {self.row}行目「{self.key}」" if self.row else f"文面「{self.key}」"


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a template or a letter cannot be used, in Japanese."""

    message: str
    order_id: str = ""
    template: str = ""
    placeholder: str = ""


class LetterError(DomainError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(p.message for p in self.problems))


@dataclass(frozen=True)
class Templates:
    rows: Mapping[str, TemplateRow]

    def __getitem__(self, key: str) -> TemplateRow:
        return self.rows[key]


def default_template_rows() -> list[tuple[str, str]]:
    """Rows for the 文面 sheet of a new workbook (without the header row): letters, then messages."""
    return [tuple(r) for r in (*DEFAULT_TEMPLATES, *MESSAGE_TEMPLATES)]  # type: ignore[misc]


def allowed_placeholders(key: str) -> dict[str, str]:
    """Placeholders a 文面 row may use: message rows also get the message-only ones."""
    return {**PLACEHOLDERS, **MESSAGE_PLACEHOLDERS} if key in OPTIONAL_DEFAULTS else PLACEHOLDERS


def normalise_template_text(text: str) -> str:
    """Cell text -> template text: unify line ends; full-width braces become placeholders."""
    t = text.replace("\r\n", "\n").replace("\r", "\n")
    return t.replace("｛", "{").replace("｝", "}")


def placeholders_in(text: str) -> list[str]:
    return [m.group(1).strip() for m in _PLACEHOLDER.finditer(text)]


def parse_templates(rows: Iterable[Sequence[object]], first_row: int = 2) -> Templates:
    """Read 文面 rows (区分, 文面, ...). Blank rows are skipped; row numbers for messages start at
    `first_row`. Raises LetterError listing every problem: unknown or duplicate 区分, a missing or
    empty row, an unknown placeholder."""
    found: dict[str, TemplateRow] = {}
    problems: list[Problem] = []
    for i, values in enumerate(rows):
        r = first_row + i
        key_v = values[0] if len(values) > 0 else None
        text_v = values[1] if len(values) > 1 else None
        key = text_.clean(key_v)
        text = normalise_template_text(str(text_v)) if text_v is not None else ""
        if not key:
            if text.strip():
                problems.append(Problem(f"文面 {r}行目: 区分が空欄です（A列に「{KEY_CLOSING}」など"
                                        "の区分を入れてください）。"))
            continue
        row = TemplateRow(key, text.strip("\n"), r)
        if key not in KNOWN_KEYS:
            problems.append(Problem(
                f"{row.where}: 区分「{key}」は使えません。使える区分は "
                f"{'、'.join(KNOWN_KEYS)} です。", template=key))
            continue
        if key in found:
            problems.append(Problem(
                f"{row.where}: 区分「{key}」が {found[key].row}行目と重複しています。",
                template=key))
            continue
        if not row.text.strip():
            problems.append(Problem(f"{row.where}: 文面が空欄です。", template=key))
        allowed = allowed_placeholders(key)
        for name in placeholders_in(row.text):
            if name not in allowed:
                problems.append(Problem(
                    f"{row.where}: 差し込み項目 {{{name}}} は使えません。使える項目は "
                    f"{'、'.join('{' + p + '}' for p in allowed)} です。",
                    template=key, placeholder=name))
        found[key] = row
    for key, text in OPTIONAL_DEFAULTS.items():
        found.setdefault(key, TemplateRow(key, text))
    for key in REQUIRED_KEYS:
        if key not in found:
            problems.append(Problem(
                f"文面: 区分「{key}」の行がありません。行を追加するか、初期の文面に戻してください。",
                template=key))
    if problems:
        raise LetterError(problems)
    return Templates(found)


def default_templates() -> Templates:
    return parse_templates(DEFAULT_TEMPLATES)


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


def _item_values(o: Order) -> dict[str, str]:
    return {
        "商品名": o.product_name.strip(),
        "数量": "" if o.quantity is None else str(o.quantity),
        "SKU": o.sku.strip(),
        "出品コンディション": o.listed_condition.strip(),
        "実際の状態": o.actual_condition.strip(),
        "状態メモ": o.condition_memo.strip(),
    }


def _order_values(orders: Sequence[Order], settings: Settings, today: date) -> dict[str, str]:
    first = orders[0]
    names = [o.product_name.strip() for o in orders if o.product_name.strip()]
    product = names[0] + (f" ほか{len(names) - 1}点" if len(names) > 1 else "") if names else ""
    quantities = [o.quantity for o in orders]
    address = " ".join(x for x in (first.prefecture, *first.address_lines) if x.strip())
    return {
        "宛名": next((x.strip() for o in orders for x in (o.buyer_name, o.recipient) if x.strip()),
                   ""),
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


def _parts_of(p: PartsLike) -> tuple[LetterPart, ...]:
    return tuple(p.letter) if isinstance(p, Triage) else tuple(p)


def letter_parts(per_row: Sequence[tuple[LetterPart, ...]]) -> tuple[LetterPart, ...]:
    wanted = {p for parts in per_row for p in parts}
    if LetterPart.MESSAGE_FAILED in wanted:
        wanted.discard(LetterPart.NO_REPLY)  # a bounced message cannot also be unanswered
    return tuple(p for p in PART_ORDER if p in wanted)


@dataclass
class _Filler:
    """Fills templates for one order, collecting problems instead of stopping at the first."""

    order_id: str
    row_note: str
    problems: list[Problem] = field(default_factory=list)

    def fill(self, tpl: TemplateRow, values: Mapping[str, str], *, mask: bool) -> str:
        def sub(m: re.Match[str]) -> str:
            name = m.group(1).strip()
            known = allowed_placeholders(tpl.key)
            if name not in known:
                if not mask:
                    self.problems.append(Problem(
                        f"{tpl.where}: 差し込み項目 {{{name}}} は使えません。",
                        self.order_id, tpl.key, name))
                return m.group(0)
            value = values.get(name, "")
            if not value:
                if not mask:
                    self.problems.append(Problem(
                        f"注文 {self.order_id}（{self.row_note}）: {tpl.where} の {{{name}}} に入れる"
                        f"値がありません（{known[name]}が空欄です）。",
                        self.order_id, tpl.key, name))
                return m.group(0)
            return f"〈{name}〉" if mask and name in MASKED else value

        return _PLACEHOLDER.sub(sub, tpl.text)


def compose_letter(order: Order | Sequence[Order], triage: PartsLike | Sequence[PartsLike],
                   settings: Settings, templates: Templates, today: date) -> Letter:
    """The letter for one order. `order` may be the item rows of one order id (with one triage
    or letter-part tuple per row). Raises LetterError naming every template row and placeholder
    that could not be filled."""
    orders = [order] if isinstance(order, Order) else list(order)
    if not orders:
        raise ValueError("compose_letter needs at least one order row")
    if isinstance(triage, Triage) or not triage or isinstance(triage[0], LetterPart):
        per_row = [_parts_of(triage)] * len(orders)  # type: ignore[arg-type]
    else:
        per_row = [_parts_of(t) for t in triage]  # type: ignore[union-attr]
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

    filler = _Filler(order_id, row_note)
    base = _order_values(orders, settings, today)
    item_rows = [(o, {**base, **_item_values(o)}) for o in orders]
    # Items the condition paragraph talks about: rows whose own parts ask for it.
    condition_rows = [iv for iv, ps in zip(item_rows, per_row, strict=True)
                      if LetterPart.CONDITION in ps] or item_rows

    ctx = _Render(templates, settings, filler, base, item_rows, condition_rows, parts)
    real = ctx.lines(mask=False)
    if filler.problems:
        raise LetterError(_dedupe(filler.problems))
    title = next(ln.text for ln in real if ln.style is Style.TITLE)
    return Letter(order_id, parts, title, tuple(real), tuple(ctx.lines(mask=True)), rows)


@dataclass
class _Render:
    templates: Templates
    settings: Settings
    filler: _Filler
    base: dict[str, str]
    item_rows: list[tuple[Order, dict[str, str]]]
    condition_rows: list[tuple[Order, dict[str, str]]]
    parts: tuple[LetterPart, ...]

    def lines(self, *, mask: bool) -> list[Line]:
        t = self.templates
        out: list[Line] = []

        def add(key: str, values: Mapping[str, str], style: Style) -> None:
            tpl = t[key]
            for n, text in enumerate(self.filler.fill(tpl, values, mask=mask).split("\n"), 1):
                out.append(Line(style if text.strip() else Style.BLANK, text, key, n))

        def blank() -> None:
            if out and out[-1].style is not Style.BLANK:
                out.append(Line(Style.BLANK, ""))

        add(KEY_DATE, self.base, Style.DATE)
        add(KEY_TO, self.base, Style.TO)
        blank()
        titles = []
        if LetterPart.PACKING_SLIP in self.parts:
            titles.append(KEY_SLIP_TITLE)
        if any(p is not LetterPart.PACKING_SLIP for p in self.parts):
            titles.append(KEY_TITLE)
        title = " 兼 ".join(self.filler.fill(t[k], self.base, mask=mask).replace("\n", " ")
                           for k in titles)
        out.append(Line(Style.TITLE, title, titles[0], 1))
        blank()
        add(KEY_OPENING, self.base, Style.BODY)
        for part in self.parts:
            blank()
            if part is LetterPart.CONDITION:
                for i, (_, values) in enumerate(self.condition_rows):
                    if i:
                        blank()
                    add(PART_KEYS[part], values, Style.BODY)
            else:
                add(PART_KEYS[part], self.base, Style.BODY)
        blank()
        add(KEY_CLOSING, self.base, Style.BODY)
        blank()
        add(KEY_DETAILS, self.base, Style.DETAIL)
        for _, values in self.item_rows:
            add(KEY_ITEM, values, Style.DETAIL)
        blank()
        add(KEY_SIGNATURE, self.base, Style.SIGN)
        for n, text in enumerate(self.settings.signature.replace("\r\n", "\n").split("\n"), 1):
            if text.strip():
                out.append(Line(Style.SIGN, text.rstrip(), SIGNATURE_SETTING, n))
        return out


def _dedupe(problems: Iterable[Problem]) -> list[Problem]:
    seen: dict[str, Problem] = {}
    for p in problems:
        seen.setdefault(p.message, p)
    return list(seen.values())


# --- reading the 手紙 column -------------------------------------------------------------

_PAGE_SUFFIX = re.compile(r"\s*[（(]\s*p\.?\s*\d+\s*[)）]\s*$", re.IGNORECASE)


def letter_cell(letter: Letter, page: int) -> str:
    """Text of an order's 手紙 cell after the letter was made."""
    return f"{letter.kind_label} (p.{page})"


def has_page(value: object) -> bool:
    """Whether a 手紙 cell says its letter is on the 手紙 sheet ("… (p.N)")."""
    return value is not None and bool(_PAGE_SUFFIX.search(text_.nfkc(str(value))))


def parse_letter_cell(value: object) -> tuple[LetterPart, ...]:
    """Letter parts named in a 手紙 cell: labels (返信なし・状態相違, with or without a page
    suffix) or codes (NO_REPLY+CONDITION). Unknown words are ignored; blank -> ()."""
    if value is None:
        return ()
    text = _PAGE_SUFFIX.sub("", text_.nfkc(str(value))).strip()
    found: set[LetterPart] = set()
    for word in re.split(r"[・+,、/\s]+", text):
        if word in KEY_PARTS:
            found.add(KEY_PARTS[word])
        elif word.upper() in LetterPart.__members__:
            found.add(LetterPart[word.upper()])
    return tuple(p for p in PART_ORDER if p in found)


# --- wrapping for print ---------------------------------------------------------------------

NO_LINE_START = set("、。，．,.・：；:;？！?!ー）」』】〕〉》］｝)]}’”"
                    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜")
NO_LINE_END = set("（「『【〔〈《［｛([{‘“")


def char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("F", "W", "A") else 1


def text_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Split `text` into lines of at most `width` columns (full-width = 2), keeping Japanese
    line-breaking rules: closing marks and 。、 never start a line (they hang one character over
    the width instead); opening brackets never end one. Latin words are not split when a space
    is near. Continuation lines start with `indent`."""
    if width < 4:
        raise ValueError("width too small")
    lines: list[str] = []
    cur, cur_w = "", 0
    for ch in text:
        w = char_width(ch)
        if cur_w + w > width and cur.strip():
            if ch in NO_LINE_START:
                cur += ch  # hang it
                lines.append(cur)
                cur, cur_w = indent, text_width(indent)
                continue
            keep, carry = _split_point(cur, indent)
            lines.append(keep)
            cur = indent + carry
            cur_w = text_width(cur)
        cur += ch
        cur_w += w
    if cur.strip() or not lines:
        lines.append(cur)
    return [ln.rstrip() for ln in lines]


def _split_point(line: str, indent: str) -> tuple[str, str]:
    """Where to break a full line: not after an opening bracket, not inside a Latin word."""
    body_start = len(indent) if line.startswith(indent) else 0
    cut = len(line)
    while cut - 1 > body_start and line[cut - 1] in NO_LINE_END:
        cut -= 1
    if cut < len(line):
        return line[:cut], line[cut:]
    last = line[-1]
    if last.isascii() and last.isalnum():
        space = line.rfind(" ", body_start + 1)
        if space > 0 and len(line) - space <= 16:
            return line[:space], line[space + 1:]
    return line, ""


# --- one letter as printed rows -------------------------------------------------------------

# Relative font sizes of the styles (body = 1): the shells print TITLE and TO larger, so their
# centring and wrapping are computed in their own character widths.
STYLE_SCALE: dict[Style, float] = {Style.TITLE: 14 / 10.5, Style.TO: 12 / 10.5}
SIGN_RIGHT_GAP = 2  # columns kept free right of a right-aligned line
BODY_INDENT = "　"  # 字下げ at the start of every body line of a template


@dataclass(frozen=True, slots=True)
class PrintedLine:
    style: Style
    text: str  # padded with spaces for alignment; the sheet shows it in a monospaced Mincho


def print_lines(letter: Letter, width: int,
                scales: Mapping[Style, float] | None = None) -> list[PrintedLine]:
    """The letter as printed rows for a monospaced font, `width` half-width columns wide:
    wrapped (Japanese rules), right-aligned date and signature, centred title, indented body.
    `scales`: font size of a style relative to the body, when the shell prints it larger
    (default STYLE_SCALE; pass {} when every row has the body font)."""
    scales = STYLE_SCALE if scales is None else scales
    out: list[PrintedLine] = []
    for line in letter.lines:
        style = line.style
        w = int(width / scales.get(style, 1.0))
        text = line.text.rstrip()
        if style is Style.BLANK or not text.strip():
            out.append(PrintedLine(Style.BLANK, ""))
            continue
        if style is Style.BODY and not text[0].isspace():
            text = BODY_INDENT + text
        indent = "　" if style is Style.DETAIL and text.startswith(("・", "･", "-", "*")) else ""
        pieces = wrap(text, w - (SIGN_RIGHT_GAP if style in (Style.DATE, Style.SIGN) else 0), indent)
        for piece in pieces:
            if style in (Style.DATE, Style.SIGN):
                piece = " " * max(0, w - SIGN_RIGHT_GAP - text_width(piece)) + piece
            elif style is Style.TITLE:
                piece = " " * max(0, (w - text_width(piece)) // 2) + piece
            out.append(PrintedLine(style, piece))
    while out and out[-1].style is Style.BLANK:
        out.pop()
    return out


# --- a batch: every letter of a workbook ----------------------------------------------------


@dataclass
class Batch:
    letters: list[Letter]
    pages: list[list[PrintedLine]]  # one list of printed rows per letter
    problems: list[Problem]  # letters not made, and why


def make_batch(entries: Sequence[tuple[Order, PartsLike]], settings: Settings,
               template_rows: Iterable[Sequence[object]] | Templates, today: date, *,
               width: int, max_rows: int, scales: Mapping[Style, float] | None = None) -> Batch:
    """Every letter for the order rows in `entries` (all rows of the 注文 sheet, with their
    letter parts). Rows sharing an order id make one letter; orders without parts get none.
    Template problems and template rule breaches raise LetterError (no letter is made);
    a problem of one order (missing value, rule breach in its 状態メモ, too long for a page)
    only stops that order's letter."""
    from addin.core import policy  # policy imports this module

    templates = template_rows if isinstance(template_rows, Templates) else parse_templates(template_rows)
    # Only the letter rows: a rule breach in a message row stops that message, not the letters.
    breaches = policy.check_template_rows(templates[k] for k in REQUIRED_KEYS)
    if breaches:
        raise LetterError([Problem(v.message, template=v.where) for v in breaches])
    groups: dict[str, list[tuple[Order, tuple[LetterPart, ...]]]] = {}
    for order, parts in entries:
        groups.setdefault(order.order_id.strip(), []).append((order, _parts_of(parts)))
    batch = Batch([], [], [])
    for order_id, rows in groups.items():
        if not order_id or not any(ps for _, ps in rows):
            continue
        try:
            letter = compose_letter([o for o, _ in rows], [ps for _, ps in rows], settings,
                                    templates, today)
        except LetterError as e:
            batch.problems.extend(e.problems)
            continue
        breaches = policy.check_letter(letter, settings)
        if breaches:
            batch.problems.extend(Problem(v.message, order_id) for v in breaches)
            continue
        printed = print_lines(letter, width, scales)
        if len(printed) > max_rows:
            batch.problems.append(Problem(
                f"注文 {order_id}: 手紙が1ページ（{max_rows}行）に収まりません（{len(printed)}行）。"
                "文面を短くしてください。", order_id))
            continue
        batch.letters.append(letter)
        batch.pages.append(printed)
    return batch
