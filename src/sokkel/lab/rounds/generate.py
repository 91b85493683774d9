"""A seeded generator of synthetic Oslo-like rounds scenarios.

Nursing homes are placed around real neighbourhoods of Oslo's 15 districts
(coordinates jittered from approximate district centres); the names are
neighbourhood names and the data are **synthetic**. Requests arrive on
weekdays at a Poisson rate; the defaults follow the public facts of the Oslo
mobile X-ray service (one radiographer and a van handle 17–18 patients on a
day's list when they are clustered, weekdays 08:00–15:00, about 15 minutes
per examination, usual wait 1–2 days).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from pathlib import Path

from sokkel.lab.limits import write_atomically
from sokkel.lab.rounds.read import format_clock

BASE = ("ous-ulleval", "Oslo universitetssykehus, Ullevål", 59.9365, 10.7370)

# District: (approximate centre lat, lon, neighbourhoods used for home names).
DISTRICTS: dict[str, tuple[float, float, tuple[str, ...]]] = {
    "Gamle Oslo": (59.907, 10.779, ("Kampen", "Vålerenga", "Tøyen")),
    "Grünerløkka": (59.926, 10.763, ("Sofienberg", "Rodeløkka", "Carl Berner")),
    "Sagene": (59.937, 10.752, ("Torshov", "Sandaker", "Bjølsen")),
    "St. Hanshaugen": (59.926, 10.738, ("Bislett", "Ila")),
    "Frogner": (59.920, 10.706, ("Majorstuen", "Skillebekk")),
    "Ullern": (59.926, 10.655, ("Montebello", "Lilleaker", "Ullernåsen")),
    "Vestre Aker": (59.958, 10.680, ("Vinderen", "Røa")),
    "Nordre Aker": (59.953, 10.763, ("Tåsen", "Grefsen", "Kjelsås")),
    "Bjerke": (59.940, 10.812, ("Årvoll", "Økern", "Linderud")),
    "Grorud": (59.960, 10.880, ("Romsås", "Ammerud")),
    "Stovner": (59.962, 10.923, ("Vestli", "Haugenstua")),
    "Alna": (59.930, 10.860, ("Furuset", "Trosterud", "Lindeberg")),
    "Østensjø": (59.890, 10.835, ("Manglerud", "Bøler", "Oppsal")),
    "Nordstrand": (59.862, 10.800, ("Ljan", "Lambertseter", "Simensbråten")),
    "Søndre Nordstrand": (59.838, 10.815, ("Holmlia", "Mortensrud", "Bjørndal")),
}

# Examination type, share of requests, service minutes (assumptions; 15 min from the essay).
EXAMS = (
    ("thorax", 0.6, 15),
    ("hofte/bekken", 0.2, 20),
    ("ekstremitet", 0.15, 15),
    ("abdomen", 0.05, 15),
)


@dataclass(frozen=True)
class GeneratorSettings:
    """What to generate.

    Parameters
    ----------
    seed
        Seed of the random stream: the same settings give the same files.
    start
        First day of the horizon (a Monday is natural).
    days
        Length of the horizon in days.
    teams
        Number of teams, each working weekdays 08:00–15:00.
    sites
        Number of nursing homes (at most one per listed neighbourhood).
    requests_per_weekday
        Mean number of requests arriving per weekday (Poisson).
    backlog
        Requests already waiting when the horizon starts (arrived the Friday before).
    urgent_share
        Share of urgent requests (due the next weekday; normal ones within two).
    setup_minutes
        Setup per site visit.
    """

    seed: int = 0
    start: dt.date = dt.date(2026, 3, 2)
    days: int = 7
    teams: int = 2
    sites: int = 40
    requests_per_weekday: float = 24.0
    backlog: int = 12
    urgent_share: float = 0.2
    setup_minutes: int = 10


def _poisson(rng: random.Random, mean: float) -> int:
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _next_weekday(day: dt.date, weekdays: int) -> dt.date:
    while weekdays > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            weekdays -= 1
    return day


def generate(settings: GeneratorSettings) -> dict[str, str]:
    """The files of a synthetic scenario, by file name.

    Parameters
    ----------
    settings
        What to generate.

    Returns
    -------
    dict
        ``scenario.toml``, ``sites.csv`` and ``requests.csv`` as text.

    Raises
    ------
    ValueError
        When more sites are asked for than there are neighbourhoods.
    """
    rng = random.Random(settings.seed)
    places = [
        (district, name, lat, lon)
        for district, (lat, lon, names) in DISTRICTS.items()
        for name in names
    ]
    if not 1 <= settings.sites <= len(places):
        raise ValueError(f"sites must be between 1 and {len(places)}")
    chosen = sorted(rng.sample(range(len(places)), settings.sites))
    site_rows = ["id,name,district,lat,lon,beds"]
    site_ids: list[str] = []
    beds: list[int] = []
    for number, index in enumerate(chosen, start=1):
        district, name, lat, lon = places[index]
        site_id = f"S{number:02d}"
        site_ids.append(site_id)
        beds.append(rng.randrange(30, 130, 10))
        site_rows.append(
            f"{site_id},{name} sykehjem,{district},"
            f"{lat + rng.uniform(-0.008, 0.008):.5f},{lon + rng.uniform(-0.015, 0.015):.5f},"
            f"{beds[-1]}"
        )

    request_rows = ["id,site,exam,minutes,priority,arrives,due"]
    arrivals: list[dt.date] = [settings.start - dt.timedelta(days=3)] * settings.backlog
    for offset in range(settings.days):
        day = settings.start + dt.timedelta(days=offset)
        if day.weekday() < 5:
            arrivals += [day] * _poisson(rng, settings.requests_per_weekday)
    for number, arrives in enumerate(arrivals, start=1):
        site = rng.choices(site_ids, weights=beds)[0]
        exam, minutes = rng.choices([(e, m) for e, _, m in EXAMS], [w for _, w, _ in EXAMS])[0]
        urgent = rng.random() < settings.urgent_share
        due = _next_weekday(arrives, 1 if urgent else 2)
        request_rows.append(
            f"Q{number:04d},{site},{exam},{minutes},{'urgent' if urgent else 'normal'},"
            f"{arrives.isoformat()},{due.isoformat()}"
        )

    team_blocks = "\n".join(
        f'[[teams]]\nid = "T{i}"\nname = "Team {i}"\n\n[[teams.shifts]]\n'
        f'days = ["mon", "tue", "wed", "thu", "fri"]\n'
        f'start = "{format_clock(8 * 60)}"\nend = "{format_clock(15 * 60)}"\n'
        for i in range(1, settings.teams + 1)
    )
    command = f"sokkel rounds generate --seed {settings.seed}"
    description = (
        f"Syntetiske data: {settings.sites} sykehjem i Oslos bydeler, "
        f"{len(arrivals)} henvisninger, {settings.teams} team."
    )
    scenario = f"""# SYNTHETIC DATA: an Oslo-like demo, generated by `{command}`.
