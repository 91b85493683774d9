"""Pricing: resource-constrained shortest paths that find duties of negative reduced cost.

For one depot, a single pass over the day's legs in departure order builds **labels**
(partial duties) and extends them leg by leg. A label carries its cost so far (paid time
plus taxis minus the duals of the legs it rides), the time of sign-on (span), the start of
its current stretch of continuous work, and the length of its break (0 before the break).
Cost is linear in time, so waiting is priced as it happens and a duty's reduced cost is the
sum along its path.

From the end of a leg a label may

* stay on the train (the trip's next leg, no changeover),
* change trains: it waits on the platform from ``min_changeover`` after arrival and may
  board any later departure from that station,
* take its break (at a break station, once per duty): it waits at least
  ``walk + break_length + walk`` and boards a later departure; the break must overlap the
  break window and the work before it must not exceed ``max_continuous_work``,
* sign off at its depot, or ride a taxi home first (at a break station, optionally after
  taking its break there).

A duty starting with a taxi to a break station may also take its break there before its
first train.

New labels start at every departure from the depot (after sign-on and a walk) and from
every relief point a taxi can reach from the depot: a duty of this model signs on as late
as its first task allows. (The rules also allow a duty that signs on earlier and waits,
paid, before its first task, which opens its break window sooner; the model holds no such
duty, so its bounds are bounds over the model's duties.) A label is dropped when it breaks
span or continuous-work limits, and when another label at the same place and time is at
least as good in every resource (cost, sign-on time, stretch start, break) — before
the break, a later sign-on counts as better only once the break window has opened for
it, since the window starts a fixed time after sign-on. Fronts are capped at
:data:`LABEL_CAP` labels; :class:`PricingResult` says whether the cap was hit (pricing
then is a heuristic: it may miss the best duties).

In **bound mode** (``price(..., bound=True)``) the labels beyond the cap are merged into
one label with the best of each resource instead of being dropped (labels whose break
window has not opened are kept): a relaxation, so the least reduced cost found is at
most that of any duty of the model, which makes a Lagrangian lower bound
(:func:`sokkel.lab.crew.solve.plan_day`) proven.

The label loop itself is compiled: :mod:`sokkel.lab.crew.pricing_kernel` runs it over
flat arrays that this module builds once per network and depot; this module then picks
the duties to return and rebuilds them from the kernel's labels.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from sokkel.lab.crew.duties import Duty, DutyNetwork, Step
from sokkel.lab.crew.pricing_kernel import (
    BRK,
    HOW,
    HOW_NAMES,
    INT_PARAMETERS,
    LEG,
    SIGN,
    TAXI_AT,
    TAXI_BREAK,
    chains,
    label_setting,
    select_duties,
)

__all__ = ["LABEL_CAP", "WHOLE_DAY", "PricingResult", "price"]

#: At most this many labels are kept at a place and time.
LABEL_CAP = 100

#: A window of sign-on (from, until) that holds every duty.
WHOLE_DAY = (-(1 << 40), 1 << 40)

#: A pricing pass returns at most this many duties with the same first or last leg.
SAME_END = 5


@dataclass
class PricingResult:
    """Duties of negative reduced cost from one pricing pass over one depot.

    Attributes
    ----------
    duties : list of Duty
        The best duties found, most negative reduced cost first, distinct in their legs.
    reduced_costs : list of float
        Their reduced costs.
    best : float
        The most negative reduced cost found (0.0 if none).
    cap_hit : bool
        Whether a label front was cut (merged, in bound mode) at the cap.
    """

    duties: list[Duty]
    reduced_costs: list[float]
    best: float
    cap_hit: bool


def price(
    net: DutyNetwork,
    duals: Sequence[float],
    depot: str,
    *,
    max_duties: int = 150,
    only_legs: Sequence[int] | None = None,
    cap: int = LABEL_CAP,
    bound: bool = False,
    sign_on: tuple[int, int] = WHOLE_DAY,
) -> PricingResult:
    """Find the duties from ``depot`` with the most negative reduced cost.

    Parameters
    ----------
    net : DutyNetwork
        Legs, stations and rules of the day.
    duals : sequence of float
        The master problem's dual value of each leg.
    depot : str
        The depot the duties start and end at.
    max_duties : int
        Return at most this many duties.
    only_legs : sequence of int, optional
        Consider only these legs (the others cannot be ridden).
    cap : int
        Labels kept at a place and time.
    bound : bool
        Compute a lower bound on the reduced cost of every duty of the model from ``depot``
        instead of duties: fronts beyond ``cap`` are merged, not cut (see
        :mod:`sokkel.lab.crew.pricing_kernel`), a relaxation, so ``best`` is at most the
        least reduced cost of any duty of the model; no duties are returned.
    sign_on : (int, int)
        Only duties signing on in this interval (seconds from the service day's
        midnight; from, until, the end excluded). By default every duty.

    Returns
    -------
    PricingResult
    """
    rules = net.rules
    arrays = _network_arrays(net)
    depot_arrays = _depot_arrays(net, arrays, depot)
    n_legs = len(net.legs)
    dual_values = np.asarray(duals, np.float64)
    if dual_values.shape[0] < n_legs:
        raise ValueError(f"{dual_values.shape[0]} duals for {n_legs} legs")
    if only_legs is None:
        allowed = np.ones(n_legs, np.bool_)
    else:
        allowed = np.zeros(n_legs, np.bool_)
        allowed[[i for i in only_legs if 0 <= i < n_legs]] = True
    parameters = {
        "depot": arrays.station_ids.get(depot, -1),
        "walk": rules.walk,
        "sign_on": rules.sign_on,
        "sign_off": rules.sign_off,
        "max_span": rules.max_span,
        "max_work": rules.max_work,
        "max_continuous_work": rules.max_continuous_work,
        "min_changeover": rules.min_changeover,
        "break_length": max(rules.break_length, 1),
        "break_length_long": rules.break_length_long,
        "rule_break_length": rules.break_length,
        "long_work_threshold": rules.long_work_threshold,
        "window_start": rules.break_window_start,
        "window_end": rules.break_window_end,
        "cap": cap,
        "merge": bound,
        "sign_on_from": sign_on[0],
        "sign_on_until": sign_on[1],
    }
    ints = np.array([int(parameters[name]) for name in INT_PARAMETERS], np.int64)
    pool, _, finished_cost, finished, best, cap_hit = label_setting(
        arrays.leg_start,
        arrays.leg_end,
        arrays.leg_from,
        arrays.leg_to,
        arrays.next_in_trip,
        arrays.departure_ptr,
        arrays.departure_times,
        arrays.departure_legs,
        arrays.is_break,
        depot_arrays.taxi_ride,
        depot_arrays.taxi_cost,
        depot_arrays.home_by,
        dual_values,
        allowed,
        ints,
        rules.hourly_cost / 3600.0,
        float(rules.fixed_cost_per_duty),
        not bound,
    )
    cap_hit = bool(cap_hit)
    if bound:
        return PricingResult([], [], float(best), cap_hit)
    # A stable sort of the finished duties by (reduced cost, last leg, end), as the
    # Python sort of tuples was: ties keep the order in which the duties were found.
    order = np.lexsort((finished[:, 2], finished[:, 0], finished_cost))
    chosen = select_duties(order, finished, pool, len(net.legs), SAME_END, max_duties)
    pointers, path = chains(pool, finished[chosen, 1])
    pointers = pointers.tolist()
    rows = pool[path].tolist()
    duties = [
        _duty(net, depot, arrays, rows[pointers[k] : pointers[k + 1]], end, home, home_break)
        for k, (end, home, home_break) in enumerate(finished[chosen, 2:].tolist())
    ]
    reduced_costs = finished_cost[chosen].tolist()
    return PricingResult(duties, reduced_costs, float(best), cap_hit)


@dataclass(frozen=True)
class _NetworkArrays:
    """The legs and stations of a network as flat arrays for the kernel."""

    stations: list[str]
    station_ids: dict[str, int]
    leg_start: np.ndarray
    leg_end: np.ndarray
    leg_from: np.ndarray
    leg_to: np.ndarray
    next_in_trip: np.ndarray
    departure_ptr: np.ndarray
    departure_times: np.ndarray
    departure_legs: np.ndarray
    is_break: np.ndarray
    depots: dict[str, _DepotArrays] = field(default_factory=dict)


@dataclass(frozen=True)
class _DepotArrays:
    """Taxi rides and bounds on getting home for one depot (-1 / inf where none)."""

    taxi_ride: np.ndarray
    taxi_cost: np.ndarray
    home_by: np.ndarray


def _network_arrays(net: DutyNetwork) -> _NetworkArrays:
    """The network's legs, departures and break stations as arrays (built once per net)."""
    if net.pricing_arrays is not None:
        return net.pricing_arrays
    legs = net.legs
    stations = sorted({leg.from_station for leg in legs} | {leg.to_station for leg in legs})
    ids = {s: i for i, s in enumerate(stations)}
    ptr = [0]
    times: list[int] = []
    departing: list[int] = []
    for station in stations:
        departing.extend(net.departures.get(station, []))
        times.extend(net.departure_times.get(station, []))
        ptr.append(len(departing))
    arrays = _NetworkArrays(
        stations=stations,
        station_ids=ids,
        leg_start=np.array([leg.start for leg in legs], np.int64),
        leg_end=np.array([leg.end for leg in legs], np.int64),
        leg_from=np.array([ids[leg.from_station] for leg in legs], np.int64),
        leg_to=np.array([ids[leg.to_station] for leg in legs], np.int64),
        next_in_trip=np.array(net.next_in_trip, np.int64),
        departure_ptr=np.array(ptr, np.int64),
        departure_times=np.array(times, np.int64),
        departure_legs=np.array(departing, np.int64),
        is_break=np.array([s in net.roles.break_stations for s in stations], np.bool_),
    )
    net.pricing_arrays = arrays
    return arrays


