"""Pricing against a brute-force enumeration of every duty on tiny timetables."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from sokkel.lab.crew import solve
from sokkel.lab.crew.duties import DutyNetwork
from sokkel.lab.crew.gtfs import read_feed
from sokkel.lab.crew.network import Leg, cut_legs, load_stations
from sokkel.lab.crew.pricing import price
from sokkel.lab.crew.rules import load_rules
from sokkel.lab.crew.scp_highs import covering_model, quiet_highs

STATIONS = (
    '[[station]]\nid = "OSL"\nroles = ["depot"]\n'
    '[[station]]\nid = "LLS"\nroles = ["relief_point", "break_station"]\n'
    '[[station]]\nid = "EID"\nroles = ["relief_point"]\n'
)

Break = tuple[int, int] | None


#: Hamar as a relief point too (for timetables that reach it).
WITH_HAMAR = STATIONS + '[[station]]\nid = "HMR"\nroles = ["relief_point"]\n'


@pytest.fixture
def network_of(make_gtfs, service_day, tmp_path: Path) -> Callable[..., DutyNetwork]:
    """The drivers' duty network of some trips, with the station roles given."""

    def build(trips: dict, stations: str = STATIONS) -> DutyNetwork:
        path = tmp_path / "stations.toml"
        path.write_text(stations, encoding="utf-8")
        feed = read_feed(make_gtfs(trips))
        roles = load_stations(path, feed)
        legs = cut_legs(feed.trips_on(service_day), roles.relief_points)
        return DutyNetwork.build(feed, legs, roles, load_rules(None, "driver"))

    return build


@pytest.fixture
def network(network_of, shuttles) -> DutyNetwork:
    """Shuttles Oslo S – Lillestrøm, Lillestrøm – Eidsvoll and one through train."""
    trips = shuttles("S", ("OSL", "LLS"), range(5 * 60, 19 * 60, 70), ride=20)
    trips |= shuttles("E", ("LLS", "EID"), range(6 * 60, 18 * 60, 95), ride=27)
    trips["R1"] = [
        ("OSL", "09:02", "09:02"),
        ("LLS", "09:20", "09:22"),
        ("EID", "09:50", "09:50"),
    ]
    return network_of(trips)


