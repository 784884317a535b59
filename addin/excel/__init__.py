"""The Excel side: entry points for the buttons (RunPython) and the xlwings shell.

One entry point per button of `addin.commands` (VBA: `addin.excel.<entry>()`), each the button's
function of `addin.excel.buttons` (or `run_operation`) wrapped by `session.button`.
`import addin.excel` must stay cheap and must not need Excel: the template tests import every
button target on Linux.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from addin.commands import ENTRY_POINTS, Command
from addin.excel import buttons
from addin.excel.session import Session, button


def _entry(cmd: Command) -> Callable[..., None]:
    assert cmd.button is not None
    work = getattr(buttons, cmd.button.entry, buttons.run_operation)

    def bound(session: Session) -> Sequence[str] | None:
        return work(session, cmd)

    bound.__name__ = bound.__qualname__ = cmd.button.entry
    bound.__doc__ = work.__doc__
    return button(cmd.button.caption)(bound)


ENTRIES = {cmd.button.entry: _entry(cmd) for cmd in ENTRY_POINTS if cmd.button}
globals().update(ENTRIES)
__all__ = sorted(ENTRIES)
