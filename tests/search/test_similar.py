"""Similar innovations on the innovation page and in the API, and possible duplicates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sokkel.search.similar import possible_duplicates, similar_innovations

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(tell: Callable[..., Any]) -> dict[str, Any]:
    # Stories on other themes, so that a word or tag is as rare as in a real collection (in
    # four stories, words two of them share weigh nothing in bm25).
    tell("Leseglede på 2. trinn", "Faste lesevenner fra 6. trinn.", tags=("lesing",))
    tell("Uteskole i matematikk", "Elevene måler trær i skogen.", tags=("matematikk",))
    tell("Hybelkompis", "Elever som bor på hybel får en frivillig.", tags=("frivillighet",))
    return {
        "xray": tell(
            "Mobil røntgen på sykehjemmet",
            "Beboere med demens måtte til sykehuset for røntgen.",
            tags=("demens", "røntgen"),
        ),
        "xray_too": tell(
            "Røntgen hjemme hos beboerne",
            "Radiografen tar røntgenbilder på sykehjem.",
            tags=("røntgen",),
        ),
        "dementia": tell("Musikk mot uro", "Sang for beboere med demens.", tags=("demens",)),
        "trains": tell("Bedre dagsverk", "Planlegging av togpersonalets turnus."),
    }


def test_it_finds_innovations_with_shared_words_and_tags(stories: dict[str, Any]) -> None:
    similar = similar_innovations(stories["xray"])
    assert similar[0] == stories["xray_too"]
    assert stories["dementia"] in similar
    assert stories["xray"] not in similar
    assert stories["trains"] not in similar


def test_it_never_suggests_drafts(tell: Callable[..., Any], stories: dict[str, Any]) -> None:
    tell("Røntgen for demente beboere", tags=("røntgen", "demens"), publish=False)
    titles = [item.title for item in similar_innovations(stories["xray"])]
    assert "Røntgen for demente beboere" not in titles
    assert {item.title for item in possible_duplicates("røntgen for demente")} == {
        "Mobil røntgen på sykehjemmet",
        "Røntgen hjemme hos beboerne",
    }


def test_the_page_shows_similar_innovations(stories: dict[str, Any], client_for: Callable) -> None:
    body = client_for(None).get(stories["xray"].get_absolute_url()).content.decode()
    assert "Lignende innovasjoner" in body
    assert stories["xray_too"].get_absolute_url() in body
    assert stories["trains"].get_absolute_url() not in body


def test_the_api_lists_similar_innovations(stories: dict[str, Any], client_for: Callable) -> None:
    response = client_for(None).get(f"/api/v1/innovations/{stories['xray'].pk}/similar")
    assert response.status_code == 200
    items = response.json()["items"]
    assert items[0]["title"] == "Røntgen hjemme hos beboerne"
    assert "Bedre dagsverk" not in [item["title"] for item in items]


def test_the_api_hides_a_drafts_similar_innovations(draft: Any, client_for: Callable) -> None:
    response = client_for(None).get(f"/api/v1/innovations/{draft.pk}/similar")
    assert response.status_code == 404


def test_the_create_form_asks_for_duplicates_while_typing(
    stories: dict[str, Any], client_for: Callable, charlie: Any
) -> None:
    client = client_for(charlie)
    form = client.get("/innovasjoner/ny/").content.decode()
    assert 'hx-get="/sok/lignende/"' in form and 'hx-include="#id_title"' in form
    fragment = client.get("/sok/lignende/", {"title": "Røntgen av beboerne"}).content.decode()
    assert "Finnes dette allerede?" in fragment
    assert stories["xray_too"].get_absolute_url() in fragment
    assert client.get("/sok/lignende/", {"title": "og på"}).content.decode().strip() == ""


def test_a_word_still_being_typed_finds_duplicates(stories: dict[str, Any]) -> None:
    titles = {item.title for item in possible_duplicates("Mobil rønt")}
    assert titles == {"Mobil røntgen på sykehjemmet", "Røntgen hjemme hos beboerne"}
    assert possible_duplicates("Planlegging av dagsv")[0] == stories["trains"]
