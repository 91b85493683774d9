"""The plan's HTML report (key figures, Gantt per depot, duty cards) and its CSV of duties.

Uses the hand-written valid plan of ``check_cases/`` (see ``test_check.py``): three duties,
D1 and D2 from Oslo S, D3 from Hamar.
"""

from __future__ import annotations

import copy
import csv
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from sokkel.lab.crew.gtfs import read_feed
from sokkel.lab.crew.report import CSV_COLUMNS, write_csv, write_html

CASES = Path(__file__).parent / "check_cases"
NAMES = {"OSL": "Oslo S", "HMR": "Hamar", "EID": "Eidsvoll", "DRM": "Drammen", "SKI": "Ski"}


@pytest.fixture
def plan() -> dict[str, Any]:
    return json.loads((CASES / "valid-plan.json").read_text(encoding="utf-8"))


def week(plan: dict[str, Any]) -> dict[str, Any]:
    wednesday = copy.deepcopy(plan)
    wednesday["date"] = "2018-10-17"
    total = {
        "days": 2,
        "duties": 6,
        "legs_total": 16,
        "legs_covered": 16,
        "cost": 26790.0,
        "lower_bound": 26000.0,
        "gap": 0.03038,
        "paid_hours": 24.0,
    }
    return {"days": [plan, wednesday], "total": total}


