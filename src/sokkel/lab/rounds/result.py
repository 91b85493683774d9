"""The outcome of planning the rounds: routes, served and unserved requests, KPIs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sokkel.lab.rounds.read import format_clock


@dataclass(frozen=True)
class Stop:
    """One site visit: the setup is paid once for all its requests.

    Times are minutes after midnight.
    """

    site: str
    requests: tuple[str, ...]
    arrival: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """The stop as it appears in ``plan.json``."""
        return {
            "site": self.site,
            "requests": list(self.requests),
            "arrival": format_clock(self.arrival),
            "start": format_clock(self.start),
            "end": format_clock(self.end),
        }


@dataclass(frozen=True)
class Route:
    """One team's day: leaves the base at ``start``, returns at ``end``."""

    team: str
    day: dt.date
    start: int
    end: int
    metres: int
    stops: tuple[Stop, ...]

    def to_dict(self) -> dict[str, Any]:
        """The route as it appears in ``plan.json``."""
        return {
            "team": self.team,
            "day": self.day.isoformat(),
            "start": format_clock(self.start),
            "end": format_clock(self.end),
            "km": round(self.metres / 1000, 2),
            "stops": [stop.to_dict() for stop in self.stops],
        }


@dataclass(frozen=True)
class Served:
    """A request that was served, when and by whom."""

    request: str
    day: dt.date
    team: str
    wait_days: int
    on_time: bool

    def to_dict(self) -> dict[str, Any]:
        """The entry as it appears in ``plan.json``."""
        return {
            "request": self.request,
            "day": self.day.isoformat(),
            "team": self.team,
            "wait_days": self.wait_days,
            "on_time": self.on_time,
        }


@dataclass(frozen=True)
class Unserved:
    """A request left unserved at the end of the horizon, and why.

    ``code`` is one of ``outside_every_shift``, ``capacity_due`` (not reached by
    its due day) and ``capacity_horizon`` (due after the horizon, not reached
    within it); ``reason`` says the same in words.
    """

    request: str
    site: str
    priority: str
    due: dt.date
    reason: str
    code: str

    def to_dict(self) -> dict[str, Any]:
        """The entry as it appears in ``plan.json``."""
        return {
            "request": self.request,
            "site": self.site,
            "priority": self.priority,
            "due": self.due.isoformat(),
            "reason": self.reason,
            "code": self.code,
        }


@dataclass(frozen=True)
class Result:
    """The plan for the whole horizon, with KPIs and effects.

    Parameters
    ----------
    scenario
        Name of the scenario planned.
    synthetic
        Whether the scenario's data are made up.
    seed
        The seed used.
    routes
        One route per team and day with at least one stop.
    served, unserved
        Every request is in exactly one of the two.
    kpis
        Key figures: requests served, share on time, mean wait, km, hours,
        utilisation (see ``docs/rounds.md``).
    effects
        Effects against the hospital-trip baseline, see
        :func:`sokkel.lab.rounds.effects.compute_effects`.
    runtime
        Seconds spent solving.
    hit_time_limit
        Whether the time limit cut a day's search short (the plan may then
        differ between runs with the same seed).
    """

    scenario: str
    synthetic: bool
    seed: int
    routes: tuple[Route, ...]
    served: tuple[Served, ...]
    unserved: tuple[Unserved, ...]
    kpis: dict[str, float] = field(default_factory=dict)
    effects: dict[str, Any] = field(default_factory=dict)
    runtime: float = 0.0
    hit_time_limit: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The plan as written to ``plan.json``."""
        return {
            "scenario": self.scenario,
            "synthetic": self.synthetic,
            "seed": self.seed,
            "runtime_seconds": round(self.runtime, 2),
            "hit_time_limit": self.hit_time_limit,
            "routes": [route.to_dict() for route in self.routes],
            "served": [entry.to_dict() for entry in self.served],
            "unserved": [entry.to_dict() for entry in self.unserved],
            "kpis": self.kpis,
            "effects": self.effects,
        }

    def summary(self) -> str:
        """A short plain-text summary of the KPIs."""
        k = self.kpis
        lines = [
            f"Scenario: {self.scenario}" + (" (synthetic data)" if self.synthetic else ""),
            f"  requests served: {k['requests_served']} of {k['requests_total']}"
            f" ({k['requests_unserved']} unserved)",
            f"  share on time:   {k['share_on_time']:.0%}",
            f"  mean wait:       {k['mean_wait_days']:.2f} days",
            f"  routes:          {k['routes']} with {k['stops']} stops",
            f"  km:              {k['km']:.1f}",
            f"  team hours:      {k['team_hours']:.1f} (utilisation {k['utilisation']:.0%})",
            f"  runtime:         {self.runtime:.1f} s",
        ]
        return "\n".join(lines)
