"""Readers for rounds scenarios: a TOML or JSON file plus CSV files for long lists.

The formats are documented in ``docs/rounds.md``. Every problem found is raised
as :class:`~sokkel.lab.rounds.errors.InputError` naming the file, the line
(when known) and the field.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from sokkel.lab.rounds.effects import EffectParameters
from sokkel.lab.rounds.errors import InputError
from sokkel.lab.rounds.scenario import (
    WEEKDAYS,
    Place,
    Planning,
    Priority,
    Request,
    Scenario,
    Shift,
    Team,
    Travel,
)

T = TypeVar("T")
DEFAULT_SERVICE_MINUTES = 15
DEFAULT_SETUP_MINUTES = 10


class _Source:
    """A scenario file's text, to point errors at the line of a field."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.is_json = path.suffix.lower() == ".json"

    def line_of(self, field: str) -> int | None:
        """Best-effort 1-based line of a dotted field such as ``teams[0].shifts[1].end``."""
        parts = field.split(".")
        position, table = 0, []
        for part in parts[:-1]:
            name, _, index = part.partition("[")
            table.append(name)
            count = int(index.rstrip("]")) + 1 if index else 1
            if self.is_json:
                header = re.compile(rf'"{re.escape(name)}"\s*:')
            else:
                dotted = re.escape(".".join(table))
                header = re.compile(rf"^\s*\[\[?\s*{dotted}\s*\]\]?\s*(#.*)?$")
            found = self._find(header, position, count)
            if found is None:
                return None
            position = found
        key = re.escape(parts[-1].partition("[")[0])
        pattern = re.compile(rf'"{key}"\s*:' if self.is_json else rf'^\s*"?{key}"?\s*=')
        found = self._find(pattern, position, 1)
        return None if found is None else found + 1

    def _find(self, pattern: re.Pattern[str], start: int, count: int) -> int | None:
        """0-based index of the ``count``-th line from ``start`` matching ``pattern``."""
        for index in range(start, len(self.lines)):
            if pattern.search(self.lines[index]):
                count -= 1
                if count == 0:
                    return index
        return None

    def error(self, message: str, field: str) -> InputError:
        return InputError(message, file=self.path, line=self.line_of(field), field=field)


