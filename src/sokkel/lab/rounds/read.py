"""Readers for rounds scenarios: a TOML or JSON file plus CSV files for long lists.

The formats are documented in ``docs/rounds.md``. Every problem found is raised
as :class:`~sokkel.lab.rounds.errors.InputError` naming the file, the line
(when known) and the field.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from sokkel.lab.limits import (
    bounded,
    inside,
    line_of,
    parse_json,
    parse_toml,
    read_text,
    shown,
)
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

#: The range of every number of a scenario, ``field: (low, high, whole)``; CSV columns
#: as ``file.column``. Documented in ``docs/rounds.md``.
LIMITS: dict[str, tuple[float, float, bool]] = {
    "setup_minutes": (0, 1440, True),
    "horizon.days": (1, 366, True),
    "base.lat": (-90, 90, False),
    "base.lon": (-180, 180, False),
    "travel.detour_factor": (1, 10, False),
    "travel.speed_kmh": (1, 200, False),
    "planning.lead_days": (0, 366, True),
    "planning.urgent_weight": (1, 1000, True),
    "planning.normal_weight": (1, 1000, True),
    "planning.iterations": (1, 1_000_000, True),
    "sites.lat": (-90, 90, False),
    "sites.lon": (-180, 180, False),
    "requests.minutes": (1, 1440, True),
    "travel.km": (0, 10_000, False),
    "travel.minutes": (0, 1440, False),
}
#: Effect parameters by unit: shares 0–1, hours 0–24, money and rates 0–10,000,000.
EFFECT_LIMITS = {"andel": (0.0, 1.0), "timer": (0.0, 24.0)}
EFFECT_LIMIT = (0.0, 10_000_000.0)
#: Every date (horizon start, arrivals, due days) lies in this range.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
#: The most sites, requests and teams a scenario may hold.
MAX_SITES, MAX_REQUESTS, MAX_TEAMS = 5_000, 100_000, 100

#: The keys each table of a scenario may hold (a typo is refused, not ignored).
TOP_KEYS = (
    "name",
    "description",
    "synthetic",
    "setup_minutes",
    "horizon",
    "base",
    "files",
    "travel",
    "planning",
    "effects",
    "teams",
)
HORIZON_KEYS = ("start", "days")
BASE_KEYS = ("id", "name", "lat", "lon")
FILES_KEYS = ("sites", "requests")
TEAM_KEYS = ("id", "name", "shifts")
SHIFT_KEYS = ("days", "start", "end")


class _Source:
    """A scenario file's text, to point errors at the line of a field."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.is_json = path.suffix.lower() == ".json"

    def line_of(self, field: str) -> int | None:
        """Best-effort 1-based line of a dotted field such as ``teams[0].shifts[1].end``."""
        return line_of(self.lines, field, is_json=self.is_json)

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
        raise ValueError(f"expected a time of day as HH:MM, got {shown(text)}")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours * 60 + minutes > 24 * 60:
        raise ValueError(f"not a time of day: {shown(text)}")
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """``HH:MM`` for minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"expected a date as YYYY-MM-DD, got {shown(value)}") from None
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"expected a date from {EARLIEST} to {LATEST}, got {day}")
    return day


def _convert(source: _Source, field: str, convert: Callable[[Any], T], value: Any) -> T:
    try:
        return convert(value)
    except (TypeError, ValueError) as exc:
        raise source.error(str(exc), field) from None


def _limited(field: str, *, text: bool = False) -> Callable[[Any], Any]:
    """The check of a number of :data:`LIMITS`: a TOML/JSON number, or with ``text`` a CSV cell."""
    low, high, whole = LIMITS[field]

    def check(value: Any) -> Any:
        if isinstance(value, str) and not text:
            raise ValueError(f"expected a number, got {shown(value)}")
        return bounded(value, low, high, whole=whole)

    return check


def _known(source: _Source, raw: Mapping[str, Any], at: str, allowed: tuple[str, ...]) -> None:
    """Refuse a key that is not in ``allowed``, listing the allowed ones."""
    for key in raw:
        if key not in allowed:
            field = f"{at}.{key}" if at else str(key)
            raise source.error(f"unknown setting; known ones are {', '.join(allowed)}", field)


def _text(source: _Source, raw: Mapping[str, Any], field: str, default: str) -> str:
    value = raw.get(field.rpartition(".")[2], default)
    if not isinstance(value, str):
        raise source.error(f"expected text, got {shown(value)}", field)
    return value


def _section(source: _Source, raw: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, Mapping):
        raise source.error(f"'{name}' must be a table of settings", name)
    return value


def _dataclass_from(source: _Source, cls: type[T], section: str, raw: Mapping[str, Any]) -> T:
    """Build a parameter dataclass from a section, refusing unknown names.

    Numbers must lie in their range: :data:`LIMITS` (``section.name``) or, for effect
    parameters, :data:`EFFECT_LIMITS` by unit.
    """
    known = {item.name: item for item in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for name, value in raw.items():
        field = f"{section}.{name}"
        if name not in known:
            raise source.error(f"unknown setting; known ones are {', '.join(sorted(known))}", field)
        default = known[name].default
        if isinstance(default, str):
            if not isinstance(value, str):
                raise source.error(f"expected text, got {shown(value)}", field)
        elif field in LIMITS:
            value = _convert(source, field, _limited(field), value)
        else:
            unit = known[name].metadata.get("unit", "")
            low, high = EFFECT_LIMITS.get(unit, EFFECT_LIMIT)
            if isinstance(value, str):
                raise source.error(f"expected a number, got {shown(value)}", field)
            value = _convert(source, field, lambda v, lo=low, hi=high: bounded(v, lo, hi), value)
        values[name] = value
    try:
        return cls(**values)
    except ValueError as exc:
        message = str(exc)
        named = re.match(r"(\w+\.\w+)", message)
        raise source.error(message, named.group(1) if named else section) from None


def _rows(
    path: Path, what: str, required: tuple[str, ...], most: int | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with their line numbers, checking the header.

    A file that is not UTF-8 text fails with the line of the bad byte; one whose header
    lacks a required column fails without echoing it (it may be some other file).
    """
    text = read_text(path, lambda message, line: InputError(message, file=path, line=line))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    expected = f"expected a {what} CSV file with the columns {', '.join(required)}"
    try:
        header = reader.fieldnames or []
    except csv.Error:
        raise InputError(f"not a valid CSV file: {expected}", file=path, line=1) from None
    for column in required:
        if column not in header:
            raise InputError(
                f"the header line has no column '{column}': {expected}",
                file=path,
                line=1,
                field=column,
            )
    count = 0
    try:
        for row in reader:
            if None in row:
                raise InputError("more values than columns", file=path, line=reader.line_num)
            if all(not (value or "").strip() for value in row.values()):
                continue
            count += 1
            if most is not None and count > most:
                raise InputError(
                    f"more than {most:,} {what} rows: at most {most:,} are allowed",
                    file=path,
                    line=reader.line_num,
                )
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
    except csv.Error as exc:
        raise InputError(f"not a valid CSV file: {exc}", file=path, line=reader.line_num) from None


