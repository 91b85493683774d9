"""Reports of a crew plan: a self-contained HTML page and a CSV of duties.

:func:`write_html` writes one HTML file with no external resources (inline CSS and SVG):
the plan's key figures, a Gantt chart of the duties of each depot and a printable duty
card (*dagsverkskort*) per duty, in Norwegian. :func:`write_csv` writes one row per duty.
Both read the plain ``plan.json`` structure (one day, or ``{"days": [...], "total": ...}``)
and need nothing else. Given the timetable (``feed=``), the HTML report names stations
and trains (line and destination) instead of showing their ids; ``station_names``
({id: name}) in the plan do the same for stations.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from gettext import gettext
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from sokkel.lab.crew.gtfs import Feed, format_time, parse_time
from sokkel.lab.limits import write_atomically

__all__ = ["CSV_COLUMNS", "render_html", "write_csv", "write_html"]

#: Columns of :func:`write_csv`.
CSV_COLUMNS = (
    "date",
    "id",
    "depot",
    "sign_on",
    "sign_off",
    "span",
    "work",
    "paid",
    "driving",
    "tasks",
    "trips",
)


def gettext_noop(message: str) -> str:
    """Mark a Norwegian UI string for translation; the template translates it."""
    return message


#: Task kinds in legend order, with their Norwegian names (gettext source strings).
KIND_LABELS: dict[str, str] = {
    "sign_on": gettext_noop("Oppmøte"),
    "drive": gettext_noop("Kjøring"),
    "deadhead": gettext_noop("Passasjerreise"),
    "taxi": gettext_noop("Taxi"),
    "walk": gettext_noop("Gange"),
    "break": gettext_noop("Pause"),
    "sign_off": gettext_noop("Avslutning"),
}

#: Crew types in Norwegian.
CREW_LABELS: dict[str, str] = {
    "driver": gettext_noop("lokførere"),
    "conductor": gettext_noop("konduktører"),
}

#: Key figures in display order, with their Norwegian labels and units.
KPI_LABELS: dict[str, tuple[str, str]] = {
    "days": (gettext_noop("Dager"), ""),
    "duties": (gettext_noop("Dagsverk"), ""),
    "paid_hours": (gettext_noop("Betalt tid"), "t"),
    "work_hours": (gettext_noop("Kjøretid"), "t"),
    "efficiency": (gettext_noop("Effektivitet (kjøretid / betalt tid)"), "%"),
    "duty_length_min": (gettext_noop("Korteste dagsverk"), "t"),
    "duty_length_mean": (gettext_noop("Gjennomsnittlig dagsverk"), "t"),
    "duty_length_max": (gettext_noop("Lengste dagsverk"), "t"),
    "deadhead_hours": (gettext_noop("Passasjerreise"), "t"),
    "taxi_km": (gettext_noop("Taxi"), "km"),
    "gap": (gettext_noop("Avstand til nedre grense"), "%"),
}

HOUR_WIDTH = 40  # px per hour in the Gantt chart
ROW_HEIGHT = 18
LABEL_WIDTH = 110
AXIS_HEIGHT = 22


@dataclass
class _Task:
    kind: str
    label: str
    trip_id: str
    train: str
    from_station: str
    to_station: str
    start: int
    end: int


@dataclass
class _Duty:
    id: str
    anchor: str
    depot: str
    tasks: list[_Task]
    sign_on: int
    sign_off: int

    @property
    def span(self) -> int:
        return self.sign_off - self.sign_on

    @property
    def breaks(self) -> int:
        return sum(t.end - t.start for t in self.tasks if t.kind == "break")

    @property
    def work(self) -> int:
        return self.span - self.breaks

    @property
    def driving(self) -> int:
        return sum(t.end - t.start for t in self.tasks if t.kind == "drive")

    @property
    def deadhead(self) -> int:
        return sum(t.end - t.start for t in self.tasks if t.kind == "deadhead")

    @property
    def trips(self) -> list[str]:
        return list(dict.fromkeys(t.trip_id for t in self.tasks if t.kind == "drive"))


@dataclass
class _Bar:
    x: float
    width: float
    kind: str
    title: str


@dataclass
class _Row:
    duty: _Duty
    y: float
    bars: list[_Bar]


@dataclass
class _Gantt:
    depot: str
    depot_name: str
    width: float
    height: float
    ticks: list[tuple[float, str]]
    rows: list[_Row]
    first: str
    last: str


@dataclass
class _Day:
    date: str
    crew: str
    kpis: list[tuple[str, str]]
    per_depot: list[tuple[str, int]]
    duties: list[_Duty]
    gantts: list[_Gantt]
    names: Mapping[str, str] = field(default_factory=dict)
    uncovered: list[_Uncovered] = field(default_factory=list)


def _days(plan: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    days = plan.get("days")
    return list(days) if isinstance(days, list) else [plan]


def _train(trip_id: str, feed: Feed | None) -> str:
    """A train as crew know it: line and destination from the timetable, else its id."""
    trip = feed.trips.get(trip_id) if feed is not None else None
    return trip.label if trip is not None else trip_id


def _read_duties(day: Mapping[str, Any], prefix: str, feed: Feed | None = None) -> list[_Duty]:
    duties: list[_Duty] = []
    for duty in day.get("duties", []):
        tasks = [
            _Task(
                kind=task["kind"],
                label=KIND_LABELS.get(task["kind"], task["kind"]),
                trip_id=str(task.get("trip_id") or ""),
                train=_train(task["trip_id"], feed) if task.get("trip_id") else "",
                from_station=task["from"],
                to_station=task["to"],
                start=parse_time(task["start"]),
                end=parse_time(task["end"]),
            )
            for task in duty["tasks"]
        ]
        if not tasks:
            continue
        duty_id = str(duty["id"])
        duties.append(
            _Duty(
                id=duty_id,
                anchor=f"dagsverk-{prefix}{_slug(duty_id)}",
                depot=str(duty["depot"]),
                tasks=tasks,
                sign_on=min(t.start for t in tasks),
                sign_off=max(t.end for t in tasks),
            )
        )
    return duties


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text)


def _hours(seconds: float) -> float:
    return seconds / 3600


def _derived_kpis(duties: Sequence[_Duty]) -> dict[str, Any]:
    """Key figures computed from the duties alone (the planner's own figures win)."""
    if not duties:
        return {"duties": 0}
    paid = sum(d.span for d in duties)
    driving = sum(d.driving for d in duties)
    lengths = [_hours(d.span) for d in duties]
    return {
        "duties": len(duties),
        "paid_hours": _hours(paid),
        "work_hours": _hours(driving),
        "efficiency": driving / paid if paid else 0.0,
        "duty_length_min": min(lengths),
        "duty_length_mean": sum(lengths) / len(lengths),
        "duty_length_max": max(lengths),
        "duties_per_depot": dict(sorted(Counter(d.depot for d in duties).items())),
        "deadhead_hours": _hours(sum(d.deadhead for d in duties)),
    }


def _number(value: Any, unit: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if unit == "%":
        return f"{value * 100:.1f} %".replace(".", ",")
    if isinstance(value, int):
        text = f"{value:,}".replace(",", "\u00a0")
    else:
        text = f"{value:,.1f}".replace(",", "\u00a0").replace(".", ",")
    return f"{text} {unit}".strip()


def _kpi_rows(
    day: Mapping[str, Any], duties: Sequence[_Duty], names: Mapping[str, str]
) -> tuple[list[tuple[str, str]], list[tuple[str, int]]]:
    """The key figures as (label, value) and the duties per depot as (depot name, count)."""
    kpis = _derived_kpis(duties)
    given = day.get("kpis")
    if isinstance(given, Mapping):
        kpis.update(given)
    rows: list[tuple[str, str]] = []
    if "legs_total" in day:
        covered = day.get("legs_covered", "?")
        of = gettext("%(covered)s av %(total)s") % {"covered": covered, "total": day["legs_total"]}
        rows.append((gettext_noop("Etapper dekket"), of))
    # Without a proof, ``lower_bound`` is the LP value of the duties generated, an estimate.
    solver = day.get("solver")
    proven = day.get(
        "bound_proven", solver.get("bound_proven") if isinstance(solver, Mapping) else None
    )
    estimate = proven is False
    for key, (label, unit) in KPI_LABELS.items():
        if key in kpis:
            if key == "gap" and estimate:
                label = gettext_noop("Avstand til LP-verdien")
            rows.append((label, _number(kpis[key], unit)))
    bound_label = (
        gettext_noop("LP-verdi (anslag, ikke bevist nedre grense)")
        if estimate
        else gettext_noop("Nedre grense (LP)")
    )
    for key, label in (("cost", gettext_noop("Kostnad")), ("lower_bound", bound_label)):
        if isinstance(day.get(key), int | float):
            rows.append((label, _number(round(day[key]), "kr")))
    excluded = day.get("excluded")
    if isinstance(excluded, Mapping):
        for key, label in (
            ("trips", gettext_noop("Turer utelatt (ikke tog)")),
            ("rail_replacement_buses", gettext_noop("Herav buss for tog")),
        ):
            if isinstance(excluded.get(key), int):
                rows.append((label, _number(excluded[key], "")))
    per_depot = kpis.get("duties_per_depot")
    depots = (
        [(names.get(d, d), n) for d, n in per_depot.items()]
        if isinstance(per_depot, Mapping)
        else []
    )
    return rows, depots


@dataclass
class _Uncovered:
    train: str
    trip_id: str
    from_station: str
    to_station: str
    start: str
    end: str
    rule: str
    message: str


def _uncovered(
    day: Mapping[str, Any], feed: Feed | None, names: Mapping[str, str]
) -> list[_Uncovered]:
    """The legs the planner could not cover, with the rule that blocks each."""
    rows = []
    for item in day.get("uncovered") or []:
        trip_id = str(item.get("trip_id", ""))
        rows.append(
            _Uncovered(
                train=_train(trip_id, feed),
                trip_id=trip_id,
                from_station=names.get(item.get("from", ""), item.get("from", "")),
                to_station=names.get(item.get("to", ""), item.get("to", "")),
                start=_clock_text(str(item.get("start", ""))),
                end=_clock_text(str(item.get("end", ""))),
                rule=str(item.get("rule", "")),
                message=str(item.get("message", "")),
            )
        )
    return rows


def _gantts(duties: Sequence[_Duty], names: Mapping[str, str]) -> list[_Gantt]:
    if not duties:
        return []
    first_hour = math.floor(min(d.sign_on for d in duties) / 3600)
    last_hour = math.ceil(max(d.sign_off for d in duties) / 3600)
    origin = first_hour * 3600
    width = LABEL_WIDTH + (last_hour - first_hour) * HOUR_WIDTH + 10
    ticks = [
        (LABEL_WIDTH + (h - first_hour) * HOUR_WIDTH, f"{h % 24:02d}")
        for h in range(first_hour, last_hour + 1)
    ]
    by_depot: dict[str, list[_Duty]] = {}
    for duty in sorted(duties, key=lambda d: (d.depot, d.sign_on, d.id)):
        by_depot.setdefault(duty.depot, []).append(duty)
    charts = []
    for depot, group in by_depot.items():
        rows = []
        for n, duty in enumerate(group):
            bars = [
                _Bar(
                    x=LABEL_WIDTH + (t.start - origin) / 3600 * HOUR_WIDTH,
                    width=max((t.end - t.start) / 3600 * HOUR_WIDTH, 1.0),
                    kind=t.kind,
                    title=_task_text(t, names),
                )
                for t in duty.tasks
            ]
            rows.append(_Row(duty, AXIS_HEIGHT + n * ROW_HEIGHT, bars))
        charts.append(
            _Gantt(
                depot=depot,
                depot_name=names.get(depot, depot),
                width=width,
                height=AXIS_HEIGHT + len(group) * ROW_HEIGHT + 4,
                ticks=ticks,
                rows=rows,
                first=_clock(min(d.sign_on for d in group)),
                last=_clock(max(d.sign_off for d in group)),
            )
        )
    return charts


def _task_text(task: _Task, names: Mapping[str, str]) -> str:
    where = names.get(task.from_station, task.from_station)
    if task.to_station != task.from_station:
        where += " – " + names.get(task.to_station, task.to_station)
    train = f" {task.train}" if task.train else ""
    return f"{task.label}{train}, {where}, {_clock(task.start)}–{_clock(task.end)}"


def _clock(seconds: int) -> str:
    """A time of the service day as a clock reads it: ``"01:20 (+1)"`` for 25:20:00,
    ``"23:45 (−1)"`` for a sign-on 15 minutes before the service day's midnight."""
    day, rest = divmod(int(seconds), 86400)
    clock = format_time(rest)[:5]
    return clock if day == 0 else f"{clock} ({day:+d})".replace("-", "\u2212")


def _clock_text(text: str) -> str:
    try:
        return _clock(parse_time(text))
    except ValueError:
        return text


def _duration(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}"


def _view(plan: Mapping[str, Any], feed: Feed | None) -> dict[str, Any]:
    known = {s.id: s.name for s in feed.stations.values()} if feed is not None else {}
    known.update(plan.get("station_names") or {})
    days = []
    for n, day in enumerate(_days(plan)):
        prefix = f"{day.get('date', n)}-" if "days" in plan else ""
        duties = _read_duties(day, prefix, feed)
        names = {**known, **(day.get("station_names") or {})}
        kpis, per_depot = _kpi_rows(day, duties, names)
        days.append(
            _Day(
                date=str(day.get("date", "")),
                crew=str(day.get("crew", "")),
                kpis=kpis,
                per_depot=per_depot,
                duties=duties,
                gantts=_gantts(duties, names),
                names=names,
                uncovered=_uncovered(day, feed, names),
            )
        )
    total: list[tuple[str, str]] = []
    total_per_depot: list[tuple[str, int]] = []
    if "days" in plan:
        all_duties = [d for day in days for d in day.duties]
        given = plan.get("total")
        if not isinstance(given, Mapping):
            given = {}
        # "total" holds the key figures, either as they are or under "kpis" like a day.
        total, total_per_depot = _kpi_rows(
            given if "kpis" in given else {**given, "kpis": given}, all_duties, known
        )
    return {
        "days": days,
        "total": total,
        "total_per_depot": total_per_depot,
        "multi_day": "days" in plan,
    }


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sokkel.lab.crew", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters["clock"] = _clock
    env.filters["duration"] = _duration
    env.globals["KIND_LABELS"] = KIND_LABELS
    env.globals["CREW_LABELS"] = CREW_LABELS
    return env


def render_html(plan: Mapping[str, Any], *, feed: Feed | None = None) -> str:
    """The HTML report of a plan as a string (see :func:`write_html`)."""
    return _environment().get_template("crew_report.html").render(**_view(plan, feed))


def write_html(plan: Mapping[str, Any], path: str | Path, *, feed: Feed | None = None) -> None:
    """Write the plan's HTML report: key figures, Gantt charts and duty cards.

    Parameters
    ----------
    plan : Mapping
        The ``plan.json`` structure: one day, or ``{"days": [...], "total": {...}}`` (a
        section per day and the total).
    path : str or Path
        The HTML file to write; it needs no other file to display or print.
    feed : Feed, optional
        The timetable the plan was made from: stations and trains are then shown by
        name (e.g. "Lillestrøm", "L1 Spikkestad") rather than by id.
    """
    write_atomically(path, render_html(plan, feed=feed))


def write_csv(plan: Mapping[str, Any], path: str | Path) -> None:
    """Write one CSV row per duty (columns :data:`CSV_COLUMNS`).

    Times are GTFS ``HH:MM:SS``; ``span``, ``work`` (span less breaks), ``paid`` (the
    span) and ``driving`` are ``H:MM``; ``tasks`` counts the duty's tasks and ``trips``
    lists the trips it drives, separated by spaces.

    Parameters
    ----------
    plan : Mapping
        The ``plan.json`` structure, one day or several.
    path : str or Path
        The CSV file to write (UTF-8, comma-separated, with a header).
    """
    handle = io.StringIO(newline="")
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    for day in _days(plan):
        for duty in _read_duties(day, ""):
            writer.writerow(
                [
                    day.get("date", ""),
                    duty.id,
                    duty.depot,
                    format_time(duty.sign_on),
                    format_time(duty.sign_off),
                    _duration(duty.span),
                    _duration(duty.work),
                    _duration(duty.span),
                    _duration(duty.driving),
                    len(duty.tasks),
                    " ".join(duty.trips),
                ]
            )
    write_atomically(path, handle.getvalue())
