"""Write plans as ``plan.json`` (the crew contract) with their KPIs.

One day::

    {"date": "2018-10-16", "crew": "driver", "legs_total": ..., "legs_covered": ...,
     "lower_bound": ..., "cost": ..., "kpis": {...},
     "duties": [{"id": "D0001", "depot": "NSR:StopPlace:337",
                 "tasks": [{"kind": "sign_on", "from": ..., "to": ..., "start": "05:10:00",
                            "end": "05:25:00"}, {"kind": "drive", "trip_id": ...}, ...]}],
     "stations": {"depots": [...], "relief_points": [...], "break_stations": [...]},
     "stations_source": ..., "rules_file": ..., "rules": {...}, "uncovered": [...],
     "excluded": {...}, "solver": {...}}

Several days: ``{"days": [<one such object per date>], "total": {...}}``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sokkel.lab.crew.gtfs import RAIL_REPLACEMENT_BUS, format_time
from sokkel.lab.crew.solve import DayPlan
from sokkel.lab.limits import write_atomically

__all__ = ["day_to_dict", "kpis", "plan_to_dict", "total", "write_plan"]


def _hours(seconds: float) -> float:
    return round(seconds / 3600, 3)


def kpis(plan: DayPlan) -> dict[str, Any]:
    """Key figures of a day's plan.

    ``work_hours`` is driving time; ``efficiency`` is driving over paid time; ``taxi_km``
    is road kilometres; ``gap`` is (cost − lower bound) / lower bound.
    """
    paid = drive = deadhead = 0
    lengths: list[int] = []
    taxi_km = 0.0
    per_depot: Counter[str] = Counter()
    for planned in plan.duties:
        duty = planned.duty
        paid += duty.span
        lengths.append(duty.span)
        taxi_km += duty.taxi_km * plan.rules.taxi_detour_factor
        per_depot[duty.depot] += 1
        for task in planned.tasks:
            if task.kind == "drive":
                drive += task.end - task.start
            elif task.kind == "deadhead":
                deadhead += task.end - task.start
    return {
        "duties": len(plan.duties),
        "paid_hours": _hours(paid),
        "work_hours": _hours(drive),
        "efficiency": round(drive / paid, 4) if paid else 0.0,
        "duty_length_min": _hours(min(lengths)) if lengths else 0.0,
        "duty_length_mean": _hours(sum(lengths) / len(lengths)) if lengths else 0.0,
        "duty_length_max": _hours(max(lengths)) if lengths else 0.0,
        "duties_per_depot": dict(sorted(per_depot.items())),
        "deadhead_hours": _hours(deadhead),
        "taxi_km": round(taxi_km, 1),
        "gap": round(plan.gap, 5),
    }


def day_to_dict(plan: DayPlan) -> dict[str, Any]:
    """One day's plan in the contract's JSON shape."""
    feed_names = {leg.trip_id for leg in plan.legs}
    excluded = plan.excluded_trips
    return {
        "date": plan.day.isoformat(),
        "crew": plan.crew,
        "legs_total": len(plan.legs),
        "legs_covered": len(plan.legs) - len(plan.uncovered),
        "lower_bound": round(plan.lower_bound, 2),
        "cost": round(plan.cost, 2),
        "kpis": kpis(plan),
        "duties": [
            {
                "id": planned.id,
                "depot": planned.duty.depot,
                "tasks": [task.as_dict() for task in planned.tasks],
            }
            for planned in plan.duties
        ],
        "stations": plan.roles.as_dict(),
        "stations_source": plan.roles.source,
        "rules_file": plan.rules.source,
        "rules": plan.rules.as_dict(),
        "uncovered": [
            {
                "trip_id": item.leg.trip_id,
                "from": item.leg.from_station,
                "to": item.leg.to_station,
                "start": format_time(item.leg.start),
                "end": format_time(item.leg.end),
                "rule": item.rule,
                "message": item.message,
            }
            for item in plan.uncovered
        ],
        "excluded": {
            "trips": len(excluded),
            "rail_replacement_buses": sum(
                1 for t in excluded if t.route_type == RAIL_REPLACEMENT_BUS
            ),
        },
        "solver": {
            "trains": len(feed_names),
            "columns": plan.columns,
            "rounds": plan.rounds,
            "bound_proven": plan.bound_proven,
            "hit_time_limit": plan.hit_time_limit,
            "clock_cut": list(plan.clock_cut),
            "lp_value": round(plan.lp_value, 2),
            "least_reduced_cost": round(plan.least_reduced_cost, 2),
            "method": plan.method,
            "elapsed_s": round(plan.elapsed_s, 2),
            "bound_s": round(plan.bound_s, 2),
        },
    }


def total(days: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Totals over several days' plan objects."""
    paid = sum(d["kpis"]["paid_hours"] for d in days)
    work = sum(d["kpis"]["work_hours"] for d in days)
    cost = sum(d["cost"] for d in days)
    bound = sum(d["lower_bound"] for d in days)
    return {
        "days": len(days),
        "duties": sum(d["kpis"]["duties"] for d in days),
        "legs_total": sum(d["legs_total"] for d in days),
        "legs_covered": sum(d["legs_covered"] for d in days),
        "cost": round(cost, 2),
        "lower_bound": round(bound, 2),
        "gap": round((cost - bound) / bound, 5) if bound > 0 else 0.0,
        "bound_proven": all(d["solver"]["bound_proven"] for d in days),
        "paid_hours": round(paid, 3),
        "work_hours": round(work, 3),
        "efficiency": round(work / paid, 4) if paid else 0.0,
        "deadhead_hours": round(sum(d["kpis"]["deadhead_hours"] for d in days), 3),
        "taxi_km": round(sum(d["kpis"]["taxi_km"] for d in days), 1),
    }


def plan_to_dict(plans: Sequence[DayPlan]) -> dict[str, Any]:
    """One day's object, or ``{"days": [...], "total": {...}}`` for several days."""
    days = [day_to_dict(plan) for plan in plans]
    if len(days) == 1:
        return days[0]
    return {"days": days, "total": total(days)}


def write_plan(plans: Sequence[DayPlan], path: Path | str) -> dict[str, Any]:
    """Write ``plan.json`` for one or several days, whole or not at all; returns the object.

    Raises
    ------
    OSError
        When the file cannot be written (an existing one is then left as it was).
    """
    data = plan_to_dict(plans)
    text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    write_atomically(path, text)
    return data