def _cell(path: Path, line: int, field: str, convert: Callable[[str], T], text: str) -> T:
    if text == "":
        raise InputError("missing value", file=path, line=line, field=field)
    try:
        return convert(text)
    except ValueError as exc:
        raise InputError(str(exc), file=path, line=line, field=field) from None


def _read_sites(path: Path) -> dict[str, tuple[int, Place]]:
    sites: dict[str, tuple[int, Place]] = {}
    for line, row in _rows(path, "sites", ("id", "name", "lat", "lon"), MAX_SITES):
        site_id = _cell(path, line, "id", str, row["id"])
        if site_id in sites:
            raise InputError(
                f"site {shown(site_id)} already defined on line {sites[site_id][0]}",
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
                lat=_cell(path, line, "lat", _limited("sites.lat", text=True), row["lat"]),
                lon=_cell(path, line, "lon", _limited("sites.lon", text=True), row["lon"]),
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
        raise ValueError(f"expected 'urgent' or 'normal', got {shown(text)}") from None


def _read_requests(path: Path, sites: Mapping[str, Any]) -> list[tuple[int, Request]]:
    requests: list[tuple[int, Request]] = []
    seen: dict[str, int] = {}
    columns = ("id", "site", "arrives", "due")
    for line, row in _rows(path, "requests", columns, MAX_REQUESTS):
        request_id = _cell(path, line, "id", str, row["id"])
        if request_id in seen:
            raise InputError(
                f"request {shown(request_id)} already defined on line {seen[request_id]}",
                file=path,
                line=line,
                field="id",
            )
        seen[request_id] = line
        site = _cell(path, line, "site", str, row["site"])
        if site not in sites:
            raise InputError(f"unknown site {shown(site)}", file=path, line=line, field="site")
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
                    service_minutes=_cell(
                        path, line, "minutes", _limited("requests.minutes", text=True), minutes_text
                    ),
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
    most = len(place_ids) * len(place_ids)
    for line, row in _rows(path, "travel", ("from", "to", "km", "minutes"), most):
        for name in ("from", "to"):
            if row[name] not in known:
                raise InputError(
                    f"unknown place {shown(row[name])}", file=path, line=line, field=name
                )
        km = _cell(path, line, "km", _limited("travel.km", text=True), row["km"])
        minutes = _cell(
            path, line, "minutes", _limited("travel.minutes", text=True), row["minutes"]
        )
        matrix[(row["from"], row["to"])] = (round(km * 1000), round(minutes))
    for a in place_ids:
        for b in place_ids:
            if a != b and (a, b) not in matrix:
                raise InputError(f"no travel given from '{a}' to '{b}'", file=path, field="from/to")
    return matrix


def _read_teams(source: _Source, raw: Any) -> tuple[Team, ...]:
    if not isinstance(raw, list) or not raw:
        raise source.error("at least one team is needed", "teams")
    if len(raw) > MAX_TEAMS:
        raise source.error(f"at most {MAX_TEAMS} teams, got {len(raw)}", "teams")
    teams = []
    for i, team in enumerate(raw):
        where = f"teams[{i}]"
        if not isinstance(team, Mapping):
            raise source.error("each team must be a table", where)
        _known(source, team, where, TEAM_KEYS)
        team_id = _text(source, team, f"{where}.id", f"T{i + 1}")
        shifts = []
        raw_shifts = team.get("shifts")
        if not isinstance(raw_shifts, list) or not raw_shifts:
            raise source.error("each team needs at least one shift", f"{where}.shifts")
        covered: set[str] = set()
        for j, shift in enumerate(raw_shifts):
            at = f"{where}.shifts[{j}]"
            if not isinstance(shift, Mapping):
                raise source.error("each shift must be a table", at)
            _known(source, shift, at, SHIFT_KEYS)
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
                name=_text(source, team, f"{where}.name", team_id),
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


def _parse(path: Path) -> tuple[_Source, Any]:
    """The scenario file's text and its parsed content (TOML, or JSON by its suffix)."""
    text = read_text(path, lambda message, line: InputError(message, file=path, line=line))
    source = _Source(path, text)

    def fail(message: str, line: int | None) -> InputError:
        return InputError(message, file=path, line=line)

    def fail_field(message: str, field: str, line: int | None) -> InputError:
        return InputError(message, file=path, line=line, field=field)

    if source.is_json:
        return source, parse_json(text, fail, fail_field)
    return source, parse_toml(text, fail, fail_field)


def _referenced(source: _Source, files: Mapping[str, Any], name: str, what: str) -> Path:
    """A file the scenario names: text, and inside the scenario's own folder."""
    field = f"files.{name}" if name in FILES_KEYS else f"travel.{name}"
    value = files.get(name)
    if not isinstance(value, str) or not value.strip():
        raise source.error(f"name the {what} CSV file", field)
    try:
        return inside(source.path.parent, value)
    except ValueError as exc:
        raise source.error(str(exc), field) from None


def read_scenario(where: str | Path) -> Scenario:
    """Read a scenario from a TOML or JSON file and the CSV files it names.

    Parameters
    ----------
    where
        Path of the scenario file (``.toml`` or ``.json``). The CSV files it names are
        taken relative to its folder and must lie inside it.

    Returns
    -------
    Scenario
        The scenario, checked: every number finite and within :data:`LIMITS`, no
        unknown setting.

    Raises
    ------
    InputError
        When a file cannot be read or a value is missing or wrong; the error
        names the file, the line (when known) and the field.
    """
    path = Path(where)
    source, raw = _parse(path)
    if not isinstance(raw, Mapping):
        raise InputError("the scenario must be a table of settings", file=path, line=1)
    _known(source, raw, "", TOP_KEYS)

    horizon = _section(source, raw, "horizon")
    _known(source, horizon, "horizon", HORIZON_KEYS)
    start = _convert(source, "horizon.start", _parse_date, horizon.get("start", ""))
    days = _convert(source, "horizon.days", _limited("horizon.days"), horizon.get("days", 5))

    base_raw = _section(source, raw, "base")
    _known(source, base_raw, "base", BASE_KEYS)
    base = Place(
        id=_text(source, base_raw, "base.id", "base"),
        name=_text(source, base_raw, "base.name", "Base"),
        lat=_convert(source, "base.lat", _limited("base.lat"), base_raw.get("lat", "")),
        lon=_convert(source, "base.lon", _limited("base.lon"), base_raw.get("lon", "")),
    )

    files = _section(source, raw, "files")
    _known(source, files, "files", FILES_KEYS)
    sites_path = _referenced(source, files, "sites", "sites")
    requests_path = _referenced(source, files, "requests", "requests")
    sites = _read_sites(sites_path)
    if base.id in sites:
        line = sites[base.id][0]
        raise InputError(f"'{base.id}' is the base's id", file=sites_path, line=line, field="id")
    requests = _read_requests(requests_path, sites)

    travel_raw = dict(_section(source, raw, "travel"))
    matrix_file = travel_raw.pop("matrix", None)
    travel = _dataclass_from(source, Travel, "travel", travel_raw)
    if travel.method not in ("great_circle", "matrix"):
        raise source.error("expected 'great_circle' or 'matrix'", "travel.method")
    if travel.method == "matrix":
        matrix_path = _referenced(source, {"matrix": matrix_file}, "matrix", "travel matrix")
        matrix = _read_matrix(matrix_path, [base.id, *sites])
        travel = dataclasses.replace(travel, matrix=MappingProxyType(matrix))

    planning = _dataclass_from(source, Planning, "planning", _section(source, raw, "planning"))
    effects = _dataclass_from(source, EffectParameters, "effects", _section(source, raw, "effects"))
    setup = _convert(
        source,
        "setup_minutes",
        _limited("setup_minutes"),
        raw.get("setup_minutes", DEFAULT_SETUP_MINUTES),
    )
    teams = _read_teams(source, raw.get("teams"))

    site_places = {site_id: place for site_id, (_, place) in sites.items()}
    for line, request in requests:
        _check_within_some_shift(
            requests_path, line, request, site_places[request.site], teams, setup
        )

    synthetic = raw.get("synthetic", False)
    if not isinstance(synthetic, bool):
        raise source.error(f"expected true or false, got {shown(synthetic)}", "synthetic")
    return Scenario(
        name=_text(source, raw, "name", path.stem),
        description=_text(source, raw, "description", ""),
        synthetic=synthetic,
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


def read_plan(where: str | Path) -> dict[str, Any]:
    """Read a ``plan.json`` for :func:`~sokkel.lab.rounds.validate.validate`.

    Raises
    ------
    InputError
        When the file cannot be read, is not UTF-8 (naming the line), is not JSON, holds
        ``NaN`` or ``Infinity`` (naming the field and line) or is not a JSON object.
    """
    path = Path(where)
    text = read_text(path, lambda message, line: InputError(message, file=path, line=line))
    plan = parse_json(
        text,
        lambda message, line: InputError(message, file=path, line=line),
        lambda message, field, line: InputError(message, file=path, line=line, field=field),
    )
    if not isinstance(plan, dict):
        raise InputError("a plan must be a JSON object", file=path, line=1)
    return plan
