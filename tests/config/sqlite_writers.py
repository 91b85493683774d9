"""Ten writers at once on one SQLite file: run by ``test_sqlite.py`` in a process of its own
(``DATABASE_URL`` names a fresh file). Prints one JSON line: how many writes succeeded and
the errors of those that failed."""

from __future__ import annotations

import json
import threading

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from sokkel.innovations import services  # noqa: E402
from sokkel.people.models import User  # noqa: E402
from sokkel.units.models import Unit, UnitKind  # noqa: E402

WRITERS, WRITES = 10, 5

call_command("migrate", verbosity=0)
unit = Unit.objects.create(key="k-1", name="Testvik kommune", kind=UnitKind.MUNICIPALITY)
author = User.objects.create_user(email="alice@example.no", password="x", full_name="Alice")
innovation = services.create_innovation(
    by=author,
    title="Mobil røntgen",
    problem="Turen til sykehuset.",
    what_we_did="Radiografen kommer.",
    what_changed="Færre turer.",
    units=[unit],
    sector="health_care",
    publish=True,
)
connection.close()
done: list[int] = []
errors: list[str] = []


def write(number: int) -> None:
    try:
        for step in range(WRITES):
            services.add_effect(
                innovation,
                by=author,
                kind="immaterial",
                name=f"Effekt {number}.{step}",
                rating=4,
                description="Roligere beboere.",
            )
            done.append(number)
    except Exception as error:  # noqa: BLE001 - every failure is the finding
        errors.append(f"{type(error).__name__}: {error}")
    finally:
        connection.close()


threads = [threading.Thread(target=write, args=(number,)) for number in range(WRITERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
report = {"done": len(done), "errors": errors}
print(json.dumps(report))  # noqa: T201 - the report to the test that runs this script
