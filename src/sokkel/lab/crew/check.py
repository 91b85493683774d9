"""Independent validator of crew plans (``plan.json``).

The validator trusts nothing the planner computed. It re-reads the timetable with the
GTFS reader, cuts every train trip of the day into legs at the relief points itself, and
re-checks every duty of the plan from its tasks alone:

* **coverage** — every leg is driven exactly once (``uncovered``, ``double_coverage``);
* **trips** — every ``drive`` and ``deadhead`` is a contiguous piece of a real train trip
  running that day, at the timetable's stations and times (``trip``); a driver takes over
  or leaves a train only at a relief point or at the trip's ends (``relief_point``);
* **continuity** — each task starts where the previous one ended (``continuity_place``)
  and not before it ended (``continuity_time``); changing trains leaves the minimum
  changeover time, and going between a train and sign-on, sign-off or a break the walk
  time (``changeover``);
* **duty frame** — the duty signs on and off at its depot for at least the rules' times
  (``sign_on``, ``sign_off``, ``depot``) and ends where it started (``same_depot``);
* **working time** — ``span`` (sign-on to sign-off), ``work`` (the span less breaks, and
  less deadheads and taxis unless they count as work), ``continuous_work`` (the stretches
  between sign-on, breaks of at least ``break_length`` and sign-off);
* **meal break** — long enough for the duty's work (``break_missing``), placed in the
  window after sign-on (``break_window``), at a depot or break station (``break_place``);
* **taxi** — no faster than the road distance allows at the rules' taxi speed (``taxi``).

A malformed plan (missing keys, bad times) gives ``format`` violations that name the day,
the duty and the field; only what could not be read is skipped.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sokkel.lab.crew.errors import CrewInputError
from sokkel.lab.crew.gtfs import Feed, GtfsError, Trip, distance_km, format_time, parse_time
from sokkel.lab.crew.network import StationRoles
from sokkel.lab.crew.rules import Rules
from sokkel.lab.limits import parse_json, read_text

__all__ = [
    "KINDS",
    "RULES",
    "CheckResult",
    "Leg",
    "PlanError",
    "Violation",
    "break_needed",
    "check_plan",
    "cut_legs",
    "cut_points",
    "legs_of_day",
    "read_plan",
    "relief_points_of",
    "validate_plan",
    "work_seconds",
]

log = logging.getLogger(__name__)

#: The task kinds of ``plan.json``.
KINDS = ("sign_on", "drive", "deadhead", "taxi", "break", "walk", "sign_off")
TRAIN_KINDS = ("drive", "deadhead")
STATIONARY_KINDS = ("sign_on", "sign_off", "break", "walk")

#: Every rule the validator names, with what it means.
RULES: dict[str, str] = {
    "format": "the plan file's structure: a key is missing or a value cannot be read",
    "date": "no train of the timetable runs on the plan's date",
    "uncovered": "a leg of a train trip running that day is driven by no duty",
    "double_coverage": "a leg is driven by more than one drive task",
    "trip": "a drive or deadhead is not a piece of a real trip running that day at its times",
    "relief_point": "a driver takes over or leaves a train away from a relief point",
    "station": "a task names a station the timetable does not know",
    "continuity_place": "a task starts somewhere other than where the previous one ended",
    "continuity_time": "a task starts before the previous one ended",
    "changeover": "too little time to change trains, or to walk between a train and the crew room",
    "sign_on": "the duty does not begin with a sign-on at its depot of the rules' length",
    "sign_off": "the duty does not end with a sign-off at its depot of the rules' length",
    "depot": "the duty's depot is not a depot",
    "same_depot": "the duty does not end at the station where it started",
    "span": "the duty lasts longer than the maximum span",
    "work": "the duty works longer than the maximum working time",
    "continuous_work": "too much work without a break",
    "break_missing": "the duty works long enough to need a break and has none long enough",
    "break_window": "the break does not fall in the window after sign-on",
    "break_place": "a break away from a depot or break station",
    "taxi": "a taxi faster than its distance allows at the rules' speed, or too long a ride",
    "legs_total": "the plan's legs_total differs from the legs the validator cuts",
    "crew": "the plan is for another crew type than the rules",
}


class PlanError(CrewInputError):
    """A plan file that cannot be read at all: names the file, the JSON line or the key."""


@dataclass(frozen=True)
class Violation:
    """One broken rule.

    Attributes
    ----------
    duty_id : str or None
        The duty at fault; ``None`` for a fault of the plan as a whole (an uncovered leg).
    rule : str
        A key of :data:`RULES`.
    message : str
        What is wrong, naming trips, stations, times and limits.
    start, end : str or None
        The time span concerned, GTFS ``HH:MM:SS`` (may pass 24:00:00).
    day : str
        The service date (``YYYY-MM-DD``) of the plan's day, or ``""`` when unknown.
    """

    duty_id: str | None
    rule: str
    message: str
    start: str | None = None
    end: str | None = None
    day: str = ""

    def __str__(self) -> str:
        when = ""
        if self.start is not None:
            when = (
                f" {self.start}"
                if self.end in (None, self.start)
                else (f" {self.start}–{self.end}")
            )
        day = f"{self.day} " if self.day else ""
        duty = self.duty_id if self.duty_id is not None else "(plan)"
        return f"{day}{duty} [{self.rule}]{when}: {self.message}"


@dataclass(frozen=True)
class Leg:
    """A piece of a train trip between two consecutive relief points (or trip ends).

    Attributes
    ----------
    trip_id : str
        The trip.
    first, last : int
        Indices of the leg's first and last call in the trip's ``stop_times``.
    from_station, to_station : str
        Parent stations at those calls.
    start, end : int
        Departure from the first call and arrival at the last, seconds from midnight.
    """

    trip_id: str
    first: int
    last: int
    from_station: str
    to_station: str
    start: int
    end: int

    def describe(self, station: Callable[[str], str] = str) -> str:
        """``"trip T OSL 07:00:00 → LLS 07:12:00"``, stations shown by ``station``."""
        return (
            f"trip {self.trip_id} {station(self.from_station)} {format_time(self.start)} → "
            f"{station(self.to_station)} {format_time(self.end)}"
        )


@dataclass
class CheckResult:
    """What the validator found.

    Attributes
    ----------
    violations : list of Violation
        Every broken rule, in plan order, uncovered legs last per day.
    duties : int
        Duties checked (all days).
    legs : int
        Legs of the timetable (all days).
    legs_covered : int
        Legs driven at least once (all days).
    days : list of str
        The service dates checked.
    """

    violations: list[Violation] = field(default_factory=list)
    duties: int = 0
    legs: int = 0
    legs_covered: int = 0
    days: list[str] = field(default_factory=list)


# --- legs ------------------------------------------------------------------------------


def cut_points(trip: Trip, relief_points: frozenset[str]) -> list[int]:
    """Indices of the calls where a trip may change crew: its ends and its relief points."""
    last = len(trip.stop_times) - 1
    inner = [k for k in range(1, last) if trip.stop_times[k].station_id in relief_points]
    return [0, *inner, last]


def legs_of_day(feed: Feed, day: date, stations: StationRoles) -> list[Leg]:
    """Cut every train trip running on ``day`` into legs at the relief points.

    Parameters
    ----------
    feed : Feed
        The timetable.
    day : date
        The service day.
    stations : StationRoles
        Depots, relief points and break stations; a depot is a relief point too.

    Returns
    -------
    list of Leg
        In trip order (by departure), then along each trip.
    """
    return cut_legs(feed.trips_on(day), relief_points_of(stations))


def cut_legs(trips: Iterable[Trip], relief_points: frozenset[str]) -> list[Leg]:
    """Cut trips into legs at their calls at ``relief_points``, in the order given."""
    legs: list[Leg] = []
    for trip in trips:
        points = cut_points(trip, relief_points)
        for a, b in zip(points, points[1:], strict=False):
            legs.append(
                Leg(
                    trip.id,
                    a,
                    b,
                    trip.stop_times[a].station_id,
                    trip.stop_times[b].station_id,
                    trip.stop_times[a].departure,
                    trip.stop_times[b].arrival,
                )
            )
    return legs


def relief_points_of(stations: StationRoles) -> frozenset[str]:
    """Stations where crew may change trains: the relief points and the depots."""
    return stations.relief_points | stations.depots


# --- reading the plan ------------------------------------------------------------------


def read_plan(path: str | Path) -> dict[str, Any]:
    """Read a ``plan.json`` file as plain JSON.

    Raises
    ------
    PlanError
        If the file is missing, is not UTF-8 or not JSON (naming the line), holds ``NaN``
        or ``Infinity`` (naming the field), or is not a JSON object with ``duties`` or
        ``days``.
    """
    path = Path(path)
    text = read_text(path, lambda message, line: PlanError(str(path), line, None, message))
    plan = parse_json(
        text,
        lambda message, line: PlanError(str(path), line, None, message),
        lambda message, field, line: PlanError(str(path), line, field, message),
    )
    if not isinstance(plan, dict):
        raise PlanError(str(path), None, None, "the plan must be a JSON object")
    if "days" in plan:
        if not isinstance(plan["days"], list) or not all(isinstance(d, dict) for d in plan["days"]):
            raise PlanError(str(path), None, "days", "must be a list of day objects")
    elif "duties" not in plan:
        raise PlanError(str(path), None, "duties", "missing (a plan has 'duties' or 'days')")
    return plan


@dataclass(frozen=True)
class _Task:
    kind: str
    from_station: str
    to_station: str
    start: int
    end: int
    trip_id: str | None

    @property
    def span(self) -> str:
        return f"{format_time(self.start)}–{format_time(self.end)}"


@dataclass
class _Duty:
    id: str
    depot: str
    tasks: list[_Task]
    complete: bool  # every task could be read


class _DayCheck:
    """Checks one day's plan object; collects violations."""

    def __init__(
        self,
        feed: Feed,
        plan: Mapping[str, Any],
        rules: Rules,
        stations: StationRoles,
        label: str,
    ) -> None:
        self.feed = feed
        self.plan = plan
        self.rules = rules
        self.stations = stations
        self.relief = relief_points_of(stations)
        self.label = label  # "days[2]" or "" for a single-day plan
        self.day_text = ""
        self.violations: list[Violation] = []
        self.legs: list[Leg] = []
        self.covered = 0
        self.duties = 0

    # -- helpers --

    def add(
        self,
        duty_id: str | None,
        rule: str,
        message: str,
        start: int | None = None,
        end: int | None = None,
    ) -> None:
        self.violations.append(
            Violation(
                duty_id,
                rule,
                message,
                None if start is None else format_time(start),
                None if end is None else format_time(end),
                self.day_text,
            )
        )

    def at(self, station_id: str) -> str:
        """A station by name and id, e.g. ``"Oslo S (NSR:StopPlace:337)"``."""
        station = self.feed.stations.get(station_id)
        return f"{station.name} ({station_id})" if station is not None else station_id

    def where(self, path: str) -> str:
        return f"{self.label}.{path}" if self.label else path

    # -- reading --

    def read_day(self) -> date | None:
        raw = self.plan.get("date")
        if not isinstance(raw, str):
            self.add(None, "format", f"'{self.where('date')}' is missing (YYYY-MM-DD)")
            return None
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            self.add(None, "format", f"'{self.where('date')}' is {raw!r}, not a date YYYY-MM-DD")
            return None
        self.day_text = day.isoformat()
        return day

    def read_duties(self) -> list[_Duty]:
        raw = self.plan.get("duties")
        if not isinstance(raw, list):
            self.add(None, "format", f"'{self.where('duties')}' is missing or not a list")
            return []
        duties: list[_Duty] = []
        seen: set[str] = set()
        for n, item in enumerate(raw):
            path = self.where(f"duties[{n}]")
            if not isinstance(item, dict):
                self.add(None, "format", f"'{path}' is not an object")
                continue
            duty_id = item.get("id")
            if not isinstance(duty_id, str | int) or isinstance(duty_id, bool) or duty_id == "":
                self.add(None, "format", f"'{path}.id' is missing")
                duty_id = f"#{n}"
            duty_id = str(duty_id)
            if duty_id in seen:
                self.add(duty_id, "format", f"duty id {duty_id!r} appears twice ('{path}.id')")
            seen.add(duty_id)
            depot = item.get("depot")
            complete = True
            if not isinstance(depot, str) or not depot:
                self.add(duty_id, "format", f"'{path}.depot' is missing")
                depot, complete = "", False
            tasks_raw = item.get("tasks")
            if not isinstance(tasks_raw, list) or not tasks_raw:
                self.add(duty_id, "format", f"'{path}.tasks' is missing or empty")
                duties.append(_Duty(duty_id, depot, [], False))
                continue
            tasks: list[_Task] = []
            for k, task in enumerate(tasks_raw):
                parsed = self.read_task(duty_id, f"{path}.tasks[{k}]", task)
                if parsed is None:
                    complete = False
                else:
                    tasks.append(parsed)
            duties.append(_Duty(duty_id, depot, tasks, complete))
        return duties

    def read_task(self, duty_id: str, path: str, task: Any) -> _Task | None:
        if not isinstance(task, dict):
            self.add(duty_id, "format", f"'{path}' is not an object")
            return None
        ok = True
        kind = task.get("kind")
        if kind not in KINDS:
            self.add(
                duty_id,
                "format",
                f"'{path}.kind' is {kind!r}, not one of {', '.join(KINDS)}",
            )
            ok = False
        places: dict[str, str] = {}
        for key in ("from", "to"):
            value = task.get(key)
            if not isinstance(value, str) or not value:
                self.add(duty_id, "format", f"'{path}.{key}' is missing (a station id)")
                ok = False
            else:
                places[key] = value
        times: dict[str, int] = {}
        for key in ("start", "end"):
            value = task.get(key)
            if not isinstance(value, str):
                self.add(duty_id, "format", f"'{path}.{key}' is missing (HH:MM:SS)")
                ok = False
                continue
            try:
                times[key] = parse_time(value)
            except ValueError:
                self.add(duty_id, "format", f"'{path}.{key}' is {value!r}, not a time HH:MM:SS")
                ok = False
        trip_id = task.get("trip_id")
        if kind in TRAIN_KINDS and (not isinstance(trip_id, str) or not trip_id):
            self.add(duty_id, "format", f"'{path}.trip_id' is missing (a {kind} needs its trip)")
            ok = False
        if ok and times["end"] < times["start"]:
            self.add(
                duty_id,
                "format",
                f"'{path}' ends ({format_time(times['end'])}) before it starts "
                f"({format_time(times['start'])})",
                times["start"],
                times["end"],
            )
            ok = False
        if not ok:
            return None
        return _Task(
            str(kind),
            places["from"],
            places["to"],
            times["start"],
            times["end"],
            trip_id if kind in TRAIN_KINDS else None,
        )

    # -- the checks --

    def run(self) -> None:
        day = self.read_day()
        crew = self.plan.get("crew")
        if isinstance(crew, str) and crew != self.rules.crew:
            self.add(None, "crew", f"the plan is for {crew}s, the rules for {self.rules.crew}s")
        duties = self.read_duties()
        self.duties = len(duties)
        if day is None:
            return
        try:
            trips = {t.id: t for t in self.feed.trips_on(day)}
        except GtfsError as exc:
            self.add(None, "date", exc.message)
            return
        self.legs = cut_legs(trips.values(), self.relief)
        leg_at: dict[tuple[str, int], Leg] = {(leg.trip_id, leg.first): leg for leg in self.legs}
        drivers: dict[Leg, list[str]] = defaultdict(list)
        partly: dict[Leg, list[str]] = defaultdict(list)
        for duty in duties:
            for task in duty.tasks:
                if task.kind in TRAIN_KINDS:
                    piece = self.check_piece(duty.id, task, trips, day)
                    if piece is not None and task.kind == "drive":
                        for leg, whole in self.legs_in(piece, leg_at):
                            (drivers if whole else partly)[leg].append(duty.id)
            for task in duty.tasks:
                self.check_places(duty.id, task)
            if duty.complete:
                self.check_duty(duty)
        self.check_coverage(drivers, partly)

    def check_piece(
        self, duty_id: str, task: _Task, trips: Mapping[str, Trip], day: date
    ) -> tuple[Trip, int, int] | None:
        """The trip and call indices of a drive/deadhead, or ``None`` (with a violation)."""
        assert task.trip_id is not None
        trip = trips.get(task.trip_id)
        origin, destination = self.at(task.from_station), self.at(task.to_station)
        what = f"{task.kind} on trip {task.trip_id} {origin} → {destination}"
        if trip is None:
            if task.trip_id in self.feed.trips:
                other = self.feed.trips[task.trip_id]
                reason = (
                    "is not a train" if not other.is_rail else f"does not run on {day.isoformat()}"
                )
            else:
                reason = "is not in the timetable"
            self.add(duty_id, "trip", f"{what}: trip {task.trip_id} {reason}", task.start, task.end)
            return None
        calls = trip.stop_times
        boards = [i for i, c in enumerate(calls[:-1]) if c.station_id == task.from_station]
        alights = [j for j, c in enumerate(calls) if j > 0 and c.station_id == task.to_station]
        if not boards or not alights:
            missing = task.from_station if not boards else task.to_station
            self.add(
                duty_id,
                "trip",
                f"{what}: trip {trip.id} does not call at {self.at(missing)} "
                f"(it runs {self.at(calls[0].station_id)}–{self.at(calls[-1].station_id)})",
                task.start,
                task.end,
            )
            return None
        first = next((i for i in boards if calls[i].departure == task.start), None)
        if first is None:
            actual = ", ".join(format_time(calls[i].departure) for i in boards)
            self.add(
                duty_id,
                "trip",
                f"{what}: trip {trip.id} leaves {self.at(task.from_station)} at {actual}, "
                f"not {format_time(task.start)}",
                task.start,
                task.end,
            )
            return None
        last = next((j for j in alights if j > first and calls[j].arrival == task.end), None)
        if last is None:
            after = [j for j in alights if j > first]
            if after:
                actual = ", ".join(format_time(calls[j].arrival) for j in after)
                reason = f"reaches {destination} at {actual}, not {format_time(task.end)}"
            else:
                reason = f"does not reach {destination} after {origin}"
            self.add(duty_id, "trip", f"{what}: trip {trip.id} {reason}", task.start, task.end)
            return None
        if task.kind == "drive":
            points = set(cut_points(trip, self.relief))
            for index, verb in ((first, "takes over"), (last, "leaves")):
                if index not in points:
                    self.add(
                        duty_id,
                        "relief_point",
                        f"{what}: the driver {verb} trip {trip.id} at "
                        f"{self.at(calls[index].station_id)}, which is not a relief point",
                        task.start,
                        task.end,
                    )
        return trip, first, last

    def legs_in(
        self, piece: tuple[Trip, int, int], leg_at: Mapping[tuple[str, int], Leg]
    ) -> Iterable[tuple[Leg, bool]]:
        """The legs a driven piece of a trip touches, each with whether it drives all of it."""
        trip, first, last = piece
        start = max((k for k in range(first + 1) if (trip.id, k) in leg_at), default=first)
        for index in range(start, last):
            leg = leg_at.get((trip.id, index))
            if leg is not None:
                yield leg, first <= leg.first and leg.last <= last

    def check_places(self, duty_id: str, task: _Task) -> None:
        for station in dict.fromkeys((task.from_station, task.to_station)):
            if station not in self.feed.stations:
                self.add(
                    duty_id,
                    "station",
                    f"{task.kind} at {station}: no such station in the timetable",
                    task.start,
                    task.end,
                )

    def check_coverage(
        self, drivers: Mapping[Leg, list[str]], partly: Mapping[Leg, list[str]]
    ) -> None:
        for leg in self.legs:
            duties = drivers.get(leg, [])
            if not duties:
                pieces = partly.get(leg)
                how = (
                    f"is driven only in part (by {', '.join(dict.fromkeys(pieces))})"
                    if pieces
                    else "is driven by no duty"
                )
                self.add(None, "uncovered", f"{leg.describe(self.at)} {how}", leg.start, leg.end)
            elif len(duties) > 1:
                for duty_id in dict.fromkeys(duties):
                    self.add(
                        duty_id,
                        "double_coverage",
                        f"{leg.describe(self.at)} is driven {len(duties)} times "
                        f"(duties {', '.join(duties)})",
                        leg.start,
                        leg.end,
                    )
        self.covered = sum(1 for leg in self.legs if drivers.get(leg))
        stated = self.plan.get("legs_total")
        if isinstance(stated, int) and stated != len(self.legs):
            self.add(
                None,
                "legs_total",
                f"legs_total is {stated}; the timetable cut at the "
                f"relief points has {len(self.legs)} legs",
            )

    def check_duty(self, duty: _Duty) -> None:
        self.check_frame(duty)
        self.check_continuity(duty)
        self.check_taxis(duty)
        self.check_time(duty)
        self.check_break(duty)

    def check_frame(self, duty: _Duty) -> None:
        rules, tasks, depot = self.rules, duty.tasks, duty.depot
        if depot not in self.stations.depots:
            self.add(duty.id, "depot", f"{self.at(depot)} is not a depot")
        first, last = tasks[0], tasks[-1]
        for k, task in enumerate(tasks):
            if task.kind in STATIONARY_KINDS and task.from_station != task.to_station:
                self.add(
                    duty.id,
                    "continuity_place",
                    f"{task.kind} moves from {self.at(task.from_station)} to "
                    f"{self.at(task.to_station)}",
                    task.start,
                    task.end,
                )
            if task.kind == "sign_on" and k != 0:
                self.add(
                    duty.id, "sign_on", "sign-on after the duty's first task", task.start, task.end
                )
            if task.kind == "sign_off" and k != len(tasks) - 1:
                self.add(
                    duty.id,
                    "sign_off",
                    "sign-off before the duty's last task",
                    task.start,
                    task.end,
                )
        if first.kind != "sign_on":
            self.add(
                duty.id,
                "sign_on",
                f"the duty begins with {first.kind}, not sign_on",
                first.start,
                first.end,
            )
        else:
            if first.from_station != depot:
                self.add(
                    duty.id,
                    "sign_on",
                    f"sign-on at {self.at(first.from_station)}, not at the depot {self.at(depot)}",
                    first.start,
                    first.end,
                )
            if first.end - first.start < rules.sign_on:
                self.add(
                    duty.id,
                    "sign_on",
                    f"sign-on lasts {_minutes(first.end - first.start)}, the rules need "
                    f"{_minutes(rules.sign_on)}",
                    first.start,
                    first.end,
                )
        if last.kind != "sign_off":
            self.add(
                duty.id,
                "sign_off",
                f"the duty ends with {last.kind}, not sign_off",
                last.start,
                last.end,
            )
        else:
            if last.to_station != depot:
                self.add(
                    duty.id,
                    "sign_off",
                    f"sign-off at {self.at(last.to_station)}, not at the depot {self.at(depot)}",
                    last.start,
                    last.end,
                )
            if last.end - last.start < rules.sign_off:
                self.add(
                    duty.id,
                    "sign_off",
                    f"sign-off lasts {_minutes(last.end - last.start)}, the rules need "
                    f"{_minutes(rules.sign_off)}",
                    last.start,
                    last.end,
                )
        if first.from_station != last.to_station:
            self.add(
                duty.id,
                "same_depot",
                f"the duty starts at {self.at(first.from_station)} and ends at "
                f"{self.at(last.to_station)}",
                first.start,
                last.end,
            )

    def check_continuity(self, duty: _Duty) -> None:
        tasks = duty.tasks
        for prev, cur in zip(tasks, tasks[1:], strict=False):
            if cur.from_station != prev.to_station:
                self.add(
                    duty.id,
                    "continuity_place",
                    f"{cur.kind} starts at {self.at(cur.from_station)} but the "
                    f"{prev.kind} before it ends at {self.at(prev.to_station)}",
                    prev.end,
                    cur.start,
                )
            if cur.start < prev.end:
                self.add(
                    duty.id,
                    "continuity_time",
                    f"{cur.kind} starts at {format_time(cur.start)}, before the "
                    f"{prev.kind} before it ends at {format_time(prev.end)}",
                    cur.start,
                    prev.end,
                )
        moving = [t for t in tasks if t.kind != "walk"]
        for prev, cur in zip(moving, moving[1:], strict=False):
            if prev.to_station != cur.from_station or cur.start < prev.end:
                continue  # already a continuity violation
            gap = cur.start - prev.end
            if prev.kind in TRAIN_KINDS and cur.kind in TRAIN_KINDS:
                if prev.trip_id == cur.trip_id:
                    continue  # stays on the same train through its stop
                if gap < self.rules.min_changeover:
                    self.add(
                        duty.id,
                        "changeover",
                        f"{_minutes(gap)} at {self.at(cur.from_station)} from trip "
                        f"{prev.trip_id} to trip {cur.trip_id}; the minimum changeover is "
                        f"{_minutes(self.rules.min_changeover)}",
                        prev.end,
                        cur.start,
                    )
            elif {prev.kind, cur.kind} & set(TRAIN_KINDS) and {prev.kind, cur.kind} & {
                "sign_on",
                "sign_off",
                "break",
            }:
                if gap < self.rules.walk:
                    self.add(
                        duty.id,
                        "changeover",
                        f"{_minutes(gap)} at {self.at(cur.from_station)} between "
                        f"{prev.kind} and {cur.kind}; the walk takes "
                        f"{_minutes(self.rules.walk)}",
                        prev.end,
                        cur.start,
                    )

    def check_taxis(self, duty: _Duty) -> None:
        rules = self.rules
        for task in duty.tasks:
            if task.kind != "taxi":
                continue
            a = self.feed.stations.get(task.from_station)
            b = self.feed.stations.get(task.to_station)
            if a is None or b is None:
                continue  # a "station" violation already
            road_km = distance_km(a, b) * rules.taxi_detour_factor
            need = road_km / rules.taxi_speed_kmh * 3600
            took = task.end - task.start
            ride = f"{self.at(task.from_station)} → {self.at(task.to_station)}"
            if road_km > rules.max_taxi_km:
                self.add(
                    duty.id,
                    "taxi",
                    f"taxi {ride} is {road_km:.1f} km by road; the longest taxi ride "
                    f"allowed is {rules.max_taxi_km:g} km",
                    task.start,
                    task.end,
                )
            if took + 1 < need:  # a second's rounding is no violation
                self.add(
                    duty.id,
                    "taxi",
                    f"taxi {ride}: {road_km:.1f} km by road "
                    f"in {_minutes(took)}; at {rules.taxi_speed_kmh:g} km/h it needs "
                    f"{_minutes(round(need))}",
                    task.start,
                    task.end,
                )

    def work_of(self, duty: _Duty) -> int:
        """Seconds of work in a duty (see :func:`work_seconds`)."""
        return work_seconds(duty.tasks, self.rules)

    def check_time(self, duty: _Duty) -> None:
        rules, tasks = self.rules, duty.tasks
        start, end = tasks[0].start, tasks[-1].end
        if end - start > rules.max_span:
            self.add(
                duty.id,
                "span",
                f"the duty spans {_minutes(end - start)}; the maximum "
                f"is {_minutes(rules.max_span)}",
                start,
                end,
            )
        work = self.work_of(duty)
        if work > rules.max_work:
            self.add(
                duty.id,
                "work",
                f"the duty works {_minutes(work)}; the maximum is {_minutes(rules.max_work)}",
                start,
                end,
            )
        since = start
        resting = [t for t in tasks if t.kind == "break" and t.end - t.start >= rules.break_length]
        for stop in [*(t.start for t in resting), end]:
            if stop - since > rules.max_continuous_work:
                self.add(
                    duty.id,
                    "continuous_work",
                    f"{_minutes(stop - since)} of work without a break of at least "
                    f"{_minutes(rules.break_length)}; the maximum is "
                    f"{_minutes(rules.max_continuous_work)}",
                    since,
                    stop,
                )
            since = next((t.end for t in resting if t.start == stop), stop)

    def check_break(self, duty: _Duty) -> None:
        rules, tasks = self.rules, duty.tasks
        allowed = self.stations.depots | self.stations.break_stations
        for task in tasks:
            if task.kind == "break" and task.from_station not in allowed:
                self.add(
                    duty.id,
                    "break_place",
                    f"break at {self.at(task.from_station)}, which is neither a depot nor a "
                    "break station",
                    task.start,
                    task.end,
                )
        work = self.work_of(duty)
        need = break_needed(work, rules)
        if need == 0:
            return
        sign_on = tasks[0].start
        window = (sign_on + rules.break_window_start, sign_on + rules.break_window_end)
        breaks = [t for t in tasks if t.kind == "break" and t.end - t.start >= need]
        if not breaks:
            longest = max((t.end - t.start for t in tasks if t.kind == "break"), default=0)
            have = f"the longest is {_minutes(longest)}" if longest else "it has none"
            self.add(
                duty.id,
                "break_missing",
                f"the duty works {_minutes(work)} and needs a break of {_minutes(need)}; {have}",
                tasks[0].start,
                tasks[-1].end,
            )
            return
        if not any(t.start < window[1] and t.end > window[0] for t in breaks):
            b = breaks[0]
            self.add(
                duty.id,
                "break_window",
                f"break {b.span} lies outside the window "
                f"{format_time(window[0])}–{format_time(window[1])} "
                f"(hours {rules.break_window_start / 3600:g}–"
                f"{rules.break_window_end / 3600:g} after sign-on)",
                b.start,
                b.end,
            )


