"""Duty generation on tiny timetables whose best plan is known by hand."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from sokkel.lab.crew import solve
from sokkel.lab.crew.check import check_plan
from sokkel.lab.crew.duties import Duty, DutyNetwork, Step
from sokkel.lab.crew.gtfs import read_feed
from sokkel.lab.crew.network import cut_legs, load_stations
from sokkel.lab.crew.plan_io import plan_to_dict
from sokkel.lab.crew.pricing import PricingResult, price
from sokkel.lab.crew.rules import load_rules
from sokkel.lab.crew.solve import plan_day

STATIONS = (
    '[[station]]\nid = "OSL"\nroles = ["depot"]\n'
    '[[station]]\nid = "LLS"\nroles = ["relief_point"]\n'
)

ROUND_TRIP = {
    "T1": [("OSL", "08:00", "08:00"), ("LLS", "08:30", "08:30")],
    "T2": [("LLS", "08:45", "08:45"), ("OSL", "09:15", "09:15")],
}


@pytest.fixture
def plan_of(make_gtfs, service_day, tmp_path):
    path = tmp_path / "stations.toml"
    path.write_text(STATIONS, encoding="utf-8")

    def plan(trips, rules=None, seed=0, time_limit=5.0):
        feed = read_feed(make_gtfs(trips))
        roles = load_stations(path, feed)
        rules = rules or load_rules(None, "driver")
        return feed, plan_day(feed, service_day, rules, roles, time_limit=time_limit, seed=seed)

    return plan


def test_a_round_trip_with_time_to_change_is_one_duty(plan_of) -> None:
    _, plan = plan_of(ROUND_TRIP)
    rules = plan.rules
    assert len(plan.duties) == 1
    duty = plan.duties[0]
    # Sign-on 07:40 (15 min + 5 min walk before 08:00), sign-off ends 09:30.
    assert [t.kind for t in duty.tasks] == [
        "sign_on",
        "walk",
        "drive",
        "walk",
        "drive",
        "walk",
        "sign_off",
    ]
    assert duty.duty.span == 1 * 3600 + 50 * 60
    assert plan.cost == round(rules.hourly_cost * 110 / 60 + rules.fixed_cost_per_duty)
    assert plan.lower_bound == pytest.approx(plan.cost)
    assert plan.bound_proven and not plan.uncovered


def test_a_changeover_too_short_needs_two_duties_and_taxis(plan_of) -> None:
    rules = replace(load_rules(None, "driver"), min_changeover=20 * 60)
    _, plan = plan_of(ROUND_TRIP, rules)
    assert len(plan.duties) == 2
    kinds = [[t.kind for t in d.tasks] for d in plan.duties]
    assert all("taxi" in k for k in kinds)
    driven = sorted(i for d in plan.duties for i in d.driven)
    assert driven == [0, 1]


def test_a_leg_no_duty_can_cover_is_reported_with_its_rule(plan_of) -> None:
    rules = replace(load_rules(None, "driver"), min_changeover=20 * 60, max_taxi_km=0.0)
    _, plan = plan_of(ROUND_TRIP, rules)
    assert {u.leg.trip_id for u in plan.uncovered} == {"T1", "T2"}
    assert {u.rule for u in plan.uncovered} == {"max_taxi_km"}
    assert plan.duties == []


def test_a_night_train_duty_passes_midnight(plan_of) -> None:
    night = {
        "N1": [("OSL", "23:30", "23:30"), ("LLS", "24:10", "24:10")],
        "N2": [("LLS", "24:25", "24:25"), ("OSL", "25:05", "25:05")],
    }
    _, plan = plan_of(night)
    day = plan_to_dict([plan])
    tasks = day["duties"][0]["tasks"]
    assert tasks[0]["start"] == "23:10:00"
    assert tasks[-1]["end"] == "25:20:00"


def test_a_long_day_gets_a_break_at_the_depot(plan_of) -> None:
    shuttles = {}
    clock = 6 * 60
    for n in range(8):  # 8 shuttles of 30 min with 15 min turns: 05:40-12:45 needs a break
        a, b = ("OSL", "LLS") if n % 2 == 0 else ("LLS", "OSL")
        dep = clock + (45 if n == 4 else 0)  # a 45 min wait at Oslo S after four shuttles
        shuttles[f"S{n}"] = [(a, dep, dep), (b, dep + 30, dep + 30)]
        clock = dep + 45
    _, plan = plan_of(shuttles)
    assert not plan.uncovered
    for duty in plan.duties:
        work = duty.duty.work
        breaks = [t for t in duty.tasks if t.kind == "break"]
        if work > plan.rules.max_continuous_work:
            assert breaks and breaks[0].origin == "OSL"
            assert breaks[0].end - breaks[0].start >= plan.rules.break_length


def test_the_same_seed_gives_the_same_plan(plan_of) -> None:
    trips = dict(ROUND_TRIP)
    trips["T3"] = [("OSL", "10:00", "10:00"), ("LLS", "10:30", "10:30")]
    trips["T4"] = [("LLS", "11:00", "11:00"), ("OSL", "11:30", "11:30")]
    first = plan_to_dict([plan_of(trips, seed=3, time_limit=5)[1]])
    second = plan_to_dict([plan_of(trips, seed=3, time_limit=30)[1]])
    for day in (first, second):
        day["solver"].pop("elapsed_s")
    assert first["solver"]["clock_cut"] == []
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_plans_pass_the_independent_validator(plan_of, tmp_path: Path) -> None:
    trips = dict(ROUND_TRIP)
    trips["T3"] = [("OSL", "12:00", "12:00"), ("LLS", "12:30", "12:30")]
    feed, plan = plan_of(trips)
    assert check_plan(feed, plan_to_dict([plan]), plan.rules, plan.roles) == []


def test_column_generation_stops_by_its_rule_not_the_clock(plan_of) -> None:
    trips = dict(ROUND_TRIP)
    trips["T3"] = [("OSL", "10:00", "10:00"), ("LLS", "10:30", "10:30")]
    _, plan = plan_of(trips)
    solver = plan_to_dict([plan])["solver"]
    assert solver["hit_time_limit"] is False
    assert solver["clock_cut"] == []
    assert solver["bound_proven"] is True
    assert solver["least_reduced_cost"] > -1  # nothing prices out by a krone or more


def test_the_bound_stays_below_every_duty_when_fronts_are_merged(
    make_gtfs, shuttles, service_day, tmp_path: Path
) -> None:
    trips = shuttles("S", ("OSL", "LLS"), range(5 * 60, 22 * 60, 25), ride=20)  # all day
    path = tmp_path / "stations.toml"
    path.write_text(STATIONS, encoding="utf-8")
    feed = read_feed(make_gtfs(trips))
    roles = load_stations(path, feed)
    rules = load_rules(None, "driver")
    legs = cut_legs(feed.trips_on(service_day), roles.relief_points)
    net = DutyNetwork.build(feed, legs, roles, rules)
    duals = np.random.default_rng(0).uniform(600, 2000, len(legs))
    best = price(net, duals, "OSL", cap=10**6)
    assert best.duties and not best.cap_hit
    for cap in (1, 2, 3):
        bound = price(net, duals, "OSL", cap=cap, bound=True)
        assert bound.cap_hit  # fronts were merged ...
        assert bound.best <= best.best + 1e-6  # ... and the bound still holds


@pytest.fixture
def two_lines(make_gtfs, shuttles, tmp_path: Path):
    """Shuttles Oslo S – Lillestrøm all day and Lillestrøm – Eidsvoll from 06:00: the
    feed and its stations."""
    trips = shuttles("S", ("OSL", "LLS"), range(5 * 60, 22 * 60, 25), ride=20)
    trips |= shuttles("E", ("LLS", "EID"), range(6 * 60, 21 * 60, 40), ride=27)
    path = tmp_path / "stations.toml"
    path.write_text(STATIONS + '[[station]]\nid = "EID"\nroles = ["relief_point"]\n')
    feed = read_feed(make_gtfs(trips))
    return feed, load_stations(path, feed)


def test_an_lp_value_a_duty_still_prices_out_of_is_not_called_proven(
    two_lines, service_day, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Column generation stopped after five rounds: at its duals a duty prices out by
    # hundreds of kroner, and the Lagrangian bound is positive but a fraction of the LP
    # value. The plan reports the LP value as its estimate, not that weak bound.
    feed, roles = two_lines
    monkeypatch.setattr(solve, "MAX_ROUNDS", 5)
    messages: list[str] = []
    rules = load_rules(None, "driver")
    plan = plan_day(feed, service_day, rules, roles, time_limit=60, progress=messages.append)
    assert plan.rounds == 5 and plan.least_reduced_cost < -100
    assert plan.lower_bound == plan.lp_value and not plan.bound_proven
    (said,) = [m for m in messages if m.startswith("bound:")]
    lagrangian = float(said.split("Lagrangian bound is ")[1].split(")")[0].replace(",", ""))
    assert 0 < lagrangian < plan.lp_value / 2
    # Left to converge, the same pass proves the LP value to within a krone a duty.
    monkeypatch.setattr(solve, "MAX_ROUNDS", 150)
    plan = plan_day(feed, service_day, rules, roles, time_limit=60)
    assert plan.bound_proven
    assert plan.lower_bound <= plan.lp_value
    assert plan.lower_bound == pytest.approx(plan.lp_value, rel=1e-3)


def test_the_dive_prices_duties_that_column_generation_did_not_find(
    two_lines, service_day, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Column generation stopped after two rounds: an integer plan cheaper than the LP
    # value of the duties found so far needs duties priced during the dive.
    feed, roles = two_lines
    monkeypatch.setattr(solve, "MAX_ROUNDS", 2)
    plan = plan_day(feed, service_day, load_rules(None, "driver"), roles, time_limit=60)
    assert plan.rounds == 2 and not plan.uncovered and not plan.clock_cut
    assert plan.cost < plan.lp_value
    assert check_plan(feed, plan_to_dict([plan]), plan.rules, plan.roles) == []


def test_the_dive_gives_back_dropped_duties_a_leg_cannot_do_without(
    make_gtfs, shuttles, service_day, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every LP of the dive drops every duty it prices (none survives the threshold), it
    # fixes one duty a step and its pricing finds nothing new: the legs still open must
    # get their duties back, or the dive cannot finish its cover.
    trips = shuttles("S", ("OSL", "LLS"), range(5 * 60, 22 * 60, 25), ride=20)
    path = tmp_path / "stations.toml"
    path.write_text(STATIONS, encoding="utf-8")
    feed = read_feed(make_gtfs(trips))
    roles = load_stations(path, feed)
    monkeypatch.setattr(solve, "DIVE_DROP_REDUCED_COST", -1e12)
    monkeypatch.setattr(solve, "DIVE_FIX", 1.1)
    dive, price_round = solve._dive, solve._price_round
    diving = []

    def dive_alone(*args, **kwargs):
        diving.append(True)
        return dive(*args, **kwargs)

    def no_pricing_in_the_dive(*args, **kwargs):
        return ([], 0.0) if diving else price_round(*args, **kwargs)

    monkeypatch.setattr(solve, "_dive", dive_alone)
    monkeypatch.setattr(solve, "_price_round", no_pricing_in_the_dive)
    messages: list[str] = []
    plan = plan_day(
        feed,
        service_day,
        load_rules(None, "driver"),
        roles,
        time_limit=60,
        progress=messages.append,
    )
    dived = [m for m in messages if m.startswith("LP dive:")]
    assert diving and dived and "completed by rounding" not in dived[0]
    assert "0 duties priced" in dived[0] and " 1 steps" not in dived[0]
    assert not plan.uncovered and not plan.clock_cut
    assert check_plan(feed, plan_to_dict([plan]), plan.rules, plan.roles) == []


def test_the_pool_keeps_the_duties_of_a_leg_that_would_lose_them_all() -> None:
    master = solve._Master(2, 1000.0, np.zeros(2))
    master.add([100.0, 110.0, 150.0, 160.0], [[0], [0], [1], [1]])
    master.reduced_costs = np.array([50.0, 5.0, 90.0, 95.0])
    # Priced above 40, the first, third and fourth would go: leg 0 keeps the second
    # duty, so the first goes; leg 1 would have none left, so its two stay.
    keep = master.drop_dear(0, 0, above=40.0)
    assert keep.tolist() == [False, True, True, True]
    assert master.costs.tolist() == [110.0, 150.0, 160.0]
    assert master.rows.tolist() == [0, 1, 1] and master.indptr.tolist() == [0, 1, 2, 3]


def test_a_cheaper_duty_on_the_legs_of_a_known_one_joins_the_pool() -> None:
    dear = Duty(
        "OSL", (Step(0, "depot"), Step(1, "change")), 25200, 36000, None, None, 0.0, 0, 4500.0
    )
    cheap = replace(dear, sign_on=27000, cost=4200.0)  # signs on half an hour later

    class Pricer:
        def price(self, depots, duals, **options):
            return [PricingResult([dear, cheap], [-100.0, -400.0], -400.0, False)]

    known = {solve._key(dear)}
    found, best = solve._price_round(
        Pricer(), np.full(2, 2300.0), np.full(2, 2300.0), ["OSL"], known
    )
    assert found == [cheap] and best == -400.0
    assert solve._key(cheap) in known
    # Found once, it is known: the next round does not add it again.
    assert (
        solve._price_round(Pricer(), np.full(2, 2300.0), np.full(2, 2300.0), ["OSL"], known)[0]
        == []
    )
