"""Speed of the unit search fields: suggestions per keystroke, and the list page's unit filter.

Run: .venv/bin/python benchmarks/unit_picker.py [--rounds 5]

Loads Norway's 15 counties and 357 municipalities and 10 units under each of 60 of them
(about 970 units, more than the 660 of the 100k benchmark) into a fresh SQLite database in a
temporary folder, then prints p50/p95 of:

- suggestions: ``GET /enheter/forslag/?q=…`` for every prefix of 30 unit names as typed,
  lower-case and without Norwegian letters («bodo», «alesund»);
- the list page (no innovations: what the filter form costs) without a unit, and with the
  unit given by its key, by its label as the combobox writes it, and by a name as typed.

Targets: a suggestion p95 ≤ 50 ms (answers keep up with typing); the list page p95 ≤ 150 ms
(issue 5; the select of every unit cost ~97 ms of it with the 100k data).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SUGGESTION_TARGET_MS, LIST_TARGET_MS = 50.0, 150.0
SUB_UNITS = ["skole", "barnehage", "sykehjem", "hjemmetjeneste", "legevakt"]


def timed(get: Callable[[dict], Any], queries: list[dict]) -> list[float]:
    """Milliseconds of each ``get(query)``; each must answer 200."""
    values = []
    for query in queries:
        started = time.perf_counter()
        response = get(query)
        values.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (query, response.status_code)
    return values


def report(label: str, values: list[float], target: float) -> bool:
    p95 = statistics.quantiles(values, n=20)[-1]
    verdict = "meets" if p95 <= target else "MISSES"
    print(
        f"  {label}: p50 {statistics.median(values):.1f} ms, p95 {p95:.1f} ms "
        f"({verdict} ≤ {target:.0f} ms, n={len(values)})"
    )
    return p95 <= target


def fill() -> list[str]:
    """Norway's units and 600 below 60 municipalities; the municipalities' names."""
    from sokkel.units.loading import load_norway
    from sokkel.units.models import Unit, UnitKind

    load_norway()
    municipalities = list(Unit.objects.filter(kind=UnitKind.MUNICIPALITY).order_by("key"))
    for municipality in random.Random(0).sample(municipalities, 60):
        for index in range(10):
            Unit.objects.create(
                key=f"{municipality.key}-{index}",
                name=f"{municipality.name} {SUB_UNITS[index % len(SUB_UNITS)]} {index}",
                kind=UnitKind.OTHER,
                parent=municipality,
            )
    return [unit.name for unit in municipalities]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="list page requests ×20")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sokkel-unit-picker-") as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'units.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "sokkel.config.settings"
        os.environ["DEBUG"] = "1"  # development settings: no SECRET_KEY, no collected files
        os.environ.setdefault("SOKKEL_LOG_LEVEL", "WARNING")
        return measure(args.rounds)


def measure(rounds: int) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from sokkel.units.lookup import fold, unit_label
    from sokkel.units.models import Unit

    call_command("migrate", verbosity=0)
    names = random.Random(1).sample(fill(), 30)
    client = Client()
    typed = [fold(name)[:length] for name in names for length in range(1, len(name) + 1)]
    suggestions = timed(
        lambda query: client.get("/enheter/forslag/", query), [{"q": text} for text in typed]
    )
    bodo = Unit.objects.select_related("parent").get(key="kommune-1804")
    lists = {
        "list page, no unit": {},
        "list page, unit by key": {"unit": bodo.key},
        "list page, unit by label": {"unit": unit_label(bodo)},
        "list page, unit by name as typed": {"unit": "bodo"},
    }
    print(f"Unit search on SQLite, {Unit.objects.count()} units:")
    met = report(f"suggestions ({len(typed)} keystrokes)", suggestions, SUGGESTION_TARGET_MS)
    for label, query in lists.items():
        values = timed(lambda query: client.get("/innovasjoner/", query), [query] * 20 * rounds)
        met &= report(label, values, LIST_TARGET_MS)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
