"""The duty network of a day and duties as sequences of tasks.

:class:`DutyNetwork` holds what duty generation needs about a service day: the legs, the
departures from each station in time order, and which stations a taxi may join to each
depot. :class:`Duty` is one generated duty (a column of the set-covering problem); its
tasks (sign-on, walks, taxis, drives, the break, sign-off) follow from its steps and the
rules by :func:`duty_tasks`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sokkel.lab.crew.gtfs import Feed, distance_km, format_time
from sokkel.lab.crew.network import Leg, StationRoles
from sokkel.lab.crew.rules import Rules

__all__ = ["Duty", "DutyNetwork", "Step", "Task", "duty_tasks"]

#: How a duty gets onto a leg: from sign-on at the depot, after a taxi from the depot,
#: staying on the same train, changing trains, or after a break.
HOW = ("depot", "taxi", "continue", "change", "break")

#: A taxi joins a station to this many of its nearest depots (within ``max_taxi_km``).
TAXI_DEPOTS = 3


@dataclass(frozen=True)
class Step:
    """One leg of a duty and how the crew member got onto it (see :data:`HOW`)."""

    leg: int
    how: str


@dataclass(frozen=True)
class Duty:
    """A generated duty: legs ridden in order, from and back to one depot.

    Attributes
    ----------
    depot : str
        Station where the duty signs on and off.
    steps : tuple of Step
        The legs in order, each with how it was boarded.
    sign_on : int
        Start of sign-on (seconds from service-day midnight).
    sign_off_end : int
        End of sign-off.
    taxi_out, taxi_home : str or None
        The station a taxi takes the crew to after sign-on, or from before sign-off.
    taxi_km : float
        Straight-line kilometres of the taxi rides.
    break_length : int
        Seconds of break (0 without one).
    home_break : int
        Seconds of a break taken after the last leg, before the taxi home (0 if none).
    start_break : int
        Seconds of a break taken after the taxi out, before the first leg (0 if none).
    cost : float
        Paid time, fixed cost and taxis (see :meth:`Rules.duty_cost`), whole NOK.
    """

    depot: str
    steps: tuple[Step, ...]
    sign_on: int
    sign_off_end: int
    taxi_out: str | None
    taxi_home: str | None
    taxi_km: float
    break_length: int
    cost: float
    home_break: int = 0
    start_break: int = 0

    @property
    def legs(self) -> tuple[int, ...]:
        """Indices of the legs the duty rides (drives or deadheads)."""
        return tuple(s.leg for s in self.steps)

    @property
    def span(self) -> int:
        """Seconds from the start of sign-on to the end of sign-off."""
        return self.sign_off_end - self.sign_on

    @property
    def work(self) -> int:
        """Span minus the break."""
        return self.span - self.break_length


@dataclass(frozen=True)
class Task:
    """One task of a duty, as written to ``plan.json``."""

    kind: str
    origin: str
    destination: str
    start: int
    end: int
    trip_id: str | None = None

    def as_dict(self) -> dict[str, str]:
        """The task in the plan's JSON shape."""
        out = {"kind": self.kind}
        if self.trip_id is not None:
            out["trip_id"] = self.trip_id
        out.update(
            {
                "from": self.origin,
                "to": self.destination,
                "start": format_time(self.start),
                "end": format_time(self.end),
            }
        )
        return out


