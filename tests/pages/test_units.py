from __future__ import annotations

from typing import Any


def test_it_lists_the_innovations_of_the_unit_and_its_sub_units(
    client: Any, unit: Any, home: Any, innovation: Any, draft: Any, text_of: Any
) -> None:
    response = client.get(f"/enheter/{unit.key}/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Testvik kommune" in text
    assert "1 innovasjon her og i underenhetene" in text
    assert "Mobil røntgen" in text
    assert "Nattevakt-appen" not in text  # a draft
    assert "Underenheter Testvik sykehjem" in text


def test_it_shows_the_way_up_the_tree(client: Any, home: Any, text_of: Any) -> None:
    response = client.get(f"/enheter/{home.key}/")
    assert b'href="/enheter/kommune-9999/"' in response.content
    assert "Sykehjem" in text_of(response)


def test_it_says_when_the_unit_does_not_exist(client: Any, db: None) -> None:
    assert client.get("/enheter/finnes-ikke/").status_code == 404


def test_it_suggests_matching_units_to_anyone(client: Any, unit: Any, home: Any) -> None:
    response = client.get("/enheter/forslag/", {"q": "TESTVIK syke"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="option"') == 1
    assert f'data-value="{home.pk}"' in html
    assert "Testvik sykehjem (sykehjem, Testvik kommune)" in html


def test_it_suggests_at_most_ten_units_names_starting_with_the_text_first(
    client: Any, unit: Any
) -> None:
    from sokkel.units.models import Unit

    for number in range(12):
        Unit.objects.create(key=f"skole-{number}", name=f"Skole {number} i Testvik", kind="school")
    html = client.get("/enheter/forslag/", {"q": "testvik"}).content.decode()
    assert html.count('role="option"') == 10
    assert html.index("Testvik kommune") < html.index("Skole 0 i Testvik")


def test_it_suggests_nothing_for_nothing_or_no_match(client: Any, unit: Any) -> None:
    assert b"option" not in client.get("/enheter/forslag/", {"q": " "}).content
    assert b"option" not in client.get("/enheter/forslag/", {"q": "atlantis"}).content


def test_it_suggests_units_with_their_kinds_in_the_chosen_language(client: Any, home: Any) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/enheter/forslag/", {"q": "testvik sykehjem"}).content.decode()
    assert "Testvik sykehjem (nursing home, Testvik kommune)" in html