class Page(HTMLParser):
    """Collects what a reader of the report meets: text, elements, ids and references."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data.strip())

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    def classed(self, name: str) -> list[dict[str, str | None]]:
        return [a for _, a in self.tags if name in (a.get("class") or "").split()]


def render(plan: dict[str, Any], tmp_path: Path) -> tuple[str, Page]:
    path = tmp_path / "report.html"
    write_html(plan, path)
    html = path.read_text(encoding="utf-8")
    return html, Page(html)


def test_the_report_has_a_duty_card_per_duty(plan: dict[str, Any], tmp_path: Path) -> None:
    _, page = render(plan, tmp_path)

    cards = page.classed("duty-card")
    assert [c["id"] for c in cards] == ["dagsverk-D1", "dagsverk-D2", "dagsverk-D3"]
    assert "Dagsverkskort" in page.text and "D3" in page.text


def test_a_duty_card_lists_each_task_in_norwegian(plan: dict[str, Any], tmp_path: Path) -> None:
    plan["station_names"] = NAMES
    html, _ = render(plan, tmp_path)

    card = html[html.index('id="dagsverk-D3"') :]
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", card, flags=re.S)
    ][1:]
    assert rows == [
        ["Oppmøte", "", "Hamar", "Hamar", "09:00", "09:15"],
        ["Gange", "", "Hamar", "Hamar", "09:15", "09:20"],
        ["Passasjerreise", "T2", "Hamar", "Eidsvoll", "09:30", "10:20"],
        ["Taxi", "", "Eidsvoll", "Hamar", "10:25", "11:25"],
        ["Avslutning", "", "Hamar", "Hamar", "11:25", "11:35"],
    ]
    assert 'Oppmøte</dt><dd class="num">09:00' in card
    assert 'Avslutning</dt><dd class="num">11:35' in card


def test_given_the_timetable_the_report_names_stations_and_trains(
    plan: dict[str, Any], tmp_path: Path, make_gtfs: Callable[..., Path]
) -> None:
    day = json.loads((CASES / "day.json").read_text(encoding="utf-8"))
    feed = read_feed(make_gtfs(day["trips"], calendar=day["calendar"]))
    path = tmp_path / "report.html"

    write_html(plan, path, feed=feed)

    html = path.read_text(encoding="utf-8")
    assert (
        '<td>R100 Hamar<br><small class="trip-id">T1</small></td><td>Oslo S</td><td>Hamar</td>'
    ) in html
    assert "<title>Kjøring R100 Hamar, Oslo S – Hamar, 07:00–08:30</title>" in html


def test_legs_the_planner_could_not_cover_are_listed_with_their_rule(
    plan: dict[str, Any], tmp_path: Path
) -> None:
    plan["station_names"] = NAMES
    plan["legs_covered"] = 7
    plan["uncovered"] = [
        {
            "trip_id": "T9",
            "from": "HMR",
            "to": "OSL",
            "start": "22:00:00",
            "end": "23:30:00",
            "rule": "span",
            "message": "no duty from a depot reaches it within 10 h",
        },
    ]
    plan["excluded"] = {"trips": 4, "rail_replacement_buses": 3}

    _, page = render(plan, tmp_path)

    text = page.text
    assert "Etapper uten dagsverk" in text
    start = text.index("Forklaring") + 1
    assert text[start : start + 7] == [
        "T9",
        "Hamar",
        "Oslo S",
        "22:00",
        "23:30",
        "span",
        "no duty from a depot reaches it within 10 h",
    ]
    assert "7 av 8" in text
    assert text[text.index("Turer utelatt (ikke tog)") + 1] == "4"
    assert text[text.index("Herav buss for tog") + 1] == "3"


def test_the_report_shows_the_key_figures(plan: dict[str, Any], tmp_path: Path) -> None:
    _, page = render(plan, tmp_path)

    text = page.text
    shown = text[text.index("Nøkkeltall") + 1 : text.index("Dagsverk per depot")]
    figures = dict(zip(shown[::2], shown[1::2], strict=True))
    assert figures["Etapper dekket"] == "8 av 8"
    assert figures["Dagsverk"] == "3"
    assert figures["Betalt tid"] == "12,0 t"
    assert figures["Effektivitet (kjøretid / betalt tid)"] == "43,1 %"
    assert figures["Avstand til nedre grense"] == "3,0 %"
    assert figures["Kostnad"] == "13\u00a0395 kr"
    depots = text.index("Dagsverk per depot")
    assert text[depots + 1 : depots + 7] == ["Depot", "Dagsverk", "HMR", "1", "OSL", "2"]


@pytest.mark.parametrize(
    ("proven", "bound", "gap"),
    [
        (True, "Nedre grense (LP)", "Avstand til nedre grense"),
        (False, "LP-verdi (anslag, ikke bevist nedre grense)", "Avstand til LP-verdien"),
    ],
)
def test_a_bound_that_is_not_proven_reads_as_the_lp_value(
    plan: dict[str, Any], tmp_path: Path, proven: bool, bound: str, gap: str
) -> None:
    plan["solver"] = {"bound_proven": proven}
    text = render(plan, tmp_path)[1].text
    assert text[text.index(bound) + 1] == "13\u00a0000 kr"
    assert text[text.index(gap) + 1] == "3,0 %"


def test_the_gantt_chart_has_one_labelled_chart_per_depot_with_a_legend(
    plan: dict[str, Any], tmp_path: Path
) -> None:
    plan["station_names"] = NAMES
    html, page = render(plan, tmp_path)

    charts = page.all("svg")
    assert len(charts) == 2  # Hamar and Oslo S
    ids = {a.get("id") for _, a in page.tags}
    for chart in charts:
        assert chart["role"] == "img"
        assert all(ref in ids for ref in (chart["aria-labelledby"] or "").split())
    assert "Gantt-diagram for depot Oslo S" in page.text
    # Every bar says what it is; the legend names every colour.
    assert len(page.all("rect")) == 11 + 6 + 5
    assert "<title>Kjøring T1, Oslo S – Hamar, 07:00–08:30</title>" in html
    legend = page.text[page.text.index("Oppmøte og avslutning") :][:6]
    assert legend == [
        "Oppmøte og avslutning",
        "Kjøring",
        "Passasjerreise",
        "Taxi",
        "Gange",
        "Pause",
    ]


def test_the_report_is_self_contained_and_prints_a_card_per_page(
    plan: dict[str, Any], tmp_path: Path
) -> None:
    html, page = render(plan, tmp_path)

    assert not page.all("link") and not page.all("script") and not page.all("img")
    assert not [a for _, a in page.tags if (a.get("src") or "").strip()]
    assert not [a for _, a in page.tags if (a.get("href") or "").startswith("http")]
    assert "@media print" in html and "break-before: page" in html
    assert page.all("html")[0]["lang"] == "nb"


def test_a_multi_day_plan_has_a_section_per_day_and_the_total(
    plan: dict[str, Any], tmp_path: Path
) -> None:
    html, page = render(week(plan), tmp_path)

    assert [s["id"] for s in page.all("section") if s.get("id")] == [
        "dag-2018-10-16",
        "dag-2018-10-17",
    ]
    text = page.text
    shown = text[text.index("Totalt for alle dager") + 1 : text.index("Dagsverk per depot")]
    total = dict(zip(shown[::2], shown[1::2], strict=True))
    assert total["Etapper dekket"] == "16 av 16"
    assert total["Dager"] == "2"
    assert total["Dagsverk"] == "6"
    assert total["Betalt tid"] == "24,0 t"
    assert total["Kjøretid"] == "10,3 t"  # from the duties: the total gives none
    assert total["Avstand til nedre grense"] == "3,0 %"
    assert total["Kostnad"] == "26\u00a0790 kr"
    assert len(page.classed("duty-card")) == 6
    assert len({c["id"] for c in page.classed("duty-card")}) == 6  # anchors stay unique


def test_the_csv_has_one_row_per_duty(plan: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "duties.csv"

    write_csv(plan, path)

    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["id"] for r in rows] == ["D1", "D2", "D3"]
    assert rows[0] == {
        "date": "2018-10-16",
        "id": "D1",
        "depot": "OSL",
        "sign_on": "06:40:00",
        "sign_off": "13:55:00",
        "span": "7:15",
        "work": "6:35",
        "paid": "7:15",
        "driving": "4:20",
        "tasks": "11",
        "trips": "T1 T2 T3 T4",
    }


def test_the_csv_of_a_multi_day_plan_has_every_days_duties(
    plan: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "duties.csv"

    write_csv(week(plan), path)

    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["date"], r["id"]) for r in rows] == [
        ("2018-10-16", "D1"),
        ("2018-10-16", "D2"),
        ("2018-10-16", "D3"),
        ("2018-10-17", "D1"),
        ("2018-10-17", "D2"),
        ("2018-10-17", "D3"),
    ]


@pytest.mark.browser
def test_the_report_has_no_wcag_violations(
    plan: dict[str, Any], tmp_path: Path, chromium: Any, axe: Callable[[Any], list]
) -> None:
    plan["station_names"] = NAMES
    html, _ = render(week(plan), tmp_path)
    page = chromium.new_page()
    page.set_content(html)
    assert axe(page) == []
    page.close()


def test_times_before_and_after_the_service_days_midnight_read_as_clock_times(
    tmp_path: Path,
) -> None:
    night = {
        "date": "2018-10-16",
        "crew": "driver",
        "duties": [
            {
                "id": "N1",
                "depot": "OSL",
                "tasks": [
                    {
                        "kind": "sign_on",
                        "from": "OSL",
                        "to": "OSL",
                        "start": "-00:15:00",
                        "end": "00:00:00",
                    },
                    {
                        "kind": "drive",
                        "trip_id": "T1",
                        "from": "OSL",
                        "to": "HMR",
                        "start": "00:05:00",
                        "end": "25:20:00",
                    },
                    {
                        "kind": "sign_off",
                        "from": "HMR",
                        "to": "HMR",
                        "start": "25:20:00",
                        "end": "25:30:00",
                    },
                ],
            }
        ],
    }

    html, page = render(night, tmp_path)

    card = page.text[page.text.index("Dagsverkskort N1") :]
    assert card[card.index("Oppmøte") + 1] == "23:45 (\u22121)"
    assert card[card.index("Avslutning") + 1] == "01:30 (+1)"
    ticks = [t for t in page.text if re.fullmatch(r"\d\d", t)]
    assert ticks[:3] == ["23", "00", "01"] and ticks[-1] == "02"
