"""``sokkel crew check GTFS plan.json``: OK with exit 0, violations with exit 1, bad files exit 2.

Uses the hand-written tiny day and valid plan of ``check_cases/`` (see ``test_check.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sokkel.cli import main

CASES = Path(__file__).parent / "check_cases"
DAY = json.loads((CASES / "day.json").read_text(encoding="utf-8"))

STATIONS_TOML = """
[[station]]
id = "OSL"
roles = ["depot", "relief_point", "break_station"]
[[station]]
id = "HMR"
roles = ["depot", "relief_point", "break_station"]
[[station]]
id = "EID"
roles = ["relief_point"]
[[station]]
id = "DRM"
roles = ["relief_point", "break_station"]
"""


@pytest.fixture
def gtfs(make_gtfs: Callable[..., Path]) -> Path:
    return make_gtfs(DAY["trips"], calendar=DAY["calendar"])


@pytest.fixture
def plan() -> dict[str, Any]:
    return json.loads((CASES / "valid-plan.json").read_text(encoding="utf-8"))


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_valid_plan_prints_one_ok_line_and_exits_0(
    gtfs: Path, plan: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["crew", "check", str(gtfs), str(write(tmp_path / "plan.json", plan))])

    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("OK (2018-10-16): 3 duties valid for drivers, 8 of 8 legs driven")
    assert out.count("\n") == 1


def test_violations_are_printed_with_duty_rule_and_times_and_exit_1(
    gtfs: Path, plan: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "short.toml"
    rules.write_text('[driver]\nmax_span = "7:00"\nmax_work = "6:45"\n', encoding="utf-8")
    plan["duties"][1]["tasks"][3]["kind"] = "deadhead"  # D2 no longer drives T6

    code = main(
        [
            "crew",
            "check",
            str(gtfs),
            str(write(tmp_path / "plan.json", plan)),
            "--rules",
            str(rules),
        ]
    )

    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines[0] == (
        "2018-10-16 D1 [span] 06:40:00–13:55:00: the duty spans 7 h 15 min; "
        "the maximum is 7 h 00 min"
    )
    assert lines[1] == (
        "2018-10-16 (plan) [uncovered] 09:00:00–09:25:00: trip T6 Ski (SKI) 09:00:00 → "
        "Oslo S (OSL) 09:25:00 is driven by no duty"
    )
    assert lines[2].startswith("INVALID (2018-10-16): 2 violations in 1 of 3 duties")


def test_the_plans_rules_file_is_used_unless_overridden(
    gtfs: Path, plan: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "strict.toml").write_text('[driver]\nmax_work = "6:00"\n', encoding="utf-8")
    plan["rules_file"] = "strict.toml"  # beside the plan
    path = write(tmp_path / "plan.json", plan)

    assert main(["crew", "check", str(gtfs), str(path)]) == 1
    assert "D1 [work]" in capsys.readouterr().out

    lenient = tmp_path / "lenient.toml"
    lenient.write_text("[driver]\n", encoding="utf-8")
    assert main(["crew", "check", str(gtfs), str(path), "--rules", str(lenient)]) == 0


def test_station_roles_come_from_a_file_when_given(
    gtfs: Path, plan: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    del plan["stations"]
    stations = tmp_path / "roles.toml"
    stations.write_text(STATIONS_TOML, encoding="utf-8")

    code = main(
        [
            "crew",
            "check",
            str(gtfs),
            str(write(tmp_path / "plan.json", plan)),
            "--stations",
            str(stations),
        ]
    )

    assert code == 0
    assert f"stations: {stations}" in capsys.readouterr().out


def test_a_plan_that_is_not_json_names_the_file_and_line_and_exits_2(
    gtfs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{\n "date": "2018-10-16",\n "duties": [,]\n}\n', encoding="utf-8")

    code = main(["crew", "check", str(gtfs), str(path)])

    assert code == 2
    assert f"{path}:3: not valid JSON" in capsys.readouterr().err


def test_a_missing_timetable_is_named_and_exits_2(
    plan: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["crew", "check", str(tmp_path / "nowhere.zip"), str(write(tmp_path / "p.json", plan))]
    )

    assert code == 2
    assert "nowhere.zip: no such file or folder" in capsys.readouterr().err


def test_a_bad_rules_file_names_the_field_and_exits_2(
    gtfs: Path, plan: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text('[driver]\nmax_span = "ten hours"\n', encoding="utf-8")

    code = main(
        ["crew", "check", str(gtfs), str(write(tmp_path / "p.json", plan)), "--rules", str(rules)]
    )

    assert code == 2
    assert f"{rules}:2: field 'driver.max_span'" in capsys.readouterr().err


def test_a_plan_without_a_crew_type_asks_for_one(
    gtfs: Path, plan: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    del plan["crew"]
    path = write(tmp_path / "p.json", plan)

    assert main(["crew", "check", str(gtfs), str(path)]) == 2
    assert "field 'crew': None is not a crew type; give --crew" in capsys.readouterr().err
    assert main(["crew", "check", str(gtfs), str(path), "--crew", "driver"]) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "the plan must be a JSON object"),
        ('{"date": "2018-10-16"}', "field 'duties': missing (a plan has 'duties' or 'days')"),
        ('{"days": {"date": "2018-10-16"}}', "field 'days': must be a list of day objects"),
        (
            '{"date": "2018-10-16", "crew": "driver", "duties": [], "stations": {"depots": "OSL"}}',
            "field 'stations.depots': expected a list of station ids",
        ),
    ],
)
def test_a_plan_of_the_wrong_shape_is_named_and_exits_2(
    gtfs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")

    assert main(["crew", "check", str(gtfs), str(path)]) == 2
    assert f"{path}: {message}" in capsys.readouterr().err


def test_a_station_file_naming_an_unknown_station_exits_2(
    gtfs: Path, plan: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stations = tmp_path / "roles.toml"
    stations.write_text('[[station]]\nid = "XYZ"\nroles = ["depot"]\n', encoding="utf-8")

    code = main(
        [
            "crew",
            "check",
            str(gtfs),
            str(write(tmp_path / "p.json", plan)),
            "--stations",
            str(stations),
        ]
    )

    assert code == 2
    err = capsys.readouterr().err
    assert f"{stations}:2: field 'station[1].id': unknown station 'XYZ'" in err


def test_a_multi_day_plan_is_checked_with_its_first_days_crew_and_stations(
    gtfs: Path, plan: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wednesday = json.loads(json.dumps(plan))
    wednesday["date"] = "2018-10-17"
    path = write(tmp_path / "week.json", {"days": [plan, wednesday], "total": {"duties": 6}})

    code = main(["crew", "check", str(gtfs), str(path)])

    assert code == 0
    assert capsys.readouterr().out.startswith(
        "OK (2018-10-16, 2018-10-17): 6 duties valid for drivers, 16 of 16 legs driven"
    )


def test_checking_with_other_rules_than_the_plan_was_made_with_is_noted(
    gtfs: Path, plan: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan["rules"] = {"crew": "driver", "max_span": 11 * 3600, "walk": 300}

    code = main(["crew", "check", str(gtfs), str(write(tmp_path / "p.json", plan))])

    assert code == 0
    # Only the note: the log lines around it depend on who configured logging first.
    notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("note:")]
    assert notes == [
        "note: checking with other rules than the plan was made with: "
        "max_span 39600 in the plan, 36000 now"
    ]
