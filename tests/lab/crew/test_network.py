"""Station roles and cutting trips into legs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sokkel.lab.crew.gtfs import read_feed
from sokkel.lab.crew.network import StationsError, cut_legs, derive_stations, load_stations

THROUGH = {
    "T1": [
        ("ASR", "07:00", "07:00"),
        ("OSL", "07:25", "07:27"),
        ("LLS", "07:40", "07:41"),
        ("EID", "08:10", "08:10"),
    ],
    "T2": [
        ("EID", "08:30", "08:30"),
        ("LLS", "09:00", "09:01"),
        ("OSL", "09:14", "09:16"),
        ("ASR", "09:40", "09:40"),
    ],
}


def roles_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stations.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_trips_are_cut_at_relief_points(make_gtfs, service_day, tmp_path) -> None:
    feed = read_feed(make_gtfs(THROUGH))
    path = roles_file(
        tmp_path,
        '[[station]]\nid = "OSL"\nroles = ["depot"]\n'
        '[[station]]\nid = "LLS"\nroles = ["relief_point"]\n',
    )
    roles = load_stations(path, feed)
    assert roles.depots == {"OSL"} and roles.relief_points == {"OSL", "LLS"}
    legs = cut_legs(feed.trips_on(service_day), roles.relief_points)
    t1 = [(g.from_station, g.to_station) for g in legs if g.trip_id == "T1"]
    assert t1 == [("ASR", "OSL"), ("OSL", "LLS"), ("LLS", "EID")]
    second = next(g for g in legs if g.trip_id == "T1" and g.from_station == "OSL")
    assert (second.start, second.end) == (7 * 3600 + 27 * 60, 7 * 3600 + 40 * 60)


def test_a_feed_without_a_file_gets_derived_roles(make_gtfs) -> None:
    feed = read_feed(make_gtfs(THROUGH))
    roles = load_stations(None, feed)
    assert roles.source.startswith("derived from the network")
    assert {"ASR", "EID"} <= roles.relief_points
    assert roles.depots <= roles.relief_points
    assert roles == derive_stations(feed)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('[[station]]\nid = "XXX"\nroles = ["depot"]\n', "station[1].id"),
        ('[[station]]\nid = "OSL"\nroles = ["canteen"]\n', "station[1].roles"),
        ('[[station]]\nid = "OSL"\nroles = ["relief_point"]\n', "station"),
    ],
)
def test_bad_station_files_name_file_and_field(make_gtfs, tmp_path, text, field) -> None:
    feed = read_feed(make_gtfs(THROUGH))
    path = roles_file(tmp_path, text)
    with pytest.raises(StationsError) as error:
        load_stations(path, feed)
    assert str(path) in str(error.value) and f"'{field}'" in str(error.value)