def all_duties(
    net: DutyNetwork, depot: str, duals: np.ndarray, allowed: set[int] | None = None
) -> list[tuple[float, tuple[int, ...]]]:
    """Reduced cost and legs of every duty the rules allow from ``depot`` (brute force).

    Written from the rules (see :mod:`sokkel.lab.crew.rules`), not from pricing: a duty
    signs on at the depot, rides a chain of legs (staying on the train, changing after
    ``min_changeover`` or taking its one break at a break station), and signs off at the
    depot; a taxi may take it from the depot to a relief point first and home last, and a
    break may come right after the taxi out or before the taxi home (of ``break_length``
    or ``break_length_long`` there, or longer when that is needed to end the break after
    its window opens). Sign-on is as late and sign-off as early as the legs
    allow; every taxi counts.
    """
    rules = net.rules
    walk, sign_on_time, sign_off_time = rules.walk, rules.sign_on, rules.sign_off
    taxi = {
        s: (rules.taxi_seconds(km), rules.taxi_cost(km)) for s, km in net.taxi_km[depot].items()
    }
    lengths = sorted({max(rules.break_length, 1), rules.break_length_long})
    breaks_at = net.roles.break_stations
    usable = [leg for leg in net.legs if allowed is None or leg.index in allowed]

    def starts(leg: Leg) -> Iterator[tuple[int, float, Break]]:
        here = leg.from_station
        if here == depot:
            yield leg.start - walk - sign_on_time, 0.0, None
        if here in taxi:
            ride, cost = taxi[here]
            yield leg.start - walk - ride - sign_on_time, cost, None
            if here in breaks_at:
                for length in lengths:
                    # A break must end after the window opens: longer ones are allowed.
                    length = max(length, rules.break_window_start - walk - ride - sign_on_time + 1)
                    on = leg.start - walk - length - walk - ride - sign_on_time
                    yield on, cost, (leg.start - walk - length, leg.start - walk)

    def ends(leg: Leg, sign_on: int) -> Iterator[tuple[int, float, Break]]:
        here = leg.to_station
        if here == depot:
            yield leg.end + walk + sign_off_time, 0.0, None
        if here in taxi:
            ride, cost = taxi[here]
            yield leg.end + walk + ride + sign_off_time, cost, None
            if here in breaks_at:
                for length in lengths:
                    length = max(length, sign_on + rules.break_window_start + 1 - leg.end - walk)
                    rest = (leg.end + walk, leg.end + walk + length)
                    yield leg.end + walk + length + ride + sign_off_time, cost, rest

    def successors(leg: Leg) -> Iterator[tuple[Leg, Break]]:
        for other in usable:
            if other.index == net.next_in_trip[leg.index]:
                yield other, None
            if other.from_station != leg.to_station:
                continue
            if other.start >= leg.end + rules.min_changeover:
                yield other, None
            rest = (leg.end + walk, other.start - walk)
            if leg.to_station in breaks_at and rest[1] - rest[0] >= max(rules.break_length, 1):
                yield other, rest

    def valid(sign_on: int, end: int, rest: Break) -> bool:
        span = end - sign_on
        brk = 0 if rest is None else rest[1] - rest[0]
        work = span - brk
        if span > rules.max_span or work > rules.max_work or brk < rules.required_break(work):
            return False
        if rest is None:
            return end - sign_on <= rules.max_continuous_work
        return (
            rest[0] - sign_on <= rules.max_continuous_work
            and end - rest[1] <= rules.max_continuous_work
            and rest[1] > sign_on + rules.break_window_start
            and rest[0] < sign_on + rules.break_window_end
        )

    found: list[tuple[float, tuple[int, ...]]] = []

    def extend(path: list[Leg], sign_on: int, taxis: float, rest: Break) -> None:
        last = path[-1]
        if last.end - sign_on > rules.max_span:
            return
        for end, cost, home_rest in ends(last, sign_on):
            if rest is not None and home_rest is not None:
                continue
            if valid(sign_on, end, rest or home_rest):
                paid = rules.hourly_cost * (end - sign_on) / 3600 + rules.fixed_cost_per_duty
                reduced = paid + taxis + cost - sum(duals[leg.index] for leg in path)
                found.append((reduced, tuple(leg.index for leg in path)))
        for other, other_rest in successors(last):
            if rest is not None and other_rest is not None:
                continue
            extend([*path, other], sign_on, taxis, rest or other_rest)

    for leg in usable:
        for sign_on, cost, rest in starts(leg):
            extend([leg], sign_on, cost, rest)
    return found


