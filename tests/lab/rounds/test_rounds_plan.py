"""Planning tiny scenarios whose plans can be checked by hand."""

from __future__ import annotations

import dataclasses

from sokkel.lab.rounds import read_scenario, solve
from sokkel.lab.rounds.generate import GeneratorSettings, write_generated
from sokkel.lab.rounds.validate import validate


def test_two_sites_one_team_order_and_times(data_dir):
    # S2 closes 08:37, so the team must leave at 08:00 and go there first:
    # 12 min drive, 10 min setup + 15 min exam, 20 min to S1, 10 + 15 + 20 min, 12 min back.
    scenario = read_scenario(data_dir / "two_sites" / "scenario.toml")
    plan = solve(scenario, seed=1, time_limit=5).to_dict()

    (route,) = plan["routes"]
    assert (route["team"], route["day"]) == ("A", "2026-03-02")
    assert (route["start"], route["end"], route["km"]) == ("08:00", "09:54", 22.0)
    stops = [(s["site"], s["arrival"], s["start"], s["end"]) for s in route["stops"]]
    assert stops == [("S2", "08:12", "08:12", "08:37"), ("S1", "08:57", "08:57", "09:42")]
    assert validate(scenario, plan) == []


def test_requests_at_one_site_share_one_stop_and_pay_setup_once(make_scenario):
    scenario = make_scenario(
        [
            ("R1", "S1", 15, "normal", "2026-03-02", "2026-03-02"),
            ("R2", "S1", 20, "normal", "2026-03-02", "2026-03-02"),
        ]
    )
    (route,) = solve(scenario, time_limit=5).routes
    (stop,) = route.stops
    assert sorted(stop.requests) == ["R1", "R2"]
    assert stop.end - stop.start == 10 + 15 + 20


def test_urgent_goes_before_normal_when_only_one_fits(make_scenario):
    # 08:00–08:50 holds one 12 + 10 + 15 + 12 minute trip, not two.
    scenario = make_scenario(
        [
            ("N1", "S1", 15, "normal", "2026-03-02", "2026-03-02"),
            ("U1", "S2", 15, "urgent", "2026-03-02", "2026-03-04"),
        ],
        shift=("08:00", "08:50"),
    )
    result = solve(scenario, time_limit=5)
    assert [s.request for s in result.served] == ["U1"]
    assert [u.request for u in result.unserved] == ["N1"]


def test_unserved_requests_roll_over_to_the_next_day(make_scenario):
    scenario = make_scenario(
        [
            ("N1", "S1", 15, "normal", "2026-03-02", "2026-03-03"),
            ("U1", "S2", 15, "urgent", "2026-03-02", "2026-03-02"),
        ],
        shift=("08:00", "08:50"),
        days=2,
    )
    result = solve(scenario, time_limit=5)
    served = {s.request: (s.day.isoformat(), s.wait_days, s.on_time) for s in result.served}
    assert served == {"U1": ("2026-03-02", 0, True), "N1": ("2026-03-03", 1, True)}
    assert result.unserved == ()
    assert result.kpis["mean_wait_days"] == 0.5


def test_unserved_at_the_end_are_reported_with_their_reason(make_scenario):
    # Friday 2026-03-06 with lead 1 day: the first possible day is Saturday, no shift.
    scenario = make_scenario(
        [
            ("N1", "S1", 15, "normal", "2026-03-02", "2026-03-02"),
            ("U1", "S2", 15, "urgent", "2026-03-02", "2026-03-02"),
            ("F1", "S1", 15, "normal", "2026-03-06", "2026-03-09"),
        ],
        shift=("08:00", "08:50"),
        days=7,
        lead_days=1,
    )
    # On Tuesday U1 (urgent, late) wins; N1 follows on Wednesday; F1 never gets a shift.
    result = solve(scenario, time_limit=5)
    reasons = {u.request: u.code for u in result.unserved}
    assert reasons == {"F1": "outside_every_shift"}
    assert "outside every shift" in result.unserved[0].reason

    one_day = make_scenario(
        [
            ("N1", "S1", 15, "normal", "2026-03-02", "2026-03-02"),
            ("U1", "S2", 15, "urgent", "2026-03-02", "2026-03-02"),
        ],
        shift=("08:00", "08:50"),
    )
    (unserved,) = solve(one_day, time_limit=5).unserved
    assert (unserved.request, unserved.code) == ("N1", "capacity_due")
    assert unserved.reason == "capacity: not reached by due day (2026-03-02)"


def test_same_seed_gives_the_same_plan(tmp_path):
    write_generated(
        GeneratorSettings(seed=7, days=3, teams=1, sites=8, requests_per_weekday=6, backlog=3),
        tmp_path,
    )
    scenario = read_scenario(tmp_path / "scenario.toml")

    def plan(seed: int) -> dict:
        result = solve(scenario, seed=seed, time_limit=60)
        assert not result.hit_time_limit
        return {k: v for k, v in result.to_dict().items() if k != "runtime_seconds"}

    first = plan(3)
    assert first == plan(3)
    assert first["kpis"]["requests_served"] > 0
    assert validate(scenario, first) == []


def test_progress_is_reported_once_per_day(make_scenario):
    scenario = make_scenario([("R1", "S1", 15, "normal", "2026-03-02", "2026-03-02")], days=3)
    seen = []
    solve(scenario, time_limit=5, progress=seen.append)
    assert [(p.day_number, p.served_today, p.pending) for p in seen] == [
        (1, 1, 0),
        (2, 0, 0),
        (3, 0, 0),
    ]


def test_validator_names_a_stop_that_skips_the_setup(data_dir):
    scenario = read_scenario(data_dir / "two_sites" / "scenario.toml")
    plan = solve(scenario, seed=1, time_limit=5).to_dict()
    plan["routes"][0]["stops"][1]["end"] = "09:32"
    plan["unserved"].append({"request": "R9", "reason": "x"})
    problems = validate(scenario, plan)
    assert any("stop 2 (S1): lasts 35 min, setup and exams need 45" in p for p in problems)
    assert any("R9" in p and "not in the scenario" in p for p in problems)


def test_a_residents_window_holds_the_whole_stop(make_scenario):
    scenario = make_scenario([("R1", "S1", 15, "normal", "2026-03-02", "2026-03-02")])
    request = dataclasses.replace(scenario.requests[0], available_from=10 * 60)
    scenario = dataclasses.replace(scenario, requests=(request,))
    result = solve(scenario, time_limit=5)
    (route,) = result.routes
    assert (route.stops[0].start, route.stops[0].end) == (10 * 60, 10 * 60 + 25)
    assert route.start == 10 * 60 - 12  # leaves just in time instead of waiting
    assert validate(scenario, result.to_dict()) == []


def test_validator_reports_an_unreadable_time_instead_of_crashing(data_dir):
    scenario = read_scenario(data_dir / "two_sites" / "scenario.toml")
    plan = solve(scenario, seed=1, time_limit=5).to_dict()
    del plan["routes"][0]["stops"][0]["arrival"]
    assert any("stop 1 (S2): unreadable time" in p for p in validate(scenario, plan))