@dataclass
class DutyNetwork:
    """The legs of a day arranged for duty generation.

    Attributes
    ----------
    feed : Feed
        The timetable (for station coordinates).
    legs : list of Leg
        The day's legs, ordered by departure.
    roles : StationRoles
        Depots, relief points and break stations.
    rules : Rules
        The rule profile.
    next_in_trip : list of int
        For each leg, the next leg of the same trip (-1 for a trip's last leg).
    departures : dict
        Station -> leg indices departing there, in departure order.
    position : list of int
        Each leg's position in its station's ``departures``.
    taxi_km : dict
        Depot -> {station: straight-line km}: a taxi joins a station where legs start or
        end to its :data:`TAXI_DEPOTS` nearest depots, when the road distance is at most
        ``max_taxi_km``.
    pricing_arrays : object or None
        The legs and stations as flat arrays for the pricing kernel, with each depot's
        taxis and bounds on getting home (built by :mod:`sokkel.lab.crew.pricing` on
        first use).
    """

    feed: Feed
    legs: list[Leg]
    roles: StationRoles
    rules: Rules
    next_in_trip: list[int] = field(default_factory=list)
    departures: dict[str, list[int]] = field(default_factory=dict)
    departure_times: dict[str, list[int]] = field(default_factory=dict)
    position: list[int] = field(default_factory=list)
    taxi_km: dict[str, dict[str, float]] = field(default_factory=dict)
    pricing_arrays: Any = field(default=None, repr=False)

    @classmethod
    def build(
        cls, feed: Feed, legs: Sequence[Leg], roles: StationRoles, rules: Rules
    ) -> DutyNetwork:
        """Index the legs: trip successors, departures per station and taxi distances."""
        net = cls(feed, list(legs), roles, rules)
        net.next_in_trip = [-1] * len(legs)
        by_trip: dict[str, list[Leg]] = {}
        for leg in legs:
            by_trip.setdefault(leg.trip_id, []).append(leg)
        for pieces in by_trip.values():
            pieces.sort(key=lambda g: g.first_call)
            for a, b in zip(pieces, pieces[1:], strict=False):
                net.next_in_trip[a.index] = b.index
        net.position = [0] * len(legs)
        for leg in legs:  # legs are in departure order
            at = net.departures.setdefault(leg.from_station, [])
            net.position[leg.index] = len(at)
            at.append(leg.index)
        net.departure_times = {s: [legs[i].start for i in idx] for s, idx in net.departures.items()}
        served = {leg.from_station for leg in legs} | {leg.to_station for leg in legs}
        located = sorted(d for d in roles.depots if d in feed.stations)
        net.taxi_km = {depot: {} for depot in roles.depots}
        for station in sorted(served - roles.depots):
            here = feed.stations[station]
            nearest = sorted((distance_km(feed.stations[d], here), d) for d in located)
            for km, depot in nearest[:TAXI_DEPOTS]:
                if km * rules.taxi_detour_factor <= rules.max_taxi_km:
                    net.taxi_km[depot][station] = km
        return net

    def build_like(self, rules: Rules) -> DutyNetwork:
        """The same legs and stations under other rules."""
        return DutyNetwork.build(self.feed, self.legs, self.roles, rules)


def duty_tasks(duty: Duty, net: DutyNetwork, drives: frozenset[int] | None = None) -> list[Task]:
    """The tasks of a duty in time order.

    Parameters
    ----------
    duty : Duty
        The duty.
    net : DutyNetwork
        Its network (legs and rules).
    drives : frozenset of int, optional
        The legs this duty drives; its other legs become deadheads. ``None``: it drives all.
    """
    rules = net.rules
    legs = net.legs
    depot = duty.depot
    t = duty.sign_on + rules.sign_on
    tasks = [Task("sign_on", depot, depot, duty.sign_on, t)]
    here = depot
    if duty.taxi_out is not None:
        ride = rules.taxi_seconds(net.taxi_km[depot][duty.taxi_out])
        tasks.append(Task("taxi", depot, duty.taxi_out, t, t + ride))
        t += ride
        here = duty.taxi_out
        if duty.start_break:
            tasks.append(Task("walk", here, here, t, t + rules.walk))
            t += rules.walk
            tasks.append(Task("break", here, here, t, t + duty.start_break))
    first = legs[duty.steps[0].leg]
    tasks.append(Task("walk", here, here, first.start - rules.walk, first.start))
    previous: Leg | None = None
    for step in duty.steps:
        leg = legs[step.leg]
        if previous is not None and step.how == "change":
            at = previous.to_station
            tasks.append(Task("walk", at, at, previous.end, previous.end + rules.walk))
        elif previous is not None and step.how == "break":
            at = previous.to_station
            tasks.append(Task("walk", at, at, previous.end, previous.end + rules.walk))
            tasks.append(Task("break", at, at, previous.end + rules.walk, leg.start - rules.walk))
            tasks.append(Task("walk", at, at, leg.start - rules.walk, leg.start))
        kind = "drive" if drives is None or leg.index in drives else "deadhead"
        tasks.append(Task(kind, leg.from_station, leg.to_station, leg.start, leg.end, leg.trip_id))
        previous = leg
    assert previous is not None
    here = previous.to_station
    t = previous.end + rules.walk
    tasks.append(Task("walk", here, here, previous.end, t))
    if duty.home_break:
        tasks.append(Task("break", here, here, t, t + duty.home_break))
        t += duty.home_break
    if duty.taxi_home is not None:
        ride = rules.taxi_seconds(net.taxi_km[depot][duty.taxi_home])
        tasks.append(Task("taxi", here, depot, t, t + ride))
        t += ride
    tasks.append(Task("sign_off", depot, depot, t, t + rules.sign_off))
    return tasks
