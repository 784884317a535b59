"""Errors with a Japanese message for the seller. Their message names where the problem is and is
shown without a traceback (CLI: one line on stderr, exit 1; Excel: a message box).

One small hierarchy: `AddinError` is what every shell catches. The core raises `DomainError`
subclasses (bad values, report rows, letter templates, calendar range); shells and operations
raise `UserError` (files, sheets, the environment).
"""

from __future__ import annotations


class AddinError(Exception):
    """Any problem the seller can act on; `message` is Japanese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DomainError(AddinError):
    """Raised by the functional core: the input breaks a business rule or cannot be read."""


class UserError(AddinError):
    """A problem in the seller's files, sheets or environment, raised by operations and shells."""


def cell_name(row: int, col: int) -> str:
    """Excel A1 name of a 1-based (row, col), for messages."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"
