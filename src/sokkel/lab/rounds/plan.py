"""Rolling-horizon planning of the rounds, one PyVRP problem per day.

Each working day the requests that may be served (arrived at least
``lead_days`` before) are grouped by site. A site visit is one optional PyVRP
client whose service time is the setup plus the examinations it covers; a site
with several requests offers one client per "first *k* requests" (in order of
priority, due day and arrival) in a mutually exclusive group, so the solver
picks how many to serve and the setup is paid once. Prizes grow with priority
and with the days a request has waited or is late, so urgent and overdue
requests go first. Whatever is not served rolls over to the next day.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from pyvrp import Model
from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria

from sokkel.lab.rounds.effects import ServiceDay, compute_effects
from sokkel.lab.rounds.result import Result, Route, Served, Stop, Unserved
from sokkel.lab.rounds.scenario import Place, Priority, Request, Scenario, Shift, Team
from sokkel.lab.rounds.travel import leg, matrices

logger = logging.getLogger(__name__)

# One unit of prize is worth this many metres of driving: serving a request
# always beats the detour to reach it within a city.
PRIZE_UNIT = 100_000
# Cost per minute of a route's duration, next to 1 per metre: a tie-breaker
# that avoids needless waiting.
MINUTE_COST = 10
# Most variants ("first k requests") offered per site and day.
MAX_VARIANTS = 16


@dataclass(frozen=True)
class Progress:
    """Reported to the progress callback after each day of the horizon."""

    day: dt.date
    day_number: int
    days: int
    served_today: int
    served_total: int
    pending: int
    elapsed: float


ProgressCallback = Callable[[Progress], None]


def request_order(request: Request) -> tuple[int, dt.date, dt.date, str]:
    """Sort key: urgent first, then earliest due day, earliest arrival, id."""
    return (
        0 if request.priority is Priority.URGENT else 1,
        request.due,
        request.arrives,
        request.id,
    )


def prize(scenario: Scenario, request: Request, day: dt.date) -> int:
    """The worth of serving ``request`` on ``day``.

    ``unit × weight × (1 + days waited + 2 × days late)``, where weight is the
    planning's urgent or normal weight, days waited count from the first day
    the request could be served and days late count from its due day (the due
    day itself counting as one).
    """
    planning = scenario.planning
    weight = (
        planning.urgent_weight if request.priority is Priority.URGENT else planning.normal_weight
    )
    first = request.arrives + dt.timedelta(days=planning.lead_days)
    waited = max(0, (day - first).days)
    late = max(0, (day - request.due).days + 1)
    return PRIZE_UNIT * weight * (1 + waited + 2 * late)


def _variant_sizes(count: int) -> list[int]:
    if count <= MAX_VARIANTS:
        return list(range(1, count + 1))
    step = count / MAX_VARIANTS
    return sorted({max(1, round(step * i)) for i in range(1, MAX_VARIANTS + 1)} | {count})


def _site_variants(
    scenario: Scenario, site: Place, requests: list[Request]
) -> list[tuple[tuple[Request, ...], int, int]]:
    """The "first k requests" a stop at ``site`` may serve, each with its time window.

    The window bounds the whole stop: the latest of the opening and the residents'
    earliest times, and the earliest of the closing and their latest times.
    """
    variants = []
    for size in _variant_sizes(len(requests)):
        chosen = tuple(requests[:size])
        duration = scenario.setup_minutes + sum(r.service_minutes for r in chosen)
        early = max([site.opens or 0] + [r.available_from or 0 for r in chosen])
        late = min(
            [24 * 60 if site.closes is None else site.closes]
            + [24 * 60 if r.available_to is None else r.available_to for r in chosen]
        )
        if early + duration > late:
            break  # larger variants only narrow the window further
        variants.append((chosen, early, late))
    return variants


@dataclass(frozen=True)
class _Visit:
    site: str
    requests: tuple[Request, ...]


def _plan_day(
    scenario: Scenario,
    day: dt.date,
    crews: list[tuple[Team, Shift]],
    pending: list[Request],
    seed: int,
    iterations: int,
    seconds: float,
) -> tuple[list[Route], bool]:
    """Solve one day's routing problem; returns the routes and whether time ran out."""
    by_site: dict[str, list[Request]] = defaultdict(list)
    for request in sorted(pending, key=request_order):
        by_site[request.site].append(request)
    site_ids = sorted(by_site)
    places = [scenario.base, *(scenario.sites[s] for s in site_ids)]
    metres, minutes = matrices(scenario.travel, places)

    model = Model()
    locations = [
        model.add_location(x=round(place.lon * 1e5), y=round(place.lat * 1e5), name=place.id)
        for place in places
    ]
    model.add_depot(locations[0], tw_early=0, tw_late=24 * 60, name=scenario.base.id)
    for team, shift in crews:
        model.add_vehicle_type(
            num_available=1,
            tw_early=shift.start,
            tw_late=shift.end,
            unit_distance_cost=1,
            unit_duration_cost=MINUTE_COST,
            name=team.id,
        )
    visits: list[_Visit] = []
    for index, site_id in enumerate(site_ids, start=1):
        variants = _site_variants(scenario, scenario.sites[site_id], by_site[site_id])
        if not variants:
            continue
        group = model.add_client_group(required=False, name=site_id)
        for chosen, early, late in variants:
            duration = scenario.setup_minutes + sum(r.service_minutes for r in chosen)
            model.add_client(
                locations[index],
                service_duration=duration,
                tw_early=early,
                tw_late=late - duration,
                prize=sum(prize(scenario, r, day) for r in chosen),
                required=False,
                group=group,
                name=f"{site_id}×{len(chosen)}",
            )
            visits.append(_Visit(site_id, chosen))
    if not visits:
        return [], False
    for i, frm in enumerate(locations):
        for j, to in enumerate(locations):
            if i != j:
                model.add_edge(frm, to, distance=metres[i][j], duration=minutes[i][j])

    stop = MultipleCriteria([MaxIterations(iterations), MaxRuntime(max(seconds, 0.01))])
    started = time.perf_counter()
    outcome = model.solve(stop, seed=seed, collect_stats=False, display=False)
    hit_limit = outcome.num_iterations < iterations
    logger.debug(
        "%s: %d iterations in %.2fs", day, outcome.num_iterations, time.perf_counter() - started
    )

    routes = []
    for route in outcome.best.routes():
        team = crews[route.vehicle_type()][0]
        if not route.is_feasible():
            logger.warning("%s: dropped an infeasible route of team %s", day, team.id)
            continue
        stops = []
        previous_location, previous_end = 0, route.start_time()
        for activity in route.schedule():
            if not activity.is_client():
                continue
            visit = visits[activity.idx]
            location = 1 + site_ids.index(visit.site)
            arrival = previous_end + minutes[previous_location][location]
            stops.append(
                Stop(
                    site=visit.site,
                    requests=tuple(r.id for r in visit.requests),
                    arrival=arrival,
                    start=activity.start_time,
                    end=activity.end_time,
                )
            )
            previous_location, previous_end = location, activity.end_time
        routes.append(
            Route(
                team=team.id,
                day=day,
                start=route.start_time(),
                end=route.end_time(),
                metres=route.distance(),
                stops=tuple(stops),
            )
        )
    routes.sort(key=lambda r: r.team)
    return routes, hit_limit


