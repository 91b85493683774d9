"""The HTML report: Norwegian, self-contained, honest about estimates, and accessible."""

from __future__ import annotations

from pathlib import Path

import pytest

from sokkel.lab.rounds import read_scenario, solve
from sokkel.lab.rounds.report import render_report


@pytest.fixture
def report(data_dir: Path) -> str:
    scenario = read_scenario(data_dir / "two_sites" / "scenario.toml")
    return render_report(scenario, solve(scenario, seed=1, time_limit=5))


def test_report_shows_effects_timeline_map_and_sources(report):
    assert "Dette er modellanslag, ikke målinger." in report
    assert "Vestfold 2017" in report and "Kjelle et al. 2019" in report
    assert "Tidslinje per team" in report
    assert report.count("<circle") == 2  # one per site on the route map
    assert "08:12" in report and "09:42" in report  # the stop times in the timeline table
    assert "<script" not in report and "<link" not in report  # nothing fetched from outside


@pytest.mark.browser
def test_report_has_no_wcag_violations(report, chromium, axe):
    page = chromium.new_page()
    page.set_content(report)
    assert axe(page) == []
    page.close()
