"""Run the test suite as ``make test`` promises.

1. Everything on SQLite, the embedded default.
2. The platform's tests again on PostgreSQL, when one is reachable: ``DATABASE_URL``
   if it names one, else the local server our machines and CI run at 127.0.0.1:5432.

Browser tests skip themselves when Chromium is missing; with ``CI=true`` every such
skip, and a missing PostgreSQL, is a failure instead.
"""

from __future__ import annotations

import os
import subprocess
import sys

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/sokkel"
NO_TESTS_COLLECTED = 5


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def postgres_url() -> str | None:
    """The PostgreSQL to test against, or None when none answers."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    candidate = url if url.startswith(("postgres://", "postgresql://")) else LOCAL_POSTGRES
    try:
        # Connect to the maintenance database: the test database is created by Django.
        base = candidate.rsplit("/", 1)[0] + "/postgres"
        psycopg.connect(base, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        print(f"PostgreSQL not reachable at {candidate}: {error}".strip(), file=sys.stderr)
        return None
    return candidate


def pytest(args: list[str], env: dict[str, str]) -> int:
    command = [sys.executable, "-m", "pytest", "-n", "2", *args]
    print("$ " + " ".join(command), flush=True)
    code = subprocess.call(command, env=env)
    return 0 if code == NO_TESTS_COLLECTED else code


def main() -> int:
    sqlite_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    print("== Test suite on SQLite", flush=True)
    failed = pytest(["tests"], sqlite_env) != 0

    url = postgres_url()
    if url is None:
        if in_ci():
            print("CI=true: PostgreSQL is required.", file=sys.stderr)
            return 1
        print("SKIPPED: the platform's tests on PostgreSQL (none reachable).")
    else:
        print(f"== Platform tests on PostgreSQL ({url})", flush=True)
        pg_env = {**os.environ, "DATABASE_URL": url}
        failed |= pytest(["tests", "--ignore=tests/lab"], pg_env) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
