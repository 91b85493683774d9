"""Limits on every rounds input: bad values name file, line and field; nothing is written.

Each test writes a tiny scenario (the ``two_sites`` one) into ``tmp_path``, spoils one
thing and runs the command line or the reader; none of them solves anything.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from sokkel.cli import main
from sokkel.lab.rounds import InputError, read_scenario, read_solomon
from sokkel.lab.rounds.read import read_plan
from sokkel.lab.rounds.validate import validate


@pytest.fixture
def scenario_dir(data_dir: Path, tmp_path: Path) -> Path:
    shutil.copytree(data_dir / "two_sites", tmp_path / "s")
    return tmp_path / "s"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(path: Path, fragment: str) -> int:
    """The 1-based line of ``path`` holding ``fragment``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if fragment in line)


def _plan_fails(scenario: Path, capsys: pytest.CaptureFixture[str], *options: str) -> str:
    """Run ``rounds plan``: it must exit 2 and write nothing; returns stderr."""
    output = scenario.parent / "plan.json"
    html = scenario.parent / "report.html"
    code = main(["rounds", "plan", str(scenario), "-o", str(output), "--html", str(html), *options])
    assert code == 2
    assert not output.exists() and not html.exists()
    return capsys.readouterr().err


# --- the review's findings -------------------------------------------------------------


def test_days_beyond_a_year_are_refused_naming_file_line_and_field(scenario_dir, capsys):
    scenario = scenario_dir / "scenario.toml"
    _replace(scenario, "days = 2", "days = 100000000")

    err = _plan_fails(scenario, capsys)

    line = _line(scenario, "days = 100000000")
    assert f"{scenario}:{line}, field 'horizon.days': expected a whole number from 1 to 366" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+nan"])
def test_a_speed_that_is_not_finite_is_refused(scenario_dir, capsys, value):
    scenario = scenario_dir / "scenario.toml"
    _replace(scenario, 'method = "matrix"', f'method = "great_circle"\nspeed_kmh = {value}')

    err = _plan_fails(scenario, capsys)

    line = _line(scenario, "speed_kmh")
    assert f"{scenario}:{line}, field 'travel.speed_kmh': expected a finite number" in err


@pytest.mark.parametrize(("value", "words"), [("0.5", "from 1 to 200"), ("1e6", "from 1 to 200")])
def test_an_absurd_speed_is_refused_with_its_range(scenario_dir, capsys, value, words):
    scenario = scenario_dir / "scenario.toml"
    _replace(scenario, 'method = "matrix"', f'method = "great_circle"\nspeed_kmh = {value}')

    err = _plan_fails(scenario, capsys)

    assert f"field 'travel.speed_kmh': expected a number {words}" in err


def test_an_unknown_top_level_key_is_refused_listing_the_known_ones(scenario_dir, capsys):
    scenario = scenario_dir / "scenario.toml"
    _replace(scenario, "setup_minutes = 10", "setup_minutes = 10\nsetpu_minutes = 5")

    err = _plan_fails(scenario, capsys)

    assert f"{scenario}:4, field 'setpu_minutes': unknown setting; known ones are name, " in err
    assert "setup_minutes, horizon, base, files, travel, planning, effects, teams" in err


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("start = 2026-03-02", "start = 2026-03-02\nend = 2026-03-09", "horizon.end"),
        ("lat = 59.90", "lat = 59.90\nalt = 12", "base.alt"),
        ('requests = "requests.csv"', 'requests = "requests.csv"\nx = "y.csv"', "files.x"),
        ('name = "Team A"', 'name = "Team A"\ncolour = "red"', "teams[0].colour"),
        ('end = "15:00"', 'end = "15:00"\nlunch = "11:30"', "teams[0].shifts[0].lunch"),
    ],
)
def test_unknown_keys_in_every_table_are_refused(scenario_dir, old, new, field):
    scenario = scenario_dir / "scenario.toml"
    _replace(scenario, old, new)

    with pytest.raises(InputError) as caught:
        read_scenario(scenario)

    assert caught.value.field == field
    assert caught.value.line == _line(scenario, new.splitlines()[1])
    assert "unknown setting; known ones are" in str(caught.value)


