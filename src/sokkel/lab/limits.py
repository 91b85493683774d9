"""Limits on every input the lab reads: one place for each shape of check.

Each area keeps its own error type (``rounds.errors.InputError``,
``crew.errors.CrewInputError``); the helpers here either raise :class:`ValueError`
with a plain message that the caller wraps with its file, line and field, or take a
``fail(message, line)`` callback that builds the caller's error. They never echo more
than a short, truncated piece of what they read (:func:`shown`).

* :func:`bounded`: a number (or its text) that must be finite and within a range;
  :func:`option` makes it an ``argparse`` ``type=``.
* :func:`read_text`: a regular, not too large, UTF-8 file; a bad byte is reported with
  its line.
* :func:`parse_toml`, :func:`parse_json`: parsed documents without NaN or ±Infinity
  anywhere (refused with the field and line), deep nesting or giant integers.
* :func:`line_of`: the line of a dotted field such as ``teams[0].shifts[1].end``.
* :func:`inside`: a file named inside an input file must lie in that file's folder.
* :func:`output_problem`, :func:`write_atomically`: outputs are checked before the work
  and written whole or not at all.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import re
import secrets
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

#: Largest text input read whole (scenario, CSV, plan, rules files): 64 MiB.
MAX_TEXT_BYTES = 64 * 1024 * 1024
#: Seeds of every random stream: 0 … 2**31 − 1 (every solver accepts these).
SEED_MAX = 2**31 - 1
#: Time limits on the command line: more than 0 and at most a day, in seconds.
MAX_SECONDS = 86_400

Fail = Callable[[str, int | None], Exception]
FailField = Callable[[str, str, int | None], Exception]


def shown(value: object, limit: int = 40) -> str:
    """``repr`` of a value read from input, cut to ``limit`` characters."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def bounded(
    value: object,
    low: float,
    high: float,
    *,
    whole: bool = False,
    above: bool = False,
) -> Any:
    """A finite number within ``[low, high]`` (``(low, high]`` with ``above``).

    Parameters
    ----------
    value
        An ``int`` or ``float`` (from TOML or JSON) or the text of a number (from CSV or
        the command line); booleans are not numbers.
    low, high
        The range.
    whole
        Whether a whole number is required (returned as ``int``; ``3.0`` is accepted).
    above
        Whether ``low`` itself is excluded (e.g. a time limit must be more than 0).

    Returns
    -------
    int or float
        The number.

    Raises
    ------
    ValueError
        With a message that states the range, e.g. ``"expected a whole number from 1
        to 366, got 100000000"``.
    """
    kind = "a whole number" if whole else "a number"
    if above:
        span = f"more than {_number_text(low)} and at most {_number_text(high)}"
    else:
        span = f"from {_number_text(low)} to {_number_text(high)}"
    wrong = ValueError(f"expected {kind} {span}, got {shown(value)}")
    number: int | float
    if isinstance(value, bool):
        raise wrong
    if isinstance(value, str):
        text = value.strip()
        try:
            number = int(text) if re.fullmatch(r"[+-]?\d+", text) else float(text)
        except ValueError:
            raise wrong from None
    elif isinstance(value, int | float):
        number = value
    else:
        raise wrong
    if isinstance(number, float):
        if not math.isfinite(number):
            raise ValueError(f"expected a finite number {span}, got {shown(value)}")
        if whole:
            if not number.is_integer():
                raise wrong
            number = int(number)
    if number < low or number > high or (above and number == low):
        raise wrong
    return number


def option(
    low: float, high: float, *, whole: bool = False, above: bool = False
) -> Callable[[str], Any]:
    """An ``argparse`` ``type=`` for :func:`bounded` numbers: a bad value is an usage error."""

    def convert(text: str) -> Any:
        try:
            return bounded(text, low, high, whole=whole, above=above)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = "whole number" if whole else "number"
    return convert


#: ``type=`` of every ``--seed``.
seed_option = option(0, SEED_MAX, whole=True)
#: ``type=`` of every ``--time-limit``: seconds, more than 0 and at most a day.
seconds_option = option(0, MAX_SECONDS, above=True)


# --- reading text ----------------------------------------------------------------------