def work_seconds(tasks: Sequence[_Task], rules: Rules) -> int:
    """Seconds of work in a duty: its span less its breaks.

    Waiting, walking, signing on and off count as work; deadheads and taxis count unless
    the rules say deadheading is not work.
    """
    if not tasks:
        return 0
    off = {"break"} if rules.deadhead_is_work else {"break", "deadhead", "taxi"}
    span = tasks[-1].end - tasks[0].start
    return span - sum(t.end - t.start for t in tasks if t.kind in off)


def break_needed(work: int, rules: Rules) -> int:
    """The break a duty with ``work`` seconds of work needs, in seconds (0: none).

    A duty that works longer than the maximum continuous work needs a break, a long one
    when it works longer than ``long_work_threshold``.
    """
    if work <= rules.max_continuous_work:
        return 0
    return rules.break_length_long if work > rules.long_work_threshold else rules.break_length


def _minutes(seconds: float) -> str:
    seconds = int(round(seconds))
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
    return f"{sign}{text}{f' {secs} s' if secs else ''}"


# --- entry points ----------------------------------------------------------------------


def _days_of(plan: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    if "days" in plan and isinstance(plan["days"], Sequence):
        return [(f"days[{n}]", day) for n, day in enumerate(plan["days"])]
    return [("", plan)]


def validate_plan(
    feed: Feed, plan: Mapping[str, Any], rules: Rules, stations: StationRoles
) -> CheckResult:
    """Check a plan and count what was checked.

    Parameters
    ----------
    feed : Feed
        The timetable, read with :func:`sokkel.lab.crew.gtfs.read_feed`.
    plan : Mapping
        The parsed ``plan.json``: one day's object, or ``{"days": [...]}``.
    rules : Rules
        The crew's rules.
    stations : StationRoles
        Depots, relief points and break stations.

    Returns
    -------
    CheckResult
        The violations with the number of duties, legs and covered legs.
    """
    result = CheckResult()
    for label, day_plan in _days_of(plan):
        if not isinstance(day_plan, Mapping):
            result.violations.append(Violation(None, "format", f"'{label}' is not an object"))
            continue
        check = _DayCheck(feed, day_plan, rules, stations, label)
        check.run()
        result.violations += check.violations
        result.duties += check.duties
        result.legs += len(check.legs)
        result.legs_covered += check.covered
        if check.day_text:
            result.days.append(check.day_text)
        log.info(
            "checked %s: %d duties, %d legs, %d violations",
            check.day_text or label,
            check.duties,
            len(check.legs),
            len(check.violations),
        )
    return result


def check_plan(
    feed: Feed, plan: Mapping[str, Any], rules: Rules, stations: StationRoles
) -> list[Violation]:
    """Check every duty of a plan against the timetable and the rules.

    Parameters
    ----------
    feed : Feed
        The timetable, read with :func:`sokkel.lab.crew.gtfs.read_feed`.
    plan : Mapping
        The parsed ``plan.json``: one day's object, or ``{"days": [...]}`` checked day
        by day.
    rules : Rules
        The crew's rules (:func:`sokkel.lab.crew.rules.load_rules`).
    stations : StationRoles
        Depots, relief points and break stations
        (:func:`sokkel.lab.crew.network.load_stations`).

    Returns
    -------
    list of Violation
        Empty when the plan is valid. See :data:`RULES` for the rule names.
    """
    return validate_plan(feed, plan, rules, stations).violations
