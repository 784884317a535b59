"""The command registry (addin.commands) against everything made from it or written after it: the
CLI, the xlwings entry points, the VBA module in the repository and the README's tables."""

from __future__ import annotations

import inspect
from pathlib import Path

import addin.excel
from addin import commands
from addin.cli import HANDLERS, build_parser
from addin.commands import BUTTONS, COMMANDS, SUBCOMMANDS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _table(heading: str) -> list[str]:
    """The body rows of the first table after `heading`."""
    lines = README.split("\n" + heading + "\n", 1)[1].splitlines()  # the heading line, not a longer one
    start = next(i for i, line in enumerate(lines) if line.startswith("|---"))
    rows = []
    for line in lines[start + 1:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def test_names_captions_and_macros_are_unique() -> None:
    for values in ([c.name for c in COMMANDS], [c.button.caption for c in BUTTONS if c.button],
                   [c.button.macro for c in BUTTONS if c.button], [(c.button.sheet, c.button.row, c.button.slot)
                                                                    for c in BUTTONS if c.button]):
        assert len(values) == len(set(values)), values


def test_every_subcommand_is_in_the_parser_with_a_handler() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert list(sub.choices) == [c.name for c in SUBCOMMANDS]
    for c in SUBCOMMANDS:
        assert c.name in HANDLERS or (c.operation and "workbook" in [a.dest for a in c.args]), c.name
    assert set(HANDLERS) <= {c.name for c in SUBCOMMANDS}
    for c in BUTTONS:
        assert c.cli or c.part_of in {s.name for s in SUBCOMMANDS} or not c.button.entry, c.name


def test_every_operation_resolves_and_takes_the_book_first() -> None:
    for c in COMMANDS:
        if c.operation:
            params = list(inspect.signature(c.run()).parameters)
            assert params[0] == "book", c.name


def test_every_button_has_its_entry_point() -> None:
    entries = [c.button.entry for c in BUTTONS if c.button and c.button.entry]
    assert sorted(addin.excel.__all__) == sorted(entries)
    for name in entries:
        assert callable(getattr(addin.excel, name)) and getattr(addin.excel, name).__name__ == name


def test_vba_module_in_the_repository_is_generated_from_the_registry() -> None:
    source = (ROOT / "workbook" / "vba" / f"{commands.VBA_MODULE}.bas").read_text(encoding="utf-8")
    assert source == commands.vba_module(), "run: .venv/bin/python scripts/build_template.py"
    assert source.isascii()


def test_readme_command_table_matches_the_registry() -> None:
    expected = commands.readme_command_rows()
    assert _table("## コマンド") == expected, "README「コマンド」should read:\n" + "\n".join(expected)


def test_readme_button_table_matches_the_registry() -> None:
    expected = commands.readme_button_rows()
    heading = "### ボタン（今日シートと注文シートの上）"
    assert _table(heading) == expected, "README「ボタン」should read:\n" + "\n".join(expected)


def test_readme_lists_every_python_button_where_it_says_what_runs_where() -> None:
    captions = "・".join(c.button.caption for c in BUTTONS if c.button and c.button.entry)
    assert f"| ボタン（{captions}） |" in README
