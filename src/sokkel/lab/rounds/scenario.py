"""The immutable description of a mobile service rounds problem.

A :class:`Scenario` holds everything the planner needs: the base (the hospital
the team drives out from), the sites (nursing homes), the requests (one
examination of one resident each), the teams with their shifts, the travel
model, the planning parameters and the effect parameters. Build one with
:func:`sokkel.lab.rounds.read_scenario` or directly from these dataclasses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from sokkel.lab.rounds.effects import EffectParameters

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Priority(StrEnum):
    """How soon a request must be served."""

    URGENT = "urgent"
    NORMAL = "normal"


@dataclass(frozen=True)
class Place:
    """A point on the map: the base or a site.

    Parameters
    ----------
    id
        Identifier used in the input files and the plan.
    name
        Human-readable name.
    lat, lon
        WGS84 coordinates in degrees.
    district
        The district (bydel) the place belongs to, if known.
    opens, closes
        The time of day (minutes after midnight) the place can be visited;
        ``None`` means no limit of its own.
    """

    id: str
    name: str
    lat: float
    lon: float
    district: str = ""
    opens: int | None = None
    closes: int | None = None


@dataclass(frozen=True)
class Request:
    """One examination of one resident, asked for by a site.

    Parameters
    ----------
    id
        Identifier of the request (the referral).
    site
        Identifier of the site where the resident lives.
    exam
        Type of examination, e.g. ``"thorax"``.
    service_minutes
        Time to perform the examination, setup excluded.
    priority
        :class:`Priority` of the request.
    arrives
        The day the request arrives.
    due
        The last day on which serving it counts as on time.
    available_from, available_to
        The resident's own time-of-day window (minutes after midnight), if any.
    """

    id: str
    site: str
    exam: str
    service_minutes: int
    priority: Priority
    arrives: dt.date
    due: dt.date
    available_from: int | None = None
    available_to: int | None = None


@dataclass(frozen=True)
class Shift:
    """A team's working hours on some weekdays (minutes after midnight)."""

    weekdays: tuple[str, ...]
    start: int
    end: int

    def covers(self, day: dt.date) -> bool:
        """Whether this shift is worked on ``day``."""
        return WEEKDAYS[day.weekday()] in self.weekdays


@dataclass(frozen=True)
class Team:
    """One vehicle with its crew (e.g. a radiographer and a portable unit).

    Parameters
    ----------
    id
        Identifier of the team.
    name
        Human-readable name.
    shifts
        The team's shifts; at most one shift may cover any weekday.
    """

    id: str
    name: str
    shifts: tuple[Shift, ...]

    def shift_on(self, day: dt.date) -> Shift | None:
        """The shift the team works on ``day``, or ``None`` on a day off."""
        for shift in self.shifts:
            if shift.covers(day):
                return shift
        return None


@dataclass(frozen=True)
class Travel:
    """Travel distances (metres) and times (minutes) between places.

    Either ``great_circle`` (distance = great-circle distance × ``detour_factor``,
    time = distance at ``speed_kmh``, rounded up to whole minutes) or a
    user-supplied ``matrix`` mapping ``(from_id, to_id)`` to
    ``(metres, minutes)``.
    """

    method: str = "great_circle"
    detour_factor: float = 1.3
    speed_kmh: float = 30.0
    matrix: Mapping[tuple[str, str], tuple[int, int]] = field(
        default_factory=lambda: MappingProxyType({})
    )


@dataclass(frozen=True)
class Planning:
    """Planning parameters.

    Parameters
    ----------
    lead_days
        Days between a request's arrival and the first day it may be served
        (the day's list is made the day before; 1 by default).
    urgent_weight, normal_weight
        Relative worth of serving an urgent or a normal request today.
    iterations
        Search iterations per day; with a fixed seed this makes the plan
        reproducible (the time limit only caps it).
    """

    lead_days: int = 1
    urgent_weight: int = 10
    normal_weight: int = 1
    iterations: int = 2000


@dataclass(frozen=True)
class Scenario:
    """Everything needed to plan the rounds over a horizon of days.

    Parameters
    ----------
    name
        Name of the scenario.
    start, days
        First day of the horizon and its length in days.
    base
        The place every team starts and ends its day (the hospital).
    sites
        The sites that may be visited, by identifier.
    requests
        The requests to serve.
    teams
        The teams.
    setup_minutes
        Time per site visit to carry the unit in and out, paid once per stop
        however many requests the stop serves.
    travel
        The travel model.
    planning
        The planning parameters.
    effects
        The effect parameters against the hospital-trip baseline.
    description
        Free text, e.g. where the data come from.
    synthetic
        Whether the data are made up (reports say so).
    """

    name: str
    start: dt.date
    days: int
    base: Place
    sites: Mapping[str, Place]
    requests: tuple[Request, ...]
    teams: tuple[Team, ...]
    setup_minutes: int = 10
    travel: Travel = Travel()
    planning: Planning = Planning()
    effects: EffectParameters = EffectParameters()
    description: str = ""
    synthetic: bool = False

    @property
    def horizon(self) -> tuple[dt.date, ...]:
        """The days of the horizon, in order."""
        return tuple(self.start + dt.timedelta(days=i) for i in range(self.days))

    def place(self, place_id: str) -> Place:
        """The base or the site with identifier ``place_id``."""
        if place_id == self.base.id:
            return self.base
        return self.sites[place_id]
