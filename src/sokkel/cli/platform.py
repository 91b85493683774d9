"""``sokkel serve``, ``sokkel demo`` and ``sokkel manage``: glue over Django."""

from __future__ import annotations

import argparse
import os
import sys

SETTINGS_MODULE = "sokkel.config.settings"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(subparsers: argparse._SubParsersAction) -> None:
    serve_parser = subparsers.add_parser(
        "serve",
        help="serve the platform (gunicorn; Django's development server with DEBUG=1)",
        description=(
            "Serve the platform with gunicorn, a production WSGI server, after collecting "
            "the static files that WhiteNoise serves. With DEBUG=1 (what `make run` sets), "
            "run Django's development server instead, which restarts when the code changes. "
            f"Binds {DEFAULT_HOST}:{DEFAULT_PORT} unless --host/--port or PORT say otherwise."
        ),
    )
    serve_parser.add_argument("--host", default=DEFAULT_HOST, help="address to bind")
    serve_parser.add_argument(
        "--port", type=int, default=None, help=f"port (default: $PORT or {DEFAULT_PORT})"
    )
    serve_parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="gunicorn worker processes (default: $WEB_CONCURRENCY or 2 × cores + 1, at most 9)",
    )
    serve_parser.add_argument(
        "--no-reload",
        action="store_true",
        help="development server: do not restart when the code changes",
    )
    serve_parser.set_defaults(func=serve)

    demo_parser = subparsers.add_parser(
        "demo",
        help="load or refresh the demo content (units, people, innovations)",
        description=(
            "Load Norway's counties and municipalities, the demo units, people and "
            "innovations into the database, in one transaction. Running it again gives the "
            "same database: demo innovations are put back into their demo state."
        ),
    )
    demo_parser.set_defaults(func=demo)

    manage_parser = subparsers.add_parser(
        "manage",
        help="run a Django management command (sokkel manage migrate, createsuperuser …)",
        add_help=False,
    )
    manage_parser.add_argument("args", nargs=argparse.REMAINDER)
    manage_parser.set_defaults(func=lambda args: manage(args.args))


def _settings() -> None:
    """Load the settings, or exit with what is wrong with the environment (no traceback)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading a setting loads them all
    except (ImproperlyConfigured, ValueError) as error:
        raise SystemExit(f"sokkel: {error}") from None


def setup_django() -> None:
    """Load the settings (exiting with what is wrong with the environment) and Django."""
    _settings()
    import django

    django.setup()


def manage(argv: list[str]) -> int:
    """Pass ``argv`` to Django's management utility (``sokkel manage migrate``)."""
    _settings()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sokkel manage", *argv])
    return 0


def _port(args: argparse.Namespace) -> int:
    if args.port is not None:
        return int(args.port)
    value = os.environ.get("PORT", "").strip()
    if not value:
        return DEFAULT_PORT
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise SystemExit(f"sokkel serve: PORT={value!r} is not a port number")
    return int(value)


def _workers(args: argparse.Namespace) -> int:
    value = args.workers
    if value is None:
        concurrency = os.environ.get("WEB_CONCURRENCY", "").strip()
        if concurrency and not concurrency.isdigit():
            raise SystemExit(f"sokkel serve: WEB_CONCURRENCY={concurrency!r} is not a number")
        value = int(concurrency) if concurrency else min(2 * (os.cpu_count() or 1) + 1, 9)
    if value < 1:
        raise SystemExit(f"sokkel serve: --workers {value}: give at least 1")
    return value


def serve(args: argparse.Namespace) -> int:
    """Serve with gunicorn (static files collected for WhiteNoise), or with Django's
    development server when DEBUG is on."""
    port = _port(args)
    host = f"[{args.host}]" if ":" in args.host and not args.host.startswith("[") else args.host
    setup_django()
    from django.conf import settings

    if settings.DEBUG:
        print("sokkel serve: DEBUG is on: Django's development server, for development only.")
        command = ["runserver", f"{host}:{port}"]
        if args.no_reload:
            command.append("--noreload")
        # ``runserver`` re-executes this very command line for its auto-reloader.
        return manage(command)
    workers = _workers(args)
    manage(["collectstatic", "--noinput", "--verbosity", "0"])
    print(f"sokkel serve: gunicorn on http://{host}:{port}/ with {workers} workers.", flush=True)
    gunicorn = [sys.executable, "-m", "gunicorn", "sokkel.config.wsgi:application"]
    options = ["--bind", f"{host}:{port}", "--workers", str(workers), "--access-logfile", "-"]
    os.execv(sys.executable, [*gunicorn, *options])
    return 0  # not reached: gunicorn takes over the process


def unapplied_migrations() -> list[str]:
    """The migrations the database has not had yet, as ``app.name``."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def demo(args: argparse.Namespace) -> int:
    """Load or refresh the demo content and print the demo logins."""
    setup_django()
    from django.conf import settings
    from django.db import connection

    from sokkel.demo.loader import DEMO_PASSWORD, load_demo
    from sokkel.units.loading import UnitDataError

    missing = unapplied_migrations()
    if missing:
        print(
            f"sokkel demo: the database has {len(missing)} unapplied migrations "
            f"(first: {missing[0]}); run `sokkel manage migrate` first.",
            file=sys.stderr,
        )
        return 1
    try:
        summary = load_demo()
    except UnitDataError as error:  # a demo content error is one too
        print(f"sokkel demo: {error}", file=sys.stderr)
        return 1
    database = settings.DATABASES["default"]
    where = database["NAME"] if connection.vendor == "sqlite" else f"{connection.vendor} database"
    innovations = (
        summary.innovations_created + summary.innovations_updated + summary.innovations_unchanged
    )
    print(f"Demo content loaded into {where}:")
    print(
        f"  {summary.units.total} units ({summary.units.created} new, "
        f"{summary.units.updated} updated), {summary.people} people, "
        f"{innovations} innovations ({summary.innovations_created} new, "
        f"{summary.innovations_updated} refreshed)"
    )
    print()
    print(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    width = max(len(login.email) for login in summary.logins)
    role_width = max(len(login.role) for login in summary.logins)
    for login in summary.logins:
        detail = f"  {login.full_name}" + (f" — {login.detail}" if login.detail else "")
        print(f"  {login.email:<{width}}  {login.role:<{role_width}}{detail}")
    return 0