def _reason(scenario: Scenario, request: Request) -> tuple[str, str]:
    first = request.arrives + dt.timedelta(days=scenario.planning.lead_days)
    last = scenario.horizon[-1]
    working = [
        day
        for day in scenario.horizon
        if day >= first and any(team.shift_on(day) for team in scenario.teams)
    ]
    if not working:
        return "outside_every_shift", (
            "outside every shift: no team works between its first possible day "
            f"({first}) and the end of the horizon ({last})"
        )
    if request.due <= last:
        return "capacity_due", f"capacity: not reached by due day ({request.due})"
    return "capacity_horizon", (
        f"capacity: not reached within the horizon (due {request.due}, after it ends)"
    )


def solve(
    scenario: Scenario,
    *,
    seed: int = 0,
    time_limit: float = 30.0,
    progress: ProgressCallback | None = None,
) -> Result:
    """Plan the rounds over the scenario's horizon.

    Parameters
    ----------
    scenario
        The problem to plan.
    seed
        Seed of PyVRP's random number stream; the same seed gives the same plan
        as long as the time limit does not cut a day short.
    time_limit
        Seconds for the whole horizon, shared among the working days.
    progress
        Called after each day with a :class:`Progress`.

    Returns
    -------
    Result
        Routes, served and unserved requests (with reasons), KPIs and effects.
    """
    started = time.perf_counter()
    lead = dt.timedelta(days=scenario.planning.lead_days)
    pending = sorted(scenario.requests, key=request_order)
    routes: list[Route] = []
    served: list[Served] = []
    service_days: list[ServiceDay] = []
    hit_limit = False
    horizon = scenario.horizon
    working_days = [d for d in horizon if any(t.shift_on(d) for t in scenario.teams)]
    available_minutes = 0

    for number, day in enumerate(horizon, start=1):
        crews = [(team, shift) for team in scenario.teams if (shift := team.shift_on(day))]
        available_minutes += sum(shift.end - shift.start for _, shift in crews)
        eligible = [r for r in pending if r.arrives + lead <= day]
        day_routes: list[Route] = []
        if crews and eligible:
            remaining_days = len([d for d in working_days if d >= day])
            seconds = (time_limit - (time.perf_counter() - started)) / max(1, remaining_days)
            day_routes, cut = _plan_day(
                scenario, day, crews, eligible, seed, scenario.planning.iterations, seconds
            )
            hit_limit |= cut
        by_id = {r.id: r for r in eligible}
        done: set[str] = set()
        for route in day_routes:
            for stop in route.stops:
                for request_id in stop.requests:
                    request = by_id[request_id]
                    done.add(request_id)
                    served.append(
                        Served(
                            request=request_id,
                            day=day,
                            team=route.team,
                            wait_days=(day - request.arrives).days,
                            on_time=day <= request.due,
                        )
                    )
        routes.extend(day_routes)
        pending = [r for r in pending if r.id not in done]
        service_days.append(
            ServiceDay(
                day=day,
                requests_handled=len(done),
                team_hours=sum(r.end - r.start for r in day_routes) / 60,
                km=sum(r.metres for r in day_routes) / 1000,
            )
        )
        if progress is not None:
            progress(
                Progress(
                    day=day,
                    day_number=number,
                    days=len(horizon),
                    served_today=len(done),
                    served_total=len(served),
                    pending=len(pending),
                    elapsed=time.perf_counter() - started,
                )
            )
        logger.info("%s: served %d, %d pending", day, len(done), len(pending))

    unserved = tuple(
        Unserved(r.id, r.site, r.priority.value, r.due, *reversed(_reason(scenario, r)))
        for r in pending
    )
    kpis = _kpis(scenario, routes, served, unserved, available_minutes)
    return Result(
        scenario=scenario.name,
        synthetic=scenario.synthetic,
        seed=seed,
        routes=tuple(routes),
        served=tuple(served),
        unserved=unserved,
        kpis=kpis,
        effects=compute_effects(service_days, scenario.effects),
        runtime=time.perf_counter() - started,
        hit_time_limit=hit_limit,
    )