def decode(data: bytes, fail: Fail) -> str:
    """UTF-8 text (a leading byte-order mark dropped); a bad byte fails with its line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise fail(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded", line
        ) from None


def read_text(path: str | Path, fail: Fail, *, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """The text of a regular UTF-8 file of at most ``max_bytes`` bytes.

    ``fail(message, line)`` builds the error to raise: for a missing file, a folder or a
    device, a file too large, a read error, or a byte that is not UTF-8 (with its line).
    """
    path = Path(path)
    try:
        if not path.exists():
            raise fail("no such file", None)
        if not path.is_file():
            raise fail("not a regular file", None)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror or exc}", None) from None
    if len(data) > max_bytes:
        raise fail(f"the file is larger than {max_bytes // 2**20} MB", None)
    return decode(data, fail)


def first_undecodable_line(lines: Iterable[bytes]) -> int | None:
    """The 1-based number of the first line of a byte stream that is not UTF-8."""
    for number, line in enumerate(lines, start=1):
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return None


# --- parsing documents -----------------------------------------------------------------


class _NonFinite:
    """Stands in for a NaN or infinite number while a document is parsed."""

    def __init__(self, text: str) -> None:
        self.text = text


def _float(text: str) -> float | _NonFinite:
    value = float(text)
    return value if math.isfinite(value) else _NonFinite(text)


def _find_non_finite(value: object, path: str = "") -> tuple[str, str] | None:
    if isinstance(value, _NonFinite):
        return path, value.text
    if isinstance(value, Mapping):
        items: Iterable[tuple[str, object]] = (
            (f"{path}.{key}" if path else str(key), item) for key, item in value.items()
        )
    elif isinstance(value, list):
        items = ((f"{path}[{index}]", item) for index, item in enumerate(value))
    else:
        return None
    for where, item in items:
        found = _find_non_finite(item, where)
        if found is not None:
            return found
    return None


def _refuse_non_finite(document: object, text: str, is_json: bool, fail_field: FailField) -> None:
    found = _find_non_finite(document)
    if found is not None:
        field, literal = found
        line = line_of(text.splitlines(), field, is_json=is_json) if field else None
        raise fail_field(f"expected a finite number, got {shown(literal)}", field, line)


def parse_toml(text: str, fail: Fail, fail_field: FailField) -> dict[str, Any]:
    """A TOML document; ``nan`` and ``inf`` anywhere fail with their field and line.

    ``fail(message, line)`` builds the error for a document that is not valid TOML,
    ``fail_field(message, field, line)`` the one for a non-finite number.
    """
    try:
        document = tomllib.loads(text, parse_float=_float)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise fail(f"not valid TOML: {exc}", int(found.group(1)) if found else None) from None
    except (ValueError, RecursionError):
        raise fail("not valid TOML: a number too long or nesting too deep", None) from None
    _refuse_non_finite(document, text, False, fail_field)
    return document


def _json_constant(text: str) -> _NonFinite:
    return _NonFinite(text)


def parse_json(text: str, fail: Fail, fail_field: FailField) -> Any:
    """A JSON document; ``NaN``, ``Infinity`` and numbers beyond a float fail with their field.

    ``fail(message, line)`` builds the error for a document that is not valid JSON,
    ``fail_field(message, field, line)`` the one for a non-finite number.
    """
    try:
        document = json.loads(text, parse_float=_float, parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        raise fail(f"not valid JSON: {exc.msg}", exc.lineno) from None
    except (ValueError, RecursionError):
        raise fail("not valid JSON: a number too long or nesting too deep", None) from None
    _refuse_non_finite(document, text, True, fail_field)
    return document


def line_of(lines: list[str], field: str, *, is_json: bool = False) -> int | None:
    """Best-effort 1-based line of a dotted field such as ``teams[0].shifts[1].end``.

    In TOML the tables are found by their headers (``[horizon]``, ``[[teams.shifts]]``),
    in JSON by their keys; the last part is a ``key =`` (``"key":``) line after them, or
    in TOML the header of a table of that name.
    """
    parts = field.split(".")
    position, table = 0, []
    for part in parts[:-1]:
        name, _, index = part.partition("[")
        table.append(name)
        try:
            count = int(index.rstrip("]")) + 1 if index else 1
        except ValueError:
            return None
        if is_json:
            header = re.compile(rf'"{re.escape(name)}"\s*:')
        else:
            dotted = re.escape(".".join(table))
            header = re.compile(rf"^\s*\[\[?\s*{dotted}\s*\]\]?\s*(#.*)?$")
        found = _find(lines, header, position, count)
        if found is None:
            return None
        position = found
    key = re.escape(parts[-1].partition("[")[0])
    pattern = re.compile(rf'"{key}"\s*:' if is_json else rf'^\s*"?{key}"?\s*=')
    found = _find(lines, pattern, position, 1)
    if found is None and not is_json:  # the field may be a table: its header
        dotted = re.escape(".".join([*table, parts[-1].partition("[")[0]]))
        found = _find(lines, re.compile(rf"^\s*\[\[?\s*{dotted}\s*\]\]?\s*(#.*)?$"), 0, 1)
    return None if found is None else found + 1


def _find(lines: list[str], pattern: re.Pattern[str], start: int, count: int) -> int | None:
    """0-based index of the ``count``-th line from ``start`` matching ``pattern``."""
    for index in range(start, len(lines)):
        if pattern.search(lines[index]):
            count -= 1
            if count == 0:
                return index
    return None


# --- files named inside files ----------------------------------------------------------


def inside(folder: str | Path, name: str) -> Path:
    """The file ``name`` relative to ``folder``, which it must not leave.

    Absolute names, ``..`` and symbolic links that lead out of the folder are refused
    (after resolving every link), so an input file cannot make the lab read, or echo,
    a file elsewhere on the machine.

    Raises
    ------
    ValueError
        When the name leads out of the folder or cannot be resolved.
    """
    base = Path(folder)
    try:
        root = base.resolve()
        target = (root / name).resolve()
    except (OSError, RuntimeError, ValueError):
        raise ValueError(f"cannot resolve the file name {shown(name, 200)}") from None
    if not target.is_relative_to(root):
        raise ValueError(
            f"{shown(name, 200)} lies outside the folder {base}: name a file in that folder"
        )
    return base / name


# --- writing outputs -------------------------------------------------------------------


def output_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot be written, checked before the work: ``None`` when it can."""
    path = Path(path)
    if path.is_dir():
        return f"{path} is a folder, not a file"
    parent = path.parent
    if not parent.is_dir():
        return f"the folder {parent} does not exist"
    if not os.access(parent, os.W_OK):
        return f"the folder {parent} is not writable"
    return None


def write_atomically(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all: a temporary file, renamed.

    Raises
    ------
    OSError
        When the file cannot be written; ``path`` is then left as it was.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