def _depot_arrays(net: DutyNetwork, arrays: _NetworkArrays, depot: str) -> _DepotArrays:
    """Taxi rides from ``depot`` and its bounds on getting home (built once per depot)."""
    found = arrays.depots.get(depot)
    if found is not None:
        return found
    rules = net.rules
    taxi_km = net.taxi_km.get(depot, {})
    ride = {s: rules.taxi_seconds(km) for s, km in taxi_km.items()}
    taxi_ride = np.full(len(arrays.stations), -1, np.int64)
    taxi_cost = np.zeros(len(arrays.stations), np.float64)
    for station, km in taxi_km.items():
        at = arrays.station_ids.get(station)
        if at is not None:
            taxi_ride[at] = ride[station]
            taxi_cost[at] = rules.taxi_cost(km)
    found = arrays.depots[depot] = _DepotArrays(
        taxi_ride=taxi_ride,
        taxi_cost=taxi_cost,
        home_by=np.array(_earliest_home(net, depot, ride), np.float64),
    )
    return found


def _earliest_home(net: DutyNetwork, depot: str, taxi_ride: dict[str, int]) -> list[float]:
    """For each leg, the earliest end of sign-off at ``depot`` after riding it.

    Trains (changing with ``min_changeover``) and the taxi home count; rules on breaks
    and continuous work do not, so this is a bound used to drop hopeless labels.
    """
    rules = net.rules
    legs = net.legs
    inf = float("inf")
    home = [inf] * len(legs)
    best_from: dict[str, list[float]] = {
        s: [inf] * (len(idx) + 1) for s, idx in net.departures.items()
    }
    for leg in reversed(legs):  # by departure, latest first
        arrival = leg.end
        to = leg.to_station
        best = inf
        if to == depot:
            best = arrival + rules.walk + rules.sign_off
        elif to in taxi_ride:
            best = arrival + rules.walk + taxi_ride[to] + rules.sign_off
        nxt = net.next_in_trip[leg.index]
        if nxt >= 0:
            best = min(best, home[nxt])
        times = net.departure_times.get(to)
        if times is not None:
            position = bisect_left(times, arrival + rules.min_changeover)
            best = min(best, best_from[to][position])
        home[leg.index] = best
        suffix = best_from[leg.from_station]
        position = net.position[leg.index]
        suffix[position] = min(best, suffix[position + 1])
    return home


