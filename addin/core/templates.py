"""Seller-edited text templates with `{名前}` placeholders, for any kind of text (enclosed letters,
messages to the buyer or to Seller Support).

A template sheet has rows (区分, 文面). `parse_template_rows` reads them against a kind's keys and
placeholders and reports every problem at once; `Filler` fills one template with values, masking
the values that are not the seller's wording when the text is made for the policy check
(`addin.core.policy`). An unknown placeholder or an empty value is a problem, never a blank.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from addin import text as text_
from addin.errors import DomainError

TEMPLATE_SHEET = "文面"
_PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")


@dataclass(frozen=True, slots=True)
class TemplateRow:
    key: str
    text: str
    row: int | None = None  # template sheet row, for messages

    @property
    def where(self) -> str:
        return f"{TEMPLATE_SHEET} {self.row}行目「{self.key}」" if self.row else f"{TEMPLATE_SHEET}「{self.key}」"


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a template or a text made from it cannot be used, in Japanese."""

    message: str
    order_id: str = ""
    template: str = ""
    placeholder: str = ""


class TemplateError(DomainError):
    """Templates (or a text made from them) that cannot be used; `problems` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(p.message for p in self.problems))


@dataclass(frozen=True)
class Templates:
    rows: Mapping[str, TemplateRow]

    def __getitem__(self, key: str) -> TemplateRow:
        return self.rows[key]


def normalise_template_text(text: str) -> str:
    """Cell text -> template text: unify line ends; full-width braces become placeholders."""
    t = text.replace("\r\n", "\n").replace("\r", "\n")
    return t.replace("｛", "{").replace("｝", "}")


def placeholders_in(text: str) -> list[str]:
    return [m.group(1).strip() for m in _PLACEHOLDER.finditer(text)]


PlaceholdersFor = Callable[[str], Mapping[str, str]]  # 区分 key -> {placeholder: where its value comes from}


def _unknown_placeholders(row: TemplateRow, allowed: Collection[str]) -> list[Problem]:
    return [Problem(f"{row.where}: 差し込み項目 {{{name}}} は使えません。使える項目は "
                    f"{'、'.join('{' + p + '}' for p in allowed)} です。",
                    template=row.key, placeholder=name)
            for name in placeholders_in(row.text) if name not in allowed]


def _read_row(r: int, cells: Sequence[object]) -> tuple[str, str]:
    key = text_.clean(cells[0] if len(cells) > 0 else None)
    text_v = cells[1] if len(cells) > 1 else None
    return key, normalise_template_text(str(text_v)) if text_v is not None else ""


def parse_template_rows(rows: Iterable[Sequence[object]], *, known_keys: Sequence[str],
                        required_keys: Sequence[str], placeholders_for: PlaceholdersFor,
                        defaults: Mapping[str, str] | None = None, first_row: int = 2,
                        example_key: str = "") -> Templates:
    """Read template rows (区分, 文面, ...): each 区分 one of `known_keys`, at most once; every
    `required_keys` row present; a missing row with a `defaults` text takes it. Blank rows are
    skipped; row numbers for messages start at `first_row`. Raises TemplateError listing every
    problem: unknown or duplicate 区分, a missing or empty row, an unknown placeholder."""
    found: dict[str, TemplateRow] = {}
    problems: list[Problem] = []
    for i, cells in enumerate(rows):
        r = first_row + i
        key, text = _read_row(r, cells)
        if not key:
            if text.strip():
                example = example_key or known_keys[0]
                problems.append(Problem(f"{TEMPLATE_SHEET} {r}行目: 区分が空欄です（A列に「{example}」など"
                                        "の区分を入れてください）。"))
            continue
        row = TemplateRow(key, text.strip("\n"), r)
        if key not in known_keys:
            problems.append(Problem(
                f"{row.where}: 区分「{key}」は使えません。使える区分は {'、'.join(known_keys)} です。", template=key))
            continue
        if key in found:
            problems.append(Problem(
                f"{row.where}: 区分「{key}」が {found[key].row}行目と重複しています。", template=key))
            continue
        if not row.text.strip():
            problems.append(Problem(f"{row.where}: 文面が空欄です。", template=key))
        problems.extend(_unknown_placeholders(row, placeholders_for(key)))
        found[key] = row
    for key, text in (defaults or {}).items():
        found.setdefault(key, TemplateRow(key, text))
    problems.extend(
        Problem(f"{TEMPLATE_SHEET}: 区分「{key}」の行がありません。行を追加するか、初期の文面に戻してください。",
                template=key)
        for key in required_keys if key not in found)
    if problems:
        raise TemplateError(problems)
    return Templates(found)


@dataclass
class Filler:
    """Fills templates for one order, collecting problems instead of stopping at the first.

    `placeholders_for(key)` maps each placeholder a template may use to where its value comes
    from (used in messages); names in `masked` are replaced by 〈名前〉 when filling with
    mask=True, so that buyer and product values never count as the seller's wording in the
    policy check."""

    order_id: str
    row_note: str
    placeholders_for: PlaceholdersFor
    masked: Collection[str] = ()
    problems: list[Problem] = field(default_factory=list)

    def fill(self, tpl: TemplateRow, values: Mapping[str, str], *, mask: bool) -> str:
        def sub(m: re.Match[str]) -> str:
            name = m.group(1).strip()
            known = self.placeholders_for(tpl.key)
            if name not in known:
                if not mask:
                    self.problems.append(Problem(
                        f"{tpl.where}: 差し込み項目 {{{name}}} は使えません。", self.order_id, tpl.key, name))
                return m.group(0)
            value = values.get(name, "")
            if not value:
                if not mask:
                    self.problems.append(Problem(
                        f"注文 {self.order_id}（{self.row_note}）: {tpl.where} の {{{name}}} に入れる"
                        f"値がありません（{known[name]}が空欄です）。",
                        self.order_id, tpl.key, name))
                return m.group(0)
            return f"〈{name}〉" if mask and name in self.masked else value

        return _PLACEHOLDER.sub(sub, tpl.text)


def dedupe(problems: Iterable[Problem]) -> list[Problem]:
    """Problems with the same message once, in order."""
    seen: dict[str, Problem] = {}
    for p in problems:
        seen.setdefault(p.message, p)
    return list(seen.values())
