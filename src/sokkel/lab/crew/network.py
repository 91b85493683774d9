"""Station roles (depots, relief points, break stations) and the legs of a day.

A **leg** is the piece of a trip between two consecutive relief points (or the trip's
ends): the unit a crew member drives. Trips are cut at every call at a relief point.

Station roles come from a TOML file (the packaged default for NSB 2018 is
``data/nsb-2018-stations.toml``, which explains its choice) or, for a feed with no file,
are derived from the network: line terminals, the busiest interchanges and, along long
trips, extra relief points so that no leg runs for more than :data:`LONGEST_DERIVED_LEG`.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sokkel.lab.crew.errors import CrewSettingsError
from sokkel.lab.crew.gtfs import Feed, Trip
from sokkel.lab.limits import line_of, parse_toml, read_text, shown

__all__ = [
    "NSB_STATIONS_FILE",
    "Leg",
    "StationRoles",
    "StationsError",
    "cut_legs",
    "derive_stations",
    "load_stations",
]

log = logging.getLogger(__name__)

#: The packaged station roles for the NSB network of autumn 2018.
NSB_STATIONS_FILE = Path(
    str(resources.files("sokkel.lab.crew") / "data" / "nsb-2018-stations.toml")
)

#: Derived defaults add relief points along a trip so that no leg is longer than this.
LONGEST_DERIVED_LEG = 2 * 3600 + 30 * 60

ROLES = ("depot", "relief_point", "break_station")
#: The keys a ``[[station]]`` table may hold.
STATION_KEYS = ("id", "name", "roles")


class StationsError(CrewSettingsError):
    """A station-roles file that cannot be used; names the file and the field."""


@dataclass(frozen=True)
class StationRoles:
    """Which stations are depots, relief points and break stations.

    Every depot is also a relief point and a break station.

    Attributes
    ----------
    depots, relief_points, break_stations : frozenset of str
        Parent-station ids.
    source : str
        Where the roles come from: a file, or a description of the derived defaults.
    """

    depots: frozenset[str]
    relief_points: frozenset[str]
    break_stations: frozenset[str]
    source: str

    def as_dict(self) -> dict[str, list[str]]:
        """The roles as sorted lists, as written into ``plan.json``."""
        return {
            "depots": sorted(self.depots),
            "relief_points": sorted(self.relief_points),
            "break_stations": sorted(self.break_stations),
        }


@dataclass(frozen=True)
class Leg:
    """The piece of a trip between two relief points, driven by one crew member.

    Attributes
    ----------
    index : int
        Position in the day's list of legs.
    trip_id : str
        The trip.
    from_station, to_station : str
        Parent stations where the leg starts and ends.
    start, end : int
        Departure from ``from_station`` and arrival at ``to_station`` (seconds from
        service-day midnight).
    first_call, last_call : int
        Indices of the two calls in the trip's ``stop_times``.
    """

    index: int
    trip_id: str
    from_station: str
    to_station: str
    start: int
    end: int
    first_call: int
    last_call: int


def _roles(
    depots: Iterable[str], relief: Iterable[str], breaks: Iterable[str], source: str
) -> StationRoles:
    depots = frozenset(depots)
    return StationRoles(
        depots=depots,
        relief_points=frozenset(relief) | depots,
        break_stations=frozenset(breaks) | depots,
        source=source,
    )


def read_stations_file(path: Path | str, feed: Feed | None = None) -> StationRoles:
    """Read station roles from TOML: ``[[station]]`` tables with ``id`` and ``roles``.

    Raises
    ------
    StationsError
        For a missing or malformed file, an unknown role, a station not in ``feed``, or
        no depot at all; the message names the file and the field.
    """
    file = str(path)
    text = read_text(path, lambda message, line: StationsError(file, None, message, line))
    lines = text.splitlines()
    data = parse_toml(
        text,
        lambda message, line: StationsError(file, None, message, line),
        lambda message, field, line: StationsError(file, _counted(field), message, line),
    )

    def fail(field: str, message: str, number: int = 0) -> StationsError:
        # Fields count stations from 1; line_of counts tables from 0.
        located = field.replace(f"station[{number}]", f"station[{number - 1}]", 1)
        return StationsError(file, field, message, line_of(lines, located))

    for key in data:
        if key != "station":
            raise fail(key, "unknown setting; the file holds [[station]] tables only")
    stations = data.get("station")
    if not isinstance(stations, list):
        raise fail("station", "expected [[station]] tables")
    by_role: dict[str, set[str]] = {role: set() for role in ROLES}
    for number, table in enumerate(stations, start=1):
        where = f"station[{number}]"
        if not isinstance(table, dict):
            raise fail(where, "expected a [[station]] table", number)
        for key in table:
            if key not in STATION_KEYS:
                raise fail(
                    f"{where}.{key}",
                    f"unknown setting; known ones are {', '.join(STATION_KEYS)}",
                    number,
                )
        station_id = table.get("id")
        if not isinstance(station_id, str) or not station_id:
            raise fail(f"{where}.id", "missing station id", number)
        if feed is not None and station_id not in feed.stations:
            raise fail(
                f"{where}.id",
                f"unknown station {shown(station_id)} (not a station of the feed)",
                number,
            )
        roles = table.get("roles")
        if not isinstance(roles, list) or not roles:
            raise fail(f"{where}.roles", "expected a list of roles", number)
        for role in roles:
            if role not in ROLES:
                raise fail(
                    f"{where}.roles",
                    f"unknown role {shown(role)} (expected one of {ROLES})",
                    number,
                )
            by_role[role].add(station_id)
    if not by_role["depot"]:
        raise StationsError(file, "station", "no depot")
    return _roles(by_role["depot"], by_role["relief_point"], by_role["break_station"], file)


def derive_stations(feed: Feed, trips: Sequence[Trip] | None = None) -> StationRoles:
    """Station roles derived from the network itself.

    Relief points: every line terminal, the ten busiest interchanges (stations served by
    at least three routes, ranked by calls) and, along a trip, a station wherever the
    trip would otherwise run longer than :data:`LONGEST_DERIVED_LEG` without one. Depots:
    the terminals with at least a tenth of the busiest terminal's trip ends (at most 15)
    and the busiest interchange. Break stations: depots and interchanges.
    """
    trips = [t for t in feed.trips.values() if t.is_rail] if trips is None else list(trips)
    trips.sort(key=lambda t: t.id)
    ends: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    routes: dict[str, set[str]] = defaultdict(set)
    for trip in trips:
        ends[trip.stop_times[0].station_id] += 1
        ends[trip.stop_times[-1].station_id] += 1
        for call in trip.stop_times:
            calls[call.station_id] += 1
            routes[call.station_id].add(trip.route_id)
    interchanges = [
        s for s, _ in sorted(calls.items(), key=lambda kv: (-kv[1], kv[0])) if len(routes[s]) >= 3
    ][:10]
    relief = set(ends) | set(interchanges)
    for trip in trips:
        last = trip.stop_times[0].departure
        for call in trip.stop_times[1:-1]:
            if call.station_id in relief:
                last = call.departure
            elif call.arrival - last > LONGEST_DERIVED_LEG:
                relief.add(call.station_id)
                last = call.departure
    ranked = sorted(ends.items(), key=lambda kv: (-kv[1], kv[0]))
    busiest = ranked[0][1] if ranked else 0
    depots = {s for s, n in ranked[:15] if n * 10 >= busiest}
    depots.update(interchanges[:1])
    source = (
        f"derived from the network: {len(depots)} depots (busiest line terminals), "
        f"{len(relief)} relief points (terminals, busiest interchanges, every "
        f"{LONGEST_DERIVED_LEG // 60} min along long trips)"
    )
    return _roles(depots, relief, set(interchanges), source)


def _counted(field: str) -> str:
    """A field path with its ``station[i]`` counted from 1, as this file's errors count."""
    return re.sub(r"^station\[(\d+)\]", lambda m: f"station[{int(m.group(1)) + 1}]", field)


