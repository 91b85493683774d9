"""Fixtures for the crew planner: tiny GTFS feeds written from Python literals.

``make_gtfs`` writes a GTFS zip (or folder) from a few lines of Python::

    def test_something(make_gtfs, service_day):
        path = make_gtfs(
            {
                "T1": [("OSL", "07:00", "07:00"), ("LLS", "07:12", "07:13"),
                       ("EID", "07:40", "07:40")],
                "B1": {"stops": [("OSL", "08:00", "08:00"), ("LLS", "08:30", "08:30")],
                       "route_type": 714},
            }
        )
        feed = read_feed(path)

Every station is written as a parent station (``location_type`` 1) with one platform
``"<id>:1"`` that the stop times use, so the reader's parent-station mapping is always
exercised. Times may be ``"HH:MM"``, ``"HH:MM:SS"`` or whole minutes after midnight (``int``) and
may pass 24:00; ``shuttles`` makes trips back and forth between two stations.
By default one service, ``"DAILY"``, runs every day of October 2018 (``calendar.txt``);
``service_day`` is Tuesday 2018-10-16, the issue's model weekday.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

#: Stations of the default tiny network: id -> (name, lat, lon). Real coordinates.
STATIONS: dict[str, tuple[str, float, float]] = {
    "OSL": ("Oslo S", 59.9111, 10.7528),
    "LLS": ("Lillestrøm", 59.9553, 11.0497),
    "EID": ("Eidsvoll", 60.3306, 11.2607),
    "HMR": ("Hamar", 60.7905, 11.0773),
    "ASR": ("Asker", 59.8333, 10.4349),
    "DRM": ("Drammen", 59.7406, 10.2045),
    "SKI": ("Ski", 59.7192, 10.8355),
}

Call = tuple[str, str | int, str | int]
TripSpec = Sequence[Call] | Mapping[str, Any]


def _hms(time: str | int) -> str:
    if isinstance(time, int):  # minutes after midnight
        return f"{time // 60:02d}:{time % 60:02d}:00"
    return time if time.count(":") == 2 else f"{time}:00"


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def build_gtfs_files(
    trips: Mapping[str, TripSpec],
    *,
    stations: Mapping[str, tuple[str, float, float]] | None = None,
    calendar: Mapping[str, tuple[str, str, str]] | None = None,
    calendar_dates: Sequence[tuple[str, str, int]] = (),
) -> dict[str, str]:
    """The text of each GTFS file for the given literals (see the module docstring)."""
    stations = STATIONS if stations is None else stations
    if calendar is None:
        calendar = {"DAILY": ("1111111", "20181001", "20181031")}
    default_service = next(iter(calendar), None) or (
        calendar_dates[0][0] if calendar_dates else "DAILY"
    )
    stops = []
    for sid, (name, lat, lon) in stations.items():
        stops.append([sid, name, lat, lon, 1, ""])
        stops.append([f"{sid}:1", f"{name} spor 1", lat, lon, 0, sid])
    routes: dict[str, list[object]] = {}
    trip_rows = []
    stop_time_rows = []
    for trip_id, spec in trips.items():
        if isinstance(spec, Mapping):
            calls = spec["stops"]
            route_type = int(spec.get("route_type", 100))
            route_id = spec.get("route", f"R{route_type}")
            service = spec.get("service", default_service)
            short_name = spec.get("short_name", "")
            headsign = spec.get("headsign", stations.get(calls[-1][0], ("",))[0])
        else:
            calls, route_type, service, short_name = spec, 100, default_service, ""
            route_id = "R100"
            headsign = stations.get(calls[-1][0], ("",))[0]
        routes.setdefault(route_id, [route_id, "A", route_id, "", route_type])
        trip_rows.append([route_id, service, trip_id, headsign, short_name])
        for seq, (station, arr, dep) in enumerate(calls):
            arrival = _hms(arr) if arr else ""
            departure = _hms(dep) if dep else ""
            stop_time_rows.append([trip_id, f"{station}:1", seq + 1, arrival, departure])
    files = {
        "agency.txt": _csv(
            ["agency_id", "agency_name", "agency_url", "agency_timezone"],
            [["A", "Test Rail", "https://example.org", "Europe/Oslo"]],
        ),
        "stops.txt": _csv(
            ["stop_id", "stop_name", "stop_lat", "stop_lon", "location_type", "parent_station"],
            stops,
        ),
        "routes.txt": _csv(
            ["route_id", "agency_id", "route_short_name", "route_long_name", "route_type"],
            list(routes.values()),
        ),
        "trips.txt": _csv(
            ["route_id", "service_id", "trip_id", "trip_headsign", "trip_short_name"], trip_rows
        ),
        "stop_times.txt": _csv(
            ["trip_id", "stop_id", "stop_sequence", "arrival_time", "departure_time"],
            stop_time_rows,
        ),
    }
    if calendar:
        files["calendar.txt"] = _csv(
            [
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
            ],
            [[sid, *pattern, start, end] for sid, (pattern, start, end) in calendar.items()],
        )
    if calendar_dates:
        files["calendar_dates.txt"] = _csv(
            ["service_id", "date", "exception_type"], [list(row) for row in calendar_dates]
        )
    return files


@pytest.fixture
def make_gtfs(tmp_path: Path) -> Callable[..., Path]:
    """A factory writing a tiny GTFS feed; returns the zip's (or folder's) path.

    Parameters of the factory: ``trips`` (trip id -> list of ``(station, arrival,
    departure)``, or a dict with ``stops`` and optionally ``route_type``, ``route``,
    ``service``, ``short_name``, ``headsign``); keyword-only ``stations``, ``calendar``
    (service id -> ``(weekday flags "1111100", start "YYYYMMDD", end "YYYYMMDD")``; ``{}``
    writes no ``calendar.txt``), ``calendar_dates`` (rows ``(service, "YYYYMMDD", type)``),
    ``files`` (file name -> raw text to replace it, or ``None`` to leave it out), and
    ``folder`` (write a folder instead of a zip).
    """
    count = 0

    def make(
        trips: Mapping[str, TripSpec],
        *,
        stations: Mapping[str, tuple[str, float, float]] | None = None,
        calendar: Mapping[str, tuple[str, str, str]] | None = None,
        calendar_dates: Sequence[tuple[str, str, int]] = (),
        files: Mapping[str, str | None] | None = None,
        folder: bool = False,
    ) -> Path:
        nonlocal count
        count += 1
        texts: dict[str, str | None] = dict(
            build_gtfs_files(
                trips, stations=stations, calendar=calendar, calendar_dates=calendar_dates
            )
        )
        texts.update(files or {})
        if folder:
            path = tmp_path / f"gtfs{count}"
            path.mkdir()
            for name, text in texts.items():
                if text is not None:
                    (path / name).write_text(text, encoding="utf-8")
            return path
        path = tmp_path / f"gtfs{count}.zip"
        with zipfile.ZipFile(path, "w") as zf:
            for name, text in texts.items():
                if text is not None:
                    zf.writestr(name, text)
        return path

    return make


@pytest.fixture
def shuttles() -> Callable[..., dict[str, list[Call]]]:
    """Trips back and forth between two stations, in ``make_gtfs``'s shape.

    ``shuttles("S", ("OSL", "LLS"), range(5 * 60, 22 * 60, 25), ride=20)``: trip ``S0``
    leaves Oslo S at 05:00 and reaches Lillestrøm at 05:20, ``S1`` leaves Lillestrøm at
    05:25 for Oslo S, and so on until 22:00.
    """

    def make(
        prefix: str, stations: tuple[str, str], departures: Sequence[int], ride: int
    ) -> dict[str, list[Call]]:
        trips = {}
        for n, dep in enumerate(departures):
            a, b = stations if n % 2 == 0 else stations[::-1]
            trips[f"{prefix}{n}"] = [(a, dep, dep), (b, dep + ride, dep + ride)]
        return trips

    return make


@pytest.fixture
def service_day() -> date:
    """Tuesday 2018-10-16, the issue's model weekday."""
    return date(2018, 10, 16)
