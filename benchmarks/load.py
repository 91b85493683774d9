"""Load on the production server: requests a second and p95 of four pages at concurrency 20.

Run: .venv/bin/python benchmarks/load.py [--database sqlite|postgres] [--concurrency 20]
     [--seconds 15] [--workers N]

Starts ``sokkel serve`` (gunicorn, production settings; plain HTTP on 127.0.0.1, as behind a
proxy that ends TLS) on a fresh database with the demo content (SQLite: var/bench/load/;
PostgreSQL: database ``sokkel_bench_load`` on ``$BENCH_POSTGRES`` or the local server), then,
for each page in turn, keeps ``--concurrency`` clients busy for ``--seconds`` (each its own
keep-alive connection, one request after another) and prints requests a second, p50, p95 and
errors (any status but 200). The load is bounded in time and goes to 127.0.0.1 only.

Pages: the home page, the list page with a search (``q=sykehjem``), an innovation page, and the
API's list of innovations.

Targets (issue 13, on the 2-core development machine): p95 ≤ 300 ms on every page, ≥ 100
requests a second on the innovation page, no errors.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "var" / "bench" / "load"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DB = "sokkel_bench_load"
P95_TARGET_MS, DETAIL_RATE_TARGET = 300.0, 100.0
PAGES = {
    "home": "/",
    "list with q=": "/innovasjoner/?q=sykehjem",
    "innovation page": "/innovasjoner/mobil-rontgen-radiografen-kommer-til-sykehjemmet/",
    "API list": "/api/v1/innovations",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database: str) -> dict[str, str]:
    """Production settings, plain HTTP, on a fresh benchmark database."""
    shutil.rmtree(DATA_DIR, ignore_errors=True)
    DATA_DIR.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        HSTS_SECONDS="0",
        SOKKEL_DATA_DIR=str(DATA_DIR),
        STATIC_ROOT=str(DATA_DIR / "static"),
        SOKKEL_LOG_LEVEL="WARNING",
    )
    if database == "postgres":
        import psycopg

        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DB}")
            connection.execute(f"CREATE DATABASE {POSTGRES_DB}")
        env["DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DB}"
    return env


def start_server(env: dict[str, str], port: int, workers: int | None) -> subprocess.Popen:
    sokkel = [sys.executable, "-m", "sokkel"]
    for step in (["manage", "migrate", "--noinput"], ["demo"]):
        subprocess.run([*sokkel, *step], env=env, check=True, capture_output=True)
    command = [*sokkel, "serve", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/helse/", timeout=10)
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise SystemExit("sokkel serve did not start") from None
            time.sleep(0.5)


def hammer(port: int, path: str, concurrency: int, seconds: float) -> tuple[list[float], int]:
    """Latencies (ms) of the requests that answered 200, and how many did not."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            if ok:
                mine.append((time.perf_counter() - started) * 1000)
            else:
                failed += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def main() -> int:
    parser = argparse.ArgumentParser(description="Load on the production server.")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    args = parser.parse_args()
    port = free_port()
    server = start_server(environment(args.database), port, args.workers)
    failed = False
    try:
        for _, path in PAGES.items():
            hammer(port, path, args.concurrency, 1.0)  # warm every worker
        print(
            f"== {args.database}: gunicorn, {args.concurrency} clients, "
            f"{args.seconds:.0f} s a page, {os.cpu_count()} cores"
        )
        for name, path in PAGES.items():
            latencies, errors = hammer(port, path, args.concurrency, args.seconds)
            rate = len(latencies) / args.seconds
            ordered = sorted(latencies) or [float("nan")]
            p95 = ordered[min(len(ordered) - 1, int(0.95 * (len(ordered) - 1)))]
            verdict = "meets" if p95 <= P95_TARGET_MS and not errors else "MISSES"
            if name == "innovation page" and rate < DETAIL_RATE_TARGET:
                verdict = "MISSES"
            failed |= verdict == "MISSES"
            print(
                f"  {name}: {rate:.0f} req/s, p50 {statistics.median(ordered):.0f} ms, "
                f"p95 {p95:.0f} ms, {errors} errors ({verdict} the targets)"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
