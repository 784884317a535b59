"""Errors a seller can cause. Their message is Japanese, names where the problem is, and is
shown without a traceback (CLI: one line on stderr, exit 1; Excel: a message box)."""

from __future__ import annotations


class UserError(Exception):
    """A problem in the seller's input or environment, with a Japanese message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def cell_name(row: int, col: int) -> str:
    """Excel A1 name of a 1-based (row, col), for messages."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"
