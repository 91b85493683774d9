"""Reading the API: lists with filters and pagination, details, units, drafts kept private."""

from __future__ import annotations

import pytest

from sokkel.innovations import services
from sokkel.innovations.models import ActorType, EffectKind, Innovation, Phase
from sokkel.units.models import Sector, Unit, UnitKind


@pytest.fixture
def other_unit(db):
    return Unit.objects.create(key="sor-skole", name="Sør skole", kind=UnitKind.SCHOOL)


@pytest.fixture
def school_story(charlie, other_unit):
    return services.create_innovation(
        by=charlie,
        title="Vandreboka",
        problem="Lærlinger strøk.",
        what_we_did="Læringsteam.",
        what_changed="Flere besto fagprøven.",
        units=[other_unit],
        sector=Sector.EDUCATION,
        publish=True,
    )


def titles(response) -> list[str]:
    return sorted(item["title"] for item in response.json()["items"])


def test_it_lists_published_innovations_for_anonymous_visitors(client, innovation, draft):
    response = client.get("/api/v1/innovations")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item == {
        "id": innovation.pk,
        "title": "Mobil røntgen",
        "slug": "mobil-rontgen",
        "phase": "discovered",
        "sector": "health_care",
        "unit": {"key": "testvik-sykehjem", "name": "Testvik sykehjem"},
        "units": [{"key": "testvik-sykehjem", "name": "Testvik sykehjem"}],
        "evidence_level": None,
        "is_published": True,
        "url": "/innovasjoner/mobil-rontgen/",
    }


@pytest.mark.parametrize(
    ("persona", "sees_draft"),
    [("alice", True), ("bob", True), ("admin_user", True), ("charlie", False), (None, False)],
)
def test_it_shows_drafts_only_to_those_who_may_see_them(
    request, client_for, innovation, draft, persona, sees_draft
):
    person = request.getfixturevalue(persona) if persona else None
    client = client_for(person)
    listed = client.get("/api/v1/innovations").json()
    assert ("Nattevakt-appen" in [item["title"] for item in listed["items"]]) is sees_draft
    detail = client.get(f"/api/v1/innovations/{draft.pk}")
    assert detail.status_code == (200 if sees_draft else 404)
    if not sees_draft:
        assert detail.json() == {"message": "Fant ikke det du ba om."}


def test_it_filters_by_unit_including_sub_units(client, unit, innovation, school_story):
    assert titles(client.get(f"/api/v1/innovations?unit={unit.key}")) == ["Mobil røntgen"]
    assert titles(client.get("/api/v1/innovations?unit=sor-skole")) == ["Vandreboka"]


def test_it_refuses_an_unknown_unit_filter_by_name(client, innovation):
    response = client.get("/api/v1/innovations?unit=atlantis")
    assert response.status_code == 400
    assert response.json()["errors"] == {"unit": ["Ukjent enhet: atlantis."]}


def test_it_filters_by_phase_sector_evidence_and_text(
    client, settings, alice, innovation, school_story
):
    settings.SOKKEL_PHASE_RULES = "relaxed"
    services.update_innovation(innovation, by=alice, version=1, evidence_level=3)
    services.move_phase(innovation, by=alice, to_phase=Phase.TRIED)
    assert titles(client.get("/api/v1/innovations?phase=tried")) == ["Mobil røntgen"]
    assert titles(client.get("/api/v1/innovations?phase=discovered")) == ["Vandreboka"]
    assert titles(client.get("/api/v1/innovations?sector=education")) == ["Vandreboka"]
    assert titles(client.get("/api/v1/innovations?evidence_level=3")) == ["Mobil røntgen"]
    assert titles(client.get("/api/v1/innovations?q=FAGPR%C3%98VEN")) == ["Vandreboka"]
    assert titles(client.get("/api/v1/innovations?q=radiograf")) == ["Mobil røntgen"]
    assert titles(client.get("/api/v1/innovations?q=RØNTGEN%20sykehjem")) == ["Mobil røntgen"]
    either = titles(client.get("/api/v1/innovations?q=røntgen%20lærlinger"))  # any word will do
    assert sorted(either) == ["Mobil røntgen", "Vandreboka"]
    assert titles(client.get("/api/v1/innovations?q=narkose")) == []