def load_stations(path: Path | str | None, feed: Feed) -> StationRoles:
    """Station roles for a feed.

    Parameters
    ----------
    path : Path or None
        A station-roles TOML file. ``None`` uses the packaged NSB 2018 file when every one
        of its stations is in the feed, and otherwise :func:`derive_stations`.
    feed : Feed
        The timetable; every station named in the file must be one of its stations.

    Returns
    -------
    StationRoles
        ``source`` says which file or which derivation was used.
    """
    if path is not None:
        return read_stations_file(path, feed)
    nsb = read_stations_file(NSB_STATIONS_FILE)
    if nsb.relief_points <= set(feed.stations):
        return StationRoles(
            nsb.depots,
            nsb.relief_points,
            nsb.break_stations,
            f"NSB 2018 default ({NSB_STATIONS_FILE.name})",
        )
    roles = derive_stations(feed)
    log.info("station roles %s", roles.source)
    return roles


def cut_legs(trips: Iterable[Trip], relief_points: frozenset[str]) -> list[Leg]:
    """Cut trips into legs at their calls at relief points.

    Parameters
    ----------
    trips : iterable of Trip
        The day's trips.
    relief_points : frozenset of str
        Stations where a trip is cut (its first and last calls always end a leg).

    Returns
    -------
    list of Leg
        Ordered by departure, then trip and position; ``Leg.index`` is the position.
    """
    pieces: list[tuple[int, str, int, int, str, str, int, int]] = []
    for trip in trips:
        calls = trip.stop_times
        cuts = [0]
        cuts += [i for i in range(1, len(calls) - 1) if calls[i].station_id in relief_points]
        cuts.append(len(calls) - 1)
        for a, b in zip(cuts, cuts[1:], strict=False):
            pieces.append(
                (
                    calls[a].departure,
                    trip.id,
                    a,
                    b,
                    calls[a].station_id,
                    calls[b].station_id,
                    calls[a].departure,
                    calls[b].arrival,
                )
            )
    pieces.sort()
    return [
        Leg(i, trip_id, origin, destination, start, end, a, b)
        for i, (_, trip_id, a, b, origin, destination, start, end) in enumerate(pieces)
    ]
