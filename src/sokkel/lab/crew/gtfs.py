"""Read a GTFS timetable for crew planning.

The reader streams the feed's text files with the :mod:`csv` module (no pandas), keeps
only what duty planning needs and checks it on the way in: every error names the file,
the line and the field (:class:`GtfsError`).

What it gives the planner:

* **Stations** are parent stations: a stop's ``parent_station`` if it has one, else the
  stop itself. Platforms (quays) vanish, so a crew change "at Lillestrøm" is one place.
* **Times** are seconds from the service day's midnight and may pass 24:00:00 (a night
  train leaving at 23:50 arrives at ``"31:05:00"`` = 111,900 s on the same service day).
* **Service days** come from ``calendar.txt`` and/or ``calendar_dates.txt`` (either may be
  absent, not both).
* **Rail** means ``route_type`` 2 or 100–117 (the extended GTFS railway types);
  ``route_type`` 714 is a rail-replacement bus. Non-rail trips are left out of
  :meth:`Feed.trips_on` by default and listed by :meth:`Feed.excluded_on`.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import time
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType

from sokkel.lab.crew.errors import CrewInputError
from sokkel.lab.limits import bounded, first_undecodable_line, shown

__all__ = [
    "RAIL_REPLACEMENT_BUS",
    "Feed",
    "GtfsError",
    "Route",
    "Station",
    "StopTime",
    "Trip",
    "distance_km",
    "format_time",
    "is_rail",
    "parse_time",
    "read_feed",
]

log = logging.getLogger(__name__)

#: ``route_type`` of a rail-replacement bus (extended GTFS route types).
RAIL_REPLACEMENT_BUS = 714

EARTH_RADIUS_KM = 6371.0088

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "stops.txt": ("stop_id", "stop_name"),
    "routes.txt": ("route_id", "route_type"),
    "trips.txt": ("route_id", "service_id", "trip_id"),
    "stop_times.txt": ("trip_id", "stop_id", "stop_sequence", "arrival_time", "departure_time"),
    "calendar.txt": (
        "service_id",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "start_date",
        "end_date",
    ),
    "calendar_dates.txt": ("service_id", "date", "exception_type"),
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: The latest time of day a timetable may hold: 72:00:00 (trips may pass midnight).
MAX_TIME = 72 * 3600
#: The range of the coordinates, ``column: (low, high)``.
LIMITS: dict[str, tuple[float, float]] = {"stop_lat": (-90, 90), "stop_lon": (-180, 180)}
#: What goes wrong reading a member of a damaged zip file.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


class GtfsError(CrewInputError):
    """A GTFS feed that cannot be used: names the feed file, the line and the column."""


@dataclass(frozen=True)
class Station:
    """A parent station (or a stop without a parent).

    Attributes
    ----------
    id : str
        The feed's ``stop_id`` of the station.
    name : str
        ``stop_name``.
    lat, lon : float
        WGS84 coordinates in degrees.
    """

    id: str
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class StopTime:
    """One call of a trip at a station.

    Attributes
    ----------
    station_id : str
        The parent station called at.
    arrival, departure : int
        Seconds from the service day's midnight; may exceed 86,400.
    sequence : int
        The feed's ``stop_sequence``.
    """

    station_id: str
    arrival: int
    departure: int
    sequence: int


@dataclass(frozen=True)
class Route:
    """A route (line) of the feed."""

    id: str
    short_name: str
    long_name: str
    route_type: int


@dataclass(frozen=True)
class Trip:
    """A trip with its calls in order.

    Attributes
    ----------
    id, route_id, service_id : str
        The feed's identifiers.
    route_type : int
        The route's ``route_type`` (see :func:`is_rail`).
    short_name : str
        ``trip_short_name`` (often the train number; may be empty).
    headsign : str
        ``trip_headsign``.
    stop_times : tuple of StopTime
        The calls, ordered by ``stop_sequence``; at least two.
    route_name : str
        The route's short name (e.g. ``"L1"``, ``"41"``), or its long name.
    """

    id: str
    route_id: str
    route_type: int
    service_id: str
    short_name: str
    headsign: str
    stop_times: tuple[StopTime, ...]
    route_name: str = ""

    @property
    def start(self) -> int:
        """Departure from the first station, seconds from service-day midnight."""
        return self.stop_times[0].departure

    @property
    def end(self) -> int:
        """Arrival at the last station, seconds from service-day midnight."""
        return self.stop_times[-1].arrival

    @property
    def is_rail(self) -> bool:
        """Whether the trip is a train (see :func:`is_rail`)."""
        return is_rail(self.route_type)

    @property
    def label(self) -> str:
        """A short human label: train number if any, else line and headsign."""
        return self.short_name or f"{self.route_name} {self.headsign}".strip() or self.id


@dataclass(frozen=True)
class _Calendar:
    weekdays: tuple[bool, ...]
    start: date
    end: date


@dataclass(frozen=True)
class Feed:
    """A GTFS timetable reduced to what crew planning needs.

    Attributes
    ----------
    stations : Mapping[str, Station]
        Parent stations by id.
    trips : Mapping[str, Trip]
        Every trip with at least two calls, by id.
    routes : Mapping[str, Route]
        Routes by id.
    source : str
        Where the feed was read from.
    """

    stations: Mapping[str, Station]
    trips: Mapping[str, Trip]
    routes: Mapping[str, Route]
    source: str = ""
    calendar: Mapping[str, _Calendar] = field(default_factory=dict, repr=False)
    calendar_dates: Mapping[str, Mapping[date, int]] = field(default_factory=dict, repr=False)

    def service_ids_on(self, day: date) -> frozenset[str]:
        """The service ids that run on ``day``.

        ``calendar.txt`` gives the weekly pattern within its date range;
        ``calendar_dates.txt`` adds (type 1) or removes (type 2) single dates.
        """
        active = {
            sid
            for sid, cal in self.calendar.items()
            if cal.start <= day <= cal.end and cal.weekdays[day.weekday()]
        }
        for sid, exceptions in self.calendar_dates.items():
            kind = exceptions.get(day)
            if kind == 1:
                active.add(sid)
            elif kind == 2:
                active.discard(sid)
        return frozenset(active)

    def date_range(self) -> tuple[date, date] | None:
        """The first and last date any service is defined for, or ``None``."""
        days: list[date] = []
        for cal in self.calendar.values():
            days += [cal.start, cal.end]
        for exceptions in self.calendar_dates.values():
            days += [d for d, kind in exceptions.items() if kind == 1]
        return (min(days), max(days)) if days else None

    def _calendar_file(self) -> str:
        return "calendar.txt" if self.calendar else "calendar_dates.txt"

    def _running(self, day: date) -> list[Trip]:
        services = self.service_ids_on(day)
        return [t for t in self.trips.values() if t.service_id in services]

    def trips_on(self, day: date, *, rail_only: bool = True) -> list[Trip]:
        """The trips that run on ``day``, ordered by departure.

        Parameters
        ----------
        day : date
            The service day.
        rail_only : bool
            Keep trains only (see :func:`is_rail`); the rest is in :meth:`excluded_on`.

        Raises
        ------
        GtfsError
            When no trip (no train, with ``rail_only``) runs on ``day``; the message says
            which dates the feed covers.
        """
        trips = self._running(day)
        if rail_only:
            trips = [t for t in trips if t.is_rail]
        if not trips:
            span = self.date_range()
            covered = f"{span[0]} – {span[1]}" if span else "no dates at all"
            what = "no train runs" if rail_only else "no trip runs"
            raise GtfsError(
                self._calendar_file(),
                None,
                "date",
                f"{what} on {day.isoformat()} ({day:%A}); the feed covers {covered}",
            )
        return sorted(trips, key=lambda t: (t.start, t.id))

    def excluded_on(self, day: date) -> list[Trip]:
        """The non-rail trips running on ``day`` (e.g. rail-replacement buses, 714)."""
        return sorted(
            (t for t in self._running(day) if not t.is_rail), key=lambda t: (t.start, t.id)
        )

    def summary(self, day: date) -> dict[str, int]:
        """Counts for a day: trains, excluded trips and rail-replacement buses."""
        running = self._running(day)
        rail = [t for t in running if t.is_rail]
        return {
            "trips": len(rail),
            "excluded": len(running) - len(rail),
            "rail_replacement_buses": sum(
                1 for t in running if t.route_type == RAIL_REPLACEMENT_BUS
            ),
            "train_seconds": sum(t.end - t.start for t in rail),
        }


def is_rail(route_type: int) -> bool:
    """Whether a ``route_type`` is a train: 2 (rail) or 100–117 (railway services)."""
    return route_type == 2 or 100 <= route_type <= 117


def parse_time(text: str) -> int:
    """Parse a GTFS time ``H:MM:SS`` into seconds from service-day midnight.

    Hours may exceed 23 (``"25:10:00"`` -> 90,600). Plans may also hold times before
    the service day's midnight, written with a leading minus (``"-00:20:00"`` -> -1,200:
    the sign-on for a train leaving at 00:05); timetables never do (:func:`read_feed`
    rejects them).

    Raises
    ------
    ValueError
        If the text is not a time.
    """
    body = text.strip()
    sign = -1 if body.startswith("-") else 1
    parts = body.lstrip("-").split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or not parts[0]:
        raise ValueError(f"{shown(text)} is not a time HH:MM:SS")
    hours, minutes, seconds = (int(p) for p in parts)
    if len(parts[1]) != 2 or len(parts[2]) != 2 or minutes > 59 or seconds > 59:
        raise ValueError(f"{shown(text)} is not a time HH:MM:SS")
    return sign * (hours * 3600 + minutes * 60 + seconds)


def format_time(seconds: int) -> str:
    """Format seconds from service-day midnight as GTFS ``HH:MM:SS`` (90,600 -> ``"25:10:00"``).

    Times before midnight get a leading minus (-1,200 -> ``"-00:20:00"``).
    """
    seconds = int(round(seconds))
    if seconds < 0:
        return "-" + format_time(-seconds)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def distance_km(a: Station, b: Station) -> float:
    """Great-circle (haversine) distance between two stations in kilometres."""
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    dphi = phi2 - phi1
    dlmb = math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# --- reading ---------------------------------------------------------------------------


class _Source:
    """A zip file or a folder holding the feed's text files."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if path.is_dir():
            self._zip: zipfile.ZipFile | None = None
            try:
                self._names = {p.name: p.name for p in path.iterdir() if p.is_file()}
            except OSError as exc:
                raise GtfsError(
                    str(path), None, None, f"cannot read the folder: {exc.strerror}"
                ) from None
        elif path.is_file():
            try:
                self._zip = zipfile.ZipFile(path)
            except (OSError, *_ZIP_ERRORS) as exc:
                raise GtfsError(str(path), None, None, "not a zip file or a folder") from exc
            # Some feeds put their files in a folder inside the zip.
            self._names = {Path(n).name: n for n in self._zip.namelist() if not n.endswith("/")}
        else:
            raise GtfsError(str(path), None, None, "no such file or folder")

    def has(self, name: str) -> bool:
        return name in self._names

    @contextmanager
    def open(self, name: str) -> Iterator[io.TextIOBase]:
        if name not in self._names:
            raise GtfsError(name, None, None, f"required file is missing from {self.path}")
        if self._zip is not None:
            with self._zip.open(self._names[name]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        else:
            with open(self.path / name, encoding="utf-8-sig", newline="") as text:
                yield text

    def undecodable_line(self, name: str) -> int | None:
        """The first line of a file of the feed that is not UTF-8."""
        try:
            if self._zip is not None:
                with self._zip.open(self._names[name]) as raw:
                    return first_undecodable_line(raw)
            with open(self.path / name, "rb") as raw:
                return first_undecodable_line(raw)
        except (OSError, *_ZIP_ERRORS):
            return None

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


Row = dict[str, str]


def _rows(source: _Source, name: str) -> Iterator[tuple[int, Row]]:
    """Yield ``(line, row)`` for each record, after checking the required columns.

    A file that is not UTF-8 fails with the line of its first bad byte, a damaged zip
    member or an unreadable file with the file's name; neither echoes the content.
    """
    try:
        yield from _records(source, name)
    except UnicodeDecodeError:
        line = source.undecodable_line(name)
        raise GtfsError(name, line, None, "not UTF-8 text") from None
    except (OSError, *_ZIP_ERRORS) as exc:
        reason = getattr(exc, "strerror", None) or "the zip file is damaged"
        raise GtfsError(name, None, None, f"cannot read the file: {reason}") from None


def _records(source: _Source, name: str) -> Iterator[tuple[int, Row]]:
    with source.open(name) as text:
        reader = csv.reader(text)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise GtfsError(name, 1, None, "the file is empty (no header line)") from None
        except csv.Error as exc:
            raise GtfsError(name, 1, None, f"malformed CSV: {exc}") from None
        for column in REQUIRED_COLUMNS.get(name, ()):
            if column not in header:
                raise GtfsError(name, 1, column, "required column is missing")
        width = len(header)
        try:
            for record in reader:
                if not record or (len(record) == 1 and not record[0].strip()):
                    continue
                if len(record) < width:
                    record = record + [""] * (width - len(record))
                yield reader.line_num, dict(zip(header, (v.strip() for v in record), strict=False))
        except csv.Error as exc:
            raise GtfsError(name, reader.line_num, None, f"malformed CSV: {exc}") from exc


def _need(name: str, line: int, row: Row, column: str) -> str:
    value = row.get(column, "")
    if not value:
        raise GtfsError(name, line, column, "value is missing")
    return value


def _float(name: str, line: int, row: Row, column: str) -> float:
    """A number of :data:`LIMITS`: finite and within its range."""
    value = _need(name, line, row, column)
    try:
        return float(bounded(value, *LIMITS[column]))
    except ValueError as exc:
        raise GtfsError(name, line, column, str(exc)) from None


def _int(name: str, line: int, row: Row, column: str) -> int:
    value = _need(name, line, row, column)
    try:
        return int(value)
    except ValueError:
        raise GtfsError(name, line, column, f"{shown(value)} is not an integer") from None


def _date(name: str, line: int, row: Row, column: str) -> date:
    value = _need(name, line, row, column)
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise GtfsError(name, line, column, f"{shown(value)} is not a date YYYYMMDD") from None


def _read_stations(source: _Source) -> tuple[dict[str, Station], dict[str, str]]:
    """Stations by id, and the station of every stop id."""
    name = "stops.txt"
    rows: dict[str, tuple[int, Row]] = {}
    for line, row in _rows(source, name):
        stop_id = _need(name, line, row, "stop_id")
        if stop_id in rows:
            raise GtfsError(name, line, "stop_id", f"duplicate stop {stop_id!r}")
        rows[stop_id] = (line, row)
    stations: dict[str, Station] = {}
    station_of: dict[str, str] = {}
    for stop_id, (line, row) in rows.items():
        parent = row.get("parent_station", "")
        location_type = row.get("location_type", "") or "0"
        if location_type in ("2", "3", "4"):
            continue  # entrances, generic nodes, boarding areas: no trains call there
        if parent:
            if parent not in rows:
                raise GtfsError(name, line, "parent_station", f"unknown stop {parent!r}")
            station_of[stop_id] = parent
        else:
            station_of[stop_id] = stop_id
    for station_id in set(station_of.values()):
        line, row = rows[station_id]
        stations[station_id] = Station(
            id=station_id,
            name=row.get("stop_name", "") or station_id,
            lat=_float(name, line, row, "stop_lat"),
            lon=_float(name, line, row, "stop_lon"),
        )
    return stations, station_of


def _read_routes(source: _Source) -> dict[str, Route]:
    name = "routes.txt"
    routes: dict[str, Route] = {}
    for line, row in _rows(source, name):
        route_id = _need(name, line, row, "route_id")
        if route_id in routes:
            raise GtfsError(name, line, "route_id", f"duplicate route {route_id!r}")
        routes[route_id] = Route(
            id=route_id,
            short_name=row.get("route_short_name", ""),
            long_name=row.get("route_long_name", ""),
            route_type=_int(name, line, row, "route_type"),
        )
    return routes


def _read_calendars(
    source: _Source,
) -> tuple[dict[str, _Calendar], dict[str, dict[date, int]]]:
    if not source.has("calendar.txt") and not source.has("calendar_dates.txt"):
        raise GtfsError(
            "calendar.txt",
            None,
            None,
            "required file is missing (and so is calendar_dates.txt; the feed needs one of them)",
        )
    calendar: dict[str, _Calendar] = {}
    if source.has("calendar.txt"):
        name = "calendar.txt"
        for line, row in _rows(source, name):
            sid = _need(name, line, row, "service_id")
            flags = []
            for day in WEEKDAYS:
                value = _need(name, line, row, day)
                if value not in ("0", "1"):
                    raise GtfsError(name, line, day, f"{value!r} is not 0 or 1")
                flags.append(value == "1")
            start = _date(name, line, row, "start_date")
            end = _date(name, line, row, "end_date")
            if end < start:
                raise GtfsError(name, line, "end_date", f"{end} is before start_date {start}")
            calendar[sid] = _Calendar(tuple(flags), start, end)
    exceptions: dict[str, dict[date, int]] = {}
    if source.has("calendar_dates.txt"):
        name = "calendar_dates.txt"
        for line, row in _rows(source, name):
            sid = _need(name, line, row, "service_id")
            day = _date(name, line, row, "date")
            kind = _need(name, line, row, "exception_type")
            if kind not in ("1", "2"):
                raise GtfsError(name, line, "exception_type", f"{kind!r} is not 1 or 2")
            exceptions.setdefault(sid, {})[day] = int(kind)
    return calendar, exceptions


def _time(name: str, line: int, row: Row, column: str) -> int | None:
    value = row.get(column, "")
    if not value:
        return None
    try:
        if value.startswith("-"):
            raise ValueError(f"{shown(value)} is negative")
        seconds = parse_time(value)
        if seconds > MAX_TIME:
            raise ValueError(f"{shown(value)} is later than {format_time(MAX_TIME)}")
        return seconds
    except ValueError as exc:
        raise GtfsError(name, line, column, f"bad time: {exc}") from None


def _read_stop_times(
    source: _Source, trip_ids: set[str], station_of: Mapping[str, str]
) -> dict[str, list[tuple[int, int, str, int | None, int | None]]]:
    """Raw calls per trip: ``(sequence, line, station, arrival, departure)``."""
    name = "stop_times.txt"
    calls: dict[str, list[tuple[int, int, str, int | None, int | None]]] = {}
    for line, row in _rows(source, name):
        trip_id = _need(name, line, row, "trip_id")
        if trip_id not in trip_ids:
            raise GtfsError(name, line, "trip_id", f"unknown trip {trip_id!r} (not in trips.txt)")
        stop_id = _need(name, line, row, "stop_id")
        station = station_of.get(stop_id)
        if station is None:
            raise GtfsError(name, line, "stop_id", f"unknown stop {stop_id!r} (not in stops.txt)")
        sequence = _int(name, line, row, "stop_sequence")
        arrival = _time(name, line, row, "arrival_time")
        departure = _time(name, line, row, "departure_time")
        calls.setdefault(trip_id, []).append((sequence, line, station, arrival, departure))
    return calls


def _build_stop_times(
    trip_id: str, raw: list[tuple[int, int, str, int | None, int | None]]
) -> tuple[StopTime, ...]:
    """Order a trip's calls, fill in untimed calls and check that time runs forward."""
    name = "stop_times.txt"
    raw.sort(key=lambda c: c[0])
    for prev, cur in zip(raw, raw[1:], strict=False):
        if prev[0] == cur[0]:
            raise GtfsError(
                name, cur[1], "stop_sequence", f"duplicate stop_sequence {cur[0]} in {trip_id!r}"
            )
    # A call with one time uses it for both; a call with none (not a timepoint) is
    # interpolated evenly between its timed neighbours. First and last must be timed.
    times: list[int | None] = []
    for _, _, _, arr, dep in raw:
        times.append(arr if arr is not None else dep)
    for end in (0, len(raw) - 1):
        if times[end] is None:
            raise GtfsError(
                name, raw[end][1], "arrival_time", f"first and last call of {trip_id!r} need a time"
            )
    i = 0
    while i < len(raw):
        if times[i] is None:
            j = i
            while times[j] is None:
                j += 1
            before, after = times[i - 1], times[j]
            assert before is not None and after is not None
            for k in range(i, j):
                times[k] = round(before + (after - before) * (k - i + 1) / (j - i + 1))
            i = j
        i += 1
    result: list[StopTime] = []
    last = -1
    for (sequence, line, station, arr, dep), filled in zip(raw, times, strict=True):
        assert filled is not None
        arrival = arr if arr is not None else filled
        departure = dep if dep is not None else max(arrival, filled)
        if departure < arrival:
            raise GtfsError(
                name, line, "departure_time", f"departure before arrival in trip {trip_id!r}"
            )
        if arrival < last:
            raise GtfsError(
                name, line, "arrival_time", f"arrival before the previous departure in {trip_id!r}"
            )
        last = departure
        result.append(StopTime(station, arrival, departure, sequence))
    return tuple(result)


def read_feed(path: str | Path) -> Feed:
    """Read a GTFS feed from a zip file or a folder.

    Parameters
    ----------
    path : str or Path
        The ``.zip`` file or the folder holding ``stops.txt``, ``routes.txt``,
        ``trips.txt``, ``stop_times.txt`` and ``calendar.txt`` and/or
        ``calendar_dates.txt``.

    Returns
    -------
    Feed
        Parent stations, trips with their calls in order, routes and the service calendar.

    Raises
    ------
    GtfsError
        For a missing file or column, a bad value (time, number, date), a stop time at an
        unknown stop or of an unknown trip, a trip of an unknown route or service, or time
        running backwards within a trip; the error names the file, line and field.
    """
    path = Path(path)
    started = time.perf_counter()
    source = _Source(path)
    try:
        for required in ("stops.txt", "routes.txt", "trips.txt", "stop_times.txt"):
            if not source.has(required):
                raise GtfsError(required, None, None, f"required file is missing from {path}")
        stations, station_of = _read_stations(source)
        routes = _read_routes(source)
        calendar, exceptions = _read_calendars(source)
        services = set(calendar) | set(exceptions)
        name = "trips.txt"
        trip_rows: dict[str, Row] = {}
        for line, row in _rows(source, name):
            trip_id = _need(name, line, row, "trip_id")
            if trip_id in trip_rows:
                raise GtfsError(name, line, "trip_id", f"duplicate trip {trip_id!r}")
            route_id = _need(name, line, row, "route_id")
            if route_id not in routes:
                raise GtfsError(name, line, "route_id", f"unknown route {route_id!r}")
            service_id = _need(name, line, row, "service_id")
            if service_id not in services:
                raise GtfsError(
                    name,
                    line,
                    "service_id",
                    f"unknown service {service_id!r} (not in calendar.txt or calendar_dates.txt)",
                )
            trip_rows[trip_id] = row
        calls = _read_stop_times(source, set(trip_rows), station_of)
    finally:
        source.close()

    trips: dict[str, Trip] = {}
    dropped = 0
    for trip_id, row in trip_rows.items():
        raw = calls.get(trip_id, [])
        if len(raw) < 2:
            dropped += 1
            continue
        route = routes[row["route_id"]]
        trips[trip_id] = Trip(
            id=trip_id,
            route_id=route.id,
            route_type=route.route_type,
            service_id=row["service_id"],
            short_name=row.get("trip_short_name", ""),
            headsign=row.get("trip_headsign", ""),
            stop_times=_build_stop_times(trip_id, raw),
            route_name=route.short_name or route.long_name,
        )
    if dropped:
        log.warning("%s: %d trips with fewer than two stop times left out", path, dropped)
    log.info(
        "read %s: %d stations, %d trips in %.2f s",
        path,
        len(stations),
        len(trips),
        time.perf_counter() - started,
    )
    return Feed(
        stations=MappingProxyType(stations),
        trips=MappingProxyType(trips),
        routes=MappingProxyType(routes),
        source=str(path),
        calendar=MappingProxyType(calendar),
        calendar_dates=MappingProxyType({k: MappingProxyType(v) for k, v in exceptions.items()}),
    )


def service_days(first: date, last: date) -> list[date]:
    """Every date from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