def test_it_paginates_with_limit_and_offset(client, charlie, other_unit):
    for number in range(5):
        services.create_innovation(
            by=charlie,
            title=f"Historie {number}",
            problem="p",
            what_we_did="w",
            what_changed="c",
            units=[other_unit],
            sector=Sector.TRANSPORT,
            publish=True,
        )
    first = client.get("/api/v1/innovations?limit=2").json()
    rest = client.get("/api/v1/innovations?limit=2&offset=2").json()
    last = client.get("/api/v1/innovations?limit=2&offset=4").json()
    assert (first["count"], len(first["items"]), len(rest["items"]), len(last["items"])) == (
        5,
        2,
        2,
        1,
    )
    seen = {item["id"] for page in (first, rest, last) for item in page["items"]}
    assert len(seen) == 5
    found = [
        client.get(f"/api/v1/innovations?q=historie&limit=2&offset={offset}").json()
        for offset in (0, 2, 4, 6)
    ]
    assert [page["count"] for page in found] == [5, 5, 5, 5]
    assert [len(page["items"]) for page in found] == [2, 2, 1, 0]
    assert {item["id"] for page in found for item in page["items"]} == seen


def test_it_refuses_a_limit_out_of_range(client, db):
    response = client.get("/api/v1/innovations?limit=1000")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["limit"]


def test_it_refuses_an_unknown_phase_filter(client, db):
    response = client.get("/api/v1/innovations?phase=famous")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["phase"]


def test_it_returns_the_detail_with_team_effects_and_journey(
    client, alice, bob, researcher, innovation
):
    services.add_team_member(innovation, by=alice, actor_type=ActorType.RESEARCH, person=researcher)
    services.add_effect(
        innovation,
        by=alice,
        kind=EffectKind.QUANTITATIVE,
        name="Sykehusturer",
        baseline=10,
        result=4,
        n=50,
        source="Illustrasjon",
        is_illustrative=True,
    )
    services.move_phase(innovation, by=alice, to_phase=Phase.TRIED, note="Prøvd")
    services.anchor_innovation(innovation, by=bob)
    services.give_kudos(innovation, by=bob)
    detail = client.get(f"/api/v1/innovations/{innovation.pk}").json()
    assert detail["phase"] == "tried"
    assert [(m["name"], m["is_researcher"]) for m in detail["team"]] == [
        ("Alice Aasen", False),
        ("Rita Forsker", True),
    ]
    assert "email" not in str(detail["team"])
    effect = detail["effects"][0]
    assert (effect["name"], effect["change"], effect["is_illustrative"]) == (
        "Sykehusturer",
        -6,
        True,
    )
    assert [(s["event"], s["from_phase"], s["to_phase"]) for s in detail["journey"]] == [
        ("created", None, "discovered"),
        ("moved", "discovered", "tried"),
    ]
    assert detail["journey"][1]["by"] == "Alice Aasen"
    assert (detail["sponsor"], detail["kudos"], detail["version"]) == ("Bob Berg", 1, 1)
    assert detail["problem"].startswith("Beboere med demens")
    assert detail["can_edit"] is False


def test_it_tells_the_team_it_may_edit(client_for, alice, innovation):
    detail = client_for(alice).get(f"/api/v1/innovations/{innovation.pk}").json()
    assert detail["can_edit"] is True


def test_it_answers_404_as_json_for_a_missing_innovation(client, db):
    response = client.get("/api/v1/innovations/999999")
    assert response.status_code == 404
    assert response.json() == {"message": "Fant ikke det du ba om."}


def test_it_lists_units_parents_first(client, unit, home):
    units = client.get("/api/v1/units").json()
    assert [(u["key"], u["parent"]) for u in units] == [
        ("kommune-9999", None),
        ("testvik-sykehjem", "kommune-9999"),
    ]


def test_it_publishes_an_openapi_document(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/innovations", "/api/v1/innovations/{innovation_id}/phase"} <= set(
        document["paths"]
    )
    assert set(document["components"]["securitySchemes"]) == {"BearerToken", "SessionWithCsrf"}


def test_it_leaves_innovations_untouched_when_reading(client, innovation):
    client.get(f"/api/v1/innovations/{innovation.pk}")
    assert Innovation.objects.get(pk=innovation.pk).version == 1