@pytest.mark.parametrize("name", ["/etc/passwd", "../secret.csv", "sub/../../secret.csv"])
def test_a_file_outside_the_scenario_folder_is_refused_and_not_read(scenario_dir, capsys, name):
    (scenario_dir.parent / "secret.csv").write_text("root:x:0:0:secret\n", encoding="utf-8")
    scenario = scenario_dir / "scenario.toml"
    _replace(scenario, 'sites = "sites.csv"', f'sites = "{name}"')

    err = _plan_fails(scenario, capsys)

    line = _line(scenario, "sites = ")
    assert f"{scenario}:{line}, field 'files.sites': '{name}' lies outside the folder" in err
    assert "root:" not in err and "secret\n" not in err


def test_a_symbolic_link_leading_out_of_the_folder_is_refused(scenario_dir, capsys):
    (scenario_dir.parent / "secret.csv").write_text("root:x:0:0:secret\n", encoding="utf-8")
    os.symlink(scenario_dir.parent / "secret.csv", scenario_dir / "link.csv")
    scenario = scenario_dir / "scenario.toml"
    _replace(scenario, 'matrix = "travel.csv"', 'matrix = "link.csv"')

    err = _plan_fails(scenario, capsys)

    assert "field 'travel.matrix': 'link.csv' lies outside the folder" in err
    assert "root:" not in err


def test_a_file_that_is_not_the_expected_csv_is_not_echoed(scenario_dir, capsys):
    (scenario_dir / "notes.csv").write_text("password: hunter2\nmore\n", encoding="utf-8")
    scenario = scenario_dir / "scenario.toml"
    _replace(scenario, 'sites = "sites.csv"', 'sites = "notes.csv"')

    err = _plan_fails(scenario, capsys)

    assert f"{scenario_dir / 'notes.csv'}:1, field 'id': the header line has no column 'id'" in err
    assert "expected a sites CSV file with the columns id, name, lat, lon" in err
    assert "hunter2" not in err


def test_a_folder_named_as_a_csv_file_is_refused(scenario_dir, capsys):
    (scenario_dir / "dir.csv").mkdir()
    scenario = scenario_dir / "scenario.toml"
    _replace(scenario, 'requests = "requests.csv"', 'requests = "dir.csv"')

    err = _plan_fails(scenario, capsys)

    assert f"{scenario_dir / 'dir.csv'}: not a regular file" in err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--time-limit", "-5", "argument --time-limit: expected a number more than 0 and at most"),
        ("--time-limit", "0", "argument --time-limit: expected a number more than 0"),
        ("--time-limit", "nan", "argument --time-limit: expected a finite number"),
        ("--time-limit", "inf", "argument --time-limit: expected a finite number"),
        ("--seed", "-1", "argument --seed: expected a whole number from 0 to 2147483647"),
        ("--seed", "1.5", "argument --seed: expected a whole number"),
    ],
)
def test_plan_options_are_checked_before_anything_runs(
    scenario_dir, capsys, option, value, message
):
    output = scenario_dir / "plan.json"
    with pytest.raises(SystemExit) as exited:
        main(
            [
                "rounds",
                "plan",
                str(scenario_dir / "scenario.toml"),
                "-o",
                str(output),
                option,
                value,
            ]
        )

    assert exited.value.code == 2
    assert message in capsys.readouterr().err
    assert not output.exists()


def test_an_output_in_a_missing_folder_is_refused_before_planning(scenario_dir, capsys):
    output = scenario_dir / "missing" / "plan.json"

    code = main(["rounds", "plan", str(scenario_dir / "scenario.toml"), "-o", str(output)])

    assert code == 2
    assert f"the folder {output.parent} does not exist" in capsys.readouterr().err
    assert not output.parent.exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--days", "0"),
        ("--days", "100000000"),
        ("--teams", "0"),
        ("--requests-per-weekday", "nan"),
        ("--requests-per-weekday", "-1"),
        ("--seed", "-3"),
    ],
)
def test_generate_options_are_bounded(tmp_path, capsys, option, value):
    with pytest.raises(SystemExit) as exited:
        main(["rounds", "generate", "-o", str(tmp_path / "g"), option, value])

    assert exited.value.code == 2
    assert f"argument {option}: expected" in capsys.readouterr().err
    assert not (tmp_path / "g").exists()


