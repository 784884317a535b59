"""Every letter of a workbook: the letter rows of 文面 checked once against Amazon's rules, then
one letter per order that needs one, each checked and laid out on one page; a problem of one order
only stops that order's letter."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from addin.core import policy
from addin.core.codes import LetterPart
from addin.core.letter_compose import Letter, LetterError, PartsLike, Style, compose_letter, parts_of
from addin.core.letter_pages import PrintedLine, print_lines
from addin.core.model import Order, Settings
from addin.core.templates import Problem, Templates
from addin.core.wording import REQUIRED_KEYS, parse_templates


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
    templates = template_rows if isinstance(template_rows, Templates) else parse_templates(template_rows)
    # Only the letter rows: a rule breach in a message row stops that message, not the letters.
    breaches = policy.check_template_rows(templates[k] for k in REQUIRED_KEYS)
    if breaches:
        raise LetterError([Problem(v.message, template=v.where) for v in breaches])
    groups: dict[str, list[tuple[Order, tuple[LetterPart, ...]]]] = {}
    for order, parts in entries:
        groups.setdefault(order.order_id.strip(), []).append((order, parts_of(parts)))
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
