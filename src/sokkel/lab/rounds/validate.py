"""An independent check of a plan against the raw scenario.

It reads the plan as written to ``plan.json`` (a dict) and re-derives every
time and distance from the scenario, without trusting anything the solver
computed: shifts, opening hours, travel times, setup paid once per stop,
each request served at most once and not before it may be, and every request
either served or reported unserved with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sokkel.lab.limits import shown
from sokkel.lab.rounds.read import format_clock, parse_clock
from sokkel.lab.rounds.scenario import Scenario
from sokkel.lab.rounds.travel import leg

KM_TOLERANCE = 0.01


def validate(scenario: Scenario, plan: Mapping[str, Any]) -> list[str]:
    """Every violation of the scenario's rules found in ``plan``.

    Parameters
    ----------
    scenario
        The scenario the plan claims to solve.
    plan
        The plan as in ``plan.json`` (see :meth:`Result.to_dict`).

    Returns
    -------
    list of str
        One message per violation; empty when the plan is valid.
    """
    problems: list[str] = []
    requests = {r.id: r for r in scenario.requests}
    teams = {t.id: t for t in scenario.teams}
    horizon = set(scenario.horizon)
    lead = dt.timedelta(days=scenario.planning.lead_days)
    served_on: dict[str, dt.date] = {}
    team_days: set[tuple[str, dt.date]] = set()

    for number, route in enumerate(_entries(plan, "routes", problems), start=1):
        if not isinstance(route, Mapping):
            problems.append(f"route {number}: not an object")
            continue
        where = f"route {number} ({_name(route.get('team'))}, {_name(route.get('day'))})"
        team = teams.get(_key(route.get("team")))
        try:
            day = dt.date.fromisoformat(route["day"])
            start, end = parse_clock(route["start"]), parse_clock(route["end"])
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"{where}: unreadable day or time ({shown(str(exc), 80)})")
            continue
        if team is None:
            problems.append(f"{where}: unknown team")
            continue
        if day not in horizon:
            problems.append(f"{where}: day outside the horizon")
        if (team.id, day) in team_days:
            problems.append(f"{where}: the team has two routes that day")
        team_days.add((team.id, day))
        shift = team.shift_on(day)
        if shift is None:
            problems.append(f"{where}: the team does not work that day")
            continue
        if start < shift.start or end > shift.end:
            problems.append(f"{where}: {route['start']}–{route['end']} outside the shift")

        here, clock, metres = scenario.base, start, 0
        stops = route.get("stops", [])
        if not isinstance(stops, list):
            problems.append(f"{where}: 'stops' is not a list")
            stops = []
        for position, stop in enumerate(stops, start=1):
            if not isinstance(stop, Mapping):
                problems.append(f"{where}, stop {position}: not an object")
                break
            at = f"{where}, stop {position} ({_name(stop.get('site'))})"
            site = scenario.sites.get(_key(stop.get("site")))
            if site is None:
                problems.append(f"{at}: unknown site")
                break
            distance, minutes = leg(scenario.travel, here, site)
            metres += distance
            arrival = clock + minutes
            try:
                stop_start, stop_end = parse_clock(stop["start"]), parse_clock(stop["end"])
                stop_arrival = parse_clock(stop["arrival"])
            except (KeyError, TypeError, ValueError) as exc:
                problems.append(f"{at}: unreadable time ({shown(str(exc), 80)})")
                break
            if stop_arrival != arrival:
                problems.append(
                    f"{at}: arrival {stop['arrival']} but travel gives {format_clock(arrival)}"
                )
            if stop_start < arrival:
                problems.append(f"{at}: starts before arriving")
            work = scenario.setup_minutes
            early = site.opens or 0
            late = 24 * 60 if site.closes is None else site.closes
            stop_requests = stop.get("requests", [])
            if not isinstance(stop_requests, list):
                problems.append(f"{at}: 'requests' is not a list")
                stop_requests = []
            for request_id in stop_requests:
                request = requests.get(_key(request_id))
                if request is None:
                    problems.append(f"{at}: unknown request {shown(request_id)}")
                    continue
                if request.site != site.id:
                    problems.append(f"{at}: request {request_id} belongs to {request.site}")
                if request_id in served_on:
                    problems.append(f"{at}: request {request_id} served twice")
                served_on[request_id] = day
                if day < request.arrives + lead:
                    problems.append(f"{at}: request {request_id} served before it may be")
                work += request.service_minutes
                early = max(early, request.available_from or 0)
                if request.available_to is not None:
                    late = min(late, request.available_to)
            if not stop_requests:
                problems.append(f"{at}: a stop without requests")
            if stop_end != stop_start + work:
                problems.append(
                    f"{at}: lasts {stop_end - stop_start} min, setup and exams need {work}"
                )
            if stop_start < early or stop_end > late:
                problems.append(f"{at}: outside the site's or residents' time window")
            here, clock = site, stop_end
        distance, minutes = leg(scenario.travel, here, scenario.base)
        metres += distance
        if clock + minutes > end:
            problems.append(f"{where}: back at the base after {route['end']}")
        km = route.get("km", 0)
        if isinstance(km, bool) or not isinstance(km, int | float):
            problems.append(f"{where}: 'km' is {shown(km)}, not a number")
        elif abs(km - metres / 1000) > KM_TOLERANCE:
            problems.append(f"{where}: {km} km but the legs add up to {metres / 1000}")

    served_entries = _by_request(plan, "served", problems)
    for request_id, day in served_on.items():
        entry = served_entries.get(request_id)
        if entry is None or entry.get("day") != day.isoformat():
            problems.append(f"request {request_id}: served on {day} but not listed so")
    unserved = _by_request(plan, "unserved", problems)
    for request_id in requests:
        if request_id in served_on and request_id in unserved:
            problems.append(f"request {request_id}: both served and unserved")
        elif request_id not in served_on and request_id not in unserved:
            problems.append(f"request {request_id}: neither served nor reported unserved")
        elif request_id in unserved and not unserved[request_id].get("reason"):
            problems.append(f"request {request_id}: unserved without a reason")
    for request_id in unserved.keys() - requests.keys():
        problems.append(f"request {request_id}: reported unserved but not in the scenario")
    kpis = plan.get("kpis", {})
    if not isinstance(kpis, Mapping):
        problems.append("kpis: not an object")
        kpis = {}
    if kpis.get("requests_served") != len(served_on):
        problems.append(
            f"kpis: requests_served is {kpis.get('requests_served')}, the routes serve "
            f"{len(served_on)}"
        )
    return problems


def _name(value: Any) -> str:
    """A value of the plan as it reads in a message, cut short."""
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _key(value: Any) -> str:
    """An identifier from the plan, or ``""`` when it is not text (never a lookup error)."""
    return value if isinstance(value, str) else ""


def _entries(plan: Mapping[str, Any], name: str, problems: list[str]) -> list[Any]:
    value = plan.get(name, [])
    if not isinstance(value, list):
        problems.append(f"{name}: not a list")
        return []
    return value


def _by_request(
    plan: Mapping[str, Any], name: str, problems: list[str]
) -> dict[str, Mapping[str, Any]]:
    """The ``served`` or ``unserved`` entries by request id; unreadable ones are problems."""
    entries: dict[str, Mapping[str, Any]] = {}
    for number, entry in enumerate(_entries(plan, name, problems), start=1):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("request"), str):
            problems.append(f"{name} entry {number}: not an object with a 'request' id")
            continue
        entries[entry["request"]] = entry
    return entries