def duals_of(net: DutyNetwork, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    minutes = np.array([(leg.end - leg.start) / 60 for leg in net.legs])
    return minutes * rng.uniform(40, 160, len(net.legs))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pricing_without_a_cap_finds_the_least_reduced_cost_of_every_duty(
    network: DutyNetwork, seed: int
) -> None:
    duals = duals_of(network, seed)
    everything = all_duties(network, "OSL", duals)
    least = min(reduced for reduced, _ in everything)
    assert least < -1  # the duals make some duty worth pricing
    result = price(network, duals, "OSL", cap=10**6)
    assert not result.cap_hit
    assert result.best == pytest.approx(least, abs=1e-6)
    assert result.reduced_costs[0] == result.best
    assert result.reduced_costs == sorted(result.reduced_costs)
    # Every duty found is one of the enumerated ones, with the same reduced cost.
    costs_by_legs: dict[tuple[int, ...], set[float]] = {}
    for reduced, legs in everything:
        costs_by_legs.setdefault(legs, set()).add(round(reduced, 6))
    assert len({d.legs for d in result.duties}) == len(result.duties)
    for duty, reduced in zip(result.duties, result.reduced_costs, strict=True):
        assert round(reduced, 6) in costs_by_legs[duty.legs]
        assert duty.depot == "OSL" and duty.span <= network.rules.max_span


def test_pricing_only_some_legs_rides_only_those(network: DutyNetwork) -> None:
    duals = duals_of(network, 3)
    allowed = {leg.index for leg in network.legs if leg.index % 3 != 1}
    least = min(reduced for reduced, _ in all_duties(network, "OSL", duals, allowed))
    result = price(network, duals, "OSL", cap=10**6, only_legs=sorted(allowed))
    assert result.best == pytest.approx(least, abs=1e-6)
    assert all(set(d.legs) <= allowed for d in result.duties)


@pytest.mark.parametrize("cap", [1, 2, 3, 5])
def test_the_bound_with_small_caps_never_exceeds_the_least_reduced_cost(
    network: DutyNetwork, cap: int
) -> None:
    for seed in range(4):
        duals = duals_of(network, seed)
        least = min(reduced for reduced, _ in all_duties(network, "OSL", duals))
        bound = price(network, duals, "OSL", cap=cap, bound=True)
        assert bound.best <= least + 1e-6
        assert bound.duties == [] and bound.reduced_costs == []
    assert bound.cap_hit  # the fronts were merged at cap 1


def test_a_capped_pass_is_a_heuristic_that_never_beats_the_exact_one(
    network: DutyNetwork,
) -> None:
    duals = duals_of(network, 0)
    exact = price(network, duals, "OSL", cap=10**6)
    for cap in (1, 2, 30):
        capped = price(network, duals, "OSL", cap=cap)
        assert capped.best >= exact.best - 1e-9
    assert price(network, duals, "OSL", cap=1).cap_hit


def test_pricing_is_deterministic(network: DutyNetwork) -> None:
    duals = duals_of(network, 5)
    first = price(network, duals, "OSL", max_duties=20)
    again = price(network, duals, "OSL", max_duties=20)
    fresh = price(network.build_like(network.rules), duals, "OSL", max_duties=20)
    assert first.duties
    assert len(first.duties) <= 20
    for other in (again, fresh):
        assert other.duties == first.duties
        assert other.reduced_costs == first.reduced_costs
        assert (other.best, other.cap_hit) == (first.best, first.cap_hit)
    assert all(isinstance(step.leg, int) for d in first.duties for step in d.steps)


def test_a_later_sign_on_does_not_stand_in_for_an_earlier_one_before_the_break_window(
    network_of,
) -> None:
    # Two crews meet at Eidsvoll for Z at 07:05: one signed on 05:40 for X, the other
    # 06:20 for Y, more cheaply so far. Only the first may break at Lillestrøm
    # 07:20–07:50 (the break must end more than 2 h after sign-on) and so work on until
    # 13:05; the second cannot ride the long chain back to Oslo without a break.
    trips = {
        "X": [("OSL", "06:00", "06:00"), ("EID", "06:30", "06:30")],
        "Y": [("OSL", "06:40", "06:40"), ("EID", "06:55", "06:55")],
        "Z": [("EID", "07:05", "07:05"), ("LLS", "07:15", "07:15")],
        "V1": [("LLS", "07:55", "07:55"), ("EID", "08:20", "08:20")],
        "V2": [("EID", "08:30", "08:30"), ("HMR", "09:30", "09:30")],
        "V3": [("HMR", "09:40", "09:40"), ("EID", "10:40", "10:40")],
        "V4": [("EID", "10:50", "10:50"), ("HMR", "11:50", "11:50")],
        "V5": [("HMR", "12:00", "12:00"), ("OSL", "12:50", "12:50")],
    }
    net = network_of(trips, WITH_HAMAR)
    trip_of = {leg.index: leg.trip_id for leg in net.legs}
    worth = {"Z": 2000.0, "V1": 2000.0, "V2": 1500.0, "V3": 1500.0, "V4": 1500.0, "V5": 1500.0}
    duals = np.array([worth.get(trip_of[i], 0.0) for i in range(len(net.legs))])
    least, legs_of_least = min(all_duties(net, "OSL", duals))
    assert [trip_of[i] for i in legs_of_least] == ["X", "Z", "V1", "V2", "V3", "V4", "V5"]
    found = price(net, duals, "OSL", cap=10**6)
    assert found.best == pytest.approx(least, abs=1e-6)
    assert found.duties[0].legs == legs_of_least and found.duties[0].sign_on == 5 * 3600 + 40 * 60
    assert price(net, duals, "OSL", cap=10**6, bound=True).best == pytest.approx(least, abs=1e-6)


def test_windows_of_sign_on_share_out_the_duties(network: DutyNetwork) -> None:
    duals = duals_of(network, 1)
    whole = price(network, duals, "OSL", cap=10**6)
    cuts = [-(1 << 40), 8 * 3600, 12 * 3600, 1 << 40]
    parts = [
        price(network, duals, "OSL", cap=10**6, sign_on=window)
        for window in zip(cuts[:-1], cuts[1:], strict=True)
    ]
    for (start, end), part in zip(zip(cuts[:-1], cuts[1:], strict=True), parts, strict=True):
        assert part.duties and all(start <= d.sign_on < end for d in part.duties)
    assert min(part.best for part in parts) == pytest.approx(whole.best, abs=1e-6)


def lp_optimum(net: DutyNetwork, everything: list[tuple[float, tuple[int, ...]]]) -> float:
    """The covering LP's optimum over ``everything``: (cost, legs) of every duty."""
    costs = np.array([cost for cost, _ in everything])
    rows = np.array([i for _, legs in everything for i in legs])
    indptr = np.cumsum([0] + [len(legs) for _, legs in everything])
    highs = quiet_highs()
    highs.passModel(covering_model(len(net.legs), costs, indptr, rows, integer=False))
    highs.run()
    return highs.getInfo().objective_function_value


@pytest.mark.parametrize("box", [solve.BOX_WIDTH, 1e9])
def test_the_proof_bounds_the_lp_optimum_over_every_duty(
    network: DutyNetwork, box: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(solve, "BOX_WIDTH", box)
    everything = all_duties(network, "OSL", np.zeros(len(network.legs)))  # reduced = cost
    optimum = lp_optimum(network, everything)
    # A master of the cheapest duty riding each leg, and the volume algorithm's duals.
    cheapest = {i: min(d for d in everything if i in d[1]) for i in range(len(network.legs))}
    master = solve._Master(
        len(network.legs), solve.artificial_cost(network.rules), np.zeros(len(network.legs))
    )
    master.add([cost for cost, _ in cheapest.values()], [legs for _, legs in cheapest.values()])
    master.solve()
    passes: list[str] = []
    with solve._Pricer(network, ["OSL"], 1) as pricer:
        bound, least = solve._prove_bound(
            pricer, master, ["OSL"], optimum, time.perf_counter() + 60, passes.append
        )
    assert "bound pass (exact)" in passes[-1] and least >= -solve.PROOF_TOLERANCE
    # Never above the optimum (costs are rounded to whole NOK: a few NOK of slack) ...
    assert bound <= optimum + 5
    if box > 1e6:
        # ... and, with duals left free, column generation with exact pricing reaches it.
        assert bound == pytest.approx(optimum, abs=5)


def test_a_break_after_the_taxi_out_lasts_until_the_window_opens(network_of) -> None:
    # The chain from Lillestrøm back to Oslo S works 5 h 05 min without a break station
    # on the way: a crew taken there by taxi must break before it, and that break must end
    # more than 2 h after sign-on — longer than 45 min after a 20-minute taxi.
    trips = {
        "C1": [("LLS", "08:00", "08:00"), ("EID", "09:00", "09:00")],
        "C2": [("EID", "09:10", "09:10"), ("HMR", "10:30", "10:30")],
        "C3": [("HMR", "10:40", "10:40"), ("EID", "12:00", "12:00")],
        "C4": [("EID", "12:10", "12:10"), ("OSL", "13:00", "13:00")],
    }
    net = network_of(trips, WITH_HAMAR)
    duals = np.full(len(net.legs), 5000.0)
    least, legs_of_least = min(all_duties(net, "OSL", duals))
    assert len(legs_of_least) == len(net.legs)  # one duty rides the whole chain
    found = price(net, duals, "OSL", cap=10**6)
    assert found.best == pytest.approx(least, abs=1e-6)
    duty = found.duties[0]
    assert duty.taxi_out == "LLS" and duty.start_break > net.rules.break_length_long
    assert price(net, duals, "OSL", cap=10**6, bound=True).best == pytest.approx(least, abs=1e-6)
