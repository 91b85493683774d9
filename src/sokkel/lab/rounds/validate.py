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

    for number, route in enumerate(plan.get("routes", []), start=1):
        where = f"route {number} ({route.get('team')}, {route.get('day')})"
        team = teams.get(route.get("team", ""))
        try:
            day = dt.date.fromisoformat(route["day"])
            start, end = parse_clock(route["start"]), parse_clock(route["end"])
        except (KeyError, ValueError) as exc:
            problems.append(f"{where}: unreadable day or time ({exc})")
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
        for position, stop in enumerate(route.get("stops", []), start=1):
            at = f"{where}, stop {position} ({stop.get('site')})"
            site = scenario.sites.get(stop.get("site", ""))
            if site is None:
                problems.append(f"{at}: unknown site")
                break
            distance, minutes = leg(scenario.travel, here, site)
            metres += distance
            arrival = clock + minutes
            try:
                stop_start, stop_end = parse_clock(stop["start"]), parse_clock(stop["end"])
                stop_arrival = parse_clock(stop["arrival"])
            except (KeyError, ValueError) as exc:
                problems.append(f"{at}: unreadable time ({exc})")
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
            for request_id in stop.get("requests", []):
                request = requests.get(request_id)
                if request is None:
                    problems.append(f"{at}: unknown request {request_id}")
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
            if not stop.get("requests"):
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
        if abs(route.get("km", 0) - metres / 1000) > KM_TOLERANCE:
            problems.append(f"{where}: {route.get('km')} km but the legs add up to {metres / 1000}")

    served_entries = {entry["request"]: entry for entry in plan.get("served", [])}
    for request_id, day in served_on.items():
        entry = served_entries.get(request_id)
        if entry is None or entry.get("day") != day.isoformat():
            problems.append(f"request {request_id}: served on {day} but not listed so")
    unserved = {entry["request"]: entry for entry in plan.get("unserved", [])}
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
    if kpis.get("requests_served") != len(served_on):
        problems.append(
            f"kpis: requests_served is {kpis.get('requests_served')}, the routes serve "
            f"{len(served_on)}"
        )
    return problems
