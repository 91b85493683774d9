"""A self-contained HTML report of a plan (Norwegian, no internet needed).

The report holds the effects table with every parameter and its source, a
timeline per team and day, the unserved requests with their reasons, and a
route map drawn as inline SVG from the coordinates (no map tiles).
"""

from __future__ import annotations

import gettext
import math
from typing import Any

import jinja2

from sokkel.lab.rounds.read import format_clock
from sokkel.lab.rounds.result import Result
from sokkel.lab.rounds.scenario import Scenario

_ = gettext.gettext

# Colour-blind-safe colours (Okabe–Ito), dark enough for 3:1 contrast on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A6D00", "#56707F", "#000000")
MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 720, 560, 24
TIMELINE_WIDTH = 640


def effect_labels() -> dict[str, str]:
    """Norwegian labels of the effect quantities."""
    return {
        "requests_handled": _("Undersøkelser gjort på sykehjemmet"),
        "hospital_trips_avoided": _("Sykehusturer unngått"),
        "ambulance_trips_avoided": _("– av dette ambulanseturer"),
        "taxi_trips_avoided": _("– av dette drosjeturer"),
        "carer_hours_freed": _("Ledsagertimer frigjort"),
        "resident_hours_away_avoided": _("Timer beboerne slapp å være borte"),
        "waiting_hours_avoided": _("Ventetimer på sykehus unngått"),
        "admissions_avoided": _("Innleggelser unngått"),
        "transport_cost_avoided_nok": _("Transportkostnad unngått (kr)"),
        "carer_cost_avoided_nok": _("Ledsagerkostnad unngått (kr)"),
        "admission_cost_avoided_nok": _("Innleggelseskostnad unngått (kr)"),
        "gross_cost_avoided_nok": _("Kostnad unngått, brutto (kr)"),
        "service_cost_nok": _("Tjenestens egen kostnad (kr)"),
        "net_cost_avoided_nok": _("Netto innsparing (kr)"),
        "published_model_saving_nok": _(
            "Til sammenligning: innsparing etter Kjelle mfl. 2019 (kr)"
        ),
    }


def reason_labels() -> dict[str, str]:
    """Norwegian wording of the reasons a request was left unserved."""
    return {
        "outside_every_shift": _(
            "utenfor alle vakter: ingen team jobber fra første mulige dag til horisonten slutter"
        ),
        "capacity_due": _("kapasitet: ikke nådd innen fristen"),
        "capacity_horizon": _("kapasitet: ikke nådd i horisonten (fristen er senere)"),
    }


def number(value: float, decimals: int = 0) -> str:
    """A number the Norwegian way: thin space for thousands, comma for decimals."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def _map(scenario: Scenario, result: Result, colours: dict[str, str]) -> dict[str, Any]:
    places = [scenario.base, *scenario.sites.values()]
    lat0 = sum(p.lat for p in places) / len(places)
    xs = [p.lon * math.cos(math.radians(lat0)) for p in places]
    ys = [p.lat for p in places]
    scale = min(
        (MAP_WIDTH - 2 * MAP_MARGIN) / max(max(xs) - min(xs), 1e-6),
        (MAP_HEIGHT - 2 * MAP_MARGIN) / max(max(ys) - min(ys), 1e-6),
    )

    def point(place_id: str) -> tuple[float, float]:
        place = scenario.place(place_id)
        x = (place.lon * math.cos(math.radians(lat0)) - min(xs)) * scale + MAP_MARGIN
        y = (max(ys) - place.lat) * scale + MAP_MARGIN
        return round(x, 1), round(y, 1)

    visited = {stop.site for route in result.routes for stop in route.stops}
    sites = [
        {"id": s.id, "name": s.name, "xy": point(s.id), "visited": s.id in visited}
        for s in scenario.sites.values()
    ]
    lines = []
    for route in result.routes:
        ids = [scenario.base.id, *(stop.site for stop in route.stops), scenario.base.id]
        lines.append(
            {
                "label": f"{route.team} {route.day.isoformat()}",
                "colour": colours[route.day.isoformat()],
                "points": " ".join(f"{x},{y}" for x, y in map(point, ids)),
            }
        )
    return {
        "width": round((max(xs) - min(xs)) * scale + 2 * MAP_MARGIN),
        "height": round((max(ys) - min(ys)) * scale + 2 * MAP_MARGIN),
        "base": {"name": scenario.base.name, "xy": point(scenario.base.id)},
        "sites": sites,
        "lines": lines,
    }


def _timelines(scenario: Scenario, result: Result) -> list[dict[str, Any]]:
    teams = []
    for team in scenario.teams:
        rows = []
        for route in (r for r in result.routes if r.team == team.id):
            shift = team.shift_on(route.day)
            assert shift is not None  # a route only exists on a working day
            length = shift.end - shift.start

            def x(minutes: int, start: int = shift.start, length: int = length) -> float:
                return round((minutes - start) / length * TIMELINE_WIDTH, 1)

            rows.append(
                {
                    "day": route.day.isoformat(),
                    "start": format_clock(route.start),
                    "end": format_clock(route.end),
                    "shift": f"{format_clock(shift.start)}–{format_clock(shift.end)}",
                    "km": route.metres / 1000,
                    "out": (x(route.start), x(route.end)),
                    "stops": [
                        {
                            "site": scenario.sites[stop.site].name,
                            "requests": ", ".join(stop.requests),
                            "count": len(stop.requests),
                            "arrival": format_clock(stop.arrival),
                            "start": format_clock(stop.start),
                            "end": format_clock(stop.end),
                            "x": x(stop.start),
                            "width": max(1.0, x(stop.end) - x(stop.start)),
                        }
                        for stop in route.stops
                    ],
                }
            )
        teams.append({"id": team.id, "name": team.name, "rows": rows})
    return teams


def render_report(scenario: Scenario, result: Result) -> str:
    """The HTML report of ``result`` for ``scenario``, as one self-contained page.

    Parameters
    ----------
    scenario
        The scenario planned (for names, coordinates and shifts).
    result
        The plan.

    Returns
    -------
    str
        The HTML document.
    """
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("sokkel.lab.rounds", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext.gettext, gettext.ngettext, newstyle=True
    )
    environment.filters["number"] = number
    days = sorted({route.day.isoformat() for route in result.routes})
    colours = {day: PALETTE[i % len(PALETTE)] for i, day in enumerate(days)}
    template = environment.get_template("report.html.j2")
    return template.render(
        scenario=scenario,
        result=result,
        kpis=result.kpis,
        effects=result.effects,
        labels=effect_labels(),
        reasons=reason_labels(),
        timelines=_timelines(scenario, result),
        route_map=_map(scenario, result, colours),
        colours=colours,
        timeline_width=TIMELINE_WIDTH,
        sites=scenario.sites,
    )
