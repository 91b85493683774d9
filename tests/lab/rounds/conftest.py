"""Fixtures for the rounds planner: tiny scenarios built in Python or read from ``data/``.

``make_scenario`` builds a one-team scenario on a matrix of travel times, so times can
be checked by hand::

    scenario = make_scenario(
        requests=[("R1", "S1", 15, "urgent", "2026-03-02", "2026-03-02")],
        shift=("08:00", "09:00"),
    )

Sites ``S1`` and ``S2`` are 12 minutes (6 km) from the base ``H`` and 20 minutes
(10 km) from each other; the setup is 10 minutes; the horizon starts on Monday
2026-03-02; requests may be served on the day they arrive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

import pytest

from sokkel.lab.rounds import Place, Planning, Priority, Request, Scenario, Shift, Team, Travel

DATA = Path(__file__).parent / "data"
MATRIX = {
    ("H", "S1"): (6000, 12),
    ("S1", "H"): (6000, 12),
    ("H", "S2"): (6000, 12),
    ("S2", "H"): (6000, 12),
    ("S1", "S2"): (10000, 20),
    ("S2", "S1"): (10000, 20),
}


def _clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def make_scenario() -> Callable[..., Scenario]:
    def make(
        requests: list[tuple[str, str, int, str, str, str]],
        shift: tuple[str, str] = ("08:00", "15:00"),
        days: int = 1,
        lead_days: int = 0,
    ) -> Scenario:
        sites = {
            "S1": Place("S1", "Nord", 59.95, 10.70),
            "S2": Place("S2", "Sør", 59.85, 10.70),
        }
        return Scenario(
            name="test",
            start=dt.date(2026, 3, 2),
            days=days,
            base=Place("H", "Sykehuset", 59.90, 10.70),
            sites=MappingProxyType(sites),
            requests=tuple(
                Request(
                    id=rid,
                    site=site,
                    exam="thorax",
                    service_minutes=minutes,
                    priority=Priority(priority),
                    arrives=dt.date.fromisoformat(arrives),
                    due=dt.date.fromisoformat(due),
                )
                for rid, site, minutes, priority, arrives, due in requests
            ),
            teams=(
                Team(
                    "A",
                    "Team A",
                    (
                        Shift(
                            ("mon", "tue", "wed", "thu", "fri"), _clock(shift[0]), _clock(shift[1])
                        ),
                    ),
                ),
            ),
            setup_minutes=10,
            travel=Travel(method="matrix", matrix=MappingProxyType(MATRIX)),
            planning=Planning(lead_days=lead_days, iterations=200),
        )

    return make
