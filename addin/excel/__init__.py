"""The Excel side: entry points for the buttons (RunPython) and the xlwings shell.

`import addin.excel` must stay cheap and must not need Excel: the template tests import every
button target on Linux.
"""

from addin.excel.buttons import (
    confirm_file,
    import_report,
    make_letters,
    mark_confirmed,
    metrics,
    print_letters,
    purge_pii,
    triage,
)

__all__ = [
    "confirm_file",
    "import_report",
    "make_letters",
    "mark_confirmed",
    "metrics",
    "print_letters",
    "purge_pii",
    "triage",
]
