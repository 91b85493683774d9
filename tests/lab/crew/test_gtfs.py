"""Reading GTFS: parent stations, times past midnight, rail only, errors naming file and line."""

from __future__ import annotations

from datetime import date

import pytest

from sokkel.lab.crew.gtfs import GtfsError, format_time, parse_time, read_feed

ROUND_TRIP = {
    "T1": [("OSL", "08:00", "08:00"), ("LLS", "08:30", "08:30")],
    "T2": [("LLS", "08:45", "08:45"), ("OSL", "09:15", "09:15")],
}


def test_stations_are_parent_stations_and_trips_run_in_order(make_gtfs, service_day) -> None:
    feed = read_feed(make_gtfs(ROUND_TRIP))
    trips = feed.trips_on(service_day)
    assert [t.id for t in trips] == ["T1", "T2"]
    assert trips[0].stop_times[0].station_id == "OSL"
    assert "OSL:1" not in feed.stations


def test_times_past_midnight_stay_on_the_service_day(make_gtfs, service_day) -> None:
    night = {"N1": [("OSL", "23:40", "23:40"), ("HMR", "25:10:30", "25:10:30")]}
    feed = read_feed(make_gtfs(night, folder=True))
    trip = feed.trips_on(service_day)[0]
    assert trip.end == 25 * 3600 + 10 * 60 + 30
    assert format_time(trip.end) == "25:10:30"
    assert parse_time("25:10:30") == trip.end


def test_rail_replacement_buses_are_left_out_and_counted(make_gtfs, service_day) -> None:
    trips = dict(ROUND_TRIP)
    trips["B1"] = {
        "stops": [("OSL", "10:00", "10:00"), ("SKI", "10:30", "10:30")],
        "route_type": 714,
    }
    feed = read_feed(make_gtfs(trips))
    assert [t.id for t in feed.trips_on(service_day)] == ["T1", "T2"]
    assert [t.id for t in feed.excluded_on(service_day)] == ["B1"]
    assert feed.summary(service_day)["rail_replacement_buses"] == 1


def test_a_missing_file_is_named(make_gtfs) -> None:
    with pytest.raises(GtfsError, match=r"stop_times\.txt.*missing"):
        read_feed(make_gtfs(ROUND_TRIP, files={"stop_times.txt": None}))


def test_a_bad_time_names_file_line_and_field(make_gtfs) -> None:
    text = (
        "trip_id,stop_id,stop_sequence,arrival_time,departure_time\n"
        "T1,OSL:1,1,08:00:00,08:00:00\n"
        "T1,LLS:1,2,8h30,08:30:00\n"
    )
    with pytest.raises(GtfsError) as error:
        read_feed(make_gtfs(ROUND_TRIP, files={"stop_times.txt": text}))
    assert str(error.value).startswith("stop_times.txt:3: field 'arrival_time'")


def test_an_unknown_stop_names_file_line_and_field(make_gtfs) -> None:
    text = (
        "trip_id,stop_id,stop_sequence,arrival_time,departure_time\n"
        "T1,OSL:1,1,08:00:00,08:00:00\n"
        "T1,NOWHERE,2,08:30:00,08:30:00\n"
    )
    with pytest.raises(GtfsError) as error:
        read_feed(make_gtfs({"T1": ROUND_TRIP["T1"]}, files={"stop_times.txt": text}))
    assert str(error.value).startswith("stop_times.txt:3: field 'stop_id'")
    assert "NOWHERE" in str(error.value)


def test_a_day_without_service_says_which_dates_the_feed_covers(make_gtfs) -> None:
    feed = read_feed(make_gtfs(ROUND_TRIP))
    with pytest.raises(GtfsError) as error:
        feed.trips_on(date(2019, 1, 1))
    assert error.value.file == "calendar.txt"
    assert "2018-10-01" in str(error.value) and "2018-10-31" in str(error.value)


def test_calendar_dates_remove_a_day(make_gtfs, service_day) -> None:
    feed = read_feed(make_gtfs(ROUND_TRIP, calendar_dates=[("DAILY", "20181016", 2)]))
    with pytest.raises(GtfsError, match="no train runs on 2018-10-16"):
        feed.trips_on(service_day)


def test_plan_times_before_midnight_have_a_minus_but_feeds_may_not(make_gtfs) -> None:
    assert format_time(-1200) == "-00:20:00"
    assert parse_time("-00:20:00") == -1200
    text = (
        "trip_id,stop_id,stop_sequence,arrival_time,departure_time\n"
        "T1,OSL:1,1,-00:10:00,-00:10:00\n"
        "T1,LLS:1,2,08:30:00,08:30:00\n"
    )
    with pytest.raises(GtfsError, match=r"stop_times\.txt:2: field 'arrival_time'"):
        read_feed(make_gtfs({"T1": ROUND_TRIP["T1"]}, files={"stop_times.txt": text}))
