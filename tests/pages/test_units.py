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
