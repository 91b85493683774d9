from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie"])
def test_it_lets_any_signed_in_person_celebrate_once(
    as_persona: Any, innovation: Any, persona: str, text_of: Any
) -> None:
    client = as_persona(persona)
    url = f"{innovation.get_absolute_url()}heia/"
    assert "Takk for heiaropet" in text_of(client.post(url, follow=True))
    again = client.post(url, follow=True)
    assert "Du har allerede heiet på denne innovasjonen" in text_of(again)
    assert innovation.kudos.count() == 1


def test_it_sends_anonymous_visitors_to_sign_in(
    client: Any, innovation: Any, redirects_to_login: Any
) -> None:
    assert redirects_to_login(client.post(f"{innovation.get_absolute_url()}heia/"))
    assert not innovation.kudos.exists()


def test_it_does_not_let_outsiders_celebrate_a_draft_they_cannot_see(
    as_persona: Any, draft: Any
) -> None:
    assert as_persona("charlie").post(f"{draft.get_absolute_url()}heia/").status_code == 404


def test_it_refuses_kudos_on_a_draft(as_persona: Any, draft: Any, text_of: Any) -> None:
    response = as_persona("alice").post(f"{draft.get_absolute_url()}heia/")
    assert response.status_code == 403
    assert "Du kan bare heie på publiserte innovasjoner" in text_of(response)  # the service's
    assert not draft.kudos.exists()


def test_it_swaps_in_the_new_count_for_htmx(as_persona: Any, innovation: Any, text_of: Any) -> None:
    response = as_persona("charlie").post(
        f"{innovation.get_absolute_url()}heia/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.content.decode().startswith('<section id="kudos"')
    text = text_of(response)
    assert "1 kollega har heiet på dette" in text
    assert "Hei på dette!" not in text  # the button is gone
