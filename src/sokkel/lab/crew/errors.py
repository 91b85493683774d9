"""The error every crew input file raises when it cannot be used: it names the place."""

from __future__ import annotations


class CrewInputError(ValueError):
    """An input file that cannot be used, with the place of the fault.

    ``str(error)`` reads ``"FILE:LINE: field 'F': message"``; the line and the field are
    left out when they do not apply (a missing file has neither).

    Attributes
    ----------
    file : str
        The file at fault, e.g. ``"stop_times.txt"`` or ``"plan.json"``.
    line : int or None
        The physical line in that file (a CSV header is line 1).
    field : str or None
        The column or key at fault.
    message : str
        What is wrong.
    """

    def __init__(self, file: str, line: int | None, field: str | None, message: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        where = file if line is None else f"{file}:{line}"
        what = message if field is None else f"field '{field}': {message}"
        super().__init__(f"{where}: {what}")


class CrewSettingsError(CrewInputError):
    """A TOML settings file (rules, station roles) that cannot be used: file, field, line."""

    def __init__(self, file: str, field: str | None, message: str, line: int | None = None) -> None:
        super().__init__(file, line, field, message)
