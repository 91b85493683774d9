"""``sokkel crew scp FILE``: solve an OR-Library file from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sokkel.cli import main

TINY = Path(__file__).parent / "data" / "scp_tiny.txt"


@pytest.mark.parametrize("method", ["lagrangian", "highs", "neighbourhoods"])
def test_it_ends_with_one_json_line(capsys, method):
    code = main(["crew", "scp", str(TINY), "--time-limit", "5", "--method", method, "--json"])

    out, err = capsys.readouterr()
    assert code == 0
    last = json.loads(out.strip().splitlines()[-1])
    assert set(last) == {"cost", "lower_bound", "time_to_best_s"}
    assert last["cost"] == 4
    assert last["lower_bound"] <= 4
    assert "cost 4" in err  # progress goes to stderr


def test_without_json_it_prints_a_summary(capsys):
    assert main(["crew", "scp", str(TINY), "--time-limit", "5", "--seed", "2"]) == 0

    out, _ = capsys.readouterr()
    assert out.startswith("cost 4, lower bound")


def test_a_round_budget_is_reported(capsys):
    assert main(["crew", "scp", str(TINY), "--time-limit", "5", "--max-rounds", "2"]) == 0

    out, _ = capsys.readouterr()
    assert out.startswith("cost 4, lower bound")
    assert "stopped by the time limit" not in out


def test_a_negative_round_budget_exits_2(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["crew", "scp", str(TINY), "--max-rounds", "-1"])

    assert exited.value.code == 2
    _, err = capsys.readouterr()
    assert "argument --max-rounds: expected a whole number from 0 to 1000000, got '-1'" in err


def test_a_bad_file_exits_2_naming_line_and_field(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("3 2\n1 2 1 2\n1 1 nine\n")

    code = main(["crew", "scp", str(bad), "--json"])

    _, err = capsys.readouterr()
    assert code == 2
    assert f"{bad}, line 3, column 2: row 1 of 1: 'nine' is not a whole number" in err