def test_solomon_time_limit_must_be_positive(data_dir, capsys):
    with pytest.raises(SystemExit):
        main(["rounds", "solomon", str(data_dir / "solomon" / "R101-10.txt"), "--time-limit", "-5"])
    assert "argument --time-limit: expected a number more than 0" in capsys.readouterr().err


# --- non-UTF-8 input ---------------------------------------------------------------------


def test_a_plan_json_that_is_not_utf8_names_its_file_and_line(scenario_dir, capsys):
    plan = scenario_dir / "plan.json"
    plan.write_bytes(b'{\n  "routes": [],\n  "scenario": "Troms\xf8"\n}\n')

    code = main(["rounds", "check", str(scenario_dir / "scenario.toml"), str(plan)])

    assert code == 2
    assert f"{plan}:3: not UTF-8 text: byte 0xf8 cannot be decoded" in capsys.readouterr().err


def test_a_scenario_that_is_not_utf8_names_its_file_and_line(scenario_dir, capsys):
    scenario = scenario_dir / "scenario.toml"
    line = _line(scenario, 'name = "Sykehuset"')
    scenario.write_bytes(scenario.read_bytes().replace(b"Sykehuset", b"Sykehus\xe6"))

    err = _plan_fails(scenario, capsys)

    assert f"{scenario}:{line}: not UTF-8 text: byte 0xe6 cannot be decoded" in err


def test_a_csv_that_is_not_utf8_names_its_file_and_line(scenario_dir, capsys):
    requests = scenario_dir / "requests.csv"
    requests.write_bytes(requests.read_bytes().replace(b"R3", b"R\xff3"))

    err = _plan_fails(scenario_dir / "scenario.toml", capsys)

    assert f"{requests}:4: not UTF-8 text: byte 0xff cannot be decoded" in err


# --- numbers in the CSV files and the other tables ---------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "field", "words"),
    [
        ("requests.csv", "R2,S1,hofte,20", "R2,S1,hofte,1e300", 3, "minutes", "from 1 to 1440"),
        ("requests.csv", "R2,S1,hofte,20", "R2,S1,hofte,nan", 3, "minutes", "finite"),
        ("requests.csv", "2026-03-02,2026-03-03", "9999-03-02,9999-03-03", 2, "arrives", "2199"),
        ("sites.csv", "59.95", "inf", 2, "lat", "finite"),
        ("travel.csv", "H,S1,6,12", "H,S1,nan,12", 2, "km", "finite"),
        ("travel.csv", "H,S1,6,12", "H,S1,6,100000", 2, "minutes", "from 0 to 1440"),
    ],
)
def test_csv_numbers_are_finite_and_in_range(scenario_dir, file, old, new, line, field, words):
    _replace(scenario_dir / file, old, new)

    with pytest.raises(InputError) as caught:
        read_scenario(scenario_dir / "scenario.toml")

    error = caught.value
    assert (Path(error.file).name, error.line, error.field) == (file, line, field)
    assert words in error.message


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("setup_minutes = 10", "setup_minutes = 100000", "setup_minutes", "from 0 to 1440"),
        ("lead_days = 0", "lead_days = -1", "planning.lead_days", "from 0 to 366"),
        ("lead_days = 0", "lead_days = 0\niterations = 1e12", "planning.iterations", "1000000"),
        ("lat = 59.90", "lat = 91", "base.lat", "from -90 to 90"),
        ("start = 2026-03-02", "start = 9999-12-31", "horizon.start", "from 1900-01-01"),
        (
            "[planning]",
            "[effects]\nhospital_share = nan\n\n[planning]",
            "effects.hospital_share",
            "finite",
        ),
        (
            "[planning]",
            "[effects]\nhours_away = 1e9\n\n[planning]",
            "effects.hours_away",
            "0 to 24",
        ),
        ('name = "To sykehjem"', "name = 5", "name", "expected text"),
        ("setup_minutes = 10", "setup_minutes = 10\nsynthetic = 1", "synthetic", "true or false"),
    ],
)
def test_every_number_of_the_scenario_is_in_range(scenario_dir, old, new, field, words):
    scenario = scenario_dir / "scenario.toml"
    _replace(scenario, old, new)

    with pytest.raises(InputError) as caught:
        read_scenario(scenario)

    assert caught.value.field == field
    assert caught.value.line is not None
    assert words in caught.value.message