def _kpis(
    scenario: Scenario,
    routes: list[Route],
    served: list[Served],
    unserved: tuple[Unserved, ...],
    available_minutes: int,
) -> dict[str, float]:
    requests = {r.id: r for r in scenario.requests}
    route_minutes = sum(r.end - r.start for r in routes)
    on_site_minutes = sum(s.end - s.start for r in routes for s in r.stops)
    stops = sum(len(r.stops) for r in routes)
    urgent = [s for s in served if requests[s.request].priority is Priority.URGENT]
    return {
        "requests_total": len(scenario.requests),
        "requests_served": len(served),
        "requests_unserved": len(unserved),
        "urgent_served": len(urgent),
        "share_on_time": round(sum(s.on_time for s in served) / len(served), 4) if served else 0.0,
        "mean_wait_days": (
            round(sum(s.wait_days for s in served) / len(served), 3) if served else 0.0
        ),
        "max_wait_days": max((s.wait_days for s in served), default=0),
        "routes": len(routes),
        "stops": stops,
        "requests_per_stop": round(len(served) / stops, 2) if stops else 0.0,
        "km": round(sum(r.metres for r in routes) / 1000, 2),
        "team_hours": round(route_minutes / 60, 2),
        "on_site_hours": round(on_site_minutes / 60, 2),
        "driving_hours": round(sum(_driving_minutes(scenario, r) for r in routes) / 60, 2),
        "shift_hours": round(available_minutes / 60, 2),
        "utilisation": round(route_minutes / available_minutes, 4) if available_minutes else 0.0,
        "on_site_share": (
            round(on_site_minutes / available_minutes, 4) if available_minutes else 0.0
        ),
    }


def _driving_minutes(scenario: Scenario, route: Route) -> int:
    places = [scenario.base.id, *(s.site for s in route.stops), scenario.base.id]
    return sum(
        leg(scenario.travel, scenario.place(a), scenario.place(b))[1]
        for a, b in zip(places, places[1:], strict=False)
    )
