"""The Solomon check: DIMACS distances and a tiny instance solved end to end."""

from __future__ import annotations

import re

import pytest

from sokkel.lab.rounds import InputError
from sokkel.lab.rounds.solomon import dimacs_distance, read_solomon, solve_solomon


def test_dimacs_convention_reproduces_the_best_known_r101(data_dir):
    instance = read_solomon(data_dir / "solomon" / "R101.txt")
    text = (data_dir / "solomon" / "R101.sol").read_text()
    routes = [
        [int(n) for n in line.split(":")[1].split()]
        for line in text.splitlines()
        if line.startswith("Route")
    ]
    customers = {c.number: c for c in instance.customers}
    tenths = sum(
        dimacs_distance(customers[a], customers[b])
        for route in routes
        for a, b in zip([0, *route], [*route, 0], strict=True)
    )
    assert (len(routes), tenths / 10) == (20, float(re.search(r"Cost ([\d.]+)", text).group(1)))
    assert (instance.vehicles, instance.capacity, len(instance.customers)) == (25, 200, 101)


@pytest.mark.parametrize("cpu_time", [False, True])
def test_tiny_instance_visits_every_customer_once_within_the_windows(data_dir, cpu_time):
    instance = read_solomon(data_dir / "solomon" / "R101-10.txt")
    solution = solve_solomon(instance, time_limit=0.3, seed=1, cpu_time=cpu_time)
    assert solution.feasible
    visited = sorted(n for route in solution.routes for n in route)
    assert visited == list(range(1, 11))
    customers = {c.number: c for c in instance.customers}
    tenths = sum(
        dimacs_distance(customers[a], customers[b])
        for route in solution.routes
        for a, b in zip([0, *route], [*route, 0], strict=True)
    )
    assert solution.distance == tenths / 10
    for route in solution.routes:
        clock, here = 0.0, customers[0]
        for number in route:
            there = customers[number]
            clock = max(clock + dimacs_distance(here, there) / 10, there.ready)
            assert clock <= there.due
            clock += there.service
            here = there


def test_malformed_solomon_line_names_line_and_field(tmp_path, data_dir):
    text = (
        (data_dir / "solomon" / "R101-10.txt")
        .read_text()
        .replace("  50          60", "  5x          60")
    )
    bad = tmp_path / "bad.txt"
    bad.write_text(text)
    with pytest.raises(InputError) as caught:
        read_solomon(bad)
    assert (caught.value.line, caught.value.field) == (12, "ready_time")