def parse_clock(text: str) -> int:
    """Minutes after midnight of a ``HH:MM`` time of day.

    Raises
    ------
    ValueError
        When ``text`` is not a time of day between 00:00 and 24:00.
    """
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", str(text))
    if not match:
        raise ValueError(f"expected a time of day as HH:MM, got {text!r}")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours * 60 + minutes > 24 * 60:
        raise ValueError(f"not a time of day: {text!r}")
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """``HH:MM`` for minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _convert(source: _Source, field: str, convert: Callable[[Any], T], value: Any) -> T:
    try:
        return convert(value)
    except (TypeError, ValueError) as exc:
        raise source.error(str(exc), field) from None


def _section(source: _Source, raw: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, Mapping):
        raise source.error(f"'{name}' must be a table of settings", name)
    return value


def _dataclass_from(source: _Source, cls: type[T], section: str, raw: Mapping[str, Any]) -> T:
    """Build a parameter dataclass from a section, refusing unknown names."""
    known = {item.name: item for item in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for name, value in raw.items():
        field = f"{section}.{name}"
        if name not in known:
            raise source.error(f"unknown setting; known ones are {', '.join(sorted(known))}", field)
        default = known[name].default
        if isinstance(default, bool) or not isinstance(value, int | float | str):
            raise source.error(f"expected a number or text, got {value!r}", field)
        if isinstance(default, str) and not isinstance(value, str):
            raise source.error(f"expected text, got {value!r}", field)
        if isinstance(default, int | float) and not isinstance(value, int | float):
            raise source.error(f"expected a number, got {value!r}", field)
        if isinstance(default, int) and not isinstance(default, bool) and isinstance(value, float):
            if not value.is_integer():
                raise source.error(f"expected a whole number, got {value!r}", field)
            value = int(value)
        values[name] = value
    try:
        return cls(**values)
    except ValueError as exc:
        message = str(exc)
        named = re.match(r"(\w+\.\w+)", message)
        raise source.error(message, named.group(1) if named else section) from None


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with their line numbers, checking the header."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", file=path) from None
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"not a readable CSV file: {exc}", file=path, line=1) from None
        for column in required:
            if column not in header:
                raise InputError(
                    f"missing column; the header has {', '.join(header) or 'nothing'}",
                    file=path,
                    line=1,
                    field=column,
                )
        try:
            for row in reader:
                if None in row:
                    raise InputError("more values than columns", file=path, line=reader.line_num)
                if all(not (value or "").strip() for value in row.values()):
                    continue
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(
                f"not a readable CSV file: {exc}", file=path, line=reader.line_num
            ) from None


def _cell(path: Path, line: int, field: str, convert: Callable[[str], T], text: str) -> T:
    if text == "":
        raise InputError("missing value", file=path, line=line, field=field)
    try:
        return convert(text)
    except ValueError as exc:
        raise InputError(str(exc), file=path, line=line, field=field) from None


def _number(low: float, high: float) -> Callable[[str], float]:
    def convert(text: str) -> float:
        value = float(text)
        if not low <= value <= high:
            raise ValueError(f"must lie between {low:g} and {high:g}, got {text}")
        return value

    return convert


def _minutes(text: str) -> int:
    value = float(text)
    if value < 0:
        raise ValueError(f"a duration cannot be negative, got {text}")
    if value == 0 or not value.is_integer():
        raise ValueError(f"expected a positive whole number of minutes, got {text}")
    return int(value)


def _read_sites(path: Path) -> dict[str, tuple[int, Place]]:
    sites: dict[str, tuple[int, Place]] = {}
    for line, row in _rows(path, ("id", "name", "lat", "lon")):
        site_id = _cell(path, line, "id", str, row["id"])
        if site_id in sites:
            raise InputError(
                f"site '{site_id}' already defined on line {sites[site_id][0]}",
                file=path,
                line=line,
                field="id",
            )
        opens = _cell(path, line, "opens", parse_clock, row["opens"]) if row.get("opens") else None
        closes = (
            _cell(path, line, "closes", parse_clock, row["closes"]) if row.get("closes") else None
        )
        if opens is not None and closes is not None and closes <= opens:
            raise InputError("closes before it opens", file=path, line=line, field="closes")
        sites[site_id] = (
            line,
            Place(
                id=site_id,
                name=row["name"] or site_id,
                lat=_cell(path, line, "lat", _number(-90, 90), row["lat"]),
                lon=_cell(path, line, "lon", _number(-180, 180), row["lon"]),
                district=row.get("district", ""),
                opens=opens,
                closes=closes,
            ),
        )
    return sites


def _priority(text: str) -> Priority:
    try:
        return Priority(text.lower())
    except ValueError:
        raise ValueError(f"expected 'urgent' or 'normal', got {text!r}") from None


def _read_requests(path: Path, sites: Mapping[str, Any]) -> list[tuple[int, Request]]:
    requests: list[tuple[int, Request]] = []
    seen: dict[str, int] = {}
    columns = ("id", "site", "arrives", "due")
    for line, row in _rows(path, columns):
        request_id = _cell(path, line, "id", str, row["id"])
        if request_id in seen:
            raise InputError(
                f"request '{request_id}' already defined on line {seen[request_id]}",
                file=path,
                line=line,
                field="id",
            )
        seen[request_id] = line
        site = _cell(path, line, "site", str, row["site"])
        if site not in sites:
            raise InputError(f"unknown site '{site}'", file=path, line=line, field="site")
        minutes_text = row.get("minutes") or str(DEFAULT_SERVICE_MINUTES)
        arrives = _cell(path, line, "arrives", _parse_date, row["arrives"])
        due = _cell(path, line, "due", _parse_date, row["due"])
        if due < arrives:
            raise InputError(
                f"due {due} is before it arrives ({arrives})", file=path, line=line, field="due"
            )
        window = [
            _cell(path, line, name, parse_clock, row[name]) if row.get(name) else None
            for name in ("available_from", "available_to")
        ]
        if window[0] is not None and window[1] is not None and window[1] <= window[0]:
            raise InputError(
                "the window ends before it starts", file=path, line=line, field="available_to"
            )
        requests.append(
            (
                line,
                Request(
                    id=request_id,
                    site=site,
                    exam=row.get("exam") or "røntgen",
                    service_minutes=_cell(path, line, "minutes", _minutes, minutes_text),
                    priority=_cell(
                        path, line, "priority", _priority, row.get("priority") or "normal"
                    ),
                    arrives=arrives,
                    due=due,
                    available_from=window[0],
                    available_to=window[1],
                ),
            )
        )
    return requests


def _read_matrix(path: Path, place_ids: list[str]) -> dict[tuple[str, str], tuple[int, int]]:
    known = set(place_ids)
    matrix: dict[tuple[str, str], tuple[int, int]] = {}
    for line, row in _rows(path, ("from", "to", "km", "minutes")):
        for name in ("from", "to"):
            if row[name] not in known:
                raise InputError(f"unknown place '{row[name]}'", file=path, line=line, field=name)
        km = _cell(path, line, "km", _number(0, 1e5), row["km"])
        minutes = _cell(path, line, "minutes", _number(0, 1e5), row["minutes"])
        matrix[(row["from"], row["to"])] = (round(km * 1000), round(minutes))
    for a in place_ids:
        for b in place_ids:
            if a != b and (a, b) not in matrix:
                raise InputError(f"no travel given from '{a}' to '{b}'", file=path, field="from/to")
    return matrix


def _read_teams(source: _Source, raw: Any) -> tuple[Team, ...]:
    if not isinstance(raw, list) or not raw:
        raise source.error("at least one team is needed", "teams")
    teams = []
    for i, team in enumerate(raw):
        where = f"teams[{i}]"
        if not isinstance(team, Mapping):
            raise source.error("each team must be a table", where)
        team_id = str(team.get("id", f"T{i + 1}"))
        shifts = []
        raw_shifts = team.get("shifts")
        if not isinstance(raw_shifts, list) or not raw_shifts:
            raise source.error("each team needs at least one shift", f"{where}.shifts")
        covered: set[str] = set()
        for j, shift in enumerate(raw_shifts):
            at = f"{where}.shifts[{j}]"
            days = shift.get("days", list(WEEKDAYS[:5]))
            if not isinstance(days, list) or any(d not in WEEKDAYS for d in days):
                raise source.error(f"expected weekdays among {', '.join(WEEKDAYS)}", f"{at}.days")
            if covered & set(days):
                raise source.error("two shifts of one team on the same weekday", f"{at}.days")
            covered |= set(days)
            start = _convert(source, f"{at}.start", parse_clock, shift.get("start", ""))
            end = _convert(source, f"{at}.end", parse_clock, shift.get("end", ""))
            if end <= start:
                raise source.error("the shift ends before it starts", f"{at}.end")
            shifts.append(Shift(weekdays=tuple(days), start=start, end=end))
        teams.append(
            Team(
                id=team_id,
                name=str(team.get("name", team_id)),
                shifts=tuple(shifts),
            )
        )
    ids = [team.id for team in teams]
    if len(set(ids)) != len(ids):
        raise source.error("two teams have the same id", "teams")
    return tuple(teams)


def _check_within_some_shift(
    path: Path, line: int, request: Request, site: Place, teams: tuple[Team, ...], setup: int
) -> None:
    """Refuse a request that no shift of any team can hold at its site."""
    for team in teams:
        for shift in team.shifts:
            early = max(
                shift.start,
                site.opens if site.opens is not None else 0,
                request.available_from if request.available_from is not None else 0,
            )
            late = min(
                shift.end,
                site.closes if site.closes is not None else 24 * 60,
                request.available_to if request.available_to is not None else 24 * 60,
            )
            # The whole stop (setup and examination) must fit inside the window.
            if early + setup + request.service_minutes <= late:
                return
    field = "available_from" if request.available_from is not None else "site"
    raise InputError(
        f"request '{request.id}' lies outside every shift: no team can do its "
        f"{request.service_minutes} minutes at site '{site.id}' within its time window",
        file=path,
        line=line,
        field=field,
    )


def read_scenario(where: str | Path) -> Scenario:
    """Read a scenario from a TOML or JSON file and the CSV files it names.

    Parameters
    ----------
    where
        Path of the scenario file (``.toml`` or ``.json``). Relative CSV paths
        in it are taken relative to its folder.

    Returns
    -------
    Scenario
        The scenario, checked.

    Raises
    ------
    InputError
        When a file cannot be read or a value is missing or wrong; the error
        names the file, the line (when known) and the field.
    """
    path = Path(where)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the file: {exc}", file=path) from None
    source = _Source(path, text)
    raw: Any
    try:
        if source.is_json:
            raw = json.loads(text)
        else:
            raw = tomllib.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", file=path, line=exc.lineno) from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise InputError(
            f"not valid TOML: {exc}", file=path, line=int(found.group(1)) if found else None
        ) from None
    if not isinstance(raw, Mapping):
        raise InputError("the scenario must be a table of settings", file=path, line=1)

    horizon = _section(source, raw, "horizon")
    start = _convert(source, "horizon.start", _parse_date, horizon.get("start", ""))
    days = horizon.get("days", 5)
    if not isinstance(days, int) or days < 1:
        raise source.error(f"expected a whole number of days ≥ 1, got {days!r}", "horizon.days")

    base_raw = _section(source, raw, "base")
    base = Place(
        id=str(base_raw.get("id", "base")),
        name=str(base_raw.get("name", "Base")),
        lat=_convert(source, "base.lat", _number(-90, 90), base_raw.get("lat", "")),
        lon=_convert(source, "base.lon", _number(-180, 180), base_raw.get("lon", "")),
    )

    files = _section(source, raw, "files")
    folder = path.parent
    for name in ("sites", "requests"):
        if not isinstance(files.get(name), str):
            raise source.error(f"name the {name} CSV file", f"files.{name}")
    sites_path = folder / files["sites"]
    sites = _read_sites(sites_path)
    if base.id in sites:
        line = sites[base.id][0]
        raise InputError(f"'{base.id}' is the base's id", file=sites_path, line=line, field="id")
    requests_path = folder / files["requests"]
    requests = _read_requests(requests_path, sites)

    travel_raw = dict(_section(source, raw, "travel"))
    matrix_file = travel_raw.pop("matrix", None)
    travel = _dataclass_from(source, Travel, "travel", travel_raw)
    if travel.method not in ("great_circle", "matrix"):
        raise source.error("expected 'great_circle' or 'matrix'", "travel.method")
    if travel.detour_factor < 1 or travel.speed_kmh <= 0:
        raise source.error("detour_factor must be ≥ 1 and speed_kmh > 0", "travel")
    if travel.method == "matrix":
        if not isinstance(matrix_file, str):
            raise source.error("name the travel matrix CSV file", "travel.matrix")
        matrix = _read_matrix(folder / matrix_file, [base.id, *sites])
        travel = dataclasses.replace(travel, matrix=MappingProxyType(matrix))

    planning = _dataclass_from(source, Planning, "planning", _section(source, raw, "planning"))
    if planning.lead_days < 0 or planning.iterations < 1:
        raise source.error("lead_days must be ≥ 0 and iterations ≥ 1", "planning")
    effects = _dataclass_from(source, EffectParameters, "effects", _section(source, raw, "effects"))
    setup = raw.get("setup_minutes", DEFAULT_SETUP_MINUTES)
    if not isinstance(setup, int) or isinstance(setup, bool) or setup < 0:
        raise source.error(
            f"expected minutes as a whole number ≥ 0, got {setup!r}", "setup_minutes"
        )
    teams = _read_teams(source, raw.get("teams"))

    site_places = {site_id: place for site_id, (_, place) in sites.items()}
    for line, request in requests:
        _check_within_some_shift(
            requests_path, line, request, site_places[request.site], teams, setup
        )

    return Scenario(
        name=str(raw.get("name", path.stem)),
        description=str(raw.get("description", "")),
        synthetic=bool(raw.get("synthetic", False)),
        start=start,
        days=days,
        base=base,
        sites=MappingProxyType(site_places),
        requests=tuple(request for _, request in requests),
        teams=teams,
        setup_minutes=setup,
        travel=travel,
        planning=planning,
        effects=effects,
    )
