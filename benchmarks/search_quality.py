"""Search quality on the demo content: recall@3 and MRR of an evaluation set, on SQLite and
PostgreSQL.

Run: .venv/bin/python benchmarks/search_quality.py [--database sqlite|postgres|both]
     [--queries benchmarks/data/search_queries.toml] [--verbose]

Loads the demo content (src/sokkel/demo/) into a fresh benchmark database (SQLite:
var/bench/quality.sqlite3; PostgreSQL: database ``sokkel_bench_quality`` on
``$BENCH_POSTGRES`` or the local server), then searches each query of the evaluation set as the
list page does (``parse`` and ``hits_slice`` over the published innovations) and prints, for
each database, recall@3 (a story the query names is among the first three hits) and MRR (the
mean of 1 / the rank of the first named story, 0 when it is not among the first ten), in all
and by kind of query, and the queries that missed.

Target (issue 12): recall@3 ≥ 90 % on each database.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "benchmarks" / "data" / "search_queries.toml"
SQLITE_FILE = ROOT / "var" / "bench" / "quality.sqlite3"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DB = "sokkel_bench_quality"
RECALL_AT, DEPTH, TARGET = 3, 10, 0.90


def read_queries(path: Path) -> list[dict]:
    queries = tomllib.loads(path.read_text(encoding="utf-8"))["query"]
    for number, query in enumerate(queries, start=1):
        for field in ("q", "kind", "stories"):
            if field not in query:
                raise SystemExit(f"{path}: query {number}: no {field!r}")
    return queries


def run_one(database: str, path: Path, verbose: bool) -> int:
    """Load the demo, search every query and print the figures (in its own process)."""
    import django
    from django.core.management import call_command

    django.setup()
    from sokkel.demo.loader import load_demo
    from sokkel.innovations.models import Innovation
    from sokkel.search.query import hits_slice, parse

    call_command("migrate", verbosity=0, interactive=False)
    load_demo()
    published = Innovation.objects.published()
    keys = dict(published.values_list("pk", "demo_key"))
    queries = read_queries(path)
    unknown = {key for query in queries for key in query["stories"]} - set(keys.values())
    if unknown:
        print(f"== {database}: no published demo story {', '.join(sorted(unknown))}")
        return 1
    by_kind: dict[str, list[tuple[bool, float]]] = defaultdict(list)
    for query in queries:
        ids, _ = hits_slice(parse(query["q"], published.db), 0, DEPTH)
        found = [keys[pk] for pk in ids]
        rank = next((n for n, key in enumerate(found, 1) if key in query["stories"]), None)
        hit = rank is not None and rank <= RECALL_AT
        by_kind[query["kind"]].append((hit, 1 / rank if rank else 0.0))
        if not hit or verbose:
            shown = ", ".join(found[:RECALL_AT]) or "nothing"
            mark = "miss" if not hit else "hit "
            print(f"  {mark} «{query['q']}» (rank {rank or '>10'}): {shown}")
    every = [result for results in by_kind.values() for result in results]
    recall = sum(hit for hit, _ in every) / len(every)
    mrr = sum(reciprocal for _, reciprocal in every) / len(every)
    verdict = "meets" if recall >= TARGET else "MISSES"
    print(
        f"== {database}: {len(every)} queries, recall@{RECALL_AT} {recall:.1%} "
        f"({verdict} ≥ {TARGET:.0%}), MRR {mrr:.3f}"
    )
    for kind, results in sorted(by_kind.items()):
        kind_recall = sum(hit for hit, _ in results) / len(results)
        kind_mrr = sum(reciprocal for _, reciprocal in results) / len(results)
        print(
            f"  {kind}: recall@{RECALL_AT} {kind_recall:.0%}, MRR {kind_mrr:.2f} (n={len(results)})"
        )
    return 0 if recall >= TARGET else 1


def database_url(database: str) -> str:
    """A fresh, empty benchmark database's URL."""
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
    parser = argparse.ArgumentParser(description="Search quality: recall@3 and MRR.")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--verbose", action="store_true", help="print every query's hits")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        return run_one(args.database, args.queries, args.verbose)
    failed = 0
    for database in ["sqlite", "postgres"] if args.database == "both" else [args.database]:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(database),
            "DJANGO_SETTINGS_MODULE": "sokkel.config.settings",
            # Development settings: pages render in-process, without collected static files.
            "DEBUG": "1",
            "SOKKEL_LOG_LEVEL": "WARNING",
        }
        command = [sys.executable, __file__, "--in-process", "--database", database]
        command += ["--queries", str(args.queries)] + (["--verbose"] if args.verbose else [])
        failed |= subprocess.call(command, env=env)
    return failed


if __name__ == "__main__":
    sys.exit(main())
