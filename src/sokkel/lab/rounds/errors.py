"""Errors raised by the rounds planner."""

from __future__ import annotations

from pathlib import Path


class RoundsError(Exception):
    """Base class of every error the rounds planner raises on purpose."""


class InputError(RoundsError, ValueError):
    """Bad input: names the file, the line (when known) and the field.

    Parameters
    ----------
    message
        What is wrong, in plain words.
    file
        The file the value came from, if any.
    line
        The 1-based line number in that file, if known.
    field
        The name of the offending field, e.g. ``requests.arrives``.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field '{self.field}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message
