"""Carrying a seller's workbook into the current layout: pure block-to-block mapping.

Everything is matched by header text (注文), by label (設定) or by 区分 (文面), never by position:
each release may reorder columns and rows. The ops layer (addin.ops.upgrade) reads the old and
the new book once per sheet and writes what these functions return.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from addin import layout
from addin.core import values
from addin.core.releases import FIRST_RELEASE, RELEASE_SETTING_LABELS, RELEASE_TEMPLATES
from addin.core.templates import normalise_template_text
from addin.core.wording import default_template_rows
from addin.errors import UserError
from addin.layout import Kind

Block = list[list[object]]
SETTINGS_HEADERS = ("項目", "値")


def _cell(row: list[object], j: int) -> object:
    return row[j] if j < len(row) else None


def _blank_row(row: list[object]) -> bool:
    return all(values.is_blank(v) for v in row)


@dataclass
class OrdersCarry:
    rows: Block  # data rows in the new layout: our columns, then the seller's own
    kinds: list[Kind | None]
    extra_headers: list[str]  # the seller's own columns, in their old order
    first_col: int = 0  # 0-based column of the first extra column in the new sheet


def carry_orders(old: Block, new: Block) -> OrdersCarry:
    """Every non-blank row under the old 注文 header, laid out under the new header. A column
    whose header is not ours (or repeats one of ours) is the seller's: kept after our columns,
    with its header; a headerless column that holds values too."""
    oi = layout.find_header_row(old)
    ni = layout.find_header_row(new)
    if oi is None:
        raise UserError(f"元のブックのシート「{layout.ORDERS}」に見出し行（{'、'.join(layout.KEY_HEADERS)}）"
                        "が見つかりません。見出しの文字を元に戻してからやり直してください。")
    if ni is None:
        raise UserError(f"テンプレートのシート「{layout.ORDERS}」に見出し行がありません。"
                        "インストールをやり直してください。")
    old_pos = layout.header_positions(old[oi])
    new_pos = layout.header_positions(new[ni])
    data = [r for r in old[oi + 1:] if not _blank_row(r)]
    width = max(new_pos.values()) + 1
    ours = set(old_pos.values())
    extras = [j for j in range(max(len(r) for r in old)) if j not in ours
              and (not values.is_blank(_cell(old[oi], j)) or any(not values.is_blank(_cell(r, j)) for r in data))]
    kinds: list[Kind | None] = [None] * width
    for header, j in new_pos.items():
        kinds[j] = layout.COLUMNS_BY_HEADER[header].kind
    rows: Block = []
    for r in data:
        out: list[object] = [None] * width
        for header, j in new_pos.items():
            if header in old_pos:
                out[j] = _cell(r, old_pos[header])
        out += [_cell(r, j) for j in extras]
        rows.append(out)
    headers = [values.text(_cell(old[oi], j)) for j in extras]
    return OrdersCarry(rows, kinds + [None] * len(extras), headers, width)


@dataclass
class SettingsCarry:
    values: dict[int, object] = field(default_factory=dict)  # new block row index -> value
    value_col: int = 1
    carried: int = 0
    unknown: list[tuple[str, object, object]] = field(default_factory=list)  # label, value, 説明
    first_free: int = 0  # 0-based row under the new table, where unknown rows go


def _settings_table(block: Block, what: str) -> tuple[int, int, int]:
    """(header index, label column, value column) of a 設定 block."""
    i = layout.find_header_row(block, SETTINGS_HEADERS)
    if i is None:
        raise UserError(f"{what}のシート「{layout.SETTINGS}」に見出し（{'・'.join(SETTINGS_HEADERS)}）が"
                        "見つかりません。")
    pos = {values.norm(v): j for j, v in reversed(list(enumerate(block[i]))) if not values.is_blank(v)}
    return i, pos[SETTINGS_HEADERS[0]], pos[SETTINGS_HEADERS[1]]


def carry_settings(old: Block, new: Block) -> SettingsCarry:
    """Every 設定 value by its label. Labels the current template does not know are returned as
    `unknown` (the caller keeps them under the table and lists them)."""
    oi, ol, ov = _settings_table(old, "元のブック")
    ni, nl, nv = _settings_table(new, "テンプレート")
    rows_by_label: dict[str, int] = {}
    for k, r in enumerate(new[ni + 1:], ni + 1):
        label = values.norm(_cell(r, nl))
        if label:
            rows_by_label.setdefault(label, k)
    out = SettingsCarry(value_col=nv, first_free=max([ni, *rows_by_label.values()]) + 1)
    described = {j for j, v in enumerate(old[oi]) if values.norm(v) == "説明"}
    for r in old[oi + 1:]:
        label = values.norm(_cell(r, ol))
        if not label:
            continue
        value = _cell(r, ov)
        if label in rows_by_label:
            out.values[rows_by_label[label]] = value
            out.carried += 1
        else:
            note = _cell(r, min(described)) if described else None
            out.unknown.append((label, value, note))
    return out


def is_release_default(key: str, text: str, version: str) -> bool:
    """Is `text` the 文面 default of `key` in release `version` (or, for an unknown version, in
    any release we know)?"""
    versions = [version] if version in RELEASE_TEMPLATES else list(RELEASE_TEMPLATES)
    t = normalise_template_text(text).strip("\n")
    return any(dict(RELEASE_TEMPLATES[v]).get(key) == t for v in versions)


@dataclass
class TemplatesCarry:
    rows: list[tuple[str, str]]  # the new 文面 rows (区分, 文面), seller texts in place
    kept: list[str] = field(default_factory=list)  # 区分 whose seller text was carried
    renewed: list[str] = field(default_factory=list)  # untouched defaults that changed wording
    added: list[str] = field(default_factory=list)  # 区分 the old book did not have
    unknown: list[tuple[str, str]] = field(default_factory=list)  # old rows no release knows


def carry_templates(old_rows: list[list[object]], version: str) -> TemplatesCarry:
    """The current default 文面 with each row the seller changed put back. A row still equal to
    the default of the release that made the workbook takes the new default."""
    old: dict[str, str] = {}
    for r in old_rows:
        key = values.norm(_cell(r, 0))
        if key and key not in old:
            old[key] = normalise_template_text(values.text(_cell(r, 1))).strip("\n")
    defaults = default_template_rows()
    out = TemplatesCarry([])
    for key, text in defaults:
        was = old.get(key)
        if was is None:
            out.added.append(key)
        elif was.strip() and not is_release_default(key, was, version):
            if was != text:
                out.kept.append(key)
            text = was
        elif was != text:
            out.renewed.append(key)
        out.rows.append((key, text))
    known = {k for k, _ in defaults}
    out.unknown = [(k, t) for k, t in old.items() if k not in known]
    return out


def release_labels(version: str) -> tuple[str, ...]:
    return RELEASE_SETTING_LABELS.get(version, RELEASE_SETTING_LABELS[FIRST_RELEASE])
