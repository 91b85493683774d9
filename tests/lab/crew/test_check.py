"""The independent validator: a valid hand-written plan passes; each rule broken once is named.

The tiny day (``check_cases/day.json``) and its valid plan (``check_cases/valid-plan.json``)
were written by hand. Station roles: depots Oslo S (OSL) and Hamar (HMR); relief points
also Eidsvoll (EID) and Drammen (DRM); break stations the depots and DRM. Checked by hand
against the default driver rules (sign-on 15 min, sign-off 10 min, span ≤ 10 h, work ≤ 9 h,
≤ 5 h 30 min between breaks, a 30 min break overlapping the 3rd–6th hour when work exceeds
5 h 30 min, changeover 10 min, walk 5 min, taxi 70 km/h × 1.3 detour):

* D1 (OSL) 06:40–13:55: span 7:15, a 40 min break at HMR 08:35–09:15 (window
  08:40–12:40), work 6:35 in stretches of 1:55 and 4:40; drives T1, T2, T3 (12 min after
  T2 arrives), T4.
* D2 (OSL) 07:30–09:40 drives T5 and T6 (taking over at SKI, the trip's end).
* D3 (HMR) 09:00–11:35 rides T2 to EID and takes a taxi home (67.7 road km: 58 min
  needed, 60 min given).

Every test changes one thing in that plan (or one limit of the rules) and expects exactly
the violations the change causes, with the duty, the rule and the times.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sokkel.lab.crew.check import Violation, check_plan, legs_of_day, validate_plan
from sokkel.lab.crew.gtfs import Feed, read_feed
from sokkel.lab.crew.network import StationRoles
from sokkel.lab.crew.rules import Rules, load_rules

CASES = Path(__file__).parent / "check_cases"
DAY = json.loads((CASES / "day.json").read_text(encoding="utf-8"))


@pytest.fixture
def feed(make_gtfs: Callable[..., Path]) -> Feed:
    return read_feed(make_gtfs(DAY["trips"], calendar=DAY["calendar"]))


@pytest.fixture
def plan() -> dict[str, Any]:
    return json.loads((CASES / "valid-plan.json").read_text(encoding="utf-8"))


def roles() -> StationRoles:
    lists = {key: frozenset(ids) for key, ids in DAY["stations"].items()}
    return StationRoles(lists["depots"], lists["relief_points"], lists["break_stations"], "test")


def driver_rules() -> Rules:
    return load_rules(None, "driver")


def task(
    kind: str, place: str, start: str, end: str, to: str | None = None, trip: str | None = None
) -> dict[str, str]:
    item = {"kind": kind, "from": place, "to": to or place, "start": start, "end": end}
    if trip is not None:
        item["trip_id"] = trip
    return item


def check(feed: Feed, plan: dict[str, Any], rules: Rules | None = None) -> list[Violation]:
    return check_plan(feed, plan, rules or driver_rules(), roles())


def tasks(plan: dict[str, Any], duty_id: str) -> list[dict[str, str]]:
    return next(d for d in plan["duties"] if d["id"] == duty_id)["tasks"]


def rules_named(violations: list[Violation]) -> set[str]:
    return {v.rule for v in violations}


def only(violations: list[Violation], rule: str) -> Violation:
    found = [v for v in violations if v.rule == rule]
    assert len(found) == 1, violations
    return found[0]


def test_the_hand_written_plan_is_valid(feed: Feed, plan: dict[str, Any]) -> None:
    result = validate_plan(feed, plan, driver_rules(), roles())

    assert result.violations == []
    assert (result.duties, result.legs, result.legs_covered) == (3, 8, 8)
    assert result.days == ["2018-10-16"]


def test_a_leg_nobody_drives_is_named_with_its_trip_stations_and_times(
    feed: Feed, plan: dict[str, Any]
) -> None:
    tasks(plan, "D2")[3]["kind"] = "deadhead"  # D2 rides T6 instead of driving it

    violations = check(feed, plan)

    assert rules_named(violations) == {"uncovered"}
    v = only(violations, "uncovered")
    assert v.duty_id is None
    assert "trip T6 Ski (SKI) 09:00:00 → Oslo S (OSL) 09:25:00" in v.message
    assert (v.start, v.end, v.day) == ("09:00:00", "09:25:00", "2018-10-16")


def test_a_leg_driven_twice_names_both_duties(feed: Feed, plan: dict[str, Any]) -> None:
    tasks(plan, "D3")[2]["kind"] = "drive"  # D3 drives T2 HMR–EID, which D1 drives too

    violations = check(feed, plan)

    assert rules_named(violations) == {"double_coverage"}
    assert {v.duty_id for v in violations} == {"D1", "D3"}
    leg = "trip T2 Hamar (HMR) 09:30:00 → Eidsvoll (EID) 10:20:00"
    assert all(leg in v.message for v in violations)
    assert all("D1, D3" in v.message for v in violations)


def test_a_phantom_trip_is_named_and_its_leg_left_uncovered(
    feed: Feed, plan: dict[str, Any]
) -> None:
    tasks(plan, "D2")[2]["trip_id"] = "T9"

    violations = check(feed, plan)

    assert rules_named(violations) == {"trip", "uncovered"}
    v = only(violations, "trip")
    assert v.duty_id == "D2"
    assert "trip T9 is not in the timetable" in v.message
    assert (v.start, v.end) == ("08:00:00", "08:25:00")
    assert "trip T5" in only(violations, "uncovered").message


def test_a_drive_at_the_wrong_time_is_named_with_the_timetable_time(
    feed: Feed, plan: dict[str, Any]
) -> None:
    tasks(plan, "D2")[2]["end"] = "08:20:00"  # T5 reaches SKI at 08:25

    violations = check(feed, plan)

    assert rules_named(violations) == {"trip", "uncovered"}
    assert "reaches Ski (SKI) at 08:25:00, not 08:20:00" in only(violations, "trip").message


def test_a_trip_that_does_not_run_that_day_is_named(feed: Feed, plan: dict[str, Any]) -> None:
    tasks(plan, "D2")[2]["trip_id"] = "W1"  # a weekend train

    violations = check(feed, plan)

    assert "trip W1 does not run on 2018-10-16" in only(violations, "trip").message


def test_a_driver_may_leave_a_train_only_at_a_relief_point(
    feed: Feed, plan: dict[str, Any]
) -> None:
    d1 = tasks(plan, "D1")
    d1[2:3] = [  # T1 split at Lillestrøm, which is no relief point
        task("drive", "OSL", "07:00:00", "07:15:00", "LLS", "T1"),
        task("drive", "LLS", "07:16:00", "08:30:00", "HMR", "T1"),
    ]

    violations = check(feed, plan)

    assert [(v.duty_id, v.rule, v.message.split(": ")[-1]) for v in violations] == [
        (
            "D1",
            "relief_point",
            "the driver leaves trip T1 at Lillestrøm (LLS), which is not a relief point",
        ),
        (
            "D1",
            "relief_point",
            "the driver takes over trip T1 at Lillestrøm (LLS), which is not a relief point",
        ),
        (
            None,
            "uncovered",
            "trip T1 Oslo S (OSL) 07:00:00 → Eidsvoll (EID) 07:40:00"
            " is driven only in part (by D1)",
        ),
    ]


def test_a_jump_in_place_is_a_discontinuity(feed: Feed, plan: dict[str, Any]) -> None:
    walk = tasks(plan, "D1")[9]
    walk["from"] = walk["to"] = "DRM"  # walking at Drammen after arriving in Oslo

    violations = check(feed, plan)

    assert rules_named(violations) == {"continuity_place"}
    assert violations[0].duty_id == "D1"
    assert violations[0].message == (
        "walk starts at Drammen (DRM) but the drive before it ends at Oslo S (OSL)"
    )


def test_a_task_starting_before_the_previous_ends_is_a_discontinuity(
    feed: Feed, plan: dict[str, Any]
) -> None:
    tasks(plan, "D1")[5]["start"] = "09:10:00"  # the break lasts until 09:15

    v = only(check(feed, plan), "continuity_time")

    assert v.duty_id == "D1"
    assert (v.start, v.end) == ("09:10:00", "09:15:00")


def test_too_short_a_changeover_between_trains(feed: Feed, plan: dict[str, Any]) -> None:
    rules = dataclasses.replace(driver_rules(), min_changeover=15 * 60)

    violations = check(feed, plan, rules)

    assert rules_named(violations) == {"changeover"}
    v = violations[0]
    assert v.duty_id == "D1"
    assert "12 min at Oslo S (OSL) from trip T2 to trip T3" in v.message
    assert "minimum changeover is 15 min" in v.message
    assert (v.start, v.end) == ("11:00:00", "11:12:00")


def test_no_time_to_walk_from_the_train_to_the_break(feed: Feed, plan: dict[str, Any]) -> None:
    d1 = tasks(plan, "D1")
    del d1[3]  # no walk after arriving at Hamar
    d1[3]["start"] = "08:30:00"

    v = only(check(feed, plan), "changeover")

    assert "0 min at Hamar (HMR) between drive and break; the walk takes 5 min" in v.message


def test_sign_on_away_from_the_duty_depot(feed: Feed, plan: dict[str, Any]) -> None:
    next(d for d in plan["duties"] if d["id"] == "D2")["depot"] = "HMR"

    violations = check(feed, plan)

    assert rules_named(violations) == {"sign_on", "sign_off"}
    v = only(violations, "sign_on")
    assert v.message == "sign-on at Oslo S (OSL), not at the depot Hamar (HMR)"


def test_too_short_a_sign_on(feed: Feed, plan: dict[str, Any]) -> None:
    tasks(plan, "D1")[0]["start"] = "06:45:00"

    v = only(check(feed, plan), "sign_on")

    assert "sign-on lasts 10 min, the rules need 15 min" in v.message
    assert (v.start, v.end) == ("06:45:00", "06:55:00")


def test_a_duty_ending_at_another_depot(feed: Feed, plan: dict[str, Any]) -> None:
    d3 = tasks(plan, "D3")
    d3[3].update(to="OSL", end="11:30:00")  # taxi to Oslo (70.9 road km, 61 min)
    d3[4].update({"from": "OSL", "to": "OSL", "start": "11:30:00", "end": "11:40:00"})

    violations = check(feed, plan)

    assert rules_named(violations) == {"sign_off", "same_depot"}
    v = only(violations, "same_depot")
    assert v.message == "the duty starts at Hamar (HMR) and ends at Oslo S (OSL)"


def test_too_long_a_span(feed: Feed, plan: dict[str, Any]) -> None:
    rules = dataclasses.replace(driver_rules(), max_span=7 * 3600)

    v = only(check(feed, plan, rules), "span")

    assert v.duty_id == "D1"
    assert "spans 7 h 15 min; the maximum is 7 h 00 min" in v.message
    assert (v.start, v.end) == ("06:40:00", "13:55:00")


def test_too_much_work(feed: Feed, plan: dict[str, Any]) -> None:
    rules = dataclasses.replace(driver_rules(), max_work=6 * 3600)

    violations = check(feed, plan, rules)

    assert rules_named(violations) == {"work"}
    assert "works 6 h 35 min; the maximum is 6 h 00 min" in violations[0].message


def test_too_much_continuous_work(feed: Feed, plan: dict[str, Any]) -> None:
    rules = dataclasses.replace(driver_rules(), max_continuous_work=4 * 3600 + 30 * 60)

    violations = check(feed, plan, rules)

    assert rules_named(violations) == {"continuous_work"}
    v = violations[0]
    assert "4 h 40 min of work without a break" in v.message
    assert (v.duty_id, v.start, v.end) == ("D1", "09:15:00", "13:55:00")


def test_a_missing_break(feed: Feed, plan: dict[str, Any]) -> None:
    d1 = tasks(plan, "D1")
    d1[4]["end"] = "08:55:00"  # a 20-minute break is no break
    d1[5].update(start="08:55:00", end="09:00:00")

    violations = check(feed, plan)

    assert rules_named(violations) == {"break_missing", "continuous_work"}
    v = only(violations, "break_missing")
    assert "works 6 h 55 min and needs a break of 30 min; the longest is 20 min" in v.message


def test_a_break_outside_the_window(feed: Feed, plan: dict[str, Any]) -> None:
    d1 = tasks(plan, "D1")
    del d1[4:6]  # no break at Hamar ...
    d1[-1:] = [  # ... but one in Oslo at the end of the day
        task("break", "OSL", "13:45:00", "14:15:00"),
        task("walk", "OSL", "14:15:00", "14:20:00"),
        task("sign_off", "OSL", "14:20:00", "14:30:00"),
    ]

    violations = check(feed, plan)

    # The late break also leaves 7 h 05 min of work before it.
    assert rules_named(violations) == {"break_window", "continuous_work"}
    v = only(violations, "break_window")
    assert "break 13:45:00–14:15:00 lies outside the window 08:40:00–12:40:00" in v.message


def test_a_break_at_a_station_without_a_crew_room(feed: Feed, plan: dict[str, Any]) -> None:
    d3 = tasks(plan, "D3")
    d3[3:] = [
        task("walk", "EID", "10:20:00", "10:25:00"),
        task("break", "EID", "10:25:00", "10:55:00"),
        task("taxi", "EID", "10:55:00", "11:55:00", "HMR"),
        task("sign_off", "HMR", "11:55:00", "12:05:00"),
    ]

    violations = check(feed, plan)

    assert rules_named(violations) == {"break_place"}
    assert violations[0].message == (
        "break at Eidsvoll (EID), which is neither a depot nor a break station"
    )


def test_a_taxi_faster_than_the_road_allows(feed: Feed, plan: dict[str, Any]) -> None:
    d3 = tasks(plan, "D3")
    d3[3]["end"] = "10:45:00"
    d3[4].update(start="10:45:00", end="10:55:00")

    violations = check(feed, plan)

    assert rules_named(violations) == {"taxi"}
    v = violations[0]
    assert (
        "taxi Eidsvoll (EID) → Hamar (HMR): 67.7 km by road in 20 min; at 70 km/h it needs "
        "58 min 4 s" == v.message
    )
    assert (v.duty_id, v.start, v.end) == ("D3", "10:25:00", "10:45:00")


def test_a_malformed_plan_names_the_duty_and_the_field(feed: Feed, plan: dict[str, Any]) -> None:
    tasks(plan, "D2")[0]["start"] = "7:3"
    del plan["duties"][2]["depot"]
    del tasks(plan, "D1")[2]["trip_id"]

    violations = check(feed, plan)

    messages = {(v.duty_id, v.message) for v in violations if v.rule == "format"}
    assert ("D1", "'duties[0].tasks[2].trip_id' is missing (a drive needs its trip)") in messages
    assert ("D2", "'duties[1].tasks[0].start' is '7:3', not a time HH:MM:SS") in messages
    assert ("D3", "'duties[2].depot' is missing") in messages
    # D1's unreadable drive leaves its two legs of T1 uncovered; nothing else is reported.
    assert rules_named(violations) == {"format", "uncovered"}
    assert len([v for v in violations if v.rule == "uncovered"]) == 2


def test_a_plan_without_a_date_or_duties_says_so(feed: Feed) -> None:
    violations = check(feed, {"crew": "driver"})

    assert [v.message for v in violations] == [
        "'date' is missing (YYYY-MM-DD)",
        "'duties' is missing or not a list",
    ]


def test_a_multi_day_plan_is_checked_day_by_day(feed: Feed, plan: dict[str, Any]) -> None:
    wednesday = copy.deepcopy(plan)
    wednesday["date"] = "2018-10-17"
    tasks(wednesday, "D2")[3]["kind"] = "deadhead"

    result = validate_plan(feed, {"days": [plan, wednesday], "total": {}}, driver_rules(), roles())

    assert [(v.day, v.rule) for v in result.violations] == [("2018-10-17", "uncovered")]
    assert (result.duties, result.legs, result.legs_covered) == (6, 16, 15)
    assert result.days == ["2018-10-16", "2018-10-17"]


def test_a_violation_reads_with_its_day_duty_rule_and_times() -> None:
    v = Violation("D7", "span", "the duty spans 11 h", "06:00:00", "17:00:00", "2018-10-16")

    assert str(v) == "2018-10-16 D7 [span] 06:00:00–17:00:00: the duty spans 11 h"


def test_the_legs_of_a_day_are_cut_at_the_relief_points(feed: Feed) -> None:
    legs = legs_of_day(feed, date(2018, 10, 16), roles())

    assert [leg.describe() for leg in legs if leg.trip_id in ("T1", "T5")] == [
        "trip T1 OSL 07:00:00 → EID 07:40:00",  # Lillestrøm is no relief point
        "trip T1 EID 07:42:00 → HMR 08:30:00",
        "trip T5 OSL 08:00:00 → SKI 08:25:00",
    ]
    assert len(legs) == 8


def test_a_leg_count_other_than_the_validators_is_named(feed: Feed, plan: dict[str, Any]) -> None:
    plan["legs_total"] = 9  # the planner cut the trips elsewhere

    violations = check(feed, plan)

    assert [(v.rule, v.message) for v in violations] == [
        ("legs_total", "legs_total is 9; the timetable cut at the relief points has 8 legs"),
    ]


def test_a_plan_for_conductors_checked_with_driver_rules_says_so(
    feed: Feed, plan: dict[str, Any]
) -> None:
    plan["crew"] = "conductor"

    assert [v.message for v in check(feed, plan)] == [
        "the plan is for conductors, the rules for drivers"
    ]


def test_a_plan_for_a_day_without_trains_names_the_feeds_dates(
    feed: Feed, plan: dict[str, Any]
) -> None:
    plan["date"] = "2019-01-01"

    v = only(check(feed, plan), "date")

    assert "no train runs on 2019-01-01" in v.message
    assert "2018-10-01 – 2018-10-31" in v.message


def test_a_night_duty_past_midnight_is_checked_on_its_service_day(
    make_gtfs: Callable[..., Path],
) -> None:
    feed = read_feed(
        make_gtfs(
            {
                "N1": [("OSL", "23:50", "23:50"), ("HMR", "25:20", "25:20")],
                "N2": [("HMR", "26:00", "26:00"), ("OSL", "27:30", "27:30")],
            }
        )
    )
    night = {
        "date": "2018-10-16",
        "crew": "driver",
        "duties": [
            {
                "id": "N",
                "depot": "OSL",
                "tasks": [
                    task("sign_on", "OSL", "23:25:00", "23:40:00"),
                    task("walk", "OSL", "23:40:00", "23:45:00"),
                    task("drive", "OSL", "23:50:00", "25:20:00", "HMR", "N1"),
                    task("walk", "HMR", "25:20:00", "25:25:00"),
                    task("drive", "HMR", "26:00:00", "27:30:00", "OSL", "N2"),
                    task("walk", "OSL", "27:30:00", "27:35:00"),
                    task("sign_off", "OSL", "27:35:00", "27:45:00"),
                ],
            },
        ],
    }

    assert check(feed, night) == []

    night["duties"][0]["tasks"][-1]["end"] = "33:45:00"  # a sign-off of six hours
    v = only(check(feed, night), "span")
    assert (v.start, v.end) == ("23:25:00", "33:45:00")


def test_a_sign_on_before_the_service_days_midnight_is_checked(
    make_gtfs: Callable[..., Path],
) -> None:
    feed = read_feed(
        make_gtfs(
            {
                "E1": [("OSL", "00:05", "00:05"), ("HMR", "01:35", "01:35")],
                "E2": [("HMR", "02:00", "02:00"), ("OSL", "03:30", "03:30")],
            }
        )
    )
    early = {
        "date": "2018-10-16",
        "crew": "driver",
        "duties": [
            {
                "id": "E",
                "depot": "OSL",
                "tasks": [
                    task("sign_on", "OSL", "-00:15:00", "00:00:00"),
                    task("walk", "OSL", "00:00:00", "00:05:00"),
                    task("drive", "OSL", "00:05:00", "01:35:00", "HMR", "E1"),
                    task("walk", "HMR", "01:35:00", "01:40:00"),
                    task("drive", "HMR", "02:00:00", "03:30:00", "OSL", "E2"),
                    task("walk", "OSL", "03:30:00", "03:35:00"),
                    task("sign_off", "OSL", "03:35:00", "03:45:00"),
                ],
            },
        ],
    }

    assert check(feed, early) == []

    early["duties"][0]["tasks"][0]["start"] = "-00:10:00"
    v = only(check(feed, early), "sign_on")
    assert (v.start, v.end) == ("-00:10:00", "00:00:00")
