"""The list page's search: ranked, highlighted, combined with the filters, no drafts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

#: Queries that once gave the list page a 500 (only stopwords or signs), FTS syntax, and long.
HARD_QUERIES = [
    "og",
    "a",
    "ø",
    '"',
    "*",
    "-",
    "%",
    "'",
    "\\",
    "NEAR(",
    "OR",
    "røntgen OR",
    "x" * 300,
]


def titles(response: Any) -> list[str]:
    return [item.title for item in response.context["page"].object_list]


def test_it_ranks_and_highlights(tell: Callable[..., Any], client_for: Callable) -> None:
    tell("Bedre turnus", "En lærling var med i forbifarten.")
    tell("Lærlinger i kommunen", "Ordningen for nye fagarbeidere.")
    tell("Mobil røntgen")
    response = client_for(None).get("/innovasjoner/", {"q": "lærlingene"})
    assert titles(response) == ["Lærlinger i kommunen", "Bedre turnus"]
    assert "En <mark>lærling</mark> var med" in response.content.decode()
    assert "<mark>Lærlinger</mark> i kommunen" in response.content.decode()


def test_it_combines_with_the_filters(tell: Callable[..., Any], client_for: Callable) -> None:
    tell("Lærling i helse", sector="health_care")
    tell("Lærling i skolen", sector="education")
    response = client_for(None).get("/innovasjoner/", {"q": "lærling", "sector": "education"})
    assert titles(response) == ["Lærling i skolen"]


def test_drafts_stay_out_even_for_their_team(
    tell: Callable[..., Any], client_for: Callable, alice: Any
) -> None:
    tell("Nattevakt på sykehjem", publish=False)
    tell("Sykehjemmets hage")
    response = client_for(alice).get("/innovasjoner/", {"q": "sykehjem"})
    assert titles(response) == ["Sykehjemmets hage"]


def test_every_page_has_the_search_box(client_for: Callable, innovation: Any) -> None:
    for url in ["/", "/innovasjoner/", innovation.get_absolute_url()]:
        body = client_for(None).get(url).content.decode()
        assert 'role="search"' in body and 'name="q"' in body


def test_the_api_q_is_the_ranked_search(tell: Callable[..., Any], client_for: Callable) -> None:
    tell("Bedre turnus", "En lærling var med i forbifarten.")
    tell("Lærlinger i kommunen", "Ordningen for nye fagarbeidere.")
    tell("Nattevakt for lærlinger", publish=False)
    body = client_for(None).get("/api/v1/innovations", {"q": "lærlingene"}).json()
    assert body["count"] == 2
    assert [item["title"] for item in body["items"]] == ["Lærlinger i kommunen", "Bedre turnus"]


def test_a_nul_in_the_api_q_separates_words(tell: Callable[..., Any], client_for: Callable) -> None:
    tell("Mobil røntgen")
    response = client_for(None).get("/api/v1/innovations", {"q": "mobil\0røntgen"})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Mobil røntgen"]


def test_cards_count_kudos_for_the_page(
    innovation: Any, bob: Any, charlie: Any, client_for: Callable
) -> None:
    from sokkel.innovations.services import give_kudos

    give_kudos(innovation, by=bob)
    give_kudos(innovation, by=charlie)
    for params in ({}, {"q": "røntgen"}):
        body = client_for(None).get("/innovasjoner/", params).content.decode()
        assert "2 heiarop" in body


def test_signed_in_lists_show_drafts_they_may_see_newest_first(
    tell: Callable[..., Any], client_for: Callable, alice: Any
) -> None:
    tell("Først publisert")
    tell("Nattevakt på sykehjem", publish=False)
    response = client_for(alice).get("/innovasjoner/")
    assert titles(response) == ["Nattevakt på sykehjem", "Først publisert"]


def test_the_pages_link_to_the_ends_and_the_neighbours(client_for: Callable) -> None:
    from sokkel.innovations.models import Innovation

    Innovation.objects.bulk_create(
        Innovation(title=f"Idé {n}", slug=f"ide-{n}", sector="health_care", is_published=True)
        for n in range(20 * 12)
    )
    body = client_for(None).get("/innovasjoner/", {"side": 6}).content.decode()
    linked = {number for number in range(1, 13) if f'href="?side={number}"' in body}
    assert linked == {1, 4, 5, 6, 7, 8, 12}
    assert 'aria-current="true" href="?side=6"' in body


def test_a_search_counts_and_pages_its_hits(tell: Callable[..., Any], client_for: Callable) -> None:
    for number in range(21):
        tell(f"Lærling nummer {number}")
    tell("Mobil røntgen")
    client = client_for(None)
    first = client.get("/innovasjoner/", {"q": "lærlingene"})
    assert "21 innovasjoner" in first.content.decode()
    assert len(titles(first)) == 20
    for side in ("2", "9"):  # a page past the last shows the last
        last = client.get("/innovasjoner/", {"q": "lærlingene", "side": side})
        assert "21 innovasjoner" in last.content.decode()
        assert len(titles(last)) == 1
        assert set(titles(last)).isdisjoint(titles(first))


@pytest.mark.parametrize("text", HARD_QUERIES)
def test_no_query_breaks_the_list_page_or_the_api(
    text: str, tell: Callable[..., Any], client_for: Callable
) -> None:
    tell("Mobil røntgen")
    client = client_for(None)
    assert client.get("/innovasjoner/", {"q": text}).status_code == 200
    response = client.get("/api/v1/innovations", {"q": text})
    assert response.status_code == 200
    assert response.json()["count"] in (0, 1)


def test_a_search_of_small_words_says_why_it_finds_nothing(
    tell: Callable[..., Any], client_for: Callable
) -> None:
    tell("Og så videre")
    body = client_for(None).get("/innovasjoner/", {"q": "og"}).content.decode()
    assert "0 innovasjoner" in body
    assert "Søket har ingen ord å lete etter" in body


def test_a_misspelt_search_shows_its_hits_and_links_the_word_meant(
    tell: Callable[..., Any], client_for: Callable
) -> None:
    tell("Mobil røntgen", "Røntgen på sykehjemmet.", sector="health_care")
    client = client_for(None)
    response = client.get("/innovasjoner/", {"q": "sykehejm", "sector": "health_care"})
    assert titles(response) == ["Mobil røntgen"]
    body = response.content.decode()
    assert (
        'Mente du <a class="ds-link" href="?q=sykehjem&amp;sector=health_care">sykehjem</a>?'
        in body
    )
    api = client.get("/api/v1/innovations", {"q": "sykehejm"}).json()
    assert api["suggestion"] == "sykehjem"
    assert [item["title"] for item in api["items"]] == ["Mobil røntgen"]


def test_a_page_number_past_any_offset_shows_the_last_page(
    tell: Callable[..., Any], client_for: Callable
) -> None:
    tell("Mobil røntgen")
    response = client_for(None).get("/innovasjoner/", {"q": "røntgen", "side": str(2**63)})
    assert titles(response) == ["Mobil røntgen"]
    api = client_for(None).get("/api/v1/innovations", {"q": "røntgen", "offset": 2**62})
    assert api.status_code == 400
    assert "offset" in api.json()["errors"]


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=80))
def test_any_text_searches_without_a_server_error(
    text: str, innovation: Any, client_for: Callable
) -> None:
    """Every page and endpoint that reads free text from the query string."""
    client = client_for(None)
    assert client.get("/innovasjoner/", {"q": text}).status_code == 200
    assert client.get("/innovasjoner/", {"q": "røntgen", "side": text}).status_code == 200
    assert client.get("/api/v1/innovations", {"q": text}).status_code == 200
    assert client.get("/sok/lignende/", {"title": text}).status_code == 200
    assert client.get("/enheter/forslag/", {"q": text}).status_code == 200
