"""Solomon VRPTW instances: a check that the PyVRP model loses nothing in translation.

Distances follow the DIMACS convention of the best-known solutions: every
Euclidean edge length is scaled by 10 and truncated to an integer, so totals
have one decimal (R101's best-known 1637.7 is reproduced exactly). Times
(ready, due, service) are scaled by 10 too, and travel time equals distance.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyvrp import Model
from pyvrp.stop import MaxRuntime

from sokkel.lab.limits import bounded, read_text
from sokkel.lab.rounds.errors import InputError

SCALE = 10
COLUMNS = ("cust_no", "xcoord", "ycoord", "demand", "ready_time", "due_date", "service_time")
#: The range of every number of an instance, ``field: (low, high, whole)``.
LIMITS: dict[str, tuple[float, float, bool]] = {
    "number": (1, 10_000, True),
    "capacity": (0, 1_000_000_000, True),
    "cust_no": (0, 1_000_000, True),
    "xcoord": (-1_000_000, 1_000_000, False),
    "ycoord": (-1_000_000, 1_000_000, False),
    "demand": (0, 1_000_000_000, True),
    "ready_time": (0, 1_000_000, False),
    "due_date": (0, 1_000_000, False),
    "service_time": (0, 1_000_000, False),
}
#: The most customers besides the depot (the largest Gehring–Homberger instances).
MAX_CUSTOMERS = 1_000


@dataclass(frozen=True)
class Customer:
    """One row of a Solomon instance; number 0 is the depot."""

    number: int
    x: float
    y: float
    demand: int
    ready: float
    due: float
    service: float


@dataclass(frozen=True)
class SolomonInstance:
    """A Solomon VRPTW instance: vehicles, their capacity, depot and customers."""

    name: str
    vehicles: int
    capacity: int
    customers: tuple[Customer, ...]


@dataclass(frozen=True)
class SolomonSolution:
    """A solution in the DIMACS convention: distance with one decimal, routes of customers."""

    distance: float
    routes: tuple[tuple[int, ...], ...]
    feasible: bool
    runtime: float


class MaxCpuTime:
    """PyVRP stopping criterion: stop after this many seconds of this process's CPU time.

    On a shared, loaded machine wall-clock limits give the search less work than
    the same limit on an idle one; CPU time keeps runs comparable.
    """

    def __init__(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("seconds < 0 not understood")
        self._seconds = seconds
        self._start: float | None = None

    def __call__(self, best_cost: float) -> bool:
        if self._start is None:
            self._start = time.process_time()
        return time.process_time() - self._start > self._seconds


def read_solomon(where: str | Path) -> SolomonInstance:
    """Read a Solomon VRPTW instance in its original text format.

    Raises
    ------
    InputError
        When the file does not follow the format; names the line and field.
    """
    path = Path(where)
    text = read_text(path, lambda message, line: InputError(message, file=path, line=line))
    lines = text.splitlines()
    name = lines[0].strip() if lines else ""
    vehicles = capacity = None
    customers: list[Customer] = []
    section = ""
    for number, line in enumerate(lines, start=1):
        words = line.split()
        upper = line.strip().upper()
        if upper in ("VEHICLE", "CUSTOMER"):
            section = upper
            continue
        if not words or not words[0].lstrip("-").isdigit():
            continue

        def value(field: str, word: str, *, number: int = number) -> Any:
            low, high, whole = LIMITS[field]
            try:
                return bounded(word, low, high, whole=whole)
            except ValueError as exc:
                raise InputError(str(exc), file=path, line=number, field=field) from None

        if section == "VEHICLE" and vehicles is None:
            if len(words) != 2:
                raise InputError(
                    "expected NUMBER and CAPACITY", file=path, line=number, field="vehicle"
                )
            vehicles, capacity = value("number", words[0]), value("capacity", words[1])
        elif section == "CUSTOMER":
            if len(words) != len(COLUMNS):
                raise InputError(
                    f"expected {len(COLUMNS)} values, got {len(words)}",
                    file=path,
                    line=number,
                    field="customer",
                )
            if len(customers) > MAX_CUSTOMERS:
                raise InputError(
                    f"more than {MAX_CUSTOMERS} customers besides the depot",
                    file=path,
                    line=number,
                    field="customer",
                )
            values = [value(column, word) for column, word in zip(COLUMNS, words, strict=True)]
            if values[5] < values[4]:
                raise InputError("due before ready", file=path, line=number, field="due_date")
            customers.append(Customer(*values))
    if vehicles is None or capacity is None:
        raise InputError("no VEHICLE section with NUMBER and CAPACITY", file=path, field="vehicle")
    if len(customers) < 2 or customers[0].number != 0:
        raise InputError(
            "expected the depot (number 0) and at least one customer", file=path, field="customer"
        )
    return SolomonInstance(name, vehicles, capacity, tuple(customers))


def dimacs_distance(a: Customer, b: Customer) -> int:
    """Edge length in tenths, truncated: the DIMACS convention."""
    return int(SCALE * math.hypot(a.x - b.x, a.y - b.y))


def solve_solomon(
    instance: SolomonInstance, *, time_limit: float = 10.0, seed: int = 0, cpu_time: bool = False
) -> SolomonSolution:
    """Solve a Solomon instance with PyVRP, minimising distance.

    Parameters
    ----------
    instance
        The instance.
    time_limit
        Seconds of search.
    seed
        Seed of PyVRP's random number stream.
    cpu_time
        Count the time limit in CPU seconds of this process instead of wall-clock
        seconds.

    Returns
    -------
    SolomonSolution
        Total distance in the DIMACS convention and the routes as customer numbers.
    """
    model = Model()
    depot_row, *client_rows = instance.customers
    locations = [
        model.add_location(x=round(c.x * SCALE), y=round(c.y * SCALE)) for c in instance.customers
    ]
    model.add_depot(
        locations[0], tw_early=round(depot_row.ready * SCALE), tw_late=round(depot_row.due * SCALE)
    )
    model.add_vehicle_type(
        num_available=instance.vehicles,
        capacity=instance.capacity,
        tw_early=round(depot_row.ready * SCALE),
        tw_late=round(depot_row.due * SCALE),
    )
    for location, row in zip(locations[1:], client_rows, strict=True):
        model.add_client(
            location,
            delivery=row.demand,
            service_duration=round(row.service * SCALE),
            tw_early=round(row.ready * SCALE),
            tw_late=round(row.due * SCALE),
            name=str(row.number),
        )
    for a, frm in zip(instance.customers, locations, strict=True):
        for b, to in zip(instance.customers, locations, strict=True):
            if frm is not to:
                distance = dimacs_distance(a, b)
                model.add_edge(frm, to, distance=distance, duration=distance)
    stop = MaxCpuTime(time_limit) if cpu_time else MaxRuntime(time_limit)
    outcome = model.solve(stop, seed=seed, collect_stats=False, display=False)
    best = outcome.best
    routes = tuple(
        tuple(client_rows[activity.idx].number for activity in route if activity.is_client())
        for route in best.routes()
    )
    return SolomonSolution(
        distance=best.distance() / SCALE,
        routes=routes,
        feasible=best.is_feasible(),
        runtime=outcome.runtime,
    )