def test_json_scenarios_refuse_nan_and_infinity_too(scenario_dir):
    path = scenario_dir / "scenario.json"
    path.write_text(
        json.dumps(
            {
                "horizon": {"start": "2026-03-02", "days": 2},
                "base": {"id": "H", "lat": 59.9, "lon": 10.7},
                "files": {"sites": "sites.csv", "requests": "requests.csv"},
                "travel": {"method": "great_circle", "speed_kmh": float("inf")},
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_scenario(path)

    assert caught.value.field == "travel.speed_kmh"
    assert caught.value.line == _line(path, '"speed_kmh": Infinity')


# --- the plan given to ``rounds check`` ----------------------------------------------------


def test_a_plan_with_nan_is_refused_naming_the_field(scenario_dir, capsys):
    plan = scenario_dir / "plan.json"
    plan.write_text('{\n  "routes": [\n    {"team": "A", "km": NaN}\n  ]\n}\n', encoding="utf-8")

    code = main(["rounds", "check", str(scenario_dir / "scenario.toml"), str(plan)])

    assert code == 2
    assert f"{plan}:3, field 'routes[0].km': expected a finite number, got 'NaN'" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ({"routes": [1, "x"]}, "route 1: not an object"),
        ({"routes": {"team": "A"}}, "routes: not a list"),
        ({"routes": [{"team": ["A"], "day": 5, "start": None, "end": "15:00"}]},
         "route 1 (['A'], 5): unreadable day or time"),
        ({"routes": [{"team": "A", "day": "2026-03-02", "start": "08:00", "end": "15:00",
                      "stops": [{"site": ["S1"]}], "km": "far"}]},
         "route 1 (A, 2026-03-02): 'km' is 'far', not a number"),
        ({"routes": [{"team": "A", "day": "2026-03-02", "start": "08:00", "end": "15:00",
                      "stops": [{"site": "S1", "requests": "R1", "arrival": "08:12",
                                 "start": "08:12", "end": "08:37"}]}]},
         "route 1 (A, 2026-03-02), stop 1 (S1): 'requests' is not a list"),
        ({"served": [{}, 3]}, "served entry 1: not an object with a 'request' id"),
        ({"unserved": [{"request": ["R1"]}]}, "unserved entry 1: not an object"),
        ({"kpis": []}, "kpis: not an object"),
    ],
)  # fmt: skip
def test_the_validator_reports_a_malformed_plan_instead_of_crashing(scenario_dir, plan, expected):
    problems = validate(read_scenario(scenario_dir / "scenario.toml"), plan)

    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_plan_that_is_not_an_object_is_refused(scenario_dir):
    path = scenario_dir / "plan.json"
    path.write_text("[]", encoding="utf-8")

    with pytest.raises(InputError, match="a plan must be a JSON object"):
        read_plan(path)


# --- Solomon instances ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("    1  nan  49  10  161  171  10", "xcoord", "finite"),
        ("    1  41  49  10  161  inf  10", "due_date", "finite"),
        ("    1  41  49  -10  161  171  10", "demand", "from 0"),
        ("    1  41  49  10  171  161  10", "due_date", "due before ready"),
    ],
)
def test_solomon_numbers_are_finite_and_in_range(data_dir, tmp_path, row, field, words):
    lines = (data_dir / "solomon" / "R101-10.txt").read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines) if line.split()[:1] == ["1"])
    lines[number] = row
    path = tmp_path / "bad.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(InputError) as caught:
        read_solomon(path)

    assert (caught.value.line, caught.value.field) == (number + 1, field)
    assert words in caught.value.message


def test_a_solomon_file_that_is_not_utf8_names_its_line(data_dir, tmp_path):
    path = tmp_path / "bad.txt"
    data = (data_dir / "solomon" / "R101-10.txt").read_bytes()
    path.write_bytes(data.replace(b"VEHICLE", b"VEHICL\xc9"))

    with pytest.raises(InputError) as caught:
        read_solomon(path)

    assert caught.value.line == 3
    assert "not UTF-8" in str(caught.value)