# Nursing-home names are Oslo neighbourhood names and positions are jittered around
# district centres; no real home, resident or referral is described.
name = "Oslo, syntetisk uke (seed {settings.seed})"
description = "{description}"
synthetic = true
setup_minutes = {settings.setup_minutes}

[horizon]
start = {settings.start.isoformat()}
days = {settings.days}

[base]
id = "{BASE[0]}"
name = "{BASE[1]}"
lat = {BASE[2]}
lon = {BASE[3]}

[files]
sites = "sites.csv"
requests = "requests.csv"

[travel]
method = "great_circle"
detour_factor = 1.3
speed_kmh = 30.0

[planning]
lead_days = 1

[effects]
# Every effect parameter can be set here; see docs/rounds.md for defaults and sources.
hospital_share = 0.73

{team_blocks}"""
    return {
        "scenario.toml": scenario,
        "sites.csv": "\n".join(site_rows) + "\n",
        "requests.csv": "\n".join(request_rows) + "\n",
    }


def write_generated(settings: GeneratorSettings, folder: str | Path) -> list[Path]:
    """Generate a scenario and write its files into ``folder`` (created if needed).

    Returns
    -------
    list of Path
        The files written.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate(settings).items():
        path = target / name
        write_atomically(path, text)
        written.append(path)
    return written
