"""Search and list-page speed with 100,000 innovations, on SQLite and on PostgreSQL.

Run: .venv/bin/python benchmarks/search_100k.py [--count 100000] [--database sqlite|postgres|both]
     [--queries 200] [--seed 0] [--reuse]

Generates ``--count`` published innovations of real Norwegian text: each recombines the
sentences of one of the demo stories (src/sokkel/demo/innovations/), set in one of Norway's
municipalities, sometimes with a sentence of the essay (../shared/seed/), with the story's tags
and a unit of its sector; into a fresh benchmark database (SQLite: var/bench/search.sqlite3;
PostgreSQL: database ``sokkel_bench`` on ``$BENCH_POSTGRES`` or the local server), builds the
search index with the rebuild command's code, then prints p50/p95 of (``--reuse`` keeps a
benchmark database that already holds ``--count`` innovations, migrates it and rebuilds its
index only):

- search: ``hits_slice(parse(q), 0, 20)`` — the query read (terms, synonyms,
  corrections), its first 20 ranked hits and the total count, as the list page asks for them;
- list page: ``GET /innovasjoner/?q=…`` (ranked, highlighted) and ``GET /innovasjoner/``;
- the innovation page (similar innovations, adoptions, units facing the same problem).

Targets (issue 5): search p95 ≤ 100 ms, list page p95 ≤ 150 ms on each database.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import statistics
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQLITE_FILE = ROOT / "var" / "bench" / "search.sqlite3"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DB = "sokkel_bench"
SEARCH_TARGET_MS, LIST_TARGET_MS = 100.0, 150.0

DEMO_STORIES = ROOT / "src" / "sokkel" / "demo" / "innovations"
MUNICIPALITIES = ROOT / "src" / "sokkel" / "units" / "data" / "kommuner-2025.csv"
ESSAY = ROOT.parent / "shared" / "seed" / "den-skjulte-skatt.txt"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
QUERIES = [
    "lærling",
    "lærlingene fagprøve",
    "røntgen",
    "sykehjemmet",
    "mobil røntgen",
    "dagsverk",
    "demens",
    "vandreboka",
    "hjemmetjenesten",
    "konduktøren",
    "lokførerne",
    "musikk måltid",
    "rehabilitering",
    "overgang videregående",
    "leseglede",
    "akuttmottak",
    "holdeplass",
    "pårørende",
    "nattevakt",
    "matematikk",
    "legemidler",
    "ventetid",
    "sykehus",
    # natural searches (issue 12): several words, compounds, nynorsk, typed without æøå, typos
    "eldre som faller",
    "røntgenbilder på sykehjem",
    "konduktørenes arbeidsplaner",
    "sjukeheimen",
    "lokforer",
    "sykehejm",
]


UNIT_KINDS = [
    ("nursing_home", "health_care", "sykehjem"),
    ("home_care", "health_care", "hjemmetjeneste"),
    ("other", "health_care", "legevakt"),
    ("other", "health_care", "helsestasjon"),
    ("school", "education", "skole"),
    ("kindergarten", "education", "barnehage"),
    ("school", "education", "voksenopplæring"),
    ("depot", "transport", "stasjon"),
    ("depot", "transport", "verksted"),
    ("operator", "transport", "busselskap"),
]


@dataclass(frozen=True)
class Topic:
    """One demo story: its sentences are recombined into many innovations on its theme."""

    title: str
    sector: str
    tags: tuple[str, ...]
    problem: tuple[str, ...]
    what_we_did: tuple[str, ...]
    what_changed: tuple[str, ...]


def sentences(text: str) -> tuple[str, ...]:
    return tuple(part for part in SENTENCE_END.split(" ".join(text.split())) if part)


def read_topics() -> list[Topic]:
    """The demo stories (src/sokkel/demo/innovations/*.toml) as topics."""
    topics = []
    for path in sorted(DEMO_STORIES.glob("*.toml")):
        for story in tomllib.loads(path.read_text(encoding="utf-8"))["innovation"]:
            topics.append(
                Topic(
                    title=story["title"],
                    sector=story["sector"],
                    tags=tuple(story.get("tags", ())),
                    problem=sentences(story["problem"]),
                    what_we_did=sentences(story["what_we_did"]),
                    what_changed=sentences(story["what_changed"]),
                )
            )
    return topics


def read_places() -> list[str]:
    with MUNICIPALITIES.open(encoding="utf-8") as handle:
        return [row["navn"] for row in csv.DictReader(handle)]


def read_essay() -> tuple[str, ...]:
    return sentences(ESSAY.read_text(encoding="utf-8")) if ESSAY.is_file() else ()


def pick(rng: random.Random, pool: tuple[str, ...], low: int, high: int) -> list[str]:
    return rng.sample(pool, min(len(pool), rng.randint(low, high)))


def compose(rng: random.Random, topic: Topic, place: str, essay: tuple[str, ...]) -> dict:
    """A new innovation on ``topic``'s theme: its sentences recombined, set in ``place``."""
    extra = [rng.choice(essay)] if essay and rng.random() < 0.5 else []
    return {
        "title": f"{topic.title.split(':')[0]} i {place}",
        "problem": " ".join(pick(rng, topic.problem, 1, 3) + extra),
        "what_we_did": " ".join(pick(rng, topic.what_we_did, 1, 3)),
        "what_changed": " ".join(pick(rng, topic.what_changed, 1, 3)),
        "sector": topic.sector,
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def generate(count: int, seed: int) -> float:
    """Fill the database with units, tags and ``count`` published innovations; seconds taken."""
    from django.utils import timezone

    from sokkel.innovations.models import Innovation, Phase, Tag
    from sokkel.units.models import Unit, UnitKind

    rng = random.Random(seed)
    topics, places, essay = read_topics(), read_places(), read_essay()
    started = time.perf_counter()
    units: dict[str, list[Unit]] = {}
    for number, place in enumerate(rng.sample(places, 60)):
        municipality = Unit.objects.create(
            key=f"bench-kommune-{number}",
            name=f"{place} kommune",
            kind=UnitKind.MUNICIPALITY,
            population=rng.randint(800, 700_000),
        )
        for index, (kind, sector, name) in enumerate(UNIT_KINDS):
            unit = Unit.objects.create(
                key=f"bench-{number}-{index}",
                name=f"{place} {name}",
                kind=kind,
                sector=sector,
                parent=municipality,
            )
            units.setdefault(sector, []).append(unit)
    tags = {
        name: Tag.objects.create(name=name, slug=f"bench-tag-{index}")
        for index, name in enumerate(sorted({tag for topic in topics for tag in topic.tags}))
    }
    now = timezone.now()
    phases = [Phase.DISCOVERED, Phase.TRIED, Phase.UNDERSTOOD, Phase.SHARED]
    unit_links, tag_links = Innovation.units.through, Innovation.tags.through
    batch = 5_000
    for start in range(0, count, batch):
        chosen = [rng.choice(topics) for _ in range(start, min(count, start + batch))]
        rows = [
            Innovation(
                slug=f"bench-{start + offset}",
                phase=rng.choice(phases),
                is_published=True,
                published_at=now,
                **compose(rng, topic, rng.choice(places), essay),
            )
            for offset, topic in enumerate(chosen)
        ]
        created = Innovation.objects.bulk_create(rows)
        unit_links.objects.bulk_create(
            [
                unit_links(innovation_id=item.pk, unit_id=rng.choice(units[item.sector]).pk)
                for item in created
            ]
        )
        tag_links.objects.bulk_create(
            [
                tag_links(innovation_id=item.pk, tag_id=tags[name].pk)
                for item, topic in zip(created, chosen, strict=True)
                for name in topic.tags
            ]
        )
    return time.perf_counter() - started


def measure(queries: int, seed: int) -> dict[str, list[float]]:
    from django.test import Client

    from sokkel.innovations.models import Innovation
    from sokkel.search.query import hits_slice, parse

    rng = random.Random(seed)
    client = Client()
    timings: dict[str, list[float]] = {
        "search": [],
        "list_search": [],
        "list_plain": [],
        "detail": [],
    }
    for _ in range(3):  # warm the caches
        client.get("/innovasjoner/", {"q": "røntgen"})
    for _ in range(queries):
        text = rng.choice(QUERIES)
        started = time.perf_counter()
        published = Innovation.objects.published()
        hits_slice(parse(text, published.db), 0, 20)
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
    count = Innovation.objects.count()
    slugs = Innovation.objects.order_by("pk").values_list("slug", flat=True)
    for _ in range(max(20, queries // 5)):
        slug = slugs[rng.randrange(count)]
        started = time.perf_counter()
        response = client.get(f"/innovasjoner/{slug}/")
        timings["detail"].append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def run_one(database: str, count: int, queries: int, seed: int) -> int:
    """Generate (unless the database holds ``count`` innovations), index and measure on one
    database (runs in its own process)."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    from sokkel.innovations.models import Innovation
    from sokkel.search.index import rebuild

    call_command("migrate", verbosity=0, interactive=False)
    held = Innovation.objects.count()
    if held not in (0, count):
        print(f"== {database}: the benchmark database holds {held:,} innovations, not {count:,}")
        return 1
    generated = generate(count, seed) if held == 0 else 0.0
    started = time.perf_counter()
    indexed = rebuild()
    index_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load on a running server: statistics, and
        # the visibility map that lets index-only scans and counts skip the tables' pages.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    timings = measure(queries, seed)
    made = f"generated in {generated:.0f} s" if generated else "reused"
    rate = indexed / index_seconds if index_seconds else 0.0
    print(
        f"== {database}: {count:,} innovations {made}, {indexed:,} indexed in "
        f"{index_seconds:.0f} s ({rate:,.0f} innovations/s)"
    )
    failed = False
    for name, label, target in [
        ("search", "search (20 ranked hits + count)", SEARCH_TARGET_MS),
        ("list_search", "list page with q= (ranked, highlighted)", LIST_TARGET_MS),
        ("list_plain", "list page without q=", LIST_TARGET_MS),
        ("detail", "innovation page (similar, adoptions, reach)", None),
    ]:
        values = timings[name]
        p95 = percentile(values, 0.95)
        verdict = ""
        if target is not None:
            verdict = f"{'meets' if p95 <= target else 'MISSES'} ≤ {target:.0f} ms, "
            failed |= p95 > target
        print(
            f"  {label}: p50 {statistics.median(values):.1f} ms, p95 {p95:.1f} ms "
            f"({verdict}n={len(values)})"
        )
    return 1 if failed else 0


def database_url(database: str, *, reuse: bool) -> str:
    """The benchmark database's URL; emptied first unless ``reuse``."""
    if database == "sqlite":
        SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        if not reuse:
            SQLITE_FILE.unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_FILE}"
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [POSTGRES_DB]
        ).fetchone()
        if exists and not reuse:
            connection.execute(f"DROP DATABASE {POSTGRES_DB}")
        if not exists or not reuse:
            connection.execute(f"CREATE DATABASE {POSTGRES_DB}")
    return f"{POSTGRES_SERVER}/{POSTGRES_DB}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Search and list-page speed at 100k.")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the benchmark databases of an earlier run"
    )
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        return run_one(args.database, args.count, args.queries, args.seed)
    failed = 0
    for database in ["sqlite", "postgres"] if args.database == "both" else [args.database]:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(database, reuse=args.reuse),
            "DJANGO_SETTINGS_MODULE": "sokkel.config.settings",
            # Development settings: pages render in-process, without collected static files.
            "DEBUG": "1",
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
