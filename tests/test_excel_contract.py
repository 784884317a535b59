"""The fake cannot drift from xlwings: everything it offers exists, with the same shape, on the
real classes of the pinned xlwings (inspected here, no Excel needed)."""

from __future__ import annotations

import inspect

import pytest
import xlwings
import xlwings.main
from fake_xlwings import FakeApp, FakeBook, FakePageSetup, FakeRange, FakeSheet, FakeSheets

PAIRS = [
    (FakeApp, xlwings.App),
    (FakeBook, xlwings.Book),
    (FakeSheets, xlwings.main.Sheets),
    (FakeSheet, xlwings.Sheet),
    (FakeRange, xlwings.Range),
    (FakePageSetup, xlwings.main.PageSetup),
]
XLWINGS_NAMES = {"book", "app", "ws", "sheet", "used", "collection", "caller"}
DUNDERS = {"__getitem__", "__len__", "__iter__", "__contains__", "__call__"}


def offered(fake: type) -> dict[str, object]:
    """What the fake offers the shell: public names and container protocol methods (`_…` is
    test-only state)."""
    return {name: value for name, value in vars(fake).items()
            if (not name.startswith("_") or name in DUNDERS)}


def real_attr(real: type, name: str) -> object:
    for klass in real.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    raise AttributeError(name)


def test_xlwings_is_the_pinned_version() -> None:
    assert xlwings.__version__ == "0.37.8"


@pytest.mark.parametrize(("fake", "real"), PAIRS, ids=[f.__name__ for f, _ in PAIRS])
def test_fake_offers_only_what_xlwings_has(fake: type, real: type) -> None:
    names = offered(fake)
    assert names, fake
    for name, value in names.items():
        assert hasattr(real, name), f"{real.__name__}.{name} does not exist in xlwings {xlwings.__version__}"
        actual = real_attr(real, name)
        if isinstance(value, property):
            assert isinstance(actual, property), f"{real.__name__}.{name} is not a property"
            if value.fset is not None:
                assert actual.fset is not None, f"{real.__name__}.{name} cannot be set"
        elif isinstance(value, classmethod):
            assert isinstance(actual, classmethod), f"{real.__name__}.{name} is not a classmethod"
        else:
            assert callable(actual) and not isinstance(actual, property), f"{real.__name__}.{name}"


@pytest.mark.parametrize(("fake", "real"), PAIRS, ids=[f.__name__ for f, _ in PAIRS])
def test_methods_take_the_same_arguments(fake: type, real: type) -> None:
    for name, value in offered(fake).items():
        if isinstance(value, property):
            continue
        func = value.__func__ if isinstance(value, classmethod) else value
        actual = real_attr(real, name)
        actual = actual.__func__ if isinstance(actual, classmethod) else actual
        actual = inspect.unwrap(actual)  # contextmanager-decorated properties()
        ours = inspect.signature(inspect.unwrap(func)).parameters
        theirs = inspect.signature(actual).parameters
        takes_any = any(p.kind is p.VAR_KEYWORD for p in theirs.values())
        for pname, param in ours.items():
            if param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
                assert any(p.kind is param.kind for p in theirs.values()), (real.__name__, name, pname)
                continue
            if pname not in theirs:
                assert takes_any, f"{real.__name__}.{name}() has no argument {pname!r}"
                continue
            if param.default is not param.empty and theirs[pname].default is not param.empty:
                assert param.default == theirs[pname].default, (real.__name__, name, pname)
        # The real method must not require an argument the fake does not know about.
        for pname, param in theirs.items():
            if param.default is param.empty and param.kind is param.POSITIONAL_OR_KEYWORD:
                assert pname in ours, f"{real.__name__}.{name}() requires {pname!r}"


def test_the_shell_uses_only_what_the_fake_offers() -> None:
    """Every xlwings attribute the Excel package touches is offered by the fake (so the fake
    tests exercise it and the contract above covers it)."""
    import ast
    from pathlib import Path

    import addin.excel

    used: set[str] = set()  # attributes of names that hold xlwings objects in addin/excel
    for path in Path(addin.excel.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute):
                continue
            parent = node.value
            if (isinstance(parent, ast.Name) and parent.id in XLWINGS_NAMES) or \
                    (isinstance(parent, ast.Attribute) and parent.attr in {"book", "app"}):
                used.add(node.attr)
    everything = set().union(*(offered(f) for f, _ in PAIRS)) | {"api", "GetOpenFilename"}
    own = {"book", "progress", "sheet_names", "has_sheet", "read_block", "write_block",
           "replace_sheet", "add_sheet", "app", "port", "title", "alert",
           "confirm", "status", "busy", "folder", "name"}
    assert {"sheet_names", "sheets", "properties", "status_bar", "alert", "save", "fullname",
            "used_range", "address", "range", "page_setup"} <= used
    assert used - everything - own == set(), used - everything - own
