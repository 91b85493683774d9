"""The rule profiles: documented defaults, overrides and errors naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from sokkel.lab.crew.rules import RulesError, load_rules


def test_defaults_follow_the_break_regulation() -> None:
    rules = load_rules(None, "driver")
    assert rules.break_length == 30 * 60
    assert rules.break_length_long == 45 * 60
    assert (rules.break_window_start, rules.break_window_end) == (2 * 3600, 6 * 3600)
    assert rules.deadhead_is_work
    assert rules.required_break(5 * 3600) == 0
    assert rules.required_break(7 * 3600) == 30 * 60
    assert rules.required_break(8 * 3600 + 60) == 45 * 60


def test_each_crew_type_has_its_own_profile() -> None:
    assert load_rules(None, "driver").crew == "driver"
    assert load_rules(None, "conductor").hourly_cost != load_rules(None, "driver").hourly_cost


def test_a_file_overrides_some_values_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text('[driver]\nmax_span = "9:30"\nmin_changeover = 12\n', encoding="utf-8")
    rules = load_rules(path, "driver")
    assert rules.max_span == 9.5 * 3600
    assert rules.min_changeover == 12 * 60
    assert rules.walk == load_rules(None, "driver").walk
    assert rules.source == str(path)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('[driver]\nmax_span = "ten hours"\n', "driver.max_span"),
        ("[driver]\ncoffee_breaks = 3\n", "driver.coffee_breaks"),
        ("[driver]\ntaxi_cost_per_km = -1\n", "driver.taxi_cost_per_km"),
        ('[pilot]\nmax_span = "9:00"\n', "pilot"),
        ('[driver]\nmax_work = "11:00"\n', "driver.max_work"),
    ],
)
def test_bad_rules_name_the_file_and_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as error:
        load_rules(path, "driver")
    assert str(path) in str(error.value)
    assert f"'{field}'" in str(error.value)


def test_unknown_crew_type_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="crew"):
        load_rules(None, "pilot")
    with pytest.raises(RulesError, match="no such file"):
        load_rules(tmp_path / "nope.toml", "driver")
