"""``sokkel crew plan``: plan.json per the crew contract, several days with a total."""

from __future__ import annotations

import json
from pathlib import Path

from sokkel.cli import main

TRIPS = {
    "T1": [("OSL", "08:00", "08:00"), ("LLS", "08:30", "08:30")],
    "T2": [("LLS", "08:45", "08:45"), ("OSL", "09:15", "09:15")],
    "B1": {"stops": [("OSL", "10:00", "10:00"), ("SKI", "10:30", "10:30")], "route_type": 714},
}
STATIONS = (
    '[[station]]\nid = "OSL"\nroles = ["depot"]\n'
    '[[station]]\nid = "LLS"\nroles = ["relief_point"]\n'
)


def run_plan(make_gtfs, tmp_path: Path, *extra: str) -> tuple[int, Path]:
    stations = tmp_path / "stations.toml"
    stations.write_text(STATIONS, encoding="utf-8")
    out = tmp_path / "plan.json"
    code = main(
        [
            "crew",
            "plan",
            str(make_gtfs(TRIPS)),
            "--crew",
            "driver",
            "--stations",
            str(stations),
            "--time-limit",
            "5",
            "-o",
            str(out),
            *extra,
        ]
    )
    return code, out


def test_plan_json_follows_the_contract(make_gtfs, tmp_path, capsys) -> None:
    code, out = run_plan(make_gtfs, tmp_path, "--date", "2018-10-16")
    assert code == 0
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["date"] == "2018-10-16" and plan["crew"] == "driver"
    assert plan["legs_total"] == plan["legs_covered"] == 2
    assert plan["cost"] >= plan["lower_bound"] > 0
    assert {
        "duties",
        "paid_hours",
        "work_hours",
        "efficiency",
        "duty_length_min",
        "duty_length_mean",
        "duty_length_max",
        "duties_per_depot",
        "deadhead_hours",
        "taxi_km",
        "gap",
    } <= set(plan["kpis"])
    duty = plan["duties"][0]
    assert duty["depot"] == "OSL"
    drives = [t for t in duty["tasks"] if t["kind"] == "drive"]
    assert [t["trip_id"] for t in drives] == ["T1", "T2"]
    assert drives[0] == {
        "kind": "drive",
        "trip_id": "T1",
        "from": "OSL",
        "to": "LLS",
        "start": "08:00:00",
        "end": "08:30:00",
    }
    assert plan["stations"]["depots"] == ["OSL"]
    printed = capsys.readouterr().out
    assert "1 rail-replacement buses" in printed
    assert str(tmp_path / "stations.toml") in printed


def test_several_days_have_one_object_each_and_a_total(make_gtfs, tmp_path) -> None:
    code, out = run_plan(make_gtfs, tmp_path, "--from", "2018-10-15", "--to", "2018-10-16")
    assert code == 0
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert [d["date"] for d in plan["days"]] == ["2018-10-15", "2018-10-16"]
    assert plan["total"]["duties"] == 2
    assert plan["total"]["cost"] == sum(d["cost"] for d in plan["days"])
    assert plan["total"]["bound_proven"] is True  # each day's column generation converged


def test_a_bad_feed_is_reported_with_file_and_line(make_gtfs, tmp_path, capsys) -> None:
    broken = make_gtfs(TRIPS, files={"routes.txt": "route_id,route_type\nR100,rail\n"})
    code = main(
        ["crew", "plan", str(broken), "--date", "2018-10-16", "-o", str(tmp_path / "p.json")]
    )
    assert code == 2
    assert "routes.txt:2: field 'route_type'" in capsys.readouterr().err


def test_a_date_range_backwards_is_refused(make_gtfs, tmp_path, capsys) -> None:
    code, _ = run_plan(make_gtfs, tmp_path, "--from", "2018-10-16", "--to", "2018-10-15")
    assert code == 2
    assert "--to is before --from" in capsys.readouterr().err


def test_proving_the_bound_comes_after_the_plan_and_says_so(make_gtfs, tmp_path, capsys) -> None:
    code, out = run_plan(make_gtfs, tmp_path, "--date", "2018-10-16", "--prove-bound", "30")
    assert code == 0
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["solver"]["bound_proven"] and plan["solver"]["bound_s"] > 0
    # One duty rides both legs: the LP optimum is its cost, and exact pricing proves it.
    assert plan["lower_bound"] == plan["cost"] == 2600  # 07:40–09:30 at 600 NOK/h + 1,500
    captured = capsys.readouterr()
    assert "bound pass (exact)" in captured.err and "s proving)" in captured.out
