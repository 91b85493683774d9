"""Reading scenarios: every bad input names its file, line and field."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from sokkel.lab.rounds import InputError, read_scenario


@pytest.fixture
def scenario_dir(data_dir: Path, tmp_path: Path) -> Path:
    shutil.copytree(data_dir / "two_sites", tmp_path / "s")
    return tmp_path / "s"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_reads_the_two_site_scenario(scenario_dir):
    scenario = read_scenario(scenario_dir / "scenario.toml")
    assert scenario.name == "To sykehjem"
    assert [r.id for r in scenario.requests] == ["R1", "R2", "R3"]
    assert scenario.sites["S2"].closes == 8 * 60 + 37
    assert scenario.teams[0].shift_on(scenario.start).start == 8 * 60
    assert scenario.travel.matrix[("S1", "S2")] == (10000, 20)


def test_json_scenario_reads_the_same(scenario_dir):
    raw = tomllib.loads((scenario_dir / "scenario.toml").read_text(encoding="utf-8"))
    raw["horizon"]["start"] = raw["horizon"]["start"].isoformat()
    (scenario_dir / "scenario.json").write_text(json.dumps(raw, indent=2), encoding="utf-8")
    assert read_scenario(scenario_dir / "scenario.json") == read_scenario(
        scenario_dir / "scenario.toml"
    )


def test_request_outside_every_shift_names_its_line_and_field(scenario_dir):
    requests = scenario_dir / "requests.csv"
    _replace(
        requests,
        "exam,minutes,priority,arrives,due",
        "exam,minutes,priority,arrives,due,available_from",
    )
    _replace(requests, "2026-03-02,2026-03-03\nR2", "2026-03-02,2026-03-03,16:00\nR2")
    with pytest.raises(InputError) as caught:
        read_scenario(scenario_dir / "scenario.toml")
    error = caught.value
    assert (Path(error.file).name, error.line, error.field) == ("requests.csv", 2, "available_from")
    assert "outside every shift" in str(error)
    assert "requests.csv:2" in str(error)


def test_unknown_site_names_its_line_and_field(scenario_dir):
    _replace(scenario_dir / "requests.csv", "R3,S2", "R3,S9")
    with pytest.raises(InputError) as caught:
        read_scenario(scenario_dir / "scenario.toml")
    assert (Path(caught.value.file).name, caught.value.line, caught.value.field) == (
        "requests.csv",
        4,
        "site",
    )
    assert "unknown site 'S9'" in str(caught.value)


def test_negative_duration_names_its_line_and_field(scenario_dir):
    _replace(scenario_dir / "requests.csv", "R2,S1,hofte,20", "R2,S1,hofte,-20")
    with pytest.raises(InputError) as caught:
        read_scenario(scenario_dir / "scenario.toml")
    assert (caught.value.line, caught.value.field) == (3, "minutes")
    # The message itself (the file's path holds the test's name, "negative" too).
    assert caught.value.message == "expected a whole number from 1 to 1440, got '-20'"


def test_negative_setup_names_the_field(scenario_dir):
    _replace(scenario_dir / "scenario.toml", "setup_minutes = 10", "setup_minutes = -5")
    with pytest.raises(InputError) as caught:
        read_scenario(scenario_dir / "scenario.toml")
    assert (Path(caught.value.file).name, caught.value.line, caught.value.field) == (
        "scenario.toml",
        3,
        "setup_minutes",
    )


def test_broken_toml_names_the_line(scenario_dir):
    _replace(scenario_dir / "scenario.toml", 'name = "Sykehuset"', 'name = "Sykehuset')
    with pytest.raises(InputError) as caught:
        read_scenario(scenario_dir / "scenario.toml")
    assert Path(caught.value.file).name == "scenario.toml"
    assert caught.value.line == 11
    assert "not valid TOML" in str(caught.value)


def test_broken_csv_names_the_missing_column(scenario_dir):
    (scenario_dir / "sites.csv").write_text("id;name;lat;lon\nS1;Nord;59.9;10.7\n")
    with pytest.raises(InputError) as caught:
        read_scenario(scenario_dir / "scenario.toml")
    assert (Path(caught.value.file).name, caught.value.line, caught.value.field) == (
        "sites.csv",
        1,
        "id",
    )


def test_bad_date_and_due_before_arrival_name_the_field(scenario_dir):
    requests = scenario_dir / "requests.csv"
    _replace(requests, "2026-03-02,2026-03-02", "2026-03-02,2026-03-01")
    with pytest.raises(InputError) as caught:
        read_scenario(scenario_dir / "scenario.toml")
    assert (caught.value.line, caught.value.field) == (4, "due")
    _replace(requests, "2026-03-02,2026-03-01", "2.3.2026,2026-03-01")
    with pytest.raises(InputError) as caught:
        read_scenario(scenario_dir / "scenario.toml")
    assert (caught.value.line, caught.value.field) == (4, "arrives")


def test_unknown_effect_parameter_names_the_field(scenario_dir):
    with (scenario_dir / "scenario.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[effects]\nhospital_shares = 0.5\n")
    with pytest.raises(InputError) as caught:
        read_scenario(scenario_dir / "scenario.toml")
    assert caught.value.field == "effects.hospital_shares"
    assert caught.value.line is not None


def test_missing_travel_pair_names_the_pair(scenario_dir):
    _replace(scenario_dir / "travel.csv", "S2,S1,10,20\n", "")
    with pytest.raises(InputError) as caught:
        read_scenario(scenario_dir / "scenario.toml")
    assert Path(caught.value.file).name == "travel.csv"
    assert "from 'S2' to 'S1'" in str(caught.value)


def test_effect_parameters_can_be_changed_in_the_scenario(scenario_dir):
    with (scenario_dir / "scenario.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[effects]\nhospital_share = 0.5\ntaxi_trip_nok = 900\n")
    effects = read_scenario(scenario_dir / "scenario.toml").effects
    assert (effects.hospital_share, effects.taxi_trip_nok, effects.ambulance_share) == (
        0.5,
        900,
        0.5,
    )


def test_shift_ending_before_it_starts_points_at_that_shift(scenario_dir):
    _replace(scenario_dir / "scenario.toml", 'end = "15:00"', 'end = "07:00"')
    with pytest.raises(InputError) as caught:
        read_scenario(scenario_dir / "scenario.toml")
    lines = (scenario_dir / "scenario.toml").read_text(encoding="utf-8").splitlines()
    assert caught.value.field == "teams[0].shifts[0].end"
    assert lines[caught.value.line - 1] == 'end = "07:00"'