def _duty(
    net: DutyNetwork,
    depot: str,
    arrays: _NetworkArrays,
    chain: list[list[int]],
    end: int,
    taxi_home: int,
    home_break: int,
) -> Duty:
    """Rebuild a duty from the pool rows of its arrivals (first leg first)."""
    steps = tuple(
        Step(row[LEG], "taxi" if row[HOW] == TAXI_BREAK else HOW_NAMES[row[HOW]]) for row in chain
    )
    first, last = chain[0], chain[-1]
    taxi_out = arrays.stations[first[TAXI_AT]] if first[TAXI_AT] >= 0 else None
    home = arrays.stations[taxi_home] if taxi_home >= 0 else None
    start_break = first[BRK] if first[HOW] == TAXI_BREAK else 0
    km = net.taxi_km[depot].get(taxi_out, 0.0) if taxi_out else 0.0
    if home:
        km += net.taxi_km[depot][home]
    span = end - last[SIGN]
    return Duty(
        depot=depot,
        steps=steps,
        sign_on=last[SIGN],
        sign_off_end=end,
        taxi_out=taxi_out,
        taxi_home=home,
        taxi_km=km,
        break_length=last[BRK] or home_break,
        home_break=home_break,
        start_break=start_break,
        cost=float(round(net.rules.duty_cost(span, km))),
    )
