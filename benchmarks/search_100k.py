"""Search and list-page speed with 100,000 innovations, on SQLite and on PostgreSQL.

Run: .venv/bin/python benchmarks/search_100k.py [--count 100000] [--database sqlite|postgres|both]
     [--queries 200] [--seed 0]

Generates ``--count`` published innovations of Norwegian text (stories, tags, units in 60
municipalities) into a fresh benchmark database (SQLite: var/bench/search.sqlite3;
PostgreSQL: database ``sokkel_bench`` on ``$BENCH_POSTGRES`` or the local server), builds the
search index with the rebuild command's code, then prints p50/p95 of:

- search: ``search(published, q)`` — the first 20 ranked hits and the total count;
- list page: ``GET /innovasjoner/?q=…`` (ranked, highlighted) and ``GET /innovasjoner/``.

Targets (issue 5): search p95 ≤ 100 ms, list page p95 ≤ 150 ms on each database.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQLITE_FILE = ROOT / "var" / "bench" / "search.sqlite3"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DB = "sokkel_bench"
SEARCH_TARGET_MS, LIST_TARGET_MS = 100.0, 150.0

PLACES = ["sykehjemmet", "skolen", "barnehagen", "hjemmetjenesten", "legevakten", "depotet"]
PEOPLE = [
    "beboerne",
    "lærlingene",
    "elevene",
    "pasientene",
    "konduktørene",
    "lokførerne",
    "sykepleierne",
    "lærerne",
    "radiografen",
    "pårørende",
    "fagarbeiderne",
    "brukerne",
]
PROBLEMS = [
    "måtte vente i mange timer på {what}",
    "mistet oversikten over {what}",
    "brukte for mye tid på {what}",
    "fikk ikke hjelp til {what} tidsnok",
    "var utrygge på {what}",
    "strøk oftere på fagprøven enn ventet fordi {what} manglet",
]
THINGS = [
    "røntgenundersøkelser",
    "medisinlister",
    "turnusplaner",
    "dagsverk",
    "vaktbytter",
    "fagprøver",
    "måltider",
    "besøkstider",
    "sykehusturer",
    "timebestillinger",
    "vandreboka",
    "hjemmebesøk",
    "togavganger",
    "legemidler",
    "dokumentasjon",
]
ACTIONS = [
    "Vi samlet {who} og {who2} i et lærings- og utviklingsteam",
    "Vi prøvde ut en mobil løsning for {what}",
    "Vi laget en enkel sjekkliste for {what}",
    "Vi flyttet {what} nærmere {who}",
    "Vi ga {who} ansvar for {what} sammen med {who2}",
    "Vi planla {what} med et optimeringsverktøy",
]
CHANGES = [
    "{who} sparte mange timer hver uke",
    "færre {what} ble avlyst",
    "{who} fikk bedre resultater og trivdes bedre",
    "ventetiden for {what} gikk ned med en tredjedel",
    "sykefraværet blant {who} gikk ned",
]
TITLES = [
    "Mobil {thing}",
    "Bedre {thing} på {place}",
    "{thing_cap} for {who}",
    "Ny rutine for {thing}",
    "Digitale {thing}",
    "Felles {thing} i kommunen",
]
TAGS = [
    "demens",
    "røntgen",
    "lærling",
    "fagprøve",
    "turnus",
    "velferdsteknologi",
    "ernæring",
    "legemidler",
    "samhandling",
    "pårørende",
    "tog",
    "planlegging",
    "arbeidsnærvær",
    "skole",
]
QUERIES = [
    "lærling",
    "lærlingene fagprøve",
    "røntgen",
    "sykehjemmet",
    "mobil røntgen",
    "turnusplan",
    "dagsverk konduktør",
    "demens",
    "legemidler sykehjem",
    "vandreboka",
    "ventetid",
    "pårørende besøk",
    "hjemmetjeneste",
    "optimering",
    "sjekkliste medisinlister",
]


def sentence(template: str, rng: random.Random) -> str:
    return template.format(who=rng.choice(PEOPLE), who2=rng.choice(PEOPLE), what=rng.choice(THINGS))


def story(rng: random.Random, templates: list[str], sentences: int) -> str:
    return ". ".join(sentence(rng.choice(templates), rng).capitalize() for _ in range(sentences))


def title(rng: random.Random) -> str:
    thing = rng.choice(THINGS)
    return rng.choice(TITLES).format(
        thing=thing, thing_cap=thing.capitalize(), place=rng.choice(PLACES), who=rng.choice(PEOPLE)
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def generate(count: int, seed: int) -> float:
    """Fill the database with units, tags and ``count`` published innovations; seconds taken."""
    from django.utils import timezone

    from sokkel.innovations.models import Innovation, Phase, Tag
    from sokkel.units.models import Sector, Unit, UnitKind

    rng = random.Random(seed)
    started = time.perf_counter()
    units = []
    for number in range(60):
        municipality = Unit.objects.create(
            key=f"bench-kommune-{number}",
            name=f"Benkvik {number} kommune",
            kind=UnitKind.MUNICIPALITY,
            population=rng.randint(800, 700_000),
        )
        for kind, sector, name in [
            (UnitKind.NURSING_HOME, Sector.HEALTH_CARE, "sykehjem"),
            (UnitKind.SCHOOL, Sector.EDUCATION, "skole"),
            (UnitKind.HOME_CARE, Sector.HEALTH_CARE, "hjemmetjeneste"),
        ]:
            units.append(
                Unit.objects.create(
                    key=f"bench-{number}-{name}",
                    name=f"Benkvik {number} {name}",
                    kind=kind,
                    sector=sector,
                    parent=municipality,
                )
            )
    tags = [Tag.objects.create(name=name, slug=name) for name in TAGS]
    now = timezone.now()
    phases = [Phase.DISCOVERED, Phase.TRIED, Phase.UNDERSTOOD, Phase.SHARED]
    unit_links, tag_links = Innovation.units.through, Innovation.tags.through
    batch = 5_000
    for start in range(0, count, batch):
        rows = [
            Innovation(
                title=title(rng),
                slug=f"bench-{index}",
                problem=story(rng, [f"{{who}} {problem}" for problem in PROBLEMS], 3),
                what_we_did=story(rng, ACTIONS, 3),
                what_changed=story(rng, CHANGES, 2),
                sector=rng.choice([Sector.HEALTH_CARE, Sector.EDUCATION, Sector.TRANSPORT]),
                phase=rng.choice(phases),
                is_published=True,
                published_at=now,
            )
            for index in range(start, min(count, start + batch))
        ]
        created = Innovation.objects.bulk_create(rows)
        unit_links.objects.bulk_create(
            [unit_links(innovation_id=item.pk, unit_id=rng.choice(units).pk) for item in created]
        )
        tag_links.objects.bulk_create(
            [
                tag_links(innovation_id=item.pk, tag_id=tag.pk)
                for item in created
                for tag in rng.sample(tags, 2)
            ]
        )
    return time.perf_counter() - started


def measure(queries: int, seed: int) -> dict[str, list[float]]:
    from django.test import Client

    from sokkel.innovations.models import Innovation
    from sokkel.search.query import search

    rng = random.Random(seed)
    client = Client()
    timings: dict[str, list[float]] = {"search": [], "list_search": [], "list_plain": []}
    for _ in range(3):  # warm the caches
        client.get("/innovasjoner/", {"q": "røntgen"})
    for _ in range(queries):
        text = rng.choice(QUERIES)
        started = time.perf_counter()
        found = search(Innovation.objects.published(), text)
        list(found[:20])
        found.count()
        timings["search"].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        response = client.get("/innovasjoner/", {"q": text, "side": rng.randint(1, 3)})
        timings["list_search"].append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    for _ in range(max(20, queries // 5)):
        started = time.perf_counter()
        response = client.get("/innovasjoner/", {"side": rng.randint(1, 5)})
        timings["list_plain"].append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def run_one(database: str, count: int, queries: int, seed: int) -> int:
    """Generate, index and measure on one database (runs in its own process)."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    from sokkel.search.index import rebuild

    call_command("migrate", verbosity=0, interactive=False)
    generated = generate(count, seed)
    started = time.perf_counter()
    indexed = rebuild()
    index_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    timings = measure(queries, seed)
    print(
        f"== {database}: {count:,} innovations generated in {generated:.0f} s, "
        f"{indexed:,} indexed in {index_seconds:.0f} s"
    )
    failed = False
    for name, label, target in [
        ("search", "search (20 ranked hits + count)", SEARCH_TARGET_MS),
        ("list_search", "list page with q= (ranked, highlighted)", LIST_TARGET_MS),
        ("list_plain", "list page without q=", LIST_TARGET_MS),
    ]:
        values = timings[name]
        p95 = percentile(values, 0.95)
        verdict = "meets" if p95 <= target else "MISSES"
        failed |= p95 > target
        print(
            f"  {label}: p50 {statistics.median(values):.1f} ms, p95 {p95:.1f} ms "
            f"({verdict} ≤ {target:.0f} ms, n={len(values)})"
        )
    return 1 if failed else 0


def fresh_database_url(database: str) -> str:
    if database == "sqlite":
        SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        SQLITE_FILE.unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_FILE}"
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DB}")
        connection.execute(f"CREATE DATABASE {POSTGRES_DB}")
    return f"{POSTGRES_SERVER}/{POSTGRES_DB}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Search and list-page speed at 100k.")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        return run_one(args.database, args.count, args.queries, args.seed)
    failed = 0
    for database in ["sqlite", "postgres"] if args.database == "both" else [args.database]:
        env = {
            **os.environ,
            "DATABASE_URL": fresh_database_url(database),
            "DJANGO_SETTINGS_MODULE": "sokkel.config.settings",
            "SOKKEL_LOG_LEVEL": "WARNING",
        }
        command = [
            sys.executable,
            __file__,
            "--in-process",
            "--database",
            database,
            "--count",
            str(args.count),
            "--queries",
            str(args.queries),
            "--seed",
            str(args.seed),
        ]
        failed |= subprocess.call(command, env=env)
    return failed


if __name__ == "__main__":
    sys.exit(main())
