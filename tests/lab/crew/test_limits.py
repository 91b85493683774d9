"""Limits on every crew input: bad values name file, line and field; nothing is written.

Tiny files in ``tmp_path``; nothing is planned (every bad input stops the command first).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sokkel.cli import main
from sokkel.lab.crew.check import PlanError, read_plan
from sokkel.lab.crew.gtfs import GtfsError, read_feed
from sokkel.lab.crew.network import StationsError, read_stations_file
from sokkel.lab.crew.rules import RulesError, load_rules
from sokkel.lab.crew.scp import ScpFormatError, read_orlib

CASES = Path(__file__).parent / "check_cases"
DAY = json.loads((CASES / "day.json").read_text(encoding="utf-8"))
ROUND_TRIP = {
    "T1": [("OSL", "08:00", "08:00"), ("LLS", "08:30", "08:30")],
    "T2": [("LLS", "08:45", "08:45"), ("OSL", "09:15", "09:15")],
}


@pytest.fixture
def plan() -> dict[str, Any]:
    return json.loads((CASES / "valid-plan.json").read_text(encoding="utf-8"))


# --- the review's findings -----------------------------------------------------------------


def test_a_plan_json_that_is_not_utf8_names_its_file_and_line(make_gtfs, tmp_path, capsys):
    path = tmp_path / "plan.json"
    path.write_bytes(b'{\n  "date": "2018-10-16",\n  "crew": "driver\xe6"\n}\n')

    code = main(["crew", "check", str(make_gtfs(ROUND_TRIP)), str(path)])

    assert code == 2
    err = capsys.readouterr().err
    assert f"{path}:3: not UTF-8 text: byte 0xe6 cannot be decoded" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--time-limit", "-5", "argument --time-limit: expected a number more than 0 and at most"),
        ("--time-limit", "nan", "argument --time-limit: expected a finite number"),
        ("--prove-bound", "-1", "argument --prove-bound: expected a number from 0 to 86400"),
        ("--prove-bound", "inf", "argument --prove-bound: expected a finite number"),
        ("--workers", "0", "argument --workers: expected a whole number from 1 to 64"),
        ("--workers", "1000000", "argument --workers: expected a whole number from 1 to 64"),
        ("--seed", "-1", "argument --seed: expected a whole number from 0 to 2147483647"),
    ],
)
def test_plan_options_are_checked_before_anything_runs(tmp_path, capsys, option, value, message):
    output = tmp_path / "plan.json"
    with pytest.raises(SystemExit) as exited:
        main(
            ["crew", "plan", str(tmp_path / "feed.zip"), "--date", "2018-10-16",
             "-o", str(output), option, value]
        )  # fmt: skip

    assert exited.value.code == 2
    assert message in capsys.readouterr().err
    assert not output.exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--time-limit", "-5", "argument --time-limit: expected a number more than 0"),
        ("--time-limit", "nan", "argument --time-limit: expected a finite number"),
        ("--seed", "-1", "argument --seed: expected a whole number from 0"),
    ],
)
def test_scp_options_are_checked(capsys, option, value, message):
    tiny = Path(__file__).parent / "data" / "scp_tiny.txt"
    with pytest.raises(SystemExit) as exited:
        main(["crew", "scp", str(tiny), option, value])

    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_a_day_range_beyond_a_year_is_refused(tmp_path, capsys):
    output = tmp_path / "plan.json"

    code = main(
        ["crew", "plan", str(tmp_path / "feed.zip"), "--from", "2018-01-01", "--to", "2999-12-31",
         "-o", str(output)]
    )  # fmt: skip

    assert code == 2
    assert "--from … --to spans more than 366 days" in capsys.readouterr().err
    assert not output.exists()


def test_an_output_in_a_missing_folder_is_refused_before_reading(tmp_path, capsys):
    output = tmp_path / "missing" / "plan.json"

    code = main(
        ["crew", "plan", str(tmp_path / "feed.zip"), "--date", "2018-10-16", "-o", str(output)]
    )

    assert code == 2
    assert f"the folder {output.parent} does not exist" in capsys.readouterr().err


# --- the plan given to ``crew check`` ------------------------------------------------------------


def test_a_plan_with_nan_or_infinity_is_refused_naming_the_field(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{\n  "date": "2018-10-16",\n  "cost": -Infinity,\n  "duties": []\n}\n')

    with pytest.raises(PlanError) as caught:
        read_plan(path)

    assert (caught.value.line, caught.value.field) == (3, "cost")
    assert str(caught.value).startswith(f"{path}:3: field 'cost': expected a finite number")


def test_a_plan_that_is_a_folder_is_refused(tmp_path):
    with pytest.raises(PlanError, match="not a regular file"):
        read_plan(tmp_path)


def test_a_plans_rules_file_outside_its_folder_is_not_read(
    make_gtfs, plan, tmp_path, capsys
) -> None:
    secret = tmp_path / "secret.toml"
    secret.write_text('[driver]\npassword = "hunter2"\n', encoding="utf-8")
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in (str(secret), "../secret.toml"):
        plan["rules_file"] = name
        path = folder / "plan.json"
        path.write_text(json.dumps(plan), encoding="utf-8")

        code = main(["crew", "check", str(make_gtfs(DAY["trips"], calendar=DAY["calendar"])),
                     str(path)])  # fmt: skip

        assert code == 2
        err = capsys.readouterr().err
        assert f"{path}: field 'rules_file': '{name}' lies outside the folder" in err
        assert "give --rules FILE" in err
        assert "password" not in err and "hunter2" not in err


def test_a_plans_rules_file_missing_from_its_folder_asks_for_rules(
    make_gtfs, plan, tmp_path, capsys
) -> None:
    plan["rules_file"] = "gone.toml"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")

    code = main(["crew", "check", str(make_gtfs(DAY["trips"], calendar=DAY["calendar"])),
                 str(path)])  # fmt: skip

    assert code == 2
    assert "field 'rules_file': 'gone.toml' is not a file in the plan's folder" in (
        capsys.readouterr().err
    )


def test_a_plan_made_with_the_packaged_rules_elsewhere_is_checked_with_them(
    make_gtfs, plan, tmp_path, capsys
) -> None:
    plan["rules_file"] = "/elsewhere/site-packages/sokkel/lab/crew/data/rules.toml"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")

    code = main(["crew", "check", str(make_gtfs(DAY["trips"], calendar=DAY["calendar"])),
                 str(path)])  # fmt: skip

    assert code == 0, capsys.readouterr().err


# --- rule profiles and station roles --------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ("taxi_speed_kmh = nan", "driver.taxi_speed_kmh", "expected a finite number"),
        ("hourly_cost = inf", "driver.hourly_cost", "expected a finite number"),
        ("hourly_cost = 1e300", "driver.hourly_cost", "from 0 to 100000"),
        ("taxi_speed_kmh = 0", "driver.taxi_speed_kmh", "from 1 to 200"),
        ("taxi_detour_factor = 0.5", "driver.taxi_detour_factor", "from 1 to 10"),
        ("max_span = 100000000", "driver.max_span", "from 0 to 24:00"),
        ('max_span = "99:00"', "driver.max_span", "from 0 to 24:00"),
        ('walk = "0:75"', "driver.walk", "not a duration"),
        ("coffee = 3", "driver.coffee", "unknown rule; known ones are sign_on, sign_off"),
    ],
)
def test_rules_are_finite_and_in_range_naming_file_line_and_field(tmp_path, line, field, words):
    path = tmp_path / "rules.toml"
    path.write_text(f'# my rules\n[driver]\nsign_on = "0:15"\n{line}\n', encoding="utf-8")

    with pytest.raises(RulesError) as caught:
        load_rules(path, "driver")

    assert (caught.value.file, caught.value.line, caught.value.field) == (str(path), 4, field)
    assert words in caught.value.message


def test_a_rules_file_that_is_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_bytes(b'[driver]\n# r\xe9gles\nsign_on = "0:15"\n')

    with pytest.raises(RulesError) as caught:
        load_rules(path, "driver")

    assert str(caught.value) == f"{path}:2: not UTF-8 text: byte 0xe9 cannot be decoded"


def test_a_rules_file_that_is_a_folder_is_refused(tmp_path):
    with pytest.raises(RulesError, match="not a regular file"):
        load_rules(tmp_path, "driver")


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        ('[[station]]\nid = "OSL"\nroles = ["depot"]\nparking = 3\n', 4, "station[1].parking",
         "unknown setting; known ones are id, name, roles"),
        ('title = "x"\n[[station]]\nid = "OSL"\nroles = ["depot"]\n', 1, "title",
         "unknown setting"),
        ('[[station]]\nid = "OSL"\nroles = ["depot"]\nweight = nan\n', 4, "station[1].weight",
         "expected a finite number"),
    ],
)  # fmt: skip
def test_station_files_refuse_unknown_keys_naming_line_and_field(
    tmp_path, text, line, field, words
):
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(StationsError) as caught:
        read_stations_file(path)

    assert (caught.value.line, caught.value.field) == (line, field)
    assert words in caught.value.message


def test_a_station_file_that_is_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_bytes(b'[[station]]\nid = "OSL"\nname = "Oslo \xd8"\nroles = ["depot"]\n')

    with pytest.raises(StationsError) as caught:
        read_stations_file(path)

    assert caught.value.line == 3
    assert "not UTF-8 text" in caught.value.message


# --- GTFS ----------------------------------------------------------------------------------


def _stop_times(*rows: str) -> str:
    return "trip_id,stop_id,stop_sequence,arrival_time,departure_time\n" + "".join(
        f"{row}\n" for row in rows
    )


def _zip(folder: Path, compression: int = zipfile.ZIP_STORED) -> Path:
    """The files of a folder feed as a zip beside it."""
    path = folder.with_suffix(".zip")
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for file in sorted(folder.iterdir()):
            archive.writestr(file.name, file.read_bytes())
    return path


@pytest.mark.parametrize("as_zip", [False, True])
def test_a_gtfs_file_that_is_not_utf8_names_file_and_line(make_gtfs, as_zip):
    folder = make_gtfs(ROUND_TRIP, folder=True)
    good = _stop_times(
        "T1,OSL:1,1,08:00:00,08:00:00",
        "T1,LLS:1,2,08:30:00,08:30:00",
        "T2,LLS:1,1,08:45:00,08:45:00",
    )
    (folder / "stop_times.txt").write_bytes(good.encode() + b"T2,OSL\xff:1,2,09:15:00,09:15:00\n")

    with pytest.raises(GtfsError) as caught:
        read_feed(_zip(folder) if as_zip else folder)

    assert str(caught.value) == "stop_times.txt:5: not UTF-8 text"


@pytest.mark.parametrize(
    ("stations", "field", "words"),
    [
        ({"OSL": ("Oslo S", float("nan"), 10.75)}, "stop_lat", "expected a finite number"),
        ({"OSL": ("Oslo S", 59.9, float("inf"))}, "stop_lon", "expected a finite number"),
        ({"OSL": ("Oslo S", 159.9, 10.75)}, "stop_lat", "from -90 to 90"),
    ],
)
def test_gtfs_coordinates_are_finite_and_in_range(make_gtfs, stations, field, words):
    stations = {**stations, "LLS": ("Lillestrøm", 59.9553, 11.0497)}

    with pytest.raises(GtfsError) as caught:
        read_feed(make_gtfs(ROUND_TRIP, stations=stations))

    assert (caught.value.file, caught.value.line, caught.value.field) == ("stops.txt", 2, field)
    assert words in caught.value.message


def test_an_absurd_gtfs_time_is_refused(make_gtfs):
    text = _stop_times("T1,OSL:1,1,08:00:00,08:00:00", "T1,LLS:1,2,99999:30:00,99999:30:00")

    with pytest.raises(GtfsError) as caught:
        read_feed(make_gtfs(ROUND_TRIP, files={"stop_times.txt": text}))

    assert str(caught.value).startswith("stop_times.txt:3: field 'arrival_time': bad time:")
    assert "later than 72:00:00" in str(caught.value)


def test_a_damaged_zip_member_is_named(make_gtfs):
    path = _zip(make_gtfs(ROUND_TRIP, folder=True), zipfile.ZIP_DEFLATED)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("stops.txt")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 2, start + info.compress_size - 2):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))

    with pytest.raises(GtfsError) as caught:
        read_feed(path)

    assert caught.value.file == "stops.txt"
    assert caught.value.message in (
        "cannot read the file: the zip file is damaged",
        "not UTF-8 text",
    )


# --- OR-Library files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("2000000 1\n", "header: number of rows", "outside 1..1e+06"),
        ("2 99999999999\n", "header: number of columns", "outside 1..1e+07"),
        ("1 1\n1e300 1 1\n", "column 1: cost", "outside 0..1e+09"),
    ],
)
def test_orlib_counts_and_costs_are_bounded(tmp_path, text, field, words):
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="ascii")

    with pytest.raises(ScpFormatError) as caught:
        read_orlib(path)

    assert caught.value.field == field
    assert words in str(caught.value)
