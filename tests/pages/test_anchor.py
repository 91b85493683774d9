from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(("persona", "status"), [("alice", 403), ("bob", 302), ("charlie", 403)])
def test_it_lets_only_a_leader_of_its_units_anchor_it(
    as_persona: Any, innovation: Any, bob: Any, persona: str, status: int
) -> None:
    response = as_persona(persona).post(f"{innovation.get_absolute_url()}forankre/")
    assert response.status_code == status
    innovation.refresh_from_db()
    assert (innovation.sponsor == bob) == (status == 302)


def test_it_sends_anonymous_visitors_to_sign_in(
    client: Any, innovation: Any, redirects_to_login: Any
) -> None:
    assert redirects_to_login(client.post(f"{innovation.get_absolute_url()}forankre/"))


def test_it_only_accepts_post(as_persona: Any, innovation: Any) -> None:
    assert as_persona("bob").get(f"{innovation.get_absolute_url()}forankre/").status_code == 405


def test_it_tells_the_leader_they_are_the_sponsor(
    as_persona: Any, innovation: Any, text_of: Any
) -> None:
    response = as_persona("bob").post(f"{innovation.get_absolute_url()}forankre/", follow=True)
    text = text_of(response)
    assert "Du har forankret innovasjonen" in text
    assert "Forankret hos Bob Berg" in text
